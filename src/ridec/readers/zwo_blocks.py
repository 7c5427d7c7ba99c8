"""The `<workout>` of a ZWO file as model nodes: blocks to steps, texts to labels and cues.

Blocks are first laid out as flat steps on one clock (an IntervalsT gives its on and off
steps, tagged with the block they came from). Every text is then placed by its absolute
time, so a text past the end of its own block, or directly under `<workout>` (offsets
from the workout's start), lands in the step that is running when it shows. An IntervalsT
none of whose steps got a text becomes `repeat N: on off`; one with texts stays unrolled.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from lxml import etree

from ridec.diagnostics import Severity, Span
from ridec.model import (
    Cadence,
    Cue,
    Intensity,
    Node,
    Power,
    PowerUnit,
    Repeat,
    Step,
    Target,
    TargetKind,
)
from ridec.readers.xmlsource import XmlContext
from ridec.targets.zwo.blocks import fraction, rpm

MAX_STEPS = 10_000
"""Steps a file may unroll to; real workouts have a few hundred at most."""
MAX_REPEAT = 500
"""The language's largest repeat count."""
MAX_STEP_S = 24 * 3600
"""The language's longest step."""
MAX_TEXT_S = 10 * MAX_STEP_S
"""Latest text offset read; later ones could not fall inside any workout."""
MAX_FRACTION = Decimal(10)
"""Powers from 1000 % FTP up are refused, as in the language."""
CADENCE_RANGE = (20, 250)
"""Cadences the language accepts; others are dropped with a warning."""
MAX_NUMBER_LENGTH = 32

_NUMBER = re.compile(r"\s*([+-]?)(\d+\.?\d*|\.\d+)\s*\Z")
_CADENCE_TEXT = re.compile(r"Cadence (\d+)-(\d+) rpm\Z")
_POWER_TEXT = re.compile(r"Power (\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)% FTP\Z")

ELEMENTS = {
    "steadystate": "SteadyState",
    "warmup": "Warmup",
    "cooldown": "Cooldown",
    "ramp": "Ramp",
    "intervalst": "IntervalsT",
    "freeride": "FreeRide",
    "maxeffort": "MaxEffort",
    "textevent": "textevent",
}
"""Block elements by lower-case name, with the spelling ridec writes."""
KNOWN_VARIANTS = frozenset({"Freeride", "TextEvent"})
"""Spellings other programs write, read without a note."""

_RANGE_POWER = ("powerlow", "powerhigh")
_CADENCES = ("cadence", "cadencelow", "cadencehigh")
ATTRIBUTES: dict[str, frozenset[str]] = {
    "SteadyState": frozenset({"duration", "power", *_RANGE_POWER, *_CADENCES}),
    "Warmup": frozenset({"duration", "power", *_RANGE_POWER, *_CADENCES}),
    "Cooldown": frozenset({"duration", "power", *_RANGE_POWER, *_CADENCES}),
    "Ramp": frozenset({"duration", "power", *_RANGE_POWER, *_CADENCES}),
    "IntervalsT": frozenset(
        {
            "repeat",
            "onduration",
            "offduration",
            "onpower",
            "offpower",
            "poweronlow",
            "poweronhigh",
            "powerofflow",
            "poweroffhigh",
            "cadence",
            "cadenceresting",
        }
    ),
    "FreeRide": frozenset({"duration", *_CADENCES}),
    "MaxEffort": frozenset({"duration"}),
    "textevent": frozenset({"timeoffset", "message", "duration"}),
}
"""Attributes each element is read with (lower case)."""

IGNORED_ATTRIBUTES = {
    "pace": "it sets run pace, not bike power",
    "flatroad": "ridec has no terrain setting",
    "y": "it places the text on Zwift's screen",
    "quantize": "it rounds the ramp's steps in Zwift",
    "ftptest": "it marks Zwift's FTP test",
    "text": "its meaning is unknown",
    "zoneoverride": "ridec has no zone colours",
    "locindex": "it is a Zwift translation index",
}
"""Attributes real files carry that ridec knowingly leaves out, and why."""


@dataclass(frozen=True, slots=True)
class _Piece:
    """One flat step laid out on the workout clock."""

    start_s: int
    step: Step
    group: int | None
    """Which IntervalsT it came from (its position among the blocks), if any."""
    count: int = 1
    """The IntervalsT's repeat count."""


@dataclass(frozen=True, slots=True)
class _Text:
    at_s: int
    order: int
    message: str
    duration_s: int | None
    span: Span


@dataclass
class _Layout:
    pieces: list[_Piece] = field(default_factory=list)
    texts: list[_Text] = field(default_factory=list)
    clock: int = 0
    overflow: bool = False
    """Whether the step cap was hit (reported once; later blocks are skipped)."""

    def has_room(self, steps: int, attributes: _Attributes) -> bool:
        """Whether `steps` more fit under `MAX_STEPS`; the first refusal is an error."""
        if not self.overflow and len(self.pieces) + steps <= MAX_STEPS:
            return True
        if not self.overflow:
            attributes.error(f"the file unrolls to more than {MAX_STEPS} steps")
        self.overflow = True
        return False

    def add(self, step: Step, group: int | None = None, count: int = 1) -> None:
        self.pieces.append(_Piece(self.clock, step, group, count))
        self.clock += step.duration if isinstance(step.duration, int) else 0


def read_workout(workout: etree._Element, context: XmlContext) -> tuple[Node, ...]:
    """The nodes of a `<workout>` element, before repeats are recovered."""
    layout = _Layout()
    for position, element in enumerate(_elements(workout)):
        name = _element_name(element, context)
        if name == "textevent":
            _read_text(element, 0, context, layout)
        elif name is not None:
            _read_block(element, name, position, context, layout)
    return _assemble(layout, context)


def _elements(parent: etree._Element) -> Iterator[etree._Element]:
    """Child elements, skipping comments and processing instructions."""
    return (child for child in parent if isinstance(child.tag, str))


def _element_name(element: etree._Element, context: XmlContext) -> str | None:
    tag = str(element.tag)
    name = ELEMENTS.get(tag.lower())
    if name is None:
        context.report(
            Severity.WARNING, f"unknown element <{tag}> is ignored", context.element(element)
        )
    elif tag != name and tag not in KNOWN_VARIANTS:
        context.once(
            f"spelling {tag}",
            Severity.NOTE,
            f"<{tag}> is read as <{name}> (ZWO names are case-sensitive)",
            context.element(element),
        )
    return name


def _read_block(
    element: etree._Element, name: str, position: int, context: XmlContext, layout: _Layout
) -> None:
    start = layout.clock
    attributes = _Attributes(element, name, context)
    if not layout.has_room(1, attributes):
        return
    if name == "IntervalsT":
        _read_intervals(attributes, position, layout)
    else:
        step = _read_step(attributes, name)
        if step is not None:
            layout.add(step)
    duration = layout.clock - start
    for child in _elements(element):
        if ELEMENTS.get(str(child.tag).lower()) == "textevent":
            _read_text(child, start, context, layout, block_s=duration)
        else:
            message = f"unknown element <{child.tag}> inside <{name}> is ignored"
            context.report(Severity.WARNING, message, context.element(child))


def _read_step(attributes: _Attributes, name: str) -> Step | None:
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


def _target(attributes: _Attributes, name: str) -> tuple[Target, Intensity] | None:
    """The power target of a single-step block, and the intensity its element implies."""
    if name == "FreeRide":
        return Target(TargetKind.FREE), Intensity.ACTIVE
    if name == "MaxEffort":
        return Target(TargetKind.MAX), Intensity.INTERVAL
    if name == "SteadyState":
        target = attributes.steady_target("Power", "PowerLow", "PowerHigh")
    else:
        target = attributes.ramp_target(name)
    return None if target is None else (target, _RAMP_INTENSITY.get(name, Intensity.ACTIVE))


def _read_intervals(attributes: _Attributes, position: int, layout: _Layout) -> None:
    count = attributes.count("Repeat")
    on_s = attributes.seconds("OnDuration", required=True)
    off_s = attributes.seconds("OffDuration") or 0
    on_power = attributes.steady_target("OnPower", "PowerOnLow", "PowerOnHigh")
    off_power = None
    if off_s:
        off_power = attributes.steady_target("OffPower", "PowerOffLow", "PowerOffHigh")
    if on_s == 0:
        attributes.warn('<IntervalsT> with OnDuration="0" is left out')
    if count is None or not on_s or on_power is None or (off_s and off_power is None):
        return
    if not layout.has_room(count * 2, attributes):
        return
    span = attributes.span
    on = Step(on_s, on_power, Intensity.INTERVAL, attributes.cadence("Cadence"), span=span)
    off = None
    if off_power is not None:
        off_cadence = attributes.cadence("CadenceResting")
        off = Step(off_s, off_power, Intensity.RECOVERY, off_cadence, span=span)
    for _ in range(count):
        layout.add(on, position, count)
        if off is not None:
            layout.add(off, position, count)


def _read_text(
    element: etree._Element,
    start_s: int,
    context: XmlContext,
    layout: _Layout,
    *,
    block_s: int | None = None,
) -> None:
    """One `<textevent>`, at `start_s` plus its offset on the workout clock."""
    attributes = _Attributes(element, "textevent", context)
    offset = attributes.seconds("timeoffset", required=True, limit=MAX_TEXT_S)
    message = attributes.text("message")
    if message is None:
        attributes.warn("<textevent> without a message is left out")
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


def _assemble(layout: _Layout, context: XmlContext) -> tuple[Node, ...]:
    placed = _place_texts(layout, context)
    nodes: list[Node] = []
    index = 0
    pieces = layout.pieces
    while index < len(pieces):
        piece = pieces[index]
        end = index + 1
        if piece.group is not None:
            while end < len(pieces) and pieces[end].group == piece.group:
                end += 1
        group = range(index, end)
        if piece.group is not None and not any(placed[i] for i in group):
            per_iteration = (end - index) // piece.count
            body = tuple(p.step for p in pieces[index : index + per_iteration])
            nodes.append(Repeat(piece.count, body, span=piece.step.span))
        else:
            nodes.extend(_with_texts(pieces[i], placed[i]) for i in group)
        index = end
    return tuple(nodes)


def _place_texts(layout: _Layout, context: XmlContext) -> list[list[_Text]]:
    """Each piece's texts, by the absolute time they show."""
    placed: list[list[_Text]] = [[] for _ in layout.pieces]
    starts = [piece.start_s for piece in layout.pieces]
    for text in sorted(layout.texts, key=lambda t: (t.at_s, t.order)):
        if text.at_s >= layout.clock:
            context.report(
                Severity.WARNING,
                f"text at {text.at_s} s shows after the workout ends ({layout.clock} s) "
                "and is left out",
                text.span,
            )
            continue
        placed[bisect.bisect_right(starts, text.at_s) - 1].append(text)
    return placed


def _with_texts(piece: _Piece, texts: list[_Text]) -> Step:
    """The piece's step with its texts: restored ranges, a label, and cues."""
    step = piece.step
    at_start = [t for t in texts if t.at_s == piece.start_s]
    later = [t for t in texts if t.at_s != piece.start_s]
    step, at_start = _restore_ranges(step, at_start)
    label = None
    if at_start and at_start[0].duration_s is None and at_start[0].message:
        label = at_start.pop(0).message
    cues = tuple(
        Cue(t.at_s - piece.start_s, t.message, duration=t.duration_s, span=t.span)
        for t in (*at_start, *later)
    )
    return replace(step, label=label, cues=cues)


def _restore_ranges(step: Step, texts: list[_Text]) -> tuple[Step, list[_Text]]:
    """Undo what the writer does with a range: a midpoint plus a text saying the range.

    Only the writer's exact wording, at the end of the texts at the step's start, and only
    when the written midpoint matches, so a coach's own text is never taken for one.
    """
    texts = list(texts)
    cadence = step.cadence
    if texts and isinstance(cadence, Cadence) and not cadence.is_range:
        found = _CADENCE_TEXT.match(texts[-1].message)
        if found:
            band = Cadence(int(found.group(1)), int(found.group(2)))
            if band.low < band.high and rpm(band) == str(cadence.low):
                step = replace(step, cadence=band)
                texts.pop()
    target = step.target
    if texts and isinstance(target, Target) and target.kind is TargetKind.STEADY and target.low:
        found = _POWER_TEXT.match(texts[-1].message)
        if found:
            low, high = float(found.group(1)), float(found.group(2))
            if low < high and fraction((low + high) / 2) == fraction(target.low.value):
                band_target = Target(
                    TargetKind.RANGE, Power(low, PowerUnit.PERCENT), Power(high, PowerUnit.PERCENT)
                )
                step = replace(step, target=band_target)
                texts.pop()
    return step, texts


class _Attributes:
    """An element's attributes, read by name whatever their case, checked and located."""

    def __init__(self, element: etree._Element, name: str, context: XmlContext) -> None:
        self.element = element
        self.name = name
        self.context = context
        self.span = context.element(element)
        self.by_name = {str(key).lower(): str(key) for key in element.attrib}
        self._report_unknown()

    def _report_unknown(self) -> None:
        known = ATTRIBUTES[self.name]
        for lower, key in self.by_name.items():
            if lower in known:
                continue
            if lower in IGNORED_ATTRIBUTES:
                if self.context.is_new(f"ignored {lower}"):
                    message = f"attribute '{key}' is not kept: {IGNORED_ATTRIBUTES[lower]}"
                    self.context.once(f"ignored {lower}", Severity.NOTE, message, self._at(key))
            elif self.context.full:  # only counted from now on: skip locating it
                self.context.suppressed += 1
            else:
                message = f"unknown attribute '{key}' on <{self.name}> is ignored"
                self.context.report(Severity.WARNING, message, self._at(key))

    def _at(self, key: str) -> Span:
        return self.context.attribute(self.element, key)

    def warn(self, message: str) -> None:
        self.context.report(Severity.WARNING, message, self.span)

    def note(self, message: str) -> None:
        self.context.report(Severity.NOTE, message, self.span)

    def error(self, message: str, key: str | None = None) -> None:
        span = self._at(key) if key else self.span
        self.context.report(Severity.ERROR, message, span)

    def text(self, name: str) -> str | None:
        key = self.by_name.get(name.lower())
        return None if key is None else str(self.element.get(key))

    def number(self, name: str, *, required: bool = False) -> Decimal | None:
        """A non-negative decimal attribute; problems are reported, None returned."""
        raw = self.text(name)
        if raw is None:
            if required:
                self.error(f"<{self.name}> needs a {name} attribute")
            return None
        found = _NUMBER.match(raw) if len(raw) <= MAX_NUMBER_LENGTH else None
        if found is None:
            self.error(f'{name}="{raw[:20]}" is not a number', name)
            return None
        if found.group(1) == "-" and Decimal(found.group(2)) != 0:
            self.error(f'{name}="{raw}" must not be negative', name)
            return None
        return Decimal(found.group(2))

    def seconds(self, name: str, *, required: bool = False, limit: int = MAX_STEP_S) -> int | None:
        """Whole seconds, rounded half up (files carry float artefacts like 180.00002)."""
        value = self.number(name, required=required)
        if value is None:
            return None
        if value > limit:
            self.error(f'{name}="{value}" is longer than {limit} s', name)
            return None
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    def count(self, name: str) -> int | None:
        value = self.number(name)
        if value is None:
            return 1
        repeat = int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if repeat > MAX_REPEAT:
            self.error(f'{name}="{value}" is more than {MAX_REPEAT} repetitions', name)
            return None
        if repeat == 0:
            self.warn(f'<{self.name}> with {name}="0" is left out')
            return None
        return repeat

    def power(self, name: str) -> Power | None:
        """A fraction of FTP as % FTP, float artefacts rounded away (0.64999998 -> 65 %)."""
        value = self.number(name)
        if value is None:
            return None
        if value >= MAX_FRACTION:
            self.error(f'{name}="{value}" is {value * 100} % FTP, above the 1000 % limit', name)
            return None
        percent = (value * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return Power(float(percent), PowerUnit.PERCENT)

    def steady_target(self, name: str, low_name: str, high_name: str) -> Target | None:
        """`Power`, or the 2015 form `PowerLow`/`PowerHigh` read as a range."""
        if self.text(name) is not None:
            power = self.power(name)
            return None if power is None else Target(TargetKind.STEADY, power)
        pair = self._power_pair(low_name, high_name, f"<{self.name}> needs a {name} attribute")
        if pair is None:
            return None
        low, high = sorted(pair, key=lambda p: p.value)
        if low.value == high.value:
            return Target(TargetKind.STEADY, low)
        self.context.once(
            f"range {self.name}",
            Severity.NOTE,
            f"<{self.name}> with {low_name}/{high_name} (the 2015 form) is read as a power "
            "range, ridden at its midpoint",
            self.span,
        )
        return Target(TargetKind.RANGE, low, high)

    def ramp_target(self, name: str) -> Target | None:
        """PowerLow is the power at the start and PowerHigh at the end, in every ramp."""
        only_power = self.text("PowerLow") is None and self.text("PowerHigh") is None
        if only_power and self.text("Power") is not None:
            power = self.power("Power")
            return None if power is None else Target(TargetKind.RAMP, power, power)
        pair = self._power_pair("PowerLow", "PowerHigh", f"<{name}> needs PowerLow and PowerHigh")
        if pair is None:
            return None
        start, end = pair
        if name == "Cooldown" and end.value > start.value:
            self.context.once(
                "rising cooldown",
                Severity.NOTE,
                "this Cooldown rises: PowerLow is read as the power at the start, as Zwift "
                "does, so check the file if it was meant to fall",
                self.span,
            )
        return Target(TargetKind.RAMP, start, end)

    def _power_pair(
        self, low_name: str, high_name: str, missing: str
    ) -> tuple[Power, Power] | None:
        """Two powers where one alone stands for both; errors are reported, None returned."""
        raw_low, raw_high = self.text(low_name), self.text(high_name)
        if raw_low is None and raw_high is None:
            self.error(missing)
            return None
        low, high = self.power(low_name), self.power(high_name)
        if (raw_low is not None and low is None) or (raw_high is not None and high is None):
            return None
        low = low if low is not None else high
        high = high if high is not None else low
        assert low is not None and high is not None
        return low, high

    def cadence(
        self, name: str, low_name: str | None = None, high_name: str | None = None
    ) -> Cadence | None:
        """`Cadence`, or a `CadenceLow`/`CadenceHigh` band; 0 means none."""
        if low_name and high_name and self.text(name) is None:
            low, high = self._rpm(low_name), self._rpm(high_name)
            if low and high:
                return Cadence(min(low, high), max(low, high))
            single = low or high
            return Cadence(single, single) if single else None
        value = self._rpm(name)
        return Cadence(value, value) if value else None

    def _rpm(self, name: str) -> int | None:
        value = self.number(name)
        if value is None or value == 0:
            return None
        rounded = int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        low, high = CADENCE_RANGE
        if not low <= rounded <= high:
            message = f'{name}="{value}" is outside {low}-{high} rpm and is left out'
            self.context.report(Severity.WARNING, message, self._at(name))
            return None
        return rounded
