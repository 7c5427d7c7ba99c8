"""Read a line that failed the way a coach most likely meant it.

Coaches bring habits from other tools and from writing by hand: `10 min`, `1h30`, `ramp
50-75%`, `60% FTP`, `@ 80%`, `x3`, intervals.icu's `- ` bullets and section titles, heart
rate or RPE targets, forum repeats (`2x20 @ 95%`, `3x(5min @ 90%)`, `30s 120% x 10`, `3 x 8'
@ 105% w/ 4' rest`) and two steps on one line (`coach_repeats`), Zwift's fractions, zone
ramps and `sweet spot` (`0.9`, `z1->z2`, `coach_targets`), header lines without their colon
(`name Tempo`, `coach_header`). When a line does not parse,
`read_as_coach` rewrites its words by these habits; the parser offers the rewrite as the fix
only when it parses cleanly, and says in the hint what each rewrite was for. Nothing here runs
on a line that parsed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ridec.language.coach_header import read_header
from ridec.language.coach_repeats import (
    one_step_per_line,
    repeat_count,
    rest_steps,
    without_brackets,
)
from ridec.language.coach_targets import (
    fractions,
    spaced_values,
    sweet_spot,
    target_before_cadence,
    zones,
)
from ridec.language.coach_values import (
    at_target,
    cue_at,
    cue_offset,
    durations,
    let_value,
    seconds_marks,
    series_values,
    values,
)
from ridec.language.coach_words import (
    FLAGS,
    HEART,
    INTENSITIES,
    KEYWORDS,
    NUMBER,
    PACE,
    RPE,
    SECTION,
    SEPARATORS,
    TITLE_WORDS,
    Words,
    is_step_duration,
    is_value,
    line_words,
    number_of,
    quote,
    unquote,
)
from ridec.language.line_kind import LineKind
from ridec.records import record


@record
class Reading:
    """A failed line as the coach meant it."""

    text: str
    """The corrected code of the line (a block's first step goes on a new line after `\\n`)."""
    reasons: tuple[str, ...]
    """What each rewrite was for, in the order applied."""
    message: str | None = None
    """A plainer message than the parser's, for what ridec cannot do at all."""
    focus: tuple[int, int] | None = None
    """Offsets, within the line's code, of what `message` is about."""
    kind: LineKind | None = None
    """The kind of line the corrected text is, when not the failed line's (`name Tempo`,
    read where a step was expected, is a header line)."""


def read_as_coach(code: str, kind: LineKind, next_line: str | None = None) -> Reading | None:
    """The line as the coach meant it, or None when no habit explains it.

    `next_line` is the code of the next non-blank line, which tells a section title
    (intervals.icu's `Warmup` above `- 10m 60%`) from a step with a missing duration.
    """
    if kind in (LineKind.NODE, LineKind.HEADER):
        header = read_header(code, keys_only=kind is LineKind.NODE)
        if header is not None:
            return Reading(header[0], header[1], kind=LineKind.HEADER)
        if kind is LineKind.HEADER:
            return None
        section = _section(code, next_line)
        if section is not None:
            return section
    state = _words(code, kind)
    if not state.words:
        return None
    if state.words[-1].endswith(":") and not state.words[-1].startswith('"'):
        state.colon = True
        state.words[-1] = state.words[-1][:-1]
        if not state.words[-1]:
            state.words.pop()
    elif state.words[-1].endswith('":'):
        state.colon = True
        state.words[-1] = state.words[-1][:-1]
    _focus_unsupported(code, state)
    for rule in _RULES[kind]:
        rule(state)
    _read_steps(state)
    if not state.reasons:
        return None
    return Reading(_assemble(state), tuple(state.reasons), state.message, state.focus)


def _read_steps(state: Words) -> None:
    """Read each step cut off the line (a repeat's body, the steps after it) as a line."""
    for steps in (state.body, state.after):
        for index, step in enumerate(steps):
            inner = read_as_coach(" ".join(step), LineKind.NODE)
            if inner is not None:
                steps[index] = [inner.text]
                state.reasons.extend(r for r in inner.reasons if r not in state.reasons)


def _assemble(state: Words) -> str:
    words = list(state.words)
    if state.label_extra:
        extra = " ".join(state.label_extra)
        label = next((i for i, w in enumerate(words) if w.startswith('"')), None)
        if label is None:
            words.append(quote(extra))
        else:
            words[label] = quote(f"{unquote(words[label])} ({extra})")
    text = " ".join(words) + (":" if state.colon else "")
    body = ("\n  " + " ".join(step) for step in state.body)
    return "".join([text, *body, *("\n" + " ".join(step) for step in state.after)])


def _words(code: str, kind: LineKind) -> Words:
    """The line's words; on a step line, a repeat's brackets dropped (`3x(5m 90%)`), seconds
    marks (`30"`) told from quotes, and `,` or `;` after a word made words of their own."""
    if kind is not LineKind.NODE:
        return Words(line_words(code))
    code = without_brackets(seconds_marks(code))
    words: list[str] = []
    for word in line_words(code):
        if len(word) > 1 and word[-1] in ",;" and not word.startswith('"'):
            words.extend((word[:-1], ","))
        else:
            words.append(word)
    return Words(words)


# --- intervals.icu sections ------------------------------------------------------------------


def _section(code: str, next_line: str | None) -> Reading | None:
    """`Main Set 3x` is a repeat; a title alone above a `- ` bullet is a comment."""
    bare = code.removeprefix("- ").strip()
    match = SECTION.fullmatch(bare)
    if match is None or not bare:
        return None
    title = (match.group("title") or "").strip()
    count = match.group("n") or match.group("m")
    words = title.lower().split()
    if any(not TITLE_WORDS.fullmatch(w) for w in words) or _looks_like_values(words):
        return None
    if count is not None and not title and match.group("n"):
        return None  # `3x` alone: the parser's own hint (`3x:`) says it
    if count is not None:
        if title and title.lower() in ("repeat", "repeats", "repeat set"):
            title = ""
        times = number_of(count)
        text = f"repeat {times}" + (f" {quote(title)}" if title else "") + ":"
        reason = f"a section done {times} times is a `repeat` block: indent its steps under it"
        return Reading(text, (reason,))
    if title and next_line is not None and next_line.lstrip().startswith("- "):
        reason = "ridec has no section titles: keep it as a comment (or use it as a step's label)"
        return Reading(f"# {title}", (reason,))
    return None


def _looks_like_values(words: list[str]) -> bool:
    """Whether a title-shaped line holds words a step would (a flag, `free`, `lap`, ...)."""
    return any(w in KEYWORDS and w not in ("warmup", "cooldown", "recovery", "rest") for w in words)


# --- rules, each rewriting the words of one line ----------------------------------------------


def _bullet(state: Words) -> None:
    words = state.words
    if words and words[0] in ("-", "*", "\u2022"):
        del words[0]
        state.because("ridec steps need no `- ` bullet")


def _intensity_words(state: Words) -> None:
    """`warm up`, `Warm-Up`, and TrainingPeaks' `Warm up: 10 min`, as `warmup 10m`."""
    words = state.words
    for index in (0, 1):
        if len(words) > index + 1 and words[index].endswith(":"):
            intensity = "".join(words[: index + 1])[:-1].lower().replace("-", "").replace("_", "")
            if intensity in INTENSITIES or intensity in ("warmup", "cooldown"):
                words[index] = words[index][:-1]
                state.because("the intensity is followed by the duration, without `:`")
    for two, one in ((("warm", "up"), "warmup"), (("cool", "down"), "cooldown")):
        joined = f"{two[0]}-{two[1]}"
        if len(words) > 1 and (words[0].lower(), words[1].lower()) == two:
            words[0:2] = [one]
        elif words and words[0].lower() in (joined, f"{two[0]}_{two[1]}"):
            words[0] = one
        else:
            continue
        state.because(f"`{' '.join(two)}` is written `{one}`")


def _focus_unsupported(code: str, state: Words) -> None:
    """Targets ridec does not have (heart rate, pace, RPE): said plainly, kept as text."""
    words = state.words
    for index, word in enumerate(words):
        if word.startswith('"'):
            continue
        kind = _unsupported_kind(word)
        if kind is None or (word.lower() == "hr" and index and words[index - 1].isdigit()):
            continue  # `1 hr` is an hour
        start = index
        if index > 0 and re.fullmatch(rf"{NUMBER}(?:-{NUMBER})?%?", words[index - 1]):
            start = index - 1  # `150 bpm`, `75% HR`
        end = index + 1
        if end < len(words) and re.fullmatch(rf"{NUMBER}(?:-{NUMBER})?", words[end]):
            end += 1  # `HR 150`, `RPE 7`
        taken = words[start:end]
        text = " ".join(taken)
        state.message = f"ridec has no {kind} targets (`{text}`): a step's target is a power"
        kind = kind.replace("-", " ")
        state.focus = _offsets(code, taken)
        state.label_extra.append(text)
        del words[start:end]
        state.because(
            "write the target in % FTP (`65%`), watts (`180w`) or as a zone (`z2`); "
            f"the {kind} is kept in the label for the rider"
        )
        return


def _unsupported_kind(word: str) -> str | None:
    if HEART.fullmatch(word):
        return "heart-rate"
    if PACE.fullmatch(word):
        return "pace"
    if RPE.fullmatch(word):
        return "RPE"
    return None


def _offsets(code: str, taken: list[str]) -> tuple[int, int] | None:
    start = code.find(taken[0])
    if start < 0:
        return None
    end = code.find(taken[-1], start) + len(taken[-1])
    return start, end


def _duration_first(state: Words) -> None:
    """`80% 4m`, `80% for 4m` as `4m 80%`: the duration comes first."""
    words = state.words
    first = 1 if words and words[0].lower() in INTENSITIES else 0
    if first >= len(words) or is_step_duration(words[first]):
        return
    found = next(
        (
            i
            for i in range(first + 1, len(words))
            if is_step_duration(words[i]) and not words[i].startswith('"')
        ),
        None,
    )
    if found is None or not is_value(words[first]):
        return
    duration = words.pop(found)
    if found - 1 > first and words[found - 1].lower() in ("for", "x"):
        del words[found - 1]
    words.insert(first, duration)
    state.because(f"the duration comes first, then the target: `{duration} {words[first + 1]}`")


def _text_first(state: Words) -> None:
    """intervals.icu's `- Spin up 10m 60%`: words before the duration are the step's text."""
    words = state.words
    first = 1 if words and words[0].lower() in INTENSITIES else 0
    stop = first
    while stop < len(words) and _is_plain_word(words[stop]):
        stop += 1
    if stop == first or stop >= len(words) or not is_step_duration(words[stop]):
        return
    near = _near_keyword(words[first])
    if first == 0 and stop == 1 and near in INTENSITIES and state.reasons:
        # `- Recover 3m 55%`; alone, `warmpu 10m` keeps the parser's "did you mean".
        state.because(f"the intensity `{near}` comes first")  # `Recover 3m 55%`
        words[0] = near
        return
    if any(_near_keyword(w) for w in words[first:stop]):
        return
    text = " ".join(words[first:stop])
    del words[first:stop]
    if any(w.startswith('"') for w in words):
        state.label_extra.insert(0, text)
    else:
        words.append(quote(text))
    state.because("a step's text goes last, in double quotes")


def _is_plain_word(word: str) -> bool:
    return bool(re.fullmatch(r"[a-z][a-z'/&,.!?-]*", word, re.I)) and word.lower() not in KEYWORDS


def _near_keyword(word: str) -> str | None:
    import difflib

    found = difflib.get_close_matches(word.lower(), KEYWORDS, n=1, cutoff=0.6)
    return found[0] if found else None


def _trailing_text(state: Words) -> None:
    """Words after the target that no slot takes become the label (only with another fix)."""
    if not state.reasons:
        return
    words = state.words
    stop = len(words)
    while stop > 0 and _is_plain_word(words[stop - 1]) and words[stop - 1].lower() not in FLAGS:
        stop -= 1
    if stop == len(words) or stop == 0 or any(w.startswith('"') for w in words):
        return
    if not is_step_duration(words[0]) and words[0].lower() not in INTENSITIES:
        return
    text = " ".join(words[stop:])
    del words[stop:]
    words.append(quote(text))
    state.because("text goes in double quotes")


def _separators(state: Words) -> None:
    """A `,` or `/` no repeat used: values are separated by spaces alone."""
    if any(word in SEPARATORS for word in state.words):
        state.words = [word for word in state.words if word not in SEPARATORS]
        state.because("the values of a step are separated by spaces alone")


_RULES: dict[LineKind, tuple[Callable[[Words], None], ...]] = {
    LineKind.NODE: (
        _bullet,
        rest_steps,
        repeat_count,
        one_step_per_line,
        _separators,
        _intensity_words,
        durations,
        spaced_values,
        fractions,
        zones,
        sweet_spot,
        values,
        at_target,
        target_before_cadence,
        _duration_first,
        _text_first,
        _trailing_text,
    ),
    LineKind.CUE: (cue_at, cue_offset),
    LineKind.EXERCISE: (durations,),
    LineKind.LET: (let_value,),
    LineKind.SERIES: (series_values,),
    LineKind.HEADER: (),
}
