"""Markers of the build tests."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """`interop`: needs external programs (headless Chromium); run by `make interop`."""
    config.addinivalue_line("markers", "interop: needs external programs; run by make interop")
