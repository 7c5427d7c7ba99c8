"""The three messages of a FIT workout file, built from numbered steps.

Field order within each message is fixed, so every step with the same fields shares one
definition; fields with nothing to say are left out rather than written as invalid.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from ridec.targets.fit.encoder import FieldValue, Message
from ridec.targets.fit.profile import (
    CUSTOM_TARGET,
    FIT_EPOCH,
    DurationType,
    FileIdField,
    FileType,
    Manufacturer,
    MesgNum,
    Sport,
    StepField,
    SubSport,
    TargetType,
    WorkoutField,
)
from ridec.targets.fit.repeats import RepeatStep
from ridec.targets.fit.steps import FitStep

PRODUCT = 1
"""Product number under the development manufacturer (255), which has no registered list."""
SUB_SPORT = SubSport.GENERIC
"""generic rather than indoor_cycling: a FIT workout goes to head units ridden outdoors as
much as on a trainer, and some units switch to their indoor profile (no GPS, virtual speed)
for an indoor_cycling workout. The trainer-only formats (ZWO, ERG, MRC) cover indoor use."""
DERIVED_TIME_BASE = 946_771_200
"""2020-01-01T00:00:00Z in FIT seconds: start of the range of derived `time_created`s."""
DERIVED_TIME_SPAN = 1 << 26
"""About two years: derived times stay well above FIT's 0x10000000 "absolute time" floor."""
MIN_ABSOLUTE_TIME = 0x1000_0000
"""FIT date_time values below this are relative (seconds since power-up), not dates."""


@dataclass(frozen=True, slots=True)
class Identity:
    """What tells one workout file from another on a device: serial number and creation time."""

    serial_number: int
    """Non-zero (0 is uint32z's "not set")."""
    time_created: int
    """FIT seconds."""


PLACEHOLDER = Identity(1, MIN_ABSOLUTE_TIME)
"""Written first and filled in once the content is encoded (it has the real one's shape)."""


def derive_identity(content: bytes, created: dt.datetime | None) -> Identity:
    """Serial number and time from a hash of the encoded content, so equal workouts give
    equal bytes.

    Devices and Garmin Connect treat files with the same serial number and time as the same
    workout, so different content must get different values and the same content the same.
    `created` (`--created`) sets the time instead.
    """
    digest = hashlib.blake2b(content, digest_size=8).digest()
    serial = int.from_bytes(digest[:4], "little") or 1
    if created is not None:
        return Identity(serial, fit_time(created))
    derived = DERIVED_TIME_BASE + int.from_bytes(digest[4:], "little") % DERIVED_TIME_SPAN
    return Identity(serial, derived)


def fit_time(moment: dt.datetime) -> int:
    """Seconds since the FIT epoch; a naive datetime is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return int(moment.timestamp()) - FIT_EPOCH


def file_id_message(identity: Identity) -> Message:
    """`file_id`: a workout file from the development manufacturer."""
    return Message(
        MesgNum.FILE_ID,
        (
            (FileIdField.TYPE, FileType.WORKOUT),
            (FileIdField.MANUFACTURER, Manufacturer.DEVELOPMENT),
            (FileIdField.PRODUCT, PRODUCT),
            (FileIdField.SERIAL_NUMBER, identity.serial_number),
            (FileIdField.TIME_CREATED, identity.time_created),
        ),
    )


def workout_message(name: str, description: str | None, step_count: int) -> Message:
    """`workout`: name, cycling, and the number of workout_step messages (repeats included)."""
    fields: list[FieldValue] = [
        (WorkoutField.WKT_NAME, name),
        (WorkoutField.SPORT, Sport.CYCLING),
        (WorkoutField.SUB_SPORT, SUB_SPORT),
        (WorkoutField.NUM_VALID_STEPS, step_count),
    ]
    if description:
        fields.append((WorkoutField.WKT_DESCRIPTION, description))
    return Message(MesgNum.WORKOUT, tuple(fields))


_OPEN_DURATION: tuple[FieldValue, ...] = ((StepField.DURATION_TYPE, DurationType.OPEN),)
_TIME_DURATION: FieldValue = (StepField.DURATION_TYPE, DurationType.TIME)
_OPEN_TARGET: tuple[FieldValue, ...] = ((StepField.TARGET_TYPE, TargetType.OPEN),)
_POWER_TARGET: tuple[FieldValue, ...] = (
    (StepField.TARGET_TYPE, TargetType.POWER),
    (StepField.TARGET_VALUE, CUSTOM_TARGET),
)
_CADENCE_TARGET: tuple[FieldValue, ...] = (
    (StepField.SECONDARY_TARGET_TYPE, TargetType.CADENCE),
    (StepField.SECONDARY_TARGET_VALUE, CUSTOM_TARGET),
)


def step_message(index: int, step: FitStep | RepeatStep) -> Message:
    """One `workout_step` at position `index` (built from constant parts: a hot path)."""
    if isinstance(step, RepeatStep):
        return repeat_message(index, step)
    name = ((StepField.WKT_STEP_NAME, step.name),) if step.name else ()
    if step.duration_ms is None:
        duration = _OPEN_DURATION
    else:
        duration = (_TIME_DURATION, (StepField.DURATION_VALUE, step.duration_ms))
    power: tuple[FieldValue, ...] = _OPEN_TARGET
    if step.power is not None:
        power = (
            *_POWER_TARGET,
            (StepField.CUSTOM_TARGET_VALUE_LOW, step.power.low),
            (StepField.CUSTOM_TARGET_VALUE_HIGH, step.power.high),
        )
    notes = ((StepField.NOTES, step.notes),) if step.notes else ()
    cadence: tuple[FieldValue, ...] = ()
    if step.cadence is not None:
        cadence = (
            *_CADENCE_TARGET,
            (StepField.SECONDARY_CUSTOM_TARGET_VALUE_LOW, step.cadence[0]),
            (StepField.SECONDARY_CUSTOM_TARGET_VALUE_HIGH, step.cadence[1]),
        )
    fields = (StepField.MESSAGE_INDEX, index), *name, *duration, *power
    return Message(
        MesgNum.WORKOUT_STEP, (*fields, (StepField.INTENSITY, step.intensity), *notes, *cadence)
    )


def repeat_message(index: int, step: RepeatStep) -> Message:
    """A repeat step: back to `first_index` until the block has run `count` times."""
    return Message(
        MesgNum.WORKOUT_STEP,
        (
            (StepField.MESSAGE_INDEX, index),
            (StepField.DURATION_TYPE, DurationType.REPEAT_UNTIL_STEPS_CMPLT),
            (StepField.DURATION_VALUE, step.first_index),
            (StepField.TARGET_VALUE, step.count),
        ),
    )
