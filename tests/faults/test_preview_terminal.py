"""`ridec preview` escapes the file and workout names it prints, as every other message does.

Before: the start line (`ridec preview: following NAME`) and the line printed for each
version (`12:00:00 NAME: ok`) wrote a file name or workout name holding ESC [ 2 J or an OSC
title sequence to the terminal raw: it cleared the screen or retitled the window.
"""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

from tests.lsp.lsp_support import ridec_command
from tests.preview.preview_support import TIMEOUT_S

CLEAR = "\x1b[2J"
OSC_TITLE = "\x1b]0;owned\x07"


def test_the_preview_escapes_the_names_it_prints(tmp_path: Path) -> None:
    path = tmp_path / f"w{CLEAR}.ride"
    path.write_text(f'name: "Tempo {OSC_TITLE}"\n10m 60%\n', encoding="utf-8")
    argv = ridec_command("preview", str(path), "--port", "0", "--no-browser")
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.readline()  # the URL: the server is up, the lines are printed
        started = process.stderr.readline().decode("utf-8")
        reported = process.stderr.readline().decode("utf-8")
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=TIMEOUT_S)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert started == f"ridec preview: following {tmp_path}/w\\x1b[2J.ride; Ctrl+C stops\n"
    assert reported.endswith(" Tempo \\x1b]0;owned\\x07: ok\n")
    assert "\x1b" not in started + reported and "\x07" not in reported
