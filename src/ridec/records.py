"""`@record`: the classes of `@dataclass(frozen=True, slots=True)`, cheap to define at import.

A dataclass compiles six methods from source text when its class is defined (about 450 us a
class); a single compile imported some 80 of them, a third of its start-up. A record class
is built in about a tenth of that time:

- `__eq__`, `__hash__` and `__repr__` are closures over the field names (no source text);
  they give what a dataclass gives: equality between instances of the same class over the
  compared fields, the hash of the tuple of those fields, `Name(field=value, ...)`.
- `__init__` is made when the class is first instantiated, so classes never used by a run
  cost nothing; it sets the slots directly, which makes creating an instance faster than a
  frozen dataclass's `__init__`. Its code is compiled from source once per shape of class
  and renamed for each class (compiling per class cost a tenth of a compile's start-up).

`__dataclass_fields__` holds the standard `dataclasses.Field` objects, so `dataclasses.replace`,
`fields`, `asdict` and `is_dataclass` work on records as on dataclasses, and mypy reads
`@record` as a dataclass (`typing.dataclass_transform`); the one private name used,
`dataclasses._FIELD`, is what marks a `Field` as a field for those functions (checked by
tests/core/test_records.py). Use `dataclasses.field` for options (`default`,
`default_factory`, `init`, `repr`, `compare`). Not supported: inheriting fields from a base
class (or a dataclass inheriting a record's), `kw_only`, `InitVar`, ordering.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import MISSING, Field, FrozenInstanceError
from functools import cache
from operator import attrgetter
from types import CodeType, FunctionType
from typing import Any, ClassVar, TypeVar, dataclass_transform, overload

T = TypeVar("T")

_CLASSVAR_PREFIXES = ("ClassVar", "typing.ClassVar", "t.ClassVar")
_FIELD_TYPE = dataclasses._FIELD  # type: ignore[attr-defined]  # what `dataclasses.fields` keeps
_FACTORY = object()
"""Default of an `__init__` argument whose field has a `default_factory`: call the factory."""


@overload
def record(cls: type[T], /) -> type[T]: ...
@overload
def record(*, frozen: bool = True, eq: bool = True) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, eq_default=True, field_specifiers=(dataclasses.field,))
def record(
    cls: type[T] | None = None, /, *, frozen: bool = True, eq: bool = True
) -> type[T] | Callable[[type[T]], type[T]]:
    """Make `cls` a slotted record class: frozen and compared by value unless told otherwise."""

    def wrap(cls: type[T]) -> type[T]:
        return _build(cls, frozen=frozen, eq=eq)

    return wrap if cls is None else wrap(cls)


def _build(cls: type[T], *, frozen: bool, eq: bool) -> type[T]:
    """The slotted class, made once with every method in its namespace: setting a dunder
    method on a class after it is made costs more than making the class."""
    fields = _fields(cls)
    names = tuple(fields)
    namespace = {k: v for k, v in cls.__dict__.items() if k not in names}
    namespace.pop("__dict__", None)
    namespace.pop("__weakref__", None)
    namespace["__qualname__"] = cls.__qualname__
    namespace["__slots__"] = names
    namespace["__dataclass_fields__"] = fields
    namespace["__match_args__"] = tuple(n for n, f in fields.items() if f.init)
    made: list[type] = []
    methods: dict[str, object] = {
        "__init__": _lazy_init(made),
        "__repr__": _repr([n for n, f in fields.items() if f.repr]),
        "__signature__": _SIGNATURE,
    }
    if eq:
        compared = [n for n, f in fields.items() if f.compare]
        methods["__eq__"] = _eq(compared)
        if not _explicit_hash(cls):
            namespace["__hash__"] = _hash(compared) if frozen else None
    if frozen:
        methods["__setattr__"] = _frozen_setattr
        methods["__delattr__"] = _frozen_delattr
        methods["__getstate__"] = _getstate
        methods["__setstate__"] = _setstate
    for name, method in methods.items():
        namespace.setdefault(name, method)  # the class body's own, as with `@dataclass`
    metaclass: Any = type(cls)
    made.append(metaclass(cls.__name__, cls.__bases__, namespace))
    return made[0]


def _explicit_hash(cls: type) -> bool:
    """Whether the class body wrote `__hash__` (not the None that writing `__eq__` implies)."""
    own = cls.__dict__.get("__hash__", MISSING)
    return own is not MISSING and not (own is None and "__eq__" in cls.__dict__)


def _fields(cls: type) -> dict[str, Field[Any]]:
    """The class's fields, in order, as `dataclasses.Field` objects with name and type set."""
    if any(hasattr(base, "__dataclass_fields__") for base in cls.__mro__[1:]):
        raise TypeError(f"{cls.__name__}: a record cannot inherit fields")
    fields: dict[str, Field[Any]] = {}
    seen_default = False
    # Not inspect.get_annotations: importing inspect costs more than a few records.
    own = cls.__dict__.get("__annotations__", {})  # noqa: RUF063
    for name, annotation in own.items():
        if _is_classvar(annotation):
            continue
        value = cls.__dict__.get(name, MISSING)
        spec: Field[Any] = value if isinstance(value, Field) else dataclasses.field(default=value)
        if spec.default is not MISSING and type(spec.default).__hash__ is None:
            raise ValueError(f"{cls.__name__}.{name}: mutable default, use default_factory")
        has_default = spec.default is not MISSING or spec.default_factory is not MISSING
        if spec.init and seen_default and not has_default:
            raise TypeError(f"{cls.__name__}.{name}: a field without default after one with")
        seen_default = seen_default or (spec.init and has_default)
        spec.name, spec.type = name, annotation
        spec._field_type = _FIELD_TYPE  # type: ignore[attr-defined]
        fields[name] = spec
    return fields


def _is_classvar(annotation: object) -> bool:
    if isinstance(annotation, str):
        return annotation.startswith(_CLASSVAR_PREFIXES)
    return getattr(annotation, "__origin__", annotation) is ClassVar


def _lazy_init(made: list[type]) -> Callable[..., None]:
    """An `__init__` that compiles the real one on first use and puts it on the class (the
    one class in `made`, filled in once the class exists)."""

    def first_init(self: object, *args: object, **kwargs: object) -> None:
        (cls,) = made
        real = _compile_init(cls)
        cls.__init__ = real  # type: ignore[misc]
        real(self, *args, **kwargs)

    return first_init


class _Signature:
    """`inspect.signature` of a record class: its fields as `__init__` takes them, with their
    annotations and defaults (`<factory>` for a default factory), as for a dataclass.

    A class attribute that `inspect` reads before `__init__`, whose own signature is
    `(*args, **kwargs)` until its first call compiles the real one; made when asked, so
    defining a record imports nothing more."""

    def __get__(self, instance: object, owner: type) -> object:
        if instance is not None:
            raise AttributeError("__signature__")  # an instance is not called
        import inspect

        fields: dict[str, Field[Any]] = owner.__dict__["__dataclass_fields__"]
        parameters = [
            inspect.Parameter(
                name,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                default=_default_shown(spec),
                annotation=spec.type,
            )
            for name, spec in fields.items()
            if spec.init
        ]
        return inspect.Signature(parameters, return_annotation=None)


class _FactoryDefault:
    """How a signature shows a default made by a factory (as dataclasses do)."""

    def __repr__(self) -> str:
        return "<factory>"


def _default_shown(spec: Field[Any]) -> object:
    import inspect

    if spec.default is not MISSING:
        return spec.default
    if spec.default_factory is not MISSING:
        return _FactoryDefault()
    return inspect.Parameter.empty


_SIGNATURE = _Signature()


def _compile_init(cls: type) -> Callable[..., None]:
    """`__init__(self, a, b=default, ...)` setting each slot through its descriptor.

    Compiling source for each class cost about 200 us a class, a tenth of a single compile's
    start-up; so the source is written with placeholder names (`p0`, `s0`, ...) for each
    shape of class (which fields are arguments, which come from factories), compiled once per
    shape, and its code renamed to the class's field names with `CodeType.replace`: the
    arguments' names are the code's local names, and the defaults are the function's own.
    """
    fields: dict[str, Field[Any]] = cls.__dict__["__dataclass_fields__"]
    scope: dict[str, Any] = {"__record_factory": _FACTORY}
    kinds: list[str] = []
    arguments: list[str] = []
    defaults: list[object] = []
    for index, (name, spec) in enumerate(fields.items()):
        scope[f"s{index}"] = cls.__dict__[name].__set__
        if spec.default_factory is not MISSING:
            scope[f"f{index}"] = spec.default_factory
        if spec.init:
            arguments.append(name)
            kinds.append("argument" if spec.default_factory is MISSING else "factory argument")
            if spec.default is not MISSING:
                defaults.append(spec.default)
            elif spec.default_factory is not MISSING:
                defaults.append(_FACTORY)
        elif spec.default is not MISSING:
            scope[f"d{index}"] = spec.default
            kinds.append("default")
        else:
            kinds.append("factory" if spec.default_factory is not MISSING else "unset")
    template = _init_template(tuple(kinds), hasattr(cls, "__post_init__"))
    code = template.replace(
        co_varnames=("self", *arguments), co_qualname=f"{cls.__qualname__}.__init__"
    )
    init: Callable[..., None] = FunctionType(code, scope, "__init__", tuple(defaults) or None)
    return init


@cache
def _init_template(kinds: tuple[str, ...], post_init: bool) -> CodeType:
    """The code of an `__init__` for fields of these kinds, with placeholder names: argument
    `p<i>` is set with `s<i>`; a factory argument left out calls `f<i>`; a field that is not
    an argument gets `d<i>` (its default) or `f<i>()`."""
    params, body = ["self"], []
    for index, kind in enumerate(kinds):
        argument, setter, factory = f"p{index}", f"s{index}", f"f{index}"
        if kind == "argument":
            params.append(argument)
            body.append(f"{setter}(self, {argument})")
        elif kind == "factory argument":
            params.append(argument)
            value = f"{factory}() if {argument} is __record_factory else {argument}"
            body.append(f"{setter}(self, {value})")
        elif kind == "default":
            body.append(f"{setter}(self, d{index})")
        elif kind == "factory":
            body.append(f"{setter}(self, {factory}())")
    if post_init:
        body.append("self.__post_init__()")
    lines = "\n".join(f"    {line}" for line in body or ["pass"])
    scope: dict[str, Any] = {}
    exec(f"def __init__({', '.join(params)}) -> None:\n{lines}\n", scope)  # placeholders only
    code: CodeType = scope["__init__"].__code__
    return code


def _values(names: list[str]) -> Callable[[object], tuple[object, ...]]:
    """The tuple of the named attributes' values (a tuple even for one name, or none)."""
    if not names:
        return lambda _: ()
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return attrgetter(*names)


def _eq(names: list[str]) -> Callable[[object, object], object]:
    values = _values(names)

    def equal(self: object, other: object) -> object:  # a bool, or NotImplemented
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    return equal


def _hash(names: list[str]) -> Callable[[object], int]:
    values = _values(names)

    def hash_of(self: object) -> int:
        return hash(values(self))

    return hash_of


def _repr(names: list[str]) -> Callable[[object], str]:
    values = _values(names)

    def show(self: object) -> str:
        shown = ", ".join(f"{n}={v!r}" for n, v in zip(names, values(self), strict=True))
        return f"{self.__class__.__qualname__}({shown})"

    return show


def _frozen_setattr(self: object, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: object, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _getstate(self: object) -> tuple[Any, ...]:
    return tuple(getattr(self, name) for name in self.__class__.__slots__)  # type: ignore[attr-defined]


def _setstate(self: object, state: tuple[Any, ...]) -> None:
    for name, value in zip(self.__class__.__slots__, state, strict=True):  # type: ignore[attr-defined]
        object.__setattr__(self, name, value)
