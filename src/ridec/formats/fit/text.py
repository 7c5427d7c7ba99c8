"""Text in FIT string fields, which hold at most 254 bytes of UTF-8.

What does not fit is cut where a reader expects a cut: between lines of notes (a cue line
is kept whole or not at all), between words of prose. The loss names the part that did not
fit and points at the source that holds it: the description's header lines, the
activation block, the cue whose line was left out.
"""

from __future__ import annotations

from collections.abc import Sequence

from ridec.diagnostics import Span
from ridec.formats.base import ActivationMode, Loss, LossKind
from ridec.formats.fit.encoder import truncate_utf8
from ridec.formats.fit.profile import MAX_STRING_BYTES
from ridec.mentions import ACTIVATION_STEPS
from ridec.model import Workout

CUT = "text-cut"
"""The loss topic of every cut."""
LIMIT = f"FIT strings hold {MAX_STRING_BYTES} bytes"


def size(text: str) -> int:
    """Bytes of `text` in UTF-8."""
    return len(text.encode("utf-8"))


def cut_words(text: str, limit: int = MAX_STRING_BYTES) -> tuple[str, str]:
    """`text` cut to at most `limit` bytes between words, and the rest (empty when it fits).

    A single word longer than the limit is cut between characters.
    """
    text = text.replace("\x00", "")
    if size(text) <= limit:
        return text, ""
    head = truncate_utf8(text, limit)
    at = max(head.rfind(" "), head.rfind("\n"), head.rfind("\t"))
    if at <= 0:
        return head, text[len(head) :]
    return head[:at].rstrip(), text[at:].strip()


def preview(text: str, length: int = 40) -> str:
    """The start of `text` on one line, `...` when it goes on."""
    line = " ".join(text.split())
    return line if len(line) <= length else line[: length - 3].rstrip() + "..."


def fit_text(text: str | None, what: str, span: Span | None, losses: list[Loss]) -> str | None:
    """`text` as a FIT string field holds it, cut between words when it is too long."""
    if text is None:
        return None
    kept, rest = cut_words(text)
    if rest:
        message = f"the {what} is cut to fit ({LIMIT}): '{preview(rest)}' did not fit"
        losses.append(_cut(f"{what} '{preview(text, 30)}'", kept, span, message))
    return kept


def fit_lines(
    lines: Sequence[tuple[str, Span | None]], what: str, losses: list[Loss]
) -> str | None:
    """Lines joined by line breaks, the lines that do not fit left out whole (a first line
    longer than the limit is cut between words); the loss points at the first line left out.
    """
    if not lines:
        return None
    kept: list[str] = []
    used = 0
    for index, (line, span) in enumerate(lines):
        extra = size(line) + (1 if kept else 0)
        if used + extra <= MAX_STRING_BYTES:
            kept.append(line)
            used += extra
            continue
        left = [text for text, _ in lines[index:]]
        if index == 0:
            head, left[0] = cut_words(line)
            kept.append(head)
        more = f" and {len(left) - 1} more" if len(left) > 1 else ""
        message = f"'{preview(left[0])}'{more} did not fit in the {what} ({LIMIT})"
        losses.append(_cut(f"{what} '{preview(lines[0][0], 30)}'", "\n".join(kept), span, message))
        break
    return "\n".join(kept)


def activation_mode(workout: Workout, asked: ActivationMode | str) -> ActivationMode:
    """Where FIT puts the routine: as asked, and under AUTO in the description when the
    checklist fits there whole (after the header's description), else as lap-button steps."""
    if asked != ActivationMode.AUTO:
        return ActivationMode(asked)
    routine = workout.activation
    if routine is None:
        return ActivationMode.NOTES
    text = workout.header.description or ""
    whole = "\n\n".join(part for part in (text, routine.checklist()) if part)
    return ActivationMode.NOTES if size(whole) <= MAX_STRING_BYTES else ActivationMode.STEPS


def description(workout: Workout, activation: ActivationMode, losses: list[Loss]) -> str | None:
    """The header's description, then the activation checklist when it goes into notes;
    cut between words of the description or between the checklist's exercises."""
    text = workout.header.description or ""
    routine = workout.activation if activation is ActivationMode.NOTES else None
    checklist = routine.checklist() if routine is not None else ""
    whole = "\n\n".join(part for part in (text, checklist) if part)
    if size(whole) <= MAX_STRING_BYTES:
        return whole or None
    room = MAX_STRING_BYTES - size(text) - (2 if text else 0)
    if routine is not None and room > 0:
        lines = checklist.split("\n")
        kept = _whole_lines(lines, room)
        kept = kept if len(kept) > 1 else []  # a title without its exercises says nothing
        left = [line.removeprefix("- ").split(":")[0] for line in lines[max(1, len(kept)) :]]
        what = f"cut to fit ({LIMIT}): {_names(left)} left out" if kept else f"left out ({LIMIT})"
        message = (
            f"the activation checklist in the description is {what}; the default (or "
            f"{ACTIVATION_STEPS.api}) writes it as lap-button steps"
        )
        losses.append(_cut("activation checklist", "\n".join(kept), routine.span, message))
        return "\n\n".join(part for part in (text, "\n".join(kept)) if part)
    kept_text, rest = cut_words(text)
    also = " (and the activation checklist)" if checklist else ""
    message = f"the description is cut to fit ({LIMIT}): '{preview(rest)}'{also} did not fit"
    span = workout.header.span_of("description") or workout.span
    losses.append(_cut(f"description '{preview(text, 30)}'", kept_text, span, message))
    return kept_text


def _names(names: list[str]) -> str:
    quoted = [f"'{preview(name, 30)}'" for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _whole_lines(lines: list[str], room: int) -> list[str]:
    """The first lines that fit in `room` bytes together (with their line breaks)."""
    kept: list[str] = []
    used = 0
    for line in lines:
        extra = size(line) + (1 if kept else 0)
        if used + extra > room:
            break
        kept.append(line)
        used += extra
    return kept


def _cut(feature: str, kept: str, span: Span | None, message: str) -> Loss:
    became = f"its first {size(kept)} bytes ({LIMIT})"
    return Loss(LossKind.DEGRADED, feature, became, span, CUT, message)
