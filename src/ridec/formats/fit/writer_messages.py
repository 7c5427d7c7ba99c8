"""The three messages of a FIT workout file, built from numbered steps.

Field order within each message is fixed, so every step with the same fields shares one
definition; fields with nothing to say are left out rather than written as invalid.
"""

from __future__ import annotations

import datetime as dt

from ridec.formats.fit.encoder import FieldValue, Message, MessageKind, kind_of
from ridec.formats.fit.profile import (
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
from ridec.formats.fit.writer_repeats import RepeatStep
from ridec.formats.fit.writer_steps import FitStep
from ridec.records import record

# hashlib's own BLAKE2b, imported without hashlib, which loads OpenSSL (several ms of every
# compile's start-up) for hashes this module does not use.
try:
    from _blake2 import blake2b
except ImportError:  # a Python built without it: hashlib then has it from OpenSSL
    from hashlib import blake2b

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


@record
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
    digest = blake2b(content, digest_size=8).digest()
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


def step_kind(named: bool, timed: bool, power: bool, notes: bool, cadence: bool) -> MessageKind:
    """The fields of a workout step with these parts, in the order they are written."""
    specs = [StepField.MESSAGE_INDEX]
    specs += [StepField.WKT_STEP_NAME] if named else []
    specs += [StepField.DURATION_TYPE] + ([StepField.DURATION_VALUE] if timed else [])
    specs += [StepField.TARGET_TYPE]
    if power:
        specs += [
            StepField.TARGET_VALUE,
            StepField.CUSTOM_TARGET_VALUE_LOW,
            StepField.CUSTOM_TARGET_VALUE_HIGH,
        ]
    specs += [StepField.INTENSITY] + ([StepField.NOTES] if notes else [])
    if cadence:
        specs += [
            StepField.SECONDARY_TARGET_TYPE,
            StepField.SECONDARY_TARGET_VALUE,
            StepField.SECONDARY_CUSTOM_TARGET_VALUE_LOW,
            StepField.SECONDARY_CUSTOM_TARGET_VALUE_HIGH,
        ]
    return kind_of(MesgNum.WORKOUT_STEP, tuple(specs))


_STEP_KINDS: dict[tuple[bool, bool, bool, bool, bool], MessageKind] = {}
"""`step_kind` by its arguments, made once each (a dict lookup is cheaper than a cache call)."""

REPEAT_KIND = kind_of(
    MesgNum.WORKOUT_STEP,
    (
        StepField.MESSAGE_INDEX,
        StepField.DURATION_TYPE,
        StepField.DURATION_VALUE,
        StepField.TARGET_VALUE,
    ),
)
"""A repeat step: back to `first_index` until the block has run `count` times."""


def step_record(index: int, step: FitStep | RepeatStep) -> tuple[MessageKind, list[int | str]]:
    """The kind and values of the `workout_step` at position `index` (the writer's hot path:
    no per-field pairs, and the kind is compiled once)."""
    if isinstance(step, RepeatStep):
        return REPEAT_KIND, [
            index, DurationType.REPEAT_UNTIL_STEPS_CMPLT, step.first_index, step.count
        ]  # fmt: skip
    name, millis, power, notes, cadence = (
        step.name, step.duration_ms, step.power, step.notes, step.cadence
    )  # fmt: skip
    values: list[int | str] = [index, name] if name else [index]
    values += [DurationType.OPEN] if millis is None else [DurationType.TIME, millis]
    if power is None:
        values.append(TargetType.OPEN)
    else:
        values += [TargetType.POWER, CUSTOM_TARGET, power.low, power.high]
    values += [step.intensity, notes] if notes else [step.intensity]
    if cadence is not None:
        values += [TargetType.CADENCE, CUSTOM_TARGET, cadence[0], cadence[1]]
    parts = (bool(name), millis is not None, power is not None, bool(notes), cadence is not None)
    kind = _STEP_KINDS.get(parts) or _STEP_KINDS.setdefault(parts, step_kind(*parts))
    return kind, values


def step_message(index: int, step: FitStep | RepeatStep) -> Message:
    """The same step as a `Message` of (field, value) pairs, for tools and tests."""
    kind, values = step_record(index, step)
    return Message(kind.mesg_num, tuple(zip(kind.specs, values, strict=True)))
