"""ERG and MRC files back into the workout model.

Reads both header styles (`KEY = VALUE` and `KEY= VALUE`, any key order), `MINUTES WATTS`,
`PERCENT` or `FTP`, TAB or space columns, CRLF, LF or CR line ends, GoldenCheetah's LAP rows
and `%` values, `[COURSE TEXT]` in its layouts (`seconds text duration`, TrainerRoad's older
`seconds duration text`, extra font columns ignored) and TrainerRoad's `[INTERVAL DATA]`
(interval starts become step boundaries and their names labels; their times are seconds,
or the data's minutes when that is what lines them up with the data rows).

The curve becomes steps on whole seconds (`ergmrc_curve`); texts at a step's start become
its label and cues, and the texts ridec's writer adds for what the format lacks ("Cadence
50-60 rpm", "Power 75-85%", "Free ride", "Max effort") become cadence and targets again, so
write(read(write(x))) == write(x). A ladder of short equal steps that a straight line
explains becomes one ramp (`ridec.formats.ladders`, with a warning: the course written back
holds the smooth ramp). Runs of equal steps fold into repeats, and so do iterations whose
texts count them ("Set 1/3", "Set 2/3", "Set 3/3" is `repeat 3 "Set {i}/{n}"`, see
`reader_repeats`). Untrusted input is bounded (size, rows, durations, values) and every
refusal is a located diagnostic.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from pathlib import PurePath

from ridec.diagnostics import DiagnosticError, Source, Span, error
from ridec.facts import FTP_RANGE
from ridec.formats.base import ReadResult
from ridec.formats.ergmrc.cues import CueError, CueRow, cue_row, in_minutes, whole_seconds
from ridec.formats.ergmrc.reader_curve import Point, Run, curve_runs, whole_second
from ridec.formats.ergmrc.reader_notes import TextItem, step_from_run
from ridec.formats.ergmrc.reader_repeats import peel, repeat_labels
from ridec.formats.ergmrc.reader_warnings import Reading, approximations
from ridec.formats.ergmrc.syntax import (
    BLANKS,
    DATA,
    HEADER,
    TEXT,
    DataRow,
    LapRow,
    Layout,
    Line,
    Section,
    format_unit,
    layout,
    number,
    rows,
    setting,
    span_of,
)
from ridec.formats.ladders import recover_ramps, within
from ridec.formats.structure import fold_repeats
from ridec.limits import MAX_INPUT_BYTES, MAX_MESSAGES, MAX_STEPS
from ridec.model import Header, Power, PowerUnit, Step, Target, TargetKind, Workout

MAX_BYTES = MAX_INPUT_BYTES
"""Larger inputs are refused before any parsing."""
MAX_DATA_ROWS = 2 * MAX_STEPS
"""A workout's most steps, with both rows of each (the writer writes two per step)."""
MAX_TEXT_ROWS = MAX_MESSAGES + 2 * MAX_STEPS
"""Cues and intervals, each: a workout's most messages, and the two notes the writer may
add to each step (a power range, free ride or max effort; a cadence)."""
MAX_STEP_S = 24 * 3600
"""The language's longest step."""
MAX_WATTS = 20_000.0
"""The language's highest % (below 1000) at its highest FTP (2000 W)."""
MAX_PERCENT = 6_000.0
"""The language's highest watts (3000) at its lowest FTP (50 W)."""
INTERVALS = "INTERVAL DATA"
COURSE_SUFFIXES = (".erg", ".mrc")
LADDER_HALF_WIDTH = 0.5
"""How far a step of a ladder may lie from its ramp: courses are written in whole watts or
whole % FTP by most tools."""


@dataclass(frozen=True, slots=True)
class _HeaderInfo:
    name: str
    description: str | None
    ftp: int | None
    unit: PowerUnit


def read(data: bytes, path: str) -> Workout:
    """The workout an ERG or MRC file describes; DiagnosticError when it cannot be read."""
    return read_course(data, path).workout


def read_course(data: bytes, path: str) -> ReadResult:
    """The workout and the reader's warnings; DiagnosticError when it cannot be read."""
    if len(data) > MAX_BYTES:
        raise DiagnosticError([error(f"{path}: larger than {MAX_BYTES} bytes")])
    shape = layout(_decode(data), path)
    source = shape.source
    info = _header(shape, path)
    data_section = _data_section(shape)
    points, boundaries = _points(data_section, info, source)
    intervals = _in_seconds(_intervals(shape, source), points)
    boundaries.extend(t for i in intervals for t in (i.start, i.end))
    runs = curve_runs(points, boundaries)
    if not runs:
        raise _fail(source, data_section.opener, "the course data holds no whole second")
    _check_lengths(runs, source)
    # An interval starts a step, so its name goes to the second that step starts at.
    labels = [TextItem(whole_second(i.start), i.name, None, i.span) for i in intervals if i.name]
    texts = _texts(shape, source) + labels
    steps, ladders = recover_ramps(_steps(runs, texts, info), within(LADDER_HALF_WIDTH))
    body = repeat_labels(fold_repeats(steps, numbered=True, peel=peel))
    header = Header(info.name, description=info.description, ftp=info.ftp)
    workout = Workout(header, body, span=Span(source, 0, len(source.text or "")))
    found = approximations(Reading(data, shape, points, texts, runs[-1].end_s, ladders))
    return ReadResult(workout, tuple(found))


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Windows tools wrote these files in a code page; Latin-1 never fails to decode.
        return data.decode("latin-1")


def _fail(source: Source, line: Line, message: str, hint: str | None = None) -> DiagnosticError:
    return DiagnosticError([error(message, span_of(source, line), hint)])


def _header(shape: Layout, path: str) -> _HeaderInfo:
    header = shape.section(HEADER)
    values: dict[str, tuple[str, Line]] = {}
    for line in header.lines if header else ():
        found = setting(line)
        if found is not None:
            values.setdefault(found[0], (found[1], line))
    stem = PurePath(path).name
    name = values.get("FILE NAME", ("", None))[0].strip() or stem
    name = _without_suffix(name) or "Workout"
    description = values.get("DESCRIPTION", ("", None))[0].strip() or None
    ftp = _ftp(values.get("FTP"), shape.source)
    unit = _unit(shape, path)
    return _HeaderInfo(name, None if description == name else description, ftp, unit)


def _without_suffix(name: str) -> str:
    lowered = name.lower()
    for suffix in COURSE_SUFFIXES:
        if lowered.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _ftp(found: tuple[str, Line] | None, source: Source) -> int | None:
    if found is None or not found[0].strip(BLANKS):
        return None
    text, line = found
    low, high = FTP_RANGE
    value = number(text)
    if value is None or not low <= value <= high:
        raise _fail(source, line, f"FTP must be a number of watts from {low} to {high}")
    return round(value)


def _unit(shape: Layout, path: str) -> PowerUnit:
    """WATTS for ERG, PERCENT (or FTP) for MRC, from the `MINUTES` line or else the suffix."""
    sections = [shape.section(HEADER), shape.section(DATA)]
    candidates = [
        line
        for section in sections
        for line in (section.lines if section else ())
        if format_unit(line) is not None
    ]
    if not candidates:
        return PowerUnit.PERCENT if path.lower().endswith(".mrc") else PowerUnit.WATTS
    word = format_unit(candidates[0]) or ""
    if word == "WATTS":
        return PowerUnit.WATTS
    if word in ("PERCENT", "FTP"):
        return PowerUnit.PERCENT
    hint = "ERG files say MINUTES WATTS, MRC files MINUTES PERCENT"
    raise _fail(shape.source, candidates[0], f"unknown unit '{word}'", hint)


def _data_section(shape: Layout) -> Section:
    section = shape.section(DATA)
    if section is None:
        missing = error("no [COURSE DATA] section", Span(shape.source, 0, 0))
        raise DiagnosticError([missing])
    if not section.closed:
        raise _fail(shape.source, section.opener, "[COURSE DATA] is never closed")
    return section


def _points(section: Section, info: _HeaderInfo, source: Source) -> tuple[list[Point], list[float]]:
    """The data rows as points in seconds, and the LAP markers' times."""
    points: list[Point] = []
    laps: list[float] = []
    for row in rows(section):
        if len(points) + len(laps) >= MAX_DATA_ROWS:
            raise _fail(source, section.opener, f"more than {MAX_DATA_ROWS} data rows")
        if isinstance(row, LapRow):
            laps.append(_seconds(row.minutes, row.line, source))
        elif isinstance(row, DataRow):
            points.append(_point(row, info, source, points[-1] if points else None))
        else:
            if format_unit(row) is not None:
                continue
            raise _fail(source, row, "expected a data row: minutes, TAB, a number")
    if len(points) < 2:
        raise _fail(source, section.opener, "the course data needs at least two rows")
    if points[0].t > 0:
        # GoldenCheetah holds the first value from minute 0; so do we.
        points.insert(0, Point(0.0, points[0].value, points[0].span))
    return points, laps


def _seconds(minutes: float, line: Line, source: Source) -> float:
    seconds = minutes * 60
    if not seconds < MAX_STEP_S * MAX_DATA_ROWS:
        raise _fail(source, line, "the time is out of range")
    return seconds


def _point(row: DataRow, info: _HeaderInfo, source: Source, previous: Point | None) -> Point:
    t = _seconds(row.minutes, row.line, source)
    if previous is not None and t < previous.t:
        message = f"time goes back from {previous.t / 60:g} to {row.minutes:g} minutes"
        raise _fail(source, row.line, message, "rows must be in time order")
    value = row.value
    if row.percent and info.unit is PowerUnit.WATTS:
        watts = Power(value, PowerUnit.PERCENT).to_watts(info.ftp)
        if watts is None:
            raise _fail(source, row.line, "a % value in a watts file needs `FTP = ...`")
        value = watts
    limit = MAX_WATTS if info.unit is PowerUnit.WATTS else MAX_PERCENT
    if not 0 <= value <= limit:
        raise _fail(source, row.line, f"power out of range (0 to {limit:g})")
    return Point(t, value, span_of(source, row.line))


def _check_lengths(runs: list[Run], source: Source) -> None:
    for run in runs:
        if run.end_s - run.start_s > MAX_STEP_S:
            span = run.span or Span(source, 0, 0)
            raise DiagnosticError([error("a step longer than 24 hours", span)])


def _texts(shape: Layout, source: Source) -> list[TextItem]:
    """The cue rows, by the grammar the checker uses too (`cues`); a section whose durations
    have fractions counts minutes."""
    section = shape.section(TEXT)
    found: list[tuple[Line, CueRow]] = []
    for line in section.lines if section else ():
        if line.blank:
            continue
        if len(found) >= MAX_TEXT_ROWS:
            raise _fail(source, line, f"more than {MAX_TEXT_ROWS} cue rows")
        row = cue_row(line)
        if isinstance(row, CueError):
            span = span_of(source, line, row.column, row.width)
            raise DiagnosticError([error(row.message, span, hint=row.hint)])
        found.append((line, row))
    scale = 60 if in_minutes(row for _, row in found) else 1
    return [_text_item(line, row, scale, source) for line, row in found]


def _text_item(line: Line, row: CueRow, scale: int, source: Source) -> TextItem:
    timed = whole_seconds(row, scale)
    if isinstance(timed, CueError):
        raise _fail(source, line, timed.message)
    at, duration = timed
    return TextItem(at, row.text, duration, span_of(source, line))


@dataclass(frozen=True, slots=True)
class _Interval:
    start: float
    end: float
    name: str
    span: Span


def _intervals(shape: Layout, source: Source) -> list[_Interval]:
    """TrainerRoad's intervals (seconds and a name), without any that spans another."""
    section = shape.section(INTERVALS)
    found: list[_Interval] = []
    for line in section.lines if section else ():
        if line.blank:
            continue
        if len(found) >= MAX_TEXT_ROWS:
            raise _fail(source, line, f"more than {MAX_TEXT_ROWS} interval rows")
        found.append(_interval(line, source))
    spanning = _spanning(found)
    return [i for i in found if (i.start, i.end) not in spanning]


def _interval(line: Line, source: Source) -> _Interval:
    fields = line.text.split("\t")
    start, end = (number(f) for f in [*fields, "", ""][:2])
    if start is None or end is None:
        raise _fail(source, line, "expected an interval row: start s, TAB, end s, TAB, name")
    if not start < end < MAX_STEP_S * MAX_DATA_ROWS:
        raise _fail(source, line, "an interval must end after it starts")
    name = " ".join(f.strip() for f in fields[2:])
    return _Interval(start, end, name, span_of(source, line))


def _in_seconds(intervals: list[_Interval], points: list[Point]) -> list[_Interval]:
    """The intervals with their times in seconds.

    Writers disagree on the unit of `[INTERVAL DATA]`: seconds (as ridec reads it), or the
    minutes of `[COURSE DATA]` (sportloop's `Interval Data.mrc`, whose 0-5-60-65-120 rows
    are the minutes where its power changes). Minutes are chosen only when every start and
    end, read as minutes, falls on a data row and, read as seconds, one does not."""

    def on_rows(scale: int) -> bool:
        times = {round(point.t) for point in points}
        return all(round(t * scale) in times for i in intervals for t in (i.start, i.end))

    if intervals and on_rows(60) and not on_rows(1):
        return [replace(i, start=i.start * 60, end=i.end * 60) for i in intervals]
    return intervals


def _spanning(intervals: list[_Interval]) -> set[tuple[float, float]]:
    """The (start, end) of every interval that spans another one (not the same one).

    One sort and one sweep instead of comparing every pair: taken from the latest start
    back, the shortest first, an interval spans another exactly when one already seen
    ends no later than it does.
    """
    pairs = sorted({(i.start, i.end) for i in intervals}, key=lambda p: (-p[0], p[1]))
    spanning: set[tuple[float, float]] = set()
    soonest = float("inf")
    for start, end in pairs:
        if soonest <= end:
            spanning.add((start, end))
        soonest = min(soonest, end)
    return spanning


def _steps(runs: list[Run], texts: list[TextItem], info: _HeaderInfo) -> tuple[Step, ...]:
    by_run = _texts_by_run(runs, texts)
    return tuple(
        step_from_run(run, _target(run, info.unit), by_run[index], info.unit, info.ftp)
        for index, run in enumerate(runs)
    )


def _target(run: Run, unit: PowerUnit) -> Target:
    if run.first == run.last:
        return Target(TargetKind.STEADY, Power(run.first, unit))
    return Target(TargetKind.RAMP, Power(run.first, unit), Power(run.last, unit))


def _texts_by_run(runs: list[Run], texts: list[TextItem]) -> list[list[TextItem]]:
    """Each run's texts in file order; a text past the end goes to the last run."""
    starts = [run.start_s for run in runs]
    grouped: list[list[TextItem]] = [[] for _ in runs]
    for item in sorted(texts, key=lambda i: i.at_s):
        grouped[max(0, _run_index(starts, item.at_s))].append(item)
    return grouped


def _run_index(starts: list[int], at: int) -> int:
    return bisect.bisect_right(starts, at) - 1
