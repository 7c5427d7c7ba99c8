"""Quick fixes of hints without a `Fix`: the replacements the hint names, as checked edits.

Coach hints carry their edit as data (`Diagnostic.fix`, used as it is); the others name it in
their text, which `replacements` reads ("did you mean 'upstroke'?", "add a unit: `90s`?",
"write `85-95rpm`"). A replacement may stand for the diagnostic's span, for the rest of the
line from it, or for the whole line (a hint that shows the corrected line); `candidate_edits`
proposes each that keeps every string and `$name` of the text it replaces, narrowest first,
and the caller keeps the first that makes the diagnostic go away.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from ridec.diagnostics import Diagnostic, Source, Span
from ridec.language.header import HEADER_KEYS
from ridec.language.tokens import quote, split_lines

_DID_YOU_MEAN = re.compile(r"did you mean '([^']+)'\?")
_ADD_UNIT = re.compile(r"add a unit: (.+)\?")
_WRITE = re.compile(
    r"(?:^|[:;,] |for one value )write (?:it |the number )?(?:alone: )?"
    r"`([^`]+)`(?: or `([^`]+)`)?"
)
_QUOTE_IT = re.compile(r"text goes in double quotes: `([^`]+)`")
_CODE = re.compile(r"`([^`]+)`")
_KEPT = re.compile(r'"(?:[^"\\]|\\.)*"|\$[A-Za-z][A-Za-z0-9_-]*')
"""What a fix must never delete: strings (labels, cues, names) and parameter uses."""


def replacements(diagnostic: Diagnostic) -> list[str]:
    """The replacement texts a diagnostic's hint names, best first."""
    hint = diagnostic.hint or ""
    found: list[str] = []
    if match := _DID_YOU_MEAN.search(hint):
        found.append(match.group(1))
    if match := _ADD_UNIT.search(hint):
        found.extend(_CODE.findall(match.group(1)))
    for match in _WRITE.finditer(hint):
        found.extend(group for group in match.groups() if group)
    if match := _QUOTE_IT.search(hint):
        found.append(match.group(1))
    usable = [text for text in found if "..." not in text and "NAME" not in text]
    return list(dict.fromkeys(usable))


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text at [start, end) with `text`."""

    start: int
    end: int
    text: str

    def apply(self, source: str) -> str:
        """The source with the edit made."""
        return source[: self.start] + self.text + source[self.end :]


def candidate_edits(source: str, diagnostic: Diagnostic, replacement: str) -> Iterator[Edit]:
    """Edits that could put `replacement` in place of what the diagnostic points at."""
    span = diagnostic.span
    if span is None:
        return
    start, end = span.start, span.end
    code_start, code_end = _code_range(source, start)
    written = source[start:end]
    if len(written) > 1 and written[0] == written[-1] == '"' and not replacement.startswith('"'):
        replacement = quote(replacement)  # a file name in quotes stays in quotes
    elif written.startswith("$") and not replacement.startswith("$"):
        replacement = "$" + replacement  # a parameter's use keeps its `$`
    before, after = source[code_start:start], source[end:code_end]
    if before and replacement.startswith(before):
        yield from _kept(source, span, Edit(start, end, replacement[len(before) :]))
        trimmed = replacement[len(before) :]
        if after and trimmed.endswith(after):
            yield from _kept(source, span, Edit(start, end, trimmed[: -len(after)]))
    elif after and replacement.endswith(after) and replacement != after:
        yield from _kept(source, span, Edit(start, end, replacement[: -len(after)]))
    tail = before.rsplit(" ", 1)[-1]
    if tail and replacement.startswith(tail) and replacement != tail:
        # The hint repeats the word before the span: `15` of "write `15 reps`".
        yield from _kept(source, span, Edit(start, end, replacement[len(tail) :]))
    yield from _kept(source, span, Edit(start, end, replacement))
    # Wider edits stand for a hint that shows more than the span; every word they replace
    # outside the span must come back in the replacement, so nothing the coach wrote is lost.
    for wide in (Edit(start, code_end, replacement), Edit(code_start, code_end, replacement)):
        outside = source[wide.start : start] + " " + source[end : wide.end]
        if all(word in replacement for word in outside.split()):
            yield from _kept(source, span, wide)


def _kept(source: str, span: Span, edit: Edit) -> Iterator[Edit]:
    """The edit, if it keeps every string and `$name` it replaces outside the span."""
    if edit.start > edit.end or source[edit.start : edit.end] == edit.text:
        return
    outside = source[edit.start : max(edit.start, span.start)] + " "
    outside += source[min(edit.end, span.end) : edit.end]
    if all(piece in edit.text for piece in _KEPT.findall(outside)):
        yield edit


def _code_range(source: str, offset: int) -> tuple[int, int]:
    """Where the code of the line holding `offset` starts and ends (comment left out)."""
    line_start = source.rfind("\n", 0, offset) + 1
    line_end = source.find("\n", offset)
    text = source[line_start : len(source) if line_end < 0 else line_end]
    lines, _ = split_lines(Source("", text))
    return line_start + lines[0].code_start, line_start + lines[0].code_end


def pasted_icu(text: str, offset: int, errors: Collection[int]) -> tuple[int, int] | None:
    """The lines around `offset` that look like a pasted intervals.icu workout, as a
    [start, end) range of whole lines (the last line's end left out); None when the line
    at `offset` is not one of them or none is a step.

    Such lines are steps (`- 10m 75%`), blank lines, and the lines the language refuses
    (0-based numbers in `errors`: titles such as `Main Set 4x`, free text), `.ride` header
    lines excepted; a line the language reads is `.ride`, and ends the range."""
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    at = text.count("\n", 0, offset)
    kinds = [_icu_kind(line, index in errors) for index, line in enumerate(lines)]
    if kinds[at] in (None, "blank"):
        return None
    first = last = at
    while first > 0 and kinds[first - 1] is not None:
        first -= 1
    while last + 1 < len(lines) and kinds[last + 1] is not None:
        last += 1
    while kinds[first] == "blank":
        first += 1
    while kinds[last] == "blank":
        last -= 1
    if "step" not in kinds[first : last + 1]:
        return None
    return starts[first], min(starts[last + 1] - 1, len(text))


def _icu_kind(line: str, refused: bool) -> str | None:
    """`step`, `text` (a title or free text), `blank`, or None for a `.ride` line."""
    stripped = line.strip()
    if not stripped:
        return "blank"
    if stripped.startswith("-"):
        return "step"
    key = stripped.split(":", 1)[0].strip().lower()
    if not refused or (":" in stripped and key in HEADER_KEYS):
        return None
    return "text"
