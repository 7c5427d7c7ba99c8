"""Which step intensities a ZWO file loses, reported step by step.

ZWO has no intensity attribute: a block's element is all Zwift and ridec's reader have to
go on. A rising warm-up ramp is a `Warmup`, a falling cool-down one a `Cooldown`, the two
steps of an `IntervalsT` read as interval and recovery, a `MaxEffort` as interval; every
other block (`SteadyState`, `Ramp`, `FreeRide`) reads back as active. A step whose
class the coach gave (warm-up, interval, recovery, rest, cool-down) that its block does not
say loses it, and the fidelity report says so: the file reads back with another intensity,
and a FIT file made from it would carry that one. A step with no class (active, the
language's default) loses nothing the coach wrote, even where the block reads back as
interval (a MaxEffort, an IntervalsT): it is not reported.
"""

from __future__ import annotations

from collections.abc import Sequence

from ridec.formats.zwo.writer_blocks import Block, BlockKind, Intervals, OnceReport
from ridec.model import Intensity
from ridec.timeline import TimelineStep

READ_AS: dict[BlockKind, Intensity] = {
    BlockKind.WARMUP: Intensity.WARMUP,
    BlockKind.COOLDOWN: Intensity.COOLDOWN,
    BlockKind.MAX: Intensity.INTERVAL,
    BlockKind.STEADY: Intensity.ACTIVE,
    BlockKind.RAMP: Intensity.ACTIVE,
    BlockKind.FREE: Intensity.ACTIVE,
}
"""The intensity ridec's ZWO reader gives each single-step block."""
INTERVALS_READ_AS = (Intensity.INTERVAL, Intensity.RECOVERY)
"""The intensities of an IntervalsT's on and off steps when read."""


def report_intensities(
    items: Sequence[TimelineStep | Intervals], blocks: Sequence[Block], report: OnceReport
) -> None:
    """Report each step whose intensity its block does not carry (once per source line)."""
    for item, block in zip(items, blocks, strict=True):
        if isinstance(item, Intervals):
            for step, read in zip((item.on, item.off), INTERVALS_READ_AS, strict=True):
                _check(step, block.kind, read, report)
        else:
            _check(item, block.kind, READ_AS[block.kind], report)


def _check(step: TimelineStep, kind: BlockKind, read: Intensity, report: OnceReport) -> None:
    if step.intensity is read or step.intensity is Intensity.ACTIVE:
        return
    part = f"{kind.value} block" if kind is not BlockKind.INTERVALS else f"{kind.value} step"
    report.degraded(
        f"step intensity '{step.intensity.value}'",
        f"a plain {part}, read back as '{read.value}'",
        step.span,
        topic="intensity-lost",
    )
