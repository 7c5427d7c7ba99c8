"""Text that does not fit FIT's 254-byte strings: cut between words or whole lines, and the
loss names what did not fit and points at the source that holds it."""

from __future__ import annotations

from ridec.formats.base import ActivationMode, CompileOptions, Fidelity, Loss
from ridec.formats.fit.text import cut_words
from ridec.formats.losses import LossLevel
from ridec.language import parse
from ridec.pipeline import compile_workout
from ridec.timeline import lower
from tests.formats.fit.fit_support import read_back

LONG = " ".join(f"word{n}" for n in range(60))  # 60 words, 389 bytes


def fit_losses(
    text: str, activation: ActivationMode = ActivationMode.AUTO
) -> tuple[list[Loss], bytes]:
    workout = parse(text, "long.ride")
    compiled = compile_workout(workout, "fit", CompileOptions(activation=activation))
    return compiled.fidelity.losses(), compiled.data


def cut(losses: list[Loss]) -> list[Loss]:
    return [loss for loss in losses if loss.topic == "text-cut"]


def line_col(loss: Loss) -> tuple[int, int]:
    assert loss.span is not None
    return loss.span.source.line_col(loss.span.start)


def test_cut_words_keeps_whole_words_and_returns_the_rest() -> None:
    kept, rest = cut_words(LONG)
    assert len(kept.encode()) <= 254
    assert LONG.startswith(kept) and LONG[len(kept)] == " "
    assert rest == LONG[len(kept) + 1 :]
    assert cut_words("short") == ("short", "")
    assert cut_words("x" * 300)[0] == "x" * 254  # one word: cut between characters


def test_a_long_description_is_cut_between_words_at_its_header_line() -> None:
    text = f"# a comment first\nname: Long\ndescription: {LONG[:200]}\n  {LONG[200:]}\n10m 50%\n"
    losses, data = fit_losses(text)
    (loss,) = cut(losses)
    assert line_col(loss) == (3, 1)  # the description, not the comment on line 1
    assert loss.level is LossLevel.WARNING
    assert loss.message is not None and "did not fit" in loss.message
    words = read_back_description(data).split()
    assert words == LONG.split()[: len(words)]  # whole words only
    assert f"'{LONG.split()[len(words)]} " in loss.message  # says where the cut is


LONG_ROUTINE = (
    f"name: Long\ndescription: {LONG[:180]}\n"
    'activation "Before you ride":\n  "Glute bridge" 15 reps\n  "Clamshell" 12 reps\n'
    '  "Bird dog" 8 reps each side\n  "Dead bug" 10 reps each side\n10m 50%\n'
)
"""A description and a checklist that do not fit FIT's 254 bytes together."""


def test_under_notes_a_checklist_that_does_not_fit_is_cut_at_the_activation_block() -> None:
    losses, data = fit_losses(LONG_ROUTINE, ActivationMode.NOTES)
    (loss,) = cut(losses)
    assert line_col(loss) == (3, 1)
    assert loss.message is not None
    assert "'Bird dog' and 'Dead bug' left out" in loss.message
    assert 'the default (or `activation="steps"`) writes it as lap-button' in loss.message
    assert read_back_description(data).endswith("- Clamshell: 12 reps")


def test_by_default_a_checklist_that_does_not_fit_becomes_lap_button_steps() -> None:
    """The rider meets every exercise on the head unit, before the ride, instead of a
    checklist cut short in a description few head units show."""
    losses, data = fit_losses(LONG_ROUTINE)
    assert cut(losses) == []
    (loss,) = [loss for loss in losses if loss.topic == "routine-steps"]
    assert loss.level is LossLevel.NOTE and line_col(loss) == (3, 1)
    assert loss.became is not None and '`activation="notes"` keeps it' in loss.became
    assert read_back_description(data) == LONG[:180]
    steps = read_back(data, Fidelity("fit"), lower(parse(LONG_ROUTINE, "long.ride"))).steps
    names = [step[1] for step in steps[:4]]
    assert names == ["Glute bridge", "Clamshell", "Bird dog", "Dead bug"]
    assert [step[2] for step in steps[:4]] == ["lap"] * 4  # lap-button steps


def test_by_default_a_checklist_that_fits_stays_in_the_description() -> None:
    text = 'name: Short\nactivation "Warm up":\n  "Glute bridge" 15 reps\n10m 50%\n'
    losses, data = fit_losses(text)
    assert [loss.topic for loss in losses if "activation" in loss.feature] == []
    assert read_back_description(data) == "Warm up:\n- Glute bridge: 15 reps"


def test_notes_keep_whole_cue_lines_and_point_at_the_first_cue_left_out() -> None:
    cues = "".join(f'  @{n}m "Cue {n}: {"keep the pedalling smooth " * 2}"\n' for n in range(1, 6))
    losses, data = fit_losses(f"name: Cues\n10m 50%\n{cues}")
    (loss,) = cut(losses)
    assert line_col(loss) == (6, 3)  # the fourth cue, the first that did not fit
    assert loss.message is not None and "'@4:00 Cue 4:" in loss.message
    assert "and 1 more" in loss.message
    timeline = lower(parse(f"name: Cues\n10m 50%\n{cues}", "cues.ride"))
    notes = read_back(data, Fidelity("fit"), timeline).steps[0][6]
    assert notes.splitlines()[-1].startswith("@3:00 Cue 3:")


def read_back_description(data: bytes) -> str:
    import fitparse

    fit = fitparse.FitFile(data)
    (message,) = list(fit.get_messages("workout"))
    value = message.get_values().get("wkt_description")
    assert isinstance(value, str)
    return value
