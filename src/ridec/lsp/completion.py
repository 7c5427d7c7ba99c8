"""Completion in a `.ride` file: what the language accepts where the cursor is.

At the start of a line: header keys (in the header), intensities and block keywords, a cue
under a step. After a number: the units its place takes. After a duration: zones, `free`,
`max`; after a target: cadence and flags. After `$`: the parameters, those of the right kind
first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from lsprotocol import types

from ridec.facts import ZONES
from ridec.language.header import HEADER_KEYS
from ridec.language.printer import format_value
from ridec.language.steps import FLAGS, INTENSITIES
from ridec.lsp.context import LineContext, Slot, filled_slot, line_context
from ridec.lsp.positions import LineIndex
from ridec.lsp.ride_analysis import RideAnalysis
from ridec.model import Param, ParamKind

Item = types.CompletionItem
Kind = types.CompletionItemKind

_NUMBER = re.compile(r"^([0-9]+(?:\.[0-9]+)?)([a-z%]*)$", re.I)

DURATION_UNITS = (("s", "seconds"), ("m", "minutes"), ("h", "hours"))
POWER_UNITS = (("%", "percent of FTP"), ("w", "watts"))
CADENCE_UNITS = (("rpm", "cadence, revolutions per minute"),)
CADENCE_EXAMPLES = (("85-95rpm", "a cadence band"), ("90rpm", "one cadence"))
KEYWORDS = {
    "repeat": 'repeat COUNT ["label"]: a block done COUNT times',
    "alternate": "alternate: children taken in turn by the iterations of the repeat",
    "activation": 'activation ["label"]: the off-bike routine before the ride',
    "let": "let NAME = VALUE: a parameter with its default",
    "lap": "lap: a step that ends when the rider presses the lap button",
}
_CONTRARY = {"standing": "seated", "seated": "standing", "upstroke": "downstroke"}
_CONTRARY["downstroke"] = "upstroke"
_KIND_SLOTS = {
    Slot.DURATION: ParamKind.DURATION,
    Slot.TARGET: ParamKind.TARGET,
    Slot.CADENCE: ParamKind.CADENCE,
}


def _edit(index: LineIndex, start: int, end: int, text: str) -> types.TextEdit:
    return types.TextEdit(index.range(start, end), text)


def _item(
    label: str,
    kind: Kind,
    detail: str,
    edit: types.TextEdit,
    sort: str = "5",
    *,
    snippet: bool = False,
) -> Item:
    return Item(
        label=label,
        kind=kind,
        detail=detail,
        text_edit=edit,
        sort_text=f"{sort}{label}",
        filter_text=edit.new_text if not snippet else label,
        insert_text_format=types.InsertTextFormat.Snippet if snippet else None,
    )


def ride_completions(analysis: RideAnalysis, offset: int, index: LineIndex) -> list[Item]:
    """What may be typed at `offset` of a `.ride` text."""
    text = analysis.text
    context = line_context(text, offset)
    if context.in_string or context.in_comment:
        return []
    params = analysis.workout.params
    kinds = {param.name: param.kind for param in params}
    words = tuple(w.lower() for w in context.words)
    if context.word.startswith("$"):
        return _params(params, _wanted_kinds(context, kinds), context, offset, index)
    if context.at_line_start:
        return _line_starts(analysis, context, offset, index)
    number = _NUMBER.match(context.word)
    if number is not None:
        return _units(number, _units_for(words, kinds), context, offset, index)
    if words[0] in ("repeat", "let") or words[0].startswith(("@", '"')) or ":" in words[0]:
        return []
    return _step_words(context, kinds, params, offset, index)


def _wanted_kinds(context: LineContext, kinds: Mapping[str, ParamKind]) -> set[ParamKind]:
    """The kinds of parameter that may stand where the cursor is."""
    words = tuple(w.lower() for w in context.words)
    if words and words[0] == "repeat":
        return {ParamKind.COUNT}
    if words and (words[0].startswith("@") or words[0] == "for"):
        return {ParamKind.DURATION}
    filled = filled_slot(context.words, kinds)
    # Every slot after a duration is optional, so a target or a cadence may come next.
    later = [slot for slot in (Slot.DURATION, Slot.TARGET, Slot.CADENCE) if slot > filled]
    if filled < Slot.DURATION:
        later = [Slot.DURATION]
    return {_KIND_SLOTS[slot] for slot in later}


def _next_slot(filled: int) -> int:
    return Slot.DURATION if filled < Slot.DURATION else min(filled + 1, Slot.FLAGS)


def _params(
    params: Sequence[Param],
    wanted: set[ParamKind],
    context: LineContext,
    offset: int,
    index: LineIndex,
) -> list[Item]:
    items = []
    for param in params:
        value = format_value(param.value, param.kind)
        edit = _edit(index, context.word_start, offset, f"${param.name}")
        sort = "1" if param.kind in wanted else "6"
        detail = f"{param.kind.value} parameter, default {value}"
        items.append(_item(f"${param.name}", Kind.Variable, detail, edit, sort))
    return items


_FIRST_WORD_UNITS: dict[str, Sequence[tuple[str, str]]] = {
    "let": (*DURATION_UNITS, *POWER_UNITS, *CADENCE_UNITS),
    "repeat": (),
}
_SLOT_UNITS: dict[int, Sequence[tuple[str, str]]] = {
    Slot.DURATION: DURATION_UNITS,
    Slot.TARGET: (*POWER_UNITS, *CADENCE_UNITS),
    Slot.CADENCE: CADENCE_UNITS,
}


def _units_for(words: tuple[str, ...], kinds: Mapping[str, ParamKind]) -> Sequence[tuple[str, str]]:
    """The units a number may take where it stands."""
    first = words[0] if words else ""
    if first in _FIRST_WORD_UNITS:
        return _FIRST_WORD_UNITS[first]
    if first.startswith("@") or "for" in words:
        return DURATION_UNITS
    if first.startswith('"'):
        return (("reps", "repetitions"), *DURATION_UNITS)
    if ":" in first:
        return ()
    return _SLOT_UNITS.get(_next_slot(filled_slot(words, kinds)), ())


def _units(
    number: re.Match[str],
    units: Iterable[tuple[str, str]],
    context: LineContext,
    offset: int,
    index: LineIndex,
) -> list[Item]:
    digits, typed = number.group(1), number.group(2).lower()
    items = []
    for unit, meaning in units:
        if unit.startswith(typed):
            edit = _edit(index, context.word_start, offset, f"{digits}{unit}")
            items.append(_item(f"{digits}{unit}", Kind.Unit, meaning, edit, "1"))
    return items


def _step_words(
    context: LineContext,
    kinds: Mapping[str, ParamKind],
    params: Sequence[Param],
    offset: int,
    index: LineIndex,
) -> list[Item]:
    """Zones, free/max, cadences and flags: what the step's next slots accept."""
    filled = filled_slot(context.words, kinds)
    used = {w.lower() for w in context.words}
    items: list[Item] = []

    def add(label: str, kind: Kind, detail: str, sort: str) -> None:
        items.append(
            _item(label, kind, detail, _edit(index, context.word_start, offset, label), sort)
        )

    if filled < Slot.DURATION:
        add("lap", Kind.Keyword, KEYWORDS["lap"], "1")
        durations = [param for param in params if param.kind is ParamKind.DURATION]
        return items + _params(durations, {ParamKind.DURATION}, context, offset, index)
    if filled < Slot.TARGET:
        for zone, (low, high) in ZONES.items():
            add(f"z{zone}", Kind.EnumMember, f"zone {zone}: {low}-{high} % FTP", "1")
        add("free", Kind.Keyword, "free ride: no power target (not ERG)", "2")
        add("max", Kind.Keyword, "maximal effort: no power number", "2")
    if filled < Slot.CADENCE:
        for example, meaning in CADENCE_EXAMPLES:
            add(example, Kind.Value, meaning, "3")
    for flag in FLAGS:
        if flag not in used and _CONTRARY[flag] not in used:
            add(flag, Kind.EnumMember, f"technique flag: {flag}", "4")
    if filled < Slot.CADENCE:
        wanted = {ParamKind.CADENCE} | ({ParamKind.TARGET} if filled < Slot.TARGET else set())
        fitting = [param for param in params if param.kind in wanted]
        items += _params(fitting, wanted, context, offset, index)
    return items


def _line_starts(
    analysis: RideAnalysis, context: LineContext, offset: int, index: LineIndex
) -> list[Item]:
    """Header keys, intensities, keywords, or a cue or exercise under its line."""
    items: list[Item] = []
    edit = _edit(index, context.word_start, offset, "")
    parent = _parent_word(analysis.text, context)

    def add(
        label: str, kind: Kind, detail: str, insert: str, sort: str, *, snippet: bool = False
    ) -> None:
        replaced = types.TextEdit(edit.range, insert)
        items.append(_item(label, kind, detail, replaced, sort, snippet=snippet))

    if context.indent and parent == "step":
        add("@", Kind.Snippet, 'a cue: @OFFSET "text"', '@${1:0:30} "${2:text}"', "1", snippet=True)
        return items
    if context.indent and parent == "activation":
        add(
            '"',
            Kind.Snippet,
            'an exercise: "Name" N reps',
            '"${1:Exercise}" ${2:10} reps',
            "1",
            snippet=True,
        )
        return items
    if not context.indent and _in_header(analysis, context.line_start):
        set_keys = set(analysis.document.header_lines)
        for key in HEADER_KEYS:
            if key not in set_keys:
                add(f"{key}:", Kind.Property, f"header: {key}", f"{key}: ", "1")
    for intensity in INTENSITIES:
        add(intensity, Kind.Keyword, f"a step's intensity: {intensity}", f"{intensity} ", "2")
    for keyword, meaning in KEYWORDS.items():
        if keyword in ("let", "activation") and context.indent:
            continue
        if keyword == "activation" and analysis.workout.activation is not None:
            continue
        add(keyword, Kind.Keyword, meaning, f"{keyword} ", "3")
    return items


def _in_header(analysis: RideAnalysis, line_start: int) -> bool:
    """Whether a line is before the first `let`, `activation` or step."""
    workout = analysis.workout
    spans = [p.span for p in workout.params] + [n.span for n in workout.body]
    if workout.activation is not None:
        spans.append(workout.activation.span)
    return all(span is None or span.start >= line_start for span in spans)


def _parent_word(text: str, context: LineContext) -> str:
    """What the line this one is indented under is: `step`, `activation`, `block` or ``."""
    position = context.line_start - 1
    while position > 0:
        start = text.rfind("\n", 0, position) + 1
        line = text[start:position].rstrip("\r")
        stripped = line.lstrip(" ")
        if stripped and not stripped.startswith("#") and len(line) - len(stripped) < context.indent:
            first = stripped.split()[0].lower().rstrip(":")
            if first in ("repeat", "alternate") or re.match(r"^[0-9]+x$", first):
                return "block"
            if first == "activation":
                return "activation"
            if ":" in first or first in ("let", "description"):
                return ""
            return "step"
        position = start - 1
    return ""
