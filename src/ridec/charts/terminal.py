"""A workout's power profile drawn with Unicode blocks, coloured with rich styles.

Each column shows the target at the middle of its time slice, in eighths of a row. The empty
cells above a technique step are shaded (`░` standing, `▴` upstroke, `▾` downstroke), a row of
`─` marks cadence targets with their values, and a time axis runs underneath. Without colour
the shapes still read: free ride is `▒`, a maximal effort a full column.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from ridec.charts.profile import (
    Band,
    BandKind,
    ChartUnit,
    ColourBy,
    Profile,
    build_profile,
    clock,
    time_ticks,
)
from ridec.timeline import Timeline

EIGHTHS = " ▁▂▃▄▅▆▇█"
"""Partial blocks, from empty to full, in eighths of a cell."""
SHADES = {"standing": "░", "upstroke": "▴", "downstroke": "▾"}
"""The character filling the empty cells above a technique step."""
FREE_CHAR = "▒"
FTP_CHAR = "┄"
LABEL_WIDTH = 6
"""Columns kept left of the chart for the axis labels."""
MIN_COLUMNS = 10

TERMINAL_STYLES: dict[str, str] = {
    "warmup": "dodger_blue2",
    "active": "green3",
    "interval": "dark_orange",
    "recovery": "sky_blue2",
    "rest": "grey62",
    "cooldown": "medium_purple2",
}
"""Rich colour of each intensity (the terminal cousins of the SVG fills)."""
FREE_STYLE = "grey58"
MAX_STYLE = "red3"
SHADE_STYLE = "magenta"
AXIS_STYLE = "grey50"
CADENCE_STYLE = "bold cyan"


@dataclass(frozen=True, slots=True)
class _Grid:
    """The chart's size and the time slice of each column."""

    profile: Profile
    columns: int
    rows: int

    def band_at(self, column: int) -> Band | None:
        """The timed band holding the middle second of `column`."""
        middle = (column + 0.5) * self.profile.duration_s / self.columns
        for band in self.profile.bands:
            if band.kind is not BandKind.LAP and band.start_s <= middle < band.end_s:
                return band
        return None

    def level_at(self, column: int, band: Band) -> float:
        """The band's height at the middle of `column` (ramps interpolated)."""
        middle = (column + 0.5) * self.profile.duration_s / self.columns
        span = band.end_s - band.start_s
        fraction = (middle - band.start_s) / span if span else 0.0
        return band.start + (band.end - band.start) * fraction

    def eighths(self, level: float) -> int:
        """How many eighth-cells tall a level is."""
        clipped = max(0.0, min(level, self.profile.top))
        return round(clipped / self.profile.top * self.rows * 8)


def terminal_chart(
    timeline: Timeline, width: int = 80, height: int = 10, colour_by: ColourBy = ColourBy.INTENSITY
) -> Text:
    """The chart as rich `Text`, `width` characters wide with `height` rows of bars."""
    profile = build_profile(timeline, colour_by)
    grid = _Grid(profile, max(MIN_COLUMNS, width - LABEL_WIDTH), max(2, height))
    bands = [grid.band_at(c) for c in range(grid.columns)]
    lines = [_bar_row(grid, bands, row) for row in range(grid.rows - 1, -1, -1)]
    lines.append(_axis_row(grid))
    cadence = _cadence_row(grid, bands)
    if cadence is not None:
        lines.append(cadence)
    lines.append(_time_row(grid))
    lines.extend(_legend(profile, grid.columns + LABEL_WIDTH))
    return Text("\n").join(lines)


def _row_label(grid: _Grid, row: int) -> str:
    """Axis label for the top row and the FTP row, blank elsewhere."""
    profile = grid.profile
    suffix = "%" if profile.unit is ChartUnit.PERCENT else "W"
    if row == grid.rows - 1:
        return f"{profile.top:.0f}{suffix}".rjust(LABEL_WIDTH - 1) + "┤"
    if profile.ftp_line is not None and row == _ftp_row(grid):
        return "FTP".rjust(LABEL_WIDTH - 1) + "┤"
    return " " * (LABEL_WIDTH - 1) + "│"


def _ftp_row(grid: _Grid) -> int | None:
    if grid.profile.ftp_line is None:
        return None
    return min(grid.rows - 1, max(0, (grid.eighths(grid.profile.ftp_line) - 1) // 8))


def _bar_row(grid: _Grid, bands: list[Band | None], row: int) -> Text:
    line = Text(_row_label(grid, row), style=AXIS_STYLE)
    ftp_row = _ftp_row(grid)
    for column, band in enumerate(bands):
        if band is None:
            line.append(FTP_CHAR if row == ftp_row else " ", AXIS_STYLE)
            continue
        filled = grid.eighths(grid.level_at(column, band)) - row * 8
        line.append(*_cell(band, filled, row == ftp_row))
    return line


def _cell(band: Band, filled: int, on_ftp_row: bool) -> tuple[str, str]:
    """The character and style of one cell holding `filled` eighths of the band."""
    style = _band_style(band)
    if filled >= 8:
        return (FREE_CHAR if band.kind is BandKind.FREE else EIGHTHS[8]), style
    if filled > 0:
        return (FREE_CHAR if band.kind is BandKind.FREE else EIGHTHS[filled]), style
    if band.shaded:
        return SHADES[band.shaded[0]], SHADE_STYLE
    return (FTP_CHAR if on_ftp_row else " "), AXIS_STYLE


def _band_style(band: Band) -> str:
    if band.kind is BandKind.MAX:
        return MAX_STYLE
    if band.kind is BandKind.FREE:
        return FREE_STYLE
    return TERMINAL_STYLES[band.step.intensity.value]


def _axis_row(grid: _Grid) -> Text:
    """The baseline, with `┬` where a lap-button step waits for the rider."""
    cells = ["─"] * grid.columns
    for band in grid.profile.bands:
        if band.kind is BandKind.LAP:
            column = min(
                grid.columns - 1, int(band.start_s * grid.columns / grid.profile.duration_s)
            )
            cells[column] = "┬"
    label = "0".rjust(LABEL_WIDTH - 1) + "┼"
    return Text(label + "".join(cells), style=AXIS_STYLE)


def _cadence_row(grid: _Grid, bands: list[Band | None]) -> Text | None:
    """`─` under every column with a cadence target, each run labelled when it fits."""
    if not any(band is not None and band.cadence is not None for band in bands):
        return None
    cells = [" "] * grid.columns
    column = 0
    while column < grid.columns:
        band = bands[column]
        end = column
        while end < grid.columns and bands[end] is band:
            end += 1
        if band is not None and band.cadence is not None:
            cells[column:end] = _cadence_run(band, end - column)
        column = end
    return Text("rpm".rjust(LABEL_WIDTH - 1) + " ", style=AXIS_STYLE) + Text(
        "".join(cells), style=CADENCE_STYLE
    )


def _cadence_run(band: Band, length: int) -> list[str]:
    assert band.cadence is not None
    cadence = band.cadence
    label = f"{cadence.low}-{cadence.high}" if cadence.is_range else str(cadence.low)
    # The last cell stays blank so neighbouring targets read as separate runs.
    run = ["─"] * (length - 1) + [" "] if length > 1 else ["─"]
    if len(label) < length:
        start = (length - 1 - len(label)) // 2
        run[start : start + len(label)] = list(label)
    return run


def _time_row(grid: _Grid) -> Text:
    """Clock labels under round ticks, skipped where they would overlap."""
    cells = [" "] * (grid.columns + LABEL_WIDTH)
    free_from = 0
    for second in time_ticks(grid.profile.duration_s, most=max(1, grid.columns // 8)):
        label = clock(second)
        column = LABEL_WIDTH + round(second * grid.columns / grid.profile.duration_s)
        start = max(0, min(column - len(label) // 2, len(cells) - len(label)))
        if start < free_from:
            continue
        cells[start : start + len(label)] = list(label)
        free_from = start + len(label) + 1
    return Text("".join(cells).rstrip(), style=AXIS_STYLE)


def _legend(profile: Profile, width: int) -> list[Text]:
    """What the shading characters mean, for the flags and kinds present, wrapped to `width`."""
    shaded = {name for band in profile.bands for name in band.shaded}
    parts = [Text(f"{SHADES[name]} {name}", style=SHADE_STYLE) for name in SHADES if name in shaded]
    kinds = {band.kind for band in profile.bands}
    if BandKind.FREE in kinds:
        parts.append(Text(f"{FREE_CHAR} free ride", style=FREE_STYLE))
    if BandKind.MAX in kinds:
        parts.append(Text("█ max effort", style=MAX_STYLE))
    if BandKind.LAP in kinds:
        parts.append(Text("┬ lap button", style=AXIS_STYLE))
    unit = "% FTP" if profile.unit is ChartUnit.PERCENT else "watts"
    parts.append(Text(f"power in {unit}", style=AXIS_STYLE))
    lines: list[Text] = []
    for part in parts:
        if lines and len(lines[-1]) + 2 + len(part) <= width:
            lines[-1] = Text("  ").join([lines[-1], part])
        else:
            lines.append(part)
    return lines
