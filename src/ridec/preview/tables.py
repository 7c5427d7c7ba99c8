"""The preview's tables: the steps as ridden, and what each output format keeps."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ridec.charts.profile import clock
from ridec.lsp.compiler_bridge import FormatFidelity
from ridec.model import TargetKind
from ridec.stats import cadence_text
from ridec.timeline import CueKind, PowerLevels, Timeline, TimelineStep

MAX_STEP_ROWS = 400
"""A longer timeline is cut in the table (the chart shows it all)."""


def _number(value: float) -> str:
    return f"{value:.0f}" if round(value) == value else f"{value:.1f}"


def _levels(levels: PowerLevels, kind: TargetKind, unit: str) -> str:
    # Watts are shown whole, as a head unit shows them; % FTP keeps a written decimal.
    number = _number if unit.strip() == "% FTP" else (lambda value: f"{value:.0f}")
    if kind is TargetKind.RAMP:
        return f"{number(levels.start)} → {number(levels.end)}{unit}"
    if levels.low != levels.high:
        return f"{number(levels.low)}-{number(levels.high)}{unit}"
    return f"{number(levels.start)}{unit}"


def target_text(step: TimelineStep, ftp: int | None) -> str:
    """`75 % FTP · 188 W`, `z2 · 56-75 % FTP`, `free ride`, `max effort`."""
    kind = step.target.kind
    if kind is TargetKind.FREE:
        return "free ride"
    if kind is TargetKind.MAX:
        return "max effort"
    parts = []
    percent, watts = step.percent(ftp), step.watts(ftp)
    if step.target.zone is not None:
        parts.append(f"z{step.target.zone}")
    if percent is not None:
        parts.append(_levels(percent, kind, " % FTP"))
    if watts is not None:
        parts.append(_levels(watts, kind, " W"))
    return " · ".join(parts)


def steps_table(timeline: Timeline) -> str:
    """Every step as ridden: start, duration, intensity, target, cadence, technique, text."""
    rows = []
    for step in timeline.steps[:MAX_STEP_ROWS]:
        duration = "until lap" if step.duration_s is None else clock(step.duration_s)
        cadence = cadence_text(step.cadence) if step.cadence else ""
        flags = ", ".join(flag.value for flag in step.flags)
        cues = [c for c in step.cues if c.kind is CueKind.CUE]
        text = escape(step.label or "")
        if cues:
            text += f' <span class="cues">+{len(cues)} cue{"s" if len(cues) > 1 else ""}</span>'
        cells = [
            str(step.index + 1),
            clock(step.start_s),
            duration,
            step.intensity.value,
            escape(target_text(step, timeline.ftp)),
            cadence,
            flags,
            text,
        ]
        rows.append(
            f'<tr class="{step.intensity.value}">'
            + "".join(f"<td>{c}</td>" for c in cells)
            + "</tr>"
        )
    more = len(timeline.steps) - MAX_STEP_ROWS
    if more > 0:
        rows.append(f'<tr><td colspan="8">... and {more} more steps</td></tr>')
    head = "".join(
        f"<th>{name}</th>"
        for name in (
            "#",
            "start",
            "duration",
            "intensity",
            "target",
            "cadence",
            "technique",
            "label",
        )
    )
    return (
        '<table class="steps"><caption>Steps as ridden</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def fidelity_table(found: Sequence[FormatFidelity]) -> str:
    """Per format: features kept exactly, and each loss (degraded or dropped)."""
    rows = []
    for one in found:
        if one.error is not None:
            losses = f'<span class="failed">cannot compile: {escape(one.error)}</span>'
            exact = "-"
        else:
            items = sorted({_loss(kind, feature, became) for kind, feature, became in one.losses})
            losses = "<br>".join(escape(item) for item in items) or "none"
            exact = str(one.exact)
        rows.append(f"<tr><td>{one.target.upper()}</td><td>{exact}</td><td>{losses}</td></tr>")
    return (
        '<table class="fidelity"><caption>Per-format fidelity</caption>'
        "<thead><tr><th>format</th><th>exact</th><th>losses</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _loss(kind: str, feature: str, became: str | None) -> str:
    return f"{kind}: {feature} → {became}" if became else f"{kind}: {feature}"
