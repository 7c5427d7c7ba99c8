"""The shipped JSON Schema (`schemas/ridec-workout.schema.json`), applied by our own code.

jsonschema is a development dependency only; `ridec validate` checks a document with this
module, which implements the part of JSON Schema 2020-12 the shipped schema uses: `type`,
`const`, `enum`, `properties`, `required`, `additionalProperties: false`, `items`,
`minItems`, `minLength`, `minimum`, `maximum`, `anyOf`, `oneOf` and local `$ref`s
(`#/$defs/NAME`), with `$schema`, `$id`, `title` and `description` as annotations. A schema
using any other keyword is refused when it is loaded, so the subset cannot silently fall
behind the schema; the tests hold both validators to the same verdicts.

Values are compared as JSON compares them (`true` is not `1`; `1.0` is the integer 1).
Problems come with the path of the value (`timeline`, 3, `cues`, 0, `at_s`); a value nested
deeper than MAX_JSON_DEPTH is a problem, not a deeper recursion.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from functools import cache
from typing import Any

from ridec.limits import MAX_JSON_DEPTH
from ridec.records import record
from ridec.resources import schema_path

SCHEMA_NAME = "ridec-workout.schema.json"
ANNOTATIONS = frozenset({"$schema", "$id", "title", "description", "$defs"})
KEYWORDS = frozenset(
    {
        "type",
        "const",
        "enum",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "minItems",
        "minLength",
        "minimum",
        "maximum",
        "anyOf",
        "oneOf",
        "$ref",
    }
)
"""What `problems` implements; any other keyword in the schema is refused on loading."""

Path = tuple[str | int, ...]
Schema = dict[str, Any]


@record
class Problem:
    """A value that breaks the schema."""

    path: Path
    """Keys and indexes from the document's root to the value."""
    message: str
    """What is wrong, in words."""
    at_key: bool = False
    """Whether the problem is the key itself (an unknown key), not its value."""


@cache
def shipped_schema() -> Schema:
    """The shipped schema, checked to use only the keywords this module implements."""
    schema: Schema = json.loads(schema_path(SCHEMA_NAME).read_text(encoding="utf-8"))
    unsupported = sorted(unsupported_keywords(schema))
    if unsupported:
        raise ValueError(f"{SCHEMA_NAME} uses keywords ridec does not check: {unsupported}")
    return schema


def unsupported_keywords(schema: Any) -> set[str]:
    """Keywords in `schema` (and its subschemas) that `problems` does not implement."""
    if not isinstance(schema, dict):
        return set()
    found = {key for key in schema if key not in KEYWORDS | ANNOTATIONS}
    if schema.get("additionalProperties", False) is not False:
        found.add("additionalProperties other than false")
    found |= unsupported_keywords(schema.get("items"))
    for key in ("properties", "$defs"):
        for child in schema.get(key, {}).values():
            found |= unsupported_keywords(child)
    for key in ("anyOf", "oneOf"):
        for child in schema.get(key, []):
            found |= unsupported_keywords(child)
    return found


def problems(document: Any, schema: Schema | None = None, *, limit: int = 1000) -> list[Problem]:
    """The places `document` breaks `schema` (the shipped one by default), the first `limit`
    of them in document order.

    Each value is checked once against each schema that applies to it: an `anyOf`/`oneOf`
    keeps the problems of every option it tried, so explaining a failed choice never walks
    the value again (re-walking at each level of nested repeats doubled the work per level).
    """
    root = schema if schema is not None else shipped_schema()
    fast = _Fast(root)
    if fast.valid(root)(document, 0):
        return []
    return _Checker(root, limit, fast).check(document, root, ())


class _Checker:
    """Says what is wrong, and where; descends only into values the fast check refuses."""

    def __init__(self, root: Schema, limit: int, fast: _Fast) -> None:
        self.root = root
        self.limit = limit
        self.fast = fast

    def check(self, value: Any, schema: Schema, path: Path) -> list[Problem]:
        """The value's problems under `schema`, at most `limit` of them."""
        if "$ref" in schema:
            found = self.check(value, self._resolve(schema["$ref"]), path)
            return found if found else self._own(value, schema, path)
        return self._own(value, schema, path)

    def _own(self, value: Any, schema: Schema, path: Path) -> list[Problem]:
        if "type" in schema and not any(_is(value, kind) for kind in _types(schema)):
            return [Problem(path, f"expected {_kinds(_types(schema))}, found {_found(value)}")]
        if "const" in schema and not json_equal(value, schema["const"]):
            return [Problem(path, f"expected {_shown(schema['const'])}, found {_shown(value)}")]
        if "enum" in schema and not any(json_equal(value, option) for option in schema["enum"]):
            options = ", ".join(_shown(option) for option in schema["enum"])
            return [Problem(path, f"expected one of {options}, found {_shown(value)}")]
        found = self._bounds(value, schema, path)
        for key in ("anyOf", "oneOf"):
            if key in schema:
                found += self._choice(value, schema[key], path, exactly_one=key == "oneOf")
        if isinstance(value, dict):
            found += self._object(value, schema, path)
        elif isinstance(value, list) and "items" in schema:
            found += self._array(value, schema, path)
        return found[: self.limit]

    def _resolve(self, reference: str) -> Schema:
        prefix = "#/$defs/"
        if not reference.startswith(prefix):
            raise ValueError(f"only local references ({prefix}NAME) are supported: {reference}")
        found: Schema = self.root["$defs"][reference.removeprefix(prefix)]
        return found

    def _bounds(self, value: Any, schema: Schema, path: Path) -> list[Problem]:
        said: list[str] = []
        if _is(value, "number"):
            if "minimum" in schema and value < schema["minimum"]:
                said.append(f"{_shown(value)} is less than the minimum, {schema['minimum']}")
            if "maximum" in schema and value > schema["maximum"]:
                said.append(f"{_shown(value)} is more than the maximum, {schema['maximum']}")
        if isinstance(value, str) and len(value) < schema.get("minLength", 0):
            said.append(f"the text is shorter than {schema['minLength']} character(s)")
        if isinstance(value, list) and len(value) < schema.get("minItems", 0):
            said.append(f"expected at least {schema['minItems']} items, found {len(value)}")
        return [Problem(path, message) for message in said]

    def _choice(
        self, value: Any, options: list[Schema], path: Path, *, exactly_one: bool
    ) -> list[Problem]:
        depth = len(path)
        matched = [option for option in options if self.fast.valid(option)(value, depth)]
        if len(matched) == 1 or (matched and not exactly_one):
            return []
        if matched:
            return [Problem(path, f"matches more than one of {_alternatives(matched)}")]
        tried = [self.check(value, option, path) for option in options]
        # The option whose own shape fits (its `type` and constants) explains best what is wrong.
        fitting = [wrong for wrong in tried if wrong[0].path != path]
        if len(fitting) == 1:
            return fitting[0]
        return [Problem(path, f"expected {_alternatives(options)}, found {_found(value)}")]

    def _object(self, value: dict[str, Any], schema: Schema, path: Path) -> list[Problem]:
        found = [
            Problem(path, f"missing key {_shown(key)}")
            for key in schema.get("required", ())
            if key not in value
        ]
        properties: dict[str, Schema] = schema.get("properties", {})
        closed = schema.get("additionalProperties", True) is False
        for key, item in value.items():
            if len(found) >= self.limit:
                break
            if key in properties:
                if not self.fast.valid(properties[key])(item, len(path) + 1):
                    found += self._descend(item, properties[key], (*path, key))
            elif closed:
                found.append(Problem((*path, key), f"unknown key {_shown(key)}", at_key=True))
        return found

    def _array(self, value: list[Any], schema: Schema, path: Path) -> list[Problem]:
        found: list[Problem] = []
        valid = self.fast.valid(schema["items"])
        for index, item in enumerate(value):
            if len(found) >= self.limit:
                break
            if not valid(item, len(path) + 1):
                found += self._descend(item, schema["items"], (*path, index))
        return found

    def _descend(self, value: Any, schema: Schema, path: Path) -> list[Problem]:
        if len(path) > MAX_JSON_DEPTH:
            return [Problem(path, f"nested more than {MAX_JSON_DEPTH} levels deep")]
        return self.check(value, schema, path)


_CONTAINER_KEYWORDS = frozenset(
    {"$ref", "anyOf", "oneOf", "properties", "required", "additionalProperties", "items"}
)
Valid = Callable[[Any, int], bool]
"""Whether a value at a depth (its path's length) is valid under one schema."""


class _Fast:
    """Each schema compiled once into a function that only says yes or no: a document that
    passes (the usual case) is checked at the speed of a few calls per value."""

    def __init__(self, root: Schema) -> None:
        self.root = root
        self.compiled: dict[int, Valid] = {}

    def valid(self, schema: Schema) -> Valid:
        found = self.compiled.get(id(schema))
        if found is None:
            found = self._compile(schema)
        return found

    def _compile(self, schema: Schema) -> Valid:
        if not _CONTAINER_KEYWORDS & schema.keys():
            return self._compile_scalar(schema)
        tests: list[Valid] = []

        def valid(value: Any, depth: int) -> bool:
            if depth > MAX_JSON_DEPTH:
                return False
            return all(test(value, depth) for test in tests)

        self.compiled[id(schema)] = valid  # before the parts: a `$ref` may lead back here
        if "$ref" in schema:
            target = self.root["$defs"][str(schema["$ref"]).removeprefix("#/$defs/")]
            tests.append(self.valid(target))  # the placeholder when it is being compiled
        tests.extend(self._scalar_tests(schema))
        for key in ("anyOf", "oneOf"):
            if key in schema:
                tests.append(self._choice(schema[key], exactly_one=key == "oneOf"))
        if "properties" in schema or "required" in schema or "additionalProperties" in schema:
            tests.append(self._object(schema))
        if "items" in schema:
            items = self.valid(schema["items"])
            tests.append(
                lambda value, depth: not isinstance(value, list)
                or all(items(item, depth + 1) for item in value)
            )
        return valid

    def _compile_scalar(self, schema: Schema) -> Valid:
        """A schema of no subschemas (most of them: `{"type": ["number", "null"]}`) is its one
        test itself, with no call around it: these run for nearly every value."""
        tests = self._scalar_tests(schema)
        if len(tests) == 1:
            valid = tests[0]
        else:

            def valid(value: Any, depth: int) -> bool:
                return all(test(value, depth) for test in tests)

        self.compiled[id(schema)] = valid
        return valid

    def _scalar_tests(self, schema: Schema) -> list[Valid]:
        tests: list[Valid] = []
        if "type" in schema:
            tests.append(_type_test(_types(schema)))
        if "const" in schema:
            tests.append(lambda value, _: json_equal(value, schema["const"]))
        if "enum" in schema:
            tests.append(lambda value, _: any(json_equal(value, o) for o in schema["enum"]))
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is not None or high is not None:
            tests.append(
                lambda value, _: not _is_number(value)
                or ((low is None or value >= low) and (high is None or value <= high))
            )
        if "minLength" in schema:
            tests.append(lambda v, _: not isinstance(v, str) or len(v) >= schema["minLength"])
        if "minItems" in schema:
            tests.append(lambda v, _: not isinstance(v, list) or len(v) >= schema["minItems"])
        return tests

    def _choice(self, options: list[Schema], *, exactly_one: bool) -> Valid:
        compiled = [self.valid(option) for option in options]

        def valid(value: Any, depth: int) -> bool:
            passed = sum(1 for option in compiled if option(value, depth))
            return passed == 1 if exactly_one else passed >= 1

        return valid

    def _object(self, schema: Schema) -> Valid:
        required = tuple(schema.get("required", ()))
        parts = {key: self.valid(part) for key, part in schema.get("properties", {}).items()}
        closed = schema.get("additionalProperties", True) is False

        def valid(value: Any, depth: int) -> bool:
            if not isinstance(value, dict):
                return True
            for key in required:
                if key not in value:
                    return False
            for key, item in value.items():
                part = parts.get(key)
                if part is None:
                    if closed:
                        return False
                elif not part(item, depth + 1):
                    return False
            return True

        return valid


_EXACT: dict[str, tuple[type, ...]] = {
    "null": (type(None),),
    "boolean": (bool,),
    "string": (str,),
    "array": (list,),
    "object": (dict,),
    "number": (int, float),
    "integer": (int,),
}
"""The Python types json.loads gives for each JSON type (exactly: a bool is no int here)."""


def _type_test(kinds: list[str]) -> Valid:
    """`type` by the exact Python types json.loads makes; a whole float is an integer too."""
    exact = frozenset(kind for name in kinds for kind in _EXACT[name])
    whole_floats = "integer" in kinds and "number" not in kinds

    def test(value: Any, _: int) -> bool:
        kind = type(value)
        if kind in exact:
            return True
        return whole_floats and kind is float and _is_integer(value)

    return test


def json_equal(left: Any, right: Any) -> bool:
    """Equality as JSON means it: booleans are not numbers, 1 == 1.0."""
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(json_equal(left[k], right[k]) for k in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(map(json_equal, left, right))
    if _is(left, "number") and _is(right, "number"):
        return bool(left == right)
    return type(left) is type(right) and bool(left == right)


def _types(schema: Schema) -> list[str]:
    kinds = schema["type"]
    return [kinds] if isinstance(kinds, str) else list(kinds)


def _is(value: Any, kind: str) -> bool:
    """Whether `value` (as json.loads gives it) is of the JSON Schema type `kind`."""
    test = _TYPES.get(kind)
    if test is None:
        raise ValueError(f"unknown JSON type {kind!r}")
    return test(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_integer(value: Any) -> bool:
    """An int, or a float with no fraction (JSON Schema counts 1.0 as an integer)."""
    if isinstance(value, float):
        return math.isfinite(value) and value.is_integer()
    return _is_number(value)


_TYPES: dict[str, Callable[[Any], bool]] = {
    "null": lambda value: value is None,
    "boolean": lambda value: isinstance(value, bool),
    "string": lambda value: isinstance(value, str),
    "array": lambda value: isinstance(value, list),
    "object": lambda value: isinstance(value, dict),
    "number": _is_number,
    "integer": _is_integer,
}


_NAMES = {
    "null": "null",
    "boolean": "a boolean",
    "string": "a string",
    "array": "an array",
    "object": "an object",
    "number": "a number",
    "integer": "an integer",
}


def _kinds(kinds: list[str]) -> str:
    names = [_NAMES[kind] for kind in kinds]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _found(value: Any) -> str:
    """What a value is, as a message says what was found: `the string "abc"`, `an object`."""
    if value is None or isinstance(value, bool):
        return _shown(value)
    for kind in ("string", "integer", "number"):
        if _is(value, kind):
            return f"the {kind} {_shown(value)}"
    return _NAMES["array" if isinstance(value, list) else "object"]


def _shown(value: Any) -> str:
    """A value as JSON writes it, cut to a readable length."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def _alternatives(options: list[Schema]) -> str:
    """`null or a target`, `a step, a repeat or an alternate`: what each option asks for."""
    names = [_option_name(option) for option in options]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _option_name(option: Schema) -> str:
    if "$ref" in option:
        return "a " + str(option["$ref"]).rpartition("/")[2]
    kind = option.get("properties", {}).get("type", {})
    if "const" in kind:
        return "a " + str(kind["const"])
    if "type" in option:
        return _kinds(_types(option))
    return "another form"
