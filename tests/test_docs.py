"""Every problem code the tool can report is documented in docs/problems.md."""

from __future__ import annotations

import re

from tests.conftest import REPO

CODE = re.compile(r"\b(?:error|warning)\(\s*\"([a-z_]+)\"", re.MULTILINE)


def test_every_problem_code_is_documented() -> None:
    documented = (REPO / "docs" / "problems.md").read_text("utf-8")
    used = {code for path in (REPO / "evidence_kit").rglob("*.py") for code in CODE.findall(path.read_text("utf-8"))}
    assert len(used) > 60
    missing = sorted(code for code in used if f"`{code}`" not in documented)
    assert not missing, f"not in docs/problems.md: {missing}"
