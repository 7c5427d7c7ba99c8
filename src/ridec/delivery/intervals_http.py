"""One JSON POST to intervals.icu with httpx: timeouts, bounded retries, a bounded answer.

Every attempt has a timeout (`TIMEOUT`). An answer of 429 or 5xx, or a connection that
fails or times out, is tried again, at most `MAX_ATTEMPTS` times in all and never waiting
more than `MAX_WAIT_S` seconds in all: after `Retry-After` when the answer gives one
(seconds, or an HTTP date), else after 1, 2, 4 s. A wait the server asks for beyond what
is left stops the retries at once. Retrying is safe because the events carry external ids
(`?upsert=true`): a request the server did carry out before its answer was lost updates
the same events when it comes again.

The answer is read up to `limits.MAX_RESPONSE_BYTES`. The key is sent as basic
authentication and appears in nothing this module returns or raises (`redact`).
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import email.utils
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from ridec import __version__, limits
from ridec.records import record

if TYPE_CHECKING:
    import httpx

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
"""Answers that say "not now" rather than "no"."""
MAX_ATTEMPTS = 4
"""Requests in all, the first included."""
MAX_WAIT_S = 60.0
"""Seconds of waiting between attempts, at most, in all."""
BACKOFF_S = 1.0
"""The first wait when the server names none; each next one doubles."""
CONNECT_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 60.0
"""intervals.icu computes each workout's load before it answers: a plan takes seconds."""

Sleep = Callable[[float], None]
SLEEP: Sleep = time.sleep
"""How the retries wait (tests put a function here that records the waits instead)."""


@record
class Answer:
    """The last answer the server gave."""

    status: int
    """The HTTP status."""
    body: bytes
    """Its body, read up to the limit."""
    attempts: int
    """Requests made, the first included."""
    wait_asked: float | None = None
    """The wait a last 429/5xx asked for when it was beyond what was left, in seconds."""
    complete: bool = True
    """False when the body was longer than `limits.MAX_RESPONSE_BYTES` and was cut there."""


class UnreachableError(Exception):
    """No answer at all: the connection failed or timed out on every attempt."""

    def __init__(self, reason: str, attempts: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.attempts = attempts


def post_json(
    url: str,
    body: bytes,
    key: str,
    *,
    transport: httpx.BaseTransport | None = None,
    sleep: Sleep | None = None,
) -> Answer:
    """POST `body` (JSON) to `url` with basic authentication `API_KEY:key`, retrying as the
    module says; the last answer, or UnreachableError."""
    import httpx

    timeout = httpx.Timeout(READ_TIMEOUT_S, connect=CONNECT_TIMEOUT_S)
    headers = {"Content-Type": "application/json", "User-Agent": f"ridec/{__version__}"}
    auth = httpx.BasicAuth("API_KEY", key)
    with httpx.Client(timeout=timeout, transport=transport, headers=headers, auth=auth) as client:
        return _with_retries(client, url, body, sleep or SLEEP)


def _with_retries(client: httpx.Client, url: str, body: bytes, sleep: Sleep) -> Answer:
    import httpx

    waited = 0.0
    for attempt in range(1, MAX_ATTEMPTS + 1):
        asked: float | None = None
        try:
            answer, headers = _post_once(client, url, body, attempt)
        except httpx.TransportError as exc:
            failure: UnreachableError | Answer = UnreachableError(_transport_reason(exc), attempt)
        else:
            if answer.status not in RETRY_STATUSES:
                return answer
            failure = answer
            asked = retry_after(headers)
        delay = asked if asked is not None else BACKOFF_S * 2 ** (attempt - 1)
        if attempt == MAX_ATTEMPTS or waited + delay > MAX_WAIT_S:
            break
        sleep(delay)
        waited += delay
    if isinstance(failure, UnreachableError):
        raise failure
    if asked is not None and waited + asked > MAX_WAIT_S:
        return dataclasses.replace(failure, wait_asked=asked)
    return failure


def _post_once(
    client: httpx.Client, url: str, body: bytes, attempt: int
) -> tuple[Answer, dict[str, str]]:
    """One request: its answer (the body read up to the limit) and the answer's headers."""
    with client.stream("POST", url, content=body) as response:
        data = bytearray()
        for chunk in response.iter_bytes():
            data += chunk
            if len(data) > limits.MAX_RESPONSE_BYTES:
                break
        complete = len(data) <= limits.MAX_RESPONSE_BYTES
        answer = Answer(response.status_code, bytes(data[: limits.MAX_RESPONSE_BYTES]), attempt)
        return dataclasses.replace(answer, complete=complete), dict(response.headers)


def retry_after(headers: Mapping[str, str], now: dt.datetime | None = None) -> float | None:
    """The wait a `Retry-After` header asks for, in seconds (0 for a date gone by); None
    when there is none or it cannot be read."""
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), "").strip()
    if not value:
        return None
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())


def _transport_reason(exc: Exception) -> str:
    import httpx

    if isinstance(exc, httpx.TimeoutException):
        return "no answer in time"
    return str(exc) or type(exc).__name__


def redact(text: str, key: str) -> str:
    """`text` with the key, and the basic-authentication token that carries it, masked."""
    token = base64.b64encode(f"API_KEY:{key}".encode()).decode("ascii")
    for secret in (token, key):
        if secret:
            text = text.replace(secret, "****")
    return text
