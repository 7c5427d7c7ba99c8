"""`ridec push --intervals` against a local intervals.icu (tests/delivery/intervals_server.py):
every request is checked against the documented shape, and the answers are the API's,
401, 404, 429 then 200 and 500s included."""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import ridec
from ridec.cli import app
from ridec.delivery import intervals_http
from tests.delivery.intervals_server import ATHLETE, KEY, FakeIntervals, Scripted, basic, serving
from tests.paths import WORKOUTS

runner = CliRunner()
STANDING = WORKOUTS / "standing.ride"
PLAN = WORKOUTS / "back-pain-protocol.plan"
MONDAY = "2026-05-04"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeIntervals]:
    with serving() as fake:
        monkeypatch.setenv("INTERVALS_ICU_URL", fake.url)
        monkeypatch.setenv("INTERVALS_ICU_API_KEY", fake.key)
        yield fake
    assert fake.problems == []


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits between attempts, recorded instead of slept."""
    waited: list[float] = []
    monkeypatch.setattr(intervals_http, "SLEEP", waited.append)
    return waited


def push(*args: str | Path, athlete: str = ATHLETE) -> Result:
    line = ["push", *(str(a) for a in args), "--intervals", athlete]
    if "--start" not in args:
        line += ["--start", MONDAY]
    return runner.invoke(app, line)


def compiled(source: Path, target: str) -> bytes:
    workout = ridec.bind(ridec.parse_file(source))
    (output,) = ridec.compile(workout, [target])
    return output.data


def test_a_workout_lands_on_the_start_day_as_the_compiled_zwo(
    server: FakeIntervals, waits: list[float]
) -> None:
    result = push(STANDING)
    assert result.exit_code == 0, result.stderr
    (request,) = server.requests
    assert request.method == "POST"
    assert request.path == f"/api/v1/athlete/{ATHLETE}/events/bulk?upsert=true"
    assert request.headers["authorization"] == basic(KEY)
    (event,) = request.events()
    contents = base64.b64decode(event.pop("file_contents_base64"))
    assert contents == compiled(STANDING, "zwo")
    assert event.pop("external_id").startswith("ridec-")
    assert event == {
        "category": "WORKOUT",
        "start_date_local": f"{MONDAY}T00:00:00",
        "type": "Ride",
        "name": "Standing technique",
        "filename": "standing.zwo",
    }
    assert result.stdout == (
        f"{STANDING}: {MONDAY} Standing technique: event 9000\n"
        f"intervals.icu athlete {ATHLETE}: 1 event created or updated\n"
    )
    assert f"{STANDING}: zwo: " in result.stderr  # the losses, as compile reports them
    assert waits == []


def test_a_plan_lands_week_by_week_and_a_second_push_updates_it(server: FakeIntervals) -> None:
    first = push(PLAN)
    assert first.exit_code == 0, first.stderr
    events = server.requests[0].events()
    assert len(events) == 6 * 5  # six weeks of 2 isolated-stroke and 3 standing sessions
    week_one = [(e["start_date_local"][:10], e["name"]) for e in events[:5]]
    assert week_one == [
        ("2026-05-04", "W1 Isolated pedal stroke"),
        ("2026-05-05", "W1 Standing technique"),
        ("2026-05-06", "W1 Isolated pedal stroke"),
        ("2026-05-08", "W1 Standing technique"),
        ("2026-05-09", "W1 Standing technique"),
    ]
    assert events[5]["start_date_local"] == "2026-05-11T00:00:00"
    assert events[-1]["name"] == "W6 Standing technique"
    assert len({e["external_id"] for e in events}) == 30
    again = push(PLAN, "--start", "2026-06-01")
    assert again.exit_code == 0, again.stderr
    moved = server.requests[1].events()
    assert [e["external_id"] for e in moved] == [e["external_id"] for e in events]
    assert len(server.calendar) == 30  # updated and moved, not added again
    assert moved[0]["start_date_local"] == "2026-06-01T00:00:00"


@pytest.mark.parametrize("target", ["fit", "erg", "mrc", "zwo"])
def test_as_sends_that_format_byte_for_byte(server: FakeIntervals, target: str) -> None:
    result = push(STANDING, "--as", target)
    assert result.exit_code == 0, result.stderr
    (event,) = server.requests[0].events()
    assert event["filename"] == f"standing.{target}"
    assert base64.b64decode(event["file_contents_base64"]) == compiled(STANDING, target)


def test_intervals_icu_text_goes_as_the_description(server: FakeIntervals) -> None:
    """`--as icu`: intervals.icu's own workout text, in the event's description, no file."""
    source = STANDING.parent / "sweet-spot.ride"
    result = push(source, "--as", "icu")
    assert result.exit_code == 0, result.stderr
    (event,) = server.requests[0].events()
    assert "filename" not in event and "file_contents_base64" not in event
    assert event["description"].encode() == compiled(source, "icu")
    assert "- Warm up 10m ramp 50-75% 85-95rpm" in event["description"]  # intervals.icu's words


def test_a_refused_key_is_an_error_with_the_answer_and_nothing_claimed(
    server: FakeIntervals, monkeypatch: pytest.MonkeyPatch, waits: list[float]
) -> None:
    monkeypatch.setenv("INTERVALS_ICU_API_KEY", "wrongkey0000")
    result = push(STANDING)
    assert result.exit_code == 1
    assert result.stdout == ""
    url = f"{server.url}/api/v1/athlete/{ATHLETE}/events/bulk"
    assert (
        f"{url}: error: intervals.icu refused the key (HTTP 401: Access denied: invalid API key)"
        in result.stderr
    )
    assert "INTERVALS_ICU_API_KEY" in result.stderr  # the hint says where the key goes
    assert len(server.requests) == 1 and waits == []


def test_a_forbidden_athlete_is_the_key_refused_with_the_same_hint(
    server: FakeIntervals, waits: list[float]
) -> None:
    # 403: the key is valid but not the athlete's own nor one it coaches.
    server.script.append(Scripted(403, {"status": 403, "error": "Access denied"}))
    result = push(STANDING)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "error: intervals.icu refused the key (HTTP 403: Access denied)" in result.stderr
    assert "must be the key's own or one it coaches" in result.stderr
    assert len(server.requests) == 1 and waits == []


def test_an_unknown_athlete_is_an_error_naming_it(server: FakeIntervals) -> None:
    result = push(STANDING, athlete="i999")
    assert result.exit_code == 1
    assert "no such athlete i999 on intervals.icu (HTTP 404: Athlete not found)" in result.stderr
    assert result.stdout == ""


def test_429_waits_as_retry_after_says_then_succeeds(
    server: FakeIntervals, waits: list[float]
) -> None:
    server.script.append(Scripted(429, {"status": 429, "error": "slow down"}, {"Retry-After": "7"}))
    result = push(STANDING)
    assert result.exit_code == 0, result.stderr
    assert waits == [7.0]
    assert len(server.requests) == 2
    assert server.requests[0].body == server.requests[1].body
    assert "1 event created or updated" in result.stdout


def test_500s_are_tried_four_times_then_reported(server: FakeIntervals, waits: list[float]) -> None:
    for _ in range(4):
        server.script.append(
            Scripted(500, {"status": 500, "error": "java.lang.NullPointerException"})
        )
    result = push(STANDING)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert waits == [1.0, 2.0, 4.0]
    assert len(server.requests) == 4
    assert (
        "intervals.icu failed (HTTP 500: java.lang.NullPointerException) on all 4 attempts; "
        "no event was confirmed"
    ) in result.stderr


def test_a_500_then_200_succeeds(server: FakeIntervals, waits: list[float]) -> None:
    server.script.append(Scripted(502, b"<html>Bad gateway</html>"))
    result = push(STANDING)
    assert result.exit_code == 0, result.stderr
    assert waits == [1.0]


def test_a_wait_beyond_the_budget_stops_at_once(server: FakeIntervals, waits: list[float]) -> None:
    server.script.append(
        Scripted(429, {"status": 429, "error": "Too many requests"}, {"Retry-After": "3600"})
    )
    result = push(STANDING)
    assert result.exit_code == 1
    assert waits == [] and len(server.requests) == 1
    assert (
        "is limiting requests (HTTP 429: Too many requests) on the only attempt, "
        "then asked to wait 3600 s" in result.stderr
    )


def test_an_answer_without_the_events_is_not_claimed(server: FakeIntervals) -> None:
    server.script.append(Scripted(200, {"status": "ok"}))
    result = push(STANDING)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "answered HTTP 200 without the list of events" in result.stderr


def test_an_unreachable_server_is_tried_then_reported(
    monkeypatch: pytest.MonkeyPatch, waits: list[float]
) -> None:
    with socket.socket() as probe:  # a port nothing listens on once it is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("INTERVALS_ICU_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("INTERVALS_ICU_API_KEY", KEY)
    result = push(STANDING)
    assert result.exit_code == 1
    assert "could not reach intervals.icu" in result.stderr
    assert "on all 4 attempts; no event was sent" in result.stderr
    assert waits == [1.0, 2.0, 4.0]


def test_dry_run_prints_the_events_and_sends_nothing(server: FakeIntervals) -> None:
    dry = push(PLAN, "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert server.requests == []
    shown = json.loads(dry.stdout)
    assert shown["request"] == f"POST {server.url}/api/v1/athlete/{ATHLETE}/events/bulk?upsert=true"
    assert shown["authorization"] == "basic API_KEY:******** (INTERVALS_ICU_API_KEY)"
    real = push(PLAN)
    assert real.exit_code == 0, real.stderr
    assert shown["events"] == server.requests[0].events()


def test_the_key_is_never_shown(
    server: FakeIntervals,
    waits: list[float],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    server.script += [
        Scripted(401, {"status": 401, "error": f"API key {KEY} is not valid"}),
        Scripted(500, f"internal error for Basic {basic(KEY)[6:]}".encode()),
        *[Scripted(503, {"error": f"down, key {KEY}"}) for _ in range(4)],
    ]
    outputs = []
    for extra in ([], [], [], ["--dry-run"], ["--as", "fit"]):
        result = push(STANDING, *extra)
        outputs += [result.stdout, result.stderr]
    monkeypatch.setenv("INTERVALS_ICU_URL", "http://127.0.0.1:1")
    result = push(STANDING)
    outputs += [result.stdout, result.stderr, caplog.text]
    everything = "\n".join(outputs)
    assert "API key **** is not valid" in everything  # the answer shown, the key masked
    for secret in (KEY, basic(KEY)[6:]):
        assert secret not in everything


def test_without_a_key_nothing_is_compiled_or_sent(
    server: FakeIntervals, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("INTERVALS_ICU_API_KEY")
    result = push(STANDING)
    assert result.exit_code == 1
    assert "error: INTERVALS_ICU_API_KEY is not set" in result.stderr
    assert "zwo:" not in result.stderr and server.requests == []
    dry = push(STANDING, "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert "API_KEY:not set" in json.loads(dry.stdout)["authorization"]


def test_the_start_day_is_today_by_default(server: FakeIntervals) -> None:
    before = dt.date.today()
    result = runner.invoke(app, ["push", str(STANDING), "--intervals", ATHLETE])
    after = dt.date.today()
    assert result.exit_code == 0, result.stderr
    day = server.requests[0].events()[0]["start_date_local"][:10]
    assert day in (before.isoformat(), after.isoformat())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--intervals", "i1/../x"], "--intervals expects an athlete id"),
        (["--intervals", ATHLETE, "--as", "json"], "--as expects one of zwo, erg, mrc, fit"),
        (["--intervals", ATHLETE, "--start", "4 May"], "--start expects a day written YYYY-MM-DD"),
    ],
)
def test_malformed_options_are_usage_errors(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["push", str(STANDING), *args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_base_url_that_is_not_http_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVALS_ICU_URL", "ftp://intervals.example")
    result = push(STANDING, "--dry-run")
    assert result.exit_code == 1
    assert "INTERVALS_ICU_URL must be an http(s) address" in result.stderr


def test_retry_after_reads_seconds_and_dates() -> None:
    now = dt.datetime(2026, 5, 4, 12, 0, 0, tzinfo=dt.UTC)
    assert intervals_http.retry_after({"Retry-After": "30"}, now) == 30.0
    assert intervals_http.retry_after({"retry-after": "Mon, 04 May 2026 12:00:45 GMT"}, now) == 45.0
    assert intervals_http.retry_after({"Retry-After": "Mon, 04 May 2026 11:00:00 GMT"}, now) == 0.0
    assert intervals_http.retry_after({"Retry-After": "soon"}, now) is None
    assert intervals_http.retry_after({}, now) is None
