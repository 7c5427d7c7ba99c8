"""Every file in `invalid/` holds one mistake; its `.expected` is the exact rendered error."""

from __future__ import annotations

from pathlib import Path

import pytest

from ridec.diagnostics import DiagnosticError
from ridec.language import decode, parse

INVALID = Path(__file__).parent / "invalid"
CASES = sorted(INVALID.glob("*.ride"))


def render_errors(path: Path) -> tuple[int, str]:
    """How many diagnostics parsing the file raises, and their rendered text."""
    shown = f"invalid/{path.name}"
    with pytest.raises(DiagnosticError) as raised:
        parse(decode(path.read_bytes(), shown), shown)
    diagnostics = raised.value.diagnostics
    return len(diagnostics), "".join(d.render() + "\n" for d in diagnostics)


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 45


@pytest.mark.parametrize("case", CASES, ids=lambda path: path.stem)
def test_invalid_source_gives_its_expected_diagnostic(case: Path) -> None:
    count, rendered = render_errors(case)
    assert rendered == case.with_suffix(".expected").read_text(encoding="utf-8")
    assert count == 1, "each invalid file holds exactly one mistake"
