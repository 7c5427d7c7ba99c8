"""ridec's public API, for programs that embed the compiler (a coaching platform compiling
personalised files inside its own job system).

    workout = ridec.parse(text, "standing.ride")          # a checked model
    workout = ridec.bind(workout, {"reps": "5"}, ftp=280)  # parameters and FTP set
    for output in ridec.compile(workout, ["zwo", "fit"]):  # bytes, checked, with the losses
        store(output.target, output.data, output.fidelity.losses())
    ridec.read(data, "ride.fit").workout                   # any supported file back to a model
    ridec.validate(data, "upload.zwo")                     # [] when the file is valid

Every function is pure: it prints nothing, keeps nothing between calls and changes none of
its arguments. Problems in the input raise the one `DiagnosticError`, whose `diagnostics`
are located (`file:line:col` or a byte offset, with a hint); warnings and losses are
returned (`Loaded.warnings`, `Compiled.fidelity`). The `ridec` commands are built on these
functions.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePath

from ridec.diagnostics import Diagnostic, DiagnosticError, Severity, error, has_errors
from ridec.formats.base import (
    ActivationMode,
    Capability,
    CompileOptions,
    Fidelity,
    FormatEntry,
    Loss,
    LossKind,
    RampMode,
)
from ridec.formats.registry import (
    REGISTRY,
    UnknownTargetError,
    by_extension,
    checkable_extensions,
    parse_targets,
)
from ridec.limits import FTP_RANGE, ftp_problem
from ridec.model import Workout
from ridec.pipeline import (
    SOURCE_EXTENSIONS,
    Compiled,
    Loaded,
    TargetSkippedError,
    bytes_as_written,
    compile_timeline,
    decode_source,
    load_bytes,
    load_with_warnings,
    output_name,
    parse_ride,
    read_input,
)
from ridec.records import record
from ridec.timeline import Timeline
from ridec.timeline import lower as lower_bound

__all__ = [
    "FORMATS",
    "FTP_RANGE",
    "ActivationMode",
    "Capability",
    "CompileOptions",
    "Compiled",
    "Diagnostic",
    "DiagnosticError",
    "Fidelity",
    "FormatEntry",
    "Loaded",
    "Loss",
    "LossKind",
    "RampMode",
    "Severity",
    "Timeline",
    "Unit",
    "Workout",
    "bind",
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
"""The formats ridec writes, in the order `"all"` compiles them."""


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
    problem = ftp_problem(ftp)
    if problem is not None:
        raise DiagnosticError([error(problem)])
    return dataclasses.replace(bound, header=dataclasses.replace(bound.header, ftp=ftp))


def compile(
    workout: Workout | Timeline,
    formats: str | Iterable[str] = "all",
    options: CompileOptions | None = None,
) -> list[Compiled]:
    """The workout in each format, as checked bytes with what the format kept and lost.

    `formats` is `"all"`, a comma-separated string (`"zwo,fit"`) or names (FORMATS).
    The workout is lowered once for every format (`lower`; a Timeline is taken as it is).
    Raises DiagnosticError when a name is unknown or any format cannot be written (ERG
    without an FTP, say), with every such problem; nothing is returned then. A single
    format that has nothing to write (a workout that is only its activation routine, in a
    player's format) raises TargetSkippedError, a DiagnosticError with the reason.
    """
    options = options or CompileOptions()
    names = _format_names(formats)
    timeline = workout if isinstance(workout, Timeline) else lower(workout, options.ftp)
    results: list[Compiled] = []
    problems: list[Diagnostic] = []
    skipped: list[TargetSkippedError] = []
    for name in names:
        try:
            results.append(compile_timeline(timeline, name, options))
        except TargetSkippedError as exc:
            skipped.append(exc)
            problems.extend(exc.diagnostics)
        except DiagnosticError as exc:
            problems.extend(exc.diagnostics)
    if len(names) == 1 and skipped:
        raise skipped[0]
    if problems:
        raise DiagnosticError(problems)
    return results


def lower(workout: Workout, ftp: int | None = None) -> Timeline:
    """The timed steps every format is written from: repeats unrolled, cues placed.

    `ftp` wins over the header's. Parameters `bind` has not set take their defaults.
    """
    from ridec.language import bind as bind_values

    return lower_bound(bind_values(workout), ftp)


def read(data: bytes, name: str) -> Loaded:
    """A file's contents back into a bound workout, with the warnings its reader met.

    `name` is the file's name, whose extension says the format (`.ride`, `.zwo`, `.erg`,
    `.mrc`, `.fit`), or a bare format name (`"fit"`). Repeats come back as repeats. Raises
    DiagnosticError when the file cannot be read.
    """
    _require(data, bytes, "read", "the file's bytes")
    return load_bytes(data, _file_name(name))


def read_file(path: StrPath, params: Mapping[str, str] | None = None) -> Loaded:
    """`read` on a file (a bounded read); `params` set a `.ride` file's parameters."""
    return load_with_warnings(Path(path), params)


def validate(data: bytes, name: str) -> list[Diagnostic]:
    """Every problem in a file of any supported format; empty when it is valid.

    `name` is as for `read`. The format's checker runs first (the ZWO schema, the ERG/MRC
    grammar, FIT integrity and meaning); a file it passes is then read and lowered, and what
    the reader found is added. Errors have `Severity.ERROR`; warnings are tolerated by
    common players. Never raises for a bad file.
    """
    _require(data, bytes, "validate", "the file's bytes")
    path = _file_name(name)
    unsupported = _cannot_validate(path)
    if unsupported is not None:
        return [unsupported]
    entry = by_extension(path.suffix)
    structural = entry.load_checker()(data, str(path)) if entry is not None else []
    if has_errors(structural) or (entry is not None and entry.reader is None):
        return structural
    return structural + _reader_diagnostics(data, path)


def validate_file(path: StrPath) -> list[Diagnostic]:
    """`validate` on a file: a file that cannot be read is a problem too."""
    name = Path(path)
    unsupported = _cannot_validate(name)
    if unsupported is not None:
        return [unsupported]
    try:
        data = read_input(name)
    except DiagnosticError as exc:
        return list(exc.diagnostics)
    return validate(data, str(name))


@record
class Unit:
    """One workout to compile from an input file, and where its outputs go."""

    workout: Workout
    """Bound and ready to lower."""
    stem: str
    """Output path without extension, relative to the output folder, `/`-separated (a
    string: `Path` would turn the stem of `..ride` into `.`)."""
    warnings: tuple[Diagnostic, ...] = ()
    """What the reader of a third-party file had to approximate."""
    week: int | None = None
    """The plan week this workout is for; None outside a plan."""


def load_units(path: StrPath, overrides: Mapping[str, str] | None = None) -> list[Unit]:
    """The workouts a file holds: one for a workout file, one per week and workout for a
    plan (laid out as `<plan-slug>/week-NN/<stem>`, as `ridec build` does)."""
    path = Path(path)
    if path.suffix.lower() != ".plan":
        loaded = load_with_warnings(path, overrides)
        return [Unit(loaded.workout, output_name(path, ""), loaded.warnings)]
    if overrides:
        raise DiagnosticError([error("--set applies to .ride sources; a plan sets its own values")])
    from ridec.language.plan import expand_plan, load_plan
    from ridec.library.discover import slug

    folder = slug(path.stem)
    return [
        Unit(p.workout, f"{folder}/week-{p.week:02d}/{p.stem}", week=p.week)
        for p in expand_plan(load_plan(path))
    ]


def format_entry(name: str) -> FormatEntry:
    """The registry's entry for a format: its extensions and what it keeps exactly."""
    if name not in REGISTRY:
        raise DiagnosticError([error(str(UnknownTargetError(name)))])
    return REGISTRY[name]


def _require(value: object, kind: type, function: str, what: str) -> None:
    """A TypeError naming what `function` takes, for a value of another type (None, say):
    a wrong type is a programming error, not a problem in a workout."""
    if not isinstance(value, kind):
        raise TypeError(f"{function}() takes {what}, not {type(value).__name__}")


def _format_names(formats: str | Iterable[str]) -> list[str]:
    spec = formats if isinstance(formats, str) else ",".join(formats)
    try:
        return parse_targets(spec)
    except UnknownTargetError as exc:
        raise DiagnosticError([error(str(exc))]) from None


def _file_name(name: str) -> PurePath:
    """A file name for the readers: a bare format name becomes `<input>.<format>`."""
    return PurePath(name if "." in name else f"<input>.{name.lower()}")


def _cannot_validate(path: PurePath) -> Diagnostic | None:
    suffix = path.suffix.lower()
    if suffix in (".ride", ".plan") or suffix in checkable_extensions():
        return None
    known = ", ".join(dict.fromkeys((*SOURCE_EXTENSIONS, *checkable_extensions())))
    return error(f"{path}: cannot validate '{suffix}' files", hint=f"ridec checks {known}")


def _reader_diagnostics(data: bytes, path: PurePath) -> list[Diagnostic]:
    """What the reader finds beyond the structure (unknown blocks, impossible values).

    Not what `import` changes to write the workout as `.ride` source (texts at one second
    joined into one cue): that is the language's limit, not a fault of the file. A plan is
    checked with every week of every workout it names, bound with the week's values.
    """
    try:
        suffix = path.suffix.lower()
        if suffix == ".plan":
            _check_plan(data, path)
            return []
        loaded = load_bytes(data, path) if suffix == ".ride" else bytes_as_written(data, path)
        lower_bound(loaded.workout)
    except DiagnosticError as exc:
        return list(exc.diagnostics)
    return list(loaded.warnings)


def _check_plan(data: bytes, path: PurePath) -> None:
    """Expand a plan (its workouts are found beside `path`) and lower every week's workout."""
    from ridec.language.plan import expand_plan, parse_plan

    for planned in expand_plan(parse_plan(decode_source(data, str(path)), Path(path))):
        lower_bound(planned.workout)
