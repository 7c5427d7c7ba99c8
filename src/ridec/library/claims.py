"""Which paths of DIST each source will write, and the sources whose outputs would collide.

Checked before anything is compiled, from the sources' paths and the build's settings only:

- a workout `a/b.ride` writes `a/b.<ext>` for each shared target and
  `athletes/<name>/a/b.<ext>` for each per-athlete target;
- a plan `p.plan` writes `p/plan.json` and owns every `p/week-NN/` folder (and, per athlete,
  `athletes/<name>/p/week-NN/`), whatever the plan holds;
- the build owns `manifest.json`, `index.html` and `.ridec/`.

Two sources that would write one path (compared without regard to case or Unicode form, as
some file systems do) are both refused: neither is compiled, so neither overwrites the other,
and the outputs they had stay where they are. A source that would hit the build's own files
is refused alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ridec.diagnostics import Diagnostic
from ridec.library.discover import STATE_DIR, SourceFile, SourceKind
from ridec.library.index import INDEX_NAME
from ridec.library.manifest import MANIFEST_NAME
from ridec.library.problems import path_error

WEEK_FOLDER = re.compile(r"week-[0-9]+")
SCHEDULE = "plan"
"""A plan's schedule, `plan.json`, by its base name."""
HINT = "rename one of them, or build them into separate output folders"


@dataclass(frozen=True, slots=True)
class Layout:
    """What decides the output paths besides the sources."""

    shared: tuple[str, ...]
    """Targets written once per workout."""
    personal: tuple[str, ...]
    """Targets written once per athlete."""
    athletes: tuple[str, ...]
    """Each athlete's folder, relative to DIST."""


@dataclass(frozen=True, slots=True)
class _Claim:
    """Files `base.<ext>` a source (None: the build) writes, for the extensions of `group`."""

    base: str
    owner: SourceFile | None
    group: str
    """`shared`, `personal`, or a fixed extension such as `.json`."""


@dataclass
class _Clashes:
    """The refused sources and a diagnostic per clash, each pair once."""

    dist: Path
    refused: dict[str, list[Diagnostic]] = field(default_factory=dict)
    pairs: set[frozenset[str]] = field(default_factory=set)

    def add(self, source: SourceFile, other: SourceFile | None, message: str) -> None:
        pair = frozenset((source.shown, other.shown if other else ""))
        if pair in self.pairs:
            return
        self.pairs.add(pair)
        if other is None:
            hint = "rename the source"
        else:
            message += "; neither is built"
            hint = HINT
            self.refused.setdefault(other.shown, [])
        self.refused.setdefault(source.shown, []).append(path_error(source.shown, message, hint))


def find_clashes(
    sources: Sequence[SourceFile], layout: Layout, dist: Path
) -> dict[str, list[Diagnostic]]:
    """Sources that must not be built, by the path they are shown by (two may share a key),
    with the diagnostics to report for them."""
    clashes = _Clashes(dist)
    claims: dict[str, list[_Claim]] = {}
    for name in (MANIFEST_NAME, INDEX_NAME):
        stem, ext = name.rsplit(".", 1)
        claims[_key(stem)] = [_Claim(stem, None, f".{ext}")]
    roots: dict[str, SourceFile] = {}
    files = [
        (source, list(_claims(source, layout)), list(_roots(source, layout))) for source in sources
    ]
    for source, claimed, folders in files:
        for claim in claimed:
            _check_file(claim, claims, clashes, layout)
        for root in folders:
            other = roots.setdefault(_key(root), source)
            if other is not source:  # the same folder: their schedules clash too
                clashes.add(source, other, f"its outputs would overwrite those of {other.shown}")
    if roots:  # only plans have week folders
        for source, claimed, folders in files:
            for claim in claimed:
                _check_weeks(claim.base, source, roots, clashes, folder=False)
            for root in folders:
                _check_weeks(root, source, roots, clashes, folder=True)
    _check_keys(sources, clashes)
    return clashes.refused


def _check_keys(sources: Sequence[SourceFile], clashes: _Clashes) -> None:
    """Two files with one key (one path inside two source folders) share a record and a
    card, whatever targets are built: refuse both."""
    first: dict[str, SourceFile] = {}
    for source in sources:
        other = first.setdefault(source.key, source)
        if other is not source:
            clashes.add(source, other, f"its outputs would overwrite those of {other.shown}")


def _claims(source: SourceFile, layout: Layout) -> Iterator[_Claim]:
    base = source.out_base
    if source.kind is SourceKind.PLAN:
        yield _Claim(f"{base}/{SCHEDULE}", source, ".json")
        return
    if layout.shared:
        yield _Claim(base, source, "shared")
    if layout.personal:
        for folder in layout.athletes:
            yield _Claim(f"{folder}/{base}", source, "personal")


def _roots(source: SourceFile, layout: Layout) -> Iterator[str]:
    """The folders whose `week-NN/` subfolders a plan owns."""
    if source.kind is not SourceKind.PLAN:
        return
    yield source.out_base
    if layout.personal:
        for folder in layout.athletes:
            yield f"{folder}/{source.out_base}"


def _check_file(
    claim: _Claim, claims: dict[str, list[_Claim]], clashes: _Clashes, layout: Layout
) -> None:
    assert claim.owner is not None
    source = claim.owner
    if _key(claim.base).split("/", 1)[0] == STATE_DIR:
        clashes.add(source, None, f"its outputs would land in the build's own {STATE_DIR}/")
    same = claims.setdefault(_key(claim.base), [])
    for other in same:
        if other.owner is source:
            continue
        shared = _extensions(claim.group, layout) & _extensions(other.group, layout)
        if not shared:
            continue
        path = clashes.dist / f"{claim.base}{min(shared)}"
        if other.owner is None:
            clashes.add(source, None, f"its output {path} would overwrite the build's own file")
        else:
            what = "the schedule" if other.group == ".json" else "an output"
            clashes.add(
                source,
                other.owner,
                f"its output {path} would overwrite {what} of {other.owner.shown}",
            )
    same.append(claim)


def _check_weeks(
    path: str, source: SourceFile, roots: dict[str, SourceFile], clashes: _Clashes, *, folder: bool
) -> None:
    """Refuse `path` (a file base, or a plan's folder) inside another plan's week folders."""
    parts = path.split("/")
    last = len(parts) if folder else len(parts) - 1
    for i in range(1, last):
        if not WEEK_FOLDER.fullmatch(parts[i].casefold()):
            continue
        plan = roots.get(_key("/".join(parts[:i])))
        if plan is not None and plan is not source:
            week = clashes.dist.joinpath(*parts[: i + 1])
            message = f"its outputs would land in {week}/, a week folder of {plan.shown}"
            clashes.add(source, plan, message)


def _extensions(group: str, layout: Layout) -> frozenset[str]:
    """The file extensions a claim's group stands for (writers imported only when needed)."""
    if group.startswith("."):
        return frozenset((group,))
    from ridec.formats.registry import writer

    targets = layout.shared if group == "shared" else layout.personal
    return frozenset(writer(target).extension for target in targets)


def _key(path: str) -> str:
    """A path as file systems that ignore case and Unicode form compare it."""
    return unicodedata.normalize("NFC", path).casefold()
