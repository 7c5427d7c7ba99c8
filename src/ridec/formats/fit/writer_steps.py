"""Named, pure passes that turn timeline steps into FIT workout steps.

Step records are NamedTuples rather than frozen dataclasses: as immutable, and about three
times cheaper to build, which matters on this path (one per FIT step, 1,000s of files).

Each pass returns what it made and the losses it found (`Loss` entries for the fidelity
report); none of them touches the report or any other state. The writer runs them in order:
`activation_steps`, `lower_step` for every timeline step (power, ramps, cadence, notes), then
the repeat folding of `repeats.py`.
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

from ridec.diagnostics import Span
from ridec.formats.base import (
    CompileOptions,
    ConversionError,
    FtpNeededError,
    Loss,
    LossKind,
    RampMode,
)
from ridec.formats.fit.profile import WATTS_OFFSET, FitIntensity
from ridec.formats.fit.text import fit_lines, fit_text
from ridec.model import Activation, Intensity, Power, PowerUnit, Target, TargetKind
from ridec.timeline import TimelineCue, TimelineStep

MAX_PERCENT = WATTS_OFFSET - 1
"""Highest % FTP written: 1000 itself is ambiguous (readers name it `watts_offset`, 0 W)."""
MIN_WATTS = 1
"""Lowest watts written, so a watts target never reads as 1000 (% FTP or 0 W)."""
RAMP_STEP_S = 30
"""A ramp's steps, unless told otherwise: short enough to follow the ramp closely."""
LONGER_RAMP_STEP_S = 60
"""A ramp's steps when 30 s steps would pass the step limit: the longest that FIT and ERG/MRC
readers still take back as a ramp (`formats.ladders.MAX_STEP_S`)."""
MAX_DURATION_S = 0xFFFF_FFFE // 1000
"""Longest step a uint32 of milliseconds holds (0xFFFFFFFF means "not set")."""

INTENSITIES: dict[Intensity, FitIntensity] = {
    Intensity.WARMUP: FitIntensity.WARMUP,
    Intensity.ACTIVE: FitIntensity.ACTIVE,
    Intensity.INTERVAL: FitIntensity.INTERVAL,
    Intensity.RECOVERY: FitIntensity.RECOVERY,
    Intensity.REST: FitIntensity.REST,
    Intensity.COOLDOWN: FitIntensity.COOLDOWN,
}
"""The model's intensities map one to one onto FIT's."""

MAX_EFFORT_NOTE = "Max effort"
"""Note on a maximal effort step, whose target FIT can only leave open."""
TIMED_NOTE = re.compile(r"@(\d{1,4}):([0-5]\d) (.*)", re.DOTALL)
"""A note line of a cue shown after the step's start: `@1:30 Stand up`."""


class PowerRange(NamedTuple):
    """A custom power target in FIT's raw units: % FTP (0-999) or watts + 1000."""

    low: int
    """Bottom of the band."""
    high: int
    """Top of the band."""


class FitStep(NamedTuple):
    """A workout step before numbering: what one `workout_step` message will say."""

    name: str | None
    """`wkt_step_name`: the step's label."""
    duration_ms: int | None
    """Milliseconds, or None for a step that ends at the lap button."""
    power: PowerRange | None
    """Custom power target; None for an open target."""
    intensity: FitIntensity
    """What the step is for."""
    notes: str | None = None
    """Block labels, flag cues and the coach's cues, one per line."""
    cadence: tuple[int, int] | None = None
    """Secondary cadence target, low and high rpm."""


class Lowered(NamedTuple):
    """What a pass made, with the losses it found on the way."""

    steps: tuple[FitStep, ...]
    """The FIT steps, in order."""
    losses: tuple[Loss, ...] = ()
    """Fidelity entries to record."""


def activation_steps(activation: Activation | None) -> Lowered:
    """One lap-button warmup step per exercise, named after it, its amount in the notes."""
    if activation is None:
        return Lowered(())
    steps = tuple(
        FitStep(exercise.name, None, None, FitIntensity.WARMUP, exercise.describe())
        for exercise in activation.exercises
    )
    return Lowered(steps)


def lower_step(step: TimelineStep, options: CompileOptions, ftp: int | None) -> Lowered:
    """The FIT steps of one timeline step: ramps split or spanned, the others one to one."""
    _check_duration(step)
    losses: list[Loss] = []
    template = _template(step, losses)
    kind = step.target.kind
    if kind is TargetKind.RAMP:
        if options.fit_ramp is RampMode.STEP and step.duration_s is not None:
            steps = _ramp_as_steps(step, template, options, ftp, losses)
        else:
            steps = (_ramp_as_range(step, template, ftp, losses),)
        return Lowered(steps, tuple(losses))
    power = _steady_or_range(step, options, ftp, losses)
    notes = _notes(step.cues, step, losses, max_effort=kind is TargetKind.MAX)
    if kind is TargetKind.MAX:
        losses.append(
            _degraded(
                "max effort", f"an open target with the note '{MAX_EFFORT_NOTE}'", step, "max-open"
            )
        )
    return Lowered((_with(template, step.duration_s, power, notes),), tuple(losses))


def _template(step: TimelineStep, losses: list[Loss]) -> FitStep:
    """What every FIT step made from `step` shares: name, intensity, cadence."""
    cadence = (step.cadence.low, step.cadence.high) if step.cadence else None
    name = fit_text(step.label, "step name", step.span, losses)
    return FitStep(name, None, None, INTENSITIES[step.intensity], None, cadence)


def _with(
    template: FitStep, duration_s: int | None, power: PowerRange | None, notes: str | None
) -> FitStep:
    duration_ms = None if duration_s is None else duration_s * 1000
    return FitStep(template.name, duration_ms, power, template.intensity, notes, template.cadence)


def _preview(text: str, length: int = 30) -> str:
    line = text.replace("\n", " ")
    return line if len(line) <= length else line[: length - 3] + "..."


def _check_duration(step: TimelineStep) -> None:
    if step.duration_s is not None and step.duration_s > MAX_DURATION_S:
        raise ConversionError(
            f"a step of {step.duration_s} s is longer than FIT's limit of {MAX_DURATION_S} s",
            step.span,
        )


def _steady_or_range(
    step: TimelineStep, options: CompileOptions, ftp: int | None, losses: list[Loss]
) -> PowerRange | None:
    target = step.target
    if target.kind in (TargetKind.FREE, TargetKind.MAX) or target.low is None:
        return None
    if target.kind is TargetKind.STEADY and options.fit_power_band_pct <= 0:
        return _steady(step, ftp, losses)
    unit = _unit(target, ftp, step.span)
    low = _value(target.low, unit, ftp, step.span)
    if target.kind is TargetKind.RANGE and target.high is not None:
        high = _value(target.high, unit, ftp, step.span)
        _note_rounding(losses, step, unit, low, high)
        return PowerRange(raw_power(low, unit), raw_power(high, unit))
    _note_rounding(losses, step, unit, low)
    return _band(low, unit, options, ftp, step.span)


def _steady(step: TimelineStep, ftp: int | None, losses: list[Loss]) -> PowerRange:
    """A single power level, the most common target, without a band."""
    power = step.target.low
    assert power is not None
    if power.value == int(power.value) and (
        power.unit is PowerUnit.WATTS or power.value <= MAX_PERCENT
    ):
        raw = raw_power(power.value, power.unit)
        return PowerRange(raw, raw)
    unit = _unit(step.target, ftp, step.span)
    value = _value(power, unit, ftp, step.span)
    _note_rounding(losses, step, unit, value)
    raw = raw_power(value, unit)
    return PowerRange(raw, raw)


def _unit(target: Target, ftp: int | None, span: Span | None) -> PowerUnit:
    """The unit to write: the coach's, unless % over 1000 or mixed units force watts or %."""
    low, high = target.low, target.high
    assert low is not None
    if (high is None or high.unit is low.unit) and (
        low.unit is PowerUnit.WATTS or max(low.value, high.value if high else 0) <= MAX_PERCENT
    ):
        return low.unit
    powers = [low] if high is None else [low, high]
    too_high = any(p.unit is PowerUnit.PERCENT and p.value > MAX_PERCENT for p in powers)
    if ftp is None:
        why = f"above {MAX_PERCENT}% FTP" if too_high else "mixing % FTP and watts"
        raise FtpNeededError(f"FIT needs an FTP to write a power target {why}", span)
    return PowerUnit.WATTS if too_high else PowerUnit.PERCENT


def _value(power: Power, unit: PowerUnit, ftp: int | None, span: Span | None) -> float:
    if power.unit is unit:
        return power.value
    value = power.to_percent(ftp) if unit is PowerUnit.PERCENT else power.to_watts(ftp)
    if value is None:
        raise FtpNeededError("FIT needs an FTP to convert this power target", span)
    return value


def raw_power(value: float, unit: PowerUnit) -> int:
    """A power level as FIT stores it: whole % FTP, or whole watts plus 1000."""
    whole = math.floor(value + 0.5) if value > 0 else 0
    if unit is PowerUnit.PERCENT:
        return min(whole, MAX_PERCENT)
    return max(whole, MIN_WATTS) + WATTS_OFFSET


def _band(
    value: float, unit: PowerUnit, options: CompileOptions, ftp: int | None, span: Span | None
) -> PowerRange:
    """A single power level, widened to +/- `fit_power_band_pct` % FTP when asked."""
    band = options.fit_power_band_pct
    if band <= 0:
        raw = raw_power(value, unit)
        return PowerRange(raw, raw)
    if unit is PowerUnit.WATTS:
        if ftp is None:
            raise FtpNeededError("FIT needs an FTP to widen a watts target by % FTP", span)
        band = band * ftp / 100.0
    return PowerRange(raw_power(max(0.0, value - band), unit), raw_power(value + band, unit))


def _note_rounding(losses: list[Loss], step: TimelineStep, unit: PowerUnit, *values: float) -> None:
    if all(v == int(v) for v in values):
        return
    symbol = "%" if unit is PowerUnit.PERCENT else " W"
    written = "-".join(f"{v:g}{symbol}" for v in values)
    rounded = "-".join(f"{math.floor(v + 0.5)}{symbol}" for v in values)
    became = f"{rounded} (FIT stores whole numbers)"
    losses.append(_degraded(f"power {written}", became, step, "power-rounded"))


def _ramp_as_steps(
    step: TimelineStep,
    template: FitStep,
    options: CompileOptions,
    ftp: int | None,
    losses: list[Loss],
) -> tuple[FitStep, ...]:
    """A ramp as steady steps of `fit_ramp_step_s`, each at the ramp's power at its middle;
    each cue goes to the step it falls in."""
    assert step.duration_s is not None and step.target.low is not None
    assert step.target.high is not None
    unit = _unit(step.target, ftp, step.span)
    start = _value(step.target.low, unit, ftp, step.span)
    end = _value(step.target.high, unit, ftp, step.span)
    total = step.duration_s
    length = max(1, options.fit_ramp_step_s or RAMP_STEP_S)
    name, intensity, cadence = template.name, template.intensity, template.cadence
    steps = []
    for at, seconds, level in ramp_levels(start, end, total, length):
        notes = None
        if step.cues:
            cues = _cues_within(step.cues, at, at + seconds, last=at + seconds >= total)
            notes = _notes(cues, step, losses, max_effort=False) if cues else None
        power = _band(level, unit, options, ftp, step.span)
        steps.append(FitStep(name, seconds * 1000, power, intensity, notes, cadence))
    became = _split_description(len(steps), length, total)
    losses.insert(0, _degraded(f"ramp {_describe_ramp(step.target)}", became, step, "ramp-steps"))
    return tuple(steps)


def ramp_levels(start: float, end: float, total: int, length: int) -> list[tuple[int, int, float]]:
    """(offset, seconds, level) of each steady step a ramp becomes: `length` seconds each (the
    last what is left), at the ramp's power at the step's middle. The FIT reader checks a
    ladder against this to read it back as the ramp."""
    found = []
    for at in range(0, max(total, 1), length):
        seconds = min(length, total - at)
        level = start + (end - start) * ((at + seconds / 2) / total if total else 0.5)
        found.append((at, seconds, level))
    return found


def _split_description(count: int, length: int, total: int) -> str:
    if count == 1:
        return "one steady step"
    last = total - (count - 1) * length
    tail = f" (the last {last} s)" if last != length else ""
    return f"{count} steps of {length} s{tail}"


def _cues_within(
    cues: tuple[TimelineCue, ...], start: int, end: int, last: bool
) -> tuple[TimelineCue, ...]:
    """The cues shown in [start, end) of a step (the last part also takes those at its end),
    with offsets made relative to `start`."""
    if not cues:
        return ()
    inside = [c for c in cues if start <= c.offset_s < end or (last and c.offset_s >= end)]
    return tuple(
        TimelineCue(c.at_s, c.offset_s - start, c.text, c.duration_s, c.kind, c.span)
        for c in inside
    )


def _ramp_as_range(
    step: TimelineStep, template: FitStep, ftp: int | None, losses: list[Loss]
) -> FitStep:
    """A ramp as one step whose power band spans it from its lowest to its highest level."""
    assert step.target.low is not None and step.target.high is not None
    unit = _unit(step.target, ftp, step.span)
    levels = [_value(p, unit, ftp, step.span) for p in (step.target.low, step.target.high)]
    power = PowerRange(raw_power(min(levels), unit), raw_power(max(levels), unit))
    symbol = "%" if unit is PowerUnit.PERCENT else " W"
    shown = f"{min(levels):g}-{max(levels):g}{symbol}"
    feature = f"ramp {_describe_ramp(step.target)}"
    losses.insert(0, _degraded(feature, f"one step in the range {shown}", step, "ramp-range"))
    notes = _notes(step.cues, step, losses, max_effort=False)
    return _with(template, step.duration_s, power, notes)


def _describe_ramp(target: Target) -> str:
    assert target.low is not None and target.high is not None
    return f"{_describe_power(target.low)} to {_describe_power(target.high)}"


def _describe_power(power: Power) -> str:
    return f"{power.value:g}%" if power.unit is PowerUnit.PERCENT else f"{power.value:g} W"


def _notes(
    cues: tuple[TimelineCue, ...], step: TimelineStep, losses: list[Loss], max_effort: bool
) -> str | None:
    """The step's notes, one line per cue: block labels, flag cues, then the coach's cues in
    time order.

    A cue at the step's start is its plain text; a later one is prefixed with its time
    (`@1:30 Stand up`), since FIT steps carry text but no timed messages. A start cue that
    would read as something else (`@1:30 ...`, an empty line, a leading `Max effort`) gets
    `@0:00 `, so the reader gives back exactly the cues written.
    """
    lines: list[tuple[str, Span | None]] = [(MAX_EFFORT_NOTE, step.span)] if max_effort else []
    for cue in cues:
        text = _one_line(cue, losses)
        if cue.offset_s > 0:
            lines.append((f"{timed_prefix(cue.offset_s)} {text}", cue.span))
            feature = f"timed cue '{text}' at {cue.offset_s} s"
            became = "a step note (FIT has no timed messages)"
            losses.append(Loss(LossKind.DEGRADED, feature, became, cue.span, "timed-cue"))
        elif not text or TIMED_NOTE.fullmatch(text) or (not lines and text == MAX_EFFORT_NOTE):
            lines.append((f"{timed_prefix(0)} {text}", cue.span or step.span))
        else:
            lines.append((text, cue.span or step.span))
    return fit_lines(lines, "step's notes", losses)


def _one_line(cue: TimelineCue, losses: list[Loss]) -> str:
    """Notes hold one cue per line, so a cue's own line breaks become spaces."""
    if "\n" not in cue.text:
        return cue.text
    text = cue.text.replace("\n", " ")
    feature = f"line breaks in cue '{_preview(text)}'"
    losses.append(Loss(LossKind.DEGRADED, feature, "spaces", cue.span, "one-line"))
    return text


def timed_prefix(offset_s: int) -> str:
    """How a note line says when its cue shows: `@1:30` for 90 s into the step."""
    minutes, seconds = divmod(offset_s, 60)
    return f"@{minutes}:{seconds:02d}"


def _degraded(feature: str, became: str, step: TimelineStep, topic: str) -> Loss:
    return Loss(LossKind.DEGRADED, feature, became, step.span, topic)
