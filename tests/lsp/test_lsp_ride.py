"""`ridec lsp` end to end on `.ride` files: a pytest-lsp client talks to the server over stdio."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

from tests.lsp.lsp_support import (
    SERVER,
    apply_edits,
    at,
    change_document,
    close_document,
    open_document,
)
from tests.paths import ROOT, WORKOUTS

pytestmark = pytest.mark.asyncio(loop_scope="module")

INVALID = ROOT / "tests" / "language" / "invalid"
# The editor decodes files itself: a file that is not UTF-8 never reaches the server as such.
CASES = [p for p in sorted(INVALID.glob("*.ride")) if p.stem != "not-utf8"]
_EXPECTED_HEAD = re.compile(r"^invalid/[^:]+:(\d+):(\d+): (\w+): (.*)$")


_INITIALIZED: list[types.InitializeResult] = []


@pytest_lsp.fixture(scope="module", config=SERVER)  # type: ignore[untyped-decorator]
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    capabilities = client_capabilities("visual-studio-code")
    params = types.InitializeParams(capabilities=capabilities)
    _INITIALIZED.append(await lsp_client.initialize_session(params))
    yield
    await lsp_client.shutdown_session()


async def test_initialize_announces_every_feature(client: LanguageClient) -> None:
    capabilities = _INITIALIZED[-1].capabilities
    assert capabilities.hover_provider
    assert capabilities.completion_provider is not None
    assert "$" in (capabilities.completion_provider.trigger_characters or [])
    assert capabilities.document_formatting_provider
    assert capabilities.document_symbol_provider
    assert capabilities.definition_provider
    assert capabilities.code_action_provider


async def test_a_typo_is_reported_at_its_exact_span_with_its_hint(
    client: LanguageClient, tmp_path: Path
) -> None:
    path = tmp_path / "typo.ride"
    text = 'name: Typo\nftp: 250\n\n4m 80% 55-65rpm upstrke "Pull"\n'
    (found,) = await open_document(client, path, text)
    assert found.range == types.Range(types.Position(3, 16), types.Position(3, 23))
    assert found.severity == types.DiagnosticSeverity.Error
    assert found.source == "ridec"
    assert found.message.splitlines() == [
        "unknown word 'upstrke': expected a flag or a \"label\"",
        "hint: did you mean 'upstroke'?",
    ]
    fixed = await change_document(client, path, 2, text.replace("upstrke", "upstroke"))
    assert fixed == []
    close_document(client, path)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
async def test_every_invalid_file_shows_what_ridec_check_prints(
    client: LanguageClient, case: Path
) -> None:
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    head = _EXPECTED_HEAD.match(expected[0])
    assert head is not None
    line, column, severity, message = head.groups()
    text = case.read_bytes().decode("utf-8-sig")
    (found,) = await open_document(client, case, text)
    close_document(client, case)
    assert found.message.splitlines()[0] == message
    assert found.severity == types.DiagnosticSeverity.Error and severity == "error"
    assert (found.range.start.line + 1, found.range.start.character + 1) == (
        int(line),
        int(column),
    )
    carets = expected[2].count("^")
    one_line = found.range.end.line == found.range.start.line
    if one_line and found.range.end != found.range.start and "\t" not in text:
        assert found.range.end.character - found.range.start.character == carets
    hints = [row.strip() for row in expected if row.strip().startswith("hint:")]
    assert [row for row in found.message.splitlines() if row.startswith("hint:")] == hints


async def test_a_quick_fix_from_the_hint_is_applied_and_the_error_goes(
    client: LanguageClient, tmp_path: Path
) -> None:
    path = tmp_path / "fix.ride"
    text = "name: Fix\n\nrecovery 90 55%\n4m 80 90rpm upstrke\n"
    shown = await open_document(client, path, text)
    assert len(shown) == 2
    request = types.CodeActionParams(
        types.TextDocumentIdentifier(path.as_uri()),
        types.Range(types.Position(2, 0), types.Position(2, 20)),
        types.CodeActionContext(diagnostics=list(shown)),
    )
    result = await client.text_document_code_action_async(request)
    assert result is not None
    (action,) = result
    assert isinstance(action, types.CodeAction)
    assert action.kind == types.CodeActionKind.QuickFix
    assert action.title == "Replace `90` with `90s`"
    assert action.is_preferred
    assert action.edit is not None and action.edit.changes is not None
    text = apply_edits(text, action.edit.changes[path.as_uri()])
    assert "recovery 90s 55%" in text
    shown = await change_document(client, path, 2, text)
    (left,) = shown
    assert left.range.start.line == 3
    # Two units fit a bare power; `80rpm` would leave a second cadence, so it is not offered.
    request.range = left.range
    result = await client.text_document_code_action_async(request)
    titles = sorted(a.title for a in result or [] if isinstance(a, types.CodeAction))
    assert titles == ["Replace `80` with `80%`", "Replace `80` with `80w`"]
    close_document(client, path)


FIXABLE = [
    "cadence-range-reversed",
    "duration-without-unit",
    "exercise-count-without-reps",
    "misspelled-block-keyword",
    "power-without-unit",
    "range-reversed",
    "repeat-x-count-after-repeat",
    "undeclared-parameter",
    "unknown-flag",
    "unknown-header-key",
    "unknown-intensity",
]
"""The shipped error cases whose hint names a replacement."""


@pytest.mark.parametrize("case", FIXABLE)
async def test_offered_fixes_make_the_shipped_error_cases_check_clean(
    client: LanguageClient, case: str, tmp_path: Path
) -> None:
    source = INVALID / f"{case}.ride"
    path = tmp_path / source.name
    text = source.read_text(encoding="utf-8")
    (shown,) = await open_document(client, path, text)
    request = types.CodeActionParams(
        types.TextDocumentIdentifier(path.as_uri()), shown.range, types.CodeActionContext([shown])
    )
    result = await client.text_document_code_action_async(request)
    assert result, f"no fix offered for {shown.message!r}"
    action = result[0]
    assert isinstance(action, types.CodeAction) and action.edit and action.edit.changes
    fixed = apply_edits(text, action.edit.changes[path.as_uri()])
    after = await change_document(client, path, 2, fixed)
    if case == "misspelled-block-keyword":
        # The fixture's `alternate` is outside every repeat: spelt right, that is the error.
        assert after[0].message.startswith("`alternate` outside")
    else:
        assert after == []
    close_document(client, path)


async def _hover_text(client: LanguageClient, path: Path, line: int, character: int) -> str:
    position = at(path, line, character)
    hover = await client.text_document_hover_async(
        types.HoverParams(position.text_document, position.position)
    )
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    return hover.contents.value


async def test_hovers_on_a_step_a_repeat_and_a_parameter(client: LanguageClient) -> None:
    path = WORKOUTS / "standing.ride"
    text = path.read_text(encoding="utf-8")
    assert await open_document(client, path, text) == []
    lines = text.splitlines()
    step = next(i for i, line in enumerate(lines) if line.strip().startswith("interval $on"))
    shown = await _hover_text(client, path, step, 4)
    assert (
        "starts at **10:00** from the workout's start (first of **3** times; then 15:00, 20:00)"
        in shown
    )
    assert "lasts **2:00** (`$on` = 2m)" in shown
    assert "**75 % FTP = 188 W**, zone z2 (endurance)" in shown
    assert "cadence: **50-60 rpm**" in shown
    assert 'flags: standing (cue "Stand up")' in shown
    repeat = next(i for i, line in enumerate(lines) if line.startswith("repeat $reps"))
    shown = await _hover_text(client, path, repeat, 2)
    assert "total duration: **15:00** (3 x 5:00)" in shown
    reference = lines[step].index("$on") + 1
    shown = await _hover_text(client, path, step, reference)
    declared = next(i for i, line in enumerate(lines) if line.startswith("let on"))
    assert shown.splitlines()[:2] == [
        "**$on**: duration, **2m**",
        f"declared on line {declared + 1}: `let on = 2m`",
    ]
    close_document(client, path)


async def test_hover_on_a_nested_repeat_gives_its_total_and_its_share_of_the_ride(
    client: LanguageClient,
) -> None:
    path = WORKOUTS / "vo2max-30-30.ride"
    text = path.read_text(encoding="utf-8")
    await open_document(client, path, text)
    lines = text.splitlines()
    inner = next(i for i, line in enumerate(lines) if line.strip().startswith("repeat $reps"))
    shown = await _hover_text(client, path, inner, 4)
    assert "total duration: **8:00** (8 x 1:00)" in shown
    assert "in all: **24:00** (its enclosing repeats run it 3 times)" in shown
    close_document(client, path)


async def _labels(client: LanguageClient, path: Path, line: int, character: int) -> list[str]:
    position = at(path, line, character)
    result = await client.text_document_completion_async(
        types.CompletionParams(position.text_document, position.position)
    )
    assert isinstance(result, types.CompletionList)
    return [item.label for item in sorted(result.items, key=lambda i: i.sort_text or i.label)]


async def test_completion_follows_the_slots_of_a_step(
    client: LanguageClient, tmp_path: Path
) -> None:
    path = tmp_path / "complete.ride"
    text = (
        "name: C\nftp: 250\n\nlet on = 2m\nlet cad = 90rpm\nlet reps = 3\n\n"
        "interval 4\n4m \n4m 80% \n4m 80% 90rpm standing \nrepeat $\n4m 80% 9\n\n"
    )
    await open_document(client, path, text)
    lines = text.split("\n")

    def end(number: int) -> int:
        return len(lines[number])

    assert await _labels(client, path, 7, end(7)) == ["4m", "4h", "4s"][:0] + sorted(
        ["4h", "4m", "4s"]
    )
    after_duration = await _labels(client, path, 8, end(8))
    assert after_duration[:10] == ["$cad", "z1", "z2", "z3", "z4", "z5", "z6", "z7", "free", "max"]
    assert {"standing", "seated", "upstroke", "downstroke", "90rpm"} <= set(after_duration)
    after_target = await _labels(client, path, 9, end(9))
    assert "z2" not in after_target and "$cad" in after_target and "85-95rpm" in after_target
    assert await _labels(client, path, 10, end(10)) == ["downstroke", "upstroke"]
    counts = await _labels(client, path, 11, end(11))
    assert counts[0] == "$reps" and set(counts) == {"$reps", "$on", "$cad"}
    assert await _labels(client, path, 12, end(12)) == ["9rpm"]
    starts = await _labels(client, path, 13, 0)
    assert starts[:6] == ["active", "cooldown", "interval", "recovery", "rest", "warmup"]
    assert "repeat" in starts and "alternate" in starts
    close_document(client, path)


async def test_completion_offers_header_keys_in_the_header_and_a_cue_under_a_step(
    client: LanguageClient, tmp_path: Path
) -> None:
    path = tmp_path / "header.ride"
    text = "name: H\n\n\nrepeat 2:\n  4m 80%\n    \n"
    await open_document(client, path, text)
    keys = await _labels(client, path, 1, 0)
    assert keys[:7] == [
        "author:",
        "category:",
        "description:",
        "ftp:",
        "sport:",
        "subcategory:",
        "tags:",
    ]
    assert "name:" not in keys
    (cue,) = await _labels(client, path, 5, 4)
    assert cue == "@"
    close_document(client, path)


async def test_formatting_gives_the_text_ridec_fmt_writes(
    client: LanguageClient, tmp_path: Path
) -> None:
    from ridec.language import format_source

    path = tmp_path / "messy.ride"
    text = (
        "NAME: Messy   # kept\nFTP: 250\nWarmup 600s 50%->70%   85-95RPM\nrepeat 2:\n    4M 80%\n"
    )
    await open_document(client, path, text)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            types.TextDocumentIdentifier(path.as_uri()), types.FormattingOptions(2, True)
        )
    )
    assert edits is not None
    formatted = apply_edits(text, edits)
    assert formatted == format_source(text, str(path))
    assert formatted.splitlines()[:5] == [
        "name: Messy  # kept",
        "ftp: 250",
        "",
        "warmup 10m 50%->70% 85-95rpm",
        "repeat 2:",
    ]
    await change_document(client, path, 2, formatted)
    again = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            types.TextDocumentIdentifier(path.as_uri()), types.FormattingOptions(2, True)
        )
    )
    assert again is not None and list(again) == []
    close_document(client, path)


async def test_symbols_outline_header_activation_repeats_and_steps(client: LanguageClient) -> None:
    path = WORKOUTS / "standing.ride"
    await open_document(client, path, path.read_text(encoding="utf-8"))
    result = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(types.TextDocumentIdentifier(path.as_uri()))
    )
    assert result is not None
    names = [s.name for s in result if isinstance(s, types.DocumentSymbol)]
    assert names[:4] == ["header", "reps", "on", "recover"]
    assert names[4].startswith("Before you ride")
    assert names[5:] == ["Warm up: easy spin", 'repeat $reps "Standing {i}/{n}"', "Cool down"]
    header, repeat = result[0], result[6]
    assert isinstance(header, types.DocumentSymbol) and isinstance(repeat, types.DocumentSymbol)
    assert [k.name for k in header.children or []] == [
        "name",
        "author",
        "description",
        "tags",
        "ftp",
    ]
    assert repeat.kind == types.SymbolKind.Array and repeat.detail == "15:00 in all"
    steps = [child.name for child in repeat.children or []]
    assert steps == ["Stand up: 75 %, 50-60 rpm", "Sit down: easy spin"]
    assert repeat.range.end.line > repeat.range.start.line + 5  # the block, cues included
    close_document(client, path)


async def test_definition_of_a_parameter_is_its_let_line(client: LanguageClient) -> None:
    path = WORKOUTS / "sweet-spot.ride"
    text = path.read_text(encoding="utf-8")
    await open_document(client, path, text)
    lines = text.splitlines()
    use = next(i for i, line in enumerate(lines) if "$power" in line and "let" not in line)
    position = at(path, use, lines[use].index("$power") + 2)
    result = await client.text_document_definition_async(
        types.DefinitionParams(position.text_document, position.position)
    )
    assert isinstance(result, types.Location)
    declared = next(i for i, line in enumerate(lines) if line.startswith("let power"))
    assert result.uri == path.as_uri()
    assert result.range == types.Range(types.Position(declared, 4), types.Position(declared, 9))
    close_document(client, path)
