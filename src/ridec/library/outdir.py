"""DIST as a build sees it: every write, look and removal stays inside it.

Paths are relative to DIST, in POSIX form. Each folder below DIST is opened without following
symbolic links (`openat` with `O_NOFOLLOW`), so a link inside DIST, to a folder or to a file,
never receives an output and a removal never leaves DIST: such a path is refused with a
`DistError` that names the link. DIST itself may be a link: the user named it.

Every file is written under a temporary name beside its destination and renamed over it when
complete, so a reader sees the old file or the new one, never a part. Temporary names are
`.ridec-<token>-<pid>-<n>.tmp`, where the token is the build's random id, recorded in DIST
before the first temporary file is created: the sweep after a killed build removes only names
with a recorded token, never a `.tmp` file of the user's.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import json
import os
import re
import secrets
import stat
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_AT = os.open in os.supports_dir_fd and os.rename in os.supports_dir_fd
"""Whether folders can be held open and named relative to (POSIX); else plain paths."""

TOKEN_HEX = 16
TEMP_NAME = re.compile(rf"\.ridec-([0-9a-f]{{{TOKEN_HEX}}})-[0-9]+-[0-9]+\.tmp")
"""The temporary names a build gives its files (the group is the build's token)."""
OPEN_FOLDERS = 32
"""Folders held open at once (a library may have thousands; the descriptors are few)."""
CHUNK = 1 << 20


def new_token() -> str:
    """A fresh build token."""
    return secrets.token_hex(TOKEN_HEX // 2)


class Stamp(NamedTuple):
    """What a file looked like when the build wrote or checked it: if its metadata still
    match, its bytes are those the build hashed."""

    size: int
    mtime_ns: int
    ctime_ns: int
    ino: int

    @classmethod
    def of(cls, info: os.stat_result) -> Stamp:
        """The stamp of a stat result."""
        return cls(info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


class DistError(Exception):
    """A path of DIST the build cannot use: the path and what happened, ready to show."""

    def __init__(
        self,
        path: Path,
        problem: str,
        hint: str | None = None,
        *,
        code: int | None = None,
        link: bool = False,
    ) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
        self.hint = hint
        self.code = code
        """The errno behind it, if any."""
        self.link = link
        """Whether the path is a link the build refuses to use."""

    @property
    def missing(self) -> bool:
        """Whether the path (or a folder on its way) does not exist."""
        return self.code in (errno.ENOENT, errno.ENOTDIR)


def reason(exc: OSError) -> str:
    """What an OSError says, as a diagnostic phrase: `no space left on device`."""
    text = exc.strerror or (os.strerror(exc.errno) if exc.errno else type(exc).__name__)
    return text[:1].lower() + text[1:]


LINK_HINT = "remove the link, or choose another output folder with -o"


@dataclass(slots=True)
class Written:
    """A file being written: its handle while open, its stamp once in place."""

    fd: int
    stamp: Stamp | None = None


class OutputDir:
    """DIST, held open for one build (in one process: each worker opens its own)."""

    def __init__(self, root: Path, token: str, journal: str | None = None) -> None:
        self.root = root
        self.token = token
        self.journal = journal
        """A file of DIST where the path of every output is noted before it is written, so
        the outputs of a build killed before its manifest was written can be found."""
        self._journal_fd: int | None = None
        self._folders: OrderedDict[tuple[str, ...], int] = OrderedDict()
        self._root_fd: int | None = None
        self._made = 0

    def close(self) -> None:
        """Close every folder held open."""
        for fd in self._folders.values():
            if fd >= 0:
                os.close(fd)
        self._folders.clear()
        if self._journal_fd is not None:
            os.close(self._journal_fd)
            self._journal_fd = None
        if self._root_fd is not None:
            os.close(self._root_fd)
            self._root_fd = None

    def __enter__(self) -> OutputDir:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def path(self, rel: str) -> Path:
        """The full path of `rel`, for messages."""
        return self.root / rel if rel else self.root

    # -- writing ------------------------------------------------------------------------

    def create_root(self) -> None:
        """Create DIST (and its parents) when missing."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self._root()
        except OSError as exc:
            raise self._failed(exc, "", "cannot create the output folder") from None

    def write(self, rel: str, data: bytes, *, durable: bool = False, note: bool = True) -> Stamp:
        """Replace `rel` with `data`, atomically; the new file's stamp."""
        with self.replacing(rel, durable=durable, note=note) as written:
            write_all(written.fd, data)
        assert written.stamp is not None
        return written.stamp

    @contextlib.contextmanager
    def replacing(self, rel: str, *, durable: bool = False, note: bool = True) -> Iterator[Written]:
        """A new file that replaces `rel` when the block ends without error.

        `durable` flushes it to disk first; a build writes its outputs without, and syncs
        once before its manifest vouches for them. The file gets the mode `open()` gives
        under the umask. With `note`, the path is noted in the journal first.
        """
        if note:
            self._note(rel)
        folder, name = self._place(rel, create=True)
        # The folder's own descriptor: the shared one may be closed while the caller writes.
        here = self._fd(folder)
        here = os.dup(here) if here is not None else None
        tmp, dst = self._at(folder, self.temp_name()), self._at(folder, name)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY | os.O_CLOEXEC
        try:
            fd = os.open(tmp, flags, 0o666, dir_fd=here)
        except OSError as exc:
            _close(here)
            raise self._failed(exc, rel, "cannot write") from None
        written = Written(fd)
        try:
            yield written
            if durable:
                os.fsync(fd)
            if _is_link(dst, here):  # an output never replaces a link the user put in DIST
                raise self._link(rel)
            os.replace(tmp, dst, src_dir_fd=here, dst_dir_fd=here)
            written.stamp = Stamp.of(os.fstat(fd))
        except BaseException as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=here)
            if isinstance(exc, OSError):
                raise self._failed(exc, rel, "cannot write") from None
            raise
        finally:
            os.close(fd)
            _close(here)

    @contextlib.contextmanager
    def replacing_text(self, rel: str, *, durable: bool = True) -> Iterator[IO[str]]:
        """Like `replacing`, as UTF-8 text with `\\n` line ends (the index, the manifest)."""
        with self.replacing(rel, durable=False, note=False) as written:
            raw = _FdWriter(written.fd)
            text = io.TextIOWrapper(io.BufferedWriter(raw, CHUNK), "utf-8", newline="\n")
            try:
                yield text
                text.flush()
                if durable:
                    os.fsync(written.fd)
            except BaseException:
                raw.dead = True  # what is still buffered must never reach a reused descriptor
                raise
            finally:
                text.detach().detach()

    def record(self, rel: str, data: bytes, *, via: str) -> None:
        """Replace a private file of the build, flushed to disk, through the fixed name `via`
        in the same folder (not a tokened name: the build's record of its own token is
        written this way, before any temporary file may exist)."""
        folder, name = self._place(rel, create=True)
        temp = PurePosixPath(via).name
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NOFOLLOW | _BINARY | os.O_CLOEXEC
        here = self._fd(folder)
        try:
            fd = os.open(self._at(folder, temp), flags, 0o666, dir_fd=here)
            try:
                write_all(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(
                self._at(folder, temp), self._at(folder, name), src_dir_fd=here, dst_dir_fd=here
            )
        except OSError as exc:
            raise self._failed(exc, rel, "cannot write") from None

    def _note(self, rel: str) -> None:
        """Append `rel` to the journal (one JSON string a line)."""
        if self.journal is None:
            return
        line = (json.dumps(rel, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            if self._journal_fd is None:
                folder, name = self._place(self.journal, create=False)
                flags = os.O_WRONLY | os.O_APPEND | _NOFOLLOW | _BINARY | os.O_CLOEXEC
                self._journal_fd = os.open(self._at(folder, name), flags, dir_fd=self._fd(folder))
            write_all(self._journal_fd, line)
        except OSError as exc:
            raise self._failed(exc, self.journal, "cannot write") from None

    def temp_name(self) -> str:
        """A new temporary file name carrying this build's token."""
        self._made += 1
        return f".ridec-{self.token}-{os.getpid()}-{self._made}.tmp"

    def scratch(self, folder_rel: str) -> tuple[int, str]:
        """A private scratch file in `folder_rel` under a temporary name: its descriptor (the
        caller closes it) and its path."""
        folder, _ = self._place(f"{folder_rel}/x", create=True)
        name = self.temp_name()
        flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY | os.O_CLOEXEC
        rel = f"{folder_rel}/{name}"
        try:
            fd = os.open(self._at(folder, name), flags, 0o600, dir_fd=self._fd(folder))
        except OSError as exc:
            raise self._failed(exc, rel, "cannot write") from None
        return fd, rel

    # -- looking ------------------------------------------------------------------------

    def lstat(self, rel: str) -> os.stat_result | None:
        """`rel`'s own metadata, or None when it is missing or reachable only through a link."""
        try:
            folder, name = self._place(rel, create=False)
            return os.lstat(self._at(folder, name), dir_fd=self._fd(folder))
        except (OSError, DistError, ValueError):
            return None

    def stamp(self, rel: str) -> Stamp | None:
        """The stamp of `rel` when it is a regular file inside DIST."""
        info = self.lstat(rel)
        return Stamp.of(info) if info is not None and stat.S_ISREG(info.st_mode) else None

    def open_read(self, rel: str) -> IO[bytes] | None:
        """A regular file inside DIST opened for reading, or None when it is not one."""
        try:
            folder, name = self._place(rel, create=False)
            flags = os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _BINARY | os.O_CLOEXEC
            fd = os.open(self._at(folder, name), flags, dir_fd=self._fd(folder))
        except (OSError, DistError, ValueError):
            return None
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode):
                return os.fdopen(fd, "rb")
        except OSError:
            pass
        os.close(fd)
        return None

    def digest(self, rel: str) -> tuple[str, Stamp] | None:
        """The SHA-256 of a regular file inside DIST and its stamp, or None when it is not
        one or changed while it was read."""
        handle = self.open_read(rel)
        if handle is None:
            return None
        with handle:
            try:
                before = Stamp.of(os.fstat(handle.fileno()))
                digest = hashlib.sha256()
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
                after = Stamp.of(os.fstat(handle.fileno()))
            except OSError:
                return None
        return (digest.hexdigest(), after) if before == after else None

    # -- removing -----------------------------------------------------------------------

    def remove(self, rel: str) -> bool:
        """Delete the regular file `rel` and the folders it leaves empty; whether it was there.

        Links (to files or folders) are left alone, as is anything outside DIST.
        """
        try:
            folder, name = self._place(rel, create=False)
            info = os.lstat(self._at(folder, name), dir_fd=self._fd(folder))
        except FileNotFoundError:
            self._prune(rel)  # a killed build may have made the folders, and no file
            return False
        except (NotADirectoryError, ValueError):
            return False
        except DistError as exc:
            if exc.link or exc.missing:
                return False
            raise
        except OSError as exc:
            raise self._failed(exc, rel, "cannot remove") from None
        if not stat.S_ISREG(info.st_mode):
            return False
        try:
            os.unlink(self._at(folder, name), dir_fd=self._fd(folder))
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise self._failed(exc, rel, "cannot remove") from None
        self._prune(rel)
        return True

    def _prune(self, rel: str) -> None:
        """Remove the empty folders above `rel`, up to (not including) DIST."""
        parts = _parts(rel)[:-1]
        while parts:
            self._forget(parts)
            parent = parts[:-1]
            try:
                self._folder(parent, create=False)
                os.rmdir(self._at(parent, parts[-1]), dir_fd=self._fd(parent))
            except (OSError, DistError):
                return
            parts = parts[:-1]

    def sweep(self, tokens: Iterable[str]) -> int:
        """Remove the temporary files of the builds whose tokens are given; how many.

        Links are never followed, so the sweep stays inside DIST.
        """
        wanted = set(tokens)
        if not wanted:
            return 0
        removed = 0
        for folder, names in self._walk():
            for name in names:
                found = TEMP_NAME.fullmatch(name)
                if found is None or found.group(1) not in wanted:
                    continue
                path, dir_fd = _at_path(folder, name)
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(path, dir_fd=dir_fd)
                    removed += 1
        return removed

    def _walk(self) -> Iterator[tuple[int | str, list[str]]]:
        """Each folder of DIST (links not followed) and the regular files in it."""
        if _AT and hasattr(os, "fwalk"):
            for _, _, files, dir_fd in os.fwalk(".", dir_fd=self._root(), follow_symlinks=False):
                yield dir_fd, [f for f in files if _is_file(f, dir_fd)]
        else:  # pragma: no cover - platforms without fwalk (Windows)
            for here, _, files in os.walk(self.root, followlinks=False):
                yield here, [f for f in files if not os.path.islink(os.path.join(here, f))]

    # -- the build's lock ---------------------------------------------------------------

    def open_lock(self, rel: str) -> int:
        """Open (creating) the lock file `rel`; its descriptor."""
        folder, name = self._place(rel, create=True)
        flags = os.O_RDWR | os.O_CREAT | _NOFOLLOW | os.O_CLOEXEC
        try:
            return os.open(self._at(folder, name), flags, 0o666, dir_fd=self._fd(folder))
        except OSError as exc:
            raise self._failed(exc, rel, "cannot create the build's lock file") from None

    # -- folders ------------------------------------------------------------------------

    def _place(self, rel: str, *, create: bool) -> tuple[tuple[str, ...], str]:
        """The folder (as parts) and the name of a path inside DIST."""
        parts = _parts(rel)
        self._folder(parts[:-1], create=create)
        return parts[:-1], parts[-1]

    def _root(self) -> int:
        if self._root_fd is None and _AT:
            self._root_fd = os.open(self.root, os.O_RDONLY | _DIRECTORY | os.O_CLOEXEC)
        return self._root_fd if self._root_fd is not None else -1

    def _fd(self, parts: tuple[str, ...]) -> int | None:
        """The descriptor to name files of an already opened folder relative to."""
        if not _AT:
            return None
        return self._folders[parts] if parts else self._root()

    def _at(self, parts: tuple[str, ...], name: str) -> str:
        """`name` in folder `parts`: relative to its descriptor, or a full path."""
        return name if _AT else os.path.join(self.root, *parts, name)

    def _folder(self, parts: tuple[str, ...], *, create: bool) -> None:
        """Open (and with `create`, make) the folder `parts`, one component at a time,
        never through a link."""
        if not parts:
            self._root()
            return
        if parts in self._folders:
            self._folders.move_to_end(parts)
            return
        self._folder(parts[:-1], create=create)
        parent, name = parts[:-1], parts[-1]
        try:
            self._open_folder(parent, name)
        except DistError as exc:
            if not (create and exc.code == errno.ENOENT):
                raise
            with contextlib.suppress(FileExistsError):  # another worker made it meanwhile
                self._mkdir(parent, name)
            self._open_folder(parent, name)

    def _mkdir(self, parent: tuple[str, ...], name: str) -> None:
        try:
            os.mkdir(self._at(parent, name), dir_fd=self._fd(parent))
        except FileExistsError:
            raise
        except OSError as exc:
            raise self._failed(exc, "/".join((*parent, name)), "cannot create folder") from None

    def _open_folder(self, parent: tuple[str, ...], name: str) -> None:
        parts = (*parent, name)
        rel = "/".join(parts)
        if not _AT:  # pragma: no cover - no descriptors: check the component is no link
            path = self._at(parent, name)
            if os.path.islink(path):
                raise self._link(rel)
            if not os.path.isdir(path):
                code = errno.ENOTDIR if os.path.lexists(path) else errno.ENOENT
                raise self._failed(OSError(code, os.strerror(code)), rel, "cannot open folder")
            self._folders[parts] = -1
            return
        flags = os.O_RDONLY | _DIRECTORY | _NOFOLLOW | os.O_CLOEXEC
        try:
            fd = os.open(name, flags, dir_fd=self._fd(parent))
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR) and _is_link(name, self._fd(parent)):
                raise self._link(rel) from None
            raise self._failed(exc, rel, "cannot open folder") from None
        self._folders[parts] = fd
        while len(self._folders) > OPEN_FOLDERS:
            self._evict()

    def _evict(self) -> None:
        """Close the folder used longest ago (descriptors of subfolders do not need it)."""
        _, fd = self._folders.popitem(last=False)
        if fd >= 0:
            os.close(fd)

    def _forget(self, parts: tuple[str, ...]) -> None:
        """Close a folder (and any under it) about to be removed."""
        for key in [k for k in self._folders if k[: len(parts)] == parts]:
            fd = self._folders.pop(key)
            if fd >= 0:
                os.close(fd)

    def _link(self, rel: str) -> DistError:
        problem = "is a symbolic link inside the output folder: ridec neither writes through "
        return DistError(self.path(rel), problem + "nor replaces it", LINK_HINT, link=True)

    def _failed(self, exc: OSError, rel: str, doing: str) -> DistError:
        return DistError(self.path(rel), f"{doing}: {reason(exc)}", code=exc.errno)


class _FdWriter(io.RawIOBase):
    """Raw output straight to a descriptor, so every byte goes through `os.write`."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd
        self.dead = False

    def writable(self) -> bool:
        return True

    def write(self, data: ReadableBuffer, /) -> int:
        if self.dead:
            return memoryview(data).nbytes
        return os.write(self.fd, data)


def write_all(fd: int, data: bytes) -> None:
    """Write every byte of `data` to `fd` (`os.write` may take fewer at a time)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _parts(rel: str) -> tuple[str, ...]:
    """The components of a path inside DIST; ValueError for one that is not (absolute,
    empty, with `.` or `..`)."""
    parts = tuple(rel.split("/"))
    if any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"not a path inside the output folder: {rel!r}")
    return parts


def _is_link(path: str, dir_fd: int | None) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path, dir_fd=dir_fd).st_mode)
    except OSError:
        return False


def _close(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)


def _is_file(name: str, dir_fd: int) -> bool:
    try:
        return stat.S_ISREG(os.lstat(name, dir_fd=dir_fd).st_mode)
    except OSError:
        return False


def _at_path(folder: int | str, name: str) -> tuple[str, int | None]:
    return (name, folder) if isinstance(folder, int) else (os.path.join(folder, name), None)


def is_temporary(name: str) -> bool:
    """Whether a file name is one a build gives its temporary files."""
    return TEMP_NAME.fullmatch(name) is not None
