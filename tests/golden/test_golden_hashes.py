"""Golden hashes: the bytes ridec writes, pinned for every source the repository holds.

Every shipped workout and plan (`workouts/`) and every `.ride`/`.plan` fixture under
`tests/` is compiled to every format under a few option sets through the command line, and
the sha256 of each output file is compared with `hashes.json`. Every other format's file
under `tests/` (`.zwo`, `.erg`, `.mrc`, `.fit`, `.icu`) is imported, validated and compiled, and
each file ridec wrote is imported again, so the readers and checkers are pinned as well.
Only exit codes and output bytes are recorded: wording of diagnostics may change freely.

A change that moves code must leave every hash as it is. A change that means to alter an
output regenerates the file deliberately and commits the diff with the change:

    RIDEC_GOLDEN_UPDATE=1 .venv/bin/pytest tests/golden -q

New fixtures alone (a merge that brings test files) are recorded without touching the
hashes already there, which are still checked:

    RIDEC_GOLDEN_UPDATE=new .venv/bin/pytest tests/golden -q

Fixtures are keyed by their folder and file name (`workouts/standing.ride`,
`golden/standing.zwo`), not by their full path, so that moving a test folder keeps its
hashes. Nothing outside the repository is read.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ridec.cli import app

ROOT = Path(__file__).resolve().parents[2]
HASHES = Path(__file__).with_name("hashes.json")
UPDATE = os.environ.get("RIDEC_GOLDEN_UPDATE", "")
"""`1`: record every fixture again; `new`: record the fixtures that have no hashes yet."""

SOURCE_SUFFIXES = (".ride", ".plan")
FOREIGN_SUFFIXES = (".zwo", ".erg", ".mrc", ".fit", ".icu")
OPTION_SETS: dict[str, list[str]] = {
    "default": [],
    "ftp250": ["--ftp", "250"],
    "fit-range": [
        "--ftp",
        "250",
        "--unicode",
        "--activation",
        "steps",
        "--fit-ramp",
        "range",
        "--fit-power-band",
        "3%",
        "--fit-nested-repeats",
        "--fit-max-steps",
        "10",
    ],
    "fit-step20": ["--ftp", "300", "--fit-ramp", "step:20s", "--created", "2026-01-01T00:00:00Z"],
}
"""Option sets each source is compiled under; `ftp250` outputs are also imported back."""

TARGETS = "all,icu"
"""Every format: `all` and intervals.icu text, which `all` leaves out."""

runner = CliRunner()


def _fixtures() -> dict[str, Path]:
    """Every input file in the repository, keyed by `<folder>/<file>`."""
    found = [p for p in sorted((ROOT / "workouts").iterdir()) if p.suffix in SOURCE_SUFFIXES]
    for path in sorted((ROOT / "tests").rglob("*")):
        if path.suffix in (*SOURCE_SUFFIXES, *FOREIGN_SUFFIXES) and path.is_file():
            found.append(path)
    keyed: dict[str, Path] = {}
    for path in found:
        key = f"{path.parent.name}/{path.name}"
        assert key not in keyed, f"two fixtures share the key {key}: {keyed[key]} and {path}"
        keyed[key] = path
    return keyed


FIXTURES = _fixtures()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _outputs(folder: Path) -> Iterator[tuple[str, Path]]:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            yield path.relative_to(folder).as_posix(), path


def _compile(key: str, source: Path, label: str, options: list[str], out: Path) -> dict[str, str]:
    folder = out / label
    result = runner.invoke(
        app, ["compile", str(source), "-t", TARGETS, "-o", str(folder), *options]
    )
    entries = {f"{key} | compile {label} | exit": str(result.exit_code)}
    if folder.exists():
        for name, path in _outputs(folder):
            entries[f"{key} | compile {label} | {name}"] = _sha(path.read_bytes())
    return entries


def _import(key: str, path: Path, what: str) -> dict[str, str]:
    result = runner.invoke(app, ["import", str(path)])
    text = _sha(result.stdout_bytes) if result.exit_code == 0 else "-"
    return {f"{key} | {what}": f"exit {result.exit_code} {text}"}


def _source_entries(key: str, source: Path, out: Path) -> dict[str, str]:
    entries: dict[str, str] = {}
    for label, options in OPTION_SETS.items():
        entries.update(_compile(key, source, label, options, out))
    back = out / "ftp250"
    if back.exists():
        for name, path in _outputs(back):
            if path.suffix in FOREIGN_SUFFIXES:
                entries.update(_import(key, path, f"import {name}"))
    return entries


def _foreign_entries(key: str, path: Path, out: Path) -> dict[str, str]:
    entries = _import(key, path, "import")
    checked = runner.invoke(app, ["validate", str(path)])
    entries[f"{key} | validate"] = f"exit {checked.exit_code}"
    entries.update(_compile(key, path, "ftp250", OPTION_SETS["ftp250"], out))
    return entries


def entries_for(key: str, out: Path) -> dict[str, str]:
    """Every recorded hash of one fixture, its outputs written under `out`."""
    path = FIXTURES[key]
    if path.suffix in SOURCE_SUFFIXES:
        return _source_entries(key, path, out)
    return _foreign_entries(key, path, out)


def _fixture_of(entry: str) -> str:
    return entry.split(" | ", 1)[0]


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The recorded hashes, first rewritten from the current code when RIDEC_GOLDEN_UPDATE
    asks for it."""
    loaded: dict[str, str] = json.loads(HASHES.read_text(encoding="utf-8"))
    if UPDATE not in ("1", "new"):
        return loaded
    recorded = {_fixture_of(k) for k in loaded} if UPDATE == "new" else set()
    fresh = {k: v for k, v in loaded.items() if _fixture_of(k) in recorded}
    for key in FIXTURES.keys() - recorded:
        fresh.update(entries_for(key, tmp_path_factory.mktemp("golden")))
    HASHES.write_text(json.dumps(fresh, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return fresh


@pytest.mark.parametrize("key", sorted(FIXTURES))
def test_outputs_match_the_recorded_hashes(
    key: str, stored: dict[str, str], tmp_path: Path
) -> None:
    expected = {k: v for k, v in stored.items() if _fixture_of(k) == key}
    assert expected, f"{key} has no recorded hashes: regenerate with RIDEC_GOLDEN_UPDATE=1"
    actual = entries_for(key, tmp_path)
    changed = sorted(k for k in expected.keys() | actual.keys() if expected.get(k) != actual.get(k))
    assert not changed, f"outputs changed (RIDEC_GOLDEN_UPDATE=1 if meant): {changed[:10]}"


def test_every_recorded_fixture_still_exists(stored: dict[str, str]) -> None:
    stale = sorted({_fixture_of(k) for k in stored} - FIXTURES.keys())
    assert not stale, f"hashes of fixtures that are gone (RIDEC_GOLDEN_UPDATE=1): {stale}"


def test_the_shipped_library_is_covered(stored: dict[str, str]) -> None:
    """Every shipped workout and every week of the plan is pinned in every format."""
    for path in (ROOT / "workouts").glob("*.ride"):
        for ext in ("zwo", "erg", "mrc", "fit", "json", "icu"):
            name = f"workouts/{path.name} | compile ftp250 | {path.stem}.{ext}"
            assert name in stored, name
    weeks = [k for k in stored if k.startswith("workouts/back-pain-protocol.plan | compile ftp")]
    assert any("/week-06/" in k and k.endswith(".fit") for k in weeks)
