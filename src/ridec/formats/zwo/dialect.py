"""Zwift's dialect of ZWO: every element and attribute, and what ridec does with each.

The checklist is the public inventory of Zwift's built-in workouts (h4l/zwift-workout-file-
reference, `tag_attr_usage.json`): each element and attribute found there is either kept in
the workout model or reported as a note that says what it is and why it is not kept. A few
names seen in other real files (newer Zwift files, other tools) are listed as well. The
same table drives the reader's notes, the inventory table in `docs/formats.md` and the tests,
so the three cannot drift apart.

Names are matched whatever their case, as Zwift's own spellings vary (`Freeride` and
`FreeRide`, `textevent` and `TextEvent`, `timeoffset`, `TimeOffset` and `timeOffset`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

ROOT = "workout_file"
WORKOUT = "workout"
ANY_BLOCK = "*"
"""The element of an entry that holds on every block and text element."""

BLOCKS = {
    "steadystate": "SteadyState",
    "warmup": "Warmup",
    "cooldown": "Cooldown",
    "ramp": "Ramp",
    "intervalst": "IntervalsT",
    "freeride": "FreeRide",
    "maxeffort": "MaxEffort",
}
"""Block elements by lower-case name, with the spelling ridec writes."""
TEXTS = {"textevent": "textevent", "textnotification": "TextNotification"}
"""Text elements by lower-case name; a text is shown at a time (inside a block, or directly
under `<workout>` counted from the workout's start)."""
KNOWN_VARIANTS = frozenset({"Freeride", "TextEvent"})
"""Spellings Zwift itself writes, read without a note about their case."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One element, or one attribute of an element, and ridec's decision about it."""

    element: str
    """The element, spelled as Zwift spells it (`ANY_BLOCK` for every block)."""
    attribute: str | None
    """The attribute, or None for the element itself."""
    kept: bool
    """Whether the model keeps it (else a note says why not)."""
    meaning: str
    """Kept: what it becomes in the model. Not kept: what it is and why it is left out."""
    inventory: bool = True
    """Whether Zwift's built-in workouts carry it (False: seen in other real files)."""
    place: str = "workout"
    """`header` for `<workout_file>` and its header children, else `workout` (blocks,
    texts and what they hold)."""

    @property
    def key(self) -> tuple[str, str | None]:
        """The element's reading name and the lower-case attribute, as the reader looks up."""
        attribute = None if self.attribute is None else self.attribute.lower()
        return canonical(self.element), attribute


def canonical(element: str) -> str:
    """The name ridec reads an element as: `Freeride` is `FreeRide`, `TextEvent` is
    `textevent`; header elements keep their spelling."""
    lower = element.lower()
    return BLOCKS.get(lower) or TEXTS.get(lower) or element


def _kept(element: str, attribute: str | None, meaning: str, inventory: bool = True) -> Entry:
    return Entry(element, attribute, True, meaning, inventory)


def _noted(element: str, attribute: str | None, why: str, inventory: bool = True) -> Entry:
    return Entry(element, attribute, False, why, inventory)


_RUN_PACE = "a running pace; ridec reads bike workouts and keeps the block's power"
_RUN_UNITS = "the units of a running pace; ridec reads bike workouts"
_FLAT_ROAD = "Zwift's flat-road switch; ridec has no terrain setting"
_FTP_TEST = "marks Zwift's FTP test; the block itself is kept"
_SHOW_AVG = "a Zwift display switch (the block's average power on screen)"
_TEST_RULE = "a rule of Zwift's ramp and FTP tests, seen only on test steps; the step is kept"
_RESTING_ONLY_INTERVALS = (
    "a resting cadence belongs to the off part of an IntervalsT; this block has none"
)
_ZONE = (
    "the power as ridec's zone zN (z1 0-55 ... z7 151-200 % FTP) when the block has no power "
    "attribute; beside a power it is noted and the power is kept"
)
_TEXT_PLACEHOLDER = "always the placeholder 'text' in Zwift's files: there is no message to keep"


def _header() -> Iterator[Entry]:
    yield _kept(ROOT, None, "the root element")
    yield _noted(
        "activitySaveName", None, "the name Zwift saves the ride under; ridec keeps <name>"
    )
    yield _kept("author", None, "the header's author")
    yield _noted("author_alias", None, "a label Zwift shows for the author; ridec keeps <author>")
    yield _noted("authorIcon", None, "a logo inside Zwift's game files")
    yield _kept("category", None, "the header's category (Zwift's workout list section)")
    yield _noted("categoryIndex", None, "its place in Zwift's built-in lists")
    yield _kept("description", None, "the header's description")
    yield _noted("entid", None, "an id inside Zwift's game data")
    yield _kept(
        "ftpOverride",
        None,
        "the header's FTP, and every power becomes watts of it (Zwift rides fixed watts)",
    )
    yield _kept("name", None, "the header's name (the file's name when missing)")
    yield _noted("overrideHash", None, "an id inside Zwift's game data")
    yield _noted("painIndex", None, "Zwift's difficulty rating in its lists; ridec computes stats")
    yield _noted("ShowCP20", None, "a display switch of Zwift's FTP tests")
    yield _noted(
        "Skippable", None, "whether Zwift lets the rider skip blocks; ridec has no such setting"
    )
    yield _kept("sportType", None, "checked: bike is read; run and swim workouts are refused")
    yield _kept("subcategory", None, "the header's subcategory")
    yield _kept("tags", None, "the header's tags")
    yield _kept("tag", None, "one tag")
    yield _kept(
        "tag",
        "name",
        "one header tag per comma-separated entry; empty entries are dropped with a note",
    )
    yield _noted("test_details", None, "the pace tracking of Zwift's running tests")
    for attribute in ("name", "paceid", "tracking_text_paceid", "tracking_text_post"):
        yield _noted("test_details", attribute, "noted with <test_details>")
    yield _noted("test_details", "tracking_text_pre", "noted with <test_details>")
    yield _noted("visibleAfterTime", None, "when Zwift starts to list the workout (a Unix time)")
    yield _noted("visibleOutsidePlan", None, "whether Zwift lists it outside its training plan")
    yield _kept(WORKOUT, None, "the workout's blocks and texts")
    yield _noted("workoutLength", None, "the length Zwift lists; ridec computes it from the blocks")
    yield _noted("WorkoutPlan", None, "marks a workout of a Zwift training plan")
    yield _kept("durationType", None, "checked: time is read; distance is refused", False)
    yield _noted("uniqueId", None, "an id inside Zwift's game data", False)
    yield _noted("legacyIdHash", None, "an id inside Zwift's game data", False)
    yield _noted(
        "categoryOverride", None, "a second list section of Zwift's; ridec keeps <category>", False
    )


def _cadence(element: str, resting: bool) -> Iterator[Entry]:
    yield _kept(
        element,
        "Cadence",
        "the step's cadence (beside CadenceLow/CadenceHigh, their midpoint for other tools)",
    )
    yield _kept(element, "CadenceHigh", "the top of the step's cadence range")
    yield _kept(element, "CadenceLow", "the bottom of the step's cadence range")
    if resting:
        yield _noted(element, "CadenceResting", _RESTING_ONLY_INTERVALS)


def _ramps() -> Iterator[Entry]:
    for element, intensity in (("Warmup", "warm-up"), ("Cooldown", "cool-down")):
        yield _kept(element, None, f"a ramp step in the {intensity} intensity")
        yield from _cadence(element, resting=element == "Warmup")
        yield _kept(element, "Duration", "the step's length in whole seconds")
        yield _kept(element, "PowerLow", "the power at the step's start (also in a Cooldown)")
        yield _kept(element, "PowerHigh", "the power at the step's end")
        yield _kept(element, "Zone", _ZONE)
        yield _noted(element, "pace", _RUN_PACE)
        yield _noted(element, "units", _RUN_UNITS)
    yield _noted("Cooldown", "Pace", _RUN_PACE)
    yield _noted("Warmup", "Quantize", "a step size for Zwift's ramp, reported to have no effect")
    yield _noted("Warmup", "Text", _TEXT_PLACEHOLDER)
    yield _kept("Ramp", None, "a ramp step")
    yield _kept("Ramp", "Cadence", "the step's cadence")
    yield _noted("Ramp", "CadenceResting", _RESTING_ONLY_INTERVALS)
    yield _kept("Ramp", "Duration", "the step's length in whole seconds")
    yield _kept("Ramp", "Power", "a flat ramp at that power, when PowerLow/PowerHigh are missing")
    yield _kept("Ramp", "PowerLow", "the power at the step's start")
    yield _kept("Ramp", "PowerHigh", "the power at the step's end")
    yield _noted("Ramp", "pace", _RUN_PACE)
    for element in ("Warmup", "Cooldown"):
        yield _kept(
            element,
            "Power",
            "a flat ramp at that power, when PowerLow/PowerHigh are missing",
            False,
        )
    yield _kept("Ramp", "CadenceLow", "the bottom of the step's cadence range", False)
    yield _kept("Ramp", "CadenceHigh", "the top of the step's cadence range", False)


def _steady() -> Iterator[Entry]:
    element = "SteadyState"
    yield _kept(element, None, "a steady step")
    yield from _cadence(element, resting=False)
    yield _kept(element, "Duration", "the step's length in whole seconds")
    yield _kept(element, "Power", "the step's power")
    yield _kept(element, "PowerLow", "the bottom of a power range (the 2015 form)")
    yield _kept(element, "PowerHigh", "the top of a power range (the 2015 form)")
    yield _kept(element, "Zone", _ZONE)
    yield _noted(element, "FailThresholdDuration", _TEST_RULE)
    yield _noted(element, "NeverFails", _TEST_RULE)
    yield _noted(element, "Slop", _TEST_RULE)
    yield _noted(element, "Target", _TEST_RULE)
    yield _noted(element, "ramptest", "marks a step of Zwift's ramp test; the step is kept")
    yield _noted(
        element, "forced_performance_test", "marks Zwift's performance test; the step is kept"
    )
    yield _noted(
        element,
        "replacement_prescription",
        "a word Zwift's running workouts show instead of the target (seen: WALK)",
    )
    yield _noted(element, "replacement_verb", "the verb shown with replacement_prescription")
    yield _noted(element, "show_avg", _SHOW_AVG)
    yield _noted(element, "Text", _TEXT_PLACEHOLDER)
    yield _noted(element, "pace", _RUN_PACE)
    yield _noted(element, "units", _RUN_UNITS)


def _intervals() -> Iterator[Entry]:
    element = "IntervalsT"
    yield _kept(element, None, "a repeat of an on step and an off step")
    yield _kept(element, "Repeat", "the repeat count")
    yield _kept(element, "OnDuration", "the on step's length in whole seconds")
    yield _kept(element, "OffDuration", "the off step's length in whole seconds")
    yield _kept(element, "OnPower", "the on step's power")
    yield _kept(element, "OffPower", "the off step's power")
    yield _kept(element, "PowerOnLow", "the bottom of the on step's power range (2015 form)")
    yield _kept(element, "PowerOnHigh", "the top of the on step's power range (2015 form)")
    yield _kept(element, "PowerOffLow", "the bottom of the off step's power range (2015 form)")
    yield _kept(element, "PowerOffHigh", "the top of the off step's power range (2015 form)")
    yield _kept(element, "PowerOnZone", "the on step's power as zone zN when it has no other")
    yield _kept(element, "PowerOffZone", "the off step's power as zone zN when it has no other")
    yield _kept(
        element,
        "Cadence",
        "the on step's cadence (beside CadenceLow/CadenceHigh, their midpoint for other tools)",
    )
    yield _kept(element, "CadenceLow", "the bottom of the on step's cadence range")
    yield _kept(element, "CadenceHigh", "the top of the on step's cadence range")
    yield _kept(element, "CadenceResting", "the off step's cadence")
    yield _noted(
        element,
        "OverUnder",
        "marks over-under intervals for Zwift's display; the on and off powers say it all",
    )
    yield _noted(element, "FlatRoad", _FLAT_ROAD)
    yield _noted(element, "pace", _RUN_PACE)


def _free() -> Iterator[Entry]:
    for element in ("FreeRide", "Freeride"):
        yield _kept(element, None, "a free-ride step (no power target)")
        yield _kept(element, "Duration", "the step's length in whole seconds")
        yield _noted(element, "FlatRoad", _FLAT_ROAD)
        yield _noted(element, "ftptest", _FTP_TEST)
    yield _kept("FreeRide", "Cadence", "the step's cadence")
    yield _noted("FreeRide", "Power", "a free ride sets no power target, so none is kept")
    yield _noted("FreeRide", "show_avg", _SHOW_AVG)
    yield _kept("FreeRide", "CadenceLow", "the bottom of the step's cadence range", False)
    yield _kept("FreeRide", "CadenceHigh", "the top of the step's cadence range", False)
    yield _kept("MaxEffort", None, "a maximal-effort step")
    yield _kept("MaxEffort", "Duration", "the step's length in whole seconds")
    yield _noted("RestDay", None, "a rest day of a Zwift training plan: nothing to ride")
    yield _noted("run", None, "part of Zwift's running workouts; ridec reads bike workouts")


def _texts() -> Iterator[Entry]:
    at = "when the text shows, in seconds from its block's start (or the workout's)"
    for element in ("textevent", "TextEvent"):
        yield _kept(
            element,
            None,
            "a text at its time: a label at a step's start, else a cue (without an offset: "
            "at its block's start)",
        )
        yield _kept(element, "message", "the text")
        yield _kept(element, "timeoffset", at)
        yield _kept(
            element, "duration" if element == "textevent" else "Duration", "how long it shows"
        )
    yield _kept("TextEvent", "TimeOffset", at)
    yield _noted(
        "textevent",
        "distoffset",
        "a distance has no time in a timed workout: without a timeoffset the text is shown "
        "at its block's start",
    )
    yield _noted("textevent", "textscale", "the text's size on Zwift's screen")
    yield _noted("textevent", "y", "the text's height on Zwift's screen")
    yield _kept(
        "TextNotification",
        None,
        "a text at its time, as textevent (reported to show nothing in Zwift; ridec writes "
        "it back as a textevent)",
    )
    yield _kept("TextNotification", "text", "the text")
    yield _kept("TextNotification", "timeOffset", at)
    yield _kept("TextNotification", "duration", "how long it shows")
    yield _noted("TextNotification", "font_size", "the text's size on Zwift's screen")
    yield _noted("TextNotification", "x", "the text's place on Zwift's screen")
    yield _noted("TextNotification", "y", "the text's place on Zwift's screen")
    yield _noted(
        "gameplayevent", None, "a Zwift game event (a camera angle, a celebration): nothing to ride"
    )
    for attribute in ("camera", "duration", "timeoffset", "type"):
        yield _noted("gameplayevent", attribute, "noted with <gameplayevent>")
    yield _noted(
        ANY_BLOCK, "locIndex", "an index into Zwift's translations; the message is kept", False
    )
    yield _noted(
        ANY_BLOCK, "ZoneOverride", "a zone colour of Zwift's; ridec has no zone colours", False
    )


ENTRIES: tuple[Entry, ...] = (
    *(replace(entry, place="header") for entry in _header()),
    *_steady(),
    *_ramps(),
    *_intervals(),
    *_free(),
    *_texts(),
)
"""Every element and attribute of the dialect, with ridec's decision."""

_BY_KEY = {entry.key: entry for entry in ENTRIES}


def lookup(element: str, attribute: str | None = None) -> Entry | None:
    """The entry of an element (as read: `canonical`) or of one of its attributes."""
    key = (canonical(element), None if attribute is None else attribute.lower())
    found = _BY_KEY.get(key)
    if found is None and attribute is not None:
        found = _BY_KEY.get((ANY_BLOCK, attribute.lower()))
    return found


def kept_attributes(element: str) -> frozenset[str]:
    """The lower-case attributes the reader reads on an element (as read)."""
    found = _KEPT.get(element)  # the reader asks with reading names, already canonical
    return found if found is not None else _KEPT.get(canonical(element), frozenset())


def _kept_by_element() -> dict[str, frozenset[str]]:
    """Each element's kept attributes, in one pass over the entries (a pass per element,
    over all 144, took most of a millisecond at every start)."""
    kept: dict[str, set[str]] = {}
    for (owner, attribute), entry in _BY_KEY.items():
        names = kept.setdefault(owner, set())
        if attribute is not None and entry.kept:
            names.add(attribute)
    return {owner: frozenset(names) for owner, names in kept.items()}


_KEPT = _kept_by_element()


def markdown_table() -> str:
    """The inventory table of `docs/formats.md`: every entry and its decision."""
    lines = [
        "| element | attribute | decision | what ridec does with it |",
        "|---|---|---|---|",
    ]
    for entry in ENTRIES:
        element = "every block and text" if entry.element == ANY_BLOCK else f"`{entry.element}`"
        attribute = f"`{entry.attribute}`" if entry.attribute else "(the element)"
        decision = "kept" if entry.kept else "noted"
        meaning = re.sub(r"<(\w+)>", r"`<\1>`", entry.meaning)
        if not entry.inventory:
            meaning += " (not in Zwift's built-in files; seen in others)"
        lines.append(f"| {element} | {attribute} | {decision} | {meaning} |")
    return "\n".join(lines) + "\n"
