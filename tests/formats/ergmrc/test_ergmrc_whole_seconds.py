"""Courses with times between whole seconds: the reader's steps keep the file's power at every
whole second and never leave the values the file takes (issue 13, "without overshoot").

The oracle reads the rows itself: the target is linear between rows, and at a level change
the later row holds from that time on, so the value at second `n` is the row line holding
`n` (a level change between seconds shows from the next one).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ridec.formats.base import CompileOptions, Fidelity
from ridec.formats.ergmrc.reader import read, read_course
from ridec.formats.ergmrc.reader_curve import MERGE_TOLERANCE
from ridec.formats.ergmrc.writer import ErgWriter
from ridec.model import Node, Step, Target, Workout
from ridec.timeline import lower

SHAPES = Path(__file__).parent / "shapes"
HEADER = "[COURSE HEADER]\nFTP = 250\nMINUTES WATTS\n[END COURSE HEADER]\n"
Row = tuple[float, float]
"""(seconds, watts)."""


def course(rows: Sequence[tuple[str, float]]) -> bytes:
    """An ERG file with rows of (minutes as written, watts)."""
    data = "".join(f"{minutes}\t{watts:.10g}\n" for minutes, watts in rows)
    return (HEADER + f"[COURSE DATA]\n{data}[END COURSE DATA]\n").encode()


def rows_of(data: bytes) -> list[Row]:
    """The data rows of an ERG file in seconds, straight from the text."""
    text = data.decode()
    body = text[text.index("[COURSE DATA]") + 13 : text.index("[END COURSE DATA]")]
    found = []
    for line in body.split("\n"):
        if line.strip():
            minutes, value = line.split()[:2]
            found.append((float(minutes) * 60, float(value)))
    return found


def file_value(rows: Sequence[Row], second: float) -> float:
    """The file's target at `second`: the later row at a repeated time, linear between."""
    times = [t for t, _ in rows]
    index = max(0, bisect.bisect_right(times, second + 1e-6) - 1)
    if index + 1 >= len(rows):
        return rows[-1][1]
    (t0, v0), (t1, v1) = rows[index], rows[index + 1]
    return v0 if t1 <= t0 else v0 + (v1 - v0) * (second - t0) / (t1 - t0)


def model_curve(workout: Workout) -> list[float]:
    """The power at each whole second of what the reader made (its steps, sampled)."""
    curve: list[float] = []
    for step in lower(workout).steps:
        levels = step.watts(250)
        assert levels is not None and step.duration_s is not None
        slope = (levels.end - levels.start) / step.duration_s
        curve.extend(levels.start + slope * offset for offset in range(step.duration_s))
    return curve


def step_values(workout: Workout) -> list[float]:
    """Every value a step of the model starts or ends at."""
    values = []
    for step in lower(workout).steps:
        levels = step.watts(250)
        assert levels is not None
        values += [levels.start, levels.end]
    return values


def written_erg(workout: Workout) -> bytes:
    return ErgWriter().render(lower(workout), CompileOptions(), Fidelity("erg"))


# The example: a 20 s ramp 140 -> 419 W between times 0.29 s short of whole seconds
# (0.0119 min is 0.714 s, 0.3452 min is 20.712 s), then down again and level.
HILL = [("0", 140), ("0.0119", 140), ("0.3452", 419), ("0.6785", 140), ("1", 140)]


def test_a_ramp_to_a_peak_between_seconds_is_not_written_past_the_peak() -> None:
    workout = read(course(HILL), "hill.erg")
    assert max(step_values(workout)) <= 419
    assert min(step_values(workout)) >= 140
    # Before, the ramp kept its slope to the next second and was written up to 423 W; now
    # the highest row is the file's own value at the whole second after the peak.
    assert max(v for _, v in rows_of(written_erg(workout))) == round(
        file_value(rows_of(course(HILL)), 21)
    )


def _shape(node: Node) -> tuple[object, float, float | None]:
    """A step as (seconds, start, end or None when steady)."""
    assert isinstance(node, Step) and isinstance(node.target, Target)
    low, high = node.target.low, node.target.high
    assert low is not None
    return (node.duration, low.value, high.value if high else None)


def test_the_peak_second_joins_the_two_sides_in_one_second() -> None:
    shape = [_shape(node) for node in read(course(HILL), "hill.erg").body]
    # 140 W until 0.714 s, up to 419 W at 20.712 s, down to 140 W at 40.71 s, then level:
    # every whole second holds the file's own value, the seconds holding a turn are joins.
    assert shape == [
        (1, 140.0, 143.99),
        (19, 143.99, 409.07),
        (1, 409.07, 414.98),
        (19, 414.98, 149.91),
        (1, 149.91, 140.0),
        (19, 140.0, None),
    ]


def test_the_hill_keeps_the_files_power_at_every_whole_second() -> None:
    data = course(HILL)
    workout = read(data, "hill.erg")
    curve = model_curve(workout)
    assert len(curve) == 60
    for second, value in enumerate(curve):
        assert abs(value - file_value(rows_of(data), second)) <= 0.005


def test_a_level_change_between_seconds_shows_from_the_next_second() -> None:
    # 0.255 min is 15.3 s: second 15 is still at 100 W in the file, so the change is at 16.
    data = course([("0", 100), ("0.255", 100), ("0.255", 300), ("0.5", 300)])
    workout = read(data, "level.erg")
    assert model_curve(workout)[15] == 100
    assert model_curve(workout)[16] == 300


def test_the_reader_says_where_times_fall_between_seconds() -> None:
    found = read_course(course(HILL), "hill.erg").diagnostics
    assert [d.render().splitlines()[0] for d in found] == [
        "hill.erg:7:1: warning: a time between whole seconds: steps start and end on whole "
        "seconds (and 2 more rows)"
    ]


def test_our_hilly_fixture_keeps_every_second_and_its_range() -> None:
    data = (SHAPES / "hilly.erg").read_bytes()
    rows = rows_of(data)
    workout = read(data, "hilly.erg")
    curve = model_curve(workout)
    assert len(curve) == round(rows[-1][0])
    assert all(abs(v - file_value(rows, s)) <= MERGE_TOLERANCE + 0.005 for s, v in enumerate(curve))
    low, high = min(v for _, v in rows), max(v for _, v in rows)
    assert all(low <= v <= high for v in step_values(workout))


@st.composite
def hilly_courses(draw: st.DrawFn) -> list[tuple[str, float]]:
    """Rows at two-decimal minutes (0.6 s apart at best), with level changes among them."""
    rows: list[tuple[str, float]] = [("0", float(draw(st.integers(50, 500))))]
    hundredths = 0
    for _ in range(draw(st.integers(1, 25))):
        if draw(st.integers(0, 3)) == 0:  # a level change: a second row at the same time
            rows.append((rows[-1][0], float(draw(st.integers(50, 500)))))
        hundredths += draw(st.integers(1, 60))
        rows.append(
            (f"{hundredths // 100}.{hundredths % 100:02d}", float(draw(st.integers(50, 500))))
        )
    return rows


@settings(max_examples=150)
@given(hilly_courses())
def test_every_whole_second_keeps_the_files_power_and_no_value_leaves_its_range(
    rows: list[tuple[str, float]],
) -> None:
    data = course(rows)
    read_rows = rows_of(data)
    workout = read(data, "random.erg")
    curve = model_curve(workout)
    for second, value in enumerate(curve):
        # The rule is 0.5 W; joining near-collinear rows uses at most a quarter.
        assert abs(value - file_value(read_rows, second)) <= MERGE_TOLERANCE + 0.005
    low, high = min(v for _, v in read_rows), max(v for _, v in read_rows)
    assert all(low <= v <= high for v in step_values(workout))
    written = rows_of(written_erg(workout))
    assert all(low <= v <= high for _, v in written)
    assert all(abs(t - round(t)) < 0.005 for t, _ in written)


def test_an_interval_starting_between_seconds_names_the_step_that_starts_there() -> None:
    # TrainerRoad's intervals are in seconds: "B" starts at 30.3 s, where the level changes,
    # and the step it names starts at 31 s (second 30 is still at 100 W).
    data = course([("0", 100), ("0.505", 100), ("0.505", 200), ("1", 200)]).decode()
    data += "[INTERVAL DATA]\n0\t30.3\tA\n30.3\t60\tB\n[END INTERVAL DATA]\n"
    workout = read(data.encode(), "named.erg")
    steps = [n for n in workout.body if isinstance(n, Step)]
    assert [(s.duration, s.label, s.cues) for s in steps] == [(31, "A", ()), (29, "B", ())]


def test_a_value_computed_on_a_slope_keeps_its_whole_watt_rounding() -> None:
    # The ramp starts at 0.3 s; at 1 s it is at 105.496 W. Kept as 105.5 it would be written
    # 106 W (half up), half a watt off; 105.49 is written 105 W, as 105.496 rounds.
    rows = [("0", 100), ("0.005", 100), ("0.005", 100), ("0.105", 147.1086), ("0.2", 147.1086)]
    workout = read(course(rows), "slope.erg")
    assert [_shape(node) for node in workout.body] == [
        (1, 100.0, 105.49),
        (5, 105.49, 144.75),
        (1, 144.75, 147.1086),
        (5, 147.1086, None),
    ]
    second, watts = rows_of(written_erg(workout))[1]
    assert (round(second), watts) == (1, 105.0)
