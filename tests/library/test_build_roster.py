"""Rosters: the good rows become athletes, every bad row a located diagnostic."""

from __future__ import annotations

from pathlib import Path

from ridec.library.roster import Athlete, parse_roster, read_roster


def test_a_roster_gives_one_athlete_per_row_in_any_column_order() -> None:
    text = "ftp,Name,team\n280,Ana Lopez,red\n 195 , Ben ,blue\n"
    athletes, problems = parse_roster(text, "roster.csv")
    assert problems == []
    assert athletes == [Athlete("Ana Lopez", 280, "ana-lopez"), Athlete("Ben", 195, "ben")]
    assert athletes[0].folder == "athletes/ana-lopez"


def test_blank_lines_and_a_watts_suffix_are_accepted() -> None:
    athletes, problems = parse_roster("name,ftp\n\nAna,250W\n", "roster.csv")
    assert problems == []
    assert athletes == [Athlete("Ana", 250, "ana")]


def test_a_bad_ftp_is_located_at_its_cell() -> None:
    text = "name,ftp\nAna,250\nBen,fast\nCleo,20\nDee,280\n"
    athletes, problems = parse_roster(text, "roster.csv")
    assert [a.name for a in athletes] == ["Ana", "Dee"]
    assert [p.render() for p in problems] == [
        "roster.csv:3:5: error: ftp must be a whole number of watts from 50 to 2000, got 'fast'\n"
        "  | Ben,fast\n"
        "  |     ^^^^",
        "roster.csv:4:6: error: ftp must be a whole number of watts from 50 to 2000, got '20'\n"
        "  | Cleo,20\n"
        "  |      ^^",
    ]


def test_missing_column_is_reported_with_a_suggestion() -> None:
    athletes, problems = parse_roster("name,ftpp\nAna,250\n", "roster.csv")
    assert athletes == []
    assert [p.render() for p in problems] == [
        "roster.csv:1:1: error: the roster has no `ftp` column\n"
        "  | name,ftpp\n"
        "  | ^^^^^^^^^\n"
        "  hint: did you mean 'ftp'?"
    ]


def test_empty_name_short_row_and_duplicate_are_each_reported() -> None:
    text = "name,ftp\n,250\nAna\nAna,250\nana,260\n"
    athletes, problems = parse_roster(text, "r.csv")
    assert athletes == [Athlete("Ana", 250, "ana")]
    messages = [p.render().splitlines()[0] for p in problems]
    assert messages == [
        "r.csv:2:1: error: the athlete's name is empty",
        "r.csv:3:1: error: this row has too few columns: expected `name,ftp`",
        "r.csv:5:1: error: athlete 'ana' is listed twice (first on line 4)",
    ]


def test_an_empty_roster_and_an_unreadable_one_are_errors(tmp_path: Path) -> None:
    assert parse_roster("\n\n", "r.csv")[1][0].message.startswith("the roster is empty")
    bad = tmp_path / "r.csv"
    bad.write_bytes(b"name,ftp\n\xff,250\n")
    athletes, problems = read_roster(bad)
    assert athletes == []
    assert problems[0].message.startswith("cannot read the roster")
