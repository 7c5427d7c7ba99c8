"""Untrusted XML in, located diagnostics out: decoding, safe parsing and element spans.

Shared by the XML readers (ZWO today). Bytes are decoded here, not by lxml, so a file
saved as Windows-1252 (common for hand-edited ZWO files) is still read, with a warning.
DOCTYPE and entity declarations are refused before parsing: no real workout file has
one, and they are how entity bombs and external-entity reads get in.
"""

from __future__ import annotations

import codecs
import re
import threading
from dataclasses import field
from typing import TYPE_CHECKING

from lxml import etree

from ridec.diagnostics import Diagnostic, DiagnosticError, Severity, Source, Span, error
from ridec.formats.base import safe_parser
from ridec.records import record

if TYPE_CHECKING:  # repairs are imported only when a file needs them (well-formed ones do not)
    from ridec.formats.zwo.xmlrepair import OffsetMap, Repair, RepairKind

_DECLARATION = re.compile(r"\A\s*<\?xml\b.*?\?>", re.DOTALL)
_ENCODING = re.compile(rb"\A\s*<\?xml\b[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9._:-]{1,40})[\"']")
_FORBIDDEN = ("<!DOCTYPE", "<!ENTITY")
# Start tags, skipping comments, CDATA and processing instructions (where "<name" is text).
_MARKUP = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<([A-Za-z_][\w.:-]*)", re.DOTALL)
MAX_REPORTS = 200
"""Warnings and notes kept per file; a hostile file could otherwise ask for millions."""
FALLBACK_ENCODING = "cp1252"
"""What a file that is not UTF-8 and declares nothing is read as (Windows' Western code page)."""


@record(frozen=False)
class XmlContext:
    """One input being read: its text, and the diagnostics found so far."""

    source: Source
    """The decoded file."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Everything reported, in order."""
    suppressed: int = 0
    """Warnings and notes left out once `MAX_REPORTS` were kept."""
    _line_starts: list[int] | None = None
    """Where each line starts, found when a diagnostic first needs a line (most files need none)."""
    _said: set[str] = field(default_factory=set)
    _tags: dict[etree._Element, tuple[int, int]] = field(default_factory=dict)
    _elements: list[etree._Element] = field(default_factory=list)

    def _lines(self) -> list[int]:
        if self._line_starts is None:
            self._line_starts = _line_starts(self.source.text or "")
        return self._line_starts

    @property
    def full(self) -> bool:
        """Whether further warnings and notes are only counted (so callers skip locating them)."""
        return len(self.diagnostics) >= MAX_REPORTS

    def report(self, severity: Severity, message: str, span: Span | None) -> None:
        """Record a diagnostic; past `MAX_REPORTS`, warnings and notes are only counted."""
        if severity is not Severity.ERROR and self.full:
            self.suppressed += 1
            return
        self.diagnostics.append(Diagnostic(severity, message, span))

    def finish(self) -> list[Diagnostic]:
        """The diagnostics, with a note saying how many were left out."""
        if self.suppressed:
            note = f"{self.suppressed} more warnings and notes are not shown"
            return [*self.diagnostics, Diagnostic(Severity.NOTE, note, None, path=self.source.path)]
        return list(self.diagnostics)

    def index(self, root: etree._Element, text: str, offsets: OffsetMap | None = None) -> None:
        """Find every element's start tag in one pass, so spans cost nothing per element.

        lxml gives elements a line but no column; pairing the start tags found in the
        parsed `text` with the elements in document order gives both, even for a file on
        one line. `offsets` maps a repaired text's positions back to the file's.
        """
        tags = [(m.start(), m.group(1)) for m in _MARKUP.finditer(text) if m.group(1)]
        elements = list(root.iter(etree.Element))  # elements only: no comments or PIs
        if len(tags) != len(elements):
            return
        for (start, name), element in zip(tags, elements, strict=True):
            tag = str(element.tag)
            if name != tag and name.rpartition(":")[2] != tag.rpartition("}")[2]:
                self._tags.clear()
                return
            at = start if offsets is None else offsets.original(start)
            self._tags[element] = (at, at + 1 + len(name))
        self._elements = elements  # keeps the element proxies, and so the keys, alive

    def is_new(self, key: str) -> bool:
        """Whether `once` would still report `key`."""
        return key not in self._said

    def once(self, key: str, severity: Severity, message: str, span: Span | None) -> None:
        """Record a diagnostic the first time `key` is seen (one note per kind, not per line)."""
        if key not in self._said:
            self._said.add(key)
            self.report(severity, message, span)

    def fail(self, message: str, span: Span | None, hint: str | None = None) -> DiagnosticError:
        """An error that stops reading, carrying everything reported before it."""
        return DiagnosticError([*self.finish(), error(message, span, hint)])

    def raise_if_errors(self) -> None:
        """Stop when an error was reported."""
        if any(d.severity is Severity.ERROR for d in self.diagnostics):
            raise DiagnosticError(self.finish())

    def at(self, line: int, column: int = 1, width: int = 1) -> Span:
        """The span at a 1-based line and column."""
        lines = self._lines()
        index = min(max(line, 1), len(lines)) - 1
        start = lines[index] + max(column, 1) - 1
        end_of_text = len(self.source.text or "")
        return Span(self.source, min(start, end_of_text), min(start + width, end_of_text))

    def element(self, element: etree._Element) -> Span:
        """The span of an element's start tag name (`<SteadyState`)."""
        found = self._tags.get(element)
        if found is not None:
            return Span(self.source, *found)
        line = element.sourceline if isinstance(element.sourceline, int) else 1
        name = f"<{element.tag}" if isinstance(element.tag, str) else "<"
        return self._find(line, name)

    def attribute(self, element: etree._Element, name: str) -> Span:
        """The span of an attribute's name in the element's start tag, else the element's."""
        span = self.element(element)
        text = self.source.text or ""
        tag_end = text.find(">", span.start)
        found = re.compile(rf"\s{re.escape(name)}\s*=").search(text, span.start, tag_end)
        if found is None:
            return span
        return Span(self.source, found.start() + 1, found.start() + 1 + len(name))

    def _find(self, line: int, needle: str) -> Span:
        text = self.source.text or ""
        lines = self._lines()
        index = min(max(line, 1), len(lines)) - 1
        start = lines[index]
        end = text.find("\n", start)
        found = text.find(needle, start, end if end >= 0 else len(text))
        if found < 0:
            return self.at(line)
        return Span(self.source, found, found + len(needle))


def decode(data: bytes, path: str) -> tuple[str, list[Diagnostic]]:
    """The file's text: BOM, then declared encoding, then UTF-8, then Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_as(data, "utf-16", path), []
    declared = _ENCODING.match(data)
    if declared:
        encoding = _codec_name(declared.group(1).decode("ascii"), path)
        if encoding != "utf-8":
            return _decode_as(data, encoding, path), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        text = data.decode(FALLBACK_ENCODING, errors="replace")
        source = Source(path, text)
        message = (
            f"the file is not UTF-8 (byte 0x{data[exc.start]:02x}); it was read as Windows-1252"
        )
        span = Span(source, exc.start, exc.start + 1)
        hint = "save it as UTF-8 to be sure every character reads as intended"
        return text, [Diagnostic(Severity.WARNING, message, span, hint)]


def _codec_name(name: str, path: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise DiagnosticError([error(f"{path}: unknown encoding '{name}'")]) from None


def _decode_as(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        message = f"{path}: byte {exc.start} is not valid {encoding}"
        raise DiagnosticError([error(message, hint="save the file as UTF-8")]) from None


def parse(context: XmlContext) -> etree._Element:
    """The root element of the context's text, parsed safely; errors are located.

    Text that XML refuses but Zwift reads (a bare `&`, an HTML entity, a stray `<`, a
    control character) is repaired and parsed again, each repair reported as a warning.
    """
    text = context.source.text or ""
    for needle in _FORBIDDEN:
        found = text.find(needle)
        if found >= 0:
            span = Span(context.source, found, found + len(needle))
            raise context.fail(
                f"{needle[1:]} declarations are not allowed in a workout file",
                span,
                "they can expand to huge or external content; remove the declaration",
            )
    if not text.strip():
        raise context.fail("the file is empty", context.at(1))
    text = _blank_declaration(text)
    parsed = _parse_text(text)
    if isinstance(parsed, _Failure):
        parsed = _parse_repaired(text, parsed, context)
    else:
        context.index(parsed, text)
    return parsed


@record
class _Failure:
    """Why lxml refused a text, and where (1-based line and column, when known)."""

    message: str
    line: int = 1
    column: int = 1


def _parse_repaired(text: str, failure: _Failure, context: XmlContext) -> etree._Element:
    """The root element of `text` with its defects repaired; raises the located error of
    the first defect that is not repairable."""
    from ridec.formats.zwo.xmlrepair import MAX_REPAIRS, apply_repairs, find_repairs

    repairs = find_repairs(text)
    if not repairs or len(repairs) > MAX_REPAIRS:
        hint = None
        if repairs:
            hint = f"more than {MAX_REPAIRS} characters XML refuses: the file is not repaired"
        raise context.fail(failure.message, context.at(failure.line, failure.column), hint)
    repaired, offsets = apply_repairs(text, repairs)
    parsed = _parse_text(repaired)
    if isinstance(parsed, _Failure):
        lines = _line_starts(repaired)
        at = lines[min(max(parsed.line, 1), len(lines)) - 1] + max(parsed.column, 1) - 1
        original = offsets.original(min(at, len(repaired)))
        _report_repairs([r for r in repairs if r.start < original], context)
        raise context.fail(parsed.message, Span(context.source, original, original + 1))
    _report_repairs(repairs, context)
    context.index(parsed, repaired, offsets)
    return parsed


MAX_REPAIRS_SHOWN = 3
"""Repairs of one kind reported one by one; the others are counted in a note."""


def _report_repairs(repairs: list[Repair], context: XmlContext) -> None:
    counts: dict[RepairKind, int] = {}
    for repair in repairs:
        counts[repair.kind] = counts.get(repair.kind, 0) + 1
        if counts[repair.kind] > MAX_REPAIRS_SHOWN:
            continue
        span = Span(context.source, repair.start, repair.end)
        message = f"{repair.kind.value}; repaired: {repair.shown}"
        context.diagnostics.append(Diagnostic(Severity.WARNING, message, span, repair.kind.hint))
    for kind, count in counts.items():
        if count > MAX_REPAIRS_SHOWN:
            more = count - MAX_REPAIRS_SHOWN
            message = f"{more} more of the same repairs ({kind.value}) were made"
            context.report(Severity.NOTE, message, None)


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer("\n", text))]


def _blank_declaration(text: str) -> str:
    """lxml refuses a str that declares an encoding; spaces keep every line and column."""
    found = _DECLARATION.match(text)
    if found is None:
        return text
    blank = re.sub(r"[^\n]", " ", found.group(0))
    return blank + text[found.end() :]


_PARSERS = threading.local()


def _parser() -> etree.XMLParser:
    """This thread's safe parser: lxml parsers may be reused (each parse starts a fresh
    error log) but not shared between threads, and making one per file costs more than
    parsing a small file."""
    parser: etree.XMLParser | None = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = _PARSERS.parser = safe_parser()
    return parser


def _parse_text(text: str) -> etree._Element | _Failure:
    """The root element, or why lxml refused the text."""
    parser = _parser()
    try:
        return etree.fromstring(text, parser)
    except etree.XMLSyntaxError as exc:
        entries = list(parser.error_log)
        if entries:
            first = entries[0]
            return _Failure(
                f"not well-formed XML: {first.message.rstrip('.')}", first.line, first.column
            )
        return _Failure(f"not well-formed XML: {exc}")
    except ValueError as exc:
        return _Failure(f"not readable as XML: {exc}")
