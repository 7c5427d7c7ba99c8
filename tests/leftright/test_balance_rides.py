"""Rides against a plan, a real ride against an independent decode, and files refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from garmin_fit_sdk import Decoder, Stream

import ridec
from ridec.diagnostics import DiagnosticError, Severity
from ridec.leftright.figures import Side
from ridec.leftright.ride import Block, Setting
from ridec.model import Flag
from tests.leftright.balance_rides import OUTDOOR, Part, expected, pattern_ride
from tests.paths import CORPUS, EDGE810
from tests.review.review_rides import RIGHT, Second, encode_ride, seconds
from tests.stats.stats_builders import pct, step, timeline

CLOSE = 0.01
ELEMNT_BOLT = (
    CORPUS / "fit" / "dtcooper__elemnt-bolt-no-application-id-inside-developer-data-id.fit"
)

SEATED, STANDING, ONE_LEG, UPSTROKE = (
    Part(10, 200, 90, 52.0),
    Part(5, 250, 60, 48.0),
    Part(5, 120, 80, 70.0),
    Part(10, 200, 65, 51.0),
)
"""A ride of four blocks, each with its own left share."""


def _technique_plan() -> ridec.Timeline:
    return timeline(
        step(600, pct(80)),
        step(300, pct(100), flags=(Flag.STANDING,)),
        step(300, pct(50), label="Single-leg drill, left only"),
        step(600, pct(80), flags=(Flag.UPSTROKE,)),
        ftp=250,
    )


def test_against_a_plan_each_block_apart_and_one_leg_drills_left_out() -> None:
    parts = (SEATED, STANDING, ONE_LEG, UPSTROKE)
    data = pattern_ride(parts, outdoor=True)
    report = ridec.balance(("ride.fit", data), against=_technique_plan())
    (ride,) = report.rides
    blocks = {b.block: b.figure for b in ride.by_technique}
    assert list(blocks) == [Block.SEATED, Block.STANDING, Block.UPSTROKE, Block.ONE_LEG]
    for block, part in zip(
        (Block.SEATED, Block.STANDING, Block.ONE_LEG, Block.UPSTROKE), parts, strict=True
    ):
        assert blocks[block].share_pct == pytest.approx(part.left, abs=CLOSE)
        assert blocks[block].seconds == part.minutes * 60
    without = (SEATED, STANDING, UPSTROKE)
    assert ride.ride.seconds == 25 * 60
    assert ride.ride.share_pct == pytest.approx(expected(without), abs=CLOSE)
    assert sum(b.figure.seconds for b in ride.by_cadence) == 25 * 60  # 80 rpm: only one-leg
    assert 80 not in {b.low for b in ride.by_cadence}
    assert ride.ftp == 250  # the plan's FTP, with none given


def test_a_week_of_workouts_each_ride_against_the_closest() -> None:
    short = timeline(step(900, pct(60), flags=(Flag.STANDING,)), ftp=250)
    data = pattern_ride((Part(30, 200, 90, 52.0),), outdoor=True)
    report = ridec.balance([("ride.fit", data)], against=[short, _technique_plan()])
    (ride,) = report.rides
    assert [b.block for b in ride.by_technique] == [
        Block.SEATED,
        Block.STANDING,
        Block.UPSTROKE,
        Block.ONE_LEG,
    ]


@pytest.fixture(scope="module")
def garmin_records() -> list[dict[str, Any]]:
    decoder = Decoder(Stream.from_file(str(EDGE810)))
    messages, errors = decoder.read(convert_types_to_strings=False)
    assert errors == []
    return [dict(r) for r in messages["record_mesgs"]]


def _independent(records: list[dict[str, Any]], keep: Any = lambda minute, r: True) -> float:
    """GoldenCheetah's rule on Garmin's decode: power > 0, cadence > 0, a balance; the left
    share (100 - the right percent the byte names) weighted by power."""
    start = records[0]["timestamp"]
    counted = [
        r
        for r in records
        if r.get("power")
        and r.get("cadence")
        and r.get("left_right_balance") is not None
        and keep(int((r["timestamp"] - start).total_seconds()) // 60, r)
    ]
    work = sum(r["power"] for r in counted)
    weighted = sum((100 - (r["left_right_balance"] & 0x7F)) * r["power"] for r in counted)
    return float(weighted / work)


def test_the_real_edge_810_ride_matches_an_independent_computation(
    garmin_records: list[dict[str, Any]],
) -> None:
    report = ridec.balance(EDGE810, 280)
    (ride,) = report.rides
    assert (ride.setting, ride.setting_from, ride.side) == (Setting.OUTDOOR, "positions", Side.LEFT)
    assert ride.start is not None and ride.start.isoformat() == "2013-08-16T18:05:10+00:00"
    assert ride.ride.share_pct == pytest.approx(_independent(garmin_records), abs=1e-9)
    assert ride.first_30.share_pct == pytest.approx(
        _independent(garmin_records, lambda minute, r: minute < 30), abs=1e-9
    )
    assert ride.after_40.share_pct == pytest.approx(
        _independent(garmin_records, lambda minute, r: minute >= 40), abs=1e-9
    )
    band = next(b for b in ride.by_cadence if b.low == 90)
    assert band.figure.share_pct == pytest.approx(
        _independent(garmin_records, lambda minute, r: 90 <= r["cadence"] < 100), abs=1e-9
    )
    # The Edge 810 wrote its own session balance (left_right_balance_100, right 50.31 %):
    # over the same seconds, power-weighted, within half a point of it.
    assert ride.ride.share_pct == pytest.approx(100 - 50.31, abs=0.5)
    assert ride.ride.seconds == 4386 and ride.ride.spread_pct is not None


def test_files_that_cannot_be_counted_are_refused_and_the_others_reported(
    tmp_path: Path,
) -> None:
    good = pattern_ride(OUTDOOR, outdoor=True)
    no_balance = encode_ride(seconds(0, 99, 200, 90))
    no_power = encode_ride(seconds(0, 99, None, 90, RIGHT | 50))
    workout = (CORPUS / "fit" / "ridec__workout-individual-steps.fit").read_bytes()
    report = ridec.balance(
        [
            ("good.fit", good),
            ("cut.fit", good[: len(good) // 2]),
            ("nobalance.fit", no_balance),
            ("nopower.fit", no_power),
            ("plan.fit", workout),
            ("text.fit", b"name: not a ride\n"),
            tmp_path / "missing.fit",
        ]
    )
    assert [r.file for r in report.rides] == ["good.fit"]
    rendered = [p.render().splitlines()[0] for p in report.problems]
    assert all(p.severity is Severity.ERROR for p in report.problems)
    assert rendered == [
        f"cut.fit: offset {len(good) // 2}: error: the FIT file ends early: it was cut short "
        "while copying or recording",
        "nobalance.fit: offset 0: error: nothing to count: the ride has no left/right balance "
        "records",
        "nopower.fit: offset 0: error: nothing to count: the ride has no power records",
        "plan.fit: offset 0: error: a FIT 'workout' file, not a recorded activity",
        "text.fit: offset 0: error: not a FIT file: its header has no '.FIT' mark",
        f"{tmp_path / 'missing.fit'}: error: cannot read the file: no such file or directory",
    ]


def test_folders_are_searched_for_fit_files_in_any_case(tmp_path: Path) -> None:
    (tmp_path / "2024" / "may").mkdir(parents=True)
    ride = pattern_ride((Part(10, 200, 90, 52.0),), outdoor=True)
    (tmp_path / "2024" / "may" / "a.FIT").write_bytes(ride)
    (tmp_path / "2024" / "b.fit").write_bytes(ride)
    (tmp_path / "2024" / "notes.txt").write_text("not a ride")
    report = ridec.balance(tmp_path)
    assert sorted(Path(r.file).name for r in report.rides) == ["a.FIT", "b.fit"]
    empty = tmp_path / "empty"
    empty.mkdir()
    (problem,) = ridec.balance(empty).problems
    assert problem.render().startswith(f"{empty}: error: no .fit files in the folder")


def test_the_api_refuses_what_makes_no_sense() -> None:
    with pytest.raises(DiagnosticError, match="ftp 20 is out of range"):
        ridec.balance(b"", 20)
    with pytest.raises(DiagnosticError, match="setting 'garage'"):
        ridec.balance(b"", setting="garage")


def test_the_api_takes_bytes_names_and_paths_alike() -> None:
    data = EDGE810.read_bytes()
    by_path = ridec.balance(EDGE810).rides[0]
    assert ridec.balance(data).rides[0].ride == by_path.ride
    assert ridec.balance(data).rides[0].file == "<ride>"
    assert ridec.balance([("mine.fit", data)]).rides[0].file == "mine.fit"
    document = ridec.balance(EDGE810).to_json()
    assert document["format"] == "ridec-balance"


def test_a_ride_with_records_on_both_kinds_of_byte_keeps_the_named_ones() -> None:
    records = [
        *[Second(t, 200, 90, RIGHT | 48) for t in range(120)],
        *[Second(t, 200, 90, 30) for t in range(120, 180)],
    ]
    (ride,) = ridec.balance(encode_ride(records)).rides
    assert ride.side is Side.LEFT and ride.other_side_s == 60
    assert ride.ride.share_pct == pytest.approx(52.0, abs=CLOSE)
    assert ride.notes == ("60 s whose balance values do not name the side are left out.",)


def test_a_real_wahoo_ride_whose_balance_never_names_the_side() -> None:
    """The ELEMNT BOLT ride (fitparse's test files) writes left_right_balance without the
    0x80 bit: its share is of a leg it does not name, never reported as left or right."""
    decoder = Decoder(Stream.from_file(str(ELEMNT_BOLT)))
    messages, errors = decoder.read(convert_types_to_strings=False)
    assert errors == []
    records: list[dict[str, Any]] = [dict(r) for r in messages["record_mesgs"]]
    counted = [
        r
        for r in records
        if r.get("power") and r.get("cadence") and r.get("left_right_balance") is not None
    ]
    assert counted and not any(r["left_right_balance"] & 0x80 for r in counted)
    weighted = sum((r["left_right_balance"] & 0x7F) * r["power"] for r in counted)
    share = weighted / sum(r["power"] for r in counted)
    report = ridec.balance(ELEMNT_BOLT)
    (ride,) = report.rides
    assert (ride.side, ride.ride.seconds, ride.ftp) == (Side.UNKNOWN, len(counted), 330)
    assert ride.ride.share_pct == pytest.approx(share, abs=1e-9)
    assert report.setting(Setting.OUTDOOR).rides == 0  # an unnamed leg is not pooled
    document: Any = report.to_json()["rides"]
    assert (document[0]["left_pct"], document[0]["unnamed_pct"]) == (None, round(share, 2))
