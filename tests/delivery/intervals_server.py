"""intervals.icu's bulk events endpoint, as its documentation describes it, served on
127.0.0.1 by a real HTTP server in a thread for the tests of `ridec push --intervals`.

Every request is held against the documented shape (intervals.icu forum, "Uploading
planned workouts to Intervals.icu" and "API access to Intervals.icu"):
`POST /api/v1/athlete/{id}/events/bulk?upsert=true`, basic authentication `API_KEY:<key>`,
a JSON array of events, each with `category` WORKOUT, `start_date_local`
`YYYY-MM-DDT00:00:00`, `type` Ride, a `name`, an `external_id`, and either `filename` with
`file_contents_base64` (a ZWO, MRC, ERG or FIT file) or a `description`. Anything else is
recorded in `problems` (the tests assert there are none) and answered 400.

The answers are the API's: the created or updated events (upsert by external id: the same
id twice is one event), `{"status": ..., "error": ...}` for a bad key or athlete, and
whatever a test scripts first (a 429 with Retry-After, 500s).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

ATHLETE = "i12345"
KEY = "7f3kq9zr2mx8tnw4yb6hvc1ld5"
"""A key shaped as intervals.icu's are: lower-case letters and digits."""
DAY = re.compile(r"\d{4}-\d{2}-\d{2}T00:00:00")
FILE_EXTENSIONS = (".zwo", ".mrc", ".erg", ".fit")
COMMON_FIELDS = {"category", "start_date_local", "type", "name", "external_id"}


@dataclass
class Scripted:
    """An answer given instead of the normal one, once."""

    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Received:
    """One request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def events(self) -> list[dict[str, Any]]:
        found = json.loads(self.body)
        assert isinstance(found, list)
        return found


@dataclass
class FakeIntervals:
    """The server's state: what it was asked, what it holds, what it will answer next."""

    url: str = ""
    athlete: str = ATHLETE
    key: str = KEY
    script: list[Scripted] = field(default_factory=list)
    requests: list[Received] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    calendar: dict[str, dict[str, Any]] = field(default_factory=dict)
    """external_id -> the event as stored, with its id."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, request: Received) -> tuple[int, Any, dict[str, str]]:
        with self.lock:
            self.requests.append(request)
            if self.script:
                scripted = self.script.pop(0)
                return scripted.status, scripted.body, scripted.headers
            return self._as_the_api_does(request)

    def _as_the_api_does(self, request: Received) -> tuple[int, Any, dict[str, str]]:
        parts = urlsplit(request.path)
        expected = f"/api/v1/athlete/{self.athlete}/events/bulk"
        if request.method != "POST" or not parts.path.startswith("/api/v1/athlete/"):
            self.problems.append(f"{request.method} {request.path}")
            return 405, {"status": 405, "error": "Method Not Allowed"}, {}
        if request.headers.get("authorization") != basic(self.key):
            return 401, {"status": 401, "error": "Access denied: invalid API key"}, {}
        if parts.path != expected:
            return 404, {"status": 404, "error": "Athlete not found"}, {}
        if parse_qs(parts.query) != {"upsert": ["true"]}:
            self.problems.append(f"query {parts.query!r}, expected upsert=true")
        problems = check_events(request)
        if problems:
            self.problems.extend(problems)
            return 400, {"status": 400, "error": "; ".join(problems)}, {}
        return 200, [self._upsert(event) for event in request.events()], {}

    def _upsert(self, event: dict[str, Any]) -> dict[str, Any]:
        stored = self.calendar.get(event["external_id"])
        event_id = stored["id"] if stored else 9000 + len(self.calendar)
        kept = {k: v for k, v in event.items() if k != "file_contents_base64"}
        self.calendar[event["external_id"]] = {**kept, "id": event_id}
        return {**kept, "id": event_id, "calendar_id": 1, "moving_time": 3600}


def basic(key: str) -> str:
    return "Basic " + base64.b64encode(f"API_KEY:{key}".encode()).decode("ascii")


def check_events(request: Received) -> list[str]:
    """Every way the request's events differ from the documented shape."""
    if request.headers.get("content-type", "").split(";")[0] != "application/json":
        return [f"content-type {request.headers.get('content-type')!r}"]
    try:
        events = json.loads(request.body)
    except ValueError:
        return ["the body is not JSON"]
    if not isinstance(events, list) or not events:
        return ["the body is not a non-empty JSON array"]
    return [f"event {i}: {p}" for i, event in enumerate(events) for p in check_event(event)]


def check_event(event: Any) -> list[str]:
    if not isinstance(event, dict):
        return ["not an object"]
    problems = []
    if event.get("category") != "WORKOUT" or event.get("type") != "Ride":
        problems.append(f"category/type {event.get('category')}/{event.get('type')}")
    if not DAY.fullmatch(str(event.get("start_date_local"))):
        problems.append(f"start_date_local {event.get('start_date_local')!r}")
    for name in ("name", "external_id"):
        if not isinstance(event.get(name), str) or not event[name]:
            problems.append(f"{name} missing")
    content = set(event) - COMMON_FIELDS
    if content == {"filename", "file_contents_base64"}:
        problems += _check_file(event["filename"], event["file_contents_base64"])
    elif content != {"description"} or not isinstance(event["description"], str):
        problems.append(f"fields {sorted(content)}: expected a file or a description")
    return problems


def _check_file(filename: Any, contents: Any) -> list[str]:
    problems = []
    if not isinstance(filename, str) or not filename.lower().endswith(FILE_EXTENSIONS):
        problems.append(f"filename {filename!r}")
    try:
        base64.b64decode(str(contents), validate=True)
    except binascii.Error:
        problems.append("file_contents_base64 is not base 64")
    return problems


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        self._handle()

    def do_GET(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        request = Received(self.command, self.path, headers, body)
        status, answer, extra = self.server.fake.answer(request)
        data = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in extra.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the tests read what was asked from `requests`, not from stderr


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: FakeIntervals) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake


@contextmanager
def serving() -> Iterator[FakeIntervals]:
    """A FakeIntervals listening on 127.0.0.1 until the block ends."""
    fake = FakeIntervals()
    server = _Server(fake)
    host, port = server.server_address[:2]
    fake.url = f"http://{host!s}:{port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
