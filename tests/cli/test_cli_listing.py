"""`ridec --help` lists every command from `ridec.cli.SUMMARIES` without importing any
command module: the table must say what each command's own help says, and the listing must
be the one the whole app prints."""

from __future__ import annotations

import pytest
from typer.core import TyperGroup
from typer.main import get_command
from typer.testing import CliRunner

from ridec.cli import COMMANDS, SUMMARIES, make_app
from ridec.commands.root import listing_app

runner = CliRunner()


def _real_help() -> dict[str, str]:
    """Each command's help as the whole app (every command module imported) has it."""
    group = get_command(make_app())
    assert isinstance(group, TyperGroup)
    return {name: command.help or "" for name, command in group.commands.items()}


def test_the_table_names_every_command_in_order() -> None:
    assert list(SUMMARIES) == list(COMMANDS) == list(_real_help())


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_summary_is_the_first_paragraph_of_the_commands_help(name: str) -> None:
    assert SUMMARIES[name] == _real_help()[name].split("\n\n")[0]


@pytest.mark.parametrize(
    "args", [["--help"], [], ["compil"], ["--bogus"], ["--version", "--help"]]
)
def test_the_listing_app_answers_as_the_whole_app_does(args: list[str]) -> None:
    listed = runner.invoke(listing_app(SUMMARIES), args)
    whole = runner.invoke(make_app(), args)
    assert (listed.exit_code, listed.output) == (whole.exit_code, whole.output)
    assert listed.exception is None or isinstance(listed.exception, SystemExit)
