"""The coach's editing loop: how soon `ridec lsp` answers `initialize` and a keystroke, on the
shipped plan and on a generated 200-line one, and how soon `ridec preview` shows a save.

A server is started as an editor starts it and the shipped library is opened (a copy). Each
keystroke is an incremental change (the last value of a parameter line deleted and typed
again, one character at a time, so about half the states are errors) followed by a hover at
the cursor, timed from the change sent to the hover answered: to answer, the server analyses
the new text (the plan, every workout it names, every week) and reads the week values under
the cursor. Diagnostics are published once a burst of changes has been quiet for 0.25 s (the
server's debounce), so timing them would time the debounce; after the last keystroke the
bench waits for them and counts the plan's problems. The outline an editor asks for after a
change (`textDocument/documentSymbol`) is timed on the generated plan too: it also converts
every workout and parameter of the plan to LSP symbols. The baseline is the loop the server
replaces: `ridec check PLAN` from the shell, run between keystroke bursts.

`initialize` is timed from starting the process to its answer, in a fresh server each time
(an editor starts one per session), after one untimed start that fills the bytecode cache.
"""

from __future__ import annotations

import shutil
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from bench import plans, preview_saves
from bench.library import RIDEC
from bench.lsp_client import LspClient, Message, diagnostics_for
from bench.measure import Pair, Timing, command

WORKOUTS = Path(__file__).resolve().parents[1] / "workouts"
PLAN = "back-pain-protocol.plan"
WORKOUT = "standing.ride"
LATENCY_TARGET_S = 0.050
"""The issue's bound: a keystroke on the shipped plan answered well under 50 ms (p95)."""
LONG_PLAN_LINES = 200
LONG_PLAN_TARGET_S = 0.005
"""Issue 23's bound: a keystroke on a 200-line plan answered within 5 ms (p95)."""
INITIALIZE_TARGET_S = 0.300
"""Issue 23's bound: `initialize` answered within 300 ms of the process start (median)."""


@dataclass(frozen=True, slots=True)
class EditingResult:
    """Latencies of `ridec lsp` against the shell's check."""

    keystrokes: int
    plan: Pair
    """A keystroke on the plan answered, against `ridec check PLAN` from the shell."""
    workout: Timing
    """A keystroke on an open workout the open plan uses: both documents analysed again."""
    hover: Timing
    """A hover on a plan's week value (each week's workout lowered for its duration)."""
    starts: Timing
    """From starting a server to its answer to `initialize`, a fresh process each run."""
    long_plan: Timing
    """A keystroke on the generated plan answered."""
    long_plan_outline: Timing
    """A keystroke on the generated plan, then its outline."""
    long_plan_shape: plans.GeneratedPlan
    """That plan: its lines, workouts and weeks."""
    diagnostics_at_end: int
    """Problems on the plan after the last keystroke (0: the text is back as shipped)."""
    preview: Timing
    """From a save to the preview page's new view (`bench/preview_saves.py`)."""

    @property
    def p95_s(self) -> float:
        """95th percentile of the plan keystrokes."""
        return percentile(self.plan.subject.seconds, 95)

    @property
    def long_plan_p95_s(self) -> float:
        """95th percentile of the keystrokes on the generated plan."""
        return percentile(self.long_plan.seconds, 95)


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


def _initialize(client: LspClient, folder: Path) -> None:
    params: Message = {"processId": None, "rootUri": folder.as_uri(), "capabilities": {}}
    client.request("initialize", params)


class _Session:
    """An open server with the plan and one workout, and the versions sent so far."""

    def __init__(self, folder: Path) -> None:
        self.client = LspClient([RIDEC, "lsp", "--stdio"])
        _initialize(self.client, folder)
        self.client.notify("initialized", {})
        self.versions: dict[str, int] = {}

    def open(self, path: Path, language: str) -> list[Message]:
        uri = path.as_uri()
        self.versions[uri] = 1
        item = {"uri": uri, "languageId": language, "version": 1, "text": path.read_text("utf-8")}
        self.client.notify("textDocument/didOpen", {"textDocument": item})
        return list(self.client.wait(diagnostics_for(uri, 1))["params"]["diagnostics"])

    def change(self, path: Path, key: Keystroke) -> None:
        """One keystroke, as an incremental change."""
        uri = path.as_uri()
        self.versions[uri] += 1
        where = {
            "start": {"line": key.line, "character": key.start},
            "end": {"line": key.line, "character": key.end},
        }
        self.client.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": self.versions[uri]},
                "contentChanges": [{"range": where, "text": key.text}],
            },
        )

    def outline(self, path: Path) -> None:
        """The document's outline: answered from the analysis of its current text."""
        params = {"textDocument": {"uri": path.as_uri()}}
        assert self.client.request("textDocument/documentSymbol", params), "an empty outline"

    def at_cursor(self, path: Path, key: Keystroke) -> None:
        """A hover just after what the keystroke typed (None in some broken states)."""
        where = {"line": key.line, "character": key.start + len(key.text)}
        params = {"textDocument": {"uri": path.as_uri()}, "position": where}
        self.client.request("textDocument/hover", params)

    def edit(self, path: Path, key: Keystroke) -> None:
        """A keystroke, and a hover at the cursor: answered once the new text is analysed."""
        self.change(path, key)
        self.at_cursor(path, key)

    def edit_outlined(self, path: Path, key: Keystroke) -> None:
        """A keystroke, and the outline an editor asks for after a change."""
        self.change(path, key)
        self.outline(path)

    def edit_published(self, path: Path, key: Keystroke) -> Message:
        """A keystroke, and the diagnostics published for it once the burst is quiet."""
        self.change(path, key)
        uri = path.as_uri()
        return self.client.wait(diagnostics_for(uri, self.versions[uri]))

    def edit_workout(self, workout: Path, plan: Path, key: Keystroke, value: Keystroke) -> None:
        """A keystroke on a workout, a hover at its cursor, then one on a week's value of the
        open plan, checked again with the edited workout."""
        self.edit(workout, key)
        self.hover(plan, value.line, value.start)

    def hover(self, path: Path, line: int, column: int) -> None:
        where = {"line": line, "character": column}
        result = self.client.request(
            "textDocument/hover", {"textDocument": {"uri": path.as_uri()}, "position": where}
        )
        assert result is not None, "no hover on a week's value"

    def close(self) -> None:
        self.client.close()


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


def initialize_times(folder: Path, runs: int) -> Timing:
    """From a server's start to its answer to `initialize`, a fresh process each run (after
    one untimed start); each server is shut down, untimed, before the next starts."""
    times: list[float] = []
    for run_number in range(runs + 1):
        started = time.perf_counter()
        client = LspClient([RIDEC, "lsp", "--stdio"])
        try:
            _initialize(client, folder)
            elapsed = time.perf_counter() - started
            client.notify("initialized", {})
        finally:
            client.close()
        if run_number:
            times.append(elapsed)
    return Timing("initialize answered, from the process start", tuple(times))


def run(workdir: Path, keystrokes: int, runs: int, starts: int) -> EditingResult:
    """Time `starts` server starts, `keystrokes` keystrokes on the shipped plan and as many
    on a generated 200-line one, half as many on a workout, some hovers, and a tenth as
    many saves under the preview."""
    folder = workdir / "editing"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(WORKOUTS, folder)
    plan, workout = folder / PLAN, folder / WORKOUT
    check = command([RIDEC, "check", plan])
    check()  # warm the bytecode cache, as the other shell benchmarks do
    started = initialize_times(folder, starts)
    long_plan = plans.write_plan(workdir / "long-plan", LONG_PLAN_LINES)
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
        last = session.edit_published(plan, Keystroke(line, column, column, ""))  # as shipped
        session.open(workout, "ride")
        at = _last_value(workout, "let on")
        swaps = [Keystroke(at[0], at[1], at[1] + 1, digit) for digit in ("3", "2")]
        count = max(2, keystrokes // 2)
        value = Keystroke(line, column, column, "")
        workout_times = [
            _timed(partial(session.edit_workout, workout, plan, swaps[i % 2], value))
            for i in range(count)
        ]
        hovers = [
            _timed(partial(session.hover, plan, line, column))
            for _ in range(max(1, keystrokes // 4))
        ]
        long_times, outlined = _long_plan_keystrokes(session, long_plan, keystrokes)
    finally:
        session.close()
    return EditingResult(
        keystrokes=keystrokes,
        plan=Pair(
            Timing("keystroke on the plan, answered", tuple(latencies)),
            Timing("ridec check PLAN (shell)", tuple(checks)),
        ),
        workout=Timing("keystroke on a workout, plan re-checked", tuple(workout_times)),
        hover=Timing("hover on a week's value", tuple(hovers)),
        starts=started,
        long_plan=Timing(
            f"keystroke on a generated {long_plan.lines}-line plan, answered", tuple(long_times)
        ),
        long_plan_outline=Timing(
            "keystroke on the generated plan, then its outline", tuple(outlined)
        ),
        long_plan_shape=long_plan,
        diagnostics_at_end=len(last["params"]["diagnostics"]),
        preview=Timing(
            "save shown by ridec preview",
            preview_saves.run(workdir, max(1, keystrokes // 10)),
        ),
    )


def _long_plan_keystrokes(
    session: _Session, long_plan: plans.GeneratedPlan, keystrokes: int
) -> tuple[list[float], list[float]]:
    """Keystrokes retyping a value of the generated plan, after a warm-up cycle; then a
    quarter as many followed by the outline."""
    path = long_plan.path
    problems = session.open(path, "plan")
    assert not problems, f"the generated plan has problems: {problems[:3]}"
    lines = path.read_text(encoding="utf-8").splitlines()
    line = long_plan.edited_line
    cycle = _retyping(line, len(lines[line]) - 2)
    for key in cycle:
        session.edit(path, key)
    answered = [
        _timed(partial(session.edit, path, cycle[i % len(cycle)])) for i in range(keystrokes)
    ]
    outlined = [
        _timed(partial(session.edit_outlined, path, cycle[i % len(cycle)]))
        for i in range(max(len(cycle), keystrokes // 4))
    ]
    return answered, outlined


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
