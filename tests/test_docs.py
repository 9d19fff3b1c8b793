"""The problem-code pages document every registered code in both languages, and the README leads to them.

Which codes the source reports, and that the pages are the registry's rendering, is tested in
tests/test_problem_codes.py.
"""

from __future__ import annotations

from evidence_kit.problem_codes import all_codes
from tests.conftest import REPO

PAGES = (REPO / "docs" / "problems.md", REPO / "docs" / "problems.zh-CN.md")


def test_every_registered_code_has_its_entry_on_both_pages() -> None:
    codes = [entry.code for entry in all_codes()]
    assert len(codes) > 100
    for page in PAGES:
        text = page.read_text("utf-8")
        missing = [code for code in codes if f"### `{code}`" not in text or f"](#{code})" not in text]
        assert not missing, f"not in {page.name}: {missing}"


def test_the_pages_link_each_other_and_the_readme_links_them() -> None:
    english, chinese = (page.read_text("utf-8") for page in PAGES)
    assert "(problems.zh-CN.md)" in english and "(problems.md)" in chinese
    readme = (REPO / "README.md").read_text("utf-8")
    assert "docs/problems.md" in readme and "docs/problems.zh-CN.md" in readme
    assert "evidence-kit explain CODE" in readme
