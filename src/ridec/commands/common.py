"""Options, input loading and diagnostic printing shared by the commands."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from typer.core import TyperArgument, TyperCommand

if TYPE_CHECKING:
    from typer._click import Context

    from ridec.api import Loaded
    from ridec.diagnostics import Diagnostic
    from ridec.reporting import LossLog, Verbosity

EXIT_INPUT = 1
"""Errors in the user's input files."""
EXIT_USAGE = 2
"""Errors in how the command was called (click uses 2 as well)."""
STDOUT = "-"
"""`-o -` (and `--svg -`, `--png -`): the output goes to stdout instead of a file."""

Files = Annotated[
    list[Path], typer.Argument(help="Input files.", show_default=False, metavar="FILE...")
]
Ftp = Annotated[
    int | None,
    typer.Option(
        "--ftp",
        min=50,
        max=2000,
        metavar="WATTS",
        help="FTP in watts (50-2000); wins over the header's `ftp:`.",
    ),
]
Sets = Annotated[
    list[str] | None,
    typer.Option("--set", metavar="NAME=VALUE", help="Override a `let` parameter (repeatable)."),
]
From = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="FORMAT",
        help="Read every input as this format whatever its name: ride, zwo, erg, mrc, fit or "
        "icu (intervals.icu text). Standard input (-) needs it.",
        show_default=False,
    ),
]
Strict = Annotated[bool, typer.Option("--strict", help="Treat every warning and loss as an error.")]
Verbose = Annotated[
    bool, typer.Option("-v", "--verbose", help="Also list every loss, located, not only warnings.")
]
Quiet = Annotated[bool, typer.Option("-q", "--quiet", help="Print errors only.")]


class RidecCommand(TyperCommand):
    """A command whose usage line names its arguments as the help lists them (`FILE...`),
    where typer would print `{files}...`."""

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if not isinstance(param, TyperArgument):
                continue
            name = param.metavar or (param.name or "").upper()
            if param.nargs != 1 and not name.endswith("..."):
                name += "..."
            pieces.append(name if param.required else f"[{name}]")
        return pieces


def finite(value: float | None) -> float | None:
    """A float option's callback: `nan` and `inf` pass click's range checks (every comparison
    with NaN is false), so they are refused here, as a usage error (exit 2)."""
    import math

    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not a number ridec can use")
    return value


def json_text(data: object) -> str:
    """JSON for stdout: indented, and never `NaN` or `Infinity` (not JSON: a figure that
    has no value is `null`)."""
    import json
    import math

    def finite_only(value: object) -> object:
        if isinstance(value, float) and not math.isfinite(value):
            return None
        if isinstance(value, dict):
            return {key: finite_only(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [finite_only(item) for item in value]
        return value

    return json.dumps(finite_only(data), indent=2, allow_nan=False)


def parse_sets(values: Sequence[str] | None) -> dict[str, str]:
    """`--set NAME=VALUE` options as a mapping; a value without `=` is a usage error."""
    overrides: dict[str, str] = {}
    for item in values or ():
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise typer.BadParameter(f"expected NAME=VALUE, got {item!r}", param_hint="--set")
        overrides[name.strip().lstrip("$")] = value.strip()
    return overrides


def print_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    """Render each diagnostic once, in order, to stderr, naming options by their flags (the
    API names them by its arguments: `ftp=` is `--ftp W` here)."""
    from ridec.mentions import for_cli

    seen: set[str] = set()
    for diagnostic in diagnostics:
        text = for_cli(diagnostic).render()
        if text not in seen:
            seen.add(text)
            typer.echo(text, err=True)


def print_losses(
    problems: Iterable[Diagnostic],
    logs: Iterable[LossLog],
    verbosity: Verbosity,
    *,
    report: bool = False,
) -> None:
    """What compiling met, as `ridec compile` prints it: the errors (and readers' warnings)
    always; unless quiet, each file's summary lines and its warnings (every loss with -v);
    then the --report listing."""
    from ridec.formats.losses import LossLevel
    from ridec.mentions import for_cli_text
    from ridec.reporting import Verbosity, grouped

    print_diagnostics(grouped(problems, verbosity))
    logs = list(logs)
    if verbosity is not Verbosity.QUIET:
        lowest = LossLevel.NOTE if verbosity is Verbosity.VERBOSE else LossLevel.WARNING
        for log in logs:
            for line in log.summaries():
                say_line(for_cli_text(line))
            print_diagnostics(log.diagnostics(lowest))
    if report:
        for log in logs:
            for line in log.report():
                say_line(for_cli_text(line))


def say_line(text: str) -> None:
    """One line to stderr with every control character from the inputs in it (file names,
    workout names) escaped, line feeds too: a name can neither drive the terminal nor
    start a line that looks like ridec's own."""
    from ridec.escapes import escape_controls

    typer.echo(escape_controls(text, keep_lines=False), err=True)


def promote(diagnostics: Iterable[Diagnostic], strict: bool) -> list[Diagnostic]:
    """Under `--strict`, warnings become errors; otherwise the diagnostics as they are."""
    import dataclasses

    from ridec.diagnostics import Severity

    if not strict:
        return list(diagnostics)
    return [dataclasses.replace(d, severity=Severity.ERROR) for d in diagnostics]


def verbosity(verbose: bool, quiet: bool) -> Verbosity:
    """The level `-v` and `-q` ask for; both at once is a usage error."""
    from ridec.reporting import Verbosity

    if verbose and quiet:
        usage_error("-v and -q ask for opposite things: give one of them")
    return Verbosity.VERBOSE if verbose else Verbosity.QUIET if quiet else Verbosity.NORMAL


def usage_error(message: str) -> NoReturn:
    """Stop with a usage error (exit 2); the paths and names in `message` are escaped."""
    say_line(f"ridec: error: {message}")
    raise typer.Exit(EXIT_USAGE)


def stdout_bytes(data: bytes) -> None:
    """Write output bytes to stdout (binary formats included)."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def stdout_text(text: str) -> None:
    """Write text made from inputs to stdout: as it is into a pipe or file, with control
    characters escaped when stdout is a terminal (a name cannot drive the terminal)."""
    from ridec.escapes import escape_controls

    # Not typer.echo: into a pipe it strips what looks like colour codes, changing the data.
    sys.stdout.write(escape_controls(text) if is_terminal() else text)
    sys.stdout.flush()


def is_terminal() -> bool:
    """Whether stdout is a terminal."""
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


STDIN = "-"
"""`-` as an input: standard input, read as `--from` says."""
STDIN_STEM = "stdin"
"""The name of what is made from standard input (`-o out/` gets `out/stdin.zwo`)."""


def is_stdin(path: Path) -> bool:
    """Whether an input argument is `-`, standard input."""
    return str(path) == STDIN


def input_format(fmt: str | None, files: Sequence[Path]) -> str | None:
    """`--from` checked: a format ridec knows, given when standard input is read, and `-`
    at most once (a usage error, exit 2, otherwise)."""
    from ridec.formats.registry import REGISTRY

    stdin = sum(1 for path in files if is_stdin(path))
    if stdin > 1:
        usage_error("standard input (-) can be read once")
    if fmt is None:
        if stdin:
            usage_error("reading standard input (-) needs --from FORMAT, such as --from icu")
        return None
    name = fmt.strip().lower()
    known = ("ride", *REGISTRY)
    if name not in known:
        usage_error(f"--from {fmt}: unknown format; choose from {', '.join(known)}")
    return name


def read_stdin_as(fmt: str) -> bytes:
    """Standard input's bytes, within the read limit of the format they are read as."""
    from ridec.fileio import read_stdin
    from ridec.limits import read_limit

    return read_stdin(read_limit(f".{fmt}"))


def load_input(
    path: Path, fmt: str | None, overrides: Mapping[str, str] | None = None
) -> Loaded:
    """One workout input: a file (as `fmt` when given) or standard input (as `fmt`)."""
    from ridec.api import read, read_file
    from ridec.fileio import STDIN_NAME

    if is_stdin(path):
        assert fmt is not None, "input_format requires --from for standard input"
        return read(read_stdin_as(fmt), STDIN_NAME, format=fmt, params=overrides)
    return read_file(path, overrides, format=fmt)
