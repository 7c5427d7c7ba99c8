"""Zwift's custom workouts folder: ZWO files written into a Zwift user's folder.

Zwift reads custom workouts from `Documents/Zwift/Workouts/<user id>/`, one folder per Zwift
account that has logged in on the computer, named by the account's numeric id. `--zwift`
takes the `Workouts` folder: with one user folder it is used, with several `--zwift-user
ID` picks one (its absence, or an id that is not there, is an error listing the ids).
Given a user's folder itself (a numeric folder under `Workouts`), that folder is used.
Zwift lists the workouts it finds there under "Custom workouts" the next time it starts.
"""

from __future__ import annotations

import os
from pathlib import Path

from ridec.delivery.accepts import ZWIFT_FORMAT
from ridec.delivery.folders import FolderDestination
from ridec.diagnostics import Diagnostic, DiagnosticError, Severity
from ridec.fileio import write_error

WORKOUTS_HINT = (
    "give Zwift's Workouts folder (Windows and macOS: Documents/Zwift/Workouts); Zwift makes "
    "a numeric folder there for each account the first time it logs in on this computer"
)


class ZwiftFolder(FolderDestination):
    """One Zwift user's custom workouts folder."""

    format = ZWIFT_FORMAT
    present_words = "already in Zwift's folder"

    def __init__(self, folder: Path, user: str) -> None:
        self.folder = folder
        self.user = user

    @classmethod
    def open(cls, workouts: Path, user: str | None) -> ZwiftFolder:
        """The user folder under `workouts` (or `workouts` itself when it is one)."""
        if not workouts.is_dir():
            what = "no such folder" if not workouts.exists() else "not a folder"
            raise DiagnosticError([_refused(workouts, what, WORKOUTS_HINT)])
        if is_user_id(workouts.name):
            if user in (None, workouts.name):
                return cls(workouts, workouts.name)
            raise DiagnosticError([_choose(workouts, user, [workouts.name])])
        users = user_ids(workouts)
        if not users:
            what = "no numeric Zwift user folder in it"
            raise DiagnosticError([_refused(workouts, what, WORKOUTS_HINT)])
        if user is None and len(users) == 1:
            return cls(workouts / users[0], users[0])
        if user in users:
            return cls(workouts / user, user)
        raise DiagnosticError([_choose(workouts, user, users)])

    def describe(self) -> str:
        return f"Zwift user {self.user} ({self.folder})"

    def summary(self, counts: dict[str, int]) -> str:
        line = super().summary(counts)
        if counts["written"] or counts["replaced"]:
            line += "; Zwift lists them under Custom workouts when it next starts"
        return line


def is_user_id(name: str) -> bool:
    """Whether a folder's name is a Zwift account id (ASCII digits only)."""
    return name.isascii() and name.isdigit()


def user_ids(workouts: Path) -> list[str]:
    """The numeric folders under `workouts`, in numeric order."""
    try:
        with os.scandir(workouts) as entries:
            found = [
                e.name for e in entries if is_user_id(e.name) and e.is_dir(follow_symlinks=True)
            ]
    except OSError as exc:
        raise DiagnosticError([write_error(workouts, exc)]) from None
    return sorted(found, key=lambda name: (len(name), name))


def _refused(folder: Path, what: str, hint: str) -> Diagnostic:
    message = f"not Zwift's workouts folder: {what}"
    return Diagnostic(Severity.ERROR, message, hint=hint, path=str(folder))


def _choose(workouts: Path, user: str | None, users: list[str]) -> Diagnostic:
    listed = ", ".join(users)
    if user is None:
        message = f"{len(users)} Zwift users have folders here ({listed}): choose one"
    else:
        message = f"no Zwift user {user} here: the users are {listed}"
    hint = f"add --zwift-user ID, one of {listed}"
    return Diagnostic(Severity.ERROR, message, hint=hint, path=str(workouts))
