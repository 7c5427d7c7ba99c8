"""The balance report as one self-contained HTML page: inline CSS and SVG, no script, no network.

The sentences first, then the trend across rides, indoor against outdoor, balance against
minutes into the ride and against cadence, every ride in a table, and the files refused.
"""

from __future__ import annotations

from html import escape

from ridec import __version__
from ridec.charts.dots import dot_chart_svg
from ridec.diagnostics import Severity
from ridec.leftright.charts import cadence_chart, minutes_chart, settings_chart, trend_chart
from ridec.leftright.figures import Figure, Side
from ridec.leftright.report import BalanceReport
from ridec.leftright.ride import RideBalance
from ridec.leftright.sentences import CAVEAT, pct, sentences
from ridec.model import format_duration

STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1d1d1f;
background:#f6f6f4;line-height:1.45}
header,main{max-width:980px;margin:0 auto;padding:0 16px}
header{padding-top:24px}
h1{margin:0 0 4px}
h2{margin:32px 0 8px;border-bottom:2px solid #ddd;padding-bottom:4px}
.meta,.caveat{color:#555;font-size:14px}
.summary{background:#fff;border:1px solid #ddd;border-radius:8px;padding:8px 16px}
.summary li{margin:4px 0}
.chart{margin:8px 0;overflow-x:auto;background:#fff;border:1px solid #ddd;border-radius:8px}
.chart svg{max-width:100%;height:auto}
table{border-collapse:collapse;font-size:14px;background:#fff}
th,td{padding:3px 8px;border-bottom:1px solid #e3e3e3;text-align:right}
th:first-child,td:first-child{text-align:left}
.failed{color:#a00}
"""


def balance_page(report: BalanceReport) -> str:
    """The whole page as text."""
    charts = (
        ("Trend across rides", trend_chart(report)),
        ("Indoor against outdoor", settings_chart(report)),
        ("Minutes into the ride", minutes_chart(report)),
        ("Cadence", cadence_chart(report)),
    )
    parts = [
        _head(report),
        '<section class="summary"><ul>',
        *(f"<li>{escape(line)}</li>" for line in sentences(report) if line != CAVEAT),
        f'</ul><p class="caveat">{escape(CAVEAT)}</p></section>',
    ]
    for title, chart in charts:
        parts += [f"<h2>{escape(title)}</h2>", f'<div class="chart">{dot_chart_svg(chart)}</div>']
    parts += _rides(report)
    parts += _refused(report)
    parts.append("</main>\n</body>\n</html>\n")
    return "\n".join(parts)


def _head(report: BalanceReport) -> str:
    dated = [r.start for r in report.rides if r.start is not None]
    span = f"{min(dated):%Y-%m-%d} to {max(dated):%Y-%m-%d} · " if dated else ""
    count = "1 ride" if len(report.rides) == 1 else f"{len(report.rides)} rides"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Left/right balance across rides</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n<header>\n<h1>Left/right balance across rides</h1>\n"
        f'<p class="meta">{escape(count)} · {escape(span)}made by ridec '
        f"{escape(__version__)}</p>\n</header>\n<main>"
    )


COLUMNS = ("ride", "date (UTC)", "setting", "counted", "left %", "+/-", "first 30", "after 40")


def _rides(report: BalanceReport) -> list[str]:
    if not report.rides:
        return []
    head = "".join(f"<th>{escape(name)}</th>" for name in COLUMNS)
    rows = [
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in _cells(ride)) + "</tr>"
        for ride in report.rides
    ]
    return ["<h2>Rides</h2>", "<table>", f"<tr>{head}</tr>", *rows, "</table>"]


def _cells(ride: RideBalance) -> list[str]:
    when = "-" if ride.start is None else f"{ride.start:%Y-%m-%d %H:%M}"
    unknown = " (side unknown)" if ride.side is Side.UNKNOWN else ""
    return [
        ride.file,
        when,
        f"{ride.setting.value} ({ride.setting_from})",
        format_duration(ride.ride.seconds),
        pct(ride.ride.share_pct) + unknown,
        _spread(ride.ride),
        pct(ride.first_30.share_pct),
        pct(ride.after_40.share_pct),
    ]


def _spread(figure: Figure) -> str:
    spread = figure.spread_pct
    return "-" if spread is None else f"{spread:.1f}"


def _refused(report: BalanceReport) -> list[str]:
    errors = [p for p in report.problems if p.severity is Severity.ERROR]
    if not errors:
        return []
    items = [f"<li><code>{escape(p.render().splitlines()[0])}</code></li>" for p in errors]
    return ["<h2>Files refused</h2>", '<ul class="failed">', *items, "</ul>"]
