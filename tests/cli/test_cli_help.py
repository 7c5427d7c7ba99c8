"""Every command's `--help`: real names for arguments and values, and one example."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from ridec.cli import app

runner = CliRunner()
COMMANDS = (
    "check",
    "compile",
    "fmt",
    "validate",
    "import",
    "show",
    "review",
    "balance",
    "build",
    "push",
    "lsp",
    "preview",
)
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|<(?:str|int|float|path|file|int range|float range)>")


@pytest.mark.parametrize("command", COMMANDS)
def test_help_names_every_value_and_gives_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert not PLACEHOLDER.search(result.stdout), PLACEHOLDER.findall(result.stdout)
    usage = result.stdout.splitlines()[0]
    assert "{" not in usage and (usage + " ").startswith(f"Usage: ridec {command} [OPTIONS] ")
    examples = [line.strip() for line in result.stdout.splitlines() if "Example:" in line]
    assert len(examples) == 1 and examples[0].startswith(f"Example: ridec {command} ")


def test_the_usage_lines_name_the_arguments() -> None:
    usage = {c: runner.invoke(app, [c, "--help"]).stdout.splitlines()[0] for c in COMMANDS}
    assert usage["compile"] == "Usage: ridec compile [OPTIONS] FILE..."
    assert usage["build"] == "Usage: ridec build [OPTIONS] SRC..."
    assert usage["show"] == "Usage: ridec show [OPTIONS] FILE"
    assert usage["review"] == "Usage: ridec review [OPTIONS] RIDE"
    assert usage["push"] == "Usage: ridec push [OPTIONS] FILE..."
    assert usage["balance"] == "Usage: ridec balance [OPTIONS] RIDE.fit|FOLDER..."


def test_the_common_options_are_accepted_by_compile_and_build_alike() -> None:
    for command in ("compile", "build"):
        text = runner.invoke(app, [command, "--help"]).stdout
        for option in ("--ftp WATTS", "--set NAME=VALUE", "--strict"):
            assert option in text, (command, option)


def test_the_readme_lists_every_command_once() -> None:
    from tests.paths import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # The table of the Commands section only: the speed table has rows naming commands too.
    section = readme.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `ridec ")]
    listed = [row.split("`")[1].split()[1] for row in rows]
    assert sorted(listed) == sorted([*COMMANDS, "--version"])
