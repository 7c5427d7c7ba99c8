"""Review figures against synthetic rides whose every figure is known exactly."""

from __future__ import annotations

import pytest

from ridec.model import FREE, Flag, Intensity
from ridec.review.activity import Activity, Balance, parse_activity
from ridec.review.align import AlignmentError, AlignMode, align
from ridec.review.render import review_json, ridden_series
from ridec.review.report import Review, review
from ridec.timeline import Timeline
from tests.review.review_rides import RIGHT, encode_ride, seconds, synthetic_ride
from tests.stats.stats_builders import pct, pct_ramp, pct_range, step, timeline

FTP = 200  # so 1 % FTP is 2 W and the default +/- 5 % band is +/- 10 W


def _plan() -> Timeline:
    """Five steps, 330 s: steady, standing, ramp (upstroke), range (downstroke), free."""
    return timeline(
        step(60, pct(50), rpm=(90, 90), label="Easy"),
        step(120, pct(75), intensity=Intensity.INTERVAL, rpm=(50, 60), flags=(Flag.STANDING,)),
        step(60, pct_ramp(50, 100), flags=(Flag.UPSTROKE,)),
        step(60, pct_range(80, 90), rpm=(60, 70), flags=(Flag.DOWNSTROKE,)),
        step(30, FREE),
        ftp=FTP,
    )


def _ride() -> Activity:
    """The ride for `_plan` (see `synthetic_ride` for every second of it)."""
    return parse_activity(synthetic_ride(), "ride.fit")


@pytest.fixture(scope="module")
def result() -> Review:
    plan = _plan()
    ride = _ride()
    return review(plan, ride, align(plan, ride))


def test_reading_the_ride() -> None:
    ride = _ride()
    assert ride.paused_s == 90
    assert ride.dropped == 3  # the repeated second and the two records inside the pause
    assert len(ride.samples) == 60 + 110 + 60 + 60 + 30 + 10
    assert [s.second for s in ride.samples][:3] == [0, 1, 2]
    assert ride.samples[5].power == 100  # the first record of a second wins
    assert ride.laps == ()
    assert (ride.has_power, ride.has_cadence, ride.has_balance) == (True, True, True)


def test_balance_byte() -> None:
    # The left_right_balance_100 form every balance is read into (a uint8 byte: percent x 100)
    assert Balance(0x8000 | 5200).right == 52.0
    assert Balance(0x8000 | 5200).side_known
    assert Balance(4700).right is None
    assert Balance(4700).percent == 47.0
    assert Balance(0x8000 | 5051).right == 50.51
    assert Balance(0x8000).right == 0.0


def test_alignment_from_the_first_record(result: Review) -> None:
    assert result.alignment.mode is AlignMode.START
    assert [(w.start_s, w.end_s) for w in result.alignment.windows] == [
        (0, 60),
        (60, 180),
        (180, 240),
        (240, 300),
        (300, 330),
    ]


def test_steady_step(result: Review) -> None:
    a = result.steps[0]
    assert a.recorded_s == 60
    assert a.average_power == pytest.approx((40 * 100 + 20 * 120) / 60)
    assert a.in_band_pct == pytest.approx(100 * 40 / 60)
    assert a.average_cadence == pytest.approx((30 * 90 + 30 * 96) / 60)
    assert a.in_cadence_pct == pytest.approx(50.0)  # 96 rpm is outside 90 +/- 5
    assert a.balance.right_pct == pytest.approx(52.0)
    assert a.balance.left_pct == pytest.approx(48.0)
    assert a.balance.side_s == 60
    assert a.balance.text() == "L 48.0 / R 52.0"


def test_gap_is_left_out_of_the_denominators(result: Review) -> None:
    b = result.steps[1]
    assert b.window.seconds == 120
    assert b.recorded_s == 110
    assert b.power_s == 110
    assert b.in_band_pct == pytest.approx(100 * 80 / 110)  # 165 W is above 150 + 10
    assert b.average_power == pytest.approx((80 * 150 + 30 * 165) / 110)
    assert b.in_cadence_pct == pytest.approx(100 * 70 / 110)
    weighted = (80 * 150 * 50 + 30 * 165 * 56) / (80 * 150 + 30 * 165)
    assert b.balance.right_pct == pytest.approx(weighted)


def test_ramp_across_a_pause_and_unnamed_balance(result: Review) -> None:
    c = result.steps[2]
    assert c.recorded_s == 60
    # Target 100 + 100 (k + 0.5) / 60 W is within 150 +/- 10 for k = 24..35.
    assert c.in_band_pct == pytest.approx(100 * 12 / 60)
    assert c.in_cadence_pct is None  # no cadence target
    assert c.average_cadence == pytest.approx(75.0)
    assert c.balance.right_pct is None
    assert c.balance.unnamed_pct == pytest.approx(47.0)
    assert c.balance.unnamed_s == 60
    assert c.balance.text() == "47.0 % (side unknown)"


def test_range_zero_power_and_missing_cadence(result: Review) -> None:
    d = result.steps[3]
    assert d.target_w is not None
    assert (d.target_w.low, d.target_w.high) == (160.0, 180.0)
    assert d.in_band_pct == pytest.approx(100 * 55 / 60)
    assert d.cadence_s == 0
    assert d.average_cadence is None
    assert d.in_cadence_pct is None
    assert d.balance.side_s == 55  # the 0 W seconds say nothing about the legs
    assert d.balance.right_pct == pytest.approx(49.0)


def test_free_ride_has_no_band(result: Review) -> None:
    e = result.steps[4]
    assert e.target_w is None
    assert e.in_band_pct is None
    assert e.average_power == pytest.approx(200.0)
    assert e.balance.right_pct == pytest.approx(53.0)


def test_summary(result: Review) -> None:
    summary = result.summary
    assert summary.planned_s == 330
    assert summary.recorded_s == 320
    assert summary.outside_s == 10
    assert summary.in_band_pct == pytest.approx(100 * (40 + 80 + 12 + 55) / (60 + 110 + 60 + 60))
    assert summary.in_cadence_pct == pytest.approx(100 * (30 + 70) / (60 + 110))
    groups = dict(summary.balance_groups)
    assert groups["standing"].right_pct == pytest.approx(result.steps[1].balance.right_pct)
    assert groups["upstroke"].right_pct is None
    assert groups["upstroke"].unnamed_pct == pytest.approx(47.0)
    assert groups["downstroke"].right_pct == pytest.approx(49.0)
    other = (52 * (40 * 100 + 20 * 120) + 53 * 30 * 200) / (40 * 100 + 20 * 120 + 30 * 200)
    assert groups["other"].right_pct == pytest.approx(other)
    assert groups["other"].side_s == 90
    assert summary.balance.side_s == 60 + 110 + 55 + 30
    assert summary.balance.unnamed_s == 60


def test_json(result: Review) -> None:
    data = review_json(result)
    assert data["alignment"] == {"mode": "start", "note": result.alignment.note}
    assert data["recorded"] == {"power": True, "cadence": True, "balance": True}
    assert data["paused_s"] == 90
    steps = data["steps"]
    assert isinstance(steps, list)
    assert steps[0]["in_band_pct"] == 66.7
    assert steps[0]["balance"]["left_pct"] == 48.0
    assert steps[3]["target_w"] == {"start": 170.0, "end": 170.0, "low": 160.0, "high": 180.0}


def test_ridden_series_follows_the_plan(result: Review) -> None:
    runs = ridden_series(_plan(), _ride(), result)
    # One run per step, step B starting after its 10-s gap.
    assert len(runs) == 5
    assert runs[1][0][0] == pytest.approx(70.5)
    assert runs[4][-1] == pytest.approx((329.5, 100.0))  # 200 W is 100 % FTP


def test_offset() -> None:
    plan = timeline(step(30, pct(50)), step(30, pct(100)), ftp=FTP)
    ride = parse_activity(
        encode_ride(seconds(0, 19, 0, 0, RIGHT) + seconds(20, 49, 100) + seconds(50, 79, 200)),
        "offset.fit",
    )
    shifted = review(plan, ride, align(plan, ride, AlignMode.OFFSET, 20))
    assert [r.in_band_pct for r in shifted.steps] == [100.0, 100.0]
    assert shifted.summary.outside_s == 20
    assert shifted.alignment.mode is AlignMode.OFFSET
    unshifted = review(plan, ride, align(plan, ride))
    assert unshifted.steps[0].in_band_pct == pytest.approx(100 * 10 / 30)


def _lap_plan() -> Timeline:
    return timeline(step(60, pct(50)), step(None, pct(60)), step(60, pct(80)), ftp=FTP)


def test_laps_line_up_steps_including_a_lap_button_step() -> None:
    records = seconds(0, 60, 100, 90) + seconds(61, 105, 120, 90) + seconds(106, 179, 160, 90)
    ride = parse_activity(
        encode_ride(records, laps=[(0, 61), (61, 106), (106, 166), (166, 180)]), "laps.fit"
    )
    plan = _lap_plan()
    alignment = align(plan, ride)
    assert alignment.mode is AlignMode.LAPS
    assert [(w.start_s, w.end_s) for w in alignment.windows] == [(0, 61), (61, 106), (106, 166)]
    result = review(plan, ride, alignment)
    assert [r.in_band_pct for r in result.steps] == [100.0, 100.0, 100.0]
    assert [r.recorded_s for r in result.steps] == [61, 45, 60]
    assert result.summary.outside_s == 14


def test_laps_that_do_not_match_fall_back_to_the_first_record() -> None:
    records = seconds(0, 179, 100)
    plan = _lap_plan()
    long_lap = parse_activity(encode_ride(records, laps=[(0, 90), (90, 120), (120, 180)]), "a")
    alignment = align(plan, long_lap)
    assert alignment.mode is AlignMode.START
    assert "last other than the plan's steps" in alignment.note
    assert "--align laps" in alignment.note
    forced = align(plan, long_lap, AlignMode.LAPS)
    assert [(w.start_s, w.end_s) for w in forced.windows] == [(0, 90), (90, 120), (120, 180)]
    few = parse_activity(encode_ride(records, laps=[(0, 180)]), "b")
    assert "1 laps do not match the plan's 3 steps" in align(plan, few).note
    with pytest.raises(AlignmentError, match="has 1 laps and the plan 3 steps"):
        align(plan, few, AlignMode.LAPS)


def test_a_ride_with_power_only() -> None:
    plan = timeline(step(60, pct(50), rpm=(90, 90)), ftp=FTP)
    ride = parse_activity(encode_ride(seconds(0, 59, 100)), "power-only.fit")
    result = review(plan, ride, align(plan, ride))
    assert (result.has_power, result.has_cadence, result.has_balance) == (True, False, False)
    assert result.steps[0].in_band_pct == 100.0
    assert result.steps[0].in_cadence_pct is None
    assert result.steps[0].balance.text() == "-"
    assert any("no cadence or left/right balance records" in note for note in result.notes)


def test_a_ride_without_power() -> None:
    plan = timeline(step(60, pct(50), rpm=(85, 95)), ftp=FTP)
    ride = parse_activity(encode_ride(seconds(0, 59, None, 88)), "cadence-only.fit")
    result = review(plan, ride, align(plan, ride))
    assert not result.has_power
    assert result.steps[0].average_power is None
    assert result.steps[0].in_band_pct is None
    assert result.steps[0].in_cadence_pct == 100.0
    assert any("no power or left/right balance records" in note for note in result.notes)
