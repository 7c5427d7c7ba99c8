"""A file with many mistakes reports all of them, in source order, in one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from ridec.diagnostics import DiagnosticError
from ridec.language import parse, parse_file

MANY_MISTAKES = """\
nmae: Broken
ftp: 20
let on = 30s
let on = 1m
warmpu 10m 50%
4m 90 "x"
repeat 3x:
  4m 80% 90rpm 80%
  $onn 50%
repeat $on:
  $on 50%
    @0:50 "late"
    @-40s "early"
alternate:
  4m 50%
4m 1200% "Set {i}"
  @10s "a"
  @0:10 "b"
cooldown 5m 85-75% 300rpm standing seated
"""


def locations(text: str) -> list[str]:
    with pytest.raises(DiagnosticError) as raised:
        parse(text, "many.ride")
    found = []
    for diagnostic in raised.value.diagnostics:
        assert diagnostic.span is not None
        line, col = diagnostic.span.source.line_col(diagnostic.span.start)
        found.append(f"{line}:{col}")
    return found


def test_every_error_is_reported_in_order() -> None:
    assert locations(MANY_MISTAKES) == [
        "1:1",  # unknown header key
        "2:6",  # ftp out of range
        "4:5",  # duplicate let
        "5:1",  # unknown intensity
        "6:4",  # power without unit
        "7:8",  # `repeat 3x`
        "8:16",  # target after cadence (inside the broken repeat: still read)
        "9:3",  # undeclared `$onn` (inside the broken repeat: still checked)
        "10:8",  # a duration where a count is needed
        "12:5",  # cue after the end of a `$on` step
        "13:5",  # cue before the start of a `$on` step
        "14:1",  # alternate outside every repeat
        "14:1",  # alternate with one child
        "16:4",  # power out of range
        "16:15",  # `{i}` outside every repeat
        "18:3",  # two cues at one second
        "19:13",  # range going down
        "19:20",  # cadence out of range
        "19:36",  # contradicting flags
    ]


def test_the_required_acceptance_example() -> None:
    text = "name: Drill\nrepeat 2:\n  4m 80% 55-65rpm upstrke\n"
    with pytest.raises(DiagnosticError) as raised:
        parse(text, "FILE")
    assert str(raised.value).startswith("FILE:3:19: error: ")
    assert str(raised.value).endswith(
        "  |   4m 80% 55-65rpm upstrke\n"
        "  |                   ^^^^^^^\n"
        "  hint: did you mean 'upstroke'?"
    )


def test_a_bad_line_does_not_hide_the_next_ones() -> None:
    assert locations("4m 80%%\n5m 2000%\n6m 80% uphill\n") == ["1:4", "2:4", "3:8"]


def test_value_checks_see_parameter_defaults() -> None:
    text = 'let on = 20s\n$on 80%\n  @30s "late"\n'
    assert locations(text) == ["3:3"]


def test_every_step_vanishing_is_reported_only_without_other_errors() -> None:
    assert locations("repeat 0:\n  4m 80%\n") == ["1:1"]
    assert locations("repeat 0:\n  4m 80%%\n") == ["2:6"]


def test_uses_of_a_broken_let_are_not_reported_again() -> None:
    assert locations("let on = 2x\nlet $reps = 3\n$on 80%\nrepeat $reps:\n  4m 80%\n") == [
        "1:10",
        "2:5",
    ]


def test_deep_nesting_is_a_diagnostic_not_a_crash() -> None:
    text = "".join("  " * depth + "repeat 2:\n" for depth in range(400)) + "4m 80%\n"
    with pytest.raises(DiagnosticError, match="nest more than 32 levels"):
        parse(text)


def test_unreadable_file_is_a_diagnostic(tmp_path: Path) -> None:
    with pytest.raises(DiagnosticError, match="cannot read"):
        parse_file(tmp_path / "missing.ride")
