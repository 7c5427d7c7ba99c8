"""A recorded ride read from an activity FIT file with fitparse: one sample per recorded second.

The ride's clock is timer time: seconds from the first record with every timer pause (a FIT
`timer` stop event up to the next start) taken out, because a head unit running a workout
pauses the workout's clock with the timer. Seconds the timer ran without a record are gaps:
they keep their place on the clock and simply have no sample.
"""

from __future__ import annotations

import bisect
import datetime as dt
import io
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ridec import limits
from ridec.diagnostics import Diagnostic, DiagnosticError, Source, Span, error, warning
from ridec.fileio import read_limited

BALANCE_RIGHT_BIT = 0x80
"""In a record's `left_right_balance`, set when the percent is the right pedal's share."""
BALANCE_PERCENT_MASK = 0x7F
"""The low 7 bits: the share in percent."""
MAX_RIDE_BYTES = limits.MAX_RIDE_BYTES
"""Larger files are refused; a long ride with every sensor is a few megabytes."""
FIT_FILE_ACTIVITY = 4
"""`file_id.type` of a recorded activity, when the reader does not name it."""
TIMER_STOPS = frozenset({"stop", "stop_all", "stop_disable", "stop_disable_all"})
"""Timer event types that pause the ride clock (a `start` resumes it)."""


@dataclass(frozen=True, slots=True)
class Balance:
    """One `left_right_balance` byte as the pedals sent it."""

    raw: int
    """The byte: top bit = the value is the right pedal's share; low 7 bits = percent."""

    @property
    def side_known(self) -> bool:
        """Whether the byte says the share is the right pedal's."""
        return bool(self.raw & BALANCE_RIGHT_BIT)

    @property
    def percent(self) -> int:
        """The share in percent (of the right pedal when `side_known`, else of an unnamed one)."""
        return self.raw & BALANCE_PERCENT_MASK

    @property
    def right(self) -> int | None:
        """The right pedal's share in percent, None when the side is not said."""
        return self.percent if self.side_known else None


@dataclass(frozen=True, slots=True)
class Sample:
    """One recorded second."""

    second: int
    """Seconds of timer time from the first record."""
    power: int | None
    """Watts, None when the record has none."""
    cadence: int | None
    """Revolutions per minute, None when the record has none."""
    balance: Balance | None
    """Left/right balance, None when the record has none."""


@dataclass(frozen=True, slots=True)
class Lap:
    """One lap of the ride, in timer time."""

    start_s: int
    """Where the lap starts on the ride clock."""
    end_s: int
    """Where it ends."""
    balance_right: float | None = None
    """The head unit's own lap balance (right share, %), when it wrote one with the side."""


@dataclass(frozen=True, slots=True)
class Activity:
    """A whole ride, ready to line up with a plan."""

    path: str
    """The file as the user named it."""
    started: dt.datetime | None
    """Timestamp of the first record."""
    samples: tuple[Sample, ...]
    """One per recorded second, in order, no two on the same second."""
    laps: tuple[Lap, ...]
    """The ride's laps, in order."""
    paused_s: int = 0
    """Seconds of timer pauses taken out of the clock."""
    dropped: int = 0
    """Records left out: inside a pause, or a second already recorded."""
    warnings: tuple[Diagnostic, ...] = field(default=())
    """Problems that did not stop the reading (a file cut short, say)."""

    @property
    def has_power(self) -> bool:
        """Whether any second has power."""
        return any(s.power is not None for s in self.samples)

    @property
    def has_cadence(self) -> bool:
        """Whether any second has cadence."""
        return any(s.cadence is not None for s in self.samples)

    @property
    def has_balance(self) -> bool:
        """Whether any second has a left/right balance."""
        return any(s.balance is not None for s in self.samples)

    @property
    def duration_s(self) -> int:
        """Timer seconds from the first record to just after the last."""
        return self.samples[-1].second + 1 if self.samples else 0


def read_activity(path: Path) -> Activity:
    """Read a recorded ride; raises DiagnosticError for anything but a readable activity."""
    return parse_activity(read_limited(path, MAX_RIDE_BYTES), str(path))


def parse_activity(data: bytes, path: str) -> Activity:
    """Parse the bytes of an activity FIT file named `path` in messages."""
    import fitparse  # heavy; imported only when a ride is actually read

    source = Source(path)
    _check_signature(data, source)
    stream = io.BytesIO(data)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            fit = fitparse.FitFile(stream)
            messages = list(_messages(fit.get_messages(["file_id", "record", "event", "lap"])))
        except fitparse.FitParseError as exc:
            raise DiagnosticError([_unreadable(source, stream.tell(), exc)]) from None
        except Exception as exc:  # fitparse fails in many ways on damaged bytes; none is a bug
            damaged = error(
                f"the FIT file is damaged: the reader failed ({type(exc).__name__}: {exc})",
                Span(source, stream.tell(), stream.tell()),
            )
            raise DiagnosticError([damaged]) from None
    notes = tuple(warning(str(w.message), Span(source, len(data), len(data))) for w in caught)
    _check_kind(messages, source)
    return _build(path, messages, notes, source)


FIT_SIGNATURE = b".FIT"
"""Bytes 8-11 of every FIT file's header."""
SIGNATURE_AT = slice(8, 12)
HINT_RIDE = "give the .fit file your head unit recorded (Garmin, Wahoo, Hammerhead ...)"


def _check_signature(data: bytes, source: Source) -> None:
    """An empty file or one without the `.FIT` mark is refused before the reader runs."""
    if not data:
        raise DiagnosticError([error("the file is empty", Span(source, 0, 0), HINT_RIDE)])
    if data[SIGNATURE_AT] != FIT_SIGNATURE:
        message = "not a FIT file: its header has no '.FIT' mark"
        raise DiagnosticError([error(message, Span(source, 0, 0), HINT_RIDE)])


def _unreadable(source: Source, offset: int, exc: Exception) -> Diagnostic:
    """What fitparse's own errors mean for the rider."""
    from fitparse.utils import FitCRCError, FitEOFError, FitHeaderError

    hint = HINT_RIDE
    if isinstance(exc, FitHeaderError):
        return error("not a FIT file: its header is damaged", Span(source, 0, 0), hint)
    if isinstance(exc, FitEOFError):
        message = "the FIT file ends early: it was cut short while copying or recording"
    elif isinstance(exc, FitCRCError):
        message = f"the FIT file is damaged: {exc}"
    else:
        message = f"not a readable FIT activity: {exc}"
    return error(message, Span(source, offset, offset), hint)


@dataclass(frozen=True, slots=True)
class _Message:
    name: str
    values: dict[str, Any]
    balance_raw: int | None


def _messages(raw: Iterable[Any]) -> Iterator[_Message]:
    for message in raw:
        values = message.get_values()
        field_ = message.get("left_right_balance")
        balance_raw = field_.raw_value if field_ is not None else None
        yield _Message(message.name, values, balance_raw if isinstance(balance_raw, int) else None)


def _check_kind(messages: list[_Message], source: Source) -> None:
    kinds = [m.values.get("type") for m in messages if m.name == "file_id"]
    if kinds and kinds[0] not in ("activity", FIT_FILE_ACTIVITY, None):
        hint = "give the ride to `ridec review` and the planned workout to --against"
        message = f"a FIT '{kinds[0]}' file, not a recorded activity"
        raise DiagnosticError([error(message, Span(source, 0, 0), hint)])
    if not any(m.name == "record" and m.values.get("timestamp") for m in messages):
        message = "the activity has no timed records (nothing was recorded)"
        raise DiagnosticError([error(message, Span(source, 0, 0))])


class _Clock:
    """Turns timestamps into timer seconds from the first record, pauses taken out.

    A pause runs from a timer stop to the next start; records strictly inside it are left
    out, and a record at the restart lands on the same timer second as the one at the stop.
    Pauses are kept in time order with a running total of their lengths, so each lookup is
    a binary search: a ride with 20,000 pauses costs no more per record than one with two.
    A timer event earlier than the pause before it (a clock set back mid-ride) cannot keep
    that order and is ignored, counted in `ignored`.
    """

    def __init__(self, start: dt.datetime) -> None:
        self.start = start
        self.pauses: list[tuple[dt.datetime, dt.datetime | None]] = []
        self.ignored = 0
        self._begins: list[dt.datetime] = []
        self._before: list[float] = [0.0]
        """`_before[i]`: seconds of the first i pauses (every one finished), from `start`."""

    def stop(self, when: dt.datetime) -> None:
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

    def resume(self, when: dt.datetime) -> None:
        """The timer started again."""
        if not self.pauses or self.pauses[-1][1] is not None:
            return
        begin = self.pauses[-1][0]
        if when < begin:
            self.ignored += 1
            when = begin  # the pause ends as it began: it takes nothing out
        self.pauses[-1] = (begin, when)
        self._before.append(self._before[-1] + self._length(begin, when))

    def _length(self, begin: dt.datetime, end: dt.datetime) -> float:
        """Seconds of a pause after the first record."""
        return max(0.0, (end - max(begin, self.start)).total_seconds())

    def _latest(self, when: dt.datetime) -> int:
        """How many pauses began before `when`."""
        return bisect.bisect_left(self._begins, when)

    def paused(self, when: dt.datetime) -> bool:
        """Whether `when` falls inside a pause."""
        count = self._latest(when)
        if not count:
            return False
        end = self.pauses[count - 1][1]
        return end is None or when < end

    def second(self, when: dt.datetime) -> int:
        """Timer seconds from the first record to `when` (the part of any pause before it out)."""
        elapsed = (when - self.start).total_seconds()
        count = self._latest(when)
        if count:
            elapsed -= self._before[count - 1]
            begin, end = self.pauses[count - 1]
            elapsed -= self._length(begin, when if end is None else min(end, when))
        return int(elapsed)

    def paused_total(self) -> int:
        """Seconds of every finished pause after the first record."""
        finished = [(b, e) for b, e in self.pauses if e is not None and b >= self.start]
        return int(sum((e - b).total_seconds() for b, e in finished))


def _build(
    path: str, messages: list[_Message], notes: tuple[Diagnostic, ...], source: Source
) -> Activity:
    records = [m for m in messages if m.name == "record" and m.values.get("timestamp")]
    clock = _Clock(records[0].values["timestamp"])
    samples: list[Sample] = []
    seen: set[int] = set()
    dropped = 0
    laps: list[Lap] = []
    for message in messages:
        when = message.values.get("timestamp")
        if not isinstance(when, dt.datetime):
            continue
        if message.name == "event":
            _timer_event(clock, message.values, when)
        elif message.name == "lap":
            laps.append(_lap(clock, message, when))
        elif message.name == "record":
            second = clock.second(when)
            if clock.paused(when) or second in seen or second < 0:
                dropped += 1
                continue
            seen.add(second)
            samples.append(_sample(second, message))
    samples.sort(key=lambda s: s.second)
    if clock.ignored:
        said = f"{clock.ignored} timer event(s) go back in time and are ignored"
        notes = (*notes, warning(said, Span(source, 0, 0)))
    return Activity(
        path, clock.start, tuple(samples), tuple(laps), clock.paused_total(), dropped, notes
    )


def _timer_event(clock: _Clock, values: dict[str, Any], when: dt.datetime) -> None:
    if values.get("event") != "timer":
        return
    if values.get("event_type") in TIMER_STOPS:
        clock.stop(when)
    elif values.get("event_type") == "start":
        clock.resume(when)


def _lap(clock: _Clock, message: _Message, end: dt.datetime) -> Lap:
    start = message.values.get("start_time")
    begin = clock.second(start) if isinstance(start, dt.datetime) else clock.second(end)
    return Lap(max(0, begin), max(0, clock.second(end)), _lap_balance(message.balance_raw))


LAP_BALANCE_RIGHT_BIT = 0x8000
"""In a lap's `left_right_balance_100`, set when the value is the right pedal's share."""
LAP_BALANCE_MASK = 0x3FFF
"""The low 14 bits: the share in hundredths of a percent."""


def _lap_balance(raw: int | None) -> float | None:
    if raw is None or not raw & LAP_BALANCE_RIGHT_BIT:
        return None
    return (raw & LAP_BALANCE_MASK) / 100.0


def _sample(second: int, message: _Message) -> Sample:
    power = message.values.get("power")
    cadence = message.values.get("cadence")
    balance = Balance(message.balance_raw) if message.balance_raw is not None else None
    return Sample(
        second,
        power if isinstance(power, int) else None,
        cadence if isinstance(cadence, int) else None,
        balance,
    )
