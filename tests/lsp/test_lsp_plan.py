"""`ridec lsp` end to end on `.plan` files, with Neovim's capabilities (UTF-8 positions)."""

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
from tests.lsp.lsp_support import (
    SERVER,
    apply_edits,
    at,
    change_document,
    close_document,
    diagnostics_of,
    open_document,
)
from tests.paths import ROOT, WORKOUTS

pytestmark = pytest.mark.asyncio(loop_scope="module")

PLAN_CASES = ROOT / "tests" / "plan" / "invalid"
_RENDERED_HEAD = re.compile(r"^\S+?:(\d+):(\d+): error: (.*)$")


@pytest_lsp.fixture(scope="module", config=SERVER)  # type: ignore[untyped-decorator]
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    capabilities = client_capabilities("neovim@v0.11.0")
    result = await lsp_client.initialize_session(types.InitializeParams(capabilities=capabilities))
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A copy of the shipped library that a test may edit."""
    folder = tmp_path / "library"
    shutil.copytree(WORKOUTS, folder)
    return folder


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    """A copy of the invalid plans and the workouts they use."""
    folder = tmp_path / "cases"
    shutil.copytree(PLAN_CASES, folder)
    return folder


def _position(text: str, needle: str, shift: int = 0) -> tuple[int, int]:
    """0-based line and character (ASCII text) of `needle`'s first occurrence."""
    offset = text.index(needle) + shift
    line = text.count("\n", 0, offset)
    return line, offset - (text.rfind("\n", 0, offset) + 1)


async def test_the_shipped_plan_is_clean(client: LanguageClient, library: Path) -> None:
    path = library / "back-pain-protocol.plan"
    assert await open_document(client, path, path.read_text(encoding="utf-8"), "plan") == []
    close_document(client, path)


@pytest.mark.parametrize("case", sorted(PLAN_CASES.glob("*.plan")), ids=lambda p: p.stem)
async def test_every_invalid_plan_shows_what_ridec_check_prints(
    client: LanguageClient, case: Path, cases: Path
) -> None:
    path = cases / case.name
    expected = [
        match.groups()
        for row in case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
        if (match := _RENDERED_HEAD.match(row))
    ]
    found = await open_document(client, path, path.read_text(encoding="utf-8"), "plan")
    close_document(client, path)
    assert len(found) == len(expected)
    for shown, (line, column, message) in zip(found, expected, strict=True):
        first = shown.message.splitlines()[0]
        if shown.related_information:  # a workout's problem, prefixed with its location
            assert first.endswith(f":{line}:{column}: {message}")
        else:
            assert first == message
            assert (shown.range.start.line + 1, shown.range.start.character + 1) == (
                int(line),
                int(column),
            )


async def test_a_week_that_breaks_the_workout_is_shown_on_that_weeks_value(
    client: LanguageClient, cases: Path
) -> None:
    path = cases / "week-breaks-workout.plan"
    text = path.read_text(encoding="utf-8")
    (shown,) = await open_document(client, path, text, "plan")
    line, character = _position(text, "20s")
    assert shown.range == types.Range(
        types.Position(line, character), types.Position(line, character + 3)
    )
    assert shown.message.splitlines() == [
        "cued.ride:5:5: the cue at 30s falls outside its step, which lasts 20s (`$on`)",
        "hint: a cue must fall inside its step",
        f"note: in week 2 of {path} (on = 20s)",
    ]
    (related,) = shown.related_information or []
    assert related.location.uri == (cases / "cued.ride").as_uri()
    assert related.location.range == types.Range(types.Position(4, 4), types.Position(4, 9))
    close_document(client, path)


async def test_a_workout_error_is_fixed_from_the_plan_in_the_workout_file(
    client: LanguageClient, cases: Path
) -> None:
    path = cases / "broken-workout.plan"
    text = path.read_text(encoding="utf-8")
    (shown,) = await open_document(client, path, text, "plan")
    line, character = _position(text, '"broken.ride"')
    assert shown.range.start == types.Position(line, character)
    assert shown.message.startswith("broken.ride:2:8: unknown word 'upstrke'")
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(path.as_uri()),
            shown.range,
            types.CodeActionContext([shown]),
        )
    )
    (action,) = result or []
    assert isinstance(action, types.CodeAction) and action.edit and action.edit.changes
    workout = cases / "broken.ride"
    (edits,) = action.edit.changes.values()
    assert list(action.edit.changes) == [workout.as_uri()]
    workout.write_text(apply_edits(workout.read_text(encoding="utf-8"), edits, "utf-8"))
    assert "4m 80% upstroke" in workout.read_text(encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            [types.FileEvent(workout.as_uri(), types.FileChangeType.Changed)]
        )
    )
    assert await change_document(client, path, 2, text) == []
    close_document(client, path)


async def test_a_misspelt_workout_file_is_fixed_in_place(
    client: LanguageClient, cases: Path
) -> None:
    path = cases / "missing-file.plan"
    text = path.read_text(encoding="utf-8")
    (shown,) = await open_document(client, path, text, "plan")
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(path.as_uri()),
            shown.range,
            types.CodeActionContext([shown]),
        )
    )
    (action,) = result or []
    assert isinstance(action, types.CodeAction)
    assert action.title == 'Replace `"interval.ride"` with `"intervals.ride"`'
    assert action.edit and action.edit.changes
    fixed = apply_edits(text, action.edit.changes[path.as_uri()], "utf-8")
    assert await change_document(client, path, 2, fixed) == []
    close_document(client, path)


async def test_an_unsaved_edit_to_an_open_workout_is_checked_through_the_plan(
    client: LanguageClient, library: Path
) -> None:
    plan = library / "back-pain-protocol.plan"
    workout = library / "standing.ride"
    original = workout.read_text(encoding="utf-8")
    assert await open_document(client, plan, plan.read_text(encoding="utf-8"), "plan") == []
    client.diagnostics.pop(plan.as_uri(), None)
    assert await open_document(client, workout, original) == []
    # Opening the workout checks the plan again: wait for that, so it is not taken for the
    # answer to the edit below.
    assert await diagnostics_of(client, plan.as_uri()) == []
    client.diagnostics.pop(plan.as_uri(), None)
    assert await change_document(client, workout, 2, original.replace("let on = 2m\n", "")) != []
    shown = await diagnostics_of(client, plan.as_uri())
    assert shown and all("`on`" in d.message or "$on" in d.message for d in shown)
    close_document(client, workout)
    assert await diagnostics_of(client, workout.as_uri()) == []
    close_document(client, plan)


async def _hover(client: LanguageClient, path: Path, line: int, character: int) -> str:
    position = at(path, line, character)
    hover = await client.text_document_hover_async(
        types.HoverParams(position.text_document, position.position)
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    return hover.contents.value


async def test_hover_on_a_week_value_gives_that_weeks_workout_duration(
    client: LanguageClient, library: Path
) -> None:
    path = library / "back-pain-protocol.plan"
    text = path.read_text(encoding="utf-8")
    await open_document(client, path, text, "plan")
    line, character = _position(text, "2m30s, 3m")  # week 3's value of `on`
    shown = await _hover(client, path, line, character + 1)
    assert shown.splitlines()[0] == (
        "**week 3**: `on` = **2m30s**, *W3 Standing technique* lasts **40:00**"
    )
    assert "| **3** | **2m30s** | **40:00** |" in shown
    assert "| 6 | 3m | 48:00 |" in shown
    line, character = _position(text, '"standing.ride"')
    shown = await _hover(client, path, line, character + 2)
    assert "**Standing technique** (`standing.ride`), 3 times a week" in shown
    assert "| 1 | 3 | 2m | 33:00 |" in shown
    close_document(client, path)


async def _labels(client: LanguageClient, path: Path, line: int, character: int) -> list[str]:
    position = at(path, line, character)
    result = await client.text_document_completion_async(
        types.CompletionParams(position.text_document, position.position)
    )
    assert isinstance(result, types.CompletionList)
    return [item.label for item in sorted(result.items, key=lambda i: i.sort_text or i.label)]


async def test_completion_of_workout_files_and_of_their_parameters(
    client: LanguageClient, library: Path
) -> None:
    path = library / "new.plan"
    text = (
        'name: New\nweeks: 4\n\nworkout "\n'
        'workout "sweet-spot.ride" 2 per week:\n  sets: 2 -> 4\n  \n'
    )
    await open_document(client, path, text, "plan")
    files = await _labels(client, path, 3, len('workout "'))
    assert files[:6] == [
        "endurance-cadence.ride",
        "ftp-test.ride",
        "isolated-stroke.ride",
        "standing.ride",
        "vo2max-30-30.ride",
        "sweet-spot.ride",
    ]
    assert await _labels(client, path, 6, 2) == ["on", "power"]  # `sets` is already given
    assert (await _labels(client, path, 2, 0))[0] == "workout"
    close_document(client, path)


async def test_completion_offers_the_header_keys_not_set_above_the_first_workout(
    client: LanguageClient, library: Path
) -> None:
    path = library / "no-weeks.plan"
    text = 'name: Build\nwe\n\nworkout "standing.ride" 3 per week:\n  reps: 3, 4\n\n'
    shown = await open_document(client, path, text, "plan")
    firsts = [d.message.splitlines()[0] for d in shown]
    assert "the plan does not say how many weeks it lasts" in firsts
    keys = ["author:", "description:", "ftp:", "weeks:"]  # `name` is already set
    assert await _labels(client, path, 1, 2) == ["workout", *keys]
    result = await client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(path.as_uri()), types.Position(1, 2))
    )
    assert isinstance(result, types.CompletionList)
    (weeks,) = [item for item in result.items if item.label == "weeks:"]
    assert weeks.text_edit == types.TextEdit(
        types.Range(types.Position(1, 0), types.Position(1, 2)), "weeks: "
    )
    assert await _labels(client, path, 2, 0) == ["workout", *keys]
    assert await _labels(client, path, 5, 0) == ["workout"]  # header lines come first
    close_document(client, path)


UNKEMPT_PLAN = """# Six weeks, rising ☀
WEEKS: 6
name:   Été build   # the name
workout "standing.ride" 3 PER WEEK:
  $reps: 3,3,4,4,5,5
  on: 120s -> 180s
# isolated
workout "isolated-stroke.ride" 1 per week:
    intervals: 1 , 2, 2, 3, 4, 5
"""


async def _format(client: LanguageClient, path: Path) -> list[types.TextEdit] | None:
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            types.TextDocumentIdentifier(path.as_uri()),
            types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    return None if edits is None else list(edits)


async def test_formatting_a_plan_gives_the_text_ridec_fmt_writes(
    client: LanguageClient, library: Path
) -> None:
    path = library / "unkempt.plan"
    path.write_text(UNKEMPT_PLAN, encoding="utf-8")
    by_fmt = library / "by-fmt.plan"
    by_fmt.write_text(UNKEMPT_PLAN, encoding="utf-8")
    assert CliRunner().invoke(app, ["fmt", str(by_fmt)]).exit_code == 0
    canonical = by_fmt.read_text(encoding="utf-8")
    assert canonical != UNKEMPT_PLAN
    assert await open_document(client, path, UNKEMPT_PLAN, "plan") == []
    edits = await _format(client, path)
    assert edits is not None
    formatted = apply_edits(UNKEMPT_PLAN, edits, "utf-8")
    assert formatted == canonical
    assert formatted.splitlines()[:4] == [
        "name: Été build  # the name",
        "# Six weeks, rising ☀",
        "weeks: 6",
        "",
    ]
    assert await change_document(client, path, 2, formatted) == []
    assert await _format(client, path) == []  # canonical text: nothing to change
    broken = formatted.replace("weeks: 6", "weeks: six")
    assert await change_document(client, path, 3, broken) != []
    assert await _format(client, path) is None  # left alone, as `ridec fmt` leaves it
    close_document(client, path)


async def test_symbols_of_a_plan_list_its_header_and_workouts(
    client: LanguageClient, library: Path
) -> None:
    path = library / "back-pain-protocol.plan"
    await open_document(client, path, path.read_text(encoding="utf-8"), "plan")
    result = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(types.TextDocumentIdentifier(path.as_uri()))
    )
    symbols = [s for s in result or [] if isinstance(s, types.DocumentSymbol)]
    assert [s.name for s in symbols] == [
        "name",
        "author",
        "description",
        "weeks",
        "isolated-stroke.ride",
        "standing.ride",
    ]
    standing = symbols[-1]
    assert standing.detail == "3 per week"
    assert [(c.name, c.detail) for c in standing.children or []] == [
        ("reps", "3, 3, 4, 4, 5, 5"),
        ("on", "2m, 2m30s, 2m30s, 3m, 3m, 3m"),
    ]
    close_document(client, path)


async def test_definition_goes_to_the_workout_and_to_its_let_line(
    client: LanguageClient, library: Path
) -> None:
    path = library / "back-pain-protocol.plan"
    text = path.read_text(encoding="utf-8")
    await open_document(client, path, text, "plan")
    line, character = _position(text, '"standing.ride"', 3)
    position = at(path, line, character)
    found = await client.text_document_definition_async(
        types.DefinitionParams(position.text_document, position.position)
    )
    assert isinstance(found, types.Location)
    assert found.uri == (library / "standing.ride").as_uri()
    line, character = _position(text, "  reps:", 3)
    position = at(path, line, character)
    found = await client.text_document_definition_async(
        types.DefinitionParams(position.text_document, position.position)
    )
    assert isinstance(found, types.Location)
    workout = (library / "standing.ride").read_text(encoding="utf-8").splitlines()
    declared = next(i for i, row in enumerate(workout) if row.startswith("let reps"))
    assert found.range == types.Range(types.Position(declared, 4), types.Position(declared, 8))
    close_document(client, path)


async def test_positions_count_utf8_bytes_when_the_client_asks_for_them(
    client: LanguageClient, tmp_path: Path
) -> None:
    path = tmp_path / "unicode.ride"
    text = 'name: Été\n4m 80% "Montée ☀" upstrke\n'
    (shown,) = await open_document(client, path, text)
    prefix = '4m 80% "Montée ☀" '
    start = len(prefix.encode("utf-8"))
    assert shown.range == types.Range(types.Position(1, start), types.Position(1, start + 7))
    close_document(client, path)
