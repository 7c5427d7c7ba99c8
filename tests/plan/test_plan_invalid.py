"""Every invalid plan in `invalid/` fails with exactly the diagnostics in its `.expected` file.

One case per file: the plan, its expected rendered output (caret included), and the small
workouts the cases share (`intervals.ride`, `cued.ride`, `broken.ride`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ridec.diagnostics import DiagnosticError
from ridec.language.plan import expand_plan, load_plan

INVALID = Path(__file__).parent / "invalid"
CASES = sorted(INVALID.glob("*.plan"))


def test_every_case_has_its_expected_output() -> None:
    assert len(CASES) >= 20
    assert all(case.with_suffix(".expected").is_file() for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_invalid_plan_reports_located_diagnostics(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(INVALID)
    with pytest.raises(DiagnosticError) as caught:
        expand_plan(load_plan(Path(case.name)))
    rendered = "\n".join(d.render() for d in caught.value.diagnostics) + "\n"
    assert rendered == case.with_suffix(".expected").read_text(encoding="utf-8")
