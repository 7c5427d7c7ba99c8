"""Checks ZWO files against ridec's own schema, `schemas/zwo.xsd`, with lxml.

Used on every ZWO ridec writes and by `ridec validate` on third-party files, so the parser
is the hardened one: no entity expansion, no network, no DTD loading, libxml2's default
size and depth limits (huge_tree off), and a file size cap of its own.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from lxml import etree

from ridec.diagnostics import Diagnostic, Source, Span, error
from ridec.fileio import read_limited
from ridec.formats.base import safe_parser
from ridec.limits import MAX_INPUT_BYTES
from ridec.records import record
from ridec.resources import schema_path

SCHEMA_NAME = "zwo.xsd"
_ELEMENT = re.compile(r"Element '([A-Za-z_][\w.-]*)'")
MAX_BYTES = MAX_INPUT_BYTES
"""ZWO files are a few kilobytes; larger inputs are refused before parsing (the limit every
workout input shares, so a ZWO ridec writes for the largest workout is still read back)."""
MAX_PROBLEMS = 100
"""Problems reported per file: enough to fix a file, bounded for a hostile one."""


@record
class Problem:
    """One thing wrong with a ZWO file, where lxml found it."""

    line: int
    """1-based line."""
    column: int
    """1-based column (1 when lxml gives none, as for most schema errors)."""
    message: str
    """lxml's message, without its trailing period."""

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


@functools.cache
def schema() -> etree.XMLSchema:
    """The compiled schema, loaded once per process."""
    document = etree.parse(str(schema_path(SCHEMA_NAME)), safe_parser())
    return etree.XMLSchema(document)


def validate_bytes(data: bytes) -> list[Problem]:
    """Everything wrong with `data` as a ZWO file; empty when it is valid."""
    if len(data) > MAX_BYTES:
        return [Problem(1, 1, f"the file is larger than {MAX_BYTES} bytes")]
    parser = safe_parser()
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return _log_problems(parser.error_log) or [Problem(1, 1, str(exc))]
    if root.getroottree().docinfo.internalDTD is not None:
        return [Problem(1, 1, "a DOCTYPE declaration is not allowed in a ZWO file")]
    checker = schema()
    if checker.validate(root):
        return []
    return _log_problems(checker.error_log)


def validate_file(path: Path) -> list[Problem]:
    """Everything wrong with the file at `path` as a ZWO file."""
    return validate_bytes(read_limited(path, MAX_BYTES))


def check_file(data: bytes, path: str) -> list[Diagnostic]:
    """Every problem in a ZWO file as a located error (the registry's checker)."""
    return diagnostics(validate_bytes(data), path, data)


def diagnostics(problems: list[Problem], path: str, data: bytes) -> list[Diagnostic]:
    """The problems as located error diagnostics, with the offending line shown."""
    source = Source(path, data.decode("utf-8", "replace"))
    text = source.text or ""
    line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
    return [error(p.message, _span(source, line_starts, p)) for p in problems]


def _span(source: Source, line_starts: list[int], problem: Problem) -> Span:
    """Where a problem is; schema errors give no column, so the caret goes under the element
    their message names (`Element 'tag': ...`) when it is on that line."""
    text = source.text or ""
    line = min(max(problem.line, 1), len(line_starts)) - 1
    start = line_starts[line]
    end = line_starts[line + 1] if line + 1 < len(line_starts) else len(text)
    offset = min(start + problem.column - 1, len(text))
    element = _ELEMENT.match(problem.message)
    if element and problem.column == 1:
        found = text.find("<" + element.group(1), start, end)
        if found >= 0:
            return Span(source, found, found + 1 + len(element.group(1)))
    return Span(source, offset, offset + 1)


def _log_problems(log: etree._ListErrorLog) -> list[Problem]:
    return [
        Problem(max(entry.line, 1), max(entry.column, 1), entry.message.rstrip("."))
        for entry in list(log)[:MAX_PROBLEMS]
    ]
