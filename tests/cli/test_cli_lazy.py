"""A run imports the module of the command it runs and no other command's (start-up time),
while `ridec --help` still lists every command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ridec.cli import COMMANDS, _command

PROBE = """
import sys
from ridec.cli import main
try:
    main()
except SystemExit:
    pass
print(sorted(m for m in sys.modules if m.startswith("ridec.commands.")), file=sys.stderr)
"""


def _imported_commands(*args: str) -> tuple[str, str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=False
    )
    return done.stdout, done.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["compile", "w.ride", "-t", "all"], "compile"),
        (["--version"], None),
        (["--help", "compile"], None),
        (["import", "--help"], "import"),
        ([], None),
    ],
)
def test_the_command_is_the_first_word(args: list[str], command: str | None) -> None:
    assert _command(args) == command


def test_a_compile_imports_no_other_command(tmp_path: Path) -> None:
    source = tmp_path / "w.ride"
    source.write_text("name: W\n10m 60%\n", encoding="utf-8")
    _, imported = _imported_commands("compile", str(source), "-t", "json", "-o", str(tmp_path))
    assert (tmp_path / "w.json").is_file()
    others = {f"ridec.commands.{m}" for m in COMMANDS.values()} - {"ridec.commands.compile"}
    assert "ridec.commands.compile" in imported
    assert not [m for m in others if f"'{m}'" in imported]


def test_the_root_help_lists_every_command_and_imports_none() -> None:
    out, imported = _imported_commands("--help")
    listed = [
        line.split()[0]
        for line in out.splitlines()
        if line.startswith("  ") and line[2:3].isalpha()
    ]
    assert [name for name in listed if name in COMMANDS] == list(COMMANDS)
    assert imported == "['ridec.commands.process', 'ridec.commands.root']"


HTTP_PROBE = """
import sys
from ridec.cli import main
try:
    main()
except SystemExit:
    pass
print("httpx" in sys.modules, file=sys.stderr)
"""


def _loads_httpx(*args: str, env: dict[str, str] | None = None) -> bool:
    done = subprocess.run(
        [sys.executable, "-c", HTTP_PROBE, *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    return done.stderr.strip().splitlines()[-1] == "True"


def test_only_a_push_to_intervals_loads_the_http_client(tmp_path: Path) -> None:
    import os

    from tests.delivery.intervals_server import ATHLETE, KEY, serving
    from tests.delivery.test_garmin import mount

    source = tmp_path / "w.ride"
    source.write_text("name: W\n10m 60%\n", encoding="utf-8")
    assert not _loads_httpx("--help")
    assert not _loads_httpx("push", "--help")
    assert not _loads_httpx("push", str(source), "--garmin", str(mount(tmp_path)))
    assert (tmp_path / "drive" / "GARMIN" / "NEWFILES" / "w.fit").is_file()
    with serving() as server:
        env = {**os.environ, "INTERVALS_ICU_URL": server.url, "INTERVALS_ICU_API_KEY": KEY}
        assert _loads_httpx("push", str(source), "--intervals", ATHLETE, env=env)
        assert len(server.requests) == 1


DASK_PROBE = """
import sys
from ridec.cli import main
try:
    main()
except SystemExit:
    pass
print(sorted(m for m in sys.modules if m.split(".")[0] in ("dask", "distributed")), file=sys.stderr)
"""


@pytest.mark.parametrize("build", [False, True], ids=["help", "local build"])
def test_dask_is_imported_only_by_a_build_on_a_cluster(tmp_path: Path, build: bool) -> None:
    """dask and distributed are an optional extra, and heavy: `ridec --help` and a local build
    never load them."""
    source = tmp_path / "w.ride"
    source.write_text("name: W\n10m 60%\n", encoding="utf-8")
    dist = tmp_path / "dist"
    args = ["build", str(source), "-o", str(dist), "-t", "json", "-q"] if build else ["--help"]
    done = subprocess.run(
        [sys.executable, "-c", DASK_PROBE, *args], capture_output=True, text=True, check=False
    )
    assert done.stderr.strip().splitlines()[-1] == "[]"
    assert (dist / "w.json").is_file() == build


VERSION_PROBE = """
import sys
from ridec.cli import main
main()
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("typer", "typing", "ridec"))
print(loaded, file=sys.stderr)
"""


def test_the_version_is_printed_without_typer_or_any_command() -> None:
    done = subprocess.run(
        [sys.executable, "-c", VERSION_PROBE, "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    from ridec import __version__

    assert (done.returncode, done.stdout) == (0, f"ridec {__version__}\n")
    loaded = done.stderr.strip().splitlines()[-1]
    assert loaded == "['ridec', 'ridec.cli', 'ridec.commands', 'ridec.commands.process']"


GC_PROBE = """
import functools, gc, sys
from ridec.commands.check import check

@functools.wraps(check)  # typer names the command and reads its options from `check`
def probed(*args, **kwargs):
    print("during the command:", gc.isenabled(), gc.get_freeze_count(), file=sys.stderr)
    return check(*args, **kwargs)

sys.modules["ridec.commands.check"].check = probed
from ridec.cli import main
try:
    main()
except SystemExit:
    pass
"""


def test_collection_is_paused_for_the_start_up_only(tmp_path: Path) -> None:
    """Start-up runs without cyclic collection; the command itself (a language server, a
    preview, a big build) runs with it, its start-up objects moved to the oldest generation."""
    source = tmp_path / "w.ride"
    source.write_text("name: W\n10m 60%\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", GC_PROBE, "check", str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "during the command: True 0" in done.stderr


def test_pausing_leaves_a_collector_turned_off_by_the_embedder_off() -> None:
    import gc

    from ridec.commands.process import pause_collection, resume_collection

    gc.disable()
    try:
        pause_collection()
        resume_collection()
        assert not gc.isenabled()
    finally:
        gc.enable()
    pause_collection()
    assert not gc.isenabled()
    resume_collection()
    assert gc.isenabled()
