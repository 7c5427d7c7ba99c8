"""The canonical `.plan` layout, for `ridec fmt`: the plan read, then written back.

Canonical means lower-case keys, the header in the order the docs list it (name, author,
description, ftp, weeks), one blank line before the first `workout`, `N per week` only
when it is not 1, parameters without `$`, values in their shortest spelling (`2m30s`) and
`, ` between list values, ` -> ` around a progression. Comments stay with the line they
precede (or end), and single blank lines between workouts are kept.
"""

from __future__ import annotations

from pathlib import Path

from ridec.diagnostics import Source
from ridec.language.comments import Attached
from ridec.language.plan import PLAN_KEYS, Plan, PlanEntry, parse_plan_source
from ridec.language.printer import format_text, format_value
from ridec.language.progression import Series, SeriesForm
from ridec.language.tokens import Line, quote, split_lines

_SEPARATORS = {SeriesForm.LIST: ", ", SeriesForm.PROGRESSION: " -> "}


def format_plan(text: str, path: str = "<input>") -> str:
    """`text` in the canonical plan layout with its comments kept; raises DiagnosticError."""
    source = Source(path, text)
    plan = parse_plan_source(source)
    lines, _ = split_lines(source)
    constructs = _construct_lines(plan, source)
    comments, trailer = _attach(lines, constructs)
    return _PlanPrinter(comments).plan(plan, trailer)


def _construct_lines(plan: Plan, source: Source) -> set[int]:
    """The line numbers the printer writes a line for (header keys, workouts, series)."""
    numbers = {number for _, number in plan.header.lines}
    for entry in plan.entries:
        numbers.add(source.line_col(entry.span.start)[0])
        numbers.update(source.line_col(s.name_span.start)[0] for s in entry.series)
    return numbers


def _attach(lines: list[Line], constructs: set[int]) -> tuple[dict[int, Attached], list[Attached]]:
    """Comments by the line number of the construct they go with, and those at the end."""
    attached: dict[int, Attached] = {}
    pending: list[tuple[str, bool]] = []
    blank = False
    for line in lines:
        if line.is_blank:
            if line.comment is None:
                blank = True
            else:
                pending.append((line.comment.text, blank))
                blank = False
            continue
        trailing = line.comment.text if line.comment else None
        if line.number in constructs:
            attached[line.number] = Attached(pending, trailing, blank)
            pending = []
        elif trailing is not None:  # a description's continuation line is rewritten
            pending.append((trailing, False))
        blank = False
    return attached, ([Attached(pending)] if pending else [])


class _PlanPrinter:
    """Writes the plan's lines, putting back attached comments and blank lines."""

    def __init__(self, comments: dict[int, Attached]) -> None:
        from ridec.language.printer import _Printer

        self.out = _Printer(comments, [])

    def plan(self, plan: Plan, trailer: list[Attached]) -> str:
        header = plan.header
        numbers = dict(header.lines)
        values: dict[str, str | None] = {
            "name": header.name if "name" in numbers else None,
            "author": header.author,
            "description": header.description,
            "ftp": str(header.ftp) if header.ftp is not None else None,
            "weeks": str(header.weeks),
        }
        for key in PLAN_KEYS:
            value = values[key]
            if value is None or key not in numbers:
                continue
            first, *rest = value.split("\n") if key == "description" else [value]
            self.out.emit(0, f"{key}: {format_text(first)}", numbers[key])
            for text in rest:
                self.out.emit(1, format_text(text), None)
        source = plan.entries[0].span.source if plan.entries else None
        for index, entry in enumerate(plan.entries):
            self.entry(entry, source, section=index == 0)
        for attached in trailer:
            self.out.comment_lines(0, attached, section=False)
        return "\n".join(self.out.out) + "\n" if self.out.out else ""

    def entry(self, entry: PlanEntry, source: Source | None, *, section: bool) -> None:
        per_week = f" {entry.per_week} per week" if entry.per_week != 1 else ""
        colon = ":" if entry.series else ""
        number = source.line_col(entry.span.start)[0] if source else None
        text = f"workout {quote(entry.path)}{per_week}{colon}"
        self.out.emit(0, text, number, section=section, opens=bool(entry.series))
        for series in entry.series:
            line = series.name_span.source.line_col(series.name_span.start)[0]
            self.out.emit(1, f"{series.name}: {_values(series)}", line)


def _values(series: Series) -> str:
    written = [format_value(value.value, value.kind) for value in series.values]
    return _SEPARATORS[series.form].join(written)


def format_plan_file(path: Path) -> str:
    """The canonical form of the plan file at `path`."""
    from ridec.language import decode

    return format_plan(decode(path.read_bytes(), str(path)), str(path))
