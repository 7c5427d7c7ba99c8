"""The canonical `.ride` layout: `print_workout` for a model, `format_source` for `ridec fmt`.

Canonical means lower-case keywords and units, two spaces per level, the shortest duration
spelling (`4m`, `1m30s`, `45s`), the header first, then parameters, activation and steps,
with one blank line between those sections. `format_source` also keeps the user's comments
(own-line comments before the line they precede, trailing ones on their line) and single
blank lines between statements.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ridec.decimals import plain
from ridec.language.comments import Attached, attach_comments
from ridec.language.header import HEADER_KEYS
from ridec.language.tokens import quote
from ridec.model import (
    FREE,
    Activation,
    Cadence,
    CadenceValue,
    Cue,
    DurationValue,
    Exercise,
    Header,
    Intensity,
    Lap,
    Node,
    Param,
    ParamKind,
    ParamValue,
    Power,
    Ref,
    Repeat,
    Step,
    Target,
    TargetKind,
    TargetValue,
    Workout,
    format_duration,
)

INDENT = "  "
"""One level of indentation."""


def print_workout(workout: Workout) -> str:
    """The workout as canonical `.ride` source."""
    return _Printer({}, []).workout(workout, None)


def format_source(text: str, path: str = "<input>") -> str:
    """`text` in the canonical layout with its comments kept; raises DiagnosticError."""
    from ridec.language import parse_checked

    document = parse_checked(text, path)
    comments, trailer = attach_comments(document)
    keys = {key: line.code_start for key, line in document.header_lines.items()}
    return _Printer(comments, trailer).workout(document.workout, keys)


def format_number(value: float) -> str:
    """A number as the language writes it: `80`, `72.5` (never an exponent)."""
    if float(value).is_integer():
        return str(int(value))
    return plain(value)


def format_power(power: Power) -> str:
    """`80%`, `250w`."""
    return f"{format_number(power.value)}{power.unit.value}"


def format_target(target: Target) -> str:
    """`80%`, `75-85%`, `45%->70%`, `z2`, `free`, `max`."""
    if target.zone is not None:
        return f"z{target.zone}"
    if target.kind in (TargetKind.FREE, TargetKind.MAX) or target.low is None:
        return target.kind.value
    if target.kind is TargetKind.STEADY or target.high is None:
        return format_power(target.low)
    if target.kind is TargetKind.RANGE:
        return f"{format_number(target.low.value)}-{format_power(target.high)}"
    return f"{format_power(target.low)}->{format_power(target.high)}"


def format_cadence(cadence: Cadence) -> str:
    """`90rpm`, `50-60rpm`."""
    if cadence.is_range:
        return f"{cadence.low}-{cadence.high}rpm"
    return f"{cadence.low}rpm"


def format_value(value: ParamValue, kind: ParamKind | None = None) -> str:
    """A parameter value; an int is a count unless `kind` says duration (or is None)."""
    if isinstance(value, Target):
        return format_target(value)
    if isinstance(value, Cadence):
        return format_cadence(value)
    return str(value) if kind is ParamKind.COUNT else format_duration(value)


def format_text(text: str) -> str:
    """A header value: bare when it reads back the same, else quoted."""
    bare = text and text == text.strip() and not any(c in text for c in '#"\r\n')
    return text if bare else quote(text)


def _key(node: Node | Cue | Param | Exercise | Activation) -> int | None:
    """Where a construct starts: the key its comments are attached under."""
    return node.span.start if node.span is not None else None


def _header_lines(header: Header) -> dict[str, list[str]]:
    """Each header key that has a value, as the lines that write it."""
    values: dict[str, str | None] = {
        "name": header.name,
        "author": header.author,
        "tags": ", ".join(header.tags) if header.tags else None,
        "ftp": str(header.ftp) if header.ftp is not None else None,
        "sport": header.sport,
        "category": header.category,
        "subcategory": header.subcategory,
    }
    lines = {key: [format_text(value)] for key, value in values.items() if value is not None}
    if header.description is not None:
        lines["description"] = [format_text(text) for text in header.description.split("\n")]
    return lines


def _let(param: Param) -> str:
    return f"let {param.name} = {format_value(param.value, param.kind)}"


def _exercise(exercise: Exercise) -> str:
    if exercise.reps is not None:
        amount = f"{exercise.reps} {'rep' if exercise.reps == 1 else 'reps'}"
        amount += " each side" if exercise.each_side else ""
    else:
        amount = format_duration(exercise.duration or 0)
    return f"{quote(exercise.name)} {amount}"


def _step(step: Step) -> str:
    parts = [] if step.intensity is Intensity.ACTIVE else [step.intensity.value]
    parts.append(_written(step.duration))
    # A timed step without a target is written `free`: left out, it reads as a forgotten
    # target (`ridec check` warns about it). A lap step keeps the bare "ride until lap".
    if step.target != FREE or not isinstance(step.duration, Lap):
        parts.append(_written(step.target))
    if step.cadence is not None:
        parts.append(_written(step.cadence))
    parts += [flag.value for flag in step.flags]
    if step.label is not None:
        parts.append(quote(step.label))
    return " ".join(parts)


def _cue(cue: Cue) -> str:
    sign = "-" if cue.from_end else ""
    parts = [f"@{sign}{_written(cue.offset)}"]
    if cue.duration is not None:
        parts.append(f"for {_written(cue.duration)}")
    parts.append(quote(cue.text))
    return " ".join(parts)


def _written(value: DurationValue | TargetValue | CadenceValue) -> str:
    """A value in a step or cue as written: `$name`, `lap`, a duration, target or cadence."""
    if isinstance(value, Ref):
        return f"${value.name}"
    if isinstance(value, Lap):
        return "lap"
    if isinstance(value, Target):
        return format_target(value)
    if isinstance(value, Cadence):
        return format_cadence(value)
    return format_duration(value)


class _Printer:
    """Writes lines, putting back attached comments and blank lines."""

    def __init__(self, comments: Mapping[int, Attached], trailer: Sequence[Attached]) -> None:
        self.comments = comments
        self.trailer = trailer
        self.out: list[str] = []
        self.opened = False

    def workout(self, workout: Workout, header_keys: Mapping[str, int] | None) -> str:
        self.header(workout.header, header_keys)
        for index, param in enumerate(workout.params):
            self.emit(0, _let(param), _key(param), section=index == 0)
        if workout.activation is not None:
            self.activation(workout.activation)
        for index, node in enumerate(workout.body):
            self.node(0, node, section=index == 0)
        for attached in self.trailer:
            self.comment_lines(0, attached, section=False)
        return "\n".join(self.out) + "\n" if self.out else ""

    def header(self, header: Header, keys: Mapping[str, int] | None) -> None:
        """The header; `keys` (where each key was written) limits it to the keys given."""
        lines = _header_lines(header)
        if keys is None:
            lines.pop("sport", None)
        for key in HEADER_KEYS:
            if key not in lines or (keys is not None and key not in keys):
                continue
            first, *rest = lines[key]
            self.emit(0, f"{key}: {first}", keys.get(key) if keys else None)
            for text in rest:
                self.emit(1, text, None)

    def activation(self, activation: Activation) -> None:
        label = f" {quote(activation.label)}" if activation.label is not None else ""
        self.emit(0, f"activation{label}:", _key(activation), section=True, opens=True)
        for exercise in activation.exercises:
            self.emit(1, _exercise(exercise), _key(exercise))

    def node(self, depth: int, node: Node, *, section: bool = False) -> None:
        if isinstance(node, Step):
            self.emit(depth, _step(node), _key(node), section=section, opens=bool(node.cues))
            for cue in node.cues:
                self.emit(depth + 1, _cue(cue), _key(cue))
            return
        if isinstance(node, Repeat):
            count = f"${node.count.name}" if isinstance(node.count, Ref) else str(node.count)
            label = f" {quote(node.label)}" if node.label is not None else ""
            self.emit(depth, f"repeat {count}{label}:", _key(node), section=section, opens=True)
            children: tuple[Node, ...] = node.body
        else:
            self.emit(depth, "alternate:", _key(node), section=section, opens=True)
            children = node.children
        for child in children:
            self.node(depth + 1, child)

    def emit(
        self,
        depth: int,
        text: str,
        line: int | None,
        *,
        section: bool = False,
        opens: bool = False,
    ) -> None:
        """One line, after its leading comments, with its trailing comment."""
        attached = self.comments.get(line) if line is not None else None
        if attached is not None:
            section = self.comment_lines(depth, attached, section=section)
        blank = attached.blank_before if attached is not None else False
        self.blank(blank or section)
        trailing = f"  {attached.trailing}" if attached is not None and attached.trailing else ""
        self.out.append(INDENT * depth + text + trailing)
        self.opened = opens

    def comment_lines(self, depth: int, attached: Attached, *, section: bool) -> bool:
        """The own-line comments before a line; returns whether a section break is still due."""
        for text, blank in attached.leading:
            self.blank(blank or section)
            section = False
            self.out.append(INDENT * depth + text)
            self.opened = False
        return section

    def blank(self, wanted: bool) -> None:
        """A blank line, unless at the start of the file or of a block."""
        if wanted and self.out and self.out[-1] and not self.opened:
            self.out.append("")
