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
    rows = [row for row in _rows(text) if any(cell.text for cell in row)]
    if not rows:
        return [], [
            error("the roster is empty: expected a header line `name,ftp`", Span(source, 0, 0))
        ]
    columns, problems = _columns(source, rows[0])
    if problems:
        return [], problems
    athletes: list[Athlete] = []
    first_line: dict[str, int] = {}
    for row in rows[1:]:
        athlete, problem = _athlete(source, row, columns, first_line)
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


def _rows(text: str) -> list[list[_Cell]]:
    """Every line's cells with their offsets in `text` (fields stay on their line)."""
    rows: list[list[_Cell]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        cells: list[_Cell] = []
        position = 0
        for value in next(csv.reader([body]), []):
            found = body.find(value, position) if value else position
            start = found if found >= 0 else position
            cells.append(_Cell(value.strip(), offset + start, offset + start + max(len(value), 1)))
            position = start + len(value)
        rows.append(cells)
        offset += len(line)
    return rows


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
