"""Repeat recovery (`ridec.formats.structure`), shared by every reader."""

from __future__ import annotations

from ridec.diagnostics import Source, Span
from ridec.formats.structure import MAX_COUNT, fold_repeats
from ridec.model import Node, Repeat, Step
from tests.targets import steady

A, B, C = Step(60, steady(50)), Step(30, steady(120)), Step(90, steady(70))


def test_a_run_of_a_pair_becomes_one_repeat() -> None:
    assert fold_repeats([A, B, A, B, A, B]) == (Repeat(3, (A, B)),)


def test_the_longest_run_wins_and_bodies_are_folded_too() -> None:
    nodes = [A, B, A, B, C] * 2
    assert fold_repeats(nodes) == (Repeat(2, (Repeat(2, (A, B)), C)),)


def test_shorter_body_wins_a_tie() -> None:
    assert fold_repeats([A, A, A, A]) == (Repeat(4, (A,)),)


def test_single_nodes_and_short_runs_stay() -> None:
    assert fold_repeats([A, B, C, B]) == (A, B, C, B)
    assert fold_repeats([A, A, B]) == (Repeat(2, (A,)), B)


def test_a_refused_fold_falls_back_to_the_next_candidate() -> None:
    def no_pairs(body: tuple[Node, ...], count: int) -> bool:
        return len(body) != 2

    assert fold_repeats([A, B, A, B], no_pairs) == (A, B, A, B)
    assert fold_repeats([A, A, B, A, A, B], no_pairs) == (Repeat(2, (Repeat(2, (A,)), B)),)


def test_spans_do_not_stop_a_fold_and_the_repeat_takes_the_first_span() -> None:
    source = Source("x.zwo", "abc")
    first = Step(60, steady(50), span=Span(source, 0, 1))
    second = Step(60, steady(50), span=Span(source, 2, 3))
    (repeat,) = fold_repeats([first, second])
    assert repeat == Repeat(2, (A,)) and repeat.span == first.span


def test_counts_are_capped_at_the_language_limit() -> None:
    folded = fold_repeats([A] * (2 * MAX_COUNT + 1))
    assert folded == (Repeat(MAX_COUNT, (A,)), Repeat(MAX_COUNT, (A,)), A)


def test_long_inputs_fold_without_blowing_up() -> None:
    distinct = [Step(seconds, steady(50)) for seconds in range(1, 5001)]
    assert fold_repeats(distinct) == tuple(distinct)
    assert fold_repeats([A, B, C] * 3000) == tuple([Repeat(MAX_COUNT, (A, B, C))] * 6)
