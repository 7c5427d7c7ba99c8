"""Iterations that differ only in numbers that count them, as one body with `{i}` and `{n}`.

A writer that spells a repeat out fills its texts in: "Set {i}/{n}" shows as "Set 1/3",
"Set 2/3", "Set 3/3". Nodes that are equal once the numbers in their texts are blanked
(`blanked`) are candidates; `agreeing` says for how many iterations from the first one
template holds, and `templated` writes it: a number that is the iteration becomes `{i}`, one
equal to the count in a text that also has `{i}` becomes `{n}`, and every other number must
be the same in all iterations. Texts are a step's label and cue texts, and a repeat's label.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ridec.model import Node, Repeat, Step

PLACEHOLDERS = ("{i}", "{n}")
"""What the language fills in inside a repeat."""
_NUMBER = re.compile(r"(\d+)")


def texts(node: Node) -> list[str | None]:
    """A node's own texts in a fixed order: a step's label and cue texts, a repeat's label."""
    if isinstance(node, Step):
        return [node.label, *(cue.text for cue in node.cues)]
    if isinstance(node, Repeat):
        return [node.label]
    return []


def has_placeholder(node: Node) -> bool:
    """Whether the node's own texts hold `{i}` or `{n}` (which a repeat would fill in)."""
    return any(text and any(p in text for p in PLACEHOLDERS) for text in texts(node))


def blanked(node: Node) -> Node:
    """`node` with every number in its own texts replaced by `#`."""
    if isinstance(node, Step):
        cues = tuple(replace(cue, text=_NUMBER.sub("#", cue.text)) for cue in node.cues)
        return replace(node, label=_blank(node.label), cues=cues)
    if isinstance(node, Repeat):
        return replace(node, label=_blank(node.label))
    return node


def agreeing(iterations: Sequence[Node], first_place: bool) -> int:
    """How many iterations from the first agree with one template (the nodes are equal once
    blanked). A repeat's label may only count at the first place of a body, where a writer
    shows it; elsewhere a repeat must be the same in every iteration."""
    if isinstance(iterations[0], Repeat) and not first_place:
        return next(
            (k for k, node in enumerate(iterations) if node != iterations[0]), len(iterations)
        )
    split = [_NUMBER.split(text) for text in texts(iterations[0]) if text is not None]
    # For each number of each text: (still the same, still counting the iterations).
    states = [[(True, parts[place] == "1") for place in range(1, len(parts), 2)] for parts in split]
    for k in range(1, len(iterations)):
        later = [_NUMBER.split(text) for text in texts(iterations[k]) if text is not None]
        for numbers, parts, now in zip(states, split, later, strict=True):
            for j, place in enumerate(range(1, len(parts), 2)):
                same, counting = numbers[j]
                numbers[j] = (
                    same and now[place] == parts[place],
                    counting and now[place] == str(k + 1),
                )
                if not any(numbers[j]):
                    return k
    return len(iterations)


def templated(iterations: Sequence[Node]) -> Node:
    """The node whose texts, filled in for iteration k + 1 of them all, are iteration k's."""
    node = iterations[0]
    count = len(iterations)
    columns = [_template(column, count) for column in zip(*map(texts, iterations), strict=True)]
    if isinstance(node, Step):
        label, *cue_texts = columns
        cues = tuple(
            replace(cue, text=text or "") for cue, text in zip(node.cues, cue_texts, strict=True)
        )
        return replace(node, label=label, cues=cues)
    if isinstance(node, Repeat):
        return replace(node, label=columns[0])
    return node


def _blank(text: str | None) -> str | None:
    return None if text is None else _NUMBER.sub("#", text)


def _template(column: Sequence[str | None], count: int) -> str | None:
    first = column[0]
    if first is None:
        return None
    split = [_NUMBER.split(text or "") for text in column]
    parts = list(split[0])
    counting = [
        place
        for place in range(1, len(parts), 2)
        if all(s[place] == str(k + 1) for k, s in enumerate(split))
    ]
    for place in counting:
        parts[place] = "{i}"
    for place in range(1, len(parts), 2):
        if counting and place not in counting and parts[place] == str(count):
            parts[place] = "{n}"
    return "".join(parts)
