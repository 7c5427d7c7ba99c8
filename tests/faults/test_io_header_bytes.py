"""No byte in an ERG/MRC header value makes a command trace back.

Before: `FTP = 250\\x1d` crashed check, import, validate, compile and show with
`ValueError: could not convert string to float: '250\\x1d'`: `str.strip()` takes \\x1c-\\x1f
for white space and `float()` does not, so the FTP passed the grammar's check and failed its
conversion. The grammar now reads every number field one way (`ergmrc.syntax.number`: ASCII
digits between spaces and tabs). Every byte is tried at the start, inside and at the end of
every header value, in one run of each command over all the files (a traceback anywhere
ends the run); `show`, which takes one file, gets random ones.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

import ridec
from ridec.cli import app
from ridec.diagnostics import DiagnosticError
from ridec.formats.ergmrc.syntax import number

runner = CliRunner()

KEYS = ("VERSION", "UNITS", "DESCRIPTION", "FILE NAME", "FTP")
VALUES = {"VERSION": b"2", "UNITS": b"ENGLISH", "DESCRIPTION": b"Tempo", "FILE NAME": b"tempo"}
UNITS = {"erg": (b"WATTS", b"200"), "mrc": (b"PERCENT", b"80")}
PLACES = ("start", "inside", "end")


def course(ext: str, key: str, byte: int, place: str) -> bytes:
    """A small valid course whose `key` value holds `byte` at `place`."""
    unit, level = UNITS[ext]
    lines = []
    for name in KEYS:
        value = VALUES.get(name, b"250")
        if name == key:
            cut = {"start": 0, "inside": 1, "end": len(value)}[place]
            value = value[:cut] + bytes([byte]) + value[cut:]
        lines.append(name.encode() + b" = " + value)
    return (
        b"[COURSE HEADER]\n" + b"\n".join(lines) + b"\nMINUTES " + unit + b"\n"
        b"[END COURSE HEADER]\n[COURSE DATA]\n0.00\t" + level + b"\n10.00\t" + level + b"\n"
        b"[END COURSE DATA]\n[COURSE TEXT]\n60\tGo\t10\n[END COURSE TEXT]\n"
    )


def no_traceback(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exception
    )
    assert result.exit_code in (0, 1), result.stderr[-2000:]
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def courses(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("courses")
    paths = []
    for ext in UNITS:
        for key in KEYS:
            for place in PLACES:
                for byte in range(256):
                    path = folder / f"{ext}-{key[:4]}-{place}-{byte:02x}.{ext}"
                    path.write_bytes(course(ext, key, byte, place))
                    paths.append(path)
    return paths


@pytest.mark.parametrize("command", [["check"], ["validate"], ["import"]])
def test_every_byte_in_every_header_value(courses: list[Path], command: list[str]) -> None:
    result = runner.invoke(app, [*command, *map(str, courses)])
    no_traceback(result)


def test_every_byte_compiles_to_every_format_or_is_refused(courses: list[Path]) -> None:
    """What `compile` does with each file (read, lower, render and check every format), in
    process: the writers see the texts (ZWO refuses control characters in XML) and the FTP.
    The command's own run below writes the files, which the bytes do not change. ERG
    alone: MRC's header is read by the same code; VERSION and UNITS reach no writer."""
    for path in courses:
        if path.suffix != ".erg" or "-VERS-" in path.name or "-UNIT-" in path.name:
            continue
        try:
            loaded = ridec.read(path.read_bytes(), path.name)
            ridec.compile(loaded.workout, "all")
        except DiagnosticError:
            continue


def test_compile_of_every_byte_in_the_ftp(courses: list[Path], tmp_path: Path) -> None:
    chosen = [p for p in courses if p.suffix == ".erg" and "-FTP-" in p.name]
    result = runner.invoke(app, ["compile", "-t", "json", *map(str, chosen), "-o", str(tmp_path)])
    no_traceback(result)
    assert result.exit_code == 1  # the FTP is refused for most bytes, located


def test_the_ftp_with_a_separator_byte_is_a_located_error(tmp_path: Path) -> None:
    source = tmp_path / "ftp.erg"
    source.write_bytes(course("erg", "FTP", 0x1D, "end"))
    commands = (["check"], ["import"], ["validate"], ["show"], ["compile", "-t", "json", "-o", "-"])
    for command in commands:
        result = runner.invoke(app, [*command, str(source)])
        assert result.exit_code == 1, (command, result.stderr)
        first = result.stderr.splitlines()[0]
        assert first == f"{source}:6:1: error: FTP must be a number of watts from 50 to 2000"


@settings(max_examples=60)
@given(
    st.sampled_from(sorted(UNITS)),
    st.sampled_from(KEYS),
    st.integers(0, 255),
    st.sampled_from(PLACES),
)
def test_show_of_any_byte_in_a_header_value(ext: str, key: str, byte: int, place: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"w.{ext}"
        source.write_bytes(course(ext, key, byte, place))
        no_traceback(runner.invoke(app, ["show", str(source)]))


@given(st.text())
def test_a_number_field_is_ascii_digits_between_blanks_or_nothing(text: str) -> None:
    value = number(text)
    stripped = text.strip(" \t")
    if value is not None:
        assert stripped and all(c in "0123456789." for c in stripped)
        assert value == float(stripped)
