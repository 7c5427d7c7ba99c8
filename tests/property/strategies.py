"""Hypothesis strategies for random valid workouts, as models and as `.ride` source text.

Shared by the property tests of every stage. The main entry points:

- `workouts(...)`: bound, valid `Workout` models (no `Ref` left) within ridec's limits
  (`within_limits`, which local strategies apply too), which every check accepts
  and `print_workout` writes back exactly: nested repeats, alternates (inside repeats only),
  steady/range/zone/ramp/free/max targets in % and, when the header has an FTP, in watts,
  cadences, flags, labels and cues (with `{i}`/`{n}` only inside repeats), lap steps,
  an activation routine and `let` parameters (declared, with values, unreferenced).
  The first top-level node is always a step, so a repeat of 0 never empties a workout.
- `sources()`: `(text, workout)` pairs where `bind(parse(text)) == workout`; the text is
  spelled the way coaches type: mixed-case keywords and units, clock durations (`1:30`),
  `3x:` repeats, `75%-85%` ranges, extra spaces, 2-4 space indentation, comments, blank
  lines, CRLF line ends, and values moved into `let` parameters used as `$name`.
- Building blocks: `texts`, `durations`, `powers`, `targets`, `cadences`, `steps`, `headers`.

Options keep other targets' tests focused: `ftp=True/False` forces or forbids a header FTP
(without one every power is in %), `ascii_text=True` keeps text ASCII, `fractional=False`
keeps powers whole, `lap_steps`/`cues`/`activation` switch those parts off, `max_depth`
bounds repeat nesting and `max_nodes` the length of each block.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from hypothesis import strategies as st

from ridec.facts import ZONES, zone_target
from ridec.language.printer import format_number, format_text
from ridec.language.tokens import quote
from ridec.limits import size_problems
from ridec.model import (
    FREE,
    LAP,
    MAX,
    Activation,
    Alternate,
    Cadence,
    Cue,
    DurationValue,
    Exercise,
    Flag,
    Header,
    Intensity,
    Node,
    Param,
    ParamKind,
    ParamValue,
    Power,
    PowerUnit,
    Repeat,
    Step,
    Target,
    TargetKind,
    Workout,
    format_duration,
)

__all__ = [
    "Options",
    "cadences",
    "durations",
    "headers",
    "powers",
    "sources",
    "steps",
    "targets",
    "texts",
    "within_limits",
    "workouts",
]

_WORDS = ("Hands", "core", "feet", "spin", "Easy", "Hold it", "Sit down", "go", "Z2", "max")
_SPECIAL = ('"', "\\", "#", ":", "{", "}", "&", "<", ">", "'", ",", "%", "@", "$", "-", "->")
_UNICODE = ("é", "ß", "→", "🚴", "日本", "Ω")


@dataclass(frozen=True, slots=True)
class Options:
    """What a generated workout may contain."""

    watts: bool = True
    """Whether powers may be in watts (only when the header has an FTP)."""
    ascii_text: bool = False
    """Keep labels, cues and header text ASCII."""
    fractional: bool = True
    """Allow % powers with one decimal (`72.5%`)."""
    lap_steps: bool = True
    """Allow steps that end at the lap button."""
    cues: bool = True
    """Allow cues under steps."""
    max_depth: int = 2
    """How deep repeats may nest."""
    max_nodes: int = 4
    """The most nodes in one block (the top level gets twice as many)."""


def _phrases(pieces: Sequence[str]) -> list[str]:
    """Every piece alone, and pairs and triples of them: a fixed, varied list to sample."""
    n = len(pieces)
    pairs = [f"{pieces[i]} {pieces[(i * 7 + 3) % n]}" for i in range(n)]
    triples = [f"{pieces[i]} {pieces[(i * 5 + 1) % n]} {pieces[(i * 3 + 2) % n]}" for i in range(n)]
    return [*pieces, *pairs, *triples]


_ASCII_PHRASES = _phrases([*_WORDS, *_SPECIAL])
_PHRASES = _phrases([*_WORDS, *_SPECIAL, *_UNICODE])

# Strategy factories are cached: building and validating a strategy costs far more than
# drawing from it, and the nested composites below would otherwise rebuild theirs per draw.


@cache
def texts(*, ascii_text: bool = False, placeholders: bool = False) -> st.SearchStrategy[str]:
    """One-line text for labels and cues: words with quotes, backslashes, `#` and the like.

    Sampled from a fixed list (one draw each keeps generation fast). `placeholders=True` may
    add `{i}`/`{n}` (only valid inside a repeat).
    """
    phrases = st.sampled_from(_ASCII_PHRASES if ascii_text else _PHRASES)
    if not placeholders:
        return phrases
    suffix = st.sampled_from(["", "", " {i}", " {i}/{n}", " ({n})"])
    return st.tuples(phrases, suffix).map("".join)


@cache
def durations(*, longest: int = 3600) -> st.SearchStrategy[int]:
    """Step durations in whole seconds, common values favoured."""
    common = st.sampled_from([30, 45, 60, 90, 120, 180, 240, 300, 600])
    return st.one_of(common, st.integers(1, longest))


@cache
def powers(unit: PowerUnit, *, fractional: bool = True) -> st.SearchStrategy[Power]:
    """One power: 1-400 % (halves allowed) or 50-1000 W."""
    if unit is PowerUnit.WATTS:
        return st.integers(50, 1000).map(lambda w: Power(w, unit))
    halves = st.integers(2, 800).map(lambda h: h / 2 if h % 2 else h // 2)
    value = halves if fractional else st.integers(1, 400)
    return value.map(lambda v: Power(v, unit))


_TARGET_KINDS = st.sampled_from(["steady", "range", "zone", "ramp", "free", "max"])
_ZONE_TARGETS = st.sampled_from([zone_target(zone) for zone in sorted(ZONES)])


@cache
def targets(
    units: tuple[PowerUnit, ...] = (PowerUnit.PERCENT,), *, fractional: bool = True
) -> st.SearchStrategy[Target]:
    """Any target kind, in one of `units`; ranges go up, ramps either way."""
    pair = st.sampled_from(units).flatmap(
        lambda unit: st.lists(
            powers(unit, fractional=fractional), min_size=2, max_size=2, unique=True
        )
    )
    return _TARGET_KINDS.flatmap(lambda kind: _target(kind, pair))


def _target(kind: str, pair: st.SearchStrategy[list[Power]]) -> st.SearchStrategy[Target]:
    if kind in ("free", "max"):
        return st.just(FREE if kind == "free" else MAX)
    if kind == "zone":
        return _ZONE_TARGETS
    if kind == "steady":
        return pair.map(lambda p: Target(TargetKind.STEADY, p[0]))
    if kind == "ramp":
        return pair.map(lambda p: Target(TargetKind.RAMP, p[0], p[1]))
    ordered = pair.map(lambda p: sorted(p, key=lambda power: power.value))
    return ordered.map(lambda p: Target(TargetKind.RANGE, p[0], p[1]))


_RPM = st.integers(20, 250)
cadences: st.SearchStrategy[Cadence] = st.one_of(
    _RPM.map(lambda rpm: Cadence(rpm, rpm)),
    st.lists(_RPM, min_size=2, max_size=2, unique=True).map(lambda b: Cadence(min(b), max(b))),
)
"""A single cadence or a band, 20-250 rpm."""

_POSTURES = (Flag.STANDING, Flag.SEATED)
_STROKES = (Flag.UPSTROKE, Flag.DOWNSTROKE)
_FLAGS = st.sampled_from(
    [(), *((flag,) for flag in Flag), *((p, s) for p in _POSTURES for s in _STROKES)]
)
"""No flag, one, or a posture with a stroke (never standing with seated)."""
_INTENSITIES = st.sampled_from(list(Intensity))
_CUE_SHOWN = st.none() | st.integers(1, 60)


@cache
def steps(options: Options = Options(), *, in_repeat: bool = False) -> st.SearchStrategy[Step]:
    """One valid step with its cues inside it, none sharing a second."""
    return _step(options, in_repeat)


@st.composite
def _step(draw: st.DrawFn, options: Options, in_repeat: bool) -> Step:
    units = (PowerUnit.PERCENT, PowerUnit.WATTS) if options.watts else (PowerUnit.PERCENT,)
    duration: DurationValue = draw(durations())
    if options.lap_steps and draw(st.integers(0, 9)) == 0:
        duration = LAP
    text = texts(ascii_text=options.ascii_text, placeholders=in_repeat)
    return Step(
        duration,
        draw(targets(units, fractional=options.fractional)),
        draw(_INTENSITIES),
        draw(st.none() | cadences),
        draw(_FLAGS),
        draw(st.none() | text),
        draw(_cues(duration, text)) if options.cues else (),
    )


@st.composite
def _cues(
    draw: st.DrawFn, duration: DurationValue, text: st.SearchStrategy[str]
) -> tuple[Cue, ...]:
    """Up to three cues at distinct seconds inside the step, from its start or its end."""
    latest = duration - 1 if isinstance(duration, int) else 3600
    seconds = draw(st.lists(st.integers(0, latest), max_size=3, unique=True))
    cues = []
    for at_s in seconds:
        if isinstance(duration, int) and draw(st.booleans()):
            cues.append(Cue(duration - at_s, draw(text), True, draw(_CUE_SHOWN)))
        else:
            cues.append(Cue(at_s, draw(text), False, draw(_CUE_SHOWN)))
    return tuple(cues)


@cache
def _node(options: Options, depth: int, in_repeat: bool) -> st.SearchStrategy[Node]:
    """A step, or (while depth allows) a repeat, or inside a repeat an alternate."""
    choices: list[st.SearchStrategy[Node]] = [steps(options, in_repeat=in_repeat)] * 3
    if depth < options.max_depth:
        inner = _node(options, depth + 1, True)
        body = st.lists(inner, min_size=1, max_size=options.max_nodes).map(tuple)
        label = st.none() | texts(ascii_text=options.ascii_text, placeholders=True)
        choices.append(st.builds(Repeat, st.integers(0, 4), body, label))
        if in_repeat:
            children = st.lists(inner, min_size=2, max_size=3).map(tuple)
            choices.append(st.builds(Alternate, children))
    return st.one_of(choices)


@st.composite
def headers(draw: st.DrawFn, *, ftp: bool | None = None, ascii_text: bool = False) -> Header:
    """Header metadata; `ftp` True/False forces or forbids an FTP."""
    text = texts(ascii_text=ascii_text)
    has_ftp = draw(st.booleans()) if ftp is None else ftp
    tag = st.sampled_from(
        ["technique", "back pain", "z2", "sweet-spot", "A&B" if ascii_text else "é"]
    )
    return Header(
        name=draw(text),
        author=draw(st.none() | text),
        description=draw(st.none() | st.lists(text, min_size=1, max_size=3).map("\n".join)),
        tags=tuple(draw(st.lists(tag, max_size=3))),
        ftp=draw(st.integers(50, 2000)) if has_ftp else None,
        category=draw(st.none() | text),
        subcategory=draw(st.none() | text),
    )


@cache
def _activation(ascii_text: bool) -> st.SearchStrategy[Activation]:
    text = texts(ascii_text=ascii_text)
    counted = st.builds(Exercise, text, reps=st.integers(1, 50), each_side=st.booleans())
    timed = st.builds(Exercise, text, duration=st.integers(1, 300))
    exercises = st.lists(counted | timed, min_size=1, max_size=4).map(tuple)
    return st.builds(Activation, exercises, st.none() | text)


def param_values(kind: ParamKind) -> st.SearchStrategy[ParamValue]:
    """Values a `let` of `kind` may hold."""
    if kind is ParamKind.COUNT:
        return st.integers(0, 500)
    if kind is ParamKind.DURATION:
        return durations()
    return targets() if kind is ParamKind.TARGET else cadences


_PARAM_NAMES = st.lists(
    st.sampled_from(["reps", "on", "Off", "cad", "x-1", "b_2"]), max_size=3, unique=True
)
_PARAM_KINDS = st.sampled_from(list(ParamKind))


@st.composite
def _params(draw: st.DrawFn) -> tuple[Param, ...]:
    made = []
    for name in draw(_PARAM_NAMES):
        kind = draw(_PARAM_KINDS)
        made.append(Param(name, kind, draw(param_values(kind))))
    return tuple(made)


def within_limits(workout: Workout) -> bool:
    """Whether the workout unrolls within ridec's limits (24 h, 100,000 steps ...): what a
    valid workout is, so every strategy of workouts keeps only those."""
    return not size_problems(workout)


def workouts(
    *,
    ftp: bool | None = None,
    ascii_text: bool = False,
    fractional: bool = True,
    lap_steps: bool = True,
    cues: bool = True,
    activation: bool = True,
    max_depth: int = 2,
    max_nodes: int = 4,
) -> st.SearchStrategy[Workout]:
    """A bound, valid workout within ridec's limits (see the module docstring for what it
    may hold)."""
    drawn = _workouts(
        ftp=ftp,
        ascii_text=ascii_text,
        fractional=fractional,
        lap_steps=lap_steps,
        cues=cues,
        activation=activation,
        max_depth=max_depth,
        max_nodes=max_nodes,
    )
    return drawn.filter(within_limits)


@st.composite
def _workouts(
    draw: st.DrawFn,
    *,
    ftp: bool | None,
    ascii_text: bool,
    fractional: bool,
    lap_steps: bool,
    cues: bool,
    activation: bool,
    max_depth: int,
    max_nodes: int,
) -> Workout:
    header = draw(headers(ftp=ftp, ascii_text=ascii_text))
    watts = header.ftp is not None
    options = Options(watts, ascii_text, fractional, lap_steps, cues, max_depth, max_nodes)
    first = draw(steps(options))
    rest = draw(st.lists(_node(options, 0, False), max_size=2 * max_nodes - 1))
    routine = draw(st.none() | _activation(ascii_text)) if activation else None
    return Workout(header, (first, *rest), draw(_params()), routine)


def sources(
    models: st.SearchStrategy[Workout] | None = None,
) -> st.SearchStrategy[tuple[str, Workout]]:
    """`(text, workout)` with `bind(parse(text)) == workout`, spelled in varied ways.

    `models` picks the workouts to spell (default: `workouts()`).
    """
    return (models or workouts()).flatmap(_spelled)


@st.composite
def _spelled(draw: st.DrawFn, workout: Workout) -> tuple[str, Workout]:
    speller = _Speller(draw)
    text, params = speller.workout(workout)
    return text, replace(workout, params=params)


class _Speller:
    """Writes a workout the way a coach might type it; values may move into `let` lines."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.indent = draw(st.integers(2, 4))
        self.lines: list[str] = []
        self.params: list[Param] = []

    def maybe(self, chance: float = 0.5) -> bool:
        return self.draw(st.integers(0, 999)) < chance * 1000

    def word(self, word: str) -> str:
        return self.draw(st.sampled_from([word, word.upper(), word.title()]))

    def join(self, parts: Sequence[str]) -> str:
        return "".join(p + " " * self.draw(st.integers(1, 3)) for p in parts[:-1]) + parts[-1]

    def emit(self, depth: int, parts: Sequence[str]) -> None:
        if self.maybe(0.1):
            self.lines.append("")
        if self.maybe(0.1):
            self.lines.append(" " * self.draw(st.integers(0, 6)) + "# " + self.draw(texts()))
        comment = "  # " + self.draw(texts()) if self.maybe(0.15) else ""
        self.lines.append(" " * (self.indent * depth) + self.join(parts) + comment)

    def param(self, kind: ParamKind, value: ParamValue, chance: float = 0.12) -> str | None:
        """Sometimes move a value into a new `let`, returning the `$name` that replaces it."""
        if not self.maybe(chance):
            return None
        name = f"p{len(self.params)}"
        self.params.append(Param(name, kind, value))
        return f"${name}"

    def workout(self, workout: Workout) -> tuple[str, tuple[Param, ...]]:
        self.header(workout.header)
        own = list(workout.params)
        body_start = len(self.lines)
        if workout.activation is not None:
            self.activation(workout.activation)
        for node in workout.body:
            self.node(0, node)
        lets = [self.let(p) for p in [*own, *self.params]]
        at = self.draw(st.sampled_from([body_start, len(self.lines)]))
        self.lines[at:at] = lets
        ending = self.draw(st.sampled_from(["\n", "\r\n"]))
        return ending.join(self.lines) + ending, (*own, *self.params)

    def let(self, param: Param) -> str:
        return self.join([self.word("let"), param.name, "=", self.value(param.kind, param.value)])

    def value(self, kind: ParamKind, value: ParamValue) -> str:
        if isinstance(value, Target):
            return self.target(value)
        if isinstance(value, Cadence):
            return self.cadence(value)
        return str(value) if kind is ParamKind.COUNT else self.duration(value)

    def header(self, header: Header) -> None:
        fields = {
            "name": header.name,
            "author": header.author,
            "tags": ", ".join(header.tags) if header.tags else None,
            "ftp": str(header.ftp) if header.ftp is not None else None,
            "category": header.category,
            "subcategory": header.subcategory,
        }
        for key, value in fields.items():
            if value is not None:
                self.emit(0, [self.word(key) + ":", self.text(value, quoted=key != "ftp")])
        if header.description is not None:
            first, *rest = header.description.split("\n")
            self.emit(0, [self.word("description") + ":", self.text(first)])
            for line in rest:
                self.emit(1, [self.text(line)])

    def text(self, text: str, *, quoted: bool = True) -> str:
        bare = format_text(text)
        return quote(text) if quoted and self.maybe(0.3) else bare

    def activation(self, activation: Activation) -> None:
        label = [quote(activation.label)] if activation.label is not None else []
        self.emit(0, [self.word("activation"), *label, ":"])
        for exercise in activation.exercises:
            if exercise.reps is not None:
                amount = [
                    str(exercise.reps),
                    self.word(self.draw(st.sampled_from(["reps", "rep"]))),
                ]
                amount += [self.word("each"), self.word("side")] if exercise.each_side else []
            else:
                amount = [self.duration(exercise.duration or 1)]
            self.emit(1, [quote(exercise.name), *amount])

    def node(self, depth: int, node: Node) -> None:
        if isinstance(node, Step):
            self.step(depth, node)
        elif isinstance(node, Alternate):
            self.emit(depth, [self.word("alternate") + ":"])
            for child in node.children:
                self.node(depth + 1, child)
        else:
            label = [quote(node.label)] if node.label is not None else []
            assert isinstance(node.count, int)
            ref = self.param(ParamKind.COUNT, node.count)
            if ref is None and self.maybe(0.3):
                self.emit(depth, [f"{node.count}{self.word('x')}", *label, ":"])
            else:
                self.emit(depth, [self.word("repeat"), ref or str(node.count), *label, ":"])
            for child in node.body:
                self.node(depth + 1, child)

    def step(self, depth: int, step: Step) -> None:
        parts = []
        if step.intensity is not Intensity.ACTIVE or self.maybe(0.2):
            parts.append(self.word(step.intensity.value))
        if isinstance(step.duration, int):
            parts.append(
                self.param(ParamKind.DURATION, step.duration) or self.duration(step.duration)
            )
        else:
            parts.append(self.word("lap"))
        assert isinstance(step.target, Target)
        if step.target.kind is not TargetKind.FREE or self.maybe(0.2):
            parts.append(self.param(ParamKind.TARGET, step.target) or self.target(step.target))
        if isinstance(step.cadence, Cadence):
            parts.append(self.param(ParamKind.CADENCE, step.cadence) or self.cadence(step.cadence))
        parts += [self.word(flag.value) for flag in step.flags]
        parts += [quote(step.label)] if step.label is not None else []
        self.emit(depth, parts)
        for cue in step.cues:
            self.cue(depth + 1, cue)

    def cue(self, depth: int, cue: Cue) -> None:
        assert isinstance(cue.offset, int)
        ref = self.param(ParamKind.DURATION, cue.offset) if cue.offset >= 1 else None
        parts = [f"@{'-' if cue.from_end else ''}{ref or self.duration(cue.offset)}"]
        if isinstance(cue.duration, int):
            shown = self.param(ParamKind.DURATION, cue.duration) or self.duration(cue.duration)
            parts += [self.word("for"), shown]
        self.emit(depth, [*parts, quote(cue.text)])

    def duration(self, seconds: int) -> str:
        minutes, secs = divmod(seconds, 60)
        hours, mins = divmod(minutes, 60)
        forms = [
            format_duration(seconds),
            f"{minutes}:{secs:02d}",
            f"{hours}:{mins:02d}:{secs:02d}",
        ]
        forms += [f"{seconds}s"] + ([f"{minutes}min"] if secs == 0 and minutes else [])
        return self.word(self.draw(st.sampled_from(forms)))

    def power(self, power: Power) -> str:
        return format_number(power.value) + self.word(power.unit.value)

    def target(self, target: Target) -> str:
        low, high = target.low, target.high
        if target.zone is not None:
            return self.word(f"z{target.zone}")
        if low is None:
            return self.word(target.kind.value)
        if high is None:
            return self.power(low)
        first = self.power(low) if self.maybe() else format_number(low.value)
        return first + ("-" if target.kind is TargetKind.RANGE else "->") + self.power(high)

    def cadence(self, cadence: Cadence) -> str:
        band = f"{cadence.low}-{cadence.high}" if cadence.is_range else str(cadence.low)
        return band + self.word("rpm")
