"""The root of the command line: the typer app and its `--version` option.

`build_app(modules)` registers the commands of those modules: a run names one, and no
other command's module is imported.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

import typer

from ridec import __version__

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
