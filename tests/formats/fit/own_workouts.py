"""Our own FIT workout files in the shape of the examples in Garmin's FIT SDK.

Garmin's SDK ships three example workouts (WorkoutIndividualSteps, WorkoutRepeatSteps,
WorkoutCustomTargetValues) that real tools are tested with. They are under the FIT Protocol
License, which forbids redistributing the SDK, so `tests/corpus/fit/` holds these instead:
the same features, our own names and values. Like Garmin's, they are workouts for no
particular sport whose steps end after a time, a distance or a heart rate, with heart-rate
targets, the head unit's power zones, custom ranges (heart rate in bpm + 100, power in
watts + 1000) and a repeat step that `num_valid_steps` leaves out.

They are encoded with garmin-fit-sdk's `Encoder`, not ridec's, so a fixture never shares a
bug with the reader it tests. `python -m tests.formats.fit.own_workouts` writes them again;
`test_own_fit_fixtures.py` checks that the files in the repository are these bytes.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from garmin_fit_sdk import Encoder, Profile

from tests.paths import CORPUS

FOLDER = CORPUS / "fit"
CREATED = dt.datetime(2024, 3, 1, 7, 30, tzinfo=dt.UTC)

Fields = dict[str, Any]
MESG = Profile["mesg_num"]

HEART_RATE_OFFSET = 100
"""FIT writes a heart rate in bpm as bpm + 100 (values up to 100 are % of max heart rate)."""
WATTS_OFFSET = 1000
"""FIT writes a custom power in watts as watts + 1000 (values up to 1000 are % FTP)."""


def _time(seconds: int) -> Fields:
    return {"duration_type": "time", "duration_value": seconds * 1000}


def _distance(metres: int) -> Fields:
    return {"duration_type": "distance", "duration_value": metres * 100}


def _heart_rate_below(bpm: int) -> Fields:
    return {"duration_type": "hr_less_than", "duration_value": bpm + HEART_RATE_OFFSET}


def _heart_rate_zone(zone: int) -> Fields:
    return {"target_type": "heart_rate", "target_value": zone}


def _power_zone(zone: int) -> Fields:
    return {"target_type": "power", "target_value": zone}


def _heart_rate_range(low: int, high: int) -> Fields:
    return {
        "target_type": "heart_rate",
        "target_value": 0,
        "custom_target_value_low": low + HEART_RATE_OFFSET,
        "custom_target_value_high": high + HEART_RATE_OFFSET,
    }


def _watts_range(low: int, high: int) -> Fields:
    return {
        "target_type": "power",
        "target_value": 0,
        "custom_target_value_low": low + WATTS_OFFSET,
        "custom_target_value_high": high + WATTS_OFFSET,
    }


def _repeat(back_to: int, count: int) -> Fields:
    return {
        "duration_type": "repeat_until_steps_cmplt",
        "duration_value": back_to,
        "target_type": "open",
        "target_value": count,
    }


def _step(name: str, intensity: str, *parts: Fields) -> Fields:
    fields: Fields = {"wkt_step_name": name, "intensity": intensity}
    for part in parts:
        fields.update(part)
    return fields


def _encode(name: str, steps: list[Fields], num_valid_steps: int) -> bytes:
    encoder = Encoder()
    encoder.on_mesg(
        MESG["FILE_ID"],
        {
            "type": "workout",
            "manufacturer": "development",
            "product": 0,
            "serial_number": 20240301,
            "time_created": CREATED,
        },
    )
    encoder.on_mesg(MESG["WORKOUT"], {"wkt_name": name, "num_valid_steps": num_valid_steps})
    for index, step in enumerate(steps):
        encoder.on_mesg(MESG["WORKOUT_STEP"], {"message_index": index, **step})
    data: bytes = encoder.close()
    return data


def _warm_up(target: Fields) -> Fields:
    return _step("Warm up", "warmup", _time(300), target)


def _cool_down(target: Fields) -> Fields:
    return _step("Cool down", "cooldown", _heart_rate_below(125), target)


def individual_steps() -> bytes:
    """Four steps: heart-rate zone 2 for a time, two distances at power zones 5 and 3, and a
    cool-down that ends when the heart rate falls below 125 bpm."""
    return _encode(
        "Track session",
        [
            _warm_up(_heart_rate_zone(2)),
            _step("Fast 400", "active", _distance(400), _power_zone(5)),
            _step("Steady 800", "active", _distance(800), _power_zone(3)),
            _cool_down(_power_zone(1)),
        ],
        num_valid_steps=4,
    )


def repeat_steps() -> bytes:
    """The same steps with the two distances repeated four times. `num_valid_steps` is 4 of
    the 5 step messages: it leaves out the repeat step, as Garmin's own example does."""
    return _encode(
        "Track session x4",
        [
            _warm_up(_heart_rate_zone(2)),
            _step("Fast 400", "active", _distance(400), _power_zone(5)),
            _step("Steady 800", "active", _distance(800), _power_zone(3)),
            _step("Repeat", "active", _repeat(1, 4)),
            _cool_down(_power_zone(1)),
        ],
        num_valid_steps=4,
    )


def custom_target_values() -> bytes:
    """Custom ranges instead of zones: 120-135 bpm, then 280-290 W and 260-270 W."""
    return _encode(
        "Track session, custom targets",
        [
            _warm_up(_heart_rate_range(120, 135)),
            _step("Fast 400", "active", _distance(400), _watts_range(280, 290)),
            _step("Steady 800", "active", _distance(800), _watts_range(260, 270)),
            _cool_down(_watts_range(150, 160)),
        ],
        num_valid_steps=4,
    )


FIXTURES = {
    "ridec__workout-individual-steps.fit": individual_steps,
    "ridec__workout-repeat-steps.fit": repeat_steps,
    "ridec__workout-custom-target-values.fit": custom_target_values,
}


def main() -> int:
    for name, build in FIXTURES.items():
        (FOLDER / name).write_bytes(build())
        print(FOLDER / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
