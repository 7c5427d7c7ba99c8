"""Every figure of `balance` against rides whose pattern is known: equal within 0.01 points.

Indoor 50/50; outdoor 52 % for the first 30 minutes, 55 % at 70-80 rpm, 54 % after 40
minutes; each written in the three ways a balance reaches a file.
"""

from __future__ import annotations

import datetime as dt

import pytest

import ridec
from ridec.leftright.figures import Side
from ridec.leftright.report import BalanceReport
from ridec.leftright.ride import RideBalance, Setting
from ridec.leftright.sentences import sentences
from tests.leftright.balance_rides import (
    INDOOR,
    OUTDOOR,
    Byte,
    Part,
    counted,
    expected,
    pattern_ride,
)
from tests.review.review_rides import START

CLOSE = 0.01
"""Points: the issue asks for 0.1 %, the sums give far better."""
LATER = START + dt.timedelta(days=3)


def _one(data: bytes, **options: object) -> RideBalance:
    report = ridec.balance(("ride.fit", data), **options)  # type: ignore[arg-type]
    assert report.problems == ()
    (ride,) = report.rides
    return ride


@pytest.fixture(scope="module")
def both() -> BalanceReport:
    indoor = pattern_ride(INDOOR, outdoor=False, sub_sport="indoor_cycling")
    outdoor = pattern_ride(OUTDOOR, outdoor=True, start=LATER, sub_sport="road")
    return ridec.balance([("indoor.fit", indoor), ("outdoor.fit", outdoor)], 250)


def test_indoors_is_fifty_fifty_in_every_figure(both: BalanceReport) -> None:
    ride = both.rides[0]
    assert (ride.file, ride.setting, ride.setting_from, ride.side) == (
        "indoor.fit",
        Setting.INDOOR,
        "sub_sport",
        Side.LEFT,
    )
    figures = [ride.ride, ride.first_30, ride.after_40]
    figures += [b.figure for b in ride.by_minutes]
    figures += [b.figure for b in ride.by_cadence]
    figures += [z.figure for z in ride.by_power]
    assert all(f.share_pct == pytest.approx(50.0, abs=CLOSE) for f in figures)
    assert ride.ride.seconds == 3600 and ride.ride.spread_pct == pytest.approx(0.0, abs=CLOSE)
    assert [(b.from_min, b.to_min) for b in ride.by_minutes] == [
        (m, m + 10) for m in range(0, 60, 10)
    ]
    assert [(b.low, b.high, b.figure.seconds) for b in ride.by_cadence] == [(90, 100, 3600)]


@pytest.mark.parametrize("byte", [Byte.NAMED, Byte.HUNDREDTHS])
def test_outdoors_every_figure_is_the_pattern(byte: Byte) -> None:
    ride = _one(pattern_ride(OUTDOOR, outdoor=True, byte=byte), ftp=250)
    assert (ride.setting, ride.setting_from, ride.side) == (Setting.OUTDOOR, "positions", Side.LEFT)
    assert ride.ride.seconds == 90 * 60
    assert ride.ride.share_pct == pytest.approx(expected(OUTDOOR), abs=CLOSE)
    assert ride.first_30.share_pct == pytest.approx(52.0, abs=CLOSE)
    assert ride.first_30.seconds == 30 * 60
    assert ride.after_40.share_pct == pytest.approx(54.0, abs=CLOSE)
    assert ride.after_40.seconds == 50 * 60
    bins = {b.from_min: b.figure.share_pct for b in ride.by_minutes}
    assert bins == pytest.approx(
        {0: 52.0, 10: 52.0, 20: 52.0, 30: 55.0, 40: 54.0, 50: 54.0, 60: 54.0, 70: 54.0, 80: 54.0},
        abs=CLOSE,
    )
    bands = {(b.low, b.high): b.figure for b in ride.by_cadence}
    assert set(bands) == {(70, 80), (90, 100)}
    assert bands[(70, 80)].seconds == 600
    assert bands[(70, 80)].share_pct == pytest.approx(55.0, abs=CLOSE)
    at_90 = expected(OUTDOOR, lambda t, part: part.cadence == 90)
    assert bands[(90, 100)].seconds == counted(OUTDOOR, lambda t, part: part.cadence == 90)
    assert bands[(90, 100)].share_pct == pytest.approx(at_90, abs=CLOSE)
    # FTP 250: 200 W and 220 W are zone 3 (80 %, 88 %), 180 W zone 2 (72 %).
    zones = {z.zone: z for z in ride.by_power}
    assert [(z.zone, z.low_pct, z.high_pct) for z in ride.by_power] == [(2, 55, 75), (3, 75, 90)]
    assert zones[2].figure.share_pct == pytest.approx(55.0, abs=CLOSE)
    in_z3 = expected(OUTDOOR, lambda t, part: part.power != 180)
    assert zones[3].figure.share_pct == pytest.approx(in_z3, abs=CLOSE)


def test_a_balance_that_never_names_the_side_is_the_unnamed_legs_share() -> None:
    ride = _one(pattern_ride(OUTDOOR, outdoor=True, byte=Byte.UNNAMED))
    assert ride.side is Side.UNKNOWN
    # The bytes give 100 - left, of a leg they do not name.
    assert ride.ride.share_pct == pytest.approx(100.0 - expected(OUTDOOR), abs=CLOSE)
    assert ride.first_30.share_pct == pytest.approx(48.0, abs=CLOSE)
    document = ride_json(ride)
    assert (document["side"], document["left_pct"]) == ("unknown", None)
    assert document["unnamed_pct"] == pytest.approx(100.0 - expected(OUTDOOR), abs=CLOSE)


def ride_json(ride: RideBalance) -> dict[str, object]:
    from ridec.leftright.document import _ride_json

    return _ride_json(ride)


def test_rides_of_each_setting_are_pooled_and_said_in_sentences(both: BalanceReport) -> None:
    indoor, outdoor = both.setting(Setting.INDOOR), both.setting(Setting.OUTDOOR)
    assert (indoor.rides, outdoor.rides) == (1, 1)
    assert indoor.figure.share_pct == pytest.approx(50.0, abs=CLOSE)
    assert outdoor.figure.share_pct == pytest.approx(expected(OUTDOOR), abs=CLOSE)
    assert outdoor.first_30.share_pct == pytest.approx(52.0, abs=CLOSE)
    assert outdoor.after_40.share_pct == pytest.approx(54.0, abs=CLOSE)
    said = sentences(both)
    whole = f"{expected(OUTDOOR):.1f} %"
    assert said[0].startswith(
        f"Outdoors your left leg does {whole} of the work (1 ride, 1h30m counted"
    )
    assert ", indoors 50.0 % (1 ride, 1h counted" in said[0]
    assert "points apart, more than the spread of either's minute means." in said[0]
    assert "After 40 minutes outdoors it rises from 52.0 % (first 30 minutes) to 54.0 %." in said
    assert "Outdoors at 70-80 rpm it is 55.0 % (10m counted)." in said
    assert said[-1].endswith("single-sided power meters can be several percent off.")


def test_a_record_every_two_seconds_counts_for_two() -> None:
    ride = _one(pattern_ride(OUTDOOR, outdoor=True, every=2))
    assert ride.interval_s == 2
    assert ride.ride.seconds == 90 * 60
    assert ride.ride.share_pct == pytest.approx(expected(OUTDOOR), abs=CLOSE)
    assert ride.first_30.share_pct == pytest.approx(52.0, abs=CLOSE)
    assert "The file records every 2 s" in ride.notes[0]


def test_each_second_weighs_by_its_power() -> None:
    parts = (Part(10, 100, 90, 40.0), Part(10, 300, 90, 60.0))
    ride = _one(pattern_ride(parts, outdoor=True))
    # 40 % at 100 W and 60 % at 300 W: the work's share is 55 %, not the seconds' 50 %.
    assert ride.ride.share_pct == pytest.approx(55.0, abs=CLOSE)


def test_coasting_and_stopped_seconds_do_not_count() -> None:
    parts = (
        Part(5, 200, 90, 52.0),
        Part(5, 0, 0, 90.0),
        Part(5, 150, 0, 90.0),
        Part(5, 200, 90, 52.0),
    )
    ride = _one(pattern_ride(parts, outdoor=True))
    assert ride.ride.seconds == 600
    assert ride.ride.share_pct == pytest.approx(52.0, abs=CLOSE)


def test_where_the_setting_comes_from() -> None:
    assert _one(pattern_ride(INDOOR, outdoor=False)).setting_from == "no positions"
    virtual = _one(pattern_ride(INDOOR, outdoor=True, sub_sport="virtual_activity"))
    assert (virtual.setting, virtual.setting_from) == (Setting.INDOOR, "sub_sport")
    told = _one(pattern_ride(INDOOR, outdoor=False), setting="outdoor")
    assert (told.setting, told.setting_from) == (Setting.OUTDOOR, "--setting")


def test_the_ftp_comes_from_the_option_else_the_head_unit() -> None:
    data = pattern_ride(OUTDOOR, outdoor=True, ftp=200)
    assert _one(data).ftp == 200
    # At FTP 200: 180 W is 90 % (zone 3, whose top is inclusive), 200 W zone 4, 220 W zone 5.
    assert {z.zone: z.figure.seconds for z in _one(data).by_power} == {3: 600, 4: 1800, 5: 3000}
    assert _one(data, ftp=250).ftp == 250
    assert _one(pattern_ride(OUTDOOR, outdoor=True)).by_power == ()


def test_the_trend_across_rides_by_date() -> None:
    days_and_left = [(0, 51.0), (20, 52.0), (40, 53.0), (60, 54.0)]
    rides = [
        (
            f"r{day}.fit",
            pattern_ride(
                (Part(20, 200, 90, left),), outdoor=True, start=START + dt.timedelta(days=day)
            ),
        )
        for day, left in days_and_left
    ]
    report = ridec.balance(reversed(rides))
    assert [r.file for r in report.rides] == ["r0.fit", "r20.fit", "r40.fit", "r60.fit"]
    trend = report.setting(Setting.OUTDOOR).trend
    assert trend is not None
    assert trend.per_30_days == pytest.approx(1.5, abs=1e-6)
    assert trend.at_first == pytest.approx(51.0, abs=1e-6)
    assert trend.scatter_pct == pytest.approx(0.0, abs=1e-6)
    assert not trend.within_noise
    said = "Across 4 outdoor rides from 2024-05-01 to 2024-06-30 the left leg's share moves"
    assert any(s.startswith(f"{said} +1.5 points a month") for s in sentences(report))
    assert report.setting(Setting.INDOOR).trend is None
