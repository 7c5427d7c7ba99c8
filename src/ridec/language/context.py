"""What the grammar rules share while they read a file: problems found, parameters declared,
how deep in repeats they are, and the small readers several rules use (labels, references).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import field
from typing import TypeVar

from ridec.diagnostics import Diagnostic, Source, Span, error
from ridec.language.layout import Block
from ridec.language.line_kind import LineKind
from ridec.language.tokens import Line, LineError, Token, Tokenizer, unquote
from ridec.model import Node, ParamKind, Ref
from ridec.records import record

_T = TypeVar("_T")

PLACEHOLDER = re.compile(r"\{[in]\}")
COACHED_LINES = 100
"""Failed lines per file that get a coach's hint: each costs a small parse of its fix, and
a file that fails on thousands of lines is no file written by habit (the rest keep the
parser's own hints)."""


@record(frozen=False)
class ParseContext:
    """The state of one parse."""

    source: Source
    """The file being read."""
    problems: list[Diagnostic] = field(default_factory=list)
    """Every problem found so far."""
    kinds: dict[str, ParamKind] = field(default_factory=dict)
    """Declared parameters and their kinds (all `let` lines are read before the steps)."""
    header_lines: dict[str, Line] = field(default_factory=dict)
    """The line each header key was written on, for the formatter and duplicate errors."""
    repeat_depth: int = 0
    """How many repeats enclose the line being read."""
    orphans: list[Node] = field(default_factory=list)
    """Nodes read under a block line that failed, kept so their own errors are checked too."""
    broken_names: set[str] = field(default_factory=set)
    """Names of `let` lines that failed: their uses are not reported again."""
    coach: bool = True
    """Whether a failed line is read for the habits coaches bring (`10 min`, `x3:`); off
    while checking a corrected line, which must parse by itself."""
    coached: int = 0
    """How many failed lines were read for habits so far (see COACHED_LINES)."""

    def tokens(self, line: Line) -> Tokenizer:
        """A tokenizer over the line's code."""
        return Tokenizer.of_line(self.source, line)

    def span(self, line: Line) -> Span:
        """The span of a line's code."""
        return Span(self.source, line.code_start, line.code_end)

    def report(self, problem: Diagnostic | None) -> None:
        """Keep a problem (None is nothing to keep)."""
        if problem is not None:
            self.problems.append(problem)

    def attempt(
        self, rule: Callable[[], _T], line: Line | None = None, kind: LineKind | None = None
    ) -> _T | None:
        """Run a rule for one line; a syntax problem is reported and the result is None.

        With the `line` and its `kind`, the problem's hint says what the coach most likely
        meant, when a known habit explains the line (see `ridec.language.coach`).
        """
        try:
            return rule()
        except LineError as problem:
            self.problems.append(self.explained(problem.diagnostic, line, kind))
            return None

    def explained(
        self, diagnostic: Diagnostic, line: Line | None, kind: LineKind | None
    ) -> Diagnostic:
        """The diagnostic with a coach's hint and fix, when one applies."""
        if not self.coach or line is None or kind is None or self.coached >= COACHED_LINES:
            return diagnostic
        from ridec.language.hints import coached  # it parses corrected lines: a cycle

        self.coached += 1
        return coached(diagnostic, self.source, line, kind)

    def fix_gives_body(self) -> bool:
        """Whether the last problem's fix writes the block's steps too (`3x 4m 80%`)."""
        fix = self.problems[-1].fix if self.problems else None
        return fix is not None and len(fix.corrected_lines()) > 1

    def opened_block(self) -> bool:
        """Whether the last problem's fix turns its line into a block opener (`repeat 3:`)."""
        fix = self.problems[-1].fix if self.problems else None
        return fix is not None and fix.corrected_lines()[0].rstrip().endswith(":")

    @contextmanager
    def inside_repeat(self) -> Iterator[None]:
        """Read the lines of a repeat's body (where `{i}` and `{n}` mean something)."""
        self.repeat_depth += 1
        try:
            yield
        finally:
            self.repeat_depth -= 1

    def label(self, tok: Tokenizer) -> str | None:
        """An optional quoted label; `{i}`/`{n}` outside every repeat is reported."""
        if not tok.check("STRING"):
            return None
        return self.text(tok.read())

    def text(self, token: Token) -> str:
        """The text of a STRING token, checking its placeholders."""
        if self.repeat_depth == 0:
            for match in PLACEHOLDER.finditer(token.text):
                start = token.span.start + match.start()
                self.report(
                    _placeholder_outside(match.group(), Span(self.source, start, start + 3))
                )
        return unquote(token)

    def ref(self, token: Token) -> Ref:
        """A `$name` token as a reference."""
        return Ref(token.text[1:], token.span)

    def no_children(self, block: Block, what: str) -> None:
        """Report lines indented under a line that opens no block."""
        if block.children:
            self.report(unexpected_indent(self.source, block.children[0].line, what))


def _placeholder_outside(placeholder: str, span: Span) -> Diagnostic:
    meaning = "iteration" if placeholder == "{i}" else "count"
    message = (
        f"`{placeholder}` outside every repeat: it stands for the innermost repeat's "
        f"{meaning}, and no repeat encloses this line"
    )
    return error(message, span, "move the line into a `repeat` block, or write the number")


def unexpected_indent(source: Source, line: Line, what: str) -> Diagnostic:
    """The error for a line indented under one that cannot hold it."""
    span = Span(source, line.start, line.code_start)
    return error(
        f"unexpected indentation: {what} holds no indented lines", span, "un-indent this line"
    )


def first_word(source: Source, line: Line) -> str:
    """The line's first word in lower case ("" when it starts with something else)."""
    tok = Tokenizer.of_line(source, line)
    return tok.read().text.lower() if tok.check("NAME") else ""
