"""Recovers repeats from a flat run of model nodes: `a b a b a b` becomes `repeat 3: a b`.

Generic over `ridec.model` nodes, so every reader (ZWO, ERG/MRC, FIT) can fold what its
format spelled out. Each reader may refuse a fold its own writer would spell differently
(the ZWO reader refuses bodies its writer would turn into an IntervalsT), which keeps
write(read(write(x))) equal to write(x).

With `numbered=True` (ERG/MRC, whose writer spells a repeat's `{i}` and `{n}` out in its
texts), iterations may also differ in numbers that count them: "Set 1/3", "Set 2/3",
"Set 3/3" fold into one body that says "Set {i}/{n}" (`ridec.formats.numbered`). A reader
may also pass `peel`: how to take an enclosing repeat's label off the first step of a run,
where its writer shows it before the step's own texts. A run found only that way becomes
`repeat 1 "that label": repeat N: ...`, so that the enclosing repeat, folded in turn, can
number the label (`reader_repeats` then lifts it onto that repeat).

A body whose texts already hold `{i}` or `{n}` (written in a file as such) is never folded:
inside a repeat the language would fill them in.

The scan is linear in the number of nodes: nodes are replaced by small integers (equal
nodes, equal numbers), periods are capped, and a fold skips the nodes it covers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ridec.formats.numbered import (
    PLACEHOLDERS,
    agreeing,
    blanked,
    has_placeholder,
    templated,
)
from ridec.model import Node, Repeat
from ridec.records import record

Accept = Callable[[tuple[Node, ...], int], bool]
"""Whether a reader takes `repeat count: body`; called with (body, count)."""
Peel = Callable[[Node], tuple[Node, str] | None]
"""A node without the enclosing repeat's label its writer may show first, and that label."""

MAX_PERIOD = 16
"""Longest body looked for; real workouts repeat blocks of a few steps."""
MAX_COUNT = 500
"""The language's largest repeat count; longer runs are split."""
MAX_PASSES = 4
"""Scans of a numbered sequence: one more for each level of labelled repeats in repeats."""


def accept_all(body: tuple[Node, ...], count: int) -> bool:
    """The default: every run of two or more equal bodies is a repeat."""
    return True


@record
class _Classes:
    """Class numbers of the nodes: equal numbers, equal nodes (or equal once blanked)."""

    ids: list[int]
    primitive: bool
    """Whether a body must not itself be a repetition in these numbers."""
    peeled: list[int | None] | None = None
    """The number of each node with an enclosing repeat's label peeled off, if it has one."""


def fold_repeats(
    nodes: Sequence[Node],
    accept: Accept = accept_all,
    max_period: int = MAX_PERIOD,
    *,
    numbered: bool = False,
    peel: Peel | None = None,
) -> tuple[Node, ...]:
    """`nodes` with each run of equal consecutive bodies folded into a `Repeat`.

    At each position the run covering the most nodes wins (the shorter body on a tie), so
    `a b a b c a b a b c` becomes `repeat 2: (repeat 2: a b) c`; bodies are folded too.
    With `numbered`, bodies may differ in numbers that count the iterations (module doc),
    and the folded nodes are scanned again, up to `MAX_PASSES` times: a repeat whose
    iterations start with a numbered inner repeat ("Set 1/3" over "30/30 1/8") is only seen
    once the inner repeats are folded.
    """
    folded = _fold_pass(nodes, accept, max_period, numbered=numbered, peel=peel)
    for _ in range(MAX_PASSES - 1 if numbered else 0):
        if len(folded) == len(nodes):
            break
        nodes, folded = folded, _fold_pass(folded, accept, max_period, numbered=True, peel=peel)
    return folded


def _fold_pass(
    nodes: Sequence[Node],
    accept: Accept,
    max_period: int,
    *,
    numbered: bool,
    peel: Peel | None,
) -> tuple[Node, ...]:
    """One left-to-right scan of `nodes`, folding the best run at each position."""
    classes = [_Classes(_class_ids(nodes, {}), primitive=True)]
    if numbered:
        # Once numbers are blanked, `a1 a1` (one step twice, numbered once per iteration)
        # may be a body, so bodies need not be primitive there.
        table: dict[Node, int] = {}
        ids = _class_ids([blanked(node) for node in nodes], table)
        peeled = [_peeled_id(node, peel, table) for node in nodes] if peel else None
        classes.append(_Classes(ids, primitive=False, peeled=peeled))
    folded: list[Node] = []
    index = 0
    while index < len(nodes):
        run = _best_run(nodes, classes, index, accept, max_period=max_period, peel=peel)
        if run is None:
            folded.append(nodes[index])
            index += 1
            continue
        inner = fold_repeats(run.body, accept, max_period, numbered=numbered, peel=peel)
        repeat = Repeat(run.count, inner, span=nodes[index].span)
        if run.peeled is not None:
            repeat = Repeat(1, (repeat,), label=run.peeled, span=nodes[index].span)
        folded.append(repeat)
        index += len(run.body) * run.count
    return tuple(folded)


def _class_ids(nodes: Sequence[Node], table: dict[Node, int]) -> list[int]:
    """Equal nodes get equal numbers, so runs compare as short integer lists."""
    return [table.setdefault(node, len(table)) for node in nodes]


def _peeled_id(node: Node, peel: Peel | None, table: dict[Node, int]) -> int | None:
    found = peel(node) if peel else None
    return None if found is None else table.setdefault(blanked(found[0]), len(table))


@record
class _Run:
    body: tuple[Node, ...]
    count: int
    peeled: str | None = None
    """The enclosing repeat's label taken off the run's first step, if it was."""


def _best_run(
    nodes: Sequence[Node],
    classes: list[_Classes],
    index: int,
    accept: Accept,
    *,
    max_period: int,
    peel: Peel | None,
) -> _Run | None:
    """The accepted run at `index` covering the most nodes, if any (the shorter body on a
    tie, then one found without peeling)."""
    candidates: list[tuple[int, int, bool, _Run]] = []
    for kind in classes:
        # Where a second iteration could start: the next `longest` nodes.
        longest = min(max_period, (len(nodes) - index) // 2)
        window = kind.ids[index + 1 : index + 1 + longest]
        for first_id, first, label in _starts(nodes, kind, index, peel):
            if first_id not in window:
                continue  # no second iteration starts anywhere: the common case, one C scan
            for period, second_id in enumerate(window, start=1):
                if second_id != first_id:
                    continue
                body_ids = [first_id, *kind.ids[index + 1 : index + period]]
                if kind.primitive and not _primitive(body_ids):
                    continue
                count = _repetitions(kind.ids, index, body_ids)
                run = _common_body(nodes, index, period, count, first) if count >= 2 else None
                if run is not None:
                    run = _Run(run.body, run.count, label)
                    candidates.append((period * run.count, -period, label is None, run))
    for _, _, _, run in sorted(candidates, key=lambda c: c[:3], reverse=True):
        if accept(run.body, run.count):
            return run
    return None


def _starts(
    nodes: Sequence[Node], kind: _Classes, index: int, peel: Peel | None
) -> list[tuple[int, Node, str | None]]:
    """How a run at `index` may start: (class number, first node, label peeled off it).

    A peeled label that holds `{i}` or `{n}` was numbered by an enclosing fold, for that
    repeat's iterations. Only at the first place of a body does it go back on that repeat
    (`repeat 1 "Set {i}/{n}"` first in the body gives the body's repeat its label);
    anywhere else the `repeat 1` would fill the numbers in for itself ("Set 1/1"), so there
    the label stays on its step.
    """
    starts: list[tuple[int, Node, str | None]] = [(kind.ids[index], nodes[index], None)]
    peeled_id = kind.peeled[index] if kind.peeled else None
    found = peel(nodes[index]) if peel and peeled_id is not None else None
    numbered = found is not None and any(p in found[1] for p in PLACEHOLDERS)
    if found is not None and peeled_id is not None and (index == 0 or not numbered):
        starts.append((peeled_id, found[0], found[1]))
    return starts


def _primitive(body: list[int]) -> bool:
    """Whether `body` is not itself a repetition (`a a` is `a` twice, so never a body)."""
    size = len(body)
    return all(body != body[:part] * (size // part) for part in range(1, size) if size % part == 0)


def _repetitions(ids: list[int], index: int, body: list[int]) -> int:
    """How many times `body` runs from `index` (its first time is taken as given)."""
    period = len(body)
    count = 1
    start = index + period
    while count < MAX_COUNT and ids[start : start + period] == body:
        count += 1
        start += period
    return count


def _common_body(
    nodes: Sequence[Node], index: int, period: int, count: int, first: Node
) -> _Run | None:
    """The body that `count` iterations of `period` nodes from `index` (the first node read
    as `first`) share, with how many iterations from the first share it (fewer when a
    counted number stops counting); None when not two."""
    body = (first, *nodes[index + 1 : index + period])
    if any(has_placeholder(node) for node in body):
        return None

    def iterations(place: int, times: int) -> list[Node]:
        later = [nodes[index + place + k * period] for k in range(1, times)]
        return [body[place], *later]

    if all(nodes[index + k] == body[k % period] for k in range(period, period * count)):
        return _Run(body, count)
    shared = count
    for place in range(period):
        shared = min(shared, agreeing(iterations(place, shared), first_place=place == 0))
        if shared < 2:
            return None
    numbered = tuple(templated(iterations(place, shared)) for place in range(period))
    return _Run(numbered, shared)
