"""FIT workout steps back into model steps and repeats.

Steps arrive as raw field values by field number (what fitparse read), each with its byte
offset for diagnostics. What the model holds only approximately is kept with a located
warning: a step that ends after a distance, a heart rate, calories or a power is read as a
lap-button step, a heart-rate or speed target as free riding, each with the condition or
target as a cue at the step's start (`reader_conditions`); a repeat until a time is read as
one run of its block; a head unit's power zone as the Coggan zone.
Notes are read back as ridec's writer writes them: `Max effort` on an open target, timed
cues as `@1:30 text`, every other line a cue at the step's start.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from ridec.diagnostics import Diagnostic, Severity, Source, Span
from ridec.facts import ZONES, zone_target
from ridec.formats.fit.profile import (
    CUSTOM_TARGET,
    REPEAT_DURATION_TYPES,
    WATTS_OFFSET,
    DurationType,
    FieldSpec,
    FitIntensity,
    StepField,
    TargetType,
)
from ridec.formats.fit.reader_conditions import CUE_TARGETS, LAP_ENDS, end_cue, target_cue
from ridec.formats.fit.writer_steps import MAX_EFFORT_NOTE, TIMED_NOTE
from ridec.model import (
    FREE,
    LAP,
    MAX,
    Cadence,
    Cue,
    DurationValue,
    Intensity,
    Node,
    Power,
    PowerUnit,
    Repeat,
    Step,
    Target,
    TargetKind,
)

RawValues = dict[int, int | str]
MAX_STEP_S = 24 * 3600
"""The language's longest step."""
MAX_COUNT = 500
"""The language's largest repeat count."""
CADENCE_RANGE = (20, 250)
"""The language's cadence limits, in rpm."""
MAX_WATTS = 3000
"""The language's highest watts."""
POWER_LIKE_TARGETS = {7: "power_3s", 8: "power_10s", 9: "power_30s", 10: "power_lap"}
"""Power targets averaged by the head unit: read as plain power, with a warning."""
INTENSITIES = {
    FitIntensity.ACTIVE: Intensity.ACTIVE,
    FitIntensity.REST: Intensity.REST,
    FitIntensity.WARMUP: Intensity.WARMUP,
    FitIntensity.COOLDOWN: Intensity.COOLDOWN,
    FitIntensity.RECOVERY: Intensity.RECOVERY,
    FitIntensity.INTERVAL: Intensity.INTERVAL,
}


@dataclass(frozen=True, slots=True)
class RawStep:
    """One workout_step as read: its position, where it is, and its raw values."""

    position: int
    """Its place among the workout_step messages, from 0."""
    offset: int
    """Byte offset of its record, for diagnostics."""
    values: RawValues
    """Raw field values by field number."""

    def get(self, spec: FieldSpec) -> int | str | None:
        """The raw value of a `StepField`, or None when the field is absent."""
        return self.values.get(spec.num)

    def number(self, spec: FieldSpec) -> int | None:
        """The value of a numeric field, or None."""
        value = self.get(spec)
        return value if isinstance(value, int) else None


@dataclass
class StepReader:
    """Reads steps and repeat steps, collecting located diagnostics."""

    source: Source
    """The binary file, for spans."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Errors and warnings so far."""

    def report(self, raw: RawStep, severity: Severity, message: str) -> None:
        span = Span(self.source, raw.offset, raw.offset + 1)
        text = f"workout step {raw.position}: {message}"
        self.diagnostics.append(Diagnostic(severity, text, span))

    def error(self, raw: RawStep, message: str) -> None:
        self.report(raw, Severity.ERROR, message)

    def warn(self, raw: RawStep, message: str) -> None:
        self.report(raw, Severity.WARNING, message)

    def step(self, raw: RawStep) -> Step | None:
        """The model step of a (non-repeat) workout step; None after an error."""
        errors = len(self.diagnostics)
        conditions: list[str] = []
        duration = self._duration(raw, conditions)
        target, cadence = self._targets(raw, conditions)
        notes = raw.get(StepField.NOTES)
        lines = [line for line in str(notes).split("\n") if line] if notes else []
        if lines and lines[0] == MAX_EFFORT_NOTE and target.kind is TargetKind.FREE:
            target, lines = MAX, lines[1:]
        kept = [line for line in conditions if line not in lines]
        cues = tuple(_cue(line) for line in [*kept, *lines])
        name = raw.get(StepField.WKT_STEP_NAME)
        if self._has_errors_since(errors) or duration is None:
            return None
        label = str(name) if name else None
        intensity = self._intensity(raw)
        return Step(duration, target, intensity, cadence, (), label, cues)

    def repeat(self, raw: RawStep, ends_at: int) -> tuple[int, int] | None:
        """(first step, count) of a repeat step; None after an error."""
        kind = raw.number(StepField.DURATION_TYPE)
        first = raw.number(StepField.DURATION_VALUE)
        count = raw.number(StepField.TARGET_VALUE)
        if first is None or not 0 <= first < ends_at:
            self.error(raw, f"the repeat goes back to step {first}, which is not before it")
            return None
        if kind != DurationType.REPEAT_UNTIL_STEPS_CMPLT:
            return first, self._conditional_count(raw, kind)
        if count is None or not 1 <= count <= MAX_COUNT:
            self.error(raw, f"the repeat count is {count}; ridec repeats 1 to {MAX_COUNT} times")
            return None
        return first, count

    def _conditional_count(self, raw: RawStep, kind: int | None) -> int:
        name = f"type {kind}"
        if kind is not None and kind in REPEAT_DURATION_TYPES:
            name = DurationType(kind).name.lower()
        self.warn(raw, f"a {name} repeat is read as one run of its block (ridec repeats count)")
        return 1

    def _has_errors_since(self, count: int) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics[count:])

    def _duration(self, raw: RawStep, conditions: list[str]) -> DurationValue | None:
        kind = raw.number(StepField.DURATION_TYPE)
        if kind == DurationType.OPEN:
            return LAP
        if kind in LAP_ENDS:
            end = DurationType(kind)
            cue = end_cue(end, raw.number(StepField.DURATION_VALUE))
            self.warn(
                raw,
                f"the step ends after {LAP_ENDS[end]}; it is read as a lap-button step "
                f"with the cue {cue!r}",
            )
            conditions.append(cue)
            return LAP
        if kind != DurationType.TIME:
            self.error(raw, f"duration type {kind} is not a time, a lap button or a repeat")
            return None
        return self._seconds(raw)

    def _seconds(self, raw: RawStep) -> int | None:
        millis = raw.number(StepField.DURATION_VALUE)
        if millis is None:
            self.error(raw, "a timed step without a duration")
            return None
        seconds = max(1, math.floor(millis / 1000 + 0.5))
        if seconds > MAX_STEP_S:
            self.error(raw, f"the step lasts {millis / 1000:g} s, longer than ridec's 24 h")
            return None
        if millis != seconds * 1000:
            self.warn(raw, f"{millis / 1000:g} s is rounded to {seconds} s")
        return seconds

    def _intensity(self, raw: RawStep) -> Intensity:
        value = raw.number(StepField.INTENSITY)
        if value is None:
            return Intensity.ACTIVE
        if value not in INTENSITIES:
            self.warn(raw, f"intensity {value} is read as active")
            return Intensity.ACTIVE
        return INTENSITIES[FitIntensity(value)]

    def _targets(self, raw: RawStep, conditions: list[str]) -> tuple[Target, Cadence | None]:
        kind = raw.number(StepField.TARGET_TYPE)
        secondary = self._secondary_cadence(raw)
        if kind is None or kind == TargetType.OPEN:
            return FREE, secondary
        if kind in CUE_TARGETS:
            aim = TargetType(kind)
            low, high = (raw.number(spec) for spec in _PRIMARY)
            cue = target_cue(aim, raw.number(StepField.TARGET_VALUE), low, high)
            self.warn(
                raw,
                f"a {CUE_TARGETS[aim]} target is read as free riding with the cue {cue!r}",
            )
            conditions.append(cue)
            return FREE, secondary
        if kind == TargetType.CADENCE:
            return FREE, self._cadence(raw, StepField.TARGET_VALUE, _PRIMARY)
        if kind == TargetType.POWER or kind in POWER_LIKE_TARGETS:
            if kind in POWER_LIKE_TARGETS:
                self.warn(raw, f"a {POWER_LIKE_TARGETS[kind]} target is read as plain power")
            return self._power(raw), secondary
        self.warn(raw, f"target type {kind} is not power or cadence; the step is read as free")
        return FREE, secondary

    def _power(self, raw: RawStep) -> Target:
        zone = raw.number(StepField.TARGET_VALUE)
        if zone is not None and zone != CUSTOM_TARGET:
            if zone not in ZONES:
                self.error(raw, f"power zone {zone}; ridec knows zones 1 to {len(ZONES)}")
                return FREE
            self.warn(raw, f"power zone {zone} of the head unit is read as Coggan zone {zone}")
            return zone_target(zone)
        low, high = (raw.number(spec) for spec in _PRIMARY)
        if low is None or high is None:
            self.warn(raw, "a custom power target without its range is read as free")
            return FREE
        powers = [self._power_value(raw, value) for value in (low, high)]
        if powers[0] is None or powers[1] is None:
            return FREE
        return _power_target(powers[0], powers[1])

    def _power_value(self, raw: RawStep, value: int) -> Power | None:
        if value > WATTS_OFFSET and value - WATTS_OFFSET <= MAX_WATTS:
            return Power(value - WATTS_OFFSET, PowerUnit.WATTS)
        if 0 <= value < WATTS_OFFSET:
            return Power(value, PowerUnit.PERCENT)
        self.error(raw, f"custom power {value} is neither 0-999 % FTP nor 1-{MAX_WATTS} W")
        return None

    def _secondary_cadence(self, raw: RawStep) -> Cadence | None:
        kind = raw.number(StepField.SECONDARY_TARGET_TYPE)
        if kind is None or kind == TargetType.OPEN:
            return None
        if kind != TargetType.CADENCE:
            self.warn(raw, f"secondary target type {kind} is not cadence; it is left out")
            return None
        return self._cadence(raw, StepField.SECONDARY_TARGET_VALUE, _SECONDARY)

    def _cadence(
        self, raw: RawStep, zone_field: FieldSpec, bounds: tuple[FieldSpec, FieldSpec]
    ) -> Cadence | None:
        zone = raw.number(zone_field)
        if zone is not None and zone != CUSTOM_TARGET:
            self.warn(raw, f"cadence zone {zone} of the head unit is left out (no rpm given)")
            return None
        low, high = (raw.number(spec) for spec in bounds)
        lowest, highest = CADENCE_RANGE
        if low is None or high is None:
            self.warn(raw, "a cadence target without its range is left out")
            return None
        if not lowest <= low <= high <= highest:
            self.error(raw, f"cadence {low}-{high} rpm is outside {lowest}-{highest} rpm")
            return None
        return Cadence(low, high)


_PRIMARY = (StepField.CUSTOM_TARGET_VALUE_LOW, StepField.CUSTOM_TARGET_VALUE_HIGH)
_SECONDARY = (
    StepField.SECONDARY_CUSTOM_TARGET_VALUE_LOW,
    StepField.SECONDARY_CUSTOM_TARGET_VALUE_HIGH,
)


def _power_target(low: Power, high: Power) -> Target:
    """Steady when both ends are equal, a zone when they are one of the language's zones."""
    if low == high:
        return Target(TargetKind.STEADY, low)
    if low.unit is high.unit is PowerUnit.PERCENT:
        for zone, bounds in ZONES.items():
            if bounds == (low.value, high.value):
                return zone_target(zone)
    return Target(TargetKind.RANGE, low, high)


def _cue(line: str) -> Cue:
    """A note line: `@1:30 text` shows 90 s into the step, anything else at its start."""
    timed = TIMED_NOTE.fullmatch(line)
    if timed is None:
        return Cue(0, line)
    minutes, seconds, text = timed.groups()
    return Cue(int(minutes) * 60 + int(seconds), text)


@dataclass(frozen=True, slots=True)
class _Placed:
    """A node read so far and the positions of its first and last workout steps."""

    start: int
    end: int
    node: Node


def build_body(
    items: Sequence[Step | tuple[int, int] | None], reader: StepReader, raws: Sequence[RawStep]
) -> tuple[Node, ...]:
    """The tree: each repeat step wraps the nodes from its first step up to it.

    `items[i]` is the step read at position i, a (first, count) pair for a repeat step, or
    None where reading failed (already reported). A repeat that goes back into the middle of
    an earlier repeat crosses it, which no nesting expresses: that is an error.
    """
    placed: list[_Placed] = []
    for position, item in enumerate(items):
        if isinstance(item, Step):
            placed.append(_Placed(position, position, item))
        elif item is not None:
            first, count = item
            if any(p.start < first <= p.end for p in placed):
                message = f"the repeat goes back to step {first}, inside an earlier repeat"
                reader.error(raws[position], message)
                continue
            body = tuple(p.node for p in placed if p.start >= first)
            placed = [p for p in placed if p.start < first]
            if body:
                placed.append(_Placed(first, position, Repeat(count, body)))
    return tuple(p.node for p in placed)
