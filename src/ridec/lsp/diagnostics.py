"""ridec's diagnostics as the editor shows them: range at the span, hint and notes in the text.

A plan shows a problem of a workout file on the plan line that names the workout, prefixed
with the workout's `file:line:col`, and links to it as related information.
"""

from __future__ import annotations

from collections.abc import Callable

from lsprotocol import types

from ridec.diagnostics import Diagnostic, Severity, Source, Span
from ridec.lsp.plan_analysis import Placed, PlanAnalysis
from ridec.lsp.positions import LineIndex
from ridec.lsp.ride_analysis import RideAnalysis

SOURCE_NAME = "ridec"

_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.NOTE: types.DiagnosticSeverity.Information,
}

IndexOf = Callable[[Source], LineIndex]
"""The line index of another file's text (a workout a plan uses)."""
UriOf = Callable[[str], str]


def message_of(diagnostic: Diagnostic, where: str | None = None) -> str:
    """The message, then the hint and the notes on lines of their own."""
    lines = [f"{where}: {diagnostic.message}" if where else diagnostic.message]
    if diagnostic.hint:
        lines.append(f"hint: {diagnostic.hint}")
    lines.extend(f"note: {note}" for note in diagnostic.notes)
    return "\n".join(lines)


def _range(index: LineIndex, span: Span | None) -> types.Range:
    if span is None:
        return index.range(0, 0)
    return index.span_range(span)


def ride_diagnostics(analysis: RideAnalysis, index: LineIndex) -> list[types.Diagnostic]:
    """Every problem of a `.ride` text, at its span."""
    return [
        types.Diagnostic(
            range=_range(index, d.span if _here(d.span, analysis.path) else None),
            message=message_of(d),
            severity=_SEVERITIES[d.severity],
            source=SOURCE_NAME,
        )
        for d in analysis.diagnostics
    ]


def _here(span: Span | None, path: str) -> bool:
    return span is not None and span.source.path == path


def plan_diagnostics(
    analysis: PlanAnalysis, index: LineIndex, index_of: IndexOf, uri_of: UriOf
) -> list[types.Diagnostic]:
    """Every problem `ridec check` reports for a plan, placed in the plan."""
    return [_placed(placed, analysis, index, index_of, uri_of) for placed in analysis.placed]


def _placed(
    placed: Placed, analysis: PlanAnalysis, index: LineIndex, index_of: IndexOf, uri_of: UriOf
) -> types.Diagnostic:
    diagnostic = placed.diagnostic
    here = placed.span if _here(placed.span, str(analysis.path)) else None
    related = placed.related
    where = None
    information = None
    if related is not None and related.source.text is not None and placed.related_file:
        other = index_of(related.source)
        line, column = related.source.line_col(related.start)
        where = f"{related.source.path}:{line}:{column}"
        location = types.Location(uri_of(str(placed.related_file)), other.span_range(related))
        information = [types.DiagnosticRelatedInformation(location, message_of(diagnostic))]
    return types.Diagnostic(
        range=_range(index, here),
        message=message_of(diagnostic, where),
        severity=_SEVERITIES[diagnostic.severity],
        source=SOURCE_NAME,
        related_information=information,
    )
