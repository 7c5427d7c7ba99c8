"""File names for a head unit's FAT drive and Zwift's folder."""

from __future__ import annotations

import pytest

from ridec.delivery.names import RESERVED, delivery_name
from ridec.limits import MAX_DELIVERY_NAME_CHARS

FAT_RESERVED = set('"*/:<>?\\|')


@pytest.mark.parametrize(
    ("stem", "name"),
    [
        ("standing", "standing.fit"),
        ("back-pain-protocol/week-01/standing", "back-pain-protocol-week-01-standing.fit"),
        ("Sweet Spot 3x12", "sweet-spot-3x12.fit"),
        ("José: 2*20 <hard>?", "jose-2-20-hard.fit"),
        ("con", "con-workout.fit"),
        ("LPT1", "lpt1-workout.fit"),
        ("trailing dots...", "trailing-dots.fit"),
    ],
)
def test_names_are_plain_ascii_words(stem: str, name: str) -> None:
    assert delivery_name(stem, ".FIT") == name


def test_names_no_ascii_can_spell_stay_apart() -> None:
    first, second = delivery_name("Пётр", ".zwo"), delivery_name("Иван", ".zwo")
    assert first != second
    assert first.startswith("workout-") and first.endswith(".zwo") and first.isascii()


def test_names_are_bounded_and_cut_between_words() -> None:
    name = delivery_name("a very long workout name " * 10, ".fit")
    stem = name.removesuffix(".fit")
    assert len(stem) <= MAX_DELIVERY_NAME_CHARS
    assert stem.startswith("a-very-long-workout-name-") and not stem.endswith("-")
    assert stem.split("-")[-1] in {"a", "very", "long", "workout", "name"}


def test_no_name_holds_what_fat_refuses() -> None:
    for stem in ('a"b', "a*b", "a/b", "a:b", "a<b>", "a?b", "a\\b", "a|b", "a\x01b", " . "):
        name = delivery_name(stem, ".fit")
        assert not FAT_RESERVED & set(name) and name.isprintable(), stem
        assert not name.removesuffix(".fit").endswith((".", " "))
        assert name.removesuffix(".fit") not in RESERVED
