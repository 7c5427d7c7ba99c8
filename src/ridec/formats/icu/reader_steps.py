"""One intervals.icu step line into a model step (or a one-line repeat of one).

Values are held to the language's ranges (`ridec.facts`), so what is read prints as `.ride`
source that compiles. What ridec cannot ride is read the way the FIT reader reads it, each
with a located warning: a heart-rate, pace, mean-maximal-power or custom-zone target is
free riding with the target kept as the step's text; a distance is a lap-button step with
"Until 2 km"; `press lap` with a duration is a lap-button step (the duration was only the
builder's estimate). Where the text is ambiguous a warning says what ridec read: a range
high to low without `ramp` is a range, `60% to 80%` a ramp. Timed prompts are the step's
cues, each inside the step at its own second. Anything else that is no intervals.icu syntax
is a located error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ridec.diagnostics import Diagnostic, Severity, Source, Span
from ridec.facts import (
    CADENCE_RANGE,
    MAX_DURATION_S,
    PERCENT_LIMIT,
    WATTS_RANGE,
    ZONES,
    zone_target,
)
from ridec.formats.icu.stepline import Prompt, StepSyntax, Value
from ridec.formats.icu.syntax import (
    INTENSITIES,
    MAX_EFFORT_TEXT,
    OTHER_INTENSITIES,
    TEXT_JOINER,
    Kind,
    Line,
    Word,
    cadence_parts,
    distance_text,
    duration_seconds,
    intensity_word,
    number_text,
    power_parts,
    range_units_differ,
    repeat_count,
    zone_parts,
)
from ridec.model import (
    FREE,
    LAP,
    MAX,
    Cadence,
    Cue,
    DurationValue,
    Intensity,
    Node,
    Power,
    PowerUnit,
    Repeat,
    Step,
    Target,
    TargetKind,
)

MAX_COUNT = 500
"""The language's largest repeat count."""
_UNITS = {"%": PowerUnit.PERCENT, "w": PowerUnit.WATTS}
_KEPT = {
    "hr": "a heart-rate target",
    "lthr": "a heart-rate target",
    "pace": "a pace target",
    "mmp": "a mean-maximal-power target",
}
_PLACEHOLDERS = (("{i}", "(i)"), ("{n}", "(n)"))


@dataclass
class _Parts:
    """What one step line has said so far."""

    duration: DurationValue | None = None
    lap: bool = False
    target: Target | None = None
    cadence: Cadence | None = None
    intensity: Intensity = Intensity.ACTIVE
    texts: list[str] = field(default_factory=list)
    """Kept targets and distances, after the step's own text."""
    cues: list[Cue] = field(default_factory=list)
    """The timed prompts."""


@dataclass
class StepReader:
    """Reads step lines, collecting located errors and warnings."""

    source: Source
    """The normalized text, for spans."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Errors and warnings so far."""

    def span(self, line: Line, word: Word | None = None) -> Span:
        """The word's span, or the line's from its first character that is not a space."""
        if word is None:
            lead = len(line.text) - len(line.text.lstrip())
            return Span(self.source, line.start + lead, line.start + max(len(line.text), lead + 1))
        start = line.start + word.column
        return Span(self.source, start, start + len(word.text))

    def report(
        self,
        severity: Severity,
        line: Line,
        word: Word | None,
        message: str,
        hint: str | None = None,
    ) -> None:
        self.diagnostics.append(Diagnostic(severity, message, self.span(line, word), hint))

    def error(self, line: Line, word: Word | None, message: str, hint: str | None = None) -> None:
        self.report(Severity.ERROR, line, word, message, hint)

    def warn(self, line: Line, word: Word | None, message: str, hint: str | None = None) -> None:
        self.report(Severity.WARNING, line, word, message, hint)

    def text(self, line: Line, text: str) -> str:
        """`text` without `{i}`/`{n}`, which the language would fill in (with a warning)."""
        if "{" not in text or not any(p in text for p, _ in _PLACEHOLDERS):
            return text
        for placeholder, shown in _PLACEHOLDERS:
            text = text.replace(placeholder, shown)
        message = "`{i}` and `{n}` are ridec's repeat numbers: read as `(i)` and `(n)`"
        self.warn(line, None, message)
        return text

    def step(self, syntax: StepSyntax) -> Node | None:
        """The step (a repeat of it for `- 4x ...`), or None after an error."""
        errors = self.error_count()
        parts = _Parts()
        for value in syntax.values:
            self.value(syntax.line, value, parts)
        self.ramp_before_zone(syntax)
        self.check_ends(syntax, parts)
        self.prompts(syntax, parts)
        if self.error_count() > errors:
            return None
        step = self.build(syntax, parts)
        if syntax.count is None:
            return step
        count = repeat_count(syntax.count.text)
        if not 1 <= count <= MAX_COUNT:
            self.error(syntax.line, syntax.count, f"a repeat runs 1 to {MAX_COUNT} times")
            return None
        return Repeat(count, (step,), span=step.span)

    def ramp_before_zone(self, syntax: StepSyntax) -> None:
        """`ramp Z2-Z3`: a zone is no ramp's end (the guide ramps in % FTP or watts), so the
        zone's range is read, and `ramp` stays text; say so rather than ramp silently."""
        texts = sorted((*syntax.text, *syntax.after), key=lambda w: w.column)
        zones = [v.word for v in syntax.values if v.kind in (Kind.ZONE, Kind.ZONE_RANGE)]
        for zone in zones:
            before = [w for w in texts if w.column < zone.column]
            if before and before[-1].key.lower() == "ramp":
                rest = syntax.line.text[before[-1].column + len(before[-1].text) : zone.column]
                if not rest.strip():
                    message = f"`ramp {zone.text}` is read as the zone {zone.text}, not a ramp"
                    hint = "intervals.icu's guide ramps in % FTP or watts (`ramp 56-90%`)"
                    self.warn(syntax.line, zone, message, hint)

    def error_count(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    def check_ends(self, syntax: StepSyntax, parts: _Parts) -> None:
        """A step needs a duration, a distance or `press lap`; text among and after its
        values is its text ("whatever additional text you like"), but a number with a
        misspelt unit (`90rmp`, `10min`) is an error: intervals.icu would not read it."""
        if parts.duration is None and not parts.lap:
            message = "a step needs a duration (`10m`, `30s`), a distance (`2km`) or `press lap`"
            self.error(syntax.line, None, message, "intervals.icu steps read `- 10m 75%`")
        for word in syntax.after:
            hint = _typo_hint(word.text)
            if hint is not None:
                self.error(syntax.line, word, f"`{word.text}` is not intervals.icu syntax", hint)

    def prompts(self, syntax: StepSyntax, parts: _Parts) -> None:
        """The timed prompts as cues, each inside the step, at its own second."""
        seen: set[int] = set()
        for prompt in syntax.prompts:
            problem = self.prompt_problem(prompt, parts, seen)
            if problem is not None:
                start = syntax.line.start + prompt.marker.column
                span = Span(self.source, start, syntax.line.start + prompt.end)
                message, hint = problem
                self.diagnostics.append(Diagnostic(Severity.ERROR, message, span, hint))
                continue
            seen.add(prompt.seconds)
            text = self.text(syntax.line, prompt.message)
            span = self.span(syntax.line, prompt.marker)
            parts.cues.append(Cue(prompt.seconds, text, duration=prompt.shown, span=span))

    def prompt_problem(
        self, prompt: Prompt, parts: _Parts, seen: set[int]
    ) -> tuple[str, str] | None:
        """What is wrong with a timed prompt (message, hint), or None."""
        at = f"{prompt.seconds}^"
        if not prompt.message:
            return f"the timed prompt `{at}` has no text", "write it after the caret: `33^Go`"
        lasts = parts.duration
        if isinstance(lasts, int) and not parts.lap and prompt.seconds >= lasts:
            hint = "its seconds count from the step's start and must fall inside it"
            return f"the timed prompt at {prompt.seconds} s falls outside its step", hint
        if prompt.shown is not None and not 1 <= prompt.shown <= MAX_DURATION_S:
            return f"the timed prompt `{at}{prompt.shown}` shows for no time", "`60^30` is 30 s"
        if prompt.seconds in seen:
            return f"a second timed prompt at {prompt.seconds} s", "one prompt a second"
        return None

    def build(self, syntax: StepSyntax, parts: _Parts) -> Step:
        line = syntax.line
        texts = [" ".join(w.text for w in syntax.text), *parts.texts]
        texts.append(" ".join(w.text for w in syntax.after))
        kept = [self.text(line, text) for text in texts if text]
        target = parts.target or FREE
        if kept and target == FREE and not parts.texts and _max_effort(kept[0]):
            target, kept[0] = MAX, kept[0][len(MAX_EFFORT_TEXT) + len(TEXT_JOINER) :]
            kept = [text for text in kept if text]
        duration: DurationValue = LAP if parts.lap else parts.duration or LAP
        return Step(
            duration,
            target,
            parts.intensity,
            parts.cadence,
            label=TEXT_JOINER.join(kept) or None,
            cues=tuple(parts.cues),
            span=self.span(line),
        )

    def value(self, line: Line, value: Value, parts: _Parts) -> None:
        """Take one value into `parts`, reporting what is wrong with it."""
        kind = value.kind
        if kind in (Kind.DURATION, Kind.DISTANCE):
            self.length(line, value, parts)
        elif kind is Kind.PRESS_LAP:
            if parts.duration is not None and not parts.lap:
                self.lap_after_duration(line, value)
            parts.lap = True
        elif kind is Kind.CADENCE:
            self.cadence(line, value.word, parts)
        elif kind is Kind.INTENSITY:
            self.intensity(line, value.word, parts)
        elif parts.target is not None:
            self.error(line, value.word, "a second target", "a step has one target")
        else:
            self.target(line, value, parts)

    def length(self, line: Line, value: Value, parts: _Parts) -> None:
        if parts.duration is not None:
            self.error(line, value.word, "a second duration", "a step has one duration")
            return
        if value.kind is Kind.DISTANCE:
            distance = distance_text(value.word.key)
            parts.duration = LAP
            parts.lap = True
            parts.texts.append(f"Until {distance}")
            message = (
                f"a step that ends after a distance ({distance}) is read as a lap-button step "
                f"with the text 'Until {distance}'"
            )
            self.warn(line, value.word, message, "ridec's workouts are timed: press lap there")
            return
        seconds = duration_seconds(value.word.key) or 0
        parts.duration = seconds
        if not 1 <= seconds <= MAX_DURATION_S:
            self.error(line, value.word, "a step lasts 1 s to 24 h")
            return
        if parts.lap:
            self.lap_after_duration(line, value)
        parts.duration = seconds

    def lap_after_duration(self, line: Line, value: Value) -> None:
        message = "a step with `press lap` ends at the lap button: its duration is dropped"
        self.warn(line, value.word, message, "intervals.icu uses the duration as an estimate")

    def cadence(self, line: Line, word: Word, parts: _Parts) -> None:
        if parts.cadence is not None:
            self.error(line, word, "a second cadence", "a step has one cadence")
            return
        low, high = cadence_parts(word.key)
        lowest, highest = CADENCE_RANGE
        if not lowest <= low <= high <= highest:
            self.error(line, word, f"a cadence is {lowest} to {highest} rpm, the lower first")
            return
        parts.cadence = Cadence(low, high)

    def intensity(self, line: Line, word: Word, parts: _Parts) -> None:
        kind = intensity_word(word.key)
        if kind in INTENSITIES:
            parts.intensity = Intensity(kind)
        elif kind not in OTHER_INTENSITIES:
            hint = f"intervals.icu's kinds are {', '.join((*INTENSITIES, *OTHER_INTENSITIES))}"
            self.error(line, word, f"unknown intensity '{kind}'", hint)

    def target(self, line: Line, value: Value, parts: _Parts) -> None:
        """A power target, or a target ridec cannot ride kept as text."""
        qualifier = value.qualifier.text.lower() if value.qualifier else None
        if qualifier in _KEPT or value.kind in (Kind.HEART_RATE, Kind.PACE, Kind.CUSTOM_ZONE):
            self.kept(line, value, parts, _KEPT.get(qualifier or "", _kind_name(value.kind)))
        elif value.kind is Kind.FREERIDE:
            parts.target = FREE
        elif value.kind in (Kind.ZONE, Kind.ZONE_RANGE):
            parts.target = self.zone(line, value.word)
        else:
            ramp = value.kind in (Kind.RAMP, Kind.RAMP_TO)
            parts.target = self.power(line, value.word, ramp=ramp)
            if value.kind is Kind.RAMP_TO and parts.target is not None:
                written = " ".join(w.text for w in value.words)
                message = f"`{written}` is read as the ramp `ramp {value.word.key}`"
                hint = "intervals.icu's guide writes ramps with `ramp`; check it reads this so"
                self.warn(line, value.word, message, hint)

    def kept(self, line: Line, value: Value, parts: _Parts, what: str) -> None:
        written = " ".join(w.text for w in value.words)
        parts.texts.append(written)
        parts.target = FREE
        message = f"{what} ({written}) is read as free riding with '{written}' as its text"
        self.warn(line, value.word, message, "ridec's workouts aim at power")

    def zone(self, line: Line, word: Word) -> Target | None:
        low, high = zone_parts(word.key)
        if low not in ZONES or high not in ZONES or low > high:
            hint = f"power zones run from Z1 to Z{len(ZONES)}, the lower first"
            self.error(line, word, f"there is no power zone `{word.text}`", hint)
            return None
        if low == high:
            return zone_target(low)
        bottom, top = ZONES[low][0], ZONES[high][1]
        return Target(
            TargetKind.RANGE, Power(bottom, PowerUnit.PERCENT), Power(top, PowerUnit.PERCENT)
        )

    def power(self, line: Line, word: Word, *, ramp: bool) -> Target | None:
        if range_units_differ(word.key):
            self.error(line, word, "a range in two units", "write both ends in % or in watts")
            return None
        low, high, unit_text = power_parts(word.key)
        unit = _UNITS[unit_text]
        if not all(_power_ok(v, unit) for v in (low, high if high is not None else low)):
            self.error(line, word, f"`{word.text}` is out of range", _POWER_RANGE_HINT)
            return None
        if high is None or high == low:
            return Target(TargetKind.STEADY, Power(low, unit))
        if ramp:
            return Target(TargetKind.RAMP, Power(low, unit), Power(high, unit))
        if high < low:
            message = (
                f"`{word.text}` is a range written high to low: read as the range "
                f"{number_text(high)}-{number_text(low)}{unit_text}, as intervals.icu reads a "
                "range without `ramp`"
            )
            hint = f"for a ramp down write `ramp {word.key}`; for a range, the lower end first"
            self.warn(line, word, message, hint)
            low, high = high, low
        return Target(TargetKind.RANGE, Power(low, unit), Power(high, unit))


_POWER_RANGE_HINT = (
    f"% of FTP is above 0 and below {PERCENT_LIMIT:g}; watts are {WATTS_RANGE[0]} to "
    f"{WATTS_RANGE[1]}"
)


def _power_ok(value: float, unit: PowerUnit) -> bool:
    if unit is PowerUnit.PERCENT:
        return 0 < value < PERCENT_LIMIT
    return WATTS_RANGE[0] <= value <= WATTS_RANGE[1]


def _max_effort(text: str) -> bool:
    """Whether a free ride's text says it is a maximal effort, as ridec writes one."""
    return text == MAX_EFFORT_TEXT or text.startswith(MAX_EFFORT_TEXT + TEXT_JOINER)


def _kind_name(kind: Kind) -> str:
    return {
        Kind.HEART_RATE: "a heart-rate target",
        Kind.PACE: "a pace target",
        Kind.CUSTOM_ZONE: "a custom-zone target",
    }.get(kind, "a target")


_TYPOS = (("rmp", "rpm"), ("mins", "m"), ("min", "m"), ("secs", "s"), ("sec", "s"), ("%%", "%"))
_NUMBER = re.compile(r"\d{1,7}(?:\.\d{1,6})?(?:-\d{1,7}(?:\.\d{1,6})?)?", re.A)


def _typo_hint(word: str) -> str | None:
    """What a number with a misspelt unit (`90rmp`) was meant to be, or None for a word that
    is none."""
    lowered = word.lower().rstrip(",;")
    for typo, meant in _TYPOS:
        number = lowered[: -len(typo)]
        if lowered.endswith(typo) and _NUMBER.fullmatch(number):
            return f"did you mean `{number}{meant}`?"
    return None
