"""ridec's documented limits, and the arithmetic that checks a workout against them.

Every limit is listed in the README's "Limits" section with the reason for its value. A
workout's unrolled size (steps, duration, messages) is computed from the tree by
multiplying repeat counts, never by unrolling it, so a 68-byte file that would unroll to
125 million steps is refused in about a millisecond: the check visits each node once. The
editor computes the durations it shows (outline, hover) with the same arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from math import gcd

from ridec.diagnostics import Diagnostic, DiagnosticError, Span, error
from ridec.facts import FTP_RANGE
from ridec.model import Lap, Node, ParamValue, Ref, Repeat, Step, Workout, format_duration
from ridec.records import record

MAX_INPUT_BYTES = 16 * 1024 * 1024
"""Bytes of any workout input (.ride, .plan, .zwo, .erg, .mrc, .fit)."""
MAX_JSON_BYTES = 64 * 1024 * 1024
"""Bytes of a JSON timeline given to `ridec validate`: one line per step and per cue, so the
largest workout's JSON (about 50 MB) is still read back."""
MAX_JSON_DEPTH = 100
"""Levels of nesting in a JSON document given to `ridec validate`: the deepest ridec writes
(32 nested repeats in `structure`) takes 68; deeper is refused before any recursion."""
MAX_RIDE_BYTES = 64 * 1024 * 1024
"""Bytes of a recorded ride given to `ridec review` or `ridec balance` (a long ride with every
sensor is a few megabytes)."""
MAX_RIDE_RECORDS = 500_000
"""Timed records of a recorded ride: more than five days at one a second (a 1,200-km brevet
recorded as one file, 90 hours, holds about 324,000). Counted as the records are decoded, so
a larger file is refused after this many, whatever its size."""
MAX_BALANCE_RIDES = 10_000
"""Rides one `ridec balance` run reads (a rider's every ride of several years)."""
MAX_LSP_MESSAGE_BYTES = 64 * 1024 * 1024
"""Bytes of one message to the language server. An editor sends a whole document in one
(`didOpen`), JSON-escaped: a document at the input limit fits even when every character
takes three times its UTF-8 size (`\\uXXXX` escapes). A larger Content-Length is refused
without reading the body into memory."""
MAX_SOURCE_LINES = 250_000
"""Lines of a `.ride` or `.plan` file: room for a workout at every other limit, written flat
with a cue under each step."""
MAX_WORKOUT_S = 24 * 3600
"""Total duration of a workout's timed steps once unrolled."""
MAX_STEPS = 100_000
"""Steps of a workout once unrolled: a day of one-second steps, with room to spare."""
MAX_MESSAGES = 100_000
"""Messages a workout shows once unrolled: cues, step and block labels, technique cues."""
MAX_TEXT_CHARS = 10_000
"""Characters of one text: the name, author, description, a tag, a label, a cue, an exercise.
Real texts are a few words; a long description is a page."""
MAX_SHOWN_CHARS = 16 * 1024 * 1024
"""Characters of the texts a workout shows once unrolled (labels and cues, each time it is
shown): ZWO, ERG and MRC carry every one, and none of them may exceed the 16 MiB ridec reads
back, so more could not be written anyway; checked before anything writes them."""
MAX_FIT_STEPS = 10_000
"""workout_step messages in a FIT file, read or written (head units take a few hundred)."""
MAX_FIT_MESSAGES = 25_000
"""Records (definition and data messages) of a FIT file read as a workout. A workout file holds
a few hundred (file_id, workout, one workout_step a step); the largest ridec reads, 10,000
steps each under its own definition, takes 20,000. Counted by our own structural walk before
fitparse runs, so a larger file (a recorded ride, or padding within the byte limit) is refused
at the first message past the limit, whatever its size; fitparse, which builds several objects
a field, took a minute and gigabytes for a million."""
MAX_FIT_VALUES = 250_000
"""Values in the data messages of a FIT file read as a workout: a field's, each element of an
array field's, each byte of a developer field's (its type is declared elsewhere). fitparse's
cost is per value (25,000 messages of 255 one-byte fields took it 54 s and 590 MB; of one
255-element array, 8 s), so counting messages is not enough. A workout_step holds 7 to 15:
10,000 steps of 25 fit with room to spare."""
MAX_DEVICE_XML_BYTES = 1024 * 1024
"""Bytes of a Garmin device's `GarminDevice.xml` (`ridec push --garmin`): real ones are 5 to
20 KB, a list of the folders the device reads and writes."""
MAX_DELIVERY_NAME_CHARS = 64
"""Characters of a file name `ridec push` writes to a head unit or Zwift's folder, before the
extension: FAT takes 255, and a head unit's menu shows the first twenty or so."""
MAX_PUSH_EVENTS = 1000
"""Events in one `ridec push --intervals` request: a plan of 99 weeks with a session every day
is 693."""
MAX_RESPONSE_BYTES = 16 * 1024 * 1024
"""Bytes of an answer from intervals.icu: the events it created, each echoed with its fields."""


def ftp_problem(ftp: object) -> str | None:
    """Why `ftp` is no FTP ridec takes (a whole number of watts within FTP_RANGE), or None."""
    low, high = FTP_RANGE
    if isinstance(ftp, bool) or not isinstance(ftp, int):
        return f"ftp must be an int (watts), {low} to {high}, not {ftp!r}"
    if not low <= ftp <= high:
        return f"ftp {ftp} is out of range: FTP is {low} to {high} watts"
    return None


def read_limit(extension: str) -> int:
    """The most bytes ridec reads from a file with this extension (`.zwo`, `.json` ...)."""
    return MAX_JSON_BYTES if extension.lower() == ".json" else MAX_INPUT_BYTES


@record
class Size:
    """What a node (or a list of nodes) unrolls to."""

    steps: int = 0
    """Timeline steps."""
    seconds: int = 0
    """Seconds of the timed steps (a lap step counts 0 s, as in the timeline)."""
    messages: int = 0
    """Cues, step labels, repeat labels (one per iteration) and technique cues."""
    laps: int = 0
    """Lap-button steps (among `steps`; they count 0 s in `seconds`)."""
    characters: int = 0
    """Characters of the cues and labels as written, each time it is shown."""

    def __add__(self, other: Size) -> Size:
        return Size(
            self.steps + other.steps,
            self.seconds + other.seconds,
            self.messages + other.messages,
            self.laps + other.laps,
            self.characters + other.characters,
        )

    def times(self, count: int) -> Size:
        """This size `count` times over."""
        return Size(
            self.steps * count,
            self.seconds * count,
            self.messages * count,
            self.laps * count,
            self.characters * count,
        )


_EMPTY = Size()

Values = Mapping[str, ParamValue] | None
"""Values for the `$name` counts and durations of an unbound workout (the editor shows
durations before binding); None for a bound workout, which has no references left."""


class UnknownValueError(Exception):
    """A count or duration names a parameter that has no number (an undeclared `$name`)."""


@record
class _Iterations:
    """The iterations of the innermost repeat a node runs in: start, start + step, ...

    (`count` of them). Alternates pick a child per iteration, so the iterations that reach
    each child form a smaller progression of the same kind, which keeps the sum exact.
    """

    start: int
    step: int
    count: int

    def picking(self, child: int, children: int) -> _Iterations:
        """The iterations i with (i - 1) mod children == child."""
        divisor = gcd(self.step, children)
        wanted = child - (self.start - 1)
        if wanted % divisor:
            return _Iterations(self.start, self.step, 0)
        period = children // divisor
        inverse = pow(self.step // divisor, -1, period) if period > 1 else 0
        first = (wanted // divisor * inverse) % period if period > 1 else 0
        remaining = self.count - first
        count = 0 if remaining <= 0 else (remaining + period - 1) // period
        return _Iterations(self.start + first * self.step, self.step * period, count)


def workout_size(workout: Workout) -> Size:
    """The steps, seconds and messages the workout unrolls to, computed without unrolling."""
    return _sum(workout.body, _Iterations(1, 1, 1), None)


def node_size(node: Node, iteration: int = 1, values: Values = None) -> Size:
    """What `node` unrolls to in iteration `iteration` of its enclosing repeat (which child
    an `alternate` takes), computed without unrolling; `$name` counts and durations are read
    from `values` (UnknownValueError when one has no number)."""
    return _node(node, _Iterations(iteration, 1, 1), values)


def _sum(nodes: Sequence[Node], runs: _Iterations, values: Values) -> Size:
    total = _EMPTY
    for node in nodes:
        total += _node(node, runs, values)
    return total


def _node(node: Node, runs: _Iterations, values: Values) -> Size:
    if runs.count == 0:
        return _EMPTY
    if isinstance(node, Step):
        return step_size(node, values).times(runs.count)
    if isinstance(node, Repeat):
        return repeat_size(node, values).times(runs.count)
    total = _EMPTY
    for index, child in enumerate(node.children):
        total += _node(child, runs.picking(index, len(node.children)), values)
    return total


def _number(value: object, values: Values) -> int:
    """A count or duration: its number, a reference's value, or 0 (a lap step lasts 0 s)."""
    if isinstance(value, int):
        return value
    if isinstance(value, Ref) and values is not None:
        found = values.get(value.name)
        if not isinstance(found, int):
            raise UnknownValueError(value.name)
        return found
    return 0


def repeat_size(node: Repeat, values: Values = None) -> Size:
    """What one `repeat` unrolls to, all its iterations together."""
    count = _number(node.count, values)
    if count <= 0:
        return _EMPTY
    body = _sum(node.body, _Iterations(1, 1, count), values)
    labels = Size(messages=1, characters=len(node.label)).times(count) if node.label else _EMPTY
    return body + labels


def step_size(step: Step, values: Values = None) -> Size:
    """One step: its seconds (0 for a lap step), its label, flag cues and cues."""
    seconds = _number(step.duration, values)
    messages = len(step.cues) + len(step.flags) + (1 if step.label else 0)
    characters = len(step.label or "") + sum(len(cue.text) for cue in step.cues)
    laps = 1 if isinstance(step.duration, Lap) else 0
    return Size(1, seconds, messages, laps, characters)


def size_problems(workout: Workout) -> list[Diagnostic]:
    """A located error for the first limit the workout exceeds: a text too long, then once
    unrolled steps, duration, messages and their characters; nothing when it is within them
    all."""
    long_text = first_long_text(workout)
    if long_text is not None:
        return [long_text]
    total = workout_size(workout)
    checks = (
        ("steps", total.steps, MAX_STEPS),
        ("seconds", total.seconds, MAX_WORKOUT_S),
        ("messages", total.messages, MAX_MESSAGES),
        ("characters", total.characters, MAX_SHOWN_CHARS),
    )
    for kind, value, limit in checks:
        if value > limit:
            return [_too_large(workout, kind, value, limit)]
    return []


def require_within_limits(workout: Workout) -> None:
    """Raise DiagnosticError when the workout would unroll past a limit."""
    problems = size_problems(workout)
    if problems:
        raise DiagnosticError(problems)


def _too_large(workout: Workout, kind: str, value: int, limit: int) -> Diagnostic:
    node = _crossing(workout, kind, limit)
    span = workout.span if node is None or node.span is None else _head(node.span)
    hint = "split the workout (a .plan can spread the work over sessions)"
    if isinstance(node, Repeat):
        hint = "lower a repeat count, or " + hint
    if kind == "steps":
        message = f"the workout unrolls to {_count(value)} steps; a workout has at most {limit:,}"
    elif kind == "seconds":
        message = (
            f"the workout lasts {_hours(value)} once unrolled; "
            f"a workout lasts at most {format_duration(limit)}"
        )
    elif kind == "messages":
        message = (
            f"the workout shows {_count(value)} messages once unrolled (cues, labels and "
            f"technique cues); a workout shows at most {limit:,}"
        )
    else:
        message = (
            f"the workout shows {_count(value)} characters of cues and labels once unrolled; "
            f"a workout shows at most {limit:,}"
        )
        hint = "shorten the cues and labels, or " + hint
    return error(message, span, hint)


def first_long_text(workout: Workout) -> Diagnostic | None:
    """A located error for the first text longer than MAX_TEXT_CHARS, in reading order."""
    for what, text, span in _texts(workout):
        if len(text) > MAX_TEXT_CHARS:
            message = (
                f"the {what} is {len(text):,} characters long; a text has at most "
                f"{MAX_TEXT_CHARS:,}"
            )
            hint = "shorten it: a text is shown to the rider on a screen or a head unit"
            at = _head(span) if span is not None else workout.span
            return error(message, at, hint)
    return None


def _texts(workout: Workout) -> Iterator[tuple[str, str, Span | None]]:
    """Every text of the workout as written (not unrolled): what it is, it, and where."""
    header = workout.header
    for key in ("name", "author", "description", "category", "subcategory"):
        value = getattr(header, key)
        if value is not None:
            yield key, value, header.span_of(key)
    for tag in header.tags:
        yield "tag", tag, header.span_of("tags")
    if workout.activation is not None:
        if workout.activation.label is not None:
            yield "label", workout.activation.label, workout.activation.span
        for exercise in workout.activation.exercises:
            yield "exercise", exercise.name, exercise.span
    yield from _node_texts(workout.body)


def _node_texts(nodes: Sequence[Node]) -> Iterator[tuple[str, str, Span | None]]:
    for node in nodes:
        if isinstance(node, Step):
            if node.label is not None:
                yield "label", node.label, node.span
            for cue in node.cues:
                yield "cue", cue.text, cue.span if cue.span is not None else node.span
        elif isinstance(node, Repeat):
            if node.label is not None:
                yield "label", node.label, node.span
            yield from _node_texts(node.body)
        else:
            yield from _node_texts(node.children)


def _count(value: int) -> str:
    """A count with thousands separators, or about 1.2e+30 when it runs off the line."""
    return f"{value:,}" if value < 10**15 else f"about {value:.1e}"


def _hours(seconds: int) -> str:
    """`25h30m`, or whole hours (`12,000 hours`) past a few days, or about 1e+80 hours."""
    if seconds <= 99 * 3600:
        return format_duration(seconds)
    return f"{_count(seconds // 3600)} hours"


def _crossing(workout: Workout, kind: str, limit: int) -> Node | None:
    """The first top-level node at which the running total passes `limit`."""
    running = 0
    for node in workout.body:
        running += getattr(_node(node, _Iterations(1, 1, 1), None), kind)
        if running > limit:
            return node
    return None


def _head(span: Span) -> Span:
    """The first word of the node's line (`repeat`, or the step's duration)."""
    text = span.source.text
    if text is None:
        return span
    end = span.start
    while end < span.end and not text[end].isspace() and text[end] not in ':"':
        end += 1
    return Span(span.source, span.start, max(end, span.start + 1))
