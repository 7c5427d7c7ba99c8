"""The curve kept step by step gives the very floats of the per-second definitions.

`workout_stats` no longer lists every second; these tests hold it to the per-second
reference (`stats.normalized_power`, `stats.zone_seconds`, `math.fsum` over `percent_curve`)
with `==`, not approximately: the figures ridec shows and writes must not move by a bit.
"""

from __future__ import annotations

import dataclasses
import math

from bench.generate import generate
from hypothesis import given, settings
from hypothesis import strategies as st

from ridec.language import bind, parse
from ridec.stats import (
    ZONE_TOPS,
    WorkoutStats,
    _np_watts_to_whole,
    normalized_power,
    percent_curve,
    watts_curve,
    workout_stats,
    zone_seconds,
)
from ridec.stepcurve import StepCurve
from ridec.timeline import Timeline, lower

Step = tuple[float, float, int]
"""(start, end, seconds): a steady step when start == end."""

levels = st.one_of(
    st.sampled_from([0.0, 55.0, 75.0, 90.0, 105.0, 120.0, 150.0]),  # on the zone tops
    st.floats(0, 400, allow_nan=False).map(lambda x: round(x, 1)),
    st.floats(0, 2000, allow_nan=False),
)
steps = st.lists(st.tuples(levels, levels, st.integers(1, 400)), min_size=0, max_size=25)
repeated = st.tuples(steps, st.integers(1, 4)).map(lambda pair: pair[0] * pair[1])


def _both(plan: list[Step]) -> tuple[StepCurve, list[float]]:
    """The curve step by step, and the same seconds as `step_curve` lists them."""
    curve, seconds = StepCurve(), []
    for start, end, length in plan:
        slope = (end - start) / length
        if slope == 0:
            curve.add_steady(start + 0.0, length)
            seconds += [start + 0.0] * length
        else:
            values = [start + slope * (k + 0.5) for k in range(length)]
            curve.add_values(values)
            seconds += values
    return curve, seconds


@settings(max_examples=300, deadline=None)
@given(repeated)
def test_step_curve_figures_equal_the_per_second_definitions(plan: list[Step]) -> None:
    curve, seconds = _both(plan)
    assert curve.seconds == len(seconds)
    assert curve.values(0, len(seconds)) == seconds
    assert curve.values(7, 40) == seconds[7:47]
    assert curve.fsum() == math.fsum(seconds)
    assert curve.normalized_power() == normalized_power(seconds)
    assert tuple(curve.zone_seconds(ZONE_TOPS)) == zone_seconds(seconds)


def test_long_steady_stretches_keep_the_rolling_sum_exact() -> None:
    """Hours at one value, then a short ramp and back: the repeated means are counted
    exactly (a count times a value, split in two floats for fsum)."""
    plan: list[Step] = [(87.3, 87.3, 20_000), (87.3, 133.1, 17), (87.3, 87.3, 30_001)]
    plan += [(0.1, 0.1, 3), (1e-7, 1e-7, 9_999)]
    curve, seconds = _both(plan)
    assert curve.normalized_power() == normalized_power(seconds)
    assert curve.fsum() == math.fsum(seconds)


def _reference(timeline: Timeline, targeted: int) -> tuple[object, ...]:
    """The figures as the per-second definitions give them (None where some targeted second
    has no number in that unit)."""
    percents = [v for v in percent_curve(timeline) if v is not None]
    watts = [v for v in watts_curve(timeline) if v is not None]
    pct = len(percents) == targeted
    w = len(watts) == targeted
    return (
        normalized_power(percents) if pct else None,
        normalized_power(watts) if w else None,
        math.fsum(percents) / len(percents) if pct and percents else None,
        math.fsum(watts) / len(watts) if w and watts else None,
        math.fsum(watts) / 1000.0 if w and watts else None,
        zone_seconds(percents) if pct else None,
    )


def _figures(stats: WorkoutStats) -> tuple[object, ...]:
    return (
        stats.normalized_percent,
        stats.normalized_watts,
        stats.average_percent,
        stats.average_watts,
        stats.work_kj,
        stats.zone_s,
    )


def test_workout_stats_equal_the_per_second_figures_on_generated_workouts() -> None:
    both = 0
    for stem, source in generate(60, seed=15):
        for ftp in (None, 250):
            timeline = lower(bind(parse(source, f"{stem}.ride"), None), ftp)
            stats = workout_stats(timeline)
            assert _figures(stats) == _reference(timeline, stats.targeted_s), stem
            both += stats.normalized_percent is not None and stats.normalized_watts is not None
    assert both >= 30  # with an FTP, every generated workout has both


def test_cards_whole_watts_np_rounds_as_the_figure_on_generated_workouts() -> None:
    """The card's NP in watts (converted from NP in % FTP when proven to round the same) shows
    the whole watts of the figure; every other figure is the very same."""
    for stem, source in generate(80, seed=23):
        for ftp in (None, 187, 250, 333):
            timeline = lower(bind(parse(source, f"{stem}.ride"), None), ftp)
            exact = workout_stats(timeline)
            card = workout_stats(timeline, whole_np_watts=True)
            assert dataclasses.replace(card, normalized_watts=exact.normalized_watts) == exact
            if exact.normalized_watts is None:
                assert card.normalized_watts is None
            else:
                assert card.normalized_watts is not None
                assert f"{card.normalized_watts:.0f}" == f"{exact.normalized_watts:.0f}", stem


def test_cards_whole_watts_np_near_a_half_watt_is_the_figure_itself() -> None:
    """50 % of an FTP of 201 W converts to 100.5 W, a half watt: no bound can say which way
    the figure rounds, so it is computed from the watts curve."""
    percents, watts = StepCurve(), StepCurve()
    percents.add_steady(50.0, 600)
    watts.add_steady(50.0 * 201 / 100.0, 600)
    np_pct = percents.normalized_power()
    assert np_pct is not None and np_pct * 201 / 100.0 == 100.5
    assert _np_watts_to_whole(percents, watts, np_pct, 201) == watts.normalized_power()
    # Far from a half watt the conversion is taken and the watts curve is not read: a
    # (deliberately inconsistent) curve at 125.3 W shows it.
    stray = StepCurve()
    stray.add_steady(125.3, 600)
    assert _np_watts_to_whole(percents, stray, 50.0, 250) == 125.0
