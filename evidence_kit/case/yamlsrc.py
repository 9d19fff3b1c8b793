"""Safe YAML that keeps the line of every value and never makes a float.

Money in case.yaml is decimal text; a bare ``100000.00`` must not become a float
on its way in. This loader resolves no floats and no timestamps (they stay text
and are parsed by the case loader), and records the 1-based line of each value
under its key path, e.g. ``("loan", "principal") -> 14``.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from evidence_kit.i18n import _
from evidence_kit.limits import YAML_MAX_DEPTH, YAML_MAX_NODES

Path_ = tuple[str | int, ...]


class _TextFirstLoader(yaml.SafeLoader):
    """SafeLoader without the float and timestamp resolvers, refusing nesting deeper than the limit."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > YAML_MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise YamlSourceError(_("nested more than {limit} levels deep", limit=YAML_MAX_DEPTH), mark.line + 1)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_TEXT_FIRST_RESOLVERS = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_TextFirstLoader.yaml_implicit_resolvers = _TEXT_FIRST_RESOLVERS

_C_LOADER: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)
"""libyaml's parser and composer, when PyYAML was built with it: about ten times faster than the Python
one (``notices`` and ``batch`` read thousands of case files). Its composer recurses in C, so the nesting
depth is measured first from its event stream, which does not recurse."""

_FastTextFirstLoader: type[yaml.SafeLoader] | None = None
if _C_LOADER is not None:
    _FastTextFirstLoader = type("_FastTextFirstLoader", (_C_LOADER,), {"yaml_implicit_resolvers": _TEXT_FIRST_RESOLVERS})

_OPENING = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSING = (yaml.MappingEndEvent, yaml.SequenceEndEvent)

# YAML 1.1 reads yes/no/on/off as booleans; keep that (case.yaml documents original: yes/no),
# but an integer with leading zeros such as 0755 must not turn octal: keep it text.
_OCTAL_LIKE = re.compile(r"^0[0-9]+$")


_STR_TAG = "tag:yaml.org,2002:str"


class YamlSourceError(ValueError):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


def load_with_lines(text: str) -> tuple[Any, dict[Path_, int]]:
    """Parse YAML text; return the data and a map from key path to 1-based line."""
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise YamlSourceError(_("not valid YAML: {why}", why=exc.problem or exc), line) from exc
    except yaml.YAMLError as exc:
        raise YamlSourceError(_("not valid YAML: {why}", why=exc), None) from exc
    lines: dict[Path_, int] = {}
    if node is None:
        return None, lines
    return _Converter(lines).convert(node, ()), lines


def _compose(text: str) -> yaml.Node | None:
    """The node graph of ``text``, nested at most :data:`YAML_MAX_DEPTH` deep (libyaml when it is there)."""
    if _FastTextFirstLoader is None:
        return yaml.compose(text, Loader=_TextFirstLoader)
    _refuse_deep_nesting(text, _FastTextFirstLoader)
    return yaml.compose(text, Loader=_FastTextFirstLoader)


def _refuse_deep_nesting(text: str, loader: type[yaml.SafeLoader]) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, _OPENING):
            depth += 1
            if depth > YAML_MAX_DEPTH:
                mark = event.start_mark
                raise YamlSourceError(_("nested more than {limit} levels deep", limit=YAML_MAX_DEPTH),
                                      mark.line + 1 if mark else None)
        elif isinstance(event, _CLOSING):
            depth -= 1


class _Converter:
    """Nodes → Python values; aliases are expanded, so their total count and depth are bounded here."""

    def __init__(self, lines: dict[Path_, int]) -> None:
        self.lines = lines
        self.budget = YAML_MAX_NODES

    def convert(self, node: yaml.Node, path: Path_) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise YamlSourceError(_("more than {limit} values once its aliases (*name) are expanded; case.yaml needs "
                                    "a few hundred", limit=f"{YAML_MAX_NODES:,}"), node.start_mark.line + 1)
        if len(path) > YAML_MAX_DEPTH:
            raise YamlSourceError(_("nested more than {limit} levels deep once its aliases are expanded",
                                    limit=YAML_MAX_DEPTH), node.start_mark.line + 1)
        return _convert(node, path, self.lines, self.convert)


def _convert(node: yaml.Node, path: Path_, lines: dict[Path_, int], convert: Any) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        _flatten_merge_keys(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(_scalar(key_node))
            if key in result:
                raise YamlSourceError(_("key '{key}' appears twice", key=key), key_node.start_mark.line + 1)
            result[key] = convert(value_node, (*path, key))
            lines[(*path, key)] = key_node.start_mark.line + 1  # a key's line, also for nested values
        return result
    if isinstance(node, yaml.SequenceNode):
        return [convert(item, (*path, i)) for i, item in enumerate(node.value)]
    return _scalar(node)


_MERGE_TAGS = frozenset({"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"})
"""The key tags PyYAML's ``flatten_mapping`` acts on; a mapping without them is left as it is."""


def _flatten_merge_keys(node: yaml.MappingNode) -> None:
    """Resolve ``<<: *anchor`` merge keys in place, as PyYAML's own constructor does."""
    if not any(key_node.tag in _MERGE_TAGS for key_node, _value in node.value):
        return  # nothing to flatten (almost every mapping): no loader made
    loader = _TextFirstLoader(stream="")
    try:
        loader.flatten_mapping(node)
    except yaml.YAMLError as exc:
        raise YamlSourceError(_("a merge key (<<) must merge a mapping: {why}", why=exc),
                              node.start_mark.line + 1) from exc
    finally:
        loader.dispose()


def _scalar(node: yaml.Node) -> Any:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.ScalarNode):
        raise YamlSourceError(_("a key must be plain text"), line)
    if node.tag == _STR_TAG:
        return node.value  # what PyYAML's construct_yaml_str gives, without making a loader per value
    if node.tag == "tag:yaml.org,2002:int" and _OCTAL_LIKE.match(node.value):
        return node.value
    constructor = _TextFirstLoader(stream="")
    try:
        return constructor.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        raise YamlSourceError(_("{tag} values are not allowed in case.yaml ({value})", tag=node.tag,
                                value=repr(node.value)), line) from exc
    finally:
        constructor.dispose()


def line_of(lines: dict[Path_, int], path: Path_) -> int | None:
    """The line of ``path``, or of its nearest parent that has one."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())
