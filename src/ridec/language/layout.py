"""Indentation: the lines of a file grouped into a tree of blocks.

Any line may hold the lines indented under it; the grammar then says which may (a block's
`:` line, a step with its cues, `description:` with its continuation). Only the layout errors
the tree itself can see are reported here: the first line indented, or a line whose
indentation matches no open block.
"""

from __future__ import annotations

from dataclasses import field

from ridec.diagnostics import Diagnostic, Source, Span, error
from ridec.language.tokens import Line
from ridec.records import record

MAX_NESTING = 32
"""How deep blocks may nest. Real workouts use three or four levels; a cap keeps every stage
that walks the tree recursively (parser, checks, timeline, targets) far from Python's stack
limit, whatever the input."""


@record
class Block:
    """A line and the lines indented under it."""

    line: Line
    """The line itself."""
    children: tuple[Block, ...] = ()
    """The lines indented under it, each with its own children."""


@record(frozen=False)
class _Open:
    """A block still taking children while the tree is built."""

    line: Line | None
    indent: int
    children: list[_Open] = field(default_factory=list)
    child_indent: int | None = None

    def freeze(self) -> Block:
        assert self.line is not None
        return Block(self.line, tuple(child.freeze() for child in self.children))


def build_blocks(source: Source, lines: list[Line]) -> tuple[tuple[Block, ...], list[Diagnostic]]:
    """The top-level blocks of the file, and the indentation errors found on the way.

    A badly indented line (or one indented with a tab) is reported and skipped together with
    the lines indented under it, so one slip does not cascade into an error on every line.
    """
    root = _Open(None, -1, child_indent=0)
    stack = [root]
    problems: list[Diagnostic] = []
    skip_deeper_than: int | None = None
    for line in lines:
        if line.is_blank:
            continue
        if skip_deeper_than is not None and line.indent > skip_deeper_than:
            continue
        skip_deeper_than = None
        if line.has_tab:  # reported where the tab was found; its depth is anyone's guess
            skip_deeper_than = line.indent
            continue
        while stack[-1].indent >= line.indent:
            stack.pop()
        parent = stack[-1]
        if parent.child_indent is None:
            parent.child_indent = line.indent
        if line.indent != parent.child_indent or len(stack) > MAX_NESTING:
            problems.append(_misindented(source, line, parent, too_deep=len(stack) > MAX_NESTING))
            skip_deeper_than = line.indent
            continue
        node = _Open(line, line.indent)
        parent.children.append(node)
        stack.append(node)
    return tuple(child.freeze() for child in root.children), problems


def _misindented(source: Source, line: Line, parent: _Open, *, too_deep: bool) -> Diagnostic:
    span = Span(source, line.start, line.code_start)
    if too_deep:
        hint = "flatten the blocks: real workouts need three or four levels"
        return error(f"blocks nest more than {MAX_NESTING} levels deep", span, hint)
    if parent.line is None and not parent.children:
        return error("the first line is indented", span, "start it at column 1")
    inner = parent.child_indent
    outer = max(parent.indent, 0)
    message = f"this line's indentation ({line.indent}) matches no open block"
    hint = f"indent it by {inner} spaces to stay in the block above, or by {outer} to end it"
    return error(message, span, hint)
