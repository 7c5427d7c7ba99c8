"""`ridec push --garmin`: a device's drive laid out in a temporary folder with the
GarminDevice.xml layouts of tests/corpus/garmin/ (a unit that takes FIT workouts, and an
Edge 705 that takes TCX workouts only)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import ridec
from ridec.cli import app
from ridec.delivery.garmin import GarminDevice, parse_device_xml, resolve
from ridec.diagnostics import DiagnosticError
from tests.paths import CORPUS, WORKOUTS

runner = CliRunner()
EDGE530 = CORPUS / "garmin" / "ridec__edge530-GarminDevice.xml"
EDGE705 = CORPUS / "garmin" / "ridec__edge705-GarminDevice.xml"
STANDING = WORKOUTS / "standing.ride"
SWEET_SPOT = WORKOUTS / "sweet-spot.ride"


def mount(tmp_path: Path, xml: Path = EDGE530, folder: str = "GARMIN") -> Path:
    """A device's drive: `folder/GarminDevice.xml` with `xml`'s bytes."""
    drive = tmp_path / "drive"
    (drive / folder).mkdir(parents=True)
    (drive / folder / "GarminDevice.xml").write_bytes(xml.read_bytes())
    return drive


def push(*args: str | Path) -> Result:
    return runner.invoke(app, ["push", *(str(a) for a in args)])


def fit_of(source: Path) -> bytes:
    (output,) = ridec.compile(ridec.bind(ridec.parse_file(source)), ["fit"])
    return output.data


def test_the_device_file_names_the_model_and_the_workout_folders() -> None:
    info = parse_device_xml(EDGE530.read_bytes(), str(EDGE530))
    assert info.model == "Edge 530"
    assert info.inputs == ("GARMIN/NEWFILES",)
    assert info.kept == ("GARMIN/WORKOUTS",)
    old = parse_device_xml(EDGE705.read_bytes(), str(EDGE705))
    assert (old.model, old.inputs) == ("EDGE705", ())


def test_a_workout_is_written_where_the_device_takes_fit_workouts_in(tmp_path: Path) -> None:
    drive = mount(tmp_path)
    result = push(STANDING, "--garmin", drive)
    assert result.exit_code == 0, result.stderr
    written = drive / "GARMIN" / "NEWFILES" / "standing.fit"
    assert written.read_bytes() == fit_of(STANDING)
    assert ridec.validate(written.read_bytes(), "standing.fit") == []
    assert result.stdout == (
        f"{STANDING}: written: {written}\n"
        f"Edge 530 at {drive}: 1 written; the device takes them in from NEWFILES when it "
        "is disconnected\n"
    )
    assert [p.name for p in written.parent.iterdir()] == ["standing.fit"]  # no temporary left


def test_folders_are_found_in_any_case(tmp_path: Path) -> None:
    drive = mount(tmp_path, folder="Garmin")
    (drive / "Garmin" / "NewFiles").mkdir()
    result = push(SWEET_SPOT, "--garmin", drive)
    assert result.exit_code == 0, result.stderr
    assert (drive / "Garmin" / "NewFiles" / "sweet-spot.fit").is_file()
    assert sorted(p.name for p in (drive / "Garmin").iterdir()) == ["GarminDevice.xml", "NewFiles"]


def test_the_same_workout_twice_is_not_copied_twice(tmp_path: Path) -> None:
    drive = mount(tmp_path)
    assert push(STANDING, "--garmin", drive).exit_code == 0
    again = push(STANDING, "--garmin", drive)
    assert again.exit_code == 0, again.stderr
    assert f"{STANDING}: already on the device: " in again.stdout
    assert again.stdout.endswith(f"Edge 530 at {drive}: 0 written, 1 already on the device\n")
    assert [p.name for p in (drive / "GARMIN" / "NEWFILES").iterdir()] == ["standing.fit"]


def test_a_workout_the_device_already_filed_is_not_sent_again(tmp_path: Path) -> None:
    """The device moves what it took in from NEWFILES to WORKOUTS (upper case on FAT)."""
    drive = mount(tmp_path)
    (drive / "GARMIN" / "Workouts").mkdir()
    (drive / "GARMIN" / "Workouts" / "STANDING.FIT").write_bytes(fit_of(STANDING))
    result = push(STANDING, "--garmin", drive)
    assert result.exit_code == 0, result.stderr
    assert "already on the device: " in result.stdout and "STANDING.FIT" in result.stdout
    assert not (drive / "GARMIN" / "NEWFILES").exists()


def test_a_changed_workout_replaces_the_file_of_its_name(tmp_path: Path) -> None:
    drive = mount(tmp_path)
    newfiles = drive / "GARMIN" / "NEWFILES"
    newfiles.mkdir()
    (newfiles / "Standing.fit").write_bytes(b"an older version")
    result = push(STANDING, "--garmin", drive)
    assert result.exit_code == 0, result.stderr
    assert f"{STANDING}: replaced: {newfiles / 'Standing.fit'}" in result.stdout
    assert [p.name for p in newfiles.iterdir()] == ["Standing.fit"]
    assert (newfiles / "Standing.fit").read_bytes() == fit_of(STANDING)


def test_a_plan_writes_every_week(tmp_path: Path) -> None:
    drive = mount(tmp_path)
    result = push(WORKOUTS / "back-pain-protocol.plan", "--garmin", drive)
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in (drive / "GARMIN" / "NEWFILES").iterdir())
    assert len(names) == 12
    assert names[:2] == [
        "back-pain-protocol-week-01-isolated-stroke.fit",
        "back-pain-protocol-week-01-standing.fit",
    ]
    assert "fit (12 workouts): " in result.stderr  # compile's summary line for a plan


def test_a_tcx_only_device_is_refused_by_its_model(tmp_path: Path) -> None:
    drive = mount(tmp_path, EDGE705, folder="Garmin")
    result = push(STANDING, "--garmin", drive)
    assert result.exit_code == 1
    assert "error: the EDGE705 takes no FIT workouts" in result.stderr
    assert "TCX workouts only" in result.stderr
    assert sorted(p.name for p in (drive / "Garmin").iterdir()) == ["GarminDevice.xml"]
    assert result.stdout == ""


def test_a_folder_without_a_device_file_is_refused_with_a_hint(tmp_path: Path) -> None:
    result = push(STANDING, "--garmin", tmp_path)
    assert result.exit_code == 1
    assert (
        f"{tmp_path}: error: not a Garmin device: no GARMIN/GarminDevice.xml here" in result.stderr
    )
    assert "hint: connect the device by USB and give the folder it is mounted at" in result.stderr
    drive = mount(tmp_path)
    inside = push(STANDING, "--garmin", drive / "GARMIN")
    assert inside.exit_code == 1
    assert f"give the one above, {drive}" in inside.stderr
    missing = push(STANDING, "--garmin", tmp_path / "nowhere")
    assert "not a Garmin device: no such folder" in missing.stderr


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        (b"<Device", ":1:8: error: not well-formed XML"),
        (b'<!DOCTYPE x [<!ENTITY a "b">]><Device/>', ":1:1: error: a DOCTYPE is not allowed"),
        (b"<Workout/>", ":1:1: error: expected a GarminDevice <Device>, found <Workout>"),
    ],
)
def test_a_broken_device_file_is_a_located_error(tmp_path: Path, xml: bytes, message: str) -> None:
    (tmp_path / "GARMIN").mkdir()
    (tmp_path / "GARMIN" / "GarminDevice.xml").write_bytes(xml)
    result = push(STANDING, "--garmin", tmp_path)
    assert result.exit_code == 1
    assert message in result.stderr


def test_a_device_file_pointing_off_the_drive_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DiagnosticError, match="names a folder outside the device"):
        resolve(tmp_path, "GARMIN/../../etc")
    with pytest.raises(DiagnosticError, match="names a folder outside the device"):
        resolve(tmp_path, "/etc")
    assert resolve(tmp_path, "./GARMIN\\NEWFILES") == tmp_path / "GARMIN" / "NEWFILES"


def test_two_workouts_taking_one_name_are_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    drive = mount(tmp_path)
    other = tmp_path / "elsewhere" / "Standing.ride"
    other.parent.mkdir()
    other.write_text("name: Other\nftp: 250\n10m 60%\n", encoding="utf-8")
    result = push(STANDING, other, "--garmin", drive)
    assert result.exit_code == 1
    assert "would both be delivered as standing.fit; nothing was delivered" in result.stderr
    assert not (drive / "GARMIN" / "NEWFILES").exists()


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    drive = mount(tmp_path)
    result = push(STANDING, "--garmin", drive, "--dry-run")
    assert result.exit_code == 0, result.stderr
    target = drive / "GARMIN" / "NEWFILES" / "standing.fit"
    size = len(fit_of(STANDING))
    assert result.stdout == (
        f"{STANDING}: would write {target} ({size:,} bytes)\n"
        f"dry run: nothing was written to Edge 530 at {drive}\n"
    )
    assert not target.parent.exists()


def test_a_fit_file_is_validated_and_sent_as_it_is(tmp_path: Path) -> None:
    drive = mount(tmp_path)
    good = tmp_path / "Good Workout.fit"
    good.write_bytes(fit_of(SWEET_SPOT))
    result = push(good, "--garmin", drive)
    assert result.exit_code == 0, result.stderr
    assert f"{good}: fit: valid, delivered as it is" in result.stderr
    assert (drive / "GARMIN" / "NEWFILES" / "good-workout.fit").read_bytes() == good.read_bytes()
    bad = tmp_path / "bad.fit"
    bad.write_bytes(good.read_bytes()[:-3])
    refused = push(bad, "--garmin", drive)
    assert refused.exit_code == 1
    assert f"{bad}" in refused.stderr and "error" in refused.stderr
    assert "ridec: nothing was delivered" in refused.stderr
    assert not (drive / "GARMIN" / "NEWFILES" / "bad.fit").exists()


def test_the_file_the_device_holds_can_be_pushed_again_without_harm(tmp_path: Path) -> None:
    drive = mount(tmp_path)
    assert push(STANDING, "--garmin", drive).exit_code == 0
    held = drive / "GARMIN" / "NEWFILES" / "standing.fit"
    result = push(held, "--garmin", drive)
    assert result.exit_code == 0, result.stderr
    assert "already on the device" in result.stdout
    assert held.read_bytes() == fit_of(STANDING)


def test_open_reads_the_device(tmp_path: Path) -> None:
    drive = mount(tmp_path)
    device = GarminDevice.open(drive)
    assert device.describe() == f"Edge 530 at {drive}"
    assert device.folder == drive / "GARMIN" / "NEWFILES"
    assert device.kept_in == (drive / "GARMIN" / "WORKOUTS",)


def test_a_write_that_fails_midway_reports_what_was_written_and_what_was_not(
    tmp_path: Path,
) -> None:
    drive = mount(tmp_path)
    (drive / "GARMIN" / "NEWFILES" / "sweet-spot.fit").mkdir(parents=True)  # in the way
    result = push(STANDING, SWEET_SPOT, "--garmin", drive)
    assert result.exit_code == 1
    assert (
        result.stdout == f"{STANDING}: written: {drive / 'GARMIN' / 'NEWFILES' / 'standing.fit'}\n"
    )
    assert "sweet-spot.fit: error: cannot write the file" in result.stderr
    assert "note: not written: sweet-spot.fit" in result.stderr


def test_a_unit_that_reads_and_writes_one_workouts_folder_takes_them_there() -> None:
    """Some units list FIT_TYPE_5 once, InputOutput, at GARMIN/WORKOUTS; InputToUnit wins
    when both are there."""
    xml = (
        b'<Device xmlns="http://www.garmin.com/xmlschemas/GarminDevice/v2">'
        b"<Model><Description>  vivoactive\n HR </Description></Model><MassStorageMode>"
        b"<DataType><Name>FIT_TYPE_5</Name><File><Location><Path>GARMIN/WORKOUTS</Path>"
        b"</Location><TransferDirection>InputOutput</TransferDirection></File></DataType>"
        b"</MassStorageMode></Device>"
    )
    info = parse_device_xml(xml, "GarminDevice.xml")
    assert (info.model, info.inputs, info.kept) == (
        "vivoactive HR",
        ("GARMIN/WORKOUTS",),
        ("GARMIN/WORKOUTS",),
    )
