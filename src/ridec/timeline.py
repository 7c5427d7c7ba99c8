"""The shared lowering: a bound workout tree becomes a flat list of timed steps.

Repeats are unrolled, alternates resolved, `{i}`/`{n}` filled in, cue times made absolute and
flag cues generated. Every target starts from a `Timeline`; each step remembers which repeat
iterations it came from (`frames`) so targets that can express repeats can fold them back.
A lap-button step has no duration and counts as 0 s in the times that follow it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import field
from enum import StrEnum
from typing import TypeVar

from ridec.diagnostics import Span
from ridec.limits import require_within_limits
from ridec.model import (
    Alternate,
    Cadence,
    Cue,
    Flag,
    Intensity,
    Lap,
    Node,
    Power,
    Ref,
    Repeat,
    Step,
    Target,
    TargetKind,
    Workout,
)
from ridec.records import record

_T = TypeVar("_T")

FLAG_CUES: dict[Flag, str] = {
    Flag.STANDING: "Stand up",
    Flag.SEATED: "Sit down",
    Flag.UPSTROKE: "Upstroke only",
    Flag.DOWNSTROKE: "Downstroke only",
}
"""The cue each flag becomes in every target."""

# Words that show a label or cue already tells the rider what the flag says, so the
# generated cue would only repeat it.
_FLAG_WORDS: dict[Flag, tuple[str, ...]] = {
    Flag.STANDING: ("stand",),
    Flag.SEATED: ("seat", "sit "),
    Flag.UPSTROKE: ("upstroke", "up stroke"),
    Flag.DOWNSTROKE: ("downstroke", "down stroke"),
}


class CueKind(StrEnum):
    """Where a timeline cue came from."""

    CUE = "cue"
    """Written by the coach under the step."""
    FLAG = "flag"
    """Generated from a technique flag."""
    BLOCK = "block"
    """A repeat's label, shown at the start of each iteration."""


@record
class Frame:
    """One enclosing repeat of a timeline step: which repeat, which iteration."""

    key: int
    """The repeat's position in a pre-order walk of the workout, unique within it."""
    iteration: int
    """1-based iteration of that repeat."""
    count: int
    """How many iterations the repeat has."""
    label: str | None = field(default=None, compare=False)
    """The repeat's label as written, `{i}` and `{n}` unfilled (a writer that keeps the
    repeat as a block names it so; its filled form is the iteration's block cue)."""


@record
class TimelineCue:
    """A message at an absolute time."""

    at_s: int
    """Seconds from the workout's start."""
    offset_s: int
    """Seconds from the step's start."""
    text: str
    """The message with `{i}`/`{n}` filled in."""
    duration_s: int | None = None
    """How long it shows; None for the target's default."""
    kind: CueKind = CueKind.CUE
    """Where it came from."""
    span: Span | None = field(default=None, compare=False, repr=False)
    """The source line it came from."""


@record
class PowerLevels:
    """A target's power at the step's start and end and its band, in one unit."""

    start: float
    """Power at the step's start (a range gives its midpoint)."""
    end: float
    """Power at the step's end."""
    low: float
    """Bottom of the band (for a ramp, the lower end)."""
    high: float
    """Top of the band (for a ramp, the higher end)."""


@record
class TimelineStep:
    """One step of the flat timeline."""

    index: int
    """Position in the timeline, from 0."""
    start_s: int
    """Seconds from the workout's start."""
    duration_s: int | None
    """Seconds, or None for a lap-button step."""
    intensity: Intensity
    """What the step is for."""
    target: Target
    """The bound power target."""
    cadence: Cadence | None
    """Cadence target, if any."""
    flags: tuple[Flag, ...]
    """Technique flags."""
    label: str | None
    """The step's name with `{i}`/`{n}` filled in."""
    cues: tuple[TimelineCue, ...]
    """Block labels, flag cues and the coach's cues, in order of time."""
    frames: tuple[Frame, ...] = ()
    """Enclosing repeat iterations, outermost first."""
    span: Span | None = field(default=None, compare=False, repr=False)
    """The step's source line."""
    converted: dict[tuple[bool, int | None], PowerLevels | None] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    """Levels already converted, by (in watts?, FTP): five writers, the stats and the chart
    each ask for every step's levels, and they are the same for the same FTP."""

    @property
    def end_s(self) -> int:
        """Seconds from the workout's start to the step's end (lap steps count 0 s)."""
        return self.start_s + (self.duration_s or 0)

    def percent(self, ftp: int | None) -> PowerLevels | None:
        """The target in % FTP; None for free/max or watts without FTP."""
        key = (False, ftp)
        if key not in self.converted:
            self.converted[key] = _levels(self.target, lambda p: p.to_percent(ftp))
        return self.converted[key]

    def watts(self, ftp: int | None) -> PowerLevels | None:
        """The target in watts; None for free/max or % without FTP."""
        key = (True, ftp)
        if key not in self.converted:
            self.converted[key] = _levels(self.target, lambda p: p.to_watts(ftp))
        return self.converted[key]

    def start_texts(self) -> list[str]:
        """Everything to show at the step's start: block labels, label, flag cues, cues at 0."""
        block = [c.text for c in self.cues if c.offset_s == 0 and c.kind is CueKind.BLOCK]
        rest = [c.text for c in self.cues if c.offset_s == 0 and c.kind is not CueKind.BLOCK]
        return block + ([self.label] if self.label else []) + rest


@record
class Timeline:
    """A workout lowered to timed steps."""

    workout: Workout
    """The bound workout it came from (header, activation)."""
    steps: tuple[TimelineStep, ...]
    """The steps in order."""
    ftp: int | None
    """The FTP in force: `--ftp`, else the header's."""

    @property
    def duration_s(self) -> int:
        """Total seconds of the timed steps."""
        return self.steps[-1].end_s if self.steps else 0


def _levels(target: Target, convert: Callable[[Power], float | None]) -> PowerLevels | None:
    if target.kind in (TargetKind.FREE, TargetKind.MAX) or target.low is None:
        return None
    low = convert(target.low)
    high = convert(target.high) if target.high is not None else low
    if low is None or high is None:
        return None
    if target.kind is TargetKind.RANGE:
        mid = (low + high) / 2
        return PowerLevels(mid, mid, low, high)
    if target.kind is TargetKind.RAMP:
        return PowerLevels(low, high, min(low, high), max(low, high))
    return PowerLevels(low, low, low, low)


def lower(workout: Workout, ftp: int | None = None) -> Timeline:
    """Lower a bound workout; `ftp` (from `--ftp`) wins over the header's.

    The workout's unrolled size is checked against ridec's limits first, by arithmetic on
    the tree (`ridec.limits`): DiagnosticError, located, when it would be too large.
    """
    require_within_limits(workout)
    walker = _Walker()
    steps = tuple(walker.walk(workout.body, ()))
    return Timeline(workout, steps, ftp if ftp is not None else workout.header.ftp)


@record(frozen=False)
class _Walker:
    clock: int = 0
    index: int = 0
    next_key: int = 0
    repeat_keys: dict[int, int] = field(default_factory=dict)
    pending_block: list[TimelineCue] = field(default_factory=list)

    def walk(self, nodes: tuple[Node, ...], frames: tuple[Frame, ...]) -> Iterator[TimelineStep]:
        for node in nodes:
            yield from self.node(node, frames)

    def node(self, node: Node, frames: tuple[Frame, ...]) -> Iterator[TimelineStep]:
        if isinstance(node, Step):
            yield self.step(node, frames)
        elif isinstance(node, Repeat):
            yield from self.repeat(node, frames)
        else:
            yield from self.alternate(node, frames)

    def repeat(self, node: Repeat, frames: tuple[Frame, ...]) -> Iterator[TimelineStep]:
        key = self.repeat_keys.setdefault(id(node), len(self.repeat_keys))
        count = _bound(node.count)
        for iteration in range(1, count + 1):
            inner = (*frames, Frame(key, iteration, count, node.label))
            waiting, first = len(self.pending_block), self.index
            if node.label:
                text = fill(node.label, inner)
                self.pending_block.append(TimelineCue(0, 0, text, None, CueKind.BLOCK, node.span))
            yield from self.walk(node.body, inner)
            if self.index == first:
                # The iteration rode no step (a `repeat 0` inside): its labels are shown
                # nowhere, rather than on whatever step comes after the repeat.
                del self.pending_block[waiting:]

    def alternate(self, node: Alternate, frames: tuple[Frame, ...]) -> Iterator[TimelineStep]:
        iteration = frames[-1].iteration if frames else 1
        child = node.children[(iteration - 1) % len(node.children)]
        yield from self.node(child, frames)

    def step(self, node: Step, frames: tuple[Frame, ...]) -> TimelineStep:
        duration = None if isinstance(node.duration, Lap) else _bound(node.duration)
        label = fill(node.label, frames) if node.label else None
        cues = self.cues(node, frames, duration, label)
        step = TimelineStep(
            index=self.index,
            start_s=self.clock,
            duration_s=duration,
            intensity=node.intensity,
            target=_bound_target(node.target),
            cadence=_bound_cadence(node.cadence),
            flags=node.flags,
            label=label,
            cues=cues,
            frames=frames,
            span=node.span,
        )
        self.index += 1
        self.clock += duration or 0
        return step

    def cues(
        self, node: Step, frames: tuple[Frame, ...], duration: int | None, label: str | None
    ) -> tuple[TimelineCue, ...]:
        start = self.clock
        block = [TimelineCue(start, 0, c.text, None, c.kind, c.span) for c in self.pending_block]
        self.pending_block.clear()
        written = [_cue(c, frames, start, duration) for c in node.cues]
        said = [label or "", *(c.text for c in written if c.offset_s == 0)]
        flags = [
            TimelineCue(start, 0, FLAG_CUES[f], None, CueKind.FLAG, node.span)
            for f in node.flags
            if not flag_already_said(f, said)
        ]
        ordered = sorted(written, key=lambda c: c.offset_s)
        return (*block, *flags, *ordered)


def _cue(cue: Cue, frames: tuple[Frame, ...], start: int, duration: int | None) -> TimelineCue:
    offset = _bound(cue.offset)
    if cue.from_end:
        offset = (duration or 0) - offset
    shown = _bound(cue.duration) if cue.duration is not None else None
    text = fill(cue.text, frames)
    return TimelineCue(start + offset, offset, text, shown, CueKind.CUE, cue.span)


def flag_already_said(flag: Flag, texts: list[str]) -> bool:
    """Whether a label or offset-0 cue already tells the rider what `flag` says."""
    joined = " ".join(texts).lower() + " "
    return any(word in joined for word in _FLAG_WORDS[flag])


def fill(text: str, frames: tuple[Frame, ...]) -> str:
    """Replace `{i}` and `{n}` with the innermost repeat's iteration and count."""
    if not frames:
        return text
    return text.replace("{i}", str(frames[-1].iteration)).replace("{n}", str(frames[-1].count))


def _bound(value: _T | Ref) -> _T:
    if isinstance(value, Ref):
        raise TypeError(f"unbound parameter ${value.name}: bind the workout before lowering")
    return value


def _bound_target(value: Target | Ref) -> Target:
    return _bound(value)


def _bound_cadence(value: Cadence | Ref | None) -> Cadence | None:
    return None if value is None else _bound(value)
