"""Reads Zwift workout files (.zwo) into the workout model.

Safe on untrusted input: a size cap, no DOCTYPE or entities, no network, libxml2's own
depth and size limits, a cap on unrolled steps, and every loop bounded by the file's size.
Tolerant of what real files carry (2015 forms, other spellings, float artefacts, no XML
declaration, Windows-1252 bytes); what is left out is reported, never dropped silently.
Runs of equal blocks become repeats, except those ridec's own ZWO writer would write as
an IntervalsT, so writing what was read gives back the same file.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import replace
from pathlib import PurePath

from lxml import etree

from ridec.diagnostics import Severity, Source, Span
from ridec.formats.base import ReadResult
from ridec.formats.structure import fold_repeats
from ridec.formats.zwo.checker import MAX_BYTES
from ridec.formats.zwo.dialect import lookup
from ridec.formats.zwo.reader_blocks import one_line, read_workout
from ridec.formats.zwo.writer_blocks import is_interval_pair
from ridec.formats.zwo.xmlsource import XmlContext, decode, parse
from ridec.limits import (
    FTP_RANGE,
    MAX_MESSAGES,
    MAX_WORKOUT_S,
    require_within_limits,
    step_size,
    workout_size,
)
from ridec.model import (
    Alternate,
    Cadence,
    Header,
    Node,
    Power,
    PowerUnit,
    Repeat,
    Step,
    Target,
    TargetKind,
    Workout,
)
from ridec.timeline import lower

SPORT = "bike"
TEXT_ELEMENTS = ("author", "name", "description", "category", "subcategory")


def read(data: bytes, path: str) -> Workout:
    """The workout in a ZWO file; raises DiagnosticError when it cannot be read."""
    return read_zwo(data, path).workout


def read_zwo(data: bytes, path: str) -> ReadResult:
    """The workout in a ZWO file and the diagnostics about it."""
    if len(data) > MAX_BYTES:
        context = XmlContext(Source(path, ""))
        raise context.fail(f"the file is larger than {MAX_BYTES} bytes", None)
    text, found = decode(data, path)
    context = XmlContext(Source(path, text), found)
    root = parse(context)
    if root.tag != "workout_file":
        raise context.fail(
            f"the root element is <{root.tag}>, not <workout_file>", context.element(root)
        )
    header, workout = _header(root, context, path)
    body = fold_repeats(read_workout(workout, context), _writer_keeps_flat)
    if header.ftp is not None:
        body = in_watts(body, header.ftp)
    context.raise_if_errors()
    if not body:
        context.report(Severity.WARNING, "the workout has no blocks", context.element(workout))
    span = Span(context.source, 0, len(text))
    return ReadResult(Workout(header, body, span=span), tuple(context.finish()))


def _writer_keeps_flat(body: tuple[Node, ...], count: int) -> bool:
    """Refuse a repeat the ZWO writer would fold into an IntervalsT: this file spelled it
    out, so folding it would change the file on the next write."""
    on, off = body if len(body) == 2 else (None, None)
    # What lowering checks first (the limits) is checked by arithmetic, then the rule.
    if isinstance(on, Step) and isinstance(off, Step) and _within_limits(on, off):
        return not _make_interval_pair(on, off)
    workout = Workout(Header(""), body)
    if workout_size(workout).steps != 2:  # only an on and an off step make an IntervalsT
        require_within_limits(workout)  # what lowering checks first: past them, reading stops
        return True
    steps = lower(workout).steps
    return not (len(steps) == 2 and is_interval_pair(*steps))


def _within_limits(on: Step, off: Step) -> bool:
    """Whether a workout of these two steps is within ridec's limits (as lowering requires)."""
    size = step_size(on) + step_size(off)
    return size.seconds <= MAX_WORKOUT_S and size.messages <= MAX_MESSAGES


def _make_interval_pair(on: Step, off: Step) -> bool:
    """`is_interval_pair` of the two steps as lowering them alone would give them, read on
    the model steps: lowered alone, a step keeps its duration, target, cadence, flags and
    label, and its cues are its own cues plus one per flag (tests/formats/zwo check the two
    agree)."""
    resting = not isinstance(off.cadence, Cadence) or not off.cadence.is_range
    return resting and _silent_steady(on) and _silent_steady(off)


def _silent_steady(step: Step) -> bool:
    target = step.target
    return (
        isinstance(step.duration, int)
        and isinstance(target, Target)
        and target.kind is TargetKind.STEADY
        and not step.label
        and not step.flags
        and not step.cues
    )


def _header(root: etree._Element, context: XmlContext, path: str) -> tuple[Header, etree._Element]:
    values: dict[str, str] = {}
    tags: list[str] = []
    workout = None
    ftp = None
    for child in root:
        if not isinstance(child.tag, str):
            continue
        tag = child.tag
        if tag in TEXT_ELEMENTS:
            values.setdefault(tag, child.text or "")
        elif tag == "tags":
            tags.extend(_tags(child, context))
        elif tag == "workout" and workout is None:
            workout = child
        elif tag == "sportType":
            _check_sport(child, context)
        elif tag == "ftpOverride" and ftp is None:
            ftp = _ftp_override(child, context)
        else:
            _other_header_element(child, context)
    if workout is None:
        raise context.fail("the file has no <workout> element", context.element(root))
    return _make_header(values, tags, path, ftp), workout


def _make_header(values: dict[str, str], tags: list[str], path: str, ftp: int | None) -> Header:
    def value(key: str) -> str | None:
        text = one_line(values.get(key, "")).strip()
        return text or None

    description = _description(values.get("description", ""))
    name = value("name") or PurePath(path).stem
    return Header(
        name,
        value("author"),
        description,
        tuple(tags),
        ftp,
        category=value("category"),
        subcategory=value("subcategory"),
    )


def _description(raw: str) -> str | None:
    """The description without outer blanks; when it starts on its own line (indented with
    the XML around it), without that indentation either."""
    if raw.lstrip(" \t").startswith("\n"):
        raw = textwrap.dedent(raw.strip("\n"))
    return raw.strip() or None


def _tags(element: etree._Element, context: XmlContext) -> list[str]:
    """Tag names: the `name` attribute Zwift reads, or the element text some tools write.

    A name holding a comma-separated list gives one tag per entry (a `.ride` tag cannot
    hold a comma); empty entries are dropped with a note.
    """
    names = []
    for tag in element:
        if not isinstance(tag.tag, str):
            continue
        if tag.tag != "tag":
            message = f"unknown element <{tag.tag}> in <tags> is ignored"
            context.report(Severity.WARNING, message, context.element(tag))
            continue
        raw = one_line(tag.get("name") or tag.text or "")
        entries = [entry.strip() for entry in raw.split(",")]
        kept = [entry for entry in entries if entry]
        if len(kept) < len(entries) and raw.strip():
            dropped = len(entries) - len(kept)
            noun = "entry" if dropped == 1 else "entries"
            message = f"tag '{raw.strip()}' has {dropped} empty {noun}, dropped"
            context.report(Severity.NOTE, message, context.element(tag))
        names.extend(kept)
    return names


def _check_sport(element: etree._Element, context: XmlContext) -> None:
    sport = (element.text or "").strip()
    if sport.lower() != SPORT:
        raise context.fail(
            f"sportType '{sport}' is not supported: ridec reads bike workouts only",
            context.element(element),
        )


def _ftp_override(element: etree._Element, context: XmlContext) -> int | None:
    """Zwift's fixed FTP for the workout, in whole watts; None (with a warning) when it is
    not one the language accepts."""
    raw = (element.text or "").strip()
    low, high = FTP_RANGE
    found = re.fullmatch(r"\d{1,6}(\.\d{1,6})?", raw)
    watts = round(float(raw)) if found else None
    if watts is None or not low <= watts <= high:
        message = f"ftpOverride '{raw[:20]}' is not an FTP from {low} to {high} W and is ignored"
        context.report(Severity.WARNING, message, context.element(element))
        return None
    context.once(
        "ftp override",
        Severity.NOTE,
        f"ftpOverride {watts} W: Zwift rides this workout's powers as fixed watts of it, so "
        "they are read in watts and the workout's FTP is set to it",
        context.element(element),
    )
    return watts


def _other_header_element(element: etree._Element, context: XmlContext) -> None:
    tag = str(element.tag)
    span = context.element(element)
    if tag == "durationType":
        if (element.text or "").strip().lower() == "distance":
            raise context.fail(
                "durationType 'distance' is not supported: durations must be seconds", span
            )
        return
    entry = lookup(tag)
    if entry is not None and entry.place == "header" and not entry.kept:
        message = f"<{tag}> is not kept: {entry.meaning}"
        context.once(f"noted {tag}", Severity.NOTE, message, span)
    elif entry is not None and entry.place == "header":
        context.report(Severity.WARNING, f"a second <{tag}> is ignored", span)
    else:
        context.report(Severity.WARNING, f"unknown element <{tag}> is ignored", span)


def in_watts(nodes: tuple[Node, ...], ftp: int) -> tuple[Node, ...]:
    """The nodes with every % FTP power as watts of `ftp` (what `ftpOverride` means)."""
    return tuple(_node_in_watts(node, ftp) for node in nodes)


def _node_in_watts(node: Node, ftp: int) -> Node:
    if isinstance(node, Repeat):
        return replace(node, body=in_watts(node.body, ftp))
    if isinstance(node, Alternate):
        return replace(node, children=in_watts(node.children, ftp))
    target = node.target
    if not isinstance(target, Target) or target.low is None:
        return node
    low = _watts(target.low, ftp)
    high = None if target.high is None else _watts(target.high, ftp)
    return replace(node, target=Target(target.kind, low, high))


def _watts(power: Power, ftp: int) -> Power:
    """% FTP as watts, to the hundredth of a watt (as ZWO's 3-decimal fractions allow)."""
    if power.unit is PowerUnit.WATTS:
        return power
    return Power(round(power.value * ftp / 100, 2), PowerUnit.WATTS)
