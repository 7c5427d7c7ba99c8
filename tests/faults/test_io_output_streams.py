"""Outputs named by a device, a FIFO or a link to one are written into it, never replaced.

Before: an output was always written to a temporary file and renamed over its path, so
`ridec show w.ride --svg /dev/full` run as root turned /dev/full into a regular file (and
`--svg /dev/null` would have done the same to /dev/null). Now a character device or a
FIFO is written in place as the stream it is; a socket or a block device is refused.
The tests use links and FIFOs in a temporary folder only: a regression replaces those,
never a device of the machine.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from ridec.diagnostics import DiagnosticError
from ridec.fileio import write_output
from tests.faults.bounded import HANG_TIMEOUT_S, assert_located_failure, run_ridec

RIDEC = (sys.executable, "-c", "from ridec.cli import main; main()")
WORKOUT = 'name: Tempo\nftp: 250\n10m 60% 90rpm "Go"\n'


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "w.ride").write_text(WORKOUT)
    return tmp_path


def test_a_link_to_dev_null_stays_a_link_to_the_device(folder: Path) -> None:
    (folder / "chart.svg").symlink_to("/dev/null")
    run = run_ridec(["show", "w.ride", "--svg", "chart.svg"], folder)
    assert run.code == 0, run.stderr
    assert (folder / "chart.svg").is_symlink()
    assert stat.S_ISCHR(os.stat(folder / "chart.svg").st_mode)
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


def test_a_fifo_gets_the_output_and_stays_a_fifo(folder: Path) -> None:
    fifo = folder / "chart.svg"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as reader:
            received.append(reader.read())

    reader = threading.Thread(target=read)
    reader.start()
    try:
        run = run_ridec(["show", "w.ride", "--svg", "chart.svg"], folder)
    finally:
        if reader.is_alive():  # the command failed before opening it: let the reader end
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=30)
    assert run.code == 0, run.stderr
    assert received and b"<svg" in received[0]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_fifo_nobody_reads_is_an_error_not_a_wait(folder: Path) -> None:
    os.mkfifo(folder / "chart.svg")
    run = run_ridec(["show", "w.ride", "--svg", "chart.svg"], folder)
    assert_located_failure(run, "chart.svg", "cannot write the file")
    assert "no program is reading; start its reader first" in run.stderr
    assert stat.S_ISFIFO(os.lstat(folder / "chart.svg").st_mode)


def test_a_link_to_the_commands_own_stdout_gets_the_chart_and_stays_a_link(
    folder: Path,
) -> None:
    # `/dev/stdout` is such a link. Before: it led on to the redirect's regular file, so the
    # chart was renamed over the link (as root, over /dev/stdout itself).
    (folder / "chart.svg").symlink_to("/proc/self/fd/1")
    with open(folder / "printed.txt", "wb") as printed:
        done = subprocess.run(
            [*RIDEC, "show", "w.ride", "--svg", "chart.svg"],
            cwd=folder,
            stdin=subprocess.DEVNULL,
            stdout=printed,
            stderr=subprocess.PIPE,
            timeout=HANG_TIMEOUT_S,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    assert (folder / "chart.svg").is_symlink()
    assert os.readlink(folder / "chart.svg") == "/proc/self/fd/1"
    text = (folder / "printed.txt").read_text("utf-8")
    # One stream, each part whole: the chart (written first by `show`), then the report.
    chart_end = text.index("</svg>")
    assert text.startswith("<svg") and "power in % FTP" in text[chart_end:]


def test_a_socket_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "s.svg"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(DiagnosticError) as raised:
            write_output(path, b"<svg/>")
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.message == (
        "cannot write the file: it is a socket, not a file; nothing was written"
    )
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_a_regular_file_behind_a_link_is_still_replaced_atomically(tmp_path: Path) -> None:
    # Unchanged: only streams are written in place.
    (tmp_path / "old.svg").write_bytes(b"old")
    write_output(tmp_path / "old.svg", b"new")
    assert (tmp_path / "old.svg").read_bytes() == b"new"
