"""The lexical layer of ERG and MRC, shared by the grammar checker and the reader.

Lines (any line end), `[NAME]` ... `[END NAME]` sections, and the row shapes: `KEY = VALUE`,
`MINUTES WATTS`, `minutes value`, GoldenCheetah's `minutes LAP`, and spaced cue rows. Every
function is linear in its input: these files come from anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ridec.diagnostics import Diagnostic, Severity, Source, Span
from ridec.records import record

HEADER = "COURSE HEADER"
DATA = "COURSE DATA"
TEXT = "COURSE TEXT"
NUMBER = r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
"""A number as the files write it: ASCII digits (`\\d` also takes other scripts' digits)."""
BLANKS = " \t"
"""The grammar's white space. Python's `str.strip()` also strips \\x1c-\\x1f, \\x85 and
Unicode spaces, which `float()` refuses: `FTP = 250\\x1d` passed the one and crashed the
other. Numbers are read by `number`, which strips these only."""
_LINE_END = re.compile(r"\r\n|\r|\n")
_MARKER = re.compile(r"\[(?P<end>END[ \t]+)?(?P<name>[A-Za-z][A-Za-z ]*?)\][ \t]*")
_FORMAT = re.compile(r"(?P<lead>[ \t]*)MINUTES[ \t]+(?P<unit>[A-Za-z]+)[ \t]*", re.IGNORECASE)
_DATA_ROW = re.compile(
    rf"(?P<lead>[ \t]*)(?P<time>{NUMBER})(?P<sep>[ \t]+)(?P<value>{NUMBER})(?P<pct>%?)[ \t]*"
)
_LAP_ROW = re.compile(rf"[ \t]*(?P<time>{NUMBER})[ \t]+LAP(?:[ \t]+(?P<name>.*))?", re.I)
_NUMBER_VALUE = re.compile(NUMBER)
INTEGER = re.compile(r"[0-9]{1,9}")
"""A whole-second column: `int()` of a longer digit string is slow, and no cue lasts years."""
_NUMERIC_TEXT = re.compile(r"[0-9.,:+\- ]+")


@record
class Line:
    """One line of the file, without its line end."""

    number: int
    """1-based line number."""
    start: int
    """Offset of its first character in the normalized text (line ends as LF)."""
    text: str
    """The line's characters."""

    @property
    def blank(self) -> bool:
        """Empty, white space only, or a `;` comment (a GoldenCheetah extension)."""
        stripped = self.text.strip()
        return not stripped or stripped.startswith(";")


@record
class Section:
    """A `[NAME]` ... `[END NAME]` block."""

    name: str
    """Upper-case name with single spaces, such as `COURSE DATA`."""
    opener: Line
    """The `[NAME]` line."""
    lines: tuple[Line, ...]
    """The lines between the markers."""
    closed: bool
    """Whether `[END NAME]` was found."""


@record
class Layout:
    """A file split into lines and sections, ready for rules or for reading."""

    source: Source
    """The normalized text (line ends as LF), for spans."""
    lines: tuple[Line, ...]
    """Every line."""
    line_ends: tuple[str, ...]
    """The distinct line ends found, in order of first use."""
    sections: tuple[Section, ...]
    """Sections in file order."""
    issues: tuple[Diagnostic, ...]
    """Structural errors found while splitting: markers that do not pair, stray lines."""

    def section(self, name: str) -> Section | None:
        """The first section called `name`."""
        return next((s for s in self.sections if s.name == name), None)


@record
class DataRow:
    """A `minutes value` row of the data section."""

    line: Line
    """Where it is."""
    minutes: float
    """Time from the start, minutes."""
    value: float
    """Watts (ERG) or % FTP (MRC); with `percent`, % FTP whatever the file's unit."""
    percent: bool
    """Whether the value carried a `%` sign (a GoldenCheetah extension)."""
    tabbed: bool
    """Whether the columns were separated by exactly one TAB with nothing before."""


@record
class LapRow:
    """A GoldenCheetah `minutes LAP [name]` marker in the data section."""

    line: Line
    """Where it is."""
    minutes: float
    """Time of the marker, minutes."""
    name: str
    """The lap's name, often empty."""


def layout(text: str, path: str) -> Layout:
    """Split decoded text into lines and sections; structural problems are collected."""
    pieces = _LINE_END.split(text)
    ends = tuple(dict.fromkeys(_LINE_END.findall(text)))
    if pieces and pieces[-1] == "" and len(pieces) > 1:
        pieces.pop()
    source = Source(path, "\n".join(pieces))
    lines: list[Line] = []
    offset = 0
    for number, piece in enumerate(pieces, start=1):
        lines.append(Line(number, offset, piece))
        offset += len(piece) + 1
    splitter = _Splitter(source)
    for line in lines:
        splitter.feed(line)
    splitter.finish()
    return Layout(source, tuple(lines), ends, tuple(splitter.sections), tuple(splitter.issues))


def span_of(source: Source, line: Line, column: int = 0, width: int | None = None) -> Span:
    """The span of `width` characters (default: the rest of the line) from 0-based `column`."""
    column = min(column, len(line.text))
    end = len(line.text) if width is None else min(len(line.text), column + width)
    return Span(source, line.start + column, line.start + max(end, column + 1))


def marker(line: Line) -> tuple[bool, str] | None:
    """`(is_end, NAME)` when the line is a section marker."""
    if "[" not in line.text:
        return None  # most lines: no need to strip and match them
    found = _MARKER.fullmatch(line.text.strip())
    if not found:
        return None
    return found.group("end") is not None, " ".join(found.group("name").upper().split())


def format_unit(line: Line) -> str | None:
    """The unit word of a `MINUTES WATTS|PERCENT|FTP` line, upper case."""
    found = _FORMAT.fullmatch(line.text)
    return found.group("unit").upper() if found else None


def setting(line: Line) -> tuple[str, str] | None:
    """`(KEY, value)` of a `KEY = VALUE` line; the key upper case with single spaces.

    Split at the first `=` by hand: a pattern with a lazy key backtracks quadratically on a
    long line of spaces, and these lines come from untrusted files.
    """
    key, equals, value = line.text.partition("=")
    if not equals or "\t" in key.strip(" \t") or not key.strip(" \t"):
        return None
    return " ".join(key.upper().split()), value.strip(" \t")


def number(text: str) -> float | None:
    """The value of a number field (`250`, ` 1.5 `): a NUMBER between blanks, else None."""
    stripped = text.strip(BLANKS)
    return float(stripped) if _NUMBER_VALUE.fullmatch(stripped) else None


def data_row(line: Line) -> DataRow | None:
    """The row when the line is `minutes value`."""
    found = _DATA_ROW.fullmatch(line.text)
    if not found:
        return None
    tabbed = found.group("sep") == "\t" and not found.group("lead")
    minutes, value = float(found.group("time")), float(found.group("value"))
    return DataRow(line, minutes, value, bool(found.group("pct")), tabbed)


def lap_row(line: Line) -> LapRow | None:
    """The marker when the line is `minutes LAP [name]`."""
    found = _LAP_ROW.fullmatch(line.text)
    if not found:
        return None
    return LapRow(line, float(found.group("time")), (found.group("name") or "").strip())


@record
class SpacedCue:
    """A cue row written with spaces, as GoldenCheetah reads it: `seconds text duration`."""

    at: str
    """The first word: seconds, when it is a number."""
    text: str
    """Everything between, stripped."""
    duration: str | None
    """The last word when it is a whole number (and there is text before it)."""


def spaced_cue(line: Line) -> SpacedCue | None:
    """The row split at its first and last blanks, or None when it has no text.

    Done by hand rather than with a pattern: `number blanks text blanks number` backtracks
    quadratically on a long run of blanks, and these rows come from untrusted files.
    """
    words = line.text.strip(" \t").split(None, 1)
    if len(words) < 2:
        return None
    at, rest = words
    tail = rest.rsplit(None, 1)
    if len(tail) == 2 and INTEGER.fullmatch(tail[1]):
        return SpacedCue(at, tail[0], tail[1])
    return SpacedCue(at, rest.strip(), None)


def is_numeric_text(text: str) -> bool:
    """Whether a cue text is only digits and number punctuation (readers take it as a column)."""
    return bool(_NUMERIC_TEXT.fullmatch(text.strip()))


def rows(section: Section) -> Iterator[DataRow | LapRow | Line]:
    """The data section's rows; a line that is neither a row nor a LAP marker comes as is."""
    for line in section.lines:
        if line.blank:
            continue
        yield data_row(line) or lap_row(line) or line


class _Splitter:
    """Groups lines into sections, noting markers that do not pair up."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.sections: list[Section] = []
        self.issues: list[Diagnostic] = []
        self.current: tuple[str, Line, list[Line]] | None = None

    def feed(self, line: Line) -> None:
        found = marker(line)
        if found is None:
            self._content(line)
        elif found[0]:
            self._close(found[1], line)
        else:
            self._open(found[1], line)

    def finish(self) -> None:
        if self.current is not None:
            name, opener, _ = self.current
            self._problem(opener, f"[{name}] is never closed: add [END {name}]")
            self._store(closed=False)

    def _content(self, line: Line) -> None:
        if self.current is not None:
            self.current[2].append(line)
        elif not line.blank:
            self._problem(line, "text outside every section")

    def _open(self, name: str, line: Line) -> None:
        if self.current is not None:
            self._problem(line, f"[{name}] opens before [END {self.current[0]}]")
            self._store(closed=False)
        self.current = (name, line, [])

    def _close(self, name: str, line: Line) -> None:
        if self.current is None or self.current[0] != name:
            self._problem(line, f"[END {name}] closes no open [{name}]")
            return
        self._store(closed=True)

    def _store(self, closed: bool) -> None:
        assert self.current is not None
        name, opener, body = self.current
        self.sections.append(Section(name, opener, tuple(body), closed))
        self.current = None

    def _problem(self, line: Line, message: str) -> None:
        self.issues.append(Diagnostic(Severity.ERROR, message, span_of(self.source, line)))
