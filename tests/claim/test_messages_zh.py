"""The claim speaks Chinese when asked: the same problems (codes, file, line, key), the same figures."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from evidence_kit import i18n
from evidence_kit.case.load import load_case
from evidence_kit.check import check_case
from evidence_kit.claim.engine import claim_table_text, compute_claim
from evidence_kit.claim.repayment_plan import PlanRefused, PlanTerms, make_plan
from evidence_kit.claim.report import case_claim_output
from evidence_kit.errors import ExitCode
from evidence_kit.problems import Problem
from tests.conftest import SAMPLES

CJK = re.compile(r"[\u3400-\u9fff]")
FIGURES = re.compile(r"\d[\d,]*\.\d\d")


def _problems(case: Path, lang: str) -> list[Problem]:
    with i18n.language(lang):
        return check_case(case)[1].problems


def test_a_claim_mismatch_in_chinese_names_the_same_key_and_figures(
    worked_case: Path, edit: Callable[[Path, str, str], None]
) -> None:
    """The bank's interest written 15.41 too high: claim_mismatch at loan.claimed.interest in both languages."""
    edit(worked_case / "case.yaml", "  accelerated_on: 2024-09-01\n",
         '  accelerated_on: 2024-09-01\n  claimed:\n    interest: "1100.00"\n')
    english = [p for p in _problems(worked_case, "en") if p.code == "claim_mismatch"]
    chinese = [p for p in _problems(worked_case, "zh") if p.code == "claim_mismatch"]
    assert len(english) == len(chinese) == 1
    en, zh = english[0], chinese[0]
    assert zh.loc == en.loc and zh.loc is not None
    assert (zh.loc.file, zh.loc.column) == ("case.yaml", "loan.claimed.interest")
    assert en.message == ("loan.claimed.interest: the bank's figure 1,100.00 differs from the recomputed 1,084.59 "
                          "by 15.41 (as of 2024-12-31)")
    assert zh.message.startswith("loan.claimed.interest：") and "银行数据" in zh.message
    assert FIGURES.findall(zh.message) == FIGURES.findall(en.message) == ["1,100.00", "1,084.59", "15.41"]
    assert "2024-12-31" in zh.message and CJK.search(zh.hint) and "core-banking" in en.hint


def test_the_claim_table_in_chinese_has_the_same_figures_and_no_english(worked_case: Path) -> None:
    claim = compute_claim(load_case(worked_case))
    with i18n.language("en"):
        english = claim_table_text(claim)
    with i18n.language("zh"):
        chinese = claim_table_text(claim)
    assert english.startswith("欠款计算明细 Claim — WORKED-EXAMPLE-2024, as of 2024-12-31\n")
    assert chinese.startswith("欠款计算明细 — WORKED-EXAMPLE-2024，截至 2024-12-31\n")
    assert FIGURES.findall(chinese) == FIGURES.findall(english)
    assert "项目" in chinese and "未到期本金" in chinese and "罚息" in chinese
    assert not re.search(r"[A-Za-z]{3,}", chinese.replace("WORKED-EXAMPLE", "")), chinese


def test_a_card_claim_in_chinese_words_its_trim_and_its_ceiling() -> None:
    """The consumer loan and card sample: the card's charges are trimmed to the 24 % cap."""
    case = load_case(SAMPLES / "consumer-loan-and-card")
    with i18n.language("en"):
        english = case_claim_output(case)
    with i18n.language("zh"):
        chinese = case_claim_output(case)
    assert "调减 trim penalty" in english.text and "调减违约金" in chinese.text
    assert "== 第2项债务 debt card:" in english.text and "== 第2项债务 card：" in chinese.text
    assert "自首次逾期日起的各项费用" in chinese.text and "按合计金额计算的案件受理费" in chinese.text
    assert sorted(FIGURES.findall(chinese.text)) == sorted(FIGURES.findall(english.text))  # a warning's order differs
    assert _without_words(chinese.data) == _without_words(english.data)  # JSON keys, codes and figures stay
    warned = [(p.code, p.loc) for p in chinese.problems]
    assert warned == [(p.code, p.loc) for p in english.problems] and ("cap_exceeded", warned[0][1]) in warned
    cap = next(p for p in chinese.problems if p.code == "cap_exceeded")
    assert cap.message.startswith("debts.1：") and "已从未付费用中调减" in cap.message


def _without_words(data: object) -> object:
    """The JSON with the messages and hints left out."""
    if isinstance(data, dict):
        return {k: _without_words(v) for k, v in data.items() if k not in ("message", "hint")}
    if isinstance(data, list):
        return [_without_words(v) for v in data]
    return data


def test_a_limitation_expired_in_chinese_cites_the_event(worked_case: Path,
                                                          edit: Callable[[Path, str, str], None]) -> None:
    """as_of moved past three years after the last contact: limitation_expired at the contacts.csv row."""
    edit(worked_case / "case.yaml", "as_of: 2024-12-31", "as_of: 2027-12-31")
    english = next(p for p in _problems(worked_case, "en") if p.code == "limitation_expired")
    chinese = next(p for p in _problems(worked_case, "zh") if p.code == "limitation_expired")
    assert chinese.loc == english.loc and chinese.loc is not None and chinese.loc.file == "contacts.csv"
    assert english.message.startswith("the limitation period (诉讼时效) expired on 2027-09-03: three years from ")
    assert chinese.message.startswith("诉讼时效已于 2027-09-03 届满：自2024-09-03 ")
    assert "《民法典》第一百九十二条" in chinese.hint


def test_a_refused_plan_in_chinese_names_each_option(worked_case: Path) -> None:
    claim = compute_claim(load_case(worked_case))
    terms = PlanTerms(months=0, signed_on=date(2025, 1, 15), waive=("principal",))
    with i18n.language("zh"), pytest.raises(PlanRefused) as refused:
        make_plan(claim, terms)
    assert refused.value.exit_code == ExitCode.USAGE
    assert refused.value.message.startswith("无法制定还款计划：")
    assert "--waive principal：只能减免 interest, penalty" in refused.value.message
    assert "--months 0 须在 1 至 60 之间" in refused.value.message
    assert refused.value.file == "分期选项" and CJK.search(refused.value.hint)
