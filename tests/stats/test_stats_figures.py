"""Stats against values computed by hand for small workouts."""

from __future__ import annotations

import math

import pytest

from ridec.model import FREE, MAX, Flag
from ridec.stats import normalized_power, percent_curve, workout_stats, zone_of
from ridec.timeline import lower
from tests.stats.stats_builders import (
    MINUTE,
    pct,
    pct_ramp,
    pct_range,
    standing_workout,
    step,
    timeline,
    watts,
)


def test_twenty_minutes_at_80_percent() -> None:
    stats = workout_stats(timeline(step(20 * MINUTE, pct(80)), ftp=250))
    assert stats.duration_s == 1200
    assert stats.average_percent == pytest.approx(80.0)
    assert stats.normalized_percent == pytest.approx(80.0)
    assert stats.intensity_factor == pytest.approx(0.80)
    # 1/3 h x 0.8^2 x 100 = 21.33
    assert stats.tss == pytest.approx(21.333, abs=0.001)
    assert round(stats.tss or 0.0, 1) == 21.3
    assert stats.average_watts == pytest.approx(200.0)
    # 200 W for 1200 s = 240 kJ
    assert stats.work_kj == pytest.approx(240.0)
    assert stats.zone_s == (0, 0, 1200, 0, 0, 0, 0)


def test_normalized_power_of_two_levels() -> None:
    # 10 min at 50 % then 10 min at 100 %: 1171 full 30-s windows; 571 average 50 %,
    # 571 average 100 %, and the 29 straddling the change average 50 % x (1 + j/30).
    straddling = sum((50 * (1 + j / 30)) ** 4 for j in range(1, 30))
    expected = ((571 * 50**4 + 571 * 100**4 + straddling) / 1171) ** 0.25
    assert expected == pytest.approx(85.2256, abs=1e-4)
    stats = workout_stats(
        timeline(step(10 * MINUTE, pct(50)), step(10 * MINUTE, pct(100)), ftp=200)
    )
    assert stats.average_percent == pytest.approx(75.0)
    assert stats.normalized_percent == pytest.approx(expected)
    assert stats.normalized_watts == pytest.approx(expected * 2)
    assert stats.intensity_factor == pytest.approx(expected / 100)
    assert stats.tss == pytest.approx(1200 / 3600 * (expected / 100) ** 2 * 100)


def test_normalized_power_edge_cases() -> None:
    assert normalized_power([]) is None
    # Shorter than one window: one window of its own length, so the plain mean.
    assert normalized_power([100.0, 200.0]) == pytest.approx(150.0)
    assert normalized_power([120.0] * 30) == pytest.approx(120.0)


def test_range_counts_as_midpoint_and_ramp_is_linear() -> None:
    stats = workout_stats(timeline(step(600, pct_range(75, 85)), ftp=None))
    assert stats.average_percent == pytest.approx(80.0)
    ramp = percent_curve(timeline(step(4, pct_ramp(50, 70))))
    # Sampled at the middle of each second: 50 + 20 x (k + 0.5) / 4.
    assert ramp == pytest.approx([52.5, 57.5, 62.5, 67.5])
    stats = workout_stats(timeline(step(600, pct_ramp(50, 70))))
    assert stats.average_percent == pytest.approx(60.0)


def test_zone_boundaries() -> None:
    # Each zone's upper bound belongs to it; anything above it is the next zone.
    expected = {0: 1, 55: 1, 55.4: 2, 56: 2, 75: 2, 76: 3, 90: 3, 90.5: 4, 105: 4}
    expected |= {106: 5, 120: 5, 121: 6, 150: 6, 150.5: 7, 400: 7}
    assert {p: zone_of(p) for p in expected} == expected


def test_zone_times() -> None:
    stats = workout_stats(
        timeline(
            step(60, pct(55)),
            step(120, pct(56)),
            step(180, pct(90)),
            step(240, pct(105)),
            step(30, pct(106)),
            step(45, pct(150)),
            step(15, pct(151)),
            step(100, FREE),
            step(20, MAX),
            # Ramp 50 -> 70 % over 200 s: samples 50 + 0.1 (k + 0.5) <= 55 for k = 0..49.
            step(200, pct_ramp(50, 70)),
        )
    )
    assert stats.zone_s == (60 + 50, 120 + 150, 180, 240, 30, 45, 15)
    assert stats.untargeted_s == 120
    assert stats.targeted_s == stats.duration_s - 120


def test_free_ride_and_max_are_excluded_from_power_figures() -> None:
    stats = workout_stats(
        timeline(step(10 * MINUTE, FREE), step(20 * MINUTE, pct(80)), step(30, MAX), ftp=250)
    )
    assert stats.duration_s == 1830
    assert stats.untargeted_s == 630
    assert stats.targeted_s == 1200
    assert stats.intensity_factor == pytest.approx(0.80)
    assert stats.tss == pytest.approx(21.333, abs=0.001)
    assert stats.average_watts == pytest.approx(200.0)


def test_lap_steps_count_zero_seconds() -> None:
    stats = workout_stats(timeline(step(None, pct(50)), step(300, pct(60))))
    assert stats.lap_steps == 1
    assert stats.duration_s == 300
    assert stats.average_percent == pytest.approx(60.0)


def test_units_without_ftp() -> None:
    in_watts = workout_stats(timeline(step(600, watts(200)), step(600, watts(100))))
    assert in_watts.average_watts == pytest.approx(150.0)
    assert in_watts.work_kj == pytest.approx(180.0)
    assert in_watts.average_percent is None
    assert in_watts.intensity_factor is None
    assert in_watts.tss is None
    assert in_watts.zone_s is None
    in_percent = workout_stats(timeline(step(600, pct(70))))
    assert in_percent.work_kj is None
    assert in_percent.average_watts is None
    assert in_percent.intensity_factor == pytest.approx(0.7)
    mixed = workout_stats(timeline(step(600, pct(70)), step(600, watts(100))))
    assert mixed.average_percent is None
    assert mixed.average_watts is None
    with_ftp = workout_stats(timeline(step(600, pct(70)), step(600, watts(100)), ftp=200))
    assert with_ftp.average_percent == pytest.approx(60.0)


def test_technique_and_cadence_times() -> None:
    stats = workout_stats(lower(standing_workout()))
    assert stats.standing_s == 3 * 120
    assert stats.upstroke_s == 300
    assert stats.downstroke_s == 300
    found = {(c.cadence.low, c.cadence.high): c.seconds for c in stats.cadence_s}
    assert found == {(50, 60): 360, (90, 90): 540, (60, 70): 600}
    assert [c.text for c in stats.cadence_s] == ["50-60 rpm", "90 rpm", "60-70 rpm"]
    assert stats.no_cadence_s == 600 + 120 + 30 + 480
    assert stats.lap_steps == 1
    assert stats.untargeted_s == 150


def test_json_names_every_figure() -> None:
    data = workout_stats(timeline(step(20 * MINUTE, pct(80), flags=(Flag.STANDING,)), ftp=250))
    figures = data.to_json()
    assert figures["tss"] == 21.3
    assert figures["intensity_factor"] == 0.8
    assert figures["zone_s"] == {f"z{n}": (1200 if n == 3 else 0) for n in range(1, 8)}
    assert figures["standing_s"] == 1200
    assert math.isclose(float(str(figures["work_kj"])), 240.0)
