"""The TextMate grammars under VS Code's own engine (vscode-textmate, vscode-oniguruma).

`interop/grammar.mjs` tokenizes every shipped workout and plan and the language's valid
examples, and checks the scopes of durations, targets, cadences, flags, references,
strings, comments and header values against its own reading of each line.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.paths import ROOT

SCRIPT = ROOT / "interop" / "grammar.mjs"
SYNTAXES = ROOT / "editors" / "vscode" / "syntaxes"
KINDS = ("duration", "target", "cadence", "flag", "reference", "string", "comment", "header")
TIMEOUT_S = 120


def _tokenize(syntaxes: Path, sources: Path) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    assert node, "Node.js is missing: `make interop` needs it"
    return subprocess.run(
        [node, str(SCRIPT), str(syntaxes), str(sources)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
        cwd=ROOT / "interop",
    )


@pytest.mark.interop
@pytest.mark.parametrize("sources", ["workouts", "tests/language/valid"])
def test_every_shipped_file_gets_the_right_scopes(sources: str) -> None:
    result = _tokenize(SYNTAXES, ROOT / sources)
    assert result.returncode == 0, result.stdout + result.stderr
    total = result.stdout.splitlines()[-1]
    for kind in KINDS:
        assert f" {kind}" in total, f"no {kind} checked: {total}"


@pytest.mark.interop
def test_a_grammar_that_misses_durations_fails_the_check(tmp_path: Path) -> None:
    broken = tmp_path / "syntaxes"
    shutil.copytree(SYNTAXES, broken)
    path = broken / "ride.tmLanguage.json"
    grammar = json.loads(path.read_text(encoding="utf-8"))
    values = grammar["repository"]["values"]["patterns"]
    grammar["repository"]["values"]["patterns"] = [p for p in values if p["include"] != "#duration"]
    path.write_text(json.dumps(grammar), encoding="utf-8")
    result = _tokenize(broken, ROOT / "workouts")
    assert result.returncode == 1
    assert "FAIL" in result.stdout and "duration `10m` has scopes source.ride" in result.stdout
