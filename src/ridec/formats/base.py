"""What every format shares: compile options, the loss report, the writer interface, the
reader's result, the registry entry type, XML safety and the input size limit.

A writer lowers the shared timeline with named passes, records every loss in the `Fidelity`
report, and checks its own bytes before they are written. A reader turns a file's bytes back
into the model (`read_<format>(data: bytes, path: str) -> ReadResult`): the workout, and
the warnings met on the way; errors raise DiagnosticError. A checker finds every problem in
a file (`check_file(data: bytes, path: str) -> list[Diagnostic]`).

Only the diagnostics are imported at run time, so the CLI can list the formats without
loading the model, the timeline or any format.
"""

from __future__ import annotations

import datetime as dt
import importlib
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import field
from enum import Flag, StrEnum, auto
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, TypeVar

from ridec.diagnostics import Diagnostic, Severity, Span
from ridec.formats.losses import LossLevel
from ridec.formats.losses import topic as topic_of
from ridec.mentions import FTP
from ridec.records import record

if TYPE_CHECKING:
    from lxml import etree

    from ridec.model import Workout
    from ridec.timeline import Timeline



class ActivationMode(StrEnum):
    """Where the activation routine goes."""

    AUTO = "auto"
    """The checklist in the description, except in FIT when it does not fit the description's
    254 bytes: there, lap-button steps before the ride, so no exercise is cut."""
    NOTES = "notes"
    """Into the description or notes as a checklist (every format), cut to fit in FIT."""
    STEPS = "steps"
    """As lap-button steps at the start (FIT); other formats report a degradation."""


ActivationName = Literal["auto", "notes", "steps"]
"""An ActivationMode by its value, as a program may write it: `activation="steps"`."""


class RampMode(StrEnum):
    """How FIT, which has no ramp target, lowers a ramp."""

    STEP = "step"
    """Short steady steps of `fit_ramp_step_s` each."""
    RANGE = "range"
    """One step whose power range spans the ramp."""


RampName = Literal["step", "range"]
"""A RampMode by its value, as a program may write it: `fit_ramp="range"`."""


@record
class CompileOptions:
    """Everything a user can set that changes the bytes of an output."""

    ftp: int | None = None
    """`--ftp`: wins over the workout's header."""
    ascii_text: bool = True
    """ZWO: transliterate text to ASCII (Zwift ignores some non-ASCII files)."""
    activation: ActivationMode | ActivationName = ActivationMode.AUTO
    """Where the activation routine goes (given as a mode or its value; kept as the mode)."""
    fit_ramp: RampMode | RampName = RampMode.STEP
    """How FIT lowers ramps (given as a mode or its value; kept as the mode)."""
    fit_ramp_step_s: int | None = None
    """Length of each step when FIT lowers a ramp to steps; None: 30 s, or 60 s when 30 s
    steps would take the workout past `fit_max_steps` and 60 s ones keep it within (readers
    take both back as ramps)."""
    fit_power_band_pct: float = 0.0
    """Widen a single FIT power value to +/- this many % FTP."""
    fit_max_steps: int = 50
    """Warn when a FIT workout has more steps than this: 50 is Garmin's limit (Garmin Connect
    and its head units refuse longer workouts; docs/formats.md has the evidence)."""
    fit_nested_repeats: bool = False
    """Keep inner repeats as FIT repeat steps instead of unrolling them."""
    created: dt.datetime | None = None
    """FIT `time_created`; None derives it from the source for reproducible bytes."""

    def __post_init__(self) -> None:
        """The modes given by value become the modes themselves (`"range"` is
        `RampMode.RANGE`; a value of neither raises ValueError naming the choices), and values
        that make no sense are refused where they enter: an FTP of 0, -1, NaN or 1e30 W, a ramp
        step of 0 s, a band of NaN % (ValueError naming the range)."""
        object.__setattr__(self, "activation", _mode(ActivationMode, self.activation, "activation"))
        object.__setattr__(self, "fit_ramp", _mode(RampMode, self.fit_ramp, "fit_ramp"))
        from ridec.limits import ftp_problem

        problem = None if self.ftp is None else ftp_problem(self.ftp)
        if problem is not None:
            raise ValueError(problem)
        if self.fit_ramp_step_s is not None:  # None: 30 s, or 60 s under the step limit
            require_whole("fit_ramp_step_s", self.fit_ramp_step_s, 1, FIT_RAMP_STEP_MAX_S)
        require_whole("fit_max_steps", self.fit_max_steps, 1, None)
        band = self.fit_power_band_pct
        low, high = FIT_POWER_BAND_RANGE
        if isinstance(band, bool) or not isinstance(band, int | float) or not low <= band <= high:
            raise ValueError(f"fit_power_band_pct must be {low} to {high} (% FTP), not {band!r}")


FIT_RAMP_STEP_MAX_S = 24 * 3600
"""The longest step a ramp can be cut into: a step's longest duration."""
FIT_POWER_BAND_RANGE = (0.0, 100.0)
"""How far a FIT power value may be widened, in % FTP either way."""


def require_whole(name: str, value: object, low: int, high: int | None) -> None:
    """Raise ValueError naming `name` unless `value` is an int from `low` to `high` (None:
    no upper bound): how an option of the API refuses a value that makes no sense."""
    whole = isinstance(value, int) and not isinstance(value, bool)
    if not whole or value < low or (high is not None and value > high):  # type: ignore[operator]
        span = f"{low} to {high}" if high is not None else f"at least {low}"
        raise ValueError(f"{name} must be a whole number, {span}, not {value!r}")


Mode = TypeVar("Mode", ActivationMode, RampMode)


def _mode(kind: type[Mode], value: object, name: str) -> Mode:
    for mode in kind:
        if mode == value:  # the mode itself, or its value
            return mode
    choices = ", ".join(repr(mode.value) for mode in kind)
    raise ValueError(f"{name}={value!r}: expected one of {choices}")


class LossKind(StrEnum):
    """How faithfully a feature reached the output."""

    EXACT = "exact"
    DEGRADED = "degraded"
    DROPPED = "dropped"


@record
class Loss:
    """One entry of the fidelity report."""

    kind: LossKind
    """Kept exactly, degraded or dropped."""
    feature: str
    """What was written by the coach ("cadence range 50-60 rpm")."""
    became: str | None = None
    """What the format made of it ("cue text 'Cadence 50-60 rpm'"); None when dropped."""
    span: Span | None = field(default=None, compare=False)
    """Where the feature is in the source."""
    topic: str = "other"
    """Its kind, a key of `losses.TOPICS`: how summaries count it and how serious it is."""
    message: str | None = None
    """A located sentence for the rider's side of it, when the default says too little."""
    hint: str | None = None
    """What would avoid it (the options to change), for the loss's diagnostic."""

    @property
    def level(self) -> LossLevel:
        """Note (a change of form) or warning (a change the rider meets)."""
        if self.kind is LossKind.EXACT:
            return LossLevel.NOTE
        return topic_of(self.topic).level

    def __str__(self) -> str:
        """The loss on one line: where, how, what (`w.ride:3:1: degraded: ramp 45% to 70%
        becomes 20 steps of 30 s`)."""
        line = " ".join(part.strip() for part in self.text().splitlines())
        where = Diagnostic(Severity.NOTE, "", self.span).location() if self.span else None
        return f"{where}: {self.kind}: {line}" if where else f"{self.kind}: {line}"

    def text(self) -> str:
        """The loss in a sentence, without the target's name."""
        if self.message is not None:
            return self.message
        if self.kind is LossKind.DROPPED:
            return f"{self.feature} is dropped (the format cannot express it)"
        return f"{self.feature} becomes {self.became}"


@record(frozen=False)
class Fidelity:
    """The report one writer fills while lowering one workout."""

    format: str
    """The format's registry name (`"fit"`), as `Compiled.format`."""
    entries: list[Loss] = field(default_factory=list)
    """Everything recorded, in order."""

    @property
    def target(self) -> str:
        """Deprecated: `format`, the name this field had first (as `Compiled.target`)."""
        import warnings

        warnings.warn(
            "Fidelity.target is deprecated: use Fidelity.format", DeprecationWarning, stacklevel=2
        )
        return self.format

    def exact(self, feature: str, span: Span | None = None) -> None:
        """Record a feature the format keeps as written."""
        self.entries.append(Loss(LossKind.EXACT, feature, None, span))

    def degraded(
        self, feature: str, became: str, span: Span | None = None, *, topic: str = "other"
    ) -> None:
        """Record a feature the format can only approximate, and what it became."""
        self.entries.append(Loss(LossKind.DEGRADED, feature, became, span, topic))

    def dropped(self, feature: str, span: Span | None = None, *, topic: str = "other") -> None:
        """Record a feature the format cannot carry at all."""
        self.entries.append(Loss(LossKind.DROPPED, feature, None, span, topic))

    def losses(self) -> list[Loss]:
        """The degraded and dropped entries."""
        return [e for e in self.entries if e.kind is not LossKind.EXACT]

    def diagnostics(self, strict: bool = False) -> list[Diagnostic]:
        """Each loss as a located diagnostic: its level (note or warning), or an error under
        `--strict`."""
        return [loss_diagnostic(self.format, loss, strict) for loss in self.losses()]


class OnceFidelity:
    """A writer's fidelity report that takes each distinct entry once: an unrolled repeat
    repeats its steps, and their losses. Entries are told apart by kind, feature, what it
    became and where in which source it was written."""

    def __init__(self, report: Fidelity) -> None:
        self.report = report
        self.seen: set[tuple[LossKind, str, str | None, int | None]] = set()

    def add(
        self,
        kind: LossKind,
        feature: str,
        became: str | None,
        span: Span | None,
        topic: str = "other",
    ) -> None:
        """Record the entry unless an equal one was recorded already."""
        key = (kind, feature, became, id(span.source) + span.start if span else None)
        if key in self.seen:
            return
        self.seen.add(key)
        if kind is LossKind.EXACT:
            self.report.exact(feature, span)
        elif kind is LossKind.DEGRADED:
            self.report.degraded(feature, became or "", span, topic=topic)
        else:
            self.report.dropped(feature, span, topic=topic)


def loss_diagnostic(target: str, loss: Loss, strict: bool = False) -> Diagnostic:
    """One loss as a located diagnostic, `target: what happened`."""
    severity = Severity.ERROR if strict else Severity(loss.level.value)
    text = f"{target}: {loss.text()}"
    return Diagnostic(severity, text, loss.span, loss.hint, code=f"loss.{loss.topic}")


class NothingToRideError(Exception):
    """The workout has no step this format can play: it is only the activation routine.

    Not an error: the routine is done off the bike, and FIT (lap-button steps) and JSON
    carry it; a player file with nothing to play is not written.
    """


def nothing_to_ride(timeline: Timeline, target: str) -> NothingToRideError:
    """Why `target` writes no file for a workout without a step it can play."""
    if timeline.workout.activation is not None and not timeline.steps:
        why = "the workout is only the activation routine, done off the bike"
    elif not timeline.steps:
        why = "the workout has no steps"
    else:
        why = "every step is a lap-button step, which the format cannot play"
    return NothingToRideError(f"{why}; {target.upper()} needs a step to ride")


FTP_HINT = f"set the FTP with `ftp:` in the header or {FTP.api}"
"""What to do about a conversion that needs an FTP."""


class ConversionError(Exception):
    """A workout the target cannot write: mostly a % <-> watts conversion without an FTP."""

    def __init__(self, message: str, span: Span | None, hint: str | None = FTP_HINT) -> None:
        super().__init__(message)
        self.span = span
        self.hint = hint


class FtpNeededError(ConversionError):
    """A conversion between % FTP and watts with no FTP known: the workout itself is fine,
    and this format could write it given an FTP (ERG in watts from % FTP, say)."""

    def __init__(self, message: str, span: Span | None) -> None:
        super().__init__(message, span, FTP_HINT)


class Writer(ABC):
    """One output format.

    A writer is made for one use (`FormatEntry.new_writer`): it may keep what it rendered
    (`Made`) so that its own check reads the structure it wrote the bytes from instead of
    parsing them again.
    """

    name: ClassVar[str]
    """Registry name, used by `-t`."""
    extension: ClassVar[str]
    """File extension with the dot, lower case."""
    description: ClassVar[str]
    """One line for `--help` and the README table."""

    @abstractmethod
    def render(self, timeline: Timeline, options: CompileOptions, report: Fidelity) -> bytes:
        """The file's bytes; raises ConversionError when FTP is needed and unknown."""

    @abstractmethod
    def validate(self, data: bytes) -> list[str]:
        """Problems found in `data` by this format's own checker; empty when it is valid."""


Structure = TypeVar("Structure")


class Made(Generic[Structure]):
    """The bytes a writer rendered last and the structure it made them from.

    A writer's own check of its output may read that structure instead of parsing the bytes
    again, but only for those very bytes: `of(data)` gives the structure when `data` is the
    object `keep` was given (bytes are immutable, so the same object holds the same bytes),
    and None for any other bytes, which are checked in full. The structure must be the
    writer's own, never changed after the bytes were made from it.
    """

    __slots__ = ("_last",)

    def __init__(self) -> None:
        self._last: tuple[bytes, Structure] | None = None

    def keep(self, data: bytes, structure: Structure) -> bytes:
        """Remember `data` as made from `structure`; returns `data`."""
        self._last = (data, structure)
        return data

    def of(self, data: bytes) -> Structure | None:
        """The structure `data` was made from, when `data` is the object kept; else None."""
        last = self._last
        return last[1] if last is not None and last[0] is data else None


@record
class ReadResult:
    """A workout read from a file, with what the reader had to approximate."""

    workout: Workout
    """The model, repeats recovered."""
    diagnostics: tuple[Diagnostic, ...]
    """Warnings and notes (never errors: those raise)."""


Reader = Callable[[bytes, str], ReadResult]
"""`read_<format>(data, path)`: a file's bytes back into the model."""
Checker = Callable[[bytes, str], list[Diagnostic]]
"""`check_file(data, path)`: every problem in a file, located; empty when it is valid."""


class Capability(Flag):
    """What a format keeps exactly; anything else it degrades or drops, and reports."""

    NONE = 0
    CADENCE = auto()
    """A single cadence target."""
    CADENCE_RANGES = auto()
    """A cadence range (`50-60rpm`)."""
    POWER_RANGES = auto()
    """A power range (`75-85%`)."""
    RAMPS = auto()
    """A power ramp (`45%->70%`)."""
    LAP_STEPS = auto()
    """A step that ends at the lap button."""
    FREE_RIDE = auto()
    """A step without a power target."""
    TEXT_CUES = auto()
    """Texts shown at a time inside a step (`@0:20 "..."`)."""
    REPEATS = auto()
    """Repeats kept as repeats instead of unrolled."""


@record
class FormatEntry:
    """One format in the registry. Its code is named by `module:attribute` and imported on
    first use, so listing the formats loads none of them."""

    name: str
    """Registry name, as `-t` takes it."""
    extensions: tuple[str, ...]
    """File extensions with the dot, lower case; the first is the one written."""
    writer: str
    """`module:Class` of its `Writer`."""
    checker: str
    """`module:function` of its `Checker`."""
    reader: str | None = None
    """`module:function` of its `Reader`; None when ridec cannot read the format yet."""
    capabilities: Capability = Capability.NONE
    """What the format keeps exactly."""
    in_all: bool = True
    """Whether `-t all` writes it (a text to paste into a web tool is asked for by name)."""

    @property
    def extension(self) -> str:
        """The extension of the files ridec writes."""
        return self.extensions[0]

    def supports(self, capability: Capability) -> bool:
        """Whether the format keeps `capability` exactly."""
        return capability in self.capabilities

    def new_writer(self) -> Writer:
        """A writer for the format (one per use: it keeps only what it rendered)."""
        cls: type[Writer] = _attribute(self.writer)
        return cls()

    def load_reader(self) -> Reader | None:
        """The format's reader, or None."""
        reader: Reader | None = _attribute(self.reader) if self.reader is not None else None
        return reader

    def load_checker(self) -> Checker:
        """The format's checker."""
        checker: Checker = _attribute(self.checker)
        return checker


def _attribute(path: str) -> Any:
    """The object `module:attribute` names, its module imported on first use."""
    module_name, name = path.split(":")
    return getattr(importlib.import_module(module_name), name)


def safe_parser() -> etree.XMLParser:
    """An lxml parser that is safe on untrusted input: no entities, network or huge trees.

    Every XML format parses with it: no entity expansion, no network, no DTD loading and
    libxml2's default size and depth limits (huge_tree off).
    """
    from lxml import etree  # only the XML formats pay for lxml

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
    )
