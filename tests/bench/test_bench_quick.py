"""The benchmark machinery at toy sizes: well-formed results, equal bytes, files written.

Nothing here times anything or asserts a time; `make bench` measures.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.generate import generate, write_library
from bench.profile_build import profile
from bench.report import README_END, README_START, with_readme_table
from bench.report_text import seconds
from bench.run import ROOT, main

from ridec.language import bind, parse
from ridec.timeline import lower
from tests.formats.zwo.zwo_support import CORPUS_FILES, READABLE
from tests.paths import CORPUS


def test_bench_generator_is_deterministic_and_compiles() -> None:
    first = list(generate(20, seed=7))
    assert first == list(generate(20, seed=7))
    assert first != list(generate(20, seed=8))
    text = "".join(source for _, source in first)
    for feature in ("repeat ", "->", "rpm", '@0:10 "', 'activation "', "standing", "z"):
        assert feature in text
    for stem, source in first:
        steps = lower(bind(parse(source, f"{stem}.ride"), None), None).steps
        assert 5 <= len(steps) <= 82  # 5-80 generated, plus the warm-up and cool-down


def test_bench_write_library_writes_ride_files(tmp_path: Path) -> None:
    paths = write_library(tmp_path / "lib", 3)
    assert [p.name for p in paths] == [f"synthetic-0000{i}.ride" for i in range(3)]
    assert all(p.read_text(encoding="utf-8").startswith("name: Synthetic") for p in paths)


@pytest.mark.parametrize(
    ("value", "text"), [(2.5, "2.5 s"), (0.0123, "12.3 ms"), (0.000456, "456 us")]
)
def test_bench_seconds_are_shown_in_a_readable_unit(value: float, text: str) -> None:
    assert seconds(value) == text


def test_bench_quick_run_gives_well_formed_results(tmp_path: Path) -> None:
    report = tmp_path / "BENCHMARKS.md"
    work, corpus = tmp_path / "work", CORPUS / "zwo"
    arguments = ["--quick", "--output", report, "--workdir", work, "--corpus", corpus]
    results = main([str(argument) for argument in arguments])
    fit, lib, one, zwo, memory, editing, ride = (
        results.fit, results.library, results.compile, results.zwo, results.memory,
        results.editing, results.balance,
    )  # fmt: skip
    assert fit and lib and one and zwo and memory and editing and ride
    assert fit.writer_equal == fit.render_equal == fit.workouts == 3
    assert fit.fit_tool_decoded_equal == fit.decoded_sample == 3
    assert fit.vs_fit_tool.ratio > 0 and len(fit.vs_fit_tool.subject.seconds) == 1
    assert lib.differing == ()  # the floor wrote the build's bytes, the build is reproducible
    assert len(lib.floor_plain.seconds) == len(lib.build_vs_floor.baseline.seconds) == 1
    assert (lib.build_vs_floor.baseline.label, lib.floor_plain.label) == (
        "floor script + sync",  # the same fsync policy as `ridec build`: the target's floor
        "floor script",
    )
    cpu = lib.cpu_vs_fit_tool  # CPU seconds per workout, both sides, one run each
    assert len(cpu.subject.seconds) == len(cpu.baseline.seconds) == 1
    assert 0 < cpu.baseline.median < cpu.subject.median  # five formats cost more than one
    building = lib.cpu_vs_fit_tool_building  # the same builds; fit-tool also builds messages
    assert building.subject == cpu.subject and len(building.baseline.seconds) == 1
    assert building.baseline.median >= cpu.baseline.median  # encoding is a part of it
    assert 0 < lib.startup_cpu_s < cpu.subject.median * lib.workouts * 2
    assert lib.files > 5 * lib.workouts
    assert "0 compiled, 4 unchanged" in lib.noop_summary
    assert one.outputs == ("one.erg", "one.fit", "one.json", "one.mrc", "one.zwo")
    assert zwo.files == len(CORPUS_FILES)
    assert zwo.read == len(READABLE) > 0  # the empty file and the running workout are refused
    assert zwo.parsed == sum(1 for p in CORPUS_FILES if p.stat().st_size)  # lxml: the empty one
    imported = sorted(p.name for p in (work / "imported").iterdir())
    assert len(imported) == zwo.read and all(name.endswith(".ride") for name in imported)
    assert zwo.generated == 3 and len(zwo.at_scale.subject.seconds) == 1
    assert len(list((work / "imported-generated").glob("*.ride"))) == 3  # each read back
    assert one.version.ratio > 0
    assert 0 < memory.peak.largest_process_mb <= memory.peak.tree_rss_mb
    assert 0 < memory.peak.tree_pss_mb <= memory.peak.tree_rss_mb
    text = report.read_text(encoding="utf-8")
    for heading in ("## Machine and versions", "## Summary", "## Every figure"):
        assert heading in text
    assert len(editing.plan.subject.seconds) == 4 and len(editing.plan.baseline.seconds) == 1
    assert editing.diagnostics_at_end == 0 and len(editing.starts.seconds) == 1
    assert len(editing.long_plan.seconds) == 4 and editing.long_plan_shape.lines == 200
    assert all(t > 0 for t in (*editing.starts.seconds, *editing.long_plan.seconds))
    assert "### Editing: `ridec lsp` on the shipped library" in text
    assert len(editing.preview.seconds) == 1
    assert text.count("| **yes** |") + text.count("| **no** |") == 18
    assert "`ridec --version` from the shell" in text and "3 generated ZWO files" in text
    assert (ride.rides, ride.records, ride.fitparse_records) == (2, 3600, 2 * 3600)
    assert ride.outdoor_left_pct is not None and ride.indoor_left_pct is not None
    assert len(ride.vs_fitparse.subject.seconds) == len(ride.vs_fitparse.baseline.seconds) == 1
    assert "### Balance across rides (2 one-hour rides" in text
    dask = results.dask
    assert dask and [count.workers for count in dask.counts] == [1, 2]
    for count in dask.counts:
        assert count.differing == ()  # a LocalCluster's DIST is the local runner's
        assert count.startup_s > 0 and len(count.dask.wall.seconds) == 1
        assert count.local.cpu.median > 0 and count.dask.cpu.median > 0
    assert "### Builds on a Dask LocalCluster (4 workouts x 3 athletes" in text
    assert "garmin-fit-sdk" not in _timed_rows(text)  # its licence forbids benchmarking it
    assert "floor script + sync; 1 runs:" in text  # the floor's spread, in the summary


def _timed_rows(text: str) -> str:
    """The report's tables (every timed figure is in one), without its prose."""
    return "\n".join(line for line in text.splitlines() if line.startswith("|"))


def test_bench_rewrites_only_the_readme_speed_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count(README_START) == readme.count(README_END) == 1
    table = "| benchmark | ridec |\n|---|---|\n| x | 1 ms |\n"
    rewritten = with_readme_table(readme, table)
    assert table in rewritten
    before, after = readme.split(README_START)[0], readme.split(README_END)[1]
    assert rewritten.startswith(before + README_START) and rewritten.endswith(README_END + after)
    assert with_readme_table(rewritten, table) == rewritten  # a second run changes nothing else


def test_bench_profile_of_a_build_accounts_for_its_parts(tmp_path: Path) -> None:
    cpu, shares = profile(3, tmp_path)
    assert cpu > 0
    parts = dict(shares)
    assert all(0 < parts[what] < 1 for what in ("FIT render", "FIT check", "card: statistics"))
    assert sum(parts.values()) == pytest.approx(1.0)
