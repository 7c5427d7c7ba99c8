"""`ridec balance` from the command line: the JSON against its schema, outputs, exit codes."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from garmin_fit_sdk import Encoder
from typer.testing import CliRunner, Result

from ridec.cli import app
from tests.leftright.balance_rides import INDOOR, OUTDOOR, Part, pattern_ride
from tests.paths import EDGE810, SCHEMAS, WORKOUTS
from tests.review.review_rides import MESG, START

SCHEMA = json.loads((SCHEMAS / "ridec-balance.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


def _run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, ["balance", *(str(a) for a in args)])


@pytest.fixture(scope="module")
def rides(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("rides")
    (folder / "indoor.fit").write_bytes(pattern_ride(INDOOR, outdoor=False))
    (folder / "outdoor.fit").write_bytes(pattern_ride(OUTDOOR, outdoor=True))
    (folder / "edge810.fit").write_bytes(EDGE810.read_bytes())
    return folder


def _document(result: Result) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(result.stdout)
    VALIDATOR.validate(document)
    return document


def test_the_schema_is_a_valid_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_json_follows_the_schema_with_the_names_the_issue_fixed(rides: Path) -> None:
    result = _run(rides, "--json", "--ftp", "250")
    assert result.exit_code == 0, result.stderr
    document = _document(result)
    assert [Path(r["file"]).name for r in document["rides"]] == [
        "edge810.fit",
        "indoor.fit",
        "outdoor.fit",
    ]
    ride = document["rides"][2]
    for name in ("file", "start", "setting", "side", "seconds", "left_pct", "unnamed_pct"):
        assert name in ride
    assert ride["start"] == "2024-05-01T07:00:00Z"
    assert (ride["setting"], ride["side"], ride["unnamed_pct"]) == ("outdoor", "left", None)
    assert ride["by_minutes"][0] | {"spread_pct": None} == {
        "from_min": 0,
        "to_min": 10,
        "seconds": 600,
        "left_pct": 52.0,
        "unnamed_pct": None,
        "spread_pct": None,
    }
    assert {"low": 70, "high": 80, "seconds": 600, "left_pct": 55.0}.items() <= ride["by_cadence"][
        0
    ].items()
    assert ride["by_power"][0]["zone"] == 2
    indoor = document["settings"]["indoor"]
    assert (indoor["rides"], indoor["seconds"], indoor["left_pct"]) == (1, 3600, 50.0)
    assert document["settings"]["outdoor"]["rides"] == 2
    assert document["refused"] == []


def test_a_refused_file_is_located_the_others_reported_and_exit_1(
    rides: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.fit"
    broken.write_bytes((rides / "outdoor.fit").read_bytes()[:500])
    result = _run(rides / "indoor.fit", broken, "--json")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{broken}: offset 500: error: the FIT file ends early")
    document = _document(result)
    assert [Path(r["file"]).name for r in document["rides"]] == ["indoor.fit"]
    assert document["refused"] == [
        {
            "file": str(broken),
            "offset": 500,
            "message": "the FIT file ends early: it was cut short while copying or recording",
        }
    ]


def test_the_terminal_shows_a_table_per_ride_and_the_sentences(rides: Path) -> None:
    result = _run(rides / "indoor.fit", rides / "outdoor.fit", "--width", "120")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.count("whole ride") == 2 and "70-80 rpm" in out
    assert "Across rides (rides that name the side)" in out
    assert "After 40 minutes outdoors it rises from 52.0 % (first 30 minutes) to 54.0 %." in out
    assert "not a diagnosis" in out


def test_a_file_name_cannot_drive_the_terminal(tmp_path: Path) -> None:
    ride = tmp_path / "r\x1b]0;owned\x07.fit"
    ride.write_bytes(pattern_ride((Part(5, 200, 90, 50.0),), outdoor=True))
    result = _run(ride, "--width", "200")
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\\x1b]0;owned\\x07" in result.stdout.replace("\n", "")


def test_html_svg_and_png_are_written(rides: Path, tmp_path: Path) -> None:
    page, svg, png = tmp_path / "b.html", tmp_path / "trend.svg", tmp_path / "trend.png"
    result = _run(rides, "--html", page, "--svg", svg, "--png", png)
    assert result.exit_code == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    assert html.count("<svg") == 4
    assert "<script" not in html and "https://" not in html
    assert "http://" not in html.replace("http://www.w3.org/", "")
    assert svg.read_text(encoding="utf-8").startswith("<svg")
    assert "Left/right balance by date" in svg.read_text(encoding="utf-8")
    assert png.read_bytes().startswith(b"\x89PNG")


def test_a_chart_to_stdout_replaces_the_report(rides: Path) -> None:
    result = _run(rides / "outdoor.fit", "--svg", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<svg") and "whole ride" not in result.stdout


def test_nothing_is_written_over_an_input(rides: Path) -> None:
    before = (rides / "indoor.fit").read_bytes()
    result = _run(rides / "indoor.fit", "--html", rides / "indoor.fit")
    assert result.exit_code == 1
    assert "error" in result.stderr and (rides / "indoor.fit").read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--json", "--svg", "-"], "only one of --json, --svg can write to stdout"),
        (["--html", "-", "--png", "-"], "only one of --html, --png can write to stdout"),
        (["--week", "2"], "--week, --workout and --set choose the plan given with --against"),
        (["--setting", "garage"], "Invalid value"),
    ],
)
def test_usage_errors(rides: Path, args: list[str], message: str) -> None:
    result = _run(rides / "indoor.fit", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_against_a_plan_and_a_week(rides: Path) -> None:
    plan = WORKOUTS / "back-pain-protocol.plan"
    result = _run(rides / "outdoor.fit", "--against", plan, "--week", "1", "--json")
    assert result.exit_code == 0, result.stderr
    blocks = [b["block"] for b in _document(result)["rides"][0]["by_technique"]]
    assert blocks and set(blocks) <= {"seated", "standing", "upstroke", "downstroke"}
    one = _run(rides / "outdoor.fit", "--against", WORKOUTS / "standing.ride", "--json")
    assert one.exit_code == 0, one.stderr
    assert "standing" in [b["block"] for b in _document(one)["rides"][0]["by_technique"]]


def test_setting_overrides_every_ride(rides: Path) -> None:
    result = _run(rides / "outdoor.fit", "--setting", "indoor", "--json")
    ride = _document(result)["rides"][0]
    assert (ride["setting"], ride["setting_from"]) == ("indoor", "--setting")


def test_the_help_gives_every_option() -> None:
    text = re.sub(r"\s+", " ", CliRunner().invoke(app, ["balance", "--help"]).stdout)
    for option in ("--ftp", "--setting", "--against", "--json", "--html", "--svg", "--png"):
        assert option in text


def test_a_warning_is_printed_but_refuses_nothing(tmp_path: Path) -> None:
    """Timer events out of order (a clock set back mid-ride) are a warning, not a refusal."""
    encoder = Encoder()
    encoder.write_mesg({"mesg_num": MESG["FILE_ID"], "type": "activity", "time_created": START})
    for t in range(120):
        when = START + dt.timedelta(seconds=t)
        record = {"timestamp": when, "power": 200, "cadence": 90, "left_right_balance": 0xB2}
        encoder.write_mesg({"mesg_num": MESG["RECORD"], **record})
    for t, kind in ((100, "stop_all"), (110, "start"), (105, "stop_all")):
        event = {"event": "timer", "event_type": kind}
        encoder.write_mesg(
            {"mesg_num": MESG["EVENT"], "timestamp": START + dt.timedelta(seconds=t), **event}
        )
    ride = tmp_path / "clock.fit"
    ride.write_bytes(encoder.close())
    result = _run(ride, "--json")
    assert result.exit_code == 0
    assert "warning: 1 timer event(s) go back in time and are ignored" in result.stderr
    document = _document(result)
    assert document["refused"] == [] and len(document["rides"]) == 1
