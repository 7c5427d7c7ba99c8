"""What the formats lost, as `compile`, `build` and `import` print it: quiet by default, in
full on request.

By default each file gets one line per target ("erg: 3 cadences as cues")
and the warnings, each once however many weeks or repeats meet it, naming every target it
concerns. `-v` adds every other loss as a located note; `--report` lists every loss per
target with its location; `-q` prints errors only.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import field
from enum import IntEnum

from ridec.diagnostics import Diagnostic, Severity
from ridec.formats.base import Fidelity, Loss, LossKind
from ridec.formats.losses import Counted, LossLevel, summary, topic
from ridec.records import record


class Verbosity(IntEnum):
    """How much `compile`, `build` and `import` say about what was lost."""

    QUIET = 0
    """Errors only."""
    NORMAL = 1
    """A summary line per file and target, and the warnings."""
    VERBOSE = 2
    """Also every other loss, located."""


Place = tuple[str, int, int] | None
"""A loss's place in the source (path, start, end); None for the file as a whole."""


def place_of(loss: Loss) -> Place:
    """Where a loss is, comparable across the weeks of a plan (one parse, many bindings)."""
    span = loss.span
    return None if span is None else (span.source.path, span.start, span.end)


@record(frozen=False)
class _Occurrence:
    """One loss met in one or more targets and weeks."""

    loss: Loss
    """The first time it was met."""
    targets: list[str] = field(default_factory=list)
    """Every target it was met in, in order."""
    weeks: set[int] = field(default_factory=set)
    """The plan weeks it was met in."""


@record(frozen=False)
class LossLog:
    """Every loss of one input file, over its targets and (for a plan) its weeks."""

    source: str
    """The input file as the user named it."""
    weeks: int | None = None
    """How many weeks the plan has; None for a single workout."""
    workouts: dict[str, int] = field(default_factory=dict)
    """Target -> how many files were written for it."""
    by_target: dict[str, list[tuple[Loss, int | None]]] = field(default_factory=dict)
    """Target -> every loss met, with its week."""
    skipped: dict[str, str] = field(default_factory=dict)
    """Target -> why it wrote no file (a workout that is only the activation routine)."""

    def skip(self, target: str, reason: str) -> None:
        """Record a target that had nothing to write."""
        self.skipped.setdefault(target, reason)

    def add(self, fidelity: Fidelity, week: int | None) -> None:
        """Record one written file's losses."""
        self.workouts[fidelity.format] = self.workouts.get(fidelity.format, 0) + 1
        entries = self.by_target.setdefault(fidelity.format, [])
        entries.extend((loss, week) for loss in fidelity.losses())

    def summaries(self) -> list[str]:
        """One line per target: `source: target: what was lost`."""
        lines = []
        for target, count in self.workouts.items():
            what = f"{target} ({count} workouts)" if self.weeks is not None else target
            losses = [loss for loss, _ in self.by_target.get(target, [])]
            lines.append(f"{self.source}: {what}: {summary(_count(losses))}")
        lines += [f"{self.source}: {t}: not written: {why}" for t, why in self.skipped.items()]
        return lines

    def diagnostics(self, lowest: LossLevel) -> list[Diagnostic]:
        """The losses at `lowest` or above, each once, located, naming its targets (and
        weeks, in a plan where it is not met every week)."""
        found: dict[tuple[Place, str], _Occurrence] = {}
        for target, entries in self.by_target.items():
            for loss, week in entries:
                if lowest is LossLevel.WARNING and loss.level is not LossLevel.WARNING:
                    continue
                where = place_of(loss)
                key = (where, loss.topic if where is not None else loss.text())
                seen = found.setdefault(key, _Occurrence(loss))
                if target not in seen.targets:
                    seen.targets.append(target)
                if week is not None:
                    seen.weeks.add(week)
        return [self._diagnostic(occurrence) for occurrence in found.values()]

    def _diagnostic(self, seen: _Occurrence) -> Diagnostic:
        loss = seen.loss
        message = f"{', '.join(seen.targets)}: {loss.text()}{self._weeks(seen.weeks)}"
        severity = Severity(loss.level.value)
        return Diagnostic(
            severity, message, loss.span, loss.hint, path=self.source, code=f"loss.{loss.topic}"
        )

    def _weeks(self, weeks: set[int]) -> str:
        if self.weeks is None or not weeks or len(weeks) == self.weeks:
            return ""
        return f" (week{'s' if len(weeks) > 1 else ''} {_ranges(sorted(weeks))})"

    def report(self) -> list[str]:
        """Every loss per target: its location, kind and what it became."""
        lines = [f"losses in {self.source}:"]
        for target, count in self.workouts.items():
            entries = self.by_target.get(target, [])
            distinct = _distinct(entries)
            kinds = [sum(loss.kind is kind for loss, _ in distinct) for kind in _LOSS_KINDS]
            files = f", {count} files" if self.weeks is not None else ""
            lines.append(f"  {target}: {kinds[0]} degraded, {kinds[1]} dropped{files}")
            for loss, weeks in distinct:
                where = Diagnostic(Severity.NOTE, "", loss.span, path=self.source).location()
                detail = loss.text() + self._weeks(weeks)
                lines.append(f"    {where}: {loss.level}: {detail}")
        return lines


_LOSS_KINDS = (LossKind.DEGRADED, LossKind.DROPPED)


def _distinct(entries: Iterable[tuple[Loss, int | None]]) -> list[tuple[Loss, set[int]]]:
    """Each loss once (same place and words), with the weeks it was met in."""
    found: dict[tuple[Place, str], tuple[Loss, set[int]]] = {}
    for loss, week in entries:
        _, weeks = found.setdefault((place_of(loss), loss.text()), (loss, set()))
        if week is not None:
            weeks.add(week)
    return list(found.values())


def _count(losses: Iterable[Loss]) -> list[Counted]:
    """Per topic: how many distinct places (or features) it was met at."""
    places: dict[str, dict[object, str]] = {}
    for loss in losses:
        where = place_of(loss)
        key: object = where if where is not None else loss.feature
        places.setdefault(loss.topic, {}).setdefault(key, loss.feature.split(" (")[0])
    return [
        Counted(topic(name), len(found), tuple(dict.fromkeys(found.values())))
        for name, found in places.items()
    ]


def _ranges(weeks: list[int]) -> str:
    """`1-3, 5`."""
    parts: list[str] = []
    start = previous = weeks[0]
    for week in [*weeks[1:], None]:
        if week is not None and week == previous + 1:
            previous = week
            continue
        parts.append(f"{start}-{previous}" if previous > start else f"{start}")
        if week is not None:
            start = previous = week
    return ", ".join(parts)


def grouped(diagnostics: Iterable[Diagnostic], verbosity: Verbosity) -> list[Diagnostic]:
    """A reader's findings as `import` (and `compile` of an imported file) prints them.

    Errors always. Below `-v`: each kind of warning (its code, or its message without the
    particulars) once, with a note of how many more there were, and the notes (what was
    not kept, which changes nothing the rider meets) as one line of their count.
    """
    items = list(diagnostics)
    if verbosity is Verbosity.VERBOSE:
        return items
    errors = [d for d in items if d.severity is Severity.ERROR]
    if verbosity is Verbosity.QUIET:
        return errors
    kinds: dict[str, list[Diagnostic]] = {}
    for diagnostic in items:
        if diagnostic.severity is Severity.WARNING:
            kinds.setdefault(diagnostic.code or _shape(diagnostic.message), []).append(diagnostic)
    shown = errors + [_first_of(group) for group in kinds.values()]
    notes = [d for d in items if d.severity is Severity.NOTE]
    if notes:
        path = notes[0].span.source.path if notes[0].span else notes[0].path
        count = f"{len(notes)} note{'s' if len(notes) > 1 else ''}"
        message = f"{count} on what is not kept exactly (-v lists them)"
        shown.append(Diagnostic(Severity.NOTE, message, path=path))
    return shown


def _first_of(group: list[Diagnostic]) -> Diagnostic:
    first = group[0]
    if len(group) == 1:
        return first
    more = f"{len(group) - 1} more like this (-v lists them)"
    return dataclasses.replace(first, notes=(*first.notes, more))


def _shape(message: str) -> str:
    """A message without its quoted particulars: what makes two warnings the same kind."""
    return re.sub(r"'[^']*'|`[^`]*`|[0-9]+(?:\.[0-9]+)?", "_", message)
