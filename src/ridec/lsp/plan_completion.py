"""Completion in a `.plan` file: header keys, `workout` lines, workout files, parameters."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from lsprotocol import types

from ridec.language.plan import PLAN_KEYS, WORKOUT_SUFFIX
from ridec.language.printer import format_value
from ridec.lsp.context import LineContext, line_context
from ridec.lsp.plan_analysis import PlanAnalysis
from ridec.lsp.positions import LineIndex
from ridec.model import Param

Item = types.CompletionItem
Kind = types.CompletionItemKind

ParamsOf = Callable[[Path], Sequence[Param] | None]
"""The parameters a workout file declares (None when it cannot be read)."""

MAX_FILES = 200
"""Workout files offered at most: a coach's folder, not a whole disk."""
MAX_DEPTH = 3
"""How deep under the plan's folder workout files are looked for."""

_WORKOUT_LINE = re.compile(r'^(\s*)workout\s+"((?:[^"\\]|\\.)*)"', re.I)
_FIRST_WORKOUT = re.compile(r"^workout\b", re.M | re.I)
"""A `workout` line: header keys go above the first (the text is searched, so a workout
line that does not read yet counts too)."""


def plan_completions(
    analysis: PlanAnalysis, offset: int, index: LineIndex, params_of: ParamsOf
) -> list[Item]:
    """What may be typed at `offset` of a plan."""
    text = analysis.text
    context = line_context(text, offset)
    if context.in_string:
        if [word.lower() for word in context.words] == ["workout"]:
            return _files(analysis, context, offset, index)
        return []
    if context.in_comment or not context.at_line_start:
        return []
    edit_range = index.range(context.word_start, offset)
    if context.indent == 0:
        return _top_level(analysis, context, edit_range)
    workout = _enclosing_workout(text, context)
    params = None
    if workout is not None:
        params = params_of(Path(os.path.normpath(analysis.path.parent / workout)))
    if workout is None or params is None:
        return []
    return _series_names(analysis, params, workout, context, edit_range)


def _top_level(
    analysis: PlanAnalysis, context: LineContext, edit_range: types.Range
) -> list[Item]:
    """`workout` anywhere; the header keys not set yet above the first `workout` line."""
    items = [
        Item(
            label="workout",
            kind=Kind.Snippet,
            detail='workout "file.ride" N per week: a workout and its parameters',
            text_edit=types.TextEdit(edit_range, 'workout "${1}" ${2:1} per week:'),
            insert_text_format=types.InsertTextFormat.Snippet,
            sort_text="1workout",
            filter_text="workout",
        )
    ]
    first_workout = _FIRST_WORKOUT.search(analysis.text)
    if first_workout is None or context.line_start < first_workout.start():
        set_keys = _set_keys(analysis.text)
        items += [
            Item(
                label=f"{key}:",
                kind=Kind.Property,
                detail=f"plan header: {key}",
                text_edit=types.TextEdit(edit_range, f"{key}: "),
                sort_text=f"2{key}",
                filter_text=key,
            )
            for key in PLAN_KEYS
            if key not in set_keys
        ]
    return items


def _set_keys(text: str) -> set[str]:
    return {m.group(1).lower() for m in re.finditer(r"^([a-z]+)\s*:", text, re.I | re.M)}


def _files(
    analysis: PlanAnalysis, context: LineContext, offset: int, index: LineIndex
) -> list[Item]:
    """The `.ride` files under the plan's folder, those not yet in the plan first."""
    folder = analysis.plan.path.parent
    listed = {entry.path for entry in analysis.plan.entries}
    line_end = analysis.text.find("\n", offset)
    rest = analysis.text[offset : len(analysis.text) if line_end < 0 else line_end]
    closing = "" if rest.startswith('"') else '"'
    items = []
    for name in _workout_files(folder):
        edit = types.TextEdit(index.range(context.string_start, offset), name + closing)
        items.append(
            Item(
                label=name,
                kind=Kind.File,
                detail="already in the plan" if name in listed else "workout",
                text_edit=edit,
                sort_text=("2" if name in listed else "1") + name,
                filter_text=name,
            )
        )
    return items


def _workout_files(folder: Path) -> list[str]:
    """Relative paths of `.ride` files under `folder` (bounded in depth and count)."""
    found: list[str] = []
    for root, dirs, files in os.walk(folder):
        depth = len(Path(root).relative_to(folder).parts)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")) if depth < MAX_DEPTH else []
        for name in sorted(files):
            if name.lower().endswith(WORKOUT_SUFFIX):
                found.append((Path(root) / name).relative_to(folder).as_posix())
                if len(found) >= MAX_FILES:
                    return found
    return found


def _enclosing_workout(text: str, context: LineContext) -> str | None:
    """The file named by the `workout` line the cursor's line is indented under."""
    before = text[: context.line_start].splitlines()
    for line in reversed(before):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent >= context.indent:
            continue
        match = _WORKOUT_LINE.match(line)
        return match.group(2) if match else None
    return None


def _series_names(
    analysis: PlanAnalysis,
    params: Sequence[Param],
    workout: str,
    context: LineContext,
    edit_range: types.Range,
) -> list[Item]:
    """The workout's parameters that its block does not set yet."""
    given = set()
    for entry in analysis.plan.entries:
        if entry.path == workout:
            given = {series.name for series in entry.series}
    return [
        Item(
            label=param.name,
            kind=Kind.Variable,
            detail=f"{param.kind.value}, default {format_value(param.value, param.kind)}",
            text_edit=types.TextEdit(edit_range, f"{param.name}: "),
            sort_text=param.name,
            filter_text=param.name,
        )
        for param in params
        if param.name not in given or param.name == context.word
    ]
