"""Properties of the intervals.icu writer and reader over random workouts and texts.

The workouts come from the shared `tests/property/strategies.py`: nested repeats,
alternates, every target kind in % and watts, cadences, flags, labels and cues of awkward
text, lap steps. Written as intervals.icu text and read back, each gives the same 1 Hz
power curve, the same durations, cadences and intensities. Any text written as a step's
text reads back as that text; any text at all is read or refused with a diagnostic.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ridec.diagnostics import DiagnosticError
from ridec.formats.base import CompileOptions, Fidelity
from ridec.formats.icu.reader import read_icu
from ridec.formats.icu.stepline import split_step
from ridec.formats.icu.syntax import Line, escape_text
from ridec.formats.icu.writer import IcuWriter
from ridec.model import Workout
from ridec.stats import percent_curve, watts_curve
from ridec.timeline import Timeline, lower
from tests.property.strategies import workouts

FTP = 250
"""Both sides are lowered at one FTP: intervals.icu text carries no FTP of its own."""


def _shape(timeline: Timeline) -> list[tuple[object, ...]]:
    return [(s.duration_s, s.cadence, s.intensity) for s in timeline.steps]


@settings(max_examples=150, deadline=None)
@given(workouts())
def test_written_and_read_back_a_workout_keeps_its_1hz_curve(workout: Workout) -> None:
    before = lower(workout, FTP)
    data = IcuWriter().render(before, CompileOptions(), Fidelity("icu"))
    assert IcuWriter().validate(data) == []
    after = lower(read_icu(data, "w.icu").workout, FTP)
    assert percent_curve(after) == percent_curve(before)
    assert watts_curve(after) == watts_curve(before)
    assert _shape(after) == _shape(before)


TEXT = st.text(st.characters(codec="utf-8"), max_size=40)
VOCABULARY = st.sampled_from(
    [
        "10m",
        "30s",
        "1m30",
        "5'",
        '30"',
        "75%",
        "88-92%",
        "220w",
        "200-250w",
        "Z2",
        "Z3-Z4",
        "ramp",
        "50-75%",
        "freeride",
        "press",
        "lap",
        "90rpm",
        "85-95rpm",
        "HR",
        "LTHR",
        "Pace",
        "MMP",
        "5:00/km",
        "2km",
        "500mtr",
        "intensity=warmup",
        "4x",
        "Main",
        "Set",
        "Easy",
        "{i}",
        "-",
        "*",
        "",
        "\t",
        "x",
        "0m",
        "1000%",
        "Z9",
        "CZ1",
        "145bpm",
        "é",
        "\u2028",
        "90",
        "rpm",
        "rpm,",
        "W",
        "km",
        "miles",
        "315w",
        "330w",
        "95",
        "105%",
        "to",
        "33^Go",
        "60^30",
        "20^",
        "<!>",
        "a<!>b",
        "10m,",
        "90rmp",
    ]
)


def _reads_back_as_its_text(text: str) -> None:
    escaped = escape_text(" ".join(text.split()))
    parts = split_step(Line(1, 0, f"- {escaped} 10m 75%"))
    assert " ".join(w.text for w in parts.text) == escaped
    assert (parts.count, parts.after, parts.prompts) == (None, (), ())
    assert [v.word.text for v in parts.values] == ["10m", "75%"]


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_an_escaped_text_is_read_back_as_the_steps_whole_text(text: str) -> None:
    _reads_back_as_its_text(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(VOCABULARY, max_size=8).map(" ".join))
def test_an_escaped_text_of_syntax_words_is_read_back_as_the_steps_whole_text(text: str) -> None:
    _reads_back_as_its_text(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(VOCABULARY, max_size=6).map(" ".join), max_size=8))
def test_any_text_is_read_or_refused_with_located_diagnostics(lines: list[str]) -> None:
    data = "\n".join(f"- {line}" if i % 2 else line for i, line in enumerate(lines)).encode()
    try:
        read = read_icu(data, "w.icu")
    except DiagnosticError as exc:
        assert exc.diagnostics
        assert all(d.span is not None and d.render().startswith("w.icu:") for d in exc.diagnostics)
        return
    lower(read.workout, FTP)
