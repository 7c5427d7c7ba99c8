"""ridec: a compiler for structured cycling workouts.

Coaches write workouts in a small text language (`.ride`, and `.plan` for multi-week
progressions); ridec compiles them to ZWO (Zwift), ERG and MRC (TrainerRoad,
GoldenCheetah), FIT workout files (Garmin, Wahoo, Hammerhead) and JSON, checks every file
before it is returned, reports what each format loses, and reads those formats back.

The API, for programs that embed ridec (all of it is defined in `ridec.api`):

    import ridec

    workout = ridec.parse(text, "standing.ride")          # a checked model
    workout = ridec.bind(workout, {"reps": "5"}, ftp=280)  # parameters and FTP set
    for output in ridec.compile(workout, ["zwo", "fit"]):  # bytes, checked, with the losses
        store(output.format, output.data, output.fidelity.losses())
    ridec.read(data, "ride.fit").workout                   # any supported file back to a model
    ridec.validate(data, "upload.zwo")                     # [] when the file is valid
    ridec.build(["workouts"], "dist")                      # a whole library, as `ridec build`

- `parse(text, path)`, `parse_file(path)`: `.ride` source to a checked `Workout`.
- `bind(workout, params, ftp=)`: `let` parameters and the FTP set.
- `compile(workout, formats, options)`: a list of `Compiled` (`format`, `data`,
  `fidelity`), one per format asked for (`"all"`: every format of `FORMATS` but `icu`);
  `CompileOptions` holds every output option.
- `read(data, name)`, `read_file(path)`: any supported file back to a `Loaded` workout
  (`format=` reads any name as a format: `read(text, "icu")` for intervals.icu text).
- `validate(data, name)`, `validate_file(path)`: every problem, as `Diagnostic`s.
- `load_units(path)`: the workouts of a file, one per week and workout for a `.plan`.
- `lower(workout, ftp)`: the `Timeline` every format is written from.
- `format_entry(name)`: what a format keeps exactly (`Capability`).
- `balance(rides, ftp)`: left/right balance across recorded rides (activity FIT files), as
  a `BalanceReport` of `RideBalance`s pooled by `RideSetting` (indoor, outdoor), with the
  drift inside rides and the trend by date; `report.to_json()` is the documented document.
- `build(sources, out, options, client=None)`: a library into a folder, as `ridec build`
  (`BuildOptions`; a `BuildReport` back); with a `distributed.Client`, on a Dask cluster.

Every function is pure: nothing is printed and nothing is kept between calls. Problems in
the input raise `DiagnosticError`, whose `diagnostics` are located and carry hints.
"""

from __future__ import annotations

TYPE_CHECKING = False
"""`typing.TYPE_CHECKING` without importing `typing` (type checkers take any name so spelt
as true): `ridec --version` imports this package, and `typing` would be most of its cost."""

if TYPE_CHECKING:
    from typing import Any

    from ridec.api import (
        FORMATS,
        FTP_RANGE,
        ActivationMode,
        ActivationName,
        BalanceReport,
        BuildOptions,
        BuildReport,
        Capability,
        Compiled,
        CompileOptions,
        Diagnostic,
        DiagnosticError,
        Fidelity,
        FormatEntry,
        FtpRequiredError,
        Loaded,
        Loss,
        LossKind,
        RampMode,
        RampName,
        RideBalance,
        RideSetting,
        Severity,
        TargetSkippedError,
        Timeline,
        Unit,
        Workout,
        balance,
        bind,
        build,
        compile,
        format_entry,
        load_units,
        lower,
        parse,
        parse_file,
        read,
        read_file,
        validate,
        validate_file,
    )

__version__ = "0.1.0"

__all__ = [
    "FORMATS",
    "FTP_RANGE",
    "ActivationMode",
    "ActivationName",
    "BalanceReport",
    "BuildOptions",
    "BuildReport",
    "Capability",
    "CompileOptions",
    "Compiled",
    "Diagnostic",
    "DiagnosticError",
    "Fidelity",
    "FormatEntry",
    "FtpRequiredError",
    "Loaded",
    "Loss",
    "LossKind",
    "RampMode",
    "RampName",
    "RideBalance",
    "RideSetting",
    "Severity",
    "TargetSkippedError",
    "Timeline",
    "Unit",
    "Workout",
    "__version__",
    "balance",
    "bind",
    "build",
    "compile",
    "format_entry",
    "load_units",
    "lower",
    "parse",
    "parse_file",
    "read",
    "read_file",
    "validate",
    "validate_file",
]


def __getattr__(name: str) -> Any:
    """The API's names, imported on first use: `ridec --help` loads none of the compiler."""
    if name in __all__:
        from ridec import api

        return getattr(api, name)
    raise AttributeError(f"module 'ridec' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
