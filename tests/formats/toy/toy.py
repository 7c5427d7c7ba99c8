"""A toy format, `.toy`, registered by the tests to show what a new format is: one package
(writer, reader, checker) and one registry entry, and every command takes it.

The file is one line per step: `<seconds> <percent of FTP>`, `0` for a step without a
target. It keeps nothing but durations and steady powers.
"""

from __future__ import annotations

from typing import ClassVar

from ridec.diagnostics import Diagnostic, DiagnosticError, Source, Span, error
from ridec.formats.base import (
    Capability,
    CompileOptions,
    Fidelity,
    FormatEntry,
    ReadResult,
    Writer,
)
from ridec.formats.structure import fold_repeats
from ridec.model import FREE, Header, Power, PowerUnit, Step, Target, TargetKind, Workout
from ridec.timeline import Timeline

ENTRY = FormatEntry(
    "toy",
    (".toy",),
    writer="tests.formats.toy.toy:ToyWriter",
    checker="tests.formats.toy.toy:check_file",
    reader="tests.formats.toy.toy:read_toy",
    capabilities=Capability.NONE,
)
"""The one registry line the toy format adds."""


class ToyWriter(Writer):
    """Writes each timed step as `<seconds> <percent>`."""

    name: ClassVar[str] = "toy"
    extension: ClassVar[str] = ".toy"
    description: ClassVar[str] = "a toy format for the registry tests"

    def render(self, timeline: Timeline, options: CompileOptions, report: Fidelity) -> bytes:
        lines = []
        for step in timeline.steps:
            levels = step.percent(timeline.ftp)
            lines.append(f"{step.duration_s} {round(levels.start) if levels else 0}")
            if step.cadence is not None:
                report.dropped("cadence", step.span)
        return ("\n".join(lines) + "\n").encode("ascii")

    def validate(self, data: bytes) -> list[str]:
        return [d.message for d in check_file(data, "<output>")]


def check_file(data: bytes, path: str) -> list[Diagnostic]:
    """Every line that is not two whole numbers."""
    text = data.decode("ascii", "replace")
    source = Source(path, text)
    problems = []
    offset = 0
    for line in text.splitlines(keepends=True):
        fields = line.split()
        if len(fields) != 2 or not all(f.isdigit() for f in fields):
            span = Span(source, offset, offset + len(line.rstrip("\n")))
            problems.append(error("expected `<seconds> <percent>`", span))
        offset += len(line)
    return problems


def read_toy(data: bytes, path: str) -> ReadResult:
    """The steps back, as steady powers or free rides."""
    problems = check_file(data, path)
    if problems:
        raise DiagnosticError(problems)
    steps = []
    for line in data.decode("ascii").splitlines():
        seconds, percent = (int(f) for f in line.split())
        target = Target(TargetKind.STEADY, Power(percent, PowerUnit.PERCENT)) if percent else FREE
        steps.append(Step(seconds, target))
    return ReadResult(Workout(Header("Toy"), fold_repeats(steps)), ())
