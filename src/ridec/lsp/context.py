"""The line being typed: its indentation, the words before the cursor, the word at it.

Completion reads a line as far as the cursor, which is usually not a finished line, so it
does not run the grammar; it classifies the finished words with the lexer's own rules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ridec.language.steps import FLAGS, INTENSITIES
from ridec.language.tokens import RULES
from ridec.model import ParamKind
from ridec.text import string_end

_WORD_AT_END = re.compile(r'[^\s"]*$')


@dataclass(frozen=True, slots=True)
class LineContext:
    """Where the cursor is on its line."""

    line_start: int
    """Offset of the line's first character."""
    indent: int
    """Columns of leading spaces."""
    words: tuple[str, ...]
    """The finished words before the current one (strings as written, with their quotes)."""
    word: str
    """The word being typed, up to the cursor ('' after a space)."""
    word_start: int
    """Offset where the word being typed starts."""
    in_string: bool
    """Whether the cursor is inside an unclosed string."""
    in_comment: bool
    """Whether the cursor is in a comment."""
    string_start: int = -1
    """Offset just after the opening quote, when the cursor is inside a string."""

    @property
    def at_line_start(self) -> bool:
        """Whether nothing but the current word precedes the cursor on the line."""
        return not self.words


def line_context(text: str, offset: int) -> LineContext:
    """The context of the cursor at `offset`."""
    line_start = text.rfind("\n", 0, offset) + 1
    before = text[line_start:offset]
    indent = len(before) - len(before.lstrip(" "))
    words: list[str] = []
    position = indent
    in_string = in_comment = False
    string_start = -1
    while position < len(before):
        char = before[position]
        if char in " \t":
            position += 1
        elif char == "#":
            in_comment = True
            break
        elif char == '"':
            stop = string_end(before, position, len(before))
            if stop is None:
                in_string, string_start = True, line_start + position + 1
                break
            words.append(before[position:stop])
            position = stop
        else:
            end = position
            while end < len(before) and before[end] not in ' \t"#':
                end += 1
            words.append(before[position:end])
            position = end
    word = ""
    if not in_string and not in_comment and words and not before.endswith((" ", "\t")):
        word = words.pop()
        if word.startswith('"'):
            words.append(word)
            word = ""
    word_start = offset - len(word)
    return LineContext(
        line_start, indent, tuple(words), word, word_start, in_string, in_comment, string_start
    )


def _whole(kind: str, word: str) -> bool:
    match = RULES[kind].match(word)
    return match is not None and match.end() == len(word)


class Slot:
    """The parts of a step line, in the order the language fixes."""

    INTENSITY = 0
    DURATION = 1
    TARGET = 2
    CADENCE = 3
    FLAGS = 4
    LABEL = 5


_REF_SLOTS = {
    ParamKind.DURATION: Slot.DURATION,
    ParamKind.TARGET: Slot.TARGET,
    ParamKind.CADENCE: Slot.CADENCE,
}


def _is_duration(word: str) -> bool:
    return word.lower() == "lap" or _whole("CLOCK", word) or _whole("DURATION", word)


def _is_target(word: str) -> bool:
    return word.lower() in ("free", "max") or _whole("ZONE", word) or _whole("POWER", word)


_WORD_SLOTS = (
    (lambda word: word.startswith('"'), Slot.LABEL),
    (lambda word: word.lower() in INTENSITIES, Slot.INTENSITY),
    (lambda word: word.lower() in FLAGS, Slot.FLAGS),
    (_is_duration, Slot.DURATION),
    (lambda word: _whole("CADENCE", word), Slot.CADENCE),
    (_is_target, Slot.TARGET),
)


def slot_of(word: str, kinds: Mapping[str, ParamKind]) -> int | None:
    """Which slot of a step a finished word fills, if any."""
    if word.startswith("$"):
        kind = kinds.get(word[1:])
        return _REF_SLOTS.get(kind) if kind is not None else None
    return next((slot for test, slot in _WORD_SLOTS if test(word)), None)


def filled_slot(words: tuple[str, ...], kinds: Mapping[str, ParamKind]) -> int:
    """The last slot the words of a step line fill (-1 for none)."""
    last = -1
    for word in words:
        slot = slot_of(word, kinds)
        if slot is not None:
            last = max(last, slot)
    return last
