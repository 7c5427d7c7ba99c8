"""Hints for coaches' habits: each hint's fix is data an editor can apply, and applying it
gives a source that parses. The exact rendered hints are the `invalid/hint-*` cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from ridec.diagnostics import Diagnostic, DiagnosticError
from ridec.language import decode, parse, parse_checked
from ridec.language.coach import read_as_coach
from ridec.language.line_kind import LineKind
from ridec.timeline import lower

INVALID = Path(__file__).parent / "invalid"
HINT_CASES = sorted(INVALID.glob("hint-*.ride"))

INTERVALS_ICU = """\
name: Over-unders from intervals.icu

Warmup
- 10m ramp 50-75%

Main Set 3x
- 4m 95% 90rpm
- Recover 2m 55%

Cooldown
- 10 min 60% FTP
"""


def diagnostics(text: str, path: str = "w.ride") -> tuple[Diagnostic, ...]:
    with pytest.raises(DiagnosticError) as raised:
        parse(text, path)
    return raised.value.diagnostics


def apply_fixes(text: str, found: tuple[Diagnostic, ...]) -> str:
    """Apply every fix, last first, as an editor's "fix all" does."""
    fixes = sorted((d.fix for d in found if d.fix is not None), key=lambda f: -f.span.start)
    for fix in fixes:
        text = text[: fix.span.start] + fix.text + text[fix.span.end :]
    return text


def test_there_is_a_case_for_every_habit() -> None:
    assert len(HINT_CASES) >= 30


@pytest.mark.parametrize("case", HINT_CASES, ids=lambda path: path.stem)
def test_each_hint_carries_a_fix_that_makes_the_file_parse(case: Path) -> None:
    text = decode(case.read_bytes(), case.name)
    found = diagnostics(text, case.name)
    assert len(found) == 1 and found[0].fix is not None
    fixed = apply_fixes(text, found)
    assert fixed != text
    parse(fixed, case.name)  # raises if the fix leaves any error


def test_the_fix_replaces_only_what_changed() -> None:
    found = diagnostics("name: T\n10 min 80%\n")
    fix = found[0].fix
    assert fix is not None
    assert (fix.span.start, fix.span.end, fix.text) == (
        len("name: T\n") + 2,
        len("name: T\n") + 6,
        "m",
    )
    assert fix.corrected_lines() == ["10m 80%"]


def test_an_intervals_icu_workout_gets_one_fix_per_line_and_then_compiles() -> None:
    found = diagnostics(INTERVALS_ICU, "icu.ride")
    lines = [d.render().splitlines()[0] for d in found]
    assert lines == [
        "icu.ride:3:7: error: expected a duration such as `90s` or `4m`, found the end of the line",
        "icu.ride:4:1: error: expected a duration such as `90s` or `4m`, found `-`",
        "icu.ride:6:1: error: unknown word 'Main': expected an intensity, a duration, `repeat` or "
        "`alternate`",
        "icu.ride:7:1: error: expected a duration such as `90s` or `4m`, found `-`",
        "icu.ride:8:1: error: expected a duration such as `90s` or `4m`, found `-`",
        "icu.ride:10:9: error: expected a duration such as `90s` or `4m`, found the end of the "
        "line",
        "icu.ride:11:1: error: expected a duration such as `90s` or `4m`, found `-`",
    ]
    assert all(d.fix is not None for d in found)
    fixed = apply_fixes(INTERVALS_ICU, found)
    assert fixed == (
        "name: Over-unders from intervals.icu\n\n"
        "# Warmup\n10m 50%->75%\n\n"
        'repeat 3 "Main Set":\n  4m 95% 90rpm\n  recovery 2m 55%\n\n'
        "# Cooldown\n10m 60%\n"
    )
    timeline = lower(parse(fixed, "icu.ride"))
    assert timeline.duration_s == 600 + 3 * 360 + 600


def test_a_misspelt_keyword_keeps_its_did_you_mean() -> None:
    found = diagnostics("name: T\nwarmpu 10m 50%\n")
    assert found[0].hint == "did you mean 'warmup'?"
    assert found[0].fix is None


def test_a_rewrite_that_does_not_parse_is_not_offered() -> None:
    # `ramp` is understood, but `fast` is no value: no half-right fix is offered.
    found = diagnostics("name: T\n10m ramp fast\n")
    assert found[0].fix is None


def test_unsupported_targets_are_said_plainly_even_without_a_fix() -> None:
    reading = read_as_coach("20m 150bpm", LineKind.NODE)
    assert reading is not None
    assert reading.message is not None and "no heart-rate targets" in reading.message
    assert reading.focus == (4, 10)


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("10 minutes 80%", "10m 80%"),
        ("90 seconds 120%", "1m30s 120%"),
        ("2.5 min 90%", "2m30s 90%"),
        ("1h15 z2", "1h15m z2"),
        ("4m30 95%", "4m30s 95%"),
        ("20m 200 watts", "20m 200w"),
        ("20m zone 2", "20m z2"),
        ("5m freeride", "5m free"),
        ("30s max effort", "30s max"),
        ("8m at 95%", "8m 95%"),
        ("10m from 50 to 75%", "10m 50%->75%"),
        ("10m 60% of FTP", "10m 60%"),
        ("cool down 10m 60%", "cooldown 10m 60%"),
        ("x4:", "repeat 4:"),
        ('3 times "Set":', 'repeat 3 "Set":'),
        ("4x8min @ 105%", "repeat 4:\n  8min 105%"),
        ("3 x (10 @ 90%, 5 @ 50%)", "repeat 3:\n  10m 90%\n  5m 50%"),
        ("3x[5m 90% / 3m 55%]", "repeat 3:\n  5m 90%\n  3m 55%"),
        ("30s @ 120% x10", "repeat 10:\n  30s 120%"),
        ("30s 120% \u00d7 10", "repeat 10:\n  30s 120%"),
        ("3x8 min @ 85% FTP, 4 min easy", 'repeat 3:\n  8m 85%\n  4m "easy"'),
        ("5m 1.05", "5m 105%"),
        ("5m 0.725", "5m 72.5%"),
        ("10m 0.5->0.75", "10m 50%->75%"),
        ("1:30h z2", "1h30m z2"),
        ("1:30mins 75%", "1m30s 75%"),
        ('30" 150%', "30s 150%"),
        ("cooldown 10m z2->z1", "cooldown 10m 66%->28%"),
        ("20m 88\u201394%", "20m 88-94%"),
        ("Cool Down: 10 min 50%", "cooldown 10m 50%"),
        ("2x(10min 95%/5min 50%)", "repeat 2:\n  10min 95%\n  5min 50%"),
        ("3x(5min @ 90%,3min @ 55%)", "repeat 3:\n  5min 90%\n  3min 55%"),
        ("2x(10min 95%;5min 50%)", "repeat 2:\n  10min 95%\n  5min 50%"),
        ("3 x 8' @ 105% w/ 4' rest", "repeat 3:\n  8m 105%\n  rest 4m free"),
        ("3x(8' @ 105% w/ 4' rest)", "repeat 3:\n  8m 105%\n  rest 4m free"),
        ("3x8' @ 105% with 4 min recovery @ 50%", "repeat 3:\n  8m 105%\n  recovery 4m 50%"),
        ("8' @ 105% w/4' rest", "8m 105%\nrest 4m free"),
        ("4' rest", "rest 4m free"),
        ("8min 105%, 4min 50%", "8min 105%\n4min 50%"),
        ("8m 105%; 4m 50%; 2m max", "8m 105%\n4m 50%\n2m max"),
        ("3x 10min sweet spot", 'repeat 3:\n  10min 88-94% "sweet spot"'),
        ("10 min @ sweet spot 90rpm", '10m 88-94% 90rpm "sweet spot"'),
        ('20m SST "Hold it"', '20m 88-94% "Hold it"'),
    ],
)
def test_habits_read_as_meant(written: str, meant: str) -> None:
    reading = read_as_coach(written, LineKind.NODE)
    assert reading is not None
    assert reading.text == meant


def test_sweet_spot_after_a_target_is_left_a_label() -> None:
    # `10m 90% sweet spot` has its target: the words are the label the parser says to quote.
    reading = read_as_coach("10m 90% sweet spot", LineKind.NODE)
    assert reading is None


def test_a_cadence_piece_is_no_step_of_its_own() -> None:
    # whatsonzwift's `5min @ 95rpm, 90% FTP` is one step, not two on one line.
    reading = read_as_coach("5min @ 95rpm, 90% FTP", LineKind.NODE)
    assert reading is not None and reading.text == "5min 90% 95rpm"


def test_the_rest_fix_leaves_nothing_to_warn_about() -> None:
    # The rest is written `free`, so the fixed file has neither error nor free-ride warning.
    text = "name: VO2\n3 x 8' @ 105% w/ 4' rest\n"
    found = diagnostics(text)
    assert len(found) == 1
    fixed = apply_fixes(text, found)
    assert fixed == "name: VO2\nrepeat 3:\n  8m 105%\n  rest 4m free\n"
    assert lower(parse(fixed, "w.ride")).duration_s == 3 * (8 + 4) * 60
    assert not parse_checked(fixed, "w.ride").problems


def test_only_the_first_hundred_failed_lines_are_coached() -> None:
    from ridec.language.context import COACHED_LINES

    text = "name: Many\n" + "- 10m 60%\n" * (COACHED_LINES + 5)
    found = diagnostics(text)
    assert len(found) == COACHED_LINES + 5
    assert all(d.fix is not None for d in found[:COACHED_LINES])
    assert all(d.fix is None for d in found[COACHED_LINES:])


def test_a_header_line_without_its_colon_keeps_the_header_going() -> None:
    # Without its colon, `name Tempo` once ended the header: `ftp: 250` was then "a header
    # line after the first step". Now it is the one error, with its fix.
    found = diagnostics("name Tempo\nftp: 250\nauthor: Coach\n\n20m 80%\n")
    assert [d.message for d in found] == ["expected `:` after the header key, found `Tempo`"]
    fixed = apply_fixes("name Tempo\nftp: 250\nauthor: Coach\n\n20m 80%\n", found)
    assert parse(fixed, "w.ride").header.name == "Tempo"


def test_a_header_line_without_its_colon_after_a_step_is_sent_to_the_top() -> None:
    (found,) = diagnostics("name: T\n20m 80%\nftp 250\n")
    assert found.hint == "a header line is written `ftp: ...`, at the top of the file"
    assert found.fix is None  # `ftp: 250` there would still be a late header line


def test_m_ss_needs_no_hint() -> None:
    # `1:30 75%` is the language's own m:ss: 90 seconds.
    assert lower(parse("name: T\n1:30 75%\n", "w.ride")).duration_s == 90


WHATS_ON_ZWIFT = """\
name: Cadence pyramid
10min from 25 to 75% FTP
5x 1min @ 110rpm, 95% FTP,
1min @ 85rpm, 50% FTP
3min @ 95rpm, 60% FTP
"""


def test_a_whatsonzwift_listing_gets_one_fix_per_line_and_then_compiles() -> None:
    found = diagnostics(WHATS_ON_ZWIFT, "z.ride")
    assert all(d.fix is not None for d in found)
    fixed = apply_fixes(WHATS_ON_ZWIFT, found)
    assert fixed == (
        "name: Cadence pyramid\n"
        "10min 25%->75%\n"
        "repeat 5:\n  1min 95% 110rpm\n  1min 50% 85rpm\n"
        "3min 60% 95rpm\n"
    )
    assert lower(parse(fixed, "z.ride")).duration_s == 600 + 5 * 120 + 180


@pytest.mark.parametrize(
    "line",
    [
        "9" * 5000 + "x 4m 80%",
        "2x" + "9" * 5000 + " @ 95%",
        "30s 120% x " + "9" * 5000,
        "9" * 400 + " min 80%",
        "1:" + "9" * 5000 + "min 50%",
        ":" + "9" * 5000,
    ],
    ids=["count", "glued-count", "count-after", "unit-word", "clock", "seconds"],
)
def test_numbers_of_thousands_of_digits_are_read_without_a_traceback(line: str) -> None:
    found = diagnostics(f"name: T\n{line}\n")
    assert found and all(d.fix is None for d in found)


FORUM_POST = """\
name: Forum paste
2x(10min 95%/5min 50%)
3 x 8' @ 105% w/ 4' rest
8min 105%, 4min 50%
3x 10min sweet spot
"""


def test_a_forum_post_gets_one_fix_per_line_and_then_checks_clean() -> None:
    found = diagnostics(FORUM_POST, "forum.ride")
    assert [d.span.source.line_col(d.span.start)[0] for d in found if d.span] == [2, 3, 4, 5]
    assert all(d.fix is not None for d in found)
    fixed = apply_fixes(FORUM_POST, found)
    assert fixed == (
        "name: Forum paste\n"
        "repeat 2:\n  10min 95%\n  5min 50%\n"
        "repeat 3:\n  8m 105%\n  rest 4m free\n"
        "8min 105%\n4min 50%\n"
        'repeat 3:\n  10min 88-94% "sweet spot"\n'
    )
    assert not parse_checked(fixed, "forum.ride").problems
    assert lower(parse(fixed, "forum.ride")).duration_s == (2 * 15 + 3 * 12 + 12 + 3 * 10) * 60
