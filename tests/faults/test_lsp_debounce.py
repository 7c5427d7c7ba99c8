"""Quick edits are coalesced: the language server analyses a burst of changes once.

Before: every change was analysed (and its diagnostics published) as it arrived, so twenty
edits an editor sent at once of a 20,000-line file (about a second of analysis each) kept
the next request waiting twenty seconds. The server runs in this process so the test can
count the analyses; nothing here depends on the machine's speed: the first test sets the
quiet period to an hour, so only the request can trigger an analysis.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ridec.lsp import server
from ridec.lsp.ride_analysis import RideAnalysis, analyze_ride
from tests.faults.lsp_client import InProcessClient

EDITS = 20


def big_workout(edit: int) -> str:
    """20,000 steps; edit number `edit` changes the name and one step's power."""
    steps = [f"{30 + i % 60}s {50 + i % 40}%" for i in range(20_000)]
    steps[edit * 100] = f"{30 + edit}s 75%"
    return f"name: Big {edit}\n" + "\n".join(steps) + "\n"


@pytest.fixture
def analyses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the server analyses, in order."""
    seen: list[str] = []

    def counted(text: str, path: str) -> RideAnalysis:
        seen.append(text)
        return analyze_ride(text, path)

    monkeypatch.setattr("ridec.lsp.workspace.analyze_ride", counted)
    return seen


def test_a_request_after_twenty_quick_edits_costs_one_analysis(
    tmp_path: Path, analyses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server, "DEBOUNCE_S", 3600.0, raising=False)
    path = tmp_path / "big.ride"
    with InProcessClient() as client:
        client.initialize(tmp_path)
        client.open(path, big_workout(0))
        client.diagnostics(path)  # an open is checked at once
        for edit in range(1, EDITS + 1):
            client.change(path, edit + 1, big_workout(edit))
        outline = client.request(
            "textDocument/documentSymbol", {"textDocument": {"uri": path.as_uri()}}
        )
    header = outline["result"][0]
    assert (header["name"], header["detail"]) == ("header", f"Big {EDITS}")  # the latest text
    assert analyses == [big_workout(0), big_workout(EDITS)]


def test_the_burst_is_published_once_quiet_with_the_last_version(
    tmp_path: Path, analyses: list[str]
) -> None:
    path = tmp_path / "big.ride"
    last = EDITS + 1
    with InProcessClient() as client:
        client.initialize(tmp_path)
        client.open(path, big_workout(0))
        client.diagnostics(path)
        for edit in range(1, EDITS):
            client.change(path, edit + 1, big_workout(edit))
        client.change(path, last, big_workout(EDITS).replace("75%", "75% upstrke", 1))
        published = client.published(path)
        while published["version"] != last:  # a slow machine may publish a middle version
            published = client.published(path)
    (problem,) = published["diagnostics"]
    assert "unknown word 'upstrke'" in problem["message"]
    assert analyses[-1] == big_workout(EDITS).replace("75%", "75% upstrke", 1)
    assert len(analyses) <= EDITS + 1
