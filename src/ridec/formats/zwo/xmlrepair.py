"""Repairs of the text defects Zwift reads past, so that a file Zwift loads is read too.

XML refuses what hand-written workout files often hold and Zwift accepts: a bare `&` in a
name (`867-5309 & Jenny`), an HTML entity (`&nbsp;`), a `<` inside a message (`keep it <
90 rpm`), a control character pasted from elsewhere. The reader first parses the text as it
is; only when that fails are these repaired and the text parsed again, each repair
reported where it was made, showing what was read.

One pass over the markup characters, so the cost stays linear in the file. Repairs never
add or remove a line break: line numbers stay those of the file, and `OffsetMap` turns a
position in the repaired text back into one in the file.
"""

from __future__ import annotations

import bisect
import html.entities
import re
from dataclasses import dataclass
from enum import Enum

_INTERESTING = re.compile("[<>&\"'\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_REFERENCE = re.compile(r"&(?:#([0-9]{1,10})|#[xX]([0-9a-fA-F]{1,8})|([A-Za-z][A-Za-z0-9]{0,31}));")
_NAME_START = re.compile(r"[A-Za-z_:]")
_SKIPPED = (("<!--", "-->"), ("<![CDATA[", "]]>"), ("<?", "?>"))
"""Markup whose content is not XML text: comments, CDATA sections, processing instructions."""
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_HTML_ENTITIES = html.entities.name2codepoint
"""HTML 4 named characters (`nbsp`, `eacute`, `ndash`...); XML knows only its own five."""


class RepairKind(Enum):
    """A kind of defect, with how its warning reads."""

    BARE_AMPERSAND = "a bare '&' is not valid XML"
    HTML_ENTITY = "an HTML entity is not valid XML"
    LESS_THAN_IN_VALUE = "a '<' inside an attribute value is not valid XML"
    LESS_THAN_IN_TEXT = "a '<' that starts no tag is not valid XML"
    CONTROL_CHARACTER = "a control character is not valid XML"
    BAD_REFERENCE = "a reference to a character XML does not allow is not valid XML"

    @property
    def hint(self) -> str:
        """How to write it so that every XML reader takes the file."""
        return _HINTS[self]


_HINTS = {
    RepairKind.BARE_AMPERSAND: "write '&amp;' for a '&' in text",
    RepairKind.HTML_ENTITY: "XML knows only &amp; &lt; &gt; &quot; &apos;: write the character",
    RepairKind.LESS_THAN_IN_VALUE: "write '&lt;' for a '<' in text",
    RepairKind.LESS_THAN_IN_TEXT: "write '&lt;' for a '<' in text",
    RepairKind.CONTROL_CHARACTER: "remove it from the file",
    RepairKind.BAD_REFERENCE: "remove it from the file",
}


@dataclass(frozen=True, slots=True)
class Repair:
    """One defect: where it is in the file, and what the parser is given instead."""

    start: int
    """Offset in the file's text."""
    end: int
    """Offset just past the defect."""
    original: str
    """The defect's text."""
    replacement: str
    """What the parser reads instead (an escape, or nothing)."""
    kind: RepairKind
    """What was wrong."""

    @property
    def shown(self) -> str:
        """The repair as a warning shows it: `'&' -> '&amp;'`, or `U+0001 removed`."""
        if self.replacement:
            return f"'{self.original}' -> '{self.replacement}'"
        if len(self.original) == 1:
            return f"U+{ord(self.original):04X} removed"
        return f"'{self.original}' removed"


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Positions in the repaired text mapped back to the file's text."""

    starts: tuple[int, ...] = ()
    """Where each replacement starts in the repaired text, in order."""
    lengths: tuple[int, ...] = ()
    """The length of each replacement."""
    shifts: tuple[int, ...] = ()
    """How far the text after each repair moved (repaired minus file offset)."""

    def original(self, offset: int) -> int:
        """The file offset of a repaired-text offset; inside a replacement, its defect's."""
        index = bisect.bisect_right(self.starts, offset) - 1
        if index < 0:
            return offset
        start = self.starts[index]
        if offset < start + self.lengths[index]:
            return start - (self.shifts[index - 1] if index else 0)
        return offset - self.shifts[index]


MAX_REPAIRS = 10_000
"""A file with more defects is not repaired: it is not a hand-edited workout."""


def find_repairs(text: str) -> list[Repair]:
    """Every defect of `text`, in order (at most `MAX_REPAIRS` + 1: more means too many);
    empty for text XML reads as it is."""
    scanner = _Scanner(text)
    scanner.run()
    return scanner.repairs


def apply_repairs(text: str, repairs: list[Repair]) -> tuple[str, OffsetMap]:
    """The repaired text, and how its offsets map back to `text`."""
    parts: list[str] = []
    starts: list[int] = []
    shifts: list[int] = []
    position = shift = 0
    for repair in repairs:
        parts += [text[position : repair.start], repair.replacement]
        starts.append(repair.start + shift)
        shift += len(repair.replacement) - (repair.end - repair.start)
        shifts.append(shift)
        position = repair.end
    parts.append(text[position:])
    lengths = tuple(len(repair.replacement) for repair in repairs)
    return "".join(parts), OffsetMap(tuple(starts), lengths, tuple(shifts))


class _Scanner:
    """A small state machine over the markup characters: text, inside a tag, inside a
    quoted attribute value."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.repairs: list[Repair] = []
        self.quote: str | None = None
        self.in_tag = False

    def run(self) -> None:
        position = 0
        while position < len(self.text) and len(self.repairs) <= MAX_REPAIRS:
            found = _INTERESTING.search(self.text, position)
            if found is None:
                return
            position = self._step(found.start(), found.group())

    def _step(self, at: int, char: str) -> int:
        """Handle the character at `at`; the position to go on from."""
        if char == "&":
            return self._ampersand(at)
        if char not in "<>\"'":
            if self.quote is not None or not self.in_tag:  # in markup: the parser says where
                self._repair(at, at + 1, "", RepairKind.CONTROL_CHARACTER)
            return at + 1
        if self.quote is not None:
            return self._in_value(at, char)
        if self.in_tag:
            if char in "\"'":
                self.quote = char
            elif char == ">":
                self.in_tag = False
            return at + 1
        if char == "<":
            return self._less_than(at)
        return at + 1

    def _in_value(self, at: int, char: str) -> int:
        if char == self.quote:
            self.quote = None
        elif char == "<":
            self._repair(at, at + 1, "&lt;", RepairKind.LESS_THAN_IN_VALUE)
        return at + 1

    def _less_than(self, at: int) -> int:
        for opening, closing in _SKIPPED:
            if self.text.startswith(opening, at):
                end = self.text.find(closing, at + len(opening))
                end = len(self.text) if end < 0 else end + len(closing)
                for control in _CONTROL.finditer(self.text, at, end):
                    self._repair(control.start(), control.end(), "", RepairKind.CONTROL_CHARACTER)
                return end
        following = self.text[at + 1 : at + 2]
        if following in ("/", "!") or _NAME_START.match(following):
            self.in_tag = True
            return at + 1
        self._repair(at, at + 1, "&lt;", RepairKind.LESS_THAN_IN_TEXT)
        return at + 1

    def _ampersand(self, at: int) -> int:
        if self.in_tag and self.quote is None:
            return at + 1  # broken markup: the parser says where
        found = _REFERENCE.match(self.text, at)
        if found is None:
            self._repair(at, at + 1, "&amp;", RepairKind.BARE_AMPERSAND)
            return at + 1
        decimal, hexadecimal, name = found.groups()
        if name is not None:
            self._named(at, found.end(), name)
        else:
            code = int(decimal) if decimal is not None else int(hexadecimal, 16)
            if not _allowed(code):
                self._repair(at, found.end(), "", RepairKind.BAD_REFERENCE)
        return found.end()

    def _named(self, start: int, end: int, name: str) -> None:
        if name in _XML_ENTITIES:
            return
        code = _HTML_ENTITIES.get(name)
        if code is None:
            self._repair(start, start + 1, "&amp;", RepairKind.BARE_AMPERSAND)
        else:
            self._repair(start, end, f"&#{code};", RepairKind.HTML_ENTITY)

    def _repair(self, start: int, end: int, replacement: str, kind: RepairKind) -> None:
        self.repairs.append(Repair(start, end, self.text[start:end], replacement, kind))


def _allowed(code: int) -> bool:
    """Whether XML 1.0 allows the character (its `Char` production)."""
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )
