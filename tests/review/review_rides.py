"""Synthetic recorded rides written with garmin-fit-sdk's Encoder, for the review tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from garmin_fit_sdk import Encoder, Profile

START = dt.datetime(2024, 5, 1, 7, 0, 0, tzinfo=dt.UTC)
"""When every synthetic ride starts."""
MESG = Profile["mesg_num"]
RIGHT = 0x80
"""The `left_right_balance` bit that says the percent is the right pedal's share."""


@dataclass(frozen=True, slots=True)
class Second:
    """One record: `t` seconds of wall-clock time after START; None leaves the field out."""

    t: int
    power: int | None = None
    cadence: int | None = None
    balance: int | None = None


def seconds(
    first: int,
    last: int,
    power: int | None = None,
    cadence: int | None = None,
    balance: int | None = None,
) -> list[Second]:
    """Records for every second from `first` to `last` inclusive, all alike."""
    return [Second(t, power, cadence, balance) for t in range(first, last + 1)]


def encode_ride(
    records: Iterable[Second],
    *,
    timer: Sequence[tuple[int, str]] = (),
    laps: Sequence[tuple[int, int]] = (),
    file_type: str = "activity",
) -> bytes:
    """An activity FIT file: file_id, timer events (t, 'start'|'stop_all'), records, laps."""
    encoder = Encoder()
    encoder.write_mesg(
        {
            "mesg_num": MESG["FILE_ID"],
            "type": file_type,
            "manufacturer": "development",
            "product": 1,
            "serial_number": 4242,
            "time_created": START,
        }
    )
    encoder.write_mesg(_timer(0, "start"))
    pending = sorted(timer)
    for record in records:
        while pending and pending[0][0] <= record.t:
            encoder.write_mesg(_timer(*pending.pop(0)))
        encoder.write_mesg(_record(record))
    for event in pending:
        encoder.write_mesg(_timer(*event))
    for start, end in laps:
        encoder.write_mesg(
            {
                "mesg_num": MESG["LAP"],
                "timestamp": START + dt.timedelta(seconds=end),
                "start_time": START + dt.timedelta(seconds=start),
                "total_elapsed_time": float(end - start),
                "total_timer_time": float(end - start),
                "event": "lap",
                "event_type": "stop",
            }
        )
    data: bytes = encoder.close()
    return data


def _timer(t: int, kind: str) -> dict[str, object]:
    return {
        "mesg_num": MESG["EVENT"],
        "timestamp": START + dt.timedelta(seconds=t),
        "event": "timer",
        "event_type": kind,
    }


def _record(record: Second) -> dict[str, object]:
    message: dict[str, object] = {
        "mesg_num": MESG["RECORD"],
        "timestamp": START + dt.timedelta(seconds=record.t),
    }
    for name in ("power", "cadence"):
        value = getattr(record, name)
        if value is not None:
            message[name] = value
    if record.balance is not None:
        message["left_right_balance"] = record.balance
    return message
