"""Writes `src/ridec/lsp/initialize_schema.py`: what lsprotocol accepts as an `initialize` request.

    python -m tools.lsp_initialize_schema

`ridec lsp` answers `initialize` before pygls and lsprotocol have loaded (importing
lsprotocol's types takes about 270 ms), but only for a request that pygls would accept: it
is checked against this table, read from lsprotocol's own classes (their fields, types and
validators, as its converter names them in JSON). Run this after upgrading lsprotocol;
`tests/lsp/test_lsp_initialize.py` fails while the table is not lsprotocol's.

Types are written as `bool`, `str`, `null`, `any`, `int` (LSP's 32-bit integer), `uint`
(its unsigned one), `("enum", values)` (an enum's or a literal's), `("list", type)`,
`("class", name)` and `("union", types)`; a class is its fields as `(JSON name, required,
type)`.
"""

from __future__ import annotations

import enum
import subprocess
import sys
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
from lsprotocol import types, validators

TARGET = Path(__file__).resolve().parents[1] / "src" / "ridec" / "lsp" / "initialize_schema.py"
ROOT = "InitializeRequest"
HEADER = '''"""What lsprotocol accepts as an `initialize` request (generated: do not edit).

Written by `python -m tools.lsp_initialize_schema` from lsprotocol {version}; see that tool
for the notation. `ridec.lsp.early` answers `initialize` itself only for a request that fits.
"""

from __future__ import annotations

from typing import Any
'''


def camel(name: str) -> str:
    """A field's JSON name, as lsprotocol's converter writes it."""
    name = name.removesuffix("_")
    first, *rest = name.split("_")
    return first + "".join(part.title() for part in rest)


def schema() -> dict[str, tuple[tuple[str, bool, Any], ...]]:
    """Every class reachable from the `initialize` request, by name."""
    classes: dict[str, tuple[tuple[str, bool, Any], ...]] = {}
    _class(getattr(types, ROOT), classes)
    return classes


def _class(cls: type, classes: dict[str, tuple[tuple[str, bool, Any], ...]]) -> str:
    name = cls.__name__
    if name in classes:
        return name
    classes[name] = ()  # a placeholder while its fields are read (a class may recur)
    hints = typing.get_type_hints(cls, vars(types))
    fields = []
    for field in attrs.fields(cls):
        required = field.default is attrs.NOTHING
        kind = _type(hints[field.name], field.validator, classes)
        fields.append((camel(field.name), required, kind))
    classes[name] = tuple(fields)
    return name


_SIMPLE: dict[Any, str] = {bool: "bool", str: "str", type(None): "null", Any: "any"}


def _type(hint: Any, validator: Any, classes: dict[str, tuple[tuple[str, bool, Any], ...]]) -> Any:
    origin = typing.get_origin(hint)
    kind: Any
    if origin is typing.Union:
        kind = ("union", tuple(_type(arg, validator, classes) for arg in typing.get_args(hint)))
    elif origin is typing.Literal:
        kind = ("enum", typing.get_args(hint))
    elif origin in (list, Sequence):
        (item,) = typing.get_args(hint)
        kind = ("list", _type(item, None, classes))
    elif hint in _SIMPLE:
        kind = _SIMPLE[hint]
    elif hint is int:
        kind = "uint" if "uinteger_validator" in repr(validator) else "int"
    elif isinstance(hint, type) and issubclass(hint, enum.Enum):
        kind = ("enum", tuple(member.value for member in hint))
    elif isinstance(hint, type) and attrs.has(hint):
        kind = ("class", _class(hint, classes))
    else:
        raise TypeError(f"a type the table has no word for: {hint!r}")
    return kind


def module_text() -> str:
    """The module's whole text (one field a line; `ruff format` lays it out)."""
    from importlib.metadata import version

    assert validators.UINTEGER_MAX_VALUE == validators.INTEGER_MAX_VALUE == 2**31 - 1
    lines = [HEADER.format(version=version("lsprotocol")), f"ROOT = {ROOT!r}", ""]
    lines.append("CLASSES: dict[str, tuple[tuple[str, bool, Any], ...]] = {")
    for name, fields in schema().items():
        lines.append(f"    {name!r}: (")
        lines += [f"        {field!r}," for field in fields]
        lines.append("    ),")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Write the module, laid out by `ruff format`."""
    TARGET.write_text(module_text(), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "ruff", "format", str(TARGET)], check=True)
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
