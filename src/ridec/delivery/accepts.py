"""The formats each destination accepts, light enough to import for the command line's help
(the registry names formats without loading any).

A Garmin takes FIT workouts, Zwift ZWO; intervals.icu reads ZWO, MRC, ERG and FIT files and
its own workout text (`icu`, sent as the event's description). `--as` offers those ridec
writes, from the registry, so a format registered later is offered once it is there.
"""

from __future__ import annotations

from ridec.formats.registry import REGISTRY

GARMIN_FORMAT = "fit"
ZWIFT_FORMAT = "zwo"
INTERVALS_FILE_FORMATS = ("zwo", "mrc", "erg", "fit")
"""The files intervals.icu reads a planned workout from."""
INTERVALS_TEXT_FORMATS = ("icu",)
"""Formats sent as the event's `description`: intervals.icu's workout text."""
INTERVALS_DEFAULT_FORMAT = "zwo"


def intervals_formats() -> tuple[str, ...]:
    """The formats `--as` offers: those intervals.icu takes that ridec writes, in the
    registry's order."""
    accepted = (*INTERVALS_FILE_FORMATS, *INTERVALS_TEXT_FORMATS)
    return tuple(name for name in REGISTRY if name in accepted)
