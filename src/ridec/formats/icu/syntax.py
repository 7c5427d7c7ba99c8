"""The lexical layer of intervals.icu workout text, shared by the reader, the checker and
the writer: lines, words, what each word means, spaced values joined into one.

The syntax is the one the intervals.icu forum's builder guide describes (docs/formats.md):

    file    = { blank | free-text | section | step }
    section = title NEWLINE step { NEWLINE step }     ends at a blank line or a text line
    title   = TEXT with one COUNT "x" word (a repeat block) or without (a plain title)
    step    = "-" [COUNT "x"] [prompts "<!>"] [text] values-and-text
    prompts = [text] { SECONDS "^" [SHOWN] text }     timed prompts, `<!>` ends them
    value   = DURATION | DISTANCE | POWER | POWER-RANGE | ZONE | ZONE-RANGE | "freeride"
            | "ramp" POWER-RANGE | POWER "to" POWER | CADENCE | "press lap"
            | "intensity=" KIND | TARGET ("HR"|"LTHR"|"Pace"|"MMP" ...)

A value may be written with spaces where coaches put them (`90 rpm`, `315w - 330w`):
`glued` joins such words into one before anything reads them. How a step line
splits into its text, values and prompts is `stepline`. The writer asks `kind_of` about
each word of a text it writes and changes the few that would be read as values
(`escape_text`), so what ridec writes is read back as written. Everything here is linear
in its input, and numbers are bounded before `int()` sees them.
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
_DISTANCE_UNITS = r"km|mtr|mi|yrd|miles?|met(?:er|re)s?|yards?"
_DISTANCE = re.compile(rf"(?P<value>{_NUMBER})(?P<unit>{_DISTANCE_UNITS})", re.I | re.A)
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
_PROMPT = re.compile(r"(?P<at>\d{1,5})\^(?P<rest>.*)", re.A | re.S)
PROMPTS_END = "<!>"
"""Ends a step's timed prompts (`- Go 33^Lift cadence <!> 10m 75%`)."""
_LOOSE_NUMBER = re.compile(rf"{_NUMBER}(?:-{_NUMBER})?", re.A)
_RANGE_END = re.compile(rf"{_NUMBER}(?:%|w)?", re.I | re.A)
_UNIT_WORDS = re.compile(r"rpm", re.I | re.A)
_TRAILING = ",;"
"""Punctuation after a value that leaves it a value (`40-50 rpm, power is less ...`)."""
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
    RAMP_TO = "ramp written with to"
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
        Kind.RAMP_TO,
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
    def is_rule(self) -> bool:
        """A Markdown separator (`---`), which the guide allows among the text."""
        bare = "".join(self.text.split())
        return len(bare) >= 3 and not bare.strip("-")

    @property
    def is_step(self) -> bool:
        """A step: its first character after white space is `-`."""
        return self.text.lstrip().startswith("-") and not self.is_rule


@record
class Word:
    """A run of non-space characters of a line, or spaced words read as one value."""

    text: str
    """The characters as written (`90 rpm` for a spaced value)."""
    column: int
    """0-based column of its first character in the line."""
    norm: str | None = None
    """The value it reads as when that differs from `text` (`90rpm`, `60%-80%`)."""

    @property
    def key(self) -> str:
        """What it reads as: `norm`, else `text` (a number without a trailing comma)."""
        if self.norm is not None:
            return self.norm
        if self.text[0] in _DIGITS:
            return self.text.rstrip(_TRAILING) or self.text
        return self.text


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


def glued(found: list[Word], text: str) -> list[Word]:
    """`found` (words of the line `text`) with spaced values joined into one word: a cadence
    and its unit (`90 rpm`, `40-50 rpm,`, the builder author's own forms) and a range around
    a lone dash (`315w - 330w`, `95% - 105%`, a coach's). Other words are kept as they are:
    no source shows intervals.icu reading `275 W` or `2 km`."""
    joined: list[Word] = []
    for word in found:
        if joined and _UNIT_WORDS.fullmatch(word.text.rstrip(_TRAILING)):
            last = joined[-1]
            if _LOOSE_NUMBER.fullmatch(last.key) and last.norm is None:
                joined[-1] = _joined(text, last, word, last.key + word.text.rstrip(_TRAILING))
                continue
        joined.append(word)
        if len(joined) >= 3 and joined[-2].text == "-":
            low, high = joined[-3], joined[-1]
            norm = f"{low.key}-{high.key}"
            if _RANGE_END.fullmatch(low.key) and _numbered(norm, None) in _RANGES:
                joined[-3:] = [_joined(text, low, high, norm)]
    return joined


_RANGES = (Kind.POWER_RANGE, Kind.CADENCE)


def _joined(text: str, first: Word, last: Word, norm: str) -> Word:
    end = last.column + len(last.text)
    return Word(text[first.column : end], first.column, norm)


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


def prompt_parts(word: str) -> tuple[int, int | None, str] | None:
    """(seconds, seconds shown or None, the message's first characters) of a timed prompt's
    marker (`60^30`, `33^2nd`, `20^`), or None when `word` is none. Digits alone after the
    caret are how long it shows; digits followed by more are the message (`33^2nd`)."""
    found = _PROMPT.fullmatch(word)
    if found is None:
        return None
    rest = found.group("rest")
    if rest.isdigit() and len(rest) <= 5:
        return int(found.group("at")), int(rest), ""
    return int(found.group("at")), None, rest


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
    """(title or None, count) when a text line opens a repeat block: a line with one count
    word, `Main Set 4x`, `4x`, `Set 1 - 8x`, `4x Hard efforts` (the builder's author: "6x
    or whatever in the line before a set of steps"); the title is the rest of the line."""
    found = words(text)
    counts = [w for w in found if _COUNT.fullmatch(w.text)]
    if len(counts) != 1:
        return None
    count = counts[0]
    before = text[: count.column].strip()
    after = text[count.column + len(count.text) :].strip()
    title = " ".join(part for part in (before, after) if part) or None
    return title, int(count.text[:-1])


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
    (`30s` -> `30 s`, `Z2` -> `Z 2`, `freeride` -> `free ride`, `90 rpm` -> `90-rpm`,
    `33^go` -> `33 ^go`, `<!>` -> `<! >`); the same text when none would be. Words are
    taken from the end, as `ramp` and `press` depend on the next one."""
    text = text.replace(PROMPTS_END, "<! >")
    kept: list[str] = []
    following: str | None = None
    for word in reversed(words(text)):
        key = word.key
        kind = kind_of(key, following)
        plain = kind in (Kind.TEXT, Kind.QUALIFIER) and prompt_parts(key) is None
        shown = word.text if plain else _escaped(word.text)
        kept.append(shown)
        following = shown.split()[0]
    kept.reverse()
    if kept and is_count_word(kept[0]):
        kept[0] = _escaped(kept[0])  # a text that starts with `4x` would make a repeat
    return " ".join(_unglued(kept))


def _unglued(kept: list[str]) -> list[str]:
    """Words that `glued` would join into a value, joined by a dash instead (`2-km`)."""
    line = " ".join(kept)
    return [
        w.text.replace(" ", "-", 1) if w.norm is not None else w.text
        for w in glued(words(line), line)
    ]


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
    rest = word[cut:]
    joiner = "-" if _UNIT_WORDS.fullmatch(rest.rstrip(_TRAILING)) else " "
    return word[:cut] + joiner + rest


def escape_prompt(text: str) -> str:
    """A timed prompt's message as the reader reads it back: before `<!>` only another
    prompt's marker (`33^...`) and `<!>` itself would be read, so only they change."""
    text = text.replace(PROMPTS_END, "<! >")
    return " ".join(_escaped(w.text) if prompt_parts(w.text) else w.text for w in words(text))


def escape_count_words(line: str) -> str:
    """A free-text line with its repeat count split (`Round 3x` -> `Round 3 x`), so that it
    does not open a repeat block; the same line when it would not."""
    if header(line) is None:
        return line
    for word in reversed(words(line)):
        if is_count_word(word.text):
            end = word.column + len(word.text)
            line = line[: word.column] + _escaped(word.text) + line[end:]
    return line


def is_count_word(word: str) -> bool:
    """Whether `word` is a repeat count (`4x`)."""
    return _COUNT.fullmatch(word) is not None


TEXT_JOINER = " / "
"""Between the texts a step's text is made of (a label, a cue, a kept heart-rate target)."""
MAX_EFFORT_TEXT = "Max effort"
"""The text a maximal effort is written with, before `freeride`; read back as `max`."""
