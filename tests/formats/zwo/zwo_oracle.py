"""An independent reading of a ZWO file for the tests: its 1-second power curve and texts.

Written straight from the XML with lxml, sharing no code with ridec's reader, so a round
trip compared through it cannot hide a reader bug behind the same bug in the oracle.
Durations are kept as the file writes them (decimals too) and sampled at mid-second.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

FREE = None
"""A second with no power target (free ride, max effort)."""


@dataclass(frozen=True)
class Segment:
    start: float
    duration: float
    power_start: float | None
    power_end: float | None

    def at(self, t: float) -> float | None:
        if self.power_start is None or self.power_end is None:
            return FREE
        share = (t - self.start) / self.duration
        return self.power_start + (self.power_end - self.power_start) * share


def _number(element: etree._Element, *names: str) -> float | None:
    attributes = {str(k).lower(): str(v) for k, v in element.attrib.items()}
    for name in names:
        if name.lower() in attributes:
            return float(attributes[name.lower()])
    return None


def _steady(element: etree._Element, name: str, low: str, high: str) -> float:
    value = _number(element, name)
    if value is not None:
        return value
    low_value, high_value = _number(element, low), _number(element, high)
    assert low_value is not None or high_value is not None
    low_value = low_value if low_value is not None else high_value
    high_value = high_value if high_value is not None else low_value
    assert low_value is not None and high_value is not None
    return (low_value + high_value) / 2


def _blocks(root: etree._Element) -> Iterator[etree._Element]:
    workout = root.find("workout")
    assert workout is not None
    return (b for b in workout if isinstance(b.tag, str) and b.tag.lower() != "textevent")


def segments(data: bytes) -> list[Segment]:
    """The file's power segments on one clock."""
    clock = 0.0
    found: list[Segment] = []
    for block in _blocks(etree.fromstring(data)):
        tag = str(block.tag).lower()
        if tag == "intervalst":
            count = int(_number(block, "Repeat") or 1)
            on, off = _number(block, "OnDuration") or 0.0, _number(block, "OffDuration") or 0.0
            on_power = _steady(block, "OnPower", "PowerOnLow", "PowerOnHigh")
            off_power = _steady(block, "OffPower", "PowerOffLow", "PowerOffHigh") if off else 0
            for _ in range(count):
                found.append(Segment(clock, on, on_power, on_power))
                clock += on
                if off:
                    found.append(Segment(clock, off, off_power, off_power))
                    clock += off
            continue
        duration = _number(block, "Duration") or 0.0
        if tag == "steadystate":
            power = _steady(block, "Power", "PowerLow", "PowerHigh")
            found.append(Segment(clock, duration, power, power))
        elif tag in ("warmup", "cooldown", "ramp"):
            start, end = _number(block, "PowerLow"), _number(block, "PowerHigh")
            found.append(Segment(clock, duration, start, end))
        else:
            found.append(Segment(clock, duration, FREE, FREE))
        clock += duration
    return found


def power_curve(data: bytes) -> list[float | None]:
    """Power (fraction of FTP) at the middle of every whole second, None where free."""
    parts = [s for s in segments(data) if s.duration > 0]
    if not parts:
        return []
    total = round(parts[-1].start + parts[-1].duration)
    curve: list[float | None] = []
    index = 0
    for second in range(total):
        t = second + 0.5
        while index + 1 < len(parts) and parts[index].start + parts[index].duration <= t:
            index += 1
        curve.append(parts[index].at(t))
    return curve


def texts(data: bytes) -> list[tuple[int, str]]:
    """(second from the workout's start, message) of every text, block and top level, in
    order of time and, within a second, in the order of the file."""
    root = etree.fromstring(data)
    workout = root.find("workout")
    assert workout is not None
    starts: dict[int, float] = {}
    clock = 0.0
    found: list[tuple[int, str]] = []
    for block in workout:
        if not isinstance(block.tag, str):
            continue
        if block.tag.lower() == "textevent":
            offset = _number(block, "timeoffset") or 0.0
            found.append((round(offset), str(block.get("message") or block.get("Message"))))
            continue
        starts[id(block)] = clock
        for event in block:
            if isinstance(event.tag, str) and event.tag.lower() == "textevent":
                offset = _number(event, "timeoffset") or 0.0
                message = event.get("message") or event.get("Message") or ""
                found.append((round(clock + offset), str(message)))
        clock += _block_seconds(block)
    return sorted(found, key=lambda text: text[0])


def by_second(found: list[tuple[int, str]], separator: str) -> dict[int, str]:
    """The texts of each second joined, as a writer that shows one text per second does."""
    joined: dict[int, list[str]] = {}
    for second, message in found:
        joined.setdefault(second, []).append(message)
    return {second: separator.join(parts) for second, parts in joined.items()}


def _block_seconds(block: etree._Element) -> float:
    if str(block.tag).lower() == "intervalst":
        count = int(_number(block, "Repeat") or 1)
        return count * ((_number(block, "OnDuration") or 0) + (_number(block, "OffDuration") or 0))
    return _number(block, "Duration") or 0.0
