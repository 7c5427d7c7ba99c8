"""BENCHMARKS.md: the machine, the versions, a summary of ratios against targets, every figure.

Targets are stated as ratios of medians (subject over baseline); the FIT target, "at least
8x faster", is the ratio at most 1/8. fit-tool is the reference FIT encoder everywhere:
garmin-fit-sdk's licence forbids benchmarking with it. The optimisation history is hand-written in
`bench/optimisations.md` and copied in, so rerunning the benchmarks never loses it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
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


def seconds(value: float) -> str:
    """`0.412 s`, `38.1 ms`, `512 us`: three significant figures in a readable unit."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if value >= scale or unit == "us":
            return f"{value / scale:.3g} {unit}"
    raise AssertionError("unreachable")


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
    return Row(name, _timed(pair.subject), _timed(pair.baseline), ratio, target, met)


def _scaled(pair: Pair, factor: float) -> Pair:
    """The same pair with every time multiplied by `factor` (the ratio does not change)."""

    def scale(timing: Timing) -> Timing:
        return Timing(timing.label, tuple(s * factor for s in timing.seconds))

    return Pair(scale(pair.subject), scale(pair.baseline))


def _timed(timing: Timing) -> str:
    return f"{seconds(timing.median)} ({timing.label})"


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
        f"{_signed(count.wall_overhead)} per job",
        f"overhead under {seconds(OVERHEAD_TARGET_S)} per job",
        count.wall_overhead < OVERHEAD_TARGET_S,
    )


def _signed(value: float) -> str:
    return ("+" if value >= 0 else "-") + seconds(abs(value))


def spread(timing: Timing) -> str:
    """`5 runs: 1.2 s min, 1.4 s median, 3.1 s max`."""
    runs = timing.seconds
    return (
        f"{len(runs)} runs: {seconds(min(runs))} min, {seconds(timing.median)} median, "
        f"{seconds(max(runs))} max"
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
            _timed(pair.baseline),
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
    table = _table(
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
        _details(results),
        METHOD,
        notes.strip() + "\n",
    ]
    return "\n".join(parts)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _environment(env: Environment) -> str:
    rows = [(key, value) for key, value in env.rows()]
    return "## Machine and versions\n\n" + _table(("", ""), rows)


def _summary(rows: Sequence[Row]) -> str:
    table = _table(
        ("benchmark", "ridec", "baseline", "ratio", "target", "met"),
        ((r.name, r.subject, r.baseline, r.ratio, r.target, _met(r.met)) for r in rows),
    )
    return "## Summary\n\n" + table


def _met(met: bool | None) -> str:
    return "-" if met is None else ("**yes**" if met else "**no**")


def _details(results: Results) -> str:
    sections = ["## Every figure\n"]
    if results.fit:
        sections.append(_fit_details(results.fit))
    if results.library:
        sections.append(_library_details(results.library))
    if results.compile:
        sections.append(_compile_details(results.compile))
    if results.zwo:
        sections.append(_import_details(results.zwo))
    if results.memory:
        sections.append(_memory_details(results.memory))
    if results.editing:
        sections.append(_editing_details(results.editing))
    if results.balance:
        sections.append(_balance_details(results.balance))
    if results.dask:
        sections.append(_dask_details(results.dask))
    return "\n".join(sections)


def _runs(timings: Iterable[Timing], scale: float = 1.0) -> str:
    rows = (
        (t.label, seconds(t.median * scale), ", ".join(seconds(s * scale) for s in t.seconds))
        for t in timings
    )
    return _table(("what", "median", "every run"), rows)


def _fit_details(fit: FitResult) -> str:
    timings = [fit.vs_fit_tool.subject, fit.vs_fit_tool.baseline]
    timings += [fit.writer_vs_fit_tool.subject, fit.render_vs_fit_tool.subject]
    per_workout = 1 / fit.workouts
    return (
        f"### FIT encoding ({fit.workouts:,} workouts, {fit.messages:,} messages per run)\n\n"
        "Each encoder gets the same messages in its own input form, made before the clock "
        "starts (ridec `Message`s with their field specs, fit-tool's message objects with "
        "their fields set), so neither resolves field names while timed. ridec's CRC bit "
        "planes are dropped before each of its runs, so every run builds them once, as a "
        "fresh process does. The four tasks run in rounds, one run of each per round. "
        "fit-tool is the reference: garmin-fit-sdk's licence forbids benchmarking with it.\n\n"
        + _runs(timings)
        + "\nPer workout (medians): "
        + ", ".join(f"{t.label} {seconds(t.median * per_workout)}" for t in timings)
        + ".\n\n"
        f"- ridec's writer path (step records) gives the encoder's bytes for "
        f"{fit.writer_equal:,} of {fit.workouts:,} workouts, `FitWriter.render` from the "
        f"timeline for {fit.render_equal:,}.\n"
        f"- fit-tool writes fields in profile order under one local message type, so its bytes "
        f"differ; decoded with fitparse (CRC checked, raw values), {fit.fit_tool_decoded_equal} "
        f"of {fit.decoded_sample} sampled files read back exactly as ridec's do.\n"
        f"- The writer path on the same messages: {1 / fit.writer_vs_fit_tool.ratio:.3g}x "
        f"faster than fit-tool. The full render (lowering, ramps to steps, repeat folding, "
        f"encoding) against fit-tool encoding ready-made messages: "
        f"{1 / fit.render_vs_fit_tool.ratio:.3g}x faster.\n"
    )


def _library_details(lib: LibraryResult) -> str:
    full = lib.build_vs_floor
    same = (
        "The floor's tree and the last build's are identical, file for file."
        if not lib.differing
        else f"{len(lib.differing)} files differ between the floor's tree and the last build's "
        f"(first: {', '.join(lib.differing[:5])})."
    )
    cpu = lib.cpu_vs_fit_tool
    spreads = _table(
        ("what", "runs", "min", "median", "max"),
        (
            (t.label, str(len(t.seconds)), seconds(min(t.seconds)), seconds(t.median),
             seconds(max(t.seconds)))
            for t in (full.subject, full.baseline, lib.floor_plain)
        ),
    )  # fmt: skip
    return (
        f"### Library build ({lib.workouts:,} workouts, -j {lib.jobs})\n\n"
        f"CPU per workout: each full build's process CPU time (user + sys of the parent and "
        f"its workers) over {lib.workouts:,}, against fit-tool's CPU time to encode the same "
        f"workouts' FIT alone (messages made untimed, then `FitFileBuilder`), per workout, "
        f"and against fit-tool building those messages (its message objects, each field's "
        f"value set from ridec's messages, which are made untimed) and encoding them. "
        f"The build compiles five formats, checks each, and writes them with the index "
        f"card (statistics and an SVG chart) in `index.html`, and the manifest.\n\n"
        + _runs([cpu.subject, cpu.baseline, lib.cpu_vs_fit_tool_building.baseline])
        + f"\nA build of one workout takes {seconds(lib.startup_cpu_s)} of CPU (start-up of the "
        f"parent and its workers included): about {seconds(lib.startup_cpu_s / lib.workouts)} "
        f"of each workout's figure above is that fixed cost, spread over {lib.workouts:,}.\n"
        + f"\nWall time: one build writes {lib.files:,} files, {lib.megabytes:.1f} MB "
        f"(outputs, `index.html` with the cards, `manifest.json`). Full builds start from an "
        f"empty DIST, flushed (`os.sync()`, untimed) so no run pays for the last one's writes; "
        f"the three tasks run in rounds. The fsync policy is the same on both sides of the "
        f"target: `ridec build` writes its outputs without a per-file fsync and ends with "
        f"`os.sync()` (before its manifest vouches for them); the floor + sync writes the "
        f"same bytes to the same paths and ends with `os.sync()`. The plain floor (no sync) is "
        f"shown for context. The floor is I/O on a disk other work shares: its spread is part "
        f"of the result.\n\n"
        + spreads
        + "\n"
        + _runs([full.subject, full.baseline, lib.floor_plain, lib.noop_vs_build.subject])
        + f"\n{same} A no-op rebuild reports: `{lib.noop_summary}`.\n"
    )


def _compile_details(one: CompileResult) -> str:
    return (
        f"### Single compile ({one.source_lines}-line generated workout)\n\n"
        + _runs([one.pair.subject, one.pair.baseline])
        + f"\nWrote: {', '.join(one.outputs)}.\n\n"
        "`ridec --version` against starting Python and importing typer and lxml (no writes):\n\n"
        + _runs([one.version.subject, one.version.baseline])
    )


def _import_details(zwo: ImportResult) -> str:
    per_pass = 1 / READS_PER_RUN
    return (
        f"### ZWO import ({zwo.files} files)\n\n"
        f"ridec read {zwo.read} of them into workouts and lxml parsed {zwo.parsed} (both refuse "
        f"empty files; ridec also refuses what is not a bike workout). From the shell: "
        f"`ridec import FILES -o DIR` (DIR emptied and flushed before each run, untimed) "
        f"against a Python process parsing the same files with lxml.\n\n"
        + _runs([zwo.shell.subject, zwo.shell.baseline])
        + f"\nIn process, one pass over the files (median of runs of {READS_PER_RUN} passes):\n\n"
        + _runs([zwo.in_process.subject, zwo.in_process.baseline], per_pass)
        + f"\nAt scale: {zwo.generated} generated workouts (bench/generate.py, another seed "
        f"than the library's) written as ZWO by ridec, then `ridec import FILES -o DIR` "
        f"against a Python process parsing them with lxml:\n\n"
        + _runs([zwo.at_scale.subject, zwo.at_scale.baseline])
    )


def _memory_details(mem: MemoryResult) -> str:
    peak = mem.peak
    return (
        f"### Peak memory ({mem.workouts:,} workouts, -j {mem.jobs})\n\n"
        f"- All processes together (the build and its workers, sampled every 50 ms from "
        f"`/proc/PID/smaps_rollup`, {peak.samples} samples), proportional set sizes summed, "
        f"each shared page counted once: **{peak.tree_pss_mb:.1f} MB**. This is the figure "
        f"held against the target.\n"
        f"- The same with resident sets summed: {peak.tree_rss_mb:.1f} MB. This counts the "
        f"pages forked workers share with the parent (interpreter, libraries) once per "
        f"process, so it overstates the total.\n"
        f"- Largest single process (the kernel's peak RSS, `wait4`): "
        f"{peak.largest_process_mb:.1f} MB.\n"
        f"- The build took {seconds(peak.seconds)}.\n"
    )


def _editing_details(edit: EditingResult) -> str:
    rows = [
        (
            timing.label,
            str(len(timing.seconds)),
            seconds(min(timing.seconds)),
            seconds(timing.median),
            seconds(percentile(timing.seconds, 90)),
            seconds(percentile(timing.seconds, 95)),
            seconds(max(timing.seconds)),
        )
        for timing in (
            edit.plan.subject,
            edit.long_plan,
            edit.long_plan_outline,
            edit.workout,
            edit.hover,
            edit.starts,
            edit.plan.baseline,
            edit.preview,
        )
    ]
    table = _table(("what", "runs", "fastest", "median", "p90", "p95", "slowest"), rows)
    shape = edit.long_plan_shape
    return (
        f"### Editing: `ridec lsp` on the shipped library ({edit.keystrokes} keystrokes)\n\n"
        "A server started as an editor starts it, the plan (and then `standing.ride`) open. A "
        "keystroke is an incremental change followed by a hover at the cursor, timed from "
        "sending the change to receiving the hover, which the server answers from its "
        "analysis of the new text (diagnostics wait for 0.25 s of quiet after a burst, the "
        "server's debounce, so they would time the debounce). On the plan, the last value of "
        "`on:` deleted and typed again one character at a time (half the states have "
        "errors); on the workout, `let on = 2m` to `3m` and back, then a hover on the plan's "
        "value (the plan is checked again with the edited workout). The generated plan "
        "(`bench/plans.py`): "
        f"{shape.lines} lines, {shape.workouts} workouts (the shipped ones, numbered) over "
        f"{shape.weeks} weeks, the last value of an `on:` list in its middle retyped the same "
        "way, then a quarter as many keystrokes each followed by the outline an editor asks "
        "for after a change (`textDocument/documentSymbol`: every workout and parameter of "
        "the plan as LSP symbols). `initialize` is timed from starting a fresh server to its "
        "answer, once per start. The shell baseline, `ridec check PLAN`, ran between bursts "
        "of keystrokes. The preview: `ridec preview standing.ride` running, a client reading "
        "its event stream as the page does, each save a new file renamed over the workout, "
        "timed until the new view arrives (the watcher waits for the file to stay unchanged "
        "for 50 ms first).\n\n"
        + table
        + f"\nAfter the last keystroke on the shipped plan, its diagnostics (published after "
        f"the debounce) had {edit.diagnostics_at_end} problems, as shipped.\n"
    )


def _balance_details(ride: BalanceResult) -> str:
    pair = ride.vs_fitparse
    shares = ", ".join(
        f"{where} {pct:.2f} %"
        for where, pct in (("outdoors", ride.outdoor_left_pct), ("indoors", ride.indoor_left_pct))
        if pct is not None
    )
    return (
        f"### Balance across rides ({ride.rides} one-hour rides, {ride.megabytes:.1f} MB)\n\n"
        f"Each ride holds {ride.records:,} records a second apart (the record layout of a "
        f"Garmin Edge with power pedals), timer events, laps and a session, written by ridec's "
        f"own encoder. CPU time (user + sys) per ride: `ridec.balance` over every file and "
        f"its JSON document, against fitparse decoding every message of every file and "
        f"nothing else (it read {ride.fitparse_records:,} records a pass), alternately, "
        f"after a warm-up.\n\n"
        + _runs([pair.subject, pair.baseline])
        + f"\nThe report's left leg's share: {shares}.\n"
    )


def _dask_details(dask: DaskResult) -> str:
    rows = []
    for count in dask.counts:
        for side in (count.local, count.dask):
            rows.append((
                side.wall.label,
                seconds(side.wall.median),
                ", ".join(seconds(s) for s in side.wall.seconds),
                seconds(side.cpu.median),
                ", ".join(seconds(s) for s in side.cpu.seconds),
            ))  # fmt: skip
    table = _table(("per job", "wall", "every run", "CPU", "every run"), rows)
    overheads = "\n".join(
        f"- {count.workers} worker(s): Dask adds {_signed(count.wall_overhead)} of wall time "
        f"and {_signed(count.cpu_overhead)} of CPU per job; the LocalCluster started in "
        f"{seconds(count.startup_s)} (not counted); "
        + (
            "the two DISTs are identical, file for file (the manifest's `runner` aside)."
            if not count.differing
            else f"{len(count.differing)} files differ: {', '.join(count.differing[:5])}."
        )
        for count in dask.counts
    )
    return (
        f"### Builds on a Dask LocalCluster ({dask.workouts:,} workouts x {dask.athletes} "
        f"athletes, {dask.runs} runs per side)\n\n"
        "Each job writes the shared formats, an ERG file per athlete and a card. For each "
        "worker count, the local runner (`-j N`: a process pool, or the build's own process "
        "for 1) and a LocalCluster of N one-thread worker processes, started once, build "
        "alternately into an emptied DIST. CPU counts every process that worked for the build "
        "(for Dask: the scheduler, nannies and the writing of DIST in the build's process, "
        "and the workers). Per job, medians and every run:\n\n" + table + "\n" + overheads + "\n"
    )
