"""The lexical layer of intervals.icu workout text, shared by the reader, the checker and
the writer: lines, words, what each word means, and how a step line splits into its parts.

The syntax is the one the intervals.icu forum's builder guide describes (docs/formats.md):

    file    = { blank | free-text | section | step }
    section = title NEWLINE step { NEWLINE step }     ends at a blank line or a text line
    title   = TEXT | [TEXT] COUNT "x"                 a count makes it a repeat block
    step    = "-" [COUNT "x"] [text] (DURATION | DISTANCE | "press lap") { value | text }
    value   = POWER | POWER-RANGE | ZONE | ZONE-RANGE | "ramp" POWER-RANGE | "freeride"
            | CADENCE | "press lap" | "intensity=" KIND | TARGET ("HR"|"LTHR"|"Pace"|"MMP" ...)

Text before the first value is the step's text (its cue); a word is read as a value only
where it means one (`ramp` before a range, `press` before `lap`, `5:00` before `Pace`). The
writer asks `kind_of` about each word of a text it writes and changes the few that would be
read as values (`escape_text`), so what ridec writes is read back as written. Everything
here is linear in its input, and numbers are bounded before `int()` sees them.
"""

from __future__ import annotations

import re
from enum import StrEnum

from ridec.records import record

_LINE_END = re.compile(r"\r\n|\r|\n")
_WORD = re.compile(r"\S+")
_DIGITS = "0123456789"
_N = r"\d{1,7}"
_NUMBER = r"\d{1,7}(?:\.\d{1,6})?"
_DURATIONS = (
    re.compile(rf"(?:(?P<h>{_N})h)?(?:(?P<m>{_N})m)?(?:(?P<s>{_N})s)?", re.I | re.A),
    re.compile(rf"(?:(?P<h>{_N})h)?(?P<m>{_N})m(?P<s>{_N})", re.I | re.A),
    re.compile(rf"(?P<m>{_N})'(?:(?P<s>{_N})\")?", re.A),
    re.compile(rf"(?P<s>{_N})\"", re.A),
)
_DISTANCE = re.compile(rf"(?P<value>{_NUMBER})(?P<unit>km|mtr|mi|yrd)", re.I | re.A)
_POWER = re.compile(rf"(?P<value>{_NUMBER})(?P<unit>%|w)", re.I | re.A)
_POWER_RANGE = re.compile(
    rf"(?P<low>{_NUMBER})(?P<low_unit>%|w)?-(?P<high>{_NUMBER})(?P<unit>%|w)", re.I | re.A
)
_ZONE = re.compile(r"z(?P<zone>\d{1,3})", re.I | re.A)
_ZONE_RANGE = re.compile(r"z(?P<low>\d{1,3})-z(?P<high>\d{1,3})", re.I | re.A)
_CUSTOM_ZONE = re.compile(r"cz\d{1,3}(?:-cz\d{1,3})?", re.I | re.A)
_CADENCE = re.compile(rf"(?P<low>{_N})(?:-(?P<high>{_N}))?rpm", re.I | re.A)
_BPM = re.compile(rf"{_N}(?:-{_N})?bpm", re.I | re.A)
_PACE = re.compile(r"\d{1,3}:\d{2}(?:/\w{1,8})?(?:-\d{1,3}:\d{2}(?:/\w{1,8})?)?", re.A)
_INTENSITY = re.compile(r"intensity=(?P<kind>\w{1,20})", re.I | re.A)
_COUNT = re.compile(rf"(?P<count>{_N})x", re.I | re.A)
_HEADER = re.compile(rf"(?:(?P<title>.*\S)\s+)?(?P<count>{_N})x\s*", re.I | re.A)
QUALIFIERS = frozenset({"hr", "lthr", "pace", "mmp"})
"""Words after a target that make it a heart-rate, pace or mean-maximal-power target."""
INTENSITIES = ("active", "warmup", "cooldown", "interval", "recovery", "rest")
"""The `intensity=` kinds ridec reads; intervals.icu's `other` and `auto` read as active."""
OTHER_INTENSITIES = ("other", "auto")


class Kind(StrEnum):
    """What a word of a step means."""

    DURATION = "duration"
    DISTANCE = "distance"
    POWER = "power"
    POWER_RANGE = "power range"
    ZONE = "zone"
    ZONE_RANGE = "zone range"
    CUSTOM_ZONE = "custom zone"
    CADENCE = "cadence"
    HEART_RATE = "heart rate"
    PACE = "pace"
    RAMP = "ramp"
    FREERIDE = "freeride"
    PRESS_LAP = "press lap"
    INTENSITY = "intensity"
    QUALIFIER = "qualifier"
    TEXT = "text"


TARGETS = frozenset(
    {
        Kind.POWER,
        Kind.POWER_RANGE,
        Kind.ZONE,
        Kind.ZONE_RANGE,
        Kind.CUSTOM_ZONE,
        Kind.HEART_RATE,
        Kind.PACE,
        Kind.RAMP,
        Kind.FREERIDE,
    }
)
"""Kinds that set the step's target (`ramp` with the range after it)."""


@record
class Line:
    """One line of the file, without its line end."""

    number: int
    """1-based line number."""
    start: int
    """Offset of its first character in the normalized text (line ends as LF)."""
    text: str
    """The line's characters."""

    @property
    def blank(self) -> bool:
        """Empty or white space only."""
        return not self.text.strip()

    @property
    def is_step(self) -> bool:
        """A step: its first character after white space is `-`."""
        return self.text.lstrip().startswith("-")


@record
class Word:
    """A run of non-space characters of a line."""

    text: str
    """The characters."""
    column: int
    """0-based column of its first character in the line."""


@record
class Value:
    """A value of a step: a duration, a target, a cadence, `press lap` ..."""

    kind: Kind
    """What it means."""
    word: Word
    """The word (for `ramp`, the range after it; for `press lap`, `press`)."""
    qualifier: Word | None = None
    """`HR`, `LTHR`, `Pace` or `MMP` after a target."""
    extra: tuple[Word, ...] = ()
    """Further words that belong to it: `ramp`, `lap`, the duration after `MMP`."""

    @property
    def words(self) -> tuple[Word, ...]:
        """Every word of the value, in line order."""
        found = (self.word, *self.extra, *((self.qualifier,) if self.qualifier else ()))
        return tuple(sorted(found, key=lambda w: w.column))


@record
class StepSyntax:
    """A step line split into its parts, before any value is checked."""

    line: Line
    """Where it is."""
    count: Word | None
    """`4x` of a one-line repeat (`- 4x 30s 120%`)."""
    text: tuple[Word, ...]
    """The words before the first value: the step's text."""
    values: tuple[Value, ...]
    """The values, in line order."""
    after: tuple[Word, ...]
    """Words of text after the first value."""


def split_lines(text: str) -> list[Line]:
    """The lines of decoded text (any line end); the normalized text joins them with LF."""
    pieces = _LINE_END.split(text)
    if len(pieces) > 1 and pieces[-1] == "":
        pieces.pop()
    lines: list[Line] = []
    offset = 0
    for number, piece in enumerate(pieces, start=1):
        lines.append(Line(number, offset, piece))
        offset += len(piece) + 1
    return lines


def words(text: str, start: int = 0) -> list[Word]:
    """The words of `text` from column `start`."""
    return [Word(m.group(), m.start()) for m in _WORD.finditer(text, start)]


def kind_of(word: str, following: str | None = None) -> Kind:
    """What `word` means in a step, given the word after it."""
    lowered = word.lower()
    if lowered == "ramp":
        return (
            Kind.RAMP if following is not None and _POWER_RANGE.fullmatch(following) else Kind.TEXT
        )
    if lowered == "press":
        return Kind.PRESS_LAP if following is not None and following.lower() == "lap" else Kind.TEXT
    if lowered == "freeride":
        return Kind.FREERIDE
    if lowered in QUALIFIERS:
        return Kind.QUALIFIER
    if word[0] not in _DIGITS:
        return _lettered(word)
    return _numbered(word, following)


def _lettered(word: str) -> Kind:
    for pattern, kind in (
        (_ZONE, Kind.ZONE),
        (_ZONE_RANGE, Kind.ZONE_RANGE),
        (_CUSTOM_ZONE, Kind.CUSTOM_ZONE),
        (_INTENSITY, Kind.INTENSITY),
    ):
        if pattern.fullmatch(word):
            return kind
    return Kind.TEXT


def _numbered(word: str, following: str | None) -> Kind:
    if duration_seconds(word) is not None:
        return Kind.DURATION
    for pattern, kind in (
        (_DISTANCE, Kind.DISTANCE),
        (_POWER, Kind.POWER),
        (_POWER_RANGE, Kind.POWER_RANGE),
        (_CADENCE, Kind.CADENCE),
        (_BPM, Kind.HEART_RATE),
    ):
        if pattern.fullmatch(word):
            return kind
    if _PACE.fullmatch(word) and following is not None and following.lower() == "pace":
        return Kind.PACE
    return Kind.TEXT


def split_step(line: Line) -> StepSyntax:
    """A step line (`line.is_step`) split into its count, text, values and later text."""
    dash = line.text.index("-")
    found = words(line.text, dash + 1)
    count = None
    if len(found) > 1 and _COUNT.fullmatch(found[0].text):
        count, found = found[0], found[1:]
    return split_words(line, count, found)


def split_words(line: Line, count: Word | None, found: list[Word]) -> StepSyntax:
    """The words of a step (after its dash and count) split into text, values and text."""
    text: list[Word] = []
    values: list[Value] = []
    after: list[Word] = []
    index = 0
    while index < len(found):
        word = found[index]
        following = found[index + 1].text if index + 1 < len(found) else None
        kind = kind_of(word.text, following)
        if kind is Kind.QUALIFIER and values and _takes_qualifier(values[-1]):
            next_word = found[index + 1] if index + 1 < len(found) else None
            values[-1], used = _qualified(values[-1], word, next_word)
            index += used
            continue
        if kind in (Kind.TEXT, Kind.QUALIFIER):
            (after if values else text).append(word)
            index += 1
            continue
        value, used = _value(kind, found, index)
        values.append(value)
        index += used
    return StepSyntax(line, count, tuple(text), tuple(values), tuple(after))


def _takes_qualifier(value: Value) -> bool:
    qualified = value.qualifier is not None
    return not qualified and value.kind in (
        Kind.POWER,
        Kind.POWER_RANGE,
        Kind.ZONE,
        Kind.ZONE_RANGE,
        Kind.PACE,
        Kind.RAMP,
    )


def _qualified(value: Value, qualifier: Word, after: Word | None) -> tuple[Value, int]:
    """`value` with its qualifier, and the words taken: `MMP` takes the duration after it
    (`60% MMP 5m`)."""
    if qualifier.text.lower() == "mmp" and after is not None and duration_seconds(after.text):
        return Value(value.kind, value.word, qualifier, (*value.extra, after)), 2
    return Value(value.kind, value.word, qualifier, value.extra), 1


def _value(kind: Kind, found: list[Word], index: int) -> tuple[Value, int]:
    """The value starting at `found[index]` and how many words it takes."""
    word = found[index]
    if kind is Kind.RAMP:
        return Value(kind, found[index + 1], extra=(word,)), 2
    if kind is Kind.PRESS_LAP:
        return Value(kind, word, extra=(found[index + 1],)), 2
    return Value(kind, word), 1


def duration_seconds(word: str) -> int | None:
    """The seconds a duration word means (`30s`, `10m`, `1h`, `1m30`, `1h2m30s`, `5'`,
    `30"`, `1'30"`), or None when it is not one; `m` is always minutes."""
    for pattern in _DURATIONS:
        found = pattern.fullmatch(word)
        if found is None or not any(found.groupdict().values()):
            continue
        parts = found.groupdict()
        hours, minutes, seconds = (int(parts.get(key) or 0) for key in ("h", "m", "s"))
        return hours * 3600 + minutes * 60 + seconds
    return None


def distance_text(word: str) -> str:
    """A distance word in words: `2km` -> `2 km`, `500mtr` -> `500 m`."""
    found = _DISTANCE.fullmatch(word)
    assert found is not None
    unit = found.group("unit").lower()
    return f"{found.group('value')} {'m' if unit == 'mtr' else unit}"


def power_parts(word: str) -> tuple[float, float | None, str]:
    """(low, high or None, unit `%` or `w`) of a power or power-range word."""
    single = _POWER.fullmatch(word)
    if single is not None:
        return float(single.group("value")), None, single.group("unit").lower()
    found = _POWER_RANGE.fullmatch(word)
    assert found is not None
    return float(found.group("low")), float(found.group("high")), found.group("unit").lower()


def range_units_differ(word: str) -> bool:
    """Whether a range names two different units (`200w-90%`)."""
    found = _POWER_RANGE.fullmatch(word)
    low_unit = found.group("low_unit") if found else None
    return found is not None and low_unit is not None and low_unit.lower() != found["unit"].lower()


def zone_parts(word: str) -> tuple[int, int]:
    """(low, high) zone numbers of `Z2` (2, 2) or `Z3-Z4` (3, 4)."""
    single = _ZONE.fullmatch(word)
    if single is not None:
        return int(single.group("zone")), int(single.group("zone"))
    found = _ZONE_RANGE.fullmatch(word)
    assert found is not None
    return int(found.group("low")), int(found.group("high"))


def cadence_parts(word: str) -> tuple[int, int]:
    """(low, high) rpm of `90rpm` (90, 90) or `85-95rpm` (85, 95)."""
    found = _CADENCE.fullmatch(word)
    assert found is not None
    low = int(found.group("low"))
    return low, int(found.group("high") or low)


def intensity_word(word: str) -> str:
    """The kind of an `intensity=KIND` word, lower case."""
    found = _INTENSITY.fullmatch(word)
    assert found is not None
    return found.group("kind").lower()


def repeat_count(word: str) -> int:
    """The count of a `4x` word."""
    found = _COUNT.fullmatch(word)
    assert found is not None
    return int(found.group("count"))


def header(text: str) -> tuple[str | None, int] | None:
    """(title or None, count) when a text line opens a repeat block (`Main Set 4x`, `4x`)."""
    stripped = text.strip()
    found = _HEADER.fullmatch(stripped) if stripped[-1:] in ("x", "X") else None
    if found is None:
        return None
    return found.group("title"), int(found.group("count"))


def reads_as_step(text: str) -> bool:
    """Whether a line without its dash would be a whole step (`10m 75%`): a line that forgot
    its `- `, which the reader refuses rather than take as a section title."""
    found = words(text)
    if not found or kind_of(found[0].text) not in (Kind.DURATION, Kind.DISTANCE):
        return False
    parts = split_words(Line(0, 0, text), None, found)
    return not parts.text and not parts.after


# Writing


def duration_text(seconds: int) -> str:
    """Seconds as the builder writes them and every reader reads them: `45s`, `10m`,
    `1m30s`, `1h`, `1h30m`; a length of whole hours and odd seconds in minutes (`60m30s`),
    never three parts, which some readers of the syntax do not take."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours and not secs:
        return f"{hours}h{minutes}m" if minutes else f"{hours}h"
    minutes += hours * 60
    if minutes and secs:
        return f"{minutes}m{secs}s"
    return f"{minutes}m" if minutes else f"{secs}s"


def number_text(value: float) -> str:
    """A number as short as it reads back exactly: `75`, `87.5`."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def escape_text(text: str) -> str:
    """`text` with every word that would be read as a value changed so that it is not
    (`30s` -> `30 s`, `Z2` -> `Z 2`, `freeride` -> `free ride`); the same text when none
    would be. Words are taken from the end, as `ramp` and `press` depend on the next one."""
    found = words(text)
    kept: list[str] = []
    following: str | None = None
    for word in reversed(found):
        kind = kind_of(word.text, following)
        shown = word.text if kind in (Kind.TEXT, Kind.QUALIFIER) else _escaped(word.text)
        kept.append(shown)
        following = shown.split()[0]
    kept.reverse()
    if kept and is_count_word(kept[0]):
        kept[0] = _escaped(kept[0])  # a text that starts with `4x` would make a repeat
    return " ".join(kept)


def _escaped(word: str) -> str:
    lowered = word.lower()
    if lowered == "freeride":
        return word[:4] + " " + word[4:]
    if lowered in ("ramp", "press"):
        return word + ","
    if _INTENSITY.fullmatch(word):
        return word.replace("=", ": ", 1)
    lead = re.match(r"\d+|[^\W\d_]+", word)
    cut = lead.end() if lead is not None and lead.end() < len(word) else 1
    return word[:cut] + " " + word[cut:]


def is_count_word(word: str) -> bool:
    """Whether `word` is a repeat count (`4x`)."""
    return _COUNT.fullmatch(word) is not None


TEXT_JOINER = " / "
"""Between the texts a step's text is made of (a label, a cue, a kept heart-rate target)."""
MAX_EFFORT_TEXT = "Max effort"
"""The text a maximal effort is written with, before `freeride`; read back as `max`."""
