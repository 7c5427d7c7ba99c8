"""FIT files read as workouts are refused past the message and value limits, before fitparse.

Each command runs in a child under the 512 MB address-space cap. Before (issue 24),
`validate` of a 1,000,000-record ride took 59 s and 650 MB through fitparse before saying
"the file has no file_id message"; 2.5 million compressed-timestamp records took 71-109 s
and 1.2 GB; a workout padded to 16 MB with 8 million two-byte messages of an unknown type
ended `check` in a MemoryError traceback under a 1 GB cap. Now our structural walk stops at
the first record past `MAX_FIT_MESSAGES` (or past `MAX_FIT_VALUES` values), located there.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

import ridec
from ridec.diagnostics import DiagnosticError
from ridec.formats.fit.encoder import frame_records
from ridec.formats.fit.profile import CRC_SIZE, HEADER_SIZE
from ridec.limits import MAX_FIT_MESSAGES, MAX_FIT_VALUES, MAX_INPUT_BYTES
from tests.faults.bounded import assert_located_failure, run_ridec
from tests.faults.long_rides import (
    UNKNOWN_MESG_NUM,
    compressed_ride,
    padded_workout,
    padding_offset,
    plain_ride,
    records_offset,
)
from tests.paths import CORPUS

WORKOUT = (CORPUS / "fit" / "ridec__workout-repeat-steps.fit").read_bytes()
WORKOUT_RECORDS = 14
"""Records of WORKOUT: 7 definitions, file_id, workout and 5 workout_step messages."""
COMMANDS = ("check", "validate", "show", "import")
TOO_MANY = f"the file has more than {MAX_FIT_MESSAGES:,} messages"
TOO_MANY_VALUES = f"the file's messages hold more than {MAX_FIT_VALUES:,} values"
FIRST_COMPRESSED = 14 + 12 + 7 + 9
"""Offset of a `compressed_ride`'s first compressed record (after the header, the timed
record's definition and record, and the compressed records' definition)."""


@pytest.fixture(scope="module")
def rides(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three files of the issue, written once for every command."""
    folder = tmp_path_factory.mktemp("rides")
    (folder / "r1m.fit").write_bytes(plain_ride(1_000_000))
    (folder / "c25.fit").write_bytes(compressed_ride(2_500_000))
    padded = padded_workout(WORKOUT, 8_000_000)
    assert len(padded) <= MAX_INPUT_BYTES  # only the message limit stops it
    (folder / "pad.fit").write_bytes(padded)
    return folder


@pytest.mark.parametrize("command", COMMANDS)
def test_a_million_records_are_refused_at_the_first_message_past_the_limit(
    rides: Path, command: str
) -> None:
    run = run_ridec([command, "r1m.fit"], rides)
    # The definition is the first record: record index MAX - 1 is the file's MAX + 1st.
    where = f"r1m.fit: offset {records_offset(MAX_FIT_MESSAGES - 1)}"
    assert_located_failure(run, where, TOO_MANY)
    assert "ridec review" in run.stderr  # the hint says where a recorded ride goes


@pytest.mark.parametrize("command", COMMANDS)
def test_compressed_records_are_refused_at_the_first_message_past_the_limit(
    rides: Path, command: str
) -> None:
    run = run_ridec([command, "c25.fit"], rides)
    # Three records come before the compressed ones (two definitions and a timed record).
    where = f"c25.fit: offset {FIRST_COMPRESSED + 3 * (MAX_FIT_MESSAGES - 3)}"
    assert_located_failure(run, where, TOO_MANY)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_workout_padded_with_unknown_messages_is_refused(rides: Path, command: str) -> None:
    run = run_ridec([command, "pad.fit"], rides)
    # The workout's records and the padding's definition come first.
    index = MAX_FIT_MESSAGES - WORKOUT_RECORDS - 1
    assert_located_failure(run, f"pad.fit: offset {padding_offset(WORKOUT, index)}", TOO_MANY)


def test_a_workout_with_some_unknown_messages_is_still_read(tmp_path: Path) -> None:
    padded = padded_workout(WORKOUT, MAX_FIT_MESSAGES - WORKOUT_RECORDS - 1)
    (tmp_path / "padded.fit").write_bytes(padded)
    run = run_ridec(["show", "padded.fit"], tmp_path)
    assert run.code == 0, run.stderr
    assert ridec.read(padded, "padded.fit").workout == ridec.read(WORKOUT, "w.fit").workout


def test_an_activity_past_the_limit_is_refused_as_a_recorded_ride(tmp_path: Path) -> None:
    file_id = bytes([0x40, 0, 0, 0, 0, 1, 0, 1, 0x00]) + bytes([0x00, 4])  # an activity
    ride = plain_ride(1_000_000)
    (tmp_path / "ride.fit").write_bytes(frame_records(file_id + ride[HEADER_SIZE:-CRC_SIZE]))
    run = run_ridec(["show", "ride.fit"], tmp_path)  # validate stops at the limit, before
    where = f"ride.fit: offset {HEADER_SIZE + 9}"  # the file_id message, after its definition
    assert_located_failure(run, where, "the file holds activity data (file type 4)")
    assert "ridec review" in run.stderr


def _wide(messages: int, fields: int) -> bytes:
    """WORKOUT followed by `messages` unknown messages of `fields` one-byte fields each."""
    layout = b"".join(bytes([num, 1, 0x02]) for num in range(fields))
    definition = bytes([0x40, 0, 0]) + struct.pack("<H", UNKNOWN_MESG_NUM) + bytes([fields])
    body = (bytes([0]) + bytes(range(1, fields + 1))) * messages
    return frame_records(WORKOUT[HEADER_SIZE:-CRC_SIZE] + definition + layout + body)


def test_messages_of_many_fields_are_refused_past_the_value_limit() -> None:
    within = MAX_FIT_VALUES // 255 - 1  # room left for the workout's own values
    assert ridec.read(_wide(within, 255), "wide.fit").workout.body
    with pytest.raises(DiagnosticError) as raised:
        ridec.read(_wide(within + 2, 255), "wide.fit")
    (diagnostic,) = raised.value.diagnostics
    assert TOO_MANY_VALUES in diagnostic.message
    assert diagnostic.span is not None
    first_padding = len(WORKOUT) - CRC_SIZE + 6 + 3 * 255
    assert (diagnostic.span.start - first_padding) % 256 == 0  # at a message's header byte
