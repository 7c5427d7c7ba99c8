"""The intervals.icu writer: every construct of the language out, the lines exactly, and
every loss it reports."""

from __future__ import annotations

import pytest

from ridec.formats.base import ActivationMode, CompileOptions, LossKind
from ridec.formats.icu.syntax import duration_text, escape_text, number_text
from tests.formats.icu.icu_support import body, steps_of, written

STEPS = [
    ("10m 75%", "- 10m 75%"),
    ("10m 87.5%", "- 10m 87.5%"),
    ("10m 220w", "- 10m 220w"),
    ("10m 88-92%", "- 10m 88-92%"),
    ("10m 200-250w", "- 10m 200-250w"),
    ("10m z2", "- 10m Z2"),
    ("10m 56-75%", "- 10m 56-75%"),
    ("10m 50%->75%", "- 10m ramp 50-75%"),
    ("10m 75%->50%", "- 10m ramp 75-50%"),
    ("10m 150w->250w", "- 10m ramp 150-250w"),
    ("10m free", "- 10m freeride"),
    ("10m 75% 90rpm", "- 10m 75% 90rpm"),
    ("10m 75% 85-95rpm", "- 10m 75% 85-95rpm"),
    ('2m 75% 50-60rpm "Stand: hands, core, feet"', "- Stand: hands, core, feet 2m 75% 50-60rpm"),
    ("lap 60%", "- 60% press lap"),
    ('lap free "Hold it"', "- Hold it freeride press lap"),
    ("warmup 10m 50%->70%", "- 10m ramp 50-70% intensity=warmup"),
    ("interval 1m 120%", "- 1m 120% intensity=interval"),
    ("recovery 1m 50%", "- 1m 50% intensity=recovery"),
    ("rest 1m 40%", "- 1m 40% intensity=rest"),
    ("cooldown 1m 40%", "- 1m 40% intensity=cooldown"),
    ("90s 75%", "- 1m30s 75%"),
    ("1h 75%", "- 1h 75%"),
    ("1h30m 75%", "- 1h30m 75%"),
    ("1h0m30s 75%", "- 60m30s 75%"),
    ("1h2m3s 75%", "- 62m3s 75%"),
]


@pytest.mark.parametrize(("ride", "icu"), STEPS, ids=[ride for ride, _ in STEPS])
def test_each_step_is_one_line_and_reads_back_the_same(ride: str, icu: str) -> None:
    assert steps_of(ride + "\n") == icu
    _, report = written(ride + "\n")
    assert report.losses() == []
    back = {'lap free "Hold it"': 'lap "Hold it"', "90s 75%": "1m30s 75%"}
    assert body(icu + "\n") == back.get(ride, ride).replace("1h0m30s", "1h30s")


def test_the_name_and_description_come_first_as_free_text() -> None:
    text, _ = written("name: Sweet spot\ndescription: Three by ten.\n  At 90 rpm.\n5m 60%\n")
    assert text == "Sweet spot\nThree by ten.\nAt 90 rpm.\n\n- 5m 60%\n"


def test_a_labelled_repeat_is_a_titled_block_that_intervals_icu_numbers() -> None:
    ride = 'repeat 3 "Main Set {i}/{n}":\n  4m 100%\n  2m 50%\n10m 40%\n'
    assert steps_of(ride) == "Main Set 3x\n- 4m 100%\n- 2m 50%\n\n- 10m 40%"
    assert written(ride)[1].losses() == []


def test_an_unlabelled_repeat_is_a_bare_count_or_one_line() -> None:
    assert steps_of("repeat 5:\n  30s 120%\n  30s 50%\n") == "5x\n- 30s 120%\n- 30s 50%"
    assert steps_of("5m 50%\nrepeat 4:\n  30s 120%\n5m 50%\n") == (
        "- 5m 50%\n- 4x 30s 120%\n- 5m 50%"
    )
    assert steps_of("repeat 1:\n  30s 120%\n") == "- 30s 120%"


def test_a_label_without_numbers_is_numbered_by_intervals_icu_a_reported_loss() -> None:
    text, report = written('repeat 4 "Over-unders":\n  2m 95%\n  1m 105%\n')
    assert text.split("\n", 2)[2] == "Over-unders 4x\n- 2m 95%\n- 1m 105%\n"
    (loss,) = report.losses()
    assert loss.topic == "repeat-label"
    assert "intervals.icu shows 'Over-unders 1/4'" in loss.text()
    assert steps_of('repeat 1 "Warmup":\n  10m 50%\n  5m 60%\n') == "Warmup\n- 10m 50%\n- 5m 60%"


def test_nested_repeats_are_written_out_inside_the_block_a_reported_loss() -> None:
    ride = 'repeat 2 "Set {i}/{n}":\n  repeat 3:\n    30s 120%\n    30s 50%\n  5m 50%\n'
    text, report = written(ride)
    lines = text.split("\n\n", 1)[1].rstrip("\n").split("\n")
    assert lines == ["Set 2x", *["- 30s 120%", "- 30s 50%"] * 3, "- 5m 50%"]
    (loss,) = report.losses()
    assert (loss.topic, loss.feature) == ("repeat-unrolled", "nested repeat (3 times)")


def test_iterations_that_differ_are_written_out_and_a_period_is_a_block() -> None:
    assert steps_of('repeat 2:\n  1m 80% "Set {i}"\n') == "- Set 1 1m 80%\n- Set 2 1m 80%"
    ride = "repeat 4:\n  alternate:\n    1m 80% upstroke\n    1m 80% downstroke\n"
    assert steps_of(ride) == "2x\n- Upstroke only 1m 80%\n- Downstroke only 1m 80%"


def test_flags_and_max_efforts_become_text_reported_and_timed_cues_are_prompts() -> None:
    ride = '2m 75% standing "Dance"\n  @20s "Hands"\n  @1m30s for 10s "Core"\n30s max\n'
    text, report = written(ride)
    assert text.split("\n", 2)[2] == (
        "- Dance / Stand up 20^Hands 90^10 Core <!> 2m 75%\n- Max effort 30s freeride\n"
    )
    topics = sorted(loss.topic for loss in report.losses())
    assert topics == ["flag-text", "max-open"]
    assert body(text.split("\n", 2)[2]) == (
        '2m 75% "Dance / Stand up"\n  @20s "Hands"\n  @1m30s for 10s "Core"\n30s max'
    )


def test_a_prompt_is_escaped_only_where_the_reader_would_read_it() -> None:
    ride = '2m 75% "Go"\n  @20s "30s at 95rpm 5^x <!> on"\n  @40s "2nd half"\n  @0s for 5s "Z2"\n'
    text, report = written(ride)
    line = text.split("\n", 2)[2].rstrip("\n")
    assert line == "- Go 0^5 Z2 20^ 30s at 95rpm 5 ^x <! > on 40^ 2nd half <!> 2m 75%"
    (loss,) = report.losses()
    assert loss.topic == "icu-escaped"
    assert body(line + "\n") == (
        '2m 75% "Go"\n  @0s for 5s "Z2"\n  @20s "30s at 95rpm 5 ^x <! > on"\n  @40s "2nd half"'
    )


def test_a_flag_without_a_label_says_itself() -> None:
    assert steps_of("2m 75% standing\n") == "- Stand up 2m 75%"


def test_a_word_read_as_a_value_is_split_a_reported_loss() -> None:
    text, report = written('30s 120% "Hold 30s at Z2 95rpm freeride now"\n')
    line = text.split("\n", 2)[2].rstrip("\n")
    assert line == "- Hold 30 s at Z 2 95-rpm free ride now 30s 120%"
    (loss,) = report.losses()
    assert loss.topic == "icu-escaped"
    assert body(line + "\n") == '30s 120% "Hold 30 s at Z 2 95-rpm free ride now"'


def test_a_text_that_starts_with_a_count_is_not_a_repeat() -> None:
    assert steps_of('30s 120% "4x on"\n') == "- 4 x on 30s 120%"


def test_free_text_that_would_read_as_syntax_is_changed() -> None:
    text, report = written(
        "name: 3x10 Main 3x\ndescription: - spin\n  10m 75%\n  5m easy spin\n5m 60%\n"
    )
    assert text.split("\n\n")[0].split("\n") == [
        "3x10 Main 3 x",
        "* spin",
        "10 m 75 %",
        "5m easy spin",
    ]
    assert {loss.topic for loss in report.losses()} == {"name-cleaned", "description-one-line"}


def test_the_activation_routine_is_a_checklist_in_the_description() -> None:
    ride = 'activation "Before":\n  "Glute bridge" 15 reps\n  "Dead bug" 45s\n5m 60%\n'
    text, report = written(ride)
    assert text.split("\n\n")[0].split("\n")[1:] == [
        "Before:",
        "* Glute bridge: 15 reps",
        "* Dead bug: 45s",
    ]
    assert report.losses() == []
    _, steps = written(ride, CompileOptions(activation=ActivationMode.STEPS))
    assert [loss.topic for loss in steps.losses()] == ["activation-checklist"]


def test_author_tags_and_categories_are_dropped() -> None:
    _, report = written("name: W\nauthor: Coach\ntags: a, b\ncategory: C\n5m 60%\n")
    dropped = [(loss.kind, loss.feature) for loss in report.losses()]
    assert dropped == [
        (LossKind.DROPPED, "author"),
        (LossKind.DROPPED, "tags"),
        (LossKind.DROPPED, "category"),
    ]


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (1, "1s"),
        (59, "59s"),
        (60, "1m"),
        (61, "1m1s"),
        (3600, "1h"),
        (5400, "1h30m"),
        (3630, "60m30s"),
        (86400, "24h"),
    ],
)
def test_durations_are_two_parts_at_most(seconds: int, text: str) -> None:
    assert duration_text(seconds) == text


def test_numbers_are_as_short_as_they_read_back() -> None:
    assert [number_text(v) for v in (75.0, 87.5, 0.1, 333.25)] == ["75", "87.5", "0.1", "333.25"]


def test_escaping_changes_only_words_read_as_values() -> None:
    assert escape_text("Easy spin, then ramp up") == "Easy spin, then ramp up"
    assert escape_text("ramp 50-75% press lap") == "ramp 50 -75% press, lap"
    assert escape_text("intensity=warmup") == "intensity: warmup"


def test_a_count_anywhere_in_free_text_is_split() -> None:
    text, _ = written('name: Twice 2x a week\n10m 60% "Round 3x of it"\n')
    assert text.startswith("Twice 2 x a week\n")
    assert "- Round 3x of it 10m 60%" in text
