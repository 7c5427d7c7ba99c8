"""Properties of the `.ride` front end on generated programs and on fuzzed text.

Round trips: a generated model prints and parses back to itself; text spelled the way coaches
type parses (and binds) to the model it was spelled from; `fmt` is idempotent and keeps the
model. Fuzzing: arbitrary text and mutated valid files never raise anything but a
`DiagnosticError` whose spans lie inside the text (2,400 examples between the two).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ridec.diagnostics import DiagnosticError
from ridec.language import bind, decode, format_source, parse, print_workout
from ridec.language.bind import substitute
from ridec.limits import size_problems
from ridec.model import Workout
from tests.paths import WORKOUTS
from tests.property.strategies import sources, workouts

ROUND_TRIP = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ = settings(max_examples=800, deadline=None)

VALID = Path(__file__).parents[1] / "language" / "valid"
SEEDS = [
    decode(path.read_bytes(), path.name)
    for path in [*sorted(VALID.glob("*.ride")), *sorted(WORKOUTS.glob("*.ride"))]
]
"""Valid sources the mutation fuzzer starts from."""

_SYNTAX = ' \t\n\r"\\#:@$-%>=,{}0123456789abcdehilmnprstuwxzRPMW'
_PIECES = [
    "\n",
    "  ",
    "\t",
    '"',
    "\\",
    "#",
    ":",
    "@-",
    "$",
    "->",
    "-",
    "%",
    "w",
    "rpm",
    "x",
    "repeat ",
    "alternate:",
    "let ",
    "lap",
    "{i}",
    "0",
    "9" * 12,
    "é",
    "\r\n",
    "\ufeff",
]


@ROUND_TRIP
@given(workouts())
def test_printed_model_parses_back_to_itself(workout: Workout) -> None:
    printed = print_workout(workout)
    assert parse(printed) == workout
    assert bind(parse(printed)) == workout


@ROUND_TRIP
@given(sources())
def test_spelled_source_parses_to_its_model(pair: tuple[str, Workout]) -> None:
    text, workout = pair
    assert bind(parse(text)) == workout


@ROUND_TRIP
@given(sources())
def test_fmt_is_idempotent_and_keeps_the_model(pair: tuple[str, Workout]) -> None:
    text, _ = pair
    once = format_source(text)
    assert format_source(once) == once
    assert parse(once) == parse(text)


def check_only_diagnostics(text: str) -> None:
    """Parse `text`: a model or a DiagnosticError with spans inside the text, nothing else."""
    try:
        workout = parse(text, "fuzz.ride")
    except DiagnosticError as error:
        assert error.diagnostics
        for diagnostic in error.diagnostics:
            assert diagnostic.render()
            if diagnostic.span is not None and diagnostic.span.source.path == "fuzz.ride":
                assert 0 <= diagnostic.span.start <= diagnostic.span.end <= len(text)
        return
    formatted = format_source(text, "fuzz.ride")
    assert format_source(formatted, "fuzz.ride") == formatted
    assert parse(formatted, "fuzz.ride") == workout
    # A workout that parses binds its own defaults, unless it is then past a size limit:
    # those are checked once the values are bound (a plan's week may bind a smaller count),
    # and they are the only errors binding adds.
    past = size_problems(substitute(workout, {p.name: p.value for p in workout.params}))
    try:
        bind(workout)
    except DiagnosticError as error:
        assert error.diagnostics == tuple(past), str(error)
        return
    assert not past


@FUZZ
@given(st.text(st.sampled_from(_SYNTAX)) | st.text())
def test_arbitrary_text_gives_diagnostics_not_exceptions(text: str) -> None:
    check_only_diagnostics(text)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A valid source with a few characters inserted, deleted or replaced."""
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 3))
        piece = draw(st.sampled_from(_PIECES) | st.sampled_from(list(_SYNTAX)) | st.just(""))
        text = text[:at] + piece + text[at + cut :]
    return text


@settings(max_examples=1600, deadline=None)
@given(mutated())
@example(  # parses, and binds to 25h33m: refused by `bind`, at the repeat
    (VALID / "section1-example.ride").read_text().replace("let reps = 3", "let reps =303")
)
def test_mutated_valid_files_give_diagnostics_not_exceptions(text: str) -> None:
    check_only_diagnostics(text)
