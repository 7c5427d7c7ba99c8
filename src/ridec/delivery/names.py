"""File names a head unit's FAT file system and Zwift's folder accept, made from a source's
stem.

FAT's long names (VFAT) take 255 UTF-16 characters except `"*/:<>?\\|` and control
characters, may not end in a dot or a space, and Windows refuses the device names (`con`,
`nul`, `com1` ...) whatever the extension. 8.3 names are not needed: every Garmin that
takes FIT workouts reads long names. The names here are stricter than FAT, so one rule
serves every destination: ASCII letters, digits and `-`, lower case, at most
`MAX_DELIVERY_NAME_CHARS` characters before the extension (older units show non-ASCII
names as boxes, and FAT compares names without case, so lower case keeps two spellings of
one name from looking like two files).
"""

from __future__ import annotations

import hashlib
import re

from ridec.library.discover import slug
from ridec.limits import MAX_DELIVERY_NAME_CHARS

RESERVED = frozenset(
    ("con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt") for n in range(10)))
)
"""Names Windows (and so FAT volumes written by it) keep for devices, with any extension."""
HASH_CHARS = 6
"""Hex digits of the hash that keeps apart names whose letters ASCII cannot spell."""
_NOT_ASCII_NAME = re.compile(r"[^a-z0-9-]+")


def delivery_name(stem: str, extension: str) -> str:
    """The file name for a workout whose output stem is `stem` (`standing`, or
    `back-pain-protocol/week-01/standing` for a plan's week): `standing.fit`,
    `back-pain-protocol-week-01-standing.fit`.

    Letters ASCII has no spelling for are dropped and a short hash of the stem is added, so
    `Пётр.ride` and `Иван.ride` still get names of their own (`workout-3f2a9c.zwo`).
    """
    words = slug(stem.replace("/", " "))
    name = _NOT_ASCII_NAME.sub("-", words).strip("-")
    if name != words:
        digest = hashlib.sha256(stem.encode("utf-8", "surrogateescape")).hexdigest()
        room = MAX_DELIVERY_NAME_CHARS - HASH_CHARS - 1
        name = f"{_bounded(name or 'workout', room)}-{digest[:HASH_CHARS]}"
    name = _bounded(name, MAX_DELIVERY_NAME_CHARS)
    if name in RESERVED:
        name += "-workout"
    return name + extension.lower()


def _bounded(name: str, most: int) -> str:
    """At most `most` characters, cut at a `-` when one is in the second half."""
    if len(name) <= most:
        return name
    head, dash, _ = name[:most].rpartition("-")
    return head if dash and len(head) >= most // 2 else name[:most].rstrip("-")
