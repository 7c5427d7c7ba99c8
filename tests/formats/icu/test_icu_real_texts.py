"""Real intervals.icu texts, as coaches paste them (`tests/formats/icu/real/`, each named
with its origin in the README there): every one reads, and what it reads as, with its
warnings, is pinned in the `.expected` beside it (the `.ride` source `ridec import`
prints, then the first line of each warning). The only warnings are for what ridec
cannot ride or where the text is ambiguous, each saying what ridec read.

`RIDEC_ICU_REAL_UPDATE=1` rewrites the `.expected` files from the reader; read the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ridec.diagnostics import Severity
from ridec.formats.icu.reader import read_icu
from ridec.language import print_workout

REAL = Path(__file__).parent / "real"
TEXTS = sorted(REAL.glob("*.icu"))


def _reading(path: Path) -> str:
    read = read_icu(path.read_bytes(), f"real/{path.name}")
    found = [d.render().split("\n", 1)[0] for d in read.diagnostics]
    return print_workout(read.workout) + "--- warnings\n" + "".join(f"{d}\n" for d in found)


def test_there_are_twenty_real_texts_and_a_readme_naming_each() -> None:
    readme = (REAL / "README.md").read_text(encoding="utf-8")
    assert len(TEXTS) >= 20
    assert [p.name for p in TEXTS if f"`{p.name}`" not in readme] == []


@pytest.mark.parametrize("path", TEXTS, ids=[p.stem for p in TEXTS])
def test_a_real_text_reads_as_pinned(path: Path) -> None:
    read = read_icu(path.read_bytes(), f"real/{path.name}")
    assert all(d.severity is Severity.WARNING for d in read.diagnostics)
    expected = path.with_suffix(".expected")
    if os.environ.get("RIDEC_ICU_REAL_UPDATE") == "1":
        expected.write_text(_reading(path), encoding="utf-8")
    assert _reading(path) == expected.read_text(encoding="utf-8")


WARNED = ("heart-rate", "pace", "mean-maximal-power", "custom-zone", "distance", "press lap")


@pytest.mark.parametrize("path", TEXTS, ids=[p.stem for p in TEXTS])
def test_warnings_are_for_what_ridec_cannot_ride_or_what_is_ambiguous(path: Path) -> None:
    ambiguous = ("high to low", "is read as the ramp", "indented less")
    for diagnostic in read_icu(path.read_bytes(), path.name).diagnostics:
        message = diagnostic.message
        assert any(w in message for w in WARNED) or any(a in message for a in ambiguous), message
