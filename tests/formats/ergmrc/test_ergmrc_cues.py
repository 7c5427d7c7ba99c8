"""`[COURSE TEXT]` rows: the reader and the checker accept and refuse the same ones.

A row `ridec import` reads is never an error of `ridec validate`, and a row `validate`
refuses is never read: both go through one grammar (`ridec.formats.ergmrc.cues`). Forms
other players read differently are warnings. A section whose durations have fractions is
timed in minutes, as sportloop's sample is."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ridec.diagnostics import DiagnosticError, Severity
from ridec.formats.ergmrc.checker import Rule, check
from ridec.formats.ergmrc.cues import MAX_CUE_S
from ridec.formats.ergmrc.reader import MAX_DATA_ROWS, MAX_STEP_S, read
from ridec.timeline import lower
from tests.paths import CORPUS

WARNED = Path(__file__).parent / "warned"
WARNED_CASES = sorted(p for p in WARNED.iterdir() if p.suffix in (".erg", ".mrc"))
HEAD = "[COURSE HEADER]\nMINUTES WATTS\n[END COURSE HEADER]\n[COURSE DATA]\n0\t100\n10\t100\n"


def course(*rows: str) -> bytes:
    body = "".join(f"{row}\n" for row in rows)
    return f"{HEAD}[END COURSE DATA]\n[COURSE TEXT]\n{body}[END COURSE TEXT]\n".encode()


def reader_accepts(data: bytes) -> bool:
    try:
        read(data, "t.erg")
    except DiagnosticError:
        return False
    return True


def checker_errors(data: bytes) -> list[str]:
    return [
        p.diagnostic.render()
        for p in check(data, "t.erg")
        if p.diagnostic.severity is Severity.ERROR
    ]


def cues(data: bytes) -> list[tuple[int, str, int | None]]:
    """Every text of the course as (second, text, duration): labels (None) and cues."""
    found: list[tuple[int, str, int | None]] = []
    for step in lower(read(data, "t.erg")).steps:
        if step.label:
            found.append((step.start_s, step.label, None))
        found += [(cue.at_s, cue.text, cue.duration_s) for cue in step.cues]
    return found


ROWS = [
    ("60\tGo\t10", True),  # what ridec writes
    ("60.4\tGo\t10", True),  # a time between seconds: the nearest second
    ("60 Go now 10", True),  # spaces, as GoldenCheetah reads them
    ("60\tGo", True),  # no duration: shown for the default time
    ("60 Go", True),
    ("60\t10\tGo now", True),  # TrainerRoad's older order
    ("60\tGo\t10\tArial", True),  # a font column
    ("60\t42\t10", True),  # a numeric text: a warning
    ("1.5\tGo\t0.25", True),  # minutes
    ("now\tGo\t10", False),
    ("now Go 10", False),
    ("60\t\t10", False),  # an empty text
    ("60\tGo\tsoon", False),  # neither layout
    ("60", False),
    (f"{MAX_CUE_S}\tGo\t10", False),  # out of range
    ("60\tGo\t" + "9" * 400, False),
]


@pytest.mark.parametrize(("row", "accepted"), ROWS, ids=[r for r, _ in ROWS])
def test_reader_and_checker_agree_on_each_form(row: str, accepted: bool) -> None:
    data = course(row)
    assert reader_accepts(data) is accepted
    assert (checker_errors(data) == []) is accepted, checker_errors(data)


WORDS = st.sampled_from(["60", "0", "1.5", "0.25", "10", "Go", "now", "42", "", " ", "9" * 12])


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=5), st.lists(st.sampled_from(["\t", " "]), max_size=4))
def test_reader_accepts_exactly_what_the_checker_does_not_refuse(
    words: list[str], separators: list[str]
) -> None:
    row = words[0] + "".join(sep + word for sep, word in zip(separators, words[1:], strict=False))
    if not row.strip(" \t"):
        return  # a blank line is no row
    data = course(row)
    assert reader_accepts(data) is (checker_errors(data) == []), (row, checker_errors(data))


def test_the_cue_bound_is_the_readers() -> None:
    assert MAX_CUE_S == MAX_STEP_S * MAX_DATA_ROWS


@pytest.mark.parametrize("case", WARNED_CASES, ids=lambda p: p.name)
def test_a_warned_form_is_read_and_only_warned_about(case: Path) -> None:
    found = check(case.read_bytes(), case.name)
    rendered = "\n".join(f"[{p.rule}] {p.diagnostic.render()}" for p in found) + "\n"
    assert rendered == case.with_name(case.name + ".expected").read_text()
    assert {(p.rule, p.diagnostic.severity) for p in found} == {(Rule.TEXT_ROW, Severity.WARNING)}
    assert cues(case.read_bytes())  # read, its texts kept


def test_forms_read_as_they_say() -> None:
    assert cues(course("60\tGo\t5")) == [(60, "Go", 5)]
    assert cues(course("60\t5\tGo now")) == [(60, "Go now", 5)]
    assert cues(course("60\tRide 5")) == [(60, "Ride 5", None)]  # no duration column
    assert cues(course("60 Go now 5")) == [(60, "Go now", 5)]
    assert cues(course("60\tGo\t5\tArial")) == [(60, "Go", 5)]


def test_a_section_timed_in_minutes_is_read_in_minutes() -> None:
    path = CORPUS / "ergmrc" / "sportloop__Sample Instructions.mrc"
    assert cues(path.read_bytes()) == [
        (15, "Welcome to this 120 minute tempo workout session...", 15),
        (30, "It's going to simulate two long sessions of climbing", 15),
        (45, "Make sure to stay hydrated", 15),
        (285, "Your first 55 minutes are approaching", 9),
        (294, "Let's begin!", None),  # 6 s, the default: to the step's end
    ]
    assert checker_errors(path.read_bytes()) == []
    # whole durations keep the section in seconds, fractional times and all
    assert cues(course("1.5\tGo\t5", "2\tNow\t5")) == [(2, "Go", 5), (2, "Now", 5)]
