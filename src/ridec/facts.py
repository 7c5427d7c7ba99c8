"""Facts about workouts that the language and every reader share: the Coggan power zones
and the ranges a workout's values may take.

They sit beside the model, under the language and the formats, so that a reader can hold a
file to the language's ranges (and read `Z2` as the language reads `z2`) without importing
the language's parser: no format imports from `language/` (`tests/core/test_layering.py`).
"""

from __future__ import annotations

from ridec.model import Power, PowerUnit, Target, TargetKind

ZONES: dict[int, tuple[int, int]] = {
    1: (0, 55),
    2: (56, 75),
    3: (76, 90),
    4: (91, 105),
    5: (106, 120),
    6: (121, 150),
    7: (151, 200),
}
"""The seven Coggan zones as % FTP ranges."""
SWEET_SPOT = (88, 94)
"""Sweet spot as % FTP: the band between high tempo and threshold that TrainingPeaks and
TrainerRoad both give as 88-94 %; a coach's `sweet spot` is read as this range."""

MAX_DURATION_S = 24 * 3600
"""The longest step (and the latest cue offset)."""
PERCENT_LIMIT = 1000.0
"""% of FTP must stay below this."""
WATTS_RANGE = (1, 3000)
"""Watts a target may name."""
CADENCE_RANGE = (20, 250)
"""Cadence a target may name, in rpm."""
COUNT_RANGE = (0, 500)
"""How many times a block may repeat."""
FTP_RANGE = (50, 2000)
"""The FTPs ridec takes, in watts (a header's `ftp:`, `--ftp`, the API's options, files read):
below 50 W no adult rides a bike for an hour; above 2000 W no one does."""


def zone_target(zone: int) -> Target:
    """The range target that `zN` stands for."""
    low, high = ZONES[zone]
    return Target(
        TargetKind.RANGE, Power(low, PowerUnit.PERCENT), Power(high, PowerUnit.PERCENT), zone
    )
