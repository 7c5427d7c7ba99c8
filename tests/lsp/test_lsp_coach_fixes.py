"""Every coach hint is a quick fix in `ridec lsp`: the diagnostic's own `Fix`, as one edit.

For each exact-output hint case (`tests/language/invalid/hint-*.ride`, the plan hint cases),
a VS Code client (UTF-16 positions) asks for the code actions of the one diagnostic and
applies the one it gets. The edit must be the compiler's `Fix` at its span, the edited lines
must read as the `fix:` lines of the case's `.expected` output, and `ridec check` on the
edited file must report no error.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities
from typer.testing import CliRunner

from ridec.cli import app
from ridec.diagnostics import Diagnostic, DiagnosticError
from ridec.language import parse
from ridec.language.plan import parse_plan
from ridec.lsp.actions import CONVERT_ICU
from tests.lsp.lsp_support import SERVER, apply_edits, close_document, open_document, units
from tests.paths import ROOT

pytestmark = pytest.mark.asyncio(loop_scope="module")

RIDE_CASES = ROOT / "tests" / "language" / "invalid"
PLAN_CASES = ROOT / "tests" / "plan" / "invalid"
RIDE_HINTS = sorted(RIDE_CASES.glob("hint-*.ride"))
PLAN_HINTS = sorted(PLAN_CASES.glob("hint-*.plan"))
_FIX_ROW = "  fix:  "

runner = CliRunner()


@pytest_lsp.fixture(scope="module", config=SERVER)  # type: ignore[untyped-decorator]
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    capabilities = client_capabilities("visual-studio-code")
    result = await lsp_client.initialize_session(types.InitializeParams(capabilities=capabilities))
    assert result.capabilities.position_encoding in (None, types.PositionEncodingKind.Utf16)
    yield
    await lsp_client.shutdown_session()


async def test_every_hint_case_is_here() -> None:
    assert len(RIDE_HINTS) >= 30 and len(PLAN_HINTS) >= 3


def _corrected(case: Path) -> list[str]:
    """The `fix:` rows of a case's expected output: the corrected lines, right-stripped."""
    rows = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    return [row[len(_FIX_ROW) :] for row in rows if row.startswith(_FIX_ROW)]


def _compiler_diagnostic(text: str, path: Path) -> Diagnostic:
    """The one diagnostic the compiler reports for a case, read in this process."""
    with pytest.raises(DiagnosticError) as raised:
        if path.suffix == ".plan":
            parse_plan(text, path)
        else:
            parse(text, str(path))
    (diagnostic,) = raised.value.diagnostics
    return diagnostic


def _range_of(text: str, start: int, end: int) -> types.Range:
    """The UTF-16 range of the character offsets [start, end) of `text`."""

    def position(offset: int) -> types.Position:
        line_start = text.rfind("\n", 0, offset) + 1
        line_end = text.find("\n", line_start)
        line = text[line_start : len(text) if line_end < 0 else line_end]
        return types.Position(text.count("\n", 0, offset), units(line, offset - line_start))

    return types.Range(position(start), position(end))


def _error_lines(path: Path) -> set[int]:
    """The 1-based lines of `path` that `ridec check` reports an error on."""
    result = runner.invoke(app, ["check", str(path)])
    row = re.compile(rf"^{re.escape(str(path))}:(\d+):\d+: error: ", re.M)
    return {int(line) for line in row.findall(result.stderr)}


async def _the_quick_fix(
    client: LanguageClient, path: Path, text: str, language: str
) -> tuple[types.CodeAction, types.TextEdit, types.Diagnostic]:
    """Open a file with one problem and take the one quick fix offered for it."""
    (shown,) = await open_document(client, path, text, language)
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(path.as_uri()),
            shown.range,
            types.CodeActionContext([shown]),
        )
    )
    close_document(client, path)
    assert result, f"no quick fix for {shown.message!r}"
    # A pasted intervals.icu line (`- 10m 60%`) is also offered its conversion, never preferred.
    converted = [a for a in result if a.title == CONVERT_ICU]
    assert all(isinstance(a, types.CodeAction) and not a.is_preferred for a in converted)
    (action,) = [a for a in result if a not in converted]
    assert isinstance(action, types.CodeAction)
    assert action.kind == types.CodeActionKind.QuickFix
    assert action.is_preferred
    assert list(action.diagnostics or []) == [shown]
    assert action.edit is not None and action.edit.changes is not None
    assert list(action.edit.changes) == [path.as_uri()]
    (edit,) = action.edit.changes[path.as_uri()]
    return action, edit, shown


async def _check_fix(client: LanguageClient, case: Path, folder: Path) -> None:
    path = folder / case.name
    text = path.read_text(encoding="utf-8")
    language = path.suffix.lstrip(".")
    fix = _compiler_diagnostic(text, path).fix
    assert fix is not None, "a hint case carries its fix"
    action, edit, _ = await _the_quick_fix(client, path, text, language)
    assert edit.new_text == fix.text
    assert edit.range == _range_of(text, fix.span.start, fix.span.end)
    fixed = apply_edits(text, [edit])
    corrected = _corrected(case)
    first = edit.range.start.line
    lines = fixed.split("\n")[first : first + len(corrected)]
    assert [line.rstrip() for line in lines] == corrected
    assert action.title == "Change to " + " / ".join(f"`{c.strip()}`" for c in corrected)
    path.write_text(fixed, encoding="utf-8")
    # Each case holds one mistake: fixed, the whole file checks clean, its fixed lines too.
    assert _error_lines(path) == set()


@pytest.mark.parametrize("case", RIDE_HINTS, ids=lambda path: path.stem)
async def test_a_coach_hint_is_a_quick_fix_that_clears_its_line(
    client: LanguageClient, case: Path, tmp_path: Path
) -> None:
    shutil.copy(case, tmp_path / case.name)
    await _check_fix(client, case, tmp_path)


@pytest.mark.parametrize("case", PLAN_HINTS, ids=lambda path: path.stem)
async def test_a_plan_coach_hint_is_a_quick_fix_that_clears_its_line(
    client: LanguageClient, case: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "cases"
    shutil.copytree(PLAN_CASES, folder)  # the workouts the plans use
    await _check_fix(client, case, folder)


async def test_a_coach_fix_after_an_emoji_is_placed_in_utf16_units(
    client: LanguageClient, tmp_path: Path
) -> None:
    path = tmp_path / "emoji.ride"
    text = 'name: Emoji\nactivation:\n  "😀 Dead bug" 45 sec\n10m 50%\n'
    _, edit, shown = await _the_quick_fix(client, path, text, "ride")
    before = '  "😀 Dead bug" 45'
    assert len(before.encode("utf-16-le")) // 2 == len(before) + 1  # the emoji takes two units
    start = len(before) + 1  # in UTF-16 units, the emoji counted twice
    assert shown.range.start == types.Position(2, start + 1)
    assert edit.range == types.Range(types.Position(2, start), types.Position(2, start + 4))
    assert edit.new_text == "s"
    assert apply_edits(text, [edit]).splitlines()[2] == '  "😀 Dead bug" 45s'


async def test_a_hint_without_a_fix_still_gets_its_checked_replacement(
    client: LanguageClient, tmp_path: Path
) -> None:
    path = tmp_path / "typo.ride"
    text = "name: Typo\n4m 80% upstrke\n"
    action, edit, _ = await _the_quick_fix(client, path, text, "ride")
    assert action.title == "Replace `upstrke` with `upstroke`"
    assert apply_edits(text, [edit]) == "name: Typo\n4m 80% upstroke\n"


async def test_a_coach_fix_from_a_plan_edits_the_workout_file(
    client: LanguageClient, tmp_path: Path
) -> None:
    workout = tmp_path / "sessions" / "tempo.ride"
    workout.parent.mkdir()
    workout.write_text("name: Tempo\n20 min 80%\n", encoding="utf-8")
    plan = tmp_path / "block.plan"
    text = 'weeks: 2\nworkout "sessions/tempo.ride"\n'
    plan.write_text(text, encoding="utf-8")
    (shown,) = await open_document(client, plan, text, "plan")
    assert shown.message.startswith("sessions/tempo.ride:2:1: ")
    document = types.TextDocumentIdentifier(plan.as_uri())
    result = await client.text_document_code_action_async(
        types.CodeActionParams(document, shown.range, types.CodeActionContext([shown]))
    )
    close_document(client, plan)
    (action,) = result or []
    assert isinstance(action, types.CodeAction) and action.edit and action.edit.changes
    assert action.title == "Change to `20m 80%`"
    (edits,) = action.edit.changes.values()
    assert list(action.edit.changes) == [workout.as_uri()]
    workout.write_text(apply_edits(workout.read_text(encoding="utf-8"), edits), encoding="utf-8")
    assert workout.read_text(encoding="utf-8") == "name: Tempo\n20m 80%\n"
    checked = runner.invoke(app, ["check", str(plan)])
    assert checked.exit_code == 0, checked.stderr


@pytest.mark.parametrize(
    ("line", "fixed"),
    [
        ("warmup 10m 50-70%", "warmup 10m 50%->70%"),
        ("cooldown 10m 40-60%", "cooldown 10m 60%->40%"),
        ("rest 2m", "rest 2m free"),
    ],
    ids=["band-on-warmup", "band-on-cooldown", "no-target"],
)
async def test_a_trap_warning_is_a_quick_fix_too(
    client: LanguageClient, tmp_path: Path, line: str, fixed: str
) -> None:
    path = tmp_path / "trap.ride"
    text = f"name: Trap\n{line}\n20m 80%\n"
    action, edit, shown = await _the_quick_fix(client, path, text, "ride")
    assert shown.severity == types.DiagnosticSeverity.Warning
    assert action.title == f"Change to `{fixed}`"
    assert apply_edits(text, [edit]) == f"name: Trap\n{fixed}\n20m 80%\n"
