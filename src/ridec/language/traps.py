"""Steps that parse but most likely do not say what the coach meant: warnings, not errors.

- **A step without a target rides free** (`rest 2m`): the trainer leaves ERG mode and the
  head unit shows no target, which a coach who forgot the target does not expect. The fix
  writes `free`, which says the same thing on purpose; the hint names the other way out, a
  target. A `lap` step is left alone: "ride until you press lap" with no target is how an
  open step is written (`lap "Free spin: press lap when ready"`).
- **A steady range on a warm-up or cool-down** (`warmup 10m 50-70%`) is a band held the whole
  step, while coaches from Zwift, whose warm-ups and cool-downs are ramps, mean a ramp. The
  fix writes the ramp, upwards on a warm-up, downwards on a cool-down. A zone (`warmup 10m
  z2`) is a band by its nature and is left alone.

Warnings never fail `ridec check`; `--strict` (compile, validate) makes them errors, as it does
every warning.
"""

from __future__ import annotations

from ridec.diagnostics import Diagnostic, Fix, Severity, Span
from ridec.language.tokens import Token
from ridec.model import Intensity, Lap, Step, Target, TargetKind

NO_TARGET = "source.no-target"
"""The code of the warning for a step without a target."""
BAND_ON_RAMP_STEP = "source.band-on-warmup"
"""The code of the warning for a steady range on a warm-up or cool-down."""


def step_warnings(step: Step, head: Span, target: Token | None) -> list[Diagnostic]:
    """The traps a step that parsed falls into.

    `head` covers the step's intensity and duration; `target` is the target's token, None
    when the step has none.
    """
    found = [_no_target(step, head) if target is None else _band_on_ramp_step(step, target)]
    return [diagnostic for diagnostic in found if diagnostic is not None]


def _no_target(step: Step, head: Span) -> Diagnostic | None:
    if isinstance(step.duration, Lap):
        return None
    written = (head.source.text or "")[head.start : head.end]
    message = f"`{written}` has no target: it is a free ride (the trainer leaves ERG mode)"
    hint = "give it a target (`55%`, `z1`, `150w`), or write `free` if a free ride is meant"
    fix = Fix(Span(head.source, head.end, head.end), " free")
    return Diagnostic(Severity.WARNING, message, head, hint, fix=fix, code=NO_TARGET)


def _band_on_ramp_step(step: Step, token: Token) -> Diagnostic | None:
    target = step.target
    if step.intensity not in (Intensity.WARMUP, Intensity.COOLDOWN):
        return None
    if not isinstance(target, Target) or target.kind is not TargetKind.RANGE or target.zone:
        return None
    assert target.low is not None and target.high is not None
    from ridec.language.printer import format_power

    ends = (target.low, target.high)
    start, end = ends if step.intensity is Intensity.WARMUP else ends[::-1]
    ramp = f"{format_power(start)}->{format_power(end)}"
    what = "warm-up" if step.intensity is Intensity.WARMUP else "cool-down"
    message = f"`{token.text}` on a {what} is a steady band, held the whole step: not a ramp"
    hint = f"for a ramp, as Zwift's {what}s are, write `{ramp}`; keep the range if a band is meant"
    fix = Fix(token.span, ramp)
    return Diagnostic(Severity.WARNING, message, token.span, hint, fix=fix, code=BAND_ON_RAMP_STEP)
