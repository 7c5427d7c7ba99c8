"""From the files given to a report: folders searched, each ride read, lined up and counted.

Rides are read one at a time through `review`'s activity reader and only their figures are
kept, so memory holds one ride's records at a time however many rides there are. A file that
cannot be read, or has nothing to count, becomes one located error and the others are still
reported.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from ridec.diagnostics import Diagnostic, DiagnosticError, Severity, Source, Span, error
from ridec.leftright.report import BalanceReport, build_report
from ridec.leftright.ride import NothingToCountError, RideBalance, Setting, ride_balance
from ridec.limits import MAX_BALANCE_RIDES
from ridec.review.activity import Activity, parse_activity, read_activity
from ridec.review.align import AlignMode, Window, align, closest_plan
from ridec.timeline import Timeline

RIDE_EXTENSION = ".fit"
"""Files a folder is searched for (any case: head units write `.FIT`)."""
RideInput = str | os.PathLike[str] | bytes | tuple[str, bytes]
"""A ride: a file or folder, the bytes of a file, or a name and its bytes."""


def balance_report(
    inputs: Iterable[RideInput],
    *,
    ftp: int | None = None,
    setting: Setting | None = None,
    against: Sequence[Timeline] = (),
) -> BalanceReport:
    """Every ride counted, pooled by setting; the files refused in `problems`."""
    rides: list[RideBalance] = []
    problems: list[Diagnostic] = []
    for name, load in _loaders(inputs):
        try:
            activity = load()
        except DiagnosticError as exc:
            problems.extend(exc.diagnostics)
            continue
        problems.extend(activity.warnings)
        try:
            rides.append(_counted(activity, ftp, setting, against))
        except NothingToCountError as exc:
            span = Span(Source(name), 0, 0)
            problems.append(error(f"nothing to count: {exc.reason}", span, HINT_NOTHING))
    return build_report(rides, problems, ftp)


HINT_NOTHING = "balance needs power, cadence and left/right balance: dual-sided pedals or cranks"


def _counted(
    activity: Activity, ftp: int | None, setting: Setting | None, against: Sequence[Timeline]
) -> RideBalance:
    """One ride's figures; with plans, the closest to the ride's length lined up as review
    lines it up (by laps when they match the plan, else from the first record)."""
    windows: tuple[Window, ...] = ()
    plan_ftp = None
    if against:
        plan = closest_plan(against, activity)
        windows = align(plan, activity, AlignMode.AUTO).windows
        plan_ftp = plan.ftp
    return ride_balance(
        activity, ftp=ftp or plan_ftp or activity.ftp, setting=setting, windows=windows
    )


def _loaders(inputs: Iterable[RideInput]) -> Iterator[tuple[str, Callable[[], Activity]]]:
    """(name, read it) for every ride, folders searched; more than MAX_BALANCE_RIDES is an
    error before any is read."""
    found: list[tuple[str, Callable[[], Activity]]] = []
    for given in inputs:
        found.extend(_expand(given))
        if len(found) > MAX_BALANCE_RIDES:
            message = f"more than {MAX_BALANCE_RIDES:,} rides; ridec balance reads at most that"
            raise DiagnosticError([error(message, hint="give fewer files or folders")])
    return iter(found)


def _expand(given: RideInput) -> list[tuple[str, Callable[[], Activity]]]:
    if isinstance(given, bytes):
        return [("<ride>", lambda: parse_activity(given, "<ride>"))]
    if isinstance(given, tuple):
        name, data = given
        return [(name, lambda: parse_activity(data, name))]
    path = Path(given)
    if not path.is_dir():
        return [(str(path), lambda: read_activity(path))]
    rides = find_rides(path)
    if not rides:
        return [(str(path), lambda: _no_rides(path))]
    return [(str(p), _reader(p)) for p in rides]


def _no_rides(folder: Path) -> Activity:
    message = f"no {RIDE_EXTENSION} files in the folder or below it"
    hint = "give the folder your head unit's rides are in"
    raise DiagnosticError([Diagnostic(Severity.ERROR, message, hint=hint, path=str(folder))])


def _reader(path: Path) -> Callable[[], Activity]:
    return lambda: read_activity(path)


def find_rides(folder: Path) -> list[Path]:
    """The `.fit` files under `folder`, sorted; links to folders are not followed."""
    found: list[Path] = []
    for root, folders, files in os.walk(folder):
        folders.sort()
        found.extend(
            Path(root, name) for name in sorted(files) if name.lower().endswith(RIDE_EXTENSION)
        )
        if len(found) > MAX_BALANCE_RIDES:
            break
    return found
