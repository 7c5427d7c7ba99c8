"""Names and messages from inputs never reach the terminal as control sequences.

Before: a workout named with ESC ] 0 ; ... BEL retitled the terminal window through `show`,
and a file name or a source line holding ESC [ 2 J cleared the screen through a diagnostic.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from ridec.cli import app
from ridec.diagnostics import Source, Span, error

runner = CliRunner()

OSC_TITLE = "\x1b]0;owned\x07"
CLEAR = "\x1b[2J"
CSI_8BIT = "\x9b31m"
RTL_OVERRIDE = "\u202e"


def no_controls(text: str) -> bool:
    return not any(ch in text for ch in ("\x1b", "\x07", "\x9b", "\u202e"))


def test_show_escapes_a_name_that_would_retitle_the_terminal(tmp_path: Path) -> None:
    source = tmp_path / "w.ride"
    source.write_text(f'name: "Tempo {OSC_TITLE}{CSI_8BIT}"\n10m 60% "{CLEAR}go"\n')
    result = runner.invoke(app, ["show", str(source), "--ftp", "250"])
    assert result.exit_code == 0, result.stderr
    assert no_controls(result.stdout)
    assert "Tempo \\x1b]0;owned\\x07\\x9b31m" in result.stdout


def test_a_diagnostic_escapes_the_path_the_line_and_keeps_the_caret_under_the_word(
    tmp_path: Path,
) -> None:
    name = f"bad{CLEAR}.ride"
    source = tmp_path / name
    source.write_text(f"name: x\n10m 60% upstrke {RTL_OVERRIDE}\n")
    result = runner.invoke(app, ["check", str(source)])
    assert result.exit_code == 1
    assert no_controls(result.stderr)
    first, line, caret = result.stderr.splitlines()[:3]
    assert first.startswith(f"{tmp_path}/bad\\x1b[2J.ride:2:9: error: unknown word 'upstrke'")
    assert line == "  | 10m 60% upstrke \\u202e"
    assert caret == "  |         ^^^^^^^"


def test_validate_escapes_the_file_name_it_says_is_ok(tmp_path: Path) -> None:
    source = tmp_path / f"ok{OSC_TITLE}.ride"
    source.write_text("name: x\n10m 60%\n")
    result = runner.invoke(app, ["validate", str(source)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{tmp_path}/ok\\x1b]0;owned\\x07.ride: ok\n"


def test_import_into_a_pipe_keeps_the_text_as_it_is(tmp_path: Path) -> None:
    source = tmp_path / "w.ride"
    source.write_text(f'name: "Tempo {CLEAR}"\n10m 60%\n')
    result = runner.invoke(app, ["import", str(source)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"name: Tempo {CLEAR}\n")  # a pipe gets the data as it is


def test_import_onto_a_terminal_escapes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ridec.commands import common

    monkeypatch.setattr(common, "is_terminal", lambda: True)
    source = tmp_path / "w.ride"
    source.write_text(f'name: "Tempo {CLEAR}"\n10m 60%\n')
    result = runner.invoke(app, ["import", str(source)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("name: Tempo \\x1b[2J\n")


BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


SEPARATORS = {"Zl", "Zp"}
"""Unicode's line and paragraph separators (U+2028, U+2029): lines a terminal may break."""


def dangerous(char: str) -> bool:
    """A control character (other than a line feed or a tab), a line or paragraph separator,
    or a bidirectional control."""
    category = unicodedata.category(char)
    return (category == "Cc" and char not in "\n\t") or category in SEPARATORS or char in BIDI


@given(st.text())
def test_escaped_text_holds_no_control_character_and_keeps_the_rest(text: str) -> None:
    from ridec.escapes import escape_controls  # here: the module still runs on older code

    shown = escape_controls(text)
    assert not any(dangerous(char) for char in shown)
    if not any(dangerous(char) for char in text):
        assert shown == text


def test_rendering_escapes_a_message_from_a_binary_file() -> None:
    source = Source("w.fit")
    diagnostic = error(f"the workout is named '{OSC_TITLE}'", Span(source, 12, 13))
    assert (
        diagnostic.render() == "w.fit: offset 12: error: the workout is named '\\x1b]0;owned\\x07'"
    )


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_line_separator_in_a_header_is_escaped_in_the_excerpt(
    tmp_path: Path, separator: str
) -> None:
    source = tmp_path / "w.erg"
    header = f"[COURSE HEADER]\nFTP = 250{separator}\nMINUTES WATTS\n[END COURSE HEADER]\n"
    source.write_text(header + "[COURSE DATA]\n0.00\t200\n10.00\t200\n[END COURSE DATA]\n")
    result = runner.invoke(app, ["check", str(source)])
    assert result.exit_code == 1
    assert not any(dangerous(char) for char in result.stderr)
    first, line, caret = result.stderr.splitlines()[:3]
    assert first.startswith(f"{source}:2:1: error: FTP must be a number"), first
    spelled = separator.encode("unicode_escape").decode()
    assert line == f"  | FTP = 250{spelled}"
    assert caret.startswith("  | ^")
