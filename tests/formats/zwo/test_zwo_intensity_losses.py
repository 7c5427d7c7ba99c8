"""ZWO keeps a step's intensity only in its block's element (Warmup, Cooldown, IntervalsT,
MaxEffort): every other class the coach gave is reported as lost, at the step's line, and
nothing that survives is reported. The oracle is ridec's own ZWO reader: what it reads back
is what a round trip keeps."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ridec import api
from ridec.model import Intensity
from ridec.pipeline import Compiled

INTENSITIES = [i.value for i in Intensity]
TARGETS = ["60%", "50%->80%", "80%->50%", "free", "max", "70-80%"]


def compiled(source: str) -> Compiled:
    [result] = api.compile(api.parse(source, "t.ride"), "zwo")
    return result


def lost_lines(result: Compiled) -> list[int]:
    return sorted(
        loss.span.source.line_col(loss.span.start)[0]
        for loss in result.fidelity.losses()
        if loss.topic == "intensity-lost" and loss.span is not None
    )


def test_interval_and_recovery_as_plain_blocks_are_reported_where_they_are() -> None:
    source = "name: T\nwarmup 5m 40%->60%\ninterval 2m 90%\nrecovery 2m 50%\ncooldown 5m 60%\n"
    result = compiled(source)
    texts = [loss.text() for loss in result.fidelity.losses()]
    assert texts == [
        "step intensity 'interval' becomes a plain SteadyState block, read back as 'active'",
        "step intensity 'recovery' becomes a plain SteadyState block, read back as 'active'",
        "step intensity 'cooldown' becomes a plain SteadyState block, read back as 'active'",
    ]
    assert lost_lines(result) == [3, 4, 5]


def test_a_folded_intervals_block_keeps_interval_and_recovery() -> None:
    result = compiled("name: T\nrepeat 4:\n  interval 1m 120%\n  recovery 1m 50%\n")
    assert b"<IntervalsT" in result.data
    assert lost_lines(result) == []


def test_a_repeated_step_is_reported_once() -> None:
    result = compiled('name: T\nrepeat 3 "Set {i}":\n  rest 1m 40%\n  2m 90%\n')
    assert lost_lines(result) == [3]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(INTENSITIES), st.sampled_from(TARGETS)), min_size=1, max_size=8
    )
)
def test_exactly_the_classes_a_round_trip_changes_are_reported(
    steps: list[tuple[str, str]],
) -> None:
    lines = [f'{intensity} 1m {target} "s{n}"' for n, (intensity, target) in enumerate(steps)]
    result = compiled("name: T\n" + "\n".join(lines) + "\n")
    back = api.lower(api.read(result.data, "t.zwo").workout)
    assert len(back.steps) == len(steps)
    changed = [
        n + 2
        for n, ((intensity, _), step) in enumerate(zip(steps, back.steps, strict=True))
        if intensity not in ("active", step.intensity.value)
    ]
    assert lost_lines(result) == changed
