"""From a file on disk to checked output bytes: load, bind, lower, render, validate.

Every command that compiles (compile, build, show) goes through here, so every output is
validated by its format's checker and every loss is recorded the same way.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ridec.diagnostics import Diagnostic, DiagnosticError, Severity, Source, Span, error
from ridec.fileio import read_limited
from ridec.model import Workout
from ridec.readers import ReadResult
from ridec.targets import writer
from ridec.targets.base import CompileOptions, ConversionError, Fidelity, NothingToRideError
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

MAX_INPUT_BYTES = 16 * 1024 * 1024
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
    stem: Path
    """Output path without extension, relative to the output folder."""
    warnings: tuple[Diagnostic, ...] = ()
    """What the reader of a third-party file had to approximate."""
    week: int | None = None
    """The plan week this workout is for; None outside a plan."""


def load_units(path: Path, overrides: Mapping[str, str] | None = None) -> list[Unit]:
    """The workouts an input holds: one for a workout file, one per week and workout for a
    plan (laid out as `<plan-slug>/week-NN/<stem>`, as `ridec build` does)."""
    if path.suffix.lower() != ".plan":
        loaded = load_with_warnings(path, overrides)
        return [Unit(loaded.workout, Path(path.stem), loaded.warnings)]
    if overrides:
        raise DiagnosticError([error("--set applies to .ride sources; a plan sets its own values")])
    from ridec.build.discover import slug
    from ridec.language.plan import expand_plan, load_plan

    folder = Path(slug(path.stem))
    return [
        Unit(p.workout, folder / f"week-{p.week:02d}" / p.stem, week=p.week)
        for p in expand_plan(load_plan(path))
    ]


def load_declared(path: Path, overrides: Mapping[str, str]) -> tuple[Workout, tuple[str, ...]]:
    """A `.ride` file bound with the overrides it declares a parameter for (a library build
    sets `--set` names across workouts that need not all have them); its parameters' names.
    """
    from ridec.language import bind, parse

    workout = parse(_decode(read_input(path), str(path)), str(path))
    names = tuple(param.name for param in workout.params)
    mine = {name: value for name, value in overrides.items() if name in names}
    return bind(workout, mine), names


def load(path: Path, overrides: Mapping[str, str] | None = None) -> Workout:
    """Read any supported input file into a bound workout (parameters substituted)."""
    return load_with_warnings(path, overrides).workout


def load_with_warnings(path: Path, overrides: Mapping[str, str] | None = None) -> Loaded:
    """Like `load`, keeping the warnings a reader of a third-party format met."""
    data = read_input(path)
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
    return Loaded(workout, (*result.diagnostics, *merged))


def read_as_written(path: Path) -> Loaded:
    """A third-party file read as it is, with what its reader found, without the changes
    that make it expressible as `.ride` source (those concern `import`, not the file)."""
    data = read_input(path)
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise DiagnosticError([_unsupported(path)])
    result = _reader(suffix)(data, str(path))
    return Loaded(result.workout, tuple(result.diagnostics))


def compile_workout(workout: Workout, target: str, options: CompileOptions) -> Compiled:
    """Lower `workout` and render it to `target`, checked by the format's own validator."""
    return compile_timeline(lower(workout, options.ftp), target, options)


def compile_timeline(timeline: Timeline, target: str, options: CompileOptions) -> Compiled:
    """Render an already lowered workout to `target` (build lowers once for every target)."""
    fmt = writer(target)
    report = Fidelity(target)
    try:
        data = fmt.render(timeline, options, report)
    except NothingToRideError as exc:
        raise TargetSkippedError(target, str(exc)) from None
    except ConversionError as exc:
        hint = "set the FTP with `ftp:` in the header or `--ftp`"
        raise DiagnosticError([error(f"{target}: {exc}", exc.span, hint)]) from None
    problems = fmt.validate(data)
    if problems:
        raise DiagnosticError([_invalid_output(target, problems, timeline.workout.span)])
    return Compiled(target, data, report)


class TargetSkippedError(DiagnosticError):
    """A format writes no file for this workout, and that is no error (see NothingToRideError)."""

    def __init__(self, target: str, reason: str) -> None:
        self.target = target
        self.reason = reason
        super().__init__([Diagnostic(Severity.NOTE, f"{target}: not written: {reason}")])


def _invalid_output(target: str, problems: list[str], span: Span | None) -> Diagnostic:
    message = (
        f"internal error: the {target} output failed its own check ({problems[0]}); "
        "nothing was written"
    )
    return error(message, span, "this is a bug in ridec: please report it with this source file")


def read_input(path: Path) -> bytes:
    """The bytes of an input file, or a diagnostic when it cannot be read or is too large."""
    return read_limited(path, MAX_INPUT_BYTES)


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
