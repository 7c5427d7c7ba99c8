"""The outline: header, parameters, activation, repeats and steps; a plan's workouts."""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from ridec.diagnostics import Span
from ridec.language.tokens import Line
from ridec.lsp.locate import block_end, duration_text, node_seconds
from ridec.lsp.plan_analysis import PlanAnalysis
from ridec.lsp.positions import LineIndex
from ridec.lsp.ride_analysis import RideAnalysis
from ridec.model import Activation, Alternate, Node, ParamValue, Repeat, Step

Symbol = types.DocumentSymbol
Kind = types.SymbolKind
Extent = tuple[int, int]

MAX_DETAIL = 60
"""Longer values are cut in the outline."""


def _symbol(
    name: str,
    kind: Kind,
    index: LineIndex,
    extent: Extent,
    *,
    head: Extent | None = None,
    detail: str | None = None,
    children: Sequence[Symbol] = (),
) -> Symbol:
    """A symbol whose block is `extent` and whose name is written at `head` (its line)."""
    return Symbol(
        name=name or "(unnamed)",
        kind=kind,
        range=index.range(*extent),
        selection_range=index.range(*(head or extent)),
        detail=_cut(detail) if detail else None,
        children=list(children) or None,
    )


def _cut(text: str) -> str:
    return text if len(text) <= MAX_DETAIL else text[: MAX_DETAIL - 3] + "..."


def _of(span: Span) -> Extent:
    return span.start, span.end


def ride_symbols(analysis: RideAnalysis, index: LineIndex) -> list[Symbol]:
    """The outline of a `.ride` text."""
    workout = analysis.workout
    defaults = {param.name: param.value for param in workout.params}
    symbols = _header(analysis, index)
    for param in workout.params:
        if param.span is not None:
            line = index.text[param.span.start : param.span.end]
            symbols.append(_symbol(param.name, Kind.Variable, index, _of(param.span), detail=line))
    if workout.activation is not None and workout.activation.span is not None:
        symbols.append(_activation(workout.activation, workout.activation.span, index))
    symbols += [_node(node, node.span, index, defaults) for node in workout.body if node.span]
    return symbols


def _header(analysis: RideAnalysis, index: LineIndex) -> list[Symbol]:
    lines = analysis.document.lines
    found = sorted(analysis.document.header_lines.items(), key=lambda item: item[1].start)
    keys = []
    for key, line in found:
        value = index.text[line.code_start : line.code_end].partition(":")[2].strip()
        extent = (line.code_start, _continued(lines, line))
        head = (line.code_start, line.code_end)
        keys.append(_symbol(key, Kind.Property, index, extent, head=head, detail=value))
    if not keys:
        return []
    start, end = found[0][1].code_start, _continued(lines, found[-1][1])
    name = analysis.workout.header.name
    return [
        _symbol(
            "header",
            Kind.Namespace,
            index,
            (start, end),
            head=(start, start),
            detail=name,
            children=keys,
        )
    ]


def _continued(lines: Sequence[Line], line: Line) -> int:
    """The end of a header line and of the lines indented under it (a description)."""
    end = line.code_end
    for other in lines[line.number :]:
        if other.is_blank:
            continue
        if other.indent <= line.indent:
            break
        end = other.code_end
    return end


def _activation(activation: Activation, span: Span, index: LineIndex) -> Symbol:
    children = [
        _symbol(exercise.name, Kind.Field, index, _of(exercise.span))
        for exercise in activation.exercises
        if exercise.span is not None
    ]
    extent = (span.start, block_end(activation))
    name = activation.label or "activation"
    return _symbol(
        name, Kind.Module, index, extent, head=_of(span), detail="activation", children=children
    )


def _node(node: Node, span: Span, index: LineIndex, defaults: dict[str, ParamValue]) -> Symbol:
    head = _of(span)
    extent = (span.start, block_end(node))
    line = index.text[span.start : span.end]
    if isinstance(node, Step):
        cues = [_symbol(c.text, Kind.String, index, _of(c.span)) for c in node.cues if c.span]
        name = node.label or line
        detail = line if node.label else None
        return _symbol(name, Kind.Event, index, extent, head=head, detail=detail, children=cues)
    children = node.body if isinstance(node, Repeat) else node.children
    inner = [_node(child, child.span, index, defaults) for child in children if child.span]
    if isinstance(node, Alternate):
        return _symbol("alternate", Kind.Enum, index, extent, head=head, children=inner)
    total = node_seconds(node, 1, defaults)
    detail = f"{duration_text(total)} in all" if total is not None else None
    return _symbol(
        line.rstrip(":"), Kind.Array, index, extent, head=head, detail=detail, children=inner
    )


def plan_symbols(analysis: PlanAnalysis, index: LineIndex) -> list[Symbol]:
    """The outline of a plan: its header lines and each workout with its parameters."""
    symbols = []
    first_workout = min((e.span.start for e in analysis.plan.entries), default=len(index.text))
    for number, start in enumerate(index.starts):
        if start >= first_workout:
            break  # the header is above the first workout
        text = index.line_text(number)
        key, colon, value = text.partition(":")
        if text[:1].isalpha() and colon and key.strip().isalpha():
            extent = (start, start + len(text.rstrip()))
            head = (start, start + len(key.strip()))
            symbols.append(
                _symbol(key.strip(), Kind.Property, index, extent, head=head, detail=value.strip())
            )
    for entry in analysis.plan.entries:
        line = index.line_of(entry.span.start)
        end = index.line_end(line)
        children = []
        for series in entry.series:
            extent = (series.name_span.start, series.span.end)
            values = index.text[series.span.start : series.span.end]
            children.append(
                _symbol(
                    series.name,
                    Kind.Variable,
                    index,
                    extent,
                    head=_of(series.name_span),
                    detail=values,
                )
            )
            end = max(end, series.span.end)
        times = "once a week" if entry.per_week == 1 else f"{entry.per_week} per week"
        extent = (index.starts[line], end)
        symbols.append(
            _symbol(
                entry.path,
                Kind.File,
                index,
                extent,
                head=_of(entry.span),
                detail=times,
                children=children,
            )
        )
    return symbols
