"""Character offsets (what ridec's spans hold) to LSP positions and back.

LSP counts a position's character in UTF-16 code units unless client and server agree on
another encoding, while ridec counts code points; the two differ on every character outside
the Basic Multilingual Plane (an emoji in a cue). A `LineIndex` is built once per text, so a
conversion costs one bisection and the length of one line.
"""

from __future__ import annotations

import bisect

from lsprotocol.types import Position, PositionEncodingKind, Range

from ridec.diagnostics import Span


def _units(text: str, encoding: str) -> int:
    """How many code units `text` takes in `encoding` (ASCII: one each, in all three)."""
    if encoding == PositionEncodingKind.Utf32 or text.isascii():
        return len(text)
    if encoding == PositionEncodingKind.Utf8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class LineIndex:
    """The start offset of every line of one text (LF or CRLF line ends)."""

    def __init__(self, text: str, encoding: str = PositionEncodingKind.Utf16) -> None:
        self.text = text
        self.encoding = encoding
        self.starts = [0]
        start = text.find("\n")
        while start >= 0:
            self.starts.append(start + 1)
            start = text.find("\n", start + 1)

    def position(self, offset: int) -> Position:
        """The position of a character offset (clamped to the text)."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        return Position(line, _units(self.text[start:offset], self.encoding))

    def range(self, start: int, end: int) -> Range:
        """The range of the offsets [start, end)."""
        return Range(self.position(start), self.position(max(start, end)))

    def span_range(self, span: Span) -> Range:
        """The range of a span of this text."""
        return self.range(span.start, span.end)

    def offset(self, position: Position) -> int:
        """The character offset of a position; past a line's end means its end."""
        if position.line >= len(self.starts):
            return len(self.text)
        line = max(position.line, 0)
        start, end = self.starts[line], self.line_end(line)
        if self.encoding == PositionEncodingKind.Utf32:
            return min(start + max(position.character, 0), end)
        units = 0
        offset = start
        while offset < end and units < position.character:
            units += _units(self.text[offset], self.encoding)
            offset += 1
        return offset

    def line_of(self, offset: int) -> int:
        """The 0-based line holding an offset."""
        return bisect.bisect_right(self.starts, max(0, min(offset, len(self.text)))) - 1

    def line_end(self, line: int) -> int:
        """The offset just past a line's text, before its LF (or CRLF)."""
        end = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.text)
        if end > self.starts[line] and self.text[end - 1] == "\r":
            end -= 1
        return end

    def line_text(self, line: int) -> str:
        """A line's text without its line end ('' past the last line)."""
        if not 0 <= line < len(self.starts):
            return ""
        return self.text[self.starts[line] : self.line_end(line)]
