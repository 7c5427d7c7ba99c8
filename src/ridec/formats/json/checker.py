"""Checks a ridec JSON document's meaning before it is written.

The tests hold every document against `schemas/ridec-workout.schema.json` with jsonschema;
at run time this cheaper check guards what the schema cannot say: steps in time order with
no gaps, and a total that adds up.
"""

from __future__ import annotations

import json
from typing import Any

from ridec.diagnostics import Diagnostic, error

REQUIRED = ("format", "version", "name", "duration_s", "timeline")


def problems(data: bytes) -> list[str]:
    """What is wrong with a ridec JSON document; empty when nothing is."""
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        return [f"not JSON: {exc}"]
    if not isinstance(doc, dict):
        return ["the document is not an object"]
    missing = [key for key in REQUIRED if key not in doc]
    if missing:
        return [f"missing key {key!r}" for key in missing]
    return _timeline_problems(doc["timeline"], doc["duration_s"])


def check_file(data: bytes, path: str) -> list[Diagnostic]:
    """Every problem in a ridec JSON document as an error (the registry's checker)."""
    return [error(f"{path}: {problem}") for problem in problems(data)]


def _timeline_problems(steps: list[Any], duration: int) -> list[str]:
    found: list[str] = []
    clock = 0
    for position, step in enumerate(steps):
        if step["index"] != position:
            found.append(f"step {position}: index {step['index']} is out of order")
        if step["start_s"] != clock:
            found.append(f"step {position}: starts at {step['start_s']} s, expected {clock} s")
        clock += step["duration_s"] or 0
        found.extend(_cue_problems(position, step))
    if clock != duration:
        found.append(f"duration_s is {duration} but the steps add up to {clock}")
    return found


def _cue_problems(position: int, step: dict[str, Any]) -> list[str]:
    start, length = step["start_s"], step["duration_s"]
    end = start + length if length is not None else None
    return [
        f"step {position}: cue at {cue['at_s']} s falls outside the step"
        for cue in step["cues"]
        if cue["at_s"] < start or (end is not None and cue["at_s"] >= max(end, start + 1))
    ]
