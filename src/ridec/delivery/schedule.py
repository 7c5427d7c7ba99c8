"""The calendar days workouts land on, and the ids that let a second push update them.

A single workout lands on the start day. A plan lands week by week: week N starts
`7 * (N - 1)` days after the start day, and the week's sessions are spread over its seven
days. The sessions are taken in turns, one of each workout of the week in the plan's order,
then the second of each that has two, and so on (2 x isolated-stroke and 3 x standing:
isolated, standing, isolated, standing, standing); session `i` of `n` falls on day
`floor(i * 7 / n)` of the week, so 5 sessions land on days 0, 1, 2, 4 and 5 (Monday,
Tuesday, Wednesday, Friday and Saturday from a Monday) and 7 or fewer never share a day.

An event's `external_id` is a hash of the athlete, the source's file name, the week (the
plan's week number, or the ISO week of the day for a single workout), the workout and the
session: the same source pushed again to the same athlete updates its events (moving them
when `--start` changed) instead of adding copies. intervals.icu matches external ids only
among the events ridec created.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from pathlib import PurePath

from ridec.delivery.base import Delivery
from ridec.records import record

DAYS_PER_WEEK = 7
EXTERNAL_ID_PREFIX = "ridec-"
"""Marks the events ridec made, for people reading the calendar's data."""
EXTERNAL_ID_HEX = 24
"""Hex digits of the hash: 96 bits, no two of a coach's events ever share one."""


@record
class Session:
    """One workout on one day of the calendar."""

    delivery: Delivery
    """The workout."""
    day: dt.date
    """The day it lands on."""
    number: int
    """Which of the week's sessions of this workout it is (1 for a single workout)."""
    external_id: str
    """Stable for the same athlete, source, week, workout and session."""


def sessions(deliveries: Sequence[Delivery], start: dt.date, athlete: str) -> list[Session]:
    """Every session of every delivery, on its day, in the order they land."""
    found: list[Session] = []
    weeks: dict[tuple[str, int], list[Delivery]] = {}
    for delivery in deliveries:
        if delivery.week is None:
            tag = _iso_week(start)
            found.append(Session(delivery, start, 1, external_id(athlete, delivery, tag, 1)))
        else:
            weeks.setdefault((delivery.source, delivery.week), []).append(delivery)
    for (_, week), week_deliveries in weeks.items():
        first_day = start + dt.timedelta(days=DAYS_PER_WEEK * (week - 1))
        turns = in_turns(week_deliveries)
        for index, (delivery, number) in enumerate(turns):
            day = first_day + dt.timedelta(days=index * DAYS_PER_WEEK // len(turns))
            key = external_id(athlete, delivery, f"plan-week-{week}", number)
            found.append(Session(delivery, day, number, key))
    return sorted(found, key=lambda session: session.day)  # stable: a day keeps its order


def in_turns(week: Sequence[Delivery]) -> list[tuple[Delivery, int]]:
    """The week's sessions taking turns: the first of each workout, then the second ..."""
    most = max((d.sessions for d in week), default=0)
    return [(d, turn) for turn in range(1, most + 1) for d in week if turn <= d.sessions]


def external_id(athlete: str, delivery: Delivery, week: str, number: int) -> str:
    """`ridec-` and a hash of what identifies the session (never of its content, so an
    edited workout updates its events)."""
    parts = (athlete, PurePath(delivery.source).name, week, delivery.stem, str(number))
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogateescape"))
    return EXTERNAL_ID_PREFIX + digest.hexdigest()[:EXTERNAL_ID_HEX]


def _iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
