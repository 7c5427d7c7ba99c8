"""Where things are in a JSON text: the values and keys at given paths, a literal JSON does
not allow (`NaN`, `Infinity`), the point where nesting passes a depth.

`json.loads` gives values without positions; a document that breaks a rule is scanned once
more, here, to locate what the checker found. One pass from the start, stopping as soon as
everything asked for is found; strings are skipped with `str.find` (`ridec.text.string_end`),
so the pass is linear in the text whatever it holds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Generator, Iterator

from ridec.text import string_end

Path = tuple[str | int, ...]

_TOKEN = re.compile(r'[\[\]{},:"]|-?Infinity|NaN')
_BLANK = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r'[^\s,\]}"]+')


class _Event:
    VALUE = "value"
    KEY = "key"
    OPEN = "open"
    LITERAL = "literal"


Event = tuple[str, Path, int, int]
"""(kind, path, offset, depth)."""


class _Scanner:
    """The events of a JSON text: every value start, key, container opening and literal JSON
    does not allow, in text order, each with its path and its depth."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.path: list[str | int] = []
        self.objects: list[bool] = []
        self.expect_key = False

    def __iter__(self) -> Iterator[Event]:
        text = self.text
        yield _Event.VALUE, (), _blank_end(text, 0), 0
        position = 0
        while (found := _TOKEN.search(text, position)) is not None:
            token, at, position = found.group(), found.start(), found.end()
            if token == '"':
                position = yield from self._string(at)
            elif token in "[{":
                yield from self._open(token, at, position)
            elif token in "]}":
                self._close()
            elif token in ":,":
                yield from self._separator(token, position)
            else:
                yield _Event.LITERAL, tuple(self.path), at, len(self.objects)

    def _string(self, at: int) -> Generator[Event, None, int]:
        """A key (an event) or a value string (skipped); where it ends."""
        end = string_end(self.text, at, len(self.text)) or len(self.text)
        if self.objects and self.objects[-1] and self.expect_key:
            self.path[-1] = json.loads(self.text[at:end])
            yield _Event.KEY, tuple(self.path), at, len(self.objects)
        return end

    def _open(self, token: str, at: int, position: int) -> Iterator[Event]:
        self.objects.append(token == "{")
        self.path.append("" if token == "{" else 0)
        yield _Event.OPEN, tuple(self.path[:-1]), at, len(self.objects)
        self.expect_key = token == "{"
        start = _blank_end(self.text, position)
        if token == "[" and not self.text.startswith("]", start):
            yield _Event.VALUE, tuple(self.path), start, len(self.objects)

    def _close(self) -> None:
        if self.objects:
            self.objects.pop()
            self.path.pop()
        self.expect_key = False

    def _separator(self, token: str, position: int) -> Iterator[Event]:
        if not self.objects:
            return
        if token == "," and self.objects[-1]:
            self.expect_key = True
            return
        if token == ",":
            self.path[-1] = int(self.path[-1]) + 1
        self.expect_key = False
        yield _Event.VALUE, tuple(self.path), _blank_end(self.text, position), len(self.objects)


def _events(text: str) -> Iterator[Event]:
    return iter(_Scanner(text))


def _blank_end(text: str, position: int) -> int:
    found = _BLANK.match(text, position)
    return found.end() if found else position


def positions(text: str, values: Collection[Path], keys: Collection[Path]) -> dict[Path, int]:
    """The offset of the value at each path of `values` and of the key at each of `keys`;
    the scan stops once all are found (a key written twice is located at its first)."""
    wanted_values, wanted_keys = set(values), set(keys)
    found: dict[Path, int] = {}
    left = len(wanted_values) + len(wanted_keys)
    for kind, path, offset, _ in _events(text):
        if left == 0:
            break
        if kind == _Event.VALUE and path in wanted_values:
            wanted_values.discard(path)
        elif kind == _Event.KEY and path in wanted_keys:
            wanted_keys.discard(path)
        else:
            continue
        found[path] = offset
        left -= 1
    return found


def too_deep(text: str, limit: int) -> int | None:
    """The offset of the first `[` or `{` that opens level `limit + 1`."""
    for kind, _, offset, depth in _events(text):
        if kind == _Event.OPEN and depth > limit:
            return offset
    return None


def first_literal(text: str) -> int | None:
    """The offset of the first `NaN`, `Infinity` or `-Infinity` outside strings."""
    for kind, _, offset, _ in _events(text):
        if kind == _Event.LITERAL:
            return offset
    return None


def duplicate_key(text: str) -> tuple[Path, int] | None:
    """The path and offset of the first key written a second time in its object. Each open
    object keeps the set of its keys, dropped when a new container opens at its depth, so
    the scan holds no more than the open objects' keys."""
    seen: list[set[str | int]] = []
    for kind, path, offset, depth in _events(text):
        if kind == _Event.OPEN:
            del seen[depth - 1 :]
            seen.extend(set() for _ in range(depth - len(seen)))
        elif kind == _Event.KEY and depth:
            keys = seen[depth - 1]
            if path[-1] in keys:
                return path, offset
            keys.add(path[-1])
    return None


def long_integer(text: str, digits: int) -> int | None:
    """The offset of the first value that is an integer of more than `digits` digits."""
    for kind, _, offset, _ in _events(text):
        if kind != _Event.VALUE:
            continue
        width = scalar_width(text, offset)
        written = text[offset : offset + width].removeprefix("-")
        if width > digits and written.isdigit() and len(written) > digits:
            return offset
    return None


def number_at(text: str, number: str) -> int | None:
    """The offset of the first value written exactly `number`."""
    for kind, _, offset, _ in _events(text):
        written = kind == _Event.VALUE and scalar_width(text, offset) == len(number)
        if written and text.startswith(number, offset):
            return offset
    return None


def scalar_width(text: str, offset: int) -> int:
    """How many characters the value at `offset` takes on its line: a string or a number
    whole, a container's bracket alone."""
    if text.startswith('"', offset):
        end = string_end(text, offset, len(text)) or len(text)
        stop = text.find("\n", offset, end)
        return (end if stop < 0 else stop) - offset
    found = _SCALAR.match(text, offset)
    return max(1, found.end() - offset) if found and text[offset] not in "[{" else 1
