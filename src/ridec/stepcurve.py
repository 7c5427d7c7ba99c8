"""A workout's 1-second power curve kept step by step, and the figures `ridec.stats` takes from it.

A steady step is one value and a count of seconds instead of a list of equal seconds; a ramp
keeps its list (each second sampled at its middle). The figures come out as the same floats
the per-second definitions give (`stats.normalized_power` and friends, kept as the
reference), because every shortcut here is exact:

- sums are taken with `math.fsum`, which rounds the exact sum of its inputs once; a steady
  step's `count x value` is given to it as two floats whose sum is that product exactly;
- normalized power's 30-s rolling sum slides by adding the entering second and subtracting
  the leaving one; while both are seconds of steady steps with the same value the slide is
  exactly 0.0 and the sum does not change, so that stretch is one rolling mean counted many
  times; elsewhere the sums are accumulated second by second, in the same order as before;
- zone times count a steady step's seconds in its one zone.
"""

from __future__ import annotations

import bisect
import itertools
import math
import operator
from collections.abc import Iterable, Sequence

NP_WINDOW_S = 30
"""Normalized power averages the curve over rolling windows of this many seconds."""

_SPLITTER = 134217729.0  # 2**27 + 1: Veltkamp's split of a double into two 26-bit halves
_EXACT_COUNT = 1 << 26
"""Counts below this multiply either half of a split double exactly (26 + 26 < 53 bits)."""

Piece = float | list[float]
"""A steady step's value (with its count beside it) or a ramp's values, second by second."""


class StepCurve:
    """The targeted seconds of a workout in one unit, as pieces: (value, count) for a steady
    step, (list of values, its length) for a ramp. Seconds without a number are left out."""

    __slots__ = ("pieces", "seconds")

    def __init__(self) -> None:
        self.pieces: list[tuple[Piece, int]] = []
        self.seconds = 0

    def add_steady(self, value: float, seconds: int) -> None:
        """`seconds` seconds at `value`."""
        if seconds > 0:
            self.pieces.append((value, seconds))
            self.seconds += seconds

    def add_values(self, values: list[float]) -> None:
        """One value per second (a ramp)."""
        if values:
            self.pieces.append((values, len(values)))
            self.seconds += len(values)

    def fsum(self) -> float:
        """`math.fsum` of every second's value, without a list of the seconds."""
        return math.fsum(_exact_terms(self.pieces))

    def largest(self) -> float:
        """The largest magnitude of any second's value (0.0 without seconds)."""
        magnitudes = (
            abs(piece) if isinstance(piece, float) else max(map(abs, piece))
            for piece, _ in self.pieces
        )
        return max(magnitudes, default=0.0)

    def mean(self) -> float | None:
        """The mean value over the seconds (None without seconds)."""
        return self.fsum() / self.seconds if self.seconds else None

    def values(self, start: int, count: int) -> list[float]:
        """The values of seconds `start` to `start + count` (fewer at the end)."""
        cursor = _Cursor(self.pieces, start)
        taken: list[float] = []
        while len(taken) < count and cursor.left:
            k = min(cursor.left, count - len(taken))
            piece = cursor.take(k)
            taken.extend([piece] * k if isinstance(piece, float) else piece)
        return taken

    def zone_seconds(self, tops: Sequence[float]) -> list[int]:
        """Seconds in each band of `tops` (index i: the first top >= value; len(tops): above)."""
        counts = [0] * (len(tops) + 1)
        for piece, count in self.pieces:
            if isinstance(piece, float):
                counts[bisect.bisect_left(tops, piece)] += count
            else:
                _count_bands(piece, tops, counts)
        return counts

    def normalized_power(self) -> float | None:
        """Fourth root of the mean fourth power of the 30-s rolling averages: the floats
        `stats.normalized_power` gives for the same seconds (see the module's note)."""
        total = self.seconds
        if not total:
            return None
        window = min(NP_WINDOW_S, total)
        current = sum(self.values(0, window))  # the first window, summed as the reference does
        lead, trail = _Cursor(self.pieces, window), _Cursor(self.pieces, 0)
        terms: list[float] = []
        repeats = 1  # how many rolling means so far equal current / window
        while lead.left:
            k = min(lead.left, trail.left)
            entering, leaving = lead.take(k), trail.take(k)
            if isinstance(entering, float) and isinstance(leaving, float):
                slide = entering - leaving
                if slide == 0.0:
                    repeats += k  # the sum does not move: the same mean k more times
                    continue
                slides: Iterable[float] = itertools.repeat(slide, k)
            else:
                slides = map(operator.sub, _seconds(entering, k), _seconds(leaving, k))
            terms.extend(_times(pow(current / window, 4), repeats))
            sums = list(itertools.accumulate(slides, initial=current))
            current, repeats = sums[-1], 1
            means = map(operator.truediv, sums[1:-1], itertools.repeat(window))
            terms.extend(map(pow, means, itertools.repeat(4)))  # pow(x, 4) is x ** 4
        terms.extend(_times(pow(current / window, 4), repeats))
        return float((math.fsum(terms) / (total - window + 1)) ** 0.25)


class _Cursor:
    """A position in a curve's pieces, moving forward."""

    __slots__ = ("_at", "_index", "_pieces", "left")

    def __init__(self, pieces: Sequence[tuple[Piece, int]], start: int) -> None:
        self._pieces = pieces
        self._index = 0
        self._at = start
        while self._index < len(pieces) and self._at >= pieces[self._index][1]:
            self._at -= pieces[self._index][1]
            self._index += 1
        self.left = pieces[self._index][1] - self._at if self._index < len(pieces) else 0
        """Seconds left in the current piece (0 at the end)."""

    def take(self, k: int) -> Piece:
        """The next `k` seconds (at most `left`): a steady value, or the list of values."""
        piece, count = self._pieces[self._index]
        taken = piece if isinstance(piece, float) else piece[self._at : self._at + k]
        self._at += k
        if self._at == count:
            self._index, self._at = self._index + 1, 0
            more = self._index < len(self._pieces)
            self.left = self._pieces[self._index][1] if more else 0
        else:
            self.left = count - self._at
        return taken


def _seconds(piece: Piece, k: int) -> Iterable[float]:
    return itertools.repeat(piece, k) if isinstance(piece, float) else piece


def _times(value: float, count: int) -> list[float]:
    """Floats whose exact sum is `count x value` (for `math.fsum`)."""
    if count == 1:
        return [value]
    if count >= _EXACT_COUNT or not math.isfinite(value):
        return [value] * count
    scaled = _SPLITTER * value
    high = scaled - (scaled - value)  # the top 26 bits of value
    return [count * high, count * (value - high)]  # both products exact


def _exact_terms(pieces: Iterable[tuple[Piece, int]]) -> list[float]:
    terms: list[float] = []
    for piece, count in pieces:
        terms.extend(_times(piece, count) if isinstance(piece, float) else piece)
    return terms


def _count_bands(values: list[float], tops: Sequence[float], counts: list[int]) -> None:
    """Add a ramp's seconds to `counts` by band. A ramp's values are monotonic (each is
    `start + slope x (k + 0.5)`, and rounding keeps order), so in rising order the values
    at or below each top are found by bisection, not one by one."""
    rising = values if values[0] <= values[-1] else values[::-1]
    below = 0
    for band, top in enumerate(tops):
        at_or_below = bisect.bisect_right(rising, top)
        counts[band] += at_or_below - below
        below = at_or_below
    counts[len(tops)] += len(rising) - below
