"""The attributes of one ZWO element, read the way real files write them.

Names are matched whatever their case; numbers are checked (non-negative decimals, no
exponents, bounded length) and read exactly (`reader_numbers`); powers and durations are
rounded the way `ridec`'s writer writes them, so float artefacts (0.64999998, 180.00002)
vanish.
Every problem is reported with the attribute's location.
"""

from __future__ import annotations

from functools import lru_cache
from typing import cast

from lxml import etree

from ridec.diagnostics import Severity, Span
from ridec.facts import ZONES, zone_target
from ridec.formats.zwo.dialect import kept_attributes, lookup
from ridec.formats.zwo.reader_numbers import (
    CACHED_NUMBERS,
    Number,
    hundredths_of_percent,
    parse_number,
    whole,
)
from ridec.formats.zwo.writer_blocks import rpm
from ridec.formats.zwo.xmlsource import XmlContext
from ridec.model import Cadence, Power, PowerUnit, Target, TargetKind

MAX_STEP_S = 24 * 3600
"""The language's longest step."""
MAX_TEXT_S = 10 * MAX_STEP_S
"""Latest text offset read; later ones could not fall inside any workout."""
MAX_REPEAT = 500
"""The language's largest repeat count."""
MAX_FRACTION = 60
"""Powers above 6000 % FTP are refused: the most a .ride can ask for (3000 W at FTP 50)."""
CADENCE_RANGE = (20, 250)
"""Cadences the language accepts; others are dropped with a warning."""
MAX_NUMBER_LENGTH = 32
"""Longer numbers are refused before they are read."""


FEW_ATTRIBUTES = 32
"""Elements with up to this many attributes are read with lxml's `items()`, the fastest way
for the few attributes real elements carry; more are read with XPath `@*` (see
`_attribute_items`)."""

ZONE_RANGE = (1, 7)
"""The zones ridec knows (`z1` to `z7`)."""


@lru_cache(maxsize=CACHED_NUMBERS)
def _percent_of_ftp(fraction: Number) -> Power:
    """A fraction of FTP as % FTP to the hundredth (0.64999998 is 65 %)."""
    return Power(hundredths_of_percent(fraction) / 100, PowerUnit.PERCENT)


def _attribute_items(element: etree._Element) -> list[tuple[str, str]]:
    """The element's (name, value) pairs in document order, in time linear in their number.

    lxml's `items()` and `values()` look each value up by its name along the element's list
    of attributes: quadratic, 18 s for one element of 50,000 attributes. XPath `@*` yields
    each attribute's value with its name in one pass over the list (0.06 s for the same
    element), at a few microseconds more per call, so it is kept for elements with many.
    """
    if len(element.keys()) <= FEW_ATTRIBUTES:  # keys() walks the list once, no lookups
        return cast("list[tuple[str, str]]", element.items())  # str: parsed from a str
    found = cast("list[etree._ElementUnicodeResult]", element.xpath("@*"))
    return [(str(value.attrname), str(value)) for value in found]


class Attributes:
    """An element's attributes, read by name whatever their case, checked and located."""

    def __init__(self, element: etree._Element, name: str, context: XmlContext) -> None:
        self.element = element
        self.name = name
        self.context = context
        self.span = context.element(element)
        self._values = {key.lower(): value for key, value in _attribute_items(element)}
        """Each attribute's value by lower-case name (the last one when a name repeats)."""
        known = kept_attributes(name)
        if not known.issuperset(self._values):  # the usual file has only kept ones
            self._report_unknown(known)

    def _report_unknown(self, known: frozenset[str]) -> None:
        """A note for each attribute of Zwift's dialect that is not kept (once per file),
        a warning for each attribute ridec does not know."""
        by_name = {str(key).lower(): str(key) for key in self.element.attrib}
        for lower, key in by_name.items():
            if lower in known:
                continue
            entry = lookup(self.name, key)
            if entry is not None and not entry.kept:
                once = f"noted {lower} {entry.meaning}"  # one note per name and reason
                if self.context.is_new(once):
                    message = f"attribute '{key}' on <{self.name}> is not kept: {entry.meaning}"
                    self.context.once(once, Severity.NOTE, message, self._at(key))
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
        return self._values.get(name.lower())

    def number(self, name: str, *, required: bool = False) -> Number | None:
        """A non-negative decimal attribute; problems are reported, None returned."""
        raw = self._values.get(name.lower())
        if raw is None:
            if required:
                self.error(f"<{self.name}> needs a {name} attribute")
            return None
        parsed = parse_number(raw) if len(raw) <= MAX_NUMBER_LENGTH else None
        if parsed is None:
            self.error(f'{name}="{raw[:20]}" is not a number', name)
            return None
        negative, value = parsed
        if negative and value.units != 0:
            self.error(f'{name}="{raw}" must not be negative', name)
            return None
        return value

    def seconds(self, name: str, *, required: bool = False, limit: int = MAX_STEP_S) -> int | None:
        """Whole seconds, rounded half up (files carry float artefacts like 180.00002)."""
        value = self.number(name, required=required)
        if value is None:
            return None
        if value.above(limit):
            self.error(f'{name}="{value.shown()}" is longer than {limit} s', name)
            return None
        return whole(value)

    def count(self, name: str) -> int | None:
        value = self.number(name)
        if value is None:
            return 1
        repeat = whole(value)
        if repeat > MAX_REPEAT:
            self.error(f'{name}="{value.shown()}" is more than {MAX_REPEAT} repetitions', name)
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
        if value.above(MAX_FRACTION):
            limit = MAX_FRACTION * 100
            percent, shown = value.shown_as_percent(), value.shown()
            self.error(f'{name}="{shown}" is {percent} % FTP, above the {limit} % limit', name)
            return None
        return _percent_of_ftp(value)

    def steady_target(
        self, name: str, low_name: str, high_name: str, zone_name: str | None = None
    ) -> Target | None:
        """`Power`, or the 2015 form `PowerLow`/`PowerHigh` read as a range, or else a zone."""
        from_zone, zone = self._zone_unless_power(zone_name, (name, low_name, high_name))
        if from_zone:
            return zone
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

    def _zone_unless_power(
        self, zone_name: str | None, power_names: tuple[str, ...]
    ) -> tuple[bool, Target | None]:
        """Whether the block's target is its zone (a zone and no power), and that target
        (None when the zone is not readable; the error is reported). A zone beside a
        power is noted and left out."""
        if zone_name is None or self.text(zone_name) is None:
            return False, None
        if any(self.text(power) is not None for power in power_names):
            self.context.once(
                f"zone beside power {zone_name}",
                Severity.NOTE,
                f"attribute '{zone_name}' on <{self.name}> is not kept beside a power: "
                "the power says what to ride",
                self._at(zone_name),
            )
            return False, None
        value = self.number(zone_name)
        low, high = ZONE_RANGE
        if value is None or not value.is_whole() or not low <= value.truncated() <= high:
            if value is not None:
                raw = self.text(zone_name)
                self.error(f'{zone_name}="{raw}" is not a zone from {low} to {high}', zone_name)
            return True, None
        zone = value.truncated()
        bottom, top = ZONES[zone]
        self.context.once(
            f"zone {zone_name}",
            Severity.NOTE,
            f'<{self.name}> with {zone_name}="{zone}" and no power is read as z{zone} '
            f"({bottom}-{top} % FTP, ridec's zones; Zwift's own bounds differ by a few %)",
            self._at(zone_name),
        )
        return True, zone_target(zone)

    def ramp_target(self, name: str) -> Target | None:
        """PowerLow is the power at the start and PowerHigh at the end, in every ramp; a
        Warmup or Cooldown with only a Zone is that zone's range."""
        zone_name = "Zone" if name in ("Warmup", "Cooldown") else None
        from_zone, zone = self._zone_unless_power(zone_name, ("PowerLow", "PowerHigh", "Power"))
        if from_zone:
            return zone
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
        """`CadenceLow`/`CadenceHigh` as a range (`Cadence` beside them is their midpoint
        for tools that read only it), else `Cadence`, else the one of the pair given;
        0 means none."""
        values = self._values
        single = self._rpm(name) if name.lower() in values else None
        low = self._rpm(low_name) if low_name and low_name.lower() in values else None
        high = self._rpm(high_name) if high_name and high_name.lower() in values else None
        if low and high:
            band = Cadence(min(low, high), max(low, high))
            if single is not None and str(single) != rpm(band):
                self.context.once(
                    f"cadence beside range {self.name}",
                    Severity.NOTE,
                    f'{name}="{single}" is not the middle of {low_name}/{high_name} '
                    f"({band.low}-{band.high} rpm): the range is kept",
                    self._at(name),
                )
            return band
        value = single or low or high
        return Cadence(value, value) if value else None

    def _rpm(self, name: str) -> int | None:
        value = self.number(name)
        if value is None or value.units == 0:
            return None
        rounded = whole(value)
        low, high = CADENCE_RANGE
        if not low <= rounded <= high:
            message = f'{name}="{value.shown()}" is outside {low}-{high} rpm and is left out'
            self.context.report(Severity.WARNING, message, self._at(name))
            return None
        return rounded
