"""The `<workout>` of a ZWO file as model nodes: blocks to steps, texts to labels and cues.

Blocks are first laid out on one clock (a step each; an IntervalsT as one piece holding
its on and off steps and its count). Every text is then placed by its absolute
time, so a text past the end of its own block, or directly under `<workout>` (offsets
from the workout's start), lands in the step that is running when it shows. An IntervalsT
none of whose steps got a text becomes `repeat N: on off`; one with texts is unrolled,
and its texts placed in its steps the same way.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import field
from operator import attrgetter
from typing import NamedTuple

from lxml import etree

from ridec.diagnostics import Severity, Span
from ridec.formats.zwo.dialect import BLOCKS, KNOWN_VARIANTS, TEXTS, lookup
from ridec.formats.zwo.reader_attributes import MAX_TEXT_S, Attributes
from ridec.formats.zwo.writer_blocks import TEXT_SEPARATOR, fraction, rpm
from ridec.formats.zwo.xmlsource import XmlContext
from ridec.limits import MAX_MESSAGES
from ridec.limits import MAX_STEPS as MAX_WORKOUT_STEPS
from ridec.model import (
    Cadence,
    CadenceValue,
    Cue,
    Intensity,
    Node,
    Power,
    PowerUnit,
    Repeat,
    Step,
    Target,
    TargetKind,
    TargetValue,
)
from ridec.records import record

MAX_STEPS = MAX_WORKOUT_STEPS
"""Steps a file may unroll to (a workout's limit); real workouts have a few hundred."""
MAX_TEXTS = MAX_MESSAGES
"""Text events a file may hold (a workout's most messages)."""

_CADENCE_TEXT = re.compile(r"Cadence (\d+)-(\d+) rpm\Z")
_POWER_TEXT = re.compile(r"Power (\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)% FTP\Z")

ELEMENTS = {**BLOCKS, **TEXTS}
"""Elements read under `<workout>`, by lower-case name, with the spelling ridec reads."""


class _Piece(NamedTuple):
    """One step, or one IntervalsT, laid out on the workout clock (a tuple: one is made
    per block)."""

    start_s: int
    step: Step
    """The step (an IntervalsT's first step)."""
    body: tuple[Step, ...] = ()
    """An IntervalsT's steps (on, then off if any); empty for a single step."""
    repeats: int = 1
    """The IntervalsT's repeat count."""


class _Text(NamedTuple):
    """One text on the workout clock (a tuple: one is made per text)."""

    at_s: int
    order: int
    message: str
    duration_s: int | None
    span: Span


@record(frozen=False)
class _Layout:
    pieces: list[_Piece] = field(default_factory=list)
    texts: list[_Text] = field(default_factory=list)
    clock: int = 0
    steps: int = 0
    """Steps laid out, an IntervalsT's unrolled."""
    overflow: bool = False
    """Whether the step cap was hit (reported once; later blocks are skipped)."""
    too_many_texts: bool = False
    """Whether the text cap was hit (reported once; later texts are skipped)."""

    def has_room(self, steps: int, attributes: Attributes) -> bool:
        """Whether `steps` more fit under `MAX_STEPS`; the first refusal is an error."""
        if not self.overflow and self.steps + steps <= MAX_STEPS:
            return True
        if not self.overflow:
            attributes.error(f"the file unrolls to more than {MAX_STEPS:,} steps")
        self.overflow = True
        return False

    def has_text_room(self, attributes: Attributes) -> bool:
        """Whether one more text fits under `MAX_TEXTS`; the first refusal is an error."""
        if len(self.texts) < MAX_TEXTS:
            return True
        if not self.too_many_texts:
            attributes.error(f"the file has more than {MAX_TEXTS:,} text events")
        self.too_many_texts = True
        return False

    def add(self, step: Step) -> None:
        self.pieces.append(_Piece(self.clock, step))
        self.steps += 1
        self.clock += step.duration if isinstance(step.duration, int) else 0

    def add_intervals(self, body: tuple[Step, ...], count: int) -> None:
        """An IntervalsT as one piece: unrolled only if a text falls inside it."""
        self.pieces.append(_Piece(self.clock, body[0], body, count))
        self.steps += len(body) * count
        self.clock += count * sum(s.duration for s in body if isinstance(s.duration, int))


def read_workout(workout: etree._Element, context: XmlContext) -> tuple[Node, ...]:
    """The nodes of a `<workout>` element, before repeats are recovered."""
    layout = _Layout()
    for element in _elements(workout):
        name = _element_name(element, context, None)
        if name is None:
            continue
        if name in TEXTS.values():
            _read_text(element, name, context, layout, start_s=0, at_s=layout.clock)
        else:
            _read_block(element, name, context, layout)
    return _assemble(layout, context)


def _elements(parent: etree._Element) -> Iterator[etree._Element]:
    """Child elements, skipping comments and processing instructions."""
    return (child for child in parent if isinstance(child.tag, str))


def _element_name(element: etree._Element, context: XmlContext, parent: str | None) -> str | None:
    """The element's reading name, or None (noted when it is Zwift's, else a warning)."""
    tag = str(element.tag)
    name = ELEMENTS.get(tag.lower())
    if name is None:
        entry = lookup(tag)
        if entry is not None and not entry.kept and entry.place != "header":
            if context.is_new(f"noted {tag}"):
                message = f"<{tag}> is not kept: {entry.meaning}"
                context.once(f"noted {tag}", Severity.NOTE, message, context.element(element))
        else:
            inside = f" inside <{parent}>" if parent else ""
            message = f"unknown element <{tag}>{inside} is ignored"
            context.report(Severity.WARNING, message, context.element(element))
    elif tag != name and tag not in KNOWN_VARIANTS and context.is_new(f"spelling {tag}"):
        context.once(
            f"spelling {tag}",
            Severity.NOTE,
            f"<{tag}> is read as <{name}> (ZWO names are case-sensitive)",
            context.element(element),
        )
    return name


def _read_block(
    element: etree._Element, name: str, context: XmlContext, layout: _Layout
) -> None:
    start = layout.clock
    attributes = Attributes(element, name, context)
    if not layout.has_room(1, attributes):
        return
    if name == "IntervalsT":
        _read_intervals(attributes, layout)
    else:
        step = _read_step(attributes, name)
        if step is not None:
            layout.add(step)
    duration = layout.clock - start
    for child in _elements(element):
        child_name = _element_name(child, context, name)
        if child_name is None:
            continue
        if child_name in TEXTS.values():
            _read_text(child, child_name, context, layout, start_s=start, block_s=duration)
        else:
            message = f"<{child.tag}> inside <{name}> is ignored: blocks do not nest"
            context.report(Severity.WARNING, message, context.element(child))


def _read_step(attributes: Attributes, name: str) -> Step | None:
    duration = attributes.seconds("Duration", required=True)
    if duration == 0:
        attributes.warn(f"<{name}> lasts 0 s and is left out")
    found = _target(attributes, name)
    if not duration or found is None:
        return None
    target, intensity = found
    cadence = None
    if name != "MaxEffort":
        cadence = attributes.cadence("Cadence", "CadenceLow", "CadenceHigh")
    return Step(duration, target, intensity, cadence, span=attributes.span)


_RAMP_INTENSITY = {"Warmup": Intensity.WARMUP, "Cooldown": Intensity.COOLDOWN}


def _target(attributes: Attributes, name: str) -> tuple[Target, Intensity] | None:
    """The power target of a single-step block, and the intensity its element implies."""
    if name == "FreeRide":
        return Target(TargetKind.FREE), Intensity.ACTIVE
    if name == "MaxEffort":
        return Target(TargetKind.MAX), Intensity.INTERVAL
    if name == "SteadyState":
        target = attributes.steady_target("Power", "PowerLow", "PowerHigh", "Zone")
    else:
        target = attributes.ramp_target(name)
    return None if target is None else (target, _RAMP_INTENSITY.get(name, Intensity.ACTIVE))


def _read_intervals(attributes: Attributes, layout: _Layout) -> None:
    count = attributes.count("Repeat")
    on_s = attributes.seconds("OnDuration", required=True)
    off_s = attributes.seconds("OffDuration") or 0
    on_power = attributes.steady_target("OnPower", "PowerOnLow", "PowerOnHigh", "PowerOnZone")
    off_power = None
    if off_s:
        off_power = attributes.steady_target(
            "OffPower", "PowerOffLow", "PowerOffHigh", "PowerOffZone"
        )
    if on_s == 0:
        attributes.warn('<IntervalsT> with OnDuration="0" is left out')
    if count is None or not on_s or on_power is None or (off_s and off_power is None):
        return
    if not layout.has_room(count * 2, attributes):
        return
    span = attributes.span
    on_cadence = attributes.cadence("Cadence", "CadenceLow", "CadenceHigh")
    on = Step(on_s, on_power, Intensity.INTERVAL, on_cadence, span=span)
    body: tuple[Step, ...] = (on,)
    if off_power is not None:
        off_cadence = attributes.cadence("CadenceResting")
        body = (on, Step(off_s, off_power, Intensity.RECOVERY, off_cadence, span=span))
    layout.add_intervals(body, count)


_MESSAGE = {"textevent": "message", "TextNotification": "text"}
"""The attribute that holds each text element's message."""


def _read_text(
    element: etree._Element,
    name: str,
    context: XmlContext,
    layout: _Layout,
    *,
    start_s: int,
    at_s: int | None = None,
    block_s: int | None = None,
) -> None:
    """One text, at `start_s` plus its offset on the workout clock.

    Without an offset a text shows at its block's start, or, directly under `<workout>`,
    where it stands (`at_s`: the start of the block after it).
    """
    attributes = Attributes(element, name, context)
    if not layout.has_text_room(attributes):
        return
    if name == "TextNotification":
        context.once(
            "text notification",
            Severity.NOTE,
            "<TextNotification> is read as a text at its time (Zwift is reported not to show "
            "it; ridec shows it, and writes it as a textevent)",
            attributes.span,
        )
    shown = "at its block's start" if at_s is None else "at the start of the block after it"
    offset = _offset(attributes, shown)
    if at_s is not None and attributes.text("timeoffset") is None:
        start_s = at_s
    message = attributes.text(_MESSAGE[name])
    if message is not None:
        message = one_line(message)
    if message is None:
        attributes.warn(f"<{element.tag}> without a {_MESSAGE[name]} is left out")
    if offset is None or message is None:
        return
    if block_s is not None and offset >= block_s > 0:
        attributes.note(
            f"this text shows at {offset} s, after its block ends ({block_s} s); "
            "it is kept at that time, in the step running then"
        )
    duration = attributes.seconds("duration", limit=MAX_TEXT_S) or None
    order = len(layout.texts)
    layout.texts.append(_Text(start_s + offset, order, message, duration, attributes.span))


def _offset(attributes: Attributes, shown: str) -> int | None:
    """The text's offset in seconds; 0 when it has none (a note says where it is `shown`)."""
    if attributes.text("timeoffset") is not None:
        return attributes.seconds("timeoffset", limit=MAX_TEXT_S)
    if attributes.text("distoffset") is None:
        attributes.context.once(
            "text without offset",
            Severity.NOTE,
            f"<{attributes.element.tag}> without a timeoffset is shown {shown}",
            attributes.span,
        )
    return 0


def one_line(text: str) -> str:
    """Line breaks and tabs as spaces: messages and names show on one line (and a `.ride`
    string or header value cannot hold a line break)."""
    # Three replaces run in C; `str.translate` with a table looks up every character.
    return text.replace("\n", " ").replace("\r", " ").replace("\t", " ")


def _assemble(layout: _Layout, context: XmlContext) -> tuple[Node, ...]:
    in_order = sorted(layout.texts, key=attrgetter("at_s", "order"))
    placed = _place_texts(layout.pieces, layout.clock, in_order, context)
    nodes: list[Node] = []
    for piece, texts in zip(layout.pieces, placed, strict=True):
        if not piece.body:
            nodes.append(_with_texts(piece, texts))
        elif not texts:
            nodes.append(Repeat(piece.repeats, piece.body, span=piece.step.span))
        else:  # a text inside an IntervalsT: its steps are unrolled to hold it
            unrolled = _unrolled(piece)
            inner = _place_texts(unrolled, layout.clock, texts, context)
            nodes.extend(_with_texts(p, t) for p, t in zip(unrolled, inner, strict=True))
    return tuple(nodes)


def _unrolled(piece: _Piece) -> list[_Piece]:
    """An IntervalsT's steps, one piece each, on the workout clock."""
    pieces = []
    clock = piece.start_s
    for _ in range(piece.repeats):
        for step in piece.body:
            pieces.append(_Piece(clock, step))
            clock += step.duration if isinstance(step.duration, int) else 0
    return pieces


def _place_texts(
    pieces: list[_Piece], clock: int, texts: list[_Text], context: XmlContext
) -> list[list[_Text]]:
    """Each piece's texts (`texts` in time order), by the absolute time they show."""
    placed: list[list[_Text]] = [[] for _ in pieces]
    starts = [piece.start_s for piece in pieces]
    for text in texts:
        if text.at_s >= clock:
            context.report(
                Severity.WARNING,
                f"text at {text.at_s} s shows after the workout ends ({clock} s) "
                "and is left out",
                text.span,
            )
            continue
        placed[bisect.bisect_right(starts, text.at_s) - 1].append(text)
    return placed


def _with_texts(piece: _Piece, texts: list[_Text]) -> Step:
    """The piece's step with its texts: restored ranges, a label, and one cue per second.

    Texts at the same second are joined as the writer joins them, so the step reads as
    the language allows (no two cues at one second) and writes back as it was.
    """
    step = piece.step
    if not texts:
        return step  # read without a label or cues: nothing to add
    merged = _merge_same_second(texts)
    at_start = [t for t in merged if t.at_s == piece.start_s]
    later = [t for t in merged if t.at_s != piece.start_s]
    target, cadence = step.target, step.cadence
    if at_start:
        target, cadence, message = _restore_ranges(step, at_start[0].message)
        at_start = [at_start[0]._replace(message=message)] if message is not None else []
    label = None
    if at_start and at_start[0].duration_s is None and at_start[0].message:
        label = at_start.pop(0).message
    cues = tuple(
        Cue(t.at_s - piece.start_s, t.message, duration=t.duration_s, span=t.span)
        for t in (*at_start, *later)
    )
    # Made directly: `dataclasses.replace` walks every field by name, about as costly as
    # the rest of this function (every field of Step is passed).
    return Step(
        step.duration,
        target,
        step.intensity,
        cadence,
        step.flags,
        label,
        cues,
        span=step.span,
    )


def _merge_same_second(texts: list[_Text]) -> list[_Text]:
    merged: list[_Text] = []
    for _, group in itertools.groupby(texts, key=attrgetter("at_s")):
        parts = list(group)
        if len(parts) == 1:
            merged.append(parts[0])
            continue
        durations = [t.duration_s for t in parts if t.duration_s is not None]
        message = TEXT_SEPARATOR.join(t.message for t in parts)
        merged.append(parts[0]._replace(message=message, duration_s=max(durations, default=None)))
    return merged


def _restore_ranges(
    step: Step, message: str
) -> tuple[TargetValue, CadenceValue | None, str | None]:
    """Undo what the writer does with a range: a midpoint, and the range said at the end
    of the start text. Only the writer's exact wording, and only when the written midpoint
    matches, so a coach's own text is never taken for one. Returns the step's target and
    cadence, restored or as they were (the caller makes the step once, with its texts),
    and what is left of the message (None: nothing is left to say).
    """
    head, tail = _last_part(message)
    target, cadence = step.target, step.cadence
    found = _CADENCE_TEXT.match(tail)
    if found and isinstance(cadence, Cadence) and not cadence.is_range:
        band = Cadence(int(found.group(1)), int(found.group(2)))
        if band.low < band.high and rpm(band) == str(cadence.low):
            cadence = band
            if head is None:
                return target, cadence, None
            head, tail = _last_part(head)
    found = _POWER_TEXT.match(tail)
    if found and isinstance(target, Target) and target.kind is TargetKind.STEADY and target.low:
        low, high = float(found.group(1)), float(found.group(2))
        if low < high and fraction((low + high) / 2) == fraction(target.low.value):
            percent = PowerUnit.PERCENT
            band_target = Target(TargetKind.RANGE, Power(low, percent), Power(high, percent))
            return band_target, cadence, head
    return target, cadence, _joined(head, tail)


def _last_part(message: str) -> tuple[str | None, str]:
    """(everything before the last separator or None, the last part)."""
    head, separator, tail = message.rpartition(TEXT_SEPARATOR)
    return (head, tail) if separator else (None, message)


def _joined(head: str | None, tail: str) -> str:
    return tail if head is None else head + TEXT_SEPARATOR + tail
