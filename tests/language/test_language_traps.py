"""Silent traps become warnings: a step without a target rides free, and a steady range on a
warm-up or cool-down is no ramp. Warnings never stop a parse; each carries its fix."""

from __future__ import annotations

import pytest

from ridec.diagnostics import Diagnostic, DiagnosticError, Severity
from ridec.language import parse_checked
from ridec.language.traps import BAND_ON_RAMP_STEP, NO_TARGET


def warnings_of(text: str) -> list[Diagnostic]:
    """The warnings of a source that parses (a warning never stops the parse)."""
    found = parse_checked(text, "w.ride").problems
    assert all(d.severity is Severity.WARNING for d in found)
    return list(found)


def fixed(text: str, found: list[Diagnostic]) -> str:
    for diagnostic in sorted(found, key=lambda d: -(d.fix.span.start if d.fix else 0)):
        assert diagnostic.fix is not None
        span = diagnostic.fix.span
        text = text[: span.start] + diagnostic.fix.text + text[span.end :]
    return text


def test_a_step_without_a_target_is_said_to_ride_free() -> None:
    (found,) = warnings_of("name: T\nwarmup 10m 50%\nrest 2m\n")
    assert found.code == NO_TARGET
    assert found.render() == (
        "w.ride:3:1: warning: `rest 2m` has no target: it is a free ride (the trainer leaves "
        "ERG mode)\n"
        "  | rest 2m\n"
        "  | ^^^^^^^\n"
        "  hint: give it a target (`55%`, `z1`, `150w`), or write `free` if a free ride is meant\n"
        "  fix:  rest 2m free"
    )


def test_the_fix_writes_free_where_a_target_goes() -> None:
    text = 'name: T\n10m 90rpm "Spin"\n'
    (found,) = warnings_of(text)
    assert fixed(text, [found]) == 'name: T\n10m free 90rpm "Spin"\n'
    assert warnings_of(fixed(text, [found])) == []


@pytest.mark.parametrize(
    ("line", "ramp"),
    [
        ("warmup 10m 50-70%", "50%->70%"),
        ("warmup 10m 50%-70%", "50%->70%"),
        ("cooldown 8m 45-65%", "65%->45%"),
        ("warmup 10m 100-180w", "100w->180w"),
        ("cooldown 5m 40-62.5%", "62.5%->40%"),
    ],
)
def test_a_range_on_a_warmup_or_cooldown_is_offered_as_a_ramp(line: str, ramp: str) -> None:
    text = f"name: T\n{line}\n20m 80%\n"
    (found,) = warnings_of(text)
    assert found.code == BAND_ON_RAMP_STEP
    assert found.fix is not None and found.fix.text == ramp
    written = line.rsplit(maxsplit=1)[-1]
    assert found.span is not None and text[found.span.start : found.span.end] == written
    assert ramp in (found.hint or "")
    assert warnings_of(fixed(text, [found])) == []


@pytest.mark.parametrize(
    "line",
    [
        'lap "Free spin: press lap when you are ready"',
        "rest lap",
        "10m free",
        "warmup 10m z2",
        "warmup 10m 50%->70%",
        "interval 10m 88-92%",
        "recovery 3m 50-60%",
        "warmup $on $target",
    ],
)
def test_what_says_what_it_means_is_not_warned_about(line: str) -> None:
    text = f"name: T\nlet on = 10m\nlet target = 50-70%\n\n{line}\n20m 80%\n"
    assert warnings_of(text) == []


def test_a_line_with_an_error_is_not_warned_about_too() -> None:
    with pytest.raises(DiagnosticError) as raised:
        parse_checked("name: T\ncooldown 5m 85-75%\nrest 2m\n", "w.ride")
    found = [(d.severity, d.message.split(":")[0]) for d in raised.value.diagnostics]
    assert found == [
        (Severity.ERROR, "the range `85-75%` must go from low to high"),
        (Severity.WARNING, "`rest 2m` has no target"),
    ]


def test_warnings_go_with_the_errors_of_the_file() -> None:
    # A file with errors still says what else it found, in source order.
    with pytest.raises(DiagnosticError) as raised:
        parse_checked("name: T\nrest 2m\n4m 80% upstrke\n", "w.ride")
    assert [d.severity for d in raised.value.diagnostics] == [Severity.WARNING, Severity.ERROR]


def test_fmt_writes_free_on_a_timed_step_so_the_warning_is_answered() -> None:
    from ridec.language import format_source

    formatted = format_source('name: T\n\nrest 2m\n10m 90rpm\nlap "Ready?"\n', "w.ride")
    assert formatted == 'name: T\n\nrest 2m free\n10m free 90rpm\nlap "Ready?"\n'
    assert warnings_of(formatted) == []
