"""intervals.icu workout text: what its workout builder accepts as typed, so a coach can
paste a ridec workout into intervals.icu (and from there to Garmin, Wahoo, Zwift ...).

    Standing technique W1
    Three points of power: hands, core and feet.

    - Spin up 10m ramp 45-70% 85-95rpm intensity=warmup

    Standing 3x
    - Stand and dance on the pedals 20^Hands ... <!> 2m 75% 50-60rpm
    - Easy spin 3m 55% 85-95rpm intensity=recovery

The first line names the workout and the description follows it (both free text to
intervals.icu); each step is `- text [prompts <!>] duration target cadence`. Durations are
written in at most two parts (`1m30s`, `1h30m`, `60m30s`), powers as short as they read back
exactly. Kept exactly: % and watts, ranges, zones (`Z2`), ramps (`ramp 50-75%`), free rides
(`freeride`), cadences and ranges, lap-button steps (`press lap`), step intensities
(`intensity=warmup`), timed cues as the guide's timed prompts (`20^Hands`, `60^30 Stand`
shown 30 s), repeats one level deep (`writer_blocks`). What the syntax cannot say becomes
text and is reported: a technique flag its cue ("Stand up"), a maximal effort `Max effort
... freeride`, a nested repeat its iterations written out; a word of a text that would be
read as a value is split (`30s` -> `30 s`). Author, tags and categories are dropped.
"""

from __future__ import annotations

from typing import ClassVar

from ridec.diagnostics import Span
from ridec.formats.base import (
    ActivationMode,
    CompileOptions,
    Fidelity,
    LossKind,
    OnceFidelity,
    Writer,
    nothing_to_ride,
)
from ridec.formats.icu.checker import problems
from ridec.formats.icu.stepline import reads_as_step
from ridec.formats.icu.syntax import (
    MAX_EFFORT_TEXT,
    PROMPTS_END,
    TEXT_JOINER,
    duration_text,
    escape_count_words,
    escape_prompt,
    escape_text,
    number_text,
)
from ridec.formats.icu.writer_blocks import Block, fold
from ridec.model import Intensity, PowerUnit, Target, TargetKind
from ridec.text import one_line
from ridec.timeline import CueKind, Frame, Timeline, TimelineCue, TimelineStep

NUMBERED = " {i}/{n}"
"""A repeat label ending so is the title intervals.icu numbers the same way."""


class IcuWriter(Writer):
    """intervals.icu workout text, one line per step, repeats as titled blocks."""

    name: ClassVar[str] = "icu"
    extension: ClassVar[str] = ".icu"
    description: ClassVar[str] = "intervals.icu workout text (its workout builder's syntax)"

    def render(self, timeline: Timeline, options: CompileOptions, report: Fidelity) -> bytes:
        if not timeline.steps:
            raise nothing_to_ride(timeline, self.name)
        losses = OnceFidelity(report)
        lines = _heading(timeline, options, losses)
        lines_of: dict[tuple[int, int], str] = {}

        def line_of(step: TimelineStep, skip: int) -> str:
            key = (step.index, skip)
            if key not in lines_of:
                lines_of[key] = step_line(step, skip, losses)
            return lines_of[key]

        blocks, nested = fold(timeline.steps, line_of, lambda f, c, n: _title(f, c, n, losses))
        for inner in nested:
            feature = f"nested repeat ({inner.count} times)"
            became = "its iterations written out (intervals.icu does not nest repeats)"
            losses.add(LossKind.DEGRADED, feature, became, inner.step.span, "repeat-unrolled")
        for block in blocks:
            lines += ["", *_block_lines(block)]
        _dropped_metadata(timeline, losses)
        return ("\n".join(lines) + "\n").encode("utf-8")

    def validate(self, data: bytes) -> list[str]:
        return problems(data)


def _block_lines(block: Block) -> list[str]:
    return [block.title, *block.lines] if block.title is not None else list(block.lines)


def free_line(text: str) -> str:
    """`text` as a line intervals.icu reads as free text: one line, no leading `-` (a step),
    no trailing count (`Round 3x`, a repeat) and not a step that lost its dash."""
    line = one_line(text)
    if line.startswith("-"):
        line = "*" + line[1:]
    line = escape_count_words(line)
    if reads_as_step(line):
        line = escape_text(line)
    return line


def _heading(timeline: Timeline, options: CompileOptions, losses: OnceFidelity) -> list[str]:
    """The name, then the description and the activation checklist, as free text."""
    workout = timeline.workout
    written = workout.header.name
    name = free_line(written) or "Workout"
    if name != " ".join(written.split()):
        losses.add(LossKind.DEGRADED, f"workout name {written!r}", repr(name), None, "name-cleaned")
    lines = [name]
    if workout.header.description:
        span = workout.header.span_of("description")
        lines += _free_lines(workout.header.description, span, losses)
    routine = workout.activation
    if routine is not None:
        title = free_line(routine.label or "Activation")
        lines += [f"{title}:", *(free_line(f"* {e.describe()}") for e in routine.exercises)]
        if options.activation is ActivationMode.STEPS:
            became = "a checklist in the description"
            losses.add(
                LossKind.DEGRADED,
                "activation routine as steps",
                became,
                routine.span,
                "activation-checklist",
            )
        else:
            losses.add(
                LossKind.EXACT, "activation routine in the description", None, routine.span, ""
            )
    return lines


def _free_lines(description: str, span: Span | None, losses: OnceFidelity) -> list[str]:
    """The description's lines as free text (blank lines left out)."""
    given = [line for line in description.split("\n") if line.strip()]
    lines = [free_line(line) for line in given]
    if lines != [" ".join(line.split()) for line in given]:
        became = "free-text lines intervals.icu reads as no step"
        losses.add(LossKind.DEGRADED, "description", became, span, "description-one-line")
    return lines


def _title(frame: Frame, cue: str | None, count: int, losses: OnceFidelity) -> str | None:
    """The title of a block of `count` runs of the repeat `frame` stands for."""
    label = frame.label
    if label is None:
        return f"{count}x" if count > 1 else None
    base = label[: -len(NUMBERED)] if label.endswith(NUMBERED) else None
    if base is not None and "{" not in base:
        return f"{free_line(base)} {count}x".lstrip()
    if count == 1 and cue is not None:
        return free_line(cue) or None
    plain = " ".join(label.replace("{i}", " ").replace("{n}", " ").split())
    title = f"{free_line(plain)} {count}x".lstrip()
    shown = f"{plain} 1/{count}".lstrip()
    became = f"the title '{title}' (intervals.icu shows '{shown}', ... on each iteration)"
    losses.add(LossKind.DEGRADED, f"repeat label {label!r}", became, None, "repeat-label")
    return title


def step_line(step: TimelineStep, skip: int, losses: OnceFidelity) -> str:
    """`- text duration target cadence [intensity=KIND]`, or with `press lap` for a
    lap-button step; `skip` block cues are left to the block's title."""
    target, texts = _target(step, losses)
    text = _text(step, skip, texts, losses)
    words = ["-", text] if text else ["-"]
    prompts = [_prompt(cue, losses) for cue in step.cues if _timed(cue)]
    if any(prompts):
        words += [*(p for p in prompts if p), PROMPTS_END]
    if step.duration_s is not None:
        words.append(duration_text(step.duration_s))
    words.append(target)
    if step.cadence is not None:
        band = step.cadence
        words.append(f"{band.low}-{band.high}rpm" if band.is_range else f"{band.low}rpm")
    if step.intensity is not Intensity.ACTIVE:
        words.append(f"intensity={step.intensity.value}")
    if step.duration_s is None:
        words.append("press lap")
    return " ".join(words)


def _target(step: TimelineStep, losses: OnceFidelity) -> tuple[str, list[str]]:
    """The target's words and the texts it needs before them (`Max effort`)."""
    target = step.target
    if target.kind is TargetKind.FREE:
        return "freeride", []
    if target.kind is TargetKind.MAX:
        became = f"a free ride with the text '{MAX_EFFORT_TEXT}'"
        losses.add(LossKind.DEGRADED, "maximal effort", became, step.span, "max-open")
        return "freeride", [MAX_EFFORT_TEXT]
    return power_text(target), []


def power_text(target: Target) -> str:
    """`75%`, `220w`, `88-92%`, `Z2`, `ramp 50-75%`, `ramp 150-250w`."""
    low, high = target.low, target.high
    assert low is not None
    unit = "%" if low.unit is PowerUnit.PERCENT else "w"
    if target.kind is TargetKind.STEADY or high is None:
        return f"{number_text(low.value)}{unit}"
    if target.kind is TargetKind.RANGE and target.zone is not None:
        return f"Z{target.zone}"
    band = f"{number_text(low.value)}-{number_text(high.value)}{unit}"
    return f"ramp {band}" if target.kind is TargetKind.RAMP else band


def _text(step: TimelineStep, skip: int, first: list[str], losses: OnceFidelity) -> str:
    """The step's text: its target's text, block cues past `skip`, label, flag cues and
    cues, a timed one as `At 20 s: ...`."""
    blocks = [c for c in step.cues if c.kind is CueKind.BLOCK and c.offset_s == 0][skip:]
    parts = [*first, *(c.text for c in blocks)]
    if step.label:
        parts.append(step.label)
    for flag in step.flags:
        became = "text (intervals.icu has no technique flags)"
        losses.add(LossKind.DEGRADED, f"{flag.value} flag", became, step.span, "flag-text")
    for cue in step.cues:
        if not (cue.kind is CueKind.BLOCK and cue.offset_s == 0) and not _timed(cue):
            parts.append(cue.text)
    joined = TEXT_JOINER.join(p for p in (one_line(part) for part in parts) if p)
    text = escape_text(joined)
    if any(one_line(part) != " ".join(part.split()) for part in parts):
        losses.add(LossKind.DEGRADED, "text on several lines", "one line", step.span, "one-line")
    if text != joined:
        became = f"{text!r}, so that intervals.icu reads no word of it as a value"
        losses.add(LossKind.DEGRADED, f"text {joined!r}", became, step.span, "icu-escaped")
    return text


def _timed(cue: TimelineCue) -> bool:
    """Whether a cue is written as a timed prompt: after the step's start, or shown for a
    set time; a cue at the start is part of the step's text, a block's label its title."""
    if cue.kind is CueKind.BLOCK and cue.offset_s == 0:
        return False
    return cue.offset_s > 0 or cue.duration_s is not None


def _prompt(cue: TimelineCue, losses: OnceFidelity) -> str | None:
    """`33^Lift cadence`, `60^30 Stand up` (shown for 30 s): the guide's timed prompt."""
    message = escape_prompt(one_line(cue.text))
    if not message:
        losses.add(LossKind.DROPPED, "a cue without text", None, cue.span, "timed-cue")
        return None
    if message != " ".join(cue.text.split()):
        became = f"{message!r} (one line; no word intervals.icu would read as a prompt)"
        losses.add(LossKind.DEGRADED, f"cue {cue.text!r}", became, cue.span, "icu-escaped")
    marker = f"{cue.offset_s}^"
    if cue.duration_s is not None:
        return f"{marker}{cue.duration_s} {message}"
    return f"{marker} {message}" if message[0].isdigit() else marker + message


def _dropped_metadata(timeline: Timeline, losses: OnceFidelity) -> None:
    header_ = timeline.workout.header
    for feature, present in (
        ("author", header_.author),
        ("tags", header_.tags),
        ("category", header_.category or header_.subcategory),
    ):
        if present:
            losses.add(LossKind.DROPPED, feature, None, None, "metadata")
