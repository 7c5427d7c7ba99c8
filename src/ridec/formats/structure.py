"""Recovers repeats from a flat run of model nodes: `a b a b a b` becomes `repeat 3: a b`.

Generic over `ridec.model` nodes, so every reader (ZWO, ERG/MRC, FIT) can fold what its
format spelled out. Each reader may refuse a fold its own writer would spell differently
(the ZWO reader refuses bodies its writer would turn into an IntervalsT), which keeps
write(read(write(x))) equal to write(x).

The scan is linear in the number of nodes: nodes are replaced by small integers (equal
nodes, equal numbers), periods are capped, and a fold skips the nodes it covers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ridec.model import Node, Repeat

Accept = Callable[[tuple[Node, ...], int], bool]
"""Whether a reader takes `repeat count: body`; called with (body, count)."""

MAX_PERIOD = 16
"""Longest body looked for; real workouts repeat blocks of a few steps."""
MAX_COUNT = 500
"""The language's largest repeat count; longer runs are split."""


def accept_all(body: tuple[Node, ...], count: int) -> bool:
    """The default: every run of two or more equal bodies is a repeat."""
    return True


def fold_repeats(
    nodes: Sequence[Node], accept: Accept = accept_all, max_period: int = MAX_PERIOD
) -> tuple[Node, ...]:
    """`nodes` with each run of equal consecutive bodies folded into a `Repeat`.

    At each position the run covering the most nodes wins (the shorter body on a tie), so
    `a b a b c a b a b c` becomes `repeat 2: (repeat 2: a b) c`; bodies are folded too.
    """
    ids = _class_ids(nodes)
    folded: list[Node] = []
    index = 0
    while index < len(nodes):
        run = _best_run(nodes, ids, index, accept, max_period)
        if run is None:
            folded.append(nodes[index])
            index += 1
            continue
        period, count = run
        body = fold_repeats(nodes[index : index + period], accept, max_period)
        folded.append(Repeat(count, body, span=nodes[index].span))
        index += period * count
    return tuple(folded)


def _class_ids(nodes: Sequence[Node]) -> list[int]:
    """Equal nodes get equal numbers, so runs compare as short integer lists."""
    classes: dict[Node, int] = {}
    return [classes.setdefault(node, len(classes)) for node in nodes]


def _best_run(
    nodes: Sequence[Node], ids: list[int], index: int, accept: Accept, max_period: int
) -> tuple[int, int] | None:
    """(period, count) of the accepted run at `index` covering the most nodes, if any."""
    candidates = []
    for period in range(1, min(max_period, (len(ids) - index) // 2) + 1):
        if not _primitive(ids[index : index + period]):
            continue
        count = _repetitions(ids, index, period)
        if count >= 2:
            candidates.append((period * count, -period, count))
    for _, negative_period, count in sorted(candidates, reverse=True):
        period = -negative_period
        if accept(tuple(nodes[index : index + period]), count):
            return period, count
    return None


def _primitive(body: list[int]) -> bool:
    """Whether `body` is not itself a repetition (`a a` is `a` twice, so never a body)."""
    size = len(body)
    return all(body != body[:part] * (size // part) for part in range(1, size) if size % part == 0)


def _repetitions(ids: list[int], index: int, period: int) -> int:
    body = ids[index : index + period]
    count = 1
    start = index + period
    while count < MAX_COUNT and ids[start : start + period] == body:
        count += 1
        start += period
    return count
