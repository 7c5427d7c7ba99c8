"""What the ERG/MRC reader had to approximate or leave out, as located warnings.

The reader accepts what GoldenCheetah accepts; these warnings say where it read something
other than what the file literally holds, so `ridec validate` and `ridec import` can show it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ridec.diagnostics import Diagnostic, Severity, Span
from ridec.formats.ergmrc.reader_curve import SNAP_S, Point
from ridec.formats.ergmrc.reader_notes import TextItem
from ridec.formats.ergmrc.syntax import (
    DATA,
    HEADER,
    TEXT,
    DataRow,
    Layout,
    format_unit,
    rows,
    setting,
    span_of,
)
from ridec.formats.ladders import Ladder
from ridec.model import PowerUnit, Target

KNOWN_SECTIONS = frozenset({HEADER, DATA, TEXT, "INTERVAL DATA", "MODE DATA"})
"""Sections the reader reads; TrainerRoad's MODE DATA holds nothing ridec can use."""


@dataclass(frozen=True, slots=True)
class Reading:
    """What the reader saw and made of it."""

    data: bytes
    """The file's bytes."""
    shape: Layout
    """Its lines and sections."""
    points: Sequence[Point]
    """The data rows, in seconds."""
    texts: Sequence[TextItem]
    """The cue rows."""
    end_s: int
    """The course's length in whole seconds."""
    ladders: Sequence[Ladder] = ()
    """Ladders of steps read as ramps."""


def approximations(reading: Reading) -> list[Diagnostic]:
    """Every warning about `reading`, in file order (file-wide ones first)."""
    found = [
        *_encoding(reading),
        *_structure(reading.shape),
        *_header_lines(reading.shape),
        *_unit_line(reading.shape),
        *_late_start(reading.shape),
        *_times(reading.points),
        *_late_cues(reading),
        *_ladders(reading.ladders),
    ]
    return sorted(found, key=lambda d: d.span.start if d.span else -1)


def _warning(
    message: str, span: Span | None, path: str | None = None, hint: str | None = None
) -> Diagnostic:
    return Diagnostic(Severity.WARNING, message, span, hint, path=path)


def _encoding(reading: Reading) -> Iterator[Diagnostic]:
    try:
        reading.data.decode("utf-8-sig")
    except UnicodeDecodeError:
        yield _warning("the file is not UTF-8: read as Latin-1", None, reading.shape.source.path)


def _structure(shape: Layout) -> Iterator[Diagnostic]:
    for issue in shape.issues:
        yield _warning(f"ignored: {issue.message}", issue.span)
    for section in shape.sections:
        if section.name not in KNOWN_SECTIONS:
            span = span_of(shape.source, section.opener)
            yield _warning(f"the [{section.name}] section is not read", span)


def _header_lines(shape: Layout) -> Iterator[Diagnostic]:
    header = shape.section(HEADER)
    for line in header.lines if header else ():
        if not line.blank and setting(line) is None and format_unit(line) is None:
            yield _warning("ignored: not a `KEY = VALUE` line", span_of(shape.source, line))


def _unit_line(shape: Layout) -> Iterator[Diagnostic]:
    sections = [shape.section(HEADER), shape.section(DATA)]
    if any(format_unit(line) for s in sections if s for line in s.lines):
        return
    unit = "% FTP" if shape.source.path.lower().endswith(".mrc") else "watts"
    yield _warning(f"no `MINUTES ...` line: values read as {unit}", None, shape.source.path)


def _times(points: Sequence[Point]) -> Iterator[Diagnostic]:
    late = [p for p in points if abs(p.t - round(p.t)) > SNAP_S]
    if late:
        more = f" (and {len(late) - 1} more rows)" if len(late) > 1 else ""
        message = f"a time between whole seconds: steps start and end on whole seconds{more}"
        hint = "the power at every whole second is kept, and no value beyond the file's"
        yield _warning(message, late[0].span, hint=hint)


def _late_start(shape: Layout) -> Iterator[Diagnostic]:
    section = shape.section(DATA)
    first = next((r for r in rows(section) if isinstance(r, DataRow)), None) if section else None
    if first is not None and first.minutes > 0:
        message = "the data starts after minute 0: its first value holds from 0"
        yield _warning(message, span_of(shape.source, first.line))


def _late_cues(reading: Reading) -> Iterator[Diagnostic]:
    for item in reading.texts:
        if item.at_s >= reading.end_s:
            yield _warning("a cue after the end of the course moves to its last second", item.span)


def _ladders(ladders: Sequence[Ladder]) -> Iterator[Diagnostic]:
    for ladder in ladders:
        target = ladder.ramp.target
        assert isinstance(target, Target) and target.low and target.high
        unit = " W" if target.low.unit is PowerUnit.WATTS else "%"
        ramp = f"{target.low.value:g}{unit} -> {target.high.value:g}{unit}"
        message = (
            f"{ladder.steps} steps of {ladder.step_s} s that a straight line explains are read "
            f"as one ramp {ramp}"
        )
        hint = "written back, the course holds the smooth ramp; the steps lie within 0.5 of it"
        yield _warning(message, ladder.first.span, hint=hint)
