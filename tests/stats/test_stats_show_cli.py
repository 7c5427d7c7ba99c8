"""`ridec show` through typer's CliRunner: exit codes, stdout and stderr apart."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from lxml import etree
from typer.testing import CliRunner, Result

from ridec.commands import show
from tests.paths import WORKOUTS

STEADY = "name: Steady\nftp: 250\n20m 80%\n"
SAMPLE = """\
name: Standing sample
ftp: 250
let reps = 3
warmup 10m 45%->70% "Spin up"
repeat $reps "Standing {i}/{n}":
  interval 2m 75% 50-60rpm standing
  recovery 3m 55% 90rpm seated
interval 5m 80% 60-70rpm upstroke
interval 5m 80% 60-70rpm downstroke
2m free "Free spin"
cooldown 8m 65%->45%
"""


def _app() -> typer.Typer:
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    show.register(app)

    @app.callback()
    def _root() -> None:
        """A local app holding only the command under test."""

    return app


def _run(*args: str | Path) -> Result:
    return CliRunner().invoke(_app(), ["show", *(str(a) for a in args)])


def _source(tmp_path: Path, text: str, name: str = "w.ride") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_prints_stats_losses_and_chart(tmp_path: Path) -> None:
    result = _run(_source(tmp_path, SAMPLE), "--width", "88")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert "Standing sample" in out
    assert "Duration" in out and "45:00" in out
    assert "Without target" in out and "2:00 (free ride, max effort)" in out
    assert "Technique" in out and "standing 6:00, upstroke 5:00, downstroke 5:00" in out
    assert "50-60 rpm 6:00, 90 rpm 9:00, 60-70 rpm 10:00, none 20:00" in out
    assert "Time in zones" in out
    assert "Per-format fidelity" in out
    for name in ("zwo", "erg", "mrc", "fit", "json"):
        assert f"│ {name} " in out
    assert " 120%┤" in out
    assert "░ standing" in out


def test_json_figures(tmp_path: Path) -> None:
    result = _run(_source(tmp_path, STEADY), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["workout"] == "Steady"
    stats = data["stats"]
    assert stats["duration_s"] == 1200
    assert stats["intensity_factor"] == 0.8
    assert stats["tss"] == 21.3
    assert stats["work_kj"] == 240.0
    assert stats["zone_s"]["z3"] == 1200
    assert set(data["targets"]) == {"zwo", "erg", "mrc", "fit", "json", "icu"}
    assert data["targets"]["json"]["losses"] == []


def test_ftp_and_set(tmp_path: Path) -> None:
    source = _source(tmp_path, SAMPLE)
    data = json.loads(_run(source, "--json", "--ftp", "300", "--set", "reps=5").stdout)
    assert data["stats"]["ftp"] == 300
    assert data["stats"]["duration_s"] == (45 + 2 * 5) * 60
    assert data["stats"]["standing_s"] == 5 * 120
    bad = _run(source, "--set", "reps")
    assert bad.exit_code == 2
    assert "expected NAME=VALUE" in bad.stderr


def test_without_ftp_some_formats_cannot_compile(tmp_path: Path) -> None:
    result = _run(_source(tmp_path, "name: NoFtp\n10m 200w\n"), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["stats"]["average_watts"] == 200.0
    assert data["stats"]["intensity_factor"] is None
    assert "error" in data["targets"]["zwo"]
    text = _run(_source(tmp_path, "name: NoFtp\n10m 200w\n"), "--width", "100").stdout
    assert "cannot compile" in text
    assert "- (needs an FTP)" in text


def test_writes_svg_and_png(tmp_path: Path) -> None:
    svg = tmp_path / "out" / "chart.svg"
    png = tmp_path / "chart.png"
    result = _run(_source(tmp_path, SAMPLE), "--svg", svg, "--png", png, "--json")
    assert result.exit_code == 0, result.stderr
    root = etree.parse(str(svg)).getroot()
    bands = [e for e in root.iter() if "step" in str(e.get("class", "")).split()]
    assert len(bands) == 1 + 3 * 2 + 2 + 1 + 1
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_shipped_library_shows(tmp_path: Path) -> None:
    for source in sorted(WORKOUTS.glob("*.ride")):
        result = _run(source, "--json")
        assert result.exit_code == 0, (source, result.stderr)
        assert json.loads(result.stdout)["stats"]["duration_s"] > 0


def test_input_errors_exit_1(tmp_path: Path) -> None:
    broken = _source(tmp_path, "name: B\n20m 80% 90rpn\n")
    result = _run(broken)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"{broken}:2:")
    assert "^" in result.stderr
    missing = _run(tmp_path / "missing.ride")
    assert missing.exit_code == 1
    assert "cannot read" in missing.stderr
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    unwritable = _run(_source(tmp_path, STEADY), "--svg", blocked / "chart.svg")
    assert unwritable.exit_code == 1
    assert unwritable.stderr.startswith(
        f"{blocked / 'chart.svg'}: error: cannot write the file: not a directory"
    )
    assert "Traceback" not in unwritable.output
