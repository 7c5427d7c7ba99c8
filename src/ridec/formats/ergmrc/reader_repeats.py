"""Repeat labels back on their repeats, around `fold_repeats` (numbered, with `peel`).

ridec's writer shows a repeat's label ("Set {i}/{n}" as "Set 1/3") at the start of each
iteration, before the first step's own label (outer repeats' labels first). Texts shown for
the default time at one second are one row, joined by " | ", which the reader takes for the
step's label ("Set 1/3 | Stand 1"); a text with a time of its own stays a cue at 0 s.

- `peel` tells the fold how to take such a label off a step: the first part of a joined
  label goes and the rest is the step's label again; a label in one part goes, and the
  step's first text at the start, shown for the default time, is its label again. A run of
  iterations found only by peeling the first one is an inner repeat whose enclosing repeat
  shows its label there: it folds as `repeat 1 "Set 1/3": repeat 8: ...`, and the
  enclosing repeat, folded in turn, numbers that label.
- `repeat_labels` then puts labels where they belong: a `repeat 1` wrapper first in a
  repeat's body gives its label to that repeat; a first step's label that counts the
  iterations (it holds `{n}`) is the repeat's too, and the step's next text becomes its
  label again. A label that only numbers its step ("Sprint {i}") stays on the step: nothing
  in the file says otherwise.

The file written back shows the same texts in the same order either way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ridec.formats.ergmrc.course import TEXT_SEPARATOR
from ridec.model import Node, Repeat, Step


def peel(node: Node) -> tuple[Node, str] | None:
    """The step without the label an enclosing repeat may have shown first, and that label."""
    if not isinstance(node, Step) or node.label is None:
        return None
    head, _, tail = node.label.partition(TEXT_SEPARATOR)
    if tail:
        return replace(node, label=tail), head
    rest = _own_label(node)
    return None if rest is None else (rest, node.label)


def repeat_labels(nodes: Sequence[Node]) -> tuple[Node, ...]:
    """`nodes` with each repeat's label moved onto it, at every depth."""
    return tuple(_labelled(node) if isinstance(node, Repeat) else node for node in nodes)


def _labelled(repeat: Repeat) -> Repeat:
    body = repeat_labels(repeat.body)
    first = body[0] if body else None
    if repeat.label is not None or first is None:
        return replace(repeat, body=body)
    if isinstance(first, Repeat) and first.count == 1 and len(first.body) == 1 and first.label:
        return replace(repeat, body=(first.body[0], *body[1:]), label=first.label)
    if isinstance(first, Step) and first.label is not None and "{n}" in first.label:
        head, _, tail = first.label.partition(TEXT_SEPARATOR)
        if "{n}" in head:
            step = replace(first, label=tail) if tail else _own_label(first)
            step = step or replace(first, label=None)
            return replace(repeat, body=(step, *body[1:]), label=head)
    return replace(repeat, body=body)


def _own_label(step: Step) -> Step | None:
    """The step with its first text at the start (default display time) as its label, in
    place of the label it has; None when it has no such text."""
    cues = step.cues
    if not cues or cues[0].offset != 0 or cues[0].duration is not None or cues[0].from_end:
        return None
    return replace(step, label=cues[0].text, cues=cues[1:])
