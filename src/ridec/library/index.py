"""`DIST/index.html`: the browsable library page, assembled from the sources' cards.

The page is streamed card by card into a temporary file and renamed into place, so a library
of any size is never held in memory. It is self-contained (inline CSS and SVG, no script, no
network) and every link is relative to DIST.

The page is also where the cards are kept between builds: a card is never a file of its
own (a file created per workout cost as much as rendering its chart). A card compiled by
this build comes from the build's spool; a kept source's card is copied from the page being
replaced, at the bytes its record gives, and only when they still hash to the recorded
SHA-256 (`PageCards`). `write_index` says where each card went, for the manifest.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from html import escape
from typing import IO

from ridec.library.cards import anchor_id
from ridec.library.hashing import bytes_hash
from ridec.library.manifest import MANIFEST_NAME, LineSpool, SourceRecord, Spooled
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


Places = Mapping[str, tuple[int, int]]
"""Where each source's card is in the page written: offset and length, by source key."""


class PageCards:
    """The cards of the page in DIST (the last build's), read where their records say."""

    def __init__(self, dist: OutputDir) -> None:
        self.dist = dist
        self._handle: IO[bytes] | None = None
        self._opened = False

    def read(self, at: tuple[int, int], sha256: str) -> bytes | None:
        """The card at `at` (offset, length), or None unless its bytes hash to `sha256`."""
        handle = self._open()
        if handle is None:
            return None
        offset, length = at
        try:
            # The record is only a claim (a hand-edited manifest can say anything): a place
            # past the page's end is not read, so no seek overflows and no read is sized by it.
            if offset + length > os.fstat(handle.fileno()).st_size:
                return None
            handle.seek(offset)
            data = handle.read(length)
        except (OSError, ValueError, OverflowError):
            return None
        return data if len(data) == length and bytes_hash(data) == sha256 else None

    def close(self) -> None:
        """Close the page (a later read opens it again)."""
        if self._handle is not None:
            self._handle.close()
        self._handle, self._opened = None, False

    def _open(self) -> IO[bytes] | None:
        if not self._opened:
            self._handle, self._opened = self.dist.open_read(INDEX_NAME), True
        return self._handle


def write_index(
    dist: OutputDir,
    records: Sequence[SourceRecord],
    version: str,
    targets: Sequence[str],
    spool: LineSpool,
) -> dict[str, tuple[int, int]]:
    """Write the library page for `records` (sorted by source) atomically; where each card
    went. A card is taken from `spool` when this build made it, else from the page being
    replaced; a card found in neither is left out (its source shows as not built)."""
    plans = [r for r in records if r.kind == "plan"]
    workouts = [r for r in records if r.kind != "plan"]
    page = PageCards(dist)
    try:
        with dist.replacing_text(INDEX_NAME) as out:
            sink = _Sink(out)
            _head(sink, plans, workouts, version, targets)
            if plans:
                sink.write('<h2 id="plans">Plans</h2>\n')
                _cards(sink, plans, spool, page)
            if workouts:
                sink.write('<h2 id="workouts">Workouts</h2>\n')
                _cards(sink, workouts, spool, page)
            _failed(sink, [r for r in records if not r.ok])
            sink.write("</main>\n</body>\n</html>\n")
    finally:
        page.close()
    return sink.places


class _Sink:
    """The page being written, counting its bytes to say where each card is."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.size = 0
        self.places: dict[str, tuple[int, int]] = {}

    def write(self, text: str) -> None:
        self.out.write(text)
        self.size += len(text.encode("utf-8"))

    def card(self, source: str, data: bytes) -> None:
        self.out.write(data.decode("utf-8"))
        self.places[source] = (self.size, len(data))
        self.size += len(data)


def _head(
    out: _Sink,
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


def _cards(out: _Sink, records: Sequence[SourceRecord], spool: LineSpool, page: PageCards) -> None:
    for record in records:
        card = _card(record, spool, page)
        if card is not None:
            out.card(record.source, card)
            continue
        name, source = escape(record.name or record.source), escape(record.source)
        # A source built without error has no card here only when the page lost it while
        # this build ran (it was changed by hand): the next build compiles it again.
        why = (
            f"Card lost: <code>{source}</code> is compiled again by the next build."
            if record.ok
            else f"Not built: <code>{source}</code> has errors."
        )
        out.write(
            f'<article class="card" id="{anchor_id(record.source)}"><h3>{name}</h3>'
            f'<p class="failed">{why}</p></article>\n'
        )


def _card(record: SourceRecord, spool: LineSpool, page: PageCards) -> bytes | None:
    at, sha256 = record.card_at, record.card_sha256
    if at is None or sha256 is None or record.card != INDEX_NAME:
        return None
    if isinstance(at, Spooled):
        return spool.read_bytes(at)
    return page.read(at, sha256)


def _failed(out: _Sink, failed: Sequence[SourceRecord]) -> None:
    if not failed:
        return
    out.write('<h2 id="failed">Sources with errors</h2>\n<ul class="failed">\n')
    for record in failed:
        out.write(f"<li><code>{escape(record.source)}</code></li>\n")
    out.write("</ul>\n")
