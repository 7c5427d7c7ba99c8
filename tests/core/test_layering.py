"""The layers of `src/ridec`, checked on every import (including those inside functions).

    cli -> commands -> delivery -> api -> library, review, leftright, charts, stats
        -> pipeline -> formats -> timeline -> language -> model, facts
        -> diagnostics, fileio, text, resources

A module imports from its own layer or the layers below it, never above. The build library
compiles through the pipeline, so the pipeline sits under it; the API, which the commands
use, sits over both. `ridec push`'s destinations (`delivery/`) compile through the API and
are called by the push command, so they sit between the two. Under `formats/`, no format's
package imports another's: what formats share is in the modules beside them (`base`,
`registry`, `structure`, `normalize`), and no format imports the language: the facts readers
share with it (the Coggan zones, the ranges of values) live in `facts`, beside the model.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "ridec"

LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "diagnostics",
        "fileio",
        "batchwrite",
        "text",
        "decimals",
        "resources",
        "escapes",
        "records",
        "stepcurve",
        "mentions",
    ),
    ("model", "facts"),
    ("limits",),
    ("language",),
    ("timeline",),
    ("formats",),
    ("pipeline", "reporting"),
    ("library", "review", "leftright", "charts", "stats"),
    ("api",),
    ("delivery",),
    ("commands", "lsp", "preview"),
    ("cli",),
)
"""Bottom first: the first part of a module's name below `ridec` picks its layer."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    """Every `ridec...` module or name imported by the file, with its line."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, a.name) for a in node.names if a.name.startswith("ridec"))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ridec"):
            names = [f"{node.module}.{a.name}" for a in node.names]
            yield from ((node.lineno, name) for name in names)


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) < 2 or not _is_module(parts[1]):
        return None  # the package itself: `__version__`, the API's lazy names
    for index, layer in enumerate(LAYERS):
        if parts[1] in layer:
            return index
    raise AssertionError(f"{module} is in no layer: add it to LAYERS")


def _is_module(name: str) -> bool:
    return (PACKAGE / name).is_dir() or (PACKAGE / f"{name}.py").is_file()


def _format_package(module: str) -> str | None:
    """`zwo` for `ridec.formats.zwo.reader`; None outside a format's package."""
    parts = module.split(".")
    if len(parts) >= 3 and parts[1] == "formats" and (PACKAGE / "formats" / parts[2]).is_dir():
        return parts[2]
    return None


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_has_a_layer() -> None:
    for path in MODULES:
        _layer(_module_name(path))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_go_down_the_layers(path: Path) -> None:
    module = _module_name(path)
    own = _layer(module)
    if own is None:
        return
    upward = [
        f"line {line}: {name}"
        for line, name in _imports(path)
        if (layer := _layer(name)) is not None and layer > own
    ]
    assert not upward, f"{module} imports from a higher layer: {upward}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_format_imports_another(path: Path) -> None:
    module = _module_name(path)
    if not module.startswith("ridec.formats"):
        return
    own = _format_package(module)
    others = [
        f"line {line}: {name}"
        for line, name in _imports(path)
        if (other := _format_package(name)) is not None and other != own
    ]
    assert not others, f"{module} imports another format's package: {others}"


def test_the_check_sees_imports_inside_functions(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f() -> None:\n    from ridec.formats.fit.encoder import crc16\n")
    assert list(_imports(sample)) == [(2, "ridec.formats.fit.encoder.crc16")]
    assert _format_package("ridec.formats.fit.encoder.crc16") == "fit"
    assert _format_package("ridec.formats.base") is None


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_format_imports_the_language(path: Path) -> None:
    module = _module_name(path)
    if not module.startswith("ridec.formats"):
        return
    found = [
        f"line {line}: {name}"
        for line, name in _imports(path)
        if name.startswith("ridec.language")
    ]
    assert not found, f"{module} imports the language (use ridec.facts): {found}"
