"""The inputs of `ridec push` as checked files of the destination's format, through the API.

A `.ride`, a `.plan` (every week) or another tool's file is compiled exactly as `ridec
compile` compiles it: the same units (`api.load_units`), the same lowering and the same
checked `api.compile`, and every loss logged the same way (`reporting.LossLog`). A file
already in the destination's format is validated (`api.validate`, every check `ridec
validate` makes) and delivered byte for byte; options that would change it (`--ftp`,
`--set`) are refused for it rather than ignored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import field
from pathlib import Path

from ridec import api, limits
from ridec.delivery.base import Delivery
from ridec.diagnostics import Diagnostic, DiagnosticError, Severity, error, has_errors
from ridec.fileio import read_limited
from ridec.formats.base import CompileOptions
from ridec.pipeline import TargetSkippedError
from ridec.records import record
from ridec.reporting import LossLog


@record(frozen=False)
class Collected:
    """Every input compiled (or validated) for one destination."""

    deliveries: list[Delivery] = field(default_factory=list)
    """The workouts to deliver, in the order of the inputs (a plan's weeks in order)."""
    problems: list[Diagnostic] = field(default_factory=list)
    """Errors, and the warnings readers of other tools' files met."""
    logs: list[LossLog] = field(default_factory=list)
    """What each compiled input lost, as `ridec compile` reports it."""
    unchanged: list[str] = field(default_factory=list)
    """One line per input delivered as it is, for the summary."""

    @property
    def failed(self) -> bool:
        """Whether any input has an error: then nothing is delivered."""
        return has_errors(self.problems)


def collect(
    paths: Sequence[Path],
    target: str,
    options: CompileOptions,
    overrides: Mapping[str, str],
) -> Collected:
    """Every input as checked `target` files, with every problem and loss."""
    collected = Collected()
    extensions = api.format_entry(target).extensions
    for path in paths:
        if path.suffix.lower() in extensions:
            _validated(path, target, options, overrides, collected)
        else:
            _compiled(path, target, options, overrides, collected)
    return collected


def _validated(
    path: Path,
    target: str,
    options: CompileOptions,
    overrides: Mapping[str, str],
    collected: Collected,
) -> None:
    """An input already in the destination's format: validated, then delivered unchanged."""
    changing = "--ftp" if options.ftp is not None else "--set" if overrides else None
    if changing is not None:
        message = f"already a {target} file, delivered as it is: {changing} would not change it"
        hint = f"leave {changing} out, or push the workout's .ride source"
        collected.problems.append(Diagnostic(Severity.ERROR, message, hint=hint, path=str(path)))
        return
    try:
        data = read_limited(path, limits.read_limit(path.suffix))
    except DiagnosticError as exc:
        collected.problems.extend(exc.diagnostics)
        return
    found = api.validate(data, str(path))
    collected.problems.extend(found)
    if has_errors(found):
        return
    title = _title(data, path)
    collected.deliveries.append(Delivery(str(path), path.stem, title, target, data, as_is=True))
    collected.unchanged.append(f"{path}: {target}: valid, delivered as it is")


def _title(data: bytes, path: Path) -> str:
    """The workout's name as its file gives it (the file's stem when it has none)."""
    try:
        name = api.read(data, str(path)).workout.header.name
    except DiagnosticError:
        name = None  # a format ridec checks but does not read back
    return name or path.stem


def _compiled(
    path: Path,
    target: str,
    options: CompileOptions,
    overrides: Mapping[str, str],
    collected: Collected,
) -> None:
    """A source compiled as `ridec compile -t TARGET` compiles it, every week of a plan."""
    try:
        units = api.load_units(path, overrides)
    except DiagnosticError as exc:
        collected.problems.extend(exc.diagnostics)
        return
    weeks = max((u.week for u in units if u.week is not None), default=None)
    log = LossLog(str(path), weeks)
    collected.logs.append(log)
    for unit in units:
        delivery = _compile_unit(
            path, unit, target=target, options=options, log=log, problems=collected.problems
        )
        if delivery is not None:
            collected.deliveries.append(delivery)


def _compile_unit(
    path: Path,
    unit: api.Unit,
    *,
    target: str,
    options: CompileOptions,
    log: LossLog,
    problems: list[Diagnostic],
) -> Delivery | None:
    """One workout compiled and checked, its losses logged; None when it has no file."""
    problems.extend(unit.warnings)
    try:
        timeline = api.lower(unit.workout, options.ftp)
        (compiled,) = api.compile(timeline, [target], options)
    except TargetSkippedError as exc:
        log.skip(target, exc.reason)
        return None
    except DiagnosticError as exc:
        problems.extend(exc.diagnostics)
        return None
    log.add(compiled.fidelity, unit.week)
    title = unit.workout.header.name or Path(unit.stem).name
    return Delivery(str(path), unit.stem, title, target, compiled.data, unit.week, unit.sessions)


def nothing_to_deliver(collected: Collected) -> Diagnostic | None:
    """The error for inputs that gave no workout at all (each was only its activation
    routine, in a format without one), or None."""
    if collected.deliveries or collected.failed:
        return None
    return error("nothing to deliver: no input gave a workout in this format")
