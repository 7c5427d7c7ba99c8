"""`DIST/manifest.json`: every output with its source, target, hashes, duration and losses.

The manifest is also the build's memory: a source whose hash, options and ridec version match
its record, and whose outputs (and index card) all hold the bytes recorded, is not compiled
again. It is written one entry per
line, so a rebuild reads it line by line and keeps, for each output entry, only its path and
where its line is in the file; the next manifest copies the lines of unchanged sources from
the old file. The library is never held in memory.

A source's index card lives in `index.html` itself (`card`), at the bytes `card_at` gives
(offset and length), with its SHA-256: the next build copies it from there when it keeps
the source (see `index.PageCards`). While a build runs, a new card waits in its spool.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Any, NamedTuple

from ridec.library.outdir import DistError, OutputDir, Stamp, reason, write_all

MANIFEST_NAME = "manifest.json"
FORMAT_NAME = "ridec-build-manifest"
FORMAT_VERSION = 1
SPOOL_BUFFER = 256 * 1024
"""Bytes of new output lines held in memory before they are appended to the spool file."""

Json = dict[str, Any]

OutputLine = str | tuple[int, int]
"""An output entry as one line of JSON, or (offset, length) of that line in the old manifest,
or a `Spooled` line in the build's spool."""


class Spooled(NamedTuple):
    """Where a new output line is in the build's `LineSpool`."""

    offset: int
    length: int


class LineSpool:
    """The output lines and index cards of the sources this build compiles, parked in a
    scratch file.

    The parent process receives every source's lines and card as its worker finishes;
    keeping them until the manifest and the index are written would grow its memory with
    the library (about 4 KB of lines and 8 KB of card per workout). Only where each line or
    card is stays in memory, and the last `SPOOL_BUFFER` bytes. The file has a temporary
    name, so a build killed part-way leaves nothing the next build does not sweep.

    A write that fails (a full disk) is kept in `failed`, not raised: the build goes on, and
    the manifest, whose lines are lost, is not written.
    """

    def __init__(self, out: OutputDir, folder: str) -> None:
        self._out = out
        self._fd, self.path = out.scratch(folder)
        self._stored = 0
        """Bytes in the file (or that should be, once a write failed)."""
        self._pending = bytearray()
        self.failed: OSError | None = None
        """The error that lost lines, if one did."""

    def add(self, line: str) -> Spooled:
        """Park one line; where it went."""
        return self.add_bytes(line.encode("utf-8"))

    def add_bytes(self, data: bytes) -> Spooled:
        """Park some bytes (a line, a card); where they went."""
        spooled = Spooled(self._stored + len(self._pending), len(data))
        self._pending += data
        if len(self._pending) > SPOOL_BUFFER:
            self._store()
        return spooled

    def _store(self) -> None:
        """Append the pending lines to the file."""
        data = bytes(self._pending)
        self._pending.clear()
        if self.failed is None:
            try:
                os.lseek(self._fd, self._stored, os.SEEK_SET)
                write_all(self._fd, data)
            except OSError as exc:
                self.failed = exc
        self._stored += len(data)

    def read(self, line: Spooled) -> str:
        """A parked line's text."""
        return self.read_bytes(line).decode("utf-8")

    def read_bytes(self, line: Spooled) -> bytes:
        """Parked bytes."""
        if line.offset >= self._stored:
            start = line.offset - self._stored
            return bytes(self._pending[start : start + line.length])
        try:
            os.lseek(self._fd, line.offset, os.SEEK_SET)
            return _read_exactly(self._fd, line.length)
        except OSError as exc:
            path = self._out.path(self.path)
            raise DistError(path, f"cannot read: {reason(exc)}", code=exc.errno) from None

    def close(self) -> None:
        """Close and delete the file."""
        os.close(self._fd)
        self._out.remove(self.path)


def _read_exactly(fd: int, size: int) -> bytes:
    """`size` bytes from `fd`'s position; an OSError when the file is shorter."""
    parts: list[bytes] = []
    left = size
    while left:
        chunk = os.read(fd, left)
        if not chunk:
            raise OSError(errno.EIO, "the file is shorter than what was written to it")
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


@dataclass(frozen=True, slots=True)
class OutputEntry:
    """One file the build wrote."""

    path: str
    """Relative to DIST, POSIX form."""
    source: str
    """The source it came from (a `.ride` or `.plan` key)."""
    target: str
    """The format's registry name; `plan` for a plan's own schedule file."""
    hash: str
    """The source hash it was built from (for plans, including every referenced workout)."""
    sha256: str
    """Hash of the file's bytes, to check a download or a copy."""
    duration_s: int | None = None
    """The workout's duration; None for a plan's schedule."""
    losses: tuple[str, ...] = ()
    """What the format degraded or dropped, one line each."""
    athlete: str | None = None
    """The athlete whose FTP this file is in, for roster builds."""
    week: int | None = None
    """The plan week, for a plan's workouts."""
    stamp: Stamp | None = field(default=None, compare=False)
    """The file's metadata right after it was written (kept in the stamps, not here)."""

    def line(self) -> str:
        """The entry as one line of JSON."""
        return _dump(
            {
                "path": self.path,
                "source": self.source,
                "target": self.target,
                "hash": self.hash,
                "sha256": self.sha256,
                "duration_s": self.duration_s,
                "losses": list(self.losses),
                "athlete": self.athlete,
                "week": self.week,
            }
        )


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """What the manifest remembers about one source."""

    source: str
    """The source's key (its POSIX path)."""
    kind: str
    """`workout` or `plan`."""
    hash: str
    """Hash of its bytes and, for a plan, of every workout it references."""
    options: str
    """Fingerprint of the targets and options it was built with."""
    ok: bool
    """False when anything failed: it is compiled again by the next build."""
    deps: tuple[str, ...] = ()
    """Files a plan references, so a no-op rebuild can hash them without parsing the plan."""
    name: str | None = None
    """The workout's or plan's name, for messages."""
    duration_s: int | None = None
    """The workout's duration (a plan's: None)."""
    card: str | None = None
    """The file holding its fragment of the HTML index (`index.html`), relative to DIST;
    a path under `.ridec/cards/` in manifests of earlier ridec builds."""
    card_at: tuple[int, int] | None = None
    """Where the card's bytes are in that file: offset and length. While the build runs, a
    `Spooled` place: the card waits in the build's spool until the index is written."""
    card_sha256: str | None = None
    """The SHA-256 of the card's bytes."""
    outputs: tuple[OutputLine, ...] = field(default=(), repr=False)
    """Its output entries: new ones as JSON text, unchanged ones where the old manifest has them."""
    paths: tuple[str, ...] = ()
    """The paths of those outputs, relative to DIST."""
    sha256s: tuple[str, ...] = ()
    """The SHA-256 of each output's bytes, in the order of `paths`."""

    def files(self) -> list[tuple[str, str]]:
        """(path, SHA-256) of every output file the record vouches for (its card is part of
        the index: see `card_at`)."""
        return list(zip(self.paths, self.sha256s, strict=True))

    def entry(self) -> Json:
        """The source's own manifest entry (without its outputs)."""
        return {
            "source": self.source,
            "kind": self.kind,
            "hash": self.hash,
            "options": self.options,
            "ok": self.ok,
            "deps": list(self.deps),
            "name": self.name,
            "duration_s": self.duration_s,
            "card": self.card,
            "card_at": list(self.card_at) if self.card_at is not None else None,
            "card_sha256": self.card_sha256,
            "outputs": list(self.paths),
        }


@dataclass(frozen=True, slots=True)
class Manifest:
    """A manifest read back: the version it was written by and a record per source."""

    ridec: str
    """The ridec version that wrote it."""
    records: dict[str, SourceRecord]
    """By source key."""
    out: OutputDir
    """The output folder, whose manifest still holds the lines of unchanged outputs."""


def _dump(entry: Json) -> str:
    return json.dumps(entry, ensure_ascii=False, separators=(", ", ": "))


def write_manifest(
    dist: OutputDir,
    version: str,
    targets: Iterable[str],
    records: list[SourceRecord],
    previous: Manifest | None = None,
    *,
    spool: LineSpool | None = None,
    runner: Mapping[str, str | int] | None = None,
) -> None:
    """Write the manifest atomically, one source or output entry per line.

    `runner` says where the build ran (`{"kind": "process-pool", "jobs": 2}`, or
    `{"kind": "dask", "scheduler": ADDRESS, "workers": N}`): the one field that differs
    between builds of the same library run on different machines.

    Lines kept from `previous` are copied from its file, which stays in place until the new
    manifest is renamed over it.
    """
    with contextlib.ExitStack() as stack:
        old = _open_old(previous, stack)
        out = stack.enter_context(dist.replacing_text(MANIFEST_NAME))
        out.write("{\n")
        out.write(f'  "format": "{FORMAT_NAME}",\n  "version": {FORMAT_VERSION},\n')
        out.write(f'  "ridec": {json.dumps(version)},\n  "targets": {json.dumps(list(targets))},\n')
        if runner is not None:
            out.write(f'  "runner": {_dump(dict(runner))},\n')
        _write_list(out, "sources", (_dump(r.entry()) for r in records), last=False)
        lines = (_text(line, old, spool) for r in records for line in r.outputs)
        _write_list(out, "outputs", lines, last=True)
        out.write("}\n")


def _open_old(previous: Manifest | None, stack: contextlib.ExitStack) -> IO[bytes] | None:
    if previous is None:
        return None
    handle = previous.out.open_read(MANIFEST_NAME)
    if handle is None:
        raise ValueError("the previous manifest went away while the build ran")
    return stack.enter_context(handle)


def _text(line: OutputLine, old: IO[bytes] | None, spool: LineSpool | None = None) -> str:
    """An output line's JSON text, read back from the spool or the old manifest if parked."""
    if isinstance(line, str):
        return line
    if isinstance(line, Spooled):
        if spool is None:
            raise ValueError("a spooled output line, but no spool")
        return spool.read(line)
    if old is None:
        raise ValueError("an output line of the old manifest, but no old manifest")
    offset, length = line
    old.seek(offset)
    return old.read(length).decode("utf-8")


def _write_list(out: IO[str], name: str, lines: Iterator[str], last: bool) -> None:
    out.write(f'  "{name}": [')
    first = True
    for line in lines:
        out.write(("\n    " if first else ",\n    ") + line)
        first = False
    out.write("\n  ]" if not first else "]")
    out.write("\n" if last else ",\n")


def read_manifest(out: OutputDir) -> Manifest | None:
    """The manifest in `out`, or None when there is none or it cannot be understood.

    An unreadable manifest only costs a full rebuild (outputs are then rewritten in place).
    """
    handle = out.open_read(MANIFEST_NAME)
    if handle is None:
        return None
    try:
        with handle:
            return _read_lines(handle, out)
    except (OSError, ValueError, KeyError, TypeError):
        return _read_whole(out)


class _Builder:
    """Collects one source's output lines while the manifest is read."""

    __slots__ = ("entry", "lines", "paths", "sha256s")

    def __init__(self, entry: Json) -> None:
        self.entry = entry
        self.lines: list[OutputLine] = []
        self.paths: list[str] = []
        self.sha256s: list[str] = []

    def record(self) -> SourceRecord:
        entry = self.entry
        return SourceRecord(
            source=str(entry["source"]),
            kind=str(entry["kind"]),
            hash=str(entry["hash"]),
            options=str(entry["options"]),
            ok=bool(entry["ok"]),
            deps=tuple(str(d) for d in entry.get("deps") or ()),
            name=entry.get("name"),
            duration_s=entry.get("duration_s"),
            card=entry.get("card"),
            card_at=_place(entry.get("card_at")),
            card_sha256=entry.get("card_sha256"),
            outputs=tuple(self.lines),
            paths=tuple(self.paths),
            sha256s=tuple(self.sha256s),
        )


def _place(value: object) -> tuple[int, int] | None:
    """A card's `[offset, length]`, or None when the entry has no such pair."""
    if not isinstance(value, list) or len(value) != 2:
        return None
    offset, length = value
    if type(offset) is not int or type(length) is not int or offset < 0 or length < 0:
        return None
    return offset, length


def _read_lines(handle: IO[bytes], out: OutputDir) -> Manifest:
    """Read the manifest as `write_manifest` lays it out: one entry per line."""
    header: Json = {}
    builders: dict[str, _Builder] = {}
    section = None
    offset = 0
    for raw in handle:
        line = raw.strip().rstrip(b",")
        if line.startswith(b'"sources": ['):
            section = "sources"
        elif line.startswith(b'"outputs": ['):
            section = "outputs"
        elif line.startswith(b"{") and section == "sources":
            entry = json.loads(line)
            builders[str(entry["source"])] = _Builder(entry)
        elif line.startswith(b"{") and section == "outputs":
            start = offset + len(raw) - len(raw.lstrip())
            _add_output(builders, (start, len(line)), json.loads(line))
        elif line.startswith(b'"') and section is None:
            header.update(json.loads(b"{" + line + b"}"))
        offset += len(raw)
    if header.get("format") != FORMAT_NAME:
        raise ValueError("not a ridec build manifest")
    records = {key: b.record() for key, b in builders.items()}
    return Manifest(str(header["ridec"]), records, out)


def _add_output(builders: dict[str, _Builder], line: OutputLine, entry: Json) -> None:
    builder = builders[str(entry["source"])]
    builder.lines.append(line)
    builder.paths.append(str(entry["path"]))
    builder.sha256s.append(str(entry["sha256"]))


def _read_whole(out: OutputDir) -> Manifest | None:
    """Fallback for a manifest reformatted by hand: parse it as ordinary JSON."""
    handle = out.open_read(MANIFEST_NAME)
    if handle is None:
        return None
    try:
        with handle:
            document = json.loads(handle.read().decode("utf-8"))
        if document.get("format") != FORMAT_NAME:
            return None
        builders = {str(e["source"]): _Builder(e) for e in document["sources"]}
        for entry in document["outputs"]:
            _add_output(builders, _dump(entry), entry)
        records = {key: b.record() for key, b in builders.items()}
        return Manifest(str(document["ridec"]), records, out)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
