"""`ridec validate` has nothing to say about what ridec writes, in any format."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ridec.cli import app
from tests.paths import WORKOUTS

runner = CliRunner()
LIBRARY = sorted(WORKOUTS.glob("*.ride"))


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: p.stem)
def test_our_own_outputs_validate_without_a_word(path: Path, tmp_path: Path) -> None:
    compiled = runner.invoke(app, ["compile", str(path), "-q", "-o", str(tmp_path)])
    assert compiled.exit_code == 0, compiled.stderr
    outputs = sorted(str(p) for p in tmp_path.iterdir())
    assert len(outputs) == 5
    result = runner.invoke(app, ["validate", *outputs])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout.splitlines() == [f"{output}: ok" for output in outputs]
