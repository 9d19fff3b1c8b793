"""The cover and the 证据目录 drawn directly (bundle/indexpdf.py), read back with poppler and pikepdf."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pikepdf
import pytest

from evidence_kit.bundle import assemble as assemble_module
from evidence_kit.bundle.indexpdf import (
    BODY_BOTTOM,
    BODY_WIDTH,
    INDEX_SHARES,
    MARGIN_LEFT,
    break_lines,
)
from evidence_kit.output.build import build_case
from tests.bundle.test_bundle import bbox_words, manifest_of, page_texts, report_of, squeeze
from tests.bundle.test_exhibits import exhibit, text_pdf
from tests.factories import make_borrower, make_case

ON = date(2025, 6, 30)
STAMP_WORD = re.compile(r"[第页共\d]+")
"""A word of the page stamp ("第 1 页 共 5 页"), in the band below the bottom margin."""


def em(char: str) -> float:
    """A rough advance: Chinese characters 1 em, anything else half."""
    return 1.0 if ord(char) > 0x2E80 else 0.5


def test_lines_break_between_chinese_characters_and_keep_words_whole() -> None:
    lines = break_lines("借款合同 No. 2024-001 已于2024年签订", 6, em)
    assert "".join(lines).replace(" ", "") == "借款合同No.2024-001已于2024年签订"
    assert all(sum(map(em, line)) <= 6 for line in lines)
    assert "No." in lines[1] or "No." in lines[0]  # the word "No." is not cut
    assert not any(line.startswith(" ") or line.endswith(" ") for line in lines)


def test_no_line_starts_with_closing_punctuation() -> None:
    lines = break_lines("证明借款合同关系成立，借款已发放。担保人（保证人）应承担责任。", 5, em)
    assert all(line[0] not in "，。）、" for line in lines[1:]), lines
    assert all(line[-1] not in "（" for line in lines), lines


def test_ideographic_spaces_are_kept_ascii_spaces_collapse() -> None:
    assert break_lines("案由：借款　　提交人：银行", 40, em) == ["案由：借款　　提交人：银行"]
    assert break_lines("a   b\n c", 40, em) == ["a b c"]
    assert break_lines("", 10, em) == []


def test_a_page_range_breaks_only_after_its_dash() -> None:
    assert break_lines("16099–17208", 4, em, anywhere=False) == ["16099–", "17208"]
    assert break_lines("9", 4, em, anywhere=False) == ["9"]
    assert break_lines("1234567890", 3, em) == ["123456", "7890"]  # anywhere: a long word is cut where it must


@pytest.mark.slow
def test_the_default_bundle_needs_no_layout_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PDF exhibits only: the cover and the index are drawn, WeasyPrint lays out nothing."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("laid out by WeasyPrint")

    monkeypatch.setattr(assemble_module, "lay_out_sections", refuse)
    root = tmp_path / "case"
    source = text_pdf(root / "exhibits" / "contract.pdf", "借款合同正文")
    result = build_case(make_case(root=root, exhibits=(exhibit(source, root, 1),)), tmp_path / "out",
                        report_json={}, on=ON, ledger_exhibit=False, contacts_exhibit=False)
    texts = page_texts(result.folder / "bundle.pdf")
    assert texts[0].startswith("证据材料") and "案由金融借款合同纠纷" in texts[0] and "张三（借款人）" in texts[0]
    assert texts[1].startswith("证据目录") and "测试证据1" in texts[1] and "提交日期：2025年6月30日" in texts[1]


@pytest.mark.slow
def test_a_cover_with_many_parties_runs_onto_a_second_page(tmp_path: Path) -> None:
    root = tmp_path / "case"
    source = text_pdf(root / "exhibits" / "contract.pdf", "借款合同正文")
    guarantors = tuple(replace(make_borrower(), role="guarantor", name=f"保证人{n:02d}号有限责任公司",
                               id_number=None, kind="company") for n in range(1, 31))
    case = make_case(root=root, exhibits=(exhibit(source, root, 1),), debtors=(make_borrower(), *guarantors))
    result = build_case(case, tmp_path / "out", report_json={}, on=ON, ledger_exhibit=False, contacts_exhibit=False)
    texts = page_texts(result.folder / "bundle.pdf")
    cover_pages = next(n for n, text in enumerate(texts) if text.startswith("证据目录"))
    assert cover_pages >= 2 and report_of(result)["bundle"]["index_pages"] == 1
    cover = "".join(texts[:cover_pages])
    assert all(f"保证人{n:02d}号有限责任公司（保证人）" in cover for n in range(1, 31))
    assert cover.index("案由") < cover.index("保证人30号") < cover.index("受理法院") < cover.index("提交日期2025年6月30日")
    with pikepdf.open(result.folder / "bundle.pdf") as pdf:
        labels = pdf.Root.PageLabels.Nums
        assert str(labels[1].P) == "封面" and int(labels[1].St) == 1
    assert manifest_of(result)["exhibits"][0]["first_page"] == cover_pages + 2
    for words in bbox_words(result.folder / "bundle.pdf", 1, cover_pages):
        assert all(w[3] <= BODY_BOTTOM + 1 for w in words if not STAMP_WORD.fullmatch(w[4]))


@pytest.mark.slow
def test_an_index_row_taller_than_a_page_goes_on_and_its_numbers_stay_true(tmp_path: Path) -> None:
    """证明目的 at its limit (500 characters) makes a row taller than a page: it is split at a line, its
    links are on its first part, and the bundle verifies (the printed pages read back)."""
    root = tmp_path / "case"
    source = text_pdf(root / "exhibits" / "contract.pdf", "借款合同正文")
    proves = ("证明借款合同关系成立、借款已发放、借款人逾期未还款以及担保人应承担连带保证责任的事实，" * 12)[:500]
    exhibits = (exhibit(source, root, 1), exhibit(source, root, 2, proves=proves), exhibit(source, root, 3))
    result = build_case(make_case(root=root, exhibits=exhibits), tmp_path / "out", report_json={}, on=ON,
                        ledger_exhibit=False, contacts_exhibit=False)
    bundle = report_of(result)["bundle"]
    assert bundle["index_pages"] == 2
    edges = [MARGIN_LEFT + sum(INDEX_SHARES[:n]) * BODY_WIDTH for n in (3, 4)]  # the 证明目的 column
    column = [w[4] for words in bbox_words(result.folder / "bundle.pdf", 2, 3) for w in words
              if edges[0] <= w[0] and w[2] <= edges[1] and w[4] != "证明目的"]  # the heads repeat on page 3
    assert squeeze(proves) in "".join(column)
    items = manifest_of(result)["exhibits"]
    assert [item["first_page"] for item in items] == [4, 5, 6]
    with pikepdf.open(result.folder / "bundle.pdf") as pdf:
        names = [str(a.NM) for page in pdf.pages[1:3] for a in page.obj.get("/Annots", [])]
    assert sorted(names) == sorted(f"exhibit-{n}-{part}" for n in (1, 2, 3) for part in ("no", "title", "pages"))
    for words in bbox_words(result.folder / "bundle.pdf", 2, 3):
        assert all(w[3] <= BODY_BOTTOM + 1 for w in words if not STAMP_WORD.fullmatch(w[4]))


@pytest.mark.parametrize("label", ["借款合同编号", "债务"])
def test_every_bold_character_is_among_the_fixed_ones(label: str, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The bold face draws only fixed texts, so its subset is the one made once per machine (not per bundle)."""
    from evidence_kit.bundle.assemble import IndexRenderer, cover_facts
    from evidence_kit.bundle.indexpdf import CoverLayout
    from evidence_kit.bundle.plan import PlanItem, plan_bundle

    monkeypatch.setenv("EVIDENCE_KIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(assemble_module, "contract_label", lambda case: label)
    renderer = IndexRenderer(make_case(), ON)
    cover = CoverLayout(renderer.faces, cover_facts(make_case(), ON, 3))
    renderer(plan_bundle([PlanItem(str(n), f"证据{n}", "原告提供", "借款事实", pages=2) for n in range(1, 4)],
                         cover_pages=1, index_pages=1))
    for document in (cover, renderer.laid_out()):
        list(document.drawn_pages())
    bold = renderer.faces.bold
    assert bold.used and bold.used.keys() <= bold.fixed
    program = bold.subset_program()
    assert [path.name[:12] for path in (tmp_path / "cache").glob("face-subset-*")] == ["face-subset-"]
    assert bold.subset_program() == program  # read back from the cache


@pytest.mark.slow
def test_a_character_the_body_face_lacks_is_laid_out_with_another_font(tmp_path: Path,
                                                                        weasyprint_layouts: list[str]) -> None:
    """"ğ" is not in Noto Serif CJK SC (DejaVu has it; check accepts it): the cover and the index are then laid out
    by WeasyPrint, whose font fallback prints it, and the numbers are still read back."""
    from evidence_kit.case.text import unprintable

    assert unprintable("Doğan") == []  # another installed font has it
    root = tmp_path / "case"
    source = text_pdf(root / "exhibits" / "contract.pdf", "借款合同正文")
    debtor = replace(make_borrower(), name="Doğan Yılmaz")
    exhibits = (exhibit(source, root, 1), exhibit(source, root, 2, title="Doğan 的借款合同"))
    result = build_case(make_case(root=root, exhibits=exhibits, debtors=(debtor,)), tmp_path / "out",
                        report_json={}, on=ON, ledger_exhibit=False, contacts_exhibit=False)
    assert weasyprint_layouts[:2] == ["bundle-cover", "evidence-index"]
    texts = page_texts(result.folder / "bundle.pdf")
    assert "DoğanYılmaz（借款人）" in texts[0] and "Doğan的借款合" in texts[1]  # the title wraps in its cell
    assert [e["first_page"] for e in manifest_of(result)["exhibits"]] == [3, 4]
