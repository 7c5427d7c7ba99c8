"""`ridec preview`'s server: the page, the update after a save, the error view, plans."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ridec.timeline import lower
from tests.preview.preview_support import EventStream, copy_library, serving

STANDING_STEPS = 8  # warm-up, 3 x (standing, recovery), cool-down


def _save(path: Path, text: str) -> None:
    """Save as many editors do: a new file renamed over the old one."""
    temporary = path.with_name(f".{path.name}.saving")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def test_the_page_has_the_chart_stats_steps_and_fidelity(tmp_path: Path) -> None:
    library = copy_library(tmp_path / "library")
    with serving(library / "standing.ride") as running:
        status, kind, html = running.get("/")
    assert status == 200 and kind == "text/html; charset=utf-8"
    assert "<title>Standing technique · ridec preview</title>" in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="ridec-chart"') == 1
    assert 'class="shade shade-standing"' in html  # technique shading
    assert 'class="cadence"' in html  # cadence bands
    assert "<dt>TSS</dt>" in html and "<dt>Duration</dt><dd>33:00</dd>" in html
    rows = re.findall(r'<tr class="(\w+)"><td>\d+</td>', html)
    assert rows == ["warmup"] + ["interval", "recovery"] * 3 + ["cooldown"]
    assert "<td>10:00</td><td>2:00</td><td>interval</td><td>75 % FTP · 188 W</td>" in html
    assert "<td>50-60 rpm</td><td>standing</td>" in html
    for fmt in ("ZWO", "ERG", "MRC", "FIT", "JSON"):
        assert f"<tr><td>{fmt}</td>" in html
    assert "degraded: ramp 45% to 70% → 20 steps of 30 s" in html
    nonce = re.search(r"script-src 'nonce-([^']+)'", html)
    assert nonce is not None and f'<script nonce="{nonce.group(1)}">' in html


def test_a_save_is_pushed_to_the_page(tmp_path: Path) -> None:
    library = copy_library(tmp_path / "library")
    path = library / "standing.ride"
    with serving(path) as running:
        stream = EventStream(running)
        first = stream.next_view()
        assert (first["version"], first["ok"], first["title"]) == (1, True, "Standing technique")
        text = path.read_text(encoding="utf-8")
        _save(path, text.replace("let reps = 3", "let reps = 5"))
        second = stream.next_view()
        stream.close()
    assert second["version"] == 2 and second["ok"]
    assert second["html"].count('<tr class="interval">') == 5
    assert "<dt>Duration</dt><dd>43:00</dd>" in second["html"]
    assert running.reports and running.reports[-1].ok


def test_errors_replace_the_chart_located_with_their_line(tmp_path: Path) -> None:
    library = copy_library(tmp_path / "library")
    path = library / "standing.ride"
    text = path.read_text(encoding="utf-8")
    broken = text.replace("recovery $recover 55%", "recovery $recover 55% stnding")
    line = next(i for i, row in enumerate(broken.splitlines(), 1) if "stnding" in row)
    with serving(path) as running:
        stream = EventStream(running)
        stream.next_view()
        path.write_text(broken, encoding="utf-8")  # written in place, as other editors do
        failed = stream.next_view()
        _save(path, text)
        fixed = stream.next_view()
        stream.close()
        status, _, page = running.get("/")
    assert not failed["ok"] and failed["title"] == "standing.ride"
    html = failed["html"]
    assert "<svg" not in html and "Steps as ridden" not in html
    assert "1 problem in <code>standing.ride</code>" in html
    assert re.search(rf"standing\.ride:{line}:\d+: error: unknown word &#x27;stnding&#x27;", html)
    assert "recovery $recover 55% stnding" in html and "^^^^^^^" in html
    assert "hint: did you mean &#x27;standing&#x27;?" in html
    assert fixed["ok"] and "<svg" in fixed["html"]
    assert status == 200 and "<svg" in page


def test_a_plan_shows_its_weeks_and_follows_its_workouts(tmp_path: Path) -> None:
    library = copy_library(tmp_path / "library")
    with serving(library / "back-pain-protocol.plan") as running:
        stream = EventStream(running)
        first = stream.next_view()
        workout = library / "isolated-stroke.ride"
        text = workout.read_text(encoding="utf-8")
        _save(workout, text.replace('"Warm up: easy spin"', '"Warm up gently"'))
        second = stream.next_view()
        stream.close()
    html = first["html"]
    assert first["ok"] and first["title"] == "Back-pain protocol"
    assert [int(w) for w in re.findall(r"<h3>Week (\d+)</h3>", html)] == [1, 2, 3, 4, 5, 6]
    assert html.count("<svg") == 12
    assert html.count("<h4>W1 Standing technique</h4>") == 1
    assert "<h4>W6 Isolated pedal stroke</h4>" in html
    assert html.count("3 times a week") == 6 and html.count("2 times a week") == 6
    assert "Per-format fidelity: standing (week 1)" in html
    assert "Per-format fidelity: isolated-stroke (week 1)" in html
    assert "Warm up gently" in second["html"] and "Warm up gently" not in html


def test_only_loopback_hosts_are_answered(tmp_path: Path) -> None:
    library = copy_library(tmp_path / "library")
    with serving(library / "sweet-spot.ride") as running:
        assert running.server.server_address[0] == "127.0.0.1"
        assert running.get("/", host="attacker.example")[0] == 403
        port = running.server.port
        assert running.get("/", host=f"localhost:{port}")[0] == 200
        assert running.get("/missing")[0] == 404
        status, kind, body = running.get("/view")
    assert status == 200 and kind == "application/json"
    assert '"title": "Sweet spot 3 x 12"' in body


def test_a_file_of_another_format_is_previewed_with_its_reader(tmp_path: Path) -> None:
    from ridec.language import bind, parse
    from ridec.lsp.compiler_bridge import fidelity

    library = copy_library(tmp_path / "library")
    source = library / "sweet-spot.ride"
    timeline = lower(bind(parse(source.read_text(encoding="utf-8"), str(source))))
    assert [f.target for f in fidelity(timeline)] == ["zwo", "erg", "mrc", "fit", "json", "icu"]
    from ridec.formats.base import CompileOptions
    from ridec.pipeline import compile_timeline

    zwo = library / "sweet-spot.zwo"
    zwo.write_bytes(compile_timeline(timeline, "zwo", CompileOptions(ftp=250)).data)
    with serving(zwo) as running:
        _, _, html = running.get("/")
    assert "<svg" in html and "Sweet spot 3 x 12" in html
