"""Formatting: the canonical text `ridec fmt` writes, as one edit of the whole document."""

from __future__ import annotations

from lsprotocol import types

from ridec.diagnostics import DiagnosticError
from ridec.language import format_source
from ridec.language.plan_format import format_plan
from ridec.lsp.positions import LineIndex
from ridec.lsp.workspace import is_plan


def format_edits(text: str, path: str, index: LineIndex) -> list[types.TextEdit] | None:
    """The edit that makes `text` canonical; [] when it is; None when it has errors.

    A `.plan` is laid out as `ridec fmt` lays out plans, anything else as a `.ride`. A text
    with errors is left alone, as `ridec fmt` leaves the file: the diagnostics already say
    what to fix.
    """
    formatter = format_plan if is_plan(path) else format_source
    try:
        formatted = formatter(text, path)
    except DiagnosticError:
        return None
    if formatted == text:
        return []
    return [types.TextEdit(index.range(0, len(text)), formatted)]
