"""ridec's public API, for programs that embed the compiler (a coaching platform compiling
personalised files inside its own job system).

    workout = ridec.parse(text, "standing.ride")          # a checked model
    workout = ridec.bind(workout, {"reps": "5"}, ftp=280)  # parameters and FTP set
    for output in ridec.compile(workout, ["zwo", "fit"]):  # bytes, checked, with the losses
        store(output.format, output.data, output.fidelity.losses())
    ridec.read(data, "ride.fit").workout                   # any supported file back to a model
    ridec.validate(data, "upload.zwo")                     # [] when the file is valid
    ridec.balance(["rides/"], ftp=250).to_json()           # left/right balance across rides
    ridec.build(["workouts"], "dist", client=client)       # a library, on a Dask cluster

Every function but `build` (which writes the library's folder) is pure: it prints nothing,
keeps nothing between calls and changes none of its arguments. Problems in the input raise
the one `DiagnosticError`, whose `diagnostics` are located (`file:line:col` or a byte
offset, with a hint); warnings and losses are returned (`Loaded.warnings`,
`Compiled.fidelity`); `balance`, which reads many rides, returns each refused ride's located
error in its report (`BalanceReport.problems`) so the others are still reported. The `ridec`
commands are built on these functions.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from ridec.diagnostics import (
    Diagnostic,
    DiagnosticError,
    Severity,
    did_you_mean,
    error,
    has_errors,
)
from ridec.facts import FTP_RANGE
from ridec.formats.base import (
    ActivationMode,
    ActivationName,
    Capability,
    CompileOptions,
    Fidelity,
    FormatEntry,
    Loss,
    LossKind,
    RampMode,
    RampName,
    require_whole,
)
from ridec.formats.registry import (
    REGISTRY,
    UnknownTargetError,
    by_extension,
    checkable_extensions,
    parse_targets,
)
from ridec.limits import ftp_problem
from ridec.mentions import PARAMS
from ridec.model import Workout
from ridec.pipeline import (
    SOURCE_EXTENSIONS,
    Compiled,
    FtpRequiredError,
    Loaded,
    TargetSkippedError,
    bytes_as_written,
    compile_timeline,
    decode_source,
    format_suffix,
    load_bytes,
    load_with_warnings,
    output_name,
    parse_ride,
    read_input,
)
from ridec.records import record
from ridec.timeline import Timeline
from ridec.timeline import lower as lower_bound

if TYPE_CHECKING:
    from distributed import Client

    from ridec.leftright.report import BalanceReport
    from ridec.leftright.ride import RideBalance
    from ridec.leftright.ride import Setting as RideSetting
    from ridec.library.engine import BuildReport, BuildRequest

__all__ = [
    "FORMATS",
    "FTP_RANGE",
    "ActivationMode",
    "ActivationName",
    "BalanceReport",
    "BuildOptions",
    "BuildReport",
    "Capability",
    "CompileOptions",
    "Compiled",
    "Diagnostic",
    "DiagnosticError",
    "Fidelity",
    "FormatEntry",
    "FtpRequiredError",
    "Loaded",
    "Loss",
    "LossKind",
    "RampMode",
    "RampName",
    "RideBalance",
    "RideSetting",
    "Severity",
    "TargetSkippedError",
    "Timeline",
    "Unit",
    "Workout",
    "balance",
    "bind",
    "build",
    "compile",
    "format_entry",
    "load_units",
    "lower",
    "parse",
    "parse_file",
    "read",
    "read_file",
    "validate",
    "validate_file",
]

FORMATS: tuple[str, ...] = tuple(REGISTRY)
"""The formats ridec writes, in registry order. `"all"` compiles the files riders load
(`zwo`, `erg`, `mrc`, `fit`, `json`); `icu`, text to paste into intervals.icu, is asked for
by name (`"all,icu"`)."""


StrPath = str | os.PathLike[str]
"""A file name as text or as a path."""


def parse(text: str, path: str = "<input>") -> Workout:
    """A `.ride` source text as a checked workout.

    `path` names the source in diagnostics and gives the workout its name when the header
    has none. `let` parameters keep their references: `bind` sets them. Raises
    DiagnosticError with every problem in the text.
    """
    from ridec.language import parse as parse_text

    _require(text, str, "parse", "the source text (decode bytes first, or use parse_file)")
    _require(path, str, "parse", "the path as text")
    return parse_text(text, path)


def parse_file(path: StrPath) -> Workout:
    """A `.ride` file as a checked workout (`parse`, after a bounded read and UTF-8 check)."""
    name = Path(path)
    return parse_ride(read_input(name), str(name))


def bind(
    workout: Workout, params: Mapping[str, str] | None = None, *, ftp: int | None = None
) -> Workout:
    """`workout` with its `let` parameters set and, when given, its FTP in watts.

    Values are written as in the language (`{"reps": "5", "on": "3m", "target": "80%"}`);
    parameters not given keep their defaults. Raises DiagnosticError for an unknown name, a
    value of the wrong kind, a value that breaks the workout or an FTP out of FTP_RANGE.
    """
    from ridec.language import bind as bind_values

    bound = bind_values(workout, params)
    if ftp is None:
        return bound
    _check_ftp(ftp)
    return dataclasses.replace(bound, header=dataclasses.replace(bound.header, ftp=ftp))


def compile(
    workout: Workout | Timeline,
    formats: str | Iterable[str] = "all",
    options: CompileOptions | None = None,
) -> list[Compiled]:
    """The workout in each format, as checked bytes with what the format kept and lost.

    `formats` is `"all"` (every format but `icu`), a comma-separated string (`"zwo,fit"`,
    `"all,icu"`) or names (FORMATS).
    The workout is lowered once for every format (`lower`; a Timeline is taken as it is).
    Raises DiagnosticError when a name is unknown or any format cannot be written (ERG
    without an FTP, say), with every such problem; nothing is returned then. A single
    format raises a DiagnosticError that says more: TargetSkippedError when it has nothing
    to write (a workout that is only its activation routine, in a player's format), and
    FtpRequiredError when it needs an FTP the workout lacks (ERG from % FTP); both have
    `target` and a one-line `reason`.
    """
    options = options or CompileOptions()
    names = _format_names(formats)
    timeline = workout if isinstance(workout, Timeline) else lower(workout, options.ftp)
    if len(names) == 1:
        return [compile_timeline(timeline, names[0], options)]
    results: list[Compiled] = []
    problems: list[Diagnostic] = []
    for name in names:
        try:
            results.append(compile_timeline(timeline, name, options))
        except DiagnosticError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise DiagnosticError(problems)
    return results


def lower(workout: Workout, ftp: int | None = None) -> Timeline:
    """The timed steps every format is written from: repeats unrolled, cues placed.

    `ftp` wins over the header's. Parameters `bind` has not set take their defaults.
    """
    from ridec.language import bind as bind_values

    return lower_bound(bind_values(workout), ftp)


def read(
    data: bytes,
    name: str,
    *,
    format: str | None = None,
    params: Mapping[str, str] | None = None,
) -> Loaded:
    """A file's contents back into a bound workout, with the warnings its reader met.

    `name` is the file's name, whose extension says the format (`.ride`, `.zwo`, `.erg`,
    `.mrc`, `.fit`, `.icu`), or a bare format name (`"fit"`; `"icu"` for intervals.icu
    text). `format` (a name of FORMATS with a reader, or `"ride"`) wins over the name's
    extension: `read(text, "pasted.txt", format="icu")`. `params` set a `.ride` source's
    parameters. Repeats come back as repeats. Raises DiagnosticError when the file cannot
    be read.
    """
    _require(data, bytes, "read", "the file's bytes")
    return load_bytes(data, _file_name(name, format), params, format)


def read_file(
    path: StrPath, params: Mapping[str, str] | None = None, *, format: str | None = None
) -> Loaded:
    """`read` on a file (a bounded read); `params` set a `.ride` file's parameters;
    `format` reads it as that format whatever its extension."""
    return load_with_warnings(Path(path), params, format)


def validate(data: bytes, name: str, *, format: str | None = None) -> list[Diagnostic]:
    """Every problem in a file of any supported format; empty when it is valid.

    `name` and `format` are as for `read`. The format's checker runs first (the ZWO
    schema, the ERG/MRC grammar, FIT integrity and meaning, the intervals.icu syntax); a
    file it passes is then read and lowered, and what the reader found is added. Errors
    have `Severity.ERROR`; warnings are tolerated by common players. Never raises for a bad
    file.
    """
    _require(data, bytes, "validate", "the file's bytes")
    path = _file_name(name, format)
    try:
        suffix = format_suffix(format) if format is not None else path.suffix.lower()
    except DiagnosticError as exc:
        return list(exc.diagnostics)
    unsupported = _cannot_validate(path, suffix)
    if unsupported is not None:
        return [unsupported]
    entry = by_extension(suffix)
    structural = entry.load_checker()(data, str(path)) if entry is not None else []
    if has_errors(structural) or (entry is not None and entry.reader is None):
        return structural
    return structural + _reader_diagnostics(data, path, suffix, format)


def validate_file(path: StrPath, *, format: str | None = None) -> list[Diagnostic]:
    """`validate` on a file: a file that cannot be read is a problem too."""
    name = Path(path)
    try:
        suffix = format_suffix(format) if format is not None else name.suffix.lower()
    except DiagnosticError as exc:
        return list(exc.diagnostics)
    unsupported = _cannot_validate(name, suffix)
    if unsupported is not None:
        return [unsupported]
    try:
        data = read_input(name, suffix)
    except DiagnosticError as exc:
        return list(exc.diagnostics)
    return validate(data, str(name), format=format)


@record
class Unit:
    """One workout to compile from an input file, and where its outputs go."""

    workout: Workout
    """Bound and ready to lower."""
    stem: str
    """Output path without extension, relative to the output folder, `/`-separated (a
    string: `Path` would turn the stem of `..ride` into `.`)."""
    warnings: tuple[Diagnostic, ...] = ()
    """What the reader of a third-party file had to approximate; for a `.ride` source (in a
    plan, with its first week), the steps that most likely do not say what was meant."""
    week: int | None = None
    """The plan week this workout is for; None outside a plan."""
    sessions: int = 1
    """How often the plan has it ridden that week (`3 per week`); 1 outside a plan."""


def load_units(
    path: StrPath, overrides: Mapping[str, str] | None = None, *, format: str | None = None
) -> list[Unit]:
    """The workouts a file holds: one for a workout file, one per week and workout for a
    plan (laid out as `<plan-slug>/week-NN/<stem>`, as `ridec build` does). `format` reads
    a workout file as that format whatever its extension (as for `read`)."""
    path = Path(path)
    if format is not None or path.suffix.lower() != ".plan":
        loaded = load_with_warnings(path, overrides, format)
        return [Unit(loaded.workout, output_name(path, ""), loaded.warnings)]
    if overrides:
        message = f"parameters ({PARAMS.api}) are set on .ride sources; a plan sets its own values"
        raise DiagnosticError([error(message)])
    from ridec.language.plan import expand_plan, load_plan
    from ridec.library.discover import slug

    folder = slug(path.stem)
    return [
        Unit(
            p.workout,
            f"{folder}/week-{p.week:02d}/{p.stem}",
            p.warnings,
            week=p.week,
            sessions=p.sessions,
        )
        for p in expand_plan(load_plan(path))
    ]


RideSource = str | os.PathLike[str] | bytes | tuple[str, bytes]
"""A ride for `balance`: a file or a folder (searched for `.fit` files), the bytes of a
file, or a name and its bytes."""


def balance(
    rides: RideSource | Iterable[RideSource],
    ftp: int | None = None,
    *,
    setting: str | None = None,
    against: Timeline | Sequence[Timeline] | None = None,
) -> BalanceReport:
    """The left/right balance of recorded rides (activity FIT files), ride by ride and
    pooled indoor and outdoor, with the drift inside rides and the trend by date.

    `ftp` (watts) gives the power-zone breakdown (else each ride's plan's FTP, else the one
    its head unit recorded); `setting` ("indoor" or "outdoor") overrides where every ride
    is taken to be ridden; `against`, a lowered workout (or a week's workouts, the closest
    to each ride's length used), is lined up on each ride as `ridec review` does, for the
    technique breakdown. A file that cannot be read or has nothing to count is not raised:
    its located error is in the report's `problems` and the other rides are reported. Raises
    DiagnosticError for an FTP out of FTP_RANGE, an unknown setting or more rides than the
    limit. `BalanceReport.to_json()` is the documented JSON document.
    """
    from ridec.leftright.rides import balance_report

    if ftp is not None:
        _check_ftp(ftp)
    chosen = None
    if setting is not None:
        from ridec.leftright.ride import Setting

        try:
            chosen = Setting(setting)
        except ValueError:
            raise DiagnosticError(
                [error(f"setting {setting!r}: a ride's setting is 'indoor' or 'outdoor'")]
            ) from None
    plans = (against,) if isinstance(against, Timeline) else tuple(against or ())
    inputs: list[RideSource] = []
    if isinstance(rides, (str, bytes, os.PathLike, tuple)):
        inputs.append(rides)
    else:
        inputs.extend(rides)
    return balance_report(inputs, ftp=ftp, setting=chosen, against=plans)


def _check_ftp(ftp: object) -> None:
    problem = ftp_problem(ftp)
    if problem is not None:
        raise DiagnosticError([error(problem)])


def format_entry(name: str) -> FormatEntry:
    """The registry's entry for a format: its extensions and what it keeps exactly."""
    if name not in REGISTRY:
        hint = did_you_mean(name, REGISTRY) or f"choose from {', '.join(REGISTRY)}"
        raise DiagnosticError([error(f"unknown format {name!r} in `name={name!r}`: {hint}")])
    return REGISTRY[name]


def _require(value: object, kind: type, function: str, what: str) -> None:
    """A TypeError naming what `function` takes, for a value of another type (None, say):
    a wrong type is a programming error, not a problem in a workout."""
    if not isinstance(value, kind):
        raise TypeError(f"{function}() takes {what}, not {type(value).__name__}")


def _format_names(formats: str | Iterable[str], argument: str = "formats") -> list[str]:
    """The format names `formats` asks for; an unknown one is an error in the API's words,
    naming the `argument` it was given in (`formats='zwoo'`), not the command line's `-t`
    targets."""
    given = formats if isinstance(formats, str) else list(formats)
    try:
        return parse_targets(given if isinstance(given, str) else ",".join(given))
    except UnknownTargetError as exc:
        message = f"unknown format '{exc.name}' in `{argument}={given!r}`: {exc.hint}"
        raise DiagnosticError([error(message)]) from None


def _file_name(name: str, fmt: str | None = None) -> PurePath:
    """A file name for the readers: a bare format name becomes `<input>.<format>` (a name
    read as a given format stays as it is: `<stdin>`)."""
    if fmt is not None or "." in name:
        return PurePath(name)
    return PurePath(f"<input>.{name.lower()}")


def _cannot_validate(path: PurePath, suffix: str) -> Diagnostic | None:
    if suffix in (".ride", ".plan") or suffix in checkable_extensions():
        return None
    known = ", ".join(dict.fromkeys((*SOURCE_EXTENSIONS, *checkable_extensions())))
    return error(f"{path}: cannot validate '{suffix}' files", hint=f"ridec checks {known}")


def _reader_diagnostics(
    data: bytes, path: PurePath, suffix: str, fmt: str | None
) -> list[Diagnostic]:
    """What the reader finds beyond the structure (unknown blocks, impossible values).

    Not what `import` changes to write the workout as `.ride` source (texts at one second
    joined into one cue): that is the language's limit, not a fault of the file. A plan is
    checked with every week of every workout it names, bound with the week's values.
    """
    try:
        if suffix == ".plan":
            _check_plan(data, path)
            return []
        if suffix == ".ride":
            loaded = load_bytes(data, path, fmt=fmt)
        else:
            loaded = bytes_as_written(data, path, fmt)
        lower_bound(loaded.workout)
    except DiagnosticError as exc:
        return list(exc.diagnostics)
    return list(loaded.warnings)


def _check_plan(data: bytes, path: PurePath) -> None:
    """Expand a plan (its workouts are found beside `path`) and lower every week's workout."""
    from ridec.language.plan import expand_plan, parse_plan

    for planned in expand_plan(parse_plan(decode_source(data, str(path)), Path(path))):
        lower_bound(planned.workout)


@record
class BuildOptions:
    """How `build` compiles a library: the options of `ridec build`."""

    targets: str | tuple[str, ...] = "all"
    """Formats, as for `compile`."""
    compile: CompileOptions = field(default_factory=CompileOptions)
    """Every output option (FTP, FIT ramps, ...)."""
    jobs: int | None = None
    """Worker processes on this machine, without a Dask client; None: the cores."""
    athletes: StrPath | None = None
    """A roster CSV (`name,ftp`): ERG files per athlete, in their watts."""
    params: Mapping[str, str] = field(default_factory=dict)
    """`let` values for every `.ride` source that declares them (`--set`)."""
    strict: bool = False
    """Every loss is an error, and nothing lossy is written."""
    follow_symlinks: bool = False
    """Build what links lead to, even outside the source folders."""

    def __post_init__(self) -> None:
        """Refuse a number of jobs that makes no sense (0, -3, 1.5) where it enters, as
        `ridec build -j` does (ValueError naming `jobs`); None takes the cores."""
        if self.jobs is not None:
            require_whole("jobs", self.jobs, 1, None)


def build(
    sources: StrPath | Iterable[StrPath],
    out: StrPath,
    options: BuildOptions | None = None,
    client: Client | None = None,
) -> BuildReport:
    """Build a library into the folder `out`, as `ridec build` does: only what changed.

    `sources` are folders (searched for `.ride` and `.plan` files) or files. With `client`,
    a `distributed.Client` (`pip install 'ridec[dask]'`), every source is compiled on its
    Dask cluster and `out` is written here, file for file what a local build writes; the
    workers must run this ridec version. Returns the `BuildReport`: what was compiled, kept
    and removed, and every problem of a source as a rendered diagnostic (`report.ok` is
    False when there is one). Raises DiagnosticError for an unknown format, or a cluster
    that cannot run the build (no worker, another ridec version). Unlike the other
    functions it writes files: `out`, and nothing else.
    """
    from ridec.library.engine import BuildRequest
    from ridec.library.runner import default_jobs

    options = options or BuildOptions()
    roots = (sources,) if isinstance(sources, (str, os.PathLike)) else tuple(sources)
    request = BuildRequest(
        roots=tuple(Path(root) for root in roots),
        dist=Path(out),
        targets=tuple(_format_names(options.targets, "targets")),
        options=options.compile,
        jobs=options.jobs or default_jobs(),
        roster=None if options.athletes is None else Path(options.athletes),
        overrides=tuple(options.params.items()),
        strict=options.strict,
        follow_symlinks=options.follow_symlinks,
        named=_named_formats(options.targets),
    )
    return _run_build(request, client)


def _named_formats(formats: str | Iterable[str]) -> frozenset[str]:
    """The formats asked for by name, not through `all`: one of them that needs an FTP the
    workout lacks is an error, as in `ridec build -t erg` (under `all` it is left out)."""
    spec = formats if isinstance(formats, str) else ",".join(formats)
    return frozenset(name.strip().lower() for name in spec.split(",")) - {"all"}


def _run_build(request: BuildRequest, client: Client | None) -> BuildReport:
    """The build, on `client`'s cluster when one is given."""
    from ridec.library.engine import build as build_library
    from ridec.library.progress import SilentProgress

    if client is None:
        return build_library(request, SilentProgress())
    from ridec.library.dask_runner import ClusterError, DaskCluster

    try:
        address = str(getattr(client.scheduler, "address", "the client's"))
        cluster = DaskCluster.ready(client, address, DEFAULT_TIMEOUT)
    except ClusterError as exc:
        raise DiagnosticError([error(exc.message, hint=exc.hint)]) from None
    return build_library(request, SilentProgress(), cluster)


DEFAULT_TIMEOUT = 10.0
"""Seconds `build` waits for a first Dask worker."""


_LAZY_TYPES = {
    "BuildReport": ("ridec.library.engine", "BuildReport"),
    "BalanceReport": ("ridec.leftright.report", "BalanceReport"),
    "RideBalance": ("ridec.leftright.ride", "RideBalance"),
    "RideSetting": ("ridec.leftright.ride", "Setting"),
}
"""Types imported on first use: compiling never loads ride analysis (`balance`'s types) nor
the build engine (`build`'s report)."""


def __getattr__(name: str) -> Any:
    if name in _LAZY_TYPES:
        import importlib

        module, attribute = _LAZY_TYPES[name]
        return getattr(importlib.import_module(module), attribute)
    raise AttributeError(f"module 'ridec.api' has no attribute {name!r}")
