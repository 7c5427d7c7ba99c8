"""Repeats as other tools and forum posts write them, read as `repeat N:` with the steps on
the lines under it.

The count first: `x3:`, `3 x:`, `3 times:`, `Repeat 3 times:`, `3X 8m 95%` and
`10 x 1m 120%` on one line; the count glued to the duration, TrainerRoad forum style, where a
bare number counts minutes (`2x20 @ 95%` is 2 x 20 minutes, `4x8min`, `5x5'`); the steps in
brackets, several separated by commas or slashes (`3x(5min @ 90%, 3min @ 55%)`). Or the count
after the step: `30s 120% x 10`, `30s 120% 10x`.
"""

from __future__ import annotations

import re

from ridec.language.coach_words import (
    COUNT_X,
    SEPARATORS,
    Words,
    is_step_duration,
    is_value,
    number_of,
)

_GLUED = re.compile(r"([0-9]+)[x\u00d7]([0-9][^\s]*)", re.I)
"""`2x20`, `4x8min`, `5x5'`: a count glued to the step's duration."""
_BRACKETS = re.compile(
    r"(?P<count>[0-9]+\s*[x\u00d7]|[x\u00d7]\s*[0-9]+)\s*[(\[](?P<inner>[^()\[\]\"]*)[)\]]"
    r"\s*(?P<colon>:?)",
    re.I,
)
"""`3x(5min @ 90%)`, `3 x [5m 90%, 3m 55%]`: the steps of a repeat in brackets."""
_TRAILING = re.compile(r"[x\u00d7]([0-9]+)|([0-9]+)[x\u00d7]", re.I)
_TIMES = ("x", "times", "\u00d7")
_UNIT_WORDS = ("s", "sec", "secs", "m", "min", "mins", "h", "hr", "hrs", "'", "''")


_INNER_SEPARATOR = re.compile(r"\s*([,;+]|(?<!\b[wW])/)\s*")
"""A separator between bracketed steps, spaced or not (`95%/5min`, `90%,3min`); the `/` of
`w/` ("with") is none."""


def without_brackets(code: str) -> str:
    """`3x(5min @ 90%,3min @ 55%)` as `3x 5min @ 90% , 3min @ 55%`: the separators between
    the steps made words of their own, however they were spaced."""
    match = _BRACKETS.fullmatch(code.strip())
    if match is None:
        return code
    count = match.group("count").replace(" ", "")
    inner = _INNER_SEPARATOR.sub(r" \1 ", match.group("inner"))
    return f"{count} {inner}{match.group('colon')}"


def repeat_count(state: Words) -> None:
    """A count written before or after the step, as `repeat N:` with the step under it."""
    if state.words and _GLUED.fullmatch(state.words[0]) and not state.words[0].endswith(":"):
        match = _GLUED.fullmatch(state.words[0])
        assert match is not None
        state.words[0:1] = [f"{match.group(1)}x", match.group(2)]
    count, used = _leading_count(state)
    if count is None:
        _trailing_count(state)
        return
    rest = state.words[used:]
    label = rest[:1] if rest and rest[0].startswith('"') else []
    body = rest[len(label) :]
    state.because(f"a repeat count is written `repeat {count}:` (or `{count}x:`)")
    steps = _steps(body)
    if steps and not state.colon:
        _minutes(steps, state)
        state.body = steps
        state.because("a repeat holds its steps on the lines under it, indented")
    state.colon = True
    state.words = ["repeat", str(count), *label]


def _leading_count(state: Words) -> tuple[int | None, int]:
    """The count at the start of the line and how many words say it."""
    words = state.words
    first = words[0] if words else ""
    second = words[1].lower() if len(words) > 1 else ""
    match = COUNT_X.fullmatch(first)
    if match and not (match.group(2) and state.colon and len(words) == 1):
        return number_of(match.group(1) or match.group(2)), 1
    if first.isdigit() and len(words) > 1 and second in _TIMES:
        return number_of(first), 2
    third = words[2].lower() if len(words) > 2 else ""
    if first.lower() == "repeat" and second.isdigit() and third in _TIMES:
        return number_of(second), 3  # `Repeat 3 times:`
    return None, 0


def _trailing_count(state: Words) -> None:
    """`30s 120% x 10`, `30s 120% x10`, `30s 120% 10x`: the count after the step."""
    words = state.words
    if len(words) < 2 or state.colon or not _starts_a_step(words):
        return
    match = _TRAILING.fullmatch(words[-1])
    if match is not None:
        count, used = number_of(match.group(1) or match.group(2)), 1
    elif words[-1].isdigit() and words[-2].lower() in _TIMES:
        count, used = number_of(words[-1]), 2
    else:
        return
    step = words[:-used]
    state.because(f"a step done {count} times is a `repeat {count}:` block, the step under it")
    state.body = [step]
    state.colon = True
    state.words = ["repeat", str(count)]


def _starts_a_step(words: list[str]) -> bool:
    from ridec.language.coach_words import INTENSITIES

    first = 1 if words[0].lower() in INTENSITIES else 0
    return first < len(words) and (
        is_step_duration(words[first]) or _is_duration_words(words[first:])
    )


def _is_duration_words(words: list[str]) -> bool:
    """`30 sec`, `30sec`, `1.5min`: a duration as habits write it."""
    from ridec.language.coach_values import duration_word

    if len(words) > 1 and words[0].isdigit() and words[1].lower().rstrip(".") in _UNIT_WORDS:
        return True
    return duration_word(words[0]) is not None


def _steps(body: list[str]) -> list[list[str]]:
    """The words of a repeat's body cut into steps at `,`, `;`, `/` or `+`; a piece without a
    duration (`5min @ 95rpm, 90% FTP`) belongs to the step before it."""
    steps: list[list[str]] = []
    current: list[str] = []
    for word in [*body, ","]:
        if word not in SEPARATORS:
            current.append(word)
            continue
        if current and (not steps or _has_duration(current)):
            steps.append(current)
        elif current:
            steps[-1].extend(current)
        current = []
    return steps


def _has_duration(words: list[str]) -> bool:
    first = 1 if words and words[0].lower() in ("warmup", "recovery", "rest", "cooldown") else 0
    return first < len(words) and (words[first].isdigit() or _starts_a_step(words))


def _minutes(steps: list[list[str]], state: Words) -> None:
    """A bare number starting a step of a repeat counts minutes (`2x20 @ 95%`)."""
    for step in steps:
        first = step[0]
        following = step[1].lower() if len(step) > 1 else ""
        targeted = is_value(following) or following.startswith("@") or following == "at"
        if not first.isdigit() or (following and not targeted):
            continue
        step[0] = f"{number_of(first)}m"
        state.because(f"a bare `{first}` after a repeat count counts minutes: `{step[0]}`")


_REST_WORDS = {"rest": "rest", "recovery": "recovery", "recover": "recovery"}
"""What a coach writes after a rest's duration, and the intensity ridec writes for it."""
_WITH = ("w/", "with")


def rest_steps(state: Words) -> None:
    """`8' @ 105% w/ 4' rest`: the rest after an interval is a step of its own, `rest 4'
    free` after a `,`, so that the repeat or the line of steps cuts it off; a rest without a
    target is written `free` (what it is) rather than left to the free-ride warning."""
    words = state.words
    for index, word in enumerate(words):
        if word.lower().startswith("w/") and len(word) > 2:
            words[index : index + 1] = ["w/", word[2:]]  # `w/4'`
            break
    index = 0
    while index < len(words):
        start = index + 1 if words[index].lower() in _WITH and index > 0 else index
        used = _duration_words_at(words, start)
        rest = words[start + used].lower() if used and start + used < len(words) else ""
        if rest not in _REST_WORDS:
            index += 1
            continue
        after = start + used + 1
        targeted = after < len(words) and (is_value(words[after]) or words[after][:1] == "@")
        step = [_REST_WORDS[rest], *words[start : start + used], *([] if targeted else ["free"])]
        words[index:after] = [","] * (index > 0) + step
        shown = _as_written(step)
        state.because(
            f"a rest is a step of its own, on its own line: `{shown}`"
            + ("" if targeted else " (`free`: no target; give it one, as `50%`, to stay in ERG)")
        )
        index += len(step) + 1


def _as_written(step: list[str]) -> str:
    """The rest step as ridec writes it (`rest 4' free` is `rest 4m free`)."""
    from ridec.language.coach_values import durations

    written = Words(list(step))
    durations(written)
    return " ".join(written.words)


def _duration_words_at(words: list[str], index: int) -> int:
    """How many words at `index` say a duration (`4'`, `4min`, `4 min`), 0 when none."""
    if index >= len(words):
        return 0
    from ridec.language.coach_values import duration_word

    if duration_word(words[index]) is not None and not words[index].isdigit():
        return 1
    return 2 if _is_duration_words(words[index : index + 2]) else 0


def one_step_per_line(state: Words) -> None:
    """`8min 105%, 4min 50%`: steps written on one line go one per line (a piece without a
    duration, as in `5min @ 95rpm, 90% FTP`, stays with the step before it)."""
    if state.colon or state.body or not any(word in SEPARATORS for word in state.words):
        return
    steps = _steps(state.words)
    if len(steps) < 2 or not all(_starts_a_step(step) for step in steps):
        return
    state.words, state.after = steps[0], steps[1:]
    state.because("one step per line: each step goes on a line of its own")
