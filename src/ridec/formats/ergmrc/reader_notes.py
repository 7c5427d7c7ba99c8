"""The texts of an ERG/MRC step back into its label, cues, cadence and target.

ridec's writer shows, at a step's start and in this order: block labels, the label, flag
cues, cues at 0 s, a note for a degraded target ("Free ride", "Max effort", "Power
75-85%"), then the cadence ("Cadence 50-60 rpm"); each text the writer added itself shows
for the default time, and the texts that show for the default time at one second are one
row, joined by " | ". Reading undoes that from the end: the row is split again, the last
texts are taken back as cadence and target only when they are exactly what the writer
would write for this step, and the texts left that show for the default time become the
label, joined again. A text with its own time stays a cue, so writing the result again
gives the same rows in the same order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from ridec.diagnostics import Span
from ridec.formats.ergmrc.course import TEXT_SEPARATOR, default_duration
from ridec.formats.ergmrc.reader_curve import Run
from ridec.formats.ergmrc.writer import (
    FREE_RIDE_CUE,
    FREE_RIDE_PERCENT,
    MAX_EFFORT_CUE,
    PERCENT_DECIMALS,
    WATT_DECIMALS,
    cadence_cue,
    number_text,
    range_cue,
)
from ridec.model import FREE, MAX, Cadence, Cue, Power, PowerUnit, Step, Target, TargetKind

_CADENCE = re.compile(r"Cadence (\d{1,3})(?:-(\d{1,3}))? rpm")
_RANGE = re.compile(r"Power (\d{1,4}(?:\.\d{1,2})?)-(\d{1,4}(?:\.\d{1,2})?)(%| W)")
_EASY_NOTES = {FREE_RIDE_CUE: FREE, MAX_EFFORT_CUE: MAX}


@dataclass(frozen=True, slots=True)
class TextItem:
    """One cue row as read."""

    at_s: int
    """Seconds from the start of the course."""
    text: str
    """The message."""
    duration_s: int | None
    """How long it shows; None when the row had no duration."""
    span: Span | None = None
    """The row."""


def step_from_run(
    run: Run, target: Target, texts: list[TextItem], unit: PowerUnit, ftp: int | None
) -> Step:
    """The step a run of the curve and the texts shown during it describe."""
    length = run.end_s - run.start_s
    default = default_duration(length)
    starting = _split([t for t in texts if t.at_s <= run.start_s], default)
    later = [t for t in texts if t.at_s > run.start_s]
    cadence = _take_cadence(starting, default)
    target = _take_note(starting, default, target, _Levels(unit, ftp))
    shown = [t.text for t in starting if _shows_default(t, default)]
    label = TEXT_SEPARATOR.join(shown) if shown else None
    timed = [t for t in starting if not _shows_default(t, default)]
    cues = [Cue(0, t.text, duration=t.duration_s, span=t.span) for t in timed]
    for item in later:
        offset = min(item.at_s - run.start_s, length - 1)
        own = _own(item, default_duration(run.end_s - item.at_s))
        cues.append(Cue(offset, item.text, duration=own, span=item.span))
    return Step(length, target, cadence=cadence, label=label, cues=tuple(cues), span=run.span)


def _split(items: list[TextItem], default: int) -> list[TextItem]:
    """Rows that show for the default time, cut back into the texts the writer joined."""
    parts: list[TextItem] = []
    for item in items:
        if _shows_default(item, default) and TEXT_SEPARATOR in item.text:
            parts.extend(replace(item, text=text) for text in item.text.split(TEXT_SEPARATOR))
        else:
            parts.append(item)
    return parts


def _shows_default(item: TextItem, default: int) -> bool:
    return item.duration_s is None or item.duration_s == default


def _own(item: TextItem, default: int) -> int | None:
    """The cue's duration when it is not the one the writer would give it anyway."""
    return None if _shows_default(item, default) else item.duration_s


def _take_cadence(starting: list[TextItem], default: int) -> Cadence | None:
    """The cadence the last start text states, removing it, when the writer wrote it."""
    if not starting or not _shows_default(starting[-1], default):
        return None
    found = _CADENCE.fullmatch(starting[-1].text)
    if found is None:
        return None
    low = int(found.group(1))
    cadence = Cadence(low, int(found.group(2) or low))
    if low == 0 or cadence.low > cadence.high or cadence_cue(cadence) != starting[-1].text:
        return None
    starting.pop()
    return cadence


@dataclass(frozen=True, slots=True)
class _Levels:
    """How the file writes a power: its unit, the FTP to convert with, its decimals."""

    unit: PowerUnit
    ftp: int | None

    def written(self, power: Power) -> str | None:
        """`power` as the file would write it, or None when it cannot be converted."""
        convert: Callable[[int | None], float | None]
        convert = power.to_watts if self.unit is PowerUnit.WATTS else power.to_percent
        value = convert(self.ftp)
        places = WATT_DECIMALS if self.unit is PowerUnit.WATTS else PERCENT_DECIMALS
        return None if value is None else number_text(value, places)


def _take_note(starting: list[TextItem], default: int, target: Target, levels: _Levels) -> Target:
    """The target the last start text stands for, removing it, when the writer wrote it."""
    if not starting or not _shows_default(starting[-1], default) or target.low is None:
        return target
    if target.kind is not TargetKind.STEADY:
        return target
    text = starting[-1].text
    written = levels.written(target.low)
    found = _EASY_NOTES.get(text) or _range(text, levels, written)
    if found is None:
        return target
    if found.kind in (TargetKind.FREE, TargetKind.MAX):
        easy = levels.written(Power(FREE_RIDE_PERCENT, PowerUnit.PERCENT))
        if easy is None or easy != written:
            return target
    starting.pop()
    return found


def _range(text: str, levels: _Levels, written: str | None) -> Target | None:
    """The range a "Power 75-85%" note states, if the step sits at its midpoint."""
    found = _RANGE.fullmatch(text)
    if found is None:
        return None
    unit = PowerUnit.PERCENT if found.group(3) == "%" else PowerUnit.WATTS
    low, high = Power(float(found.group(1)), unit), Power(float(found.group(2)), unit)
    if not 0 < low.value < high.value or range_cue(low, high) != text:
        return None
    ends = [levels.written(low), levels.written(high)]
    convert = low.to_watts if levels.unit is PowerUnit.WATTS else low.to_percent
    low_value = convert(levels.ftp)
    high_value = (high.to_watts if levels.unit is PowerUnit.WATTS else high.to_percent)(levels.ftp)
    if None in ends or low_value is None or high_value is None:
        return None
    middle = Power((low_value + high_value) / 2, levels.unit)
    return Target(TargetKind.RANGE, low, high) if levels.written(middle) == written else None
