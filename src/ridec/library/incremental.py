"""What a rebuild keeps, what it compiles again and what it removes.

A source is kept only when the manifest vouches for it and every file it vouches for still
holds the recorded bytes: a file whose size, times and inode match its stamp is trusted
without reading; any other is hashed again, and a source with a file that does not match (or
is missing, or is reachable only through a link) is compiled again, which rewrites it. Its
card, part of `index.html`, is trusted when the page still has the stamp the last build
recorded; otherwise the card's bytes in the page are hashed. The bytes read to decide are
the bytes its job compiles (see `jobs`).

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
from ridec.library.index import INDEX_NAME, PageCards
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
    page_kept: bool | None = None
    """Whether `index.html` has the stamp the last build recorded (None: not looked yet)."""
    page: PageCards | None = None
    """The last build's page, read for the cards of sources kept, when it changed since."""

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

    def holds_card(self, record: SourceRecord) -> bool:
        """Whether `index.html` still holds the source's card: the page has the stamp the
        last build recorded, or the card's bytes in it hash to the recorded SHA-256."""
        at, sha256 = record.card_at, record.card_sha256
        if record.card != INDEX_NAME or at is None or sha256 is None:
            return False
        if self.page_kept is None:
            self.page_kept = self.unchanged(INDEX_NAME)
        if self.page_kept:
            return True
        if self.page is None:
            self.page = PageCards(self.out)
        return self.page.read(at, sha256) is not None

    def done_reading(self) -> None:
        """Close the page, if it was read (the build replaces it later)."""
        if self.page is not None:
            self.page.close()

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
    try:
        _plan_each(
            sources,
            result,
            old=old,
            options_key=options_key,
            verifier=verifier,
            clashes=clashes,
            version=version,
        )
    finally:
        verifier.done_reading()
    # Plans first: they are the longest jobs, and starting them early keeps every worker busy.
    result.jobs.sort(key=lambda job: job.source.kind is not SourceKind.PLAN)
    return result


def _plan_each(
    sources: Sequence[SourceFile],
    result: Plan,
    *,
    old: Manifest | None,
    options_key: str,
    verifier: Verifier,
    clashes: dict[str, list[Diagnostic]],
    version: str,
) -> None:
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
        if (
            record.hash == content_hash(data, deps)
            and all(verifier.vouches(path, sha) for path, sha in record.files())
            and verifier.holds_card(record)
        ):
            result.kept[source.key] = record
            continue
        result.compile(source, data, deps)


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
    error, with its card in the index (its bytes are compared next)."""
    if not record.ok or record.options != key or record.kind != source.kind:
        return False
    return record.card == INDEX_NAME and record.card_at is not None


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
    card, card_at, card_sha = _card(result, previous, spool, dropped)
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
        card_at=card_at,
        card_sha256=card_sha,
        outputs=tuple(lines),
        paths=tuple(paths),
        sha256s=tuple(hashes),
    )
    return record, dropped


def _card(
    result: JobResult, previous: SourceRecord | None, spool: LineSpool, dropped: list[str]
) -> tuple[str | None, tuple[int, int] | None, str | None]:
    """The source's card (file, place, SHA-256): the new one parked in the spool until the
    index is written, or else the one the index has (not for a source withdrawn). A card
    file of an earlier ridec build (`.ridec/cards/`) goes."""
    if previous is not None and _card_file(previous):
        dropped.append(str(previous.card))
    if result.card is not None and result.card_sha256 is not None:
        return INDEX_NAME, spool.add_bytes(result.card), result.card_sha256
    if previous is None or result.withdrawn or _card_file(previous):
        return None, None, None
    return previous.card, previous.card_at, previous.card_sha256


def _card_file(record: SourceRecord) -> bool:
    """Whether the record's card is a file of its own (as earlier ridec builds wrote it)."""
    return record.card is not None and record.card != INDEX_NAME


def gone(old: Manifest | None, records: dict[str, SourceRecord]) -> list[str]:
    """Outputs (and card files of earlier ridec builds) of sources that no longer exist."""
    if old is None:
        return []
    paths: list[str] = []
    for key, record in old.records.items():
        if key not in records:
            paths.extend(record.paths)
            if _card_file(record):
                paths.append(str(record.card))
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
