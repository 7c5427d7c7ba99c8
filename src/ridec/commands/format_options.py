"""The options that change output bytes, shared by `compile` and `build`.

Each command declares them with these aliases and turns them into one `CompileOptions`
with `compile_options`, so both commands accept the same spellings and defaults.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from ridec.commands.common import usage_error
from ridec.formats.registry import ALL, REGISTRY

if TYPE_CHECKING:
    from ridec.formats.base import CompileOptions


class Activation(StrEnum):
    """Where the activation routine goes (mirrors formats.base.ActivationMode)."""

    auto = "auto"
    notes = "notes"
    steps = "steps"


Targets = Annotated[
    str,
    typer.Option(
        "-t",
        "--target",
        metavar="FORMATS",
        help=f"Formats: {','.join(REGISTRY)} or all ({','.join(ALL)}), comma-separated.",
    ),
]
Unicode = Annotated[
    bool, typer.Option("--unicode", help="Keep non-ASCII text in ZWO (Zwift may ignore it).")
]
DEFAULT_ACTIVATION = Activation.auto
"""The checklist in FIT's description when it fits, else lap-button steps (compile, build, push)."""
DEFAULT_FIT_RAMP = "step"
"""Ramps as 30 s steps, 60 s ones when that keeps a workout within the step limit."""

ActivationOption = Annotated[
    Activation,
    typer.Option(
        metavar="auto|notes|steps",
        help=(
            "Activation routine: in the description (notes), as FIT lap-button steps (steps), "
            "or in the description unless it does not fit FIT's, then steps (auto)."
        ),
    ),
]
FitRamp = Annotated[
    str,
    typer.Option(
        metavar="MODE",
        help=(
            "FIT ramps: step (30 s steps, 60 s when that keeps to --fit-max-steps), "
            "step:20s (steps of that length) or range (one step)."
        ),
    ),
]
FitPowerBand = Annotated[
    str,
    typer.Option(metavar="PCT", help="Widen single FIT power values to +/- this band, e.g. 3%."),
]
FitMaxSteps = Annotated[
    int,
    typer.Option(
        min=1, metavar="N", help="Warn above this many FIT steps (50: Garmin's limit)."
    ),
]
FitNestedRepeats = Annotated[bool, typer.Option(help="Keep inner repeats as FIT repeat steps.")]
Created = Annotated[
    str | None,
    typer.Option(metavar="TIME", help="FIT time_created (ISO 8601) for reproducible builds."),
]

_RAMP = re.compile(r"^(?:(range)|step(?::(\d+)(s|m)?)?)$", re.IGNORECASE)
_BAND = re.compile(r"^(\d+(?:\.\d+)?)%?$")


def compile_options(
    *,
    ftp: int | None,
    unicode: bool,
    activation: Activation,
    fit_ramp: str,
    fit_power_band: str,
    fit_max_steps: int,
    fit_nested_repeats: bool,
    created: str | None,
) -> CompileOptions:
    """The options as the targets take them; a malformed value is a usage error (exit 2)."""
    from ridec.formats.base import ActivationMode, CompileOptions, RampMode

    ramp = _RAMP.match(fit_ramp.strip())
    if not ramp:
        usage_error(f"--fit-ramp expects step, step:30s or range, got {fit_ramp!r}")
    band = _BAND.match(fit_power_band.strip())
    if not band:
        usage_error(f"--fit-power-band expects a percentage such as 3%, got {fit_power_band!r}")
    step_s = None  # `step` alone: 30 s, or 60 s when 30 s steps would pass the step limit
    if ramp.group(2):
        step_s = int(ramp.group(2)) * (60 if (ramp.group(3) or "s").lower() == "m" else 1)
        if step_s < 1:
            usage_error("--fit-ramp step length must be at least 1 s")
    try:
        return CompileOptions(
            ftp=ftp,
            ascii_text=not unicode,
            activation=ActivationMode(activation.value),
            fit_ramp=RampMode.RANGE if ramp.group(1) else RampMode.STEP,
            fit_ramp_step_s=step_s,
            fit_power_band_pct=float(band.group(1)),
            fit_max_steps=fit_max_steps,
            fit_nested_repeats=fit_nested_repeats,
            created=_created(created),
        )
    except ValueError as exc:  # what CompileOptions refuses (a band of 500 %), said as options
        message = str(exc)
        for field, option in _OPTION_NAMES.items():
            message = message.replace(field, option)
        usage_error(message)


_OPTION_NAMES = {
    "fit_power_band_pct": "--fit-power-band",
    "fit_ramp_step_s": "the --fit-ramp step (seconds)",
    "fit_max_steps": "--fit-max-steps",
}
"""CompileOptions' field names as the command line spells them."""


def _created(created: str | None) -> dt.datetime | None:
    if created is None:
        return None
    try:
        when = dt.datetime.fromisoformat(created)
    except ValueError:
        usage_error(f"--created expects an ISO 8601 time (2026-01-01T00:00:00Z), not {created!r}")
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def named_targets(spec: str) -> frozenset[str]:
    """The targets `-t` names one by one (not through `all`): a format named that cannot be
    written is an error, where under `all` it is left out with a line saying why."""
    return frozenset(p.strip().lower() for p in spec.split(",")) - {"all"}
