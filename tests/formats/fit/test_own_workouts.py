"""The FIT workouts in `tests/corpus/fit/` are what `tests/fit/own_workouts.py` encodes, and
they carry the features of Garmin's SDK examples that the reader and checker tests rely on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from garmin_fit_sdk import Decoder, Stream

from tests.formats.fit.own_workouts import FIXTURES, FOLDER


@pytest.mark.parametrize(("name", "build"), sorted(FIXTURES.items()))
def test_the_file_in_the_repository_is_what_the_script_encodes(
    name: str, build: Callable[[], bytes]
) -> None:
    assert (FOLDER / name).read_bytes() == build()


def _steps(name: str) -> list[dict[str, Any]]:
    data = bytearray((FOLDER / name).read_bytes())
    assert Decoder(Stream.from_byte_array(data)).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(data)).read()
    assert errors == []
    [workout] = messages["workout_mesgs"]
    steps: list[dict[str, Any]] = [dict(s) for s in messages["workout_step_mesgs"]]
    assert "sport" not in workout  # like Garmin's examples: a workout for no sport
    return steps


def test_repeat_steps_has_running_steps_and_a_repeat_left_out_of_num_valid_steps() -> None:
    steps = _steps("ridec__workout-repeat-steps.fit")
    assert [s["duration_type"] for s in steps] == [
        "time", "distance", "distance", "repeat_until_steps_cmplt", "hr_less_than",
    ]  # fmt: skip
    assert [s["target_type"] for s in steps] == [
        "heart_rate", "power", "power", "open", "power",
    ]  # fmt: skip
    assert (steps[3]["duration_value"], steps[3]["target_value"]) == (1, 4)


def test_custom_target_values_are_heart_rate_and_watts_ranges() -> None:
    steps = _steps("ridec__workout-custom-target-values.fit")
    ranges = [(s["custom_target_value_low"], s["custom_target_value_high"]) for s in steps]
    assert ranges == [(220, 235), (1280, 1290), (1260, 1270), (1150, 1160)]
