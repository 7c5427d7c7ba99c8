"""Synthetic recorded rides written with garmin-fit-sdk's Encoder, for the review tests."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from garmin_fit_sdk import Encoder, Profile

START = dt.datetime(2024, 5, 1, 7, 0, 0, tzinfo=dt.UTC)
"""When every synthetic ride starts."""
MESG = Profile["mesg_num"]
RIGHT = 0x80
"""The `left_right_balance` bit that says the percent is the right pedal's share."""


RIGHT_100 = 0x8000
"""The `left_right_balance_100` bit that says the value is the right pedal's share."""
POSITION = (568_210_171, -630_113_287)
"""Latitude and longitude (semicircles) of records ridden outdoors (the Edge 810's start)."""


@dataclass(frozen=True, slots=True)
class Second:
    """One record: `t` seconds of wall-clock time after START; None leaves the field out.

    `balance` is the record's `left_right_balance` as written: a byte (0x80 | right %), or,
    in a ride encoded with `balance_100=True`, the uint16 `left_right_balance_100`
    (0x8000 | right % x 100). `position` (lat, long) is written when given."""

    t: int
    power: int | None = None
    cadence: int | None = None
    balance: int | None = None
    position: tuple[int, int] | None = None


def seconds(
    first: int,
    last: int,
    power: int | None = None,
    cadence: int | None = None,
    balance: int | None = None,
    *,
    position: tuple[int, int] | None = None,
) -> list[Second]:
    """Records for every second from `first` to `last` inclusive, all alike."""
    return [Second(t, power, cadence, balance, position) for t in range(first, last + 1)]


@contextlib.contextmanager
def _balance_as_uint16() -> Iterator[None]:
    """garmin-fit-sdk writes each field in its profile base type; a device writing records'
    balance as `left_right_balance_100` (uint16) is made by giving field 30 that type while
    encoding (the SDK's profile is a plain dict)."""
    field = Profile["messages"][MESG["RECORD"]]["fields"][30]
    saved = field["base_type"]
    field["base_type"] = "uint16"
    try:
        yield
    finally:
        field["base_type"] = saved


def encode_ride(
    records: Iterable[Second],
    *,
    timer: Sequence[tuple[int, str]] = (),
    laps: Sequence[tuple[int, int]] = (),
    file_type: str = "activity",
    sub_sport: str | None = None,
    balance_100: bool = False,
    ftp: int | None = None,
    start: dt.datetime = START,
) -> bytes:
    """An activity FIT file: file_id, zones_target (with `ftp`), timer events (t,
    'start'|'stop_all'), records, laps, and a cycling session when `sub_sport` is given."""
    with _balance_as_uint16() if balance_100 else contextlib.nullcontext():
        return _encode(
            records, timer, laps, file_type=file_type, sub_sport=sub_sport, ftp=ftp, start=start
        )


def _encode(
    records: Iterable[Second],
    timer: Sequence[tuple[int, str]],
    laps: Sequence[tuple[int, int]],
    *,
    file_type: str,
    sub_sport: str | None,
    ftp: int | None,
    start: dt.datetime,
) -> bytes:
    encoder = Encoder()
    encoder.write_mesg(
        {
            "mesg_num": MESG["FILE_ID"],
            "type": file_type,
            "manufacturer": "development",
            "product": 1,
            "serial_number": 4242,
            "time_created": start,
        }
    )
    if ftp is not None:
        encoder.write_mesg({"mesg_num": MESG["ZONES_TARGET"], "functional_threshold_power": ftp})
    encoder.write_mesg(_timer(start, 0, "start"))
    pending = sorted(timer)
    last = 0
    for record in records:
        while pending and pending[0][0] <= record.t:
            encoder.write_mesg(_timer(start, *pending.pop(0)))
        encoder.write_mesg(_record(start, record))
        last = record.t
    for event in pending:
        encoder.write_mesg(_timer(start, *event))
    for begin, end in laps:
        encoder.write_mesg(
            {
                "mesg_num": MESG["LAP"],
                "timestamp": start + dt.timedelta(seconds=end),
                "start_time": start + dt.timedelta(seconds=begin),
                "total_elapsed_time": float(end - begin),
                "total_timer_time": float(end - begin),
                "event": "lap",
                "event_type": "stop",
            }
        )
    if sub_sport is not None:
        encoder.write_mesg(
            {
                "mesg_num": MESG["SESSION"],
                "timestamp": start + dt.timedelta(seconds=last),
                "start_time": start,
                "sport": "cycling",
                "sub_sport": sub_sport,
            }
        )
    data: bytes = encoder.close()
    return data


def _timer(start: dt.datetime, t: int, kind: str) -> dict[str, object]:
    return {
        "mesg_num": MESG["EVENT"],
        "timestamp": start + dt.timedelta(seconds=t),
        "event": "timer",
        "event_type": kind,
    }


def _record(start: dt.datetime, record: Second) -> dict[str, object]:
    message: dict[str, object] = {
        "mesg_num": MESG["RECORD"],
        "timestamp": start + dt.timedelta(seconds=record.t),
    }
    if record.position is not None:
        message["position_lat"], message["position_long"] = record.position
    for name in ("power", "cadence"):
        value = getattr(record, name)
        if value is not None:
            message[name] = value
    if record.balance is not None:
        message["left_right_balance"] = record.balance
    return message


SYNTHETIC_PLAN = """\
name: Synthetic
ftp: 200
60s 50% 90rpm "Easy"
interval 2m 75% 50-60rpm standing
1m 50%->100% upstroke
1m 80-90% 60-70rpm downstroke
30s free
"""
"""The plan `synthetic_ride` was ridden against, as `.ride` source."""


def synthetic_ride() -> bytes:
    """The ride for SYNTHETIC_PLAN (FTP 200), at wall-clock seconds t after START.

    The ride clock is t, minus 90 s after the timer pause.

    A (ride 0-59): 100 W x 40 s then 120 W x 20 s; 90 rpm x 30 s then 96 rpm; right 52 %.
       A second record at t=5 (999 W) repeats a second: dropped.
    B (60-179): no records 60-69 (a gap); 150 W x 80 s then 165 W x 30 s; 55 rpm x 70 s
       then 62 rpm x 40 s; right 50 % at 150 W, 56 % at 165 W.
    C (180-239): 150 W throughout, balance 47 without the side bit; records t=180-209, the
       timer stops at t=210 and starts at t=300 (records at t=250 and 260 fall inside the
       pause), then t=300-329 are ride seconds 210-239.
    D (240-299 = t 330-389): 170 W x 55 s then 0 W x 5 s (right 0 %), right 49 %, no cadence.
    E (300-329 = t 390-419): 200 W, 80 rpm, right 53 %.
    After the plan: t 420-429 (ride 330-339), 100 W.
    """
    records = [
        *seconds(0, 29, 100, 90, RIGHT | 52),
        *seconds(30, 39, 100, 96, RIGHT | 52),
        *seconds(40, 59, 120, 96, RIGHT | 52),
        *seconds(70, 139, 150, 55, RIGHT | 50),
        *seconds(140, 149, 150, 62, RIGHT | 50),
        *seconds(150, 179, 165, 62, RIGHT | 56),
        *seconds(180, 209, 150, 75, 47),
        Second(250, 300, 75, 47),
        Second(260, 300, 75, 47),
        *seconds(300, 329, 150, 75, 47),
        *seconds(330, 384, 170, None, RIGHT | 49),
        *seconds(385, 389, 0, None, RIGHT),
        *seconds(390, 419, 200, 80, RIGHT | 53),
        *seconds(420, 429, 100, 85, RIGHT | 50),
    ]
    records.insert(6, Second(5, 999, 90, RIGHT | 99))
    return encode_ride(records, timer=[(210, "stop_all"), (300, "start")])
