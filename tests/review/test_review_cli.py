"""`ridec review` through typer's CliRunner: exit codes, stdout and stderr apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from lxml import etree
from typer.testing import CliRunner, Result

from ridec.commands import review
from tests.paths import CORPUS, EDGE810
from tests.review.review_rides import SYNTHETIC_PLAN, encode_ride, seconds, synthetic_ride


def _app() -> typer.Typer:
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    review.register(app)

    @app.callback()
    def _root() -> None:
        """A local app holding only the command under test."""

    return app


def _run(*args: str | Path) -> Result:
    return CliRunner().invoke(_app(), ["review", *(str(a) for a in args)])


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    ride = tmp_path / "ride.fit"
    ride.write_bytes(synthetic_ride())
    plan = tmp_path / "plan.ride"
    plan.write_text(SYNTHETIC_PLAN, encoding="utf-8")
    return ride, plan


def test_table(files: tuple[Path, Path]) -> None:
    ride, plan = files
    result = _run(ride, "--against", plan, "--width", "160")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert "Synthetic <- " in out
    assert "Easy" in out
    assert "interval [standing]" in out
    assert "L 48.0 / R 52.0" in out  # step 1
    assert "67 %" in out  # step 1 in band: 40 of 60 s
    assert "47.0 % (side unknown)" in out  # the upstroke step
    # Step 4 has a cadence target but the ride recorded no cadence during it.
    row = next(line for line in out.splitlines() if line.startswith("│ 4 "))
    assert row.count("no data") == 2
    assert "Left/right balance by technique" in out
    assert "Whole ride: 320 of 330 s recorded" in out
    assert "Timer pauses (90 s)" in out


def test_json_and_band(files: tuple[Path, Path]) -> None:
    ride, plan = files
    result = _run(ride, "--against", plan, "--json", "--band", "10")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["band_pct"] == 10.0
    steps = data["steps"]
    # +/- 20 W: 120 W is inside 100 +/- 20, and 165 W inside 150 +/- 20.
    assert steps[0]["in_band_pct"] == 100.0
    assert steps[1]["in_band_pct"] == 100.0
    assert steps[1]["recorded_s"] == 110
    assert data["summary"]["balance_groups"]["upstroke"]["unnamed_pct"] == 47.0


def test_svg_overlay(files: tuple[Path, Path], tmp_path: Path) -> None:
    ride, plan = files
    out = tmp_path / "charts" / "review.svg"
    png = tmp_path / "review.png"
    result = _run(ride, "--against", plan, "--json", "--svg", out, "--png", png)
    assert result.exit_code == 0, result.stderr
    root = etree.parse(str(out)).getroot()
    svg = "{http://www.w3.org/2000/svg}"
    bands = [e for e in root.iter() if "step" in str(e.get("class", "")).split()]
    assert len(bands) == 5
    ridden = [e for e in root.iter(f"{svg}path") if e.get("class") == "ridden"]
    assert len(ridden) == 5  # one per step; step 2 starts after its gap
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_offset_and_laps(tmp_path: Path) -> None:
    ride = tmp_path / "offset.fit"
    ride.write_bytes(encode_ride(seconds(0, 19, 0) + seconds(20, 79, 100)))
    plan = tmp_path / "p.ride"
    plan.write_text("name: P\nftp: 200\n1m 50%\n", encoding="utf-8")
    shifted = _run(ride, "--against", plan, "--offset", "20", "--json")
    assert shifted.exit_code == 0, shifted.stderr
    assert json.loads(shifted.stdout)["steps"][0]["in_band_pct"] == 100.0
    both = _run(ride, "--against", plan, "--offset", "20", "--align", "laps")
    assert both.exit_code == 2
    assert "do not combine it with --align" in both.stderr
    no_laps = _run(ride, "--against", plan, "--align", "laps")
    assert no_laps.exit_code == 1
    assert no_laps.stderr.startswith(
        f"ridec: error: {ride}: the ride has 0 laps and the plan 1 steps"
    )
    assert "Traceback" not in no_laps.output


def test_missing_columns_say_so(tmp_path: Path) -> None:
    ride = tmp_path / "power-only.fit"
    ride.write_bytes(encode_ride(seconds(0, 59, 100)))
    plan = tmp_path / "p.ride"
    plan.write_text("name: P\nftp: 200\n1m 50% 90rpm\n", encoding="utf-8")
    result = _run(ride, "--against", plan, "--width", "160")
    assert result.exit_code == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if line.startswith("│ 1 "))
    assert row.count("no data") == 3  # average cadence, in cadence, balance
    assert "The ride has no cadence or left/right balance records" in result.stdout
    data = json.loads(_run(ride, "--against", plan, "--json").stdout)
    assert data["recorded"] == {"power": True, "cadence": False, "balance": False}


def test_the_real_ride(tmp_path: Path) -> None:
    plan = tmp_path / "edge.ride"
    plan.write_text(
        "name: Edge\nftp: 300\n20m 80%\n5m 100%\n4m30s 110% standing\n2m 30%\n"
        "20m 100% upstroke\n2m 55%\n20m 100% downstroke\n4m15s 60%\n",
        encoding="utf-8",
    )
    result = _run(EDGE810, "--against", plan, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["alignment"]["mode"] == "laps"
    assert data["summary"]["recorded_s"] == 4700
    assert data["steps"][0]["balance"]["right_pct"] == pytest.approx(50.8, abs=0.05)


def test_bad_ride_files(files: tuple[Path, Path], tmp_path: Path) -> None:
    _, plan = files
    text = tmp_path / "notes.fit"
    text.write_text("not a ride", encoding="utf-8")
    result = _run(text, "--against", plan)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{text}: offset 0: error: not a FIT file: its header has no '.FIT' mark\n"
        "  hint: give the .fit file your head unit recorded (Garmin, Wahoo, Hammerhead ...)\n"
    )
    workout = _run(CORPUS / "fit" / "ridec__workout-repeat-steps.fit", "--against", plan)
    assert workout.exit_code == 1
    assert "a FIT 'workout' file, not a recorded activity" in workout.stderr
    missing = _run(tmp_path / "missing.fit", "--against", plan)
    assert missing.exit_code == 1
    assert "cannot read" in missing.stderr


def test_bad_plans_and_usage(files: tuple[Path, Path], tmp_path: Path) -> None:
    ride, _ = files
    no_ftp = tmp_path / "noftp.ride"
    no_ftp.write_text("name: N\n1m 50%\n", encoding="utf-8")
    result = _run(ride, "--against", no_ftp)
    assert result.exit_code == 1
    assert result.stderr == (
        f"ridec: error: {no_ftp}: reviewing a ride needs an FTP, and the workout sets none\n"
        "  hint: give --ftp (watts) or write `ftp:` in the workout's header\n"
    )
    assert _run(ride, "--against", no_ftp, "--ftp", "200", "--json").exit_code == 0
    broken = tmp_path / "broken.ride"
    broken.write_text("name: B\n1m 50% sideways\n", encoding="utf-8")
    result = _run(ride, "--against", broken)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{broken}:2:")
    assert _run(ride).exit_code == 2  # --against is required
    assert _run(ride, "--against", no_ftp, "--band", "-1").exit_code == 2
