"""The coach's editing loop: how fast `ridec lsp` answers a keystroke on the shipped plan,
and how soon `ridec preview` shows a save.

A server is started as an editor starts it and the shipped library is opened (a copy). Each
keystroke is an incremental change (the last value of a parameter line deleted and typed
again, one character at a time, so about half the states are errors) and is timed from the
change sent to the diagnostics for that version received. The baseline is the loop the
server replaces: `ridec check PLAN` from the shell, run between keystroke bursts.
"""

from __future__ import annotations

import shutil
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from bench import preview_saves
from bench.library import RIDEC
from bench.lsp_client import LspClient, Message, diagnostics_for
from bench.measure import Pair, Timing, command

WORKOUTS = Path(__file__).resolve().parents[1] / "workouts"
PLAN = "back-pain-protocol.plan"
WORKOUT = "standing.ride"
LATENCY_TARGET_S = 0.050
"""The issue's bound: a keystroke on the shipped plan answered well under 50 ms (p95)."""


@dataclass(frozen=True, slots=True)
class EditingResult:
    """Latencies of `ridec lsp` against the shell's check."""

    keystrokes: int
    plan: Pair
    """A keystroke on the plan answered, against `ridec check PLAN` from the shell."""
    workout: Timing
    """A keystroke on an open workout the open plan uses: both documents' diagnostics."""
    hover: Timing
    """A hover on a plan's week value (each week's workout lowered for its duration)."""
    startup_s: float
    """From starting the server to its answer to `initialize`."""
    diagnostics_at_end: int
    """Problems on the plan after the last keystroke (0: the text is back as shipped)."""
    preview: Timing
    """From a save to the preview page's new view (`bench/preview_saves.py`)."""

    @property
    def p95_s(self) -> float:
        """95th percentile of the plan keystrokes."""
        return percentile(self.plan.subject.seconds, 95)


def percentile(values: tuple[float, ...], percent: int) -> float:
    """The `percent`th percentile (the value itself for a single run)."""
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


@dataclass(frozen=True, slots=True)
class Keystroke:
    """Replace the characters [start, end) of a line with `text`."""

    line: int
    start: int
    end: int
    text: str


class _Session:
    """An open server with the plan and one workout, and the versions sent so far."""

    def __init__(self, folder: Path) -> None:
        started = time.perf_counter()
        self.client = LspClient([RIDEC, "lsp", "--stdio"])
        params: Message = {"processId": None, "rootUri": folder.as_uri(), "capabilities": {}}
        self.client.request("initialize", params)
        self.startup_s = time.perf_counter() - started
        self.client.notify("initialized", {})
        self.versions: dict[str, int] = {}

    def open(self, path: Path, language: str) -> list[Message]:
        uri = path.as_uri()
        self.versions[uri] = 1
        item = {"uri": uri, "languageId": language, "version": 1, "text": path.read_text("utf-8")}
        self.client.notify("textDocument/didOpen", {"textDocument": item})
        return list(self.client.wait(diagnostics_for(uri, 1))["params"]["diagnostics"])

    def edit(self, path: Path, key: Keystroke) -> Message:
        """One keystroke, as an incremental change; the diagnostics for its version."""
        uri = path.as_uri()
        self.versions[uri] += 1
        version = self.versions[uri]
        where = {
            "start": {"line": key.line, "character": key.start},
            "end": {"line": key.line, "character": key.end},
        }
        self.client.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": where, "text": key.text}],
            },
        )
        return self.client.wait(diagnostics_for(uri, version))

    def edit_workout(self, workout: Path, plan: Path, key: Keystroke) -> None:
        """A keystroke on a workout: its diagnostics, then the open plan's again."""
        self.edit(workout, key)
        self.client.wait(diagnostics_for(plan.as_uri(), self.versions[plan.as_uri()]))

    def hover(self, path: Path, line: int, column: int) -> None:
        where = {"line": line, "character": column}
        result = self.client.request(
            "textDocument/hover", {"textDocument": {"uri": path.as_uri()}, "position": where}
        )
        assert result is not None, "no hover on a week's value"


def _last_value(path: Path, prefix: str) -> tuple[int, int]:
    """Line and column of the last two characters of the line starting with `prefix`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines) if text.startswith(prefix))
    return line, len(lines[line]) - 2


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _retyping(line: int, column: int) -> list[Keystroke]:
    """The last value of a line (`3m`) deleted and typed again, one character at a time."""
    return [
        Keystroke(line, column + 1, column + 2, ""),
        Keystroke(line, column, column + 1, ""),
        Keystroke(line, column, column, "3"),
        Keystroke(line, column + 1, column + 1, "m"),
    ]


def run(workdir: Path, keystrokes: int, runs: int) -> EditingResult:
    """Time `keystrokes` keystrokes on the plan, half as many on a workout, some hovers, and
    a tenth as many saves under the preview."""
    folder = workdir / "editing"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(WORKOUTS, folder)
    plan, workout = folder / PLAN, folder / WORKOUT
    check = command([RIDEC, "check", plan])
    check()  # warm the bytecode cache, as the other shell benchmarks do
    session = _Session(folder)
    try:
        session.open(plan, "plan")
        line, column = _last_value(plan, "  on:")  # `3m`, week 6's value of `on`
        cycle = _retyping(line, column)
        for key in cycle:  # warm-up: the first analyses fill the caches
            session.edit(plan, key)
        latencies, checks = _plan_keystrokes(
            session, plan, cycle, keystrokes=keystrokes, runs=runs, check=check
        )
        last = session.edit(plan, Keystroke(line, column, column, ""))  # the final state
        session.open(workout, "ride")
        at = _last_value(workout, "let on")
        swaps = [Keystroke(at[0], at[1], at[1] + 1, digit) for digit in ("3", "2")]
        count = max(2, keystrokes // 2)
        workout_times = [
            _timed(partial(session.edit_workout, workout, plan, swaps[i % 2])) for i in range(count)
        ]
        hovers = [
            _timed(partial(session.hover, plan, line, column))
            for _ in range(max(1, keystrokes // 4))
        ]
    finally:
        session.client.close()
    return EditingResult(
        keystrokes=keystrokes,
        plan=Pair(
            Timing("keystroke on the plan, answered", tuple(latencies)),
            Timing("ridec check PLAN (shell)", tuple(checks)),
        ),
        workout=Timing("keystroke on a workout, plan re-checked", tuple(workout_times)),
        hover=Timing("hover on a week's value", tuple(hovers)),
        startup_s=session.startup_s,
        diagnostics_at_end=len(last["params"]["diagnostics"]),
        preview=Timing(
            "save shown by ridec preview",
            preview_saves.run(workdir, max(1, keystrokes // 10)),
        ),
    )


def _plan_keystrokes(
    session: _Session,
    plan: Path,
    cycle: list[Keystroke],
    *,
    keystrokes: int,
    runs: int,
    check: Callable[[], None],
) -> tuple[list[float], list[float]]:
    """Keystroke latencies, with a `ridec check` from the shell after each burst."""
    latencies: list[float] = []
    checks: list[float] = []
    burst = max(1, keystrokes // runs)
    for index in range(keystrokes):
        latencies.append(_timed(partial(session.edit, plan, cycle[index % len(cycle)])))
        if (index + 1) % burst == 0 and len(checks) < runs:
            checks.append(_timed(check))
    return latencies, checks
