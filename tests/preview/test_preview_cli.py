"""`ridec preview` from the command line: refusals, and a real process stopped by Ctrl+C."""

from __future__ import annotations

import http.client
import signal
import socket
import subprocess
from pathlib import Path

from typer.testing import CliRunner

from ridec.cli import app
from tests.lsp.lsp_support import ridec_command
from tests.preview.preview_support import TIMEOUT_S, copy_library

runner = CliRunner()


def test_a_missing_file_is_a_located_refusal(tmp_path: Path) -> None:
    result = runner.invoke(app, ["preview", str(tmp_path / "nowhere.ride"), "--no-browser"])
    assert result.exit_code == 1
    assert "cannot preview" in result.stderr and "no such file" in result.stderr
    assert result.stdout == ""


def test_a_file_that_is_no_workout_is_refused(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("hello", encoding="utf-8")
    result = runner.invoke(app, ["preview", str(notes), "--no-browser"])
    assert result.exit_code == 1
    assert "not a workout or plan file" in result.stderr
    assert "hint: ridec preview follows .ride, .plan" in result.stderr


def test_a_busy_port_is_an_environment_error(tmp_path: Path) -> None:
    library = copy_library(tmp_path / "library")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(
            app, ["preview", str(library / "standing.ride"), "--port", str(port), "--no-browser"]
        )
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}: address already in use" in result.stderr
    assert "hint: choose another port with --port" in result.stderr


def test_the_command_serves_the_page_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    library = copy_library(tmp_path / "library")
    argv = ridec_command("preview", str(library / "standing.ride"), "--port", "0", "--no-browser")
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/")
        port = int(url.rsplit(":", 1)[1].rstrip("/"))
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_S)
        connection.request("GET", "/")
        response = connection.getresponse()
        html = response.read().decode("utf-8")
        connection.close()
        assert response.status == 200 and "<svg" in html
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=TIMEOUT_S)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0
    assert "ridec preview: following" in errors and "Standing technique: ok" in errors
    assert errors.rstrip().endswith("ridec preview: stopped")
    assert "Traceback" not in errors
