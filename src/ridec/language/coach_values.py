"""Coaches' habits in values: unit words (`10 min`), missing units (`1h30`), ramps (`ramp
50-75%`, `from 50% to 75%`), `% FTP`, `percent`, watts, cadence, zones and `@` targets."""

from __future__ import annotations

import re

from ridec.language.coach_words import (
    CLOCK,
    DURATION,
    FTP_WORDS,
    NUMBER,
    PARTIAL,
    PERCENT_WORDS,
    POWER,
    UNIT_IN_WORD,
    UNIT_SECONDS,
    Words,
    is_duration,
    is_value,
    largest_unit,
    number_of,
    seconds_of,
    total_seconds,
)
from ridec.model import format_duration


def seconds_marks(code: str) -> str:
    """`30"` and `1'30"` (minutes and seconds marks) with `''` for the seconds mark, so that
    the `"` is not read as the start of a label; a `"` inside a label is left alone."""
    out: list[str] = []
    inside = False
    for index, char in enumerate(code):
        if char == '"' and not inside and _after_mark_digits(code, index):
            out.append("''")
            continue
        if char == '"' and (index == 0 or code[index - 1] != "\\"):
            inside = not inside
        out.append(char)
    return "".join(out)


def _after_mark_digits(code: str, index: int) -> bool:
    """Whether `code[index]` ends a word like `30` or `1'30` (and the word ends there)."""
    start = index
    while start > 0 and (code[start - 1].isdigit() or code[start - 1] == "'"):
        start -= 1
    word = code[start:index]
    ends = index + 1 == len(code) or code[index + 1].isspace() or code[index + 1] in ",;)"
    before = start == 0 or code[start - 1].isspace() or code[start - 1] == "("
    return ends and before and bool(re.fullmatch(r"(?:[0-9]+')?[0-9]+", word))


def durations(state: Words) -> None:
    """Unit words (`10 min`, `30secs`, `1 hour`), missing last units (`1h30`), split parts,
    clock times with a unit (`1:30 min`) and TrainingPeaks' `:30`."""
    words = state.words
    out: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        after = words[index + 1].lower().rstrip(".") if index + 1 < len(words) else ""
        clock = _clock_with_unit(word, after)
        if clock is not None:
            out.append(clock[0])
            state.because(f"`{' '.join(words[index : index + clock[1]])}` is written `{clock[0]}`")
            index += clock[1]
            continue
        if re.fullmatch(NUMBER, word) and after in UNIT_SECONDS:
            seconds = seconds_of(word, after)
            if seconds is not None:
                out.append(format_duration(seconds))
                state.because(f"`{word} {words[index + 1]}` is written `{out[-1]}`")
                index += 2
                continue
        converted = duration_word(word)
        if converted is not None and converted != word:
            out.append(converted)
            shown = word.replace("''", '"')  # how `seconds_marks` wrote the coach's `"`
            state.because(f"`{shown}` is written `{converted}`")
        else:
            out.append(word)
        index += 1
    state.words = _join_durations(out, state)


def _clock_with_unit(word: str, after: str) -> tuple[str, int] | None:
    """`1:30min`, `1:30 min` (m:ss), `1:30h` (h:mm), `:30` (seconds): the duration, and how
    many words it took; None for anything else."""
    if re.fullmatch(r":[0-5][0-9]", word):
        return format_duration(number_of(word[1:])), 1
    match = re.fullmatch(r"([0-9]+(?::[0-5][0-9]){1,2})([a-z]*)\.?", word, re.I)
    if match is None:
        return None
    unit, used = match.group(2).lower(), 1
    if not unit and after in UNIT_SECONDS:
        unit, used = after, 2
    if unit not in UNIT_SECONDS or UNIT_SECONDS[unit] == 1:
        return None
    parts = [number_of(part) for part in match.group(1).split(":")]
    if UNIT_SECONDS[unit] == 60 and len(parts) == 3:
        return None  # `1:02:03 min` says nothing clear
    scale = 3600 if UNIT_SECONDS[unit] == 3600 else 60
    seconds = sum(part * scale // 60**place for place, part in enumerate(parts))
    return format_duration(seconds), used


def duration_word(word: str) -> str | None:
    """`10mins` -> `10m`, `1h30` -> `1h30m`, `1.5h` -> `1h30m`, `1'30` -> `1m30s`; None when
    not a duration."""
    if DURATION.fullmatch(word) or CLOCK.fullmatch(word):
        return word
    if word.endswith(".") and re.search(r"[a-z]\.$", word, re.I):
        return duration_word(word[:-1])  # `10min.`
    minutes = re.fullmatch(r"([0-9]+)'([0-9]+)", word)
    if minutes:
        return format_duration(number_of(minutes.group(1)) * 60 + number_of(minutes.group(2)))
    return _units_in_word(word)


def _units_in_word(word: str) -> str | None:
    """`1h30` -> `1h30m`, `10mins` -> `10m`, `1.5h` -> `1h30m`; None when not a duration."""
    partial = PARTIAL.fullmatch(word)
    if partial:
        number, unit, rest = partial.groups()
        smaller = "m" if unit.lower() == "h" else "s"
        return f"{number}{'m' if unit.lower() == 'min' else unit.lower()}{rest}{smaller}"
    total = 0
    position = 0
    for match in UNIT_IN_WORD.finditer(word):
        if match.start() != position:
            return None
        seconds = seconds_of(match.group(1), match.group(2))
        if seconds is None:
            return None
        total += seconds
        position = match.end()
    if position != len(word) or total == 0:
        return None
    return format_duration(total)


def _join_durations(words: list[str], state: Words) -> list[str]:
    """`1h 30m` is one duration, `1h30m`."""
    out: list[str] = []
    for word in words:
        if (
            out
            and is_duration(out[-1])
            and is_duration(word)
            and largest_unit(out[-1]) > largest_unit(word)
        ):
            previous = out.pop()
            joined = format_duration(total_seconds(previous) + total_seconds(word))
            state.because(f"`{previous} {word}` is one duration, `{joined}`")
            out.append(joined)
        else:
            out.append(word)
    return out


def values(state: Words) -> None:
    """Targets as other tools write them: ramps, `% FTP`, `percent`, `200 watts`, `90 rpm`,
    `zone 2`, `freeride`."""
    _ramp(state)
    words = state.words
    out: list[str] = []
    index = 0
    while index < len(words):
        previous = out[-1] if out else None
        found = None if words[index].startswith('"') else _value_habit(words, index, previous)
        if found is None:
            out.append(words[index])
            index += 1
            continue
        replacement, used, reason = found
        if replacement:
            out.append(replacement)
        state.because(reason)
        index += used
    state.words = out


_Habit = tuple[str, int, str]
"""What a value habit becomes: the word ("" to drop it), how many words it used, and why."""


def _value_habit(words: list[str], index: int, previous: str | None) -> _Habit | None:
    """The habit at `words[index]`, if any; `previous` is the word before it, as rewritten."""
    low = words[index].lower()
    after = words[index + 1].lower() if index + 1 < len(words) else ""
    after2 = words[index + 2].lower() if index + 2 < len(words) else ""
    power = re.fullmatch(rf"({NUMBER}(?:-{NUMBER})?)(%?)(ftp|%ftp|percent|pct)?", low)
    if power:
        return _power_habit(words[index], power, after, after2)
    watts = re.fullmatch(rf"({NUMBER})(?:watts|watt)", low)
    written = f"{watts.group(1) if watts else ''}w"
    candidates: list[tuple[bool, _Habit]] = [
        (bool(watts), (written, 1, f"watts are written `{written}`")),
        (
            low in ("cadence", "rpm") and bool(re.fullmatch(r"[0-9]+(?:-[0-9]+)?", after)),
            (f"{after}rpm", 2, f"a cadence is written `{after}rpm`"),
        ),
        (
            low == "zone" and bool(re.fullmatch(r"[1-7]", after)),
            (f"z{after}", 2, f"a zone is written `z{after}`"),
        ),
        (
            low in ("freeride", "free-ride") or (low, after) == ("free", "ride"),
            ("free", 2 if low == "free" else 1, "a free ride is written `free`"),
        ),
        (
            low in ("maxeffort", "max-effort", "all-out") or (low, after) in _MAX_PAIRS,
            ("max", 2 if low in ("max", "all") else 1, "a maximal effort is written `max`"),
        ),
        (
            low in ("ftp", "%ftp") and previous is not None and previous.endswith("%"),
            ("", 1, "`%` already means % of FTP: drop `FTP`"),
        ),
        (
            low in ("ftp", "@ftp") and previous is not None,
            ("100%", 1, "FTP itself is written `100%`"),
        ),
    ]
    return next((habit for applies, habit in candidates if applies), None)


_MAX_PAIRS = (("max", "effort"), ("all", "out"))


def _power_habit(word: str, power: re.Match[str], after: str, after2: str) -> _Habit | None:
    """`60% FTP`, `60% of FTP`, `60 percent`, `60pct`, `200 watts`, `90 rpm`."""
    number, percent, suffix = power.groups()
    percent_given = bool(percent or suffix)
    candidates: list[tuple[bool, _Habit]] = [
        (
            after in FTP_WORDS and percent_given,
            (f"{number}%", 2, "`%` already means % of FTP: drop `FTP`"),
        ),
        (
            (after, after2) == ("of", "ftp") and percent_given,
            (f"{number}%", 3, "`%` already means % of FTP: drop `of FTP`"),
        ),
        (bool(suffix), (f"{number}%", 1, f"`{word}` is written `{number}%`")),
        (
            not percent and after in (*PERCENT_WORDS, *FTP_WORDS),
            (f"{number}%", 2, f"`{word} {after}` is written `{number}%`"),
        ),
        (
            not percent and after in ("w", "watts", "watt"),
            (f"{number}w", 2, f"watts are written `{number}w`"),
        ),
        (
            not percent and after == "rpm",
            (f"{number}rpm", 2, f"a cadence is written `{number}rpm`"),
        ),
    ]
    return next((habit for applies, habit in candidates if applies), None)


def _ramp(state: Words) -> None:
    """`ramp 50-75%`, `from 50% to 75%`, `50 to 75%` as `50%->75%`."""
    words = state.words
    index = 0
    while index < len(words):
        low = words[index].lower()
        if low == "ramp":
            del words[index]
            if index < len(words) and words[index].lower() in ("up", "down"):
                del words[index]
            if index < len(words) and words[index].lower() == "from":
                continue
            if index < len(words):
                ramp = _as_ramp(words[index])
                if ramp is not None:
                    words[index] = ramp
                    state.because(f"a ramp is written `{ramp}`")
                    index += 1
                    continue
            if index > 0:
                ramp = _as_ramp(words[index - 1])
                if ramp is not None:
                    words[index - 1] = ramp
                    state.because(f"a ramp is written `{ramp}`")
            continue
        if low == "from" and index + 3 < len(words) and words[index + 2].lower() == "to":
            ramp = _from_to(words[index + 1], words[index + 3])
            if ramp is not None:
                words[index : index + 4] = [ramp]
                state.because(f"a ramp from one power to another is written `{ramp}`")
        elif low == "to" and 0 < index < len(words) - 1:
            ramp = _from_to(words[index - 1], words[index + 1])
            if ramp is not None:
                words[index - 1 : index + 2] = [ramp]
                state.because(f"a ramp from one power to another is written `{ramp}`")
                continue
        index += 1


def _as_ramp(word: str) -> str | None:
    match = re.fullmatch(rf"({NUMBER})(%|w)?-({NUMBER})(%|w)", word, re.I)
    if match is None:
        return word if "->" in word and POWER.fullmatch(word) else None
    left, left_unit, right, unit = match.groups()
    if left_unit and left_unit.lower() != unit.lower():
        return None
    return f"{left}{unit.lower()}->{right}{unit.lower()}"


def _from_to(start: str, end: str) -> str | None:
    left = re.fullmatch(rf"({NUMBER})(%|w)?", start, re.I)
    right = re.fullmatch(rf"({NUMBER})(%|w)", end, re.I)
    if left is None or right is None:
        return None
    unit = right.group(2).lower()
    if left.group(2) and left.group(2).lower() != unit:
        return None
    return f"{left.group(1)}{unit}->{right.group(1)}{unit}"


def at_target(state: Words) -> None:
    """`4m @ 80%`, `4m @80%`, `4m at 80%`: a target needs no `@`."""
    words = state.words
    out: list[str] = []
    for index, word in enumerate(words):
        low = word.lower()
        following = words[index + 1] if index + 1 < len(words) else ""
        if index > 0 and low in ("@", "at") and (is_value(following) or following == "100%"):
            state.because("a target needs no `@`: it follows the duration")
            continue
        if index > 0 and word.startswith("@") and len(word) > 1:
            out.append(word[1:])
            state.because("a target needs no `@`: it follows the duration")
            continue
        at = re.fullmatch(r"(.+?)@(.+)", word)
        if at and not word.startswith('"') and is_duration(at.group(1)):
            out.extend(at.groups())
            state.because("a target needs no `@`: it follows the duration")
            continue
        out.append(word)
    state.words = out


def cue_at(state: Words) -> None:
    """`@ 30s "text"` as `@30s "text"`."""
    words = state.words
    if len(words) > 1 and words[0] in ("@", "@-"):
        words[0:2] = [words[0] + words[1]]
        state.because("a cue's offset goes right after `@`: `@30s`")


def cue_offset(state: Words) -> None:
    """Unit words in a cue's offset: `@30 sec "text"` as `@30s "text"`."""
    words = state.words
    if not words or not words[0].startswith("@"):
        return
    sign = "@-" if words[0].startswith("@-") else "@"
    inner = Words([words[0][len(sign) :], *words[1:]])
    durations(inner)
    if inner.reasons:
        state.words = [sign + inner.words[0], *inner.words[1:]]
        state.reasons.extend(r for r in inner.reasons if r not in state.reasons)


def let_value(state: Words) -> None:
    """Unit and value habits in a `let` value: `let on = 2 mins`."""
    if "=" in state.words:
        _values_after(state, state.words.index("=") + 1)


def series_values(state: Words) -> None:
    """Unit and value habits in a plan's values: `on: 2 mins -> 3 mins`, `3 to 5`."""
    words = state.words
    if words and words[0].endswith(":"):
        for index, word in enumerate(words):
            if word.lower() == "to" and 0 < index < len(words) - 1:
                words[index] = "->"
                state.because("a progression is written `a -> b`")
        _values_after(state, 1)


def _values_after(state: Words, split: int) -> None:
    words = state.words
    inner = Words(words[split:])
    for rule in (durations, values):
        rule(inner)
    if inner.reasons:
        state.words = [*words[:split], *inner.words]
        state.reasons.extend(r for r in inner.reasons if r not in state.reasons)
