"""The `.ride` grammar: one `_parse_<rule>` function per rule, whose docstring is the rule.

Each line is read by one rule; a problem on a line is reported and reading resumes at the
next line (the lines under a bad block line are still read), so one run reports every
error. The result is a `Document`: the model with spans on every node, plus what the
formatter needs to put comments back.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from ridec.diagnostics import Diagnostic, Source, Span, did_you_mean, error
from ridec.facts import COUNT_RANGE
from ridec.language import checks, header, steps
from ridec.language.context import ParseContext, first_word
from ridec.language.layout import Block, build_blocks
from ridec.language.line_kind import LineKind
from ridec.language.tokens import Line, LineError, Tokenizer, split_lines
from ridec.language.values import DURATION_EXAMPLE, parse_any_value, parse_count, read_duration
from ridec.model import (
    Activation,
    Alternate,
    CountValue,
    Exercise,
    Node,
    Param,
    Repeat,
    Workout,
)
from ridec.records import record


@record
class Document:
    """A parsed file: the model, its lines (with comments) and every problem found."""

    workout: Workout
    """The model, references unbound."""
    lines: tuple[Line, ...]
    """Every physical line, comments included."""
    header_lines: dict[str, Line]
    """The line each header key was written on."""
    problems: tuple[Diagnostic, ...]
    """Every syntax and range problem, in source order."""
    orphans: tuple[Node, ...] = ()
    """Nodes under block lines that failed: not in the model, but still checked."""
    broken_names: frozenset[str] = frozenset()
    """Parameters whose `let` line failed: their uses are not reported as undeclared."""


def parse_document(source: Source, default_name: str, *, coach: bool = True) -> Document:
    """Read a whole `.ride` source; `coach` adds hints for coaches' habits to errors."""
    lines, problems = split_lines(source)
    blocks, layout_problems = build_blocks(source, lines)
    ctx = ParseContext(source, [*problems, *layout_problems], coach=coach)
    workout = _parse_workout(blocks, ctx, default_name)
    found = checks.sorted_problems(ctx.problems)
    orphans = tuple(ctx.orphans)
    broken = frozenset(ctx.broken_names)
    return Document(workout, tuple(lines), ctx.header_lines, tuple(found), orphans, broken)


def _parse_workout(blocks: Sequence[Block], ctx: ParseContext, default_name: str) -> Workout:
    """workout = header_line* (let | activation | node)*"""
    count = 0
    while count < len(blocks) and _in_header(ctx, blocks[count]):
        count += 1
    head = header.parse_header(blocks[:count], ctx, default_name)
    rest = blocks[count:]
    params = _parse_params(rest, ctx)
    activation, body = _parse_statements(rest, ctx)
    span = Span(ctx.source, 0, len(ctx.source.text or ""))
    return Workout(head, tuple(body), params, activation, span)


def _in_header(ctx: ParseContext, block: Block) -> bool:
    """Whether a line continues the header (a `key: value` line, or one without its colon)."""
    return header.is_header_line(ctx.source, block.line) or header.lacks_colon(
        ctx.source, block.line
    )


def _parse_params(blocks: Sequence[Block], ctx: ParseContext) -> tuple[Param, ...]:
    """Every top-level `let`, read before the steps so a `$name` knows its kind."""
    params: dict[str, Param] = {}
    for block in blocks:
        if first_word(ctx.source, block.line) == "let":
            param = ctx.attempt(partial(_parse_let, block, ctx, params), block.line, LineKind.LET)
            if param is not None:
                params[param.name] = param
                ctx.kinds[param.name] = param.kind
            elif _let_name(ctx, block) not in params:
                ctx.broken_names.add(_let_name(ctx, block))
    return tuple(params.values())


def _let_name(ctx: ParseContext, block: Block) -> str:
    """The name a `let` line declares, as far as it can be read."""
    tok = ctx.tokens(block.line)
    tok.expect_word("let", "`let`")
    return tok.read().text.lstrip("$") if tok.check("NAME") or tok.check("REF") else ""


def _parse_let(block: Block, ctx: ParseContext, declared: dict[str, Param]) -> Param:
    """let = "let" NAME "=" value"""
    tok = ctx.tokens(block.line)
    ctx.no_children(block, "a `let` line")
    tok.expect_word("let", "`let`")
    if tok.check("REF"):
        ref = tok.read()
        hint = f"write `let {ref.text[1:]} = ...`"
        raise LineError(error("a parameter is declared without `$`", ref.span, hint))
    name_token = tok.expect("NAME", "a parameter name such as `reps`")
    if name_token.text in declared:
        first = declared[name_token.text].span
        line = first.source.line_col(first.start)[0] if first else 0
        hint = f"it is first declared on line {line}; remove one of them"
        raise LineError(error(f"`{name_token.text}` is declared twice", name_token.span, hint))
    tok.expect("EQUALS", "`=` after the parameter's name", "write `let NAME = VALUE`")
    kind, value = parse_any_value(tok, ctx.problems)
    tok.expect_end("the end of the line after the value")
    return Param(name_token.text, kind, value, ctx.span(block.line))


def _parse_statements(
    blocks: Sequence[Block], ctx: ParseContext
) -> tuple[Activation | None, list[Node]]:
    """statement = let | activation | node      (the header is over)"""
    activation: Activation | None = None
    body: list[Node] = []
    for block in blocks:
        word = first_word(ctx.source, block.line)
        if word == "let":
            continue
        if word == "activation":
            found = _parse_activation(block, ctx)
            if activation is not None and found is not None:
                hint = "put all the exercises in one `activation` block"
                ctx.report(error("a second `activation` block", _head(ctx, block), hint))
            activation = activation or found
        elif header.is_header_line(ctx.source, block.line):
            ctx.report(ctx.explained(_late_header(ctx, block), block.line, LineKind.NODE))
        else:
            body.extend(_parse_nodes([block], ctx))
    return activation, body


def _late_header(ctx: ParseContext, block: Block) -> Diagnostic:
    key = header.header_key(ctx.source, block.line)
    span = _head(ctx, block)
    if key in header.HEADER_KEYS:
        hint = "move it up with the other header lines"
        return error("a header line after the first `let`, `activation` or step", span, hint)
    suggestion = did_you_mean(key, (*header.STATEMENT_WORDS, *steps.STEP_WORDS))
    return error(f"unknown word '{key}': expected a step or a block", span, suggestion)


def _head(ctx: ParseContext, block: Block) -> Span:
    return checks.head(ctx.span(block.line))


def _parse_activation(block: Block, ctx: ParseContext) -> Activation | None:
    """activation = "activation" [STRING] ":" INDENT exercise+ DEDENT"""
    label = ctx.attempt(partial(_parse_opener, block, ctx, "activation"))
    exercises = [
        ctx.attempt(partial(_parse_exercise, child, ctx), child.line, LineKind.EXERCISE)
        for child in block.children
    ]
    if not block.children:
        ctx.report(_empty_block(ctx, block, "`activation`", '`"Glute bridge" 15 reps`'))
    if label is None:
        return None
    found = tuple(exercise for exercise in exercises if exercise is not None)
    return Activation(found, label[0], ctx.span(block.line))


def _parse_opener(block: Block, ctx: ParseContext, keyword: str) -> tuple[str | None]:
    """opener = KEYWORD [STRING] ":"      (a block line without a count)"""
    tok = ctx.tokens(block.line)
    tok.expect_word(keyword, f"`{keyword}`")
    label = ctx.label(tok) if keyword != "alternate" else None
    _expect_colon(tok, keyword)
    return (label,)


def _expect_colon(tok: Tokenizer, what: str) -> None:
    """The `:` that ends a line opening a block."""
    hint = "a line that opens a block ends with `:`"
    tok.expect("COLON", f"`:` at the end of the {what} line", hint)
    tok.expect_end(f"the end of the {what} line after `:`")


def _empty_block(ctx: ParseContext, block: Block, what: str, example: str) -> Diagnostic:
    hint = f"indent at least one line under it, such as {example}"
    return error(f"an empty {what} block", _head(ctx, block), hint)


def _parse_exercise(block: Block, ctx: ParseContext) -> Exercise:
    """exercise = STRING (NUMBER ("reps" | "rep") ["each" "side"] | duration)"""
    tok = ctx.tokens(block.line)
    ctx.no_children(block, "an exercise line")
    example = 'an exercise such as `"Glute bridge" 15 reps` or `"Dead bug" 45s`'
    name = tok.expect("STRING", example, "the exercise's name goes in double quotes")
    text = ctx.text(name)
    span = ctx.span(block.line)
    duration = read_duration(tok)
    if duration is not None:
        seconds = steps.checked_duration(duration, ctx)
        tok.expect_end("the end of the exercise line")
        return Exercise(text, duration=seconds, span=span)
    reps, each_side = _parse_reps(tok, ctx)
    return Exercise(text, reps=reps, each_side=each_side, span=span)


def _parse_reps(tok: Tokenizer, ctx: ParseContext) -> tuple[int, bool]:
    """reps = NUMBER ("reps" | "rep") ["each" "side"]      (1 to 500 reps)"""
    count = tok.expect("NUMBER", f"a count of reps or {DURATION_EXAMPLE}")
    reps = int(count.text) if len(count.text) < 9 else 10**9
    if not 1 <= reps <= COUNT_RANGE[1]:
        message = f"`{count.text}` is out of range: an exercise has 1 to 500 reps"
        ctx.report(error(message, count.span))
    if tok.check_word("rep"):
        tok.read()
    else:
        tok.expect_word("reps", "`reps` after the count", f"write `{count.text} reps`")
    each_side = tok.check_word("each")
    if each_side:
        tok.read()
        tok.expect_word("side", "`side` after `each`")
    tok.expect_end("`each side` or the end of the exercise line")
    return reps, each_side


def _parse_nodes(blocks: Sequence[Block], ctx: ParseContext) -> list[Node]:
    """nodes = node*"""
    nodes = [_parse_node(block, ctx) for block in blocks]
    return [node for node in nodes if node is not None]


def _parse_node(block: Block, ctx: ParseContext) -> Node | None:
    """node = repeat | alternate | step"""
    tok = ctx.tokens(block.line)
    if tok.check_word("repeat") or tok.check("COUNT_X"):
        return _parse_repeat(block, ctx)
    if tok.check_word("alternate"):
        return _parse_alternate(block, ctx)
    if tok.check_word("let", "activation"):
        word = tok.read()
        hint = "move it to the top level, outside every block"
        ctx.report(error(f"`{word.text}` inside a block", word.span, hint))
        return None
    if tok.check("AT"):
        hint = "indent the cue under the step it belongs to"
        ctx.report(error("a cue outside a step", _head(ctx, block), hint))
        return None
    return steps.parse_step(block, ctx, _parse_nodes)


def _parse_repeat(block: Block, ctx: ParseContext) -> Repeat | None:
    """repeat = ("repeat" (NUMBER | REF) | NUMBER "x") [STRING] ":" INDENT node+ DEDENT"""
    with ctx.inside_repeat():
        line = ctx.attempt(partial(_parse_repeat_line, block, ctx), block.line, LineKind.NODE)
        body = _parse_nodes(block.children, ctx)
    if not block.children and not (line is None and ctx.fix_gives_body()):
        ctx.report(_empty_block(ctx, block, "`repeat`", "`4m 80%`"))
    if line is None:
        ctx.orphans.extend(body)
        return None
    count, label = line
    return Repeat(count, tuple(body), label, ctx.span(block.line))


def _parse_alternate(block: Block, ctx: ParseContext) -> Alternate | None:
    """alternate = "alternate" ":" INDENT node node+ DEDENT"""
    opened = ctx.attempt(partial(_parse_opener, block, ctx, "alternate"))
    children = _parse_nodes(block.children, ctx)
    if len(block.children) < 2:
        hint = "give it two or more steps or blocks to take turns"
        ctx.report(error("an `alternate` with fewer than two children", _head(ctx, block), hint))
    if opened is None:
        ctx.orphans.extend(children)
        return None
    return Alternate(tuple(children), ctx.span(block.line))


def _parse_repeat_line(block: Block, ctx: ParseContext) -> tuple[CountValue, str | None]:
    """repeat_line = ("repeat" (NUMBER | REF) | NUMBER "x") [STRING] ":" """
    tok = ctx.tokens(block.line)
    count: CountValue
    if tok.check("COUNT_X"):
        count = parse_count(tok, ctx.problems, tok.read())
    else:
        tok.expect_word("repeat", "`repeat`")
        if tok.check("REF"):
            count = ctx.ref(tok.read())
        elif tok.check("NUMBER"):
            count = parse_count(tok, ctx.problems, tok.read())
        else:
            found = tok.found().text
            digits = found.lower().removesuffix("x")
            hint = f"write `repeat {digits}:` or `{digits}x:`" if digits.isdigit() else None
            raise tok.error("a count such as `3` or a `$name`", hint)
    label = ctx.label(tok)
    _expect_colon(tok, "repeat")
    return count, label
