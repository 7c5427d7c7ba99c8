"""The preview in headless Chromium: no console errors, the pushed view applied, the chart
drawn. The screenshot it takes is `docs/preview.png`, the one the README shows, copied there
with `make screenshot` (RIDEC_SCREENSHOT_UPDATE=1)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from tests.lsp.lsp_support import ridec_command
from tests.paths import ROOT
from tests.preview.preview_support import TIMEOUT_S, copy_library

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--enable-logging=stderr",
    "--v=0",
]
SCREENSHOT = ROOT / "docs" / "preview.png"
WINDOW = (1100, 1000)
CHART_COLOURS = {
    "warmup": (0x4A, 0x90, 0xD9),
    "interval": (0xE8, 0x77, 0x2E),
    "recovery": (0x7C, 0xC4, 0xE4),
    "cooldown": (0x7A, 0x6F, 0xD0),
}
"""The intensity colours of the chart's bands (ridec.charts.profile.INTENSITY_COLOURS)."""
MIN_PIXELS = 300
"""A band drawn at the preview's size covers thousands of pixels; a missing one, none."""


def _chromium(profile: Path, *arguments: str) -> tuple[str, list[str]]:
    """Run Chromium once: its standard output and the console messages it logged."""
    assert CHROMIUM.exists(), "Chromium is missing: `make interop` installs it (apt chromium)"
    result = subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *arguments],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S * 4,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout, [line for line in result.stderr.splitlines() if ":CONSOLE" in line]


def _wait_for_errors(url: str) -> None:
    """Until the preview has seen the broken save (the watcher takes a moment)."""
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        with urllib.request.urlopen(url + "view", timeout=TIMEOUT_S) as response:
            if not json.loads(response.read())["ok"]:
                return
        time.sleep(0.1)
    raise AssertionError("the preview never showed the broken file")


@pytest.fixture
def preview_url(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    library = copy_library(tmp_path / "library")
    path = library / "standing.ride"
    argv = ridec_command("preview", str(path), "--port", "0", "--no-browser")
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        yield process.stdout.readline().strip(), path
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


@pytest.mark.interop
def test_the_preview_runs_in_chromium_without_console_errors(
    preview_url: tuple[str, Path], tmp_path: Path
) -> None:
    url, path = preview_url
    # The harness must see a console error when there is one.
    control = tmp_path / "control.html"
    control.write_text('<script>console.error("control"); missingFunction();</script>')
    _, messages = _chromium(tmp_path / "profile", "--dump-dom", control.as_uri())
    assert any("missingFunction" in m for m in messages)

    dom, messages = _chromium(tmp_path / "profile", "--dump-dom", url)
    assert messages == []
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="ridec-chart"' in dom
    # The page's script ran under its nonce (a refused script would log a console error):
    # it marks the page live as it opens the event stream, before Chromium dumps the DOM.
    assert re.search(r'<html lang="en" data-live="(connecting|yes)">', dom)

    path.write_text(path.read_text(encoding="utf-8").replace("55% 85-95rpm seated", "55% seatd"))
    _wait_for_errors(url)
    dom, messages = _chromium(tmp_path / "profile", "--dump-dom", url)
    assert messages == []
    assert "<svg" not in dom and "1 problem in <code>standing.ride</code>" in dom
    assert "standing.ride:" in dom and "unknown word 'seatd'" in dom


@pytest.mark.interop
def test_the_screenshot_shows_the_chart_and_is_the_readmes(
    preview_url: tuple[str, Path], tmp_path: Path
) -> None:
    url, _ = preview_url
    shot = tmp_path / "preview.png"
    width, height = WINDOW
    _, messages = _chromium(
        tmp_path / "profile",
        f"--window-size={width},{height}",
        "--hide-scrollbars",
        f"--screenshot={shot}",
        url,
    )
    assert messages == []
    with Image.open(shot) as image:
        assert image.size == WINDOW
        colours = {
            colour: count for count, colour in image.convert("RGB").getcolors(width * height) or []
        }
    for intensity, colour in CHART_COLOURS.items():
        assert colours.get(colour, 0) >= MIN_PIXELS, f"no {intensity} band in the screenshot"
    # A test that rewrote a tracked file would leave every interop run with a dirty tree
    # (Chromium's PNG bytes differ from run to run): the README's copy changes on request.
    if os.environ.get("RIDEC_SCREENSHOT_UPDATE") == "1":
        SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copyfile(shot, SCREENSHOT)
