"""The README's Python example, taken from the README and run as written."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_example() -> str:
    """The first ```python block of the README's "Using ridec from Python" section."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Using ridec from Python", 1)[1].split("\n## ", 1)[0]
    found = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert found, "the README has no Python example under 'Using ridec from Python'"
    return found.group(1)


def test_the_readme_example_is_about_ten_lines() -> None:
    code = [line for line in readme_example().splitlines() if line.strip()]
    assert len(code) <= 12


def test_the_readme_example_runs_and_prints_what_the_readme_says() -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(readme_example(), str(README), "exec"), {"__name__": "readme"})
    lines = out.getvalue().splitlines()
    assert [line.split()[0] for line in lines[:3]] == ["zwo", "erg", "fit"]
    assert lines[0].endswith(" 1 losses") and lines[2].endswith(" 0 losses")
    assert lines[3] == "3120"
    assert lines[4].startswith("bad.ride:1:8: error: unknown word 'upstrke'")
    assert "did you mean 'upstroke'?" in lines[-1]
