"""`DIST/index.html`: the browsable library page, assembled from the cards workers wrote.

The page is streamed card by card into a temporary file and renamed into place, so a library
of any size is never held in memory. It is self-contained (inline CSS and SVG, no script, no
network) and every link is relative to DIST.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import IO

from ridec.library.cards import anchor_id
from ridec.library.manifest import MANIFEST_NAME, SourceRecord
from ridec.library.outdir import OutputDir

INDEX_NAME = "index.html"

STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1d1d1f;
background:#f6f6f4;line-height:1.45}
header,main{max-width:980px;margin:0 auto;padding:0 16px}
header{padding-top:24px}
h1{margin:0 0 4px}
h2{margin:32px 0 8px;border-bottom:2px solid #ddd;padding-bottom:4px}
.toc{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:0 24px;
font-size:14px}
.toc ul{margin:4px 0;padding-left:18px}
.card,.plan{background:#fff;border:1px solid #ddd;border-radius:8px;padding:12px 16px;
margin:12px 0}
.plan{background:#fbfbfa}
.card h3,.card h4{margin:0 0 4px}
.meta{color:#555;margin:0 0 6px;font-size:14px}
.description,.note{margin:4px 0;white-space:pre-line}
.note{font-weight:600}
.formats{margin:6px 0;font-size:14px}
.formats a{display:inline-block;padding:1px 8px;margin:2px 2px;border:1px solid #99a;
border-radius:4px;text-decoration:none;color:#124}
.chart{margin:8px 0;overflow-x:auto}
.chart svg{max-width:100%;height:auto}
.stats{display:flex;flex-wrap:wrap;gap:4px 18px;margin:4px 0;font-size:14px}
.stats dt{color:#666;font-size:12px}
.stats dd{margin:0;font-weight:600}
.weeks a{margin-right:10px}
.week{border-left:4px solid #c9d3e0;padding-left:12px;margin:16px 0}
.times{margin:8px 0 0;color:#555;font-style:italic}
.failed{color:#a00}
"""


def write_index(
    dist: OutputDir, records: Sequence[SourceRecord], version: str, targets: Sequence[str]
) -> None:
    """Write the library page for `records` (sorted by source) atomically."""
    plans = [r for r in records if r.kind == "plan"]
    workouts = [r for r in records if r.kind != "plan"]
    with dist.replacing_text(INDEX_NAME) as out:
        _head(out, plans, workouts, version, targets)
        if plans:
            out.write('<h2 id="plans">Plans</h2>\n')
            _cards(out, dist, plans)
        if workouts:
            out.write('<h2 id="workouts">Workouts</h2>\n')
            _cards(out, dist, workouts)
        _failed(out, [r for r in records if not r.ok])
        out.write("</main>\n</body>\n</html>\n")


def _head(
    out: IO[str],
    plans: Sequence[SourceRecord],
    workouts: Sequence[SourceRecord],
    version: str,
    targets: Sequence[str],
) -> None:
    formats = ", ".join(t.upper() for t in targets)
    out.write(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Workout library</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n"
        "<h1>Workout library</h1>\n"
        f'<p class="meta">{_count(len(plans), "plan")}, {_count(len(workouts), "workout")}'
        f" · formats {escape(formats)} · built by ridec {escape(version)} · "
        f'<a href="{MANIFEST_NAME}">{MANIFEST_NAME}</a></p>\n'
    )
    out.write('<nav class="toc">\n')
    for title, records in (("Plans", plans), ("Workouts", workouts)):
        if records:
            out.write(f"<div><strong>{title}</strong>\n<ul>\n")
            for record in records:
                name = escape(record.name or record.source)
                out.write(f'<li><a href="#{anchor_id(record.source)}">{name}</a></li>\n')
            out.write("</ul></div>\n")
    out.write("</nav>\n</header>\n<main>\n")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _cards(out: IO[str], dist: OutputDir, records: Sequence[SourceRecord]) -> None:
    for record in records:
        card = _read_card(dist, record.card)
        if card is None:
            name = escape(record.name or record.source)
            card = (
                f'<article class="card" id="{anchor_id(record.source)}"><h3>{name}</h3>'
                f'<p class="failed">Not built: <code>{escape(record.source)}</code> has errors.'
                "</p></article>\n"
            )
        out.write(card)


def _failed(out: IO[str], failed: Sequence[SourceRecord]) -> None:
    if not failed:
        return
    out.write('<h2 id="failed">Sources with errors</h2>\n<ul class="failed">\n')
    for record in failed:
        out.write(f"<li><code>{escape(record.source)}</code></li>\n")
    out.write("</ul>\n")


def _read_card(dist: OutputDir, card: str | None) -> str | None:
    if card is None:
        return None
    handle = dist.open_read(card)
    if handle is None:
        return None
    with handle:
        try:
            return handle.read().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None
