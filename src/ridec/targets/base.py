"""What every output format shares: compile options, the fidelity report, the writer interface.

A writer declares what its format can express (class-level capability flags), lowers the
shared timeline with named passes, records every loss in the `Fidelity` report, and checks
its own bytes before they are written.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar

from ridec.diagnostics import Diagnostic, Severity, Span
from ridec.timeline import Timeline


class ActivationMode(StrEnum):
    """Where the activation routine goes."""

    NOTES = "notes"
    """Into the description or notes as a checklist (every format)."""
    STEPS = "steps"
    """As lap-button steps at the start (FIT); other formats report a degradation."""


class RampMode(StrEnum):
    """How FIT, which has no ramp target, lowers a ramp."""

    STEP = "step"
    """Short steady steps of `fit_ramp_step_s` each."""
    RANGE = "range"
    """One step whose power range spans the ramp."""


@dataclass(frozen=True, slots=True)
class CompileOptions:
    """Everything a user can set that changes the bytes of an output."""

    ftp: int | None = None
    """`--ftp`: wins over the workout's header."""
    ascii_text: bool = True
    """ZWO: transliterate text to ASCII (Zwift ignores some non-ASCII files)."""
    activation: ActivationMode = ActivationMode.NOTES
    """Where the activation routine goes."""
    fit_ramp: RampMode = RampMode.STEP
    """How FIT lowers ramps."""
    fit_ramp_step_s: int = 30
    """Length of each step when FIT lowers a ramp to steps."""
    fit_power_band_pct: float = 0.0
    """Widen a single FIT power value to +/- this many % FTP."""
    fit_max_steps: int = 50
    """Warn when a FIT workout has more steps than this."""
    fit_nested_repeats: bool = False
    """Keep inner repeats as FIT repeat steps instead of unrolling them."""
    created: dt.datetime | None = None
    """FIT `time_created`; None derives it from the source for reproducible bytes."""


class LossKind(StrEnum):
    """How faithfully a feature reached the output."""

    EXACT = "exact"
    DEGRADED = "degraded"
    DROPPED = "dropped"


@dataclass(frozen=True, slots=True)
class Loss:
    """One entry of the fidelity report."""

    kind: LossKind
    """Kept exactly, degraded or dropped."""
    feature: str
    """What was written by the coach ("cadence range 50-60 rpm")."""
    became: str | None = None
    """What the format made of it ("cue text 'Cadence 50-60 rpm'"); None when dropped."""
    span: Span | None = field(default=None, compare=False)
    """Where the feature is in the source."""


@dataclass
class Fidelity:
    """The report one writer fills while lowering one workout."""

    target: str
    """The format's registry name."""
    entries: list[Loss] = field(default_factory=list)
    """Everything recorded, in order."""

    def exact(self, feature: str, span: Span | None = None) -> None:
        """Record a feature the format keeps as written."""
        self.entries.append(Loss(LossKind.EXACT, feature, None, span))

    def degraded(self, feature: str, became: str, span: Span | None = None) -> None:
        """Record a feature the format can only approximate, and what it became."""
        self.entries.append(Loss(LossKind.DEGRADED, feature, became, span))

    def dropped(self, feature: str, span: Span | None = None) -> None:
        """Record a feature the format cannot carry at all."""
        self.entries.append(Loss(LossKind.DROPPED, feature, None, span))

    def losses(self) -> list[Loss]:
        """The degraded and dropped entries."""
        return [e for e in self.entries if e.kind is not LossKind.EXACT]

    def diagnostics(self, strict: bool = False) -> list[Diagnostic]:
        """Each loss as a located warning (an error under `--strict`)."""
        severity = Severity.ERROR if strict else Severity.WARNING
        return [Diagnostic(severity, _loss_message(self.target, e), e.span) for e in self.losses()]


def _loss_message(target: str, loss: Loss) -> str:
    if loss.kind is LossKind.DROPPED:
        return f"{target}: {loss.feature} is dropped (the format cannot express it)"
    return f"{target}: {loss.feature} becomes {loss.became}"


FTP_HINT = "set the FTP with `ftp:` in the header or `--ftp`"
"""What to do about most conversion errors: they need an FTP."""


class ConversionError(Exception):
    """A workout the target cannot write: mostly a % <-> watts conversion without an FTP."""

    def __init__(self, message: str, span: Span | None, hint: str | None = FTP_HINT) -> None:
        super().__init__(message)
        self.span = span
        self.hint = hint


class Writer(ABC):
    """One output format."""

    name: ClassVar[str]
    """Registry name, used by `-t`."""
    extension: ClassVar[str]
    """File extension with the dot, lower case."""
    description: ClassVar[str]
    """One line for `--help` and the README table."""
    SUPPORTS_RAMPS: ClassVar[bool] = True
    SUPPORTS_CADENCE: ClassVar[bool] = True
    SUPPORTS_FREE_RIDE: ClassVar[bool] = True
    SUPPORTS_LAP: ClassVar[bool] = True
    SUPPORTS_REPEATS: ClassVar[bool] = False

    @abstractmethod
    def render(self, timeline: Timeline, options: CompileOptions, report: Fidelity) -> bytes:
        """The file's bytes; raises ConversionError when FTP is needed and unknown."""

    @abstractmethod
    def validate(self, data: bytes) -> list[str]:
        """Problems found in `data` by this format's own checker; empty when it is valid."""
