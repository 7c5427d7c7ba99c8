"""Values that make no sense are refused where they enter.

Before: `review --band nan` passed click's range check (every comparison with NaN is false),
reviewed every second as outside the band and printed `"band_pct": NaN` under `--json` (not
JSON); `CompileOptions(ftp=0)`, `-1`, `nan` and `10**30` were accepted and failed later, if
at all (an ERG "failed its own check" as an internal error); `ridec.parse(None)` said
"the workout has no steps".
"""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import ridec
from ridec.cli import app
from ridec.commands.common import json_text
from ridec.facts import FTP_RANGE
from ridec.formats.base import CompileOptions
from ridec.review.report import review
from tests.paths import EDGE810, WORKOUTS

runner = CliRunner()
RIDE = EDGE810
WORKOUT = WORKOUTS / "endurance-cadence.ride"


@pytest.mark.parametrize("band", ["nan", "NaN", "inf", "-inf", "101", "-1"])
def test_review_refuses_a_band_that_is_no_number_as_a_usage_error(band: str) -> None:
    args = ["review", str(RIDE), "--against", str(WORKOUT), "--ftp", "280", "--band", band]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--band'" in result.stderr
    assert result.stdout == ""


def test_review_json_is_json() -> None:
    args = ["review", str(RIDE), "--against", str(WORKOUT), "--ftp", "280", "--band", "7.5"]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout, parse_constant=pytest.fail)
    assert document["band_pct"] == 7.5


def test_json_output_never_holds_nan() -> None:
    text = json_text({"a": math.nan, "b": [math.inf, 1.5], "c": (-math.inf,)})
    assert json.loads(text) == {"a": None, "b": [None, 1.5], "c": [None]}


@pytest.mark.parametrize("band", [math.nan, math.inf, -0.5, 100.5])
def test_the_review_function_refuses_such_a_band(band: float) -> None:
    with pytest.raises(ValueError, match=r"the power band must be 0 to 100 % FTP"):
        review(None, None, None, band)  # type: ignore[arg-type]  # refused before any use


@pytest.mark.parametrize("ftp", [0, -1, math.nan, 10**30, 49, 2001, True, 250.0, "250"])
def test_compile_options_refuse_an_ftp_out_of_range(ftp: Any) -> None:
    low, high = FTP_RANGE
    with pytest.raises(ValueError, match=rf"{low} to {high}"):
        CompileOptions(ftp=ftp)


@pytest.mark.parametrize("ftp", [None, 50, 250, 2000])
def test_compile_options_take_an_ftp_in_range(ftp: int | None) -> None:
    assert CompileOptions(ftp=ftp).ftp == ftp


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("fit_ramp_step_s", 0),
        ("fit_ramp_step_s", math.nan),
        ("fit_max_steps", 0),
        ("fit_power_band_pct", math.nan),
        ("fit_power_band_pct", -1.0),
        ("fit_power_band_pct", 101.0),
    ],
)
def test_compile_options_refuse_other_values_that_make_no_sense(field: str, value: Any) -> None:
    with pytest.raises(ValueError, match=field):
        CompileOptions(**{field: value})
    with pytest.raises(ValueError, match=field):
        dataclasses.replace(CompileOptions(), **{field: value})


def test_the_command_line_says_the_option(tmp_path: Path) -> None:
    source = tmp_path / "w.ride"
    source.write_text("name: t\nftp: 250\n10m 60%\n")
    result = runner.invoke(app, ["compile", str(source), "-t", "fit", "--fit-power-band", "500%"])
    assert result.exit_code == 2
    assert result.stderr == (
        "ridec: error: --fit-power-band must be 0.0 to 100.0 (% FTP), not 500.0\n"
    )


@pytest.mark.parametrize("ftp", [0, -1, math.nan, 10**30])
def test_bind_refuses_the_same_ftps(ftp: Any) -> None:
    workout = ridec.parse("name: t\n10m 60%\n")
    with pytest.raises(ridec.DiagnosticError) as raised:
        ridec.bind(workout, ftp=ftp)
    assert "50 to 2000" in raised.value.diagnostics[0].message


@pytest.mark.parametrize("text", [None, b"name: t\n10m 60%\n", 3])
def test_parse_takes_text_only(text: Any) -> None:
    with pytest.raises(TypeError, match=r"parse\(\) takes the source text"):
        ridec.parse(text)


@pytest.mark.parametrize("function", [ridec.read, ridec.validate])
def test_read_and_validate_take_bytes_only(function: Any) -> None:
    with pytest.raises(TypeError, match=r"takes the file's bytes, not NoneType"):
        function(None, "w.zwo")
