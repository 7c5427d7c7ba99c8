"""What every destination shares: the workouts handed to it and the interface it implements.

A destination is opened first (the device's `GarminDevice.xml` read, Zwift's user folder
found, the API's address and key taken from the environment), so a wrong target is
reported before anything is compiled. Then, for the checked workouts:

- `format`: the format it takes (FIT for a Garmin, ZWO for Zwift, `--as` for intervals.icu);
- `prepare(deliveries)`: where each workout goes, worked out without writing or sending
  anything, and every conflict found (two workouts that would take one file name);
- `dry_run(prepared)`: what `--dry-run` prints, the product of the run;
- `send(prepared)`: the delivery itself, returning one line per workout for the report.

Problems raise DiagnosticError; `send` claims nothing it has not done.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Generic, TypeVar

from ridec.diagnostics import Diagnostic, DiagnosticError
from ridec.records import record


@record
class Delivery:
    """One workout ready to deliver: the checked bytes of one format."""

    source: str
    """The input file as the user named it."""
    stem: str
    """Its output name without extension, as `ridec compile` writes it (`standing`, or
    `back-pain-protocol/week-01/standing` for a plan's week)."""
    title: str
    """The workout's name (`W1 Standing technique` in a plan)."""
    target: str
    """The format's registry name."""
    data: bytes
    """The file's bytes: compiled and checked, or an input of this format, validated."""
    week: int | None = None
    """The plan week; None outside a plan."""
    sessions: int = 1
    """How often the plan has it ridden that week (1 outside a plan)."""
    as_is: bool = False
    """The input was already a file of the destination's format and is delivered unchanged."""


Prepared = TypeVar("Prepared")


class Destination(ABC, Generic[Prepared]):
    """A place workouts are delivered to; `Prepared` is what `prepare` works out."""

    format: str
    """The registry name of the format it takes."""

    @abstractmethod
    def describe(self) -> str:
        """The destination in a few words, for the report (`Edge 530 at /media/GARMIN`)."""

    @abstractmethod
    def prepare(self, deliveries: Sequence[Delivery]) -> Prepared:
        """Where each workout goes, without writing or sending anything; DiagnosticError for
        what stops the delivery (two workouts taking one name)."""

    @abstractmethod
    def dry_run(self, prepared: Prepared) -> str:
        """What would be written or sent, as `--dry-run` prints it."""

    @abstractmethod
    def send(self, prepared: Prepared) -> list[str]:
        """Deliver; one line per workout saying what was done. DiagnosticError when it fails,
        saying what was delivered before the failure and what was not."""


class PartialDeliveryError(DiagnosticError):
    """A delivery that failed part of the way: what was done before the failure is kept in
    `done` (the report's lines), so the command can say exactly that and nothing more."""

    def __init__(self, done: Sequence[str], diagnostics: Sequence[Diagnostic]) -> None:
        super().__init__(diagnostics)
        self.done = tuple(done)
        """One line per workout delivered before the failure."""
