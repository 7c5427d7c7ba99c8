"""`ridec push --zwift`: Zwift's Workouts folder with one user, with two, and with none."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner, Result

import ridec
from ridec.cli import app
from tests.paths import WORKOUTS

runner = CliRunner()
SWEET_SPOT = WORKOUTS / "sweet-spot.ride"


def workouts(tmp_path: Path, *users: str) -> Path:
    folder = tmp_path / "Documents" / "Zwift" / "Workouts"
    folder.mkdir(parents=True)
    for user in users:
        (folder / user).mkdir()
    return folder


def push(*args: str | Path) -> Result:
    return runner.invoke(app, ["push", *(str(a) for a in args)])


def zwo_of(source: Path) -> bytes:
    (output,) = ridec.compile(ridec.bind(ridec.parse_file(source)), ["zwo"])
    return output.data


def test_one_user_gets_the_workout(tmp_path: Path) -> None:
    folder = workouts(tmp_path, "1234567")
    (folder / "notes").mkdir()  # not a user: not numeric
    result = push(SWEET_SPOT, "--zwift", folder)
    assert result.exit_code == 0, result.stderr
    written = folder / "1234567" / "sweet-spot.zwo"
    assert written.read_bytes() == zwo_of(SWEET_SPOT)
    assert result.stdout == (
        f"{SWEET_SPOT}: written: {written}\n"
        f"Zwift user 1234567 ({folder / '1234567'}): 1 written; Zwift lists them under "
        "Custom workouts when it next starts\n"
    )
    again = push(SWEET_SPOT, "--zwift", folder)
    assert f"{SWEET_SPOT}: already in Zwift's folder: {written}" in again.stdout
    assert [p.name for p in written.parent.iterdir()] == ["sweet-spot.zwo"]


def test_two_users_need_zwift_user_and_its_absence_lists_them(tmp_path: Path) -> None:
    folder = workouts(tmp_path, "987654", "12345")
    result = push(SWEET_SPOT, "--zwift", folder)
    assert result.exit_code == 1
    assert (
        f"{folder}: error: 2 Zwift users have folders here (12345, 987654): choose one"
        in result.stderr
    )
    assert "hint: add --zwift-user ID, one of 12345, 987654" in result.stderr
    wrong = push(SWEET_SPOT, "--zwift", folder, "--zwift-user", "555")
    assert wrong.exit_code == 1
    assert "no Zwift user 555 here: the users are 12345, 987654" in wrong.stderr
    chosen = push(SWEET_SPOT, "--zwift", folder, "--zwift-user", "987654")
    assert chosen.exit_code == 0, chosen.stderr
    assert (folder / "987654" / "sweet-spot.zwo").is_file()
    assert list((folder / "12345").iterdir()) == []


def test_no_user_folder_is_an_error_with_a_hint(tmp_path: Path) -> None:
    folder = workouts(tmp_path)
    result = push(SWEET_SPOT, "--zwift", folder)
    assert result.exit_code == 1
    assert "not Zwift's workouts folder: no numeric Zwift user folder in it" in result.stderr
    assert "Zwift makes a numeric folder there for each account" in result.stderr
    assert list(folder.iterdir()) == []


def test_a_user_folder_itself_is_taken(tmp_path: Path) -> None:
    folder = workouts(tmp_path, "4242")
    result = push(SWEET_SPOT, "--zwift", folder / "4242", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert f"would write {folder / '4242' / 'sweet-spot.zwo'}" in result.stdout
    assert list((folder / "4242").iterdir()) == []


def test_a_zwo_file_is_validated_and_sent_as_it_is(tmp_path: Path) -> None:
    folder = workouts(tmp_path, "77")
    mine = tmp_path / "My Ride.zwo"
    mine.write_bytes(zwo_of(SWEET_SPOT))
    result = push(mine, "--zwift", folder)
    assert result.exit_code == 0, result.stderr
    assert (folder / "77" / "my-ride.zwo").read_bytes() == mine.read_bytes()
    refused = push(mine, "--zwift", folder, "--ftp", "300")
    assert refused.exit_code == 1
    assert "already a zwo file, delivered as it is: --ftp would not change it" in refused.stderr
