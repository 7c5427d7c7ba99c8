"""The workout model: one immutable tree that the language, the readers and the targets share.

A model straight from the parser may hold parameter references (`Ref`); `ridec.language.bind`
replaces them with values. Every node keeps the span it came from (excluded from equality, so
two models that mean the same compare equal whatever their layout).
"""

from __future__ import annotations

from dataclasses import field
from enum import StrEnum

from ridec.diagnostics import Span
from ridec.records import record


class Intensity(StrEnum):
    """What a step is for; maps to the FIT intensity field and Zwift's block kinds."""

    WARMUP = "warmup"
    ACTIVE = "active"
    INTERVAL = "interval"
    RECOVERY = "recovery"
    REST = "rest"
    COOLDOWN = "cooldown"


class Flag(StrEnum):
    """A technique cue attached to a step."""

    STANDING = "standing"
    SEATED = "seated"
    UPSTROKE = "upstroke"
    DOWNSTROKE = "downstroke"


class PowerUnit(StrEnum):
    """How a power number is expressed."""

    PERCENT = "%"
    WATTS = "w"


class TargetKind(StrEnum):
    """The shape of a step's power target."""

    STEADY = "steady"
    RANGE = "range"
    RAMP = "ramp"
    FREE = "free"
    MAX = "max"


@record
class Ref:
    """A use of a `let` parameter (`$name`), before binding."""

    name: str
    """The parameter's name without the `$`."""
    span: Span | None = field(default=None, compare=False, repr=False)
    """Where the reference is written."""


@record
class Power:
    """A power number with its unit."""

    value: float
    """Percent of FTP or watts, as `unit` says."""
    unit: PowerUnit
    """The unit the coach wrote."""

    def to_percent(self, ftp: int | None) -> float | None:
        """This power as % FTP, or None when it is in watts and FTP is unknown."""
        if self.unit is PowerUnit.PERCENT:
            return self.value
        return None if ftp is None else self.value * 100.0 / ftp

    def to_watts(self, ftp: int | None) -> float | None:
        """This power in watts, or None when it is in % and FTP is unknown."""
        if self.unit is PowerUnit.WATTS:
            return self.value
        return None if ftp is None else self.value * ftp / 100.0


@record
class Target:
    """A step's power target: steady, range (or zone), ramp, free ride or maximal effort.

    Steady uses `low` only; a range uses `low` and `high`; a ramp goes from `low` (at the
    step's start) to `high` (at its end), in either direction.
    """

    kind: TargetKind
    """Which of the five shapes this is."""
    low: Power | None = None
    """Steady power, range bottom, or ramp start."""
    high: Power | None = None
    """Range top or ramp end; None for steady, free and max."""
    zone: int | None = None
    """The Coggan zone (1-7) when the coach wrote `z3`, kept so the formatter can write it."""

    @property
    def unit(self) -> PowerUnit | None:
        """The unit of the target's numbers, None for free and max."""
        return self.low.unit if self.low else None


FREE = Target(TargetKind.FREE)
MAX = Target(TargetKind.MAX)


@record
class Cadence:
    """A cadence target in rpm; a single value has low == high."""

    low: int
    """Lowest cadence in the band (rpm)."""
    high: int
    """Highest cadence in the band (rpm)."""

    @property
    def is_range(self) -> bool:
        """Whether the coach gave a range rather than one value."""
        return self.low != self.high

    @property
    def mid(self) -> float:
        """The middle of the band, for formats that take one cadence."""
        return (self.low + self.high) / 2


class Lap:
    """Marks a step that ends when the rider presses the lap button."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "LAP"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Lap)

    def __hash__(self) -> int:
        return hash(Lap)


LAP = Lap()

Seconds = int
"""Durations and offsets are whole seconds everywhere in the model."""

DurationValue = Seconds | Lap | Ref
TargetValue = Target | Ref
CadenceValue = Cadence | Ref
CountValue = int | Ref
OffsetValue = Seconds | Ref


@record
class Cue:
    """A message shown at a time inside a step."""

    offset: OffsetValue
    """Seconds from the step's start, or (with `from_end`) before its end."""
    text: str
    """The message, any Unicode text."""
    from_end: bool = False
    """Whether `offset` counts back from the step's end (`@-15s`)."""
    duration: OffsetValue | None = None
    """How long the message shows; None leaves it to the target's default."""
    span: Span | None = field(default=None, compare=False, repr=False)
    """The cue's line."""


@record
class Step:
    """One step: an intensity, a duration, a target, an optional cadence, flags and cues."""

    duration: DurationValue
    """Seconds, LAP for a lap-button step, or a reference."""
    target: TargetValue = FREE
    """The power target; FREE when omitted."""
    intensity: Intensity = Intensity.ACTIVE
    """What the step is for."""
    cadence: CadenceValue | None = None
    """Cadence target, if any."""
    flags: tuple[Flag, ...] = ()
    """Technique cues, in the order written."""
    label: str | None = None
    """The step's name, shown at its start; may hold `{i}` and `{n}`."""
    cues: tuple[Cue, ...] = ()
    """Messages inside the step, in source order."""
    span: Span | None = field(default=None, compare=False, repr=False)
    """The step's line."""


@record
class Repeat:
    """A block repeated `count` times."""

    count: CountValue
    """How many times; 0 emits nothing."""
    body: tuple[Node, ...]
    """Steps and blocks, in order."""
    label: str | None = None
    """Shown at the start of each iteration; may hold `{i}` and `{n}`."""
    span: Span | None = field(default=None, compare=False, repr=False)
    """The `repeat` line."""


@record
class Alternate:
    """Children taken in turn by the iterations of the innermost enclosing repeat."""

    children: tuple[Node, ...]
    """Two or more steps or blocks; iteration i takes child (i-1) mod len(children)."""
    span: Span | None = field(default=None, compare=False, repr=False)
    """The `alternate` line."""


Node = Step | Repeat | Alternate


@record
class Exercise:
    """One off-bike exercise of the activation routine."""

    name: str
    """What to do."""
    reps: int | None = None
    """Repetitions, when counted."""
    each_side: bool = False
    """Whether the reps are per side."""
    duration: Seconds | None = None
    """How long, when timed."""
    span: Span | None = field(default=None, compare=False, repr=False)
    """The exercise's line."""

    def describe(self) -> str:
        """The checklist line: "Glute bridge: 15 reps each side"."""
        if self.reps is not None:
            amount = f"{self.reps} reps" + (" each side" if self.each_side else "")
        else:
            amount = format_duration(self.duration or 0)
        return f"{self.name}: {amount}"


@record
class Activation:
    """The pre-ride muscle activation routine."""

    exercises: tuple[Exercise, ...]
    """In the order to do them."""
    label: str | None = None
    """The routine's title."""
    span: Span | None = field(default=None, compare=False, repr=False)
    """The `activation` line."""

    def checklist(self) -> str:
        """The routine as text for descriptions and notes."""
        title = self.label or "Activation"
        return "\n".join([f"{title}:", *(f"- {e.describe()}" for e in self.exercises)])


class ParamKind(StrEnum):
    """What kind of value a parameter holds; a reference must stand where that kind may."""

    DURATION = "duration"
    TARGET = "target"
    CADENCE = "cadence"
    COUNT = "count"


ParamValue = Seconds | Target | Cadence


@record
class Param:
    """A `let` parameter with its default value."""

    name: str
    """The name used as `$name`."""
    kind: ParamKind
    """The kind of its value."""
    value: ParamValue
    """The default (an int is seconds for DURATION and a count for COUNT)."""
    span: Span | None = field(default=None, compare=False, repr=False)
    """The `let` line."""


@record
class Header:
    """The workout's metadata."""

    name: str
    """Shown in every target."""
    author: str | None = None
    """Who wrote it."""
    description: str | None = None
    """Free text; may span lines."""
    tags: tuple[str, ...] = ()
    """Keywords for libraries."""
    ftp: int | None = None
    """Functional threshold power in watts, used to convert % and watts."""
    sport: str = "bike"
    """Only `bike` in version 1."""
    category: str | None = None
    """Zwift's workout list section."""
    subcategory: str | None = None
    """Zwift's workout list subsection."""
    spans: tuple[tuple[str, Span], ...] = field(default=(), compare=False, repr=False)
    """Where each key was written (`description` with its continuation lines)."""

    def span_of(self, key: str) -> Span | None:
        """Where the header line `key` was written, if it was."""
        return next((span for name, span in self.spans if name == key), None)


@record
class Workout:
    """A whole workout: header, parameters, activation routine and steps."""

    header: Header
    """Metadata."""
    body: tuple[Node, ...]
    """Top-level steps and blocks."""
    params: tuple[Param, ...] = ()
    """Parameters with defaults, in declaration order."""
    activation: Activation | None = None
    """The pre-ride routine, if any."""
    span: Span | None = field(default=None, compare=False, repr=False)
    """The whole file."""


def format_duration(seconds: int) -> str:
    """A duration as the language writes it: `45s`, `4m`, `1m30s`, `1h`, `1h2m3s`."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [(hours, "h"), (minutes, "m"), (secs, "s")]
    return "".join(f"{amount}{unit}" for amount, unit in parts if amount) or "0s"
