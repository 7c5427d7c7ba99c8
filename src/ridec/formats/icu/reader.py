"""intervals.icu workout text back into the workout model.

Lines are read as the forum's builder guide describes them (`syntax`): a line starting
with `-` is a step (`reader_steps`); a text line right before a step is a section title,
and a title ending in a count (`Main Set 4x`) or a bare count (`4x`) starts a repeat block
that the next blank line or text line ends. Any other text line is free text: the first one
before every step names the workout (else the file's name does) and the others make its
description.

What intervals.icu's builder shows, ridec says in the model: a repeat `Main Set 4x` shows
"Main Set 1/4", "Main Set 2/4" ..., so it is read as `repeat 4 "Main Set {i}/{n}"`; a
plain section title is shown at its first step, so it is read into that step's text. A
one-line repeat (`- 4x 30s 120%`) is a repeat of its step.

Bounded: the input's size and lines are checked before it is split, every number before it
is converted (`syntax`), and the reading is one pass over the lines.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import PurePath

from ridec.diagnostics import Diagnostic, DiagnosticError, Fix, Severity, Source, Span, error
from ridec.formats.base import ReadResult
from ridec.formats.icu.reader_steps import MAX_COUNT, StepReader
from ridec.formats.icu.stepline import reads_as_step, split_step
from ridec.formats.icu.syntax import TEXT_JOINER, Line, header, split_lines
from ridec.limits import MAX_INPUT_BYTES, MAX_SOURCE_LINES
from ridec.model import Header, Node, Repeat, Step, Workout

MAX_BYTES = MAX_INPUT_BYTES
"""Larger inputs are refused before any parsing."""
MAX_LINES = MAX_SOURCE_LINES
"""The most lines read, as for a `.ride` file."""
NUMBERED = " {i}/{n}"
"""What a repeat's title becomes in its label: intervals.icu numbers the iterations."""


@dataclass(frozen=True, slots=True)
class Reading:
    """What the reader made of a file: the workout (None after errors), and every error
    and warning, in file order."""

    workout: Workout | None
    diagnostics: tuple[Diagnostic, ...]


def read_icu(data: bytes, path: str) -> ReadResult:
    """The workout an intervals.icu text describes, with the reader's warnings;
    DiagnosticError with every error when it cannot be read."""
    reading = parse(data, path)
    errors = [d for d in reading.diagnostics if d.severity is Severity.ERROR]
    if errors or reading.workout is None:
        raise DiagnosticError(errors)
    return ReadResult(reading.workout, reading.diagnostics)


def parse(data: bytes, path: str) -> Reading:
    """Every problem of the text and, when there is none, its workout.

    Raises DiagnosticError only for a file that cannot be split into lines at all (too
    large, not UTF-8, too many lines)."""
    if len(data) > MAX_BYTES:
        raise DiagnosticError([error(f"{path}: larger than {MAX_BYTES} bytes, the most read")])
    text = _decode(data, path)
    _check_line_count(text, path)
    lines = split_lines(text)
    source = Source(path, "\n".join(line.text for line in lines))
    builder = _Builder(source, StepReader(source))
    for line in lines:
        builder.feed(line)
    workout = builder.finish(path)
    found = sorted(builder.steps.diagnostics, key=lambda d: d.span.start if d.span else -1)
    has_errors = any(d.severity is Severity.ERROR for d in found)
    return Reading(None if has_errors else workout, tuple(found))


def _decode(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        source = Source(path, data[: exc.start].decode("utf-8", "replace"))
        end = len(source.text or "")
        problem = error("the file is not valid UTF-8", Span(source, end, end), "save it as UTF-8")
        raise DiagnosticError([problem]) from None


def _check_line_count(text: str, path: str) -> None:
    """Refuse more than MAX_LINES lines, counted in C before any list of them is made."""
    if text.count("\n") + text.count("\r") <= MAX_LINES:
        return
    lines = split_lines(text[: _offset_of_line(text, MAX_LINES + 1) + 1])
    source = Source(path, "\n".join(line.text for line in lines))
    last = lines[-1]
    span = Span(source, last.start, last.start + 1)
    raise DiagnosticError([error(f"more than {MAX_LINES:,} lines, the most read", span)])


def _offset_of_line(text: str, number: int) -> int:
    """The offset of the start of line `number` (LF, CRLF or CR ends), found by `find`."""
    offset = 0
    for _ in range(number - 1):
        ends = [i for i in (text.find("\n", offset), text.find("\r", offset)) if i >= 0]
        if not ends:
            return len(text)
        end = min(ends)
        offset = end + (2 if text.startswith("\r\n", end) else 1)
    return offset


@dataclass
class _Section:
    """A title and the steps under it."""

    title: str | None
    """The title's text, or None for a bare `4x`."""
    count: int | None
    """The repeat count; None for a plain section title."""
    line: Line
    """The title line."""
    nodes: list[Node] = field(default_factory=list)
    indent: int | None = None
    """How far its first step is indented."""


@dataclass
class _Builder:
    """Reads lines in order into top-level nodes, sections and free text."""

    source: Source
    steps: StepReader
    nodes: list[Node] = field(default_factory=list)
    section: _Section | None = None
    pending: list[Line] = field(default_factory=list)
    """Text lines not yet known to be a title or free text."""
    free: list[str] = field(default_factory=list)
    """Free text lines before the first step."""
    later: list[str] = field(default_factory=list)
    """Free text lines after a step."""

    def feed(self, line: Line) -> None:
        if line.blank:
            self.close()
            self.flush()
        elif line.is_rule:
            self.close()
            self.flush()
            self.pending.append(line)
            self.flush()
        elif line.is_step:
            self.step(line)
        else:
            self.close()
            if reads_as_step(line.text):
                self.forgot_dash(line)
            else:
                self.pending.append(line)

    def step(self, line: Line) -> None:
        if self.pending:
            title = self.pending.pop()
            self.flush()
            self.close()
            self.section = self.open(title)
        node = self.steps.step(split_step(line))
        if node is None:
            return
        section = self.section
        if section is None:
            self.nodes.append(node)
            return
        if section.count is not None:
            self.check_in_block(line, node, section)
        section.nodes.append(node)

    def check_in_block(self, line: Line, node: Node, section: _Section) -> None:
        """Warn where a repeat block's step may not be what its writer meant repeated."""
        if isinstance(node, Repeat):
            message = "a one-line repeat inside a repeat block: read as a nested repeat"
            self.steps.warn(line, None, message, "intervals.icu does not nest repeats")
        indent = len(line.text) - len(line.text.lstrip())
        if section.indent is None:
            section.indent = indent
        elif indent < section.indent:
            message = (
                "this step is indented less than the repeat's steps above it, but read inside "
                "the repeat: intervals.icu ends a repeat only at a blank line or a text line"
            )
            self.steps.warn(line, None, message, "put a blank line before it to end the repeat")
            section.indent = indent

    def open(self, line: Line) -> _Section:
        found = header(line.text)
        if found is None:
            return _Section(self.steps.text(line, line.text.strip()), None, line)
        title, count = found
        if not 1 <= count <= MAX_COUNT:
            self.steps.error(line, None, f"a repeat runs 1 to {MAX_COUNT} times")
        return _Section(self.steps.text(line, title) if title else None, count, line)

    def close(self) -> None:
        section, self.section = self.section, None
        if section is None or not section.nodes:
            return
        if section.count is not None:
            label = f"{section.title}{NUMBERED}" if section.title else None
            span = self.steps.span(section.line)
            self.nodes.append(Repeat(section.count, tuple(section.nodes), label, span))
        else:
            self.nodes.extend(_titled(section.title or "", section.nodes, section.line, self))

    def flush(self) -> None:
        """Pending text lines that no step follows: free text (a count is an error)."""
        for line in self.pending:
            if header(line.text) is not None:
                message = "a repeat line with no step after it"
                hint = "its steps (`- 4m 100%`) go on the lines right after it"
                self.steps.error(line, None, message, hint)
            elif self.nodes or self.section is not None:
                self.later.append(line.text.strip())
                message = "text between the steps is read into the workout's description"
                self.steps.warn(line, None, message)
            else:
                self.free.append(line.text.strip())
        self.pending = []

    def forgot_dash(self, line: Line) -> None:
        lead = len(line.text) - len(line.text.lstrip())
        at = Span(self.source, line.start + lead, line.start + lead)
        fix = Fix(at, "- ")
        message = "a step without its `- `: intervals.icu would read it as a title"
        problem = Diagnostic(Severity.ERROR, message, self.steps.span(line), "start it with `- `")
        self.steps.diagnostics.append(dataclasses.replace(problem, fix=fix))

    def finish(self, path: str) -> Workout:
        self.close()
        self.flush()
        if not self.nodes and not any(d.severity is Severity.ERROR for d in self.steps.diagnostics):
            hint = "intervals.icu steps are lines that start with `- `, such as `- 10m 75%`"
            self.steps.diagnostics.append(error("no steps", Span(self.source, 0, 0), hint))
        name = self.free[0] if self.free else _name_from(path)
        description = "\n".join([*self.free[1:], *self.later]) or None
        header_ = Header(name, description=description)
        text = self.source.text or ""
        return Workout(header_, tuple(self.nodes), span=Span(self.source, 0, len(text)))


def _titled(title: str, nodes: list[Node], line: Line, builder: _Builder) -> list[Node]:
    """A plain section's nodes with its title shown at the first step: in that step's text,
    or, when the section starts with a repeat, as the label of a repeat once over them."""
    first = nodes[0]
    if isinstance(first, Step):
        label = TEXT_JOINER.join(t for t in (title, first.label) if t)
        return [dataclasses.replace(first, label=label), *nodes[1:]]
    return [Repeat(1, tuple(nodes), title, builder.steps.span(line))]


def _name_from(path: str) -> str:
    """The workout's name from its file's name; `Workout` for standard input."""
    stem = PurePath(path).stem
    return "Workout" if not stem or stem.startswith("<") else stem
