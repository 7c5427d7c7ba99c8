"""`@record` behaves as `@dataclass(frozen=True, slots=True)` wherever ridec relies on it."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import field

import pytest

from ridec.records import record


@record
class Point:
    """A record with defaults, a factory and a field left out of equality and repr."""

    x: int
    label: str = "p"
    tags: tuple[str, ...] = field(default_factory=tuple)
    where: int | None = field(default=None, compare=False, repr=False)


@dataclasses.dataclass(frozen=True, slots=True)
class Twin:
    """The same fields as a dataclass: the reference."""

    x: int
    label: str = "p"
    tags: tuple[str, ...] = field(default_factory=tuple)
    where: int | None = field(default=None, compare=False, repr=False)


@record(frozen=False)
class Counter:
    """A mutable record with a list and a derived field."""

    start: int
    seen: list[int] = field(default_factory=list)
    double: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self.double = self.start * 2


@record(eq=False)
class Handle:
    """Compared by identity."""

    name: str


def test_equality_hash_and_repr_match_a_dataclass() -> None:
    point, twin = Point(1, "a", ("t",), where=5), Twin(1, "a", ("t",), where=5)
    assert point == Point(1, "a", ("t",), where=99)  # `where` is not compared
    assert point != Point(2, "a", ("t",))
    other: object = twin
    assert point != other  # another class is never equal
    assert hash(point) == hash(twin)
    assert repr(point) == repr(twin).replace("Twin", "Point")
    assert Point(1) == Point(x=1, label="p", tags=())


def test_one_field_hashes_as_a_one_tuple() -> None:
    @record
    class One:
        value: str

    assert hash(One("v")) == hash(("v",))
    assert repr(One("v")) == "test_one_field_hashes_as_a_one_tuple.<locals>.One(value='v')"


def test_frozen_and_slotted() -> None:
    point = Point(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del point.x
    assert not hasattr(point, "__dict__")
    assert Point.__match_args__ == ("x", "label", "tags", "where")


def test_dataclasses_functions_work_on_records() -> None:
    point = Point(1, tags=("a",))
    assert dataclasses.is_dataclass(point)
    assert dataclasses.replace(point, x=3) == Point(3, tags=("a",))
    assert [f.name for f in dataclasses.fields(point)] == ["x", "label", "tags", "where"]
    assert dataclasses.asdict(point) == {"x": 1, "label": "p", "tags": ("a",), "where": None}


def test_copies_and_pickles_keep_every_field() -> None:
    point = Point(1, "b", ("c",), where=7)
    for clone in (pickle.loads(pickle.dumps(point)), copy.copy(point), copy.deepcopy(point)):
        assert clone == point
        assert clone.where == 7


def test_factories_run_per_instance_and_post_init_runs() -> None:
    first, second = Counter(2), Counter(3)
    first.seen.append(1)
    assert second.seen == []
    assert (first.double, second.double) == (4, 6)
    first.start = 5
    assert (first.start, first.double) == (5, 4)
    assert repr(first) == "Counter(start=5, seen=[1], double=4)"
    with pytest.raises(TypeError):
        hash(first)


def test_identity_records_compare_by_identity() -> None:
    handle = Handle("a")
    same = handle
    assert handle == same
    assert handle != Handle("a")
    assert hash(handle) == object.__hash__(handle)


def test_mistakes_are_caught_when_the_class_is_defined() -> None:
    with pytest.raises(ValueError, match="mutable default"):

        @record
        class Bad:
            items: list[int] = []  # noqa: RUF012

    with pytest.raises(TypeError, match="without default"):

        @record
        class Order:
            first: int = 0
            second: int  # type: ignore[misc]


def test_arguments_are_checked_like_a_dataclass() -> None:
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, nope=2)  # type: ignore[call-arg]
