"""From a file on disk to checked output bytes: load, bind, lower, render, validate.

Every command that compiles (compile, build, show) goes through here, through the public
API (`ridec.api`) or the library build, so every output is validated by its format's
checker and every loss is recorded the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePath

from ridec import limits
from ridec.diagnostics import Diagnostic, DiagnosticError, Severity, Source, Span, error
from ridec.fileio import describe_bytes, read_limited
from ridec.formats.base import (
    CompileOptions,
    ConversionError,
    Fidelity,
    FtpNeededError,
    NothingToRideError,
    Reader,
)
from ridec.formats.registry import REGISTRY, by_extension, readable_extensions, writer
from ridec.mentions import FTP, PARAMS
from ridec.model import Workout
from ridec.records import record
from ridec.timeline import Timeline, lower

SOURCE_EXTENSIONS = (".ride", ".plan", *readable_extensions())
"""Every extension `load` accepts (`.plan` through `ridec.api.load_units`)."""
SOURCE_FORMAT = "ride"
"""The name `--from` (and the API's `format=`) gives the `.ride` language."""

MAX_INPUT_BYTES = limits.MAX_INPUT_BYTES
"""Larger inputs are refused: no real workout comes near it, and readers stay bounded."""


@record
class Compiled:
    """One format's output for one workout."""

    format: str
    """The format's registry name (`"fit"`), one of `ridec.FORMATS`."""
    data: bytes
    """The checked file contents."""
    fidelity: Fidelity
    """What the format kept, degraded and dropped."""

    @property
    def target(self) -> str:
        """Deprecated: `format`, the name this field had first."""
        import warnings

        warnings.warn(
            "Compiled.target is deprecated: use Compiled.format", DeprecationWarning, stacklevel=2
        )
        return self.format


@record
class Loaded:
    """A workout read from a file, with the reader's warnings."""

    workout: Workout
    """Bound: no parameter references left."""
    warnings: tuple[Diagnostic, ...] = ()
    """What a third-party file held that could only be kept approximately; for a `.ride`
    source, the steps that most likely do not say what was meant (`ridec.language.traps`)."""


def load_declared(
    data: bytes, path: str, overrides: Mapping[str, str]
) -> tuple[Workout, tuple[str, ...]]:
    """The bytes of a `.ride` file named `path`, bound with the overrides it declares a
    parameter for (a library build sets `--set` names across workouts that need not all have
    them); its parameters' names.
    """
    from ridec.language import bind, parse

    workout = parse(decode_source(data, path), path)
    names = tuple(param.name for param in workout.params)
    mine = {name: value for name, value in overrides.items() if name in names}
    return bind(workout, mine), names


def load(path: Path, overrides: Mapping[str, str] | None = None) -> Workout:
    """Read any supported input file into a bound workout (parameters substituted)."""
    return load_with_warnings(path, overrides).workout


def load_with_warnings(
    path: Path, overrides: Mapping[str, str] | None = None, fmt: str | None = None
) -> Loaded:
    """Like `load`, keeping the warnings a reader of a third-party format met; `fmt` (a
    format's name, `ride` for the language) reads the file as that format whatever its
    name says."""
    suffix = format_suffix(fmt) if fmt is not None else path.suffix.lower()
    if suffix != ".ride" and by_extension(suffix) is None:
        raise DiagnosticError([_unsupported(path)])  # before reading: it may be anything
    return load_bytes(read_input(path, suffix), path, overrides, fmt)


def format_suffix(fmt: str) -> str:
    """The extension of the format named `fmt` (`icu` -> `.icu`, `ride` -> `.ride`); a
    located-less diagnostic naming the formats when there is no such format."""
    name = fmt.strip().lower()
    if name == SOURCE_FORMAT:
        return ".ride"
    if name in REGISTRY:
        return REGISTRY[name].extension
    known = ", ".join((SOURCE_FORMAT, *REGISTRY))
    raise DiagnosticError([error(f"unknown format '{fmt}'", hint=f"formats: {known}")])


def load_bytes(
    data: bytes,
    path: PurePath,
    overrides: Mapping[str, str] | None = None,
    fmt: str | None = None,
) -> Loaded:
    """The contents `data` of a file named `path` as a bound workout, with the warnings a
    reader of a third-party format met; the format is `fmt`'s, else the extension's."""
    suffix = format_suffix(fmt) if fmt is not None else path.suffix.lower()
    if suffix == ".ride":
        from ridec.language import bind

        workout, warnings = read_ride(data, str(path))
        return Loaded(bind(workout, overrides), warnings)
    reader = _reader(suffix)
    if reader is None:
        raise DiagnosticError([_unreadable(path, fmt)])
    if overrides:
        message = f"parameters ({PARAMS.api}) are set on .ride sources only, not {suffix}"
        raise DiagnosticError([error(message)])
    from ridec.formats.normalize import normalize

    result = reader(data, str(path))
    workout, merged = normalize(result.workout)
    limits.require_within_limits(workout)  # located in the file read, before any unrolling
    return Loaded(workout, (*result.diagnostics, *merged))


def parse_ride(data: bytes, path: str) -> Workout:
    """The bytes of a `.ride` file as a checked workout, its parameters not yet bound."""
    return read_ride(data, path)[0]


def read_ride(data: bytes, path: str) -> tuple[Workout, tuple[Diagnostic, ...]]:
    """`parse_ride`, with the source's warnings (the steps that most likely do not say what
    was meant: `ridec.language.traps`)."""
    from ridec.language import parse_checked

    document = parse_checked(decode_source(data, path), path)
    return document.workout, tuple(d for d in document.problems if d.severity is not Severity.ERROR)


def read_as_written(path: Path) -> Loaded:
    """A third-party file read as it is, with what its reader found, without the changes
    that make it expressible as `.ride` source (those concern `import`, not the file)."""
    return bytes_as_written(read_input(path), path)


def bytes_as_written(data: bytes, path: PurePath, fmt: str | None = None) -> Loaded:
    """`read_as_written` on the contents `data` of a file named `path` (read as `fmt`)."""
    reader = _reader(format_suffix(fmt) if fmt is not None else path.suffix.lower())
    if reader is None:
        raise DiagnosticError([_unreadable(path, fmt)])
    result = reader(data, str(path))
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
    except FtpNeededError as exc:
        problem = error(f"{target}: {exc}", exc.span, exc.hint)
        raise FtpRequiredError(target, problem) from None
    except ConversionError as exc:
        raise DiagnosticError([error(f"{target}: {exc}", exc.span, exc.hint)]) from None
    problems = fmt.validate(data)
    if problems:
        raise DiagnosticError([_invalid_output(target, problems, timeline.workout.span)])
    check_output_size(fmt.extension, len(data), timeline.workout)
    return Compiled(target, data, report)


class TargetSkippedError(DiagnosticError):
    """A format writes no file for this workout, and that is no error (see NothingToRideError)."""

    def __init__(self, target: str, reason: str) -> None:
        self.target = target
        self.reason = reason
        super().__init__([Diagnostic(Severity.NOTE, f"{target}: not written: {reason}")])


class FtpRequiredError(DiagnosticError):
    """A format that needs an FTP the workout does not have (ERG, in watts, from a workout in
    % FTP). Asked for by name it is an error; `ridec compile` and `ridec build` under `-t all`
    leave that format out with one line saying why (`reason`) and write the others."""

    def __init__(self, target: str, problem: Diagnostic) -> None:
        self.target = target
        self.reason = f"{target.upper()} needs an FTP: give {FTP.api} or `ftp:` in the header"
        super().__init__([problem])


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


def read_input(path: Path, suffix: str | None = None) -> bytes:
    """The bytes of an input file, or a diagnostic when it cannot be read or is too large;
    the limit is that of its extension, or of `suffix` when it is read as another format."""
    return read_limited(path, limits.read_limit(suffix or path.suffix))


def decode_source(data: bytes, path: str) -> str:
    """The text of a `.ride` or `.plan` file, or a located diagnostic when it is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        source = Source(path, data[: exc.start].decode("utf-8", "replace"))
        span = Span(source, len(source.text or ""), len(source.text or ""))
        hint = "save the file as UTF-8"
        raise DiagnosticError([error("the file is not valid UTF-8", span, hint)]) from None


def _unsupported(path: PurePath) -> Diagnostic:
    known = ", ".join(SOURCE_EXTENSIONS)
    return error(f"{path}: unsupported file type '{path.suffix}'", hint=f"ridec reads {known}")


def _unreadable(path: PurePath, fmt: str | None) -> Diagnostic:
    if fmt is None:
        return _unsupported(path)
    readable = ", ".join(e.name for e in REGISTRY.values() if e.reader is not None)
    hint = f"ridec reads {SOURCE_FORMAT}, {readable}"
    return error(f"{path}: ridec writes {fmt.lower()} but does not read it", hint=hint)


def _reader(suffix: str) -> Reader | None:
    entry = by_extension(suffix)
    return entry.load_reader() if entry is not None else None
