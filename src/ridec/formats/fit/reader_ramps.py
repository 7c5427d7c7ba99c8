"""FIT ladders back into ramps: the steady steps a ramp became (ridec's `--fit-ramp step:30s`,
TrainerDay's and Garmin's ramp-to-steps) read as the ramp (`ridec.formats.ladders`).

A ladder is a ramp when a ramp, lowered as ridec's FIT writer lowers it into steps as long
as the ladder's, gives exactly the ladder's stored powers: whole % FTP or whole watts, each
the ramp's power at its step's middle rounded half up. So a file ridec wrote with
`--fit-ramp step:Ns` and read back writes the same steps again with the same option.
"""

from __future__ import annotations

from collections.abc import Sequence

from ridec.formats.fit.writer_steps import MAX_PERCENT, ramp_levels, raw_power
from ridec.formats.ladders import recover_ramps
from ridec.model import Node, Power, PowerUnit, Step, Target


def with_ramps(body: tuple[Node, ...]) -> tuple[Node, ...]:
    """`body` with each ladder of steps read as the ramp it was written from."""
    recovered, _ = recover_ramps(body, reproduces)
    return recovered


def reproduces(start: Power, end: Power, rungs: Sequence[Step]) -> bool:
    """Whether FIT's writer lowers the ramp `start` -> `end` into exactly `rungs`."""
    unit = start.unit
    if unit is PowerUnit.PERCENT and max(start.value, end.value) > MAX_PERCENT:
        return False  # the writer would switch to watts
    lengths = [rung.duration for rung in rungs]
    total = sum(length for length in lengths if isinstance(length, int))
    if not isinstance(lengths[0], int):
        return False
    levels = ramp_levels(start.value, end.value, total, lengths[0])
    if len(levels) != len(rungs):
        return False
    for (_, seconds, level), rung in zip(levels, rungs, strict=True):
        target = rung.target
        if not isinstance(target, Target) or target.low is None or seconds != rung.duration:
            return False
        if raw_power(level, unit) != raw_power(target.low.value, unit):
            return False
    return True
