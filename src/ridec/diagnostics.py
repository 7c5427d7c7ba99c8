"""One diagnostic type for every stage (lexer, parser, checks, targets, readers, validators).

A diagnostic holds a span into a `Source`; line and column are computed only when it is
rendered, so the stages that create diagnostics never count lines themselves. A source finds
the start of every line once, on the first diagnostic, and each location after that is a
binary search: a file with 100,000 diagnostics renders in linear time.

Rendered text never carries a control character from an input: workout names, file names
and source lines are echoed with ESC, BEL, C1 controls and bidirectional overrides shown as
`\x1b`-style escapes, so a hostile file cannot drive the terminal it is reported on.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import field
from enum import StrEnum
from typing import TYPE_CHECKING

from ridec.escapes import escape_controls
from ridec.records import record

if TYPE_CHECKING:
    from array import array

TAB_WIDTH = 4
"""Tab stops used when a source line is shown under a diagnostic."""
MAX_EXCERPT = 120
"""Longer source lines are shown as a window around the problem."""


@record(eq=False)
class Source:
    """A named input: the text of a source file, or a binary file located by byte offsets."""

    path: str
    """How the file is named in messages (as the user gave it)."""
    text: str | None = None
    """The decoded text; None for binary inputs (FIT), whose spans are byte offsets."""
    _starts: array[int] | None = field(default=None, init=False, repr=False)
    """Offset of each line's first character, found on first use (see `line_starts`)."""

    def __repr__(self) -> str:
        """The path and the text's size, not the text: every span's repr holds its source, and
        a loss or diagnostic printed in a program's log should not hold the whole file."""
        size = "binary" if self.text is None else f"{len(self.text):,} characters"
        return f"Source({self.path!r}, {size})"

    def line_starts(self) -> array[int]:
        """The offset each line starts at, computed once per source."""
        if self._starts is None:
            assert self.text is not None
            # Frozen for callers; the index is a cache that never changes once made.
            object.__setattr__(self, "_starts", line_starts_of(self.text))
        assert self._starts is not None
        return self._starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset (columns count characters)."""
        from bisect import bisect_right

        assert self.text is not None
        offset = max(0, min(offset, len(self.text)))
        starts = self.line_starts()
        line = bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    def line_text(self, offset: int) -> str:
        """The whole source line holding `offset`, without its line end."""
        from bisect import bisect_right

        assert self.text is not None
        offset = max(0, min(offset, len(self.text)))
        starts = self.line_starts()
        line = bisect_right(starts, offset)
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[starts[line - 1] : end].rstrip("\r")


_NEWLINE = re.compile("\n")


def line_starts_of(text: str) -> array[int]:
    """The offset of each line's first character: 0, then one past every newline.

    An array of machine integers: 8 bytes a line, a fifth of what a list of ints takes.
    (`array` and `bisect` are imported on first use: a clean compile locates nothing.)
    """
    from array import array

    return array("q", itertools.chain((0,), (match.end() for match in _NEWLINE.finditer(text))))


@record
class Span:
    """A half-open range [start, end) of character (or, for binary sources, byte) offsets."""

    source: Source
    """The file the range is in."""
    start: int
    """First offset of the range."""
    end: int
    """Offset just past the range; equal to start for a point."""


@record
class Fix:
    """A machine-applicable correction: replace `span` with `text`.

    Editors offer it as a quick fix; the rendered diagnostic shows the whole corrected line.
    """

    span: Span
    """What to replace (often a few words of one line)."""
    text: str
    """What to put there instead."""

    def corrected_lines(self) -> list[str]:
        """The source lines the span touches, as they read once the fix is applied."""
        source = self.span.source
        assert source.text is not None, "fixes apply to text sources"
        start = source.text.rfind("\n", 0, self.span.start) + 1
        end = source.text.find("\n", self.span.end)
        if end < 0:
            end = len(source.text)
        fixed = source.text[start : self.span.start] + self.text + source.text[self.span.end : end]
        return [line.rstrip("\r") for line in fixed.split("\n")]


class Severity(StrEnum):
    """How serious a diagnostic is."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@record
class Diagnostic:
    """A located message: what went wrong, where, and how to fix it."""

    severity: Severity
    """Errors fail the command; warnings fail it only under --strict."""
    message: str
    """What went wrong and what was expected, in one sentence without a final period."""
    span: Span | None = None
    """Where it went wrong; None for problems with no location (a missing file)."""
    hint: str | None = None
    """A likely fix, such as "did you mean 'upstroke'?"."""
    path: str | None = None
    """The file named when there is no span."""
    notes: tuple[str, ...] = field(default=())
    """Further lines printed after the hint."""
    fix: Fix | None = None
    """The correction the hint describes, when it can be applied mechanically."""
    code: str | None = None
    """A short stable name for the kind of problem (`loss.cadence-range`), for grouping."""

    def render(self) -> str:
        """The printed form: `path:line:col: severity: message`, the line, a caret, the hint,
        then the corrected line when there is a fix.

        Control characters from the input (in the path, the message, the line) are escaped,
        line feeds and tabs too: each part is one line, whatever a file name or a name read
        from a file holds.
        """
        lines = [f"{self._location()}: {self.severity}: {self.message}"]
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        if self.fix is not None and self.fix.span.source.text is not None:
            lines.extend(f"  fix:  {line}".rstrip() for line in self.fix.corrected_lines())
        lines.extend(f"  note: {note}" for note in self.notes)
        lines = [escape_controls(line, keep_lines=False) for line in lines]
        lines[1:1] = self._excerpt()
        return "\n".join(lines)

    def location(self) -> str:
        """`path:line:col`, `path: offset N`, or the path alone."""
        return self._location()

    def _location(self) -> str:
        if self.span is None:
            return self.path or "ridec"
        source = self.span.source
        if source.text is None:
            return f"{source.path}: offset {self.span.start}"
        line, col = source.line_col(self.span.start)
        return f"{source.path}:{line}:{col}"

    def _excerpt(self) -> list[str]:
        if self.span is None or self.span.source.text is None:
            return []
        source = self.span.source
        text = source.line_text(self.span.start)
        _, col = source.line_col(self.span.start)
        start = col - 1
        end = start + max(1, min(self.span.end - self.span.start, len(text) - start))
        text, start, end = _window(text, start, end)
        # Tabs are shown as spaces so the caret lands under the right character whatever
        # the terminal's tab width; control characters as escapes, the caret under them.
        pad = len(_shown(text[:start]))
        width = max(1, len(_shown(text[:end])) - pad)
        return [f"  | {_shown(text)}", f"  | {' ' * pad}{'^' * width}"]


def _shown(text: str) -> str:
    """A source line as printed under a diagnostic."""
    return escape_controls(text.expandtabs(TAB_WIDTH), keep_lines=False)


def _window(text: str, start: int, end: int) -> tuple[str, int, int]:
    """A long line (a minified file) cut to a window around the span, marked with `...`."""
    if len(text) <= MAX_EXCERPT:
        return text, start, end
    end = min(end, start + MAX_EXCERPT // 2)
    left = max(0, start - MAX_EXCERPT // 4)
    right = min(len(text), left + MAX_EXCERPT)
    prefix = "..." if left else ""
    suffix = "..." if right < len(text) else ""
    shift = len(prefix) - left
    return prefix + text[left:right] + suffix, start + shift, end + shift


class DiagnosticError(Exception):
    """Raised by any stage that cannot go on; carries every diagnostic found so far."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(d.render() for d in self.diagnostics))


def error(message: str, span: Span | None = None, hint: str | None = None) -> Diagnostic:
    """Shorthand for an error diagnostic."""
    return Diagnostic(Severity.ERROR, message, span, hint)


def warning(message: str, span: Span | None = None, hint: str | None = None) -> Diagnostic:
    """Shorthand for a warning diagnostic."""
    return Diagnostic(Severity.WARNING, message, span, hint)


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A "did you mean" hint for the closest choice, or None when nothing is close."""
    found = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    return f"did you mean '{found[0]}'?" if found else None


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """Whether any diagnostic is an error."""
    return any(d.severity is Severity.ERROR for d in diagnostics)
