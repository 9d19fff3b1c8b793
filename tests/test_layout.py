"""The folder tree is the pipeline: no module imports from a later stage, only cli.py imports click."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "evidence_kit"

STAGES = ("case", "claim", "check", "bundle", "filings", "notices", "output", "store", "batch")
"""DESIGN §7's order: a stage may import itself and the stages before it."""

SHARED = {"errors", "problems", "money", "limits", "i18n", "problem_codes"}
"""Top-level modules every stage may use (they import nothing but each other)."""

TOP = {"cli", "pipeline", "__main__", "__init__"}
"""The front doors, above every stage."""


def _rank(module: str) -> int:
    """0 for shared modules, 1.. for the stages in order, past the last stage for the front doors."""
    parts = module.split(".")
    if parts[0] != "evidence_kit":
        raise ValueError(module)
    if len(parts) == 1:
        return len(STAGES) + 1
    head = parts[1]
    if head in SHARED:
        return 0
    if head in STAGES:
        return STAGES.index(head) + 1
    assert head in TOP, f"evidence_kit.{head} is neither a stage, a shared module nor a front door"
    return len(STAGES) + 1


def _module_name(path: Path) -> str:
    rel = path.relative_to(REPO).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every evidence_kit import, at any depth (function-level imports count too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] if node.module != "evidence_kit" else [
                f"evidence_kit.{alias.name}" if alias.name != "__version__" else "evidence_kit.__init__"
                for alias in node.names]
            found += [(node.lineno, name) for name in names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return [(line, name) for line, name in found if name.split(".")[0] == "evidence_kit"]


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_belongs_to_a_stage() -> None:
    for path in _modules():
        _rank(_module_name(path))


def test_no_module_imports_a_later_stage() -> None:
    upward = []
    for path in _modules():
        me = _module_name(path)
        mine = _rank(me)
        for line, target in _imports(path):
            if target == "evidence_kit.__init__":
                if mine > 0 or me == "evidence_kit.__init__":
                    continue  # __version__ is a constant, defined before anything is imported
                upward.append(f"{path.relative_to(REPO)}:{line} imports {target}")
            elif _rank(target) > mine:
                upward.append(f"{path.relative_to(REPO)}:{line} imports {target}")
    assert not upward, "imports from a later stage:\n" + "\n".join(upward)


def test_the_rank_rule_catches_an_upward_import() -> None:
    assert _rank("evidence_kit.output.manifest") > _rank("evidence_kit.bundle.stamp")
    assert _rank("evidence_kit.case.load") < _rank("evidence_kit.claim.engine") < _rank("evidence_kit.check")
    assert _rank("evidence_kit.money") == 0
    assert _rank("evidence_kit.cli") > _rank("evidence_kit.batch")


def test_only_the_command_line_imports_click() -> None:
    users = [str(path.relative_to(REPO)) for path in _modules()
             if any(name == "click" or name.startswith("click.")
                    for node in ast.walk(ast.parse(path.read_text("utf-8")))
                    for name in ([a.name for a in node.names] if isinstance(node, ast.Import) else
                                 [node.module or ""] if isinstance(node, ast.ImportFrom) else []))]
    assert users == ["evidence_kit/cli.py"]


def test_templates_at_the_top_are_the_packaged_ones() -> None:
    top = REPO / "templates"
    assert top.is_dir()
    assert top.resolve() == (PACKAGE / "templates").resolve()
    assert (top / "bundle.css").is_file()
