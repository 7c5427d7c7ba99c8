"""What each kind of loss is called, how serious it is, and a target's one-line summary.

Every loss a writer records names a topic. The topic says how a summary counts it ("3
cadence ranges as midpoint + text") and its level: a NOTE is a change of form that the
format's documented limits imply (a cadence range shown as its midpoint and a text, a ramp
as 30 s steps); a WARNING changes what the rider experiences beyond that (a step dropped or
held at a fixed power, text that does not reach the rider, a file head units may refuse).
`ridec compile` prints the summary of every target and the warnings; every loss is listed
by `--report` and `-v`.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from ridec.records import record


class LossLevel(StrEnum):
    """How much a loss changes what the rider gets."""

    NOTE = "note"
    """The content arrives in another form the format's documented limits imply."""
    WARNING = "warning"
    """The rider's experience changes: something is lost, moved or held differently."""


@record
class Topic:
    """One kind of loss, as summaries name it."""

    one: str
    """The feature, singular ("cadence range")."""
    many: str
    """The feature, plural ("cadence ranges")."""
    outcome: str
    """What became of it ("as midpoint + text")."""
    level: LossLevel = LossLevel.NOTE
    """How serious it is."""
    listed: bool = False
    """Summarised by naming the features ("author, tags dropped"), not by counting them."""
    outcome_one: str | None = None
    """What became of a single one, where it reads differently ("as a cue")."""


_N = LossLevel.NOTE
_W = LossLevel.WARNING

TOPICS: dict[str, Topic] = {
    # Form: the content reaches the rider, differently.
    "cadence-range-text": Topic("cadence range", "cadence ranges", "as midpoint + text"),
    "power-range-text": Topic("power range", "power ranges", "as midpoint + text"),
    "power-range-cue": Topic("power range", "power ranges", "as midpoint + cue"),
    "cadence-cue": Topic("cadence", "cadences", "as cues", outcome_one="as a cue"),
    "cadence-text": Topic("cadence on a max effort", "cadences on max efforts", "as text"),
    "cadence-resting": Topic(
        "off-step cadence range", "off-step cadence ranges", "as midpoint (IntervalsT)"
    ),
    "ramp-steps": Topic("ramp", "ramps", "as short steady steps"),
    "ramp-range": Topic("ramp", "ramps", "as one range step"),
    "timed-cue": Topic("timed cue", "timed cues", "as step notes"),
    "max-open": Topic("max effort", "max efforts", "as an open target + note"),
    "power-rounded": Topic("power", "powers", "rounded to whole numbers"),
    "watts-scaled": Topic("watts target", "watts targets", "as fractions of this FTP"),
    "activation-checklist": Topic("activation routine", "activation routines", "as a checklist"),
    "routine-steps": Topic("activation routine", "activation routines", "as lap-button steps"),
    "ascii": Topic("non-ASCII text", "non-ASCII texts", "as ASCII"),
    "one-line": Topic("text", "texts", "on one line"),
    "description-one-line": Topic("description", "descriptions", "on one line", listed=True),
    "quoted": Topic("numeric text", "numeric texts", "in quotes"),
    "name-cleaned": Topic("workout name", "workout names", "cleaned"),
    "empty-text": Topic("empty text", "empty texts", "dropped"),
    "metadata": Topic("field", "fields", "dropped", listed=True),
    "intensity-lost": Topic("step intensity", "step intensities", "dropped"),
    "flag-text": Topic("technique flag", "technique flags", "as text"),
    "repeat-unrolled": Topic("nested repeat", "nested repeats", "written out"),
    "repeat-label": Topic("repeat label", "repeat labels", "numbered per iteration"),
    "icu-escaped": Topic("text", "texts", "with a word split (not a value)"),
    # Experience: what the rider does or sees changes.
    "lap-dropped": Topic("lap-button step", "lap-button steps", "dropped", _W),
    "lap-fixed": Topic(
        "lap-button step",
        "lap-button steps",
        "as fixed 300 s steps",
        _W,
        outcome_one="as a fixed 300 s step",
    ),
    "free-held": Topic("free ride", "free rides", "held at 50% FTP (ERG)", _W),
    "max-held": Topic("max effort", "max efforts", "held at 50% FTP (ERG)", _W),
    "cue-moved": Topic("cue", "cues", "moved inside a fixed lap step", _W),
    "text-cut": Topic("text", "texts", "cut at 254 bytes", _W),
    "step-limit": Topic("workout", "workouts", "over the step limit", _W),
    "other": Topic("change", "changes", "", _N),
}
"""Every topic a writer may name."""


def topic(name: str) -> Topic:
    """The topic called `name` (unknown names count as "other")."""
    return TOPICS.get(name, TOPICS["other"])


@record
class Counted:
    """One topic's share of a summary."""

    topic: Topic
    """The kind of loss."""
    count: int
    """How many distinct places in the source it happened at."""
    features: tuple[str, ...]
    """The features, for listed topics."""

    def phrase(self) -> str:
        """`3 cadence ranges as midpoint + text`, `author, tags dropped`."""
        if self.topic.listed:
            return f"{', '.join(self.features)} {self.topic.outcome}"
        if self.count == 1:
            outcome = self.topic.outcome_one or self.topic.outcome
            return f"1 {self.topic.one} {outcome}".strip()
        return f"{self.count} {self.topic.many} {self.topic.outcome}".strip()


def summary(counted: Iterable[Counted]) -> str:
    """The phrases joined, warnings first; `exact` when nothing was lost."""
    ordered = sorted(counted, key=lambda c: c.topic.level is not LossLevel.WARNING)
    return "; ".join(c.phrase() for c in ordered) or "exact"
