"""A job: one source to compile, carrying the bytes of every file it compiles.

The build reads each file once, in its main process. A job holds the source's bytes and, for
a plan, the bytes of every workout the plan reads; its hash is taken over exactly those
bytes, and the worker compiles them without opening a file of the library. An edit made
while the build runs is therefore in both the outputs and the hash, or in neither, and the
next build sees it. A job is a plain picklable value: it compiles wherever it is sent.

A source the build already read to decide whether it changed (`Pending.data`) is not read
again: those bytes are the job's.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ridec.library.discover import SourceFile, SourceKind
from ridec.library.hashing import content_hash, read_regular
from ridec.limits import MAX_INPUT_BYTES


@dataclass(frozen=True, slots=True)
class WorkoutFile:
    """A workout file a plan reads, as the build read it."""

    path: str
    """The file as the plan's reader names it (`Plan.workout_path`, POSIX form)."""
    key: str
    """Its path relative to the source folder: its name in the manifest and `plan.json`."""
    data: bytes | None = None
    """Its bytes; None when it could not be read."""
    reason: str | None = None
    """Why it could not be read, as the plan's diagnostic says it."""
    hint: str | None = None
    """What to do about it."""
    outside: bool = False
    """Whether it was refused as a link out of the plan's folder."""


@dataclass(frozen=True, slots=True)
class Job:
    """One source to compile, self-contained."""

    source: SourceFile
    """The source (its names; its file is not read again)."""
    data: bytes
    """The source's bytes."""
    hash: str
    """The hash of `data` and of every workout's bytes: what the manifest records."""
    workouts: tuple[WorkoutFile, ...] = ()
    """A plan's workout files, in the order the plan names them."""

    @property
    def size(self) -> int:
        """Bytes the job carries."""
        return len(self.data) + sum(len(w.data or b"") for w in self.workouts)


@dataclass(frozen=True, slots=True)
class Pending:
    """A source the build will compile, with what it already read of it."""

    source: SourceFile
    """The source."""
    data: bytes | None = None
    """Its bytes, when the build read them to compare with the manifest."""
    deps: Mapping[str, bytes | None] = field(default_factory=dict)
    """The bytes of the workouts its last build read, by key, read with `data`."""


def load(pending: Pending, *, follow_links: bool = False) -> Job:
    """Read what `pending` has not read yet: the job, with the hash of its bytes.

    Raises `UnreadableSourceError` when the source itself cannot be read; a workout of a plan
    that cannot be read is recorded as such, for the plan's diagnostic. Unless
    `follow_links`, a workout that links out of the plan's folder is not read.
    """
    source = pending.source
    data = pending.data
    if data is None:
        data = read_regular(source.path, MAX_INPUT_BYTES)
    if source.kind is not SourceKind.PLAN:
        return Job(source, data, content_hash(data))
    workouts = _workouts(source, data, pending.deps, follow_links)
    return Job(source, data, content_hash(data, {w.key: w.data for w in workouts}), workouts)


def _workouts(
    source: SourceFile, data: bytes, known: Mapping[str, bytes | None], follow: bool
) -> tuple[WorkoutFile, ...]:
    """Every workout file a plan reads, read once (or taken from `known`); none when the
    plan does not parse (the worker reports why)."""
    from ridec.diagnostics import DiagnosticError
    from ridec.language import decode
    from ridec.language.plan import parse_plan, plan_dependencies

    try:
        plan = parse_plan(decode(data, str(source.path)), source.path)
    except DiagnosticError:
        return ()
    within = None if follow else plan.path.parent
    return tuple(_workout(source, path, known, within) for path in plan_dependencies(plan))


def _workout(
    source: SourceFile, path: Path, known: Mapping[str, bytes | None], within: Path | None
) -> WorkoutFile:
    """One workout of a plan: taken from `known` when it was read already, else read."""
    from ridec.fileio import ReadError, leads_outside
    from ridec.language.plan_reads import LINK_HINT, read_workout
    from ridec.library.discover import FOLLOW_HINT

    key = workout_key(source, path)
    outside = within is not None and leads_outside(path, within) is not None
    if not outside and known.get(key) is not None:
        return WorkoutFile(path.as_posix(), key, known[key])
    try:
        data = read_workout(path, within, f"{LINK_HINT}, or {FOLLOW_HINT}")
    except ReadError as exc:
        return WorkoutFile(path.as_posix(), key, None, exc.reason, exc.hint, outside)
    return WorkoutFile(path.as_posix(), key, data)


def workout_key(source: SourceFile, path: Path | str) -> str:
    """A file a plan reads (a path as reached from here) by its key: its path relative to the
    plan's source folder."""
    return Path(os.path.relpath(path, os.path.normpath(source.folder))).as_posix()
