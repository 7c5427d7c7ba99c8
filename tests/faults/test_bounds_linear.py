"""Paths that were quadratic, pinned by what they do rather than by how long they take.

Speed itself is measured in `bench/`; these tests count the work: a source's line starts
are found once however many diagnostics it has, a ride's clock costs a binary search per
record however many pauses it has, and the ERG interval filter gives what comparing every
pair gave. (Before: 86,000 cue warnings took minutes to print, 20,000 pauses took minutes to
review, and ZWO files with 86,000 text events compiled in quadratic time.)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import ridec.diagnostics
from ridec.cli import app
from ridec.diagnostics import Source, Span, error
from ridec.formats.ergmrc.reader import _Interval
from ridec.review.activity import _Clock

runner = CliRunner()


def spy(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    """Count the calls of `module.name`."""
    calls: list[int] = []
    real: Callable[..., Any] = getattr(module, name)

    def counted(*args: Any) -> Any:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(module, name, counted)
    return calls


def naive_line_col(text: str, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(text)))
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


@given(st.text(alphabet="ab\n\r\t"), st.lists(st.integers(-2, 40), max_size=10))
def test_locations_are_what_counting_from_the_start_gives(text: str, offsets: list[int]) -> None:
    source = Source("t.ride", text)
    for offset in offsets:
        assert source.line_col(offset) == naive_line_col(text, offset)
        start = text.rfind("\n", 0, max(0, min(offset, len(text)))) + 1
        end = text.find("\n", start)
        assert source.line_text(offset) == text[start : end if end >= 0 else len(text)].rstrip("\r")


def test_a_thousand_diagnostics_find_the_line_starts_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = spy(monkeypatch, ridec.diagnostics, "line_starts_of")
    text = "".join(f"line {n}\n" for n in range(1000))
    source = Source("many.ride", text)
    rendered = [error("x", Span(source, at, at + 1)).render() for at in range(0, len(text), 7)]
    assert len(rendered) > 1000
    assert rendered[-1].startswith("many.ride:1000:")
    assert len(calls) == 1


def test_a_zwo_with_many_text_events_compiles_with_one_line_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = "".join(f'<textevent timeoffset="{n}" message="t{n}"/>\n' for n in range(1, 2001))
    zwo = tmp_path / "texts.zwo"
    zwo.write_text(
        "<workout_file><name>t</name><sportType>bike</sportType><workout>\n"
        f'<SteadyState Duration="3600" Power="0.5">\n{texts}</SteadyState>\n'
        "</workout></workout_file>\n"
    )
    calls = spy(monkeypatch, ridec.diagnostics, "line_starts_of")
    out = str(tmp_path / "out")
    result = runner.invoke(app, ["compile", str(zwo), "-t", "fit", "-o", out, "-v"])
    assert result.exit_code == 0, result.stderr
    # One note per text event (FIT has no timed messages), all located in the ZWO (-v)...
    assert result.stderr.count("becomes a step note") == 2000
    # ... and one index of its lines for all of them (not one count from the start each).
    assert len(calls) <= 2


class Counted(int):
    """A FIT time (seconds) that counts the comparisons made between times."""

    comparisons: ClassVar[int] = 0

    def __lt__(self, other: int) -> bool:
        Counted.comparisons += 1
        return super().__lt__(other)

    def __gt__(self, other: int) -> bool:
        Counted.comparisons += 1
        return super().__gt__(other)


START = 1_000_000_000
"""A FIT time (2021-09-09): the ride's first record."""


def at(seconds: int) -> Counted:
    """The time `seconds` after START, counting its comparisons."""
    return Counted(START + seconds)


def clock_work(pauses: int) -> int:
    """Comparisons to clock a ride of `pauses` pauses with a record every 3 s."""
    Counted.comparisons = 0
    clock = _Clock(at(0))
    for n in range(pauses):
        assert not clock.paused(at(3 * n))
        assert clock.second(at(3 * n)) == n
        clock.stop(at(3 * n))
        assert clock.paused(at(3 * n + 1))
        clock.resume(at(3 * n + 2))
    return Counted.comparisons


def test_the_ride_clock_does_a_binary_search_per_record_not_a_scan() -> None:
    small, large = clock_work(500), clock_work(4000)
    # n log n grows 8 x 1.3 here; comparing with every pause so far would grow 64 x.
    assert large < 12 * small


def test_timer_events_going_back_in_time_are_ignored_and_counted() -> None:
    clock = _Clock(at(0))
    clock.stop(at(10))
    clock.resume(at(20))
    clock.stop(at(15))  # inside the pause before: ignored
    clock.resume(at(30))  # no pause is open: nothing to end
    assert clock.ignored == 1
    assert clock.second(at(40)) == 30


def pairwise(intervals: list[_Interval]) -> list[_Interval]:
    """The filter as it was: drop every interval that spans another (not the same) one."""

    def inside(inner: _Interval, outer: _Interval) -> bool:
        same = (inner.start, inner.end) == (outer.start, outer.end)
        return outer.start <= inner.start and inner.end <= outer.end and not same

    return [i for i in intervals if not any(inside(other, i) for other in intervals)]


@given(st.lists(st.tuples(st.integers(0, 20), st.integers(1, 10)), max_size=12))
def test_the_interval_sweep_drops_what_comparing_every_pair_dropped(
    pairs: list[tuple[int, int]],
) -> None:
    from ridec.formats.ergmrc.reader import _spanning  # here: the module still runs on older code

    source = Source("t.mrc", "")
    intervals = [_Interval(float(a), float(a + b), "", Span(source, 0, 0)) for a, b in pairs]
    spanning = _spanning(intervals)
    assert [i for i in intervals if (i.start, i.end) not in spanning] == pairwise(intervals)
