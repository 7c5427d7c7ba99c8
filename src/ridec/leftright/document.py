"""A balance report as one JSON document (`schemas/ridec-balance.schema.json`).

The names are fixed (docs/balance.md): tools may rely on them. Percentages are rounded to
two decimals, seconds are whole, times are ISO-8601 UTC.
"""

from __future__ import annotations

import datetime as dt

from ridec.diagnostics import Diagnostic, Severity
from ridec.leftright.figures import Figure, Side
from ridec.leftright.report import BalanceReport, SettingBalance, Trend
from ridec.leftright.ride import RideBalance
from ridec.leftright.sentences import sentences

SCHEMA_VERSION = 1
"""`version` of the JSON document."""


def balance_json(report: BalanceReport) -> dict[str, object]:
    """The report as one JSON-ready document."""
    return {
        "format": "ridec-balance",
        "version": SCHEMA_VERSION,
        "ftp": report.ftp,
        "rides": [_ride_json(ride) for ride in report.rides],
        "settings": {s.setting.value: _setting_json(s) for s in report.settings},
        "summary": sentences(report),
        "refused": [
            _refused_json(problem)
            for problem in report.problems
            if problem.severity is Severity.ERROR
        ],
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def figure_json(figure: Figure, side: Side = Side.LEFT) -> dict[str, object]:
    """`seconds`, `left_pct` (null when the side is unknown), `unnamed_pct` (null when it is
    named) and `spread_pct` (the standard deviation of the minute means)."""
    share = _round(figure.share_pct)
    return {
        "seconds": figure.seconds,
        "left_pct": share if side is Side.LEFT else None,
        "unnamed_pct": share if side is Side.UNKNOWN else None,
        "spread_pct": _round(figure.spread_pct),
    }


def _start(when: dt.datetime | None) -> str | None:
    return None if when is None else when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _ride_json(ride: RideBalance) -> dict[str, object]:
    side = ride.side
    return {
        "file": ride.file,
        "start": _start(ride.start),
        "setting": ride.setting.value,
        "setting_from": ride.setting_from,
        "side": side.value,
        **figure_json(ride.ride, side),
        "interval_s": ride.interval_s,
        "ftp": ride.ftp,
        "first_30": figure_json(ride.first_30, side),
        "after_40": figure_json(ride.after_40, side),
        "by_minutes": [
            {"from_min": b.from_min, "to_min": b.to_min, **figure_json(b.figure, side)}
            for b in ride.by_minutes
        ],
        "by_cadence": [
            {"low": b.low, "high": b.high, **figure_json(b.figure, side)} for b in ride.by_cadence
        ],
        "by_power": [
            {"zone": z.zone, "low_pct": z.low_pct, "high_pct": z.high_pct}
            | figure_json(z.figure, side)
            for z in ride.by_power
        ],
        "by_technique": [
            {"block": b.block.value, **figure_json(b.figure, side)} for b in ride.by_technique
        ],
        "other_side_s": ride.other_side_s,
        "notes": list(ride.notes),
    }


def _setting_json(pooled: SettingBalance) -> dict[str, object]:
    figure = figure_json(pooled.figure)
    return {
        "rides": pooled.rides,
        "seconds": figure["seconds"],
        "left_pct": figure["left_pct"],
        "spread_pct": figure["spread_pct"],
        "first_30": figure_json(pooled.first_30),
        "after_40": figure_json(pooled.after_40),
        "by_minutes": [
            {"from_min": b.from_min, "to_min": b.to_min, **figure_json(b.figure)}
            for b in pooled.by_minutes
        ],
        "by_cadence": [
            {"low": b.low, "high": b.high, **figure_json(b.figure)} for b in pooled.by_cadence
        ],
        "trend": _trend_json(pooled.trend),
    }


def _trend_json(trend: Trend | None) -> dict[str, object] | None:
    if trend is None:
        return None
    return {
        "rides": trend.rides,
        "from": _start(trend.first),
        "to": _start(trend.last),
        "pct_per_30_days": round(trend.per_30_days, 3),
        "scatter_pct": _round(trend.scatter_pct),
    }


def _refused_json(problem: Diagnostic) -> dict[str, object]:
    span = problem.span
    return {
        "file": span.source.path if span is not None else problem.path,
        "offset": span.start if span is not None and span.source.text is None else None,
        "message": problem.message,
    }
