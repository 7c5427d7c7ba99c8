"""`tests/corpus/SOURCES.md` accounts for every file the tests carry, and nothing else."""

from __future__ import annotations

import re

from tests.paths import CORPUS

SOURCES = CORPUS / "SOURCES.md"
ROW = re.compile(
    r"^\| `(?P<name>[^`]+)` \| (?P<origin>[^|]+) \| (?P<licence>[^|]+) \| (?P<why>.+) \|$"
)


def _rows() -> dict[str, dict[str, str]]:
    """Table rows by file path (`collection/name`), from each `## collection` section."""
    found: dict[str, dict[str, str]] = {}
    collection = ""
    for line in SOURCES.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            collection = line.removeprefix("## ").strip()
        elif match := ROW.match(line):
            found[f"{collection}/{match['name']}"] = match.groupdict()
    return found


def test_every_file_is_listed_and_every_listed_file_exists() -> None:
    on_disk = {f"{p.parent.name}/{p.name}" for p in CORPUS.glob("*/*") if p.is_file()}
    assert set(_rows()) == on_disk
    assert len(on_disk) >= 30


def test_real_files_name_their_repository_and_our_own_say_so() -> None:
    for path, row in _rows().items():
        name = path.split("/", 1)[1]
        if name.startswith("ridec__"):
            assert row["origin"].strip().startswith("ours"), path
            assert row["licence"].strip().startswith("MIT"), path
        else:
            owner = name.split("__", 1)[0]
            assert owner in row["origin"] and "@" in row["origin"], path
            assert "MIT" in row["licence"], path
        assert len(row["why"].strip()) > 20, path
