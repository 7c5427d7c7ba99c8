"""Golden files: small workouts and the exact ZWO text ridec must write for them.

Set RIDEC_UPDATE_GOLDEN=1 to rewrite the files after an intended change, then review the
diff: the files are the specification of the output.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from ridec.model import (
    LAP,
    MAX,
    Activation,
    Alternate,
    Cadence,
    Cue,
    Exercise,
    Flag,
    Intensity,
    Repeat,
    Step,
    Workout,
)
from tests.formats.zwo.zwo_support import render, workout
from tests.targets import WATTS, band, ramp, steady

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("RIDEC_UPDATE_GOLDEN") == "1"


def ramps() -> Workout:
    return workout(
        Step(600, ramp(45, 70), Intensity.WARMUP, Cadence(90, 90)),
        Step(300, steady(72.35)),
        Step(120, ramp(60, 100)),
        Step(120, ramp(100, 60), Intensity.WARMUP),
        Step(480, ramp(65, 45), Intensity.COOLDOWN),
        name="Ramps",
        author="Coach",
        description="Every ramp kind.",
        tags=("ramps", "test"),
    )


def intervals() -> Workout:
    on = Step(30, steady(120), Intensity.INTERVAL, Cadence(100, 100))
    off = Step(30, steady(50), Intensity.RECOVERY, Cadence(85, 85))
    labelled = Step(60, steady(110), Intensity.INTERVAL, label="Go {i}")
    return workout(
        Repeat(2, (Repeat(5, (on, off)),)),
        Repeat(2, (labelled, Step(60, steady(50)))),
        Repeat(3, (on, off, off)),
        name="Intervals",
    )


def standing() -> Workout:
    stand = Step(
        120,
        steady(75),
        Intensity.INTERVAL,
        Cadence(50, 60),
        (Flag.STANDING,),
        "Standing {i}/{n}",
        (
            Cue(10, "Hands: thumb grip on the hoods"),
            Cue(40, "Core: elbow toward the rising knee", duration=15),
            Cue(20, "Sit down and keep it smooth", from_end=True),
        ),
    )
    recover = Step(180, steady(55), Intensity.RECOVERY, Cadence(85, 95), (Flag.SEATED,))
    routine = Activation(
        (
            Exercise("Glute bridge", 15),
            Exercise("Clamshell", 12, True),
            Exercise("Dead bug", None, False, 45),
        ),
        "Before you ride",
    )
    return workout(
        Step(600, ramp(45, 70), Intensity.WARMUP, Cadence(85, 95), label="Spin up"),
        Repeat(2, (stand, recover), "Set {i}"),
        Step(480, ramp(65, 45), Intensity.COOLDOWN),
        name="Standing technique",
        author="Coach",
        description="Three points of power.",
        tags=("technique", "standing"),
        activation=routine,
    )


def strokes() -> Workout:
    up = Step(240, steady(80), Intensity.INTERVAL, Cadence(60, 70), (Flag.UPSTROKE,))
    down = Step(240, steady(80), Intensity.INTERVAL, Cadence(60, 70), (Flag.DOWNSTROKE,))
    return workout(Repeat(2, (Alternate((up, down)), Step(180, band(50, 60)))), name="Strokes")


def free_max_lap() -> Workout:
    return workout(
        Step(LAP, label="Press lap when ready"),
        Step(300, cadence=Cadence(90, 100), label="Ride free"),
        Step(20, MAX, cadence=Cadence(110, 110)),
        Step(120, steady(50)),
        name="Free, max and lap",
    )


def watts() -> Workout:
    return workout(
        Step(300, ramp(100, 200, WATTS), Intensity.WARMUP),
        Step(600, band(190, 210, WATTS)),
        Step(60, steady(333, WATTS)),
        name="Watts",
        ftp=250,
    )


def unicode_text() -> Workout:
    return workout(
        Step(60, steady(60), label="Los geht’s – “Straße”, łódź, Ærø"),
        Step(60, steady(60), cues=(Cue(5, "Übung 💪 ½ Runde"),)),
        name="Grüße an Søren",
        author="Zoë",
        tags=("fäst",),
    )


CASES: dict[str, Callable[[], Workout]] = {
    "ramps": ramps,
    "intervals": intervals,
    "standing": standing,
    "strokes": strokes,
    "free_max_lap": free_max_lap,
    "watts": watts,
    "unicode": unicode_text,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str) -> None:
    data, _ = render(CASES[name]())
    path = GOLDEN / f"{name}.zwo"
    if UPDATE:
        path.write_bytes(data)
    assert data.decode("utf-8") == path.read_text(encoding="utf-8")


def test_every_golden_file_has_a_case() -> None:
    assert sorted(p.stem for p in GOLDEN.glob("*.zwo")) == sorted(CASES)
