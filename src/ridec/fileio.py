"""Every file ridec reads or writes passes through here: bounded reads, atomic writes.

Reads open regular files only. A FIFO, a socket or a device (`/dev/zero` behind a symlink
named `z.zwo`) is refused before it is opened, and again after opening (with O_NONBLOCK,
so a FIFO without a writer cannot block) in case the path changed in between. The byte
limit is enforced on the bytes actually read, never on `st_size`, which is 0 for devices
and wrong for files that grow.

Writes go to a temporary file beside the target, are flushed, then renamed over it: a
reader never sees a partial file, a failure never leaves one, and folders created for the
output are removed again when the write fails. Every OSError becomes a diagnostic that
names the path, says what happened in words, and suggests a fix.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import re
import stat
import sys
from collections.abc import Iterable
from pathlib import Path

from ridec.diagnostics import Diagnostic, DiagnosticError, Severity, Source, Span

READ_CHUNK = 1 << 20
"""Bytes asked for per read call."""
TEMP_NAME_BYTES = 200
"""Most bytes of the target's name kept in its temporary file's name, so that a target
name near the system's limit (255 bytes) still leaves room for the temporary one."""

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)

HINTS: dict[int, str] = {
    errno.EACCES: "check the permissions of the file and its folders",
    errno.EPERM: "check the permissions of the file and its folders",
    errno.EROFS: "the file system is read-only; write to another folder with -o DIR",
    errno.ENOSPC: "the disk is full; free some space and run the command again",
    errno.EDQUOT: "the disk quota is used up; free some space and run the command again",
    errno.ENAMETOOLONG: "the name is longer than the file system allows; use a shorter name",
    errno.ELOOP: "a symbolic link on the path points back at itself; fix or remove the link",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "the path names a folder; give a file",
    errno.ENOENT: "check the spelling of the path",
    errno.EEXIST: "something else already has this name",
    errno.ENXIO: "the path is a named pipe (FIFO) no program is reading; start its reader first",
}
"""What to do about each error number a file operation commonly meets."""


class ReadError(Exception):
    """A file that could not be read: why, in words, and where (a byte offset, if any)."""

    def __init__(self, reason: str, hint: str | None = None, offset: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        """What is wrong, in lower case: "no such file or directory"."""
        self.hint = hint
        self.offset = offset

    def diagnostic(self, path: Path | str) -> Diagnostic:
        """`path: error: cannot read the file: reason` (`path: offset N: ...` when the
        problem has a position)."""
        message = f"cannot read the file: {self.reason}"
        if self.offset is None:
            return Diagnostic(Severity.ERROR, message, None, self.hint, path=str(path))
        span = Span(Source(str(path)), self.offset, self.offset)
        return Diagnostic(Severity.ERROR, message, span, self.hint)


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`; a diagnostic when it cannot be read, is not
    a regular file, or holds more than `limit` bytes (then nothing past the limit is read)."""
    try:
        return read_bounded(path, limit)
    except ReadError as exc:
        raise DiagnosticError([exc.diagnostic(path)]) from None


def read_bounded(path: Path, limit: int) -> bytes:
    """Like `read_limited`, raising ReadError for callers that locate the problem themselves
    (a plan points at the line naming the workout it could not read)."""
    try:
        _require_regular(os.stat(path))
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise ReadError(reason(exc), HINTS.get(exc.errno or 0)) from None
    try:
        _require_regular(os.fstat(fd))
        return _read_at_most(fd, limit)
    except OSError as exc:
        raise ReadError(reason(exc), HINTS.get(exc.errno or 0)) from None
    finally:
        os.close(fd)


STDIN_NAME = "<stdin>"
"""How diagnostics name standard input."""


def read_stdin(limit: int) -> bytes:
    """Standard input's bytes, at most `limit`: one byte more is a diagnostic (nothing past
    it is read), as for a file."""
    import sys

    try:
        data = sys.stdin.buffer.read(limit + 1)
    except (OSError, ValueError, AttributeError) as exc:
        reason_text = reason(exc) if isinstance(exc, OSError) else "it is closed or not binary"
        raise DiagnosticError([ReadError(reason_text).diagnostic(STDIN_NAME)]) from None
    if len(data) > limit:
        too_large = ReadError(
            f"it is larger than {describe_bytes(limit)}, the most ridec reads",
            "see the limits in ridec's README; no workout comes near them",
            offset=limit,
        )
        raise DiagnosticError([too_large.diagnostic(STDIN_NAME)])
    return data


def _require_regular(info: os.stat_result) -> None:
    if stat.S_ISREG(info.st_mode):
        return
    what = _kind(info.st_mode)
    hint = "ridec reads workout files; give the path of a regular file"
    raise ReadError(f"it is {what}, not a regular file", hint)


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    return next((name for test, name in kinds if test(mode)), "a special file")


def _read_at_most(fd: int, limit: int) -> bytes:
    """Up to `limit` bytes; one byte more means the file is too large, and reading stops."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = os.read(fd, min(READ_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise ReadError(
                f"it is larger than {describe_bytes(limit)}, the most ridec reads",
                "see the limits in ridec's README; no workout comes near them",
                offset=limit,
            )


def leads_outside(path: Path, folder: Path, *, real_folder: str | None = None) -> str | None:
    """Where `path` really is when links make it lead outside `folder` (itself resolved, or
    given resolved as `real_folder` by a caller checking many paths of one folder); None
    when it stays inside, or cannot be resolved (reading it then says why)."""
    try:
        real = os.path.realpath(path)
        base = os.path.realpath(folder) if real_folder is None else real_folder
    except (OSError, ValueError):
        return None
    inside = real == base or real.startswith(base.rstrip(os.sep) + os.sep)
    return None if inside else real


def describe_bytes(count: int) -> str:
    """A byte count as people say it: `16 MiB`, `64 KiB`, `900 bytes`."""
    for unit, size in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= size and count % size == 0:
            return f"{count // size} {unit}"
    return f"{count:,} bytes"


def reason(exc: OSError) -> str:
    """What an OSError means, in lower-case words ("no space left on device")."""
    text = exc.strerror
    if not text and exc.errno:
        text = os.strerror(exc.errno)
    if text:
        return text.lower()
    if exc.args:
        return str(exc.args[0])  # raised with a sentence of ours ("schema zwo.xsd is not ...")
    return "the system gave no reason"


# --- writing ------------------------------------------------------------------------------


TEMP_ATTEMPTS = 100
"""Temporary names tried before giving up (each taken one is a stale file of a killed run
whose process id came round again, or another thread's file)."""
_TEMP_SERIAL = itertools.count()
"""Numbers this process's temporary files, so two writes in one process never share one."""
_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
_TEMP_MODE = 0o666
"""The mode `open()` gives under the umask: outputs are ordinary files that riders and web
servers read (mkstemp's owner-only mode was changed back to this after every create)."""


def _create_temporary(path: Path) -> tuple[int, str]:
    """Create `.NAME.PID-N.tmp` beside `path`, exclusively (`O_EXCL`: never an existing file
    or a symlink planted there); its descriptor and name. Not `tempfile.mkstemp`: its random
    names cost importing `tempfile` and `random` at every start, and the process id and a
    counter make the name unique among live writers just as well."""
    prefix = f".{_short(path.name)}.{os.getpid()}-"
    for _ in range(TEMP_ATTEMPTS):
        tmp = os.path.join(path.parent, f"{prefix}{next(_TEMP_SERIAL)}.tmp")
        try:
            return os.open(tmp, _TEMP_FLAGS, _TEMP_MODE), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", tmp)


def write_atomic(
    path: Path, data: bytes, *, durable: bool = True, like: os.stat_result | None = None
) -> None:
    """Write `data` to a temporary file beside `path`, flush it to disk, then rename it over.

    The rename is atomic on POSIX and Windows, so `path` holds either the old bytes or the
    new ones, never a mix; the temporary file, and any folder made for it, is removed when
    anything fails (the OSError is raised again). `durable=False` skips the per-file fsync,
    for callers that write many files and sync once before recording them (`ridec build`
    syncs before writing its manifest). `like` gives the new file that file's owner, group
    and permission bits (outputs otherwise follow the umask).
    """
    if written_to_stream(path, data):
        return
    tmp, made = write_temporary(path, data, durable=durable, like=like)
    try:
        os.replace(tmp, path)
    except BaseException:
        discard_temporary(tmp, made)
        raise


def write_temporary(
    path: Path, data: bytes, *, durable: bool, like: os.stat_result | None = None
) -> tuple[str, list[Path]]:
    """`data` in a new temporary file beside `path`: its name, and the folders made for it.
    Nothing is left behind when anything fails."""
    made = make_folders(path.parent)
    tmp: str | None = None
    try:
        fd, tmp = _create_temporary(path)
        try:
            if like is not None:
                _take_owner_and_mode(fd, like)
            _write_all(fd, data)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        discard_temporary(tmp, made)
        raise
    return tmp, made


def discard_temporary(tmp: str | None, made: list[Path]) -> None:
    """Remove a temporary file and the folders made for it (those still empty)."""
    if tmp is not None:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    remove_folders(made)


_STREAM_FLAGS = (
    os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | os.O_CLOEXEC
)


def written_to_stream(path: Path, data: bytes) -> bool:
    """Write `data` into `path` itself when it leads to a character device or a FIFO
    (`--svg /dev/stdout`, `/dev/null`, a pipe to another program); whether it did.

    A rename would replace the device node or the FIFO, or the `/dev/stdout` link, with a
    regular file (as root, `--svg /dev/null` made /dev/null a file), so these are written
    as the streams they are: in place, not atomically, never created or truncated. A block
    device or a socket is refused; a FIFO nobody reads is an error, not a wait.
    """
    descriptor = _own_descriptor(path)
    if descriptor is not None:
        _write_descriptor(descriptor, data)
        return True
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return False  # nothing there yet (or unreachable): the atomic write reports it
    kind = stat.S_IFMT(info.st_mode)
    if kind in (stat.S_IFBLK, stat.S_IFSOCK):
        says = f"it is {_kind(info.st_mode)}, not a file; nothing was written"
        raise OSError(errno.EINVAL, says, str(path))
    if kind not in (stat.S_IFCHR, stat.S_IFIFO):
        return False
    fd = os.open(path, _STREAM_FLAGS)  # a FIFO without a reader: ENXIO at once
    try:
        if stat.S_IFMT(os.fstat(fd).st_mode) not in (stat.S_IFCHR, stat.S_IFIFO):
            return False  # replaced by a file meanwhile: written atomically instead
        os.set_blocking(fd, True)
        _write_all(fd, data)
    finally:
        os.close(fd)
    return True


_DESCRIPTOR_LINK = re.compile(r"/(?:proc/(?:self|thread-self|(\d+))/fd|dev/fd)/(\d+)")
"""`/proc/self/fd/1`, `/dev/fd/2`: a name of one of this process's open descriptors."""
LINK_HOPS = 8
"""Links followed to find such a name (`/dev/stdout` -> `/proc/self/fd/1` is one)."""


def _own_descriptor(path: Path) -> int | None:
    """The descriptor `path` names, when it is, or leads by links to, one of this process's
    own (`/dev/stdout`, `/proc/self/fd/1`, `/dev/fd/2`); None otherwise.

    Such a link leads on to wherever the descriptor goes, often a regular file (`> out.txt`),
    so a rename would replace the link itself (as root, `/dev/stdout` in /dev).
    """
    name = os.fspath(path)
    for _ in range(LINK_HOPS):
        found = _DESCRIPTOR_LINK.fullmatch(os.path.normpath(name))
        if found is not None and found.group(1) in (None, str(os.getpid())):
            return int(found.group(2))
        try:
            target = os.readlink(name)
        except (OSError, ValueError):
            return None  # not a link: an ordinary path
        name = os.path.join(os.path.dirname(name), target)
    return None


def _write_descriptor(descriptor: int, data: bytes) -> None:
    """Write into one of this process's descriptors, after what Python has buffered for it
    (the command's own report on stdout stays before the file, as it was printed)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, OSError, ValueError):
            if stream is not None and stream.fileno() == descriptor:
                stream.flush()
    _write_all(descriptor, data)


class OwnerError(PermissionError):
    """The new file cannot be given the old one's owner (only root may give files away)."""


def _take_owner_and_mode(fd: int, like: os.stat_result) -> None:
    """Owner and group first (changing them clears set-user-ID bits), then the mode."""
    fchown = getattr(os, "fchown", None)  # POSIX only
    mine = os.fstat(fd)
    if fchown is not None and (mine.st_uid, mine.st_gid) != (like.st_uid, like.st_gid):
        try:
            fchown(fd, like.st_uid, like.st_gid)
        except PermissionError:
            owner = f"user {like.st_uid}, group {like.st_gid}"
            says = f"it belongs to {owner}, which this user cannot give it"
            raise OwnerError(errno.EPERM, says) from None
    fchmod = getattr(os, "fchmod", None)
    if fchmod is not None:
        fchmod(fd, stat.S_IMODE(like.st_mode))


def rewrite(path: Path, data: bytes) -> None:
    """Replace the contents of the existing file at `path` atomically, keeping what is not
    ours to change (`ridec fmt`, the one command that rewrites a file it read).

    A symbolic link is written through: its target gets the new text and the link stays a
    link. The file keeps its owner, group and permission bits (a 0600 file stays 0600); when
    this user cannot give the new file the old one's owner, nothing is written. A file with
    more than one name (hard links) is refused: a rename would give the new text to this
    name only and leave the old text under the others. Extended attributes and ACLs are not
    copied. Problems are diagnostics naming `path`.
    """
    try:
        target = Path(os.path.realpath(path, strict=True))
        info = os.stat(target)
    except OSError as exc:
        raise DiagnosticError([write_error(path, exc)]) from None
    if info.st_nlink > 1:
        message = (
            f"cannot rewrite the file: it has {info.st_nlink} names (hard links), and the "
            "others would keep the old text; nothing was written"
        )
        hint = "format a copy, or remove the other links (`ls -i` shows the file's number)"
        raise DiagnosticError([Diagnostic(Severity.ERROR, message, None, hint, path=str(path))])
    try:
        write_atomic(target, data, like=info)
    except OwnerError as exc:
        message = f"cannot rewrite the file: {reason(exc)}; nothing was written"
        hint = "run the command as the file's owner"
        diagnostic = Diagnostic(Severity.ERROR, message, None, hint, path=str(path))
        raise DiagnosticError([diagnostic]) from None
    except OSError as exc:
        raise DiagnosticError([write_error(path, exc)]) from None


def _short(name: str) -> str:
    encoded = name.encode("utf-8", "surrogateescape")
    if len(encoded) <= TEMP_NAME_BYTES:
        return name
    return encoded[:TEMP_NAME_BYTES].decode("utf-8", "ignore")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def make_folders(folder: Path) -> list[Path]:
    """Create `folder` and any missing parents; the folders made, outermost first."""
    missing: list[Path] = []
    current = folder
    while not current.is_dir():
        if current.exists() or current.is_symlink() or current.parent == current:
            break  # mkdir below reports what is wrong (a file in the way, a loop)
        missing.append(current)
        current = current.parent
    if not missing and not folder.is_dir():
        os.stat(folder)  # raises the precise error: ELOOP, EACCES ...
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
    made: list[Path] = []
    try:
        for path in reversed(missing):
            try:
                os.mkdir(path)
            except FileExistsError:
                if not path.is_dir():
                    raise
                continue  # made meanwhile by another process (a parallel build's worker)
            made.append(path)
    except BaseException:
        remove_folders(made)
        raise
    return made


def remove_folders(made: Iterable[Path]) -> None:
    """Remove folders `make_folders` made, innermost first, where they are still empty."""
    for path in reversed(list(made)):
        with contextlib.suppress(OSError):
            os.rmdir(path)


def write_output(path: Path, data: bytes, inputs: Inputs | None = None) -> None:
    """Write a command's output file atomically; an OSError, or an output that would land
    on a file the command read, is a diagnostic naming the path."""
    if inputs is not None:
        inputs.refuse(path)
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise DiagnosticError([write_error(path, exc)]) from None


def write_error(path: Path | str, exc: OSError) -> Diagnostic:
    """`path: error: cannot write the file: <reason>` with a hint for the error number."""
    message = f"cannot write the file: {reason(exc)}"
    return Diagnostic(Severity.ERROR, message, None, HINTS.get(exc.errno or 0), path=str(path))


def exists(path: Path) -> bool:
    """Whether something (a file, a folder, a link, even a broken one) has this name; an
    error other than "not there" is a diagnostic, as writing there would be."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as exc:
        raise DiagnosticError([write_error(path, exc)]) from None
    return True


class Inputs:
    """The files a command reads, so that no output is ever written over one of them.

    Files are told apart by device and inode, so a symbolic link, a hard link, `./x.zwo` and
    `X.ZWO` on a case-insensitive disk all count as the file they lead to.
    """

    def __init__(self, paths: Iterable[Path] = ()) -> None:
        self._ids: set[tuple[int, int]] = set()
        for path in paths:
            self.add(path)

    def add(self, path: Path) -> None:
        """Remember `path` as read (a path that cannot be stat'ed is not a file to protect)."""
        found = _identity(path)
        if found is not None:
            self._ids.add(found)

    def holds(self, path: Path) -> bool:
        """Whether writing `path` would replace one of the inputs."""
        found = _identity(path)
        return found is not None and found in self._ids

    def refuse(self, path: Path, hint: str | None = None) -> None:
        """Raise a diagnostic when `path` is one of the inputs."""
        if self.holds(path):
            raise DiagnosticError([overwrite_error(path, hint)])


def overwrite_error(path: Path | str, hint: str | None = None) -> Diagnostic:
    """The error for an output that would replace an input file."""
    message = "the output would replace an input file of this command; nothing was written"
    hint = hint or "choose another folder for the outputs with -o DIR"
    return Diagnostic(Severity.ERROR, message, None, hint, path=str(path))


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino
