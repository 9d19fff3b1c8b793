"""A basis per debt (schema_version 2 ``filings.enforcement.bases``): each decision runs its own deadline.

The case is samples/facility-drawdowns with D1 and D2 decided by one judgment and D3 by a later
mediation statement. check names each debt whose decision is out of time, at that decision's
performance_due; the claim JSON and the 强制执行申请书 list each decision with its debts.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from evidence_kit.case.load import load_case
from evidence_kit.check import check_case
from evidence_kit.claim.enforcement import case_enforcement_json, enforcement_figures
from evidence_kit.claim.report import case_claim_output
from evidence_kit.filings.eligibility import eligibility_problems
from tests.conftest import SAMPLES, line_of, replace_in

BASES = """filings:
  enforcement:
    bases:
    - debts: [D1, D2]
      kind: judgment
      number: （2025）粤0306民初1001号
      issued_by: 深圳市宝安区人民法院
      effective_on: '2025-02-20'
      performance_due: '2025-03-02'
      awarded:
        principal: '1400000.00'
        interest: '23000.00'
        costs: '11000.00'
      paid_since: '20000.00'
    - debts: [D3]
      kind: mediation
      number: （2025）粤0306民初2002号
      issued_by: 深圳市宝安区人民法院
      effective_on: '2025-06-01'
      performance_due: '2025-06-15'
      awarded:
        principal: '500000.00'
        interest: '6000.00'
        costs: '4400.00'
"""


def decided_case(tmp_path: Path, as_of: str | None = None, filings: str = BASES) -> Path:
    case = tmp_path / "facility"
    shutil.copytree(SAMPLES / "facility-drawdowns", case)
    replace_in(case / "case.yaml", "filings:\n  payment_order: {}\n", filings)
    if as_of is not None:  # the bank's claimed figures are as of 2025-06-30: drop them for a later as_of
        text = (case / "case.yaml").read_text("utf-8")
        kept = []
        skipping = False
        for line in text.splitlines(keepends=True):
            if line.startswith("  claimed:"):
                skipping = True
                continue
            if skipping and line.startswith("    "):
                continue
            skipping = False
            kept.append(line)
        (case / "case.yaml").write_text("".join(kept).replace("as_of: '2025-06-30'", f"as_of: '{as_of}'"), "utf-8")
    return case


def test_each_basis_is_loaded_with_its_debts(tmp_path: Path) -> None:
    case = load_case(decided_case(tmp_path))
    first, second = case.filings.enforcement_bases
    assert case.filings.enforcement == first and case.filings.enforcements == (first, second)
    assert first.basis.debts == ("D1", "D2") and second.basis.debts == ("D3",)
    assert first.paid_since == Decimal("20000.00") and second.paid_since == Decimal("0.00")
    assert (first.basis.key, second.basis.key) == ("filings.enforcement.bases.0", "filings.enforcement.bases.1")
    assert second.basis.kind == "mediation" and second.basis.awarded.total == Decimal("510400.00")


def test_a_single_basis_case_has_no_bases() -> None:
    case = load_case(SAMPLES / "enforcement")
    assert case.filings.enforcement_bases == () and case.filings.enforcements == (case.filings.enforcement,)
    assert case.filings.enforcement is not None and case.filings.enforcement.basis.debts == ()


def test_the_deadline_runs_per_decision_and_names_each_debt(tmp_path: Path) -> None:
    folder = decided_case(tmp_path, as_of="2027-03-15")
    _, report = check_case(folder, date(2027, 3, 16))
    passed = [p for p in report.errors if p.code == "enforcement_deadline_passed"]
    assert [p.message.split(":")[0] for p in passed] == ["debt D1 (示银深（2023）最高额借字第0088号-借据001)",
                                                         "debt D2 (示银深（2023）最高额借字第0088号-借据002)"]
    due_line = line_of(folder / "case.yaml", "performance_due: '2025-03-02'")
    assert all(p.loc is not None and (p.loc.row, p.loc.column) == (due_line, "filings.enforcement.bases.0.performance_due")
               for p in passed)
    assert "（2025）粤0306民初1001号 ended on 2027-03-02" in passed[0].message
    _, in_time = check_case(decided_case(tmp_path / "b", as_of="2027-03-01"), date(2027, 3, 2))
    assert not [p for p in in_time.errors if p.code == "enforcement_deadline_passed"]


def test_build_refuses_the_application_for_the_debts_out_of_time(tmp_path: Path) -> None:
    case = load_case(decided_case(tmp_path, as_of="2027-04-01"))
    problems = [p for p in eligibility_problems(case, [], ["enforcement"]) if p.code == "enforcement_deadline_passed"]
    assert [p.message.split(":")[1].strip() for p in problems] == ["debt D1 (示银深（2023）最高额借字第0088号-借据001)",
                                                                    "debt D2 (示银深（2023）最高额借字第0088号-借据002)"]
    assert all(p.loc is not None and p.loc.column == "filings.enforcement.bases.0.performance_due" for p in problems)


def test_the_claim_json_lists_each_decision(tmp_path: Path) -> None:
    case = load_case(decided_case(tmp_path))
    data = case_enforcement_json(case.filings, case.as_of)
    one, three = (enforcement_figures(r, case.as_of) for r in case.filings.enforcement_bases)
    assert [b["debts"] for b in data["bases"]] == [["D1", "D2"], ["D3"]]
    assert [b["number"] for b in data["bases"]] == ["（2025）粤0306民初1001号", "（2025）粤0306民初2002号"]
    assert data["late_interest"] == str(one.late_interest + three.late_interest)
    assert data["bases"][0]["late_interest_base"] == "1391000.00"  # 1,400,000 + 11,000 costs − 20,000 paid
    assert data["eligible"] is True and data["deadline"] == "2027-03-02"
    output = case_claim_output(case)
    assert output.data["enforcement"] == data
    assert "申请执行依据 basis （2025）粤0306民初2002号: debts D3" in output.text


def test_the_claim_json_of_a_single_basis_is_unchanged() -> None:
    case = load_case(SAMPLES / "enforcement")
    assert case.filings.enforcement is not None
    assert set(case_enforcement_json(case.filings, case.as_of)) == {
        "performance_due", "deadline", "eligible", "late_interest_base", "late_interest_days", "late_interest"}


@pytest.mark.parametrize(("edit", "code", "column"), [
    (("    - debts: [D3]", "    - debts: [D4]"), "basis_debt_unknown", "filings.enforcement.bases.1.debts.0"),
    (("    - debts: [D3]", "    - debts: [D2, D3]"), "basis_debt_twice", "filings.enforcement.bases.1.debts.0"),
    (("  enforcement:\n    bases:", "  enforcement:\n    paid_since: '1.00'\n    bases:"), "schema", "filings.enforcement"),
])
def test_bases_that_cannot_be_read(tmp_path: Path, edit: tuple[str, str], code: str, column: str) -> None:
    folder = decided_case(tmp_path)
    replace_in(folder / "case.yaml", *edit)
    _, report = check_case(folder)
    problem = next(p for p in report.errors if p.code == code)
    assert problem.loc is not None and problem.loc.column == column
    if code == "schema":
        assert problem.message == "filings.enforcement: paid_since belongs in each entry of bases:"


def test_basis_and_bases_together(tmp_path: Path) -> None:
    folder = decided_case(tmp_path)
    replace_in(folder / "case.yaml", "  enforcement:\n    bases:", """  enforcement:
    basis:
      kind: judgment
      number: （2025）粤0306民初1001号
      issued_by: 深圳市宝安区人民法院
      effective_on: '2025-02-20'
      performance_due: '2025-03-02'
      awarded: {principal: '1.00'}
    bases:""")
    _, report = check_case(folder)
    [problem] = [p for p in report.errors if p.code == "schema"]
    assert problem.message == "filings.enforcement gives both basis: and bases:"
    assert problem.loc is not None and problem.loc.row == line_of(folder / "case.yaml", "  enforcement:")


def test_bases_in_a_schema_version_1_case(tmp_path: Path) -> None:
    folder = tmp_path / "enforcement"
    shutil.copytree(SAMPLES / "enforcement", folder)
    replace_in(folder / "case.yaml", "    basis:\n", "    bases:\n    - debts: ['1']\n")
    _, report = check_case(folder)
    [problem] = report.errors
    assert problem.code == "schema_version_mixup" and problem.loc is not None
    assert problem.loc.column == "filings.enforcement.bases"
    assert problem.loc.row == line_of(folder / "case.yaml", "    bases:")


@pytest.mark.slow
def test_the_application_lists_each_decision_with_its_debts(tmp_path: Path) -> None:
    from evidence_kit.filings.readback import normalised, pdf_text
    from evidence_kit.pipeline import BuildRequest, build_from_folder

    folder = build_from_folder(decided_case(tmp_path), tmp_path / "out", BuildRequest(on=date(2025, 7, 1))).result.folder
    text = normalised(pdf_text(folder / "filings" / "enforcement.pdf"))
    first = text.index("请求强制执行深圳市宝安区人民法院（2025）粤0306民初1001号民事判决书就第1项债务")
    second = text.index("请求强制执行深圳市宝安区人民法院（2025）粤0306民初2002号民事调解书就第3项债务")
    assert first < second and "第2项债务" in text[first:second]
    assert "被执行人分文未付，尚欠¥510,400.00（大写：人民币伍拾壹万零肆佰元整）" in text
    assert "扣除已履行的¥20,000.00，尚欠¥1,414,000.00" in text
    # D3 is not guaranteed by the supply-chain company: the mediation binds the borrower and 黄志明 only
    assert "被执行人深圳示例电子科技有限公司、黄志明向申请执行人支付借款本金¥500,000.00" in text
    report = json.loads((folder / "report.json").read_text("utf-8"))
    assert [b["debts"] for b in report["claim"]["enforcement"]["bases"]] == [["D1", "D2"], ["D3"]]
