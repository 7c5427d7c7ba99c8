"""BENCHMARKS.md: the machine, the versions, a summary of ratios against targets, every figure.

Targets are stated as ratios of medians (subject over baseline); the FIT target, "at least
8x faster", is the ratio at most 1/8. fit-tool is the reference FIT encoder everywhere:
garmin-fit-sdk's licence forbids benchmarking with it. The optimisation history is hand-written in
`bench/optimisations.md` and copied in, so rerunning the benchmarks never loses it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from bench.balance import BalanceResult
from bench.dask_build import OVERHEAD_TARGET_S, DaskResult, WorkersResult
from bench.editing import (
    INITIALIZE_TARGET_S,
    LATENCY_TARGET_S,
    LONG_PLAN_TARGET_S,
    EditingResult,
    percentile,
)
from bench.environment import Environment
from bench.fit_encoding import FitResult
from bench.library import LibraryResult, MemoryResult
from bench.measure import Pair, Timing
from bench.preview_saves import UPDATE_TARGET_S
from bench.report_details import details
from bench.report_text import markdown_table, seconds, signed, spread, timed
from bench.shell import READS_PER_RUN, CompileResult, ImportResult

FIT_SPEEDUP = 8.0
CPU_OVER_FIT_TOOL = 1.0
CPU_OVER_FIT_TOOL_BUILDING = 0.5
BUILD_OVER_FLOOR = 2.0
COMPILE_OVER_IMPORTS = 1.3
VERSION_OVER_IMPORTS = 0.7
NOOP_OVER_BUILD = 0.05
IMPORT_OVER_LXML = 3.0
READ_OVER_LXML = 5.0
IMPORT_AT_SCALE_OVER_LXML = 15.0
MEMORY_MB = 150.0
BALANCE_OVER_READ = 1.5


METHOD = """## How it is measured

- Each benchmark runs in a fresh interpreter (what one leaves in memory must not slow the
  process starts of the next, nor show in its peak RSS).
- Subject and baseline run alternately, after a warm-up of each, so a change in the load of
  this shared machine moves both sides of a ratio. Times are `time.perf_counter` around the
  work, or around `subprocess.run` for commands; setup (emptying DIST) is not timed.
- CPU times are process CPU time, user + sys: for a build, `getrusage(RUSAGE_CHILDREN)`
  around it (the parent and every worker it reaped); for fit-tool, `time.process_time()`
  around each encoding. A shared machine's load moves wall times far more than CPU times.
- fit-tool (BSD-3-Clause) is the reference FIT encoder: garmin-fit-sdk's licence (the FIT
  Protocol License, clause 2(f)) forbids using it for benchmarking or competitive analysis,
  so it is not timed here; the tests keep it as an oracle of ridec's FIT bytes.
- Processes the benchmarks start cache compiled bytecode in the scratch folder
  (`PYTHONPYCACHEPREFIX`, `PYTHONDONTWRITEBYTECODE` unset), as an installed ridec does; the
  warm-ups fill the cache. Without it every `ridec` process would compile ridec's sources
  anew, while typer and lxml come precompiled from their wheels.
- Peak memory is sampled from `/proc` every 50 ms over the build's whole process tree (the
  parent and its `-j` workers): the summed PSS is held against the target, with the summed
  RSS and the kernel's peak RSS of the largest single process (`wait4`) beside it.
"""


@dataclass(frozen=True, slots=True)
class Results:
    """Whatever benchmarks ran (None for those left out with --only)."""

    fit: FitResult | None = None
    library: LibraryResult | None = None
    compile: CompileResult | None = None
    zwo: ImportResult | None = None
    memory: MemoryResult | None = None
    editing: EditingResult | None = None
    balance: BalanceResult | None = None
    dask: DaskResult | None = None


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the summary table."""

    name: str
    subject: str
    baseline: str
    ratio: str
    target: str
    met: bool | None
    """None: a figure reported for context, with no target of its own."""


def ratio_row(name: str, pair: Pair, limit: float | None, speedup: bool = False) -> Row:
    """A row comparing a pair's medians; `speedup` states it as "N x faster"."""
    ratio = f"{pair.ratio:.3g}x"
    if speedup:
        ratio += f" ({1 / pair.ratio:.3g}x faster)"
    if limit is None:
        target = "-"
    elif speedup:
        target = f"at least {1 / limit:g}x faster"
    else:
        target = f"at most {limit:g}x"
    met = None if limit is None else pair.ratio <= limit
    return Row(name, timed(pair.subject), timed(pair.baseline), ratio, target, met)


def _scaled(pair: Pair, factor: float) -> Pair:
    """The same pair with every time multiplied by `factor` (the ratio does not change)."""

    def scale(timing: Timing) -> Timing:
        return Timing(timing.label, tuple(s * factor for s in timing.seconds))

    return Pair(scale(pair.subject), scale(pair.baseline))


def summary_rows(results: Results) -> list[Row]:
    """Every benchmark that ran, as summary rows, in the issue's order."""
    rows: list[Row] = []
    if fit := results.fit:
        what = f"FIT encoding, {fit.workouts:,} workouts ({fit.messages:,} messages)"
        rows.append(ratio_row(what, fit.vs_fit_tool, 1 / FIT_SPEEDUP, speedup=True))
        what = "FIT full render from the timeline"
        rows.append(ratio_row(what, fit.render_vs_fit_tool, None, True))
    if lib := results.library:
        what = f"Library build CPU per workout, {lib.workouts:,} workouts, -j {lib.jobs}"
        rows.append(ratio_row(what, lib.cpu_vs_fit_tool, CPU_OVER_FIT_TOOL))
        what = f"Library build CPU per workout against fit-tool building the FIT, -j {lib.jobs}"
        rows.append(ratio_row(what, lib.cpu_vs_fit_tool_building, CPU_OVER_FIT_TOOL_BUILDING))
        what = f"Library build wall time, {lib.workouts:,} workouts x 5 formats, -j {lib.jobs}"
        rows.append(_spread_row(ratio_row(what, lib.build_vs_floor, BUILD_OVER_FLOOR), lib))
        plain = Pair(lib.build_vs_floor.subject, lib.floor_plain)
        rows.append(ratio_row("Library build against the floor without sync", plain, None))
    if one := results.compile:
        what = "Single compile from the shell"
        rows.append(_with_spread(ratio_row(what, one.pair, COMPILE_OVER_IMPORTS), one.pair))
        what = "`ridec --version` from the shell"
        rows.append(_with_spread(ratio_row(what, one.version, VERSION_OVER_IMPORTS), one.version))
    if lib := results.library:
        rows.append(ratio_row("No-op rebuild", lib.noop_vs_build, NOOP_OVER_BUILD))
    if zwo := results.zwo:
        what = f"Import of {zwo.files} ZWO files, from the shell"
        rows.append(ratio_row(what, zwo.shell, IMPORT_OVER_LXML))
        per_pass = _scaled(zwo.in_process, 1 / READS_PER_RUN)
        what = "ZWO reader in process, per pass"
        rows.append(_with_spread(ratio_row(what, per_pass, READ_OVER_LXML), per_pass))
        what = f"Import of {zwo.generated} generated ZWO files, from the shell"
        row = ratio_row(what, zwo.at_scale, IMPORT_AT_SCALE_OVER_LXML)
        rows.append(_with_spread(row, zwo.at_scale))
    if mem := results.memory:
        peak = mem.peak.tree_pss_mb
        rows.append(
            Row(
                f"Peak memory, build of {mem.workouts:,} workouts, -j {mem.jobs}",
                f"{peak:.0f} MB (all processes, PSS) / "
                f"{mem.peak.largest_process_mb:.0f} MB (largest process)",
                "-",
                "-",
                f"at most {MEMORY_MB:g} MB",
                peak <= MEMORY_MB,
            )
        )
    if edit := results.editing:
        rows.extend(_editing_rows(edit))
        shown = edit.preview
        p95 = percentile(shown.seconds, 95)
        rows.append(
            Row(
                f"Preview page updated after a save ({len(shown.seconds)} saves)",
                f"{seconds(shown.median)} median, {seconds(p95)} p95",
                "-",
                "-",
                f"p95 under {seconds(UPDATE_TARGET_S)}",
                p95 < UPDATE_TARGET_S,
            )
        )
    if ride := results.balance:
        what = f"Balance report CPU per one-hour ride, {ride.rides} rides"
        rows.append(ratio_row(what, ride.vs_fitparse, BALANCE_OVER_READ))
    if dask := results.dask:
        rows.extend(_dask_row(dask, count) for count in dask.counts)
    return rows


def _dask_row(dask: DaskResult, count: WorkersResult) -> Row:
    """The per-job overhead of a LocalCluster against the local runner, same workers."""
    noun = "worker" if count.workers == 1 else "workers"
    return Row(
        f"Dask overhead per job, {dask.workouts:,} workouts x {dask.athletes} athletes, "
        f"LocalCluster of {count.workers} {noun}",
        f"{seconds(count.dask.wall.median)} per job ({count.dask.wall.label})",
        f"{seconds(count.local.wall.median)} per job ({count.local.wall.label})",
        f"{signed(count.wall_overhead)} per job",
        f"overhead under {seconds(OVERHEAD_TARGET_S)} per job",
        count.wall_overhead < OVERHEAD_TARGET_S,
    )


def _spread_row(row: Row, lib: LibraryResult) -> Row:
    """The wall-time row with the floor's spread in its baseline cell."""
    floor = lib.build_vs_floor.baseline
    baseline = f"{seconds(floor.median)} ({floor.label}; {spread(floor)})"
    return Row(row.name, row.subject, baseline, row.ratio, row.target, row.met)


def _editing_rows(edit: EditingResult) -> list[Row]:
    """The editor's targets, absolute bounds: the keystrokes' held by their 95th percentile,
    the start's by its median (its spread beside it)."""
    pair, starts, long_plan = edit.plan, edit.starts, edit.long_plan
    shape = edit.long_plan_shape
    return [
        Row(
            f"Keystroke on the shipped plan answered by `ridec lsp` ({edit.keystrokes} keystrokes)",
            f"{seconds(pair.subject.median)} median, {seconds(edit.p95_s)} p95",
            timed(pair.baseline),
            f"{pair.ratio:.3g}x",
            f"p95 under {seconds(LATENCY_TARGET_S)}",
            edit.p95_s < LATENCY_TARGET_S,
        ),
        Row(
            f"Keystroke on a generated {shape.lines}-line plan ({shape.workouts} workouts x "
            f"{shape.weeks} weeks) answered by `ridec lsp` ({len(long_plan.seconds)} keystrokes)",
            f"{seconds(long_plan.median)} median, {seconds(edit.long_plan_p95_s)} p95",
            "-",
            "-",
            f"p95 at most {seconds(LONG_PLAN_TARGET_S)}",
            edit.long_plan_p95_s <= LONG_PLAN_TARGET_S,
        ),
        Row(
            f"`ridec lsp` answers `initialize`, from the process start ({len(starts.seconds)} "
            "starts)",
            spread(starts),
            "-",
            "-",
            f"median at most {seconds(INITIALIZE_TARGET_S)}",
            starts.median <= INITIALIZE_TARGET_S,
        ),
    ]


def _with_spread(row: Row, pair: Pair) -> Row:
    """The row with each side's spread over its runs (issue 23: ratios from one run, spread
    reported), and the ratio of the fastest runs beside the ratio of the medians."""
    subject, baseline = pair.subject, pair.baseline
    fastest = min(subject.seconds) / min(baseline.seconds)
    return Row(
        row.name,
        f"{row.subject}; {spread(subject)}",
        f"{row.baseline}; {spread(baseline)}",
        f"{row.ratio} (fastest runs {fastest:.3g}x)",
        row.target,
        row.met,
    )


README_START = "<!-- speed-table:start (written by make bench from BENCHMARKS.md) -->"
README_END = "<!-- speed-table:end -->"


def readme_table(rows: Sequence[Row], finished: dt.datetime, load: str) -> str:
    """The README's speed table: every summary row, as the run measured it."""
    table = markdown_table(
        ("benchmark", "ridec", "baseline", "ratio", "target"),
        ((r.name, r.subject, r.baseline, r.ratio, r.target + _verdict(r.met)) for r in rows),
    )
    return f"From the run of {finished:%Y-%m-%d %H:%M} UTC (load average {load}):\n\n{table}"


def _verdict(met: bool | None) -> str:
    return "" if met is None else (": met" if met else ": missed")


def with_readme_table(readme: str, table: str) -> str:
    """`readme` with the text between the speed-table markers replaced by `table`."""
    start, end = readme.index(README_START), readme.index(README_END)
    return readme[: start + len(README_START)] + "\n" + table + readme[end:]


def render(results: Results, env: Environment, notes: str, finished: dt.datetime) -> str:
    """The whole BENCHMARKS.md."""
    parts = [
        "# Benchmarks\n",
        f"Written by `make bench` (`python -m bench.run`) on {finished:%Y-%m-%d %H:%M} UTC; "
        "every figure below comes from that one run on this machine. Medians of timed runs "
        "after a warm-up; each ratio is ridec's median over its baseline's, the two measured "
        "alternately in the same run. Do not edit by hand: rerun `make bench` (the optimisation "
        "notes at the end come from `bench/optimisations.md`).\n",
        _environment(env),
        _summary(summary_rows(results)),
        details(results),
        METHOD,
        notes.strip() + "\n",
    ]
    return "\n".join(parts)


def _environment(env: Environment) -> str:
    rows = [(key, value) for key, value in env.rows()]
    return "## Machine and versions\n\n" + markdown_table(("", ""), rows)


def _summary(rows: Sequence[Row]) -> str:
    table = markdown_table(
        ("benchmark", "ridec", "baseline", "ratio", "target", "met"),
        ((r.name, r.subject, r.baseline, r.ratio, r.target, _met(r.met)) for r in rows),
    )
    return "## Summary\n\n" + table


def _met(met: bool | None) -> str:
    return "-" if met is None else ("**yes**" if met else "**no**")


