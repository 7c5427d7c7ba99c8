"""Hover texts in a plan: each week's value and how long that week's workout lasts."""

from __future__ import annotations

from lsprotocol import types

from ridec.charts.profile import clock
from ridec.diagnostics import Span
from ridec.language.printer import format_value
from ridec.language.progression import Series
from ridec.limits import workout_size
from ridec.lsp.plan_analysis import EntryResult, PlanAnalysis, Week
from ridec.lsp.positions import LineIndex
from ridec.model import ParamKind


def _inside(span: Span, offset: int) -> bool:
    return span.start <= offset <= span.end


def plan_hover(analysis: PlanAnalysis, offset: int, index: LineIndex) -> types.Hover | None:
    """The hover at `offset` of a plan: on a workout line, a parameter line or a value."""
    for result in analysis.entries:
        entry = result.entry
        for series in entry.series:
            for week_value in series.values:
                if _inside(week_value.span, offset):
                    weeks = _weeks_of(series, week_value.span, analysis.plan.header.weeks)
                    return _hover(_series_lines(result, series, weeks), index, week_value.span)
            if _inside(series.name_span, offset) or _inside(series.span, offset):
                return _hover(_series_lines(result, series, set()), index, series.name_span)
        if _inside(entry.span, offset):
            return _hover(_entry_lines(result), index, entry.span)
    return None


def _hover(lines: list[str], index: LineIndex, span: Span) -> types.Hover:
    content = types.MarkupContent(types.MarkupKind.Markdown, "\n".join(lines))
    return types.Hover(contents=content, range=index.span_range(span))


def _weeks_of(series: Series, span: Span, weeks: int) -> set[int]:
    """The weeks a written value gives its value to."""
    position = next(i for i, v in enumerate(series.values) if v.span == span)
    if len(series.values) == weeks:
        return {position + 1}
    if len(series.values) == 1:
        return set(range(1, weeks + 1))
    return {1} if position == 0 else {weeks}  # the ends of a progression


def _lasts(week: Week) -> str:
    """How long a week's workout lasts, from its counts (a table of 99 weeks of a workout
    of 86,400 steps cost 54 s to lower week by week)."""
    if week.workout is None:
        return "does not compile (see the problems)"
    size = workout_size(week.workout)
    laps = size.laps
    extra = f" + {laps} lap-button step{'s' if laps > 1 else ''}" if laps else ""
    return f"{clock(size.seconds)}{extra}"


def _series_lines(result: EntryResult, series: Series, marked: set[int]) -> list[str]:
    name = series.name
    workout = result.workout
    if workout is None or not result.weeks:
        return [f"**{name}** in `{result.entry.path}`: fix the problems to see its weeks"]
    kinds = {param.name: param.kind for param in workout.params}
    kind = kinds.get(name, ParamKind.COUNT)
    lines = []
    for week in result.weeks:
        if week.week in marked:
            written = format_value(dict(week.values)[name], kind)
            title = week.workout.header.name if week.workout else workout.header.name
            lines.append(
                f"**week {week.week}**: `{name}` = **{written}**, "
                f"*{title}* lasts **{_lasts(week)}**"
            )
    lines += ["", f"`{name}` of `{result.entry.path}`, week by week:", ""]
    lines += [f"| week | {name} | workout lasts |", "|---:|---:|---:|"]
    for week in result.weeks:
        cells = [str(week.week), format_value(dict(week.values)[name], kind), _lasts(week)]
        if week.week in marked:
            cells = [f"**{cell}**" for cell in cells]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _entry_lines(result: EntryResult) -> list[str]:
    entry = result.entry
    workout = result.workout
    times = "once a week" if entry.per_week == 1 else f"{entry.per_week} times a week"
    if workout is None:
        return [f"`{entry.path}`, {times}: fix the problems to see its weeks"]
    lines = [f"**{workout.header.name}** (`{entry.path}`), {times}", ""]
    names = [series.name for series in entry.series]
    kinds = {param.name: param.kind for param in workout.params}
    header = " | ".join(["week", *names, "workout lasts"])
    lines += [f"| {header} |", "|" + "---:|" * (len(names) + 2)]
    for week in result.weeks:
        values = dict(week.values)
        cells = [format_value(values[n], kinds.get(n)) for n in names if n in values]
        lines.append("| " + " | ".join([str(week.week), *cells, _lasts(week)]) + " |")
    return lines
