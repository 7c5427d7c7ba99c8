"""A Garmin head unit mounted over USB: FIT workouts written where the device takes them in.

Every Garmin that mounts as a USB drive describes itself in `GARMIN/GarminDevice.xml`
(namespace `http://www.garmin.com/xmlschemas/GarminDevice/v2`): its model
(`Model/Description`) and, per kind of file (`MassStorageMode/DataType/Name`), the folders it
reads and writes (`File/Location/Path`, `File/TransferDirection`). FIT workouts are
`FIT_TYPE_5`: the folder with TransferDirection `InputToUnit` (`GARMIN/NEWFILES` on every
unit we know of) is where new ones go, and the device files them under the
`OutputFromUnit` folder (`GARMIN/WORKOUTS`) when it is next disconnected. A unit that lists
no FIT workout input (the Edge 705 and its generation take TCX workouts only) is refused,
by the model its file names.

FAT does not tell `GARMIN` from `Garmin`; the computer that mounts it may, so every folder
of a path is found without regard to case. The file is read bounded
(`limits.MAX_DEVICE_XML_BYTES`) with the safe XML parser; a DOCTYPE is refused.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ridec import limits
from ridec.delivery.accepts import GARMIN_FORMAT
from ridec.delivery.folders import FolderDestination, find_entry
from ridec.diagnostics import Diagnostic, DiagnosticError, Severity, Source, Span, error
from ridec.fileio import read_limited
from ridec.records import record

if TYPE_CHECKING:
    from lxml import etree

DEVICE_FOLDER = "GARMIN"
"""The folder at the drive's root that holds the device's files (any case)."""
DEVICE_XML = "GarminDevice.xml"
"""The device's description of itself, in DEVICE_FOLDER."""
WORKOUT_TYPE = "FIT_TYPE_5"
"""GarminDevice.xml's name for FIT workout files (FIT file type 5, `workout`)."""
INPUT_DIRECTIONS = ("InputToUnit", "InputOutput")
"""TransferDirections of folders the device reads new files from, the first preferred."""
KEPT_DIRECTIONS = ("OutputFromUnit", "InputOutput")
"""TransferDirections of folders where the device keeps the workouts it holds."""
_WHERE_MOUNTED = (
    "connect the device by USB and give the folder it is mounted at, the one holding "
    "GARMIN/ (Linux: /media/$USER/GARMIN, macOS: /Volumes/GARMIN, Windows: E:\\)"
)


@record
class DeviceInfo:
    """What ridec needs from a GarminDevice.xml."""

    model: str
    """`Model/Description`: `Edge 530`, `EDGE705`."""
    inputs: tuple[str, ...]
    """Folders (as the file spells them) the device takes FIT workouts from, preferred first."""
    kept: tuple[str, ...]
    """Folders where it keeps the FIT workouts it holds."""


class GarminDevice(FolderDestination):
    """A Garmin mounted at `mount`, taking FIT workouts in `folder`."""

    format = GARMIN_FORMAT
    present_words = "already on the device"

    def __init__(self, mount: Path, info: DeviceInfo) -> None:
        self.mount = mount
        self.info = info
        self.folder = resolve(mount, info.inputs[0])
        self.kept_in = tuple(resolve(mount, path) for path in info.kept)

    @classmethod
    def open(cls, mount: Path) -> GarminDevice:
        """The device mounted at `mount`; DiagnosticError when there is none, or when it
        takes no FIT workouts."""
        xml = device_xml(mount)
        info = parse_device_xml(read_limited(xml, limits.MAX_DEVICE_XML_BYTES), str(xml))
        if not info.inputs:
            raise DiagnosticError([_no_fit_workouts(info, xml)])
        return cls(mount, info)

    def describe(self) -> str:
        return f"{self.info.model} at {self.mount}"

    def summary(self, counts: dict[str, int]) -> str:
        line = super().summary(counts)
        if counts["written"] or counts["replaced"]:
            line += f"; the device takes them in from {self.folder.name} when it is disconnected"
        return line


def device_xml(mount: Path) -> Path:
    """`MOUNT/GARMIN/GarminDevice.xml`, in any case; DiagnosticError with a hint otherwise."""
    if not mount.is_dir():
        what = "no such folder" if not mount.exists() else "not a folder"
        raise DiagnosticError([_refused(mount, what, _WHERE_MOUNTED)])
    folder = find_entry(mount, DEVICE_FOLDER)
    xml = find_entry(folder, DEVICE_XML) if folder is not None and folder.is_dir() else None
    if xml is not None and xml.is_file():
        return xml
    if find_entry(mount, DEVICE_XML) is not None:
        hint = f"this looks like the device's GARMIN folder: give the one above, {mount.parent}"
    else:
        hint = _WHERE_MOUNTED + "; a unit that connects by MTP shows no such folder"
    raise DiagnosticError([_refused(mount, f"no {DEVICE_FOLDER}/{DEVICE_XML} here", hint)])


def _refused(mount: Path, what: str, hint: str) -> Diagnostic:
    message = f"not a Garmin device: {what}"
    return Diagnostic(Severity.ERROR, message, hint=hint, path=str(mount))


def _no_fit_workouts(info: DeviceInfo, xml: Path) -> Diagnostic:
    message = (
        f"the {info.model} takes no FIT workouts: its {DEVICE_XML} lists no {WORKOUT_TYPE} "
        "folder it reads, so nothing was written"
    )
    hint = (
        "ridec writes FIT workouts, which Garmin units take since the Edge 500 and 800; "
        "older units take TCX workouts only (plan it on intervals.icu: ridec push --intervals)"
    )
    return Diagnostic(Severity.ERROR, message, hint=hint, path=str(xml))


def parse_device_xml(data: bytes, path: str) -> DeviceInfo:
    """The model and the FIT workout folders of a GarminDevice.xml; DiagnosticError, located,
    when it is not one."""
    from lxml import etree

    from ridec.formats.base import safe_parser

    if b"<!DOCTYPE" in data:  # the safe parser would ignore it; no device writes one
        message = f"a DOCTYPE is not allowed in a {DEVICE_XML}"
        raise DiagnosticError([error(message, _at(data, path, 1, 1))])
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        where = _at(data, path, line, column)
        raise DiagnosticError([error(f"not well-formed XML: {exc.msg}", where)]) from None
    if _local(root) != "Device":
        message = f"expected a GarminDevice <Device>, found <{_local(root)}>"
        line = root.sourceline if isinstance(root.sourceline, int) else 1
        raise DiagnosticError([error(message, _at(data, path, line, 1))])
    return DeviceInfo(_model(root), *_workout_folders(root))


def _model(root: etree._Element) -> str:
    for element in _children(root, "Model"):
        for description in _children(element, "Description"):
            text = " ".join((description.text or "").split())
            if text:
                return text
    return "device"


def _workout_folders(root: etree._Element) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The FIT workout folders the device reads from (InputToUnit first) and keeps in."""
    directions = (*INPUT_DIRECTIONS, *KEPT_DIRECTIONS)
    found: dict[str, list[str]] = {direction: [] for direction in directions}
    for storage in _children(root, "MassStorageMode"):
        for data_type in _children(storage, "DataType"):
            if _text(data_type, "Name") != WORKOUT_TYPE:
                continue
            for file in _children(data_type, "File"):
                direction = _text(file, "TransferDirection")
                for location in _children(file, "Location"):
                    if direction in found:
                        found[direction].append(_text(location, "Path"))
    inputs = tuple(dict.fromkeys(p for d in INPUT_DIRECTIONS for p in found[d]))
    kept = tuple(dict.fromkeys(p for d in KEPT_DIRECTIONS for p in found[d]))
    return inputs, kept


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if isinstance(child.tag, str) and _local(child) == name]


def _text(element: etree._Element, name: str) -> str:
    for child in _children(element, name):
        return (child.text or "").strip()
    return ""


def _local(element: etree._Element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _at(data: bytes, path: str, line: int, column: int) -> Span:
    source = Source(path, data.decode("utf-8", "replace"))
    starts = source.line_starts()
    index = min(max(line, 1), len(starts)) - 1
    offset = min(starts[index] + max(column, 1) - 1, len(source.text or ""))
    return Span(source, offset, offset)


def resolve(mount: Path, folder: str) -> Path:
    """`folder` (`GARMIN/NEWFILES`, as GarminDevice.xml spells it) under `mount`, each part
    found in any case; parts not there yet keep the file's spelling. A path that leaves the
    drive (`..`, an absolute path) is refused."""
    parts = [part for part in PurePosixPath(folder.replace("\\", "/")).parts if part != "."]
    if folder.strip().startswith(("/", "\\")) or ".." in parts:
        message = f"{DEVICE_XML} names a folder outside the device: {folder!r}; nothing written"
        raise DiagnosticError([Diagnostic(Severity.ERROR, message, path=str(mount))])
    current = mount
    for part in parts:
        current = find_entry(current, part) or current / part
    return current
