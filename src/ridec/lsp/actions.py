"""Code actions: the quick fixes of a diagnostic.

A diagnostic that carries a `Fix` (every coach hint: `10 min`, `x3:`, `95% 8m` ...) gets
exactly that edit: the compiler made it and checked that the corrected line parses. A hint
without one ("did you mean 'upstroke'?") gets an edit for each replacement its text names,
offered only when checking the edited text no longer reports the diagnostic on its line, so
a hint's example never becomes an edit that does not help.

An error inside a pasted intervals.icu workout (`- 10m 75%` lines, `Main Set 4x` titles)
also gets "Convert from intervals.icu syntax": the pasted lines read by the intervals.icu
reader and printed as `.ride` source (`ridec import --from icu`), offered only when the
reader takes them without an error.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lsprotocol import types

from ridec.diagnostics import Diagnostic, Severity, Source
from ridec.lsp.fixes import Edit, candidate_edits, pasted_icu, replacements
from ridec.lsp.positions import LineIndex

Check = Callable[[str, str], Sequence[Diagnostic]]
"""Checks a file's edited text: (path, text) -> its diagnostics."""


MAX_TITLE = 72
"""Longer corrected lines are cut in a quick fix's title."""
CONVERT_ICU = "Convert from intervals.icu syntax"
"""The title of the quick fix that turns a pasted intervals.icu workout into `.ride`."""


@dataclass(frozen=True, slots=True)
class Fix:
    """One verified edit for one diagnostic, in the file the diagnostic's span is in."""

    diagnostic: Diagnostic
    source: Source
    edit: Edit
    title: str | None = None
    """What the editor's menu says; None for `Replace `old` with `new``."""


def fixes_for(diagnostic: Diagnostic, check: Check) -> list[Fix]:
    """The fixes of a diagnostic: its own `Fix` when it has one, else those its hint names."""
    structured = structured_fix(diagnostic)
    if structured is not None:
        return [structured]
    if diagnostic.fix is not None:  # a fix in a text the editor does not show (a plan's value)
        return []
    return hinted_fixes(diagnostic, check)


def icu_conversion(diagnostic: Diagnostic) -> list[Fix]:
    """The conversion of the intervals.icu workout pasted around an error of a `.ride`
    file into `.ride` source; none when there is no such workout or it does not read."""
    from ridec.lsp.compiler_bridge import ride_from_icu

    span = diagnostic.span
    if diagnostic.severity is not Severity.ERROR or span is None:
        return []
    source = span.source
    if source.text is None or not source.path.lower().endswith(".ride"):
        return []
    region = pasted_icu(source.text, span.start, _refused_lines(source.path, source.text))
    if region is None:
        return []
    start, end = region
    whole = not source.text[:start].strip() and not source.text[end:].strip()
    converted = ride_from_icu(source.text[start:end], source.path, whole=whole)
    if converted is None:
        return []
    # The range ends before its last line's end, which stays.
    return [Fix(diagnostic, source, Edit(start, end, converted.rstrip("\n")), CONVERT_ICU)]


def structured_fix(diagnostic: Diagnostic) -> Fix | None:
    """The diagnostic's own `Fix`, as an edit of the file the diagnostic is in.

    It is not checked again: the compiler made it by reading the line as a coach meant it and
    keeps it only when the corrected line parses. Its title shows the corrected line, which
    says more than the few characters the edit changes (` sec` to `s`).
    """
    fix, span = diagnostic.fix, diagnostic.span
    if fix is None or span is None:
        return None
    source = fix.span.source
    if source.text is None or source.path != span.source.path or source.text != span.source.text:
        return None
    edit = Edit(fix.span.start, fix.span.end, fix.text)
    return Fix(diagnostic, source, edit, _fix_title(fix.corrected_lines()))


def _fix_title(lines: Sequence[str]) -> str:
    """`Change to `8m 95%``, the corrected lines without their indentation."""
    shown = " / ".join(f"`{line.strip()}`" for line in lines if line.strip())
    if len(shown) > MAX_TITLE:
        shown = shown[: MAX_TITLE - 4] + "...`"
    return f"Change to {shown}" if shown else "Remove the line's code"


def hinted_fixes(diagnostic: Diagnostic, check: Check) -> list[Fix]:
    """The verified fixes of a diagnostic, one per replacement its hint names.

    A replacement's edit must make the diagnostic go and leave its line clean, except for
    problems after the edit that the first one hid (a second typo on the line). When some
    replacements leave the line cleaner than others (`80%` against `80rpm` in the target's
    place), only those are offered.
    """
    span = diagnostic.span
    if span is None or span.source.text is None:
        return []
    text = span.source.text
    line = text.count("\n", 0, span.start)
    scored: list[tuple[tuple[int, int], Fix]] = []
    for replacement in replacements(diagnostic):
        if "\n" in replacement:
            continue
        best: tuple[tuple[int, int], Fix] | None = None
        for edit in candidate_edits(text, diagnostic, replacement):
            edited = edit.apply(text)
            left = _left_on_line(diagnostic, check(span.source.path, edited), line)
            if left is None:
                continue
            plain = edit.start == span.start and edit.text == replacement
            # A word for a word ("did you mean") may leave other problems, even at its
            # place (`alternate` outside a repeat); longer text must leave only later ones.
            hidden = " " not in replacement or all(
                start > edit.start + len(edit.text) for start in left
            )
            score = _score(left, edited, edit.start)
            if (not left or (plain and hidden)) and (best is None or score < best[0]):
                best = (score, Fix(diagnostic, span.source, edit))
        if best is not None:
            scored.append(best)
    fewest = min((score for score, _ in scored), default=(0, 0))
    return [fix for score, fix in scored if score == fewest]


def _score(left: Sequence[int], text: str, offset: int) -> tuple[int, int]:
    """How much of the line is still wrong: problems left, then how far from its end the
    first one starts (a fix that lets more of the line read is better)."""
    if not left:
        return (0, 0)
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    return (len(left), end - min(left))


def _left_on_line(
    diagnostic: Diagnostic, after: Sequence[Diagnostic], line: int
) -> list[int] | None:
    """Where the problems left on the line start; None when the diagnostic is still there."""
    starts = []
    for other in after:
        if other.span is None:
            continue
        text = other.span.source.text or ""
        if text.count("\n", 0, other.span.start) != line:
            continue
        if other.message == diagnostic.message:
            return None
        starts.append(other.span.start)
    return starts


@functools.lru_cache(maxsize=4)
def _refused_lines(path: str, text: str) -> frozenset[int]:
    """The 0-based lines of a `.ride` text with an error (cached: every diagnostic of one
    version of the text asks)."""
    from ridec.lsp.ride_analysis import analyze_ride

    found = analyze_ride(text, path).diagnostics
    return frozenset(
        text.count("\n", 0, d.span.start)
        for d in found
        if d.severity is Severity.ERROR and d.span is not None and d.span.source.text == text
    )


def code_action(
    fix: Fix, shown: types.Diagnostic, uri: str, index: LineIndex, preferred: bool
) -> types.CodeAction:
    """The fix as a quick-fix code action editing `uri`."""
    text = fix.source.text or ""
    old = text[fix.edit.start : fix.edit.end]
    title = fix.title or (
        f"Replace `{old}` with `{fix.edit.text}`" if old else f"Insert `{fix.edit.text}`"
    )
    edit = types.TextEdit(index.range(fix.edit.start, fix.edit.end), fix.edit.text)
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[shown],
        is_preferred=preferred,
        edit=types.WorkspaceEdit(changes={uri: [edit]}),
    )
