"""The bundle speaks Chinese when asked: a refused exhibit names the same file, notes say what was removed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evidence_kit import i18n
from evidence_kit.bundle.exhibits import prepare_exhibit
from evidence_kit.bundle.plan import PlanItem, VolumeTooSmall, assign_volumes, plan_bundle
from evidence_kit.case.load import load_case
from evidence_kit.errors import ExitCode, InputUnreadable
from tests.bundle.test_exhibits import active_pdf, png

CJK = re.compile(r"[\u3400-\u9fff]")


def test_an_exhibit_whose_content_is_not_its_name_is_refused_in_chinese(worked_case: Path) -> None:
    """exhibits/contract.pdf holds a PNG scan: exit 5 naming that file, in either language."""
    contract = worked_case / "exhibits" / "contract.pdf"
    contract.unlink()
    png(contract)
    exhibit = load_case(worked_case).exhibits[0]
    refused: dict[str, InputUnreadable] = {}
    for lang in ("en", "zh"):
        with i18n.language(lang), pytest.raises(InputUnreadable) as caught:
            prepare_exhibit(exhibit)
        refused[lang] = caught.value
    en, zh = refused["en"], refused["zh"]
    assert en.message == "the file is named as PDF but its content is PNG"
    assert zh.message == "文件名表明是 PDF，但内容实为 PNG"
    assert zh.hint == "请确认是否为正确的文件；如是，请将其扩展名改为 .png"
    assert zh.file == en.file == "exhibits/contract.pdf"
    assert zh.exit_code == en.exit_code == ExitCode.INPUT_UNREADABLE
    assert zh.to_json().keys() == en.to_json().keys()


def test_what_was_removed_from_a_pdf_exhibit_is_noted_in_chinese(worked_case: Path) -> None:
    """A contract PDF with scripts, a form and an attachment: each removal is noted in Chinese."""
    active_pdf(worked_case / "exhibits" / "contract.pdf")
    exhibit = load_case(worked_case).exhibits[0]
    notes: dict[str, list[str]] = {}
    for lang in ("en", "zh"):
        with i18n.language(lang):
            prepared = prepare_exhibit(exhibit)
        notes[lang] = prepared.notes
        assert prepared.pages is not None and len(prepared.pages.pages) == 1
        prepared.pages.pdf.close()
    assert len(notes["zh"]) == len(notes["en"])
    assert any(re.fullmatch(r"已删除 \d+ 个 JavaScript 动作", n) for n in notes["zh"]), notes["zh"]
    assert any("secret.txt（文档附件）" in n and "证据材料只收录页面" in n for n in notes["zh"]), notes["zh"]
    assert any("secret.txt (document attachment)" in n for n in notes["en"]), notes["en"]
    assert all(CJK.search(n) for n in notes["zh"]), notes["zh"]


def test_a_page_larger_than_a_volume_is_named_in_chinese() -> None:
    plan = plan_bundle([PlanItem("1", "借款合同", "原告提供", "借贷关系", 3)], cover_pages=1, index_pages=1)
    with i18n.language("zh"), pytest.raises(VolumeTooSmall) as caught:
        assign_volumes(plan, [10, 10, 10, 500, 10], capacity=100)
    assert str(caught.value) == "证据1的第 2 页单页即超过一个分册的大小"
    assert (caught.value.exhibit, caught.value.page) == (1, 2)
