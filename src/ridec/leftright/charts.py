"""The report's charts in data (`charts.dots.DotChart`), for the SVG, the PNG and the page.

The trend across rides (each ride's figure by date, a least-squares line per setting),
indoor against outdoor, balance against minutes into the ride and against cadence. Every
dot is a figure with its spread as a whisker; only rides that name the side are drawn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ridec.charts.dots import Dot, DotChart, DotSeries
from ridec.leftright.figures import Figure, Side
from ridec.leftright.report import BalanceReport, SettingBalance
from ridec.leftright.ride import BAND_RPM, BIN_MINUTES, Setting
from ridec.model import format_duration

COLOURS = {Setting.INDOOR: "#3b6fd8", Setting.OUTDOOR: "#d8742b"}
MIN_DRAWN_SECONDS = 60
"""A bin or band is drawn with at least a minute counted: a few seconds at 135 rpm would
set the chart's scale and say nothing."""
DAY_S = 86400
MOST_DATE_TICKS = 6


def _dot(x: float, figure: Figure, what: str, least: int = 0) -> Dot | None:
    share = figure.share_pct
    if share is None or figure.seconds < least:
        return None
    spread = figure.spread_pct
    noise = "" if spread is None else f" +/- {spread:.1f}"
    tip = f"{what}: {share:.1f} %{noise}, {format_duration(figure.seconds)} counted"
    return Dot(x, share, spread, tip)


def _dots(candidates: Sequence[Dot | None]) -> tuple[Dot, ...]:
    return tuple(d for d in candidates if d is not None)


def trend_chart(report: BalanceReport) -> DotChart:
    """Each dated ride's figure against its date, with each setting's trend line."""
    dated = [r for r in report.rides if r.start is not None and r.side is Side.LEFT]
    first = min((r.start for r in dated if r.start), default=None)
    last = max((r.start for r in dated if r.start), default=None)
    series = []
    for setting in Setting:
        rides = [r for r in dated if r.setting is setting and r.start]
        dots = _dots([_dot(_days(r.start, first), r.ride, r.file) for r in rides if r.start])
        line = _trend_line(report.setting(setting), first)
        series.append(DotSeries(setting.value, COLOURS[setting], dots, trend=line))
    span = _days(last, first) if last else 1.0
    return DotChart(
        title="Left/right balance by date",
        x_label="date of the ride",
        x_range=(-0.5, max(span, 1.0) + 0.5),
        x_ticks=_date_ticks(first, span),
        series=tuple(series),
        empty_text="no dated ride names the side",
    )


def _days(when: dt.datetime | None, first: dt.datetime | None) -> float:
    if when is None or first is None:
        return 0.0
    return (when - first).total_seconds() / DAY_S


def _trend_line(
    pooled: SettingBalance, first: dt.datetime | None
) -> tuple[tuple[float, float], tuple[float, float]] | None:
    trend = pooled.trend
    if trend is None:
        return None
    start, end = _days(trend.first, first), _days(trend.last, first)
    slope = trend.per_30_days / 30
    return (start, trend.at_first), (end, trend.at_first + slope * (end - start))


def _date_ticks(first: dt.datetime | None, span: float) -> tuple[tuple[float, str], ...]:
    if first is None:
        return ()
    step = max(1, round(span / MOST_DATE_TICKS)) if span >= 1 else 1
    count = int(span // step) + 1
    return tuple(
        (float(k * step), f"{first + dt.timedelta(days=k * step):%Y-%m-%d}") for k in range(count)
    )


def settings_chart(report: BalanceReport) -> DotChart:
    """Indoor and outdoor pooled, side by side."""
    series = []
    for x, setting in enumerate(Setting):
        pooled = report.setting(setting)
        dots = _dots([_dot(float(x), pooled.figure, f"{setting.value}, {pooled.rides} rides")])
        series.append(DotSeries(setting.value, COLOURS[setting], dots))
    return DotChart(
        title="Indoor against outdoor",
        x_label="where the rides were ridden",
        x_range=(-0.6, 1.6),
        x_ticks=tuple((float(x), s.value) for x, s in enumerate(Setting)),
        series=tuple(series),
    )


def minutes_chart(report: BalanceReport) -> DotChart:
    """Each setting's balance in 10-minute bins of timer time."""
    series = []
    reach = BIN_MINUTES
    least = MIN_DRAWN_SECONDS
    for setting in Setting:
        bins = report.setting(setting).by_minutes
        reach = max([reach, *(b.to_min for b in bins)])
        dots = _dots(
            [
                _dot(
                    b.from_min + BIN_MINUTES / 2,
                    b.figure,
                    _range(b.from_min, b.to_min, "min"),
                    least,
                )
                for b in bins
            ]
        )
        series.append(DotSeries(setting.value, COLOURS[setting], dots, joined=True))
    step = BIN_MINUTES * max(1, round(reach / BIN_MINUTES / 10))
    return DotChart(
        title="Balance against minutes into the ride",
        x_label="minutes of timer time",
        x_range=(0.0, float(reach)),
        x_ticks=tuple((float(m), str(m)) for m in range(0, reach + 1, step)),
        series=tuple(series),
    )


def cadence_chart(report: BalanceReport) -> DotChart:
    """Each setting's balance in 10-rpm cadence bands."""
    series = []
    least = MIN_DRAWN_SECONDS
    bands = [b for s in Setting for b in report.setting(s).by_cadence if b.figure.seconds >= least]
    low = min((b.low for b in bands), default=60)
    high = max((b.high for b in bands), default=110)
    low, high = low - low % (2 * BAND_RPM), high + high % (2 * BAND_RPM)
    for setting in Setting:
        dots = _dots(
            [
                _dot(b.low + BAND_RPM / 2, b.figure, _range(b.low, b.high, "rpm"), least)
                for b in report.setting(setting).by_cadence
            ]
        )
        series.append(DotSeries(setting.value, COLOURS[setting], dots, joined=True))
    return DotChart(
        title="Balance against cadence",
        x_label="cadence, rpm (10-rpm bands with at least a minute counted)",
        x_range=(float(low), float(high)),
        x_ticks=tuple((float(r), str(r)) for r in range(low, high + 1, BAND_RPM * 2)),
        series=tuple(series),
    )


def _range(low: int, high: int, unit: str) -> str:
    return f"{low}-{high} {unit}"
