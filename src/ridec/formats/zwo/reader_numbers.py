"""Numbers as ZWO files write them (`180`, `0.64999998`, `.5`), read exactly with integers.

The reader used `decimal` for them (about 1 ms to import in every `ridec import`); a decimal
written without an exponent is exactly `units / 10**places`, and rounding it half up is
integer arithmetic. The results are those of the `Decimal` expressions they replace
(`tests/formats/zwo/test_zwo_reader_numbers.py`), with one difference: a whole number of
more than 28 digits (`Repeat="99999999999999999999999999999"`) made `Decimal.quantize`
raise, a traceback; here it is a number like any other, refused by its limit with a
diagnostic. Messages still show a number as `Decimal` did (`decimal` is imported for them,
on that error path only).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ridec.decimals import whole_half_up

NUMBER = re.compile(r"\s*([+-]?)(\d+\.?\d*|\.\d+)\s*\Z")
"""A decimal as files write it: a sign, digits, a point; no exponent."""
CACHED_NUMBERS = 1024
"""Distinct numbers whose reading is remembered: a file repeats a few values many times."""
EXACT_PRODUCT_DIGITS = 26
"""Digits up to which `Decimal`'s 28-digit context multiplied a fraction by 100 exactly."""


class Number(NamedTuple):
    """A non-negative decimal, exactly `units / 10**places`, and its digits as written."""

    units: int
    places: int
    digits: str

    @property
    def scale(self) -> int:
        """`10**places`: one unit of the number is `1 / scale`."""
        scale: int = 10**self.places
        return scale

    def above(self, limit: int) -> bool:
        """Whether the number is greater than `limit`."""
        return self.units > limit * self.scale

    def is_whole(self) -> bool:
        return self.units % self.scale == 0

    def truncated(self) -> int:
        """The whole part (`int()` of it)."""
        return self.units // self.scale

    def shown(self) -> str:
        """The number as messages show it (as `Decimal` prints it: `0.50`, `7`)."""
        from decimal import Decimal  # messages only: not imported to read a file

        return str(Decimal(self.digits))

    def shown_as_percent(self) -> str:
        """The number times 100, as messages show it (`Decimal("0.5") * 100` is `50.0`)."""
        from decimal import Decimal

        return str(Decimal(self.digits) * 100)


@lru_cache(maxsize=CACHED_NUMBERS)
def parse_number(raw: str) -> tuple[bool, Number] | None:
    """(whether it has a minus sign, its value) of a decimal as files write it; None when
    it is not one. Callers bound the length first, so the cache stays small."""
    found = NUMBER.match(raw)
    if found is None:
        return None
    digits = found.group(2)
    whole, _, fraction = digits.partition(".")
    return found.group(1) == "-", Number(int(whole + fraction or "0"), len(fraction), digits)


@lru_cache(maxsize=CACHED_NUMBERS)
def whole(value: Number) -> int:
    """Rounded half up, as ridec's writer rounds (180.00002 s is 180 s)."""
    return whole_half_up(value.units, value.places)


@lru_cache(maxsize=CACHED_NUMBERS)
def hundredths_of_percent(fraction: Number) -> int:
    """A fraction of FTP as % FTP in hundredths, rounded half up (0.64999998 is 6500)."""
    if len(fraction.digits) > EXACT_PRODUCT_DIGITS:
        return _decimal_hundredths(fraction.digits)
    return whole_half_up(fraction.units * 10**4, fraction.places)


def _decimal_hundredths(digits: str) -> int:
    """The old `Decimal` expression, kept for numbers too long for its product to be exact
    (over 26 digits: no real file has one), so that even those read as they did."""
    from decimal import ROUND_HALF_UP, Decimal

    percent = (Decimal(digits) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return int(percent.scaleb(2))
