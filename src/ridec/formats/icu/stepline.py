"""An intervals.icu step line split into its parts: the count of a one-line repeat, the
step's text, its timed prompts, its values and the text among them.

How a line splits follows what coaches paste and the builder takes:

- Timed prompts (the guide's "Timed text prompts inside one step", and the builder's
  announcement of text events): `- First 33^Second <!> 10m 75%` shows "First" at the
  start and "Second" at 33 s; `60^30 Second` shows it for 30 s. Everything before `<!>`
  is text and prompts; without `<!>` a prompt's message ends where the values start
  (`- First 60^30 Second 10m 65%`, the announcement's own example).
- The step's text is what comes before its values, and the builder takes "whatever
  additional text you like" among and after them (`- 5m recovery at 40%`).
- A word that could be a value is text when the line says that value again later: in
  `- 90RPM 1m 90rpm` (a step made with the builder's "Add Step" dialog) or
  `- Z3 2m 83-94% LTHR` the first is the step's name. The values are the shortest tail of
  the line that names each of duration, target, cadence and intensity at most once and
  still holds the duration; the words before it are text. A tail that cannot be found so
  (`- 5m 80% 90%`), or that would leave only a bare duration before it (`- 5m 10m 80%`,
  a typo), leaves the values where they start, and the reader reports the second one.

One pass left to right groups words into values, one pass right to left finds the tail:
linear in the line.
"""

from __future__ import annotations

from ridec.formats.icu.syntax import (
    PROMPTS_END,
    TARGETS,
    Kind,
    Line,
    Word,
    duration_seconds,
    glued,
    is_count_word,
    kind_of,
    prompt_parts,
    words,
)
from ridec.records import record

_SLOTS = {
    Kind.DURATION: "length",
    Kind.DISTANCE: "length",
    Kind.PRESS_LAP: "lap",
    Kind.CADENCE: "cadence",
    Kind.INTENSITY: "intensity",
}
_QUALIFIED = (Kind.POWER, Kind.POWER_RANGE, Kind.ZONE, Kind.ZONE_RANGE, Kind.PACE, Kind.RAMP)


@record
class Value:
    """A value of a step: a duration, a target, a cadence, `press lap` ..."""

    kind: Kind
    """What it means."""
    word: Word
    """The word (for `ramp`, the range after it; for `press lap`, `press`)."""
    qualifier: Word | None = None
    """`HR`, `LTHR`, `Pace` or `MMP` after a target."""
    extra: tuple[Word, ...] = ()
    """Further words that belong to it: `ramp`, `lap`, the duration after `MMP`."""

    @property
    def words(self) -> tuple[Word, ...]:
        """Every word of the value, in line order."""
        found = (self.word, *self.extra, *((self.qualifier,) if self.qualifier else ()))
        return tuple(sorted(found, key=lambda w: w.column))

    @property
    def slot(self) -> str:
        """What it sets, of which a step has one: `length`, `target`, `cadence` ..."""
        return "target" if self.kind in TARGETS else _SLOTS.get(self.kind, self.kind.value)


@record
class Prompt:
    """A timed prompt: `33^Second prompt` or `60^30 Second`."""

    marker: Word
    """The `33^...` word."""
    seconds: int
    """When it shows, from the step's start."""
    shown: int | None
    """How long it shows (`60^30`), or None."""
    message: str
    """Its text."""
    end: int
    """The column after its last character."""


@record
class StepSyntax:
    """A step line split into its parts, before any value is checked."""

    line: Line
    """Where it is."""
    count: Word | None
    """`4x` of a one-line repeat (`- 4x 30s 120%`)."""
    text: tuple[Word, ...]
    """The words before the values and before any timed prompt: the step's text."""
    values: tuple[Value, ...]
    """The values, in line order."""
    after: tuple[Word, ...]
    """Words of text among and after the values."""
    prompts: tuple[Prompt, ...] = ()
    """Timed prompts, in line order."""


def split_step(line: Line) -> StepSyntax:
    """A step line (`line.is_step`) split into its count, text, prompts and values."""
    text = line.text
    dash = text.index("-")
    cut = text.rfind(PROMPTS_END)
    masked = text.replace(PROMPTS_END, " " * len(PROMPTS_END))
    if cut < 0:
        head, found = [], glued(words(masked, dash + 1), masked)
    else:
        head = words(masked[:cut], dash + 1)
        found = glued(words(masked, cut + len(PROMPTS_END)), masked)
    count = None
    first = head or found
    if len(head) + len(found) > 1 and is_count_word(first[0].text):
        count = first[0]
        head, found = (head[1:], found) if head else (head, found[1:])
    return split_words(line, count, found, head)


def split_words(
    line: Line, count: Word | None, found: list[Word], head: list[Word] | None = None
) -> StepSyntax:
    """The words of a step (after its dash and count) split into text, prompts, values and
    text; `head` are words before `<!>`, text and prompts whatever they say."""
    units = _units(found)
    start = _values_start(units)
    lead = [*(head or []), *(w for u in units[:start] for w in _words_of(u))]
    text, prompts = _prompts(lead)
    values = tuple(u for u in units[start:] if isinstance(u, Value))
    after = tuple(u for u in units[start:] if isinstance(u, Word))
    return StepSyntax(line, count, text, values, after, prompts)


def reads_as_step(text: str) -> bool:
    """Whether a line without its dash would be a whole step (`10m 75%`): a line that forgot
    its `- `, which the reader refuses rather than take as a section title."""
    found = glued(words(text), text)
    if not found or kind_of(found[0].key) not in (Kind.DURATION, Kind.DISTANCE):
        return False
    parts = split_words(Line(0, 0, text), None, found)
    return not parts.text and not parts.after and not parts.prompts


def _words_of(unit: Value | Word) -> tuple[Word, ...]:
    return unit.words if isinstance(unit, Value) else (unit,)


def _units(found: list[Word]) -> list[Value | Word]:
    """The words grouped left to right into values (`ramp 50-75%`, `press lap`, `60% MMP 5m`,
    `60% to 80%`) and words of text."""
    units: list[Value | Word] = []
    index = 0
    while index < len(found):
        word = found[index]
        following = found[index + 1].key if index + 1 < len(found) else None
        kind = kind_of(word.key, following)
        last = units[-1] if units else None
        if kind is Kind.QUALIFIER and isinstance(last, Value) and _takes_qualifier(last):
            next_word = found[index + 1] if index + 1 < len(found) else None
            units[-1], used = _qualified(last, word, next_word)
        elif kind in (Kind.TEXT, Kind.QUALIFIER):
            units.append(word)
            used = 1
        else:
            value, used = _value(kind, found, index)
            units.append(value)
        index += used
    return units


def _values_start(units: list[Value | Word]) -> int:
    """Where the step's values start: at its first value, or later when a value before
    the duration is said again after it (see the module's docstring)."""
    first = next((i for i, u in enumerate(units) if isinstance(u, Value)), len(units))
    seen: set[str] = set()
    conflict = -1
    for index in range(len(units) - 1, first - 1, -1):
        unit = units[index]
        if isinstance(unit, Value):
            if unit.slot in seen and unit.slot != "lap":
                conflict = index
                break
            seen.add(unit.slot)
    if conflict < 0:
        return first
    ends = [i for i, u in enumerate(units) if isinstance(u, Value) and u.slot in ("length", "lap")]
    start = next((i for i in range(conflict + 1, len(units)) if isinstance(units[i], Value)), None)
    if start is None or not ends or start > ends[-1]:
        return first
    before = units[first:start]
    if all(isinstance(u, Value) and u.slot == "length" for u in before):
        return first  # `- 5m 10m 80%`: a typo, reported as a second duration
    return start


def _prompts(lead: list[Word]) -> tuple[tuple[Word, ...], tuple[Prompt, ...]]:
    """The step's own text (before any timed prompt) and its timed prompts."""
    text: list[Word] = []
    prompts: list[Prompt] = []
    message: list[str] = []
    for word in lead:
        parts = prompt_parts(word.text)
        if parts is None:
            if prompts:
                message.append(word.text)
                prompts[-1] = _with(prompts[-1], message, word)
            else:
                text.append(word)
            continue
        seconds, shown, first = parts
        message = [first] if first else []
        end = word.column + len(word.text)
        prompts.append(Prompt(word, seconds, shown, " ".join(message), end))
    return tuple(text), tuple(prompts)


def _with(prompt: Prompt, message: list[str], word: Word) -> Prompt:
    end = word.column + len(word.text)
    return Prompt(prompt.marker, prompt.seconds, prompt.shown, " ".join(message), end)


def _takes_qualifier(value: Value) -> bool:
    return value.qualifier is None and value.kind in _QUALIFIED


def _qualified(value: Value, qualifier: Word, after: Word | None) -> tuple[Value, int]:
    """`value` with its qualifier, and the words taken: `MMP` takes the duration after it
    (`60% MMP 5m`)."""
    if qualifier.key.lower() == "mmp" and after is not None and duration_seconds(after.key):
        return Value(value.kind, value.word, qualifier, (*value.extra, after)), 2
    return Value(value.kind, value.word, qualifier, value.extra), 1


def _value(kind: Kind, found: list[Word], index: int) -> tuple[Value, int]:
    """The value starting at `found[index]` and how many words it takes."""
    word = found[index]
    if kind is Kind.RAMP:
        return Value(kind, found[index + 1], extra=(word,)), 2
    if kind is Kind.PRESS_LAP:
        return Value(kind, word, extra=(found[index + 1],)), 2
    if kind is Kind.POWER and index + 2 < len(found) and found[index + 1].key.lower() == "to":
        end = found[index + 2]
        if kind_of(end.key) is Kind.POWER:
            ramp = Word(word.text, word.column, f"{word.key}-{end.key}")
            return Value(Kind.RAMP_TO, ramp, extra=(found[index + 1], end)), 3
    return Value(kind, word), 1
