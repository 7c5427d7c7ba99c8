"""The activity decoder against garmin-fit-sdk's encoder, and on bytes laid out by hand.

Rides written by Garmin's own Encoder must decode to exactly the records written; the
layouts the SDK never writes (compressed timestamps, big-endian definitions, developer
fields, odd base types) are written byte by byte here. Damaged bytes give a located
FitActivityError and nothing else.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ridec.formats.fit.activity import (
    NO_BALANCE,
    NO_CADENCE,
    NO_POWER,
    RUN_MIN,
    FitActivityError,
    decode_activity,
)
from ridec.formats.fit.encoder import frame_records
from ridec.formats.fit.profile import FIT_EPOCH, ActivityMesgNum
from tests.paths import EDGE810
from tests.review.review_rides import POSITION, RIGHT, RIGHT_100, START, Second, encode_ride

T0 = int(START.timestamp()) - FIT_EPOCH
"""START as a FIT time."""
LIMIT = 1_000_000


def _expected_balance(raw: int | None, wide: bool) -> int:
    """What the decoder makes of a written balance: the left_right_balance_100 form."""
    if raw is None:
        return NO_BALANCE
    if wide:
        return raw & 0xBFFF if (raw & 0x3FFF) <= 10_000 else NO_BALANCE
    percent = (raw & 0x7F) * 100
    return (0x8000 if raw & RIGHT else 0) | percent if percent <= 10_000 else NO_BALANCE


def _seconds(wide: bool) -> st.SearchStrategy[list[Second]]:
    """Records with any of their fields left out; balances up to the invalid value."""
    record = st.builds(
        Second,
        t=st.just(0),
        power=st.none() | st.integers(0, 2000),
        cadence=st.none() | st.integers(0, 254),
        balance=st.none() | st.integers(0, 0xFFFE if wide else 0xFE),
        position=st.none() | st.just(POSITION),
    )
    return st.lists(record, max_size=3 * RUN_MIN + 5)


@settings(max_examples=30, deadline=None)
@given(st.data(), st.lists(st.integers(0, 40), max_size=4), st.booleans())
def test_records_decode_as_garmins_encoder_wrote_them(
    data: st.DataObject, pauses: list[int], wide: bool
) -> None:
    """Runs of alike records (read column by column) and records between events (read one
    by one) give the same arrays; the SDK starts a new definition whenever the fields
    present change, so random gaps break the runs at random places."""
    drafts = data.draw(_seconds(wide))
    records = [Second(t, d.power, d.cadence, d.balance, d.position) for t, d in enumerate(drafts)]
    timer = [(t, "stop_all") for t in sorted(pauses)]
    ride = encode_ride(records, timer=timer, balance_100=wide)
    decoded = decode_activity(ride, LIMIT).records
    assert list(decoded.times) == [T0 + r.t for r in records]
    assert list(decoded.power) == [NO_POWER if r.power is None else r.power for r in records]
    assert list(decoded.cadence) == [
        NO_CADENCE if r.cadence is None else r.cadence for r in records
    ]
    assert list(decoded.balance) == [_expected_balance(r.balance, wide) for r in records]
    assert decoded.positioned == sum(r.position is not None for r in records)


def test_a_long_run_and_its_kept_messages() -> None:
    records = [Second(t, 200 + t % 7, 90, RIGHT | 48, POSITION) for t in range(3 * 4096 + 5)]
    ride = encode_ride(
        records, timer=[(100, "stop_all"), (110, "start")], ftp=265, sub_sport="road"
    )
    decoded = decode_activity(ride, LIMIT)
    assert list(decoded.records.times) == [T0 + t for t in range(len(records))]
    assert set(decoded.records.power) == set(range(200, 207))
    assert set(decoded.records.balance) == {0x8000 | 4800}
    assert decoded.records.positioned == len(records)
    events = decoded.all(ActivityMesgNum.EVENT)
    assert [(m.time, m.values[1]) for m in events] == [(T0, 0), (T0 + 100, 4), (T0 + 110, 0)]
    zones = decoded.first(ActivityMesgNum.ZONES_TARGET)
    assert zones is not None and zones.values[3] == 265
    session = decoded.first(ActivityMesgNum.SESSION)
    assert session is not None and session.values[6] == 7  # road


def test_the_real_edge_810_ride() -> None:
    decoded = decode_activity(EDGE810.read_bytes(), LIMIT)
    records = decoded.records
    assert len(records.times) == 4700 and records.positioned == 4700
    named = [b for b in records.balance if b != NO_BALANCE]
    assert len(named) == 4470 and all(b & 0x8000 for b in named)
    laps = decoded.all(ActivityMesgNum.LAP)
    assert len(laps) == 8 and laps[0].values[34] == 37851  # the unit's own lap balance
    session = decoded.first(ActivityMesgNum.SESSION)
    assert session is not None and 37 in session.values


Field = tuple[int, int, int]
"""(field number, size, base type code) as a definition lists it."""
TIME: Field = (253, 4, 0x86)
POWER: Field = (7, 2, 0x84)
CADENCE: Field = (4, 1, 0x02)
BALANCE: Field = (30, 1, 0x02)


def _definition(
    local: int, fields: Sequence[Field], *, big: bool = False, developer: Sequence[Field] = ()
) -> bytes:
    header = 0x40 | local | (0x20 if developer else 0)
    number = struct.pack(">H" if big else "<H", ActivityMesgNum.RECORD)
    layout = b"".join(bytes(f) for f in fields)
    extra = bytes([len(developer)]) + b"".join(bytes(f) for f in developer) if developer else b""
    return bytes([header, 0, 1 if big else 0]) + number + bytes([len(fields)]) + layout + extra


def _decoded(*parts: bytes, limit: int = LIMIT) -> list[tuple[int, int, int, int]]:
    records = decode_activity(frame_records(b"".join(parts)), limit).records
    return list(zip(records.times, records.power, records.cadence, records.balance, strict=True))


def test_compressed_timestamps_roll_over_every_32_seconds() -> None:
    full = _definition(0, [TIME, POWER]) + struct.pack("<BIH", 0, T0 + 30, 100)
    compressed = _definition(1, [POWER])
    ahead = [31, 33, 60, 61]  # 33 and 60 roll the 5 bits over
    messages = [bytes([0x80 | 0x20 | (T0 + t) & 0x1F]) + struct.pack("<H", t) for t in ahead]
    decoded = _decoded(full, compressed, *messages)
    assert [(t - T0, p) for t, p, _, _ in decoded] == [(30, 100), *((t, t) for t in ahead)]


def test_a_compressed_record_before_any_time_is_left_out() -> None:
    compressed = _definition(1, [POWER]) + bytes([0x80 | 0x20 | 3]) + struct.pack("<H", 5)
    full = _definition(0, [TIME, POWER]) + struct.pack("<BIH", 0, T0, 100)
    assert _decoded(compressed, full) == [(T0, 100, NO_CADENCE, NO_BALANCE)]


def test_big_endian_and_developer_fields() -> None:
    layout = _definition(0, [POWER, TIME, BALANCE], big=True, developer=[(0, 3, 0)])
    body = b"".join(
        struct.pack(">BHIB3s", 0, 150 + k, T0 + k, 0x80 | 47, b"dev") for k in range(20)
    )
    decoded = _decoded(layout, body)
    assert decoded == [(T0 + k, 150 + k, NO_CADENCE, 0x8000 | 4700) for k in range(20)]


def test_fields_in_other_base_types_are_read_by_their_own_type() -> None:
    """Power as uint8 (invalid 0xFF), cadence as uint16, balance as uint16 with a share over
    100 %: read message by message, each value by its declared type."""
    layout = _definition(0, [TIME, (7, 1, 0x02), (4, 2, 0x84), (30, 2, 0x84)])
    rows = [(200, 90, 0x8000 | 5100), (0xFF, 0xFFFF, 0xFFFF), (10, 300, 10_001)] * 4
    body = b"".join(struct.pack("<BIBHH", 0, T0 + k, *row) for k, row in enumerate(rows))
    decoded = _decoded(layout, body)
    assert [d[1:] for d in decoded[:3]] == [
        (200, 90, 0x8000 | 5100),
        (NO_POWER, NO_CADENCE, NO_BALANCE),
        (10, NO_CADENCE, NO_BALANCE),  # 300 rpm does not fit a cadence; 100.01 % is no share
    ]


def test_an_untimed_record_inside_a_run_is_left_out() -> None:
    layout = _definition(0, [TIME, POWER])
    times = [T0 + k for k in range(RUN_MIN * 2)]
    times[5] = 0xFFFFFFFF
    body = b"".join(struct.pack("<BIH", 0, t, 100) for t in times)
    decoded = _decoded(layout, body)
    assert [t for t, *_ in decoded] == [t for t in times if t != 0xFFFFFFFF]


@pytest.mark.parametrize("records", [RUN_MIN - 1, 5000])
def test_the_record_limit_is_located_at_the_first_record_past_it(records: int) -> None:
    """A run read column by column and records read one by one stop at the same record."""
    layout = _definition(0, [TIME, POWER])
    body = b"".join(struct.pack("<BIH", 0, T0 + k, 100) for k in range(records))
    data = frame_records(layout + body)
    limit = records - 2
    with pytest.raises(FitActivityError) as caught:
        decode_activity(data, limit)
    assert caught.value.too_large
    assert caught.value.offset == 14 + len(layout) + 7 * limit
    assert f"more than {limit:,} records" in caught.value.message
    assert len(decode_activity(data, records).records.times) == records


def test_damaged_bytes_give_located_errors() -> None:
    good = encode_ride([Second(t, 100, 90, RIGHT | 50) for t in range(40)])
    cases = {
        "text": (b"not a fit file at all", 0, "no '.FIT' mark"),
        "header": (bytes([13]) + good[1:], 0, "its header is damaged"),
        "header CRC": (good[:12] + b"\x01\x02" + good[14:], 12, "header's CRC is wrong"),
        "cut": (good[:-30], len(good) - 30, "ends early"),
        "CRC": (good[:-1] + bytes([good[-1] ^ 1]), len(good) - 2, "does not match its bytes"),
    }
    for name, (data, offset, message) in cases.items():
        with pytest.raises(FitActivityError) as caught:
            decode_activity(data, LIMIT)
        assert (caught.value.offset, message in caught.value.message) == (offset, True), name


def test_truncation_at_every_offset_and_random_damage_never_raise_anything_else() -> None:
    good = encode_ride(
        [Second(t, 100 + t, 90, RIGHT_100 | 5000) for t in range(RUN_MIN * 3)],
        timer=[(5, "stop_all"), (7, "start")],
        laps=[(0, 10)],
        sub_sport="road",
        balance_100=True,
    )
    for end in range(len(good)):
        with pytest.raises(FitActivityError):
            decode_activity(good[:end], LIMIT)
    for at in range(14, len(good) - 2):
        for flip in (0x01, 0x40, 0x80):
            damaged = bytearray(good)
            damaged[at] ^= flip
            data = frame_records(bytes(damaged[14:-2]))  # a fresh CRC: the walk must cope
            try:
                decode_activity(data, LIMIT)
            except FitActivityError as exc:
                assert 0 <= exc.offset <= len(data)


def test_a_field_that_is_no_multiple_of_its_type_is_skipped_as_bytes() -> None:
    """A COROS Pace 2 writes a uint16 field of 3 bytes: fitparse and Garmin's SDK read the
    message and treat the field as bytes; so does the decoder (an unknown type too)."""
    layout = _definition(0, [TIME, (99, 3, 0x84), POWER, (98, 2, 0x1F)])
    body = b"".join(struct.pack("<BI3sH2s", 0, T0 + k, b"abc", 150, b"zz") for k in range(3))
    assert [(t, p) for t, p, _, _ in _decoded(layout, body)] == [(T0 + k, 150) for k in range(3)]
    misaligned_power = _definition(0, [TIME, (7, 3, 0x84)])
    body = struct.pack("<BI3s", 0, T0, b"\x96\x00\x00")
    assert _decoded(misaligned_power, body) == [(T0, NO_POWER, NO_CADENCE, NO_BALANCE)]
