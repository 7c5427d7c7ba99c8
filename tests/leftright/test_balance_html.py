"""The balance page: self-contained, escaped, and (under `make interop`) clean in Chromium."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

import ridec
from ridec.leftright.html import balance_page
from tests.chromium import CHROMIUM, console_messages
from tests.leftright.balance_rides import INDOOR, OUTDOOR, pattern_ride
from tests.paths import EDGE810
from tests.review.review_rides import START


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter[str] = Counter()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def page() -> str:
    rides = [("edge810.fit", EDGE810.read_bytes())]
    for day in range(0, 40, 10):
        start = START + dt.timedelta(days=day)
        rides.append((f"in{day}.fit", pattern_ride(INDOOR, outdoor=False, start=start)))
        ride = pattern_ride(OUTDOOR, outdoor=True, start=start + dt.timedelta(days=2))
        rides.append((f"<b>out{day}</b>.fit", ride))
    rides.append(("broken.fit", b"not a ride"))
    return balance_page(ridec.balance(rides, 250))


def test_the_page_is_self_contained(page: str) -> None:
    parsed = _Tags()
    parsed.feed(page)
    assert parsed.tags["svg"] == 4
    assert parsed.tags["script"] == parsed.tags["img"] == parsed.tags["link"] == 0
    assert "https://" not in page and "http://" not in page.replace("http://www.w3.org/", "")
    text = " ".join(parsed.text)
    assert "<b>out0</b>.fit" in text and "<b>" not in page  # names are text, never markup
    assert "Outdoors your left leg does" in text and "not a diagnosis" in text
    assert "broken.fit: offset 0: error: not a FIT file" in text
    for title in ("Trend across rides", "Indoor against outdoor", "Minutes into the ride"):
        assert title in text


def test_the_trend_chart_draws_a_line_per_setting(page: str) -> None:
    assert page.count('class="trend"') == 2  # four dated rides of each setting


@pytest.mark.interop
def test_the_page_opens_in_headless_chromium_without_console_errors(
    page: str, tmp_path: Path
) -> None:
    assert CHROMIUM.exists(), "Chromium is missing: `make interop` installs it (apt chromium)"
    path = tmp_path / "balance.html"
    path.write_text(page, encoding="utf-8")
    dom, messages = console_messages(path, tmp_path)
    assert messages == []
    assert "<h1>Left/right balance across rides</h1>" in dom
    assert dom.count("<svg") == 4 and dom.count("<circle") > 10
