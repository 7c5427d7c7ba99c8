"""How BENCHMARKS.md writes figures: times in readable units, spreads, Markdown tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bench.measure import Timing


def seconds(value: float) -> str:
    """`0.412 s`, `38.1 ms`, `512 us`: three significant figures in a readable unit."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if value >= scale or unit == "us":
            return f"{value / scale:.3g} {unit}"
    raise AssertionError("unreachable")


def timed(timing: Timing) -> str:
    return f"{seconds(timing.median)} ({timing.label})"


def signed(value: float) -> str:
    return ("+" if value >= 0 else "-") + seconds(abs(value))


def spread(timing: Timing) -> str:
    """`5 runs: 1.2 s min, 1.4 s median, 3.1 s max`."""
    runs = timing.seconds
    return (
        f"{len(runs)} runs: {seconds(min(runs))} min, {seconds(timing.median)} median, "
        f"{seconds(max(runs))} max"
    )


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def runs(timings: Iterable[Timing], scale: float = 1.0) -> str:
    rows = (
        (t.label, seconds(t.median * scale), ", ".join(seconds(s * scale) for s in t.seconds))
        for t in timings
    )
    return markdown_table(("what", "median", "every run"), rows)
