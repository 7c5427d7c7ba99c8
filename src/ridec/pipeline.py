"""From a file on disk to checked output bytes: load, bind, lower, render, validate.

Every command that compiles (compile, build, show) goes through here, so every output is
validated by its format's checker and every loss is recorded the same way.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ridec import limits
from ridec.diagnostics import Diagnostic, DiagnosticError, Source, Span, error
from ridec.fileio import describe_bytes, read_limited
from ridec.model import Workout
from ridec.readers import ReadResult
from ridec.targets import writer
from ridec.targets.base import CompileOptions, ConversionError, Fidelity
from ridec.timeline import Timeline, lower

READERS: dict[str, str] = {
    ".zwo": "ridec.readers.zwo:read_zwo",
    ".erg": "ridec.readers.ergmrc:read_course",
    ".mrc": "ridec.readers.ergmrc:read_course",
    ".fit": "ridec.readers.fit:read_fit",
}
"""Extension -> `module:function(data: bytes, path: str) -> ReadResult` of each reader."""

SOURCE_EXTENSIONS = (".ride", ".plan", *READERS)
"""Every extension `load` accepts."""

MAX_INPUT_BYTES = limits.MAX_INPUT_BYTES
"""Larger inputs are refused: no real workout comes near it, and readers stay bounded."""


@dataclass(frozen=True, slots=True)
class Compiled:
    """One target's output for one workout."""

    target: str
    """The format's registry name."""
    data: bytes
    """The checked file contents."""
    fidelity: Fidelity
    """What the format kept, degraded and dropped."""


@dataclass(frozen=True, slots=True)
class Loaded:
    """A workout read from a file, with the reader's warnings."""

    workout: Workout
    """Bound: no parameter references left."""
    warnings: tuple[Diagnostic, ...] = ()
    """What a third-party file held that could only be kept approximately."""


@dataclass(frozen=True, slots=True)
class Unit:
    """One workout to compile from an input file, and where its outputs go."""

    workout: Workout
    """Bound and ready to lower."""
    stem: str
    """Output path without extension, relative to the output folder, `/`-separated."""
    warnings: tuple[Diagnostic, ...] = ()
    """What the reader of a third-party file had to approximate."""


def load_units(path: Path, overrides: Mapping[str, str] | None = None) -> list[Unit]:
    """The workouts an input holds: one for a workout file, one per week and workout for a
    plan (laid out as `<plan-slug>/week-NN/<stem>`, as `ridec build` does)."""
    if path.suffix.lower() != ".plan":
        loaded = load_with_warnings(path, overrides)
        return [Unit(loaded.workout, output_name(path, ""), loaded.warnings)]
    if overrides:
        raise DiagnosticError([error("--set applies to .ride sources; a plan sets its own values")])
    from ridec.build.discover import slug
    from ridec.language.plan import expand_plan, load_plan

    folder = slug(path.stem)
    planned = expand_plan(load_plan(path))
    return [Unit(p.workout, f"{folder}/week-{p.week:02d}/{p.stem}") for p in planned]


def load(path: Path, overrides: Mapping[str, str] | None = None) -> Workout:
    """Read any supported input file into a bound workout (parameters substituted)."""
    return load_with_warnings(path, overrides).workout


def load_with_warnings(path: Path, overrides: Mapping[str, str] | None = None) -> Loaded:
    """Like `load`, keeping the warnings a reader of a third-party format met."""
    suffix = path.suffix.lower()
    if suffix != ".ride" and suffix not in READERS:
        raise DiagnosticError([_unsupported(path)])
    return load_bytes(read_input(path), path, overrides)


def load_bytes(data: bytes, path: Path, overrides: Mapping[str, str] | None = None) -> Loaded:
    """A workout from the bytes of a file named `path`, read as its extension says."""
    suffix = path.suffix.lower()
    if suffix == ".ride":
        from ridec.language import bind, parse

        text = _decode(data, str(path))
        return Loaded(bind(parse(text, str(path)), overrides))
    if suffix not in READERS:
        raise DiagnosticError([_unsupported(path)])
    if overrides:
        raise DiagnosticError([error(f"--set applies to .ride sources only, not {suffix}")])
    from ridec.readers.normalize import normalize

    result = _reader(suffix)(data, str(path))
    workout, merged = normalize(result.workout)
    limits.require_within_limits(workout)  # located in the file read, before any unrolling
    return Loaded(workout, (*result.diagnostics, *merged))


def compile_workout(workout: Workout, target: str, options: CompileOptions) -> Compiled:
    """Lower `workout` and render it to `target`, checked by the format's own validator."""
    return compile_timeline(lower(workout, options.ftp), target, options)


def compile_timeline(timeline: Timeline, target: str, options: CompileOptions) -> Compiled:
    """Render an already lowered workout to `target` (build lowers once for every target)."""
    fmt = writer(target)
    report = Fidelity(target)
    try:
        data = fmt.render(timeline, options, report)
    except ConversionError as exc:
        raise DiagnosticError([error(f"{target}: {exc}", exc.span, exc.hint)]) from None
    problems = fmt.validate(data)
    if problems:
        raise DiagnosticError([_invalid_output(target, problems, timeline.workout.span)])
    check_output_size(fmt.extension, len(data), timeline.workout)
    return Compiled(target, data, report)


def check_output_size(extension: str, size: int, workout: Workout) -> None:
    """Refuse an output larger than ridec reads back from a file of its kind: what ridec
    writes, ridec reads. Located at the workout, whose size made it so."""
    if size <= limits.read_limit(extension):
        return
    limit = describe_bytes(limits.read_limit(extension))
    message = (
        f"the {extension} output would be {size:,} bytes, more than the {limit} ridec reads "
        "back; nothing was written"
    )
    hint = "shorten the cues and labels, or split the workout"
    point = Span(workout.span.source, 0, 0) if workout.span is not None else None
    raise DiagnosticError([error(message, point, hint)])


def output_name(path: Path, extension: str) -> str:
    """The name of an output made from `path`: its name with `extension` for its suffix.

    Spelled on the name itself (never through `Path.stem`, which turns `..ride` into `.`
    and then into nothing), so every source gets a real file name.
    """
    name = path.name
    return name[: len(name) - len(path.suffix)] + extension


def _invalid_output(target: str, problems: list[str], span: Span | None) -> Diagnostic:
    message = (
        f"internal error: the {target} output failed its own check ({problems[0]}); "
        "nothing was written"
    )
    return error(message, span, "this is a bug in ridec: please report it with this source file")


def read_input(path: Path) -> bytes:
    """The bytes of an input file, or a diagnostic when it cannot be read or is too large."""
    return read_limited(path, limits.read_limit(path.suffix))


def _decode(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        source = Source(path, data[: exc.start].decode("utf-8", "replace"))
        span = Span(source, len(source.text or ""), len(source.text or ""))
        hint = "save the file as UTF-8"
        raise DiagnosticError([error("the file is not valid UTF-8", span, hint)]) from None


def _unsupported(path: Path) -> Diagnostic:
    known = ", ".join(SOURCE_EXTENSIONS)
    return error(f"{path}: unsupported file type '{path.suffix}'", hint=f"ridec reads {known}")


def _reader(suffix: str) -> Callable[[bytes, str], ReadResult]:
    module_name, function = READERS[suffix].split(":")
    module = importlib.import_module(module_name)
    reader: Callable[[bytes, str], ReadResult] = getattr(module, function)
    return reader
