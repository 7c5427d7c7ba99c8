"""Cadence ranges reach Zwift: CadenceLow/CadenceHigh where Zwift's own files carry them,
validated by `schemas/zwo.xsd`, and read back as the same range."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from ridec.cli import app
from ridec.formats.base import LossKind
from ridec.formats.zwo.reader import read
from ridec.model import Cadence, Intensity, Node, Repeat, Step, Target, Workout
from ridec.timeline import lower
from tests.formats.zwo.zwo_support import losses, render, workout
from tests.paths import SCHEMAS
from tests.targets import ramp, steady

runner = CliRunner()

RANGES = st.tuples(st.integers(20, 240), st.integers(1, 60)).map(
    lambda pair: Cadence(pair[0], min(pair[0] + pair[1], 250))
)
"""Cadence ranges the language accepts (20-250 rpm, low below high)."""


def xsd_problems(data: bytes) -> list[str]:
    """What `schemas/zwo.xsd` itself says of the bytes, read with lxml directly."""
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "zwo.xsd")))
    if schema.validate(etree.fromstring(data)):
        return []
    return str(schema.error_log).splitlines()


def blocks(data: bytes) -> list[etree._Element]:
    found = etree.fromstring(data).find("workout")
    assert found is not None
    return list(found)


def cadences(nodes: tuple[Node, ...]) -> list[Cadence | None]:
    """Every step's cadence, repeats unrolled."""
    return [step.cadence for step in lower(Workout(workout().header, nodes)).steps]


def test_a_50_60_rpm_step_compiles_to_a_steady_state_with_cadence_low_and_high(
    tmp_path: Path,
) -> None:
    source = tmp_path / "stand.ride"
    source.write_text("name: Stand\n\n2m 75% 50-60rpm standing\n", encoding="utf-8")
    result = runner.invoke(app, ["compile", str(source), "-t", "zwo", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    data = (tmp_path / "stand.zwo").read_bytes()
    assert xsd_problems(data) == []
    (block,) = blocks(data)
    assert block.tag == "SteadyState"
    assert (block.get("CadenceLow"), block.get("CadenceHigh"), block.get("Cadence")) == (
        "50", "60", "55",
    )  # fmt: skip
    assert "cadence" not in result.stderr


@settings(max_examples=100, deadline=None)
@given(RANGES, st.sampled_from(["steady", "warmup", "cooldown"]))
def test_a_single_block_writes_and_reads_back_the_same_cadence_range(
    cadence: Cadence, kind: str
) -> None:
    step = {
        "steady": Step(90, steady(80), cadence=cadence),
        "warmup": Step(300, ramp(40, 70), Intensity.WARMUP, cadence),
        "cooldown": Step(300, ramp(70, 40), Intensity.COOLDOWN, cadence),
    }[kind]
    data, report = render(workout(step))
    assert xsd_problems(data) == []
    (block,) = blocks(data)
    assert (block.get("CadenceLow"), block.get("CadenceHigh")) == (
        str(cadence.low), str(cadence.high),
    )  # fmt: skip
    assert list(block) == []  # no text: the range needs none
    assert losses(report, LossKind.DEGRADED) == []
    assert cadences(read(data, "c.zwo").body) == [cadence]


@settings(max_examples=100, deadline=None)
@given(RANGES, st.none() | st.integers(40, 120), st.integers(2, 6))
def test_intervals_write_and_read_back_the_on_cadence_range(
    on_cadence: Cadence, off_rpm: int | None, count: int
) -> None:
    off_cadence = None if off_rpm is None else Cadence(off_rpm, off_rpm)
    on = Step(30, steady(120), Intensity.INTERVAL, on_cadence)
    off = Step(30, steady(50), Intensity.RECOVERY, off_cadence)
    data, report = render(workout(Repeat(count, (on, off))))
    assert xsd_problems(data) == []
    (block,) = blocks(data)
    assert block.tag == "IntervalsT"
    assert (block.get("CadenceLow"), block.get("CadenceHigh")) == (
        str(on_cadence.low), str(on_cadence.high),
    )  # fmt: skip
    assert block.get("CadenceResting") == (None if off_rpm is None else str(off_rpm))
    assert losses(report) == []
    back = read(data, "i.zwo").body
    assert cadences(back) == [on_cadence, off_cadence] * count


@settings(max_examples=50, deadline=None)
@given(RANGES)
def test_a_ramp_keeps_its_range_as_a_text_and_reads_it_back(cadence: Cadence) -> None:
    data, report = render(workout(Step(120, ramp(60, 90), cadence=cadence)))
    (block,) = blocks(data)
    assert (block.tag, block.get("CadenceLow")) == ("Ramp", None)
    assert [t.get("message") for t in block] == [f"Cadence {cadence.low}-{cadence.high} rpm"]
    assert len(losses(report, LossKind.DEGRADED)) == 1
    (step,) = read(data, "r.zwo").body
    assert isinstance(step, Step) and isinstance(step.target, Target)
    assert step.cadence == cadence
