"""The ZWO writer's numbers without `decimal`: the same text as the `Decimal` expressions
they replaced, for every cadence and every power ridec can write."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from ridec.formats.zwo.writer_blocks import _thousandths, fraction, rpm
from ridec.model import Cadence

PERCENTS = st.floats(0, 10_000, allow_nan=False) | st.builds(
    lambda units, places: units / 10**places, st.integers(0, 10**6), st.integers(0, 4)
)
"""% FTP (the language's limit is far below 10,000 %), ties among them (62.45, 0.05)."""


@given(st.integers(-1000, 1000), st.integers(-1000, 1000))
def test_rpm_is_the_decimal_midpoint_rounded_half_up(low: int, high: int) -> None:
    expected = str(int(Decimal(low + high) / 2 + Decimal("0.5")))
    assert rpm(Cadence(low, high)) == expected


@given(PERCENTS)
@example(62.45)
@example(0.05)
@example(100.0)
def test_fraction_is_the_decimal_fraction(percent: float) -> None:
    value = (Decimal(repr(percent)) / 100).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    text = format(value.normalize(), "f")
    assert fraction(percent) == ("0" if text in ("-0", "0") else text)
    assert Decimal(fraction(percent)) == Decimal(_thousandths(percent)) / 1000
