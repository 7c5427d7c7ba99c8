"""The ERG and MRC writers: golden files, whole-second boundaries, FTP rules, the loss report."""

from __future__ import annotations

from pathlib import Path

import pytest

from ridec.diagnostics import Source, Span
from ridec.formats.base import ConversionError, LossKind, NothingToRideError
from ridec.formats.ergmrc.checker import check
from ridec.formats.ergmrc.course import minutes_text
from ridec.formats.ergmrc.syntax import DATA, data_row, layout
from ridec.formats.ergmrc.writer import (
    LAP_STEP_S,
    header_value,
    number_text,
)
from ridec.model import LAP, Cue, Header, Step, Workout
from ridec.text import one_line
from tests.formats.ergmrc.ergmrc_support import (
    FREE,
    GOLDEN,
    WRITERS,
    degraded,
    eighty_seconds,
    pct,
    render,
    standing,
    steady,
    watts_only,
)

GOLDEN_DIR = Path(__file__).parent / "golden"
CASES = [
    (name, target)
    for name in GOLDEN
    for target in WRITERS
    if (GOLDEN_DIR / f"{name}.{target}").exists()
]


@pytest.mark.parametrize(("name", "target"), CASES)
def test_output_matches_the_golden_file(name: str, target: str) -> None:
    data, _ = render(GOLDEN[name](), target)
    assert data == (GOLDEN_DIR / f"{name}.{target}").read_bytes()


def test_every_golden_case_has_both_files_or_a_reason() -> None:
    # watts_only.mrc cannot exist: MRC needs the FTP to turn watts into % FTP.
    assert len(CASES) == 2 * len(GOLDEN) - 1


@pytest.mark.parametrize(("name", "target"), CASES)
def test_output_passes_the_grammar_with_lf_line_ends(name: str, target: str) -> None:
    data, _ = render(GOLDEN[name](), target)
    assert WRITERS[target].validate(data) == []
    assert check(data, f"out.{target}") == []
    assert b"\r" not in data
    assert data.endswith(b"]\n")


@pytest.mark.parametrize(("name", "target"), CASES)
def test_bytes_are_deterministic(name: str, target: str) -> None:
    first, _ = render(GOLDEN[name](), target)
    second, _ = render(GOLDEN[name](), target)
    assert first == second


def _times_s(data: bytes) -> list[float]:
    shape = layout(data.decode(), "out")
    section = shape.section(DATA)
    assert section is not None
    rows = [data_row(line) for line in section.lines]
    return [row.minutes * 60 for row in rows if row is not None]


@pytest.mark.parametrize("target", ["erg", "mrc"])
def test_eighty_seconds_stay_eighty_seconds(target: str) -> None:
    data, _ = render(eighty_seconds(), target)
    times = _times_s(data)
    assert [round(t) for t in times] == [0, 80, 80, 160, 160, 161, 161, 220]
    assert all(abs(t - round(t)) < 0.005 for t in times)


def test_minutes_land_on_every_whole_second_for_a_day() -> None:
    for seconds in range(0, 24 * 3600 + 1):
        text = minutes_text(seconds)
        assert len(text.split(".")[1]) == 4
        assert round(float(text) * 60) == seconds
        assert abs(float(text) * 60 - seconds) <= 0.003


def test_numbers_round_half_up_and_drop_trailing_zeros() -> None:
    assert number_text(187.5, 0) == "188"
    assert number_text(66.666666, 2) == "66.67"
    assert number_text(75.0, 2) == "75"
    assert number_text(72.5, 2) == "72.5"
    assert number_text(100.0, 0) == "100"


def test_erg_writes_the_ftp_it_converted_with() -> None:
    data, _ = render(eighty_seconds(), "erg", ftp=300)
    text = data.decode()
    assert "FTP = 300\n" in text
    assert "0.0000\t180\n" in text  # 60 % of 300 W


def test_erg_without_ftp_names_the_first_step_in_percent() -> None:
    source = Source("w.ride", "x" * 40)
    span = Span(source, 10, 20)
    workout = Workout(
        Header("No FTP"),
        (Step(60, steady(pct(50)), label="Easy", span=span), Step(60, FREE)),
    )
    with pytest.raises(ConversionError) as caught:
        render(workout, "erg")
    assert str(caught.value) == (
        "step 1 'Easy' has a target in % FTP and ERG is written in watts: the FTP is unknown"
    )
    assert caught.value.span is span


def test_erg_free_ride_without_ftp_is_a_conversion_error() -> None:
    workout = Workout(Header("Free"), (Step(60, FREE),))
    with pytest.raises(ConversionError, match=r"step 1 is a free ride, which ERG writes at 50 %"):
        render(workout, "erg")


def test_erg_in_watts_needs_no_ftp_and_writes_none() -> None:
    data, _ = render(watts_only(), "erg")
    assert b"FTP =" not in data


def test_mrc_with_watts_and_no_ftp_names_the_step() -> None:
    with pytest.raises(ConversionError, match=r"^step 1 has a target in watts and MRC"):
        render(watts_only(), "mrc")


def test_mrc_converts_watts_with_the_ftp() -> None:
    data, _ = render(watts_only(), "mrc", ftp=200)
    assert b"0.0000\t50\n5.0000\t100\n5.0000\t90\n" in data


def test_losses_are_reported_once_each() -> None:
    _, report = render(standing(), "erg")
    losses = [(e.kind, e.feature, e.became) for e in report.losses()]
    assert losses == [
        (LossKind.DEGRADED, "power range 50%-60%", "its midpoint with a cue 'Power 50-60%'"),
        (LossKind.DEGRADED, "description", "one line without tabs or '='"),
        (LossKind.DEGRADED, "cadence 85-95 rpm", "a cue 'Cadence 85-95 rpm'"),
        (LossKind.DEGRADED, "cadence 50-60 rpm", "a cue 'Cadence 50-60 rpm'"),
        (LossKind.DEGRADED, "cadence 90 rpm", "a cue 'Cadence 90 rpm'"),
        (LossKind.DROPPED, "author", None),
        (LossKind.DROPPED, "step intensities (cooldown, interval, recovery, warmup)", None),
    ]


def test_free_ride_max_effort_lap_and_odd_texts_are_reported() -> None:
    _, report = render(degraded(), "mrc")
    features = {e.feature: e.became for e in report.losses()}
    assert features == {
        "workout name 'Odd = names\\there'": "'Odd - names here'",
        "lap-button step": f"a fixed {LAP_STEP_S} s step",
        "free ride": "a steady 50 % FTP with a cue 'Free ride'",
        "maximal effort": "a steady 50 % FTP with a cue 'Max effort'",
        "power range 190w-210w": "its midpoint with a cue 'Power 190-210 W'",
        "numeric text '42'": "the text in quotes",
    }


def test_an_empty_workout_is_refused() -> None:
    with pytest.raises(NothingToRideError, match="the workout has no steps"):
        render(Workout(Header("Empty", ftp=200), ()), "mrc")


def test_texts_lose_every_kind_of_line_break_and_control() -> None:
    assert one_line("a\tb\r\nc\u2028d\x85e\x00f\x1cg  h") == "a b c d e f g h"
    assert header_value("2x20 = hard\nday") == "2x20 - hard day"


def test_a_cue_past_a_lap_steps_fixed_length_moves_inside_it() -> None:
    workout = Workout(
        Header("Lap", ftp=200),
        (Step(LAP, steady(pct(50)), cues=(Cue(400, "Late"),)), Step(60, steady(pct(60)))),
    )
    data, report = render(workout, "mrc")
    assert b"\n299\tLate\t1\n" in data
    assert [(e.feature, e.became) for e in report.losses()][-1] == (
        "cue 'Late' at 400 s",
        f"shown at 299 s, inside the step's {LAP_STEP_S} s",
    )
