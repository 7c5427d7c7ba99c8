"""One `ridec build`: find sources, skip the unchanged, compile the rest, clean up, index.

Order matters for safety: DIST is locked and the build's token recorded before anything is
written; outputs are written (each atomically) while jobs run; outputs that lost their
source are removed only after every job has finished; then the index, the manifest and the
stamps. A build stopped at any point leaves every earlier output intact, and the next build
redoes whatever the manifest and the files themselves do not vouch for. Every error about a
path (a full disk, a refused permission, a link inside DIST) is a diagnostic of the source it
concerns, or of the build when it concerns DIST itself; the other sources are still built.
A build whose manifest cannot be written (a full disk) leaves its in-progress record for the
next build, as a killed build does.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ridec import __version__
from ridec.diagnostics import Diagnostic, did_you_mean, error, warning
from ridec.formats.base import CompileOptions
from ridec.library.claims import Layout, find_clashes
from ridec.library.compiler import ATHLETE_TARGETS, BuildSettings, JobResult
from ridec.library.discover import STATE_DIR, SourceFile, SourceKind, discover
from ridec.library.hashing import fingerprint
from ridec.library.incremental import (
    INDEX_HASH,
    Verifier,
    gone,
    merge,
    plan,
    remove_stale,
)
from ridec.library.index import INDEX_NAME, Places, write_index
from ridec.library.manifest import (
    MANIFEST_NAME,
    LineSpool,
    Manifest,
    SourceRecord,
    Spooled,
    read_manifest,
    write_manifest,
)
from ridec.library.outdir import DistError, OutputDir, new_token, reason
from ridec.library.problems import dist_error
from ridec.library.progress import BuildProgress
from ridec.library.roster import Athlete, read_roster
from ridec.library.runner import ProcessPool, Runner
from ridec.library.state import (
    IN_PROGRESS,
    LOCK,
    BuildLockedError,
    claim,
    read_stamps,
    write_stamps,
)

__all__ = ["IN_PROGRESS", "LOCK", "BuildReport", "BuildRequest", "build"]

SKIPS_NAMED = 3
"""Sources named in the line saying a target was left out of them; the rest are counted."""


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
    follow_symlinks: bool = False
    """`--follow-symlinks`: build what links lead to, even outside the source folders."""
    named: frozenset[str] = frozenset()
    """Targets asked for by name (not through `all`)."""


@dataclass
class BuildReport:
    """What a build did, for the summary and the exit code."""

    sources: int = 0
    compiled: int = 0
    """Sources compiled without error."""
    unchanged: int = 0
    failed: int = 0
    """Sources with an error (compiled or refused before compiling)."""
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
    skipped: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    """Per target left out for want of an FTP: why, and the sources (keys) it was left out of."""

    @property
    def ok(self) -> bool:
        """Whether every source built without error."""
        return not self.errors

    def diagnostics(self, *, errors_only: bool = False) -> list[str]:
        """Every message to print at the end: warnings, then errors by source."""
        # A plan and its workouts meet the same losses at the same lines: each once.
        losses = list(dict.fromkeys(t for _, t in sorted(self.loss_warnings, key=lambda e: e[0])))
        errors = [text for _, text in sorted(self.errors, key=lambda e: e[0])]
        return errors if errors_only else self.skip_lines() + self.warnings + losses + errors

    def skip_lines(self) -> list[str]:
        """One line per target left out of some sources for want of an FTP."""
        lines = []
        for target, (why, sources) in self.skipped.items():
            keys = sorted(sources)
            named = ", ".join(keys[:SKIPS_NAMED])
            if len(keys) > SKIPS_NAMED:
                named += f" and {len(keys) - SKIPS_NAMED} more"
            which = keys[0] if len(keys) == 1 else f"{len(keys)} sources ({named})"
            lines.append(f"{target}: not written for {which}: {why}")
        return lines


def build(
    request: BuildRequest, progress: BuildProgress, runner: Runner | None = None
) -> BuildReport:
    """Run one build; outputs, index and manifest end up in `request.dist`.

    The jobs run on `runner`: by default a pool of `request.jobs` worker processes.
    """
    runner = runner or ProcessPool(request.jobs)
    started = time.perf_counter()
    report = BuildReport()
    sources, problems = discover(request.roots, request.dist, follow_links=request.follow_symlinks)
    _add(report, "", problems)
    settings = _settings(request, report, new_token())
    with OutputDir(request.dist, settings.token, journal=IN_PROGRESS) as out:
        try:
            with claim(out) as claimed:
                run = _Build(out, settings, report, stale=list(claimed.noted))
                run.run(sources, progress, runner)
                if not run.finished:
                    raise _UnfinishedError
        except _UnfinishedError:
            pass  # reported; the in-progress record stays for the next build
        except BuildLockedError as exc:
            report.errors.append(("", error(str(exc)).render()))
        except DistError as exc:
            report.errors.append(("", dist_error(exc).render()))
    report.seconds = time.perf_counter() - started
    return report


class _UnfinishedError(Exception):
    """The manifest could not be written: the build leaves its in-progress record (the paths
    it wrote) for the next one, as a killed build does."""


@dataclass
class _Build:
    """One build's state while it runs in DIST."""

    out: OutputDir
    settings: BuildSettings
    report: BuildReport
    stale: list[str] = field(default_factory=list)
    """Paths to remove at the end unless a source owns them."""
    old: Manifest | None = None
    verifier: Verifier | None = None
    records: dict[str, SourceRecord] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    finished: bool = True
    """False when the manifest, which vouches for what this build wrote, was not written."""

    def run(self, sources: Sequence[SourceFile], progress: BuildProgress, runner: Runner) -> None:
        """Compile what changed, then remove stale outputs, then the index and the manifest."""
        out, settings, report = self.out, self.settings, self.report
        self.old = read_manifest(out)
        self.verifier = Verifier(out, read_stamps(out))
        clashes = find_clashes(sources, _layout(settings), out.root)
        key = _options_key(settings)
        work = plan(sources, self.old, key, self.verifier, clashes=clashes, version=__version__)
        self.records = dict(work.kept)
        self.kinds = {source.key: str(source.kind) for source in sources}
        report.sources, report.unchanged = len(sources), len(work.kept)
        with contextlib.closing(LineSpool(out, STATE_DIR)) as spool:
            for refused in work.refused:
                self._take(refused, spool, key)
            progress.start(len(work.jobs))
            # Closed however the loop ends: a runner stops what it started (Ctrl-C here).
            with contextlib.closing(runner.run(work.jobs, settings, out)) as results:
                for result in results:
                    self._take(result, spool, key)
                    if self.kinds[result.source] == str(SourceKind.WORKOUT):
                        report.compiled_workouts += 1
                        report.params.update(result.params)
                    progress.advance(result)
            progress.finish()
            _unused_overrides(self.settings, report)
            self._finish(spool, runner, compiled=bool(work.jobs or work.refused))

    def _take(self, result: JobResult, spool: LineSpool, options_key: str) -> None:
        """Record one source's result."""
        assert self.verifier is not None
        previous = self.old.records.get(result.source) if self.old else None
        record, dropped = merge(
            result,
            previous,
            options_key=options_key,
            kind=self.kinds[result.source],
            spool=spool,
            verifier=self.verifier,
        )
        self.records[result.source] = record
        self.stale.extend(dropped)
        _count(self.report, result)

    def _finish(self, spool: LineSpool, runner: Runner, *, compiled: bool) -> None:
        """Remove stale outputs, then write the index, the manifest (its new lines from
        `spool`) and the stamps; each failure is reported and the next step still tried."""
        out, report, old, verifier = self.out, self.report, self.old, self.verifier
        assert verifier is not None
        self.stale.extend(gone(old, self.records))
        ordered = [self.records[key] for key in sorted(self.records)]
        with _reported(report):
            report.removed = remove_stale(out, self.stale, ordered)
        changed = compiled or bool(self.stale) or old is None or len(ordered) != len(old.records)
        if report.written:
            _sync()
        targets = _all_targets(self.settings)
        # With its spool lost (a full disk) the new cards are too: the page stays as it was,
        # with the manifest, for the next build (as a killed build leaves them).
        paged = spool.failed is None and (changed or not verifier.unchanged(INDEX_NAME))
        if paged:
            placed = self._index(spool, targets, ordered)
            # A page rewritten with a card elsewhere (it never is, but the manifest must
            # then say so) needs the manifest that says where.
            changed = changed or placed != ordered
            ordered = placed
        if changed:
            self.finished = self._manifest(spool, targets, ordered, runner)
            if paged and not self.finished:  # the old manifest's cards are not where they were
                verifier.new.pop(INDEX_NAME, None)
        if verifier.new != verifier.old:
            with _reported(report):
                write_stamps(out, verifier.new)

    def _index(
        self, spool: LineSpool, targets: list[str], ordered: list[SourceRecord]
    ) -> list[SourceRecord]:
        """Write `index.html`; the records with their cards where the page has them (a card
        the page could not take, or every new one when it could not be written, is lost: its
        source is compiled again next time)."""
        assert self.verifier is not None
        places: Places | None = None
        with _reported(self.report):
            places = write_index(self.out, ordered, __version__, targets, spool)
            self.verifier.wrote(INDEX_NAME, INDEX_HASH, self.out.stamp(INDEX_NAME))
        return [_placed(record, places) for record in ordered]

    def _manifest(
        self, spool: LineSpool, targets: list[str], ordered: list[SourceRecord], runner: Runner
    ) -> bool:
        """Write the manifest; whether it was written (each failure reported)."""
        if spool.failed is not None:  # its lines are lost: the next build finds out again
            path = self.out.path(MANIFEST_NAME)
            problem = f"cannot write: {reason(spool.failed)}"
            lost = DistError(path, problem, code=spool.failed.errno)
            where = f"keeping its new lines in {self.out.path(STATE_DIR)}/"
            self.report.errors.append(("", dist_error(lost, where).render()))
            return False
        with _reported(self.report):
            write_manifest(
                self.out,
                __version__,
                targets,
                ordered,
                self.old,
                spool=spool,
                runner=runner.describe(),
            )
            return True
        return False


@contextlib.contextmanager
def _reported(report: BuildReport) -> Iterator[None]:
    """Report an error about a path of DIST and go on."""
    try:
        yield
    except DistError as exc:
        report.errors.append(("", dist_error(exc).render()))


def _placed(record: SourceRecord, places: Places | None) -> SourceRecord:
    """The record with its card where the new page has it; without a card the page lacks
    (with no page written, the old one still has the cards kept, not the new ones)."""
    if places is None and not isinstance(record.card_at, Spooled):
        return record
    at = places.get(record.source) if places is not None else None
    if at is None:
        return dataclasses.replace(record, card=None, card_at=None, card_sha256=None)
    return dataclasses.replace(record, card=INDEX_NAME, card_at=at)


def _layout(settings: BuildSettings) -> Layout:
    folders = tuple(athlete.folder for athlete in settings.athletes)
    return Layout(settings.targets, settings.athlete_targets, folders)


def _sync() -> None:
    """Flush the outputs (written without a per-file fsync) before the manifest vouches for them."""
    if hasattr(os, "sync"):
        os.sync()


def _all_targets(settings: BuildSettings) -> list[str]:
    return [*settings.targets, *settings.athlete_targets]


def _add(report: BuildReport, key: str, diagnostics: Iterable[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        report.errors.append((key, diagnostic.render()))


def _settings(request: BuildRequest, report: BuildReport, token: str) -> BuildSettings:
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
        token=token,
        overrides=request.overrides,
        strict=request.strict,
        follow_symlinks=request.follow_symlinks,
        named=request.named,
    )


def _options_key(settings: BuildSettings) -> str:
    """Fingerprint of everything besides the sources that changes the outputs."""
    settings_used: dict[str, object] = {
        "targets": list(settings.targets),
        "athlete_targets": list(settings.athlete_targets),
        "athletes": [[a.slug, a.name, a.ftp] for a in settings.athletes],
        "options": dataclasses.asdict(settings.options),
        "overrides": [list(pair) for pair in settings.overrides],
        "strict": settings.strict,
        "named": sorted(settings.named),
    }
    if settings.follow_symlinks:  # only when given: other builds keep their fingerprint
        settings_used["follow_symlinks"] = True
    return fingerprint(settings_used)


def _count(report: BuildReport, result: JobResult) -> None:
    if result.ok:
        report.compiled += 1
    else:
        report.failed += 1
    report.written += len(result.outputs)
    report.errors.extend((result.source, text) for text in result.diagnostics)
    report.loss_warnings.extend((result.source, text) for text in result.warnings)
    for target, why in result.skipped:
        report.skipped.setdefault(target, (why, []))[1].append(result.shown or result.source)


def _unused_overrides(settings: BuildSettings, report: BuildReport) -> None:
    """A `--set` name no compiled workout declares is most likely a typo: say so."""
    if not report.compiled_workouts:
        return
    for name, _ in settings.overrides:
        if name not in report.params:
            hint = did_you_mean(name, report.params)
            message = f"--set {name}: no workout compiled in this build declares `{name}`"
            report.warnings.append(warning(message, hint=hint).render())
