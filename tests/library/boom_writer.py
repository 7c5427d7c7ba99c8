"""A target that fails half-way through its file, registered by the atomicity tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from ridec.formats.base import CompileOptions, Fidelity, Writer
from ridec.timeline import Timeline


class BoomWriter(Writer):
    """Produces the first half of a file, then raises."""

    name: ClassVar[str] = "boom"
    extension: ClassVar[str] = ".boom"
    description: ClassVar[str] = "fails mid-file (tests only)"

    def render(self, timeline: Timeline, options: CompileOptions, report: Fidelity) -> bytes:
        return b"".join(self._chunks(timeline))

    def _chunks(self, timeline: Timeline) -> Iterator[bytes]:
        yield b"BOOM header\n"
        for step in timeline.steps[: len(timeline.steps) // 2 + 1]:
            yield f"{step.start_s}\n".encode()
        raise RuntimeError("the boom target failed mid-file")

    def validate(self, data: bytes) -> list[str]:
        return []
