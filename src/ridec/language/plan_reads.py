"""How a plan reads its workout files: bounded regular files, inside the plan's folder.

A plan names workouts in its folder or below it; the parser checks the text (no absolute
path, no `..` out). Reading checks where the file really is: a workout file, or a folder on
its way, that is a symbolic link leading out of the plan's folder is refused as the text
would be, so a plan copied from elsewhere cannot pull in files of the machine through links
it ships with. A library build may lift that with `--follow-symlinks`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ridec.diagnostics import did_you_mean

WORKOUT_SUFFIX = ".ride"
LINK_HINT = "copy the workout into the plan's folder"

WorkoutReader = Callable[[Path], bytes]
"""Gives the bytes of a plan's workout file (named as `Plan.workout_path` names it), or
raises ReadError. `read_workout` reads the disk; a library build hands over the bytes it
read once, so that the bytes it hashed are the bytes compiled."""


def read_workout(path: Path, within: Path | None = None, hint: str = LINK_HINT) -> bytes:
    """A workout file's bytes, bounded; ReadError when it cannot be read (with a hint naming
    the `.ride` file nearest in name, when there is one) or, given the plan's folder
    `within`, when it really is outside that folder (then with `hint`)."""
    from ridec.fileio import ReadError, read_bounded
    from ridec.limits import MAX_INPUT_BYTES

    if within is not None:
        confine(path, within, hint)
    try:
        return read_bounded(path, MAX_INPUT_BYTES)
    except ReadError as exc:
        raise ReadError(exc.reason, nearest_workout(path) or exc.hint, exc.offset) from None


def confine(
    path: Path, within: Path, hint: str = LINK_HINT, *, real_within: str | None = None
) -> None:
    """ReadError when `path` (a plan's workout) really is outside the plan's folder
    `within` once its links are resolved; the editor checks it as the commands do (given
    the folder resolved once, `real_within`, for all the workouts of one check)."""
    from ridec.fileio import ReadError, leads_outside

    if (real := leads_outside(path, within, real_folder=real_within)) is not None:
        raise ReadError(f"it is a link out of the plan's folder (to {real})", hint)


def nearest_workout(path: Path) -> str | None:
    """A hint naming the closest other `.ride` file in the same folder (never the very file
    that could not be read)."""
    try:
        names = [
            p.name
            for p in path.parent.iterdir()
            if p.suffix.lower() == WORKOUT_SUFFIX and p.name != path.name
        ]
    except OSError:
        return None
    return did_you_mean(path.name, names)
