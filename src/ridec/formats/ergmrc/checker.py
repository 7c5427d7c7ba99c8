"""The ERG/MRC grammar and its rules, for the files ridec writes and for third-party ones.

ERG and MRC have no official specification; the rules are what the programs that read them
need (GoldenCheetah's ErgFile.cpp, TrainerRoad's import notes). The lexical layer
(`ergmrc_syntax`: lines, sections, rows) is shared with the reader, so both see a file the
same way:

    file     = header data { text | other } ;  blank lines and `;` comments anywhere
    header   = "[COURSE HEADER]" { KEY "=" VALUE | "MINUTES" ("WATTS"|"PERCENT"|"FTP") }
               "[END COURSE HEADER]"
    data     = "[COURSE DATA]" { MINUTES TAB VALUE } "[END COURSE DATA]"
    text     = "[COURSE TEXT]" { SECONDS TAB TEXT TAB DURATION } "[END COURSE TEXT]"
               (the rows other players also read: `ergmrc.cues`)
    other    = "[NAME]" ... "[END NAME]"   (TrainerRoad's INTERVAL DATA and MODE DATA)
"""

from __future__ import annotations

from enum import StrEnum

from ridec.diagnostics import Diagnostic, Severity, Source, Span
from ridec.formats.ergmrc.cues import CueError, CueRow, cue_row, in_minutes, whole_seconds
from ridec.formats.ergmrc.syntax import (
    DATA,
    HEADER,
    TEXT,
    DataRow,
    Layout,
    Line,
    Section,
    data_row,
    format_unit,
    lap_row,
    layout,
    setting,
    span_of,
)
from ridec.records import record

REQUIRED_ORDER = (HEADER, DATA)
"""Sections every file has, in this order; any others follow them."""

FORMAT_UNITS = ("WATTS", "PERCENT", "FTP")
"""Second word of the `MINUTES ...` line: ERG uses WATTS, MRC PERCENT (FTP is an alias)."""


class Rule(StrEnum):
    """The rule a problem breaks; tests and `ridec validate` name problems by it."""

    ENCODING = "encoding"
    """The file is UTF-8 text."""
    LINE_END = "line-end"
    """One line-end style throughout (ridec writes LF)."""
    SECTION = "section"
    """Header then data sections, each opened and closed once, nothing outside them."""
    HEADER_KEY = "header-key"
    """Header lines are `KEY = VALUE` with the key at column 0."""
    HEADER_VALUE = "header-value"
    """Header values hold no tab and no `=`."""
    FORMAT = "format"
    """Exactly one `MINUTES WATTS` (ERG) or `MINUTES PERCENT` (MRC) line, in the header."""
    DATA_ROW = "data-row"
    """Data rows are two numbers: minutes and watts or % FTP."""
    DATA_TIME = "data-time"
    """Data starts at minute 0 and never goes back in time."""
    TEXT_ROW = "text-row"
    """Cue rows are seconds, a text that is not purely numeric, and a duration."""
    SEPARATOR = "separator"
    """Columns are separated by one TAB, with nothing before the first (readers vary)."""
    DIALECT = "dialect"
    """GoldenCheetah extensions (LAP rows, `%` values) that other players do not read."""
    FILE_NAME = "file-name"
    """The file's extension is lower case (TrainerRoad ignores `.ERG`)."""


@record
class Problem:
    """One broken rule, located."""

    rule: Rule
    """Which rule."""
    diagnostic: Diagnostic
    """Where and what, with severity (warnings are tolerated by common readers)."""


def check(data: bytes, path: str, unit: str | None = None) -> list[Problem]:
    """Every problem in an ERG/MRC file; `unit` (WATTS or PERCENT) also checks its kind."""
    text, problems = _decode(data, path)
    return problems + check_text(text, path, unit)


def check_file(data: bytes, path: str) -> list[Diagnostic]:
    """Every problem in an ERG or MRC file, located (the registry's checker)."""
    return [problem.diagnostic for problem in check(data, path)]


def check_text(text: str, path: str, unit: str | None = None) -> list[Problem]:
    """Every problem in decoded ERG/MRC text."""
    shape = layout(text, path)
    checker = _Checker(shape.source)
    checker.problems.extend(Problem(Rule.SECTION, issue) for issue in shape.issues)
    checker.file_name(path)
    checker.line_ends(shape)
    checker.order(shape)
    for section in shape.sections:
        checker.section(section)
    checker.format_line(shape, unit)
    return sorted(checker.problems, key=_position)


def problems(data: bytes, unit: str, path: str = "<output>") -> list[str]:
    """What a writer's own output breaks, warnings included, and LF line ends required."""
    found = check(data, path, unit)
    messages = [p.diagnostic.render() for p in found]
    if b"\r" in data:
        messages.append(f"{path}: {Rule.LINE_END}: ridec writes LF line ends only")
    return messages


def _position(problem: Problem) -> int:
    span = problem.diagnostic.span
    return span.start if span else -1


def _decode(data: bytes, path: str) -> tuple[str, list[Problem]]:
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        binary = Source(path)
        message = "the file is not UTF-8; read as Latin-1"
        diagnostic = Diagnostic(Severity.WARNING, message, Span(binary, exc.start, exc.end))
        return data.decode("latin-1"), [Problem(Rule.ENCODING, diagnostic)]


class _Checker:
    """Applies the rules to one laid-out file, collecting problems."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def add(
        self,
        rule: Rule,
        line: Line | None,
        message: str,
        *,
        column: int = 0,
        width: int | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        span = span_of(self.source, line, column, width) if line else None
        diagnostic = Diagnostic(severity, message, span, path=self.source.path)
        self.problems.append(Problem(rule, diagnostic))

    def warn(self, rule: Rule, line: Line, message: str, column: int = 0) -> None:
        self.add(rule, line, message, column=column, severity=Severity.WARNING)

    def file_name(self, path: str) -> None:
        suffix = path.rsplit(".", 1)[-1] if "." in path else ""
        if suffix.lower() in ("erg", "mrc") and suffix != suffix.lower():
            message = f"extension '.{suffix}' is not lower case: TrainerRoad will not list it"
            diagnostic = Diagnostic(Severity.WARNING, message, path=path)
            self.problems.append(Problem(Rule.FILE_NAME, diagnostic))

    def line_ends(self, shape: Layout) -> None:
        if len(shape.line_ends) > 1:
            shown = ", ".join(repr(end) for end in shape.line_ends)
            diagnostic = Diagnostic(
                Severity.WARNING, f"mixed line ends ({shown})", path=shape.source.path
            )
            self.problems.append(Problem(Rule.LINE_END, diagnostic))

    def order(self, shape: Layout) -> None:
        names = [s.name for s in shape.sections]
        for required in REQUIRED_ORDER:
            if required not in names:
                self.add(Rule.SECTION, None, f"the [{required}] section is missing")
        seen: set[str] = set()
        for position, section in enumerate(shape.sections):
            if section.name in seen:
                self.add(Rule.SECTION, section.opener, f"a second [{section.name}] section")
            seen.add(section.name)
            if section.name in REQUIRED_ORDER:
                expected = REQUIRED_ORDER.index(section.name)
                if position != expected:
                    where = "first" if expected == 0 else "right after the header"
                    self.add(Rule.SECTION, section.opener, f"[{section.name}] must come {where}")

    def section(self, section: Section) -> None:
        if section.name == HEADER:
            self.header(section)
        elif section.name == DATA:
            self.data(section)
        elif section.name == TEXT:
            self.texts(section)

    def header(self, section: Section) -> None:
        for line in section.lines:
            if line.blank or format_unit(line) is not None:
                continue
            if setting(line) is None:
                self.add(Rule.HEADER_KEY, line, "expected `KEY = VALUE` or `MINUTES WATTS`")
                continue
            self.setting_line(line)

    def setting_line(self, line: Line) -> None:
        if line.text[:1] in (" ", "\t"):
            self.add(Rule.HEADER_KEY, line, "a header key must start at column 0")
        equals = line.text.index("=")
        value = line.text[equals + 1 :].strip(" \t")
        value_col = len(line.text) - len(line.text[equals + 1 :].lstrip(" \t"))
        for char, name in (("=", "an '='"), ("\t", "a tab")):
            if char in value:
                column = value_col + value.index(char)
                message = f"a header value must not hold {name}: readers cut the value there"
                self.add(Rule.HEADER_VALUE, line, message, column=column, width=1)

    def format_line(self, shape: Layout, unit: str | None) -> None:
        header = shape.section(HEADER)
        found = [ln for ln in (header.lines if header else ()) if format_unit(ln) is not None]
        if header is not None and not found:
            message = "no `MINUTES WATTS` (ERG) or `MINUTES PERCENT` (MRC) line in the header"
            self.add(Rule.FORMAT, header.opener, message)
        for extra in found[1:]:
            self.add(Rule.FORMAT, extra, "a second `MINUTES ...` line")
        for line in found[:1]:
            self.format_word(line, unit)

    def format_word(self, line: Line, unit: str | None) -> None:
        word = format_unit(line) or ""
        column = line.text.upper().index(word, len("MINUTES"))
        if word not in FORMAT_UNITS:
            message = f"unknown unit '{word}': expected WATTS, PERCENT or FTP"
            self.add(Rule.FORMAT, line, message, column=column, width=len(word))
        elif unit is not None and word != unit:
            self.add(Rule.FORMAT, line, f"expected MINUTES {unit}", column=column, width=len(word))
        if line.text[:1] in (" ", "\t"):
            self.add(Rule.HEADER_KEY, line, "`MINUTES ...` must start at column 0")

    def data(self, section: Section) -> None:
        last: float | None = None
        untabbed: list[Line] = []
        for line in section.lines:
            if line.blank:
                continue
            row = data_row(line)
            if row is None:
                self.not_a_row(line)
                continue
            if not row.tabbed:
                untabbed.append(line)
            self.row_style(row)
            last = self.row_time(row, last)
        if last is None:
            self.add(Rule.SECTION, section.opener, "the data section holds no rows")
        self.separators(untabbed)

    def separators(self, untabbed: list[Line]) -> None:
        """One warning for a section's rows not separated by single TABs, at the first."""
        if untabbed:
            count = f"this row and {len(untabbed) - 1} more" if len(untabbed) > 1 else "this row"
            message = f"columns should be separated by one TAB ({count})"
            self.warn(Rule.SEPARATOR, untabbed[0], message)

    def not_a_row(self, line: Line) -> None:
        if lap_row(line) is not None:
            message = "a LAP row is a GoldenCheetah extension that other players may not read"
            self.warn(Rule.DIALECT, line, message)
        else:
            self.add(Rule.DATA_ROW, line, "expected a data row: minutes, TAB, a number")

    def row_style(self, row: DataRow) -> None:
        if row.percent:
            message = "a '%' value is a GoldenCheetah extension"
            self.warn(Rule.DIALECT, row.line, message, row.line.text.index("%"))

    def row_time(self, row: DataRow, last: float | None) -> float:
        if last is None and row.minutes != 0:
            self.time_problem(row, "the data must start at minute 0")
        if last is not None and row.minutes < last:
            self.time_problem(row, f"time goes back from {last:g} to {row.minutes:g} minutes")
        return max(row.minutes, last if last is not None else row.minutes)

    def time_problem(self, row: DataRow, message: str) -> None:
        """A problem pointing at the row's minutes."""
        column = len(row.line.text) - len(row.line.text.lstrip(" \t"))
        width = len(row.line.text.split()[0])
        self.add(Rule.DATA_TIME, row.line, message, column=column, width=width)

    def texts(self, section: Section) -> None:
        """Each cue row by the reader's own grammar (`cues`): what the reader refuses is an
        error, what other players read differently a warning."""
        untabbed: list[Line] = []
        accepted: list[tuple[Line, CueRow]] = []
        for line in section.lines:
            if line.blank:
                continue
            row = cue_row(line)
            if isinstance(row, CueError):
                self.add(Rule.TEXT_ROW, line, row.message, column=row.column, width=row.width)
                continue
            accepted.append((line, row))
            if not row.tabbed:
                untabbed.append(line)
            for remark in row.remarks:
                self.warn(Rule.TEXT_ROW, line, remark.message, column=remark.column)
        self.minutes([row for row in accepted if in_minutes([row[1]])])
        scale = 60 if in_minutes(row for _, row in accepted) else 1
        for line, row in accepted:
            timed = whole_seconds(row, scale)
            if isinstance(timed, CueError):
                self.add(Rule.TEXT_ROW, line, timed.message)
        self.separators(untabbed)

    def minutes(self, fractional: list[tuple[Line, CueRow]]) -> None:
        """One warning for a section timed in minutes, at its first fractional duration."""
        if fractional:
            message = (
                "cue durations with fractions: the section's times and durations are read as "
                "minutes; GoldenCheetah skips these rows"
            )
            self.warn(Rule.TEXT_ROW, fractional[0][0], message)
