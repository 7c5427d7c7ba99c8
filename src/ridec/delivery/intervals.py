"""intervals.icu's calendar: planned workouts sent through its public API.

One request carries every event: `POST {base}/api/v1/athlete/{id}/events/bulk?upsert=true`
with a JSON array, basic authentication with the user `API_KEY` and the athlete's API key
as password (intervals.icu, "API access to Intervals.icu" and "Uploading planned workouts
to Intervals.icu", forum.intervals.icu; the endpoint is in its OpenAPI document at
/api/v1/docs). Each event:

- `category` `WORKOUT`, `type` `Ride`, `name` the workout's name;
- `start_date_local` `YYYY-MM-DDT00:00:00` (a day, no time: `schedule` picks it);
- `external_id` (`schedule.external_id`): with `upsert=true`, an event ridec made before
  under the same id is updated instead of a new one added;
- the workout as a file, `filename` and `file_contents_base64` (intervals.icu reads ZWO,
  MRC, ERG and FIT files and works out the steps, duration and load), or, for a text
  format (`icu`, intervals.icu's own workout text), as `description`.

The base address is `https://intervals.icu` unless `INTERVALS_ICU_URL` gives another (a
self-hosted copy, the tests' local server). The key is read from `INTERVALS_ICU_API_KEY`
only: never from the command line (where other users of the machine see it), and never
printed, logged or put in an error message (`intervals_http.redact`).
"""

from __future__ import annotations

import base64
import http
import json
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ridec import api, limits
from ridec.delivery.accepts import INTERVALS_DEFAULT_FORMAT, INTERVALS_TEXT_FORMATS
from ridec.delivery.base import Delivery, Destination
from ridec.delivery.intervals_http import (
    Answer,
    Sleep,
    UnreachableError,
    post_json,
    redact,
)
from ridec.delivery.names import delivery_name
from ridec.delivery.schedule import Session, sessions
from ridec.diagnostics import Diagnostic, DiagnosticError, Severity
from ridec.records import record

if TYPE_CHECKING:
    import datetime as dt

    import httpx

DEFAULT_URL = "https://intervals.icu"
URL_VARIABLE = "INTERVALS_ICU_URL"
KEY_VARIABLE = "INTERVALS_ICU_API_KEY"
KEY_USER = "API_KEY"
"""The basic-authentication user name that goes with a personal API key."""
EVENTS_PATH = "/api/v1/athlete/{athlete}/events/bulk"
ATHLETE_ID = re.compile(r"[A-Za-z0-9]{1,32}")
"""An athlete id: `i12345`, or `0` for the key's own athlete."""
_KEY = re.compile(r"[!-~]{1,512}")
"""What a key may hold: visible ASCII (anything else would end up in an error message)."""
MASK = "********"
_MESSAGE_CHARS = 300
"""Most characters of the server's own message shown in an error."""
KEY_HINT = (
    f"copy the API key from intervals.icu (Settings, Developer Settings) into {KEY_VARIABLE}; "
    "ridec never takes it on the command line"
)


@record
class Settings:
    """Where events go and with which key."""

    athlete: str
    """The athlete id as given (`i12345`, `0`)."""
    start: dt.date
    """The day a single workout (or a plan's first week) lands on."""
    base_url: str
    """`https://intervals.icu`, or INTERVALS_ICU_URL, without a final `/`."""
    key: str | None = None
    """INTERVALS_ICU_API_KEY; None when it is not set."""


def settings_from(environ: Mapping[str, str], athlete: str, start: dt.date) -> Settings:
    """The settings for `athlete`, the address and key from `environ`; DiagnosticError when
    either is malformed (the key itself is never shown)."""
    base = environ.get(URL_VARIABLE, "").strip() or DEFAULT_URL
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
        message = f"{URL_VARIABLE} must be an http(s) address such as {DEFAULT_URL}"
        raise DiagnosticError([Diagnostic(Severity.ERROR, message, path=URL_VARIABLE)])
    key = environ.get(KEY_VARIABLE, "").strip() or None
    if key is not None and not _KEY.fullmatch(key):
        message = f"{KEY_VARIABLE} holds characters an API key does not have (not shown)"
        raise DiagnosticError([Diagnostic(Severity.ERROR, message, hint=KEY_HINT)])
    return Settings(athlete, start, base.rstrip("/"), key)


class IntervalsCalendar(Destination[list[Session]]):
    """An athlete's calendar on intervals.icu."""

    def __init__(
        self,
        settings: Settings,
        format: str = INTERVALS_DEFAULT_FORMAT,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        self.settings = settings
        self.format = format
        self.transport = transport
        self.sleep = sleep

    @property
    def url(self) -> str:
        """The bulk events endpoint, without the query."""
        return self.settings.base_url + EVENTS_PATH.format(athlete=self.settings.athlete)

    def describe(self) -> str:
        return f"intervals.icu athlete {self.settings.athlete}"

    def require_key(self) -> str:
        """The key; DiagnosticError when INTERVALS_ICU_API_KEY is not set."""
        if self.settings.key is None:
            message = f"{KEY_VARIABLE} is not set: intervals.icu needs the athlete's API key"
            raise DiagnosticError([Diagnostic(Severity.ERROR, message, hint=KEY_HINT)])
        return self.settings.key

    def prepare(self, deliveries: Sequence[Delivery]) -> list[Session]:
        found = sessions(deliveries, self.settings.start, self.settings.athlete)
        if len(found) > limits.MAX_PUSH_EVENTS:
            message = (
                f"{len(found):,} events in one push; ridec sends at most "
                f"{limits.MAX_PUSH_EVENTS:,}, so nothing was sent"
            )
            hint = "push the plan in parts, or fewer plans at once"
            raise DiagnosticError([Diagnostic(Severity.ERROR, message, hint=hint)])
        return found

    def event(self, session: Session) -> dict[str, str]:
        """One event as the API takes it."""
        delivery = session.delivery
        event = {
            "category": "WORKOUT",
            "start_date_local": f"{session.day.isoformat()}T00:00:00",
            "type": "Ride",
            "name": delivery.title,
            "external_id": session.external_id,
        }
        if delivery.target in INTERVALS_TEXT_FORMATS:
            event["description"] = delivery.data.decode("utf-8")
        else:
            extension = api.format_entry(delivery.target).extensions[0]
            event["filename"] = delivery_name(delivery.stem, extension)
            event["file_contents_base64"] = base64.b64encode(delivery.data).decode("ascii")
        return event

    def dry_run(self, prepared: list[Session]) -> str:
        key = "not set: a real push stops here" if self.settings.key is None else MASK
        document = {
            "request": f"POST {self.url}?upsert=true",
            "authorization": f"basic {KEY_USER}:{key} ({KEY_VARIABLE})",
            "events": [self.event(session) for session in prepared],
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    def send(self, prepared: list[Session]) -> list[str]:
        key = self.require_key()
        body = json.dumps([self.event(s) for s in prepared], ensure_ascii=False).encode()
        try:
            answer = post_json(
                f"{self.url}?upsert=true", body, key, transport=self.transport, sleep=self.sleep
            )
        except UnreachableError as exc:
            raise DiagnosticError([self._unreachable(exc)]) from None
        if answer.status not in (http.HTTPStatus.OK, http.HTTPStatus.CREATED):
            raise DiagnosticError([self._refused(answer)])
        return self._report(prepared, answer)

    def _report(self, prepared: list[Session], answer: Answer) -> list[str]:
        events = _json(answer.body) if answer.complete else None
        if not isinstance(events, list):
            raise DiagnosticError([self._unconfirmed(answer)])
        ids = {
            e.get("external_id"): e.get("id")
            for e in events
            if isinstance(e, dict) and e.get("external_id")
        }
        lines = []
        for session in prepared:
            event_id = ids.get(session.external_id)
            made = f"event {event_id}" if event_id is not None else "sent"
            title = session.delivery.title
            lines.append(f"{session.delivery.source}: {session.day} {title}: {made}")
        count = f"{len(prepared)} event{'s' if len(prepared) != 1 else ''}"
        lines.append(f"{self.describe()}: {count} created or updated")
        return [self._safe(line) for line in lines]

    def _diagnostic(self, message: str, hint: str) -> Diagnostic:
        return Diagnostic(Severity.ERROR, self._safe(message), hint=hint, path=self.url)

    def _safe(self, text: str) -> str:
        return redact(text, self.settings.key or "")

    def _unreachable(self, exc: UnreachableError) -> Diagnostic:
        message = (
            f"could not reach intervals.icu ({exc.reason}) {_times(exc.attempts)}; "
            "no event was sent"
        )
        return self._diagnostic(message, f"check the connection, and {URL_VARIABLE} if set")

    def _refused(self, answer: Answer) -> Diagnostic:
        said = f"HTTP {answer.status}: {_message(answer)}"
        athlete = self.settings.athlete
        if answer.status in (http.HTTPStatus.UNAUTHORIZED, http.HTTPStatus.FORBIDDEN):
            hint = f"{KEY_HINT}; athlete {athlete} must be the key's own or one it coaches"
            return self._diagnostic(f"intervals.icu refused the key ({said})", hint)
        if answer.status == http.HTTPStatus.NOT_FOUND:
            hint = "the athlete id (i12345) is on intervals.icu's Settings page; 0 is the key's own"
            return self._diagnostic(f"no such athlete {athlete} on intervals.icu ({said})", hint)
        if answer.status == http.HTTPStatus.TOO_MANY_REQUESTS or answer.status >= 500:
            return self._gave_up(answer, said)
        hint = "this is likely a bug in ridec: please report it with the command you ran"
        return self._diagnostic(f"intervals.icu rejected the events ({said})", hint)

    def _gave_up(self, answer: Answer, said: str) -> Diagnostic:
        what = "is limiting requests" if answer.status == 429 else "failed"
        wait = ""
        if answer.wait_asked is not None:
            wait = f", then asked to wait {answer.wait_asked:.0f} s"
        message = (
            f"intervals.icu {what} ({said}) {_times(answer.attempts)}{wait}; no event was confirmed"
        )
        hint = "try again later: pushing again updates the same events, never adds copies"
        return self._diagnostic(message, hint)

    def _unconfirmed(self, answer: Answer) -> Diagnostic:
        message = (
            f"intervals.icu answered HTTP {answer.status} without the list of events, so "
            "ridec cannot confirm them"
        )
        hint = "look at the calendar; pushing again updates the same events, never adds copies"
        return self._diagnostic(message, hint)


def _json(data: bytes) -> Any:
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        return None


def _message(answer: Answer) -> str:
    """The server's own words: the `error` (or `message`) of a JSON answer, else its text."""
    found = _json(answer.body) if answer.complete else None
    if isinstance(found, dict):
        for field in ("error", "message"):
            if isinstance(found.get(field), str) and found[field].strip():
                return _one_line(found[field])
    text = _one_line(answer.body[: _MESSAGE_CHARS * 4].decode("utf-8", "replace"))
    if text and not text.startswith("<"):
        return text
    try:
        return http.HTTPStatus(answer.status).phrase
    except ValueError:
        return "no message"


def _one_line(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= _MESSAGE_CHARS else words[: _MESSAGE_CHARS - 3] + "..."


def _times(attempts: int) -> str:
    return "on the only attempt" if attempts == 1 else f"on all {attempts} attempts"
