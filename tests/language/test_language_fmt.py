"""`ridec fmt`: the canonical layout, comments kept, idempotent, and the model unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from ridec.diagnostics import DiagnosticError
from ridec.language import decode, format_source, parse, print_workout

VALID = Path(__file__).parent / "valid"
SHIPPED = Path(__file__).parents[2] / "workouts"

MESSY = """\
# A comment before everything

Name: Messy   # the workout's name
FTP: 250
# about the parameters
let REPS = 3


let on = 1:30
WARMUP 10MIN 45%->70% 90RPM   "Spin"
3x "Set {i}":   # three sets
  # the hard part
  Interval $on 75%-85% STANDING
      @0:30 "Hands"   # first cue

      @-15S   for 0:05 "Sit"
  recovery 1m30s z2
# after the sets
cooldown 8m 65%->45%
# the very end
"""

MESSY_FORMATTED = """\
# A comment before everything

name: Messy  # the workout's name
ftp: 250

# about the parameters
let REPS = 3

let on = 1m30s

warmup 10m 45%->70% 90rpm "Spin"
repeat 3 "Set {i}":  # three sets
  # the hard part
  interval $on 75-85% standing
    @30s "Hands"  # first cue

    @-15s for 5s "Sit"
  recovery 1m30s z2
# after the sets
cooldown 8m 65%->45%
# the very end
"""


def test_messy_source_is_canonicalised_with_its_comments() -> None:
    assert format_source(MESSY, "messy.ride") == MESSY_FORMATTED


def test_format_is_idempotent_and_keeps_the_model() -> None:
    once = format_source(MESSY, "messy.ride")
    assert format_source(once, "messy.ride") == once
    assert parse(once, "messy.ride") == parse(MESSY, "messy.ride")


SOURCES = [*sorted(VALID.glob("*.ride")), *sorted(SHIPPED.glob("*.ride"))]


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name)
def test_every_valid_source_formats_stably(path: Path) -> None:
    text = decode(path.read_bytes(), path.name)
    once = format_source(text, path.name)
    assert format_source(once, path.name) == once
    assert parse(once, path.name) == parse(text, path.name)


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name)
def test_printed_workout_parses_back_to_itself(path: Path) -> None:
    workout = parse(decode(path.read_bytes(), path.name), path.name)
    printed = print_workout(workout)
    assert parse(printed, path.name) == workout
    assert print_workout(parse(printed, path.name)) == printed


def test_print_writes_header_parameters_activation_and_steps_in_sections() -> None:
    workout = parse('4m 80%\nlet x = 2\nactivation:\n  "Bird dog" 1 rep each side\n', "order.ride")
    assert print_workout(workout) == (
        'name: order\n\nlet x = 2\n\nactivation:\n  "Bird dog" 1 rep each side\n\n4m 80%\n'
    )


def test_header_text_is_quoted_only_when_it_must_be() -> None:
    text = (
        'name: "  padded  "\ndescription: plain\n  "# not a comment"\n  ""\n  last\n'
        "tags: a, b\n4m 80%\n"
    )
    printed = format_source(text, "h.ride")
    assert printed == (
        'name: "  padded  "\ndescription: plain\n  "# not a comment"\n  ""\n  last\n'
        "tags: a, b\n\n4m 80%\n"
    )
    assert parse(printed, "h.ride").header.description == "plain\n# not a comment\n\nlast"


def test_description_continuation_comments_move_before_the_next_line() -> None:
    text = "description: one  # first\n  two  # second\nftp: 200\n4m 80%\n"
    assert format_source(text, "d.ride") == (
        "description: one  # first\n  two\n# second\nftp: 200\n\n4m 80%\n"
    )


def test_fmt_refuses_a_source_with_errors() -> None:
    with pytest.raises(DiagnosticError):
        format_source("4m 80% upstrke\n", "bad.ride")


def test_empty_source_is_an_error_not_an_empty_file() -> None:
    with pytest.raises(DiagnosticError, match="no steps"):
        format_source("", "empty.ride")
