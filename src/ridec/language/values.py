"""The value grammar: durations, powers, ranges, ramps, zones, cadences and counts.

Shared by steps, `let` lines, `--set NAME=VALUE` overrides and `.plan` files. A malformed value
stops the line (`LineError`); a well-formed value out of its range is reported into
`problems` and parsing goes on, so one line can show several mistakes.
"""

from __future__ import annotations

import re
from typing import NoReturn

from ridec.diagnostics import Diagnostic, Source, Span, error
from ridec.facts import ZONES, zone_target
from ridec.language import checks
from ridec.language.tokens import LineError, Token, Tokenizer, describe
from ridec.model import (
    FREE,
    MAX,
    Cadence,
    ParamKind,
    ParamValue,
    Power,
    PowerUnit,
    Target,
    TargetKind,
)

SECONDS = {"h": 3600, "m": 60, "min": 60, "s": 1}
"""Seconds per duration unit."""

DURATION_EXAMPLE = "a duration such as `90s` or `4m`"
VALUE_EXAMPLE = "a value: a duration (`4m`), a count (`3`), a target (`80%`) or a cadence (`90rpm`)"
_DURATION_PART = re.compile(r"([0-9]+)(min|h|m|s)", re.I)
_MAX_DIGITS = 12
"""Longer numbers are out of every range; not converting them keeps int() bounded."""


def read_duration(tok: Tokenizer) -> Token | None:
    """The next token if it is a duration, else None."""
    if tok.check("CLOCK") or tok.check("DURATION"):
        return tok.read()
    return None


def duration_seconds(token: Token, problems: list[Diagnostic]) -> int:
    """The seconds a CLOCK or DURATION token means."""
    if token.kind == "CLOCK":
        return _clock_seconds(token, problems)
    parts = _DURATION_PART.findall(token.text)
    return sum(_int(number) * SECONDS[unit.lower()] for number, unit in parts)


def _clock_seconds(token: Token, problems: list[Diagnostic]) -> int:
    """`m:ss` or `h:mm:ss`; the parts after the first must be two digits below 60."""
    parts = token.text.split(":")
    for part in parts[1:]:
        if len(part) != 2 or int(part) >= 60:
            hint = "write minutes and seconds as two digits below 60: `1:05`, `1:02:30`"
            message = f"`{token.text}` is not a valid `m:ss` or `h:mm:ss` duration"
            problems.append(error(message, token.span, hint))
            break
    total = 0
    for part in parts:
        total = total * 60 + _int(part)
    return total


def no_duration(tok: Tokenizer, expected: str = DURATION_EXAMPLE) -> LineError:
    """The error for a missing duration; a bare number gets "add a unit"."""
    found = tok.found()
    hint = None
    if found.text.isascii() and found.text.isdigit():
        hint = f"add a unit: `{found.text}s`?"
    return LineError(error(f"expected {expected}, found {describe(found)}", found.span, hint))


def check_target(tok: Tokenizer) -> bool:
    """Whether the next token is a target (a power, range, ramp, zone, `free` or `max`)."""
    return tok.check("POWER") or tok.check("ZONE") or tok.check_word("free", "max")


def parse_target(tok: Tokenizer, problems: list[Diagnostic]) -> Target:
    """target = POWER | RANGE | RAMP | ZONE | "free" | "max"      (after `check_target`)"""
    token = tok.read()
    if token.kind == "NAME":
        return FREE if token.text.lower() == "free" else MAX
    if token.kind == "ZONE":
        return _parse_zone(token)
    return _parse_power(token, problems)


def _parse_zone(token: Token) -> Target:
    """zone = "z" DIGIT      (z1 ... z7)"""
    number = token.text[1:]
    if len(number) > 1 or int(number) not in ZONES:
        raise LineError(
            error(f"there is no zone `{token.text}`", token.span, "zones run from `z1` to `z7`")
        )
    return zone_target(int(number))


def _parse_power(token: Token, problems: list[Diagnostic]) -> Target:
    """power = NUMBER UNIT | NUMBER [UNIT] ("-" | "->") NUMBER UNIT"""
    text = token.text.lower()
    arrow = "->" if "->" in text else "-" if "-" in text else None
    if arrow is None:
        power = _power(text, None, token)
        _check_power(power, token.span, problems)
        return Target(TargetKind.STEADY, power)
    left, right = text.split(arrow)
    high = _power(right, None, token)
    low = _power(left, high.unit, token)
    for power in (low, high):
        _check_power(power, token.span, problems)
    if arrow == "->":
        return Target(TargetKind.RAMP, low, high)
    problem = checks.range_problem(low.value, high.value, token.span, unit=high.unit.value)
    if problem:
        problems.append(problem)
    return Target(TargetKind.RANGE, low, high)


def _power(text: str, default_unit: PowerUnit | None, token: Token) -> Power:
    """One end of a power: `80%`, `250w`, or a bare number that takes the other end's unit."""
    number = text.rstrip("%w")
    unit = PowerUnit(text[len(number) :]) if len(number) < len(text) else default_unit
    if unit is None:
        raise _missing_unit(token)
    if default_unit is not None and unit is not default_unit:
        hint = "write both ends in % or both in watts"
        raise LineError(error(f"`{token.text}` mixes % and watts", token.span, hint))
    return Power(float(number) if "." in number else _int(number), unit)


def _missing_unit(token: Token) -> LineError:
    text = token.text
    hint = f"add a unit: `{text}%`, `{text}w` or `{text}rpm`?"
    return LineError(error(f"expected a unit after `{text}`", token.span, hint))


def _check_power(power: Power, span: Span, problems: list[Diagnostic]) -> None:
    problem = checks.power_problem(power, span)
    if problem:
        problems.append(problem)


def parse_cadence(tok: Tokenizer, problems: list[Diagnostic]) -> Cadence:
    """cadence = NUMBER ["-" NUMBER] "rpm"      (after `tok.check("CADENCE")`)"""
    token = tok.read()
    numbers = token.text.lower().removesuffix("rpm").split("-")
    low, high = _int(numbers[0]), _int(numbers[-1])
    for value in {low, high}:
        problem = checks.cadence_problem(value, token.span)
        if problem:
            problems.append(problem)
    if len(numbers) == 2:
        problem = checks.range_problem(low, high, token.span, unit="rpm")
        if problem:
            problems.append(problem)
    return Cadence(low, high)


def parse_count(tok: Tokenizer, problems: list[Diagnostic], token: Token | None = None) -> int:
    """count = NUMBER      (0 to 500)"""
    token = token or tok.expect("NUMBER", "a count such as `3`")
    count = _int(token.text.rstrip("xX"))
    problem = checks.count_problem(count, token.span)
    if problem:
        problems.append(problem)
    return count


def parse_any_value(tok: Tokenizer, problems: list[Diagnostic]) -> tuple[ParamKind, ParamValue]:
    """value = duration | count | target | cadence      (a `let` default or an override)"""
    duration = read_duration(tok)
    if duration is not None:
        seconds = duration_seconds(duration, problems)
        problem = checks.duration_problem(seconds, duration.span)
        if problem:
            problems.append(problem)
        return ParamKind.DURATION, seconds
    if tok.check("CADENCE"):
        return ParamKind.CADENCE, parse_cadence(tok, problems)
    if tok.check("NUMBER"):
        return ParamKind.COUNT, parse_count(tok, problems, tok.read())
    if check_target(tok):
        return ParamKind.TARGET, parse_target(tok, problems)
    raise _no_value(tok)


def _no_value(tok: Tokenizer) -> LineError:
    found = tok.found()
    hint = None
    if found.text.lower() == "lap":
        hint = "`lap` is written on the step itself; a parameter holds a timed duration"
    elif found.text.startswith("$"):
        hint = "a parameter's value is written out; it cannot name another parameter"
    return LineError(error(f"expected {VALUE_EXAMPLE}, found {describe(found)}", found.span, hint))


def parse_value_in(
    source: Source, start: int, end: int
) -> tuple[tuple[ParamKind, ParamValue], list[Diagnostic]]:
    """Read a whole value from `source[start:end]`: the value and any problems found."""
    tok = Tokenizer(source, start, end)
    problems: list[Diagnostic] = []
    try:
        value = parse_any_value(tok, problems)
        tok.expect_end("the end of the value")
    except LineError as problem:
        raise_all([*problems, problem.diagnostic])
    return value, problems


def raise_all(problems: list[Diagnostic]) -> NoReturn:
    """Raise the problems as one DiagnosticError (sorted by position)."""
    from ridec.diagnostics import DiagnosticError

    raise DiagnosticError(checks.sorted_problems(problems))


def _int(digits: str) -> int:
    """An integer, or one past every limit when it has too many digits to matter."""
    return int(digits) if len(digits) <= _MAX_DIGITS else 10**_MAX_DIGITS
