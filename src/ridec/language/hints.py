"""Turn a coach's reading of a failed line into the diagnostic's hint and fix.

`coached` asks `coach.read_as_coach` how the line was meant, checks that the rewrite parses
cleanly on its own, and only then replaces the hint (and, for targets ridec does not have,
the message) and attaches the `Fix` an editor applies: the smallest replacement inside the
line, while the rendered hint shows the whole corrected line.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ridec.diagnostics import Diagnostic, Fix, Source, Span, has_errors
from ridec.language.coach import Reading, read_as_coach
from ridec.language.line_kind import LineKind
from ridec.language.tokens import Line

LOOK_BACK_LINES = 200
"""How far a `- ` bullet looks up for the section title it belongs to (keeps it linear)."""
_REPEAT_OPENER = re.compile(r"(?:repeat\s+\S+|[0-9]+x)\b.*:", re.I)
_CHECK_WRAPPERS: dict[LineKind, tuple[str, str, str]] = {
    LineKind.NODE: ("repeat 2:\n", "  ", ""),
    LineKind.CUE: ("24h\n", "  ", ""),
    LineKind.EXERCISE: ("activation:\n", "  ", "\n1s"),
    LineKind.LET: ("", "", "\n1s"),
    LineKind.SERIES: ('weeks: 6\nworkout "fix.ride":\n', "  ", ""),
    LineKind.HEADER: ("", "", "\n1s"),
}
"""How a corrected line is placed in a small file to check that it parses: before, indent,
after (a step line inside a repeat, so `{i}` in its label is allowed)."""


def coached(diagnostic: Diagnostic, source: Source, line: Line, kind: LineKind) -> Diagnostic:
    """`diagnostic` with a hint and fix saying what the coach meant, when a habit explains
    the line and the corrected line parses; otherwise `diagnostic` unchanged."""
    text = source.text or ""
    code = text[line.code_start : line.code_end]
    reading = read_as_coach(code, kind, _next_code(text, line))
    if reading is None:
        return diagnostic
    indent = text[line.start : line.code_start]
    if kind is LineKind.NODE and code.startswith("- ") and _under_repeated_section(text, line):
        indent += "  "
    elif kind is LineKind.NODE and _continues_repeat(text, line):
        indent += "  "
        why = "the line above ends with `,`: this step belongs to its repeat, indented under it"
        reading = replace(reading, reasons=(*reading.reasons, why))
    corrected = indent + reading.text.replace("\n", "\n" + indent)
    if not _parses(reading.text, reading.kind or kind):
        return _plain(diagnostic, source, line, reading)
    fix = _smallest_fix(source, line, corrected)
    return replace(
        _plain(diagnostic, source, line, reading), hint="; ".join(reading.reasons), fix=fix
    )


def _plain(diagnostic: Diagnostic, source: Source, line: Line, reading: Reading) -> Diagnostic:
    """The plainer message for what ridec cannot do at all, located on what says it."""
    if reading.message is None:
        return diagnostic
    span = diagnostic.span
    if reading.focus is not None:
        span = Span(source, line.code_start + reading.focus[0], line.code_start + reading.focus[1])
    return replace(diagnostic, message=reading.message, span=span, hint="; ".join(reading.reasons))


def _smallest_fix(source: Source, line: Line, corrected: str) -> Fix:
    """The shortest replacement that turns the line's code (indentation included) into
    `corrected`, so an editor's undo and diff show only what changed."""
    original = (source.text or "")[line.start : line.code_end]
    prefix = 0
    limit = min(len(original), len(corrected))
    while prefix < limit and original[prefix] == corrected[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < limit - prefix
        and original[len(original) - 1 - suffix] == corrected[len(corrected) - 1 - suffix]
    ):
        suffix += 1
    span = Span(source, line.start + prefix, line.code_end - suffix)
    return Fix(span, corrected[prefix : len(corrected) - suffix])


def _parses(text: str, kind: LineKind) -> bool:
    """Whether the corrected line reads without any error where such a line stands."""
    from ridec.language.parser import parse_document

    if text.startswith("#"):
        return True
    before, indent, after = _CHECK_WRAPPERS[kind]
    lines = text.split("\n")
    body = "\n".join(indent + line for line in lines)
    if lines[-1].rstrip().endswith(":"):
        body += "\n" + indent + "  1s"
    source = Source("<fix>", before + body + after)
    if kind is LineKind.SERIES:
        return _plan_parses(source)
    return not has_errors(parse_document(source, "fix", coach=False).problems)


def _plan_parses(source: Source) -> bool:
    from ridec.diagnostics import DiagnosticError
    from ridec.language.plan import parse_plan_source

    try:
        parse_plan_source(source, coach=False)
    except DiagnosticError:
        return False
    return True


def _next_code(text: str, line: Line) -> str | None:
    """The next line that holds anything, without its indentation."""
    position = text.find("\n", line.code_end)
    while position >= 0:
        end = text.find("\n", position + 1)
        candidate = text[position + 1 : end if end >= 0 else len(text)].strip()
        if candidate:
            return candidate
        position = end
    return None


def _continues_repeat(text: str, line: Line) -> bool:
    """Whether the line follows one that ends with `,` after a repeat count: whatsonzwift's
    `5x 1min @ 110rpm, 95% FTP,` puts the interval's second step on the next line. Only the
    line just above is read (one more reading per failed line, whatever the file)."""
    indent = text[line.start : line.code_start]
    end = line.start - 1
    for _ in range(LOOK_BACK_LINES):  # blank lines between them are skipped
        if end < 0:
            return False
        start = text.rfind("\n", 0, end) + 1
        previous = text[start:end].rstrip()
        end = start - 1
        if previous.strip():
            break
    else:
        return False
    if not previous.endswith(",") or previous[: len(indent) + 1].strip() == "":
        return False
    if not previous.startswith(indent):
        return False
    reading = read_as_coach(previous.strip(), LineKind.NODE)
    return reading is not None and reading.text.startswith("repeat ") and "\n" in reading.text


def _under_repeated_section(text: str, line: Line) -> bool:
    """Whether a bullet follows intervals.icu's `Main Set 3x` (with bullets between)."""
    end = line.start - 1
    for _ in range(LOOK_BACK_LINES):
        if end < 0:
            return False
        start = text.rfind("\n", 0, end) + 1
        code = text[start:end].strip()
        end = start - 1
        if not code or code.startswith("- ") or code.startswith("#"):
            continue
        if _REPEAT_OPENER.fullmatch(code):
            return True
        reading = read_as_coach(code, LineKind.NODE, "- ")
        return reading is not None and reading.text.startswith("repeat ")
    return False
