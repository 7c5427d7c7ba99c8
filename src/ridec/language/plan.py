"""The `.plan` grammar: a set of `.ride` workouts over weeks, with parameters that progress.

A plan is read in two steps. `parse_plan` reads the plan's own text (header, workouts,
parameter series) and reports every problem it can see alone. `expand_plan` then reads the
workouts it names and, week by week, binds each one with that week's values; problems that
need both files (a parameter the workout does not declare, a value of the wrong kind) are
reported there, located in the plan.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path, PurePath, PurePosixPath

from ridec.diagnostics import Diagnostic, DiagnosticError, Source, Span, did_you_mean, error
from ridec.language import checks
from ridec.language.context import ParseContext, first_word
from ridec.language.layout import Block, build_blocks
from ridec.language.line_kind import LineKind
from ridec.language.plan_reads import WorkoutReader, read_workout
from ridec.language.progression import Series, expand_series, parse_series_values
from ridec.language.tokens import LineError, Tokenizer, split_lines, unquote, words
from ridec.limits import MAX_INPUT_BYTES
from ridec.model import ParamValue, Workout
from ridec.records import record

PLAN_KEYS = ("name", "author", "description", "ftp", "weeks")
"""Every key a plan's header takes, in the order the docs list them."""
WEEKS_RANGE = (1, 99)
"""A plan lasts 1 to 99 weeks (the output folders are `week-01` to `week-99`)."""
SESSIONS_RANGE = (1, 14)
"""How often a workout may be done per week (twice a day at most)."""
WORKOUT_SUFFIX = ".ride"


@dataclass(frozen=True, slots=True)
class PlanHeader:
    """The plan's metadata."""

    name: str
    """Shown in the index and in `plan.json`."""
    weeks: int
    """How many weeks the plan lasts."""
    author: str | None = None
    """Who wrote it."""
    description: str | None = None
    """Free text; may span lines."""
    ftp: int | None = None
    """When set, every workout of the plan uses this FTP."""
    lines: tuple[tuple[str, int], ...] = field(default=(), compare=False, repr=False)
    """The line number each key was written on (for `ridec fmt`'s comments)."""


@record
class PlanEntry:
    """One `workout "file.ride" N per week:` block."""

    path: str
    """The workout file as written, relative to the plan file."""
    per_week: int
    """Sessions per week."""
    series: tuple[Series, ...]
    """The parameters it overrides, in the order written."""
    span: Span
    """The quoted path."""

    @property
    def stem(self) -> str:
        """The workout's file name without extension: its outputs' names."""
        return PurePath(self.path).stem


@dataclass(frozen=True, slots=True)
class Plan:
    """A parsed `.plan` file."""

    header: PlanHeader
    """Metadata."""
    entries: tuple[PlanEntry, ...]
    """The workouts, in the order written."""
    path: Path
    """The plan file; workout paths are relative to its folder."""

    def workout_path(self, entry: PlanEntry) -> Path:
        """Where an entry's workout file is."""
        return Path(os.path.normpath(self.path.parent / entry.path))


@dataclass(frozen=True, slots=True)
class PlannedWorkout:
    """One workout of one week, bound with that week's values."""

    week: int
    """1-based week."""
    stem: str
    """The workout file's stem (its outputs' names)."""
    source: str
    """The workout file, as the plan names it relative to the current folder."""
    sessions: int
    """How many times it is done that week."""
    values: tuple[tuple[str, str], ...]
    """The week's parameter values as the language writes them, in the order the plan gives."""
    workout: Workout
    """The bound workout, named with the week prefix ("W3 Standing technique")."""
    warnings: tuple[Diagnostic, ...] = ()
    """The workout file's warnings (`ridec.language.traps`), on its first week only: they are
    the file's, not the week's."""


def load_plan(path: Path) -> Plan:
    """Read, decode and parse a `.plan` file."""
    from ridec.fileio import read_limited
    from ridec.language import decode

    return parse_plan(decode(read_limited(path, MAX_INPUT_BYTES), str(path)), path)


def parse_plan(text: str, path: Path) -> Plan:
    """Parse a plan's text; raise DiagnosticError with every problem."""
    return parse_plan_source(Source(str(path), text))


def parse_plan_source(source: Source, *, coach: bool = True) -> Plan:
    """Parse a plan's source; `coach` adds hints for coaches' habits (`2 mins`) to errors."""
    plan, problems = read_plan_source(source, coach=coach)
    if problems:
        raise DiagnosticError(problems)
    return plan


def read_plan(text: str, path: Path, *, coach: bool = True) -> tuple[Plan, list[Diagnostic]]:
    """The plan as far as its text can be read, and every problem in source order.

    An editor needs the parts that did read (the outline, the workouts named) while the
    coach is still typing the line that does not.
    """
    return read_plan_source(Source(str(path), text), coach=coach)


EntryReader = Callable[[Block, ParseContext], PlanEntry | None]
"""Reads one `workout` block into its entry, reporting its problems in the context."""


def read_plan_source(
    source: Source, *, coach: bool = True, read_entry: EntryReader | None = None
) -> tuple[Plan, list[Diagnostic]]:
    """`read_plan` on a source already made; `read_entry` reads each `workout` block (by
    default `read_entry_block`: the editor passes one that reuses unchanged blocks)."""
    lines, problems = split_lines(source)
    blocks, layout_problems = build_blocks(source, lines)
    ctx = ParseContext(source, [*problems, *layout_problems], coach=coach)
    plan = _parse_plan(blocks, ctx, Path(source.path), read_entry or read_entry_block)
    return plan, checks.sorted_problems(ctx.problems)


def read_entry_block(block: Block, ctx: ParseContext) -> PlanEntry | None:
    """A `workout` block's entry; None (its problem reported) when its line does not read."""
    return ctx.attempt(partial(_parse_workout, block, ctx))


def plan_dependencies(plan: Plan) -> list[Path]:
    """The workout files a plan reads, so a change to any of them rebuilds the plan."""
    return list(dict.fromkeys(plan.workout_path(entry) for entry in plan.entries))


def _parse_plan(
    blocks: tuple[Block, ...], ctx: ParseContext, path: Path, read_entry: EntryReader
) -> Plan:
    """plan = plan_header* workout+"""
    values: dict[str, str | int] = {}
    entries: list[PlanEntry] = []
    for block in blocks:
        if first_word(ctx.source, block.line) == "workout":
            entry = read_entry(block, ctx)
            if entry is not None:
                entries.append(entry)
        elif entries:
            ctx.attempt(partial(_after_workouts, block, ctx))
        else:
            found = ctx.attempt(partial(_parse_header_line, block, ctx))
            if found is not None:
                values.setdefault(*found)
    header = _header(values, ctx, path)
    if not entries and not ctx.problems:
        span = Span(ctx.source, 0, 0)
        hint = 'add one: `workout "standing.ride" 3 per week:`'
        ctx.report(error("the plan names no workout", span, hint))
    _check_stems(entries, ctx)
    return Plan(header, tuple(entries), path)


def _after_workouts(block: Block, ctx: ParseContext) -> None:
    tok = ctx.tokens(block.line)
    if tok.check("NAME") and tok.read().text.lower() in PLAN_KEYS and tok.check("COLON"):
        span = ctx.span(block.line)
        hint = "move it above the first `workout` line"
        raise LineError(error("header lines come before the first `workout`", span, hint))
    raise ctx.tokens(block.line).error('`workout "file.ride"`')


def _parse_header_line(block: Block, ctx: ParseContext) -> tuple[str, str | int]:
    """plan_header = KEY ":" (STRING | TEXT) [INDENT TEXT+ DEDENT]      (description only)"""
    tok = ctx.tokens(block.line)
    if not tok.check("NAME"):
        raise tok.error('a header line such as `weeks: 6`, or `workout "file.ride"`')
    key_token = tok.read()
    key = key_token.text.lower()
    if not tok.check("COLON"):
        hint = did_you_mean(key, ("workout",))
        raise tok.error(f"`:` after `{key_token.text}`", hint)
    tok.read()
    if key not in PLAN_KEYS:
        hint = did_you_mean(key, PLAN_KEYS) or f"a plan's header takes {words(PLAN_KEYS)}"
        raise LineError(error(f"unknown plan header key `{key_token.text}`", key_token.span, hint))
    if key in ctx.header_lines:
        hint = f"it is already set on line {ctx.header_lines[key].number}; keep one of them"
        raise LineError(error(f"`{key}` is set twice", key_token.span, hint))
    ctx.header_lines[key] = block.line
    if key == "description":
        return key, _description(block, tok, ctx)
    ctx.no_children(block, "a header line other than `description:`")
    if key in ("ftp", "weeks"):
        return key, _number(tok, key, ctx)
    if tok.at_end():
        raise tok.error(f"a value after `{key}:`")
    return key, _text(tok)


def _text(tok: Tokenizer) -> str:
    """header_value = STRING | TEXT      (the text runs to the end of the line)"""
    if tok.check("STRING"):
        text = unquote(tok.read())
        tok.expect_end("the end of the line after the quoted value")
        return text
    return tok.rest().text


def _description(block: Block, tok: Tokenizer, ctx: ParseContext) -> str:
    """description = "description" ":" [TEXT] [INDENT TEXT+ DEDENT]"""
    lines = [] if tok.at_end() else [_text(tok)]
    for child in block.children:
        ctx.no_children(child, "a description line")
        text = ctx.attempt(partial(_text, ctx.tokens(child.line)))
        if text is not None:
            lines.append(text)
    if not lines:
        raise tok.error("a value after `description:`")
    return "\n".join(lines)


def _number(tok: Tokenizer, key: str, ctx: ParseContext) -> int:
    """ftp = NUMBER      (watts, 50 to 2000);  weeks = NUMBER      (1 to 99)"""
    example = "`ftp: 250`" if key == "ftp" else "`weeks: 6`"
    token = tok.expect("NUMBER", f"a whole number after `{key}:`", f"write it alone: {example}")
    tok.expect_end(f"the end of the line after `{key}`", f"write the number alone: {example}")
    value = int(token.text) if len(token.text) < 9 else 10**9
    if key == "ftp":
        ctx.report(checks.ftp_problem(value, token.span))
    elif not WEEKS_RANGE[0] <= value <= WEEKS_RANGE[1]:
        low, high = WEEKS_RANGE
        message = f"`{token.text}` is out of range: a plan has {low} to {high} weeks"
        ctx.report(error(message, token.span))
    return value


def _header(values: dict[str, str | int], ctx: ParseContext, path: Path) -> PlanHeader:
    weeks = values.get("weeks")
    if not isinstance(weeks, int):
        misspelt = any(p.hint == "did you mean 'weeks'?" for p in ctx.problems)
        if "weeks" not in ctx.header_lines and not misspelt:
            message = "the plan does not say how many weeks it lasts"
            hint = "add `weeks: 6` (say) to the plan's header"
            ctx.report(error(message, Span(ctx.source, 0, 0), hint))
        weeks = 1
    name, author, description = (values.get(k) for k in ("name", "author", "description"))
    ftp = values.get("ftp")
    return PlanHeader(
        name=name if isinstance(name, str) else path.stem,
        weeks=weeks,
        author=author if isinstance(author, str) else None,
        description=description if isinstance(description, str) else None,
        ftp=ftp if isinstance(ftp, int) else None,
        lines=tuple((key, line.number) for key, line in ctx.header_lines.items()),
    )


def _parse_workout(block: Block, ctx: ParseContext) -> PlanEntry:
    """workout = "workout" STRING [NUMBER "per" "week"] [":" INDENT series+ DEDENT]"""
    tok = ctx.tokens(block.line)
    tok.expect_word("workout", "`workout`")
    path_token = tok.expect("STRING", 'the workout file in quotes, such as `"standing.ride"`')
    path = unquote(path_token)
    if PurePath(path).suffix.lower() != WORKOUT_SUFFIX:
        hint = "a plan lists `.ride` files, relative to the plan file"
        ctx.report(error(f"`{path}` is not a .ride file", path_token.span, hint))
    ctx.report(_outside_folder(path, path_token.span))
    per_week = _per_week(tok, ctx)
    opens_block = tok.check("COLON")
    if opens_block:
        tok.read()
    tok.expect_end("`N per week` or `:` after the workout file")
    if block.children and not opens_block:
        hint = "end the `workout` line with `:` to give it parameters"
        raise LineError(error("the parameters below need a `:` here", _end(ctx, block), hint))
    if opens_block and not block.children:
        hint = "give parameters on the lines below, indented, or drop the `:`"
        raise LineError(error("a `workout ...:` block with no lines", _end(ctx, block), hint))
    series = _parse_series_block(block, ctx)
    return PlanEntry(path, per_week, series, path_token.span)


def _outside_folder(path: str, span: Span) -> Diagnostic | None:
    """A plan names workouts in its own folder or below it, never elsewhere.

    An absolute path or one that climbs out with `..` would make a plan depend on where
    it is copied to, let a library build read (and publish) files outside the library, and
    let a plan someone shares pull in any file of the machine it is built on. The check is
    on the text (after `a/../b` is folded), so it holds before any file is opened.
    """
    hint = "move the workout into the plan's folder (or a folder below it) and name it from there"
    if "\\" in path:
        message = f"`{path}` separates folders with `\\`; a plan writes paths with `/`"
        return error(message, span, "write the path with `/`, which every system reads")
    if PurePosixPath(path).is_absolute():
        message = f"`{path}` is an absolute path; a plan names workouts relative to its folder"
        return error(message, span, hint)
    folded = posixpath.normpath(path)
    if folded == ".." or folded.startswith("../"):
        message = f"`{path}` is outside the plan's folder; a plan names workouts in it or below"
        return error(message, span, hint)
    return None


def _end(ctx: ParseContext, block: Block) -> Span:
    return Span(ctx.source, block.line.code_end, block.line.code_end)


def _per_week(tok: Tokenizer, ctx: ParseContext) -> int:
    """per_week = NUMBER "per" "week"      (1 to 14; omitted: once a week)"""
    if not tok.check("NUMBER"):
        return 1
    token = tok.read()
    tok.expect_word("per", "`per week` after the number of sessions")
    tok.expect_word("week", "`week` after `per`")
    count = int(token.text) if len(token.text) < 9 else 10**9
    low, high = SESSIONS_RANGE
    if not low <= count <= high:
        message = f"`{token.text}` is out of range: {low} to {high} sessions per week"
        ctx.report(error(message, token.span))
    return count


def _parse_series_block(block: Block, ctx: ParseContext) -> tuple[Series, ...]:
    series: dict[str, Series] = {}
    for child in block.children:
        ctx.no_children(child, "a parameter line")
        found = ctx.attempt(partial(_parse_series, child, ctx), child.line, LineKind.SERIES)
        if found is None:
            continue
        if found.name in series:
            message = f"`{found.name}` is given twice for this workout"
            ctx.report(error(message, found.name_span, "keep one line per parameter"))
            continue
        series[found.name] = found
    return tuple(series.values())


def _parse_series(block: Block, ctx: ParseContext) -> Series:
    """series = NAME ":" value ("," value)* | NAME ":" value "->" value"""
    tok = ctx.tokens(block.line)
    if tok.check("REF"):
        name_token = tok.read()
        name = name_token.text[1:]
    else:
        name_token = tok.expect("NAME", "a parameter name such as `reps`")
        name = name_token.text
    tok.expect("COLON", f"`:` after `{name_token.text}`")
    if tok.at_end():
        raise tok.error(f"the values of `{name}`: a list (`1, 2, 3`) or a progression (`3 -> 5`)")
    start = tok.rest().span
    form, values, problems = parse_series_values(ctx.source, start.start, start.end)
    if problems:
        first = ctx.explained(problems[0], block.line, LineKind.SERIES)
        # A fix rewrites the whole line: the other problems on it are part of what it fixes.
        problems = [first] if first.fix is not None else [first, *problems[1:]]
    for problem in problems:
        ctx.report(problem)
    return Series(name, form, values, name_token.span, start)


def _check_stems(entries: list[PlanEntry], ctx: ParseContext) -> None:
    """Two workouts with one file name would write the same output files each week."""
    first: dict[str, PlanEntry] = {}
    for entry in entries:
        key = entry.stem.lower()
        if key in first:
            line = ctx.source.line_col(first[key].span.start)[0]
            message = f"a workout named `{entry.stem}` is already in the plan (line {line})"
            hint = "each week's files are named after the workout file; list each file once"
            ctx.report(error(message, entry.span, hint))
        else:
            first[key] = entry


# --- expansion: one bound workout per week ---------------------------------------------------


def expand_plan(plan: Plan, read: WorkoutReader | None = None) -> list[PlannedWorkout]:
    """Every week's workouts in order (week 1 first), bound with that week's values; each
    workout file's bytes come from `read` (by default, the disk, confined to the plan's
    folder: see `plan_reads`).

    Raises DiagnosticError with every problem of every workout and week.
    """
    read = read or partial(read_workout, within=plan.path.parent)
    problems: list[Diagnostic] = []
    weekly: list[list[PlannedWorkout]] = [[] for _ in range(plan.header.weeks)]
    for entry in plan.entries:
        found = _read_workout(plan, entry, problems, read)
        if found is None:
            continue
        workout, warnings = found
        per_week = expand_series(entry.series, workout, plan.header.weeks, problems)
        if per_week is None:
            continue
        for week, values in enumerate(per_week, start=1):
            planned = _bind_week(plan, entry, workout, week=week, values=values, problems=problems)
            if planned is not None:
                weekly[week - 1].append(replace(planned, warnings=warnings))
                warnings = ()
    if problems:
        raise DiagnosticError(checks.sorted_problems(problems))
    return [planned for week in weekly for planned in week]


def _read_workout(
    plan: Plan, entry: PlanEntry, problems: list[Diagnostic], read: WorkoutReader
) -> tuple[Workout, tuple[Diagnostic, ...]] | None:
    """The entry's workout and its warnings; None (the problems reported) when it fails."""
    from ridec.fileio import ReadError
    from ridec.language import decode, parse_checked

    path = plan.workout_path(entry)
    try:
        data = read(path)
    except ReadError as exc:
        problems.append(error(f"cannot read `{entry.path}`: {exc.reason}", entry.span, exc.hint))
        return None
    note = f"in `{entry.path}`, used by {plan.path}"
    try:
        document = parse_checked(decode(data, path.as_posix()), path.as_posix())
    except DiagnosticError as exc:
        problems.extend(_noted(d, note) for d in exc.diagnostics)
        return None
    return document.workout, tuple(_noted(d, note) for d in document.problems)


def _noted(diagnostic: Diagnostic, note: str) -> Diagnostic:
    return replace(diagnostic, notes=(*diagnostic.notes, note))


def _bind_week(
    plan: Plan,
    entry: PlanEntry,
    workout: Workout,
    *,
    week: int,
    values: dict[str, ParamValue],
    problems: list[Diagnostic],
) -> PlannedWorkout | None:
    from ridec.language import bind
    from ridec.language.printer import format_value

    kinds = {param.name: param.kind for param in workout.params}
    shown = tuple((name, format_value(value, kinds[name])) for name, value in values.items())
    try:
        bound = bind(workout, values, origin=str(plan.path))
    except DiagnosticError as exc:
        settings = ", ".join(f"{name} = {text}" for name, text in shown)
        note = f"in week {week} of {plan.path}" + (f" ({settings})" if settings else "")
        problems.extend(_noted(d, note) for d in exc.diagnostics)
        return None
    header = bound.header
    ftp = plan.header.ftp if plan.header.ftp is not None else header.ftp
    header = replace(header, name=f"W{week} {header.name}", ftp=ftp)
    source = plan.workout_path(entry).as_posix()
    named = replace(bound, header=header)
    return PlannedWorkout(week, entry.stem, source, entry.per_week, shown, named)
