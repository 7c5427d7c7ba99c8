"""The root of the command line: the typer app, its `--version` option, and the listing
`ridec --help` prints.

`build_app(modules)` registers the one command a run asks for (its module imports what that
command needs, and no other command's module is imported); `listing_app(summaries)` is for
runs that name no command (`ridec`, `ridec --help`, a misspelt command): each command is a
stub with its name and its help's first paragraph from `ridec.cli`'s table, so the root
help lists every command without importing any command module (a test checks the table
against each command's own help, and the two listings against each other).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Annotated

import typer

from ridec import __version__
from ridec.commands.process import resume_collection

HELP = "Compile structured cycling workouts (.ride, .plan) to ZWO, ERG, MRC, FIT and JSON."
EPILOG = "Example: ridec compile workouts/standing.ride -o out/  (ridec COMMAND --help: more)"


def _app() -> typer.Typer:
    app = typer.Typer(
        name="ridec",
        help=HELP,
        epilog=EPILOG,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )
    app.callback()(_root)
    return app


def build_app(modules: Iterable[str]) -> typer.Typer:
    """The command line with the commands of these modules (under `ridec.commands`)."""
    import importlib

    app = _app()
    for module in modules:
        importlib.import_module(f"ridec.commands.{module}").register(app)
    return app


def listing_app(summaries: Mapping[str, str]) -> typer.Typer:
    """The command line whose commands are stubs: a name and a help, enough to list them
    (and to say which command a misspelt one may be); none of them can run."""
    app = _app()
    for name, summary in summaries.items():
        app.command(name=name, help=summary)(_stub)
    return app


def _stub() -> None:
    """Never run: a listing app is built only for runs that name no command."""
    raise AssertionError("a listed command stub was run")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ridec {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Compile structured cycling workouts."""
    resume_collection()  # start-up is over: the command itself runs next
