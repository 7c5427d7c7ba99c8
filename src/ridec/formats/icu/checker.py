"""intervals.icu workout text checked: every error, located, by the reader's own grammar.

The reader is the grammar (`syntax`, `reader`, `reader_steps`), so `ridec validate` and
`ridec import` refuse the same texts; what the reader only warns about (a heart-rate
target read as free riding) is added by `ridec validate` from the reader itself. The
writer's own output is held to more: no warning at all, LF line ends, a final newline.
"""

from __future__ import annotations

from ridec.diagnostics import Diagnostic, DiagnosticError, Severity
from ridec.formats.icu.reader import parse


def check_file(data: bytes, path: str) -> list[Diagnostic]:
    """Every error in an intervals.icu text, located (the registry's checker)."""
    try:
        reading = parse(data, path)
    except DiagnosticError as exc:
        return list(exc.diagnostics)
    return [d for d in reading.diagnostics if d.severity is Severity.ERROR]


def problems(data: bytes, path: str = "<icu output>") -> list[str]:
    """What ridec's own output breaks: any diagnostic of the reader, warnings included, a
    CR line end or a missing final newline."""
    try:
        found = list(parse(data, path).diagnostics)
    except DiagnosticError as exc:
        found = list(exc.diagnostics)
    messages = [d.render() for d in found]
    if b"\r" in data:
        messages.append(f"{path}: ridec writes LF line ends only")
    if not data.endswith(b"\n"):
        messages.append(f"{path}: the text does not end with a line end")
    return messages
