"""Long texts and crowded elements cost what their size says, and texts are bounded.

Before: a 12 MB quoted label took 1.4 GB to tokenize (the string's regular expression kept a
backtracking frame per character); one ZWO element of 50,000 attributes took 6 s to check
and 23 s to import (lxml's `items()` looks each value up by name); a 1 MB label under
`repeat 500:` / `repeat 100:` ran for minutes in every writer (50 GB of text), and an 11 MB
MRC text made the ZWO writer's own check fail with "internal error". Speed is measured in
`bench/` and README "Limits"; these tests pin what the fixes do: the memory cap of
`tests/faults/bounded.py`, the texts' limits, and which lxml calls read the attributes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from ridec.formats.zwo import xmlsource
from ridec.formats.zwo.reader import read_zwo
from ridec.formats.zwo.reader_attributes import FEW_ATTRIBUTES
from ridec.language.coach_words import line_words
from ridec.limits import MAX_SHOWN_CHARS, MAX_TEXT_CHARS
from ridec.text import string_end
from tests.faults.bounded import assert_located_failure, run_ridec

OLD_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
"""The regular expression the tokenizer used for a string."""


@given(st.text(alphabet='ab"\\ #'))
def test_the_string_scan_ends_where_the_regular_expression_did(text: str) -> None:
    line = '"' + text
    found = OLD_STRING.match(line)
    assert string_end(line, 0, len(line)) == (found.end() if found else None)


@given(st.text(alphabet='ab"\\ \t'))
def test_line_words_are_what_the_old_pattern_found(text: str) -> None:
    old = re.compile(r'"(?:[^"\\]|\\.)*"?|[^\s"]+')
    expected = [m.group() for m in old.finditer(text)]
    # The one difference: the old pattern left a backslash ending an open string out of it.
    if not text.endswith("\\"):
        assert line_words(text) == expected


def test_many_backslashes_before_a_far_quote_are_scanned_once() -> None:
    """Each escape does not search again for the closing quote (that would be quadratic)."""
    calls: list[int] = []

    class Counting(str):
        def find(self, sub: str, *args: Any) -> int:
            calls.append(1)
            return str(self).find(sub, *args)

    body = "\\a" * 10_000
    line = Counting('"' + body + '"')
    assert string_end(line, 0, len(line)) == len(line)
    assert len(calls) <= 2 * 10_000 + 3  # one search for `\` per escape, the quote found once


def test_a_12_mb_label_is_refused_at_its_step_within_the_memory_cap(tmp_path: Path) -> None:
    (tmp_path / "label.ride").write_text('name: t\n1m 50% "' + "x" * 12_000_000 + '"\n')
    run = run_ridec(["check", "label.ride"], tmp_path)
    message = f"the label is 12,000,000 characters long; a text has at most {MAX_TEXT_CHARS:,}"
    assert_located_failure(run, "label.ride:2:1", message)
    assert len(run.stderr) < 2_000  # the line is shown cut, never the 12 MB


def test_a_12_mb_unclosed_string_is_refused_within_the_memory_cap(tmp_path: Path) -> None:
    (tmp_path / "open.ride").write_text('name: t\n1m 50% "' + "x" * 12_000_000 + "\n")
    run = run_ridec(["check", "open.ride"], tmp_path)
    assert_located_failure(run, "open.ride:2:8", 'this string has no closing `"`')


def test_a_long_description_is_refused_at_its_header_line(tmp_path: Path) -> None:
    text = "w " * (MAX_TEXT_CHARS // 2 + 1)
    (tmp_path / "d.ride").write_text(f"name: t\ndescription: {text}\n1m 50%\n")
    run = run_ridec(["check", "d.ride"], tmp_path)
    assert_located_failure(run, "d.ride:2:1", "the description is 10,001 characters long")


def test_a_text_at_the_limit_is_kept(tmp_path: Path) -> None:
    (tmp_path / "ok.ride").write_text('name: t\n1m 50% "' + "x" * MAX_TEXT_CHARS + '"\n')
    run = run_ridec(["compile", "ok.ride", "-t", "zwo", "-o", "-"], tmp_path)
    assert run.code == 0, run.stderr
    assert 'message="' + "x" * MAX_TEXT_CHARS + '"' in run.stdout


def test_texts_repeated_past_the_shown_limit_are_refused_before_any_writer(
    tmp_path: Path,
) -> None:
    label = "y" * MAX_TEXT_CHARS
    source = f'name: t\nftp: 200\nrepeat 500:\n  repeat 100:\n    1s 50% "{label}"\n'
    (tmp_path / "rep.ride").write_text(source)
    run = run_ridec(["compile", "rep.ride", "-o", "out"], tmp_path)
    shown = 500 * 100 * MAX_TEXT_CHARS
    message = f"the workout shows {shown:,} characters of cues and labels once unrolled"
    assert_located_failure(run, "rep.ride:3:1", message)
    assert f"at most {MAX_SHOWN_CHARS:,}" in run.stderr
    assert not (tmp_path / "out").exists()


def test_a_long_text_read_from_an_mrc_is_located_not_an_internal_error(tmp_path: Path) -> None:
    text = "y" * (MAX_TEXT_CHARS + 1)
    (tmp_path / "long.mrc").write_text(
        "[COURSE HEADER]\nMINUTES PERCENT\n[END COURSE HEADER]\n[COURSE DATA]\n"
        "0.00\t50\n10.00\t50\n[END COURSE DATA]\n"
        f"[COURSE TEXT]\n60\t{text}\t10\n[END COURSE TEXT]\n"
    )
    run = run_ridec(["compile", "long.mrc", "-t", "zwo", "-o", "-"], tmp_path)
    assert_located_failure(run, "long.mrc:9:1", "the cue is 10,001 characters long")
    assert "internal error" not in run.stderr


# --- one ZWO element with many attributes --------------------------------------------------


class CountingElement(etree.ElementBase):
    """An element that records how many attributes it had at each by-name reading."""

    readings: list[int] = []  # noqa: RUF012 (shared on purpose: lxml makes the instances)

    def items(self) -> Any:
        CountingElement.readings.append(len(self.keys()))
        return super().items()

    def values(self) -> Any:
        CountingElement.readings.append(len(self.keys()))
        return super().values()


def counting_parser() -> etree.XMLParser:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(element=CountingElement))
    return parser


def crowded_zwo(attributes: int) -> bytes:
    extra = " ".join(f'a{n}="1"' for n in range(attributes))
    return (
        "<workout_file><name>t</name><sportType>bike</sportType><workout>\n"
        f'<SteadyState Duration="60" Power="0.5" {extra}/>\n'
        '<SteadyState Duration="30" Power="0.6"/>\n</workout></workout_file>\n'
    ).encode()


def test_many_attributes_are_read_in_one_pass_not_looked_up_by_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(xmlsource, "_parser", counting_parser)  # not the thread's cached one
    CountingElement.readings = []
    result = read_zwo(crowded_zwo(50_000), "crowded.zwo")
    # items()/values() (a lookup by name per attribute) only on elements of few attributes
    assert CountingElement.readings
    assert max(CountingElement.readings) <= FEW_ATTRIBUTES
    steps = result.workout.body
    assert [getattr(step, "duration", None) for step in steps] == [60, 30]
    warnings = [d.message for d in result.diagnostics]
    assert warnings[0] == "unknown attribute 'a0' on <SteadyState> is ignored"
    assert warnings[-1] == "49800 more warnings and notes are not shown"


@pytest.mark.parametrize("count", [FEW_ATTRIBUTES, FEW_ATTRIBUTES + 1])
def test_both_ways_of_reading_attributes_agree(count: int) -> None:
    from ridec.formats.zwo.reader_attributes import _attribute_items

    names = [f"a{n}" if n % 3 else f"{{urn:x}}b{n}" for n in range(count)]
    element = etree.Element("SteadyState", {name: f"v{n}" for n, name in enumerate(names)})
    assert _attribute_items(element) == element.items()


@pytest.mark.parametrize("command", ["check", "import", "show", "validate"])
def test_commands_read_a_50000_attribute_element(tmp_path: Path, command: str) -> None:
    (tmp_path / "crowded.zwo").write_bytes(crowded_zwo(50_000))
    run = run_ridec([command, "crowded.zwo"], tmp_path)
    assert "Traceback" not in run.stderr
    assert run.code == (1 if command == "validate" else 0), run.stderr  # the XSD refuses a0
