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


PUSH_COMMAND = re.compile(r"^\$ ridec (push .*)$", re.MULTILINE)


def push_sessions() -> list[tuple[str, str]]:
    """Each `$ ridec push ...` of the README's Delivering workouts and what it printed."""
    text = README.read_text(encoding="utf-8")
    start = text.index("## Delivering workouts")
    section = text[start : text.index("\n## ", start)]
    found = []
    for block in re.findall(r"^```\n(.*?)^```", section, re.MULTILINE | re.DOTALL):
        commands = list(PUSH_COMMAND.finditer(block))
        for match, following in zip(commands, [*commands[1:], None], strict=True):
            end = following.start() if following else len(block)
            found.append((match.group(1), block[match.end() + 1 : end]))
    return found


def _same_lines(shown: str, printed: str) -> bool:
    """Line by line; a shown line cut with `..."` matches a printed line it starts."""
    pairs = zip(shown.splitlines(), printed.splitlines(), strict=False)
    same = all(
        p.startswith(s[:-4]) if s.endswith('..."') else s == p for s, p in pairs
    )
    return same and len(shown.splitlines()) == len(printed.splitlines())


def test_the_readme_push_sessions_are_what_ridec_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Garmin and Zwift sessions, and the intervals.icu dry run, on a temporary drive
    and Zwift folder laid out as the README's (`/media/rider` moved under tmp_path)."""
    import shutil

    from tests.paths import CORPUS, WORKOUTS

    shutil.copytree(WORKOUTS, tmp_path / "workouts")
    for folder, xml in (("GARMIN/GARMIN", "edge530"), ("EDGE705/Garmin", "edge705")):
        (tmp_path / "media" / "rider" / folder).mkdir(parents=True)
        device = CORPUS / "garmin" / f"ridec__{xml}-GarminDevice.xml"
        shutil.copy(device, tmp_path / "media" / "rider" / folder / "GarminDevice.xml")
    for user in ("1234567", "7654321"):
        (tmp_path / "Documents" / "Zwift" / "Workouts" / user).mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("INTERVALS_ICU_API_KEY", "readme0key")
    monkeypatch.delenv("INTERVALS_ICU_URL", raising=False)
    moved = f"{tmp_path}/media/rider"
    sessions = [s for s in push_sessions() if "--dry-run" in s[0] or "--intervals" not in s[0]]
    assert len(sessions) == 6
    for command, shown in sessions:
        result = runner.invoke(app, command.replace("/media/rider", moved).split())
        printed = (result.stderr + result.stdout).replace(moved, "/media/rider")
        assert _same_lines(shown, printed), f"{command}\n{printed}"
