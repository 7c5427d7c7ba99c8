"""`ridec build`: compile a whole library (.ride and .plan files) into DIST, incrementally."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ridec.commands.common import (
    EXIT_INPUT,
    STDOUT,
    Ftp,
    RidecCommand,
    Sets,
    Strict,
    parse_sets,
    usage_error,
)
from ridec.commands.format_options import (
    DEFAULT_ACTIVATION,
    DEFAULT_FIT_RAMP,
    ActivationOption,
    Created,
    FitMaxSteps,
    FitNestedRepeats,
    FitPowerBand,
    FitRamp,
    Targets,
    Unicode,
    compile_options,
    named_targets,
)

if TYPE_CHECKING:
    from ridec.library.dask_runner import ClusterSpec
    from ridec.library.engine import BuildReport, BuildRequest
    from ridec.library.progress import BuildProgress

Sources = Annotated[
    list[Path],
    typer.Argument(
        help="Folders (searched for .ride and .plan files) or single files.",
        metavar="SRC...",
        exists=True,
        show_default=False,
    ),
]
Output = Annotated[
    Path,
    typer.Option(
        "-o", "--output", metavar="DIST", help="Output folder (DIST).", show_default=False
    ),
]
Jobs = Annotated[
    int | None,
    typer.Option(
        "-j",
        "--jobs",
        min=1,
        metavar="N",
        help="Worker processes. Default: the number of cores.",
    ),
]
Dask = Annotated[
    str | None,
    typer.Option(
        "--dask",
        metavar="ADDRESS",
        help="Run the jobs on a Dask cluster: its scheduler (tcp://host:port), or local[:N] "
        "for a LocalCluster of N worker processes here. DIST is written here, as without it. "
        "Needs pip install 'ridec[dask]'.",
        show_default=False,
    ),
]
DaskTimeout = Annotated[
    float,
    typer.Option(
        "--dask-timeout",
        min=0.1,
        metavar="SECONDS",
        help="How long to wait for the Dask scheduler to answer, and for a first worker.",
    ),
]
Athletes = Annotated[
    Path | None,
    typer.Option(
        "--athletes",
        metavar="CSV",
        exists=True,
        dir_okay=False,
        help="Roster CSV (columns name,ftp): ERG files per athlete, in their watts.",
    ),
]
Quiet = Annotated[
    bool, typer.Option("-q", "--quiet", help="No progress and no summary; errors only.")
]
FollowSymlinks = Annotated[
    bool,
    typer.Option(
        "--follow-symlinks",
        help="Build what links lead to, even outside the source folders, and search linked "
        "folders. Without it such a source is an error and linked folders are skipped.",
    ),
]


EXAMPLE = "Example: ridec build workouts -o dist -t zwo,fit -j 2"


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("build", cls=RidecCommand, epilog=EXAMPLE)(build_command)


def build_command(
    sources: Sources,
    output: Output,
    target: Targets = "all",
    jobs: Jobs = None,
    dask: Dask = None,
    dask_timeout: DaskTimeout = 10.0,
    athletes: Athletes = None,
    ftp: Ftp = None,
    sets: Sets = None,
    strict: Strict = False,
    quiet: Quiet = False,
    follow_symlinks: FollowSymlinks = False,
    unicode: Unicode = False,
    activation: ActivationOption = DEFAULT_ACTIVATION,
    fit_ramp: FitRamp = DEFAULT_FIT_RAMP,
    fit_power_band: FitPowerBand = "0%",
    fit_max_steps: FitMaxSteps = 50,
    fit_nested_repeats: FitNestedRepeats = False,
    created: Created = None,
) -> None:
    """Compile every workout and plan under SRC into DIST: only what changed, in parallel.

    DIST gets the outputs, `manifest.json` (every output with its source, hashes and losses)
    and `index.html` (the browsable library). Errors do not stop the build; they are all
    printed at the end and the exit code is 1. The summary counts sources compiled without
    error, unchanged, and failed. Losses that change what the rider meets are printed as
    warnings, each once; every loss is in the manifest. --set applies to every .ride source
    that declares the parameter (plans set their own values); --strict makes every loss an
    error. A source, or a plan's workout, that is a link leading out of its folder is an
    error unless --follow-symlinks is given. With --dask the jobs run on a Dask cluster and
    DIST is still written here: the same files as a local build.
    """
    from ridec.formats.registry import UnknownTargetError, parse_targets
    from ridec.library.engine import BuildRequest, build
    from ridec.library.progress import choose_progress
    from ridec.library.runner import default_jobs

    cluster = _cluster(dask, jobs)

    try:
        names = tuple(parse_targets(target))
    except UnknownTargetError as exc:
        usage_error(str(exc))
    if _is_file(output):
        usage_error(f"-o {output}: exists and is not a folder")
    options = compile_options(
        ftp=ftp,
        unicode=unicode,
        activation=activation,
        fit_ramp=fit_ramp,
        fit_power_band=fit_power_band,
        fit_max_steps=fit_max_steps,
        fit_nested_repeats=fit_nested_repeats,
        created=created,
    )
    if str(output) == STDOUT:
        usage_error("-o - names stdout, and a build writes a folder of files: give -o DIST")
    request = BuildRequest(
        roots=tuple(sources),
        dist=output,
        targets=names,
        options=options,
        jobs=jobs or default_jobs(),
        roster=athletes,
        overrides=tuple(parse_sets(sets).items()),
        strict=strict,
        follow_symlinks=follow_symlinks,
        named=named_targets(target),
    )
    progress = choose_progress(quiet)
    if cluster is None:
        report = build(request, progress)
    else:
        report = _on_cluster(request, progress, cluster, dask_timeout)
    for text in report.diagnostics(errors_only=quiet):
        typer.echo(text, err=True)
    if not quiet:
        typer.echo(
            f"built {report.sources} sources in {report.seconds:.2f} s: "
            f"{report.compiled} compiled, {report.unchanged} unchanged, {report.failed} failed; "
            f"{report.written} files written, {report.removed} removed"
        )
    if not report.ok:
        raise typer.Exit(EXIT_INPUT)


def _is_file(path: Path) -> bool:
    """Whether `path` exists and is no folder (an odd path is left for the build to report)."""
    try:
        return path.exists() and not path.is_dir()
    except OSError:
        return False


def _cluster(dask: str | None, jobs: int | None) -> ClusterSpec | None:
    """What `--dask` asks for (None without it); a usage error when it is malformed."""
    if dask is None:
        return None
    from ridec.library.dask_runner import parse_spec

    if jobs is not None:
        usage_error("-j sets local worker processes and --dask runs on a cluster: give one")
    try:
        return parse_spec(dask)
    except ValueError as exc:
        usage_error(f"--dask {dask}: {exc}")


def _on_cluster(
    request: BuildRequest, progress: BuildProgress, spec: ClusterSpec, timeout: float
) -> BuildReport:
    """The build with its jobs on a Dask cluster; a cluster that cannot run it is exit 1."""
    from ridec.diagnostics import error
    from ridec.library.dask_runner import ClusterError, connect
    from ridec.library.engine import build

    try:
        with connect(spec, timeout) as cluster:
            return build(request, progress, cluster)
    except ClusterError as exc:
        typer.echo(error(exc.message, hint=exc.hint).render(), err=True)
        raise typer.Exit(EXIT_INPUT) from None
