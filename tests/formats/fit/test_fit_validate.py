"""Our FIT checker: located problems for broken files, clean for ours and for workouts in the
shape of Garmin's SDK examples (`tests/fit/own_workouts.py`)."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ridec.diagnostics import Severity
from ridec.formats.fit.checker import check_fit, diagnostics
from ridec.formats.fit.crc import crc16
from ridec.formats.fit.encoder import FieldValue, FitEncoder, Message, frame_records
from ridec.formats.fit.profile import (
    DurationType,
    MesgNum,
    StepField,
    TargetType,
)
from ridec.formats.fit.writer_messages import Identity, file_id_message, workout_message
from ridec.model import Intensity, Repeat, Step
from tests.formats.fit.fit_layout import data_message_offsets
from tests.formats.fit.fit_support import render, workout
from tests.formats.fit.own_workouts import FIXTURES
from tests.paths import CORPUS, EDGE810
from tests.targets import steady

CORPUS_WORKOUTS = [CORPUS / "fit" / name for name in FIXTURES]


def _sample() -> bytes:
    body = Repeat(3, (Step(60, steady(110), Intensity.INTERVAL, label="On"), Step(60, steady(50))))
    return render(workout(Step(300, steady(60), label="Warm up"), body)).data


def _errors(data: bytes) -> list[str]:
    return [str(p) for p in check_fit(data) if p.severity is Severity.ERROR]


def test_fit_validator_accepts_what_we_write() -> None:
    assert check_fit(_sample()) == []


@pytest.mark.parametrize("path", CORPUS_WORKOUTS, ids=lambda p: Path(p).name)
def test_fit_validator_accepts_workouts_shaped_like_garmins_examples(path: Path) -> None:
    """Running steps (distances, heart rates) are valid FIT: the reader warns about them."""
    assert _errors(path.read_bytes()) == []


def test_fit_validator_warns_when_num_valid_steps_leaves_out_the_repeat_step() -> None:
    data = (CORPUS / "fit" / "ridec__workout-repeat-steps.fit").read_bytes()
    [problem] = check_fit(data)
    assert problem.severity is Severity.WARNING
    assert "num_valid_steps is 4 but the file has 5 workout_step messages" in problem.message
    [workout_message] = [at for at, number in data_message_offsets(data) if number == 26]
    assert problem.offset == workout_message


def test_fit_validator_accepts_an_activity_with_a_zero_header_crc_as_a_warning() -> None:
    data = EDGE810.read_bytes()
    assert data[12:14] == b"\x00\x00"  # the Edge 810 wrote no header CRC
    problems = check_fit(data)
    assert [(p.offset, p.severity) for p in problems] == [(12, Severity.WARNING)]
    assert "header CRC is 0x0000" in problems[0].message


def test_fit_validator_names_the_file_crc_and_its_offset_on_a_flipped_byte() -> None:
    data = bytearray(_sample())
    data[40] ^= 0x01
    end = len(data) - 2
    stored = struct.unpack_from("<H", data, end)[0]
    computed = crc16(data[:end])
    assert _errors(bytes(data))[0] == (
        f"offset {end}: file CRC 0x{stored:04X} does not match computed 0x{computed:04X}"
    )


def test_fit_validator_names_the_header_crc() -> None:
    data = bytearray(_sample())
    data[12] ^= 0xFF
    assert _errors(bytes(data))[0].startswith("offset 12: header CRC 0x")


def test_fit_validator_reports_a_truncated_file() -> None:
    data = _sample()
    cut = data[: len(data) - 30]
    errors = _errors(cut)
    assert errors[0] == (
        f"offset 4: data size {len(data) - 16} puts the file CRC at byte {len(data) - 2}, "
        f"but the file has {len(cut)} bytes (truncated?)"
    )
    assert any("runs past the end of the data" in e for e in errors[1:])


@pytest.mark.parametrize(
    ("patch", "expected"),
    [
        ((8, b".FAT"), "offset 8: the file has no '.FIT' signature at bytes 8-11"),
        ((0, b"\x0d"), "offset 0: header size 13, expected 14 (or 12)"),
        ((1, b"\x30"), "offset 1: protocol version 0x30 is neither 1.x nor 2.x"),
    ],
)
def test_fit_validator_rejects_a_bad_header(patch: tuple[int, bytes], expected: str) -> None:
    data = bytearray(_sample())
    offset, value = patch
    data[offset : offset + len(value)] = value
    assert expected in _errors(bytes(data))


def test_fit_validator_rejects_a_file_shorter_than_a_header() -> None:
    assert _errors(b".FIT") == ["offset 0: the file is shorter than a FIT header (12 bytes)"]


def _file(*steps: Message, declared: int | None = None) -> bytes:
    encoder = FitEncoder()
    encoder.write(file_id_message(Identity(5, 1_000_000_000)))
    count = len(steps) if declared is None else declared
    encoder.write(workout_message("W", None, count))
    encoder.write_all(steps)
    return encoder.finish()


def _step(index: int, *fields: FieldValue) -> Message:
    base: tuple[FieldValue, ...] = (
        (StepField.MESSAGE_INDEX, index),
        (StepField.DURATION_TYPE, DurationType.TIME),
    )
    return Message(MesgNum.WORKOUT_STEP, base + fields)


def test_fit_validator_checks_message_index_order() -> None:
    data = _file(_step(0), _step(2))
    [error] = _errors(data)
    assert error.endswith("workout_step message_index 2, expected 1")


def test_fit_validator_checks_repeat_targets_go_back() -> None:
    repeat = Message(
        MesgNum.WORKOUT_STEP,
        (
            (StepField.MESSAGE_INDEX, 1),
            (StepField.DURATION_TYPE, DurationType.REPEAT_UNTIL_STEPS_CMPLT),
            (StepField.DURATION_VALUE, 1),
            (StepField.TARGET_VALUE, 3),
        ),
    )
    [error] = _errors(_file(_step(0), repeat))
    assert error.endswith("repeat step 1 goes back to step 1, which is not before it")


def test_fit_validator_checks_low_is_not_above_high() -> None:
    step = _step(
        0,
        (StepField.TARGET_TYPE, TargetType.POWER),
        (StepField.TARGET_VALUE, 0),
        (StepField.CUSTOM_TARGET_VALUE_LOW, 90),
        (StepField.CUSTOM_TARGET_VALUE_HIGH, 80),
    )
    [error] = _errors(_file(step))
    assert error.endswith("custom_target_value_low 90 is above custom_target_value_high 80")


def test_fit_validator_locates_semantic_problems_at_the_data_message() -> None:
    data = _file(_step(0), declared=3)
    [problem] = check_fit(data)
    # The workout message follows file_id's definition (21 bytes) and data (14 bytes), then
    # its own definition (6 + 4 * 3 bytes) within the records that start after the header.
    assert problem.offset == 14 + 21 + 14 + 18
    assert data[problem.offset] == 1  # the record header of local type 1's data message


def test_fit_validator_reports_undefined_local_types() -> None:
    records = bytes([0x03]) + b"\x00" * 4
    errors = _errors(frame_records(records))
    assert errors == ["offset 14: data message of local type 3, which no definition declared"]


def test_fit_diagnostics_are_located_by_byte_offset() -> None:
    data = bytearray(_sample())
    data[-1] ^= 0xFF
    [diagnostic] = diagnostics(bytes(data), "ride.fit")
    assert diagnostic.render().startswith(f"ride.fit: offset {len(data) - 2}: error: file CRC")


def test_fit_validator_follows_chained_files() -> None:
    one = _sample()
    assert check_fit(one + one) == []
    assert _errors(one + b"junk")[0].startswith(f"offset {len(one)}: the 4 bytes after")


@settings(max_examples=150)
@given(st.data())
def test_fit_validator_never_raises_on_damaged_files(data: st.DataObject) -> None:
    original = bytearray(_SAMPLE)
    for _ in range(data.draw(st.integers(1, 4))):
        offset = data.draw(st.integers(0, len(original) - 1))
        original[offset] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(original)))
    problems = check_fit(bytes(original[:cut]))
    assert all(0 <= p.offset <= len(original) for p in problems)


@settings(max_examples=100)
@given(st.binary(max_size=200))
def test_fit_validator_never_raises_on_garbage(garbage: bytes) -> None:
    for data in (garbage, b"\x0e\x20\x00\x00\x10\x00\x00\x00.FIT" + garbage):
        assert isinstance(check_fit(data), list)


_SAMPLE = _sample()


@pytest.mark.parametrize(
    "module", ["ridec.formats.fit.checker", "ridec.formats.fit.reader", "ridec.formats.fit.writer"]
)
def test_fit_modules_import_first_without_a_cycle(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
