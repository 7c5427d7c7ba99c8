"""`make corpus`: ridec's readers over a folder of other tools' files, with a table per collection.

    python -m tools.corpus FOLDER

Each subfolder of FOLDER is a collection (files directly in FOLDER form one called `.`).
Every `.zwo`, `.erg`, `.mrc` and `.fit` file is read as `ridec import` reads it, then:

- a workout is written back in its own format, and the two files are compared through
  readings of their own (`tools.corpus_curves`, no ridec reader involved): the same length,
  the target at every second within 0.5 % FTP (0.5 W for files in watts), and every jump
  of the original's target made by the written file within one second; FIT steps with no
  length in time (the lap button, a distance, a heart rate) must come back as many, in
  order, with the same targets;
- a FIT activity (a recorded ride) is read as `ridec review` reads it;
- a refusal is listed with its location (`file:line:col` or a byte offset).

Exit status 0 when every workout that was read round-tripped, 1 otherwise (or when a reader
raised anything but a diagnostic: a bug), 2 when FOLDER is not a folder.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from ridec.diagnostics import DiagnosticError
from ridec.formats.base import CompileOptions
from ridec.pipeline import compile_workout, load_with_warnings
from tools.corpus_curves import Reading, Unit, UnreadableError, boundaries, curve, reading

SUFFIXES = (".zwo", ".erg", ".mrc", ".fit")
TOLERANCE = {Unit.PERCENT: 0.5, Unit.WATTS: 0.5, Unit.FIT_MIXED: 0.5}
"""How far the written target may be from the original's at any second: 0.5 % FTP or 0.5 W."""
BOUNDARY_S = 1.0
"""How far a change of target may move (ridec puts every change on a whole second)."""


class Outcome(StrEnum):
    ROUND_TRIPPED = "round-tripped"
    ACTIVITY = "read: a recorded ride"
    DIFFERS = "read, but the written file differs"
    REJECTED = "rejected"
    CRASHED = "crashed"


@dataclass(frozen=True, slots=True)
class Result:
    path: Path
    outcome: Outcome
    detail: str = ""


@dataclass(slots=True)
class Collection:
    name: str
    results: list[Result] = field(default_factory=list)

    def count(self, *outcomes: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome in outcomes)


def check_file(path: Path) -> Result:
    """Read one file and, when it is a workout, write it back and compare."""
    try:
        loaded = load_with_warnings(path)
    except DiagnosticError as refused:
        if path.suffix.lower() == ".fit" and (ride := _activity(path)):
            return Result(path, Outcome.ACTIVITY, ride)
        return Result(path, Outcome.REJECTED, _first_line(refused, path))
    target = path.suffix.lower().lstrip(".")
    try:
        written = compile_workout(loaded.workout, target, CompileOptions(ascii_text=False))
    except DiagnosticError as refused:
        return Result(path, Outcome.DIFFERS, f"cannot write back: {_first_line(refused, path)}")
    problem = compare(path.read_bytes(), written.data, path.suffix.lower())
    if problem:
        return Result(path, Outcome.DIFFERS, problem)
    return Result(path, Outcome.ROUND_TRIPPED)


def _first_line(error: DiagnosticError, path: Path) -> str:
    """The first diagnostic's first line, located (`3:5: error: ...`, `offset 101: ...`)."""
    line = error.diagnostics[0].render().splitlines()[0]
    return line.removeprefix(f"{path}:").lstrip()


def _activity(path: Path) -> str | None:
    """ "N s recorded" when the file is an activity ridec review reads, else None."""
    from ridec.review.activity import read_activity

    try:
        ride = read_activity(path)
    except DiagnosticError:
        return None
    balance = sum(1 for s in ride.samples if s.balance is not None)
    return f"{len(ride.samples)} s recorded, {balance} with left/right balance"


def compare(original: bytes, written: bytes, suffix: str) -> str | None:
    """What differs between two files of one format, as the rider meets them; None if nothing."""
    try:
        before, after = reading(original, suffix), reading(written, suffix)
    except UnreadableError as exc:
        return f"cannot compare: {exc}"
    if before.unit is not after.unit:
        return f"written in {after.unit}, read in {before.unit}"
    return (
        _curves_differ(before, after)
        or _boundaries_differ(before, after)
        or _untimed_differ(before, after)
    )


def _curves_differ(before: Reading, after: Reading) -> str | None:
    old, new = curve(before), curve(after)
    if len(old) != len(new):
        return f"{len(old)} s long, written back {len(new)} s long"
    tolerance = TOLERANCE[before.unit]
    for second, (a, b) in enumerate(zip(old, new, strict=True)):
        if (a is None) != (b is None) or (
            a is not None and b is not None and abs(a - b) > tolerance
        ):
            shown = f"{_show(a, before.unit)}, written {_show(b, after.unit)}"
            return f"at {second} s the target is {shown}"
    return None


def _boundaries_differ(before: Reading, after: Reading) -> str | None:
    """The first change of target in the original that the written file does not make within
    a second. (What the written file adds shows in the curve: a jump there would differ.)"""
    tolerance = TOLERANCE[before.unit]
    written = boundaries(after, tolerance)
    for t in boundaries(before, tolerance):
        if not any(abs(t - u) <= BOUNDARY_S for u in written):
            return (
                f"the target's change at {t:.1f} s is not within {BOUNDARY_S:.0f} s of one written"
            )
    return None


def _untimed_differ(before: Reading, after: Reading) -> str | None:
    """FIT steps with no length in time (lap button, distance, heart rate): the same number
    of them, each with the same target."""
    if len(before.untimed) != len(after.untimed):
        return f"{len(before.untimed)} untimed steps, written back {len(after.untimed)}"
    tolerance = TOLERANCE[before.unit]
    for index, (a, b) in enumerate(zip(before.untimed, after.untimed, strict=True)):
        if (a is None) != (b is None) or (
            a is not None and b is not None and abs(a - b) > tolerance
        ):
            return f"untimed step {index}: the target is {a}, written {b}"
    return None


def _show(value: float | None, unit: Unit) -> str:
    return "none (free)" if value is None else f"{value:.1f} {unit}"


def run(folder: Path) -> list[Collection]:
    """Every collection under `folder`, each file checked."""
    by_name: dict[str, Collection] = {}
    for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES):
        if not path.is_file():
            continue
        relative = path.relative_to(folder)
        name = relative.parts[0] if len(relative.parts) > 1 else "."
        collection = by_name.setdefault(name, Collection(name))
        try:
            collection.results.append(check_file(path))
        except Exception:  # a reader or writer bug: keep going, report it, fail the run
            trace = traceback.format_exc().strip().splitlines()[-1]
            collection.results.append(Result(path, Outcome.CRASHED, trace))
    return [by_name[name] for name in sorted(by_name)]


def table(collections: Sequence[Collection]) -> str:
    """One row per collection, and a total."""
    head = ("collection", "files", "read", "round-tripped", "rejected", "differs", "crashed")
    rows: list[tuple[str, ...]] = [head]
    for c in [*collections, _total(collections)]:
        read = c.count(Outcome.ROUND_TRIPPED, Outcome.ACTIVITY, Outcome.DIFFERS)
        counts = (
            len(c.results), read, c.count(Outcome.ROUND_TRIPPED), c.count(Outcome.REJECTED),
            c.count(Outcome.DIFFERS), c.count(Outcome.CRASHED),
        )  # fmt: skip
        rows.append((c.name, *(str(n) for n in counts)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = [
        "| "
        + " | ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        + " |"
        for row in rows
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def _total(collections: Sequence[Collection]) -> Collection:
    return Collection("all", [r for c in collections for r in c.results])


def details(collections: Sequence[Collection], folder: Path) -> str:
    """Every file that did not simply round-trip, grouped by outcome."""
    parts: list[str] = []
    for outcome in (Outcome.CRASHED, Outcome.DIFFERS, Outcome.REJECTED, Outcome.ACTIVITY):
        found = [r for c in collections for r in c.results if r.outcome is outcome]
        if found:
            parts.append(f"\n{outcome} ({len(found)}):")
            parts.extend(f"  {r.path.relative_to(folder)}: {r.detail}" for r in found)
    return "\n".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if len(arguments) != 1:
        print("usage: python -m tools.corpus FOLDER", file=sys.stderr)
        return 2
    folder = Path(arguments[0])
    if not folder.is_dir():
        print(f"corpus: {folder} is not a folder (set RIDEC_CORPUS)", file=sys.stderr)
        return 2
    collections = run(folder)
    print(f"ridec readers over {folder}\n")
    print(table(collections))
    print(details(collections, folder))
    failed = _total(collections).count(Outcome.DIFFERS, Outcome.CRASHED)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
