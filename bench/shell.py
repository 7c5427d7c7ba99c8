"""What a rider or coach waits for at the shell: one compile, `--version`, importing ZWO files.

Each is a fresh process, as from a terminal, against a plain Python process doing the least
the same job needs: importing typer and lxml for a compile (and for `--version`, which
should need neither); parsing the same files with lxml for an import, of the corpus and of
300 generated workouts written as ZWO. The ZWO reader is also timed in process against
lxml's parse alone.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

import ridec
from bench.generate import generate
from bench.library import RIDEC, _emptied
from bench.measure import Pair, Task, command, measure_pair
from ridec.diagnostics import DiagnosticError
from ridec.formats.zwo.reader import read_zwo

IMPORT_FLOOR = "import typer, lxml.etree"
"""The baseline of a single compile: starting Python with the CLI framework and the XML library."""
IMPORT_FLOOR_WRITES = f"""
import os, sys
{IMPORT_FLOOR}
expected, out = sys.argv[1], sys.argv[2]
for name in sys.argv[3:]:
    with open(os.path.join(expected, name), "rb") as source:
        data = source.read()
    temporary = os.path.join(out, name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.write(fd, data)
    os.fsync(fd)
    os.close(fd)
    os.replace(temporary, os.path.join(out, name))
"""
"""The floor with the compile's fsync policy: after the imports, the same files written with
an fsync each and renamed into place, as `ridec compile` writes its outputs."""
LXML_PARSE = """
import sys
from lxml import etree
for path in sys.argv[1:]:
    try:
        etree.fromstring(open(path, "rb").read())
    except etree.XMLSyntaxError:
        pass
"""
"""The baseline of an import: the same files parsed by lxml and nothing else."""
READS_PER_RUN = 20
"""In-process passes over the corpus per timed run (one pass takes milliseconds)."""
CANDIDATES = 51
"""The single compile's workout is the median-sized one of this many generated ones."""
IMPORT_EXIT_CODES = (0, 1)
"""`ridec import` exits 1 when some file cannot be read (the corpus has empty files).
Every run imports into an emptied folder, flushed untimed (`bench.library._emptied`), as a
first import does (into the last run's files, every run after the first only refused to
replace them, and wrote nothing)."""
GENERATED_SEED = 2323
"""Seed of the generated workouts imported at scale (not the library's: other workouts)."""
Files = Sequence[tuple[str, bytes]]
"""(path, bytes) of each file, read before the clock starts."""


@dataclass(frozen=True, slots=True)
class CompileResult:
    """`ridec compile one.ride -t all -o DIR` against starting Python with typer and lxml and
    writing the same files with an fsync each."""

    source_lines: int
    outputs: tuple[str, ...]
    """Files the compile wrote."""
    pair: Pair
    version: Pair
    """`ridec --version` against starting Python with typer and lxml (no writes)."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    """Importing every ZWO of a folder, from the shell and in process, against lxml."""

    files: int
    read: int
    """Files ridec read into a workout (the others are reported as errors, as lxml fails them)."""
    parsed: int
    """Files lxml parsed."""
    shell: Pair
    """`ridec import FILES -o DIR` against a Python process parsing them with lxml."""
    in_process: Pair
    """`read_zwo` on each file's bytes against `lxml.etree.fromstring`, no process start."""
    generated: int
    """Generated workouts written as ZWO for the import at scale."""
    at_scale: Pair
    """`ridec import` of the generated files against a Python process parsing them with lxml."""


def single_compile(workdir: Path, runs: int, seed: int = 2026) -> CompileResult:
    """Time one compile to every target against the import floor, with the same fsync policy:
    ridec writes each output atomically with an fsync, and so does the floor, after its
    imports, with the same files' bytes (read from a copy, in the page cache)."""
    source = _median_workout(seed)
    path, out = workdir / "one.ride", workdir / "one"
    path.write_text(source, encoding="utf-8")
    ridec: list[str | Path] = [RIDEC, "compile", path, "-t", "all", "-o", out]
    command(ridec)()
    outputs = tuple(sorted(p.name for p in out.iterdir()))
    expected, floor_out = workdir / "one.expected", workdir / "one.floor"
    for folder in (expected, floor_out):
        folder.mkdir(exist_ok=True)
    for name in outputs:
        (expected / name).write_bytes((out / name).read_bytes())
    floor: list[str | Path] = [sys.executable, "-c", IMPORT_FLOOR_WRITES, expected, floor_out]
    floor += outputs
    pair = measure_pair(
        Task("ridec compile -t all", command(ridec)),
        Task("python: import typer, lxml.etree; write the same files, fsync each", command(floor)),
        runs,
        warmups=2,
    )
    version = measure_pair(
        Task("ridec --version", command([RIDEC, "--version"])),
        Task(f"python: {IMPORT_FLOOR}", command([sys.executable, "-c", IMPORT_FLOOR])),
        runs,
        warmups=2,
    )
    return CompileResult(source.count("\n"), outputs, pair, version)


def _median_workout(seed: int) -> str:
    sources = sorted((source for _, source in generate(CANDIDATES, seed)), key=len)
    return sources[len(sources) // 2]


def zwo_import(
    workdir: Path, corpus: Path, runs: int, generated: int, scale_runs: int
) -> ImportResult:
    """Time importing every `.zwo` in `corpus`, from the shell and in process, and
    `generated` workouts written as ZWO, from the shell (`scale_runs` runs: seconds each)."""
    paths = sorted(corpus.glob("*.zwo"))
    out = workdir / "imported"
    importing = command([RIDEC, "import", *paths, "-o", out], IMPORT_EXIT_CODES)
    shell = measure_pair(
        Task("ridec import", importing, setup=_emptied(out)),
        Task("python: lxml parse", command([sys.executable, "-c", LXML_PARSE, *paths])),
        runs,
        warmups=2,
    )
    files = [(str(p), p.read_bytes()) for p in paths]
    in_process = measure_pair(
        Task("read_zwo", lambda: _passes(read_files, files)),
        Task("lxml.etree.fromstring", lambda: _passes(parse_files, files)),
        runs,
    )
    written = write_generated_zwo(workdir / "generated", generated)
    scale_out = workdir / "imported-generated"
    emptied = _emptied(scale_out)
    at_scale = measure_pair(
        Task("ridec import", command([RIDEC, "import", *written, "-o", scale_out]), emptied),
        Task("python: lxml parse", command([sys.executable, "-c", LXML_PARSE, *written])),
        scale_runs,
    )
    return ImportResult(
        files=len(paths),
        read=read_files(files),
        parsed=parse_files(files),
        shell=shell,
        in_process=in_process,
        generated=len(written),
        at_scale=at_scale,
    )


def write_generated_zwo(folder: Path, count: int) -> list[Path]:
    """`count` generated workouts written by ridec as ZWO into `folder` (untimed)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for stem, source in generate(count, GENERATED_SEED):
        path = folder / f"{stem}.zwo"
        workout = ridec.parse(source, f"{stem}.ride")
        path.write_bytes(ridec.compile(workout, "zwo")[0].data)
        paths.append(path)
    return paths


def _passes(read: Callable[[Files], int], files: Files) -> None:
    for _ in range(READS_PER_RUN):
        read(files)


def read_files(files: Files) -> int:
    """Read each file with ridec's ZWO reader; how many gave a workout."""
    read = 0
    for path, data in files:
        try:
            read_zwo(data, path)
        except DiagnosticError:
            continue
        read += 1
    return read


def parse_files(files: Files) -> int:
    """Parse each file with lxml alone; how many parsed."""
    parsed = 0
    for _, data in files:
        try:
            etree.fromstring(data)
        except etree.XMLSyntaxError:
            continue
        parsed += 1
    return parsed


def per_pass(timing_seconds: float) -> float:
    """Seconds of one pass over the corpus, from a timed run of READS_PER_RUN passes."""
    return timing_seconds / READS_PER_RUN
