"""The JSON target: the project's own versioned document, the model plus its flat timeline.

`schemas/ridec-workout.schema.json` describes it; tools and web front ends consume it.
Nothing is lost, so this target records no degradations.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from ridec.formats.base import CompileOptions, Fidelity, Made, Writer
from ridec.model import (
    Activation,
    Cadence,
    Lap,
    Node,
    Param,
    Ref,
    Repeat,
    Step,
    Target,
)
from ridec.timeline import PowerLevels, Timeline, TimelineStep

FORMAT_NAME = "ridec-workout"
FORMAT_VERSION = 1

Json = dict[str, Any]


class JsonWriter(Writer):
    """Writes the ridec JSON document."""

    name: ClassVar[str] = "json"
    extension: ClassVar[str] = ".json"
    description: ClassVar[str] = "ridec's own JSON: the model and its timeline, for tools"

    def __init__(self) -> None:
        self.made: Made[Json] = Made()

    def render(self, timeline: Timeline, options: CompileOptions, report: Fidelity) -> bytes:
        report.exact("every step, target, cadence, flag and cue")
        doc = document(timeline)
        return self.made.keep(dump(doc).encode("utf-8"), doc)

    def validate(self, data: bytes) -> list[str]:
        """The document's meaning; bytes this writer did not just make are parsed first.

        The bytes it made are json's own encoding of `doc`, which parses back to an equal
        document (str keys, lists, strings, ints and floats, which repr round-trips), so
        their meaning is checked on `doc` itself rather than on a parse of 30 KB."""
        from ridec.formats.json.checker import document_problems, problems

        doc = self.made.of(data)
        return problems(data) if doc is None else document_problems(doc)


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def dump(doc: Json) -> str:
    """The document with one top-level key per line and one list entry (a timeline step, a
    structure node) per line: easy to read and diff, and written by json's C encoder, which
    `indent=` would swap for the pure-Python one (a third of this target's time)."""
    members = [f"  {_ENCODER.encode(key)}: {_member(value)}" for key, value in doc.items()]
    return "{\n" + ",\n".join(members) + "\n}\n"


def _member(value: object) -> str:
    if isinstance(value, list) and value:
        entries = ",\n".join(f"    {_ENCODER.encode(entry)}" for entry in value)
        return f"[\n{entries}\n  ]"
    return _ENCODER.encode(value)


def document(timeline: Timeline) -> Json:
    """The whole JSON document for a lowered workout."""
    workout = timeline.workout
    header = workout.header
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "name": header.name,
        "author": header.author,
        "description": header.description,
        "tags": list(header.tags),
        "sport": header.sport,
        "category": header.category,
        "subcategory": header.subcategory,
        "ftp": timeline.ftp,
        "duration_s": timeline.duration_s,
        "params": [_param(p) for p in workout.params],
        "activation": _activation(workout.activation),
        "structure": [_node(n) for n in workout.body],
        "timeline": [_step(s, timeline.ftp) for s in timeline.steps],
    }


def _param(param: Param) -> Json:
    value = param.value
    shown: Json | int | None
    if isinstance(value, Target):
        shown = _target(value)
    elif isinstance(value, Cadence):
        shown = _cadence(value)
    else:
        shown = value
    return {"name": param.name, "kind": str(param.kind), "value": shown}


def _activation(activation: Activation | None) -> Json | None:
    if activation is None:
        return None
    exercises = [
        {"name": e.name, "reps": e.reps, "each_side": e.each_side, "duration_s": e.duration}
        for e in activation.exercises
    ]
    return {"label": activation.label, "exercises": exercises}


def _step(step: TimelineStep, ftp: int | None) -> Json:
    return {
        "index": step.index,
        "start_s": step.start_s,
        "duration_s": step.duration_s,
        "intensity": str(step.intensity),
        "target": str(step.target.kind),
        **_levels("pct", step.percent(ftp), 3),
        **_levels("w", step.watts(ftp), 1),
        "cadence_low": step.cadence.low if step.cadence else None,
        "cadence_high": step.cadence.high if step.cadence else None,
        "flags": [str(f) for f in step.flags],
        "label": step.label,
        "cues": [
            {"at_s": c.at_s, "text": c.text, "duration_s": c.duration_s, "kind": str(c.kind)}
            for c in step.cues
        ],
        "repeat": [{"iteration": f.iteration, "count": f.count} for f in step.frames],
    }


def _levels(unit: str, levels: PowerLevels | None, digits: int) -> Json:
    names = ("start", "end", "low", "high")
    if levels is None:
        return {f"power_{n}_{unit}": None for n in names}
    values = (levels.start, levels.end, levels.low, levels.high)
    return {f"power_{n}_{unit}": round(v, digits) for n, v in zip(names, values, strict=True)}


def _node(node: Node) -> Json:
    if isinstance(node, Step):
        return _structure_step(node)
    if isinstance(node, Repeat):
        count = node.count if isinstance(node.count, int) else None
        body = [_node(n) for n in node.body]
        return {"type": "repeat", "count": count, "label": node.label, "body": body}
    return {"type": "alternate", "children": [_node(n) for n in node.children]}


def _structure_step(step: Step) -> Json:
    duration = step.duration
    return {
        "type": "step",
        "duration_s": None if isinstance(duration, Lap | Ref) else duration,
        "intensity": str(step.intensity),
        "target": _target(step.target),
        "cadence": _cadence(step.cadence),
        "flags": [str(f) for f in step.flags],
        "label": step.label,
    }


def _target(target: Target | Ref) -> Json | None:
    if isinstance(target, Ref):
        return None
    low, high = target.low, target.high
    return {
        "kind": str(target.kind),
        "unit": str(target.unit) if target.unit else None,
        "low": low.value if low else None,
        "high": high.value if high else None,
        "zone": target.zone,
    }


def _cadence(cadence: Cadence | Ref | None) -> Json | None:
    if cadence is None or isinstance(cadence, Ref):
        return None
    return {"low": cadence.low, "high": cadence.high}
