"""The intervals.icu reader: every item of the builder guide's syntax, read into the model
(shown as the `.ride` source `ridec import` prints), and what it warns about."""

from __future__ import annotations

import pytest

from ridec.diagnostics import DiagnosticError
from ridec.formats.icu.reader import read_icu
from ridec.language import print_workout
from ridec.model import LAP
from tests.formats.icu.icu_support import body, errors, warnings

SYNTAX = [
    # durations (`m` is always minutes)
    ("- 30s 75%", "30s 75%"),
    ("- 10m 75%", "10m 75%"),
    ("- 1h 75%", "1h 75%"),
    ("- 1m30 75%", "1m30s 75%"),
    ("- 5m30s 75%", "5m30s 75%"),
    ("- 1h2m30s 75%", "1h2m30s 75%"),
    ("- 5' 75%", "5m 75%"),
    ('- 30" 75%', "30s 75%"),
    ("- 1'30\" 75%", "1m30s 75%"),
    ("- 10M 75%", "10m 75%"),
    # targets
    ("- 10m 87.5%", "10m 87.5%"),
    ("- 10m 88-92%", "10m 88-92%"),
    ("- 10m 88%-92%", "10m 88-92%"),
    ("- 10m 220w", "10m 220w"),
    ("- 10m 220W", "10m 220w"),
    ("- 10m 200-250w", "10m 200-250w"),
    ("- 10m Z2", "10m z2"),
    ("- 10m z7", "10m z7"),
    ("- 10m Z3-Z4", "10m 76-105%"),
    ("- 10m ramp 50-75%", "10m 50%->75%"),
    ("- 10m Ramp 75%-50%", "10m 75%->50%"),
    ("- 10m ramp 150-250w", "10m 150w->250w"),
    ("- 10m freeride", "10m free"),
    ("- 10m", "10m free"),
    ("- 10m 80-80%", "10m 80%"),
    # cadence, text, lap, intensity
    ("- 10m 75% 90rpm", "10m 75% 90rpm"),
    ("- 10m 75% 85-95RPM", "10m 75% 85-95rpm"),
    ("- 90rpm 10m 75%", "10m 75% 90rpm"),
    ("- Stand: hands, core, feet 2m 75% 50-60rpm", '2m 75% 50-60rpm "Stand: hands, core, feet"'),
    ("- press lap 60%", "lap 60%"),
    ("- Hold it 60% press lap", 'lap 60% "Hold it"'),
    ("- 10m 60% intensity=warmup", "warmup 10m 60%"),
    ("- 10m 60% intensity=other", "10m 60%"),
    ("- Max effort 30s freeride", "30s max"),
    ("- Max effort / All out 30s freeride", '30s max "All out"'),
    ("- Max effort 30s 150%", '30s 150% "Max effort"'),
    # text among and after the values ("whatever additional text you like")
    ("- 10m 75% then easy", '10m 75% "then easy"'),
    ("- 5m recovery at 40%", '5m 40% "recovery at"'),
    # one-line repeat
    ("- 4x 30s 120%", "repeat 4:\n  30s 120%"),
    ("- 4X Go 30s 120%", 'repeat 4:\n  30s 120% "Go"'),
]


@pytest.mark.parametrize(("icu", "ride"), SYNTAX, ids=[icu for icu, _ in SYNTAX])
def test_each_syntax_item_reads_as_the_language_says_it(icu: str, ride: str) -> None:
    assert body(icu + "\n") == ride
    assert warnings(icu + "\n") == []


def test_a_title_with_a_count_is_a_repeat_whose_iterations_it_numbers() -> None:
    text = "Main Set 4x\n- 4m 100%\n- 5m 50%\n"
    assert body(text) == 'repeat 4 "Main Set {i}/{n}":\n  4m 100%\n  5m 50%'


def test_a_bare_count_is_an_unlabelled_repeat_that_a_blank_line_ends() -> None:
    text = "5x\n- 30s 120%\n- 30s 50%\n\n- 5m 50%\n"
    assert body(text) == "repeat 5:\n  30s 120%\n  30s 50%\n5m 50%"


def test_a_text_line_ends_a_block_and_titles_the_next() -> None:
    text = "Warmup\n- 10m 50%\nMain Set 2x\n- 1m 100%\nCooldown\n- 5m 40%\n- 5m 30%\n"
    expected = (
        '10m 50% "Warmup"\nrepeat 2 "Main Set {i}/{n}":\n  1m 100%\n5m 40% "Cooldown"\n5m 30%'
    )
    assert body(text) == expected


def test_a_plain_title_goes_before_the_first_steps_own_text() -> None:
    assert body("Warmup\n- Easy 10m 50%\n") == '10m 50% "Warmup / Easy"'
    assert body("Warmup\n- 3x 30s 110%\n- 5m 50%\n") == (
        'repeat 1 "Warmup":\n  repeat 3:\n    30s 110%\n  5m 50%'
    )


def test_the_first_free_text_names_the_workout_and_the_rest_describe_it() -> None:
    read = read_icu(b"Sweet spot\nThree by ten.\n\nAt 90 rpm.\n\n- 10m 90%\n", "s.icu")
    assert read.workout.header.name == "Sweet spot"
    assert read.workout.header.description == "Three by ten.\nAt 90 rpm."
    unnamed = read_icu(b"- 10m 90%\n", "dir/threshold.icu").workout.header
    assert (unnamed.name, unnamed.description) == ("threshold", None)
    assert read_icu(b"- 10m 90%\n", "<stdin>").workout.header.name == "Workout"


def test_text_between_steps_goes_to_the_description_with_a_warning() -> None:
    text = "- 10m 50%\n\nKeep the cadence high.\n\n- 5m 60%\n"
    read = read_icu(text.encode(), "w.icu")
    assert read.workout.header.description == "Keep the cadence high."
    (found,) = [d.render() for d in read.diagnostics]
    assert found.startswith("w.icu:3:1: warning: text between the steps is read into the")


def test_any_line_end_and_a_byte_order_mark_are_read() -> None:
    assert body("\ufeffMain 2x\r\n- 1m 80%\r- 1m 50%\n") == (
        'repeat 2 "Main {i}/{n}":\n  1m 80%\n  1m 50%'
    )


KEPT = [
    ("- 10m 70% HR", '10m free "70% HR"', "a heart-rate target (70% HR)"),
    ("- 10m 75-80% HR", '10m free "75-80% HR"', "a heart-rate target (75-80% HR)"),
    ("- 10m 95% LTHR", '10m free "95% LTHR"', "a heart-rate target (95% LTHR)"),
    ("- 10m Z2 HR", '10m free "Z2 HR"', "a heart-rate target (Z2 HR)"),
    ("- 10m Z2-Z3 HR", '10m free "Z2-Z3 HR"', "a heart-rate target (Z2-Z3 HR)"),
    ("- 10m 140-150bpm", '10m free "140-150bpm"', "a heart-rate target (140-150bpm)"),
    ("- 10m 60% Pace", '10m free "60% Pace"', "a pace target (60% Pace)"),
    ("- 10m 5:00/km Pace", '10m free "5:00/km Pace"', "a pace target (5:00/km Pace)"),
    ("- 10m ramp 60-80% Pace", '10m free "ramp 60-80% Pace"', "a pace target (ramp 60-80% Pace)"),
    ("- 10m 60% MMP 5m", '10m free "60% MMP 5m"', "a mean-maximal-power target (60% MMP 5m)"),
    ("- 10m CZ2", '10m free "CZ2"', "a custom-zone target (CZ2)"),
    ("- Easy 10m 70% HR", '10m free "Easy / 70% HR"', "a heart-rate target (70% HR)"),
    ("- 2km 60%", 'lap 60% "Until 2 km"', "a step that ends after a distance (2 km)"),
    ("- 500mtr Z3", 'lap z3 "Until 500 m"', "a step that ends after a distance (500 m)"),
    ("- 4.5mi 60%", 'lap 60% "Until 4.5 mi"', "a step that ends after a distance (4.5 mi)"),
    ("- 9m Z2 press lap", "lap z2", "a step with `press lap` ends at the lap button"),
    (
        "- 5m 92-88%",
        "5m 88-92%",
        "`92-88%` is a range written high to low: read as the range 88-92%",
    ),
    ("- 10m 60% to 80%", "10m 60%->80%", "`60% to 80%` is read as the ramp `ramp 60%-80%`"),
    ("- 10m ramp Z2-Z3", '10m 56-90% "ramp"', "`ramp Z2-Z3` is read as the zone Z2-Z3, not a ramp"),
    ("- 10m ramp Z2", '10m z2 "ramp"', "`ramp Z2` is read as the zone Z2, not a ramp"),
]


@pytest.mark.parametrize(("icu", "ride", "said"), KEPT, ids=[icu for icu, _, _ in KEPT])
def test_what_ridec_cannot_ride_is_kept_as_text_with_a_located_warning(
    icu: str, ride: str, said: str
) -> None:
    assert body(icu + "\n") == ride
    (found,) = warnings(icu + "\n")
    assert found.startswith("w.icu:1:")
    assert f": warning: {said}" in found
    assert f"  | {icu}" in found


def test_a_distance_step_is_a_lap_step() -> None:
    (step,) = read_icu(b"- 2km 60%\n", "w.icu").workout.body
    assert step.duration == LAP  # type: ignore[union-attr]


ERRORS = [
    ("- Easy spin 75%", 1, "a step needs a duration", None),
    ("- 0m 75%", 3, "a step lasts 1 s to 24 h", None),
    ("- 25h 75%", 3, "a step lasts 1 s to 24 h", None),
    ("- 5m 1000%", 6, "`1000%` is out of range", None),
    ("- 5m 0%", 6, "`0%` is out of range", None),
    ("- 5m 4000w", 6, "`4000w` is out of range", None),
    ("- 5m 200w-90%", 6, "a range in two units", None),
    ("- 5m Z8", 6, "there is no power zone `Z8`", None),
    ("- 5m Z4-Z3", 6, "there is no power zone `Z4-Z3`", None),
    ("- 5m 80% 300rpm", 10, "a cadence is 20 to 250 rpm", None),
    ("- 5m 80% 95-85rpm", 10, "a cadence is 20 to 250 rpm", None),
    ("- 5m 80% 90rmp", 10, "`90rmp` is not intervals.icu syntax", "did you mean `90rpm`?"),
    ("- 5m 80% 90rpm 95rpm", 16, "a second cadence", None),
    ("- 5m 80% 90%", 10, "a second target", None),
    ("- 5m 80% freeride", 10, "a second target", None),
    ("- 5m 10m 80%", 6, "a second duration", None),
    ("- 2km 10m 80%", 7, "a second duration", None),
    ("- 5m 80% intensity=hard", 10, "unknown intensity 'hard'", None),
    ("- 0x 30s 120%", 3, "a repeat runs 1 to 500 times", None),
    ("- 501x 30s 120%", 3, "a repeat runs 1 to 500 times", None),
    ("Main 501x\n- 30s 120%", 1, "a repeat runs 1 to 500 times", None),
    ("Main Set 4x\n\n- 4m 100%", 1, "a repeat line with no step after it", None),
    ("10m 50%", 1, "a step without its `- `", "start it with `- `"),
    ("Just a title", 1, "no steps", None),
]


@pytest.mark.parametrize(
    ("icu", "column", "message", "hint"), ERRORS, ids=[icu for icu, *_ in ERRORS]
)
def test_what_is_not_intervals_icu_syntax_is_a_located_error(
    icu: str, column: int, message: str, hint: str | None
) -> None:
    found = errors(icu + "\n")
    assert found, "no error"
    first = found[0]
    assert first.message.startswith(message), first.message
    assert first.render().startswith(f"w.icu:1:{column}: error: ")
    if hint is not None:
        assert first.hint == hint


def test_every_error_of_a_text_is_reported_at_once() -> None:
    found = errors("- 5m Z9\n- 10m 75%\n- 5m 1000%\n")
    assert [d.location() for d in found] == ["w.icu:1:6", "w.icu:3:6"]


def test_a_step_without_its_dash_carries_the_fix() -> None:
    (found,) = errors("Warmup\n- 10m 50%\n  10m 60%\n")
    assert found.fix is not None
    assert found.fix.corrected_lines() == ["  - 10m 60%"]


def test_repeat_numbers_in_a_text_are_not_taken_as_ridecs() -> None:
    read = read_icu(b"Main 2x\n- Set {i} of {n} 1m 80%\n", "w.icu")
    (repeat,) = read.workout.body
    assert repeat.body[0].label == "Set (i) of (n)"  # type: ignore[union-attr]
    assert "`{i}` and `{n}` are ridec's repeat numbers" in read.diagnostics[0].message


def test_a_one_line_repeat_in_a_block_nests_with_a_warning() -> None:
    text = "Main Set 2x\n- 3x 30s 120%\n- 2m 50%\n"
    assert body(text) == 'repeat 2 "Main Set {i}/{n}":\n  repeat 3:\n    30s 120%\n  2m 50%'
    assert "read as a nested repeat" in warnings(text)[0]


def test_a_file_that_is_not_utf8_is_a_located_error() -> None:
    with pytest.raises(DiagnosticError) as raised:
        read_icu(b"- 10m 75%\n- Caf\xe9 5m 60%\n", "w.icu")
    assert (
        raised.value.diagnostics[0]
        .render()
        .startswith("w.icu:2:6: error: the file is not valid UTF-8")
    )


def test_the_size_limit_is_checked_before_any_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    from ridec.formats.icu import reader

    monkeypatch.setattr(reader, "MAX_BYTES", 10)
    assert "larger than 10 bytes" in errors("- 10m 75%\n- 5m 50%\n")[0].message
    monkeypatch.setattr(reader, "MAX_BYTES", 1 << 20)
    monkeypatch.setattr(reader, "MAX_LINES", 2)
    (found,) = errors("- 10m 75%\n- 5m 50%\n- 5m 40%\n- 5m 30%\n")
    assert found.render().startswith("w.icu:3:1: error: more than 2 lines")


PROMPT_ERRORS = [
    ("- Go 90^Late <!> 1m 80%", 6, "the timed prompt at 90 s falls outside its step"),
    ("- Go 20^ <!> 1m 80%", 6, "the timed prompt `20^` has no text"),
    ("- Go 20^0 Now <!> 1m 80%", 6, "the timed prompt `20^0` shows for no time"),
    ("- Go 20^A 20^B <!> 1m 80%", 11, "a second timed prompt at 20 s"),
    ("- 5m 80% 10min", 10, "`10min` is not intervals.icu syntax"),
]


@pytest.mark.parametrize(
    ("icu", "column", "message"), PROMPT_ERRORS, ids=[icu for icu, *_ in PROMPT_ERRORS]
)
def test_a_bad_timed_prompt_or_a_misspelt_unit_is_a_located_error(
    icu: str, column: int, message: str
) -> None:
    (found,) = errors(icu + "\n")
    assert found.message.startswith(message), found.message
    assert found.render().startswith(f"w.icu:1:{column}: error: ")


def test_timed_prompts_read_as_cues_with_and_without_the_separator() -> None:
    assert body("- Go 33^Lift <!> 1m 80%\n") == '1m 80% "Go"\n  @33s "Lift"'
    assert body("- 20^30 Fuel now 5m 85%\n") == '5m 85%\n  @20s for 30s "Fuel now"'
    assert body("- Hold 33^10m 80% <!> 1m 80%\n") == '1m 80% "Hold"\n  @33s "10m 80%"'
    assert body("- 4x Go 10^Up <!> 30s 120%\n") == 'repeat 4:\n  30s 120% "Go"\n    @10s "Up"'
    assert body("- Spin 40^Up <!> 70% press lap\n") == 'lap 70% "Spin"\n  @40s "Up"'


def test_a_count_anywhere_in_a_title_opens_a_repeat() -> None:
    assert body("4x Hard efforts\n- 1m 120%\n") == 'repeat 4 "Hard efforts {i}/{n}":\n  1m 120%'
    assert body("Set 1 - 8x\n- 1m 120%\n") == 'repeat 8 "Set 1 - {i}/{n}":\n  1m 120%'
    assert body("Do 2x or 3x\n- 1m 120%\n") == '1m 120% "Do 2x or 3x"'


def test_a_markdown_rule_is_description_text_and_ends_a_block() -> None:
    read = read_icu(b"Name\n---\n4x\n- 1m 120%\n---\n- 2m 50%\n", "w.icu")
    assert read.workout.header.description == "---\n---"
    assert print_workout(read.workout).endswith("repeat 4:\n  1m 120%\n2m 50%\n")


def test_a_step_indented_less_than_its_block_warns_that_it_is_repeated() -> None:
    text = "4x\n  - 1m 120%\n  - 1m 50%\n- 5m 40%\n"
    assert body(text) == "repeat 4:\n  1m 120%\n  1m 50%\n  5m 40%"
    (found,) = warnings(text)
    assert found.startswith("w.icu:4:1: warning: this step is indented less than the repeat's")
