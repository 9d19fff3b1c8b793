"""Fixtures of the bundle tests."""

from __future__ import annotations

import pytest

from evidence_kit.bundle import assemble as assemble_module


@pytest.fixture
def weasyprint_layouts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The anchors of every section the bundle has WeasyPrint lay out, in order, while the test runs."""
    laid_out: list[str] = []
    real = assemble_module.lay_out_sections

    def counting(sections, **kwargs):  # type: ignore[no-untyped-def]
        laid_out.extend(section.anchor for section in sections)
        return real(sections, **kwargs)

    monkeypatch.setattr(assemble_module, "lay_out_sections", counting)
    return laid_out
