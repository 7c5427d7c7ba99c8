"""The words of a line being read as a coach meant it, and what the readers share: the
shapes of ridec's values and the units coaches write."""

from __future__ import annotations

import re
from dataclasses import field

from ridec.records import record
from ridec.text import string_end


@record(frozen=False)
class Words:
    """The words of a line being rewritten and what was done to them."""

    words: list[str]
    """The line's words as rewritten so far (a quoted string is one word)."""
    reasons: list[str] = field(default_factory=list)
    """What each rewrite was for, once each, in order."""
    label_extra: list[str] = field(default_factory=list)
    """Text moved into the step's label (a heart-rate target kept for the rider)."""
    message: str | None = None
    """A plainer message for what ridec cannot do at all."""
    focus: tuple[int, int] | None = None
    """Offsets in the line's code of what `message` is about."""
    colon: bool = False
    """Whether the line ends with `:` (it opens a block)."""
    body: list[list[str]] = field(default_factory=list)
    """The words of each step that goes under the line, for `3 x 4m 80%`."""
    after: list[list[str]] = field(default_factory=list)
    """The words of each step that goes on a line of its own after it, at the same
    indentation, for two steps written on one line (`8m 105%, 4m 50%`)."""

    def because(self, reason: str) -> None:
        """Record why a rewrite was made (once)."""
        if reason not in self.reasons:
            self.reasons.append(reason)


_BARE_WORD = re.compile(r'[^\s"]+')


def line_words(code: str) -> list[str]:
    """The words of a line's code; a string is one word, closed or not (to the line's end).

    Strings are scanned by `ridec.text.string_end`, linear however long the label.
    """
    found: list[str] = []
    position = 0
    while position < len(code):
        if code[position].isspace():
            position += 1
            continue
        if code[position] == '"':
            stop = string_end(code, position, len(code)) or len(code)
        else:
            bare = _BARE_WORD.match(code, position)
            stop = bare.end() if bare else position + 1
        found.append(code[position:stop])
        position = stop
    return found


NUMBER = r"[0-9]+(?:\.[0-9]+)?"
DURATION = re.compile(r"(?=[0-9])(?:[0-9]+h)?(?:[0-9]+(?:min|m))?(?:[0-9]+s)?", re.I)
CLOCK = re.compile(r"[0-9]+(?::[0-9]{2}){1,2}")
POWER = re.compile(rf"{NUMBER}(?:%|w)?(?:(?:->|-){NUMBER}(?:%|w))?|{NUMBER}(?:%|w)", re.I)
CADENCE = re.compile(r"[0-9]+(?:-[0-9]+)?rpm", re.I)
ZONE = re.compile(r"z[1-7]", re.I)
INTENSITIES = ("warmup", "active", "interval", "recovery", "rest", "cooldown")
FLAGS = ("standing", "seated", "upstroke", "downstroke")
KEYWORDS = (*INTENSITIES, *FLAGS, "lap", "repeat", "alternate", "free", "max", "let", "for")

UNIT_SECONDS = {
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "'": 60,
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
    "''": 1,
}
UNIT_IN_WORD = re.compile(
    rf"({NUMBER})(hours|hour|hrs|hr|h|minutes|minute|mins|min|m|seconds|second|secs|sec|s|''|')",
    re.I,
)
PARTIAL = re.compile(r"([0-9]+)(h|m|min)([0-9]+)", re.I)
COUNT_X = re.compile(r"[x\u00d7]([0-9]+)|([0-9]+)[x\u00d7]", re.I)
SEPARATORS = (",", ";", "/", "+")
"""Words that separate the steps of a repeat written on one line (`3x(5m 90%, 3m 55%)`)."""
PERCENT_WORDS = ("percent", "pct", "%")
FTP_WORDS = ("ftp", "%ftp")
HEART = re.compile(r"(?:[0-9]+(?:-[0-9]+)?)?(?:bpm|%hr|%lthr)|hr|lthr|maxhr|hrmax|bpm", re.I)
PACE = re.compile(r"(?:[0-9]+:[0-9]{2}(?:-[0-9]+:[0-9]{2})?)?(?:/km|/mi|%?pace)", re.I)
RPE = re.compile(r"rpe(?:[0-9]+(?:-[0-9]+)?)?", re.I)
SECTION = re.compile(
    r"(?P<title>[a-z][a-z0-9 '&/-]*?)?\s*(?:(?P<n>[0-9]+)\s*x|x\s*(?P<m>[0-9]+))?\s*:?",
    re.I,
)
TITLE_WORDS = re.compile(r"[a-z][a-z0-9'&/-]*", re.I)


MAX_DIGITS = 9
"""Longer numbers are past every limit; they are never converted (Python refuses to convert
numbers of thousands of digits, and a coach's habit never writes one)."""


def number_of(digits: str) -> int:
    """A whole number written in a failed line, or one past every limit when it is long."""
    return int(digits) if len(digits) <= MAX_DIGITS else 10**MAX_DIGITS


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def unquote(word: str) -> str:
    body = word[1:-1] if len(word) > 1 and word.endswith('"') else word[1:]
    return re.sub(r"\\(.)", r"\1", body)


def seconds_of(number: str, unit: str) -> int | None:
    """The whole seconds `number` `unit` last, or None (not whole, or past every limit)."""
    value = float(number) * UNIT_SECONDS[unit.lower()]
    if not value < 10.0**MAX_DIGITS:  # also infinity: `round` cannot take it
        return None
    seconds = round(value)
    return seconds if seconds > 0 and abs(value - seconds) < 1e-6 else None


def is_duration(word: str) -> bool:
    return bool(DURATION.fullmatch(word)) and not word.isdigit()


def total_seconds(word: str) -> int:
    return sum(
        number_of(n) * UNIT_SECONDS[u.lower()]
        for n, u in re.findall(r"([0-9]+)(h|min|m|s)", word, re.I)
    )


def largest_unit(word: str) -> int:
    return max(UNIT_SECONDS[u.lower()] for u in re.findall(r"h|min|m|s", word, re.I))


def is_step_duration(word: str) -> bool:
    return is_duration(word) or bool(CLOCK.fullmatch(word)) or word.lower() == "lap"


def is_value(word: str) -> bool:
    low = word.lower()
    return bool(
        (POWER.fullmatch(word) and not word.isdigit())
        or ZONE.fullmatch(word)
        or CADENCE.fullmatch(word)
        or low in ("free", "max")
    )
