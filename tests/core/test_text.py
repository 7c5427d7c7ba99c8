"""The text helpers: the fast XML character class agrees with XML 1.0's ranges."""

from __future__ import annotations

import re
import sys

from hypothesis import given
from hypothesis import strategies as st

from ridec import text

XML_COMPLEMENT = re.compile("[^\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""The class as XML 1.0 states it (the characters outside its ranges): the reference."""


def test_the_positive_class_matches_exactly_the_complement_on_every_code_point() -> None:
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        fast = text._NOT_PLAIN_XML.match(char) is not None
        assert fast == (XML_COMPLEMENT.match(char) is not None), hex(code)


@given(st.text(alphabet=st.characters(codec=None)))
def test_xml_safe_leaves_plain_text_alone_and_drops_only_what_xml_cannot_hold(value: str) -> None:
    safe = text.xml_safe(value)
    if XML_COMPLEMENT.search(value) is None:
        assert safe is value
    assert XML_COMPLEMENT.search(safe.replace("\n", "").replace("\t", "")) is None


def test_one_line_turns_controls_and_line_breaks_into_single_spaces() -> None:
    # Text that is not printable takes the per-character path (it imports unicodedata).
    assert text.one_line("a\x01b\u2028c\t\nd  e") == "a b c d e"
    assert text.one_line("plain  words\n") == "plain words"
