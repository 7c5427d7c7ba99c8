"""Roster rows the csv module reads across lines, or not at all: one located bad row each.

A quoted name with a line break in it once made two rows: the first too short, the second an
athlete named after the name's second half (`Lopez"`), with a folder of ERG files in DIST.
A field over the csv module's size limit raised its error out of the build.
"""

from __future__ import annotations

from pathlib import Path

from ridec.formats.base import CompileOptions
from ridec.library.roster import Athlete, parse_roster
from tests.faults.build_support import workout, write_files
from tests.library.build_helpers import run_build

HINT = "  hint: close the quote on the same line: a roster row, names included, is one line"


def test_a_quoted_name_with_a_line_break_is_one_bad_row() -> None:
    text = 'name,ftp\n"Ana\nLopez",250\nBen,200\n'
    athletes, problems = parse_roster(text, "r.csv")
    assert athletes == [Athlete("Ben", 200, "ben")]
    assert [p.render() for p in problems] == [
        'r.csv:2:1: error: a quoted field runs on from line 2 to line 3\n  | "Ana\n  | ^^^^\n'
        + HINT
    ]


def test_a_quote_never_closed_is_one_bad_row_to_the_end() -> None:
    text = 'name,ftp\nAna,"250\nBen,200\r\nCleo,210\n'
    athletes, problems = parse_roster(text, "r.csv")
    assert athletes == []
    assert [p.render().splitlines()[0] for p in problems] == [
        "r.csv:2:5: error: a quoted field runs on from line 2 to line 4"
    ]


def test_quotes_inside_a_field_and_doubled_quotes_stay_on_their_line() -> None:
    text = 'name,ftp\n"Ana ""A""",250\nBen "x,200\n'
    athletes, problems = parse_roster(text, "r.csv")
    assert problems == []
    assert [a.name for a in athletes] == ['Ana "A"', 'Ben "x']


def test_a_header_running_over_two_lines_is_located() -> None:
    athletes, problems = parse_roster('"name\n",ftp\nAna,250\n', "r.csv")
    assert athletes == []
    assert [p.render().splitlines()[0] for p in problems] == [
        "r.csv:1:1: error: a quoted field runs on from line 1 to line 2"
    ]


def test_a_field_over_the_csv_size_limit_is_a_located_bad_row() -> None:
    text = "name,ftp\n" + "x" * 200_000 + ",200\nBen,201\n"
    athletes, problems = parse_roster(text, "r.csv")
    assert athletes == [Athlete("Ben", 201, "ben")]
    (problem,) = problems
    assert problem.render().startswith(
        "r.csv:2:1: error: cannot read this row: field larger than field limit"
    )


def test_a_build_makes_no_folder_for_half_a_name(tmp_path: Path) -> None:
    lib, dist, roster = tmp_path / "lib", tmp_path / "dist", tmp_path / "roster.csv"
    write_files(lib, {"a.ride": workout("A")})
    roster.write_text('name,ftp\n"Ana\nLopez",250\nBen,200\n', encoding="utf-8")
    report = run_build(
        [lib], dist, targets=("erg",), roster=roster, options=CompileOptions(ftp=250)
    )
    assert report.diagnostics() == [
        f'{roster}:2:1: error: a quoted field runs on from line 2 to line 3\n  | "Ana\n'
        f"  | ^^^^\n{HINT}"
    ]
    assert sorted(p.name for p in (dist / "athletes").iterdir()) == ["ben"]
    assert "Lopez" not in (dist / "index.html").read_text("utf-8")
    assert "Lopez" not in (dist / "manifest.json").read_text("utf-8")
