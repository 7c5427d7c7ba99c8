"""Floats written as decimals, rounded half up, in integer arithmetic.

The writers and the printer write a float as the decimal its `repr` names (`72.45` is
72.45, not the binary value just below it), rounded half away from zero to a number of
places, without trailing zeros and never with an exponent. They did so with `decimal`
(`Decimal(repr(x)).quantize(...)`), which costs about 1 ms to import at every start; these
functions give the very same text from the digits of `repr` with Python integers
(`tests/core/test_decimals.py` holds them to the `Decimal` expressions they replace, for
every finite float where the `Decimal` expression gives a result).
"""

from __future__ import annotations


def digits(value: float) -> tuple[bool, int, int]:
    """(negative, coefficient, exponent) of the decimal `repr(value)` names: the value is
    `coefficient * 10**exponent`, negated when `negative`. Raises ValueError for a value
    that is not finite."""
    text = repr(float(value))  # "72.5", "-0.0", "1e-05", "1.5e+16", "inf"
    negative = text.startswith("-")
    mantissa, _, exponent = text.lstrip("-").partition("e")
    whole, _, fraction = mantissa.partition(".")
    coefficient = int(whole + fraction)  # ValueError for "inf" and "nan"
    return negative, coefficient, (int(exponent) if exponent else 0) - len(fraction)


def half_up_units(value: float, places: int, shift: int = 0) -> int:
    """`value * 10**shift` rounded half away from zero to `places` decimals, counted in
    units of the last place (`half_up_units(0.7245, 3) == 725`; negative for a negative
    value)."""
    negative, coefficient, exponent = digits(value)
    scale = exponent + shift + places
    # (`int ** int` is typed Any: a negative exponent would give a float)
    units: int = whole_half_up(coefficient, -scale) if scale < 0 else coefficient * 10**scale
    return -units if negative else units


def whole_half_up(units: int, places: int) -> int:
    """`units / 10**places` rounded half up to a whole number (`units` is never negative):
    `whole_half_up(25, 1) == 3`."""
    step: int = 10**places
    return (2 * units + step) // (2 * step)


def units_text(units: int, places: int) -> str:
    """`units` of `10**-places` as a plain decimal without trailing zeros (`725, 3` is
    `0.725`, `75000, 3` is `75`); zero is `0`, never `-0`."""
    sign = "-" if units < 0 else ""
    whole, fraction = divmod(abs(units), 10**places)
    if not fraction:
        return f"{sign}{whole}" if whole else "0"
    return f"{sign}{whole}.{fraction:0{places}d}".rstrip("0")


def half_up(value: float, places: int, shift: int = 0) -> str:
    """`value * 10**shift` rounded half away from zero to `places` decimals, written
    without trailing zeros: `half_up(72.45, 1) == "72.5"`, `half_up(75.0, 3, -2) ==
    "0.75"`, `half_up(-0.001, 2) == "0"`."""
    return units_text(half_up_units(value, places, shift), places)


def plain(value: float) -> str:
    """The decimal `repr(value)` names, written without an exponent: `1e-05` is
    `0.00001`, `72.5` stays `72.5`, `-0.0` is `-0.0`."""
    negative, coefficient, exponent = digits(value)
    sign = "-" if negative else ""
    if exponent >= 0:
        return f"{sign}{coefficient}{'0' * exponent}"
    text = str(coefficient).rjust(1 - exponent, "0")
    return f"{sign}{text[:exponent]}.{text[exponent:]}"
