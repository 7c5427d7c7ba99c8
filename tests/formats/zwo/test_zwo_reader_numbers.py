"""The ZWO reader's numbers without `decimal`: every answer the reader takes from a number
is the one the `Decimal` it replaced gave (and where `Decimal.quantize` raised, a traceback,
a number is now read like any other)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from hypothesis import example, given
from hypothesis import strategies as st

from ridec.formats.zwo.reader_attributes import MAX_FRACTION, MAX_NUMBER_LENGTH, _percent_of_ftp
from ridec.formats.zwo.reader_numbers import Number, parse_number, whole

DIGITS = "0123456789\u0663\uff15"
"""ASCII digits and two others that `\\d`, `int` and `Decimal` all accept (Arabic-Indic 3,
fullwidth 5)."""
RAW = st.builds(
    lambda sign, whole_part, point, fraction: f"{sign}{whole_part}{point}{fraction}",
    st.sampled_from(["", "-", "+"]),
    st.text(DIGITS, max_size=16),
    st.sampled_from(["", "."]),
    st.text(DIGITS, max_size=16),
).filter(lambda raw: any(c.isdigit() for c in raw) and len(raw) <= MAX_NUMBER_LENGTH)
"""Decimals as files write them, up to 32 characters (the reader's limit)."""
LIMITS = st.sampled_from([60, 500, 86_400, 864_000])


def _read(raw: str) -> tuple[bool, Number, Decimal]:
    parsed = parse_number(raw)
    assert parsed is not None, raw
    negative, number = parsed
    return negative, number, Decimal(number.digits)


@given(RAW)
@example("180.00002")
@example("0.64999998")
@example(".5")
@example("007")
@example("1.")
@example("-0")
@example("\u0661\u0662.\uff15")
def test_a_number_is_its_decimal(raw: str) -> None:
    negative, number, value = _read(raw)
    assert negative == raw.lstrip().startswith("-")
    assert Decimal(f"{number.units}E-{number.places}") == value  # (a string: exact)
    assert (number.units == 0) == (value == 0)
    assert number.is_whole() == (value == int(value))
    assert number.truncated() == int(value)
    assert number.shown() == str(value)
    assert number.shown_as_percent() == str(value * 100)


@given(RAW, LIMITS)
def test_limits_compare_as_decimals(raw: str, limit: int) -> None:
    _, number, value = _read(raw)
    assert number.above(limit) == (value > limit)


@given(RAW)
@example("0.5")
@example("2.5")
@example("9" * 29)
def test_whole_seconds_and_counts_round_half_up_as_decimal_did(raw: str) -> None:
    _, number, value = _read(raw)
    try:
        expected = int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    except InvalidOperation:  # over 28 digits: Decimal raised, a traceback
        assert whole(number) > 10**27
        return
    assert whole(number) == expected


@given(RAW)
@example("0.64999998")
@example("0.00005")
@example("0.123456789012345678901234565")
@example("12.34564999999999999999999999999")
def test_a_fraction_of_ftp_is_the_percent_decimal_gave(raw: str) -> None:
    _, number, value = _read(raw)
    if number.above(MAX_FRACTION):
        return  # refused before it is read as a power
    percent = (value * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert _percent_of_ftp(number).value == float(percent)


def test_a_number_of_more_than_28_digits_is_a_diagnostic_not_a_traceback() -> None:
    from ridec.diagnostics import DiagnosticError
    from ridec.formats.zwo.reader import read_zwo

    huge = "9" * 29
    data = (
        f'<workout_file><name>x</name><sportType>bike</sportType><workout><IntervalsT Repeat="'
        f'{huge}" OnDuration="60" OffDuration="60" OnPower="1" OffPower="0.5" Cadence="{huge}"'
        "/></workout></workout_file>"
    ).encode()
    try:
        read_zwo(data, "huge.zwo")
    except DiagnosticError as exc:
        messages = [diagnostic.message for diagnostic in exc.diagnostics]
    else:
        raise AssertionError("a repeat of 10**29 - 1 must be refused")
    assert f'Repeat="{huge}" is more than 500 repetitions' in messages
