"""The `[COURSE TEXT]` row grammar, shared by the reader and the checker.

One function decides what a cue row says, so `ridec import` and `ridec validate` accept and
refuse the same rows: a row the reader takes is never an error of the checker, and a row the
checker refuses is never read. What other players do differently is a remark, which the
checker reports as a warning and the reader reads past.

Accepted, from the forms real files use:
- `seconds TAB text TAB duration`, what ridec writes and GoldenCheetah's reader matches;
  columns after the duration (font settings) are ignored, with a remark;
- `seconds TAB duration TAB text` (TrainerRoad's older layout), with a remark: GoldenCheetah
  skips the row;
- `seconds TAB text`, or `seconds text` with spaces, without a duration (the cue shows for
  the default time), with a remark: GoldenCheetah drops it;
- `seconds text duration` with spaces (the checker warns about the separators).

A section timed in minutes, as `sportloop__Sample Instructions.mrc` is (`4.75 TAB text TAB
0.15`: at 4:45, for 9 s), is told apart by its durations: seconds are whole, so a duration
with a fraction means the whole section counts minutes (`in_minutes`). Refused by both:
a row whose first column is not a number, an empty text, a row with TABs whose columns say
neither layout.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ridec.formats.ergmrc.syntax import (
    BLANKS,
    INTEGER,
    NUMBER,
    Line,
    is_numeric_text,
    spaced_cue,
)
from ridec.limits import MAX_STEPS
from ridec.records import record

MAX_CUE_S = 24 * 3600 * 2 * MAX_STEPS
"""The latest a cue may show or last: a day per data row (what the reader bounds courses by)."""

_NUMBER = re.compile(NUMBER)
_CUE_TIME_HINT = "a cue row is seconds, TAB, text, TAB, duration"


@record
class Remark:
    """Something about an accepted row that other players read differently."""

    message: str
    """The checker's warning."""
    column: int = 0
    """Where it points, from the line's start."""


@record
class CueRow:
    """An accepted cue row, its numbers as written (seconds, or minutes: see `in_minutes`)."""

    at: float
    """When it shows, from the course's start."""
    text: str
    """The message, stripped."""
    duration: float | None
    """How long it shows; None when the row has no duration."""
    tabbed: bool
    """Whether its columns are TAB-separated (the checker warns about spaced rows)."""
    remarks: tuple[Remark, ...] = ()
    """What other players do differently with it."""


@record
class CueError:
    """Why a row is refused, and where in the line."""

    message: str
    """What is wrong."""
    column: int = 0
    """Where it points."""
    width: int | None = None
    """How many characters; None for the rest of the line."""
    hint: str | None = _CUE_TIME_HINT
    """What to write instead."""


def cue_row(line: Line) -> CueRow | CueError:
    """What one non-blank `[COURSE TEXT]` row says, or why it says nothing."""
    fields = line.text.split("\t")
    if len(fields) == 1:
        return _spaced(line)
    at = fields[0].strip(BLANKS)
    if not _NUMBER.fullmatch(at):
        return CueError("a cue row starts with its time", 0, max(1, len(fields[0])))
    values = [f.strip() for f in fields[1:]]
    if len(values) == 1:
        remark = Remark("the cue has no duration column: GoldenCheetah drops it", len(line.text))
        return _row(at, values[0], None, True, remarks=(remark,), column=len(fields[0]) + 1)
    if _NUMBER.fullmatch(values[1]):
        remarks = _extra_columns(fields, 3)
        return _row(at, values[0], values[1], True, remarks=remarks, column=len(fields[0]) + 1)
    if INTEGER.fullmatch(values[0]):
        message = (
            "the duration comes before the text (TrainerRoad's older layout): "
            "GoldenCheetah skips the row"
        )
        remark = Remark(message, len(fields[0]) + 1)
        text = " ".join(v for v in values[1:] if v)
        column = len(fields[0]) + len(fields[1]) + 2
        return _row(at, text, values[0], True, remarks=(remark,), column=column)
    column = len(fields[0]) + len(fields[1]) + 2
    message = "the last column is the cue's duration in seconds"
    return CueError(message, column, max(1, len(fields[2])))


def in_minutes(rows: Iterable[CueRow]) -> bool:
    """Whether a section's rows count minutes: some duration has a fraction (seconds are whole)."""
    return any(row.duration is not None and not row.duration.is_integer() for row in rows)


def whole_seconds(row: CueRow, scale: int) -> tuple[int, int | None] | CueError:
    """The row's time and duration in whole seconds (`scale` 60 in a minutes section)."""
    at = row.at * scale
    duration = None if row.duration is None else row.duration * scale
    if not at < MAX_CUE_S or (duration is not None and not duration < MAX_CUE_S):
        return CueError("the cue time is out of range", hint=None)
    return round(at), None if duration is None else round(duration)


def _spaced(line: Line) -> CueRow | CueError:
    found = spaced_cue(line)
    if found is None or not _NUMBER.fullmatch(found.at):
        return CueError("expected a cue row")
    remarks: tuple[Remark, ...] = ()
    if found.duration is None:
        remarks = (Remark("the cue has no duration: GoldenCheetah drops it"),)
    column = line.text.index(found.text)
    return _row(found.at, found.text, found.duration, False, remarks=remarks, column=column)


def _row(
    at: str,
    text: str,
    duration: str | None,
    tabbed: bool,
    *,
    remarks: tuple[Remark, ...],
    column: int,
) -> CueRow | CueError:
    if not text:
        return CueError("the cue text is empty", column, 1, None)
    if is_numeric_text(text):
        message = "a cue text that is only a number may be taken for a column by other readers"
        remarks = (*remarks, Remark(message, column))
    seconds = None if duration is None else float(duration)
    return CueRow(float(at), text, seconds, tabbed, remarks)


def _extra_columns(fields: list[str], used: int) -> tuple[Remark, ...]:
    if len(fields) <= used:
        return ()
    column = sum(len(f) + 1 for f in fields[:used])
    extra = len(fields) - used
    what = "a column" if extra == 1 else f"{extra} columns"
    return (Remark(f"{what} after the duration ignored", column),)
