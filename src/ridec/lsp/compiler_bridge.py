"""Every use the editing tools make of the compiler's back end, in one module.

The language server and `ridec preview` need the format writers (to say what each format
keeps), a format's reader (to turn a pasted intervals.icu workout into `.ride` source), and
the library's cards and page style (so the preview looks like the library index). Those
packages are being reorganised; this is the one module to re-point.
"""

from __future__ import annotations

from dataclasses import dataclass

from ridec.timeline import Timeline


@dataclass(frozen=True, slots=True)
class FormatFidelity:
    """What one output format keeps of a workout."""

    target: str
    """The format's registry name (`zwo`, `fit` ...)."""
    exact: int
    """Features kept exactly."""
    losses: tuple[tuple[str, str, str | None], ...]
    """(kind, feature, what it became) for each feature degraded or dropped."""
    error: str | None = None
    """Why the format cannot take this workout at all (a conversion it cannot make)."""


def fidelity(timeline: Timeline) -> list[FormatFidelity]:
    """Compile to every registered format and say what each kept, degraded and dropped."""
    from ridec.api import FORMATS, CompileOptions, compile
    from ridec.diagnostics import DiagnosticError

    options = CompileOptions(ftp=timeline.ftp)
    found = []
    for name in FORMATS:
        try:
            (compiled,) = compile(timeline, [name], options)
        except DiagnosticError as exc:
            found.append(FormatFidelity(name, 0, (), exc.diagnostics[0].message))
            continue
        losses = compiled.fidelity.losses()
        exact = len(compiled.fidelity.entries) - len(losses)
        kept = tuple((loss.kind.value, loss.feature, loss.became) for loss in losses)
        found.append(FormatFidelity(name, exact, kept))
    return found


def ride_from_icu(text: str, path: str, *, whole: bool) -> str | None:
    """intervals.icu workout text as `.ride` source, as `ridec import - --from icu` prints
    it: the whole file (`whole`: name, description and steps) or only its steps; None
    when the text is not intervals.icu syntax the reader takes without an error."""
    from ridec.api import read
    from ridec.diagnostics import DiagnosticError
    from ridec.language import print_workout
    from ridec.model import Header, Workout

    try:
        workout = read(text.encode("utf-8"), path, format="icu").workout
    except DiagnosticError:
        return None
    if whole:
        return print_workout(workout)
    printed = print_workout(Workout(Header("steps"), workout.body))
    return printed.split("\n\n", 1)[1]


def library_style() -> str:
    """The library index's stylesheet."""
    from ridec.library.index import STYLE

    return STYLE


def workout_card(timeline: Timeline, source: str, chart_id: str, heading: str = "h2") -> str:
    """A workout's card as the library index shows it (name, meta, chart, stats), no links."""
    from ridec.library import cards

    return cards.workout_card(
        timeline, source, links=(), athlete_links=(), chart_id=chart_id, heading=heading
    )


def anchor_id(*parts: str) -> str:
    """A stable HTML id, as the library index makes them."""
    from ridec.library.cards import anchor_id as make

    return make(*parts)
