"""The FIT encoder: CRC, header, strings, local message types, and garmin-fit-sdk's bytes."""

from __future__ import annotations

import datetime as dt
import struct
from typing import Any

import pytest
from garmin_fit_sdk import CrcCalculator, Encoder, Profile
from hypothesis import given, settings
from hypothesis import strategies as st

from ridec.formats.base import CompileOptions, Fidelity
from ridec.formats.fit import crc
from ridec.formats.fit.crc import crc16
from ridec.formats.fit.encoder import (
    FitEncoder,
    Message,
    encode_string,
    file_header,
    truncate_utf8,
)
from ridec.formats.fit.profile import (
    FIT_EPOCH,
    HEADER_SIZE,
    PROFILE_VERSION,
    PROTOCOL_VERSION,
    MesgNum,
    StepField,
)
from ridec.formats.fit.writer import FitWriter, all_messages
from ridec.formats.fit.writer_messages import Identity, file_id_message, workout_message
from ridec.model import LAP, Cadence, Cue, Flag, Intensity, Repeat, Step
from ridec.timeline import lower
from tests.formats.fit.fit_support import CREATED, sdk_messages, workout
from tests.targets import WATTS, band, ramp, steady


@settings(max_examples=200)
@given(st.binary(max_size=300), st.binary(max_size=40))
def test_fit_crc_matches_the_sdk(data: bytes, more: bytes) -> None:
    whole = data + more
    assert crc16(data) == CrcCalculator.calculate_crc(data, 0, len(data))
    assert crc16(more, crc16(data)) == CrcCalculator.calculate_crc(whole, 0, len(whole))


@pytest.mark.parametrize("fast_after", [0, 1 << 60])
def test_fit_crc_with_and_without_bit_planes_matches_the_sdk(
    fast_after: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(crc, "FAST_AFTER", fast_after)
    data = bytes(range(256)) * 5 + b"tail"
    assert crc16(data) == CrcCalculator.calculate_crc(data, 0, len(data))
    assert crc16(data[7:], crc16(data[:7])) == CrcCalculator.calculate_crc(data, 0, len(data))


@settings(max_examples=200)
@given(st.binary(max_size=300), st.binary(max_size=40), st.integers(0, 3 * crc.PERIOD // 8))
def test_fit_crc_by_bit_planes_matches_the_sdk(data: bytes, more: bytes, zeros: int) -> None:
    """Any length, folded or not (up to three periods of the planes), and any register to
    continue from: the planes give the SDK's CRC."""
    whole = data + bytes(zeros) + more
    start = CrcCalculator.calculate_crc(data, 0, len(data))
    rest = whole[len(data) :]
    if len(whole) >= 2:  # what crc16 gives the planes
        assert crc._by_planes(whole, 0) == CrcCalculator.calculate_crc(whole, 0, len(whole))
    if len(rest) >= 2:
        assert crc._by_planes(rest, start) == CrcCalculator.calculate_crc(whole, 0, len(whole))


def test_fit_crc_of_a_long_message_folds_it() -> None:
    """Several periods of the planes, with bytes everywhere, against the byte loop."""
    data = bytes(range(1, 256)) * (crc.PERIOD // 255 * 3 // 8 + 7)
    by_bytes = 0
    for byte in data:
        by_bytes = (by_bytes >> 8) ^ crc._BYTE_TABLE[(by_bytes ^ byte) & 0xFF]
    assert len(data) * 8 > 3 * crc.PERIOD
    assert crc._by_planes(data, 0) == by_bytes


def test_fit_header_fields_and_crc() -> None:
    header = file_header(1234)
    assert len(header) == HEADER_SIZE
    size, protocol, profile, data_size, signature, crc = struct.unpack("<BBHI4sH", header)
    assert (size, protocol, profile, data_size, signature) == (
        14,
        PROTOCOL_VERSION,
        PROFILE_VERSION,
        1234,
        b".FIT",
    )
    assert crc == CrcCalculator.calculate_crc(header, 0, 12) != 0
    version = Profile["version"]
    assert version["major"] * 1000 + version["minor"] == PROFILE_VERSION


def test_fit_epoch_is_1989_12_31() -> None:
    epoch = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)
    assert FIT_EPOCH == epoch.timestamp() == 631065600


@pytest.mark.parametrize(
    ("text", "limit", "kept"),
    [
        ("short", 254, "short"),
        ("a" * 300, 254, "a" * 254),
        ("é" * 200, 254, "é" * 127),  # 2 bytes each: 254 exactly
        ("x" + "é" * 200, 254, "x" + "é" * 126),  # 253 bytes: the next é would split
        ("🚴" * 70, 254, "🚴" * 63),  # 4 bytes each: 252
        ("nul\x00inside", 254, "nulinside"),
        ("abc€", 4, "abc"),
    ],
)
def test_fit_strings_are_cut_on_a_character_boundary(text: str, limit: int, kept: str) -> None:
    assert truncate_utf8(text, limit) == kept
    assert len(kept.encode()) <= limit


def test_fit_string_field_is_utf8_with_a_nul_and_sized_in_bytes() -> None:
    assert encode_string("Réc") == b"R\xc3\xa9c\x00"
    assert len(encode_string("é" * 300)) == 255


def _sdk_dict(message: Message) -> dict[str, Any]:
    fields: dict[str, Any] = {"mesg_num": int(message.mesg_num)}
    for spec, value in message.fields:
        fields[spec.name] = value if isinstance(value, str) else int(value)
    return fields


def _sdk_bytes(messages: list[Message]) -> bytes:
    encoder = Encoder()
    for message in messages:
        encoder.write_mesg(_sdk_dict(message))
    data: bytes = encoder.close()
    return data


def _records(data: bytes) -> bytes:
    return data[HEADER_SIZE:-2]


ON = Step(240, steady(80), Intensity.INTERVAL, Cadence(60, 70), (Flag.UPSTROKE,), "Up")
SDK_CASES = {
    "steady": workout(Step(300, steady(65), Intensity.WARMUP, label="Warm up")),
    "everything": workout(
        Step(600, ramp(50, 75), Intensity.WARMUP, label="Warm up"),
        Repeat(3, (ON, Step(120, band(100, 150, WATTS), Intensity.RECOVERY, label="Off"))),
        Step(LAP, label="Press lap", cues=(Cue(0, "Go"), Cue(30, "Stand up"))),
        Step(300, steady(250, WATTS), Intensity.COOLDOWN),
        description="Descrição",
    ),
    "nested": workout(
        Repeat(2, (Repeat(3, (Step(30, steady(120)), Step(30, steady(50)))), Step(60, steady(40)))),
    ),
}


@pytest.mark.parametrize("name", sorted(SDK_CASES))
@pytest.mark.parametrize("nested", [False, True])
def test_fit_records_equal_the_sdk_encoders(name: str, nested: bool) -> None:
    options = CompileOptions(created=CREATED, fit_nested_repeats=nested)
    timeline = lower(SDK_CASES[name], 250)
    messages = all_messages(timeline, options, Fidelity("fit"))
    encoder = FitEncoder()
    encoder.write_all(messages)
    ours = encoder.finish()
    sdk = _sdk_bytes(messages)
    assert _records(ours) == _records(sdk)
    assert ours == sdk  # same profile version in the header, hence the same CRCs too
    # The writer's own path (step kinds and values, no field pairs) gives the same bytes.
    assert FitWriter().render(timeline, options, Fidelity("fit")) == ours


def test_fit_local_types_cycle_like_the_sdk_past_sixteen_definitions() -> None:
    # Step names of 20 different lengths make 20 definitions: local types 0-15 are reused.
    steps = [
        Message(
            MesgNum.WORKOUT_STEP,
            ((StepField.MESSAGE_INDEX, i), (StepField.WKT_STEP_NAME, "x" * (1 + i % 20))),
        )
        for i in range(45)
    ]
    messages = [
        file_id_message(Identity(7, 1_000_000_000)),
        workout_message("Cycle", None, len(steps)),
        *steps,
    ]
    encoder = FitEncoder()
    encoder.write_all(messages)
    ours = encoder.finish()
    assert ours == _sdk_bytes(messages)
    read = sdk_messages(ours)
    names = [m["wkt_step_name"] for m in read["workout_step_mesgs"]]
    assert names == ["x" * (1 + i % 20) for i in range(45)]


def test_fit_reserved_message_is_filled_in_place() -> None:
    encoder = FitEncoder()
    reserved = encoder.reserve(file_id_message(Identity(1, 1_000_000_000)))
    encoder.write(workout_message("Later", None, 0))
    encoder.fill(reserved, file_id_message(Identity(99, 1_000_000_500)))
    read = sdk_messages(encoder.finish())
    file_id = read["file_id_mesgs"][0]
    assert file_id["serial_number"] == 99
    with pytest.raises(ValueError, match="same shape"):
        encoder.fill(reserved, workout_message("Other", None, 0))
