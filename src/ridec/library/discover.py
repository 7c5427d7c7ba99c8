"""Finding the sources of a build and where each one's outputs go.

Discovery only walks folders and names paths: it never reads or parses a source, so a build
that has nothing to do stays fast. Output locations follow from the source's path alone.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath

from ridec.diagnostics import Diagnostic, error

WORKOUT_SUFFIX = ".ride"
PLAN_SUFFIX = ".plan"
STATE_DIR = ".ridec"
"""The build's private folder inside DIST (cards for the index, the in-progress marker)."""


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
    """Its name in the manifest and in messages (POSIX path as the user reaches it)."""
    rel: str
    """Its path relative to the folder it was found in, POSIX form: decides the output layout."""
    kind: SourceKind
    """Workout or plan."""

    @property
    def out_base(self) -> str:
        """Output location relative to DIST: `a/b/stem` for a workout, `a/b/slug` for a plan.

        A workout's outputs are `out_base + extension`; a plan's go in the folder `out_base`.
        """
        rel = PurePosixPath(self.rel)
        stem = slug(rel.stem) if self.kind is SourceKind.PLAN else rel.stem
        return str(rel.with_name(stem))


def slug(text: str) -> str:
    """A file-name-safe form of `text`: ASCII lower case (accents dropped), words joined by `-`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[0-9a-z]+", ascii_text.lower())
    return "-".join(words) or "untitled"


def discover(roots: Sequence[Path], exclude: Path) -> tuple[list[SourceFile], list[Diagnostic]]:
    """Every source under `roots` (files may be named directly), sorted by key.

    `exclude` (the output folder) is never searched, so `ridec build . -o dist` does not find
    its own outputs. Two sources whose outputs would land on the same paths are an error.
    """
    skip = exclude.resolve()
    found: list[SourceFile] = []
    problems: list[Diagnostic] = []
    for root in roots:
        if root.is_dir():
            found.extend(_walk(root, skip))
        elif _kind(root.name) is not None:
            found.append(_source(root, root.name))
        else:
            hint = "give a folder, or a .ride or .plan file"
            problems.append(error(f"{root}: not a folder or a .ride or .plan file", hint=hint))
    # The same file reached twice (a folder and a file inside it) is built once, as first found.
    first = {source.key: source for source in reversed(found)}
    unique, clashes = _without_clashes(sorted(first.values(), key=lambda s: s.key))
    return unique, problems + clashes


def _walk(root: Path, skip: Path) -> Iterator[SourceFile]:
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        # Hidden folders (.git, DIST/.ridec) and the output folder hold no sources.
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (here / d).resolve() != skip)
        for name in sorted(files):
            if _kind(name) is not None and not name.startswith("."):
                path = here / name
                yield _source(path, path.relative_to(root).as_posix())


def _kind(name: str) -> SourceKind | None:
    suffix = os.path.splitext(name)[1].lower()
    if suffix == WORKOUT_SUFFIX:
        return SourceKind.WORKOUT
    if suffix == PLAN_SUFFIX:
        return SourceKind.PLAN
    return None


def _source(path: Path, rel: str) -> SourceFile:
    kind = _kind(path.name)
    assert kind is not None
    return SourceFile(path, Path(os.path.normpath(path)).as_posix(), rel, kind)


def _without_clashes(sources: list[SourceFile]) -> tuple[list[SourceFile], list[Diagnostic]]:
    """Drop every source whose output location another source already takes."""
    owners: dict[str, SourceFile] = {}
    kept: list[SourceFile] = []
    problems: list[Diagnostic] = []
    for source in sources:
        base = source.out_base.lower()
        if base in owners:
            first = owners[base]
            message = f"{source.key}: its outputs would overwrite those of {first.key}"
            hint = "rename one of them, or build the folders separately"
            problems.append(error(message, hint=hint))
            continue
        owners[base] = source
        kept.append(source)
    return kept, problems
