"""Text helpers shared by targets: ASCII transliteration, XML-safe strings, one-line text;
and where a quoted string ends, for the `.ride` tokenizer and the JSON checker alike.

Some players (Zwift has been reported to) ignore files whose text is not ASCII, and XML 1.0
cannot hold most control characters at all. Both helpers return the new text so the caller
can tell whether anything changed and report it as a degradation.
"""

from __future__ import annotations

import re

ASCII_TABLE: dict[str, str] = {
    "\u00df": "ss",  # ß
    "\u1e9e": "SS",  # capital sharp s
    "\u00f8": "o",  # ø
    "\u00d8": "O",
    "\u00e6": "ae",  # æ
    "\u00c6": "AE",
    "\u0153": "oe",  # œ
    "\u0152": "OE",
    "\u0142": "l",  # ł
    "\u0141": "L",
    "\u0111": "d",  # đ
    "\u0110": "D",
    "\u00f0": "d",  # ð
    "\u00d0": "D",
    "\u00fe": "th",  # þ
    "\u00de": "Th",
    "\u0131": "i",  # dotless i
    "\u2018": "'",  # quotes
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',  # «
    "\u00bb": '"',  # »
    "\u2039": "'",
    "\u203a": "'",
    "\u2010": "-",  # dashes and minus
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u2044": "/",  # fraction slash, from NFKD of 1/2
    "\u2022": "*",  # bullet
    "\u00b7": "*",  # middle dot
    "\u00d7": "x",  # multiplication sign
    "\u00b0": " deg",
    "\u2192": "->",  # arrows, as the language writes ramps
    "\u2190": "<-",
    "\u20ac": "EUR",
}
"""Characters NFKD does not reduce to ASCII, and what a reader expects in their place."""

REPLACEMENT = "?"
"""Stands for a character with no ASCII spelling (a letter of another script)."""

# Symbols (emoji, dingbats) and their modifiers carry no words: dropping them reads better
# than a row of question marks.
_DROPPED_CATEGORIES = frozenset({"So", "Sk", "Mn", "Me", "Cf"})


def to_ascii(text: str) -> str:
    """`text` spelled in ASCII: accents removed, common punctuation mapped, symbols dropped."""
    if text.isascii():
        return text
    import unicodedata  # only non-ASCII text needs it: not imported at start-up

    return "".join(_ascii_char(char) for char in unicodedata.normalize("NFKD", text))


def _ascii_char(char: str) -> str:
    if char.isascii():
        return char
    if char in ASCII_TABLE:
        return ASCII_TABLE[char]
    import unicodedata

    category = unicodedata.category(char)
    if category in _DROPPED_CATEGORIES:
        return ""
    if category.startswith("Z"):
        return " "
    return REPLACEMENT


def xml_safe(text: str, *, keep_newlines: bool = True) -> str:
    """`text` without the characters XML 1.0 cannot hold (most controls, lone surrogates).

    Newlines and tabs stay when `keep_newlines` is set (element text); attribute values
    get them as spaces, since players show messages on one line.
    """
    if not _NOT_PLAIN_XML.search(text):
        return text  # the usual case: nothing to drop or change
    kept: list[str] = []
    for char in text:
        if char == "\r":
            continue  # line ends are written as LF; a lone CR would become "&#13;"
        if char in "\n\t":
            kept.append(char if keep_newlines else " ")
        elif _xml_char(ord(char)):
            kept.append(char)
    return "".join(kept)


# Written as the characters it matches, not as the complement of XML's ranges: a negated
# class over all of Unicode costs 4-7 ms to compile at start-up, this one under 1 ms
# (tests/core/test_text.py proves the two agree on every code point).
_NOT_PLAIN_XML = re.compile("[\x00-\x1f\ud800-\udfff\ufffe\uffff]")
"""A character `xml_safe` drops or changes: controls (tab, LF and CR included), lone
surrogates, U+FFFE and U+FFFF."""


def _xml_char(code: int) -> bool:
    return 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF


def one_line(text: str) -> str:
    """`text` on one line: line breaks (Unicode's too), tabs and controls become one space."""
    if text.isprintable():
        # No control, line break or separator but the ASCII space: only runs of spaces to join.
        return " ".join(text.split())
    import unicodedata

    cleaned = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    return " ".join(cleaned.split())


def string_end(text: str, start: int, end: int) -> int | None:
    """The offset just past the `"` that closes the string opening at `start` (a `"`), or
    None when `end` comes first; a backslash escapes the character after it.

    A scan with `str.find`, linear in the string's length: the regular expression it
    replaces (`"(?:[^"\\\\]|\\\\.)*"`) kept a backtracking frame per character, 1.2 GB for a
    12 MB label. The closing quote is looked for again only once an escape has passed it,
    so a string of many backslashes is linear too.
    """
    position = start + 1
    quote = text.find('"', position, end)
    while quote >= 0:
        backslash = text.find("\\", position, quote)
        if backslash < 0:
            return quote + 1
        position = backslash + 2
        if position > quote:
            quote = text.find('"', position, end)
    return None
