"""What the two file destinations share: a folder the workouts are written into.

Names come from `names.delivery_name`. A file of that name already there (found without
regard to case, as FAT and Windows find it) holding the same bytes is left alone and
reported as already there; holding other bytes, it is replaced, atomically, under the
spelling it has. Folders where the destination keeps what it took in before (a Garmin
moves workouts from `NEWFILES` to `WORKOUTS`) are searched for the same name and bytes too,
so pushing a workout twice never makes a second copy. Two workouts that would take one
name are refused before anything is written. No input is ever written over.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path

from ridec import api
from ridec.delivery.base import Delivery, Destination, PartialDeliveryError
from ridec.delivery.names import delivery_name
from ridec.diagnostics import Diagnostic, DiagnosticError, Severity
from ridec.fileio import Inputs, ReadError, read_bounded, write_error, write_output
from ridec.records import record


@record
class FileAction:
    """One workout's file at the destination."""

    delivery: Delivery
    """The workout."""
    path: Path
    """Where it is written (the spelling already there when a file has its name)."""
    present: Path | None = None
    """A file already holding exactly these bytes under this name: nothing is written."""
    replaces: bool = False
    """Another file of this name is there, holding other bytes: it is replaced."""


class FolderDestination(Destination[list[FileAction]]):
    """A folder the destination reads workout files from."""

    folder: Path
    """Where new files are written."""
    kept_in: tuple[Path, ...] = ()
    """Other folders where the destination keeps the workouts it took in."""
    present_words: str = "already there"
    """How the report says a workout was found already delivered."""

    def prepare(self, deliveries: Sequence[Delivery]) -> list[FileAction]:
        extension = api.format_entry(self.format).extensions[0]
        taken: dict[str, Delivery] = {}
        problems: list[Diagnostic] = []
        actions: list[FileAction] = []
        for delivery in deliveries:
            name = delivery_name(delivery.stem, extension)
            if name in taken:
                problems.append(_collision(name, taken[name], delivery))
                continue
            taken[name] = delivery
            actions.append(self._action(delivery, name))
        if problems:
            raise DiagnosticError(problems)
        return actions

    def _action(self, delivery: Delivery, name: str) -> FileAction:
        path = find_entry(self.folder, name) or self.folder / name
        for folder in (self.folder, *self.kept_in):
            found = path if folder == self.folder else find_entry(folder, name)
            if found is not None and same_bytes(found, delivery.data):
                return FileAction(delivery, path, present=found)
        return FileAction(delivery, path, replaces=path.exists())

    def dry_run(self, prepared: list[FileAction]) -> str:
        lines = []
        for action in prepared:
            source = action.delivery.source
            size = f"{len(action.delivery.data):,} bytes"
            if action.present is not None:
                lines.append(f"{source}: {self.present_words}: {action.present}")
            elif action.replaces:
                lines.append(f"{source}: would replace {action.path} ({size})")
            else:
                lines.append(f"{source}: would write {action.path} ({size})")
        lines.append(f"dry run: nothing was written to {self.describe()}")
        return "\n".join(lines) + "\n"

    def send(self, prepared: list[FileAction]) -> list[str]:
        inputs = Inputs(Path(action.delivery.source) for action in prepared)
        done: list[str] = []
        counts = {"written": 0, "replaced": 0, "present": 0}
        for action in prepared:
            source = action.delivery.source
            if action.present is not None:
                done.append(f"{source}: {self.present_words}: {action.present}")
                counts["present"] += 1
                continue
            try:
                write_output(action.path, action.delivery.data, inputs)
            except DiagnosticError as exc:
                raise PartialDeliveryError(done, _not_written(exc, prepared, action)) from None
            verb = "replaced" if action.replaces else "written"
            done.append(f"{source}: {verb}: {action.path}")
            counts[verb] += 1
        done.append(self.summary(counts))
        return done

    def summary(self, counts: dict[str, int]) -> str:
        """The report's last line, from the counts of files written, replaced and present."""
        parts = [f"{counts['written']} written"]
        if counts["replaced"]:
            parts.append(f"{counts['replaced']} replaced")
        if counts["present"]:
            parts.append(f"{counts['present']} {self.present_words}")
        return f"{self.describe()}: {', '.join(parts)}"


def _collision(name: str, first: Delivery, second: Delivery) -> Diagnostic:
    message = (
        f"{first.source} ({first.stem}) and {second.source} ({second.stem}) would both be "
        f"delivered as {name}; nothing was delivered"
    )
    hint = "rename one of the sources, or push them to different places"
    return Diagnostic(Severity.ERROR, message, hint=hint, path=second.source)


def _not_written(
    exc: DiagnosticError, prepared: list[FileAction], failed: FileAction
) -> list[Diagnostic]:
    """The write error, noting which workouts were not written because of it."""
    rest = prepared[prepared.index(failed) :]
    names = ", ".join(str(a.path.name) for a in rest if a.present is None)
    note = f"not written: {names}"
    return [dataclasses.replace(d, notes=(*d.notes, note)) for d in exc.diagnostics]


def find_entry(folder: Path, name: str) -> Path | None:
    """The entry of `folder` called `name` in any case (as FAT and Windows find it), the
    exact spelling first; None when there is none or the folder cannot be listed yet."""
    exact = folder / name
    if exact.exists():
        return exact
    wanted = name.casefold()
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.casefold() == wanted:
                    return folder / entry.name
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DiagnosticError([write_error(folder, exc)]) from None
    return None


def same_bytes(path: Path, data: bytes) -> bool:
    """Whether the regular file at `path` holds exactly `data` (its size is compared first,
    so a large file of another size is never read)."""
    try:
        if not path.is_file() or path.stat().st_size != len(data):
            return False
        return read_bounded(path, len(data)) == data
    except (OSError, ReadError):
        return False
