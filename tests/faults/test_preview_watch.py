"""The preview's watcher outlives anything that goes wrong while it follows the file.

Before: any exception while re-rendering (an ERG header byte `FTP = 250\\x1d` made the reader
raise a ValueError) ended the watcher thread, and the page said "up to date" for ever after;
so did a removed working folder (`os.getcwd()` failed in the watcher). Now the page shows
what happened (an error state) and shows the file again once it renders.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ridec.preview import render, server
from ridec.preview.render import View
from tests.preview.preview_support import TIMEOUT_S, Running, serving

GOOD = "name: Good\n10m 60%\n"
ERG = (
    "[COURSE HEADER]\nVERSION = 2\nUNITS = ENGLISH\nDESCRIPTION = x\nFTP = {ftp}\n"
    "MINUTES WATTS\n[END COURSE HEADER]\n[COURSE DATA]\n0.00\t100\n10.00\t100\n"
    "[END COURSE DATA]\n"
)


def wait_for(running: Running, wanted: Callable[[View], bool], what: str) -> View:
    """The preview's view once `wanted` holds (only a hang reaches the deadline)."""
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        _, view = running.preview.current()
        if wanted(view):
            return view
        assert time.monotonic() < deadline, f"the page never showed {what}: {view.state}"
        time.sleep(0.05)


def save(path: Path, text: str) -> None:
    """A save the watcher sees as a change (the size changes too)."""
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[tuple[Running, Path]]:
    path = tmp_path / "w.ride"
    save(path, GOOD)
    with serving(path) as running:
        assert running.preview.view.ok
        yield running, path


def test_an_exception_while_rendering_is_shown_and_the_watcher_goes_on(
    watched: tuple[Running, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    running, path = watched

    def broken(path: Path) -> View:
        raise RuntimeError("injected")

    monkeypatch.setattr(server, "render_view", broken)
    save(path, GOOD + "5m 50%\n")
    view = wait_for(running, lambda v: not v.ok, "the failure")
    assert view.state == "ridec failed to show the file"
    assert "RuntimeError: injected" in view.html
    status, _, page = running.get("/")
    assert status == 200 and "ridec failed to show the file" in page
    monkeypatch.undo()
    save(path, GOOD + "5m 55%\n")
    view = wait_for(running, lambda v: v.ok, "the file again")
    assert view.state == "up to date"


def test_a_reader_that_raises_is_shown_as_a_failure(
    watched: tuple[Running, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    running, path = watched

    def broken(path: Path) -> View:
        raise ZeroDivisionError("in a reader")

    monkeypatch.setattr(render, "_workout_view", broken)
    save(path, GOOD + "5m 50%\n")
    view = wait_for(running, lambda v: "ZeroDivisionError: in a reader" in v.html, "it")
    assert not view.ok and view.state == "ridec failed to show the file"


def test_an_erg_header_byte_leaves_the_preview_following(tmp_path: Path) -> None:
    path = tmp_path / "p.erg"
    save(path, ERG.format(ftp="250"))
    with serving(path) as running:
        assert running.preview.view.ok
        save(path, ERG.format(ftp="250\x1d"))
        wait_for(running, lambda v: not v.ok, "the bad header")
        save(path, ERG.format(ftp="260"))
        wait_for(running, lambda v: v.ok, "the file again")


def test_a_removed_folder_is_shown_and_the_file_is_shown_again_when_it_is_back(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    path = folder / "w.ride"
    save(path, GOOD)
    with serving(path) as running:
        shutil.rmtree(folder)
        view = wait_for(running, lambda v: not v.ok, "that the file is gone")
        assert view.state == "the file is gone"
        assert f"<code>{path}</code> is not there" in view.html
        folder.mkdir()
        save(path, GOOD.replace("Good", "Back"))
        view = wait_for(running, lambda v: v.ok, "the file again")
        assert view.title == "Back"


def test_a_removed_working_folder_does_not_stop_a_preview_of_a_relative_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    save(folder / "w.ride", GOOD)
    monkeypatch.chdir(folder)
    with serving(Path("w.ride")) as running:
        shutil.rmtree(folder)  # the process's working folder
        wait_for(running, lambda v: v.state == "the file is gone", "that the file is gone")
        folder.mkdir()
        save(folder / "w.ride", GOOD.replace("Good", "Back"))
        view = wait_for(running, lambda v: v.ok, "the file again")
        assert view.title == "Back"
