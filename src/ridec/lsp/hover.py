"""Hover texts: what a line of a workout or a plan means once the compiler has read it.

On a step: when it starts (from the workout's start, first iteration, and how many times it
is ridden), how long it lasts, its target in % FTP and in watts, its zone, cadence and flags.
On a repeat: its total duration. On a `$name`: its value and where it is declared. In a plan:
each week's value and how long that week's workout lasts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lsprotocol import types

from ridec.charts.profile import clock
from ridec.language.printer import format_target, format_value
from ridec.lsp.locate import (
    Located,
    at_line,
    block_end,
    duration_text,
    node_seconds,
    ref_at,
    seconds,
)
from ridec.lsp.positions import LineIndex
from ridec.lsp.ride_analysis import RideAnalysis
from ridec.model import (
    FREE,
    Alternate,
    Cadence,
    Cue,
    Lap,
    Param,
    ParamValue,
    Power,
    Ref,
    Repeat,
    Step,
    Target,
    TargetKind,
    format_duration,
)
from ridec.stats import cadence_text, zone_of
from ridec.timeline import FLAG_CUES, TimelineStep

ZONE_NAMES = {
    1: "active recovery",
    2: "endurance",
    3: "tempo",
    4: "threshold",
    5: "VO2 max",
    6: "anaerobic capacity",
    7: "neuromuscular power",
}
"""Coggan's names of the seven zones."""

MAX_STARTS_LISTED = 6
"""A step ridden more often lists its first few start times and the count."""


def _markdown(lines: Sequence[str], index: LineIndex, start: int, end: int) -> types.Hover:
    content = types.MarkupContent(types.MarkupKind.Markdown, "\n".join(lines))
    return types.Hover(contents=content, range=index.range(start, end))


def ride_hover(analysis: RideAnalysis, offset: int, index: LineIndex) -> types.Hover | None:
    """The hover at `offset` of a `.ride` text, if something there has one."""
    workout = analysis.workout
    defaults = {param.name: param.value for param in workout.params}
    ref = ref_at(analysis.text, offset)
    if ref is not None:
        name, start, end = ref
        param = next((p for p in workout.params if p.name == name), None)
        return _markdown(_param_lines(param, name), index, start, end)
    found = at_line(workout, analysis.text, offset)
    if found is None or found.construct.span is None:
        return None
    span = found.construct.span
    lines = _construct_lines(found, analysis, defaults)
    return _markdown(lines, index, span.start, span.end) if lines else None


def _construct_lines(
    found: Located, analysis: RideAnalysis, defaults: Mapping[str, ParamValue]
) -> list[str]:
    construct = found.construct
    if isinstance(construct, Step):
        return _step_lines(construct, analysis, defaults)
    if isinstance(construct, Repeat):
        return _repeat_lines(construct, found, analysis, defaults)
    if isinstance(construct, Param):
        return _param_lines(construct, construct.name)
    if isinstance(construct, Cue) and found.step is not None:
        return _cue_lines(construct, found.step, analysis, defaults)
    if isinstance(construct, Alternate):
        count = len(construct.children)
        return [
            f"**alternate** between {count} children: iteration *i* of the enclosing repeat "
            f"takes child (*i* - 1) mod {count} + 1"
        ]
    return []


def _param_lines(param: Param | None, name: str) -> list[str]:
    if param is None:
        return [f"**${name}** is not declared: add `let {name} = VALUE` above the steps"]
    lines = [f"**${name}**: {param.kind.value}, **{format_value(param.value, param.kind)}**"]
    if param.span is not None:
        line, _ = param.span.source.line_col(param.span.start)
        written = (param.span.source.text or "")[param.span.start : param.span.end]
        lines.append(f"declared on line {line}: `{written}`")
    lines.append(f"a plan or `--set {name}=...` may give it another value")
    return lines


def _occurrences(analysis: RideAnalysis, step: Step) -> list[TimelineStep]:
    if analysis.timeline is None or step.span is None:
        return []
    return [s for s in analysis.timeline.steps if s.span and s.span.start == step.span.start]


def _step_lines(
    step: Step, analysis: RideAnalysis, defaults: Mapping[str, ParamValue]
) -> list[str]:
    title = f"**{step.intensity.value}** step"
    if step.label:
        title += f": {step.label}"
    lines = [title, "", _starts(analysis, step)]
    lines.append(_duration_line(step.duration, defaults))
    target = _value(step.target, defaults)
    ftp = analysis.workout.header.ftp
    if isinstance(target, Target):
        lines.append(f"- target: {_target_text(target, ftp)}{_via(step.target)}")
    cadence = _value(step.cadence, defaults)
    if isinstance(cadence, Cadence):
        lines.append(f"- cadence: **{cadence_text(cadence)}**{_via(step.cadence)}")
    if step.flags:
        said = ", ".join(f'{flag.value} (cue "{FLAG_CUES[flag]}")' for flag in step.flags)
        lines.append(f"- flags: {said}")
    if step.cues:
        lines.append(f"- cues: {len(step.cues)}")
    return lines


def _starts(analysis: RideAnalysis, step: Step) -> str:
    if analysis.timeline is None:
        return "- starts: shown once the file has no errors"
    found = _occurrences(analysis, step)
    if not found:
        return "- never ridden: a repeat around it runs 0 times"
    first = f"- starts at **{clock(found[0].start_s)}** from the workout's start"
    if len(found) == 1:
        return first + " (ridden once)"
    later = ", ".join(clock(s.start_s) for s in found[1:MAX_STARTS_LISTED])
    more = ", ..." if len(found) > MAX_STARTS_LISTED else ""
    return f"{first} (first of **{len(found)}** times; then {later}{more})"


def _value(value: object, defaults: Mapping[str, ParamValue]) -> object:
    if isinstance(value, Ref):
        return defaults.get(value.name)
    return value


def _via(value: object) -> str:
    return f" (`${value.name}`)" if isinstance(value, Ref) else ""


def _duration_line(duration: int | Lap | Ref, defaults: Mapping[str, ParamValue]) -> str:
    value = seconds(duration, defaults)
    if isinstance(value, Lap):
        return "- lasts until the rider presses the lap button"
    if value is None:
        return (
            f"- lasts: unknown (`${duration.name}` is not declared)"
            if isinstance(duration, Ref)
            else "- lasts: unknown"
        )
    written = f"`${duration.name}` = " if isinstance(duration, Ref) else ""
    return f"- lasts **{duration_text(value)}** ({written}{format_duration(value)})"


def _power_text(power: Power, ftp: int | None) -> str:
    percent = power.to_percent(ftp)
    watts = power.to_watts(ftp)
    parts = [f"{percent:.0f} % FTP" if percent is not None else None]
    parts.append(f"{watts:.0f} W" if watts is not None else None)
    return " = ".join(p for p in parts if p)


def _zone(percent: float | None) -> str:
    if percent is None:
        return "?"
    zone = zone_of(percent)
    return f"z{zone} ({ZONE_NAMES[zone]})"


def _target_text(target: Target, ftp: int | None) -> str:
    if target == FREE:
        return "**free ride**: no power target, the trainer is not in ERG mode"
    if target.kind is TargetKind.MAX or target.low is None:
        return "**maximal effort**: no power number"
    low, high = target.low, target.high
    watts_unknown = "" if ftp is not None else " (watts unknown: no `ftp:` in the header)"
    if target.kind is TargetKind.STEADY or high is None:
        return f"**{_power_text(low, ftp)}**, zone {_zone(low.to_percent(ftp))}{watts_unknown}"
    joiner = " -> " if target.kind is TargetKind.RAMP else " to "
    text = f"**{_power_text(low, ftp)}{joiner}{_power_text(high, ftp)}**"
    low_pct, high_pct = low.to_percent(ftp), high.to_percent(ftp)
    if target.kind is TargetKind.RAMP:
        zones = f"zone {_zone(low_pct)} -> {_zone(high_pct)}"
    elif target.zone is not None:
        zones = f"`{format_target(target)}`: zone z{target.zone} ({ZONE_NAMES[target.zone]})"
    else:
        middle = None if low_pct is None or high_pct is None else (low_pct + high_pct) / 2
        zones = f"zone {_zone(middle)} at its middle"
    return f"{text}, {zones}{watts_unknown}"


def _repeat_lines(
    repeat: Repeat, found: Located, analysis: RideAnalysis, defaults: Mapping[str, ParamValue]
) -> list[str]:
    count = seconds(repeat.count, defaults)
    label = f": {repeat.label}" if repeat.label else ""
    lines = [f"**repeat** {count if count is not None else '?'} times{label}", ""]
    total = node_seconds(repeat, 1, defaults)
    if total is None or not isinstance(count, int):
        return [*lines, "- total duration: unknown until its parameters are declared"]
    # Alternates make iterations differ; the "N x D" shape is shown only when they do not.
    sample = range(1, min(count, 6) + 1)
    per = {sum(node_seconds(child, i, defaults) or 0 for child in repeat.body) for i in sample}
    shape = f" ({count} x {duration_text(per.pop())})" if len(per) == 1 else ""
    lines.append(f"- total duration: **{duration_text(total)}**{shape}{_via(repeat.count)}")
    lines.extend(_repeat_times(repeat, analysis))
    return lines


def _repeat_times(repeat: Repeat, analysis: RideAnalysis) -> list[str]:
    """When the repeat starts and how much it adds up to over the whole workout."""
    if analysis.timeline is None or repeat.span is None:
        return []
    start, end = repeat.span.start, block_end(repeat)
    inside = [s for s in analysis.timeline.steps if s.span and start <= s.span.start < end]
    if not inside:
        return ["- never ridden: its count (or an enclosing one) is 0"]
    lines = [f"- starts at **{clock(inside[0].start_s)}** from the workout's start"]
    in_all = sum(s.duration_s or 0 for s in inside)
    per_run = node_seconds(repeat, 1, {p.name: p.value for p in analysis.workout.params})
    if per_run and in_all > per_run:
        runs = round(in_all / per_run)
        lines.append(f"- in all: **{clock(in_all)}** (its enclosing repeats run it {runs} times)")
    return lines


def _cue_lines(
    cue: Cue, step: Step, analysis: RideAnalysis, defaults: Mapping[str, ParamValue]
) -> list[str]:
    offset = seconds(cue.offset, defaults)
    duration = seconds(step.duration, defaults)
    if not isinstance(offset, int):
        return []
    if cue.from_end and isinstance(duration, int):
        into = duration - offset
    elif cue.from_end:
        return ["**cue** counted from the end of a lap step: it has no known end"]
    else:
        into = offset
    lines = [f"**cue** {clock(into)} into its step", ""]
    found = _occurrences(analysis, step)
    if found:
        lines.append(f"- first shown at **{clock(found[0].start_s + into)}** from the start")
    return lines
