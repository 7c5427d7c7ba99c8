"""Finding the sources of a build and where each one's outputs go.

Discovery only walks folders and names paths: it never reads or parses a source, so a build
that has nothing to do stays fast. Output locations follow from the source's path alone.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ridec.diagnostics import Diagnostic, error
from ridec.fileio import leads_outside
from ridec.library.outdir import reason
from ridec.library.problems import path_error

WORKOUT_SUFFIX = ".ride"
PLAN_SUFFIX = ".plan"
STATE_DIR = ".ridec"
"""The build's private folder inside DIST (its lock, the in-progress record, the stamps)."""


class SourceKind(StrEnum):
    """What a source file holds."""

    WORKOUT = "workout"
    PLAN = "plan"


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One `.ride` or `.plan` file found under a source folder."""

    path: Path
    """The file, as reachable from the current directory."""
    key: str
    """Its path relative to the source folder it was found in, POSIX form: its name in the
    manifest and in everything the build publishes, and what decides its outputs' layout.
    The same however the folder was named (`lib`, `/home/me/lib`, `.`)."""
    kind: SourceKind
    """Workout or plan."""
    shown: str
    """The file as the user reached it (POSIX form): how messages name it."""
    folder: Path
    """The source folder `key` is relative to (for a file named alone, its folder)."""

    @property
    def out_base(self) -> str:
        """Output location relative to DIST: `a/b/stem` for a workout, `a/b/slug` for a plan.

        A workout's outputs are `out_base + extension`; a plan's go in the folder `out_base`.
        """
        folder, _, name = self.key.rpartition("/")
        stem = os.path.splitext(name)[0]
        if self.kind is SourceKind.PLAN:
            stem = slug(stem)
        return f"{folder}/{stem}" if folder else stem


MAX_SLUG_BYTES = 120
"""A slug names one folder: kept well under the 255 bytes file systems allow a name."""


def slug(text: str) -> str:
    """A file-name-safe form of `text`: lower case, words joined by `-`.

    Latin letters lose their accents (`José` -> `jose`); letters, digits and marks of other
    scripts are kept (`Пётр` -> `пётр`), so a name in any script keeps a name of its own;
    anything else separates words. Text with no letter or digit is `untitled`.
    """
    words = "".join(_slug_char(c) for c in _nfc(text).lower()).split()
    joined = "-".join(words)
    while len(joined.encode("utf-8")) > MAX_SLUG_BYTES:
        joined = joined[:-1]
    return joined.strip("-") or "untitled"


def _slug_char(char: str) -> str:
    if unicodedata.category(char)[0] not in "LNM":
        return " "
    latin = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
    latin = "".join(c for c in latin if c.isalnum()).lower()
    return latin or char


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


FOLLOW_HINT = "build with --follow-symlinks to follow such links"


def discover(
    roots: Sequence[Path], exclude: Path, *, follow_links: bool = False
) -> tuple[list[SourceFile], list[Diagnostic]]:
    """Every source under `roots` (files may be named directly), sorted by key.

    `exclude` (the output folder) is never searched, so `ridec build . -o dist` does not find
    its own outputs. A folder that cannot be read and a file whose name leaves no name for its
    outputs are errors; the rest is still found. Unless `follow_links`, a link to a folder is
    not searched, and a source that is a link whose real path is outside its source folder is
    an error, never read; a file named alone is taken wherever it leads.
    """
    skip = _resolved(exclude)
    found: list[SourceFile] = []
    problems: list[Diagnostic] = []
    for root in roots:
        if _is_dir(root):
            found.extend(_Walk(root, skip, problems, follow_links).sources())
        elif _kind(root.name) is not None:
            found.append(_source(root, root.name, root.parent))
        else:
            hint = "give a folder, or a .ride or .plan file"
            problems.append(error(f"{root}: not a folder or a .ride or .plan file", hint=hint))
    # The same file reached twice (a folder and a file inside it) is built once, as first found.
    first = {source.shown: source for source in reversed(found)}
    usable: list[SourceFile] = []
    for source in sorted(first.values(), key=lambda s: s.shown):
        if _names_outputs(source):
            usable.append(source)
        else:
            hint = "rename it, such as `workout.ride`"
            problem = "its name leaves no name for its outputs"
            problems.append(path_error(source.shown, problem, hint))
    return usable, problems


@dataclass
class _Walk:
    """One source folder searched: hidden entries and the output folder skipped; links to
    folders searched only when followed (each real folder once, so a loop ends)."""

    root: Path
    skip: Path | None
    problems: list[Diagnostic]
    follow: bool

    def sources(self) -> Iterator[SourceFile]:
        seen = {self.root.resolve()} if self.follow else set()
        folders = [self.root]
        while folders:
            folder = folders.pop()
            entries = self._list(folder)
            inside: list[Path] = []
            for entry in entries:
                path = folder / entry.name
                if _entry_is_dir(entry):
                    if self._searched(path, entry, seen):
                        inside.append(path)
                elif _kind(entry.name) is not None:
                    source = _source(path, path.relative_to(self.root).as_posix(), self.root)
                    if self._confined(source, entry):
                        yield source
            folders.extend(reversed(inside))

    def _list(self, folder: Path) -> list[os.DirEntry[str]]:
        """The folder's entries but hidden ones, by name; none (and an error) if unreadable."""
        try:
            with os.scandir(folder) as listing:
                return sorted((e for e in listing if not e.name.startswith(".")), key=_name)
        except OSError as exc:
            problem = f"cannot read folder: {reason(exc)}"
            self.problems.append(path_error(exc.filename or folder, problem))
            return []

    def _searched(self, path: Path, entry: os.DirEntry[str], seen: set[Path]) -> bool:
        """Whether a folder is searched (the output folder and, unfollowed, links are not)."""
        if _is(path, self.skip) or (entry.is_symlink() and not self.follow):
            return False
        if not self.follow:
            return True
        real = _resolved(path)
        if real is None or real in seen:
            return False
        seen.add(real)
        return True

    def _confined(self, source: SourceFile, entry: os.DirEntry[str]) -> bool:
        """Whether a source may be read: not a link out of its source folder (unfollowed)."""
        if self.follow or not entry.is_symlink():
            return True
        real = leads_outside(source.path, self.root)
        if real is None:
            return True
        message = f"it is a link out of the source folder (to {real}); not built"
        hint = f"copy the file into the source folder, or {FOLLOW_HINT}"
        self.problems.append(path_error(source.shown, message, hint))
        return False


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _entry_is_dir(entry: os.DirEntry[str]) -> bool:
    """Whether an entry is a folder, or a link to one."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _is(path: Path, other: Path | None) -> bool:
    """Whether `path` is the folder `other` (already resolved)."""
    return other is not None and _resolved(path) == other


def _resolved(path: Path) -> Path | None:
    """The real path, or None when it cannot be resolved (a link loop, an odd name)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def _names_outputs(source: SourceFile) -> bool:
    """Whether every component of the source's output location is an ordinary name."""
    return all(part not in ("", ".", "..") for part in source.out_base.split("/"))


def _kind(name: str) -> SourceKind | None:
    suffix = os.path.splitext(name)[1].lower()
    if suffix == WORKOUT_SUFFIX:
        return SourceKind.WORKOUT
    if suffix == PLAN_SUFFIX:
        return SourceKind.PLAN
    return None


def _source(path: Path, key: str, folder: Path) -> SourceFile:
    kind = _kind(path.name)
    assert kind is not None
    return SourceFile(path, key, kind, Path(os.path.normpath(path)).as_posix(), folder)
