"""Shared helpers for the FIT tests: model shorthands, and a render that every oracle reads back.

`render()` checks each file it writes with our validator, garmin-fit-sdk (integrity and read
errors) and fitparse, and returns the steps both readers saw, reduced to comparable tuples.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any, cast

import fitparse
from garmin_fit_sdk import Decoder, Stream

from ridec.formats.base import CompileOptions, Fidelity
from ridec.formats.fit.checker import check_fit
from ridec.formats.fit.writer import FitWriter
from ridec.model import (
    Activation,
    Header,
    Node,
    Repeat,
    Workout,
)
from ridec.timeline import Timeline, lower

CREATED = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)

StepSummary = tuple[Any, ...]
"""("step", name, seconds or "lap", (low, high) or None, intensity, cadence, notes) or
("repeat", back_to_index, count)."""


def workout(
    *body: Node, name: str = "Test", activation: Activation | None = None, **header: Any
) -> Workout:
    return Workout(Header(name, **header), tuple(body), activation=activation)


@dataclass(frozen=True)
class Rendered:
    """A FIT file the tests wrote, with what each reader made of it."""

    data: bytes
    report: Fidelity
    timeline: Timeline
    sdk: dict[str, list[dict[str, Any]]]
    """garmin-fit-sdk's messages by kind."""
    steps: list[StepSummary]
    """The workout steps as both readers saw them (they agree)."""


def render(source: Workout, ftp: int | None = None, **options: Any) -> Rendered:
    """Render `source`, check it with every oracle, and return what they read."""
    options.setdefault("created", CREATED)
    timeline = lower(source, ftp)
    report = Fidelity("fit")
    data = FitWriter().render(timeline, CompileOptions(ftp=ftp, **options), report)
    return read_back(data, report, timeline)


def read_back(data: bytes, report: Fidelity, timeline: Timeline) -> Rendered:
    assert [str(p) for p in check_fit(data)] == []
    sdk = sdk_messages(data)
    steps = [sdk_summary(m) for m in sdk.get("workout_step_mesgs", [])]
    assert fitparse_summaries(data) == steps
    return Rendered(data, report, timeline, sdk, steps)


def sdk_messages(data: bytes) -> dict[str, list[dict[str, Any]]]:
    """garmin-fit-sdk's reading, after asserting integrity and no read errors."""
    assert Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return cast(dict[str, list[dict[str, Any]]], messages)


def sdk_summary(m: dict[str, Any]) -> StepSummary:
    if m["duration_type"] == "repeat_until_steps_cmplt":
        return ("repeat", m["duration_value"], m["target_value"])
    seconds = m["duration_value"] // 1000 if m["duration_type"] == "time" else "lap"
    power = None
    if m["target_type"] == "power":
        assert m["target_value"] == 0
        power = (m["custom_target_value_low"], m["custom_target_value_high"])
    cadence = None
    if m.get("secondary_target_type") == "cadence":
        cadence = (
            m["secondary_custom_target_value_low"],
            m["secondary_custom_target_value_high"],
        )
    return ("step", m.get("wkt_step_name"), seconds, power, m["intensity"], cadence, m.get("notes"))


def fitparse_summaries(data: bytes) -> list[StepSummary]:
    """The same summaries from fitparse (python-fitparse), an independent reader."""
    fit = fitparse.FitFile(io.BytesIO(data), check_crc=True)
    return [_fitparse_summary(m.get_values()) for m in fit.get_messages("workout_step")]


def _fitparse_summary(v: dict[str, Any]) -> StepSummary:
    if v["duration_type"] == "repeat_until_steps_cmplt":
        return ("repeat", v["duration_step"], v["repeat_steps"])
    seconds = round(v["duration_time"]) if v["duration_type"] == "time" else "lap"
    power = None
    if v["target_type"] == "power":
        power = (v["custom_target_power_low"], v["custom_target_power_high"])
    cadence = None
    if v.get("secondary_target_type") == "cadence":
        cadence = (
            v["secondary_custom_target_cadence_low"],
            v["secondary_custom_target_cadence_high"],
        )
    return ("step", v.get("wkt_step_name"), seconds, power, v["intensity"], cadence, v.get("notes"))


def ladders_read_as_ramps(data: bytes, body: tuple[Node, ...]) -> bool:
    """Whether the reader made fewer steps of `data` than the file holds: steps that form a
    ladder (`ridec.formats.ladders`) were read as one ramp."""
    held = sum(1 for step in fitparse_summaries(data) if step[0] == "step")
    return _steps_in(body) < held


def _steps_in(nodes: tuple[Node, ...]) -> int:
    return sum(_steps_in(n.body) if isinstance(n, Repeat) else 1 for n in nodes)


def expand(steps: list[StepSummary]) -> list[StepSummary]:
    """The steps a rider goes through: repeat steps executed as a head unit does."""
    done: list[StepSummary] = []
    runs: dict[int, int] = {}
    index = 0
    while index < len(steps):
        step = steps[index]
        if step[0] == "repeat":
            runs[index] = runs.get(index, 1) + 1
            if runs[index] <= step[2]:
                index = step[1]
                continue
            runs[index] = 1
        else:
            done.append(step)
        index += 1
    return done


def ride(timeline: Timeline) -> list[tuple[Any, ...]]:
    """What a rider meets, step by step: flags arrive as their cue text, a zone as its range."""
    return [
        (s.start_s, s.duration_s, s.intensity, (s.target.kind, s.target.low, s.target.high),
         s.cadence, s.label, [(c.offset_s, c.text) for c in s.cues])
        for s in timeline.steps
    ]  # fmt: skip
