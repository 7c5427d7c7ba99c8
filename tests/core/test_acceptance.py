"""The writers issue's acceptance checks on the shipped standing workout, one per format."""

from pathlib import Path

import fitparse
import pytest
from lxml import etree
from typer.testing import CliRunner

from ridec.cli import app
from tests.paths import WORKOUTS

runner = CliRunner()


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("out")
    result = runner.invoke(
        app, ["compile", str(WORKOUTS / "standing.ride"), "-t", "all", "-o", str(folder)]
    )
    assert result.exit_code == 0, result.stderr
    assert ": erg: description on one line; 3 cadences as cues;" in result.stderr
    return folder


def test_all_five_files_are_written(out: Path) -> None:
    assert sorted(p.name for p in out.iterdir()) == [
        f"standing.{ext}" for ext in ("erg", "fit", "json", "mrc", "zwo")
    ]


def test_zwo_cooldown_falls_and_standing_blocks_carry_cadence_55_and_the_range(out: Path) -> None:
    root = etree.parse(str(out / "standing.zwo")).getroot()
    cooldown = root.find("workout/Cooldown")
    assert cooldown is not None
    assert float(cooldown.get("PowerLow", "0")) > float(cooldown.get("PowerHigh", "0"))
    workout = root.find("workout")
    assert workout is not None
    standing = [b for b in workout if b.get("Power") == "0.75"]
    assert len(standing) == 3
    for block in standing:
        assert block.get("Cadence") == "55"
        texts = [t.get("message", "") for t in block.findall("textevent")]
        assert any("50-60 rpm" in text for text in texts)


def test_erg_has_ftp_250_and_whole_second_boundaries(out: Path) -> None:
    text = (out / "standing.erg").read_text()
    assert "FTP = 250" in text.splitlines()
    data = text.split("[COURSE DATA]")[1].split("[END COURSE DATA]")[0].split()
    minutes = [float(v) for v in data[0::2]]
    assert all(abs(m * 60 - round(m * 60)) < 0.01 for m in minutes)
    assert round(minutes[-1] * 60) == 33 * 60


def test_fit_standing_steps_have_a_cadence_target_of_50_to_60(out: Path) -> None:
    fit = fitparse.FitFile(str(out / "standing.fit"))
    steps = [m.get_values() for m in fit.get_messages("workout_step")]
    standing = [s for s in steps if s.get("custom_target_power_low") == 75]
    assert len(standing) == 3
    for step in standing:
        assert step.get("secondary_target_type") == "cadence"
        assert step.get("secondary_custom_target_cadence_low") == 50
        assert step.get("secondary_custom_target_cadence_high") == 60
