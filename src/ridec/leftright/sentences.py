"""The report in plain sentences a rider can read: figures and trends, never a diagnosis.

"Outdoors your left leg does 53.5 % of the work, indoors 50.0 %; after 40 minutes outdoors
it rises from 52.0 to 54.0 %; at 70-80 rpm it is 55.0 %", each with what it rests on, and a
difference smaller than the spread of the minute means said to be within noise.
"""

from __future__ import annotations

from ridec.leftright.figures import Figure, Noise, Side, compare, total
from ridec.leftright.report import BalanceReport, SettingBalance
from ridec.leftright.ride import Setting
from ridec.model import format_duration

MIN_BAND_SECONDS = 300
"""A cadence band is named in a sentence only with at least five minutes counted."""
WHERE = {Setting.OUTDOOR: "outdoors", Setting.INDOOR: "indoors"}
CAVEAT = (
    "These are figures and trends from your files, not a diagnosis: published work reports "
    "5-20 % asymmetry between legs as common, and single-sided power meters can be several "
    "percent off."
)


def sentences(report: BalanceReport) -> list[str]:
    """Every sentence the report supports, the settings first, the caveat last."""
    found = [s for s in (_settings(report), *_drifts(report), *_bands(report)) if s]
    found += [t for t in (_trend(report.setting(s)) for s in Setting) if t]
    unknown = _unknown(report)
    if unknown:
        found.append(unknown)
    if not found:
        found.append("No ride had seconds with power, cadence and a balance to count.")
    return [*found, CAVEAT]


def pct(value: float | None) -> str:
    """`53.5 %`, or `-` for no figure."""
    return "-" if value is None else f"{value:.1f} %"


def _spread(figure: Figure) -> str:
    spread = figure.spread_pct
    return "too few minutes for a spread" if spread is None else f"minute means +/- {spread:.1f}"


def _rests_on(setting: SettingBalance) -> str:
    rides = "1 ride" if setting.rides == 1 else f"{setting.rides} rides"
    return f"{rides}, {format_duration(setting.figure.seconds)} counted, {_spread(setting.figure)}"


def _settings(report: BalanceReport) -> str:
    outdoor, indoor = report.setting(Setting.OUTDOOR), report.setting(Setting.INDOOR)
    present = [s for s in (outdoor, indoor) if s.rides]
    if not present:
        return ""
    parts = [
        f"{WHERE[s.setting]} {'your left leg does ' if k == 0 else ''}"
        f"{pct(s.figure.share_pct)}{' of the work' if k == 0 else ''} ({_rests_on(s)})"
        for k, s in enumerate(present)
    ]
    text = ", ".join(parts)
    if len(present) == 2:
        text += "; " + _difference(outdoor.figure, indoor.figure)
    else:
        missing = WHERE[Setting.INDOOR if present[0] is outdoor else Setting.OUTDOOR]
        text += f"; no ride {missing} names the leg"
    return text[0].upper() + text[1:] + "."


def _difference(first: Figure, second: Figure) -> str:
    a, b = first.share_pct or 0.0, second.share_pct or 0.0
    gap = f"{abs(a - b):.1f} points apart"
    noise = compare(first, second)
    if noise is Noise.REAL:
        return f"{gap}, more than the spread of either's minute means"
    if noise is Noise.NOISE:
        return f"{gap}, within noise (the minute means spread more than that)"
    return f"{gap} (too few minutes to tell it from noise)"


def _drifts(report: BalanceReport) -> list[str]:
    said = []
    for setting in (Setting.OUTDOOR, Setting.INDOOR):
        pooled = report.setting(setting)
        early, late = pooled.first_30.share_pct, pooled.after_40.share_pct
        if early is None or late is None:
            continue
        noise = compare(pooled.first_30, pooled.after_40)
        where = WHERE[setting]
        if noise is Noise.NOISE or round(early, 1) == round(late, 1):
            said.append(
                f"After 40 minutes {where} it stays within noise of the first 30 "
                f"({pct(early)} then {pct(late)})."
            )
            continue
        verb = "rises" if late > early else "falls"
        tail = " (too few minutes to tell it from noise)" if noise is Noise.UNKNOWN else ""
        said.append(
            f"After 40 minutes {where} it {verb} from {pct(early)} (first 30 minutes) to "
            f"{pct(late)}{tail}."
        )
    return said


def _bands(report: BalanceReport) -> list[str]:
    """The cadence band furthest from the setting's figure, when it stands out of noise."""
    said = []
    for setting in (Setting.OUTDOOR, Setting.INDOOR):
        pooled = report.setting(setting)
        whole = pooled.figure.share_pct
        if whole is None:
            continue
        candidates = [
            band
            for band in pooled.by_cadence
            if band.figure.seconds >= MIN_BAND_SECONDS
            and compare(band.figure, pooled.figure) is Noise.REAL
        ]
        if not candidates:
            continue
        band = max(candidates, key=lambda b: abs((b.figure.share_pct or whole) - whole))
        said.append(
            f"{WHERE[setting].capitalize()} at {band.low}-{band.high} rpm it is "
            f"{pct(band.figure.share_pct)} ({format_duration(band.figure.seconds)} counted)."
        )
    return said


def _trend(pooled: SettingBalance) -> str:
    trend = pooled.trend
    if trend is None:
        return ""
    sign = "+" if trend.per_30_days >= 0 else "-"
    digits = 1 if abs(trend.per_30_days) >= 0.1 else 2
    slope = f"{sign}{abs(trend.per_30_days):.{digits}f}"
    noise = (
        "within the scatter of the rides around it"
        if trend.within_noise
        else "more than the scatter of the rides around it"
    )
    return (
        f"Across {trend.rides} {pooled.setting.value} rides from {trend.first:%Y-%m-%d} to "
        f"{trend.last:%Y-%m-%d} the left leg's share moves {slope} "
        f"points a month ({trend.change:+.1f} in all, {noise}: +/- {trend.scatter_pct:.1f})."
    )


def _unknown(report: BalanceReport) -> str:
    unknown = [r for r in report.rides if r.side is Side.UNKNOWN]
    if not unknown:
        return ""
    pooled = total([r.ride for r in unknown])
    rides = "1 ride does" if len(unknown) == 1 else f"{len(unknown)} rides do"
    return (
        f"{rides} not say which leg the balance is of: one leg does "
        f"{pct(pooled.share_pct)} of the work there (side unknown), not counted above."
    )
