"""The slice of Garmin's FIT profile ridec uses: base types, messages, fields, enums.

Numbers come from the FIT SDK profile (21.218). Only what ridec writes, checks or reads is
named here: the workout messages, and the few fields of an activity (a recorded ride) that
ride analysis needs. The validator and the readers look fields up by these numbers, never by
magic literals.
"""

from __future__ import annotations

from dataclasses import field
from enum import IntEnum

from ridec.records import record

HEADER_SIZE = 14
"""Header with its own CRC; the older 12-byte header has none."""
HEADER_SIZE_WITHOUT_CRC = 12
PROTOCOL_VERSION = 0x20
"""Protocol 2.0, the version every current SDK writes."""
PROFILE_VERSION = 21_218
"""Profile 21.218, written as major * 1000 + minor like garmin-fit-sdk does."""
DATA_TYPE = b".FIT"
CRC_SIZE = 2

FIT_EPOCH = 631_065_600
"""Unix time of the FIT epoch, 1989-12-31T00:00:00Z: FIT times count seconds from here."""
WATTS_OFFSET = 1000
"""Custom power targets above this are watts + 1000; up to it they are % FTP."""
MAX_FIELD_SIZE = 255
"""A field's size is one byte in its definition."""
MAX_STRING_BYTES = MAX_FIELD_SIZE - 1
"""Longest UTF-8 text a string field holds, leaving room for the terminating NUL."""
LOCAL_MESSAGE_TYPES = 16
"""Local message types 0-15 name the definitions a data message refers to."""

DEFINITION_FLAG = 0x40
"""Record header bit of a definition message."""
DEVELOPER_DATA_FLAG = 0x20
"""Definition header bit: developer field definitions follow the field definitions."""
COMPRESSED_TIMESTAMP_FLAG = 0x80
"""Record header bit of a data message with a compressed timestamp header."""
LOCAL_TYPE_MASK = 0x0F
COMPRESSED_LOCAL_TYPE_SHIFT = 5
COMPRESSED_LOCAL_TYPE_MASK = 0x03
ARCH_LITTLE_ENDIAN = 0
ARCH_BIG_ENDIAN = 1


@record
class BaseType:
    """How a field's bytes are laid out: its definition code, size, struct code, invalid value."""

    name: str
    """The profile's name for it."""
    code: int
    """The byte written in a field definition (endian-ability bit 0x80 included)."""
    size: int
    """Bytes per value (1 for a string's characters)."""
    struct_code: str
    """The `struct` format letter of one value."""
    invalid: int
    """The value that means "not set"."""


ENUM = BaseType("enum", 0x00, 1, "B", 0xFF)
SINT8 = BaseType("sint8", 0x01, 1, "b", 0x7F)
UINT8 = BaseType("uint8", 0x02, 1, "B", 0xFF)
SINT16 = BaseType("sint16", 0x83, 2, "h", 0x7FFF)
UINT16 = BaseType("uint16", 0x84, 2, "H", 0xFFFF)
SINT32 = BaseType("sint32", 0x85, 4, "i", 0x7FFF_FFFF)
UINT32 = BaseType("uint32", 0x86, 4, "I", 0xFFFF_FFFF)
STRING = BaseType("string", 0x07, 1, "s", 0x00)
FLOAT32 = BaseType("float32", 0x88, 4, "f", 0xFFFF_FFFF)
FLOAT64 = BaseType("float64", 0x89, 8, "d", 0xFFFF_FFFF_FFFF_FFFF)
UINT8Z = BaseType("uint8z", 0x0A, 1, "B", 0x00)
UINT16Z = BaseType("uint16z", 0x8B, 2, "H", 0x0000)
UINT32Z = BaseType("uint32z", 0x8C, 4, "I", 0x0000_0000)
BYTE = BaseType("byte", 0x0D, 1, "B", 0xFF)
SINT64 = BaseType("sint64", 0x8E, 8, "q", 0x7FFF_FFFF_FFFF_FFFF)
UINT64 = BaseType("uint64", 0x8F, 8, "Q", 0xFFFF_FFFF_FFFF_FFFF)
UINT64Z = BaseType("uint64z", 0x90, 8, "Q", 0)

_ALL_BASE_TYPES: tuple[BaseType, ...] = (ENUM, SINT8, UINT8, SINT16, UINT16, SINT32, UINT32)
_ALL_BASE_TYPES += (STRING, FLOAT32, FLOAT64, UINT8Z, UINT16Z, UINT32Z, BYTE, SINT64, UINT64)
_ALL_BASE_TYPES += (UINT64Z,)
BASE_TYPE_NUMBER_MASK = 0x1F
BASE_TYPES: dict[int, BaseType] = {t.code & BASE_TYPE_NUMBER_MASK: t for t in _ALL_BASE_TYPES}
"""Every base type by its number (the code without the endian bit)."""


class MesgNum(IntEnum):
    """Global message numbers."""

    FILE_ID = 0
    WORKOUT = 26
    WORKOUT_STEP = 27


@record
class FieldSpec:
    """One field of a message: number, profile name and base type."""

    num: int
    """Field definition number."""
    name: str
    """The profile's field name."""
    base: BaseType
    """How its value is stored."""
    definition: tuple[int, int, int] = field(init=False, repr=False, compare=False)
    """(number, size, base type code) as a definition message lists it (strings: size 0)."""

    def __post_init__(self) -> None:
        size = 0 if self.base.name == "string" else self.base.size
        object.__setattr__(self, "definition", (self.num, size, self.base.code))


class FileIdField:
    """Fields of `file_id` (message 0)."""

    TYPE = FieldSpec(0, "type", ENUM)
    MANUFACTURER = FieldSpec(1, "manufacturer", UINT16)
    PRODUCT = FieldSpec(2, "product", UINT16)
    SERIAL_NUMBER = FieldSpec(3, "serial_number", UINT32Z)
    TIME_CREATED = FieldSpec(4, "time_created", UINT32)


class WorkoutField:
    """Fields of `workout` (message 26)."""

    SPORT = FieldSpec(4, "sport", ENUM)
    NUM_VALID_STEPS = FieldSpec(6, "num_valid_steps", UINT16)
    WKT_NAME = FieldSpec(8, "wkt_name", STRING)
    SUB_SPORT = FieldSpec(11, "sub_sport", ENUM)
    WKT_DESCRIPTION = FieldSpec(17, "wkt_description", STRING)


class StepField:
    """Fields of `workout_step` (message 27)."""

    MESSAGE_INDEX = FieldSpec(254, "message_index", UINT16)
    WKT_STEP_NAME = FieldSpec(0, "wkt_step_name", STRING)
    DURATION_TYPE = FieldSpec(1, "duration_type", ENUM)
    DURATION_VALUE = FieldSpec(2, "duration_value", UINT32)
    TARGET_TYPE = FieldSpec(3, "target_type", ENUM)
    TARGET_VALUE = FieldSpec(4, "target_value", UINT32)
    CUSTOM_TARGET_VALUE_LOW = FieldSpec(5, "custom_target_value_low", UINT32)
    CUSTOM_TARGET_VALUE_HIGH = FieldSpec(6, "custom_target_value_high", UINT32)
    INTENSITY = FieldSpec(7, "intensity", ENUM)
    NOTES = FieldSpec(8, "notes", STRING)
    SECONDARY_TARGET_TYPE = FieldSpec(19, "secondary_target_type", ENUM)
    SECONDARY_TARGET_VALUE = FieldSpec(20, "secondary_target_value", UINT32)
    SECONDARY_CUSTOM_TARGET_VALUE_LOW = FieldSpec(21, "secondary_custom_target_value_low", UINT32)
    SECONDARY_CUSTOM_TARGET_VALUE_HIGH = FieldSpec(22, "secondary_custom_target_value_high", UINT32)


class FileType(IntEnum):
    """`file` enum: what a FIT file holds."""

    ACTIVITY = 4
    WORKOUT = 5


class Manufacturer(IntEnum):
    """`manufacturer` values ridec uses."""

    DEVELOPMENT = 255


class Sport(IntEnum):
    """`sport` values ridec writes or reads."""

    GENERIC = 0
    RUNNING = 1
    CYCLING = 2


class SubSport(IntEnum):
    """`sub_sport` values ridec writes or reads."""

    GENERIC = 0
    SPIN = 5
    INDOOR_CYCLING = 6
    VIRTUAL_ACTIVITY = 58


class DurationType(IntEnum):
    """`wkt_step_duration`: what ends a step."""

    TIME = 0
    DISTANCE = 1
    HR_LESS_THAN = 2
    HR_GREATER_THAN = 3
    CALORIES = 4
    OPEN = 5
    REPEAT_UNTIL_STEPS_CMPLT = 6
    REPEAT_UNTIL_TIME = 7
    REPEAT_UNTIL_DISTANCE = 8
    REPEAT_UNTIL_CALORIES = 9
    REPEAT_UNTIL_HR_LESS_THAN = 10
    REPEAT_UNTIL_HR_GREATER_THAN = 11
    REPEAT_UNTIL_POWER_LESS_THAN = 12
    REPEAT_UNTIL_POWER_GREATER_THAN = 13
    POWER_LESS_THAN = 14
    POWER_GREATER_THAN = 15


REPEAT_DURATION_TYPES = frozenset(range(DurationType.REPEAT_UNTIL_STEPS_CMPLT, 14))
"""Duration types of repeat steps: their duration_value is the first step's message_index."""


class TargetType(IntEnum):
    """`wkt_step_target`: what a step's target measures."""

    SPEED = 0
    HEART_RATE = 1
    OPEN = 2
    CADENCE = 3
    POWER = 4


CUSTOM_TARGET = 0
"""`target_value` 0: the target is the custom low/high range, not a zone."""


class FitIntensity(IntEnum):
    """`intensity` enum of a workout step."""

    ACTIVE = 0
    REST = 1
    WARMUP = 2
    COOLDOWN = 3
    RECOVERY = 4
    INTERVAL = 5
    OTHER = 6


# Activity files (a recorded ride): what `review` and `balance` read.


class ActivityMesgNum(IntEnum):
    """Global numbers of the activity messages ride analysis reads (MesgNum holds the
    workout's, which the workout reader iterates)."""

    ZONES_TARGET = 7
    SPORT = 12
    SESSION = 18
    LAP = 19
    RECORD = 20
    EVENT = 21


TIMESTAMP = FieldSpec(253, "timestamp", UINT32)
"""Field 253 of every timed message: seconds since the FIT epoch."""


class RecordField:
    """Fields of `record` (message 20), one a second on most head units."""

    POSITION_LAT = FieldSpec(0, "position_lat", SINT32)
    CADENCE = FieldSpec(4, "cadence", UINT8)
    POWER = FieldSpec(7, "power", UINT16)
    LEFT_RIGHT_BALANCE = FieldSpec(30, "left_right_balance", UINT8)


class EventField:
    """Fields of `event` (message 21)."""

    EVENT = FieldSpec(0, "event", ENUM)
    EVENT_TYPE = FieldSpec(1, "event_type", ENUM)


class LapField:
    """Fields of `lap` (message 19); its timestamp is the lap's end."""

    START_TIME = FieldSpec(2, "start_time", UINT32)
    LEFT_RIGHT_BALANCE = FieldSpec(34, "left_right_balance", UINT16)


class SessionField:
    """Fields of `session` (message 18)."""

    START_TIME = FieldSpec(2, "start_time", UINT32)
    SPORT = FieldSpec(5, "sport", ENUM)
    SUB_SPORT = FieldSpec(6, "sub_sport", ENUM)
    LEFT_RIGHT_BALANCE = FieldSpec(37, "left_right_balance", UINT16)
    THRESHOLD_POWER = FieldSpec(45, "threshold_power", UINT16)


class SportField:
    """Fields of `sport` (message 12): the activity profile the head unit ran."""

    SPORT = FieldSpec(0, "sport", ENUM)
    SUB_SPORT = FieldSpec(1, "sub_sport", ENUM)


class ZonesTargetField:
    """Fields of `zones_target` (message 7): the rider's thresholds on the head unit."""

    FUNCTIONAL_THRESHOLD_POWER = FieldSpec(3, "functional_threshold_power", UINT16)


TIMER_EVENT = 0
"""`event` value `timer`: the head unit's timer started or stopped."""


class EventType(IntEnum):
    """`event_type` values of timer events."""

    START = 0
    STOP = 1
    STOP_ALL = 4
    STOP_DISABLE = 8
    STOP_DISABLE_ALL = 9


TIMER_STOPS = frozenset(
    {EventType.STOP, EventType.STOP_ALL, EventType.STOP_DISABLE, EventType.STOP_DISABLE_ALL}
)
"""Timer event types that pause the ride clock (a `start` resumes it)."""
INDOOR_SUB_SPORTS = frozenset({SubSport.SPIN, SubSport.INDOOR_CYCLING, SubSport.VIRTUAL_ACTIVITY})
"""`sub_sport` values of rides on a trainer (or a spin bike, or in a virtual world)."""

BALANCE_RIGHT_BIT = 0x80
"""`left_right_balance` (uint8): set when the low 7 bits are the right leg's percent; clear,
the side is not said."""
BALANCE_PERCENT_MASK = 0x7F
BALANCE_100_RIGHT_BIT = 0x8000
"""`left_right_balance_100` (uint16): set when the low 14 bits are the right leg's share."""
BALANCE_100_MASK = 0x3FFF
"""The low 14 bits: the share in hundredths of a percent."""
