"""Roster builds: ERG per athlete in their watts with their FTP; % formats shared, once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.library.build_helpers import run_build
from tests.paths import WORKOUTS

ROSTER = "name,ftp\nAna López,280\nBen,200\n"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("athletes")
    roster = folder / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    out = folder / "dist"
    report = run_build(
        [WORKOUTS / "standing.ride", WORKOUTS / "back-pain-protocol.plan"], out, roster=roster
    )
    assert report.ok, report.diagnostics()
    return out


def _erg_rows(text: str) -> list[tuple[float, float]]:
    body = text.split("[COURSE DATA]")[1].split("[END COURSE DATA]", maxsplit=1)[0]
    return [(float(a), float(b)) for a, b in (line.split() for line in body.strip().splitlines())]


def test_each_athlete_gets_erg_files_in_their_watts(dist: Path) -> None:
    for slug, ftp in (("ana-lopez", 280), ("ben", 200)):
        text = (dist / "athletes" / slug / "standing.erg").read_text("utf-8")
        assert f"FTP = {ftp}" in text
        assert f"FTP {ftp} W" in text.split("[COURSE DATA]")[0]  # stated in the description
        watts = {round(w, 1) for _, w in _erg_rows(text)}
        assert round(0.75 * ftp, 1) in watts  # the standing intervals at 75 %
    ana = (dist / "athletes" / "ana-lopez" / "standing.erg").read_text("utf-8")
    assert "For Ana López: FTP 280 W." in ana


def test_plan_weeks_are_built_per_athlete_too(dist: Path) -> None:
    for week in ("01", "06"):
        assert (
            dist / "athletes/ben/back-pain-protocol" / f"week-{week}" / "standing.erg"
        ).is_file()


def test_relative_formats_are_shared_not_duplicated(dist: Path) -> None:
    for ext in (".zwo", ".mrc", ".fit", ".json"):
        assert (dist / f"standing{ext}").is_file()
        assert not list((dist / "athletes").rglob(f"*{ext}"))
    assert not (dist / "standing.erg").exists()
    assert sorted(p.name for p in (dist / "athletes" / "ben").iterdir()) == [
        "back-pain-protocol",
        "standing.erg",
    ]


def test_the_manifest_and_index_name_each_athletes_file(dist: Path) -> None:
    manifest = (dist / "manifest.json").read_text("utf-8")
    assert '"path": "athletes/ben/standing.erg", "source": ' in manifest
    assert '"athlete": "ben"' in manifest
    index = (dist / "index.html").read_text("utf-8")
    assert 'href="athletes/ana-lopez/standing.erg"' in index
    assert "Ana López (280 W)" in index
