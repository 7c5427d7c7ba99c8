"""The ZWO (Zwift) writer: the planned blocks as a pretty-printed `<workout_file>`.

Choices where Zwift documents nothing:
- No `<?xml ...?>` declaration: Zwift's own files carry none, and without one XML is
  UTF-8, which is what ridec writes (ASCII, by default, is a subset of it).
- Two-space indentation, LF line ends, a final newline, attributes in a fixed order:
  the same workout always gives the same bytes.
- Lap-button steps are dropped and reported (see `blocks.drop_lap_steps`).
- Text is transliterated to ASCII unless `CompileOptions.ascii_text` is off; each changed
  text is reported once. Characters XML cannot hold are removed and reported.
"""

from __future__ import annotations

from dataclasses import field
from typing import ClassVar

from lxml import etree

from ridec.diagnostics import Span
from ridec.formats.base import (
    ActivationMode,
    CompileOptions,
    Fidelity,
    Writer,
    nothing_to_ride,
)
from ridec.formats.zwo.writer_blocks import (
    Block,
    OnceReport,
    drop_lap_steps,
    fold_intervals,
    plan_block,
    target_text,
)
from ridec.formats.zwo.writer_intensity import report_intensities
from ridec.model import PowerUnit
from ridec.records import record
from ridec.text import to_ascii, xml_safe
from ridec.timeline import Timeline, TimelineStep

SPORT = "bike"
UNTITLED = "Untitled workout"
"""The name written when nothing of the workout's name is left once made ASCII (an emoji)."""
INDENT = "  "


class ZwoWriter(Writer):
    """Writes Zwift workout files."""

    name: ClassVar[str] = "zwo"
    extension: ClassVar[str] = ".zwo"
    description: ClassVar[str] = "Zwift workout (.zwo), checked against schemas/zwo.xsd"

    def render(self, timeline: Timeline, options: CompileOptions, report: Fidelity) -> bytes:
        losses = OnceReport(report)
        steps = drop_lap_steps(timeline.steps, losses)
        if not steps:
            raise nothing_to_ride(timeline, self.name)
        _note_watts(steps, timeline.ftp, report)
        items = fold_intervals(steps)
        blocks = [plan_block(item, timeline.ftp, losses) for item in items]
        report_intensities(items, blocks, losses)
        texts = _TextCleaner(options.ascii_text, report)
        root = etree.Element("workout_file")
        _header(root, timeline, options, texts, report)
        workout = etree.SubElement(root, "workout")
        for block in blocks:
            _block(workout, block, texts)
        etree.indent(root, space=INDENT)
        return etree.tostring(root, encoding="utf-8", pretty_print=True)

    def validate(self, data: bytes) -> list[str]:
        from ridec.formats.zwo.checker import validate_bytes

        return [str(problem) for problem in validate_bytes(data)]


@record(frozen=False)
class _TextCleaner:
    """Makes text fit for the file (ASCII when asked, XML-safe) and reports each change once."""

    ascii_only: bool
    report: Fidelity
    reported: set[str] = field(default_factory=set)

    def __call__(self, text: str, span: Span | None, *, attribute: bool = True) -> str:
        cleaned = xml_safe(text, keep_newlines=not attribute)
        if cleaned != text.replace("\r", "") and text not in self.reported:
            self.report.degraded(
                f"text {text!r} with control characters or line breaks",
                repr(cleaned),
                span,
                topic="one-line",
            )
        if self.ascii_only:
            ascii_text = to_ascii(cleaned)
            if ascii_text != cleaned and text not in self.reported:
                became = f"ASCII {ascii_text!r}"
                self.report.degraded(f"non-ASCII text {cleaned!r}", became, span, topic="ascii")
            cleaned = ascii_text
        self.reported.add(text)
        return cleaned


def _note_watts(steps: list[TimelineStep], ftp: int | None, report: Fidelity) -> None:
    """Zwift scales every power by the rider's FTP: a watts target only holds for this FTP."""
    in_watts = [s for s in steps if s.target.unit is PowerUnit.WATTS]
    if in_watts and ftp is not None:
        first = in_watts[0]
        report.degraded(
            f"power in watts ({target_text(first.target)} and {len(in_watts) - 1} more)"
            if len(in_watts) > 1
            else f"power in watts ({target_text(first.target)})",
            f"fractions of FTP {ftp} W, which Zwift scales by the rider's own FTP",
            first.span,
            topic="watts-scaled",
        )


def _header(
    root: etree._Element,
    timeline: Timeline,
    options: CompileOptions,
    texts: _TextCleaner,
    report: Fidelity,
) -> None:
    header = timeline.workout.header

    def clean(text: str | None, *, one_line: bool = True) -> str:
        """Header text as written: cleaned, on one line unless it is the description,
        without the outer blanks no reader keeps."""
        span = timeline.workout.span
        return texts(text, span, attribute=one_line).strip() if text else ""

    _optional_element(root, "author", clean(header.author))
    _text_element(root, "name", clean(header.name) or UNTITLED)
    description = clean(_description(timeline, options, report), one_line=False)
    _optional_element(root, "description", description)
    _text_element(root, "sportType", SPORT)
    tags = etree.SubElement(root, "tags")
    for tag in filter(None, (clean(tag) for tag in header.tags)):
        etree.SubElement(tags, "tag", name=tag)
    _optional_element(root, "category", clean(header.category))
    _optional_element(root, "subcategory", clean(header.subcategory))


def _description(timeline: Timeline, options: CompileOptions, report: Fidelity) -> str:
    """The header's description, then the activation routine as a checklist."""
    workout = timeline.workout
    parts = [workout.header.description] if workout.header.description else []
    activation = workout.activation
    if activation is not None:
        parts.append(activation.checklist())
        if options.activation is ActivationMode.STEPS:
            report.degraded(
                "activation routine as lap-button steps",
                "a checklist in the description (ZWO has no lap button)",
                activation.span,
                topic="activation-checklist",
            )
    return "\n\n".join(parts)


def _text_element(parent: etree._Element, tag: str, text: str) -> None:
    etree.SubElement(parent, tag).text = text


def _optional_element(parent: etree._Element, tag: str, text: str) -> None:
    """An element only when it has something to say: an empty one would read back as none."""
    if text:
        _text_element(parent, tag, text)


def _block(parent: etree._Element, block: Block, texts: _TextCleaner) -> None:
    element = etree.SubElement(parent, block.kind.value)
    for key, value in block.attributes:
        element.set(key, value)
    for text in block.texts:
        event = etree.SubElement(element, "textevent")
        event.set("timeoffset", str(text.offset_s))
        event.set("message", texts(text.message, text.span))
        if text.duration_s is not None:
            event.set("duration", str(text.duration_s))
