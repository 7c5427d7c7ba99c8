"""The examples in README.md and docs/language.md are in the canonical layout of `ridec fmt`.

Which code blocks are checked, by one rule: a fenced block with no language (or `ride`,
`plan`) is a source when its text checks clean, without an error or a warning, as a `.ride`
file, or as a `.plan` file when a line starts with `workout "`; in a terminal session (`$ cat
FILE` then the file's lines), each file shown is such a text. Every source must read exactly
as `ridec fmt` would write it. Blocks that do not check clean are not sources: diagnostics
printed by ridec, the sessions that show mistakes or traps on purpose (hints, warnings),
shell commands, Python, and the fragments of the reference (a cue line alone, `let` lines
without steps). The counts below keep the rule from passing by skipping everything.
"""

from __future__ import annotations

import difflib
import re

import pytest

from ridec.diagnostics import DiagnosticError
from ridec.language import format_source, parse_checked
from ridec.language.plan_format import format_plan
from tests.paths import ROOT

FENCE = re.compile(r"^```(?P<language>[a-z]*)\n(?P<body>.*?)^```", re.MULTILINE | re.DOTALL)
CAT = re.compile(r"^\$ cat (?P<name>\S+)\n(?P<text>.*?)(?=^\$ |\Z)", re.MULTILINE | re.DOTALL)
PAGES = {"README.md": 3, "docs/language.md": 4}
"""Each page, and how many sources it shows at least."""


def texts(page: str) -> list[tuple[str, str]]:
    """Every text of the page's code blocks that may be a source: (where, text)."""
    content = (ROOT / page).read_text(encoding="utf-8")
    found: list[tuple[str, str]] = []
    for block in FENCE.finditer(content):
        if block.group("language") not in ("", "ride", "plan"):
            continue
        line = content.count("\n", 0, block.start()) + 1
        body = block.group("body")
        if body.startswith("$ "):
            found += [(f"{page}:{line} {c['name']}", c["text"]) for c in CAT.finditer(body)]
        else:
            found.append((f"{page}:{line}", body))
    return found


def canonical(text: str) -> str | None:
    """The text as `ridec fmt` writes it, or None when it is no source (it does not check
    clean: an error, or a warning shown on purpose)."""
    is_plan = re.search(r'^workout "', text, re.MULTILINE) is not None
    try:
        if is_plan:
            return format_plan(text, "example.plan")
        if parse_checked(text, "example.ride").problems:
            return None
        return format_source(text, "example.ride")
    except DiagnosticError:
        return None


def sources(page: str) -> list[tuple[str, str, str]]:
    """The page's sources: (where, text, canonical text)."""
    found = [(where, text, canonical(text)) for where, text in texts(page)]
    return [(where, text, formatted) for where, text, formatted in found if formatted is not None]


@pytest.mark.parametrize("page", PAGES)
def test_every_example_source_is_in_the_canonical_layout(page: str) -> None:
    found = sources(page)
    assert len(found) >= PAGES[page], f"{page} shows fewer sources than expected"
    for where, text, formatted in found:
        diff = "".join(difflib.unified_diff(text.splitlines(True), formatted.splitlines(True)))
        assert text == formatted, f"{where} is not in the canonical layout:\n{diff}"


def test_the_rule_tells_a_source_from_output() -> None:
    assert canonical("name: T\n4m 80%\n") == "name: T\n\n4m 80%\n"
    assert canonical("bad.ride:3:19: error: unknown word 'upstrke'\n") is None
    assert canonical("name: T\n\nrest 2m\n") is None  # a trap shown on purpose
    assert canonical('weeks: 2\nworkout "a.ride"\n') == 'weeks: 2\n\nworkout "a.ride"\n'


def test_a_session_shows_each_file_it_cats() -> None:
    session = "$ cat a.ride\nname: A\n\n4m 80%\n$ ridec check a.ride\n$ cat b.plan\nweeks: 1\n"
    found = [(c["name"], c["text"]) for c in CAT.finditer(session)]
    assert found == [("a.ride", "name: A\n\n4m 80%\n"), ("b.plan", "weeks: 1\n")]
