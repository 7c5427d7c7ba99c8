"""The VS Code extension folder is consistent: what package.json names exists and agrees."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tests.paths import ROOT

EXTENSION = ROOT / "editors" / "vscode"


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def test_languages_grammars_and_configurations_exist_and_agree() -> None:
    manifest = _json(EXTENSION / "package.json")
    languages = {lang["id"]: lang for lang in manifest["contributes"]["languages"]}
    assert languages["ride"]["extensions"] == [".ride"]
    assert languages["ride-plan"]["extensions"] == [".plan"]
    for language in languages.values():
        configuration = _json(EXTENSION / language["configuration"])
        assert configuration["comments"] == {"lineComment": "#"}
        assert configuration["folding"] == {"offSide": True}  # blocks are indentation
    grammars = {g["language"]: g for g in manifest["contributes"]["grammars"]}
    assert set(grammars) == set(languages)
    for grammar in grammars.values():
        assert _json(EXTENSION / grammar["path"])["scopeName"] == grammar["scopeName"]
    assert (EXTENSION / manifest["main"]).is_file()
    assert "vscode-languageclient" in manifest["dependencies"]


def test_every_grammar_include_resolves() -> None:
    grammars = {
        _json(path)["scopeName"]: _json(path) for path in (EXTENSION / "syntaxes").glob("*.json")
    }
    includes = []
    for scope, grammar in grammars.items():
        text = json.dumps(grammar)
        includes += [(scope, name) for name in re.findall(r'"include": "([^"]+)"', text)]
    assert len(includes) > 10
    for scope, include in includes:
        target, _, rule = include.partition("#")
        repository = grammars[target or scope].get("repository", {})
        assert rule in repository, f"{scope}: {include} names no rule"


def test_the_client_starts_ridec_lsp_for_both_languages() -> None:
    script = (EXTENSION / "extension.js").read_text(encoding="utf-8")
    assert 'args: ["lsp"]' in script
    assert 'language: "ride"' in script and 'language: "ride-plan"' in script
    assert "TransportKind.stdio" in script  # the client adds --stdio, which ridec lsp takes
    manifest = _json(EXTENSION / "package.json")
    assert (
        manifest["contributes"]["configuration"]["properties"]["ridec.path"]["default"] == "ridec"
    )


def test_the_editor_notes_cover_neovim_helix_and_emacs() -> None:
    notes = (ROOT / "editors" / "README.md").read_text(encoding="utf-8")
    for heading in ("## VS Code", "## Neovim", "## Helix", "## Emacs (eglot"):
        assert heading in notes
    assert notes.count('cmd = { "ridec", "lsp" }') == 2  # Neovim 0.11 and 0.10
    assert '. ("ridec" "lsp")' in notes  # eglot
    assert 'command = "ridec"' in notes and 'args = ["lsp"]' in notes  # Helix
