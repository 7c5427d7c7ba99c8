"""The language server's pure parts, without a client: positions, hint replacements, plan
parity with `ridec check`, and every feature answering anywhere in broken text."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol.types import Position, PositionEncodingKind

from ridec.diagnostics import Diagnostic, DiagnosticError, Fix, Severity, Source, Span
from ridec.language.plan import expand_plan, parse_plan
from ridec.lsp.actions import fixes_for
from ridec.lsp.completion import ride_completions
from ridec.lsp.definition import ride_definition
from ridec.lsp.fixes import replacements
from ridec.lsp.hover import ride_hover
from ridec.lsp.plan_analysis import PlanChecker, read_workout_file
from ridec.lsp.plan_completion import plan_completions
from ridec.lsp.plan_hover import plan_hover
from ridec.lsp.positions import LineIndex
from ridec.lsp.ride_analysis import analyze_ride
from ridec.lsp.symbols import plan_symbols, ride_symbols
from ridec.lsp.workspace import Workspace
from tests.paths import ROOT, WORKOUTS

PLAN_CASES = ROOT / "tests" / "plan" / "invalid"
RIDES = sorted(WORKOUTS.glob("*.ride"))


def _hinted(hint: str) -> Diagnostic:
    return Diagnostic(Severity.ERROR, "message", Span(Source("x", "x"), 0, 1), hint)


@pytest.mark.parametrize(
    ("hint", "found"),
    [
        ("did you mean 'upstroke'?", ["upstroke"]),
        ("add a unit: `90s`?", ["90s"]),
        ("add a unit: `80%`, `80w` or `80rpm`?", ["80%", "80w", "80rpm"]),
        ("write `85-95rpm`", ["85-95rpm"]),
        ("for one value write `90rpm`", ["90rpm"]),
        ("write `repeat 3:` or `3x:`", ["repeat 3:", "3x:"]),
        ("write the number alone: `ftp: 250`", ["ftp: 250"]),
        ('text goes in double quotes: `"Spin easy"`', ['"Spin easy"']),
        ("write `let NAME = VALUE`", []),  # a pattern, not a replacement
        ("write `let reps = ...`", []),
        ("the target goes right after the duration: `4m z2 90rpm`", []),  # an example
        ("indent it by 2 spaces to stay in the block above", []),
    ],
)
def test_replacements_are_read_from_the_hints_that_name_them(hint: str, found: list[str]) -> None:
    assert replacements(_hinted(hint)) == found


def test_a_diagnostics_own_fix_is_its_only_quick_fix() -> None:
    source = Source("x.ride", "name: X\n4m 80% upstrke\n")
    span = Span(source, 15, 22)
    own = Fix(Span(source, 20, 22), "oke")
    hinted = _hinted("did you mean 'upstroke'?")
    diagnostic = Diagnostic(Severity.ERROR, "unknown word", span, hinted.hint, fix=own)

    def never(path: str, text: str) -> list[Diagnostic]:
        raise AssertionError("a diagnostic's own fix is not checked again")

    (fix,) = fixes_for(diagnostic, never)
    assert (fix.edit.start, fix.edit.end, fix.edit.text) == (20, 22, "oke")
    assert fix.title == "Change to `4m 80% upstroke`"
    # A fix in a text the editor does not show (a plan's computed value) is not offered.
    elsewhere = Fix(Span(Source("x.ride", "on=2 mins"), 4, 9), "m")
    assert fixes_for(replace(diagnostic, fix=elsewhere), never) == []


def test_positions_count_code_units_of_the_negotiated_encoding() -> None:
    text = 'a\r\n"é☀😀" x\nlast'
    offset = text.index("x")
    utf16 = LineIndex(text)
    assert utf16.position(offset) == Position(1, 7)  # the emoji is two UTF-16 units
    assert utf16.offset(Position(1, 7)) == offset
    utf8 = LineIndex(text, PositionEncodingKind.Utf8)
    assert utf8.position(offset) == Position(1, 12)  # 2 + 3 + 4 bytes for é ☀ 😀, quotes
    assert utf8.offset(Position(1, 12)) == offset
    utf32 = LineIndex(text, PositionEncodingKind.Utf32)
    assert utf32.position(offset) == Position(1, 6)
    assert utf16.line_text(0) == "a" and utf16.offset(Position(0, 99)) == 1  # before CRLF
    assert utf16.offset(Position(9, 0)) == len(text)


@pytest.mark.parametrize("case", sorted(PLAN_CASES.glob("*.plan")), ids=lambda p: p.stem)
def test_the_plan_check_reports_what_expand_plan_reports(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(PLAN_CASES)
    path = Path(case.name)
    text = case.read_text(encoding="utf-8")
    with pytest.raises(DiagnosticError) as raised:
        expand_plan(parse_plan(text, path))
    analysis = PlanChecker().analyze(text, path, read_workout_file)
    assert [d.render() for d in analysis.diagnostics] == [
        d.render() for d in raised.value.diagnostics
    ]


def test_a_keystroke_reuses_every_workout_parse_and_week_binding() -> None:
    plan = WORKOUTS / "back-pain-protocol.plan"
    text = plan.read_text(encoding="utf-8")
    checker = PlanChecker()
    first = checker.analyze(text, plan, read_workout_file)
    misses = (checker.parses.misses, checker.bindings.misses)
    assert misses == (2, 10)  # two workouts; weeks with the same values bind once
    again = checker.analyze(text.replace("weeks: 6", "weeks: 6 "), plan, read_workout_file)
    assert (checker.parses.misses, checker.bindings.misses) == misses
    assert first.placed == again.placed == ()
    checker.analyze(text.replace("3, 3, 4, 4, 5, 5", "3, 3, 4, 4, 5, 6"), plan, read_workout_file)
    assert (checker.parses.misses, checker.bindings.misses) == (2, 11)  # only week 6 again


def test_a_workout_changed_on_disk_is_read_again(tmp_path: Path) -> None:
    workout = tmp_path / "w.ride"
    workout.write_text("name: A\n4m 80%\n", encoding="utf-8")
    space = Workspace()
    assert space.read(workout).startswith("name: A")
    workout.write_text("name: Bee\n4m 80%\n", encoding="utf-8")  # another size
    assert space.read(workout).startswith("name: Bee")
    space.set_text(str(workout), "name: Open\n4m 80%\n")  # the editor's text wins
    assert space.read(workout).startswith("name: Open")


def test_an_alternate_left_empty_while_typing_has_an_outline_without_a_total() -> None:
    """Found by the property below: dedenting the line under `alternate:` leaves an
    alternate with no children in the tree the editor analyses; the repeat around it has
    no total rather than a crash."""
    text = (
        "name: A\nrepeat 2:\n  alternate:\n  4m 80% upstroke\n    4m 80% downstroke\n"
    )
    _every_feature_of_a_ride(text, 1)
    analysis = analyze_ride(text, "/tmp/x.ride")
    [repeat] = [s for s in ride_symbols(analysis, LineIndex(text)) if s.name == "repeat 2"]
    assert repeat.detail is None


def _every_feature_of_a_ride(text: str, stride: int) -> None:
    analysis = analyze_ride(text, "/tmp/x.ride")
    index = LineIndex(text)
    ride_symbols(analysis, index)
    for offset in range(0, len(text) + 1, stride):
        ride_hover(analysis, offset, index)
        ride_completions(analysis, offset, index)
        ride_definition(analysis, offset, index, "file:///tmp/x.ride")


@pytest.mark.parametrize("path", RIDES, ids=lambda p: p.stem)
def test_every_feature_answers_at_every_place_of_the_shipped_workouts(path: Path) -> None:
    _every_feature_of_a_ride(path.read_text(encoding="utf-8"), 1)


@settings(max_examples=60)
@given(
    st.sampled_from(RIDES),
    st.integers(min_value=0, max_value=4000),
    st.integers(min_value=0, max_value=40),
    st.text(alphabet=' \n:"$@#-%0123456789mswzx', max_size=3),
)
def test_every_feature_answers_in_text_being_typed(
    path: Path, at: int, length: int, typed: str
) -> None:
    text = path.read_text(encoding="utf-8")
    at = min(at, len(text))
    _every_feature_of_a_ride(text[:at] + typed + text[at + length :], 7)


@settings(max_examples=40)
@given(
    st.integers(min_value=0, max_value=1500), st.integers(0, 30), st.text(' \n:",->23m', max_size=3)
)
def test_plan_features_answer_in_a_plan_being_typed(at: int, length: int, typed: str) -> None:
    plan = WORKOUTS / "back-pain-protocol.plan"
    original = plan.read_text(encoding="utf-8")
    at = min(at, len(original))
    text = original[:at] + typed + original[at + length :]
    analysis = PlanChecker().analyze(text, plan, read_workout_file)
    index = LineIndex(text)
    plan_symbols(analysis, index)
    for offset in range(0, len(text) + 1, 5):
        plan_hover(analysis, offset, index)
        plan_completions(analysis, offset, index, lambda _: ())
