"""Keys of case.yaml that are still to be filled in: ``check`` as a to-do list.

A key written with nothing after its colon (``name:``), or with ``~``/``null``, has no value
yet: ``init`` writes every required key so. No key of case.yaml takes null as a value, so such a
key is reported once, as ``to_fill``, with what the key means (:mod:`evidence_kit.case.guide`),
in the file's order — and not again as the schema errors that follow from it (a null is not a
date, a debtor without its kind matches neither kind). The case is not built while anything is
left to fill in, so the checks of the values' meaning (check digits, dates, the claim) wait
until it is complete, instead of reporting the blanks once more in other words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jsonschema

from evidence_kit.case.guide import describe, key_at
from evidence_kit.case.yamlsrc import Path_, line_of
from evidence_kit.i18n import _
from evidence_kit.problems import Location, Problem, error

CASE_FILE = "case.yaml"


def blank_paths(data: Any, path: Path_ = ()) -> list[Path_]:
    """Every key (or list entry) of ``data`` whose value is null, in the file's order."""
    if data is None:
        return [path] if path else []
    if isinstance(data, dict):
        return [p for key, value in data.items() for p in blank_paths(value, (*path, key))]
    if isinstance(data, list):
        return [p for i, value in enumerate(data) for p in blank_paths(value, (*path, i))]
    return []


def without_blanks(data: Any, known: frozenset[str]) -> Any:
    """A copy of ``data`` without its null keys (a null list entry becomes an empty mapping).

    A null key whose name the schema does not know is kept, as an empty text, so that the
    schema reports it as an unknown key (a typo, with a suggestion) rather than as one to fill in.
    """
    if isinstance(data, dict):
        return {key: "" if value is None else without_blanks(value, known) for key, value in data.items()
                if value is not None or key not in known}
    if isinstance(data, list):
        return [{} if value is None else without_blanks(value, known) for value in data]
    return data


def property_names(schema: Any) -> frozenset[str]:
    """Every key name the schema knows, wherever it is allowed."""
    found: set[str] = set()
    if isinstance(schema, dict):
        properties = schema.get("properties")
        if isinstance(properties, dict):
            found.update(properties)
        for value in schema.values():
            found.update(property_names(value))
    elif isinstance(schema, list):
        for value in schema:
            found.update(property_names(value))
    return frozenset(found)


def schema_errors(validator: jsonschema.Draft202012Validator, data: dict[str, Any],
                  is_valid: Callable[[Any], bool] | None = None
                  ) -> tuple[list[Path_], list[jsonschema.ValidationError]]:
    """The keys still to fill in, and the schema errors that do not merely follow from them.

    ``is_valid`` (:func:`evidence_kit.case.schemacheck.compile_schema`) answers first: jsonschema's
    errors are only looked for in a document it finds invalid.
    """
    blanks = blank_paths(data)
    known = property_names(validator.schema) if blanks else frozenset()
    document = without_blanks(data, known) if blanks else data
    if is_valid is not None and is_valid(document):
        return [p for p in blanks if isinstance(p[-1], int) or p[-1] in known], []
    if not blanks:
        return [], list(validator.iter_errors(data))
    to_fill = [p for p in blanks if isinstance(p[-1], int) or p[-1] in known]
    errors = validator.iter_errors(document)
    return to_fill, [e for e in errors if not _follows_from(e, to_fill)]


def _follows_from(err: jsonschema.ValidationError, blanks: list[Path_]) -> bool:
    """An error at or under a blank, or one that misses a blank key, says the blank again."""
    at: Path_ = tuple(err.absolute_path)
    if any(at[: len(blank)] == blank for blank in blanks):
        return True
    if err.validator == "required":
        return any(blank[:-1] == at and f"'{blank[-1]}'" in err.message for blank in blanks)
    return False


def to_fill_problems(blanks: list[Path_], lines: dict[Path_, int]) -> list[Problem]:
    """One ``to_fill`` error per key, in the file's order, saying what the key is."""
    located = sorted(blanks, key=lambda p: (line_of(lines, p) or 0))
    return [_to_fill(path, lines) for path in located]


def _to_fill(path: Path_, lines: dict[Path_, int]) -> Problem:
    key = ".".join(str(p) for p in path)
    name = next((str(p) for p in reversed(path) if not isinstance(p, int)), key)
    what = describe(path)
    message = (_("{key} is still to be filled in: {what}", key=key, what=what) if what
               else _("{key} is still to be filled in", key=key))
    known = key_at(path)
    hint = (_("write it after '{name}:' in case.yaml", name=name) if known is not None and known.required
            else _("write it after '{name}:' in case.yaml, or delete the line", name=name))
    return error("to_fill", message, Location(CASE_FILE, line_of(lines, path), key), hint)
