"""The days a plan's sessions land on, and external ids that stay the same."""

from __future__ import annotations

import datetime as dt

from ridec.delivery.base import Delivery
from ridec.delivery.schedule import in_turns, sessions

MONDAY = dt.date(2026, 5, 4)


def planned(stem: str, week: int, count: int, source: str = "plans/p.plan") -> Delivery:
    return Delivery(source, f"p/week-{week:02d}/{stem}", stem, "zwo", b"", week, count)


def test_sessions_take_turns_and_spread_over_the_week() -> None:
    week = [planned("iso", 1, 2), planned("stand", 1, 3)]
    assert [(d.stem[-5:], n) for d, n in in_turns(week)] == [
        ("1/iso", 1),
        ("stand", 1),
        ("1/iso", 2),
        ("stand", 2),
        ("stand", 3),
    ]
    days = [s.day.day for s in sessions(week, MONDAY, "i1")]
    assert days == [4, 5, 6, 8, 9]


def test_seven_sessions_take_every_day_and_fourteen_two_a_day() -> None:
    seven = sessions([planned("a", 1, 7)], MONDAY, "i1")
    assert [s.day.weekday() for s in seven] == list(range(7))
    fourteen = sessions([planned("a", 1, 7), planned("b", 1, 7)], MONDAY, "i1")
    assert [s.day.weekday() for s in fourteen] == [d for d in range(7) for _ in (0, 1)]


def test_week_n_starts_seven_days_after_week_n_minus_one() -> None:
    found = sessions([planned("a", 1, 1), planned("a", 3, 1)], dt.date(2026, 5, 6), "i1")
    assert [s.day for s in found] == [dt.date(2026, 5, 6), dt.date(2026, 5, 20)]


def test_a_single_workout_lands_on_the_start_day() -> None:
    single = Delivery("w.ride", "w", "W", "zwo", b"")
    (session,) = sessions([single], MONDAY, "i1")
    assert (session.day, session.number) == (MONDAY, 1)


def test_external_ids_depend_on_athlete_source_week_and_session_not_content() -> None:
    def ids(deliveries: list[Delivery], athlete: str = "i1", start: dt.date = MONDAY) -> list[str]:
        return [s.external_id for s in sessions(deliveries, start, athlete)]

    week = [planned("a", 1, 2)]
    edited = [Delivery("plans/p.plan", "p/week-01/a", "a", "zwo", b"changed", 1, 2)]
    assert ids(edited) == ids(week)
    assert ids(week, start=dt.date(2026, 6, 1)) == ids(week)  # a plan keeps them when moved
    assert ids(week, athlete="i2") != ids(week)
    assert ids([planned("a", 2, 2)]) != ids(week)
    assert len(set(ids(week))) == 2
    assert ids([planned("a", 1, 2, source="other/p.plan")]) == ids(week)  # the file's name
    single = [Delivery("w.ride", "w", "W", "zwo", b"")]
    assert ids(single) == ids(single, start=MONDAY + dt.timedelta(days=6))  # same ISO week
    assert ids(single) != ids(single, start=MONDAY + dt.timedelta(days=7))
