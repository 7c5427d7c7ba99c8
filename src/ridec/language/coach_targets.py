"""Targets as other tools write them: Zwift's fractions of FTP (`0.9`), zones in words or
between zones (`zone2`, `z1->z2`, `z3-z4`), ranges and ramps spaced or with typographic
dashes and arrows (`55 - 75%`, `50% -> 75%`, `50%\u219275%`), the cadence written
before the target (whatsonzwift's `@ 95rpm, 90% FTP`), and `sweet spot` as the target."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from ridec.facts import SWEET_SPOT, ZONES
from ridec.language.coach_words import CADENCE, NUMBER, Words, is_value, quote

_DASHES = {"\u2013": "-", "\u2014": "-", "\u2192": "->", "=>": "->", "-->": "->"}
"""Typographic dashes and arrows, and the plain dash or arrow each stands for."""
_END = re.compile(rf"{NUMBER}(?:%|w)?|z[1-7]", re.I)
_FRACTION = re.compile(r"([0-9]*\.[0-9]+)(?:(->|-)([0-9]*\.[0-9]+))?")
_LARGEST_FRACTION = Decimal(3)
"""Zwift's fractions of FTP stay below 3 (300 %); larger decimals are no such fraction."""
_UNIT_AFTER = ("w", "watt", "watts", "%", "percent", "pct", "rpm")


def spaced_values(state: Words) -> None:
    """`55 - 75%` as `55-75%`, `50% -> 75%` as `50%->75%`, `\u2013` and `\u2192` as `-` and `->`."""
    words = state.words
    for index, word in enumerate(words):
        if word.startswith('"'):
            continue
        for typographic, plain in _DASHES.items():
            if typographic in word and len(word) > len(typographic):
                words[index] = word.replace(typographic, plain)
                state.because(f"`{typographic}` is written `{plain}`")
    index = 1
    while index + 1 < len(words):
        sign = _DASHES.get(words[index], words[index])
        left, right = words[index - 1], words[index + 1]
        if sign in ("-", "->") and _END.fullmatch(left) and _END.fullmatch(right):
            joined = f"{left}{sign}{right}"
            words[index - 1 : index + 2] = [joined]
            what = "ramp" if sign == "->" else "range"
            state.because(f"a {what} is written without spaces: `{joined}`")
            continue
        index += 1


def fractions(state: Words) -> None:
    """Zwift's fraction of FTP (`5m 0.9`, `0.5-0.75`, `0.5->0.75`) as a percentage."""
    words = state.words
    for index in range(1, len(words)):
        match = _FRACTION.fullmatch(words[index])
        after = words[index + 1].lower() if index + 1 < len(words) else ""
        if match is None or after in _UNIT_AFTER:
            continue
        low, sign, high = match.groups()
        ends = [Decimal(low), *([Decimal(high)] if high else [])]
        if not all(0 < end < _LARGEST_FRACTION for end in ends):
            continue
        percents = [_percent(end) for end in ends]
        written = "%->".join(percents) + "%" if sign == "->" else "-".join(percents) + "%"
        state.because(f"`{words[index]}` is a fraction of FTP, as Zwift writes it: `{written}`")
        words[index] = written


def _percent(fraction: Decimal) -> str:
    """0.9 as `90`, 0.725 as `72.5`."""
    return format((fraction * 100).normalize(), "f")


def zones(state: Words) -> None:
    """`zone2` as `z2`; a ramp between zones (`z1->z2`) and a band over zones (`z3-z4`) in
    % FTP, since ridec's ramps and ranges go between powers."""
    words = state.words
    for index, word in enumerate(words):
        low = word.lower()
        glued = re.fullmatch(r"zone([1-7])", low)
        if glued:
            words[index] = f"z{glued.group(1)}"
            state.because(f"a zone is written `{words[index]}`")
            continue
        between = re.fullmatch(r"z([1-7])(->|-)z([1-7])", low)
        if between is None or index == 0:
            continue
        first, sign, last = int(between.group(1)), between.group(2), int(between.group(3))
        if sign == "->":
            words[index] = f"{_middle(first)}%->{_middle(last)}%"
            state.because(
                f"ridec ramps between powers: `{word}` goes from the middle of z{first} "
                f"({_bounds(first)}) to the middle of z{last} ({_bounds(last)}): "
                f"`{words[index]}`"
            )
        elif first < last and ZONES[first][0] > 0:
            words[index] = f"{ZONES[first][0]}-{ZONES[last][1]}%"
            state.because(f"a band over zones is written in % FTP: `{word}` is `{words[index]}`")


def _middle(zone: int) -> int:
    """The middle of a zone, rounded half up to a whole percent (z2, 56-75 %, is 66 %)."""
    low, high = ZONES[zone]
    return int((Decimal(low + high) / 2).quantize(Decimal(1), ROUND_HALF_UP))


def _bounds(zone: int) -> str:
    low, high = ZONES[zone]
    return f"{low}-{high}%"


def target_before_cadence(state: Words) -> None:
    """`5m 95rpm 90%` as `5m 90% 95rpm`: the target comes right after the duration."""
    words = state.words
    for index in range(1, len(words) - 1):
        cadence, target = words[index], words[index + 1]
        if CADENCE.fullmatch(cadence) and is_value(target) and not CADENCE.fullmatch(target):
            words[index : index + 2] = [target, cadence]
            state.because(
                f"the target goes right after the duration, before the cadence: "
                f"`{target} {cadence}`"
            )
            return


_SWEET_SPOT = ("sweetspot", "sweet-spot", "sst")


def sweet_spot(state: Words) -> None:
    """`10min sweet spot` (`sweetspot`, `SST`) as `10min 88-94% "sweet spot"`: the band
    `facts.SWEET_SPOT`, the coach's words kept as the label; only on a step with no other
    power target (there, the words are a label, quoted by another rule)."""
    words = state.words
    if any(is_value(word) and not CADENCE.fullmatch(word) for word in words):
        return
    for index in range(1, len(words)):
        pair = [w.lower() for w in words[index : index + 2]]
        used = 2 if pair == ["sweet", "spot"] else 1 if pair[0] in _SWEET_SPOT else 0
        if not used:
            continue
        written = " ".join(words[index : index + used])
        band = f"{SWEET_SPOT[0]}-{SWEET_SPOT[1]}%"
        words[index : index + used] = [band]
        labelled = any(word.startswith('"') for word in words)
        if not labelled:
            words.append(quote(written))  # last: a label follows the cadence and flags
        state.because(
            f"a target is a power: `{written}` is written `{band}` (% of FTP)"
            + ("" if labelled else ", the words kept as the label")
        )
        return
