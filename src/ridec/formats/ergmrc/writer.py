"""ERG and MRC: the CompuTrainer course files that TrainerRoad, GoldenCheetah, Zwift's importer
and most ERG-mode players read. One writer, two units: ERG in watts, MRC in % FTP.

The file is a power curve: rows of `minutes<TAB>value`, the target linear between rows, a
level change written as two rows at the same time and a ramp as its two ends. Every step
writes both its rows, even where the level does not change, so a reader finds every step
boundary again. Minutes have 4 decimals: any whole second `s` is written as the nearest
1/10000 minute and reads back within 0.003 s of `s` (two decimals is how 80 s became 79 s).

What the format cannot say goes into `[COURSE TEXT]` cues at the step's start and into the
fidelity report (`docs`: README table):
- cadence: a cue "Cadence 50-60 rpm";
- a power range: its midpoint, the range in a cue "Power 75-85%";
- free ride and maximal effort: a steady 50 % FTP (an easy level the rider can leave ERG
  mode from) with a cue "Free ride" / "Max effort";
- a lap-button step: a fixed 5-minute step;
- repeats are unrolled; intensities, author, tags and categories are dropped.
Cues get a display time; where the coach gave none, 10 s, cut short at the step's end.

Lines end in LF. Most files in the wild are CRLF (GoldenCheetah's library, TrainerRoad's
exports), but every reader we know accepts LF (GoldenCheetah splits on both, .NET's
ReadLine and Python's universal newlines too), while some reject CRLF: @sportloop/mrc, the
npm parser the interop check uses, cannot read a single CRLF file of the corpus.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import ClassVar

from ridec.decimals import half_up
from ridec.diagnostics import Span
from ridec.formats.base import (
    ActivationMode,
    CompileOptions,
    ConversionError,
    Fidelity,
    FtpNeededError,
    LossKind,
    Made,
    OnceFidelity,
    Writer,
    nothing_to_ride,
)
from ridec.formats.ergmrc.checker import problems
from ridec.formats.ergmrc.course import (
    Course,
    TextRow,
    default_duration,
    merge_same_second,
)
from ridec.formats.ergmrc.syntax import is_numeric_text
from ridec.limits import MAX_WORKOUT_S
from ridec.model import Cadence, Power, PowerUnit, Target, TargetKind, format_duration
from ridec.records import record
from ridec.text import one_line
from ridec.timeline import CueKind, PowerLevels, Timeline, TimelineCue, TimelineStep

WATT_DECIMALS = 0
PERCENT_DECIMALS = 2
VERSION = "2"
UNITS = "ENGLISH"

FREE_RIDE_PERCENT = 50.0
"""The level a free ride or maximal effort is written at (ERG mode has no 'no target')."""
LAP_STEP_S = 300
"""How long a lap-button step lasts in a format that has no lap button."""
FREE_RIDE_CUE = "Free ride"
MAX_EFFORT_CUE = "Max effort"
ACTIVATION_SEPARATOR = " | "
"""Between the description and the activation checklist on the one DESCRIPTION line."""


def cadence_band(cadence: Cadence) -> str:
    """`90 rpm` or `50-60 rpm`."""
    band = f"{cadence.low}-{cadence.high}" if cadence.is_range else f"{cadence.low}"
    return f"{band} rpm"


def cadence_cue(cadence: Cadence) -> str:
    """The cue text a cadence target becomes: `Cadence 90 rpm`, `Cadence 50-60 rpm`."""
    return f"Cadence {cadence_band(cadence)}"


def range_cue(low: Power, high: Power) -> str:
    """The cue text a power range becomes: `Power 75-85%`, `Power 190-210 W`."""
    band = f"{number_text(low.value, 2)}-{number_text(high.value, 2)}"
    return f"Power {band}%" if low.unit is PowerUnit.PERCENT else f"Power {band} W"


@functools.lru_cache(maxsize=4096)
def number_text(value: float, places: int) -> str:
    """`value` rounded half up to `places` decimals, without trailing zeros (`75`, `72.5`).

    Cached: a course repeats a few power values many times (values equal as keys, such as
    75 and 75.0, give the same text).
    """
    return half_up(value, places)


def header_value(text: str) -> str:
    """`text` as a header value: one line, and `-` for `=` (readers cut a value at `=`)."""
    return one_line(text.replace("=", "-"))


@record
class Segment:
    """One step as the course sees it: a line from (start, first) to (end, last)."""

    step: TimelineStep
    """The timeline step it comes from."""
    start_s: int
    """Seconds from the start of the course (lap steps shift what follows)."""
    end_s: int
    """Seconds from the start of the course to the step's end."""
    first: float
    """Value at the start, in the file's unit."""
    last: float
    """Value at the end, in the file's unit."""
    note: str | None = None
    """The text a degraded target adds at the step's start ("Free ride", "Power 75-85%")."""


_LossCall = tuple[LossKind, str, str | None, Span | None, str]


class _Report(OnceFidelity):
    """The fidelity report, each distinct entry once, and optionally every call recorded."""

    def __init__(self, report: Fidelity) -> None:
        super().__init__(report)
        self.calls: list[_LossCall] | None = None
        """When a list, every `add` is recorded in it too (to replay them)."""

    def add(
        self,
        kind: LossKind,
        feature: str,
        became: str | None,
        span: Span | None,
        topic: str = "other",
    ) -> None:
        if self.calls is not None:
            self.calls.append((kind, feature, became, span, topic))
        super().add(kind, feature, became, span, topic)


class CourseWriter(Writer):
    """What ERG and MRC share; subclasses choose the unit of the value column."""

    UNIT: ClassVar[PowerUnit]
    """Watts for ERG, % FTP for MRC."""
    FORMAT_WORD: ClassVar[str]
    """The second word of the `MINUTES ...` header line."""

    def __init__(self) -> None:
        self.made: Made[Course] = Made()

    def render(self, timeline: Timeline, options: CompileOptions, report: Fidelity) -> bytes:
        losses = _Report(report)
        segments = list(self.segments(timeline, losses))
        if not segments:
            raise nothing_to_ride(timeline, self.name)
        course = Course(
            self.header(timeline, options, losses),
            self.FORMAT_WORD,
            self.data(segments),
            _shared_text_rows(timeline, segments, losses),
        )
        _report_dropped_metadata(timeline, losses)
        return self.made.keep(course.printed(), course)

    def validate(self, data: bytes) -> list[str]:
        """The grammar's problems, warnings included; none when the course this writer just
        printed as `data` proves the grammar would find none (`Course.proven_clean`)."""
        course = self.made.of(data)
        if course is not None and course.proven_clean(self.FORMAT_WORD):
            return []
        return problems(data, self.FORMAT_WORD, f"<{self.name} output>")

    def header(
        self, timeline: Timeline, options: CompileOptions, losses: _Report
    ) -> tuple[tuple[str, str], ...]:
        """The `[COURSE HEADER]` settings, in order (the `MINUTES` line follows them)."""
        written = timeline.workout.header.name
        name = header_value(written) or "Workout"
        if name != " ".join(written.split()):
            losses.add(
                LossKind.DEGRADED, f"workout name {written!r}", f"{name!r}", None, "name-cleaned"
            )
        settings = [
            ("VERSION", VERSION),
            ("UNITS", UNITS),
            ("DESCRIPTION", description(timeline, options, losses) or name),
            ("FILE NAME", f"{name}{self.extension}"),
        ]
        if self.UNIT is PowerUnit.WATTS and timeline.ftp is not None:
            settings.append(("FTP", str(timeline.ftp)))
        return tuple(settings)

    def data(self, segments: list[Segment]) -> tuple[tuple[int, str], ...]:
        """The `[COURSE DATA]` rows, two per step: seconds, and the value as written."""
        places = WATT_DECIMALS if self.UNIT is PowerUnit.WATTS else PERCENT_DECIMALS
        rows = []
        for segment in segments:
            rows.append((segment.start_s, number_text(segment.first, places)))
            rows.append((segment.end_s, number_text(segment.last, places)))
        return tuple(rows)

    def segments(self, timeline: Timeline, losses: _Report) -> Iterator[Segment]:
        """Each timeline step as a line in the file's unit, on the course's own clock."""
        clock = 0
        for step in timeline.steps:
            duration = step.duration_s
            if duration is None:
                duration = LAP_STEP_S
                became = f"a fixed {LAP_STEP_S} s step"
                losses.add(LossKind.DEGRADED, "lap-button step", became, step.span, "lap-fixed")
            if clock + duration > MAX_WORKOUT_S:
                raise _too_long(step)
            levels, note = self.levels(step, timeline.ftp, losses)
            yield Segment(step, clock, clock + duration, levels.start, levels.end, note)
            clock += duration

    def levels(
        self, step: TimelineStep, ftp: int | None, losses: _Report
    ) -> tuple[PowerLevels, str | None]:
        """The step's levels in the file's unit and the note a degraded target adds."""
        target = step.target
        if target.kind in (TargetKind.FREE, TargetKind.MAX):
            return self._easy_level(step, ftp, losses)
        levels = self._convert(step, ftp)
        if target.kind is TargetKind.RANGE and target.low and target.high:
            note = range_cue(target.low, target.high)
            became = f"its midpoint with a cue '{note}'"
            feature = f"power range {_target_text(target)}"
            losses.add(LossKind.DEGRADED, feature, became, step.span, "power-range-cue")
            return levels, note
        if target.kind is TargetKind.RAMP:
            losses.add(LossKind.EXACT, f"ramp {_target_text(target)}", None, step.span)
        return levels, None

    def _convert(self, step: TimelineStep, ftp: int | None) -> PowerLevels:
        convert: Callable[[int | None], PowerLevels | None]
        convert = step.watts if self.UNIT is PowerUnit.WATTS else step.percent
        levels = convert(ftp)
        if levels is None:
            given = "% FTP" if step.target.unit is PowerUnit.PERCENT else "watts"
            raise FtpNeededError(
                f"{_step_name(step)} has a target in {given} and {self.name.upper()} is written "
                f"in {'watts' if self.UNIT is PowerUnit.WATTS else '% FTP'}: the FTP is unknown",
                step.span,
            )
        return levels

    def _easy_level(
        self, step: TimelineStep, ftp: int | None, losses: _Report
    ) -> tuple[PowerLevels, str]:
        free = step.target.kind is TargetKind.FREE
        note = FREE_RIDE_CUE if free else MAX_EFFORT_CUE
        value: float | None = FREE_RIDE_PERCENT
        if self.UNIT is PowerUnit.WATTS:
            value = Power(FREE_RIDE_PERCENT, PowerUnit.PERCENT).to_watts(ftp)
        if value is None:
            raise FtpNeededError(
                f"{_step_name(step)} is a {note.lower()}, which {self.name.upper()} writes at "
                f"{FREE_RIDE_PERCENT:g} % FTP: the FTP is unknown",
                step.span,
            )
        feature = "free ride" if free else "maximal effort"
        became = f"a steady {FREE_RIDE_PERCENT:g} % FTP with a cue '{note}'"
        losses.add(
            LossKind.DEGRADED, feature, became, step.span, "free-held" if free else "max-held"
        )
        return PowerLevels(value, value, value, value), note


class ErgWriter(CourseWriter):
    """ERG: the course in watts, with the FTP it was written for."""

    name: ClassVar[str] = "erg"
    extension: ClassVar[str] = ".erg"
    description: ClassVar[str] = "ERG course in watts (TrainerRoad, GoldenCheetah, ERG players)"
    UNIT: ClassVar[PowerUnit] = PowerUnit.WATTS
    FORMAT_WORD: ClassVar[str] = "WATTS"


class MrcWriter(CourseWriter):
    """MRC: the course in % FTP, so every rider gets it at their own FTP."""

    name: ClassVar[str] = "mrc"
    extension: ClassVar[str] = ".mrc"
    description: ClassVar[str] = "MRC course in % FTP (TrainerRoad, GoldenCheetah, ERG players)"
    UNIT: ClassVar[PowerUnit] = PowerUnit.PERCENT
    FORMAT_WORD: ClassVar[str] = "PERCENT"


def description(timeline: Timeline, options: CompileOptions, losses: _Report) -> str:
    """The DESCRIPTION value: the description and the activation checklist on one line."""
    workout = timeline.workout
    parts: list[str] = []
    if workout.header.description:
        text = workout.header.description
        parts.append(header_value(text))
        if header_value(text) != " ".join(text.split()) or "\n" in text.strip():
            became = "one line without tabs or '='"
            span = workout.header.span_of("description")
            losses.add(LossKind.DEGRADED, "description", became, span, "description-one-line")
    routine = workout.activation
    if routine is not None:
        title = routine.label or "Activation"
        items = "; ".join(e.describe() for e in routine.exercises)
        parts.append(header_value(f"{title}: {items}"))
        if options.activation is ActivationMode.STEPS:
            became = "a checklist in the description"
            feature = "activation routine as steps"
            losses.add(LossKind.DEGRADED, feature, became, routine.span, "activation-checklist")
        else:
            losses.add(LossKind.EXACT, "activation routine in the description", None, routine.span)
    return ACTIVATION_SEPARATOR.join(p for p in parts if p)


_last_text: (
    tuple[Timeline, list[tuple[int, int, str | None]], tuple[TextRow, ...], list[_LossCall]] | None
)
_last_text = None
"""The last timeline's `[COURSE TEXT]` rows and the losses they reported, kept in one tuple
(replaced whole, so a reader never sees half of it)."""


def _shared_text_rows(
    timeline: Timeline, segments: list[Segment], losses: _Report
) -> tuple[TextRow, ...]:
    """`text_rows`, made once for ERG and MRC: a build renders both from one timeline,
    their segments differ only in the unit of the values, and the text rows (and the losses
    they report) depend only on the steps, their times and notes. The second format gets
    the same rows, and the same losses replayed into its own report."""
    global _last_text  # noqa: PLW0603 -- one entry, replaced whole
    timing = [(segment.start_s, segment.end_s, segment.note) for segment in segments]
    last = _last_text
    if last is not None and last[0] is timeline and last[1] == timing:
        for call in last[3]:
            losses.add(*call)
        return last[2]
    losses.calls = []
    try:
        rows = text_rows(segments, losses)
        _last_text = (timeline, timing, rows, losses.calls)
    finally:
        losses.calls = None
    return rows


def text_rows(segments: list[Segment], losses: _Report) -> tuple[TextRow, ...]:
    """The `[COURSE TEXT]` rows in time order (none: the file has no such section)."""
    rows = [
        row
        for segment in segments
        for row in merge_same_second(list(segment_texts(segment, losses)), segment.end_s)
    ]
    rows.sort(key=lambda row: row.at_s)
    return tuple(rows)


def segment_texts(segment: Segment, losses: _Report) -> Iterator[TextRow]:
    """One step's texts: block labels, label, flag cues, cues at 0, notes, then later cues."""
    step = segment.step
    offsets = {id(c): cue_offset(segment, c, losses) for c in step.cues}
    starting = [c for c in step.cues if c.kind is CueKind.BLOCK and offsets[id(c)] == 0]
    later = [c for c in step.cues if c not in starting]
    for cue in starting:
        yield from _row(segment, 0, cue.text, cue.duration_s, losses=losses, span=cue.span)
    if step.label:
        yield from _row(segment, 0, step.label, None, losses=losses, span=step.span)
    for cue in (c for c in later if offsets[id(c)] == 0):
        yield from _row(segment, 0, cue.text, cue.duration_s, losses=losses, span=cue.span)
    if segment.note:
        yield from _row(segment, 0, segment.note, None, losses=losses, span=step.span)
    if step.cadence is not None:
        note = cadence_cue(step.cadence)
        feature = f"cadence {cadence_band(step.cadence)}"
        losses.add(LossKind.DEGRADED, feature, f"a cue '{note}'", step.span, "cadence-cue")
        yield from _row(segment, 0, note, None, losses=losses, span=step.span)
    for cue in sorted((c for c in later if offsets[id(c)] > 0), key=lambda c: offsets[id(c)]):
        yield from _row(
            segment, offsets[id(cue)], cue.text, cue.duration_s, losses=losses, span=cue.span
        )


def cue_offset(segment: Segment, cue: TimelineCue, losses: _Report) -> int:
    """Seconds from the step's start, inside the step.

    A lap step's `@-15s` counts back from its fixed end, and a cue the fixed length leaves
    behind moves to the step's last second, so that it still belongs to its step.
    """
    length = segment.end_s - segment.start_s
    offset = cue.offset_s if cue.offset_s >= 0 else length + cue.offset_s
    inside = max(0, min(offset, length - 1))
    if inside != offset:
        became = f"shown at {inside} s, inside the step's {length} s"
        feature = f"cue {cue.text!r} at {offset} s"
        losses.add(LossKind.DEGRADED, feature, became, cue.span, "cue-moved")
    return inside


def _row(
    segment: Segment,
    offset: int,
    raw: str,
    duration: int | None,
    *,
    losses: _Report,
    span: Span | None,
) -> Iterator[TextRow]:
    at = min(segment.start_s + offset, segment.end_s)
    text = one_line(raw)
    if not text:
        losses.add(LossKind.DROPPED, f"empty text {raw!r}", None, span, "empty-text")
        return
    if not raw.isprintable() and text != " ".join(raw.split()):
        losses.add(LossKind.DEGRADED, f"text {raw!r}", f"{text!r} on one line", span, "one-line")
    if is_numeric_text(text):
        feature = f"numeric text {text!r}"
        losses.add(LossKind.DEGRADED, feature, "the text in quotes", span, "quoted")
        text = f'"{text}"'
    if duration is None:
        duration = default_duration(segment.end_s - at)
    yield TextRow(at, text, duration)


def _report_dropped_metadata(timeline: Timeline, losses: _Report) -> None:
    header = timeline.workout.header
    for feature, present in (
        ("author", header.author),
        ("tags", header.tags),
        ("category", header.category or header.subcategory),
    ):
        if present:
            losses.add(LossKind.DROPPED, feature, None, None, "metadata")
    kinds = sorted({s.intensity.value for s in timeline.steps} - {"active"})
    if kinds:
        feature = f"step intensities ({', '.join(kinds)})"
        losses.add(LossKind.DROPPED, feature, None, None, "metadata")


def _step_name(step: TimelineStep) -> str:
    named = f" '{step.label}'" if step.label else ""
    return f"step {step.index + 1}{named}"


def _target_text(target: Target) -> str:
    low, high = target.low, target.high
    if low is None:
        return target.kind.value
    unit = "%" if low.unit is PowerUnit.PERCENT else "w"
    if high is None:
        return f"{number_text(low.value, 2)}{unit}"
    joiner = "->" if target.kind is TargetKind.RAMP else "-"
    return f"{number_text(low.value, 2)}{unit}{joiner}{number_text(high.value, 2)}{unit}"


def _too_long(step: TimelineStep) -> ConversionError:
    """What ridec writes it reads back: each lap step becomes LAP_STEP_S seconds here, which
    can carry a workout within the limit past it."""
    message = (
        f"the course would last more than {format_duration(MAX_WORKOUT_S)} once each lap-button "
        f"step is written as {LAP_STEP_S} s; ridec reads back workouts of at most "
        f"{format_duration(MAX_WORKOUT_S)}"
    )
    return ConversionError(message, step.span, "use fewer lap-button steps, or split the workout")
