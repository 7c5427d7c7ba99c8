"""The library page: self-contained, every link resolves, and it opens cleanly in Chromium."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.chromium import CHROMIUM
from tests.chromium import console_messages as _console_messages
from tests.library.build_helpers import run_build
from tests.paths import WORKOUTS


class _Page(HTMLParser):
    """Collects links, element ids, SVG references and text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: list[str] = []
        self.tags: Counter[str] = Counter()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src", "xlink:href"):
                self.links.append(value)
            elif name == "id":
                self.ids.append(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("index") / "dist"
    report = run_build([WORKOUTS], out)
    assert report.ok, report.diagnostics()
    return out


@pytest.fixture(scope="module")
def page(dist: Path) -> _Page:
    parser = _Page()
    parser.feed((dist / "index.html").read_text(encoding="utf-8"))
    parser.close()
    return parser


def test_every_link_resolves_to_a_file_or_an_anchor(dist: Path, page: _Page) -> None:
    assert len(page.links) > 100
    ids = set(page.ids)
    for link in page.links:
        parts = urlsplit(link)
        assert not parts.scheme and not parts.netloc, f"{link} leaves the library"
        if link.startswith("#"):
            assert link[1:] in ids, f"{link} names no element"
        else:
            assert (dist / unquote(parts.path)).is_file(), f"{link} is missing"


def test_ids_are_unique_and_every_svg_reference_resolves(dist: Path, page: _Page) -> None:
    counts = Counter(page.ids)
    assert [i for i, n in counts.items() if n > 1] == []
    html = (dist / "index.html").read_text(encoding="utf-8")
    references = set(re.findall(r"url\(#([^)]+)\)", html))
    assert references <= set(page.ids)


def test_the_page_is_self_contained(dist: Path, page: _Page) -> None:
    html = (dist / "index.html").read_text(encoding="utf-8")
    assert page.tags["script"] == 0
    assert page.tags["link"] == 0 and page.tags["img"] == 0 and page.tags["iframe"] == 0
    assert "http://" not in html.replace("http://www.w3.org/", "")
    assert "https://" not in html


def test_it_shows_names_durations_formats_weeks_and_charts(page: _Page) -> None:
    text = " ".join(page.text)
    for name in ("Standing technique", "Isolated pedal stroke", "VO2 max 3 sets of 8 x 30/30"):
        assert name in text
    assert "Back-pain protocol" in text
    weeks = [int(w) for w in re.findall(r"Week (\d+)\b", text)]
    assert weeks[:6] == [1, 2, 3, 4, 5, 6]  # the plan's week navigation, in order
    assert "W1 Standing technique" in text and "W6 Standing technique" in text
    # six workouts, and the plan's two workouts in each of its six weeks
    assert page.tags["svg"] == 6 + 12
    assert text.count("TSS") == 6 + 12
    for fmt in ("ZWO", "ERG", "MRC", "FIT", "JSON"):
        assert f" {fmt} " in f" {text} "
    assert "33:00" in text  # Standing technique: 10 + 3 x (2 + 3) + 8 minutes


@pytest.mark.interop
def test_the_index_opens_in_headless_chromium_without_console_errors(
    dist: Path, tmp_path: Path
) -> None:
    assert CHROMIUM.exists(), "Chromium is missing: `make interop` installs it (apt chromium)"
    # The harness must see a console error when there is one.
    control = tmp_path / "control.html"
    control.write_text('<script>console.error("control"); missingFunction();</script>')
    _, messages = _console_messages(control, tmp_path)
    assert any("missingFunction" in m for m in messages)

    dom, messages = _console_messages(dist / "index.html", tmp_path)
    assert messages == []
    assert "<h1>Workout library</h1>" in dom
    assert dom.count("<svg") == 6 + 12
