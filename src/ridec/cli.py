"""The `ridec` command line: argument parsing and exit codes only.

Exit codes: 0 success, 1 errors in the input, 2 usage errors. Diagnostics go to stderr, the
product to files or stdout. This module imports neither typer nor any command: `ridec
--version` prints from `ridec.__version__` alone; a run builds the typer app with the one
command it names (`ridec.commands.root`), and `ridec --help` lists every command from the
table below without importing any.
"""

from __future__ import annotations

import sys

from ridec import TYPE_CHECKING, __version__

if TYPE_CHECKING:
    import typer

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

SUMMARIES = {
    "check": "Check .ride and .plan sources (and other formats) for errors; exit 0 clean, 1 "
    "errors.",
    "compile": "Compile workouts to the chosen formats, checking every file before it is "
    "written.",
    "fmt": "Format .ride and .plan files in place (or only check them), keeping comments.",
    "validate": "Check ZWO, ERG, MRC, FIT, JSON, intervals.icu, .ride and .plan files; exit 1 "
    "when any\nhas an error. --from checks every input as that format (`-` is standard input).",
    "import": "Read workouts written by other tools and print or write them as `.ride` source.",
    "show": "Print a workout's stats, per-format losses and power chart; write the chart to "
    "files.",
    "review": "Line a recorded ride up with the plan: power band, cadence and balance per step.",
    "balance": "Left/right balance across rides: indoor against outdoor, minutes, cadence, "
    "power.",
    "build": "Compile every workout and plan under SRC into DIST: only what changed, in "
    "parallel.",
    "push": "Deliver workouts: FIT to a Garmin over USB, ZWO into Zwift's folder, or planned\n"
    "workouts onto an intervals.icu calendar (a plan week by week from --start).",
    "lsp": "Run the language server an editor starts: diagnostics, fixes, hover, completion.",
    "preview": "Serve a live page of FILE on 127.0.0.1: chart, stats, steps and fidelity, or "
    "its errors.",
}
"""The first paragraph of each command's help, as `ridec --help` lists it (tests/cli checks
it against the commands' own help)."""


def make_app(only: str | None = None) -> typer.Typer:
    """The command line with every command, or with `only` that one when it is a command:
    a run imports the module of the command it runs and no other (start-up time)."""
    from ridec.commands.root import build_app

    return build_app([COMMANDS[only]] if only in COMMANDS else COMMANDS.values())


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


def _app_for(command: str | None) -> typer.Typer:
    """The app a run needs: its command's, or for a run naming none of them (the root help,
    a usage error) the listing of every command, which imports none."""
    if command in COMMANDS:
        return make_app(command)
    from ridec.commands.root import listing_app

    return listing_app(SUMMARIES)


def main() -> None:
    """Console entry point. A standard output that cannot be written (`> /dev/full`, a
    closed pipe) is one line on stderr and exit 1, whatever was being written."""
    from ridec.commands.process import StdoutError, guard_stdout, pause_collection

    pause_collection()  # resumed by the root callback, as the command starts
    args = sys.argv[1:]
    command = _command(args)
    if command != "lsp":  # the language server speaks on stdout through pygls
        guard_stdout()
    try:
        try:
            if args == ["--version"]:
                sys.stdout.write(f"ridec {__version__}\n")  # no typer, no app
            else:
                _app_for(command)()
        finally:
            sys.stdout.flush()  # what is still buffered fails here, not at exit
    except KeyboardInterrupt:
        _say("ridec: interrupted")
        sys.exit(130)
    except StdoutError as exc:
        from ridec.fileio import reason

        _say(f"ridec: error: cannot write to standard output: {reason(exc.error)}")
        sys.exit(1)


def _say(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()
