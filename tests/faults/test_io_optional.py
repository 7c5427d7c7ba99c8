"""`--png` without matplotlib (the optional `charts` extra) says what to install.

Before: `show --png` and `review --png` ended in `ModuleNotFoundError: No module named
'matplotlib.artist'` after the report was printed. Now the check comes before any work: one
line naming `pip install 'ridec[charts]'`, exit 1, nothing written. matplotlib is made
unimportable in a child process (a `sys.modules` entry of None, as Python's own tests do).
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.faults.bounded import HANG_TIMEOUT_S
from tests.paths import EDGE810, WORKOUTS

MESSAGE = "ridec: error: --png draws with matplotlib, not installed: pip install 'ridec[charts]'\n"
WITHOUT = "import sys; sys.modules['matplotlib'] = None\n"
BROKEN = "import sys; sys.modules['matplotlib.backends.backend_agg'] = None\n"
"""matplotlib is there, but part of it cannot be imported."""


def ridec_with(prelude: str, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    code = prelude + "from ridec.cli import main; sys.argv = ['ridec', *sys.argv[1:]]; main()\n"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=HANG_TIMEOUT_S,
        check=False,
    )


SHOW = ["show", str(WORKOUTS / "standing.ride"), "--png", "chart.png"]
REVIEW = [
    "review",
    str(EDGE810),
    "--against",
    str(WORKOUTS / "endurance-cadence.ride"),
    "--ftp",
    "280",
    "--png",
    "chart.png",
]


@pytest.mark.parametrize("prelude", [WITHOUT, BROKEN])
@pytest.mark.parametrize("args", [SHOW, REVIEW, [*SHOW[:3], "-"]], ids=["show", "review", "stdout"])
def test_png_without_matplotlib_names_the_extra(
    tmp_path: Path, prelude: str, args: list[str]
) -> None:
    done = ridec_with(prelude, args, tmp_path)
    assert (done.returncode, done.stderr, done.stdout) == (1, MESSAGE, "")
    assert list(tmp_path.iterdir()) == []


def test_the_other_outputs_need_no_matplotlib(tmp_path: Path) -> None:
    done = ridec_with(WITHOUT, [*SHOW[:2], "--svg", "chart.svg"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "chart.svg").read_text().startswith("<svg")


def test_the_readme_names_the_extra() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    assert "pip install 'ridec[charts]'" in readme


def test_the_readme_says_which_set_up_has_matplotlib() -> None:
    # `make demo` installs the base (no matplotlib), `make test` the dev extra (which has it):
    # the README once said "the `.venv` of `make` has it", untrue after `make demo`.
    root = Path(__file__).parents[2]
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]

    def named(requirements: list[str]) -> bool:
        return any(r.split(">")[0].split("[")[0] == "matplotlib" for r in requirements)

    assert not named(project["dependencies"])
    assert named(extras["charts"]) and named(extras["dev"])
    makefile = (root / "Makefile").read_text(encoding="utf-8")
    assert "demo: $(BASE_STAMP)" in makefile and "$(call install,[dev])" in makefile
    readme = (root / "README.md").read_text(encoding="utf-8")
    setup = readme[readme.index("## Set up") : readme.index("## A first workout")]
    assert "which `make demo` does not install. `make test` does" in setup
    assert ".venv/bin/pip install -e '.[charts]'" in setup
    shown = "$ .venv/bin/ridec show workouts/standing.ride --png chart.png\n" + MESSAGE
    assert shown in setup
    assert "the `.venv` of `make` has it" not in readme
