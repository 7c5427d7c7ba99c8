"""Header lines as habits write them: without the colon (`name Tempo`, `ftp 250`,
`ftp = 250`), with the FTP's unit on a line without a colon (`ftp 250w`), or under another
tool's key (`title: Tempo`, `coach: Ann`, `notes: ...`)."""

from __future__ import annotations

import re

from ridec.language.header import HEADER_KEYS

SYNONYMS = {
    "title": "name",
    "coach": "author",
    "notes": "description",
    "desc": "description",
    "summary": "description",
    "tag": "tags",
}
"""Other tools' header keys, and ridec's key for each."""

_LINE = re.compile(r"(?P<key>[a-z][a-z_-]*)[ \t]*(?P<sep>[:=])?[ \t]*(?P<value>\S.*)", re.I)
_FTP = re.compile(r"([0-9]+)[ \t]*(?:w|watts?)?", re.I)


def read_header(code: str, *, keys_only: bool) -> tuple[str, tuple[str, ...]] | None:
    """The header line `code` was meant as, and why; None when it is no header habit.

    `keys_only` reads only other tools' keys written with their colon (`title: Tempo`):
    where a step was expected, a known key without its colon is a late header line, which
    the parser's own hint places.
    """
    match = _LINE.fullmatch(code.strip())
    if match is None:
        return None
    written, sep, value = match.group("key"), match.group("sep"), match.group("value").strip()
    key = written.lower()
    reasons: list[str] = []
    if key in SYNONYMS:
        key = SYNONYMS[key]
        reasons.append(f"ridec's header key for `{written}` is `{key}:`")
    elif key not in HEADER_KEYS or sep == ":" or keys_only:
        return None
    if keys_only and sep != ":":
        return None
    if key == "ftp":
        ftp = _FTP.fullmatch(value)
        if ftp is None:
            return None
        value = ftp.group(1)
    if sep != ":":
        reasons.append(f"a header line is written `{key}: {value}`, with a colon")
    return f"{key}: {value}", tuple(reasons)
