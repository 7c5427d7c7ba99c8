"""Athlete rosters (`--athletes roster.csv`): one ERG folder per athlete, in their own watts.

The CSV needs the columns `name` and `ftp` (any order, any case, more columns allowed). Every
bad row is a located diagnostic (`roster.csv:4:7: error: ftp must be ...`); the good rows are
still built.

Each athlete's folder is the slug of their name (`Ana López` -> `ana-lopez`, `Иван` ->
`иван`). Two different names never share a folder: when their slugs are equal (`José` and
`Jose`), each gets a short hash of its name appended (`jose-1a2b3c`), the same whatever the
order of the rows. The same name twice (ignoring case and spacing) is an error.
"""

from __future__ import annotations

import csv
import hashlib
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from ridec.diagnostics import Diagnostic, Source, Span, did_you_mean, error
from ridec.library.discover import slug
from ridec.library.hashing import UnreadableSourceError, read_regular
from ridec.library.problems import path_error

NAME_HASH = 6
"""Hex digits of the hash that tells apart names with the same slug."""
MAX_ROSTER_BYTES = 1024 * 1024
"""A roster of a thousand athletes is some 30 KB."""
FTP_MIN = 50
FTP_MAX = 2000
REQUIRED = ("name", "ftp")
ATHLETES_DIR = "athletes"
"""Folder of DIST that holds one folder per athlete."""


@dataclass(frozen=True, slots=True)
class Athlete:
    """One roster row."""

    name: str
    """As written in the roster."""
    ftp: int
    """Functional threshold power, watts."""
    slug: str
    """The athlete's folder name under `DIST/athletes/`."""

    @property
    def folder(self) -> str:
        """The athlete's folder relative to DIST."""
        return f"{ATHLETES_DIR}/{self.slug}"


@dataclass(frozen=True, slots=True)
class _Cell:
    text: str
    start: int
    end: int


def read_roster(path: Path) -> tuple[list[Athlete], list[Diagnostic]]:
    """The athletes of a roster file and a diagnostic for every bad row."""
    try:
        text = read_regular(path, MAX_ROSTER_BYTES).decode("utf-8-sig")
    except UnreadableSourceError as exc:
        return [], [path_error(path, f"cannot read the roster: {exc.why}")]
    except UnicodeDecodeError as exc:
        problem = f"cannot read the roster: not UTF-8 (byte {exc.start})"
        return [], [path_error(path, problem, "save the roster as UTF-8")]
    return parse_roster(text, str(path))


def parse_roster(text: str, path: str) -> tuple[list[Athlete], list[Diagnostic]]:
    """The athletes of a roster text and a diagnostic for every bad row."""
    source = Source(path, text)
    rows = [row for row in _rows(text) if row.problem or any(cell.text for cell in row.cells)]
    if not rows:
        return [], [
            error("the roster is empty: expected a header line `name,ftp`", Span(source, 0, 0))
        ]
    if rows[0].problem:
        return [], [_unreadable(source, rows[0].problem)]
    columns, problems = _columns(source, rows[0].cells)
    if problems:
        return [], problems
    athletes: list[Athlete] = []
    first_line: dict[str, int] = {}
    for row in rows[1:]:
        if row.problem:
            problems.append(_unreadable(source, row.problem))
            continue
        athlete, problem = _athlete(source, row.cells, columns, first_line)
        if problem:
            problems.append(problem)
        elif athlete:
            athletes.append(athlete)
    return _distinct_folders(athletes), problems


def _same_name(name: str) -> str:
    """A name as compared for duplicates: any case, any Unicode form, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _distinct_folders(athletes: list[Athlete]) -> list[Athlete]:
    """Athletes whose names share a slug get the slug and a hash of their name.

    Should a suffixed slug meet another athlete's (a name written like a slug and a hash),
    both groups try again with a longer hash: names differ, so their full hashes do.
    """
    result = athletes
    for digits in (NAME_HASH, 16, 64):
        counts = Counter(a.slug for a in result)
        if all(n == 1 for n in counts.values()):
            break
        result = [
            replace(a, slug=f"{slug(a.name)}-{_name_hash(a.name, digits)}")
            if counts[a.slug] > 1
            else a
            for a in result
        ]
    return result


def _name_hash(name: str, digits: int) -> str:
    return hashlib.sha256(_same_name(name).encode("utf-8")).hexdigest()[:digits]


@dataclass(frozen=True, slots=True)
class _Problem:
    """A record that is no row of cells on one line: why, and where."""

    message: str
    hint: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Row:
    """One record of the roster: its cells, or the problem that makes it no row."""

    cells: list[_Cell]
    problem: _Problem | None = None


SPANNING_HINT = "close the quote on the same line: a roster row, names included, is one line"


def _rows(text: str) -> list[_Row]:
    """Every record's cells with their offsets in `text`.

    A record is one line. A quoted field that runs past the end of its line (a name with a
    line break in it) makes the lines it spans one bad row, located at its opening quote,
    so that no part of it becomes an athlete.
    """
    rows: list[_Row] = []
    lines = text.splitlines(keepends=True)
    offset = index = 0
    while index < len(lines):
        line = lines[index]
        opened = _open_quote(line.rstrip("\r\n"))
        last = index if opened is None else _closing_line(lines, index)
        if last == index:
            rows.append(_line_row(line, offset))
        else:
            assert opened is not None
            message = f"a quoted field runs on from line {index + 1} to line {last + 1}"
            problem = _Problem(message, SPANNING_HINT, offset + opened, offset + len(line))
            rows.append(_Row([], problem))
        offset += sum(len(lines[i]) for i in range(index, last + 1))
        index = last + 1
    return rows


def _line_row(line: str, offset: int) -> _Row:
    """The cells of a record that fits on its line."""
    body = line.rstrip("\r\n")
    try:
        values = next(csv.reader([body]), [])
    except csv.Error as exc:  # a field over the csv module's size limit
        hint = "a roster row holds a name and a number of watts"
        return _Row([], _Problem(f"cannot read this row: {exc}", hint, offset, offset + len(body)))
    cells: list[_Cell] = []
    position = 0
    for value in values:
        found = body.find(value, position) if value else position
        start = found if found >= 0 else position
        cells.append(_Cell(value.strip(), offset + start, offset + start + max(len(value), 1)))
        position = start + len(value)
    return _Row(cells)


def _open_quote(body: str, *, inside: bool = False) -> int | None:
    """Where the quoted field still open at the end of `body` began (0 when it was open
    before), or None when none is. Read as the csv module reads: a quote opens a field only
    at its start, and `""` inside a quoted field is a quote."""
    state = "quoted" if inside else "start"
    opened = 0
    for position, char in enumerate(body):
        if state == "quoted":
            state = "closing" if char == '"' else "quoted"
        elif state == "closing" and char == '"':
            state = "quoted"
        elif char == ",":
            state = "start"
        elif state == "start" and char == '"':
            state, opened = "quoted", position
        else:
            state = "plain"
    return opened if state == "quoted" else None


def _closing_line(lines: list[str], first: int) -> int:
    """The line on which the quoted field open at the end of line `first` closes (the
    last line when it never does)."""
    for index in range(first + 1, len(lines)):
        if _open_quote(lines[index].rstrip("\r\n"), inside=True) is None:
            return index
    return len(lines) - 1


def _unreadable(source: Source, problem: _Problem) -> Diagnostic:
    return error(problem.message, Span(source, problem.start, problem.end), problem.hint)


def _columns(source: Source, header: list[_Cell]) -> tuple[dict[str, int], list[Diagnostic]]:
    names = [cell.text.lower() for cell in header]
    columns = {name: index for index, name in reversed(list(enumerate(names)))}
    problems: list[Diagnostic] = []
    for wanted in REQUIRED:
        if wanted not in columns:
            span = Span(source, header[0].start, header[-1].end)
            close = next(filter(None, (did_you_mean(n, [wanted]) for n in names)), None)
            hint = close or "the first line names the columns, such as `name,ftp`"
            problems.append(error(f"the roster has no `{wanted}` column", span, hint))
    return columns, problems


def _athlete(
    source: Source, row: list[_Cell], columns: dict[str, int], first_line: dict[str, int]
) -> tuple[Athlete | None, Diagnostic | None]:
    line_span = Span(source, row[0].start, row[-1].end)
    if len(row) <= max(columns["name"], columns["ftp"]):
        return None, error("this row has too few columns: expected `name,ftp`", line_span)
    name, ftp = row[columns["name"]], row[columns["ftp"]]
    if not name.text:
        return None, error("the athlete's name is empty", Span(source, name.start, name.end))
    watts = _ftp(ftp.text)
    if watts is None:
        message = (
            f"ftp must be a whole number of watts from {FTP_MIN} to {FTP_MAX}, got '{ftp.text}'"
        )
        return None, error(message, Span(source, ftp.start, ftp.end))
    key = _same_name(name.text)
    line = source.line_col(name.start)[0]
    if key in first_line:
        message = f"athlete '{name.text}' is listed twice (first on line {first_line[key]})"
        return None, error(message, Span(source, name.start, name.end), "give each athlete one row")
    first_line[key] = line
    return Athlete(name.text, watts, slug(name.text)), None


def _ftp(text: str) -> int | None:
    cleaned = text.lower().removesuffix("w").strip()
    if not (cleaned.isascii() and cleaned.isdigit()):
        return None
    value = int(cleaned)
    return value if FTP_MIN <= value <= FTP_MAX else None
