"""`make bench`: run every benchmark and write BENCHMARKS.md.

`python -m bench.run` uses the issue's sizes: about 12-17 minutes on this 2-core machine,
depending on its load; most of it is the 10,000-workout memory build, the six 500-workout
builds with their floors, fit-tool's encodings (tens of milliseconds per workout), the
shell commands and fitparse reading fifty one-hour rides four times (half a second each).
The wall-time build runs use 500 workouts, not thousands: CPU per workout is the stable
figure, and the floor's spread over five runs is reported instead. `--quick`
runs everything at toy sizes, to check the machinery, not to measure. Nothing asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from bench import balance, dask_build, editing, environment, fit_encoding, library, shell
from bench.measure import cached_bytecode, isolated
from bench.report import Results, readme_table, render, summary_rows, with_readme_table

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "BENCHMARKS.md"
README = ROOT / "README.md"
"""Its speed table is rewritten from the summary after a full run of every benchmark."""
NOTES = Path(__file__).with_name("optimisations.md")
CORPUS = ROOT / "tests" / "corpus" / "zwo"
"""The ZWO files the repository carries (`tests/corpus/SOURCES.md`); `--corpus` takes others."""
BENCHMARKS = ("fit", "library", "compile", "import", "memory", "lsp", "balance", "dask")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Sizes:
    """How much work each benchmark does, and how many timed runs it takes."""

    fit_workouts: int = 500
    library: int = 500
    memory_library: int = 10_000
    jobs: int = 2
    runs: int = 5
    """Timed runs of the in-process benchmarks, the no-op rebuild and the full builds (the
    floor's spread is reported over these)."""
    slow_runs: int = 3
    """Timed runs of the costly ones: the FIT encoders (fit-tool takes seconds)."""
    shell_runs: int = 25
    """Timed runs of the single-process commands (a tenth of a second each), and starts of
    `ridec lsp` timed to its answer to `initialize`."""
    generated_zwo: int = 300
    """Generated workouts written as ZWO and imported at once (about a second a run)."""
    scale_runs: int = 9
    """Timed runs of that import: its wall time swings with the load, so more than `runs`."""
    keystrokes: int = 200
    """Keystrokes typed into the shipped plan under `ridec lsp`, and as many into a generated
    200-line plan (milliseconds each)."""
    balance_rides: int = 50
    """One-hour rides `ridec balance` reports on (fitparse takes about half a second each)."""
    dask_workouts: int = 2_000
    """Workouts of the library built on a LocalCluster and on the process pool (x 3 athletes)."""
    dask_runs: int = 2
    """Builds of it on each side, per worker count (a 1-worker build takes minutes)."""


FULL = Sizes()
QUICK = Sizes(
    fit_workouts=3,
    library=4,
    memory_library=6,
    runs=1,
    slow_runs=1,
    shell_runs=1,
    generated_zwo=3,
    scale_runs=1,
    keystrokes=4,
    balance_rides=2,
    dask_workouts=4,
    dask_runs=1,
)


def run_benchmarks(names: Sequence[str], sizes: Sizes, workdir: Path, corpus: Path) -> Results:
    """Run the named benchmarks, in the issue's order, printing progress to stderr."""

    def step(name: str, benchmark: Callable[..., T], *args: object) -> T | None:
        if name not in names:
            return None
        started = time.perf_counter()
        _say(f"bench: {name} ...")
        result = isolated(benchmark, *args)
        _say(f"bench: {name} done in {time.perf_counter() - started:.0f} s")
        return result

    runs, slow, jobs = sizes.runs, sizes.slow_runs, sizes.jobs
    return Results(
        fit=step("fit", fit_encoding.run, sizes.fit_workouts, slow),
        library=step("library", library.run, workdir, sizes.library, jobs, runs, runs),
        compile=step("compile", shell.single_compile, workdir, sizes.shell_runs),
        zwo=step(
            "import",
            shell.zwo_import,
            workdir,
            corpus,
            sizes.shell_runs,
            sizes.generated_zwo,
            sizes.scale_runs,
        ),
        memory=step("memory", library.memory, workdir, sizes.memory_library, jobs),
        editing=step("lsp", editing.run, workdir, sizes.keystrokes, runs, sizes.shell_runs),
        balance=step("balance", balance.run, workdir, sizes.balance_rides, slow),
        dask=step("dask", dask_build.run, workdir, sizes.dask_workouts, sizes.dask_runs),
    )


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="toy sizes: check, do not measure")
    parser.add_argument("--only", default=",".join(BENCHMARKS), help="comma-separated subset")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="the report to write")
    parser.add_argument("--workdir", type=Path, help="scratch folder (default: a temporary one)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder of .zwo files")
    parser.add_argument(
        "--readme", type=Path, default=README, help="README whose speed table a full run rewrites"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> Results:
    """Run, write the report, print the summary; returns the results (for tests)."""
    args = _arguments(argv)
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = sorted(set(names) - set(BENCHMARKS))
    if unknown:
        raise SystemExit(f"unknown benchmark(s) {unknown}: choose from {', '.join(BENCHMARKS)}")
    env = environment.gather()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="ridec-bench-"))
    try:
        with cached_bytecode(workdir / "bytecode"):
            results = run_benchmarks(names, QUICK if args.quick else FULL, workdir, args.corpus)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    notes = NOTES.read_text(encoding="utf-8") if NOTES.exists() else ""
    now = dt.datetime.now(dt.UTC)
    finished = env.finished()
    args.output.write_text(render(results, finished, notes, now), encoding="utf-8")
    if not args.quick and set(names) == set(BENCHMARKS):
        load = f"{finished.load_before} at the start, {finished.load_after} at the end"
        table = readme_table(summary_rows(results), now, load)
        readme = args.readme.read_text(encoding="utf-8")
        args.readme.write_text(with_readme_table(readme, table), encoding="utf-8")
        _say(f"bench: rewrote the speed table of {args.readme}")
    for row in summary_rows(results):
        met = "" if row.met is None else ("  met" if row.met else "  MISSED")
        _say(f"{row.name}: {row.ratio if row.ratio != '-' else row.subject}{met}")
    _say(f"bench: wrote {args.output}")
    return results


if __name__ == "__main__":
    main()
