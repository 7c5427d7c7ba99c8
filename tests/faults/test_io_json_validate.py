"""`ridec validate` of JSON applies the shipped schema, strictly and within bounds.

Before: a document with `"name": {"a": 1}`, `"ftp": "abc"`, `"version": 9` or an extra key
was "ok" (only five keys and the timeline's arithmetic were checked), `NaN` passed as a
number, a timeline of numbers crashed with `TypeError`, and 100,000 nested arrays ended in
`RecursionError`. The runtime checks with ridec's own validator; jsonschema, a development
dependency, is the oracle here: both must give the same verdict on every document.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import ridec
from ridec.cli import app
from ridec.formats.json import schema
from ridec.limits import MAX_JSON_DEPTH
from ridec.model import Workout
from tests.paths import SCHEMAS
from tests.property.strategies import workouts

runner = CliRunner()
SCHEMA = json.loads((SCHEMAS / "ridec-workout.schema.json").read_text())
ORACLE = jsonschema.Draft202012Validator(SCHEMA)
SOURCE = """name: Tempo
ftp: 250
let reps = 2
activation "Before":
  "Bridge" 10 reps
repeat $reps "Set {i}":
  4m 80-85% 90rpm standing "Up"
    @0:30 "Hands"
  alternate:
    2m 55%
    2m z2
  1m 50%->60%
"""


def compiled() -> dict[str, Any]:
    workout = ridec.bind(ridec.parse(SOURCE, "t.ride"))
    [output] = ridec.compile(workout, "json")
    document: dict[str, Any] = json.loads(output.data)
    return document


GOOD = compiled()


def validate(tmp_path: Path, document: Any = None, raw: str | None = None) -> tuple[int, str]:
    target = tmp_path / "doc.json"
    target.write_text(raw if raw is not None else json.dumps(document, indent=1))
    result = runner.invoke(app, ["validate", str(target)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr


def changed(**values: Any) -> dict[str, Any]:
    return {**copy.deepcopy(GOOD), **values}


@pytest.mark.parametrize(
    ("document", "first_error"),
    [
        (changed(name={"a": 1}), ":4:10: error: name: expected a string, found an object"),
        (
            changed(ftp="abc"),
            ':11:9: error: ftp: expected an integer or null, found the string "abc"',
        ),
        (changed(version=9), ":3:13: error: version: expected 1, found 9"),
        (changed(version=True), ":3:13: error: version: expected 1, found true"),
        (changed(ftp=10), ":11:9: error: ftp: 10 is less than the minimum, 50"),
        (changed(tags=["a", 3]), ":9:3: error: tags[1]: expected a string, found the integer 3"),
    ],
)
def test_the_schema_is_applied_and_located(
    tmp_path: Path, document: dict[str, Any], first_error: str
) -> None:
    code, stderr = validate(tmp_path, document)
    assert code == 1
    first = stderr.splitlines()[0]
    assert first == f"{tmp_path / 'doc.json'}{first_error}", stderr


def test_an_extra_key_is_located_at_the_key(tmp_path: Path) -> None:
    document = {**GOOD, "extra": 1}
    line = json.dumps(document, indent=1).splitlines().index(' "extra": 1') + 1
    code, stderr = validate(tmp_path, document)
    assert code == 1
    assert stderr.splitlines()[:3] == [
        f'{tmp_path / "doc.json"}:{line}:2: error: extra: unknown key "extra"',
        '  |  "extra": 1',
        "  |  ^^^^^^^",
    ]


def test_a_wrong_node_type_points_at_its_type(tmp_path: Path) -> None:
    document = copy.deepcopy(GOOD)
    document["structure"][0]["type"] = "repaet"
    code, stderr = validate(tmp_path, document)
    assert code == 1
    assert 'structure[0].type: expected "repeat", found "repaet"' in stderr.splitlines()[0]


def test_a_timeline_of_numbers_is_an_error_not_a_crash(tmp_path: Path) -> None:
    code, stderr = validate(tmp_path, changed(timeline=[1, 2]))
    assert code == 1
    assert "timeline[0]: expected an object, found the integer 1" in stderr


def test_the_shipped_documents_are_ok(tmp_path: Path) -> None:
    assert validate(tmp_path, GOOD) == (0, "")


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_non_numbers_are_refused_where_they_are(tmp_path: Path, literal: str) -> None:
    raw = json.dumps(GOOD, indent=1).replace('"ftp": 250', f'"ftp": {literal}')
    code, stderr = validate(tmp_path, raw=raw)
    assert code == 1
    assert stderr.splitlines()[0] == (
        f"{tmp_path / 'doc.json'}:11:9: error: `{literal}` is not a JSON number: "
        "write a number, or null"
    )


def test_a_number_too_large_for_a_float_is_refused(tmp_path: Path) -> None:
    total = f'"duration_s": {GOOD["duration_s"]}'
    raw = json.dumps(GOOD, indent=1).replace(total, '"duration_s": 1e400', 1)
    code, stderr = validate(tmp_path, raw=raw)
    assert code == 1
    assert stderr.splitlines()[0].endswith(":12:16: error: the number 1e400 is too large")


def test_a_key_written_twice_is_located_at_the_second(tmp_path: Path) -> None:
    raw = json.dumps(GOOD, indent=1).replace('"name": "Tempo",', '"name": "Tempo", "name": "x",')
    code, stderr = validate(tmp_path, raw=raw)
    assert code == 1
    assert stderr.splitlines()[0] == (
        f"{tmp_path / 'doc.json'}:4:19: error: name: duplicate key: an object names each key once"
    )


def test_equal_keys_in_different_objects_are_no_duplicates(tmp_path: Path) -> None:
    raw = '[{"a": 1, "b": {"a": 2, "c": 3}, "c": 4}, {"a": 1, "a": 2}]'
    code, stderr = validate(tmp_path, raw=raw)
    assert code == 1
    assert stderr.splitlines()[0].endswith(
        ":1:52: error: [1].a: duplicate key: an object names each key once"
    )


def test_an_integer_of_five_thousand_digits_is_out_of_range_where_it_is(tmp_path: Path) -> None:
    raw = json.dumps(GOOD, indent=1).replace('"ftp": 250', '"ftp": -' + "9" * 5000)
    code, stderr = validate(tmp_path, raw=raw)
    assert code == 1
    first = stderr.splitlines()[0]
    assert first == (
        f"{tmp_path / 'doc.json'}:11:9: error: the number -9999999999999999999... is out of "
        "range: it has 5,000 digits"
    )
    assert "set_int_max_str_digits" not in stderr


def test_a_hundred_thousand_nested_arrays_are_a_located_error(tmp_path: Path) -> None:
    code, stderr = validate(tmp_path, raw="[" * 100_000 + "]" * 100_000)
    assert code == 1
    assert stderr.splitlines()[0] == (
        f"{tmp_path / 'doc.json'}:1:{MAX_JSON_DEPTH + 1}: error: "
        f"nested more than {MAX_JSON_DEPTH} levels deep"
    )


def test_nesting_json_reads_but_past_the_limit_is_located_too(tmp_path: Path) -> None:
    node: dict[str, Any] = {"type": "step"}
    for _ in range(MAX_JSON_DEPTH):
        node = {"type": "repeat", "count": 1, "label": None, "body": [node]}
    code, stderr = validate(tmp_path, changed(structure=[node]))
    assert code == 1
    assert f"nested more than {MAX_JSON_DEPTH} levels deep" in stderr
    assert "Traceback" not in stderr


def test_a_file_that_is_not_json_is_located(tmp_path: Path) -> None:
    code, stderr = validate(tmp_path, raw='{"format": "ridec-workout",\n  "version": }')
    assert code == 1
    expected = f"{tmp_path / 'doc.json'}:2:14: error: not JSON: Expecting value"
    assert stderr.splitlines()[0] == expected


def test_the_runtime_does_not_import_jsonschema(tmp_path: Path) -> None:
    (tmp_path / "doc.json").write_text(json.dumps(changed(version=9)))
    check = (
        "import sys, ridec\n"
        "found = ridec.validate_file(sys.argv[1])\n"
        "assert found and 'jsonschema' not in sys.modules, (found, sorted(sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", check, str(tmp_path / "doc.json")], capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr.decode()


def test_the_schema_uses_only_what_ridec_checks() -> None:
    assert schema.unsupported_keywords(SCHEMA) == set()
    assert schema.unsupported_keywords({"properties": {"a": {"pattern": "x"}}}) == {"pattern"}
    assert schema.unsupported_keywords({"additionalProperties": {"type": "string"}}) == {
        "additionalProperties other than false"
    }


# --- the oracle: ridec's validator and jsonschema agree -------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 3000)
    | st.floats(allow_nan=False, allow_infinity=False, width=32)
    | st.sampled_from(["", "step", "repeat", "active", "%", "ridec-workout", "bike", "x"]),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=8,
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    """The compiled document with a few values replaced, keys dropped or keys added."""
    document: Any = copy.deepcopy(GOOD)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths(document)))
        if not path:
            document = draw(JSON_VALUES) if draw(st.booleans()) else document
            continue
        parent = document
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "drop", "add"]))
        if action == "drop" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=6))] = draw(JSON_VALUES)
        else:
            parent[path[-1]] = draw(JSON_VALUES)
    return document


@settings(max_examples=400)
@given(mutated())
def test_ridec_and_jsonschema_give_the_same_verdict(document: Any) -> None:
    ours = list(schema.problems(document))
    assert (not ours) == ORACLE.is_valid(document), (ours, list(ORACLE.iter_errors(document)))


@settings(max_examples=200)
@given(JSON_VALUES)
def test_the_verdicts_agree_on_any_value_at_any_definition(value: Any) -> None:
    for name in SCHEMA["$defs"]:
        part = {**SCHEMA, "$ref": f"#/$defs/{name}"}
        expected = jsonschema.Draft202012Validator(part).is_valid(value)
        assert (not list(schema.problems(value, part))) == expected, name


@settings(max_examples=60)
@given(workouts(max_depth=3))
def test_every_document_ridec_writes_passes_both(workout: Workout) -> None:
    [output] = ridec.compile(workout, "json")
    document = json.loads(output.data)
    assert schema.problems(document) == []
    assert ORACLE.is_valid(document)
    assert ridec.validate(output.data, "w.json") == []
