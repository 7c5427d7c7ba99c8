"""Stats and charts hold together for any valid workout (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

from ridec.charts.svg import workout_chart
from ridec.charts.terminal import terminal_chart
from ridec.model import TargetKind, Workout
from ridec.stats import percent_curve, workout_stats
from ridec.timeline import lower
from tests.property.strategies import workouts

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(workouts(ftp=True))
def test_figures_are_consistent(workout: Workout) -> None:
    timeline = lower(workout)
    stats = workout_stats(timeline)
    assert stats.duration_s == sum(s.duration_s or 0 for s in timeline.steps)
    assert stats.targeted_s + stats.untargeted_s == stats.duration_s
    assert stats.zone_s is not None
    assert sum(stats.zone_s) == stats.targeted_s
    assert stats.standing_s <= stats.duration_s
    assert sum(c.seconds for c in stats.cadence_s) + stats.no_cadence_s == stats.duration_s
    curve = [v for v in percent_curve(timeline) if v is not None]
    if not curve:
        assert stats.normalized_percent is None
        return
    assert stats.normalized_percent is not None
    assert stats.intensity_factor is not None
    # NP averages 30-s means, each between the curve's extremes.
    assert min(curve) - 1e-9 <= stats.normalized_percent <= max(curve) + 1e-9
    assert stats.tss == pytest.approx(stats.targeted_s / 3600 * stats.intensity_factor**2 * 100)
    assert stats.ftp is not None
    assert stats.average_watts == pytest.approx((stats.average_percent or 0) * stats.ftp / 100)


@SETTINGS
@given(workouts())
def test_svg_is_well_formed_with_one_band_per_step(workout: Workout) -> None:
    timeline = lower(workout)
    root = etree.fromstring(workout_chart(timeline).encode("utf-8"))
    bands = [e for e in root.iter() if "step" in str(e.get("class", "")).split()]
    assert len(bands) == len(timeline.steps)
    kinds = [next(c for c in str(e.get("class")).split() if c.startswith("step-")) for e in bands]
    laps = sum(s.duration_s is None for s in timeline.steps)
    maxima = sum(
        s.target.kind is TargetKind.MAX and s.duration_s is not None for s in timeline.steps
    )
    assert kinds.count("step-lap") == laps
    assert kinds.count("step-max") == maxima


@SETTINGS
@given(workouts())
def test_terminal_chart_fits_its_width(workout: Workout) -> None:
    text = terminal_chart(lower(workout), width=60, height=6).plain
    assert all(len(line) <= 60 for line in text.split("\n"))
