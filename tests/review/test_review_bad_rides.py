"""Files that are not readable rides give located diagnostics, never a traceback."""

from __future__ import annotations

import random

import pytest
from garmin_fit_sdk import CrcCalculator

from ridec.diagnostics import DiagnosticError
from ridec.review.activity import parse_activity
from ridec.review.align import align
from ridec.review.report import review
from tests.paths import CORPUS
from tests.review.review_rides import RIGHT, encode_ride, seconds
from tests.stats.stats_builders import pct, step, timeline

HINT = "  hint: give the .fit file your head unit recorded (Garmin, Wahoo, Hammerhead ...)"


def _good() -> bytes:
    return encode_ride(
        seconds(0, 99, 100, 90, RIGHT | 50),
        laps=[(0, 50), (50, 100)],
        timer=[(40, "stop_all"), (45, "start")],
    )


def _rendered(data: bytes, name: str = "ride.fit") -> str:
    with pytest.raises(DiagnosticError) as caught:
        parse_activity(data, name)
    return "\n".join(d.render() for d in caught.value.diagnostics)


def test_text_is_not_a_fit_file() -> None:
    assert _rendered(b"name: not a ride\n" * 3) == (
        "ride.fit: offset 0: error: not a FIT file: its header has no '.FIT' mark\n" + HINT
    )


def test_empty_and_truncated_files() -> None:
    expected = "error: the FIT file ends early: it was cut short while copying or recording"
    assert _rendered(b"") == f"ride.fit: offset 0: error: the file is empty\n{HINT}"
    good = _good()
    assert _rendered(good[: len(good) // 2]).startswith("ride.fit: offset ")
    assert expected in _rendered(good[: len(good) // 2])


def test_damaged_header() -> None:
    good = bytearray(_good())
    good[0] = 13  # a 13-byte header: one byte too short to hold its CRC
    assert _rendered(bytes(good)) == (
        "ride.fit: offset 0: error: not a FIT file: its header is damaged\n" + HINT
    )


def test_damaged_crc() -> None:
    good = bytearray(_good())
    good[200] ^= 0x55
    rendered = _rendered(bytes(good))
    assert rendered.startswith(f"ride.fit: offset {len(good) - 2}: error: the FIT file is damaged:")
    assert "its CRC 0x" in rendered and "does not match its bytes" in rendered


def test_a_workout_file_is_not_a_ride() -> None:
    data = (CORPUS / "fit" / "ridec__workout-individual-steps.fit").read_bytes()
    assert _rendered(data, "plan.fit") == (
        "plan.fit: offset 0: error: a FIT 'workout' file, not a recorded activity\n"
        "  hint: give the recorded ride (an activity); the planned workout goes to --against"
    )


def test_an_activity_without_records() -> None:
    assert _rendered(encode_ride([])) == (
        "ride.fit: offset 0: error: the activity has no timed records (nothing was recorded)"
    )


def test_damaged_files_never_raise_anything_else() -> None:
    """Random byte changes (CRC mostly fixed up so the reader goes deep) read or fail cleanly."""
    rng = random.Random(20240501)
    good = _good()
    plan = timeline(step(30, pct(50)), step(30, pct(80)), ftp=200)
    outcomes = {"read": 0, "diagnostic": 0}
    for _ in range(150):
        data = bytearray(good)
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(14, len(data) - 2)] = rng.randrange(256)
        if rng.random() < 0.8:
            crc = CrcCalculator.calculate_crc(bytes(data[:-2]), 0, len(data) - 2)
            data[-2:] = crc.to_bytes(2, "little")
        try:
            ride = parse_activity(bytes(data), "fuzz.fit")
        except DiagnosticError as exc:
            assert exc.diagnostics[0].render().startswith("fuzz.fit: offset ")
            outcomes["diagnostic"] += 1
            continue
        review(plan, ride, align(plan, ride))
        outcomes["read"] += 1
    assert outcomes["read"] > 0
    assert outcomes["diagnostic"] > 0
