"""What the preview shows of a file: a workout, a plan's weeks, or the file's errors.

A workout gets the library index's card (name, duration, chart with technique shading and
cadence bands, stats), then its steps as ridden and what each format keeps. A plan gets every
week with its workouts' cards, and the fidelity of each workout. A file with errors gets the
errors, located and with their line, instead of a chart that no longer matches it. A file
that is gone says so, and so does a render that failed in ridec itself (any exception: the
preview keeps following the file and shows it again at the next save).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from html import escape
from pathlib import Path

from ridec.diagnostics import Diagnostic, DiagnosticError
from ridec.lsp import compiler_bridge
from ridec.preview.tables import fidelity_table, steps_table
from ridec.timeline import Timeline, lower

CHART_ID = "preview"


@dataclass(frozen=True, slots=True)
class View:
    """The page's content for one version of the file."""

    ok: bool
    """False when the file has errors (the view lists them)."""
    title: str
    """The workout's or plan's name, or the file's."""
    html: str
    """The content of the page's `<main>`."""
    status: str = ""
    """What the page says beside the file name; empty for the usual words."""

    @property
    def state(self) -> str:
        """The status line: `up to date`, `the file has errors`, or what else happened."""
        return self.status or ("up to date" if self.ok else "the file has errors")


def render_view(path: Path) -> View:
    """The view of the file as it is on disk now; never raises."""
    try:
        if not os.path.lexists(path):
            return missing_view(path)
        if path.suffix.lower() == ".plan":
            return _plan_view(path)
        return _workout_view(path)
    except DiagnosticError as exc:
        return error_view(path, exc.diagnostics)
    except Exception as exc:  # a bug in ridec must not end the preview: the page says so
        return failure_view(path, exc)


def _workout_view(path: Path) -> View:
    from ridec.pipeline import load_with_warnings

    loaded = load_with_warnings(path)
    timeline = lower(loaded.workout)
    parts = [compiler_bridge.workout_card(timeline, path.name, CHART_ID)]
    if loaded.warnings:
        parts.append(_warnings(loaded.warnings))
    parts.append(steps_table(timeline))
    parts.append(fidelity_table(compiler_bridge.fidelity(timeline)))
    return View(True, timeline.workout.header.name, "\n".join(parts))


def _plan_view(path: Path) -> View:
    from ridec.language.plan import expand_plan, load_plan

    plan = load_plan(path)
    planned = expand_plan(plan)
    header = plan.header
    meta = [f"<strong>{header.weeks} week{'s' if header.weeks != 1 else ''}</strong>"]
    if header.author:
        meta.append(f"by {escape(header.author)}")
    meta.append(f"<code>{escape(path.name)}</code>")
    parts = [
        f'<section class="plan" id="{CHART_ID}">',
        f"<h2>{escape(header.name)}</h2>",
        f'<p class="meta">{" · ".join(meta)}</p>',
    ]
    if header.description:
        parts.append(f'<p class="description">{escape(header.description)}</p>')
    links = " ".join(f'<a href="#week-{w:02d}">Week {w}</a>' for w in range(1, header.weeks + 1))
    parts.append(f'<nav class="weeks">{links}</nav>')
    first_weeks: dict[str, Timeline] = {}
    for week in range(1, header.weeks + 1):
        parts.append(f'<div class="week" id="week-{week:02d}"><h3>Week {week}</h3>')
        for one in (p for p in planned if p.week == week):
            timeline = lower(one.workout)
            first_weeks.setdefault(one.stem, timeline)
            times = "once a week" if one.sessions == 1 else f"{one.sessions} times a week"
            chart_id = compiler_bridge.anchor_id(str(path), str(week), one.stem)
            card = compiler_bridge.workout_card(timeline, one.source, chart_id, heading="h4")
            parts.append(f'<div class="session"><p class="times">{times}</p>{card}</div>')
        parts.append("</div>")
    for stem, timeline in first_weeks.items():
        table = fidelity_table(compiler_bridge.fidelity(timeline))
        parts.append(table.replace("Per-format fidelity", f"Per-format fidelity: {stem} (week 1)"))
    parts.append("</section>")
    return View(True, header.name, "\n".join(parts))


def _warnings(warnings: tuple[Diagnostic, ...]) -> str:
    items = "".join(f"<li><pre>{escape(w.render())}</pre></li>" for w in warnings)
    return f'<section class="warnings"><h3>Read with warnings</h3><ul>{items}</ul></section>'


def error_view(path: Path, diagnostics: tuple[Diagnostic, ...]) -> View:
    """The file's errors, each located and shown under its line, instead of a chart."""
    count = len(diagnostics)
    items = "".join(f"<li><pre>{escape(d.render())}</pre></li>" for d in diagnostics)
    html = (
        f'<section class="errors" id="errors"><h2>{count} problem{"s" if count != 1 else ""} '
        f"in <code>{escape(path.name)}</code></h2>"
        "<p>The chart comes back as soon as the file checks clean; save again after a fix.</p>"
        f"<ol>{items}</ol></section>"
    )
    return View(False, path.name, html)


def missing_view(path: Path) -> View:
    """The file is not there (deleted, renamed, or its folder removed)."""
    html = (
        f'<section class="errors" id="errors"><h2><code>{escape(path.name)}</code> is gone'
        "</h2><p>It was deleted or renamed, or its folder was removed: "
        f"<code>{escape(str(path))}</code> is not there. The preview shows it again as soon "
        "as it is back.</p></section>"
    )
    return View(False, path.name, html, "the file is gone")


def failure_view(path: Path, exc: BaseException) -> View:
    """A render that failed in ridec itself: what was raised, and that the preview goes on."""
    what = escape(f"{type(exc).__name__}: {exc}")
    html = (
        f'<section class="errors" id="errors"><h2>ridec could not show '
        f"<code>{escape(path.name)}</code></h2><pre>{what}</pre>"
        "<p>This is a fault in ridec, not in the file: please report it with the file. The "
        "preview keeps following the file and tries again at the next save.</p></section>"
    )
    return View(False, path.name, html, "ridec failed to show the file")
