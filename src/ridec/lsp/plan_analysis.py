"""A `.plan` document as the editor sees it: the plan, every week of every workout, placed.

`ridec check` on a plan parses it, reads each workout and binds it with every week's values
(`expand_plan`). The editor does the same with the same functions, with two differences: a
workout open in the editor is read from the editor, not the disk, and each workout's parse
and each week's binding are cached, so a keystroke re-does only what it changed. Problems in
a workout file are shown on the plan line that uses it, with the workout's own location as
related information; a problem one week's values cause is shown on that week's value.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ridec.diagnostics import (
    Diagnostic,
    DiagnosticError,
    Span,
    error,
)
from ridec.fileio import ReadError
from ridec.language import bind, decode, parse
from ridec.language.plan import Plan, PlanEntry
from ridec.language.plan_incremental import PlanReader
from ridec.language.plan_reads import LINK_HINT, confine, nearest_workout, read_workout
from ridec.language.printer import format_value
from ridec.language.progression import Series, SeriesForm, expand_series
from ridec.lsp.cache import LruCache
from ridec.model import ParamValue, Workout
from ridec.records import record

ReadText = Callable[[Path], str]
"""Reads a workout's text: from the editor when it is open there, else from the disk.
Raises `ReadError` when the file cannot be read, DiagnosticError when it is not UTF-8."""

_NAMED = re.compile(r"`\$([a-z][a-z0-9_-]*)`", re.I)


@dataclass(frozen=True, slots=True)
class Placed:
    """A diagnostic, and where the plan's editor shows it."""

    diagnostic: Diagnostic
    """As `ridec check` reports it (notes included)."""
    span: Span | None
    """Where it shows in the plan; None for the top of the file."""
    related: Span | None = None
    """Its own location in a workout file, when that is where the problem is."""
    related_file: Path | None = None
    """That workout file (the span names it as the plan does, relative to the plan)."""


@dataclass(frozen=True, slots=True)
class Week:
    """One week of one workout of the plan."""

    week: int
    """1-based."""
    values: tuple[tuple[str, ParamValue], ...]
    """The plan's values for that week, in the order the plan gives them."""
    workout: Workout | None
    """Bound with those values; None when they break it (reported)."""


@dataclass(frozen=True, slots=True)
class EntryResult:
    """One `workout` block of the plan, read and expanded."""

    entry: PlanEntry
    """As written."""
    path: Path
    """The workout file."""
    workout: Workout | None
    """The workout's model (unbound); None when it cannot be read or has errors."""
    weeks: tuple[Week, ...]
    """Every week's binding; empty when the plan's values do not fit the workout."""


@dataclass(frozen=True, slots=True)
class PlanAnalysis:
    """One version of a `.plan` text, analysed."""

    path: Path
    """The plan file."""
    text: str
    """The text analysed."""
    plan: Plan
    """The plan as far as it could be read."""
    placed: tuple[Placed, ...]
    """Every problem `ridec check` reports, placed in the plan."""
    entries: tuple[EntryResult, ...]
    """Each workout, expanded; empty while the plan's own text has errors."""

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """The problems as `ridec check` prints them."""
        return tuple(placed.diagnostic for placed in self.placed)


_Parsed = Workout | tuple[Diagnostic, ...]
_Bound = Workout | tuple[Diagnostic, ...]


@record(frozen=False)
class _Check:
    """One version of one plan being checked, and what the check before it kept."""

    plan: Plan
    text: str
    """The plan's text."""
    read: ReadText
    real_folder: str | None
    """The plan's folder with its links resolved, once for every workout it confines."""
    known: dict[Hashable, EntryResult]
    """The clean expansions of the version checked before (see `_made_of`)."""
    expanded: dict[Hashable, EntryResult] = field(default_factory=dict)
    """The clean expansions of this version."""
    found: list[Placed] = field(default_factory=list)
    """Every problem placed so far."""


class PlanChecker:
    """Checks plans, remembering each workout's parse and each week's binding, and for each
    plan the version it checked last: its workout blocks as read, each workout's expansion."""

    def __init__(self) -> None:
        self.parses: LruCache[_Parsed] = LruCache()
        self.bindings: LruCache[_Bound] = LruCache(1024)
        self.readers: dict[Path, PlanReader] = {}
        """One per plan: each keeps the workout blocks of the version it read last."""
        self.expanded: dict[Path, dict[Hashable, EntryResult]] = {}
        """Per plan, the entries of the version checked last that expanded without a problem,
        by what they are made of (see `_made_of`)."""
        self.places: LruCache[_Place] = LruCache(4096)
        """Where each workout a plan names is, by plan and name (paths are slow to make)."""

    def analyze(self, text: str, path: Path, read: ReadText) -> PlanAnalysis:
        """Parse the plan; when its own text is clean, expand every workout over the weeks."""
        plan, problems = self.readers.setdefault(path, PlanReader()).read(text, path)
        if problems:  # as `ridec check`: a plan that does not read is not expanded
            placed = tuple(Placed(d, d.span) for d in problems)
            return PlanAnalysis(path, text, plan, placed, ())
        check = _Check(plan, text, read, _resolved(path.parent), self.expanded.get(path, {}))
        entries = tuple(self._entry(check, entry) for entry in plan.entries)
        self.expanded[path] = check.expanded
        ordered = sorted(check.found, key=lambda p: p.span.start if p.span else -1)
        return PlanAnalysis(path, text, plan, tuple(ordered), entries)

    def _entry(self, check: _Check, entry: PlanEntry) -> EntryResult:
        """The entry expanded, or as it expanded in the version before when nothing it is
        made of changed (the week checks of unchanged workouts are not made again)."""
        plan = check.plan
        place = self.places.get((plan.path, entry.path), lambda: _place(plan, entry))
        path = place.path
        read_result = self._workout(check, entry, place)
        if read_result is None:
            return EntryResult(entry, path, None, ())
        workout, text = read_result
        weeks, ftp = plan.header.weeks, plan.header.ftp
        key = (_made_of(check.text, entry), place, text, weeks, ftp)
        before = check.known.get(key) or check.expanded.get(key)
        if before is not None:
            check.expanded[key] = before
            return EntryResult(entry, path, before.workout, before.weeks)
        problems = len(check.found)
        result = self._expand(check, entry, path, (workout, text))
        if len(check.found) == problems:  # one with problems is placed again each time
            check.expanded[key] = result
        return result

    def _expand(
        self, check: _Check, entry: PlanEntry, path: Path, read: tuple[Workout, str]
    ) -> EntryResult:
        workout, _ = read
        problems: list[Diagnostic] = []
        per_week = expand_series(entry.series, workout, check.plan.header.weeks, problems)
        check.found.extend(Placed(d, d.span) for d in problems)
        if per_week is None:
            return EntryResult(entry, path, workout, ())
        weeks = tuple(
            self._week(check, entry, read, week=week, values=values)
            for week, values in enumerate(per_week, start=1)
        )
        return EntryResult(entry, path, workout, weeks)

    def _workout(
        self, check: _Check, entry: PlanEntry, place: _Place
    ) -> tuple[Workout, str] | None:
        plan, found, path = check.plan, check.found, place.path
        try:
            confine(path, plan.path.parent, real_within=check.real_folder)
            text = check.read(path)
        except ReadError as exc:  # worded as `ridec check` words it
            message = f"cannot read `{entry.path}`: {exc.reason}"
            hint = exc.hint if exc.hint == LINK_HINT else nearest_workout(path) or exc.hint
            found.append(Placed(error(message, entry.span, hint), entry.span))
            return None
        except DiagnosticError as exc:  # not UTF-8
            parsed: _Parsed = exc.diagnostics
            text = ""
        else:
            # Messages name the workout as the plan does, as `ridec check` run beside it.
            shown = place.shown
            key = ("parse", place.posix, shown, text)
            parsed = self.parses.get(key, lambda: _parse(text, shown))
        if isinstance(parsed, Workout):
            return parsed, text
        note = f"in `{entry.path}`, used by {plan.path}"
        found.extend(Placed(_noted(d, note), entry.span, d.span, path) for d in parsed)
        return None

    def _week(
        self,
        check: _Check,
        entry: PlanEntry,
        read: tuple[Workout, str],
        *,
        week: int,
        values: dict[str, ParamValue],
    ) -> Week:
        plan = check.plan
        workout, text = read
        ordered = tuple(values.items())
        key: Hashable = ("bind", entry.path, text, str(plan.path), ordered)
        bound = self.bindings.get(key, lambda: _bind(workout, values, plan.path))
        if isinstance(bound, Workout):
            header = bound.header
            ftp = plan.header.ftp if plan.header.ftp is not None else header.ftp
            named = replace(bound, header=replace(header, name=f"W{week} {header.name}", ftp=ftp))
            return Week(week, ordered, named)
        kinds = {param.name: param.kind for param in workout.params}
        shown = [(name, format_value(value, kinds[name])) for name, value in ordered]
        settings = ", ".join(f"{name} = {text}" for name, text in shown)
        note = f"in week {week} of {plan.path}" + (f" ({settings})" if settings else "")
        path = plan.workout_path(entry)
        for problem in bound:
            span, related = _week_place(problem, entry, week, plan)
            file = path if related is not None else None
            check.found.append(Placed(_noted(problem, note), span, related, file))
        return Week(week, ordered, None)


def _resolved(folder: Path) -> str | None:
    """The folder with its links resolved (None when it cannot be: each workout's own
    check then says why)."""
    try:
        return os.path.realpath(folder)
    except (OSError, ValueError):
        return None


@record
class _Place:
    """Where a workout a plan names is."""

    plan: Path
    path: Path
    """As `Plan.workout_path` gives it."""
    posix: str
    shown: str
    """Its name in messages (see `_shown_name`)."""


def _place(plan: Plan, entry: PlanEntry) -> _Place:
    path = plan.workout_path(entry)
    return _Place(plan.path, path, path.as_posix(), _shown_name(entry))


def _made_of(text: str, entry: PlanEntry) -> str:
    """The plan's text an entry is read from: its `workout` line and its parameter lines
    (its expansion is a function of them, the workout's text and the plan's header)."""
    start = text.rfind("\n", 0, entry.span.start) + 1
    last = entry.series[-1].span.end if entry.series else entry.span.end
    end = text.find("\n", last)
    return text[start : end if end >= 0 else len(text)]


def _shown_name(entry: PlanEntry) -> str:
    """A workout's name in messages: its path as the plan writes it, normalised."""
    return os.path.normpath(entry.path).replace(os.sep, "/")


def _parse(text: str, shown: str) -> _Parsed:
    try:
        return parse(text, shown)
    except DiagnosticError as exc:
        return exc.diagnostics


def _bind(workout: Workout, values: Mapping[str, ParamValue], plan_path: Path) -> _Bound:
    try:
        return bind(workout, values, origin=str(plan_path))
    except DiagnosticError as exc:
        return exc.diagnostics


def read_workout_file(path: Path) -> str:
    """A workout's text from the disk, read as every command reads its inputs.

    Regular files only, and at most the input limit: a plan naming a FIFO, `/dev/zero` or a
    huge file never makes the editor wait or fill its memory (ReadError says why not).
    """
    return decode(read_workout(path), path.as_posix())


def _noted(diagnostic: Diagnostic, note: str) -> Diagnostic:
    return replace(diagnostic, notes=(*diagnostic.notes, note))


def _week_place(
    problem: Diagnostic, entry: PlanEntry, week: int, plan: Plan
) -> tuple[Span | None, Span | None]:
    """Where a problem one week's values cause shows in the plan, and its own location.

    It shows on the value the plan gives that week to the parameter the problem names (a
    `$name` in the message, or the `name=value` text a bound value is checked as), else on
    the workout's line.
    """
    span = problem.span
    name = None
    related = None
    if span is not None and span.source.path == str(plan.path):
        # A value the plan computed, checked as the text `name=value`.
        name = (span.source.text or "").partition("=")[0]
    else:
        related = span
        match = _NAMED.search(problem.message)
        name = match.group(1) if match else None
    series = next((s for s in entry.series if s.name == name), None)
    if series is None:
        return entry.span, related
    return _week_value(series, week, plan.header.weeks), related


def _week_value(series: Series, week: int, weeks: int) -> Span:
    """The written value that gives a series its value in `week`."""
    if series.form is SeriesForm.LIST and len(series.values) == weeks:
        return series.values[week - 1].span
    if series.form is SeriesForm.LIST and len(series.values) == 1:
        return series.values[0].span
    return series.span
