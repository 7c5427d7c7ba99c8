"""One balance figure: the power-weighted share of one leg over some counted seconds.

A `Figure` keeps the sums it comes from, so figures add up exactly (two rides, two bins)
without going back to the records: the share is `sum(share x power x seconds) / sum(power
x seconds)`, the left leg's share of the work. Its honesty comes with it: the counted
seconds, and the spread (standard deviation) of its minute means, from every minute with at
least `MINUTE_SECONDS_FOR_SPREAD` counted seconds. Two figures whose difference is smaller
than the larger of their spreads are within noise.
"""

from __future__ import annotations

import math
from enum import StrEnum

from ridec.records import record

MINUTE_SECONDS_FOR_SPREAD = 30
"""A minute adds its mean to the spread when at least this many of its seconds count."""
MINUTES_FOR_SPREAD = 2
"""A spread needs at least this many such minutes."""
SHOWN_PRECISION = 0.05
"""Differences that vanish at one decimal (how shares are shown) are no difference."""


class Side(StrEnum):
    """Whether the balance values name the leg whose share they give."""

    LEFT = "left"
    """They do (the right-leg bit is set): the figures are the left leg's share."""
    UNKNOWN = "unknown"
    """They never do: the figures are the share of a leg the file does not name."""


class Noise(StrEnum):
    """How a difference between two figures compares with their spreads."""

    REAL = "real"
    """Larger than the spread of either figure's minute means."""
    NOISE = "noise"
    """Smaller than the larger spread: within noise."""
    UNKNOWN = "unknown"
    """One of the figures has too few minutes to have a spread."""


@record
class Figure:
    """A power-weighted share over counted seconds, with the sums it is made of."""

    seconds: int = 0
    """Counted seconds: power > 0, cadence > 0 and a balance value."""
    weighted: float = 0.0
    """Sum over them of share (%) x power x seconds."""
    work: float = 0.0
    """Sum over them of power x seconds (joules)."""
    minutes: int = 0
    """Minutes with enough counted seconds to add their mean to the spread."""
    minute_sum: float = 0.0
    """Sum of those minutes' means (%)."""
    minute_squares: float = 0.0
    """Sum of their squares."""

    @property
    def share_pct(self) -> float | None:
        """The share in percent; None without counted seconds."""
        return self.weighted / self.work if self.work > 0 else None

    @property
    def spread_pct(self) -> float | None:
        """Standard deviation of the minute means (percentage points); None with fewer than
        MINUTES_FOR_SPREAD minutes."""
        if self.minutes < MINUTES_FOR_SPREAD:
            return None
        mean = self.minute_sum / self.minutes
        return math.sqrt(max(0.0, self.minute_squares / self.minutes - mean * mean))

    def __add__(self, other: Figure) -> Figure:
        return Figure(
            self.seconds + other.seconds,
            self.weighted + other.weighted,
            self.work + other.work,
            self.minutes + other.minutes,
            self.minute_sum + other.minute_sum,
            self.minute_squares + other.minute_squares,
        )


EMPTY = Figure()


def total(figures: list[Figure]) -> Figure:
    """The figures added up (EMPTY for none)."""
    result = EMPTY
    for figure in figures:
        result = result + figure
    return result


def minute_figure(seconds: int, weighted: float, work: float) -> Figure:
    """The figure of one minute's counted seconds, its mean in the spread when it has enough."""
    if seconds < MINUTE_SECONDS_FOR_SPREAD or work <= 0:
        return Figure(seconds, weighted, work)
    mean = weighted / work
    return Figure(seconds, weighted, work, 1, mean, mean * mean)


def compare(first: Figure, second: Figure) -> Noise:
    """Whether the difference between the two shares stands out of their spreads."""
    a, b = first.share_pct, second.share_pct
    spreads = [first.spread_pct, second.spread_pct]
    if a is None or b is None or spreads[0] is None or spreads[1] is None:
        return Noise.UNKNOWN
    gap = abs(a - b)
    return Noise.REAL if gap > max(spreads[0], spreads[1], SHOWN_PRECISION) else Noise.NOISE
