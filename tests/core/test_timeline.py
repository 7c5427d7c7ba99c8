"""The shared lowering: repeats, alternates, {i}/{n}, cue times, flag cues, power levels."""

from ridec.model import (
    LAP,
    Alternate,
    Cadence,
    Cue,
    Flag,
    Header,
    Intensity,
    Power,
    PowerUnit,
    Repeat,
    Step,
    Target,
    TargetKind,
    Workout,
)
from ridec.timeline import CueKind, lower
from tests.targets import PCT, steady


def workout(*body: Step | Repeat | Alternate, ftp: int | None = 250) -> Workout:
    return Workout(Header("Test", ftp=ftp), tuple(body))


def test_repeats_unroll_with_absolute_times_and_frames() -> None:
    inner = Repeat(2, (Step(30, steady(120)), Step(30, steady(50))))
    timeline = lower(workout(Step(60, steady(50)), Repeat(3, (inner,))))
    assert len(timeline.steps) == 13
    assert [s.start_s for s in timeline.steps[:4]] == [0, 60, 90, 120]
    assert timeline.duration_s == 60 + 3 * 2 * 60
    last = timeline.steps[-1]
    assert [(f.iteration, f.count) for f in last.frames] == [(3, 3), (2, 2)]
    assert last.frames[0].key != last.frames[1].key


def test_alternate_takes_child_by_iteration_of_innermost_repeat() -> None:
    up = Step(240, steady(80), flags=(Flag.UPSTROKE,))
    down = Step(240, steady(80), flags=(Flag.DOWNSTROKE,))
    timeline = lower(workout(Repeat(3, (Alternate((up, down)), Step(180, steady(55))))))
    flags = [s.flags for s in timeline.steps if s.duration_s == 240]
    assert flags == [(Flag.UPSTROKE,), (Flag.DOWNSTROKE,), (Flag.UPSTROKE,)]


def test_labels_and_cues_fill_iteration_and_count() -> None:
    step = Step(120, steady(75), label="Standing {i}/{n}", cues=(Cue(10, "{i} of {n}"),))
    timeline = lower(workout(Repeat(2, (step,), label="Set {i}")))
    second = timeline.steps[1]
    assert second.label == "Standing 2/2"
    assert [(c.text, c.kind) for c in second.cues] == [
        ("Set 2", CueKind.BLOCK),
        ("2 of 2", CueKind.CUE),
    ]
    assert second.start_texts() == ["Set 2", "Standing 2/2"]


def test_cue_times_are_absolute_and_sorted_negative_from_end() -> None:
    cues = (Cue(15, "late", from_end=True), Cue(20, "early", duration=5))
    timeline = lower(workout(Step(100, steady(50)), Step(120, steady(75), cues=cues)))
    step = timeline.steps[1]
    assert [(c.at_s, c.offset_s, c.text) for c in step.cues] == [
        (120, 20, "early"),
        (205, 105, "late"),
    ]
    assert step.cues[0].duration_s == 5


def test_flag_cue_is_generated_unless_label_or_cue_at_zero_says_it() -> None:
    plain = Step(60, steady(75), flags=(Flag.STANDING,))
    labelled = Step(60, steady(75), flags=(Flag.STANDING,), label="Stand and dance")
    cued = Step(60, steady(75), flags=(Flag.UPSTROKE,), cues=(Cue(0, "Upstroke focus"),))
    steps = lower(workout(plain, labelled, cued)).steps
    assert [c.text for c in steps[0].cues] == ["Stand up"]
    assert [c.kind for c in steps[1].cues] == []
    assert [c.text for c in steps[2].cues] == ["Upstroke focus"]


def test_power_levels_in_percent_and_watts() -> None:
    ramp = Target(TargetKind.RAMP, Power(45, PCT), Power(70, PCT))
    band = Target(TargetKind.RANGE, Power(190, PowerUnit.WATTS), Power(210, PowerUnit.WATTS))
    steps = lower(workout(Step(600, ramp), Step(60, band)), ftp=200).steps
    ramp_pct = steps[0].percent(200)
    assert ramp_pct is not None
    assert (ramp_pct.start, ramp_pct.end, ramp_pct.low, ramp_pct.high) == (45, 70, 45, 70)
    band_w = steps[1].watts(200)
    band_pct = steps[1].percent(200)
    assert band_w is not None and band_pct is not None
    assert (band_w.start, band_w.low, band_w.high) == (200, 190, 210)
    assert (band_pct.start, band_pct.low, band_pct.high) == (100, 95, 105)


def test_conversion_needs_ftp_and_free_has_no_power() -> None:
    steps = lower(workout(Step(60, steady(250, PowerUnit.WATTS)), Step(60), ftp=None)).steps
    assert steps[0].watts(None) is not None
    assert steps[0].percent(None) is None
    assert steps[1].percent(250) is None


def test_lap_steps_have_no_duration_and_take_no_time() -> None:
    timeline = lower(workout(Step(LAP, intensity=Intensity.WARMUP), Step(60, steady(50))))
    assert timeline.steps[0].duration_s is None
    assert timeline.steps[1].start_s == 0
    assert timeline.duration_s == 60


def test_ftp_argument_wins_over_header() -> None:
    assert lower(workout(Step(60, steady(50)), ftp=250), ftp=300).ftp == 300
    assert lower(workout(Step(60, steady(50)), ftp=250)).ftp == 250


def test_zero_repeat_emits_nothing_and_cadence_is_kept() -> None:
    cadence = Cadence(50, 60)
    timeline = lower(workout(Repeat(0, (Step(60),)), Step(30, steady(75), cadence=cadence)))
    assert len(timeline.steps) == 1
    assert timeline.steps[0].cadence == cadence


def test_a_label_of_an_iteration_that_rides_nothing_is_shown_nowhere() -> None:
    # Before: "Hands 1" and "Hands 2" waited for the next step and showed on the cool-down,
    # outside the repeat; an outer label still reaches the first step its iteration rides.
    empty = Repeat(2, (Repeat(0, (Step(30, steady(50)),)),), label="Hands {i}")
    inner = Repeat(1, (Repeat(0, (Step(30, steady(50)),)),), label="Inner")
    outer = Repeat(2, (inner, Step(60, steady(90))), label="Set {i}")
    timeline = lower(workout(empty, outer, Step(600, steady(60), label="Easy")))
    assert [[c.text for c in s.cues] for s in timeline.steps] == [["Set 1"], ["Set 2"], []]
