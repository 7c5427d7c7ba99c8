"""BENCHMARKS.md's "Every figure": each benchmark's runs, sizes and what they show."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench.balance import BalanceResult
from bench.dask_build import DaskResult
from bench.editing import EditingResult, percentile
from bench.fit_encoding import FitResult
from bench.library import LibraryResult, MemoryResult
from bench.report_text import markdown_table, runs, seconds, signed
from bench.shell import READS_PER_RUN, CompileResult, ImportResult

if TYPE_CHECKING:
    from bench.report import Results


def details(results: Results) -> str:
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
        + runs(timings)
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
    spreads = markdown_table(
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
        + runs([cpu.subject, cpu.baseline, lib.cpu_vs_fit_tool_building.baseline])
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
        + runs([full.subject, full.baseline, lib.floor_plain, lib.noop_vs_build.subject])
        + f"\n{same} A no-op rebuild reports: `{lib.noop_summary}`.\n"
    )


def _compile_details(one: CompileResult) -> str:
    return (
        f"### Single compile ({one.source_lines}-line generated workout)\n\n"
        + runs([one.pair.subject, one.pair.baseline])
        + f"\nWrote: {', '.join(one.outputs)}.\n\n"
        "`ridec --version` against starting Python and importing typer and lxml (no writes):\n\n"
        + runs([one.version.subject, one.version.baseline])
    )


def _import_details(zwo: ImportResult) -> str:
    per_pass = 1 / READS_PER_RUN
    return (
        f"### ZWO import ({zwo.files} files)\n\n"
        f"ridec read {zwo.read} of them into workouts and lxml parsed {zwo.parsed} (both refuse "
        f"empty files; ridec also refuses what is not a bike workout). From the shell: "
        f"`ridec import FILES -o DIR` (DIR emptied and flushed before each run, untimed) "
        f"against a Python process parsing the same files with lxml.\n\n"
        + runs([zwo.shell.subject, zwo.shell.baseline])
        + f"\nIn process, one pass over the files (median of runs of {READS_PER_RUN} passes):\n\n"
        + runs([zwo.in_process.subject, zwo.in_process.baseline], per_pass)
        + f"\nAt scale: {zwo.generated} generated workouts (bench/generate.py, another seed "
        f"than the library's) written as ZWO by ridec, then `ridec import FILES -o DIR` "
        f"against a Python process parsing them with lxml:\n\n"
        + runs([zwo.at_scale.subject, zwo.at_scale.baseline])
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
    table = markdown_table(("what", "runs", "fastest", "median", "p90", "p95", "slowest"), rows)
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
        + runs([pair.subject, pair.baseline])
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
    table = markdown_table(("per job", "wall", "every run", "CPU", "every run"), rows)
    overheads = "\n".join(
        f"- {count.workers} worker(s): Dask adds {signed(count.wall_overhead)} of wall time "
        f"and {signed(count.cpu_overhead)} of CPU per job; the LocalCluster started in "
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
