"""The compile half of a job: one source to checked bytes, file by file, and what it is.

`compile_source` lowers each workout once, renders every target from that timeline (each
format's checker runs on its bytes) and `plan.json` for a plan, and yields each file as it
is made; its return value describes the source and carries its card for the index (a part
of `index.html`, never a file of its own). It writes nothing and opens no file of the
library: the job carries every byte it compiles.
Writing is the other half (`worker.write_source`), run wherever DIST is: in a local build's
worker process, or in the build's own process when the jobs ran on a Dask cluster. Nothing
raised here stops the build: every failure becomes a diagnostic of its source.
"""

from __future__ import annotations

import dataclasses
import json
import posixpath
import traceback
from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ridec.diagnostics import Diagnostic, DiagnosticError, Severity
from ridec.formats.base import CompileOptions, Loss, LossKind
from ridec.formats.losses import LossLevel
from ridec.library.cards import Link, PlanWeek, anchor_id, plan_card, workout_card
from ridec.library.discover import SourceFile, SourceKind
from ridec.library.hashing import bytes_hash
from ridec.library.jobs import Job, workout_key
from ridec.library.manifest import OutputEntry
from ridec.library.outdir import reason
from ridec.library.problems import path_error
from ridec.library.roster import Athlete
from ridec.mentions import for_cli, for_cli_text
from ridec.reporting import LossLog

if TYPE_CHECKING:
    from ridec.language.plan import Plan, PlannedWorkout
    from ridec.language.plan_reads import WorkoutReader
    from ridec.pipeline import Compiled
    from ridec.timeline import Timeline

PLAN_SCHEDULE = "plan.json"
"""A plan's own manifest inside its output folder: the weeks, workouts and parameter values."""
ATHLETE_TARGETS = ("erg",)
"""Formats in absolute watts: built per athlete. The others (%) are shared by everyone."""


@dataclass(frozen=True, slots=True)
class BuildSettings:
    """What every job of one build shares; sent to each worker once."""

    dist: Path
    """The output folder."""
    targets: tuple[str, ...]
    """Formats written once per workout (shared by every athlete)."""
    athlete_targets: tuple[str, ...]
    """Formats written once per athlete (ERG with a roster)."""
    options: CompileOptions
    """Compile options from the command line."""
    athletes: tuple[Athlete, ...] = ()
    """The roster; empty without `--athletes`."""
    token: str = ""
    """The build's token, carried by the names of its temporary files."""
    overrides: tuple[tuple[str, str], ...] = ()
    """`--set NAME=VALUE`, applied to every `.ride` source that declares NAME."""
    strict: bool = False
    """`--strict`: every loss is an error and nothing lossy is written."""
    follow_symlinks: bool = False
    """`--follow-symlinks`: a plan's workouts may be links leading anywhere."""
    named: frozenset[str] = frozenset()
    """Targets asked for by name (not through `all`): one that needs an FTP the workout
    lacks is an error; any other is left out with a line saying so."""


@dataclass(frozen=True, slots=True)
class JobResult:
    """What a worker reports about one source."""

    source: str
    """The source's key."""
    hash: str
    """Its hash, complete (a plan's covers every workout it references)."""
    ok: bool
    """False when anything failed."""
    deps: tuple[str, ...] = ()
    """Files a plan references, by their keys (paths relative to the source folder)."""
    name: str | None = None
    """The workout's or plan's name."""
    duration_s: int | None = None
    """The workout's duration (None for plans)."""
    card: bytes | None = None
    """The source's card (its fragment of the index page), for the build's process to place
    in `index.html`; None when it failed before one was made."""
    card_sha256: str | None = None
    """The SHA-256 of the card's bytes."""
    outputs: tuple[OutputEntry, ...] = ()
    """Every file written (set by the writer, with each file's stamp)."""
    diagnostics: tuple[str, ...] = field(default=())
    """Rendered error diagnostics, in the order found."""
    warnings: tuple[str, ...] = field(default=())
    """Rendered warnings: losses that change what the rider meets, each once."""
    params: tuple[str, ...] = field(default=())
    """The parameters a `.ride` source declares (to tell a `--set` typo)."""
    shown: str = ""
    """The source as messages name it (the path the user reached it by)."""
    withdrawn: bool = False
    """Its earlier outputs go too: they may hold what a link outside led to."""
    skipped: tuple[tuple[str, str], ...] = field(default=())
    """Targets not written for want of an FTP (under `-t all`), each with why."""


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file of a source, compiled and checked, not yet written."""

    path: str
    """Where it goes, relative to DIST."""
    data: bytes
    """Its bytes."""
    entry: OutputEntry
    """Its manifest entry (without a stamp until written)."""


Compiling = Generator[OutputFile, None, JobResult]
"""Each file of a source as it is made; then the source's result, without what the writer
adds (the files written, with their stamps, and the errors writing them)."""


def rendered(diagnostics: Iterable[Diagnostic]) -> tuple[str, ...]:
    """Diagnostics as `ridec build` prints them: options named by their flags."""
    return tuple(for_cli(d).render() for d in diagnostics)


def compile_source(job: Job, settings: BuildSettings) -> Compiling:
    """Compile one source, file by file; any failure is reported, never raised."""
    try:
        if job.source.kind is SourceKind.PLAN:
            return (yield from _PlanJob(job, settings).run())
        return (yield from _WorkoutJob(job, settings).run())
    except DiagnosticError as exc:
        return failed(job.source, job.hash, rendered(exc.diagnostics))
    except OSError as exc:
        problem = path_error(exc.filename or job.source.shown, reason(exc))
        return failed(job.source, job.hash, (problem.render(),))
    except Exception as exc:
        last = traceback.format_exception_only(exc)[-1].strip()
        message = f"{job.source.shown}: error: internal error while building: {last}"
        hint = "  hint: this is a bug in ridec: please report it with this source file"
        return failed(job.source, job.hash, (f"{message}\n{hint}",))


def failed(source: SourceFile, hash_: str, diagnostics: tuple[str, ...]) -> JobResult:
    """A source that produced nothing: its diagnostics."""
    return JobResult(source.key, hash_, False, shown=source.shown, diagnostics=diagnostics)


Links = tuple[list[Link], list[Link]]
"""The links to a timeline's shared files and to its athletes' files."""


@dataclass
class _Emitter:
    """Renders timelines to every target, collecting entries, losses and errors."""

    job: Job
    settings: BuildSettings
    hash: str
    outputs: list[OutputEntry] = field(default_factory=list)
    """The entry of every file made so far."""
    problems: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    """Targets left out for want of an FTP, with why (in the command line's words)."""
    losses: LossLog = field(init=False)

    def __post_init__(self) -> None:
        self.losses = LossLog(self.job.source.shown)

    def warnings(self) -> tuple[str, ...]:
        """The warnings met, each once (over targets and weeks), rendered."""
        return rendered(self.losses.diagnostics(LossLevel.WARNING))

    def all_targets(
        self, timeline: Timeline, base: str, week: int | None
    ) -> Generator[OutputFile, None, Links]:
        """`base.<ext>` for every shared target and every athlete's watts targets, each
        file as it is made; then the links to the shared files and to the athletes'."""
        shared: list[Link] = []
        for target in self.settings.targets:
            made = self.one(timeline, target, base, week, None)
            if made is not None:
                shared.append(Link(target.upper(), made.path))
                yield made
        personal: list[Link] = []
        for athlete in self.settings.athletes:
            mine = _for_athlete(timeline, athlete)
            for target in self.settings.athlete_targets:
                made = self.one(mine, target, f"{athlete.folder}/{base}", week, athlete)
                if made is not None:
                    personal.append(Link(f"{athlete.name} ({athlete.ftp} W)", made.path))
                    yield made
        return shared, personal

    def one(
        self,
        timeline: Timeline,
        target: str,
        base: str,
        week: int | None,
        athlete: Athlete | None,
    ) -> OutputFile | None:
        """One target's file, checked; None when it is not to be written (its problems kept)."""
        from ridec.formats.registry import writer

        options = self.settings.options
        if athlete is not None:
            options = dataclasses.replace(options, ftp=athlete.ftp)
        compiled = self._compiled(timeline, target, options)
        if compiled is None:
            return None
        self.losses.add(compiled.fidelity, week)
        path = f"{base}{writer(target).extension}"
        entry = OutputEntry(
            path=path,
            source=self.job.source.key,
            target=target,
            hash=self.hash,
            sha256=bytes_hash(compiled.data),
            duration_s=timeline.duration_s,
            losses=_losses(compiled.fidelity.losses()),
            athlete=athlete.slug if athlete else None,
            week=week,
        )
        self.outputs.append(entry)
        return OutputFile(path, compiled.data, entry)

    def _compiled(
        self, timeline: Timeline, target: str, options: CompileOptions
    ) -> Compiled | None:
        """The target's checked bytes, or None (and why, in `problems` or `skipped`)."""
        from ridec.pipeline import FtpRequiredError, TargetSkippedError, compile_timeline

        try:
            compiled = compile_timeline(timeline, target, options)
        except FtpRequiredError as exc:
            if target in self.settings.named:
                self.problems.extend(rendered(exc.diagnostics))
                return None
            self.skipped.setdefault(target, for_cli_text(exc.reason))  # the others are written
            self._skip(exc)
            return None
        except TargetSkippedError as exc:
            self._skip(exc)  # only the activation routine: FIT and JSON carry it
            return None
        except DiagnosticError as exc:
            self.problems.extend(rendered(exc.diagnostics))
            return None
        if self.settings.strict and compiled.fidelity.losses():
            self.problems.extend(rendered(compiled.fidelity.diagnostics(strict=True)))
            return None
        return compiled

    def _skip(self, exc: DiagnosticError) -> None:
        """A target not written, and that is no error; under `--strict` not writing a format
        is a loss too, so an error."""
        if self.settings.strict:
            strict = [dataclasses.replace(d, severity=Severity.ERROR) for d in exc.diagnostics]
            self.problems.extend(rendered(strict))


def _losses(losses: Sequence[Loss]) -> tuple[str, ...]:
    """Each distinct loss once, as one line (options named by their flags, as the build
    prints them)."""
    lines = (
        f"{loss.feature} dropped"
        if loss.kind is LossKind.DROPPED
        else for_cli_text(f"{loss.feature} -> {loss.became}")
        for loss in losses
    )
    return tuple(dict.fromkeys(lines))


def _for_athlete(timeline: Timeline, athlete: Athlete) -> Timeline:
    """The timeline at the athlete's FTP, with the FTP stated in the description."""
    header = timeline.workout.header
    line = f"For {athlete.name}: FTP {athlete.ftp} W."
    description = f"{line} {header.description}" if header.description else line
    workout = dataclasses.replace(
        timeline.workout, header=dataclasses.replace(header, description=description)
    )
    return dataclasses.replace(timeline, workout=workout, ftp=athlete.ftp)


class _WorkoutJob:
    """One `.ride` file: `DIST/<rel>/<stem>.<ext>`."""

    def __init__(self, job: Job, settings: BuildSettings) -> None:
        self.job = job
        self.emit = _Emitter(job, settings, job.hash)

    def run(self) -> Compiling:
        from ridec.pipeline import load_declared
        from ridec.timeline import lower

        source = self.job.source
        overrides = dict(self.emit.settings.overrides)
        workout, params = load_declared(self.job.data, str(source.path), overrides)
        timeline = lower(workout, self.emit.settings.options.ftp)
        shared, personal = yield from self.emit.all_targets(timeline, source.out_base, None)
        card = workout_card(
            timeline,
            source.key,
            links=shared,
            athlete_links=personal,
            chart_id=anchor_id(source.key),
        )
        data = card.encode("utf-8")
        return JobResult(
            source=source.key,
            hash=self.job.hash,
            ok=not self.emit.problems,
            name=workout.header.name,
            duration_s=timeline.duration_s,
            card=data,
            card_sha256=bytes_hash(data),
            diagnostics=tuple(self.emit.problems),
            warnings=self.emit.warnings(),
            skipped=tuple(self.emit.skipped.items()),
            params=params,
            shown=source.shown,
        )


class _PlanJob:
    """One `.plan` file: `DIST/<rel>/<plan-slug>/week-NN/<workout-stem>.<ext>` and `plan.json`."""

    def __init__(self, job: Job, settings: BuildSettings) -> None:
        self.job = job
        self.settings = settings
        self.folder = job.source.out_base

    def run(self) -> Compiling:
        from ridec.language import decode
        from ridec.language.plan import expand_plan, parse_plan

        source, full_hash = self.job.source, self.job.hash
        plan = parse_plan(decode(self.job.data, str(source.path)), source.path)
        deps = tuple(workout.key for workout in self.job.workouts)
        name = plan.header.name
        try:
            sessions = expand_plan(plan, _reader(self.job))
        except DiagnosticError as exc:
            outside = any(workout.outside for workout in self.job.workouts)
            return JobResult(
                source.key,
                full_hash,
                False,
                deps,
                name,
                diagnostics=rendered(exc.diagnostics),
                shown=source.shown,
                withdrawn=outside,
            )
        emit = _Emitter(self.job, self.settings, full_hash)
        weeks: dict[int, list[tuple[int, str]]] = {}
        schedule: dict[int, list[dict[str, object]]] = {}
        for planned in sessions:
            card, entry = yield from self._session(planned, emit)
            weeks.setdefault(planned.week, []).append((planned.sessions, card))
            schedule.setdefault(planned.week, []).append(entry)
        made = self._schedule(plan, schedule, emit)
        yield made
        header = plan.header
        plan_weeks = [PlanWeek(week, tuple(cards)) for week, cards in sorted(weeks.items())]
        html = plan_card(
            name,
            source.key,
            author=header.author,
            description=header.description,
            schedule=Link("plan.json", made.path),
            weeks=plan_weeks,
            anchor=anchor_id(source.key),
        )
        data = html.encode("utf-8")
        return JobResult(
            source=source.key,
            hash=full_hash,
            ok=not emit.problems,
            deps=deps,
            name=name,
            card=data,
            card_sha256=bytes_hash(data),
            diagnostics=tuple(emit.problems),
            warnings=emit.warnings(),
            skipped=tuple(emit.skipped.items()),
            shown=source.shown,
        )

    def _session(
        self, planned: PlannedWorkout, emit: _Emitter
    ) -> Generator[OutputFile, None, tuple[str, dict[str, object]]]:
        """Compile one workout of one week, file by file; then its card and its entry in
        `plan.json`."""
        from ridec.timeline import lower

        timeline = lower(planned.workout, self.settings.options.ftp)
        base = f"{self.folder}/week-{planned.week:02d}/{planned.stem}"
        first = len(emit.outputs)
        shared, personal = yield from emit.all_targets(timeline, base, planned.week)
        made = emit.outputs[first:]
        chart = anchor_id(self.job.source.key, str(planned.week), planned.stem)
        note = _values_note(planned.values)
        card = workout_card(
            timeline,
            workout_key(self.job.source, planned.source),
            links=shared,
            athlete_links=personal,
            chart_id=chart,
            note=note,
            heading="h4",
        )
        entry: dict[str, object] = {
            "workout": workout_key(self.job.source, planned.source),
            "name": planned.workout.header.name,
            "sessions": planned.sessions,
            "params": dict(planned.values),
            "duration_s": timeline.duration_s,
            "files": {e.target: self._relative(e.path) for e in made if e.athlete is None},
            "athletes": {e.athlete: self._relative(e.path) for e in made if e.athlete},
        }
        return card, entry

    def _relative(self, path: str) -> str:
        """A DIST path relative to the plan's folder, where `plan.json` is."""
        return posixpath.relpath(path, self.folder)

    def _schedule(
        self, plan: Plan, schedule: dict[int, list[dict[str, object]]], emit: _Emitter
    ) -> OutputFile:
        """The plan's own manifest (`plan.json`)."""
        header = plan.header
        document = {
            "format": "ridec-plan",
            "version": 1,
            "name": header.name,
            "author": header.author,
            "description": header.description,
            "ftp": header.ftp,
            "weeks": header.weeks,
            "schedule": [{"week": w, "workouts": items} for w, items in sorted(schedule.items())],
        }
        data = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        path = f"{self.folder}/{PLAN_SCHEDULE}"
        entry = OutputEntry(path, self.job.source.key, "plan", emit.hash, bytes_hash(data))
        emit.outputs.append(entry)
        return OutputFile(path, data, entry)


def _reader(job: Job) -> WorkoutReader:
    """The plan's workout files from the bytes the job carries, never from the disk."""
    from ridec.fileio import ReadError

    files = {workout.path: workout for workout in job.workouts}

    def read(path: Path) -> bytes:
        found = files.get(path.as_posix())
        if found is None:  # the plan names only what the build read for it
            raise ReadError("not read by the build")
        if found.data is None:
            raise ReadError(found.reason or "cannot be read", found.hint)
        return found.data

    return read


def _values_note(values: Sequence[tuple[str, str]]) -> str:
    if not values:
        return ""
    return "With " + ", ".join(f"{name} = {value}" for name, value in values)
