"""Index cards live in `index.html`: no file per card, kept sources' cards copied from the page.

The manifest says where each card is in the page (`card_at`) and its SHA-256; a rebuild
trusts the page while it keeps the stamp the last build recorded, and otherwise hashes each
card's bytes in it: a card no longer there means its source is compiled again.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from ridec.library.index import write_index
from tests.faults.build_support import VERSION_1, VERSION_2, clean_build, comparable, write_files
from tests.library.build_helpers import run_build


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    folder.mkdir()
    write_files(folder, VERSION_1)
    return folder


def _sources(dist: Path) -> dict[str, dict[str, Any]]:
    document = json.loads((dist / "manifest.json").read_text("utf-8"))
    return {entry["source"]: entry for entry in document["sources"]}


def _card(dist: Path, entry: dict[str, Any]) -> bytes:
    offset, length = entry["card_at"]
    return (dist / "index.html").read_bytes()[offset : offset + length]


def test_cards_are_parts_of_the_page_where_the_manifest_says(lib: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    assert run_build([lib], dist).ok
    assert not (dist / ".ridec" / "cards").exists()
    sources = _sources(dist)
    assert set(sources) == {"a.ride", "b.ride", "c.ride", "p.plan"}
    for key, entry in sources.items():
        assert entry["card"] == "index.html"
        card = _card(dist, entry)
        assert hashlib.sha256(card).hexdigest() == entry["card_sha256"]
        opening = b'<section class="plan"' if key.endswith(".plan") else b'<article class="card"'
        assert card.startswith(opening) and card.endswith(b">\n")


def test_a_rebuild_copies_kept_cards_and_equals_a_clean_build(lib: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    assert run_build([lib], dist).ok
    write_files(lib, VERSION_2)
    report = run_build([lib], dist, jobs=2)
    assert (report.compiled, report.unchanged) == (3, 1)  # a, d and the plan; b kept
    assert comparable(dist) == clean_build(lib, tmp_path / "clean", jobs=2)


def test_a_changed_card_in_the_page_recompiles_its_source_only(lib: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    assert run_build([lib], dist).ok
    clean = comparable(dist)
    entry = _sources(dist)["b.ride"]
    page = dist / "index.html"
    offset = entry["card_at"][0]
    html = page.read_bytes()
    page.write_bytes(html[: offset + 10] + b"X" + html[offset + 11 :])
    report = run_build([lib], dist)
    assert (report.compiled, report.unchanged) == (1, 3)
    assert comparable(dist) == clean


def test_a_page_touched_but_equal_compiles_nothing(lib: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    assert run_build([lib], dist).ok
    clean = comparable(dist)
    page = dist / "index.html"
    page.write_bytes(page.read_bytes())
    report = run_build([lib], dist)
    assert (report.compiled, report.unchanged) == (0, 4)
    assert comparable(dist) == clean


def test_a_deleted_page_recompiles_every_source_and_comes_back(lib: Path, tmp_path: Path) -> None:
    """The page is where the cards are: without it every source is compiled again."""
    dist = tmp_path / "dist"
    assert run_build([lib], dist).ok
    clean = comparable(dist)
    (dist / "index.html").unlink()
    report = run_build([lib], dist)
    assert (report.compiled, report.unchanged) == (4, 0)
    assert comparable(dist) == clean


def test_card_files_of_an_earlier_build_go_and_their_sources_are_compiled(
    lib: Path, tmp_path: Path
) -> None:
    """A manifest of an earlier ridec build names a card file under `.ridec/cards/`: that
    vouches for nothing now, the source is compiled again and the file removed."""
    dist = tmp_path / "dist"
    assert run_build([lib], dist).ok
    clean = comparable(dist)
    manifest = dist / "manifest.json"
    document = json.loads(manifest.read_text("utf-8"))
    for entry in document["sources"]:
        if entry["source"] == "b.ride":
            entry["card"] = ".ridec/cards/0123456789abcdef0123.html"
            del entry["card_at"]
    manifest.write_text(json.dumps(document, indent=1), "utf-8")
    legacy = dist / ".ridec" / "cards" / "0123456789abcdef0123.html"
    legacy.parent.mkdir()
    legacy.write_bytes(b"<article>old</article>\n")
    report = run_build([lib], dist)
    assert (report.compiled, report.unchanged) == (1, 3)
    assert not legacy.exists() and not legacy.parent.exists()  # the folder it left empty too
    assert comparable(dist) == clean


def test_a_truncated_page_recompiles_the_cards_it_lost(lib: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    assert run_build([lib], dist).ok
    clean = comparable(dist)
    sources = _sources(dist)
    page = dist / "index.html"
    cut = sources["b.ride"]["card_at"][0] + 1
    page.write_bytes(page.read_bytes()[:cut])
    lost = {key for key, entry in sources.items() if sum(entry["card_at"]) > cut}
    report = run_build([lib], dist)
    assert "b.ride" in lost
    assert (report.compiled, report.unchanged) == (len(lost), 4 - len(lost))
    assert comparable(dist) == clean


def test_a_page_changed_while_the_build_runs_never_shows_a_wrong_card(
    lib: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kept card is checked when the build plans and again when the page is written: one
    changed in between is shown as lost, not copied, and the next build compiles it."""
    dist = tmp_path / "dist"
    assert run_build([lib], dist).ok
    write_files(lib, VERSION_2)
    clean_2 = clean_build(lib, tmp_path / "clean", jobs=1)
    entry = _sources(dist)["b.ride"]
    page = dist / "index.html"

    def spoiled(*args: Any, **kwargs: Any) -> Any:
        html = page.read_bytes()
        offset = entry["card_at"][0] + 10
        page.write_bytes(html[:offset] + b"X" + html[offset + 1 :])
        return write_index(*args, **kwargs)

    monkeypatch.setattr("ridec.library.engine.write_index", spoiled)
    report = run_build([lib], dist)
    assert (report.compiled, report.unchanged) == (3, 1) and report.ok
    shown = page.read_text("utf-8")
    assert "Card lost: <code>b.ride</code> is compiled again by the next build." in shown
    assert _sources(dist)["b.ride"]["card"] is None
    monkeypatch.undo()
    report = run_build([lib], dist)
    assert (report.compiled, report.unchanged) == (1, 3)
    assert comparable(dist) == clean_2


@pytest.mark.parametrize(
    "place",
    [[1180591620717411303424, 5], [0, 4611686018427387904], [10**6, 10**6]],
    ids=["offset-past-any-seek", "length-of-exabytes", "past-the-page"],
)
def test_a_hand_edited_card_place_recompiles_its_source_without_reading_past_the_page(
    lib: Path, tmp_path: Path, place: list[int]
) -> None:
    # Before: a seek overflowed (ValueError) or a read was sized by the claim (MemoryError):
    # a traceback on this build and every later one.
    dist = tmp_path / "dist"
    assert run_build([lib], dist).ok
    clean = comparable(dist)
    manifest = dist / "manifest.json"
    text = manifest.read_text("utf-8")
    at = _sources(dist)["b.ride"]["card_at"]
    written = f'"card_at": [{at[0]}, {at[1]}]'
    assert text.count(written) == 1
    manifest.write_text(text.replace(written, f'"card_at": [{place[0]}, {place[1]}]'), "utf-8")
    (dist / "index.html").touch()  # the page's stamp changes: cards are read and hashed
    report = run_build([lib], dist)
    assert report.ok
    assert (report.compiled, report.unchanged) == (1, 3)
    assert comparable(dist) == clean
