"""What ridec writes, ridec reads back, for any workout within the limits; and an output
larger than ridec reads is refused before it is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from ridec.diagnostics import DiagnosticError
from ridec.formats.base import CompileOptions
from ridec.formats.ergmrc.writer import LAP_STEP_S
from ridec.limits import MAX_INPUT_BYTES, MAX_JSON_BYTES, MAX_WORKOUT_S
from ridec.model import Header, Workout
from ridec.pipeline import TargetSkippedError, check_output_size, compile_timeline, load_bytes
from ridec.timeline import lower
from tests.property.strategies import workouts


@pytest.mark.parametrize(
    ("extension", "limit"), [(".zwo", MAX_INPUT_BYTES), (".json", MAX_JSON_BYTES)]
)
def test_an_output_larger_than_ridec_reads_is_refused(extension: str, limit: int) -> None:
    workout = Workout(Header("Big"), ())
    check_output_size(extension, limit, workout)
    with pytest.raises(DiagnosticError) as caught:
        check_output_size(extension, limit + 1, workout)
    assert caught.value.diagnostics[0].message == (
        f"the {extension} output would be {limit + 1:,} bytes, more than the "
        f"{limit // 2**20} MiB ridec reads back; nothing was written"
    )


FORMATS = ("fit", "zwo", "erg", "mrc")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workouts(ftp=True))
def test_every_file_ridec_writes_it_reads_back_with_the_same_duration(workout: Workout) -> None:
    timeline = lower(workout)
    laps = sum(1 for step in timeline.steps if step.duration_s is None)
    erg_fits = timeline.duration_s + laps * LAP_STEP_S <= MAX_WORKOUT_S
    for target in FORMATS:
        if target in ("erg", "mrc") and not erg_fits:
            # Each lap step is written as a fixed step there: past the limit, it is refused.
            with pytest.raises(DiagnosticError, match="lap-button step is written as"):
                compile_timeline(timeline, target, CompileOptions())
            continue
        try:
            compiled = compile_timeline(timeline, target, CompileOptions())
        except TargetSkippedError:
            # Only lap steps: a player's format has nothing to play and writes no file.
            assert target != "fit" and timeline.duration_s == 0, target
            continue
        back = lower(load_bytes(compiled.data, Path(f"w.{target}")).workout)
        # ERG and MRC have no lap button: a lap step is written as a fixed step.
        expected = timeline.duration_s + (laps * LAP_STEP_S if target in ("erg", "mrc") else 0)
        assert back.duration_s == expected, target
