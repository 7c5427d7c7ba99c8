"""Shared helpers for the ZWO tests: model shorthands and a render that always validates."""

from __future__ import annotations

from ridec.formats.base import CompileOptions, Fidelity, LossKind
from ridec.formats.zwo.checker import validate_bytes
from ridec.formats.zwo.writer import ZwoWriter
from ridec.model import (
    Activation,
    Alternate,
    Header,
    Power,
    Repeat,
    Step,
    Workout,
)
from ridec.timeline import lower
from tests.paths import CORPUS
from tests.targets import PCT

CORPUS_FILES = sorted((CORPUS / "zwo").glob("*.zwo"))
"""The ZWO files the repository carries (`tests/corpus/SOURCES.md`)."""
REFUSED = {
    "ridec__empty.zwo": "1:1: error: the file is empty",
    "ridec__running.zwo": "5:5: error: sportType 'run' is not supported",
}
"""Corpus files the reader refuses, with the start of the located error it must give."""
READABLE = [p for p in CORPUS_FILES if p.name not in REFUSED]


def pct(value: float) -> Power:
    return Power(value, PCT)


def workout(
    *body: Step | Repeat | Alternate,
    name: str = "Test",
    ftp: int | None = None,
    activation: Activation | None = None,
    author: str | None = None,
    description: str | None = None,
    tags: tuple[str, ...] = (),
) -> Workout:
    header = Header(name, author, description, tags, ftp)
    return Workout(header, tuple(body), activation=activation)


def render(
    source: Workout, options: CompileOptions | None = None, ftp: int | None = None
) -> tuple[bytes, Fidelity]:
    """The ZWO bytes and fidelity report; fails the test when the bytes do not validate."""
    report = Fidelity("zwo")
    data = ZwoWriter().render(lower(source, ftp), options or CompileOptions(), report)
    assert validate_bytes(data) == []
    assert ZwoWriter().validate(data) == []
    return data, report


def losses(report: Fidelity, kind: LossKind | None = None) -> list[str]:
    """The report's losses as `feature -> became` lines."""
    return [f"{e.feature} -> {e.became}" for e in report.losses() if kind is None or e.kind is kind]
