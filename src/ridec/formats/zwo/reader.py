"""Reads Zwift workout files (.zwo) into the workout model.

Safe on untrusted input: a size cap, no DOCTYPE or entities, no network, libxml2's own
depth and size limits, a cap on unrolled steps, and every loop bounded by the file's size.
Tolerant of what real files carry (2015 forms, other spellings, float artefacts, no XML
declaration, Windows-1252 bytes); what is left out is reported, never dropped silently.
Runs of equal blocks become repeats, except those ridec's own ZWO writer would write as
an IntervalsT, so writing what was read gives back the same file.
"""

from __future__ import annotations

import textwrap
from pathlib import PurePath

from lxml import etree

from ridec.diagnostics import Severity, Source, Span
from ridec.formats.base import ReadResult
from ridec.formats.structure import fold_repeats
from ridec.formats.zwo.checker import MAX_BYTES
from ridec.formats.zwo.reader_blocks import one_line, read_workout
from ridec.formats.zwo.writer_blocks import is_interval_pair
from ridec.formats.zwo.xmlsource import XmlContext, decode, parse
from ridec.model import Header, Node, Workout
from ridec.timeline import lower

SPORT = "bike"
TEXT_ELEMENTS = ("author", "name", "description", "category", "subcategory")
IGNORED_ELEMENTS = {
    "categoryIndex": "it orders Zwift's built-in lists",
    "ShowCP20": "it is a Zwift FTP-test display switch",
    "durationType": "durations are read as seconds",
}
"""Header elements real files carry that ridec knowingly leaves out, and why."""


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
    context.raise_if_errors()
    if not body:
        context.report(Severity.WARNING, "the workout has no blocks", context.element(workout))
    span = Span(context.source, 0, len(text))
    return ReadResult(Workout(header, body, span=span), tuple(context.finish()))


def _writer_keeps_flat(body: tuple[Node, ...], count: int) -> bool:
    """Refuse a repeat the ZWO writer would fold into an IntervalsT: this file spelled it
    out, so folding it would change the file on the next write."""
    steps = lower(Workout(Header(""), body)).steps
    return not (len(steps) == 2 and is_interval_pair(*steps))


def _header(root: etree._Element, context: XmlContext, path: str) -> tuple[Header, etree._Element]:
    values: dict[str, str] = {}
    tags: list[str] = []
    workout = None
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
        else:
            _other_header_element(child, context)
    if workout is None:
        raise context.fail("the file has no <workout> element", context.element(root))
    return _make_header(values, tags, path), workout


def _make_header(values: dict[str, str], tags: list[str], path: str) -> Header:
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
    """Tag names: the `name` attribute Zwift reads, or the element text some tools write."""
    names = []
    for tag in element:
        if not isinstance(tag.tag, str):
            continue
        if tag.tag != "tag":
            message = f"unknown element <{tag.tag}> in <tags> is ignored"
            context.report(Severity.WARNING, message, context.element(tag))
            continue
        name = one_line(tag.get("name") or tag.text or "").strip()
        if name:
            names.append(name)
    return names


def _check_sport(element: etree._Element, context: XmlContext) -> None:
    sport = (element.text or "").strip()
    if sport.lower() != SPORT:
        raise context.fail(
            f"sportType '{sport}' is not supported: ridec reads bike workouts only",
            context.element(element),
        )


def _other_header_element(element: etree._Element, context: XmlContext) -> None:
    tag = str(element.tag)
    span = context.element(element)
    if tag == "durationType" and (element.text or "").strip().lower() == "distance":
        raise context.fail(
            "durationType 'distance' is not supported: durations must be seconds", span
        )
    if tag in IGNORED_ELEMENTS:
        message = f"<{tag}> is not kept: {IGNORED_ELEMENTS[tag]}"
        context.once(f"ignored {tag}", Severity.NOTE, message, span)
    else:
        context.report(Severity.WARNING, f"unknown element <{tag}> is ignored", span)
