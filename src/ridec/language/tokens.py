"""The lexical layer shared by `.ride` and `.plan`: physical lines, then the tokens on a line.

`split_lines` finds each line's indentation and comment once (a `#` outside strings), so the
grammar never sees either. A `Tokenizer` then reads one line's code with `check` / `expect` /
`read`, in the style of pypa/packaging's `_tokenizer.py`: the parser asks for the token it can
accept next, which keeps the lexing context-sensitive without a separate token stream.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import field

from ridec.diagnostics import Diagnostic, DiagnosticError, Source, Span, error
from ridec.limits import MAX_SOURCE_LINES
from ridec.records import record
from ridec.text import string_end

BOM = "\ufeff"
"""A byte-order mark at the start of the text is not part of the first line."""
TAB_WIDTH = 8
"""How far a tab in indentation moves, only to keep going after reporting it."""

_BOUNDARY = r"(?=[\s=,\"]|$)"
_BOUNDARY_OR_COLON = r"(?=[\s:=,\"]|$)"
# A word-like token must end where the word ends: `80%x` is one unknown word, never `80%`.
# Only names and counts may touch a `:` (`alternate:`, `repeat $n:`, `3x:`); a value never does,
# so `4m 1:30` is a misplaced duration rather than the power `1`.
_COLON_WORDS = ("COUNT_X", "NUMBER", "NAME", "REF")

_WORD_RULES: dict[str, str] = {
    "REF": r"\$[a-z][a-z0-9_-]*",
    "CLOCK": r"[0-9]+(?::[0-9]+){1,2}",
    "DURATION": r"(?=[0-9])(?:[0-9]+h)?(?:[0-9]+(?:min|m))?(?:[0-9]+s)?",
    "CADENCE": r"[0-9]+(?:-[0-9]+)?rpm",
    "POWER": r"[0-9]+(?:\.[0-9]+)?(?:%|w)?(?:(?:->|-)[0-9]+(?:\.[0-9]+)?(?:%|w)?)?",
    "COUNT_X": r"[0-9]+x",
    "NUMBER": r"[0-9]+",
    "ZONE": r"z[0-9]+",
    "NAME": r"[a-z][a-z0-9_-]*",
}
_PUNCTUATION_RULES: dict[str, str] = {
    "AT": r"@",
    "MINUS": r"-",
    "COLON": r":",
    "EQUALS": r"=",
    "COMMA": r",",
    "ARROW": r"->",
}
RULES: dict[str, re.Pattern[str]] = {
    **{
        name: re.compile(
            rule + (_BOUNDARY_OR_COLON if name in _COLON_WORDS else _BOUNDARY), re.I | re.A
        )
        for name, rule in _WORD_RULES.items()
    },
    **{name: re.compile(rule, re.I | re.A) for name, rule in _PUNCTUATION_RULES.items()},
}
"""Every token kind the grammars may ask for, by name."""

_SPACE = re.compile(r"[ \t]*")
_WORD = re.compile(r'[^\s"]+')
_ESCAPE = re.compile(r"\\(.)")
ESCAPES = {'"': '"', "\\": "\\"}
"""The only escapes a string knows: `\\"` and `\\\\`."""


@record
class Comment:
    """A `#` comment, kept so the formatter can put it back."""

    text: str
    """From the `#` to the end of the line, trailing spaces removed."""
    span: Span
    """Where it is written."""


@record
class Line:
    """One physical line: indentation, the code between it and any comment, the comment."""

    number: int
    """1-based line number."""
    start: int
    """Offset of the line's first character."""
    indent: int
    """Columns of leading white space (a tab, already reported, counts to the next stop)."""
    code_start: int
    """Offset of the first character after the indentation."""
    code_end: int
    """Offset just past the code, before trailing spaces and the comment."""
    comment: Comment | None = None
    """The comment at the end of the line, if any."""
    has_tab: bool = False
    """Whether a tab was found in the indentation (reported by `split_lines`)."""

    @property
    def is_blank(self) -> bool:
        """Whether the line holds no code (it may hold a comment)."""
        return self.code_start == self.code_end


@record
class Token:
    """A piece of a line the grammar asked for."""

    kind: str
    """The rule that matched (a key of `RULES`, or STRING / REST / END)."""
    text: str
    """The characters as written."""
    span: Span
    """Where they are written."""
    match: re.Match[str] | None = field(default=None, compare=False, repr=False)
    """The rule's match, for value parsers that read its groups."""


class LineError(Exception):
    """A line cannot be read further; the parser reports it and resumes at the next line."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def split_lines(source: Source) -> tuple[list[Line], list[Diagnostic]]:
    """Cut the text into lines (LF or CRLF), finding indentation and comments.

    A file of more than `MAX_SOURCE_LINES` lines is refused before any line is read, at
    the first line past the limit.
    """
    text = source.text or ""
    _check_line_count(source)
    lines: list[Line] = []
    problems: list[Diagnostic] = []
    start = 1 if text.startswith(BOM) else 0
    for number, raw in enumerate(text[start:].split("\n"), start=1):
        end = start + len(raw) - (1 if raw.endswith("\r") else 0)
        lines.append(_line(source, number, start, end, problems))
        start += len(raw) + 1
    return lines, problems


def _check_line_count(source: Source) -> None:
    """Refuse a file of more than MAX_SOURCE_LINES lines, at the first line past the limit.

    Counted in C (`str.count`) and located by `str.find`, so a file of millions of lines is
    refused without a list of them ever being made.
    """
    text = source.text or ""
    lines = text.count("\n") + 1
    if lines <= MAX_SOURCE_LINES:
        return
    offset = 0
    for _ in range(MAX_SOURCE_LINES):
        offset = text.index("\n", offset) + 1
    span = Span(source, offset, offset)
    message = f"the file has {lines:,} lines; ridec reads at most {MAX_SOURCE_LINES:,}"
    hint = "no workout needs that many; split it, or use `repeat` for what repeats"
    raise DiagnosticError([error(message, span, hint)])


def _line(source: Source, number: int, start: int, end: int, problems: list[Diagnostic]) -> Line:
    text = source.text or ""
    space = _SPACE.match(text, start, end)
    code_start = space.end() if space else start
    indent, tab_at = _indent_width(text[start:code_start])
    if tab_at is not None:
        span = Span(source, start + tab_at, start + tab_at + 1)
        hint = "indent with spaces only (two per level)"
        problems.append(error("a tab in the indentation", span, hint))
    hash_at = _comment_start(text, code_start, end)
    comment = None
    if hash_at is not None:
        span = Span(source, hash_at, end)
        comment = Comment(text[hash_at:end].rstrip(), span)
    code_end = hash_at if hash_at is not None else end
    while code_end > code_start and text[code_end - 1] in " \t":
        code_end -= 1
    return Line(number, start, indent, code_start, code_end, comment, tab_at is not None)


def _indent_width(space: str) -> tuple[int, int | None]:
    """Columns of an indentation, and where its first tab is."""
    width = 0
    for char in space:
        width = (width // TAB_WIDTH + 1) * TAB_WIDTH if char == "\t" else width + 1
    tab = space.find("\t")
    return width, (tab if tab >= 0 else None)


def _comment_start(text: str, start: int, end: int) -> int | None:
    """Offset of the `#` that starts a comment (outside strings), or None.

    Jumps from quote to quote with `str.find` rather than looking at every character: a
    12 MB label took 0.85 s a pass character by character.
    """
    position = start
    hash_at = text.find("#", position, end)
    while hash_at >= 0:
        quote_at = text.find('"', position, hash_at)
        if quote_at < 0:
            return hash_at
        closing = string_end(text, quote_at, end)
        if closing is None:
            return None  # the string runs to the end of the line: the `#` is in it
        position = closing
        if position > hash_at:
            hash_at = text.find("#", position, end)
    return None


class Tokenizer:
    """Reads the code of one line (or any range of a source) token by token."""

    def __init__(self, source: Source, start: int, end: int) -> None:
        self.source = source
        self.text = source.text or ""
        self.position = start
        self.end = end
        self._next: Token | None = None

    @classmethod
    def of_line(cls, source: Source, line: Line) -> Tokenizer:
        """A tokenizer over a line's code."""
        return cls(source, line.code_start, line.code_end)

    def check(self, kind: str) -> bool:
        """Whether the next token is a `kind`; if so, `read` returns it."""
        self._skip_space()
        self._next = None
        if kind == "STRING":  # scanned by `string_end`, not by a rule
            if not self._at('"'):
                return False
            self._next = self._string()
            return True
        match = RULES[kind].match(self.text, self.position, self.end)
        if match is None or match.end() == self.position:
            return False
        self._next = Token(kind, match.group(), self._span(self.position, match.end()), match)
        return True

    def check_word(self, *words: str) -> bool:
        """Whether the next token is a NAME equal to one of `words` (any case)."""
        return self.check("NAME") and self._pending().text.lower() in words

    def read(self) -> Token:
        """Consume the token the last successful `check` found."""
        token = self._pending()
        self.position = token.span.end
        self._next = None
        return token

    def expect(self, kind: str, expected: str, hint: str | None = None) -> Token:
        """Read a `kind`, or stop the line with "expected `expected`, found ..."."""
        if not self.check(kind):
            raise self.error(expected, hint)
        return self.read()

    def expect_word(self, word: str, expected: str, hint: str | None = None) -> Token:
        """Read the keyword `word`, or stop the line."""
        if not self.check_word(word):
            raise self.error(expected, hint)
        return self.read()

    def expect_end(self, expected: str, hint: str | None = None) -> None:
        """Stop the line unless nothing is left on it."""
        if not self.at_end():
            raise self.error(expected, hint)

    def at_end(self) -> bool:
        """Whether only white space is left."""
        self._skip_space()
        return self.position >= self.end

    def rest(self) -> Token:
        """Everything left on the line, as written (the raw value of a header line)."""
        self._skip_space()
        token = Token(
            "REST", self.text[self.position : self.end], self._span(self.position, self.end)
        )
        self.position = self.end
        return token

    def found(self) -> Token:
        """The next word, without consuming it: what error messages say was found instead."""
        self._skip_space()
        if self.position >= self.end:
            return Token("END", "", self._span(self.position, self.position))
        if self._at('"'):
            stop = string_end(self.text, self.position, self.end) or self.end
        else:
            word = _WORD.match(self.text, self.position, self.end)
            stop = word.end() if word else self.position + 1
            if stop - self.position > 1 and self.text[stop - 1] == ":":
                stop -= 1
        return Token("WORD", self.text[self.position : stop], self._span(self.position, stop))

    def error(self, expected: str, hint: str | None = None) -> LineError:
        """A problem at the next word: "expected X, found Y"."""
        found = self.found()
        return LineError(error(f"expected {expected}, found {describe(found)}", found.span, hint))

    def _pending(self) -> Token:
        assert self._next is not None, "read() without a successful check()"
        return self._next

    def _skip_space(self) -> None:
        while self.position < self.end and self.text[self.position] in " \t":
            self.position += 1

    def _at(self, char: str) -> bool:
        return self.position < self.end and self.text[self.position] == char

    def _span(self, start: int, end: int) -> Span:
        return Span(self.source, start, end)

    def _string(self) -> Token:
        stop = string_end(self.text, self.position, self.end)
        if stop is None:
            span = self._span(self.position, self.end)
            hint = 'close it on the same line; write \\" for a quote inside the text'
            raise LineError(error('this string has no closing `"`', span, hint))
        return Token("STRING", self.text[self.position : stop], self._span(self.position, stop))


def describe(token: Token) -> str:
    """How a message names what was found: "`90`", or "the end of the line"."""
    return "the end of the line" if token.kind == "END" else f"`{token.text}`"


def unquote(token: Token) -> str:
    """The text of a STRING token, escapes resolved; an unknown escape stops the line."""
    body = token.text[1:-1]
    for match in _ESCAPE.finditer(body):
        if match.group(1) not in ESCAPES:
            start = token.span.start + 1 + match.start()
            span = Span(token.span.source, start, start + 2)
            hint = 'strings know only \\" and \\\\; write \\\\ for a backslash'
            raise LineError(error(f"unknown escape `{match.group()}`", span, hint))
    return _ESCAPE.sub(lambda m: ESCAPES[m.group(1)], body)


def quote(text: str) -> str:
    """`text` as a string literal that `unquote` reads back."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def words(choices: Iterable[str]) -> str:
    """Choices as prose: "`a`, `b` or `c`"."""
    quoted = [f"`{choice}`" for choice in choices]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
