"""A balance report for the terminal: a rich table per ride, the settings, the sentences."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ridec.escapes import escape_controls
from ridec.leftright.figures import Figure, Side
from ridec.leftright.report import BalanceReport
from ridec.leftright.ride import Block, RideBalance
from ridec.leftright.sentences import pct, sentences
from ridec.model import format_duration


def balance_tables(report: BalanceReport) -> Group:
    """A table per ride, the settings pooled, then the sentences."""
    parts: list[RenderableType] = [_ride_table(ride) for ride in report.rides]
    if report.rides:
        parts.append(_settings_table(report))
    parts += [Text(escape_controls(line)) for line in sentences(report)]
    return Group(*parts)


def _ride_table(ride: RideBalance) -> Group:
    """The ride's name on its own line (a long file name is not wrapped into the table's
    width), then its table."""
    when = "" if ride.start is None else f" ({ride.start:%Y-%m-%d %H:%M} UTC)"
    title = escape_controls(f"{ride.file}{when}: {ride.setting.value}", keep_lines=False)
    return Group(Text(title, style="bold"), _table(ride))


def _table(ride: RideBalance) -> Table:
    side = "left %" if ride.side is Side.LEFT else "share % (side unknown)"
    table = Table(caption=_caption(ride))
    for name, justify in (("", "left"), ("counted", "right"), (side, "right"), ("+/-", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for label, figure in _ride_rows(ride):
        table.add_row(*_cells(label, figure))
    return table


MIN_ROW_SECONDS = 60
"""Bins, bands, zones and blocks with less counted are left out of the table (--json has
them): a second at 135 rpm says nothing and hides what does."""


def _caption(ride: RideBalance) -> str:
    parts = [f"setting from {ride.setting_from}", f"records every {ride.interval_s} s"]
    if ride.ftp:
        parts.append(f"FTP {ride.ftp} W")
    if any(figure.seconds < MIN_ROW_SECONDS for _, figure in _breakdowns(ride)):
        parts.append("rows under a minute counted left out (--json has them)")
    return "; ".join([*parts, *ride.notes])


def _ride_rows(ride: RideBalance) -> Iterable[tuple[str, Figure]]:
    yield "whole ride", ride.ride
    yield "first 30 min", ride.first_30
    yield "after 40 min", ride.after_40
    yield from (row for row in _breakdowns(ride) if row[1].seconds >= MIN_ROW_SECONDS)


def _breakdowns(ride: RideBalance) -> Iterable[tuple[str, Figure]]:
    for b in ride.by_minutes:
        yield f"{b.from_min}-{b.to_min} min", b.figure
    for c in ride.by_cadence:
        yield f"{c.low}-{c.high} rpm", c.figure
    for z in ride.by_power:
        bounds = f"{z.low_pct:g}-{z.high_pct:g}" if z.high_pct is not None else f"> {z.low_pct:g}"
        yield f"Z{z.zone} {bounds} % FTP", z.figure
    for t in ride.by_technique:
        yield t.block.value + (" (left out above)" if t.block is Block.ONE_LEG else ""), t.figure


def _cells(label: str, figure: Figure) -> list[str]:
    spread = figure.spread_pct
    return [
        label,
        format_duration(figure.seconds) if figure.seconds else "0s",
        pct(figure.share_pct),
        "-" if spread is None else f"{spread:.1f}",
    ]


def _settings_table(report: BalanceReport) -> Table:
    table = Table(title="Across rides (rides that name the side)")
    for name in ("setting", "rides", "counted", "left %", "+/-", "first 30", "after 40", "trend"):
        table.add_column(name, justify="left" if name == "setting" else "right")
    for pooled in report.settings:
        _, counted, share, spread = _cells("", pooled.figure)
        trend = pooled.trend
        table.add_row(
            pooled.setting.value,
            str(pooled.rides),
            counted,
            share,
            spread,
            pct(pooled.first_30.share_pct),
            pct(pooled.after_40.share_pct),
            "-" if trend is None else f"{trend.per_30_days:+.1f}/30 d",
        )
    return table
