"""The compiled schema check says "valid" exactly when jsonschema finds no error.

The loader reports jsonschema's errors whenever the compiled check says no, so the problems are
jsonschema's by construction; what must hold is that the two agree on validity. Checked here on
every sample's case.yaml and on thousands of mutations of them (each value removed, retyped or
given a wrong value, an unknown key added at each level), and — through ``tests/conftest.py`` —
on every case.yaml any test of the suite loads (the hostile ones included).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from evidence_kit.case.load import _VALIDATOR
from evidence_kit.case.schemacheck import UnsupportedSchema, compile_schema, equal, unique
from evidence_kit.case.yamlsrc import load_with_lines

from ..conftest import SAMPLES

SAMPLE_YAMLS = sorted(SAMPLES.glob("*/case.yaml")) + sorted(SAMPLES.glob("*/*/case.yaml"))
_IS_VALID = compile_schema(_VALIDATOR.schema)  # the loader's own is wrapped by conftest.py
WRONG_VALUES: tuple[Any, ...] = ("", "x", "2025-13-45", "-1", "1,000.5", "12.345", 0, -1, 1, 2, 7, 365, 601, 1.5, 2.0,
                                 True, False, None, [], ["x"], [1, 1], {}, {"unknown": 1}, "person", "credit_card",
                                 "loan", "CL-1", "a b")


PER_PATH = 4


def documents() -> list[tuple[str, Any]]:
    return [(str(path.relative_to(SAMPLES)), load_with_lines(path.read_text("utf-8"))[0]) for path in SAMPLE_YAMLS]


def paths(value: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield at
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, (*at, index))


def with_value(document: Any, at: tuple[Any, ...], value: Any, *, delete: bool = False) -> Any:
    changed = copy.deepcopy(document)
    parent = changed
    for step in at[:-1]:
        parent = parent[step]
    if delete:
        del parent[at[-1]]
    else:
        parent[at[-1]] = value
    return changed


def mutations(document: Any) -> Iterator[Any]:
    for number, at in enumerate(paths(document)):
        if not at:
            continue
        yield with_value(document, at, None, delete=True)
        for step in range(PER_PATH):  # a different few of the wrong values at each path, all of them over a file
            yield with_value(document, at, WRONG_VALUES[(number * PER_PATH + step) % len(WRONG_VALUES)])
        target = document
        for step in at:
            target = target[step]
        if isinstance(target, dict):
            yield with_value(document, (*at, "unknown_key"), "x")
        if isinstance(target, list) and target:
            yield with_value(document, at, [*target, target[0]])  # a duplicate entry (uniqueItems)


def agree(document: Any) -> bool:
    return _IS_VALID(document) == _VALIDATOR.is_valid(document)


@pytest.mark.parametrize(("name", "document"), documents(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_sample_is_valid_for_both(name: str, document: Any) -> None:
    assert _VALIDATOR.is_valid(document), name
    assert _IS_VALID(document), name


@pytest.mark.parametrize(("name", "document"), documents(), ids=lambda v: v if isinstance(v, str) else "")
def test_mutations_of_every_sample_agree(name: str, document: Any) -> None:
    checked = invalid = 0
    for changed in mutations(document):
        assert agree(changed), (name, changed)
        checked += 1
        invalid += not _VALIDATOR.is_valid(changed)
    assert checked > 300 and invalid > checked // 4, (checked, invalid)  # the mutations do break the schema


def test_top_level_shapes_agree() -> None:
    for document in (None, [], "text", 1, {}, {"case_id": "x"}, {"schema_version": 2}, {"schema_version": 3}):
        assert agree(document), document


def test_equality_is_json_schema_s() -> None:
    assert not equal(True, 1) and not equal(0, False) and equal(1, 1.0) and equal([1, "a"], [1.0, "a"])
    assert not equal({"a": 1}, {"a": True}) and equal({"a": [1]}, {"a": [1]})
    assert unique(["fee", "penalty"]) and not unique(["fee", "fee"]) and unique([1, True]) and not unique([1, 1.0])


def test_a_keyword_it_does_not_know_is_refused_when_compiled() -> None:
    with pytest.raises(UnsupportedSchema, match="patternProperties"):
        compile_schema({"type": "object", "patternProperties": {"^x": {"type": "string"}}})
    with pytest.raises(UnsupportedSchema, match="format"):
        compile_schema({"properties": {"day": {"type": "string", "format": "date"}}})
    with pytest.raises(UnsupportedSchema, match="references"):
        compile_schema({"$ref": "https://example.invalid/other.json"})


def test_the_shipped_schema_compiles() -> None:
    schema = Path(__file__).resolve().parents[2] / "evidence_kit" / "schemas" / "case.schema.json"
    assert schema.is_file()
    assert compile_schema(_VALIDATOR.schema)({"schema_version": 9}) is False
