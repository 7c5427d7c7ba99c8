"""Plans ZWO blocks from the timeline: which element each step becomes, with its attributes.

Pure passes, in order: `drop_lap_steps` (ZWO has no lap button), `fold_intervals` (a repeat
whose iterations are the same two steady, silent steps becomes one IntervalsT), then
`plan_block` for each step or fold. Losses go to the fidelity report; text is still Unicode
here (the writer makes it ASCII and XML-safe).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from dataclasses import field
from enum import StrEnum

from ridec.decimals import half_up, half_up_units, units_text
from ridec.diagnostics import Span
from ridec.formats.base import Fidelity, FtpNeededError, LossKind
from ridec.model import Cadence, Intensity, PowerUnit, Target, TargetKind
from ridec.records import record
from ridec.timeline import CueKind, PowerLevels, TimelineStep

TEXT_SEPARATOR = " | "
"""Joins the texts that show at the same second into one message."""
POWER_PLACES = 3
"""ZWO powers are fractions of FTP written with at most 3 decimals (0.1 % FTP)."""


class BlockKind(StrEnum):
    """The ZWO element of a block, spelled exactly as Zwift reads it."""

    STEADY = "SteadyState"
    WARMUP = "Warmup"
    COOLDOWN = "Cooldown"
    RAMP = "Ramp"
    INTERVALS = "IntervalsT"
    FREE = "FreeRide"
    MAX = "MaxEffort"


RANGED_CADENCE = frozenset({BlockKind.STEADY, BlockKind.WARMUP, BlockKind.COOLDOWN})
"""Blocks that carry a cadence range as CadenceLow/CadenceHigh, as Zwift's own files do (and
IntervalsT for its on steps); on Ramp and FreeRide, which Zwift's files never give one,
the range is the midpoint plus a text."""


@record
class Text:
    """A message shown during a block: one `<textevent>`."""

    offset_s: int
    """Whole seconds from the block's start."""
    message: str
    """The text, still Unicode."""
    duration_s: int | None = None
    """How long it shows; None leaves it to Zwift."""
    span: Span | None = None
    """The source line it came from, for reports about its text."""


@record
class Block:
    """One element under `<workout>`."""

    kind: BlockKind
    """Which element."""
    attributes: tuple[tuple[str, str], ...]
    """Attribute names and formatted values, in the order written."""
    texts: tuple[Text, ...]
    """Its `<textevent>` children."""
    duration_s: int
    """Seconds the block lasts (an IntervalsT counts every repetition)."""


@record
class Intervals:
    """A repeat folded into one IntervalsT: `repeat` times an on step then an off step."""

    on: TimelineStep
    """The first step of the first iteration."""
    off: TimelineStep
    """The second step of the first iteration."""
    repeat: int
    """How many iterations."""


@record(frozen=False)
class OnceReport:
    """Forwards losses to a fidelity report, each (loss, source line) once.

    An unrolled repeat meets the same source step many times; its loss is one loss.
    """

    report: Fidelity
    """Where the losses go."""
    seen: set[tuple[LossKind, str, str | None, int | None]] = field(default_factory=set)

    def degraded(
        self, feature: str, became: str, span: Span | None = None, *, topic: str = "other"
    ) -> None:
        """Record a feature the format can only approximate, once per source line."""
        if self._first(LossKind.DEGRADED, feature, became, span):
            self.report.degraded(feature, became, span, topic=topic)

    def dropped(self, feature: str, span: Span | None = None, *, topic: str = "other") -> None:
        """Record a feature the format cannot carry, once per source line."""
        if self._first(LossKind.DROPPED, feature, None, span):
            self.report.dropped(feature, span, topic=topic)

    def _first(self, kind: LossKind, feature: str, became: str | None, span: Span | None) -> bool:
        key = (kind, feature, became, None if span is None else span.start)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True


def drop_lap_steps(steps: Sequence[TimelineStep], report: OnceReport) -> list[TimelineStep]:
    """The timed steps; each lap-button step is reported as dropped.

    A lap step counts 0 s in the shared timeline, so leaving it out keeps every later block
    and text at the time the other targets use; a made-up FreeRide length would shift them.
    """
    kept = []
    for step in steps:
        if step.duration_s is None:
            feature = f"lap-button {_describe(step)} (ZWO has no lap button)"
            report.dropped(feature, step.span, topic="lap-dropped")
        else:
            kept.append(step)
    return kept


def fold_intervals(steps: Sequence[TimelineStep]) -> list[TimelineStep | Intervals]:
    """Steps, with each repeat that IntervalsT can express folded (outermost repeat first)."""
    folded: list[TimelineStep | Intervals] = []
    index = 0
    while index < len(steps):
        found = _intervals_at(steps, index)
        folded.append(found or steps[index])
        index += 2 * found.repeat if found else 1
    return folded


def is_interval_pair(on: TimelineStep, off: TimelineStep) -> bool:
    """Whether two steps can be one IntervalsT iteration: timed, steady and silent.

    A step with a label, a flag or a cue is never folded: an IntervalsT shows no per-iteration
    text, and a power range needs a text of its own. Cadences are no obstacle: the on step's
    range is `CadenceLow`/`CadenceHigh`, and an off step's range becomes `CadenceResting` at
    its midpoint, reported (`_resting_cadence`): one block the rider reads at a glance beats
    the 2 x N blocks it would otherwise take.
    """
    return _silent_steady(on) and _silent_steady(off)


def _silent_steady(step: TimelineStep) -> bool:
    return (
        step.duration_s is not None
        and step.target.kind is TargetKind.STEADY
        and not step.label
        and not step.flags
        and not step.cues
    )


def _intervals_at(steps: Sequence[TimelineStep], index: int) -> Intervals | None:
    first = steps[index]
    for depth, frame in enumerate(first.frames):
        prefix = first.frames[: depth + 1]
        if frame.iteration != 1 or (index > 0 and steps[index - 1].frames[: depth + 1] == prefix):
            continue
        end = index + 2 * frame.count
        if end > len(steps):
            continue
        run = steps[index:end]
        continues = (
            end < len(steps) and steps[end].frames[: depth + 1] == run[-1].frames[: depth + 1]
        )
        if not continues and _iterations_are_pairs(run, depth) and _pairs_match(run):
            return Intervals(run[0], run[1], frame.count)
    return None


def _iterations_are_pairs(run: Sequence[TimelineStep], depth: int) -> bool:
    outer = run[0].frames[:depth]
    key = run[0].frames[depth].key
    for position, step in enumerate(run):
        if len(step.frames) <= depth or step.frames[:depth] != outer:
            return False
        frame = step.frames[depth]
        if frame.key != key or frame.iteration != position // 2 + 1:
            return False
    return True


def _pairs_match(run: Sequence[TimelineStep]) -> bool:
    on, off = run[0], run[1]
    if not is_interval_pair(on, off):
        return False
    signature = _signature(on) + _signature(off)
    return all(
        _signature(run[i]) + _signature(run[i + 1]) == signature
        and is_interval_pair(run[i], run[i + 1])
        for i in range(2, len(run), 2)
    )


def _signature(step: TimelineStep) -> tuple[object, ...]:
    return (step.duration_s, step.target, step.cadence)


def plan_block(item: TimelineStep | Intervals, ftp: int | None, report: OnceReport) -> Block:
    """The block for one step or folded repeat."""
    if isinstance(item, Intervals):
        return _intervals_block(item, ftp, report)
    kind = item.target.kind
    if kind is TargetKind.FREE:
        return _free_block(item, report)
    if kind is TargetKind.MAX:
        return _max_block(item, report)
    return _power_block(item, ftp, report)


def _intervals_block(item: Intervals, ftp: int | None, report: OnceReport) -> Block:
    on_levels, off_levels = _levels(item.on, ftp), _levels(item.off, ftp)
    on_s, off_s = item.on.duration_s or 0, item.off.duration_s or 0
    attributes = [
        ("Repeat", str(item.repeat)),
        ("OnDuration", str(on_s)),
        ("OffDuration", str(off_s)),
        ("OnPower", fraction(on_levels.start)),
        ("OffPower", fraction(off_levels.start)),
    ]
    if item.on.cadence is not None:
        attributes += cadence_attributes(item.on.cadence)
    if item.off.cadence is not None:
        attributes.append(("CadenceResting", rpm(item.off.cadence)))
        _resting_cadence(item.off, report)
    duration = item.repeat * (on_s + off_s)
    return Block(BlockKind.INTERVALS, tuple(attributes), (), duration)


def _resting_cadence(off: TimelineStep, report: OnceReport) -> None:
    """What an IntervalsT cannot say: the off step's cadence range (it takes one number, and
    shows no text per iteration)."""
    cadence = off.cadence
    if cadence is None or not cadence.is_range:
        return
    report.degraded(
        f"cadence range {cadence_text(cadence)} on the off step of an IntervalsT",
        f"CadenceResting {rpm(cadence)} (the midpoint; an IntervalsT's off step takes one "
        "cadence and no text)",
        off.span,
        topic="cadence-resting",
    )


def _free_block(step: TimelineStep, report: OnceReport) -> Block:
    attributes = [("Duration", str(step.duration_s))]
    extra: list[str] = []
    if step.cadence is not None:
        attributes.append(("Cadence", rpm(step.cadence)))
        extra.extend(_cadence_range_text(step, report))
    return Block(BlockKind.FREE, tuple(attributes), _texts(step, extra), step.duration_s or 0)


def _max_block(step: TimelineStep, report: OnceReport) -> Block:
    extra: list[str] = []
    if step.cadence is not None:
        text = f"Cadence {cadence_text(step.cadence)}"
        report.degraded(
            f"cadence {cadence_text(step.cadence)} on a max effort",
            f"text '{text}'",
            step.span,
            topic="cadence-text",
        )
        extra.append(text)
    attributes = (("Duration", str(step.duration_s)),)
    return Block(BlockKind.MAX, attributes, _texts(step, extra), step.duration_s or 0)


def _power_block(step: TimelineStep, ftp: int | None, report: OnceReport) -> Block:
    levels = _levels(step, ftp)
    extra: list[str] = []
    attributes = [("Duration", str(step.duration_s))]
    if step.target.kind is TargetKind.RAMP:
        start, end = _thousandths(levels.start), _thousandths(levels.end)
        kind = _ramp_kind(step.intensity, start, end)
        attributes += [("PowerLow", fraction(levels.start)), ("PowerHigh", fraction(levels.end))]
    else:
        kind = BlockKind.STEADY
        attributes.append(("Power", fraction(levels.start)))
        extra.extend(_power_range_text(step, levels, report))
    if step.cadence is not None and kind in RANGED_CADENCE:
        attributes += cadence_attributes(step.cadence)
    elif step.cadence is not None:
        attributes.append(("Cadence", rpm(step.cadence)))
        extra.extend(_cadence_range_text(step, report))
    return Block(kind, tuple(attributes), _texts(step, extra), step.duration_s or 0)


def _ramp_kind(intensity: Intensity, start: int, end: int) -> BlockKind:
    """Warmup for a rising warm-up ramp, Cooldown for a falling cool-down, Ramp otherwise.

    The direction is judged on the written powers (in thousandths of FTP), so a ramp too
    gentle to survive the rounding is a Ramp, as it will be when the file is read back and
    written again.
    """
    if intensity is Intensity.WARMUP and end > start:
        return BlockKind.WARMUP
    if intensity is Intensity.COOLDOWN and end < start:
        return BlockKind.COOLDOWN
    return BlockKind.RAMP


def _levels(step: TimelineStep, ftp: int | None) -> PowerLevels:
    levels = step.percent(ftp)
    if levels is None:
        raise FtpNeededError(
            f"ZWO writes power as a fraction of FTP, and {_describe(step)} is in watts "
            "with no FTP known",
            step.span,
        )
    return levels


def _power_range_text(step: TimelineStep, levels: PowerLevels, report: OnceReport) -> list[str]:
    if step.target.kind is not TargetKind.RANGE:
        return []
    text = f"Power {target_text(step.target)}"
    report.degraded(
        f"power range {target_text(step.target)}",
        f"Power {fraction(levels.start)} (the midpoint) and the text '{text}'",
        step.span,
        topic="power-range-text",
    )
    return [text]


def _cadence_range_text(step: TimelineStep, report: OnceReport) -> list[str]:
    cadence = step.cadence
    if cadence is None or not cadence.is_range:
        return []
    text = f"Cadence {cadence_text(cadence)}"
    report.degraded(
        f"cadence range {cadence_text(cadence)}",
        f"Cadence {rpm(cadence)} (the midpoint) and the text '{text}'",
        step.span,
        topic="cadence-range-text",
    )
    return [text]


def _texts(step: TimelineStep, extra: list[str]) -> tuple[Text, ...]:
    """The block's texts, one per second: everything at its start (as the timeline orders
    it, then the range texts), then the later cues in order of time."""
    at_start = [c for c in step.cues if c.offset_s == 0]
    blocks = [c for c in at_start if c.kind is CueKind.BLOCK]
    others = [c for c in at_start if c.kind is not CueKind.BLOCK]
    texts = [Text(0, c.text, c.duration_s, c.span) for c in blocks]
    if step.label:
        texts.append(Text(0, step.label, None, step.span))
    texts += [Text(0, c.text, c.duration_s, c.span) for c in others]
    texts += [Text(0, message, None, step.span) for message in extra]
    later = [c for c in step.cues if c.offset_s != 0]
    texts += [Text(c.offset_s, c.text, c.duration_s, c.span) for c in later]
    return tuple(merge_same_second(texts))


def merge_same_second(texts: list[Text]) -> list[Text]:
    """Texts at the same second joined into one, `TEXT_SEPARATOR` between them.

    Zwift shows a text where the previous one was, so two at one second would hide each
    other (its own files stack a second line with a `y` attribute ridec does not write).
    The joined text shows for the longest duration asked.
    """
    merged: list[Text] = []
    for offset, group in itertools.groupby(texts, key=lambda text: text.offset_s):
        parts = list(group)
        durations = [t.duration_s for t in parts if t.duration_s is not None]
        message = TEXT_SEPARATOR.join(t.message for t in parts)
        merged.append(Text(offset, message, max(durations, default=None), parts[0].span))
    return merged


@functools.lru_cache(maxsize=4096)
def fraction(percent: float) -> str:
    """% FTP as a ZWO power: a fraction with at most 3 decimals and no trailing zeros,
    rounded half up from the decimal the float's repr names (72.45 % is 0.725).

    Cached, as `_number`: a workout repeats a few powers (keys equal as numbers, 75 and
    75.0, give the same text)."""
    return units_text(_thousandths(percent), POWER_PLACES)


def _thousandths(percent: float) -> int:
    """% FTP as the ZWO power written for it, in thousandths of FTP."""
    return half_up_units(percent, POWER_PLACES, shift=-2)


def cadence_attributes(cadence: Cadence) -> list[tuple[str, str]]:
    """`Cadence`, and for a range `CadenceLow`/`CadenceHigh` with `Cadence` their midpoint
    (for tools that read only `Cadence`)."""
    attributes = [("Cadence", rpm(cadence))]
    if cadence.is_range:
        attributes += [("CadenceLow", str(cadence.low)), ("CadenceHigh", str(cadence.high))]
    return attributes


def rpm(cadence: Cadence) -> str:
    """The one cadence ZWO takes: the band's midpoint, rounded half up to whole rpm (as
    `int(midpoint + 0.5)` truncates: toward zero for a negative sum, which no cadence has)."""
    doubled = cadence.low + cadence.high + 1
    return str(doubled // 2 if doubled >= 0 else -(-doubled // 2))


def cadence_text(cadence: Cadence) -> str:
    """A cadence as a rider reads it: `90 rpm` or `50-60 rpm`."""
    if cadence.is_range:
        return f"{cadence.low}-{cadence.high} rpm"
    return f"{cadence.low} rpm"


def target_text(target: Target) -> str:
    """A power target as a rider reads it: `75-85% FTP`, `190-210 W`, `250 W`."""
    unit = "% FTP" if target.unit is PowerUnit.PERCENT else " W"
    low = _number(target.low.value if target.low else 0.0)
    if target.high is None or target.kind is TargetKind.STEADY:
        return f"{low}{unit}"
    separator = "->" if target.kind is TargetKind.RAMP else "-"
    return f"{low}{separator}{_number(target.high.value)}{unit}"


@functools.lru_cache(maxsize=4096)
def _number(value: float) -> str:
    return half_up(value, 2)


def _describe(step: TimelineStep) -> str:
    name = f" '{step.label}'" if step.label else ""
    return f"step {step.index + 1}{name}"
