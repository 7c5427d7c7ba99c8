"""The build manifest: written one entry per line, read back without losing anything."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from ridec.library.manifest import (
    MANIFEST_NAME,
    LineSpool,
    OutputEntry,
    SourceRecord,
    Spooled,
    read_manifest,
    write_manifest,
)
from ridec.library.outdir import OutputDir

TOKEN = "0123456789abcdef"


def _out(folder: Path) -> OutputDir:
    folder.mkdir(parents=True, exist_ok=True)
    return OutputDir(folder, TOKEN)


def _record(key: str, paths: list[str]) -> SourceRecord:
    entries = [
        OutputEntry(p, key, p.rsplit(".", 1)[1], "h1", "s1", 600, ("cadence dropped",))
        for p in paths
    ]
    return SourceRecord(
        source=key,
        kind="workout",
        hash="h1",
        options="o1",
        ok=True,
        name="Name é",
        duration_s=600,
        card=".ridec/cards/x.html",
        card_sha256="c1",
        outputs=tuple(e.line() for e in entries),
        paths=tuple(paths),
        sha256s=tuple("s1" for _ in paths),
    )


def test_round_trip_keeps_every_record(tmp_path: Path) -> None:
    out = _out(tmp_path / "one")
    path = tmp_path / "one" / MANIFEST_NAME
    records = [
        _record("a.ride", ["a.zwo", "a.json"]),
        _record("b.ride", []),
        _record("c.ride", ["c.fit"]),
    ]
    write_manifest(out, "9.9", ["zwo", "json", "fit"], records)
    manifest = read_manifest(out)
    assert manifest is not None
    assert manifest.ridec == "9.9"
    # Output lines stay in the file (only where they are is kept), the rest is read back.
    assert [dataclasses.replace(r, outputs=()) for r in manifest.records.values()] == [
        dataclasses.replace(r, outputs=()) for r in records
    ]
    assert all(isinstance(line, tuple) for r in manifest.records.values() for line in r.outputs)
    # Writing the records read back copies those lines from the old file, byte for byte.
    again = tmp_path / "two" / MANIFEST_NAME
    kept = list(manifest.records.values())
    write_manifest(_out(tmp_path / "two"), "9.9", ["zwo", "json", "fit"], kept, manifest)
    assert again.read_bytes() == path.read_bytes()
    # And over itself, as a build does.
    write_manifest(out, "9.9", ["zwo", "json", "fit"], kept, manifest)
    assert path.read_bytes() == again.read_bytes()


def test_the_file_is_ordinary_json_listing_each_output(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    write_manifest(_out(tmp_path), "9.9", ["zwo"], [_record("a.ride", ["a.zwo"])])
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == "ridec-build-manifest"
    assert document["outputs"] == [
        {
            "path": "a.zwo",
            "source": "a.ride",
            "target": "zwo",
            "hash": "h1",
            "sha256": "s1",
            "duration_s": 600,
            "losses": ["cadence dropped"],
            "athlete": None,
            "week": None,
        }
    ]
    assert document["sources"][0]["outputs"] == ["a.zwo"]
    assert document["sources"][0]["card_sha256"] == "c1"


def test_a_reformatted_manifest_is_still_understood(tmp_path: Path) -> None:
    out, path = _out(tmp_path), tmp_path / "manifest.json"
    records = [_record("a.ride", ["a.zwo", "a.json"])]
    write_manifest(out, "9.9", ["zwo"], records)
    original = path.read_bytes()
    path.write_text(json.dumps(json.loads(original), indent=4))
    manifest = read_manifest(out)
    assert manifest is not None
    assert list(manifest.records.values()) == records
    write_manifest(out, "9.9", ["zwo"], list(manifest.records.values()), manifest)
    assert path.read_bytes() == original


def test_a_missing_or_foreign_manifest_reads_as_none(tmp_path: Path) -> None:
    out, path = _out(tmp_path), tmp_path / "manifest.json"
    assert read_manifest(out) is None
    path.write_text('{"format": "something else"}')
    assert read_manifest(out) is None
    path.write_text("not json at all")
    assert read_manifest(out) is None


def test_spooled_lines_write_the_same_manifest_and_the_spool_is_removed(tmp_path: Path) -> None:
    records = [_record("a.ride", ["a.zwo", "a.json"]), _record("b.ride", ["b.fit"])]
    write_manifest(_out(tmp_path / "plain"), "9.9", ["zwo"], records)
    out = _out(tmp_path / "spooled")
    spool = LineSpool(out, ".ridec")
    spooled = [
        dataclasses.replace(r, outputs=tuple(spool.add(str(line)) for line in r.outputs))
        for r in records
    ]
    assert all(isinstance(line, Spooled) for r in spooled for line in r.outputs)
    write_manifest(out, "9.9", ["zwo"], spooled, spool=spool)
    plain = (tmp_path / "plain" / MANIFEST_NAME).read_bytes()
    assert (tmp_path / "spooled" / MANIFEST_NAME).read_bytes() == plain
    assert (tmp_path / "spooled" / spool.path).is_file()
    spool.close()
    assert not (tmp_path / "spooled" / ".ridec").exists()  # removed, and its folder with it
