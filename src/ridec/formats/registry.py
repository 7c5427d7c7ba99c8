"""The format registry: one entry per format, from which everything that lists or dispatches
on formats is derived: the CLI's `-t` choices, `-t all`, `import`'s and `compile`'s reading
by extension, `validate`'s checking by extension, and the API.

Entries name the writer, reader and checker by import path so that compiling to JSON never
imports lxml, and `ridec --help` imports no format at all.
"""

from __future__ import annotations

from ridec.diagnostics import did_you_mean
from ridec.formats.base import Capability, FormatEntry, Writer

_ZWO = "ridec.formats.zwo"
_FIT = "ridec.formats.fit"
_ERGMRC = "ridec.formats.ergmrc"
_JSON = "ridec.formats.json"
_ICU = "ridec.formats.icu"
_EVERYTHING = ~Capability.NONE

REGISTRY: dict[str, FormatEntry] = {
    entry.name: entry
    for entry in (
        FormatEntry(
            "zwo",
            (".zwo",),
            writer=f"{_ZWO}.writer:ZwoWriter",
            checker=f"{_ZWO}.checker:check_file",
            reader=f"{_ZWO}.reader:read_zwo",
            capabilities=Capability.CADENCE
            | Capability.CADENCE_RANGES
            | Capability.RAMPS
            | Capability.FREE_RIDE
            | Capability.TEXT_CUES,
        ),
        FormatEntry(
            "erg",
            (".erg",),
            writer=f"{_ERGMRC}.writer:ErgWriter",
            checker=f"{_ERGMRC}.checker:check_file",
            reader=f"{_ERGMRC}.reader:read_course",
            capabilities=Capability.RAMPS | Capability.TEXT_CUES,
        ),
        FormatEntry(
            "mrc",
            (".mrc",),
            writer=f"{_ERGMRC}.writer:MrcWriter",
            checker=f"{_ERGMRC}.checker:check_file",
            reader=f"{_ERGMRC}.reader:read_course",
            capabilities=Capability.RAMPS | Capability.TEXT_CUES,
        ),
        FormatEntry(
            "fit",
            (".fit",),
            writer=f"{_FIT}.writer:FitWriter",
            checker=f"{_FIT}.checker:diagnostics",
            reader=f"{_FIT}.reader:read_fit",
            capabilities=Capability.CADENCE
            | Capability.CADENCE_RANGES
            | Capability.POWER_RANGES
            | Capability.LAP_STEPS
            | Capability.FREE_RIDE
            | Capability.REPEATS,
        ),
        FormatEntry(
            "json",
            (".json",),
            writer=f"{_JSON}.writer:JsonWriter",
            checker=f"{_JSON}.checker:check_file",
            capabilities=_EVERYTHING,
        ),
        FormatEntry(
            "icu",
            (".icu",),
            writer=f"{_ICU}.writer:IcuWriter",
            checker=f"{_ICU}.checker:check_file",
            reader=f"{_ICU}.reader:read_icu",
            capabilities=Capability.CADENCE
            | Capability.CADENCE_RANGES
            | Capability.POWER_RANGES
            | Capability.RAMPS
            | Capability.TEXT_CUES
            | Capability.LAP_STEPS
            | Capability.FREE_RIDE
            | Capability.REPEATS,
            in_all=False,
        ),
    )
}
"""Format name -> entry, in the order `-t all` writes them (those `in_all`)."""


ALL: tuple[str, ...] = tuple(name for name, e in REGISTRY.items() if e.in_all)
"""What `-t all` (and `ridec build` by default) writes: the files riders load into players
and head units. Text to paste into a web tool (intervals.icu) is asked for by name."""


class UnknownTargetError(ValueError):
    """A `-t` value names no format. `str()` is the command line's message; the API words
    its own from `name` and `hint` (it has `formats=`, not targets)."""

    def __init__(self, name: str) -> None:
        self.name = name
        """The name that is no format."""
        self.hint = did_you_mean(name, REGISTRY) or f"choose from {', '.join(REGISTRY)} or all"
        """The closest format's name, or the names to choose from."""
        super().__init__(f"unknown target '{name}': {self.hint}")


def entry(name: str) -> FormatEntry:
    """The format registered as `name`."""
    if name not in REGISTRY:
        raise UnknownTargetError(name)
    return REGISTRY[name]


def writer(name: str) -> Writer:
    """A writer for the format registered as `name`, its module imported on first use."""
    return entry(name).new_writer()


def by_extension(suffix: str) -> FormatEntry | None:
    """The format whose files end in `suffix` (`.zwo`, any case), or None."""
    suffix = suffix.lower()
    return next((e for e in REGISTRY.values() if suffix in e.extensions), None)


def readable_extensions() -> tuple[str, ...]:
    """The extensions of every format ridec reads, in registry order."""
    return tuple(ext for e in REGISTRY.values() if e.reader is not None for ext in e.extensions)


def checkable_extensions() -> tuple[str, ...]:
    """The extensions of every format ridec checks, in registry order."""
    return tuple(ext for e in REGISTRY.values() for ext in e.extensions)


def parse_targets(spec: str) -> list[str]:
    """Format names from a `-t` value: `all` (the formats in `ALL`), or a comma-separated
    list, `all` among them (`all,icu`); order kept, no repeats."""
    names: list[str] = []
    for part in (p.strip().lower() for p in spec.split(",")):
        if part == "all":
            names.extend(ALL)
        elif part in REGISTRY:
            names.append(part)
        else:
            raise UnknownTargetError(part)
    return list(dict.fromkeys(names))
