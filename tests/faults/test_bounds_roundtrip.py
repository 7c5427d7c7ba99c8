"""What ridec writes, ridec reads back, for any workout within the limits; and an output
larger than ridec reads is refused before it is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from ridec.diagnostics import DiagnosticError
from ridec.limits import MAX_INPUT_BYTES, MAX_JSON_BYTES
from ridec.model import Header, Workout
from ridec.pipeline import check_output_size, compile_timeline, load_bytes
from ridec.targets.base import CompileOptions
from ridec.targets.ergmrc import LAP_STEP_S
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
    for target in FORMATS:
        compiled = compile_timeline(timeline, target, CompileOptions())
        back = lower(load_bytes(compiled.data, Path(f"w.{target}")).workout)
        # ERG and MRC have no lap button: a lap step is written as a fixed step.
        expected = timeline.duration_s + (laps * LAP_STEP_S if target in ("erg", "mrc") else 0)
        assert back.duration_s == expected, target
