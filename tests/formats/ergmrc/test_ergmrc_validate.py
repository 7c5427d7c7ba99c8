"""The ERG/MRC grammar checker: one invalid case per file, the corpus, and writer checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from ridec.diagnostics import Severity
from ridec.formats.ergmrc.checker import Rule, check, check_text, problems
from tests.paths import CORPUS

INVALID = Path(__file__).parent / "invalid"
INVALID_CASES = sorted(p for p in INVALID.iterdir() if p.suffix in (".erg", ".mrc"))
CORPUS_FILES = sorted((CORPUS / "ergmrc").iterdir())

CORPUS_DEVIATIONS: dict[str, dict[Rule, str]] = {
    "ridec__gc-pyramid-spaces.erg": {
        Rule.SEPARATOR: "data columns separated by four spaces, not a TAB (GoldenCheetah's "
        "L345Pyramid.erg does this)",
    },
    "ridec__gc-ramp-laps.erg": {
        Rule.SEPARATOR: "data columns separated by spaces, not a TAB",
        Rule.DIALECT: "three `N LAP` lap-marker rows, a GoldenCheetah extension",
    },
    "ridec__tr-text-cues.mrc": {
        Rule.SEPARATOR: "TrainerRoad's documented sample separates data columns with a space",
    },
    "sportloop__Sample Instructions.mrc": {
        Rule.TEXT_ROW: "cue times and durations in minutes (0.25), read as minutes; "
        "GoldenCheetah skips such rows",
    },
}
"""Corpus files that break a rule, with why. None breaks one at error level: each is read."""
CORPUS_ERRORS: set[str] = set()


@pytest.mark.parametrize("case", INVALID_CASES, ids=lambda p: p.name)
def test_invalid_case_gives_its_located_problems(case: Path) -> None:
    found = check(case.read_bytes(), case.name)
    rendered = "\n".join(f"[{p.rule}] {p.diagnostic.render()}" for p in found) + "\n"
    expected = case.with_name(case.name + ".expected").read_text()
    assert rendered == expected
    assert any(p.diagnostic.severity is Severity.ERROR for p in found)


def test_every_invalid_case_has_its_expected_output() -> None:
    expected = {p.name.removesuffix(".expected") for p in INVALID.glob("*.expected")}
    assert expected == {p.name for p in INVALID_CASES}
    assert len(INVALID_CASES) >= 15


def test_the_corpus_has_both_formats_and_every_listed_file() -> None:
    assert {p.suffix for p in CORPUS_FILES} == {".erg", ".mrc"}
    assert set(CORPUS_DEVIATIONS) <= {p.name for p in CORPUS_FILES}
    assert len(CORPUS_FILES) >= 12


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_file_passes_or_breaks_only_the_listed_rules(path: Path) -> None:
    found = check(path.read_bytes(), path.name)
    errors = [p for p in found if p.diagnostic.severity is Severity.ERROR]
    assert bool(errors) == (path.name in CORPUS_ERRORS)
    assert {p.rule for p in found} == set(CORPUS_DEVIATIONS.get(path.name, {}))


def test_cue_durations_in_minutes_are_one_warning_at_the_first_row() -> None:
    """sportloop's sample writes `0.25<TAB>text<TAB>0.25` (minutes): the section is read as
    minutes, and the checker says so once, where it starts (the reader's side is in
    test_ergmrc_cues.py)."""
    path = CORPUS / "ergmrc" / "sportloop__Sample Instructions.mrc"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = lines.index("[COURSE TEXT]") + 2  # 1-based number of the first text row
    found = check(path.read_bytes(), path.name)
    assert [p.diagnostic.render().splitlines()[0] for p in found] == [
        f"{path.name}:{first}:1: warning: cue durations with fractions: the section's times "
        "and durations are read as minutes; GoldenCheetah skips these rows"
    ]


def test_a_cr_only_file_is_located_by_line() -> None:
    text = "[COURSE HEADER]\rMINUTES WATTS\r[END COURSE HEADER]\r[COURSE DATA]\r1\t100\r"
    found = check_text(text + "[END COURSE DATA]\r", "old-mac.erg")
    assert [(p.rule, p.diagnostic.render().splitlines()[0]) for p in found] == [
        (Rule.DATA_TIME, "old-mac.erg:5:1: error: the data must start at minute 0"),
    ]


def test_mixed_line_ends_and_upper_case_extension_are_warnings() -> None:
    text = "[COURSE HEADER]\r\nMINUTES WATTS\n[END COURSE HEADER]\n[COURSE DATA]\n0\t1\n"
    found = check_text(text + "[END COURSE DATA]\n", "WORKOUT.ERG")
    assert {(p.rule, p.diagnostic.severity) for p in found} == {
        (Rule.LINE_END, Severity.WARNING),
        (Rule.FILE_NAME, Severity.WARNING),
    }


def test_a_file_that_is_not_utf8_is_read_as_latin1_with_a_warning() -> None:
    data = "[COURSE HEADER]\nDESCRIPTION = Caf\xe9\nMINUTES WATTS\n[END COURSE HEADER]\n"
    found = check((data + "[COURSE DATA]\n0\t1\n[END COURSE DATA]\n").encode("latin-1"), "x.erg")
    assert [(p.rule, p.diagnostic.render()) for p in found] == [
        (Rule.ENCODING, "x.erg: offset 33: warning: the file is not UTF-8; read as Latin-1"),
    ]


def test_writer_check_wants_its_own_unit_and_lf() -> None:
    body = "[COURSE HEADER]\nMINUTES PERCENT\n[END COURSE HEADER]\n"
    data = (body + "[COURSE DATA]\n0.0000\t50\r\n[END COURSE DATA]\n").encode()
    found = problems(data, "WATTS", "out.erg")
    assert found == [
        "out.erg: warning: mixed line ends ('\\n', '\\r\\n')",
        "out.erg:2:9: error: expected MINUTES WATTS\n  | MINUTES PERCENT\n  |         ^^^^^^^",
        "out.erg: line-end: ridec writes LF line ends only",
    ]


def test_percent_values_and_spaced_cues_are_tolerated_dialects() -> None:
    text = (
        "[COURSE HEADER]\nMINUTES WATTS\n[END COURSE HEADER]\n[COURSE DATA]\n0\t50%\n"
        "[END COURSE DATA]\n[COURSE TEXT]\n600 Stand up now 10\n[END COURSE TEXT]\n"
    )
    found = check_text(text, "gc.erg")
    assert [(p.rule, p.diagnostic.severity) for p in found] == [
        (Rule.DIALECT, Severity.WARNING),
        (Rule.SEPARATOR, Severity.WARNING),
    ]


def test_trainerroad_sections_are_accepted_after_the_data() -> None:
    text = (
        "[COURSE HEADER]\nMINUTES FTP\n[END COURSE HEADER]\n[COURSE DATA]\n0\t50\n1\t50\n"
        "[END COURSE DATA]\n[INTERVAL DATA]\n0\t60\tWarm up\n[END INTERVAL DATA]\n"
        "[MODE DATA]\n[END MODE DATA]\n"
    )
    assert check_text(text, "tr.mrc") == []
