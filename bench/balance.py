"""`ridec balance` over one-hour rides: CPU per ride against reading the files with fitparse.

The rides are written (untimed) by ridec's own FIT encoder, one record a second with the
fields a Garmin Edge with power pedals records (the Edge 810 ride in tests/corpus has the
same record layout): position, distance, accumulated power, altitude, speed, power, heart
rate, cadence, temperature and left/right balance, plus timer events, laps and a session;
half of them indoors (no position, sub_sport indoor_cycling). garmin-fit-sdk does not write
them: its licence forbids using it in a benchmark.

Both sides read the same files from disk in the same process, alternately, after a
warm-up: ridec's whole report (`ridec.balance` and its JSON document, sentences included)
against fitparse decoding every message of each file and nothing else. The figure is
process CPU time (user + sys) per ride.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import fitparse

import ridec
from bench.measure import Pair, Timing
from ridec.formats.fit.encoder import FitEncoder, Message
from ridec.formats.fit.profile import (
    FIT_EPOCH,
    SINT8,
    SINT32,
    TIMESTAMP,
    UINT8,
    UINT16,
    UINT32,
    ActivityMesgNum,
    EventField,
    FieldSpec,
    FileIdField,
    LapField,
    MesgNum,
    RecordField,
    SessionField,
)

RIDE_S = 3600
"""Records per ride: an hour at one a second."""
FTP = 250
FIRST = dt.datetime(2026, 3, 1, 7, 0, tzinfo=dt.UTC)
REPORT = "ridec balance (report + JSON, CPU)"
READ = "fitparse, every message (CPU)"
POSITION_LONG = FieldSpec(1, "position_long", SINT32)
DISTANCE = FieldSpec(5, "distance", UINT32)
ACCUMULATED_POWER = FieldSpec(29, "accumulated_power", UINT32)
ENHANCED_ALTITUDE = FieldSpec(78, "enhanced_altitude", UINT32)
ALTITUDE = FieldSpec(2, "altitude", UINT16)
ENHANCED_SPEED = FieldSpec(73, "enhanced_speed", UINT32)
SPEED = FieldSpec(6, "speed", UINT16)
HEART_RATE = FieldSpec(3, "heart_rate", UINT8)
TEMPERATURE = FieldSpec(13, "temperature", SINT8)
EVENT_TYPE = EventField.EVENT_TYPE


@dataclass(frozen=True, slots=True)
class BalanceResult:
    """CPU per ride of the report against the bare read, and what both read."""

    rides: int
    records: int
    """Records per ride."""
    megabytes: float
    """All rides together."""
    vs_fitparse: Pair
    """ridec's whole report against fitparse's read: the benchmark's target."""
    outdoor_left_pct: float | None
    indoor_left_pct: float | None
    fitparse_records: int
    """Record messages fitparse read in one pass over every ride."""


def run(workdir: Path, rides: int, runs: int, seed: int = 19) -> BalanceResult:
    """Write `rides` rides under `workdir`, then time both sides `runs` times each."""
    folder = workdir / "rides"
    paths = write_rides(folder, rides, seed)
    seen: dict[str, object] = {}

    def report() -> None:
        made = ridec.balance(paths, FTP)
        seen["report"] = made
        json.dumps(made.to_json())

    def read() -> None:
        seen["records"] = sum(_fitparse_records(path) for path in paths)

    ours, theirs = _cpu_rounds([(REPORT, report), (READ, read)], runs, len(paths))
    made = seen["report"]
    assert isinstance(made, ridec.BalanceReport)
    outdoor = made.setting(ridec.RideSetting.OUTDOOR).figure.share_pct
    indoor = made.setting(ridec.RideSetting.INDOOR).figure.share_pct
    return BalanceResult(
        rides=len(paths),
        records=RIDE_S,
        megabytes=sum(p.stat().st_size for p in paths) / 1e6,
        vs_fitparse=Pair(ours, theirs),
        outdoor_left_pct=outdoor,
        indoor_left_pct=indoor,
        fitparse_records=int(str(seen["records"])),
    )


def _cpu_rounds(
    tasks: Sequence[tuple[str, Callable[[], None]]], runs: int, rides: int
) -> list[Timing]:
    """Each task warmed up once, then `runs` rounds of each in turn; CPU seconds per ride."""
    spent: list[list[float]] = [[] for _ in tasks]
    for round_ in range(runs + 1):
        for index, (_, task) in enumerate(tasks):
            started = time.process_time()
            task()
            if round_:
                spent[index].append((time.process_time() - started) / rides)
    return [Timing(label, tuple(times)) for (label, _), times in zip(tasks, spent, strict=True)]


def _fitparse_records(path: Path) -> int:
    return sum(message.name == "record" for message in fitparse.FitFile(str(path)).get_messages())


def write_rides(folder: Path, count: int, seed: int) -> list[Path]:
    """`count` one-hour rides, two days apart, alternately outdoors and indoors."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for k in range(count):
        path = folder / f"ride-{k:03d}.fit"
        path.write_bytes(ride(rng, FIRST + dt.timedelta(days=2 * k), outdoor=k % 2 == 0))
        paths.append(path)
    return paths


def ride(rng: random.Random, start: dt.datetime, *, outdoor: bool) -> bytes:
    """One ride's bytes: file_id, timer start, records with a 30 s pause, laps, session."""
    t0 = int(start.timestamp()) - FIT_EPOCH
    encoder = FitEncoder()
    encoder.write(Message(MesgNum.FILE_ID, ((FileIdField.TYPE, 4), (FileIdField.TIME_CREATED, t0))))
    encoder.write(_event(t0, 0))
    left = rng.uniform(49.0, 54.0)
    for second in range(RIDE_S):
        if second == RIDE_S // 2:
            encoder.write(_event(t0 + second, 4))
            encoder.write(_event(t0 + second + 30, 0))
        encoder.write(
            _record(rng, t0 + second + (30 if second >= RIDE_S // 2 else 0), second, left, outdoor)
        )
    for lap in range(6):
        end = t0 + (lap + 1) * 600 + (30 if lap >= 3 else 0)
        encoder.write(
            Message(
                ActivityMesgNum.LAP,
                (
                    (TIMESTAMP, end),
                    (LapField.START_TIME, end - 600),
                    (LapField.LEFT_RIGHT_BALANCE, 0x8000 | 5000),
                ),
            )
        )
    sub_sport = 7 if outdoor else 6  # road, indoor_cycling
    encoder.write(
        Message(
            ActivityMesgNum.SESSION,
            (
                (TIMESTAMP, t0 + RIDE_S + 30),
                (SessionField.START_TIME, t0),
                (SessionField.SPORT, 2),
                (SessionField.SUB_SPORT, sub_sport),
            ),
        )
    )
    return encoder.finish()


def _event(when: int, kind: int) -> Message:
    return Message(
        ActivityMesgNum.EVENT, ((TIMESTAMP, when), (EventField.EVENT, 0), (EVENT_TYPE, kind))
    )


def _record(rng: random.Random, when: int, second: int, left: float, outdoor: bool) -> Message:
    power = max(0, int(rng.gauss(200, 40)))
    cadence = 0 if power == 0 else int(rng.gauss(88, 6))
    right = round(100 - rng.gauss(left + second / 3600, 2.5))
    fields: list[tuple[FieldSpec, int]] = [(TIMESTAMP, when)]
    if outdoor:
        fields += [
            (RecordField.POSITION_LAT, 568_210_171 + second * 40),
            (POSITION_LONG, -630_113_287 + second * 25),
        ]
    fields += [
        (DISTANCE, second * 800),
        (ACCUMULATED_POWER, second * 200),
        (ENHANCED_ALTITUDE, 2500 + 5 * 132 + second % 50),
        (ALTITUDE, 2500 + 5 * 132 + second % 50),
        (ENHANCED_SPEED, 8000 + second % 700),
        (SPEED, 8000 + second % 700),
        (RecordField.POWER, power),
        (HEART_RATE, 120 + second % 40),
        (RecordField.CADENCE, max(0, min(cadence, 254))),
        (TEMPERATURE, 21),
        (RecordField.LEFT_RIGHT_BALANCE, 0x80 | max(0, min(right, 100))),
    ]
    return Message(ActivityMesgNum.RECORD, tuple(fields))
