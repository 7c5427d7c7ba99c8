"""A `.ride` document as the editor sees it: what could be read, every problem, the timeline."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from ridec.diagnostics import Diagnostic, DiagnosticError, Severity, Source
from ridec.language import Document, bind, parse_checked
from ridec.language.parser import parse_document
from ridec.model import Workout
from ridec.timeline import Timeline, lower


@dataclass(frozen=True, slots=True)
class RideAnalysis:
    """One version of a `.ride` text, analysed."""

    path: str
    """The file, as diagnostics name it."""
    text: str
    """The text analysed."""
    document: Document
    """The model as far as it could be read (every node that parsed), with its lines."""
    diagnostics: tuple[Diagnostic, ...]
    """What `ridec check` reports for this text: errors and warnings, in source order."""
    timeline: Timeline | None = None
    """The workout lowered with its defaults; None while it has errors."""

    @property
    def workout(self) -> Workout:
        """The (unbound) model."""
        return self.document.workout

    @property
    def has_errors(self) -> bool:
        """Whether any diagnostic is an error."""
        return any(d.severity is Severity.ERROR for d in self.diagnostics)


def analyze_ride(text: str, path: str) -> RideAnalysis:
    """Parse, check, bind with the defaults and lower, as `ridec check` does."""
    try:
        document = parse_checked(text, path)
        timeline = lower(bind(document.workout))
    except DiagnosticError as exc:
        # The checked parse stops at the first failing stage; the editor still needs the
        # partial model for hovers, symbols and completions, so read it once more, without
        # the coach's reading of failed lines (the diagnostics already have their hints).
        name = PurePath(path).stem or path
        partial = parse_document(Source(path, text), name, coach=False)
        return RideAnalysis(path, text, partial, exc.diagnostics)
    warnings = tuple(d for d in document.problems if d.severity is not Severity.ERROR)
    return RideAnalysis(path, text, document, warnings, timeline)
