"""Where a library build's CPU goes: `python -m bench.profile_build [N]`.

Builds N generated workouts (200 by default) in this process (`-j 1`, so the profile sees
every job) under cProfile, after a small warm-up build, and prints the CPU per workout and
the share of the build spent in each part: the renders and checks of each format, the
index card (statistics, SVG chart), parsing the source, the writes. The shares are of the
profiled time (cProfile slows Python calls more than C work, so they are approximate);
the CPU per workout is measured without the profiler.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.generate import write_library

PARTS = (
    ("parse and check the source", "ridec/pipeline.py", "load_declared"),
    ("lower to the timeline", "ridec/timeline.py", "lower"),
    ("ZWO render", "formats/zwo/writer.py", "render"),
    ("ZWO check", "formats/zwo/writer.py", "validate"),
    ("ERG and MRC renders", "formats/ergmrc/writer.py", "render"),
    ("ERG and MRC checks", "formats/ergmrc/writer.py", "validate"),
    ("FIT render", "formats/fit/writer.py", "render"),
    ("FIT check", "formats/fit/writer.py", "validate"),
    ("JSON render", "formats/json/writer.py", "render"),
    ("JSON check", "formats/json/writer.py", "validate"),
    ("card: statistics", "ridec/stats.py", "workout_stats"),
    ("card: SVG chart", "charts/svg.py", "workout_chart"),
    ("atomic writes", "library/outdir.py", "write"),
)
"""(what, file ending, function): the parts reported, by their cumulative time."""


def build(library: Path, dist: Path) -> None:
    """`ridec build LIBRARY -o DIST -j 1 -q` in this process."""
    from ridec.cli import main

    shutil.rmtree(dist, ignore_errors=True)
    sys.argv = ["ridec", "build", str(library), "-o", str(dist), "-j", "1", "-q"]
    try:
        main()
    except SystemExit as exc:
        if exc.code:
            raise RuntimeError(f"ridec build exited {exc.code}") from None


def profile(workouts: int, workdir: Path) -> tuple[float, list[tuple[str, float]]]:
    """CPU seconds per workout (unprofiled) and each part's share of the profiled build."""
    warm, library, dist = workdir / "warm", workdir / "library", workdir / "dist"
    write_library(warm, 5, seed=1)
    write_library(library, workouts)
    build(warm, workdir / "warm-dist")
    started = time.process_time()
    build(library, dist)
    cpu = (time.process_time() - started) / workouts
    profiler = cProfile.Profile()
    profiler.runcall(build, library, dist)
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = max(cumulative for (_, _, _, cumulative, _) in stats.values())
    shares = []
    for what, ending, function in PARTS:
        spent = sum(
            row[3]
            for (path, _, name), row in stats.items()
            if path.endswith(ending) and name == function
        )
        shares.append((what, spent / total))
    shares.append(
        (
            "everything else (index, manifest, hashing, the build's own work)",
            1 - sum(share for _, share in shares),
        )
    )
    return cpu, shares


def main(argv: Sequence[str] | None = None) -> None:
    """Print the CPU per workout and each part's share."""
    parser = argparse.ArgumentParser(prog="python -m bench.profile_build", description=__doc__)
    parser.add_argument("workouts", nargs="?", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ridec-profile-") as folder:
        cpu, shares = profile(args.workouts, Path(folder))
    print(f"CPU per workout, unprofiled: {cpu * 1000:.1f} ms ({args.workouts} workouts, -j 1)")
    for what, share in shares:
        print(f"{share:6.1%}  {what}")


if __name__ == "__main__":
    main()
