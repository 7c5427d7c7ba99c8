"""What Zwift tolerates, ridec recovers: text defects are repaired with located warnings
that show the repair, and what cannot be repaired is still a located error."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ridec.diagnostics import DiagnosticError
from ridec.formats.zwo.reader import read, read_zwo
from ridec.formats.zwo.xmlrepair import MAX_REPAIRS, apply_repairs, find_repairs
from ridec.model import Step


def zwo(name: str, blocks: str = '<SteadyState Duration="60" Power="0.5"/>') -> bytes:
    text = f"<workout_file>\n<name>{name}</name>\n<workout>{blocks}</workout>\n</workout_file>"
    return text.encode()


def rendered(data: bytes) -> list[str]:
    return [d.render() for d in read_zwo(data, "t.zwo").diagnostics]


def test_a_bare_ampersand_in_a_name_is_repaired_with_a_located_warning() -> None:
    data = zwo("867-5309 & Jenny")
    result = read_zwo(data, "t.zwo")
    assert result.workout.header.name == "867-5309 & Jenny"
    assert rendered(data) == [
        "t.zwo:2:16: warning: a bare '&' is not valid XML; repaired: '&' -> '&amp;'\n"
        "  | <name>867-5309 & Jenny</name>\n"
        "  |                ^\n"
        "  hint: write '&amp;' for a '&' in text"
    ]


@pytest.mark.parametrize(
    ("name", "read_as", "message"),
    [
        ("Tom &amp; Jerry & co", "Tom & Jerry & co", "2:23: warning: a bare '&' is not valid XML"),
        ("a &nbsp;b", "a \xa0b", "2:9: warning: an HTML entity is not valid XML; repaired: "
         "'&nbsp;' -> '&#160;'"),
        ("R&D;", "R&D;", "2:8: warning: a bare '&' is not valid XML; repaired: '&' -> '&amp;'"),
        ("less < more", "less < more", "2:12: warning: a '<' that starts no tag is not valid"),
        ("bell\x07", "bell", "2:11: warning: a control character is not valid XML; repaired: "
         "U+0007 removed"),
        ("x&#1;y", "xy", "2:8: warning: a reference to a character XML does not allow is not "
         "valid XML; repaired: '&#1;' removed"),
    ],
)  # fmt: skip
def test_text_defects_are_repaired(name: str, read_as: str, message: str) -> None:
    result = read_zwo(zwo(name), "t.zwo")
    assert result.workout.header.name == read_as
    (warning,) = result.diagnostics
    assert message in warning.render()


def test_a_less_than_inside_an_attribute_value_is_repaired() -> None:
    block = (
        '<SteadyState Duration="60" Power="0.9">'
        '<textevent timeoffset="10" message="Keep it < 90 rpm & smooth"/></SteadyState>'
    )
    result = read_zwo(zwo("x", block), "t.zwo")
    (step,) = result.workout.body
    assert isinstance(step, Step)
    assert [cue.text for cue in step.cues] == ["Keep it < 90 rpm & smooth"]
    assert [d.render().split("\n")[0] for d in result.diagnostics] == [
        "t.zwo:3:93: warning: a '<' inside an attribute value is not valid XML; repaired: "
        "'<' -> '&lt;'",
        "t.zwo:3:102: warning: a bare '&' is not valid XML; repaired: '&' -> '&amp;'",
    ]


def test_elements_after_a_repair_are_still_located_in_the_file() -> None:
    blocks = '<SteadyState Duration="60" Power="0.5"/><Steady Duration="1"/>'
    diagnostics = read_zwo(zwo("A & B", blocks), "t.zwo").diagnostics
    assert diagnostics[-1].render().startswith("t.zwo:3:50: warning: unknown element <Steady>")


def test_many_repairs_of_one_kind_are_counted_after_the_first_three() -> None:
    result = read_zwo(zwo("a & b & c & d & e & f"), "t.zwo")
    messages = [d.message for d in result.diagnostics]
    assert len(messages) == 4
    assert messages[-1] == "2 more of the same repairs (a bare '&' is not valid XML) were made"


def test_an_error_after_a_repair_is_located_in_the_file() -> None:
    data = b"<workout_file>\n<name>A & B</name>\n<workout><x></workout>\n</workout_file>"
    with pytest.raises(DiagnosticError) as caught:
        read(data, "t.zwo")
    first, error = [d.render().split("\n")[0] for d in caught.value.diagnostics]
    assert first.startswith("t.zwo:2:9: warning: a bare '&'")
    assert error.startswith("t.zwo:3:")
    assert "error: not well-formed XML" in error


def test_files_xml_reads_are_not_touched() -> None:
    data = zwo("A &amp; B &#233; &lt;3")
    assert read_zwo(data, "t.zwo").diagnostics == ()
    assert read(data, "t.zwo").header.name == "A & B é <3"


def test_markup_that_is_not_text_is_left_alone() -> None:
    text = '<!-- a & b < c --><a m="1"><![CDATA[ & < ]]><?pi & < ?></a>'
    assert find_repairs(text) == []


def test_broken_markup_is_not_repaired_but_reported() -> None:
    with pytest.raises(DiagnosticError, match="not well-formed XML"):
        read(b"<workout_file><name>x</name><workout><a b=1 & c/></workout></workout_file>", "t")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab<>&\"'=/ \n\x01;#x0", max_size=40))
def test_repairs_keep_lines_and_map_every_offset_back(text: str) -> None:
    repairs = find_repairs(text)
    repaired, offsets = apply_repairs(text, repairs)
    assert repaired.count("\n") == text.count("\n")
    mapped = [offsets.original(i) for i in range(len(repaired) + 1)]
    assert mapped == sorted(mapped)
    assert all(0 <= m <= len(text) for m in mapped)
    for repair in repairs:
        assert text[repair.start : repair.end] == repair.original
    untouched = [i for i in range(len(text)) if not any(r.start <= i < r.end for r in repairs)]
    inside = {
        j
        for start, length in zip(offsets.starts, offsets.lengths, strict=True)
        for j in range(start, start + length)
    }
    outside = [j for j in range(len(repaired)) if j not in inside]
    assert [offsets.original(j) for j in outside] == untouched
    assert all(repaired[j] == text[offsets.original(j)] for j in outside)


def test_a_flood_of_defects_is_not_repaired_but_refused_with_a_location() -> None:
    data = zwo("&" * (MAX_REPAIRS + 5))
    with pytest.raises(DiagnosticError) as caught:
        read(data, "flood.zwo")
    (error,) = caught.value.diagnostics
    assert error.render().startswith("flood.zwo:2:")
    assert error.hint == f"more than {MAX_REPAIRS} characters XML refuses: the file is not repaired"
