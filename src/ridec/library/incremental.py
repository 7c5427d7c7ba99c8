"""What a rebuild keeps, what it compiles again and what it removes.

A source is kept only when the manifest vouches for it and every file it vouches for still
holds the recorded bytes: a file whose size, times and inode match its stamp is trusted
without reading; any other is hashed again, and a source with a file that does not match (or
is missing, or is reachable only through a link) is compiled again, which rewrites it. The
bytes read to decide are the bytes its job compiles (see `jobs`).

A failed source keeps its earlier outputs, listed, unless it failed on a link out of the
library (`JobResult.withdrawn`): what such a link led to is never left published.
Removals take only files no current source owns: a stale output whose path another source
now writes is left to that source.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ridec.diagnostics import Diagnostic
from ridec.library.compiler import JobResult, failed
from ridec.library.discover import SourceFile, SourceKind
from ridec.library.hashing import UnreadableSourceError, content_hash, read_regular
from ridec.library.jobs import Pending
from ridec.library.manifest import LineSpool, Manifest, OutputLine, SourceRecord
from ridec.library.outdir import OutputDir, Stamp
from ridec.library.problems import path_error
from ridec.library.state import Stamps
from ridec.limits import MAX_INPUT_BYTES

INDEX_HASH = "-"
"""The stamps' hash for the index, which is checked by its stamp alone (it is rewritten
whenever in doubt, from the cards)."""


@dataclass
class Verifier:
    """Checks files against the hashes the manifest recorded, trusting matching stamps."""

    out: OutputDir
    old: Stamps
    new: Stamps = field(default_factory=dict)
    """The stamps to keep: files checked or written by this build."""

    def vouches(self, path: str, sha256: str) -> bool:
        """Whether `path` is a regular file inside DIST holding bytes with this hash."""
        current = self.out.stamp(path)
        if current is None:
            return False
        known = self.old.get(path)
        if known == (sha256, current):
            self.new[path] = (sha256, current)
            return True
        hashed = self.out.digest(path)
        if hashed is None or hashed[0] != sha256:
            return False
        self.new[path] = hashed
        return True

    def wrote(self, path: str, sha256: str, stamp: Stamp | None) -> None:
        """Remember the stamp of a file this build wrote."""
        if stamp is not None:
            self.new[path] = (sha256, stamp)

    def unchanged(self, path: str) -> bool:
        """Whether a file still has the stamp the last build left (the index)."""
        known = self.old.get(path)
        if known is None or known[1] != self.out.stamp(path):
            return False
        self.new[path] = known
        return True


Deps = dict[str, bytes | None] | None
"""The bytes of the workouts a plan read last time, by key (None: unreadable now)."""
KEPT_BYTES = 32 * 1024 * 1024
"""Bytes of changed sources the planning keeps for their jobs (a source past it is read
again when its job is made: its hash is still over the bytes it compiles)."""


@dataclass
class Plan:
    """What this build does with each source."""

    kept: dict[str, SourceRecord] = field(default_factory=dict)
    """Sources the manifest vouches for, by key."""
    jobs: list[Pending] = field(default_factory=list)
    """Sources to compile, with what was read of them."""
    refused: list[JobResult] = field(default_factory=list)
    """Sources that cannot be compiled (unreadable, or clashing with another): failures."""
    held: int = 0
    """Bytes held in `jobs`."""

    def compile(self, source: SourceFile, data: bytes | None = None, deps: Deps = None) -> None:
        """Compile `source`; keep what was read of it for its job while the budget lasts."""
        size = len(data or b"") + sum(len(d or b"") for d in (deps or {}).values())
        if data is None or self.held + size > KEPT_BYTES:
            self.jobs.append(Pending(source))
            return
        self.held += size
        self.jobs.append(Pending(source, data, deps or {}))


def plan(
    sources: Sequence[SourceFile],
    old: Manifest | None,
    options_key: str,
    verifier: Verifier,
    *,
    clashes: dict[str, list[Diagnostic]],
    version: str,
) -> Plan:
    """Keep the record of every source the manifest vouches for; a job for each other one.

    A source is read here only when its record could vouch for it (same ridec `version`,
    options and kind, built without error): the bytes read decide, and when they changed
    they are the job's, not read again.
    """
    result = Plan()
    for source in sources:
        if source.shown in clashes:
            rendered = tuple(d.render() for d in clashes[source.shown])
            result.refused.append(_failed(source, rendered))
            continue
        record = old.records.get(source.key) if old else None
        if old is None or old.ridec != version or record is None:
            result.compile(source)  # a manifest of another version vouches for nothing
            continue
        if not _current(record, source, options_key):
            result.compile(source)
            continue
        try:
            data = read_regular(source.path, MAX_INPUT_BYTES)
        except UnreadableSourceError as exc:
            result.refused.append(_failed(source, (path_error(source.shown, str(exc)).render(),)))
            continue
        deps = {dep: _read_dep(source.folder / dep) for dep in record.deps}
        if record.hash == content_hash(data, deps) and all(
            verifier.vouches(path, sha) for path, sha in record.files()
        ):
            result.kept[source.key] = record
            continue
        result.compile(source, data, deps)
    # Plans first: they are the longest jobs, and starting them early keeps every worker busy.
    result.jobs.sort(key=lambda job: job.source.kind is not SourceKind.PLAN)
    return result


def _read_dep(path: Path) -> bytes | None:
    """A workout a plan read last time, or None when it cannot be read now."""
    try:
        return read_regular(path, MAX_INPUT_BYTES)
    except UnreadableSourceError:
        return None


def _failed(source: SourceFile, diagnostics: tuple[str, ...]) -> JobResult:
    return failed(source, "", diagnostics)


def _current(record: SourceRecord, source: SourceFile, key: str) -> bool:
    """Whether a source's record could vouch for it: same options and kind, built without
    error, with a card that can be checked (its bytes are compared next)."""
    if not record.ok or record.options != key or record.kind != source.kind:
        return False
    return record.card is None or record.card_sha256 is not None


def merge(
    result: JobResult,
    previous: SourceRecord | None,
    *,
    options_key: str,
    kind: str,
    spool: LineSpool,
    verifier: Verifier,
) -> tuple[SourceRecord, list[str]]:
    """The source's new record and the paths of its earlier outputs it no longer writes."""
    lines: list[OutputLine] = [spool.add(entry.line()) for entry in result.outputs]
    paths = [entry.path for entry in result.outputs]
    hashes = [entry.sha256 for entry in result.outputs]
    for entry in result.outputs:
        verifier.wrote(entry.path, entry.sha256, entry.stamp)
    if result.card and result.card_sha256:
        verifier.wrote(result.card, result.card_sha256, result.card_stamp)
    dropped: list[str] = []
    keep = not result.ok and not result.withdrawn
    if previous is not None:
        new = set(paths)
        earlier = zip(previous.paths, previous.outputs, previous.sha256s, strict=True)
        for path, line, sha in earlier:
            if path in new:
                continue
            if not keep:
                dropped.append(path)
            else:  # a failed build leaves earlier outputs where they are, and listed
                paths.append(path)
                lines.append(line)
                hashes.append(sha)
    card, card_sha = result.card, result.card_sha256
    if card is None and previous is not None:
        if not result.withdrawn:
            card, card_sha = previous.card, previous.card_sha256
        elif previous.card:
            dropped.append(previous.card)
    record = SourceRecord(
        source=result.source,
        kind=kind,
        hash=result.hash,
        options=options_key,
        ok=result.ok,
        deps=result.deps or (previous.deps if previous else ()),
        name=result.name or (previous.name if previous else None),
        duration_s=result.duration_s,
        card=card,
        card_sha256=card_sha,
        outputs=tuple(lines),
        paths=tuple(paths),
        sha256s=tuple(hashes),
    )
    return record, dropped


def gone(old: Manifest | None, records: dict[str, SourceRecord]) -> list[str]:
    """Outputs and cards of sources that no longer exist."""
    if old is None:
        return []
    paths: list[str] = []
    for key, record in old.records.items():
        if key not in records:
            paths.extend(record.paths)
            if record.card:
                paths.append(record.card)
    return paths


def remove_stale(out: OutputDir, stale: Iterable[str], records: Iterable[SourceRecord]) -> int:
    """Delete stale outputs no current source owns, and the folders they leave empty.

    Paths are compared as case-insensitive file systems do; a stale path that matches an
    owned one only by case is removed only if it is a different file.
    """
    owned: dict[str, str] = {}
    for record in records:
        for path, _ in record.files():
            owned[_key(path)] = path
        if record.card:
            owned[_key(record.card)] = record.card
    removed = 0
    for path in dict.fromkeys(stale):
        owner = owned.get(_key(path))
        if owner is not None and (owner == path or _same_file(out, owner, path)):
            continue
        removed += out.remove(path)
    return removed


def _same_file(out: OutputDir, first: str, second: str) -> bool:
    one, two = out.lstat(first), out.lstat(second)
    if one is None or two is None:
        return one is None and two is None
    return (one.st_dev, one.st_ino) == (two.st_dev, two.st_ino)


def _key(path: str) -> str:
    return unicodedata.normalize("NFC", path).casefold()
