"""A compiled yes/no check of a document against case.yaml's JSON Schema: validation's fast path.

jsonschema's validator walks the schema anew for every document (a reference lookup and a new
validator object at each step): about 4 ms for a sample case.yaml, most of the time ``notices``
spent on a case. The loader needs jsonschema's error objects only when there are errors, so
:func:`compile_schema` turns the schema, once per process, into nested functions that answer
"valid or not" by the rules of JSON Schema 2020-12 as jsonschema 4 applies them, for the keywords
case.schema.json uses; a schema with any other keyword is refused when it is compiled, so the
check cannot silently ignore a rule added later. The loader asks this check first and runs
jsonschema's ``iter_errors`` only for a document it finds invalid: the problems reported are
jsonschema's, unchanged. ``tests/case/test_schemacheck.py`` checks that the two agree on every
sample, every case.yaml the tests write, and generated mutations of them.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

Check = Callable[[Any], bool]

_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description", "$comment", "examples", "default"})
_TYPES: dict[str, Check] = {
    "array": lambda v: isinstance(v, list),
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: not isinstance(v, bool) and (isinstance(v, int)
                                                      or (isinstance(v, float) and v.is_integer())),
    "null": lambda v: v is None,
    "number": lambda v: not isinstance(v, bool) and isinstance(v, numbers.Number),
    "object": lambda v: isinstance(v, dict),
    "string": lambda v: isinstance(v, str),
}
"""jsonschema's Draft 2020-12 type checker: a bool is no number, 1.0 is an integer."""


class UnsupportedSchema(ValueError):
    """The schema uses a keyword (or a reference) this check does not implement."""


def equal(one: Any, two: Any) -> bool:
    """Equality as JSON Schema means it (jsonschema's ``equal``): True is not 1, sequences compared item by item."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return one.keys() == two.keys() and all(equal(one[k], two[k]) for k in one)
    if isinstance(one, bool) or isinstance(two, bool):
        return isinstance(one, bool) and isinstance(two, bool) and one == two
    return bool(one == two)


def unique(items: list[Any]) -> bool:
    return not any(equal(items[i], items[j]) for i in range(len(items)) for j in range(i + 1, len(items)))


def compile_schema(root: Mapping[str, Any]) -> Check:
    """``check(document) -> bool``: whether jsonschema's Draft 2020-12 validator finds no error."""
    return _Compiler(root).compile(root)


class _Compiler:
    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def compile(self, schema: Any) -> Check:
        if schema is True:
            return _always
        if schema is False:
            return _never
        if not isinstance(schema, Mapping):
            raise UnsupportedSchema(f"a schema must be an object or a boolean: {schema!r}")
        found = [self.keyword(name, value, schema) for name, value in schema.items() if name not in _ANNOTATIONS]
        checks = [c for c in found if c is not None]
        if not checks:
            return _always
        if len(checks) == 1:
            return checks[0]
        return _every(tuple(checks))

    def reference(self, ref: str) -> Check:
        """A ``#/…`` pointer into the same document, compiled once (and late, so that recursion works)."""
        if ref not in self.refs:
            if not ref.startswith("#"):
                raise UnsupportedSchema(f"only references inside the schema are supported: {ref}")
            target: Any = self.root
            for part in filter(None, ref[1:].split("/")):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            compiled: list[Check] = []
            self.refs[ref] = lambda v: compiled[0](v)
            compiled.append(self.compile(target))
        return self.refs[ref]

    def keyword(self, name: str, value: Any, schema: Mapping[str, Any]) -> Check | None:
        if name == "$ref":
            return self.reference(value)
        if name == "type":
            kinds = [_TYPES[t] for t in ([value] if isinstance(value, str) else value)]
            return lambda v: any(kind(v) for kind in kinds)
        if name == "enum":
            return lambda v: any(equal(each, v) for each in value)
        if name == "const":
            return lambda v: equal(v, value)
        if name == "pattern":
            regex = re.compile(value)
            return lambda v: not isinstance(v, str) or regex.search(v) is not None
        if name in ("minLength", "maxLength"):
            return _bound(name, value, lambda v: isinstance(v, str))
        if name in ("minItems", "maxItems"):
            return _bound(name, value, lambda v: isinstance(v, list))
        if name in ("minimum", "maximum"):
            return _number_bound(name == "minimum", value)
        if name == "uniqueItems":
            return (lambda v: not isinstance(v, list) or unique(v)) if value else None
        if name == "required":
            return lambda v: not isinstance(v, dict) or all(key in v for key in value)
        if name == "properties":
            return self.properties(value)
        if name == "additionalProperties":
            return self.additional(value, schema)
        if name == "items":
            if "prefixItems" in schema:
                raise UnsupportedSchema("prefixItems")
            item = self.compile(value)
            return lambda v: not isinstance(v, list) or all(item(each) for each in v)
        if name in ("if", "then", "else"):
            return self.conditional(schema) if name == "if" else None
        if name in ("oneOf", "anyOf"):
            options = [self.compile(s) for s in value]
            if name == "anyOf":
                return lambda v: any(option(v) for option in options)
            return lambda v: sum(1 for option in options if option(v)) == 1
        if name == "not":
            negated = self.compile(value)
            return lambda v: not negated(v)
        raise UnsupportedSchema(f"keyword {name}")

    def properties(self, value: Mapping[str, Any]) -> Check:
        compiled = tuple((key, self.compile(sub)) for key, sub in value.items())

        def check(v: Any) -> bool:
            if not isinstance(v, dict):
                return True
            for key, sub in compiled:  # noqa: SIM110 - a loop, not all(generator): run for every mapping
                if key in v and not sub(v[key]):
                    return False
            return True

        return check

    def additional(self, value: Any, schema: Mapping[str, Any]) -> Check | None:
        if "patternProperties" in schema:
            raise UnsupportedSchema("patternProperties")
        known = frozenset(schema.get("properties", {}))
        if value is True:
            return None
        if value is False:
            return lambda v: not isinstance(v, dict) or all(key in known for key in v)
        extra = self.compile(value)
        return lambda v: not isinstance(v, dict) or all(extra(item) for key, item in v.items() if key not in known)

    def conditional(self, schema: Mapping[str, Any]) -> Check:
        condition = self.compile(schema["if"])
        then = self.compile(schema["then"]) if "then" in schema else _always
        otherwise = self.compile(schema["else"]) if "else" in schema else _always
        return lambda v: then(v) if condition(v) else otherwise(v)


def _every(checks: tuple[Check, ...]) -> Check:
    def check(v: Any) -> bool:
        for one in checks:  # noqa: SIM110 - a loop, not all(generator): run for every value of every case.yaml
            if not one(v):
                return False
        return True

    return check


def _always(_value: Any) -> bool:
    return True


def _never(_value: Any) -> bool:
    return False


def _bound(name: str, limit: int, applies: Check) -> Check:
    if name.startswith("min"):
        return lambda v: not applies(v) or len(v) >= limit
    return lambda v: not applies(v) or len(v) <= limit


def _number_bound(lower: bool, limit: Any) -> Check:
    number = _TYPES["number"]
    if lower:
        return lambda v: not number(v) or not v < limit
    return lambda v: not number(v) or not v > limit
