"""How messages name the options a user sets: in the API's words (`ftp=`) where they are
made, in the command line's (`--ftp W`) where a command prints them.

The compiler's errors are raised, and its losses returned, by the public API (`ridec.bind`,
`ridec.compile`), so they name its arguments: a program that embeds ridec has no `--ftp`.
The commands print the same diagnostics through `for_cli`, which puts each mention's flag in
its place. A mention is always written from one of the constants below, in backticks (or,
for parameters, as the name of the source a value is located in), so the replacement is
exact and touches no other text.
"""

from __future__ import annotations

import dataclasses

from ridec.diagnostics import Diagnostic, Source, Span
from ridec.records import record


@record
class Mention:
    """One option as each caller names it."""

    api: str
    """The API's argument, as written in messages."""
    cli: str
    """The command line's flag for the same thing."""


FTP = Mention("`ftp=`", "`--ftp W`")
PARAMS = Mention("`params`", "`--set`")
FIT_RAMP_RANGE = Mention('`fit_ramp="range"`', "`--fit-ramp range`")
FIT_RAMP_LONGER = Mention("`fit_ramp_step_s=60`", "`--fit-ramp step:60s`")
FIT_NESTED_REPEATS = Mention("`fit_nested_repeats=True`", "`--fit-nested-repeats`")
FIT_MAX_STEPS = Mention("`fit_max_steps=N`", "`--fit-max-steps N`")
ACTIVATION_STEPS = Mention('`activation="steps"`', "`--activation steps`")
ACTIVATION_NOTES = Mention('`activation="notes"`', "`--activation notes`")
REVIEW = Mention("the `ridec review` command", "`ridec review RIDE.fit --against WORKOUT`")
"""Where a recorded ride goes: a command the API has no function for."""

MENTIONS = (
    FTP,
    PARAMS,
    FIT_RAMP_RANGE,
    FIT_RAMP_LONGER,
    FIT_NESTED_REPEATS,
    FIT_MAX_STEPS,
    ACTIVATION_STEPS,
    ACTIVATION_NOTES,
    REVIEW,
)
"""Every mention `for_cli` replaces."""

PARAMS_ORIGIN = Mention("<params>", "--set")
"""The name of the source a parameter's value is located in (`--set:1:6: error: ...`)."""


def for_cli_text(text: str) -> str:
    """`text` with every API mention replaced by its command-line flag."""
    if "`" not in text:
        return text
    for mention in MENTIONS:
        text = text.replace(mention.api, mention.cli)
    return text


def for_cli(diagnostic: Diagnostic) -> Diagnostic:
    """The diagnostic as a command prints it: flags for the API's arguments."""
    message = for_cli_text(diagnostic.message)
    hint = for_cli_text(diagnostic.hint) if diagnostic.hint is not None else None
    notes = tuple(for_cli_text(note) for note in diagnostic.notes)
    span = diagnostic.span
    if span is not None and span.source.path == PARAMS_ORIGIN.api:
        span = Span(Source(PARAMS_ORIGIN.cli, span.source.text), span.start, span.end)
    if (message, hint, notes, span) == (
        diagnostic.message,
        diagnostic.hint,
        diagnostic.notes,
        diagnostic.span,
    ):
        return diagnostic
    return dataclasses.replace(diagnostic, message=message, hint=hint, notes=notes, span=span)
