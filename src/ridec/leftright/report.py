"""Balance across rides: indoor against outdoor, the drift inside rides, the trend by date.

Only rides whose balance names the side are pooled (a share of an unnamed leg cannot be
added to a left leg's); each pooled figure is the sum of the rides' sums, so a long ride
weighs by its work, as its seconds do inside it. The trend is a least-squares line through
each ride's figure against its date, per setting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ridec.diagnostics import Diagnostic
from ridec.leftright.figures import Figure, Side, total
from ridec.leftright.ride import BAND_RPM, BIN_MINUTES, CadenceBand, MinuteBin, RideBalance, Setting
from ridec.records import record

TREND_DAYS = 30
"""The trend is stated per this many days."""
MIN_TREND_RIDES = 3
"""A trend needs at least this many dated rides ..."""
MIN_TREND_SPAN_DAYS = 7
"""... spread over at least this many days."""


@record
class Trend:
    """A least-squares line through rides' figures against their dates."""

    rides: int
    """The dated rides it goes through."""
    first: dt.datetime
    last: dt.datetime
    per_30_days: float
    """Slope, percentage points per 30 days."""
    at_first: float
    """The line's value at the first ride's date, %."""
    scatter_pct: float
    """Standard deviation of the rides' figures around the line."""

    @property
    def change(self) -> float:
        """The line's change from the first ride to the last, points."""
        return self.per_30_days * (self.last - self.first).total_seconds() / 86400 / TREND_DAYS

    @property
    def within_noise(self) -> bool:
        """Whether that change is smaller than the scatter of the rides around the line."""
        return abs(self.change) <= self.scatter_pct


@record
class SettingBalance:
    """Every ride of one setting whose balance names the side, pooled."""

    setting: Setting
    rides: int
    figure: Figure
    first_30: Figure
    after_40: Figure
    by_minutes: tuple[MinuteBin, ...]
    by_cadence: tuple[CadenceBand, ...]
    trend: Trend | None
    """None with too few dated rides."""


@record
class BalanceReport:
    """What `ridec balance` reports: each ride, the settings pooled, the rides refused."""

    rides: tuple[RideBalance, ...]
    """In order of their start (undated rides last, by file)."""
    settings: tuple[SettingBalance, ...]
    """Indoor, then outdoor (rides of the unknown side are not pooled)."""
    problems: tuple[Diagnostic, ...] = ()
    """One located error per file that could not be read or had nothing to count."""
    ftp: int | None = None
    """The FTP given for every ride, if one was."""

    def setting(self, which: Setting) -> SettingBalance:
        """The pooled figures of one setting."""
        return next(s for s in self.settings if s.setting is which)

    def to_json(self) -> dict[str, object]:
        """The report as the documented JSON document (schemas/ridec-balance.schema.json)."""
        from ridec.leftright.document import balance_json  # it imports this module

        return balance_json(self)


def build_report(
    rides: Sequence[RideBalance], problems: Sequence[Diagnostic] = (), ftp: int | None = None
) -> BalanceReport:
    """Order the rides and pool them by setting."""
    ordered = sorted(rides, key=_order)
    settings = tuple(_pool(setting, ordered) for setting in Setting)
    return BalanceReport(tuple(ordered), settings, tuple(problems), ftp)


def _order(ride: RideBalance) -> tuple[bool, dt.datetime, str]:
    never = dt.datetime.min.replace(tzinfo=dt.UTC)
    return (ride.start is None, ride.start or never, ride.file)


def _pool(setting: Setting, rides: Sequence[RideBalance]) -> SettingBalance:
    chosen = [r for r in rides if r.setting is setting and r.side is Side.LEFT]
    return SettingBalance(
        setting=setting,
        rides=len(chosen),
        figure=total([r.ride for r in chosen]),
        first_30=total([r.first_30 for r in chosen]),
        after_40=total([r.after_40 for r in chosen]),
        by_minutes=_bins(chosen),
        by_cadence=_bands(chosen),
        trend=trend(chosen),
    )


def _bins(rides: Sequence[RideBalance]) -> tuple[MinuteBin, ...]:
    pooled: dict[int, Figure] = {}
    for ride in rides:
        for row in ride.by_minutes:
            pooled[row.from_min] = pooled.get(row.from_min, Figure()) + row.figure
    return tuple(MinuteBin(m, m + BIN_MINUTES, f) for m, f in sorted(pooled.items()))


def _bands(rides: Sequence[RideBalance]) -> tuple[CadenceBand, ...]:
    pooled: dict[int, Figure] = {}
    for ride in rides:
        for row in ride.by_cadence:
            pooled[row.low] = pooled.get(row.low, Figure()) + row.figure
    return tuple(CadenceBand(low, low + BAND_RPM, f) for low, f in sorted(pooled.items()))


def trend(rides: Sequence[RideBalance]) -> Trend | None:
    """The least-squares line through the dated rides' figures, per 30 days."""
    dated: list[tuple[dt.datetime, float]] = []
    for ride in rides:
        pct = ride.ride.share_pct
        if ride.start is not None and pct is not None:
            dated.append((ride.start, pct))
    if len(dated) < MIN_TREND_RIDES:
        return None
    first, last = dated[0][0], dated[-1][0]
    if (last - first).total_seconds() < MIN_TREND_SPAN_DAYS * 86400:
        return None
    days = [(start - first).total_seconds() / 86400 for start, _ in dated]
    values = [pct for _, pct in dated]
    mean_x, mean_y = sum(days) / len(days), sum(values) / len(values)
    spread_x = sum((x - mean_x) ** 2 for x in days)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(days, values, strict=True)) / spread_x
    residuals = [y - (mean_y + slope * (x - mean_x)) for x, y in zip(days, values, strict=True)]
    scatter = (sum(r * r for r in residuals) / len(residuals)) ** 0.5
    at_first = mean_y - slope * mean_x
    return Trend(len(dated), first, last, slope * TREND_DAYS, at_first, scatter)
