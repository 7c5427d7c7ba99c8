"""The quick fix "Convert from intervals.icu syntax": a workout pasted from intervals.icu
into a `.ride` file becomes `.ride` source, as `ridec import --from icu` prints it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

from ridec.lsp.actions import CONVERT_ICU, icu_conversion
from ridec.lsp.fixes import pasted_icu
from ridec.lsp.ride_analysis import analyze_ride
from tests.lsp.lsp_support import SERVER, apply_edits, close_document, open_document

PASTED = "Warmup\n- 10m ramp 50-75% 90rpm\n\nMain Set 3x\n- 4m 105%\n- 2m Z1\n"
CONVERTED = (
    '10m 50%->75% 90rpm "Warmup"\nrepeat 3 "Main Set {i}/{n}":\n  4m 105%\n  2m z1\n'
)


def _converted(text: str, path: str = "w.ride") -> str | None:
    """The text once the conversion offered for its errors is applied (one for them all)."""
    analysis = analyze_ride(text, path)
    edits = {fix.edit for d in analysis.diagnostics for fix in icu_conversion(d)}
    if not edits:
        return None
    (edit,) = edits
    return edit.apply(text)


def test_pasted_steps_under_a_header_become_ride_steps() -> None:
    text = f"name: Pasted\nftp: 250\n\n{PASTED}"
    fixed = _converted(text)
    assert fixed == f"name: Pasted\nftp: 250\n\n{CONVERTED}"
    assert analyze_ride(fixed, "w.ride").diagnostics == ()


def test_a_whole_pasted_file_gets_its_name_and_description() -> None:
    fixed = _converted(f"Sweet spot\nThree sets.\n\n{PASTED}", "/tmp/sweet.ride")
    assert fixed == f"name: Sweet spot\ndescription: Three sets.\n\n{CONVERTED}"


def test_steps_pasted_between_ride_lines_are_converted_in_place() -> None:
    text = "name: Mixed\n\nwarmup 5m 50%\n- 4x 30s 120%\n- 1m Z1\ncooldown 5m 40%\n"
    assert _converted(text) == (
        "name: Mixed\n\nwarmup 5m 50%\nrepeat 4:\n  30s 120%\n1m z1\ncooldown 5m 40%\n"
    )


def test_no_conversion_where_nothing_was_pasted_or_it_does_not_read() -> None:
    assert _converted("name: W\n4m 80% upstrke\n") is None
    assert _converted("name: W\n- 5m Z9\n") is None
    assert _converted("name: W\n- 5m 80%\n", "w.plan") is None


def test_the_pasted_range_is_whole_lines_around_the_error() -> None:
    text = "name: W\n\nWarmup\n- 10m 50%\n\n- 5m 60%\n4m 80%\n"
    refused = {2, 3, 5}
    start, end = pasted_icu(text, text.index("- 10m"), refused) or (0, 0)
    assert text[start:end] == "Warmup\n- 10m 50%\n\n- 5m 60%"
    assert pasted_icu(text, text.index("4m 80%"), refused) is None


@pytest_lsp.fixture(scope="module", config=SERVER)  # type: ignore[untyped-decorator]
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    capabilities = client_capabilities("visual-studio-code")
    await lsp_client.initialize_session(types.InitializeParams(capabilities=capabilities))
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio(loop_scope="module")
async def test_the_server_offers_the_conversion_once_for_every_pasted_error(
    client: LanguageClient, tmp_path: Path
) -> None:
    path = tmp_path / "pasted.ride"
    text = f"name: Pasted\n\n{PASTED}"
    shown = await open_document(client, path, text)
    whole = types.Range(types.Position(0, 0), types.Position(len(text.split("\n")), 0))
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(path.as_uri()), whole, types.CodeActionContext(shown)
        )
    )
    close_document(client, path)
    converts = [a for a in result or [] if a.title == CONVERT_ICU]
    (action,) = converts
    assert isinstance(action, types.CodeAction)
    assert not action.is_preferred
    assert len(action.diagnostics or []) == len(shown) > 1
    assert action.edit is not None and action.edit.changes is not None
    fixed = apply_edits(text, action.edit.changes[path.as_uri()])
    assert fixed == f"name: Pasted\n\n{CONVERTED}"
