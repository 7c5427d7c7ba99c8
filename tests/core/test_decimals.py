"""`ridec.decimals` gives the very text of the `Decimal` expressions it replaced (the ZWO
and ERG/MRC writers' half-up rounding, the printer's numbers), for every finite float the
expressions give a result for; ties are generated on purpose (random floats seldom are)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import pytest
from hypothesis import example, given, reject
from hypothesis import strategies as st

from ridec import decimals

FINITE = st.floats(allow_nan=False, allow_infinity=False)
SHORT = st.builds(
    lambda coefficient, exponent: float(f"{coefficient}e{exponent}"),
    st.integers(-(10**17), 10**17),
    st.integers(-12, 12),
)
"""Floats whose repr is a short decimal: ties (`0.0005`, `72.45`) are common among them."""
NUMBERS = FINITE | SHORT
PLACES = st.integers(0, 4)
SHIFTS = st.sampled_from([-2, 0, 2])


def decimal_half_up(value: float, places: int, shift: int) -> str:
    """The expression the writers used: `Decimal(repr(x))` scaled (by 100 in the ZWO
    writer's `/ 100`), quantized half up, normalized, written with "f", `-0` as `0`."""
    number = Decimal(repr(value))
    if shift < 0:
        number = number / 10 ** -shift
    elif shift > 0:
        number = number * 10**shift
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = format(rounded.normalize(), "f")
    return "0" if text in ("-0", "0") else text


@given(NUMBERS, PLACES, SHIFTS)
@example(72.45, 1, 0)
@example(0.0005, 3, 0)
@example(-0.0005, 3, 0)
@example(-0.001, 2, 0)
@example(62.45, 3, -2)
@example(1e-05, 2, 0)
@example(1.5e16, 2, 0)
def test_half_up_is_the_decimal_expression(value: float, places: int, shift: int) -> None:
    try:
        expected = decimal_half_up(value, places, shift)
    except InvalidOperation:  # more digits than Decimal's 28: no value ridec writes
        reject()
    assert decimals.half_up(value, places, shift) == expected


@given(NUMBERS, PLACES, SHIFTS)
def test_units_compare_as_the_written_decimals(value: float, places: int, shift: int) -> None:
    units = decimals.half_up_units(value, places, shift)
    assert Decimal(decimals.half_up(value, places, shift)) == Decimal(units).scaleb(-places)


@given(NUMBERS)
@example(1e-05)
@example(-0.0)
@example(75.0)
@example(1.5e-07)
def test_plain_is_the_printers_decimal(value: float) -> None:
    assert decimals.plain(value) == format(Decimal(repr(value)), "f")


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
def test_a_value_that_is_not_finite_is_refused(value: float) -> None:
    with pytest.raises(ValueError):
        decimals.half_up(value, 2)
