"""One `ridec build`: find sources, skip the unchanged, compile the rest, clean up, index.

Order matters for safety: outputs are written (each atomically) while jobs run; outputs that
lost their source are removed only after every job has finished; the index comes next and the
manifest last. A build stopped at any point leaves every earlier output intact, and the next
build redoes whatever the manifest does not vouch for.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ridec import __version__
from ridec.build.atomic import sweep_temporaries
from ridec.build.discover import STATE_DIR, SourceFile, SourceKind, discover
from ridec.build.hashing import fingerprint, source_hash
from ridec.build.index import INDEX_NAME, write_index
from ridec.build.manifest import (
    MANIFEST_NAME,
    LineSpool,
    Manifest,
    OutputLine,
    SourceRecord,
    read_manifest,
    write_manifest,
)
from ridec.build.progress import BuildProgress
from ridec.build.roster import Athlete, read_roster
from ridec.build.runner import run_jobs
from ridec.build.worker import ATHLETE_TARGETS, BuildSettings, Job, JobResult
from ridec.diagnostics import Diagnostic, did_you_mean, error, warning
from ridec.targets.base import CompileOptions

IN_PROGRESS = f"{STATE_DIR}/build-in-progress"
"""Present while a build runs: if a build finds it, the last one was stopped part-way."""
LOCK = f"{STATE_DIR}/lock"
"""Locked by the running build, so two builds never write one DIST at once."""
SPOOL = f"{STATE_DIR}/.manifest-lines.tmp"
"""New output lines wait here for the manifest (a temporary name: swept if left behind)."""


@dataclass(frozen=True, slots=True)
class BuildRequest:
    """Everything `ridec build` was asked to do."""

    roots: tuple[Path, ...]
    """Source folders (or files)."""
    dist: Path
    """The output folder."""
    targets: tuple[str, ...]
    """Formats to write."""
    options: CompileOptions = field(default_factory=CompileOptions)
    """Compile options shared by every source."""
    jobs: int = 1
    """Worker processes."""
    roster: Path | None = None
    """`--athletes` CSV."""
    overrides: tuple[tuple[str, str], ...] = ()
    """`--set NAME=VALUE` for every `.ride` source that declares NAME."""
    strict: bool = False
    """`--strict`: every loss is an error."""


@dataclass
class BuildReport:
    """What a build did, for the summary and the exit code."""

    sources: int = 0
    compiled: int = 0
    unchanged: int = 0
    failed: int = 0
    written: int = 0
    removed: int = 0
    seconds: float = 0.0
    errors: list[tuple[str, str]] = field(default_factory=list)
    """(source key, rendered diagnostic) for every error, in source order once sorted."""
    warnings: list[str] = field(default_factory=list)
    """Rendered warnings about the build itself (not about a source)."""
    loss_warnings: list[tuple[str, str]] = field(default_factory=list)
    """(source key, rendered warning) for losses that change what the rider meets."""
    params: set[str] = field(default_factory=set)
    """Parameters declared by the `.ride` sources compiled in this build."""
    compiled_workouts: int = 0
    """How many `.ride` sources were compiled (a `--set` typo shows only then)."""

    @property
    def ok(self) -> bool:
        """Whether every source built without error."""
        return not self.errors

    def diagnostics(self, *, errors_only: bool = False) -> list[str]:
        """Every message to print at the end: warnings, then errors by source."""
        # A plan and its workouts meet the same losses at the same lines: each once.
        losses = list(dict.fromkeys(t for _, t in sorted(self.loss_warnings, key=lambda e: e[0])))
        errors = [text for _, text in sorted(self.errors, key=lambda e: e[0])]
        return errors if errors_only else self.warnings + losses + errors


def build(request: BuildRequest, progress: BuildProgress) -> BuildReport:
    """Run one build; outputs, index and manifest end up in `request.dist`."""
    started = time.perf_counter()
    report = BuildReport()
    sources, problems = discover(request.roots, request.dist)
    _add(report, "", problems)
    settings = _settings(request, report)
    try:
        with _claim(request.dist):
            _build(request, settings, sources, report, progress)
    except BuildLockedError as exc:
        report.errors.append(("", error(str(exc)).render()))
    report.seconds = time.perf_counter() - started
    return report


def _build(
    request: BuildRequest,
    settings: BuildSettings,
    sources: Sequence[SourceFile],
    report: BuildReport,
    progress: BuildProgress,
) -> None:
    """Compile what changed, then remove stale outputs, then the index, then the manifest."""
    dist = request.dist
    options_key = _options_key(settings)
    old = read_manifest(dist / MANIFEST_NAME)
    records, jobs = _plan(sources, old, options_key, dist)
    report.sources, report.unchanged = len(sources), len(records)
    kinds = {job.source.key: str(job.source.kind) for job in jobs}
    stale: list[str] = []
    with contextlib.closing(LineSpool(dist / SPOOL)) as spool:
        progress.start(len(jobs))
        for result in run_jobs(jobs, settings, request.jobs):
            previous = old.records.get(result.source) if old else None
            record, dropped = _merge(result, previous, options_key, kinds[result.source], spool)
            records[result.source] = record
            stale.extend(dropped)
            _count(report, result)
            if kinds[result.source] == str(SourceKind.WORKOUT):
                report.compiled_workouts += 1
                report.params.update(result.params)
            progress.advance(result)
        progress.finish()
        _unused_overrides(request, report)
        _finish(
            dist, settings, records, spool, old=old, compiled=bool(jobs), stale=stale, report=report
        )


def _finish(
    dist: Path,
    settings: BuildSettings,
    records: dict[str, SourceRecord],
    spool: LineSpool,
    *,
    old: Manifest | None,
    compiled: bool,
    stale: list[str],
    report: BuildReport,
) -> None:
    """Remove stale outputs, then write the index, then the manifest (its new lines from
    `spool`)."""
    stale.extend(_gone(old, records))
    report.removed = _remove(dist, stale)
    ordered = [records[key] for key in sorted(records)]
    changed = compiled or bool(stale) or old is None or len(ordered) != len(old.records)
    if report.written:
        _sync()
    if changed or not (dist / INDEX_NAME).exists():
        write_index(dist, ordered, __version__, _all_targets(settings))
    if changed:
        targets = _all_targets(settings)
        write_manifest(dist / MANIFEST_NAME, __version__, targets, ordered, old, spool=spool)


class BuildLockedError(Exception):
    """Another build is writing the same DIST."""


@contextlib.contextmanager
def _claim(dist: Path) -> Iterator[None]:
    """Hold DIST for this build: one build at a time, and a marker while it runs.

    A marker left behind means the last build was stopped part-way: its temporary files
    are swept first. The marker is removed only when the build ends normally.
    """
    marker = dist / IN_PROGRESS
    marker.parent.mkdir(parents=True, exist_ok=True)
    with (dist / LOCK).open("a") as lock:
        _lock(lock.fileno(), dist)
        if marker.exists():
            sweep_temporaries(dist)
        marker.touch()
        yield
        marker.unlink(missing_ok=True)


def _lock(fd: int, dist: Path) -> None:
    """An exclusive lock on DIST's lock file (released when the process ends, however)."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; concurrent builds are the user's care
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise BuildLockedError(f"another ridec build is writing {dist}; wait for it") from None


def _sync() -> None:
    """Flush the outputs (written without a per-file fsync) before the manifest vouches for them."""
    if hasattr(os, "sync"):
        os.sync()


def _all_targets(settings: BuildSettings) -> list[str]:
    return [*settings.targets, *settings.athlete_targets]


def _add(report: BuildReport, key: str, diagnostics: Iterable[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        report.errors.append((key, diagnostic.render()))


def _settings(request: BuildRequest, report: BuildReport) -> BuildSettings:
    """Split the targets into shared and per-athlete ones when a roster is given."""
    athletes: list[Athlete] = []
    if request.roster is not None:
        athletes, problems = read_roster(request.roster)
        _add(report, "", problems)
        if not any(t in ATHLETE_TARGETS for t in request.targets):
            message = f"--athletes makes per-athlete {', '.join(ATHLETE_TARGETS)} files only"
            report.warnings.append(warning(f"{message}; no such target was chosen").render())
            athletes = []
    shared: tuple[str, ...] = request.targets
    personal: tuple[str, ...] = ()
    if athletes or request.roster is not None:
        shared = tuple(t for t in request.targets if t not in ATHLETE_TARGETS)
        personal = tuple(t for t in request.targets if t in ATHLETE_TARGETS)
    return BuildSettings(
        request.dist,
        shared,
        personal,
        request.options,
        tuple(athletes),
        overrides=request.overrides,
        strict=request.strict,
    )


def _options_key(settings: BuildSettings) -> str:
    """Fingerprint of everything besides the sources that changes the outputs."""
    return fingerprint(
        {
            "targets": list(settings.targets),
            "athlete_targets": list(settings.athlete_targets),
            "athletes": [[a.slug, a.name, a.ftp] for a in settings.athletes],
            "options": dataclasses.asdict(settings.options),
            "overrides": [list(pair) for pair in settings.overrides],
            "strict": settings.strict,
        }
    )


def _plan(
    sources: Sequence[SourceFile], old: Manifest | None, options_key: str, dist: Path
) -> tuple[dict[str, SourceRecord], list[Job]]:
    """Keep the record of every source the manifest vouches for; a job for each other one."""
    kept: dict[str, SourceRecord] = {}
    jobs: list[Job] = []
    trusted = old is not None and old.ridec == __version__
    for source in sources:
        record = old.records.get(source.key) if old else None
        current = source_hash(source.path, record.deps if record else ())
        if trusted and record is not None and _clean(record, source, current, options_key, dist):
            kept[source.key] = record
        else:
            jobs.append(Job(source, current))
    # Plans first: they are the longest jobs, and starting them early keeps every worker busy.
    jobs.sort(key=lambda job: job.source.kind is not SourceKind.PLAN)
    return kept, jobs


def _clean(record: SourceRecord, source: SourceFile, current: str, key: str, dist: Path) -> bool:
    """Whether a source's outputs are up to date: same bytes, same options, all present."""
    if not record.ok or record.options != key or record.kind != source.kind:
        return False
    if record.hash != current:
        return False
    paths = (*record.paths, record.card) if record.card else record.paths
    return all(os.path.exists(dist / path) for path in paths)


def _merge(
    result: JobResult,
    previous: SourceRecord | None,
    options_key: str,
    kind: str,
    spool: LineSpool,
) -> tuple[SourceRecord, list[str]]:
    """The source's new record and the paths of its outputs that no longer exist."""
    lines: list[OutputLine] = [spool.add(entry.line()) for entry in result.outputs]
    paths = [entry.path for entry in result.outputs]
    dropped: list[str] = []
    if previous is not None:
        new = set(paths)
        for path, line in zip(previous.paths, previous.outputs, strict=True):
            if path in new:
                continue
            if result.ok:
                dropped.append(path)
            else:  # a failed build leaves earlier outputs where they are, and listed
                paths.append(path)
                lines.append(line)
    record = SourceRecord(
        source=result.source,
        kind=kind,
        hash=result.hash,
        options=options_key,
        ok=result.ok,
        deps=result.deps or (previous.deps if previous else ()),
        name=result.name or (previous.name if previous else None),
        duration_s=result.duration_s,
        card=result.card or (previous.card if previous else None),
        outputs=tuple(lines),
        paths=tuple(paths),
    )
    return record, dropped


def _count(report: BuildReport, result: JobResult) -> None:
    report.compiled += 1
    report.written += len(result.outputs)
    if not result.ok:
        report.failed += 1
    report.errors.extend((result.source, text) for text in result.diagnostics)
    report.loss_warnings.extend((result.source, text) for text in result.warnings)


def _unused_overrides(request: BuildRequest, report: BuildReport) -> None:
    """A `--set` name no compiled workout declares is most likely a typo: say so."""
    if not report.compiled_workouts:
        return
    for name, _ in request.overrides:
        if name not in report.params:
            hint = did_you_mean(name, report.params)
            message = f"--set {name}: no workout compiled in this build declares `{name}`"
            report.warnings.append(warning(message, hint=hint).render())


def _gone(old: Manifest | None, records: dict[str, SourceRecord]) -> list[str]:
    """Outputs and cards of sources that no longer exist."""
    if old is None:
        return []
    paths: list[str] = []
    for key, record in old.records.items():
        if key not in records:
            paths.extend(record.paths)
            if record.card:
                paths.append(record.card)
    return paths


def _remove(dist: Path, paths: Sequence[str]) -> int:
    """Delete outputs (only inside DIST) and the folders they leave empty; how many files."""
    removed = 0
    for path in paths:
        relative = PurePosixPath(path)
        if relative.is_absolute() or ".." in relative.parts:
            continue  # never trust a manifest entry to point outside DIST
        target = dist / relative
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
            removed += 1
        _prune(dist, target.parent)
    return removed


def _prune(dist: Path, folder: Path) -> None:
    """Remove empty folders from `folder` up to (not including) DIST."""
    root = dist.resolve()
    current = folder.resolve()
    while current != root and root in current.parents:
        try:
            current.rmdir()
        except OSError:
            return
        current = current.parent
