"""The writer's own check on the course it printed (`course.Course.proven_clean`).

Sound: whatever a course holds, when it is proven clean the grammar finds nothing in its
printed bytes. Useful: the writer's courses are proven clean, so its bytes are not read
back. Bytes that are not the very object the writer made are read by the grammar.
"""

from __future__ import annotations

from typing import TypeVar

from bench.generate import generate
from hypothesis import given, settings
from hypothesis import strategies as st

from ridec.formats.base import CompileOptions, Fidelity
from ridec.formats.ergmrc.checker import problems
from ridec.formats.ergmrc.course import Course, TextRow
from ridec.formats.ergmrc.writer import ErgWriter, MrcWriter
from ridec.language import bind, parse
from ridec.timeline import lower

RISKY = st.text(st.sampled_from("aZ 0.9-+,:;=\t\r\n\x0b\x1c\u2028[]%\"'é"), max_size=8)
"""Characters the grammar gives a meaning to, and some it does not."""
PLAIN = st.text(st.sampled_from("aZ 0.9-+,:;[]%\"'é\x0b\x1c\u2028"), max_size=8)
"""The same without TABs, line ends and `=`: what the writer's header values hold."""
WORDS = st.builds(str.__add__, st.sampled_from("aZé\"["), PLAIN)
"""What the writer's cue texts hold: not only a number."""
UNITS = st.sampled_from(["WATTS", "PERCENT", "FTP", "KJ"])
T = TypeVar("T")


def mostly(usual: st.SearchStrategy[T], odd: st.SearchStrategy[T]) -> st.SearchStrategy[T]:
    """`usual` nine times in ten: a course must be clean often for the property to say much."""
    return st.integers(0, 9).flatmap(lambda n: odd if n == 0 else usual)


@st.composite
def times(draw: st.DrawFn) -> list[int]:
    """Seconds of data rows: mostly from 0 and never going back, sometimes not."""
    steps = draw(st.lists(mostly(st.integers(0, 120), st.integers(-2, 0)), max_size=6))
    clock = draw(mostly(st.just(0), st.integers(-3, 60)))
    found = []
    for step in steps:
        found.append(clock)
        clock += step
    return found


@st.composite
def courses(draw: st.DrawFn) -> Course:
    """A course of any values: mostly what a writer could print, sometimes anything."""
    keys = mostly(st.sampled_from(["VERSION", "DESCRIPTION", "FILE NAME"]), RISKY)
    settings_ = tuple(draw(st.lists(st.tuples(keys, mostly(PLAIN, RISKY)), max_size=4)))
    numbers = st.sampled_from(["0", "75", "72.5", ".5", "3."])
    values = mostly(numbers, st.sampled_from(["-5", "1e3", "NaN", "250%", "", " 7"]) | RISKY)
    data = tuple((second, draw(values)) for second in draw(times()))
    seconds = mostly(st.integers(0, 500), st.integers(-2, 0))
    texts = st.builds(TextRow, seconds, mostly(WORDS, RISKY), seconds)
    unit = draw(mostly(st.sampled_from(["WATTS", "PERCENT"]), UNITS))
    return Course(settings_, unit, data, tuple(draw(st.lists(texts, max_size=4))))


@settings(max_examples=600, deadline=None)
@given(courses(), st.booleans(), UNITS)
def test_a_course_proven_clean_prints_bytes_the_grammar_finds_clean(
    course: Course, its_own_unit: bool, other: str
) -> None:
    unit = course.unit_word if its_own_unit else other
    if course.proven_clean(unit):
        assert problems(course.printed(), unit) == []


def test_a_clean_course_is_proven_clean_and_each_flaw_is_not() -> None:
    rows = ((0, "75"), (60, "75"), (60, "80.5"), (120, "80.5"))
    clean = Course((("VERSION", "2"), ("DESCRIPTION", "Tempo [x] ; y")), "WATTS", rows, ())
    texts = (TextRow(0, "Cadence 90 rpm", 10), TextRow(60, '"12"', 5))
    assert clean.proven_clean("WATTS") and problems(clean.printed(), "WATTS") == []
    assert Course(clean.settings, "WATTS", rows, texts).proven_clean("WATTS")
    flawed = [
        Course(clean.settings, "PERCENT", rows, ()),  # not the unit asked for
        Course((("DESCRIPTION", "a = b"),), "WATTS", rows, ()),
        Course((("DESCRIPTION", "a\tb"),), "WATTS", rows, ()),
        Course((("DESCRIPTION", "a\nMINUTES PERCENT"),), "WATTS", rows, ()),
        Course(clean.settings, "WATTS", ((0, "75"), (60, "-5")), ()),
        Course(clean.settings, "WATTS", ((60, "75"), (120, "75")), ()),  # not from 0
        Course(clean.settings, "WATTS", ((0, "75"), (60, "75"), (30, "75")), ()),  # back
        Course(clean.settings, "WATTS", (), ()),
        Course(clean.settings, "WATTS", rows, (TextRow(0, "12", 10),)),  # only a number
        Course(clean.settings, "WATTS", rows, (TextRow(0, "  ", 10),)),
        Course(clean.settings, "WATTS", rows, (TextRow(0, "a\tb", 10),)),
        Course(clean.settings, "WATTS", rows, (TextRow(0, "a\rb", 10),)),
        Course(clean.settings, "WATTS", rows, (TextRow(-1, "a", 10),)),
    ]
    for course in flawed:
        assert not course.proven_clean("WATTS"), course
        assert problems(course.printed(), "WATTS") != [], course


def test_the_writers_courses_are_proven_clean_and_the_grammar_agrees() -> None:
    options = CompileOptions()
    for stem, source in generate(40, seed=23):
        timeline = lower(bind(parse(source, f"{stem}.ride"), None), 250)
        for writer in (ErgWriter(), MrcWriter()):
            data = writer.render(timeline, options, Fidelity(writer.name))
            course = writer.made.of(data)
            assert course is not None and course.printed() == data
            assert course.proven_clean(writer.FORMAT_WORD), stem
            assert problems(data, writer.FORMAT_WORD) == []


def test_bytes_not_made_by_the_writer_are_read_by_the_grammar() -> None:
    timeline = lower(bind(parse("name: T\nftp: 200\n10m 75%\n", "t.ride"), None))
    writer = ErgWriter()
    data = writer.render(timeline, CompileOptions(), Fidelity("erg"))
    copy = bytes(bytearray(data))
    assert writer.made.of(copy) is None and writer.validate(copy) == []
    broken = data.replace(b"\t150\n", b"\t-150\n", 1)
    assert broken != data
    assert any("expected a data row" in problem for problem in writer.validate(broken))
