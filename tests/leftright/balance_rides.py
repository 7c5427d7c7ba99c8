"""Rides with known left/right patterns, written with garmin-fit-sdk's Encoder (review_rides).

A pattern is a list of parts, each so many minutes at one power, cadence and left share;
`pattern_ride` writes it in any of the three ways a balance reaches a file, and `expected`
computes what every figure must be: the power-weighted mean of the left share over the
seconds chosen, straight from the parts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from tests.review.review_rides import POSITION, RIGHT, RIGHT_100, START, Second, encode_ride


class Byte(Enum):
    """How the balance is written."""

    NAMED = "left_right_balance, 0x80 | right %"
    UNNAMED = "left_right_balance without 0x80: the side is not said"
    HUNDREDTHS = "left_right_balance_100, 0x8000 | right % x 100"


@dataclass(frozen=True, slots=True)
class Part:
    """`minutes` of riding at one power, cadence and left share."""

    minutes: int
    power: int
    cadence: int
    left: float


INDOOR = (Part(60, 180, 90, 50.0),)
"""Indoors: 50/50 for an hour."""
OUTDOOR = (
    Part(30, 200, 90, 52.0),
    Part(10, 180, 75, 55.0),
    Part(50, 220, 90, 54.0),
)
"""Outdoors: 52 % for the first 30 minutes, 55 % at 70-80 rpm (minutes 30-40), 54 % after 40."""


def pattern_ride(
    parts: Sequence[Part],
    *,
    outdoor: bool,
    byte: Byte = Byte.NAMED,
    start: dt.datetime = START,
    every: int = 1,
    sub_sport: str | None = None,
    ftp: int | None = None,
) -> bytes:
    """The parts as a ride: a record every `every` seconds, positions when `outdoor`."""
    records = [
        Second(
            t, part.power, part.cadence, _balance(part.left, byte), POSITION if outdoor else None
        )
        for t, part in _seconds(parts)
        if t % every == 0
    ]
    return encode_ride(
        records,
        sub_sport=sub_sport,
        balance_100=byte is Byte.HUNDREDTHS,
        ftp=ftp,
        start=start,
    )


def _seconds(parts: Sequence[Part]) -> list[tuple[int, Part]]:
    found: list[tuple[int, Part]] = []
    for part in parts:
        found += [(len(found) + k, part) for k in range(part.minutes * 60)]
    return found


def _balance(left: float, byte: Byte) -> int:
    right = 100.0 - left
    if byte is Byte.HUNDREDTHS:
        return RIGHT_100 | round(right * 100)
    return (RIGHT if byte is Byte.NAMED else 0) | round(right)


def expected(
    parts: Sequence[Part], chosen: Callable[[int, Part], bool] = lambda t, p: True
) -> float:
    """The power-weighted left share over the seconds `chosen(t, part)` keeps."""
    kept = [(part.power, part.left) for t, part in _seconds(parts) if chosen(t, part)]
    return sum(power * left for power, left in kept) / sum(power for power, _ in kept)


def counted(parts: Sequence[Part], chosen: Callable[[int, Part], bool] = lambda t, p: True) -> int:
    """How many seconds `chosen` keeps."""
    return sum(1 for t, part in _seconds(parts) if chosen(t, part))
