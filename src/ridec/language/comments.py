"""Comments kept by `ridec fmt`: each one attached to the construct it belongs with.

An own-line comment belongs with the next construct (a header line, `let`, step, cue, block
line or exercise) and a trailing comment with the construct on its line. A comment on a
description's continuation line goes with the next construct, since continuation lines are
rewritten. Constructs are keyed by the offset where their code starts, which the model's
spans carry.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import field
from typing import TYPE_CHECKING

from ridec.model import Alternate, Node, Repeat, Step, Workout
from ridec.records import record

if TYPE_CHECKING:
    from ridec.language.parser import Document


@record(frozen=False)
class Attached:
    """The comments and blank lines that go with one construct."""

    leading: list[tuple[str, bool]] = field(default_factory=list)
    """Own-line comments before it, each with whether a blank line came before it."""
    trailing: str | None = None
    """The comment at the end of its line."""
    blank_before: bool = False
    """Whether a blank line came right before it (after any leading comments)."""


def attach_comments(document: Document) -> tuple[dict[int, Attached], list[Attached]]:
    """Comments by construct start offset, and those after the last construct."""
    starts = set(_construct_starts(document))
    attached: dict[int, Attached] = {}
    pending: list[tuple[str, bool]] = []
    blank = False
    for line in document.lines:
        if line.is_blank:
            if line.comment is None:
                blank = True
            else:
                pending.append((line.comment.text, blank))
                blank = False
            continue
        trailing = line.comment.text if line.comment else None
        if line.code_start in starts:
            attached[line.code_start] = Attached(pending, trailing, blank)
            pending = []
        elif trailing is not None:
            pending.append((trailing, False))
        blank = False
    return attached, ([Attached(pending)] if pending else [])


def _construct_starts(document: Document) -> Iterator[int]:
    workout: Workout = document.workout
    yield from (line.code_start for line in document.header_lines.values())
    for param in workout.params:
        if param.span:
            yield param.span.start
    if workout.activation is not None:
        spans = [workout.activation.span, *(e.span for e in workout.activation.exercises)]
        yield from (span.start for span in spans if span is not None)
    yield from _node_starts(workout.body)


def _node_starts(nodes: Sequence[Node]) -> Iterator[int]:
    for node in nodes:
        if node.span is not None:
            yield node.span.start
        if isinstance(node, Step):
            yield from (cue.span.start for cue in node.cues if cue.span is not None)
        elif isinstance(node, Repeat):
            yield from _node_starts(node.body)
        elif isinstance(node, Alternate):
            yield from _node_starts(node.children)
