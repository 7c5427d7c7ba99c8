"""Helpers for the intervals.icu tests: read a text, write a workout, as short strings."""

from __future__ import annotations

from ridec.diagnostics import Diagnostic, DiagnosticError
from ridec.formats.base import CompileOptions, Fidelity
from ridec.formats.icu.reader import read_icu
from ridec.formats.icu.writer import IcuWriter
from ridec.language import bind, parse, print_workout
from ridec.timeline import lower


def body(icu: str, path: str = "w.icu") -> str:
    """The `.ride` steps an intervals.icu text reads as (the header left out)."""
    printed = print_workout(read_icu(icu.encode("utf-8"), path).workout)
    return printed.split("\n\n", 1)[1].rstrip("\n")


def warnings(icu: str, path: str = "w.icu") -> list[str]:
    """The reader's warnings, rendered."""
    return [d.render() for d in read_icu(icu.encode("utf-8"), path).diagnostics]


def errors(icu: str, path: str = "w.icu") -> list[Diagnostic]:
    """The errors reading the text raises (none: an empty list)."""
    try:
        read_icu(icu.encode("utf-8"), path)
    except DiagnosticError as exc:
        return list(exc.diagnostics)
    return []


def written(ride: str, options: CompileOptions | None = None) -> tuple[str, Fidelity]:
    """A `.ride` source written as intervals.icu text, and the losses."""
    timeline = lower(bind(parse(ride, "w.ride")))
    report = Fidelity("icu")
    data = IcuWriter().render(timeline, options or CompileOptions(), report)
    assert IcuWriter().validate(data) == []
    return data.decode("utf-8"), report


def steps_of(ride: str) -> str:
    """The written text without its first (name) line and the blank line after it."""
    text, _ = written(ride)
    return text.split("\n", 2)[2].rstrip("\n")
