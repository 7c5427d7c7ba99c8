"""Reading successive versions of one plan, as an editor does: unchanged workouts are not re-read.

A keystroke changes one line of a plan; `read_plan` would parse every `workout` block again
(half of a keystroke's time on a 200-line plan). `PlanReader` parses each block through
`read_plan_source` as usual, but a block whose text is the same as in the version read just
before, and which read without a problem then, is not parsed again: its entry is the earlier
one with every span moved to where the block is now, in the new text. Everything else (the
header, the layout, the checks across blocks) is read as `read_plan` reads it, so the result
is the same plan and the same problems (tests compare the two after random edits).

Only blocks that read cleanly are reused: reading a block is then a function of its text
alone (a failed line's coaching hint may look at the lines around it and counts towards a
per-file budget). The entries kept are those of the last version read, all on its text, so
the memory held is one version's, whatever the editing history.
"""

from __future__ import annotations

from pathlib import Path

from ridec.diagnostics import Diagnostic, Source, Span
from ridec.language.context import ParseContext
from ridec.language.layout import Block
from ridec.language.plan import Plan, PlanEntry, read_entry_block, read_plan_source
from ridec.language.progression import Series, WrittenValue
from ridec.language.tokens import Line
from ridec.records import record


@record
class _Known:
    """A block read cleanly: its entry, on the text of the version it was last part of."""

    entry: PlanEntry
    start: int
    """Where the block started in that text."""


class PlanReader:
    """Reads the versions of one plan, re-parsing only the `workout` blocks that changed."""

    def __init__(self) -> None:
        self._previous: dict[str, _Known] = {}
        self._current: dict[str, _Known] = {}
        self.reused = 0
        """Blocks taken from the previous version by the last `read` (for tests)."""

    def read(self, text: str, path: Path) -> tuple[Plan, list[Diagnostic]]:
        """`read_plan(text, path)`, reusing the clean blocks of the version read before."""
        self._current = {}
        self.reused = 0
        result = read_plan_source(Source(str(path), text), read_entry=self._entry)
        self._previous = self._current
        return result

    def _entry(self, block: Block, ctx: ParseContext) -> PlanEntry | None:
        text = ctx.source.text or ""
        start = block.line.start
        end = text.find("\n", _last_line(block).code_end)
        key = text[start : end if end >= 0 else len(text)]
        known = self._previous.get(key) or self._current.get(key)
        if known is not None:
            entry = moved(known.entry, ctx.source, start - known.start)
            self.reused += 1
        else:
            problems = len(ctx.problems)
            found = read_entry_block(block, ctx)
            if found is None or len(ctx.problems) != problems:
                return found
            entry = found
        self._current[key] = _Known(entry, start)
        return entry


def _last_line(block: Block) -> Line:
    while block.children:
        block = block.children[-1]
    return block.line


def moved(entry: PlanEntry, source: Source, by: int) -> PlanEntry:
    """The entry read from another version of the plan, with its spans in `source`, `by`
    characters further on (spans made inline: this runs for every entry at every keystroke)."""
    series = []
    for one in entry.series:
        values = tuple(
            [
                WrittenValue(v.kind, v.value, Span(source, v.span.start + by, v.span.end + by))
                for v in one.values
            ]
        )
        name, span = one.name_span, one.span
        series.append(
            Series(
                one.name,
                one.form,
                values,
                Span(source, name.start + by, name.end + by),
                Span(source, span.start + by, span.end + by),
            )
        )
    span = entry.span
    moved_span = Span(source, span.start + by, span.end + by)
    return PlanEntry(entry.path, entry.per_week, tuple(series), moved_span)
