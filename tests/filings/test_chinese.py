"""Eligibility refusals and read-back mismatches in Chinese: same code, same place, the rule cited in Chinese."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from evidence_kit import i18n
from evidence_kit.case.load import load_case
from evidence_kit.errors import NotEligible, VerificationFailed
from evidence_kit.filings.content import Expected
from evidence_kit.filings.make import check_eligibility, wanted_filings
from evidence_kit.filings.readback import reconcile, refuse_mismatches
from tests.conftest import SAMPLES, line_of, replace_in

CJK = re.compile(r"[\u3400-\u9fff]")


def _refusal(case_dir: Path, lang: str) -> NotEligible:
    with i18n.language(lang):
        case = load_case(case_dir)
        with pytest.raises(NotEligible) as caught:
            check_eligibility(case, wanted_filings(case))
        return caught.value


def test_a_debtor_outside_the_mainland_is_refused_in_chinese_at_the_same_place(tmp_path: Path) -> None:
    case_dir = tmp_path / "case"
    shutil.copytree(SAMPLES / "consumer-loan", case_dir)
    replace_in(case_dir / "case.yaml", "  address: 北京市朝阳区示例路18号院3号楼2单元501室", "  address: 香港特别行政区示例道1号")
    english, chinese = _refusal(case_dir, "en"), _refusal(case_dir, "zh")
    assert [p.code for p in chinese.problems] == [p.code for p in english.problems] == ["not_eligible_outside_mainland"]
    en, zh = english.problems[0], chinese.problems[0]
    line = line_of(case_dir / "case.yaml", "香港特别行政区示例道1号")
    assert zh.loc == en.loc and zh.loc is not None and (zh.loc.file, zh.loc.row) == ("case.yaml", line)
    assert zh.loc.column == "debtors.0.address"
    assert "民诉法解释 art. 427(四)" in en.message and "outside mainland China" in en.message
    assert "不在中国内地" in zh.message and "《民诉法解释》第427条第（四）项" in zh.message
    assert "内地可以送达的地址" in zh.hint
    assert chinese.message == "所申请的文书有 1 项条件不满足：支付令：刘建华的地址不在中国内地（《民诉法解释》第427条第（四）项）"
    assert (chinese.file, chinese.row, chinese.exit_code) == (english.file, english.row, english.exit_code)


def test_a_read_back_mismatch_in_chinese_names_the_same_filing_and_field() -> None:
    expected = [Expected("total", "合计", "121,877.30元"), Expected("debtor.name", "被申请人：", "刘建华")]
    mismatches = reconcile("payment_order.pdf", "申请人：示例银行 合计：120,000.00元", expected)
    with i18n.language("zh"), pytest.raises(VerificationFailed) as caught:
        refuse_mismatches(mismatches)
    error = caught.value
    assert (error.file, error.column) == ("filings/payment_order.pdf", "total")
    assert error.message == "payment_order.pdf：total 应为 '121,877.30元'，实际为 '：120,000.00元'（另有 1 处）"
    with i18n.language("zh"):
        assert str(mismatches[1]).endswith("实际为 '缺失'")
    assert str(mismatches[1]).endswith("found 'absent'") and CJK.search(error.hint)
