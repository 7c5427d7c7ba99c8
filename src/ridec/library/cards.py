"""HTML fragments of the library index: one card per workout, one section per plan.

Workers render each card once, beside the outputs it links to, so the index is assembled by
concatenating small files and the library is never held in memory. Every piece of text is
escaped; the page needs no script and no network.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from ridec.stats import WorkoutStats
    from ridec.timeline import Timeline

CHART_WIDTH = 760
CHART_HEIGHT = 210


@dataclass(frozen=True, slots=True)
class Link:
    """A link from the index to one output file."""

    label: str
    """What the reader clicks: `ZWO`, `ERG (Ana, 280 W)`."""
    path: str
    """The file, relative to DIST (where index.html is)."""


def clock(seconds: int | None) -> str:
    """A duration as riders read it: `45:00`, `1:05:00`."""
    whole = seconds or 0
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def anchor_id(*parts: str) -> str:
    """A stable HTML id for a source (or one week's workout of a plan), unique on the page."""
    return "c" + hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:12]


def href(path: str) -> str:
    """A relative URL for a DIST path (spaces and other characters escaped)."""
    return quote(path, safe="/")


def links_html(title: str, links: Sequence[Link]) -> str:
    """One line of links to output files, or nothing when there are none."""
    if not links:
        return ""
    anchors = " ".join(
        f'<a href="{href(link.path)}" download>{escape(link.label)}</a>' for link in links
    )
    return f'<p class="formats"><span>{escape(title)}:</span> {anchors}</p>'


def workout_card(
    timeline: Timeline,
    source: str,
    *,
    links: Sequence[Link],
    athlete_links: Sequence[Link],
    chart_id: str,
    note: str = "",
    heading: str = "h3",
) -> str:
    """The card of one workout: name, duration, key stats, links and its chart."""
    from ridec.charts.svg import workout_chart
    from ridec.stats import workout_stats

    header = timeline.workout.header
    stats = workout_stats(timeline, whole_np_watts=True)  # cards show whole watts
    parts = [
        f'<article class="card" id="{escape(chart_id)}">',
        f"<{heading}>{escape(header.name)}</{heading}>",
        f'<p class="meta">{_meta(header.author, source, stats)}</p>',
    ]
    if note:
        parts.append(f'<p class="note">{escape(note)}</p>')
    if header.description:
        parts.append(f'<p class="description">{escape(header.description)}</p>')
    parts.append(links_html("Formats", links))
    parts.append(links_html("ERG per athlete", athlete_links))
    chart = workout_chart(
        timeline, width=CHART_WIDTH, height=CHART_HEIGHT, id_prefix=chart_id, title=header.name
    )
    parts.append(f'<figure class="chart">{chart}</figure>')
    parts.append(_stats_html(stats))
    parts.append("</article>")
    return "\n".join(p for p in parts if p) + "\n"


def _meta(author: str | None, source: str, stats: WorkoutStats) -> str:
    items = [f"<strong>{clock(stats.duration_s)}</strong>"]
    if author:
        items.append(f"by {escape(author)}")
    items.append(f"<code>{escape(source)}</code>")
    return " · ".join(items)


def _stats_html(stats: WorkoutStats) -> str:
    """Key figures as a definition list; a figure that cannot be computed is left out."""
    figures: list[tuple[str, str]] = [("Duration", clock(stats.duration_s))]
    if stats.tss is not None:
        figures.append(("TSS", f"{stats.tss:.0f}"))
    if stats.intensity_factor is not None:
        figures.append(("IF", f"{stats.intensity_factor:.2f}"))
    if stats.normalized_percent is not None:
        figures.append(("NP", f"{stats.normalized_percent:.0f} % FTP"))
    if stats.normalized_watts is not None:
        figures.append(("NP watts", f"{stats.normalized_watts:.0f} W"))
    if stats.work_kj is not None:
        figures.append(("Work", f"{stats.work_kj:.0f} kJ"))
    for label, seconds in (
        ("Standing", stats.standing_s),
        ("Upstroke only", stats.upstroke_s),
        ("Downstroke only", stats.downstroke_s),
    ):
        if seconds:
            figures.append((label, clock(seconds)))
    cadences = ", ".join(f"{c.text} {clock(c.seconds)}" for c in stats.cadence_s[:3])
    if cadences:
        figures.append(("Cadence", cadences))
    items = "".join(f"<div><dt>{escape(k)}</dt><dd>{escape(v)}</dd></div>" for k, v in figures)
    return f'<dl class="stats">{items}</dl>'


@dataclass(frozen=True, slots=True)
class PlanWeek:
    """One week of a plan as the index shows it."""

    week: int
    """1-based week number."""
    sessions: tuple[tuple[int, str], ...]
    """(sessions per week, the workout's card) for each workout of the week, in plan order."""


def plan_card(
    name: str,
    source: str,
    *,
    author: str | None,
    description: str | None,
    schedule: Link,
    weeks: Sequence[PlanWeek],
    anchor: str,
) -> str:
    """The section of one plan: its header, then every week in order with its workouts."""
    count = len(weeks)
    meta = [f"<strong>{count} week{'s' if count != 1 else ''}</strong>"]
    if author:
        meta.append(f"by {escape(author)}")
    meta.append(f"<code>{escape(source)}</code>")
    parts = [
        f'<section class="plan" id="{escape(anchor)}">',
        f"<h2>{escape(name)}</h2>",
        f'<p class="meta">{" · ".join(meta)}</p>',
    ]
    if description:
        parts.append(f'<p class="description">{escape(description)}</p>')
    parts.append(links_html("Schedule", [schedule]))
    parts.append(_week_index(weeks, anchor))
    for week in weeks:
        parts.append(f'<div class="week" id="{escape(anchor)}-week-{week.week:02d}">')
        parts.append(f"<h3>Week {week.week}</h3>")
        for per_week, card in week.sessions:
            times = "once a week" if per_week == 1 else f"{per_week} times a week"
            parts.append(f'<div class="session"><p class="times">{times}</p>{card}</div>')
        parts.append("</div>")
    parts.append("</section>")
    return "\n".join(parts) + "\n"


def _week_index(weeks: Sequence[PlanWeek], anchor: str) -> str:
    items = " ".join(
        f'<a href="#{escape(anchor)}-week-{w.week:02d}">Week {w.week}</a>' for w in weeks
    )
    return f'<nav class="weeks">{items}</nav>'
