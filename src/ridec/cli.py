"""The `ridec` command line: argument parsing and exit codes only.

Exit codes: 0 success, 1 errors in the input, 2 usage errors. Diagnostics go to stderr, the
product to files or stdout. Commands import the compiler lazily so `--help` starts fast.
"""

from __future__ import annotations

import importlib
import sys
from typing import Annotated

import typer

from ridec import __version__

COMMANDS = {
    "check": "check",
    "compile": "compile",
    "fmt": "fmt",
    "validate": "validate",
    "import": "importer",
    "show": "show",
    "review": "review",
    "balance": "balance",
    "build": "build",
    "push": "push",
    "lsp": "lsp",
    "preview": "preview",
}
"""Each command's module under `ridec.commands`, in the order `ridec --help` lists them."""


EPILOG = "Example: ridec compile workouts/standing.ride -o out/  (ridec COMMAND --help: more)"


def make_app(only: str | None = None) -> typer.Typer:
    """The command line with every command, or with `only` that one when it is a command:
    a run imports the module of the command it runs and no other (start-up time)."""
    app = typer.Typer(
        name="ridec",
        help="Compile structured cycling workouts (.ride, .plan) to ZWO, ERG, MRC, FIT and JSON.",
        epilog=EPILOG,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )
    for name in [only] if only in COMMANDS else COMMANDS:
        importlib.import_module(f"ridec.commands.{COMMANDS[name]}").register(app)
    app.callback()(_root)
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


def _command(args: list[str]) -> str | None:
    """The command a command line runs: its first word that is not an option (the root's
    only options, --version and --help, take no value); None when --help comes first, as
    the root's help lists every command."""
    for arg in args:
        if arg == "--help":
            return None
        if not arg.startswith("-"):
            return arg
    return None


def __getattr__(name: str) -> typer.Typer:
    """`app`, the whole command line, for tests and embedding (built on first use)."""
    if name == "app":
        return make_app()
    raise AttributeError(f"module 'ridec.cli' has no attribute {name!r}")


def main() -> None:
    """Console entry point. A standard output that cannot be written (`> /dev/full`, a
    closed pipe) is one line on stderr and exit 1, whatever was being written."""
    from ridec.commands.common import StdoutError, guard_stdout

    command = _command(sys.argv[1:])
    if command != "lsp":  # the language server speaks on stdout through pygls
        guard_stdout()
    try:
        try:
            make_app(command)()
        finally:
            sys.stdout.flush()  # what is still buffered fails here, not at exit
    except KeyboardInterrupt:
        typer.echo("ridec: interrupted", err=True)
        sys.exit(130)
    except StdoutError as exc:
        from ridec.fileio import reason

        typer.echo(f"ridec: error: cannot write to standard output: {reason(exc.error)}", err=True)
        sys.exit(1)
