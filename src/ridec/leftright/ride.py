"""One ride's left/right balance: the whole ride and its breakdowns, from its records.

The rules (docs/balance.md has them with their reasons):

- A second counts when it has power > 0, cadence > 0 and a balance value (GoldenCheetah's
  rule), and its balance is of the ride's kind: values that name the side when any does
  (the figures are then the left leg's share), else those that do not (`Side.UNKNOWN`).
- Each record counts for the time until the next one, capped at the file's usual interval
  (the most common gap), so a device recording every 2 s weighs its records twice.
- Breakdowns: 10-minute bins of timer time, 10-rpm cadence bands (lower bound inclusive),
  power zones (% FTP, with an FTP), the first 30 minutes and what comes after 40, and, with a
  plan lined up on the ride, its technique blocks. One-leg drills (a step labelled so) are
  reported apart and left out of everything else: their balance means something else.
"""

from __future__ import annotations

import collections
import datetime as dt
import re
from collections.abc import Sequence
from enum import StrEnum
from typing import Generic, TypeVar

from ridec.formats.fit.activity import NO_BALANCE, NO_CADENCE, NO_POWER
from ridec.formats.fit.profile import BALANCE_100_MASK, BALANCE_100_RIGHT_BIT, INDOOR_SUB_SPORTS
from ridec.leftright.figures import EMPTY, Figure, Side, minute_figure, total
from ridec.model import Flag
from ridec.records import record
from ridec.review.activity import Activity
from ridec.review.align import Window
from ridec.stats import ZONE_TOPS, zone_of
from ridec.timeline import TimelineStep

BIN_MINUTES = 10
"""Width of the bins of timer time."""
BAND_RPM = 10
"""Width of the cadence bands."""
EARLY_MINUTES = 30
"""The drift compares the first this many minutes ..."""
LATE_MINUTES = 40
"""... with everything from this minute on."""
ONE_LEG = re.compile(r"\b(one|single)[- ]?leg|\bisolated[- ]leg|\bILT\b", re.IGNORECASE)
"""A step label that names a one-leg drill."""
FULL = 100.0


class Setting(StrEnum):
    """Where the ride was ridden."""

    INDOOR = "indoor"
    OUTDOOR = "outdoor"


class Block(StrEnum):
    """What a planned step asks of the legs, for the technique breakdown."""

    SEATED = "seated"
    STANDING = "standing"
    UPSTROKE = "upstroke"
    DOWNSTROKE = "downstroke"
    ONE_LEG = "one-leg"
    """Left out of the ride's figure and every other breakdown."""


@record
class MinuteBin:
    """The seconds of one bin of timer time."""

    from_min: int
    to_min: int
    figure: Figure


@record
class CadenceBand:
    """The seconds pedalled at low <= cadence < high."""

    low: int
    high: int
    figure: Figure


@record
class PowerZone:
    """The seconds in one Coggan zone (% FTP, the upper bound inclusive)."""

    zone: int
    low_pct: float
    high_pct: float | None
    """None for zone 7, which has no top."""
    figure: Figure


@record
class TechniqueBlock:
    """The seconds of the plan's steps of one kind."""

    block: Block
    figure: Figure


@record
class RideBalance:
    """Everything `balance` says about one ride."""

    file: str
    """The file as given."""
    start: dt.datetime | None
    """When the ride started (UTC), None when the file's times are not dates."""
    setting: Setting
    setting_from: str
    """Why: `sub_sport`, `positions`, `no positions` or `--setting`."""
    side: Side
    ride: Figure
    """The whole ride (one-leg drills left out)."""
    first_30: Figure
    after_40: Figure
    by_minutes: tuple[MinuteBin, ...]
    by_cadence: tuple[CadenceBand, ...]
    by_power: tuple[PowerZone, ...]
    """Empty without an FTP."""
    by_technique: tuple[TechniqueBlock, ...]
    """Empty without a plan lined up on the ride."""
    interval_s: int
    """The usual gap between records, seconds."""
    ftp: int | None
    """The FTP the power zones use."""
    other_side_s: int = 0
    """Seconds left out because their balance was of the other kind (a ride that names the
    side on some seconds and not on others)."""
    notes: tuple[str, ...] = ()


class NothingToCountError(Exception):
    """No second has power, cadence and a balance: `reason` says what the ride lacks."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def ride_balance(
    activity: Activity,
    *,
    ftp: int | None = None,
    setting: Setting | None = None,
    windows: Sequence[Window] = (),
) -> RideBalance:
    """The ride's balance; raises NothingToCountError when no second counts."""
    side = _side(activity)
    interval = usual_interval(activity)
    blocks = _blocks(activity, windows)
    sums = _Sums(ftp)
    named = BALANCE_100_RIGHT_BIT if side is Side.LEFT else 0
    seconds, power, cadence, balance = (
        activity.seconds,
        activity.power,
        activity.cadence,
        activity.balance,
    )
    other = 0
    last = len(seconds) - 1
    for i, value in enumerate(balance):
        watts, rpm = power[i], cadence[i]
        if value == NO_BALANCE or watts in (0, NO_POWER) or rpm in (0, NO_CADENCE):
            continue
        duration = min(seconds[i + 1] - seconds[i], interval) if i < last else interval
        if value & BALANCE_100_RIGHT_BIT != named:
            other += duration
            continue
        share = (value & BALANCE_100_MASK) / 100.0
        left = FULL - share if named else share
        sums.add(seconds[i], duration, watts, rpm, share=left, block=blocks.get(i))
    where = _setting(activity, setting)
    return sums.ride(activity, side=side, setting=where, interval=interval, other=other)


def usual_interval(activity: Activity) -> int:
    """The most common gap between consecutive recorded seconds (1 for a ride of one)."""
    seconds = activity.seconds
    gaps = collections.Counter(seconds[k + 1] - seconds[k] for k in range(len(seconds) - 1))
    if not gaps:
        return 1
    return min(gaps, key=lambda gap: (-gaps[gap], gap))


def _side(activity: Activity) -> Side:
    """LEFT when any counted second's balance names the side, UNKNOWN when only others do."""
    found: set[int] = set()
    for i, value in enumerate(activity.balance):
        if value == NO_BALANCE or activity.power[i] in (0, NO_POWER):
            continue
        if activity.cadence[i] in (0, NO_CADENCE):
            continue
        found.add(value & BALANCE_100_RIGHT_BIT)
        if BALANCE_100_RIGHT_BIT in found:
            return Side.LEFT
    if found:
        return Side.UNKNOWN
    raise NothingToCountError(_missing(activity))


def _missing(activity: Activity) -> str:
    lacks = [
        name
        for name, present in (
            ("power", activity.has_power),
            ("cadence", activity.has_cadence),
            ("left/right balance", activity.has_balance),
        )
        if not present
    ]
    if lacks:
        listed = ", no ".join(lacks[:-1]) + (" and no " if len(lacks) > 1 else "") + lacks[-1]
        return f"the ride has no {listed} records"
    return "no second has power above 0, cadence above 0 and a balance together"


def _setting(activity: Activity, chosen: Setting | None) -> tuple[Setting, str]:
    if chosen is not None:
        return chosen, "--setting"
    if activity.sub_sport in INDOOR_SUB_SPORTS:
        return Setting.INDOOR, "sub_sport"
    if not activity.positioned:
        return Setting.INDOOR, "no positions"
    return Setting.OUTDOOR, "positions"


def block_of(step: TimelineStep) -> Block:
    """The technique block of a planned step."""
    if step.label and ONE_LEG.search(step.label):
        return Block.ONE_LEG
    for flag, block in (
        (Flag.UPSTROKE, Block.UPSTROKE),
        (Flag.DOWNSTROKE, Block.DOWNSTROKE),
        (Flag.STANDING, Block.STANDING),
    ):
        if flag in step.flags:
            return block
    return Block.SEATED


def _blocks(activity: Activity, windows: Sequence[Window]) -> dict[int, Block]:
    """The block of each record index inside a planned step (the first step wins)."""
    found: dict[int, Block] = {}
    for window in windows:
        block = block_of(window.step)
        for index in activity.index_range(window.start_s, window.end_s):
            found.setdefault(index, block)
    return found


K = TypeVar("K", int, Block)


class _Group(Generic[K]):
    """The figures of one breakdown by key, summed a minute at a time."""

    def __init__(self) -> None:
        self.parts: dict[K, list[float]] = {}
        self.figures: dict[K, Figure] = {}

    def add(self, key: K, duration: int, weighted: float, work: float) -> None:
        part = self.parts.get(key)
        if part is None:
            self.parts[key] = [duration, weighted, work]
        else:
            part[0] += duration
            part[1] += weighted
            part[2] += work

    def fold(self) -> dict[K, Figure]:
        """End the minute: its parts join the figures; the minute's figures by key."""
        minute = {
            key: minute_figure(int(seconds), weighted, work)
            for key, (seconds, weighted, work) in self.parts.items()
        }
        for key, figure in minute.items():
            self.figures[key] = self.figures.get(key, EMPTY) + figure
        self.parts = {}
        return minute

    def sorted_items(self) -> list[tuple[K, Figure]]:
        return sorted(self.figures.items(), key=lambda item: _order(item[0]))


def _order(key: int | Block) -> int:
    return list(Block).index(key) if isinstance(key, Block) else key


WHOLE = 0
"""The one key of the whole ride's group."""


class _Sums:
    """Running sums by minute, folded into figures a minute at a time (records come in
    order of time, so each minute is finished when the next begins)."""

    def __init__(self, ftp: int | None) -> None:
        self.ftp = ftp
        self.minute: int | None = None
        self.whole: _Group[int] = _Group()
        self.cadence: _Group[int] = _Group()
        self.power: _Group[int] = _Group()
        self.blocks: _Group[Block] = _Group()
        self.minutes: dict[int, Figure] = {}
        """The whole ride's figure of each minute (for the bins and the drift)."""

    def add(
        self, second: int, duration: int, watts: int, rpm: int, *, share: float, block: Block | None
    ) -> None:
        """Count one second (or record) of `share` % at `watts`."""
        minute = second // 60
        if minute != self.minute:
            self._fold()
            self.minute = minute
        work = watts * duration
        weighted = share * work
        if block is not None:
            self.blocks.add(block, duration, weighted, work)
            if block is Block.ONE_LEG:
                return  # reported apart, left out of every other figure
        self.whole.add(WHOLE, duration, weighted, work)
        self.cadence.add(rpm // BAND_RPM, duration, weighted, work)
        if self.ftp:
            self.power.add(zone_of(100.0 * watts / self.ftp), duration, weighted, work)

    def _fold(self) -> None:
        whole = self.whole.fold()
        if WHOLE in whole and self.minute is not None:
            self.minutes[self.minute] = whole[WHOLE]
        for group in (self.cadence, self.power, self.blocks):
            group.fold()

    def ride(
        self,
        activity: Activity,
        *,
        side: Side,
        setting: tuple[Setting, str],
        interval: int,
        other: int,
    ) -> RideBalance:
        """The ride's figures, once every record is added."""
        self._fold()
        return RideBalance(
            file=activity.path,
            start=activity.started,
            setting=setting[0],
            setting_from=setting[1],
            side=side,
            ride=self.whole.figures.get(WHOLE, EMPTY),
            first_30=total([f for m, f in self.minutes.items() if m < EARLY_MINUTES]),
            after_40=total([f for m, f in self.minutes.items() if m >= LATE_MINUTES]),
            by_minutes=self._bins(),
            by_cadence=tuple(
                CadenceBand(band * BAND_RPM, (band + 1) * BAND_RPM, figure)
                for band, figure in self.cadence.sorted_items()
            ),
            by_power=tuple(_zone(zone, figure) for zone, figure in self.power.sorted_items()),
            by_technique=tuple(
                TechniqueBlock(block, figure) for block, figure in self.blocks.sorted_items()
            ),
            interval_s=interval,
            ftp=self.ftp,
            other_side_s=other,
            notes=_notes(interval, other, side),
        )

    def _bins(self) -> tuple[MinuteBin, ...]:
        bins: dict[int, list[Figure]] = collections.defaultdict(list)
        for minute, figure in self.minutes.items():
            bins[minute // BIN_MINUTES].append(figure)
        return tuple(
            MinuteBin(b * BIN_MINUTES, (b + 1) * BIN_MINUTES, total(figures))
            for b, figures in sorted(bins.items())
        )


def _zone(zone: int, figure: Figure) -> PowerZone:
    low = ZONE_TOPS[zone - 2] if zone > 1 else 0.0
    high = ZONE_TOPS[zone - 1] if zone <= len(ZONE_TOPS) else None
    return PowerZone(zone, low, high, figure)


def _notes(interval: int, other: int, side: Side) -> tuple[str, ...]:
    notes = []
    if interval > 1:
        notes.append(
            f"The file records every {interval} s: each record counts for the time until the "
            f"next one, at most {interval} s."
        )
    if other:
        kind = "do not name the side" if side is Side.LEFT else "name the side"
        notes.append(f"{other} s whose balance values {kind} are left out.")
    return tuple(notes)
