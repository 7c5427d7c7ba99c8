"""Step lines and the cues indented under them.

A step is read slot by slot, in the order the language fixes (intensity, duration, target,
cadence, flags, label), so an error can say what the slots still open would accept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial

from ridec.diagnostics import Diagnostic, Span, did_you_mean, error, has_errors
from ridec.language import checks
from ridec.language.context import ParseContext
from ridec.language.header import HEADER_KEYS
from ridec.language.layout import Block
from ridec.language.line_kind import LineKind
from ridec.language.tokens import LineError, Token, Tokenizer, describe
from ridec.language.traps import step_warnings
from ridec.language.values import (
    check_target,
    duration_seconds,
    no_duration,
    parse_cadence,
    parse_target,
    read_duration,
)
from ridec.model import (
    FREE,
    LAP,
    CadenceValue,
    Cue,
    DurationValue,
    Flag,
    Intensity,
    Node,
    OffsetValue,
    ParamKind,
    Step,
    TargetValue,
)

INTENSITIES = tuple(intensity.value for intensity in Intensity)
FLAGS = tuple(flag.value for flag in Flag)
STEP_WORDS = (*INTENSITIES, "lap", "repeat", "alternate", "activation", "let")
"""Words that may start a line in the body."""

CONTRADICTIONS = (
    frozenset({Flag.STANDING, Flag.SEATED}),
    frozenset({Flag.UPSTROKE, Flag.DOWNSTROKE}),
)
_CUE_EXAMPLE = '`@0:30 "text"`'


def checked_duration(token: Token, ctx: ParseContext, *, offset: bool = False) -> int:
    """The seconds of a duration token, its range checked."""
    seconds = duration_seconds(token, ctx.problems)
    ctx.report(checks.duration_problem(seconds, token.span, offset=offset))
    return seconds


NodesReader = Callable[[Sequence[Block], ParseContext], list[Node]]
"""The parser's reader of a block's lines as steps and blocks."""


def parse_step(block: Block, ctx: ParseContext, parse_nodes: NodesReader) -> Step | None:
    """step = step_line [INDENT cue+ DEDENT]

    When the line fails and its fix makes it a block (`x3:` read as `repeat 3:`), the lines
    under it are read as that block's steps (`parse_nodes`), not as cues, so they raise
    only their own errors.
    """
    step = ctx.attempt(partial(_parse_step_line, block, ctx), block.line, LineKind.NODE)
    if step is None and block.children and ctx.opened_block():
        ctx.orphans.extend(parse_nodes(block.children, ctx))
        return None
    cues = [
        ctx.attempt(partial(_parse_cue, child, ctx), child.line, LineKind.CUE)
        for child in block.children
    ]
    if step is None:
        return None
    return replace(step, cues=tuple(cue for cue in cues if cue is not None))


def _parse_step_line(block: Block, ctx: ParseContext) -> Step:
    """step_line = [INTENSITY] step_duration [target] [cadence] FLAG* [STRING]"""
    tok = ctx.tokens(block.line)
    known = len(ctx.problems)
    intensity = _parse_intensity(tok)
    duration = _parse_step_duration(tok, ctx, intensity is not None)
    head = Span(ctx.source, block.line.code_start, tok.position)
    written = tok.found() if check_target(tok) else None
    target = _parse_target(tok, ctx)
    cadence = _parse_cadence(tok, ctx)
    flags = _parse_flags(tok, ctx, _expected(target is None and cadence is None, cadence is None))
    label = ctx.label(tok)
    tok.expect_end(
        "the end of the step after its label",
        "the label comes last; put more words inside its quotes",
    )
    step = Step(
        duration,
        target or FREE,
        intensity or Intensity.ACTIVE,
        cadence,
        flags,
        label,
        span=ctx.span(block.line),
    )
    # A target given by reference is left alone; a line with an error is not warned about too.
    if (target is None or written is not None) and not has_errors(ctx.problems[known:]):
        ctx.problems.extend(step_warnings(step, head, written))
    return step


def _parse_intensity(tok: Tokenizer) -> Intensity | None:
    """INTENSITY = "warmup" | "active" | "interval" | "recovery" | "rest" | "cooldown" """
    if tok.check_word(*INTENSITIES):
        return Intensity(tok.read().text.lower())
    return None


def _parse_step_duration(tok: Tokenizer, ctx: ParseContext, after_intensity: bool) -> DurationValue:
    """step_duration = duration | "lap" | REF"""
    if tok.check_word("lap"):
        tok.read()
        return LAP
    if tok.check("REF"):
        return ctx.ref(tok.read())
    token = read_duration(tok)
    if token is None:
        raise _no_step_duration(tok, after_intensity)
    return checked_duration(token, ctx)


def _no_step_duration(tok: Tokenizer, after_intensity: bool) -> LineError:
    if after_intensity or not tok.check("NAME"):
        return no_duration(tok)
    word = tok.read()
    hint: str | None
    if word.text.lower() in FLAGS:
        hint = "a step starts with its duration: `4m 80% standing`"
    elif word.text.lower() in HEADER_KEYS:
        hint = f"a header line is written `{word.text.lower()}: ...`, at the top of the file"
    else:
        hint = did_you_mean(word.text, STEP_WORDS)
    expected = "an intensity, a duration, `repeat` or `alternate`"
    return LineError(error(f"unknown word '{word.text}': expected {expected}", word.span, hint))


def _parse_target(tok: Tokenizer, ctx: ParseContext) -> TargetValue | None:
    """target = POWER | RANGE | RAMP | ZONE | "free" | "max" | REF"""
    if check_target(tok):
        return parse_target(tok, ctx.problems)
    if tok.check("REF") and ctx.kinds.get(tok.found().text[1:]) is not ParamKind.CADENCE:
        return ctx.ref(tok.read())
    return None


def _parse_cadence(tok: Tokenizer, ctx: ParseContext) -> CadenceValue | None:
    """cadence = CADENCE | REF"""
    if tok.check("CADENCE"):
        return parse_cadence(tok, ctx.problems)
    if tok.check("REF"):
        return ctx.ref(tok.read())
    return None


def _expected(target_open: bool, cadence_open: bool) -> str:
    """What the step's open slots accept, as a message says it."""
    slots = ["a target"] * target_open + ["a cadence"] * cadence_open + ["a flag"]
    return ", ".join(slots) + ' or a "label"'


def _parse_flags(tok: Tokenizer, ctx: ParseContext, expected: str) -> tuple[Flag, ...]:
    """FLAG = "standing" | "seated" | "upstroke" | "downstroke" """
    flags: list[Flag] = []
    while not tok.at_end() and not tok.check("STRING"):
        if not tok.check("NAME"):
            raise _misplaced(tok, expected, cadence_open="cadence" in expected)
        word = tok.read()
        if word.text.lower() not in FLAGS:
            raise _unknown_word(word, tok.text[word.span.start : tok.end], expected)
        flag = Flag(word.text.lower())
        ctx.report(_flag_problem(flag, flags, word.span))
        flags.append(flag)
    return tuple(flags)


def _flag_problem(flag: Flag, flags: list[Flag], span: Span) -> Diagnostic | None:
    if flag in flags:
        return error(f"the flag `{flag}` is given twice", span, "remove one of them")
    for pair in CONTRADICTIONS:
        other = next((f for f in flags if f in pair and f is not flag), None)
        if flag in pair and other is not None:
            return error(
                f"`{flag}` contradicts `{other}`", span, "keep one of them, or split the step"
            )
    return None


def _unknown_word(word: Token, rest: str, expected: str) -> LineError:
    """A word that is no flag; `rest` is the line from it on, for the "quote it" hint."""
    lower = word.text.lower()
    if lower in ("free", "max") or (lower[:1] == "z" and lower[1:].isdigit()):
        hint: str | None = "the target goes right after the duration: `4m z2 90rpm`"
    elif lower in INTENSITIES:
        hint = f"the intensity goes first: `{lower} 4m 80%`"
    else:
        choices = FLAGS + (("free", "max") if "target" in expected else ())
        quoted = rest if '"' not in rest else word.text
        hint = did_you_mean(word.text, choices) or f'text goes in double quotes: `"{quoted}"`'
    return LineError(error(f"unknown word '{word.text}': expected {expected}", word.span, hint))


def _misplaced(tok: Tokenizer, expected: str, *, cadence_open: bool) -> LineError:
    """Something that is not a flag where flags go: usually a value in the wrong slot."""
    found = tok.found()
    hint: str | None = None
    if found.text.isascii() and found.text.isdigit():
        hint = f"add a unit: `{found.text}rpm`?" if cadence_open else None
    elif check_target(tok):
        hint = "the target goes right after the duration, before the cadence: `4m 80% 90rpm`"
    elif tok.check("CADENCE"):
        hint = "the cadence goes after the target" if cadence_open else "a step has one cadence"
    elif read_duration(tok) is not None:
        hint = "a step has one duration; put each step on its own line"
    elif found.text.startswith("$"):
        hint = (
            "a `$name` stands right after the duration (a target) or after the target (a cadence)"
        )
    return LineError(error(f"expected {expected}, found {describe(found)}", found.span, hint))


def _parse_cue(block: Block, ctx: ParseContext) -> Cue:
    """cue = "@" ["-"] offset ["for" offset] STRING"""
    tok = ctx.tokens(block.line)
    ctx.no_children(block, "a cue")
    if not tok.check("AT"):
        span = Span(ctx.source, block.line.start, block.line.code_start)
        message = f"unexpected indentation: a step holds only its cues, such as {_CUE_EXAMPLE}"
        raise LineError(error(message, span, "un-indent this line to make it a step of its own"))
    tok.read()
    from_end = tok.check("MINUS")
    if from_end:
        tok.read()
    offset = _parse_offset(tok, ctx, offset=True)
    shown = None
    if tok.check_word("for"):
        tok.read()
        shown = _parse_offset(tok, ctx, offset=False)
    text = tok.expect(
        "STRING", "the cue's text in double quotes", f"write the cue as {_CUE_EXAMPLE}"
    )
    tok.expect_end("the end of the cue after its text")
    return Cue(offset, ctx.text(text), from_end, shown, ctx.span(block.line))


def _parse_offset(tok: Tokenizer, ctx: ParseContext, *, offset: bool) -> OffsetValue:
    """offset = duration | REF"""
    if tok.check("REF"):
        return ctx.ref(tok.read())
    token = read_duration(tok)
    if token is None:
        raise no_duration(tok)
    return checked_duration(token, ctx, offset=offset)
