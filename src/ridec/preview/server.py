"""The preview's web server: on 127.0.0.1 only, one page, its content, and a push stream.

Routes: `/` (the page), `/view` (the current view as JSON), `/events` (server-sent events:
the current view at once, then each new one). Requests whose Host is not this server's
loopback address are refused, so a web page elsewhere cannot read the preview through a
DNS name it points at 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import secrets
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from ridec.preview.connections import BoundedHTTPServer
from ridec.preview.files import Stamp, file_key, followed_files, stamp
from ridec.preview.page import page
from ridec.preview.render import View, failure_view, render_view

HOST = "127.0.0.1"
"""The only address the preview listens on."""
KEEPALIVE_S = 15.0
"""An idle event stream gets a comment this often, so a closed page is noticed."""
RETRY_MS = 1000
"""How soon a page reconnects when the stream drops (the server restarting, say)."""


class Preview:
    """The file being followed, its current view, and a version that every change bumps.

    The path is made absolute once, at the start: the preview follows the same file when
    the folder it was started in is removed (and shows it again when it is back).
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(os.path.abspath(path))
        self.nonce = secrets.token_urlsafe(16)
        self._changed = threading.Condition()
        self._closing = False
        self.version = 1
        self.stamp, self.view = self._render()

    def _render(self) -> tuple[Stamp, View]:
        # Stamped before reading: a save during the render shows as a change next time.
        try:
            files = followed_files(self.path)
        except Exception:  # the plan's own file is still followed; the render says more
            files = {file_key(self.path)}
        return stamp(files), render_view(self.path)

    def refresh(self) -> View:
        """Render the file again and wake every open event stream."""
        rendered, view = self._render()
        self._show(rendered, view)
        return view

    def failed(self, exc: BaseException) -> View | None:
        """Show that following the file failed (the watcher goes on); the view, or None
        when the page says so already."""
        view = failure_view(self.path, exc)
        if view == self.view:
            return None
        self._show((), view)  # no stamp: the next pass that works renders the file again
        return view

    def _show(self, rendered: Stamp, view: View) -> None:
        with self._changed:
            self.stamp, self.view = rendered, view
            self.version += 1
            self._changed.notify_all()

    def current(self) -> tuple[int, View]:
        """The version and view now."""
        with self._changed:
            return self.version, self.view

    def wait_newer(self, version: int, timeout: float) -> tuple[int, View] | None:
        """The first version after `version`; None on timeout or when closing."""
        with self._changed:
            self._changed.wait_for(lambda: self.version > version or self._closing, timeout)
            if self._closing or self.version <= version:
                return None
            return self.version, self.view

    def close(self) -> None:
        """End every event stream."""
        with self._changed:
            self._closing = True
            self._changed.notify_all()

    @property
    def closing(self) -> bool:
        """Whether the server is shutting down."""
        return self._closing


def view_json(version: int, view: View) -> str:
    """A view as the page's script reads it (one line: JSON escapes line ends)."""
    fields = {"ok": view.ok, "status": view.state, "title": view.title, "html": view.html}
    return json.dumps({"version": version, **fields})


class PreviewServer(BoundedHTTPServer):
    """An HTTP server bound to the loopback address, serving one preview (with bounded
    threads and timeouts: see `connections`)."""

    def __init__(self, preview: Preview, port: int) -> None:
        self.preview = preview
        super().__init__((HOST, port), _Handler)

    @property
    def port(self) -> int:
        """The port it listens on (the one the system chose for port 0)."""
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        """Where the page is."""
        return f"http://{HOST}:{self.port}/"


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        if not self._host_allowed():
            self._send(HTTPStatus.FORBIDDEN, "text/plain", "this preview answers 127.0.0.1 only")
            return
        preview = self.server.preview
        route = self.path.split("?", 1)[0]
        if route == "/":
            version, view = preview.current()
            html = page(view, version, preview.path, preview.nonce)
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", html)
        elif route == "/view":
            version, view = preview.current()
            self._send(HTTPStatus.OK, "application/json", view_json(version, view))
        elif route == "/events":
            self._stream(preview)
        else:
            self._send(HTTPStatus.NOT_FOUND, "text/plain", "not found")

    def _host_allowed(self) -> bool:
        port = self.server.port
        host = (self.headers.get("Host") or "").lower()
        return host in (f"{HOST}:{port}", f"localhost:{port}")

    def _send(self, status: HTTPStatus, kind: str, body: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        self.wfile.write(data)

    def _stream(self, preview: Preview) -> None:
        """Server-sent events: the view now, then every newer one, until the page goes."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        version, view = preview.current()
        try:
            self._event(f"retry: {RETRY_MS}\nevent: view\ndata: {view_json(version, view)}\n\n")
            while not preview.closing:
                newer = preview.wait_newer(version, KEEPALIVE_S)
                if newer is None:
                    self._event(": still here\n\n")
                    continue
                version, view = newer
                self._event(f"event: view\ndata: {view_json(version, view)}\n\n")
        except (BrokenPipeError, ConnectionResetError):
            return  # the page was closed

    def _event(self, text: str) -> None:
        self.wfile.write(text.encode("utf-8"))
        self.wfile.flush()

    def log_message(self, format: str, *args: object) -> None:
        """Requests are not logged: the terminal shows what the preview follows."""
