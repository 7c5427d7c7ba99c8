"""The attributes of one ZWO element, read the way real files write them.

Names are matched whatever their case; numbers are checked (non-negative decimals, no
exponents, bounded length) before `Decimal` sees them; powers and durations are rounded
the way `ridec`'s writer writes them, so float artefacts (0.64999998, 180.00002) vanish.
Every problem is reported with the attribute's location.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from lxml import etree

from ridec.diagnostics import Severity, Span
from ridec.formats.zwo.xmlsource import XmlContext
from ridec.model import Cadence, Power, PowerUnit, Target, TargetKind

MAX_STEP_S = 24 * 3600
"""The language's longest step."""
MAX_TEXT_S = 10 * MAX_STEP_S
"""Latest text offset read; later ones could not fall inside any workout."""
MAX_REPEAT = 500
"""The language's largest repeat count."""
MAX_FRACTION = Decimal(60)
"""Powers above 6000 % FTP are refused: the most a .ride can ask for (3000 W at FTP 50)."""
CADENCE_RANGE = (20, 250)
"""Cadences the language accepts; others are dropped with a warning."""
MAX_NUMBER_LENGTH = 32
"""Longer numbers are refused before Decimal sees them."""

_NUMBER = re.compile(r"\s*([+-]?)(\d+\.?\d*|\.\d+)\s*\Z")

_RANGE_POWER = ("powerlow", "powerhigh")
_CADENCES = ("cadence", "cadencelow", "cadencehigh")
ATTRIBUTES: dict[str, frozenset[str]] = {
    "SteadyState": frozenset({"duration", "power", *_RANGE_POWER, *_CADENCES}),
    "Warmup": frozenset({"duration", "power", *_RANGE_POWER, *_CADENCES}),
    "Cooldown": frozenset({"duration", "power", *_RANGE_POWER, *_CADENCES}),
    "Ramp": frozenset({"duration", "power", *_RANGE_POWER, *_CADENCES}),
    "IntervalsT": frozenset(
        {
            "repeat",
            "onduration",
            "offduration",
            "onpower",
            "offpower",
            "poweronlow",
            "poweronhigh",
            "powerofflow",
            "poweroffhigh",
            "cadence",
            "cadenceresting",
        }
    ),
    "FreeRide": frozenset({"duration", *_CADENCES}),
    "MaxEffort": frozenset({"duration"}),
    "textevent": frozenset({"timeoffset", "message", "duration"}),
}
"""Attributes each element is read with (lower case)."""

IGNORED_ATTRIBUTES = {
    "pace": "it sets run pace, not bike power",
    "flatroad": "ridec has no terrain setting",
    "y": "it places the text on Zwift's screen",
    "quantize": "it rounds the ramp's steps in Zwift",
    "ftptest": "it marks Zwift's FTP test",
    "text": "its meaning is unknown",
    "zoneoverride": "ridec has no zone colours",
    "locindex": "it is a Zwift translation index",
}
"""Attributes real files carry that ridec knowingly leaves out, and why."""


class Attributes:
    """An element's attributes, read by name whatever their case, checked and located."""

    def __init__(self, element: etree._Element, name: str, context: XmlContext) -> None:
        self.element = element
        self.name = name
        self.context = context
        self.span = context.element(element)
        self.by_name = {str(key).lower(): str(key) for key in element.attrib}
        self._report_unknown()

    def _report_unknown(self) -> None:
        known = ATTRIBUTES[self.name]
        for lower, key in self.by_name.items():
            if lower in known:
                continue
            if lower in IGNORED_ATTRIBUTES:
                if self.context.is_new(f"ignored {lower}"):
                    message = f"attribute '{key}' is not kept: {IGNORED_ATTRIBUTES[lower]}"
                    self.context.once(f"ignored {lower}", Severity.NOTE, message, self._at(key))
            elif self.context.full:  # only counted from now on: skip locating it
                self.context.suppressed += 1
            else:
                message = f"unknown attribute '{key}' on <{self.name}> is ignored"
                self.context.report(Severity.WARNING, message, self._at(key))

    def _at(self, key: str) -> Span:
        return self.context.attribute(self.element, key)

    def warn(self, message: str) -> None:
        self.context.report(Severity.WARNING, message, self.span)

    def note(self, message: str) -> None:
        self.context.report(Severity.NOTE, message, self.span)

    def error(self, message: str, key: str | None = None) -> None:
        span = self._at(key) if key else self.span
        self.context.report(Severity.ERROR, message, span)

    def text(self, name: str) -> str | None:
        key = self.by_name.get(name.lower())
        return None if key is None else str(self.element.get(key))

    def number(self, name: str, *, required: bool = False) -> Decimal | None:
        """A non-negative decimal attribute; problems are reported, None returned."""
        raw = self.text(name)
        if raw is None:
            if required:
                self.error(f"<{self.name}> needs a {name} attribute")
            return None
        found = _NUMBER.match(raw) if len(raw) <= MAX_NUMBER_LENGTH else None
        if found is None:
            self.error(f'{name}="{raw[:20]}" is not a number', name)
            return None
        if found.group(1) == "-" and Decimal(found.group(2)) != 0:
            self.error(f'{name}="{raw}" must not be negative', name)
            return None
        return Decimal(found.group(2))

    def seconds(self, name: str, *, required: bool = False, limit: int = MAX_STEP_S) -> int | None:
        """Whole seconds, rounded half up (files carry float artefacts like 180.00002)."""
        value = self.number(name, required=required)
        if value is None:
            return None
        if value > limit:
            self.error(f'{name}="{value}" is longer than {limit} s', name)
            return None
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    def count(self, name: str) -> int | None:
        value = self.number(name)
        if value is None:
            return 1
        repeat = int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if repeat > MAX_REPEAT:
            self.error(f'{name}="{value}" is more than {MAX_REPEAT} repetitions', name)
            return None
        if repeat == 0:
            self.warn(f'<{self.name}> with {name}="0" is left out')
            return None
        return repeat

    def power(self, name: str) -> Power | None:
        """A fraction of FTP as % FTP, float artefacts rounded away (0.64999998 -> 65 %)."""
        value = self.number(name)
        if value is None:
            return None
        if value > MAX_FRACTION:
            limit = MAX_FRACTION * 100
            self.error(f'{name}="{value}" is {value * 100} % FTP, above the {limit} % limit', name)
            return None
        percent = (value * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return Power(float(percent), PowerUnit.PERCENT)

    def steady_target(self, name: str, low_name: str, high_name: str) -> Target | None:
        """`Power`, or the 2015 form `PowerLow`/`PowerHigh` read as a range."""
        if self.text(name) is not None:
            power = self.power(name)
            return None if power is None else Target(TargetKind.STEADY, power)
        pair = self._power_pair(low_name, high_name, f"<{self.name}> needs a {name} attribute")
        if pair is None:
            return None
        low, high = sorted(pair, key=lambda p: p.value)
        if low.value == high.value:
            return Target(TargetKind.STEADY, low)
        self.context.once(
            f"range {self.name}",
            Severity.NOTE,
            f"<{self.name}> with {low_name}/{high_name} (the 2015 form) is read as a power "
            "range, ridden at its midpoint",
            self.span,
        )
        return Target(TargetKind.RANGE, low, high)

    def ramp_target(self, name: str) -> Target | None:
        """PowerLow is the power at the start and PowerHigh at the end, in every ramp."""
        only_power = self.text("PowerLow") is None and self.text("PowerHigh") is None
        if only_power and self.text("Power") is not None:
            power = self.power("Power")
            return None if power is None else Target(TargetKind.RAMP, power, power)
        pair = self._power_pair("PowerLow", "PowerHigh", f"<{name}> needs PowerLow and PowerHigh")
        if pair is None:
            return None
        start, end = pair
        if name == "Cooldown" and end.value > start.value:
            self.context.once(
                "rising cooldown",
                Severity.NOTE,
                "this Cooldown rises: PowerLow is read as the power at the start, as Zwift "
                "does, so check the file if it was meant to fall",
                self.span,
            )
        return Target(TargetKind.RAMP, start, end)

    def _power_pair(
        self, low_name: str, high_name: str, missing: str
    ) -> tuple[Power, Power] | None:
        """Two powers where one alone stands for both; errors are reported, None returned."""
        raw_low, raw_high = self.text(low_name), self.text(high_name)
        if raw_low is None and raw_high is None:
            self.error(missing)
            return None
        low, high = self.power(low_name), self.power(high_name)
        if (raw_low is not None and low is None) or (raw_high is not None and high is None):
            return None
        low = low if low is not None else high
        high = high if high is not None else low
        assert low is not None and high is not None
        return low, high

    def cadence(
        self, name: str, low_name: str | None = None, high_name: str | None = None
    ) -> Cadence | None:
        """`Cadence`, or a `CadenceLow`/`CadenceHigh` band; 0 means none."""
        if low_name and high_name and self.text(name) is None:
            low, high = self._rpm(low_name), self._rpm(high_name)
            if low and high:
                return Cadence(min(low, high), max(low, high))
            single = low or high
            return Cadence(single, single) if single else None
        value = self._rpm(name)
        return Cadence(value, value) if value else None

    def _rpm(self, name: str) -> int | None:
        value = self.number(name)
        if value is None or value == 0:
            return None
        rounded = int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        low, high = CADENCE_RANGE
        if not low <= rounded <= high:
            message = f'{name}="{value}" is outside {low}-{high} rpm and is left out'
            self.context.report(Severity.WARNING, message, self._at(name))
            return None
        return rounded
