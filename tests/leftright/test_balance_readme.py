"""The README's "Balance across rides" run is real: the command, run, prints what is shown."""

from __future__ import annotations

import re
import shlex

import pytest
from typer.testing import CliRunner

from ridec.cli import app
from tests.paths import CORPUS, ROOT


def test_the_readme_balance_run_is_what_ridec_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### Balance across rides") :]
    block = re.search(
        r"^```\n\$ cd tests/corpus/fit\n\$ (ridec balance .*?)\n(.*?)^```", section, re.M | re.S
    )
    assert block is not None
    command, shown = block.groups()
    monkeypatch.chdir(CORPUS / "fit")
    result = CliRunner().invoke(app, shlex.split(command)[1:])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == shown
