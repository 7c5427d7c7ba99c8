"""The preview's server under load: bounded threads, silent connections closed, no tracebacks.

Before: the server started a thread for every accepted connection and that thread waited
for a request line for ever, so a hundred connections that send nothing held a hundred
threads until the preview stopped; a connection that failed printed a traceback.
"""

from __future__ import annotations

import http.client
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from ridec.preview import connections
from tests.preview.preview_support import TIMEOUT_S, EventStream, Running, serving

IDLE = 100
"""Silent connections: more than the workers, the queue and the waiting room together."""


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    path = tmp_path / "w.ride"
    path.write_text("name: Load\n10m 60%\n", encoding="utf-8")
    with serving(path) as running:
        yield running


def connect(running: Running) -> socket.socket:
    connection = socket.create_connection(("127.0.0.1", running.server.port), TIMEOUT_S)
    connection.settimeout(TIMEOUT_S)
    return connection


def test_silent_connections_hold_no_thread_and_the_page_is_still_served(
    running: Running,
) -> None:
    threads = threading.active_count()
    idle = [connect(running) for _ in range(IDLE)]
    try:
        status, kind, page = running.get("/")
        assert (status, kind) == (200, "text/html; charset=utf-8") and "<svg" in page
        status, _, view = running.get("/view")
        assert status == 200 and '"title": "Load"' in view
        assert threading.active_count() <= threads  # not one thread per connection
    finally:
        for connection in idle:
            connection.close()


def test_a_connection_that_sends_nothing_is_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connections, "REQUEST_TIMEOUT_S", 0.2)
    path = tmp_path / "w.ride"
    path.write_text("name: Load\n10m 60%\n", encoding="utf-8")
    with serving(path) as running, connect(running) as silent:
        assert silent.recv(1) == b""  # closed by the server, not by this test's timeout


def test_a_request_left_half_sent_is_closed_quietly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(connections, "REQUEST_TIMEOUT_S", 0.2)
    path = tmp_path / "w.ride"
    path.write_text("name: Load\n10m 60%\n", encoding="utf-8")
    with serving(path) as running, connect(running) as slow:
        slow.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % running.server.port)
        assert slow.recv(65536) == b""
        status, _, _ = running.get("/")
        assert status == 200
    assert "Traceback" not in capfd.readouterr().err


def test_a_full_server_answers_503_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connections, "MAX_WORKERS", 1)
    monkeypatch.setattr(connections, "MAX_QUEUED", 0)
    path = tmp_path / "w.ride"
    path.write_text("name: Load\n10m 60%\n", encoding="utf-8")
    with serving(path) as running:
        stream = EventStream(running)  # holds the only worker
        try:
            stream.next_view()
            connection = http.client.HTTPConnection("127.0.0.1", running.server.port, TIMEOUT_S)
            connection.request("GET", "/")
            response = connection.getresponse()
            assert response.status == 503
            assert response.read() == b"the preview is busy: try again\n"
            connection.close()
        finally:
            stream.close()


def test_a_connection_that_fails_prints_no_traceback(
    running: Running, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        raise ConnectionResetError(104, "Connection reset by peer")
    except ConnectionResetError:
        running.server.handle_error(None, ("127.0.0.1", 1))
    try:
        raise KeyError("a bug")
    except KeyError:
        running.server.handle_error(None, ("127.0.0.1", 1))
    assert capsys.readouterr().err == "ridec preview: a request failed: KeyError: 'a bug'\n"
