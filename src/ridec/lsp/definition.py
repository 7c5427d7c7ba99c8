"""Go to definition: a `$name` to its `let` line; in a plan, a workout file and its parameters."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from lsprotocol import types

from ridec.diagnostics import Span
from ridec.lsp.locate import declared_name, ref_at
from ridec.lsp.plan_analysis import PlanAnalysis
from ridec.lsp.positions import LineIndex
from ridec.lsp.ride_analysis import RideAnalysis
from ridec.model import Param

UriOf = Callable[[str], str]
ParamsOf = Callable[[Path], Sequence[Param] | None]
IndexOf = Callable[[str], LineIndex]
"""The line index of a file's text, by path."""


def ride_definition(
    analysis: RideAnalysis, offset: int, index: LineIndex, uri: str
) -> types.Location | None:
    """Where the `$name` at `offset` is declared."""
    found = ref_at(analysis.text, offset)
    if found is None:
        return None
    param = next((p for p in analysis.workout.params if p.name == found[0]), None)
    span = declared_name(param) if param is not None else None
    if span is None:
        return None
    return types.Location(uri, index.span_range(span))


def plan_definition(
    analysis: PlanAnalysis, offset: int, uri_of: UriOf, params_of: ParamsOf, index_of: IndexOf
) -> types.Location | None:
    """A workout file, or the `let` line of the parameter a plan sets."""
    for entry in analysis.plan.entries:
        path = Path(os.path.normpath(analysis.path.parent / entry.path))
        if _inside(entry.span, offset):
            start = types.Position(0, 0)
            return types.Location(uri_of(str(path)), types.Range(start, start))
        for series in entry.series:
            if not _inside(series.name_span, offset):
                continue
            param = next((p for p in params_of(path) or () if p.name == series.name), None)
            span = declared_name(param) if param is not None else None
            if span is None:
                return None
            return types.Location(uri_of(str(path)), index_of(span.source.path).span_range(span))
    return None


def _inside(span: Span, offset: int) -> bool:
    return span.start <= offset <= span.end
