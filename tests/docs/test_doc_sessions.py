"""The terminal sessions in docs/language.md and README.md (`$ cat FILE`, then `$ ridec check
FILE`) and the README's first workout are real: each file is written as shown, checked (and
compiled), and the output must be the one printed. A session that shows an error exits 1; one
that shows only warnings exits 0."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ridec.cli import app
from tests.paths import ROOT

PAGE = ROOT / "docs" / "language.md"
README = ROOT / "README.md"
BLOCK = re.compile(r"^```\n(\$ cat .*?)^```", re.MULTILINE | re.DOTALL)
SESSION = re.compile(r"\$ cat (\S+)\n(.*?)\$ ridec check \1\n(.*)", re.DOTALL)
"""A check session: the file, its text, and what `ridec check` printed."""
runner = CliRunner()


def sessions() -> list[str]:
    """Every check session: all of the reference's, and the README's that hold only a check
    (the first workout, which compiles too, has its own test below)."""
    readme = [s for s in BLOCK.findall(README.read_text(encoding="utf-8")) if SESSION.fullmatch(s)]
    return BLOCK.findall(PAGE.read_text(encoding="utf-8")) + readme


def test_the_pages_have_sessions() -> None:
    assert len(sessions()) >= 6


@pytest.mark.parametrize("session", sessions(), ids=lambda s: s.split("\n", 1)[0])
def test_session_output_is_what_ridec_prints(
    session: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    match = SESSION.fullmatch(session)
    assert match is not None, session
    name, content, shown = match.groups()
    monkeypatch.chdir(tmp_path)
    Path(name).write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["check", name])
    assert result.exit_code == (1 if re.search(r"^\S+: error: ", shown, re.MULTILINE) else 0)
    assert result.stdout + result.stderr == shown



def test_the_readme_first_workout_is_what_ridec_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## A first workout") :]
    block = BLOCK.findall(section)[0]
    match = re.fullmatch(
        r"\$ cat (\S+)\n(.*?)\$ ridec check \1 .*?\n"
        r"\$ ridec compile \1 -o out/\n(.*?)\$ ls out/\n(.*)\n",
        block,
        re.DOTALL,
    )
    assert match is not None, block
    name, content, summary, listing = match.groups()
    monkeypatch.chdir(tmp_path)
    Path(name).write_text(content, encoding="utf-8")
    checked = runner.invoke(app, ["check", name])
    assert (checked.exit_code, checked.stdout + checked.stderr) == (0, "")
    compiled = runner.invoke(app, ["compile", name, "-o", "out/"])
    assert (compiled.exit_code, compiled.stderr) == (0, summary)
    assert sorted(p.name for p in Path("out").iterdir()) == listing.split()
