"""A recorded ride read from an activity FIT file: the one reader `review` and `balance` share
(`ridec.leftright`).

The bytes are decoded by our own activity decoder (`formats/fit/activity.py`) straight into
arrays, one entry per kept record, so a ride costs about ten bytes a second in memory and a
ride of more than `MAX_RIDE_RECORDS` records is refused as its records stream in.

The ride's clock is timer time: seconds from the first record with every timer pause (a FIT
`timer` stop event up to the next start) taken out, because a head unit running a workout
pauses the workout's clock with the timer. Seconds the timer ran without a record are gaps:
they keep their place on the clock and simply have no sample.
"""

from __future__ import annotations

import bisect
import datetime as dt
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import field
from pathlib import Path
from typing import overload

from ridec import limits
from ridec.diagnostics import Diagnostic, DiagnosticError, Source, Span, error, warning
from ridec.fileio import read_limited
from ridec.formats.fit.activity import (
    NO_BALANCE,
    NO_CADENCE,
    NO_POWER,
    ActivityFile,
    FitActivityError,
    Message,
    decode_activity,
)
from ridec.formats.fit.profile import (
    BALANCE_100_MASK,
    BALANCE_100_RIGHT_BIT,
    FIT_EPOCH,
    TIMER_EVENT,
    TIMER_STOPS,
    ActivityMesgNum,
    EventField,
    EventType,
    FileIdField,
    FileType,
    LapField,
    MesgNum,
    SessionField,
    SportField,
    ZonesTargetField,
)
from ridec.records import record

MAX_RIDE_BYTES = limits.MAX_RIDE_BYTES
"""Larger files are refused; a long ride with every sensor is a few megabytes."""
MAX_RIDE_RECORDS = limits.MAX_RIDE_RECORDS
"""Rides with more timed records are refused as the records stream in."""
FIRST_DATE = 0x10000000
"""FIT times below this are seconds since the device started, not dates (FIT profile)."""
HINT_RIDE = "give the .fit file your head unit recorded (Garmin, Wahoo, Hammerhead ...)"
HINT_TOO_LARGE = "split the recording into rides of at most that size (README: Limits)"


@record
class Balance:
    """One record's left/right balance, in the `left_right_balance_100` form."""

    raw: int
    """Bit 0x8000: the share is the right leg's; the low 14 bits: the share in hundredths of a
    percent. A uint8 `left_right_balance` byte (0x80 and a percent) is read into this form."""

    @property
    def side_known(self) -> bool:
        """Whether the value says the share is the right leg's."""
        return bool(self.raw & BALANCE_100_RIGHT_BIT)

    @property
    def percent(self) -> float:
        """The share in percent (of the right leg when `side_known`, else of an unnamed one)."""
        return (self.raw & BALANCE_100_MASK) / 100.0

    @property
    def right(self) -> float | None:
        """The right leg's share in percent, None when the side is not said."""
        return self.percent if self.side_known else None


@record
class Sample:
    """One recorded second (made on demand from the activity's arrays)."""

    second: int
    """Seconds of timer time from the first record."""
    power: int | None
    """Watts, None when the record has none."""
    cadence: int | None
    """Revolutions per minute, None when the record has none."""
    balance: Balance | None
    """Left/right balance, None when the record has none."""


@record
class Lap:
    """One lap of the ride, in timer time."""

    start_s: int
    """Where the lap starts on the ride clock."""
    end_s: int
    """Where it ends."""
    balance_right: float | None = None
    """The head unit's own lap balance (right share, %), when it wrote one with the side."""


@record
class Activity:
    """A whole ride: one entry per recorded second in each of the parallel arrays."""

    path: str
    """The file as the user named it."""
    started: dt.datetime | None
    """Time (UTC) of the first record; None when the file's times are not dates."""
    seconds: array[int]
    """Timer seconds of each recorded second, increasing, no two alike."""
    power: array[int]
    """Watts at each of them (`NO_POWER`: none recorded)."""
    cadence: array[int]
    """Cadence at each of them (`NO_CADENCE`: none recorded)."""
    balance: array[int]
    """Balance at each of them, `left_right_balance_100` form (`NO_BALANCE`: none)."""
    laps: tuple[Lap, ...]
    """The ride's laps, in order."""
    paused_s: int = 0
    """Seconds of timer pauses taken out of the clock."""
    dropped: int = 0
    """Records left out: inside a pause, or a second already recorded."""
    warnings: tuple[Diagnostic, ...] = field(default=())
    """Problems that did not stop the reading."""
    positioned: int = 0
    """Records that carry a position (an indoor ride has none)."""
    sub_sport: int | None = None
    """The session's (or sport message's) `sub_sport`, as the head unit recorded it."""
    ftp: int | None = None
    """The FTP the head unit held (`zones_target`, or the session's threshold power), W."""

    @property
    def samples(self) -> Samples:
        """The recorded seconds as `Sample`s, made on access (none are kept)."""
        return Samples(self)

    @property
    def has_power(self) -> bool:
        """Whether any second has power."""
        return self.power.count(NO_POWER) < len(self.power)

    @property
    def has_cadence(self) -> bool:
        """Whether any second has cadence."""
        return self.cadence.count(NO_CADENCE) < len(self.cadence)

    @property
    def has_balance(self) -> bool:
        """Whether any second has a left/right balance."""
        return self.balance.count(NO_BALANCE) < len(self.balance)

    @property
    def duration_s(self) -> int:
        """Timer seconds from the first record to just after the last."""
        return self.seconds[-1] + 1 if self.seconds else 0

    def index_range(self, start_s: int, end_s: int) -> range:
        """Indexes of the recorded seconds on [start_s, end_s)."""
        first = bisect.bisect_left(self.seconds, start_s)
        return range(first, bisect.bisect_left(self.seconds, end_s, first))


class Samples(Sequence[Sample]):
    """A read-only view of an activity's arrays as `Sample`s."""

    def __init__(self, activity: Activity) -> None:
        self._activity = activity

    def __len__(self) -> int:
        return len(self._activity.seconds)

    @overload
    def __getitem__(self, index: int) -> Sample: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Sample]: ...
    def __getitem__(self, index: int | slice) -> Sample | Sequence[Sample]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        ride = self._activity
        power, cadence, balance = ride.power[index], ride.cadence[index], ride.balance[index]
        return Sample(
            ride.seconds[index],
            None if power == NO_POWER else power,
            None if cadence == NO_CADENCE else cadence,
            None if balance == NO_BALANCE else Balance(balance),
        )

    def __iter__(self) -> Iterator[Sample]:
        return (self[i] for i in range(len(self)))


def read_activity(path: Path) -> Activity:
    """Read a recorded ride; raises DiagnosticError for anything but a readable activity."""
    return parse_activity(read_limited(path, MAX_RIDE_BYTES), str(path))


def parse_activity(data: bytes, path: str) -> Activity:
    """Parse the bytes of an activity FIT file named `path` in messages."""
    source = Source(path)
    if not data:
        raise DiagnosticError([error("the file is empty", Span(source, 0, 0), HINT_RIDE)])
    try:
        decoded = decode_activity(data, MAX_RIDE_RECORDS)
    except FitActivityError as exc:
        span = Span(source, exc.offset, exc.offset)
        hint = HINT_TOO_LARGE if exc.too_large else HINT_RIDE
        raise DiagnosticError([error(exc.message, span, hint)]) from None
    _check_kind(decoded, source)
    return _build(path, decoded, source)


def _check_kind(decoded: ActivityFile, source: Source) -> None:
    file_id = decoded.first(MesgNum.FILE_ID)
    kind = None if file_id is None else file_id.values.get(FileIdField.TYPE.num)
    if kind not in (FileType.ACTIVITY, None):
        name = _FILE_TYPES.get(kind, f"type {kind}")
        hint = "give the recorded ride (an activity); the planned workout goes to --against"
        message = f"a FIT '{name}' file, not a recorded activity"
        raise DiagnosticError([error(message, Span(source, 0, 0), hint)])
    if not decoded.records.times:
        message = "the activity has no timed records (nothing was recorded)"
        raise DiagnosticError([error(message, Span(source, 0, 0))])


_FILE_TYPES = {1: "device", 2: "settings", 3: "sport", 5: "workout", 6: "course", 7: "schedules"}
"""Names of the FIT file types most often given instead of an activity."""


class _Clock:
    """Turns FIT times into timer seconds from the first record, pauses taken out.

    A pause runs from a timer stop to the next start; records strictly inside it are left
    out, and a record at the restart lands on the same timer second as the one at the stop.
    Pauses are kept in time order with a running total of their lengths, so each lookup is
    a binary search: a ride with 20,000 pauses costs no more per record than one with two.
    A timer event earlier than the pause before it (a clock set back mid-ride) cannot keep
    that order and is ignored, counted in `ignored`.
    """

    def __init__(self, start: int) -> None:
        self.start = start
        self.pauses: list[tuple[int, int | None]] = []
        self.ignored = 0
        self._begins: list[int] = []
        self._before: list[int] = [0]
        """`_before[i]`: seconds of the first i pauses (every one finished), from `start`."""

    def stop(self, when: int) -> None:
        """The timer stopped (a second stop while paused changes nothing)."""
        if self.pauses:
            end = self.pauses[-1][1]
            if end is None:
                return
            if when < end:
                self.ignored += 1
                return
        self.pauses.append((when, None))
        self._begins.append(when)

    def resume(self, when: int) -> None:
        """The timer started again."""
        if not self.pauses or self.pauses[-1][1] is not None:
            return
        begin = self.pauses[-1][0]
        if when < begin:
            self.ignored += 1
            when = begin  # the pause ends as it began: it takes nothing out
        self.pauses[-1] = (begin, when)
        self._before.append(self._before[-1] + self._length(begin, when))

    def _length(self, begin: int, end: int) -> int:
        """Seconds of a pause after the first record."""
        return max(0, end - max(begin, self.start))

    def place(self, when: int) -> int | None:
        """Timer seconds from the first record to `when`; None when `when` is in a pause."""
        elapsed = when - self.start
        count = bisect.bisect_left(self._begins, when)
        if not count:
            return elapsed
        begin, end = self.pauses[count - 1]
        if end is None or when < end:
            return None
        return elapsed - self._before[count - 1] - self._length(begin, end)

    def paused(self, when: int) -> bool:
        """Whether `when` falls inside a pause."""
        return self.place(when) is None

    def second(self, when: int) -> int:
        """Timer seconds from the first record to `when` (the part of any pause before it out)."""
        elapsed = when - self.start
        count = bisect.bisect_left(self._begins, when)
        if count:
            elapsed -= self._before[count - 1]
            begin, end = self.pauses[count - 1]
            elapsed -= self._length(begin, when if end is None else min(end, when))
        return elapsed

    def paused_total(self) -> int:
        """Seconds of every finished pause after the first record."""
        return sum(e - b for b, e in self.pauses if e is not None and b >= self.start)


def _build(path: str, decoded: ActivityFile, source: Source) -> Activity:
    records = decoded.records
    clock = _Clock(records.times[0])
    for message in decoded.all(ActivityMesgNum.EVENT):
        _timer_event(clock, message)
    kept, placed, dropped = _place(clock, records.times)
    notes: tuple[Diagnostic, ...] = ()
    if clock.ignored:
        said = f"{clock.ignored} timer event(s) go back in time and are ignored"
        notes = (warning(said, Span(source, 0, 0)),)
    return Activity(
        path=path,
        started=_date(records.times[0]),
        seconds=placed,
        power=array("H", (records.power[i] for i in kept)),
        cadence=array("B", (records.cadence[i] for i in kept)),
        balance=array("H", (records.balance[i] for i in kept)),
        laps=tuple(_lap(clock, m) for m in decoded.all(ActivityMesgNum.LAP) if m.time),
        paused_s=clock.paused_total(),
        dropped=dropped,
        warnings=notes,
        positioned=records.positioned,
        sub_sport=_sub_sport(decoded),
        ftp=_ftp(decoded),
    )


def _place(clock: _Clock, times: array[int]) -> tuple[list[int], array[int], int]:
    """The records kept (indexes), their timer seconds in order, and how many were dropped.

    Records inside a pause, before the first one or on a second already recorded are
    dropped; the first record of a second (in file order) is kept. Records come in time
    order in every file we have seen; a file that does not is put in order.
    """
    indexes: list[int] = []
    seconds = array("q")
    for index, when in enumerate(times):
        second = clock.place(when)
        if second is not None and second >= 0:
            indexes.append(index)
            seconds.append(second)
    if any(seconds[k] > seconds[k + 1] for k in range(len(seconds) - 1)):
        order = sorted(range(len(seconds)), key=seconds.__getitem__)  # stable: file order
        indexes = [indexes[k] for k in order]
        seconds = array("q", (seconds[k] for k in order))
    kept: list[int] = []
    placed = array("q")
    for index, second in zip(indexes, seconds, strict=True):
        if not placed or second != placed[-1]:
            kept.append(index)
            placed.append(second)
    return kept, placed, len(times) - len(kept)


def _date(when: int) -> dt.datetime | None:
    if when < FIRST_DATE:
        return None
    return dt.datetime.fromtimestamp(FIT_EPOCH + when, dt.UTC)


def _timer_event(clock: _Clock, message: Message) -> None:
    values = message.values
    if values.get(EventField.EVENT.num) != TIMER_EVENT or message.time is None:
        return
    kind = values.get(EventField.EVENT_TYPE.num)
    if kind in TIMER_STOPS:
        clock.stop(message.time)
    elif kind == EventType.START:
        clock.resume(message.time)


def _lap(clock: _Clock, message: Message) -> Lap:
    end = message.time or 0
    start = message.values.get(LapField.START_TIME.num, end)
    raw = message.values.get(LapField.LEFT_RIGHT_BALANCE.num)
    return Lap(max(0, clock.second(start)), max(0, clock.second(end)), _lap_balance(raw))


def _lap_balance(raw: int | None) -> float | None:
    if raw is None or not raw & BALANCE_100_RIGHT_BIT:
        return None
    return (raw & BALANCE_100_MASK) / 100.0


def _sub_sport(decoded: ActivityFile) -> int | None:
    """The session's sub_sport, else the sport message's (the profile the unit ran)."""
    for mesg_num, num in (
        (ActivityMesgNum.SESSION, SessionField.SUB_SPORT.num),
        (ActivityMesgNum.SPORT, SportField.SUB_SPORT.num),
    ):
        for message in decoded.all(mesg_num):
            if num in message.values:
                return message.values[num]
    return None


def _ftp(decoded: ActivityFile) -> int | None:
    """The head unit's FTP: its zones_target's, else the session's threshold power."""
    for mesg_num, num in (
        (ActivityMesgNum.ZONES_TARGET, ZonesTargetField.FUNCTIONAL_THRESHOLD_POWER.num),
        (ActivityMesgNum.SESSION, SessionField.THRESHOLD_POWER.num),
    ):
        message = decoded.first(mesg_num)
        if message is not None and message.values.get(num):
            return message.values[num]
    return None
