"""Headless Chromium for the interop tests: a page's DOM and every console message it logged.

`make interop` installs Chromium from Debian when it is missing; the tests that use it are
marked `interop` and run there.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_TIMEOUT_S = 120


def console_messages(page_path: Path, tmp_path: Path) -> tuple[str, list[str]]:
    """Chromium's DOM of the page and every console message it logged."""
    profile = tmp_path / "chromium-profile"
    result = subprocess.run(
        [
            str(CHROMIUM),
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            page_path.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=CHROMIUM_TIMEOUT_S,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout, [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
