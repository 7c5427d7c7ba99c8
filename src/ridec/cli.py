"""The `ridec` command line: argument parsing and exit codes only.

Exit codes: 0 success, 1 errors in the input, 2 usage errors. Diagnostics go to stderr, the
product to files or stdout. Commands import the compiler lazily so `--help` starts fast.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ridec import __version__
from ridec.commands import (
    build,
    check,
    compile,
    fmt,
    importer,
    lsp,
    preview,
    review,
    show,
    validate,
)

app = typer.Typer(
    name="ridec",
    help="Compile structured cycling workouts (.ride, .plan) to ZWO, ERG, MRC, FIT and JSON.",
    epilog="Example: ridec compile workouts/standing.ride -o out/  (ridec COMMAND --help: more)",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

for command in (check, compile, fmt, validate, importer, show, review, build, lsp, preview):
    command.register(app)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ridec {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Compile structured cycling workouts."""


def main() -> None:
    """Console entry point."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("ridec: interrupted", err=True)
        sys.exit(130)
