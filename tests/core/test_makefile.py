"""The Makefile installs what each entry point needs, once: `make demo` only ridec and what
compiling needs, `make test` the dev tools, `make bench` the benchmark's extra; a stamp per
set of extras, so `make demo` then `make test` installs only the dev tools the second time.

Checked with `make -n` (the commands, not run) against a virtual environment folder in a
temporary folder, so the repository's own `.venv` is never touched."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.paths import ROOT


def _planned(target: str, venv: Path) -> list[str]:
    """The commands `make TARGET` would run, with `.venv` at `venv`."""
    done = subprocess.run(
        ["make", "--no-print-directory", "-n", target, f"VENV={venv}"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout.splitlines()


def _installs(commands: list[str]) -> list[str]:
    return [c for c in commands if " -m pip install --quiet -e " in c]


def test_demo_installs_only_what_compiling_needs(tmp_path: Path) -> None:
    commands = _planned("demo", tmp_path / "venv")
    assert _installs(commands) == [f"{tmp_path}/venv/bin/python -m pip install --quiet -e '.'"]
    assert commands[-1] == f"{tmp_path}/venv/bin/ridec build workouts -o dist"


def test_test_installs_the_dev_extra_and_not_the_bench_one(tmp_path: Path) -> None:
    installs = _installs(_planned("test", tmp_path / "venv"))
    assert installs == [f"{tmp_path}/venv/bin/python -m pip install --quiet -e '.[dev]'"]


def test_bench_installs_the_bench_extra(tmp_path: Path) -> None:
    installs = _installs(_planned("bench", tmp_path / "venv"))
    assert installs == [f"{tmp_path}/venv/bin/python -m pip install --quiet -e '.[bench]'"]


def test_demo_then_test_installs_the_dev_tools_alone(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    venv.mkdir()
    (venv / ".stamp-base").touch()  # what `make demo` leaves, newer than pyproject.toml
    assert [c for c in _planned("demo", venv) if "pip" in c] == []
    assert len(_installs(_planned("test", venv))) == 1
    (venv / ".stamp-dev").touch()  # and what `make test` leaves
    assert [c for c in _planned("test", venv) if "pip" in c] == []
    assert [c for c in _planned("demo", venv) if "pip" in c] == []


def test_the_readme_says_how_to_run_ridec_after_set_up() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Set up") : text.index("## A first workout")]
    for way in (".venv/bin/ridec", "source .venv/bin/activate", "pipx install ."):
        assert way in section
