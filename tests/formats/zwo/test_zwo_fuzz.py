"""Hostile and damaged ZWO input: only a DiagnosticError or a clean import, never a crash.

A clean import must also write back to a valid ZWO, so nothing half-read reaches a writer.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ridec.diagnostics import DiagnosticError, Severity
from ridec.formats.base import CompileOptions
from ridec.formats.zwo.checker import MAX_BYTES
from ridec.formats.zwo.reader import read, read_zwo
from ridec.formats.zwo.xmlsource import MAX_REPORTS
from ridec.limits import MAX_STEPS
from tests.formats.zwo.zwo_support import CORPUS_FILES, render
from tests.paths import CORPUS

SAMPLES = [p.read_bytes() for p in CORPUS_FILES if p.stat().st_size]


def survives(data: bytes) -> str:
    """'error' or 'read'; anything else (an exception, an invalid write) fails the test."""
    try:
        workout = read(data, "fuzz.zwo")
    except DiagnosticError as exc:
        assert exc.diagnostics, "a DiagnosticError must carry a diagnostic"
        for diagnostic in exc.diagnostics:
            diagnostic.render()
        return "error"
    render(workout, CompileOptions(ascii_text=False))
    return "read"


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "duplicate"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "truncate":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from([b"<", b">", b'"', b"&", b"\x00", b"\xff", b"</a>"]))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 20))]
        else:
            data[at:at] = data[at : at + draw(st.integers(1, 200))]
    return bytes(data)


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated())
def test_mutated_corpus_files_read_or_fail_cleanly(data: bytes) -> None:
    assert survives(data) in ("error", "read")


def test_truncation_at_every_offset_of_one_file() -> None:
    data = (CORPUS / "zwo" / "nene__bike-varia.zwo").read_bytes()
    outcomes = {survives(data[:end]) for end in [*range(0, len(data), 7), len(data)]}
    assert outcomes == {"error", "read"}


BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
        for n in range(1, 10)
    )
    + b"]><workout_file><name>&lol9;</name><workout/></workout_file>"
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (BOMB, "DOCTYPE declarations are not allowed"),
        (
            b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<workout_file><name>&x;</name><workout/></workout_file>",
            "DOCTYPE declarations are not allowed",
        ),
        (
            b'<workout_file><name>x</name><workout><!ENTITY x SYSTEM "http://example.invalid/">'
            b"</workout></workout_file>",
            "ENTITY declarations are not allowed",
        ),
        (b"<a>" * 100_000 + b"</a>" * 100_000, "not well-formed XML"),
        (b" " * (MAX_BYTES + 1), "larger than"),
        (b"<workout_file\x00><name>x</name><workout/></workout_file>", "Char 0x0 out of allowed"),
        (b"\xff\xfe<\x00w\x00", "not well-formed XML"),
        (
            b"<workout_file><name>x</name><workout>"
            + b'<IntervalsT Repeat="500" OnDuration="1" OffDuration="1" OnPower="1" OffPower="1"/>'
            * (MAX_STEPS // 1000 + 1)
            + b"</workout></workout_file>",
            f"more than {MAX_STEPS:,} steps",
        ),
        (
            b"<workout_file><name>x</name><workout><x:a/></workout></workout_file>",
            "Namespace prefix",
        ),
    ],
    ids=[
        "entity-bomb",
        "external-entity",
        "entity-in-body",
        "deep-nesting",
        "too-large",
        "nul",
        "utf16-broken",
        "too-many-steps",
        "undeclared-prefix",
    ],
)
def test_hostile_input_is_refused_with_a_diagnostic(data: bytes, expected: str) -> None:
    with pytest.raises(DiagnosticError) as caught:
        read(data, "evil.zwo")
    assert expected in "\n".join(d.render() for d in caught.value.diagnostics)


def test_huge_attribute_is_read_without_trouble() -> None:
    """Read in linear time; refused by the text limit (10,000 characters), located, before
    anything is written from it."""
    message = b"x" * 1_000_000
    data = (
        b'<workout_file><name>x</name><workout><SteadyState Duration="60" Power="1">'
        b'<textevent timeoffset="0" message="' + message + b'"/></SteadyState></workout>'
        b"</workout_file>"
    )
    workout = read(data, "evil.zwo")
    with pytest.raises(DiagnosticError, match="1,000,000 characters long; a text has at most"):
        render(workout, CompileOptions(ascii_text=False))  # the limits, checked before lowering
    assert survives(data.replace(message, b"x" * 10_000)) == "read"


def test_huge_number_is_refused() -> None:
    data = b'<workout_file><name>x</name><workout><SteadyState Duration="' + b"9" * 100_000
    data += b'" Power="1"/></workout></workout_file>'
    with pytest.raises(DiagnosticError, match="is not a number"):
        read(data, "evil.zwo")


def test_fuzz_corpus_is_present() -> None:
    assert len(SAMPLES) >= 10
    assert all(sample.lstrip().startswith(b"<workout_file>") for sample in SAMPLES)


def test_a_flood_of_unknown_attributes_is_capped() -> None:
    attributes = b" ".join(b'a%d="1"' % i for i in range(20_000))
    data = (
        b'<workout_file><name>x</name><workout><SteadyState Duration="60" Power="1" '
        + attributes
        + b"/></workout></workout_file>"
    )
    result = read_zwo(data, "flood.zwo")
    assert len(result.diagnostics) == MAX_REPORTS + 1
    assert result.diagnostics[-1].message == "19800 more warnings and notes are not shown"


def test_one_line_files_locate_every_element() -> None:
    blocks = b'<SteadyState Duration="60" Power="0.5"/>' * 3 + b'<Steady Duration="1"/>'
    data = b"<workout_file><name>x</name><workout>" + blocks + b"</workout></workout_file>"
    (warning,) = read_zwo(data, "line.zwo").diagnostics
    assert warning.render().startswith("line.zwo:1:158: warning: unknown element <Steady>")


def test_many_blocks_on_one_line_hit_the_step_cap_once() -> None:
    texts = b'<textevent timeoffset="1" message="x"/>' * 5_000
    blocks = b'<SteadyState Duration="1" Power="1"/>' * (MAX_STEPS + 5)
    data = b"<workout_file><name>x</name><workout>" + texts + blocks + b"</workout></workout_file>"
    with pytest.raises(DiagnosticError) as caught:
        read(data, "many.zwo")
    errors = [d for d in caught.value.diagnostics if d.severity is Severity.ERROR]
    assert [e.message for e in errors] == [f"the file unrolls to more than {MAX_STEPS:,} steps"]
