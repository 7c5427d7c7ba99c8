"""The build's private state in `DIST/.ridec`: its lock, its in-progress record, its stamps.

- `lock`: locked by the running build with a POSIX record lock (`fcntl.lockf`). Such a lock
  belongs to the process that took it: the kernel drops it when that process ends, however it
  ends, and the processes it starts never inherit it. A lock file left behind is no obstacle.
- `build-in-progress`: the running build's token, written before its first temporary file,
  then the path of every output, each noted before the file is written. Found by
  the next build, it means the last one was stopped part-way: the temporary files carrying
  the recorded token are swept (and nothing else), and the noted paths that no source owns
  once the next build is done are removed (outputs of a source deleted or reverted since).
  Until a build completes, the paths it inherited stay in its own record.
- `stamps.json`: for each file the manifest vouches for, the size, times and inode it had
  when its SHA-256 was last taken. A file whose metadata still match is trusted without
  reading it; any other is hashed again. Kept out of `manifest.json`, so the manifest of a
  rebuild equals that of a clean build byte for byte.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ridec.library.discover import STATE_DIR
from ridec.library.outdir import TOKEN_HEX, DistError, OutputDir, Stamp, reason

LOCK = f"{STATE_DIR}/lock"
IN_PROGRESS = f"{STATE_DIR}/build-in-progress"
IN_PROGRESS_NEW = f"{STATE_DIR}/build-in-progress.new"
"""The record's next version while it is written (a fixed name: it holds no token yet)."""
RECORD_HEADER = "ridec-build"
STAMPS = f"{STATE_DIR}/stamps.json"
STAMPS_FORMAT = "ridec-build-stamps"
_TOKEN = re.compile(rf"[0-9a-f]{{{TOKEN_HEX}}}")
MAX_RECORD = 256 * 1024 * 1024
"""The in-progress record holds a token and a line per output; more is not ours."""

MAX_STAMPS = 1024 * 1024 * 1024
"""Some 150 bytes a file: far more than any library needs."""

Stamps = dict[str, tuple[str, Stamp]]
"""Path in DIST -> (SHA-256 of its bytes, its stamp when hashed)."""


class BuildLockedError(Exception):
    """Another build is writing the same DIST."""


@dataclass(frozen=True, slots=True)
class Claim:
    """What taking DIST found."""

    interrupted: bool
    """Whether the last build was stopped part-way."""
    swept: int
    """Temporary files of stopped builds removed."""
    noted: tuple[str, ...]
    """Paths stopped builds were writing: removed at the end unless a source owns them."""


@contextlib.contextmanager
def claim(out: OutputDir) -> Iterator[Claim]:
    """Hold DIST for one build: the lock, then the sweep, then this build's record.

    The record is removed when the block ends without an exception (errors the build
    reported included); a build that is killed or raises leaves it for the next one.
    """
    out.create_root()
    fd = out.open_lock(LOCK)
    try:
        _lock(fd, out)
        found = _read_record(out)
        swept = out.sweep([found[0]]) if found and found[0] else 0
        noted = found[1] if found else []
        text = "".join([f"{RECORD_HEADER} {out.token}\n", *(_line(p) for p in noted)])
        out.record(IN_PROGRESS, text.encode("utf-8"), via=IN_PROGRESS_NEW)
        yield Claim(found is not None, swept, tuple(noted))
        out.remove(IN_PROGRESS)
    finally:
        os.close(fd)


def _line(path: str) -> str:
    return json.dumps(path, ensure_ascii=False) + "\n"


def _lock(fd: int, out: OutputDir) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks
        return
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EAGAIN):
            message = f"another ridec build is writing {out.root}; wait for it"
            raise BuildLockedError(message) from None
        raise DistError(out.path(LOCK), f"cannot lock: {reason(exc)}", code=exc.errno) from None


def _read_record(out: OutputDir) -> tuple[str | None, list[str]] | None:
    """The token and the noted paths of the in-progress record; None when there is none.

    A line that does not parse (the torn end of a killed build's journal) is skipped.
    """
    handle = out.open_read(IN_PROGRESS)
    if handle is None:
        return None
    token: str | None = None
    paths: list[str] = []
    with handle:
        for raw in handle.read(MAX_RECORD).decode("utf-8", "replace").splitlines():
            header, _, value = raw.partition(" ")
            if header == RECORD_HEADER and _TOKEN.fullmatch(value):
                token = value
                continue
            with contextlib.suppress(ValueError):
                path = json.loads(raw)
                if isinstance(path, str):
                    paths.append(path)
    return token, list(dict.fromkeys(paths))


def read_stamps(out: OutputDir) -> Stamps:
    """The stamps of the last build; empty when there are none or they cannot be read."""
    handle = out.open_read(STAMPS)
    if handle is None:
        return {}
    with handle:
        try:
            document = json.loads(handle.read(MAX_STAMPS))
            if document.get("format") != STAMPS_FORMAT:
                return {}
            return {
                str(path): (str(sha), Stamp(size, mtime_ns, ctime_ns, ino))
                for path, sha, size, mtime_ns, ctime_ns, ino in document["stamps"]
            }
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return {}  # unreadable stamps only cost hashing every file once


def write_stamps(out: OutputDir, stamps: Mapping[str, tuple[str, Stamp]]) -> None:
    """Replace the stamps file: one JSON document, one entry per line, sorted by path."""
    with out.replacing_text(STAMPS, durable=False) as handle:
        handle.write(f'{{"format": "{STAMPS_FORMAT}", "version": 1, "stamps": [')
        separator = "\n"
        for path in sorted(stamps):
            sha, stamp = stamps[path]
            handle.write(separator + json.dumps([path, sha, *stamp], ensure_ascii=False))
            separator = ",\n"
        handle.write("\n]}\n")
