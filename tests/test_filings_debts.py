"""Filings of schema_version 2 cases: every debt named with its amounts, the case totals, reconciled per debt."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidence_kit.case.load import load_case
from evidence_kit.claim.debts import compute_case_claim
from evidence_kit.claim.fees import court_fees
from evidence_kit.cli import cli
from evidence_kit.errors import ExitCode, NotEligible
from evidence_kit.filings.readback import docx_text, normalised, pdf_text
from evidence_kit.money import format_amount, to_capital
from evidence_kit.notices.document import document_text, render_notice
from evidence_kit.notices.facts import notice_facts
from evidence_kit.notices.letters import build_letter
from evidence_kit.pipeline import BuildRequest, build_from_folder
from tests.conftest import DATA, SAMPLES

pytestmark = pytest.mark.slow

SIGNED_ON = date(2025, 11, 3)
GOLDEN = DATA / "golden-filings"
V2_SAMPLES = ("facility-drawdowns", "consumer-loan-and-card", "credit-card")
TABLE_HEADERS = ("序号证据名称证据来源证明目的页码原件/复印件", "项目金额大写", "序号计算金额")
FACILITY_FILINGS = """filings:
  complaint: {}
  preservation:
    stage: litigation
    amount: '1900000.00'
    assets:
    - kind: 银行存款
      description: 被申请人深圳示例电子科技有限公司名下在各商业银行开立账户内的存款
      value: '1900000.00'
"""


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("filings-v2")
    return {name: build_from_folder(SAMPLES / name, out, BuildRequest(on=SIGNED_ON)).result.folder
            for name in V2_SAMPLES}


@pytest.fixture(params=V2_SAMPLES)
def built(request: pytest.FixtureRequest, builds: dict[str, Path]) -> tuple[str, Path]:
    return request.param, builds[request.param]


def golden_lines(path: Path) -> str:
    return "\n".join(line.strip() for line in docx_text(path).splitlines() if line.strip()) + "\n"


def without_headers(text: str) -> str:
    for header in TABLE_HEADERS:
        text = text.replace(header, "")
    return text


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_golden_text_of_every_v2_filing(built: tuple[str, Path]) -> None:
    """EK_UPDATE_GOLDEN=1 rewrites the golden files after a wording change."""
    sample, folder = built
    names = sorted(p.stem for p in (folder / "filings").glob("*.pdf"))
    assert names == ["claim_sheet", "evidence_list", "payment_order"]
    for name in names:
        text = golden_lines(folder / "filings" / f"{name}.docx")
        golden = GOLDEN / sample / f"{name}.txt"
        if os.environ.get("EK_UPDATE_GOLDEN"):
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(text, "utf-8")
        assert text == golden.read_text("utf-8"), name
        printed = without_headers(normalised(pdf_text(folder / "filings" / f"{name}.pdf")))
        assert printed == without_headers(normalised(text)), name


def test_payment_order_claims_the_case_total_and_names_every_debt(built: tuple[str, Path]) -> None:
    sample, folder = built
    claim = compute_case_claim(load_case(SAMPLES / sample))
    printed = normalised(pdf_text(folder / "filings" / "payment_order.pdf"))
    sheet = normalised(pdf_text(folder / "filings" / "claim_sheet.pdf"))
    for item in claim.debts:
        named = item.debt.loan.contract_no if item.debt.loan else item.debt.card.card_masked  # type: ignore[union-attr]
        owed = f"项下截至{claim.as_of.year}年{claim.as_of.month}月{claim.as_of.day}日的欠款"
        assert normalised(f"{named}）{owed}¥{format_amount(item.amount('total'))}（大写："
                          f"{to_capital(item.amount('total'))}）") in printed
        assert f"小计¥{format_amount(item.amount('total'))}{to_capital(item.amount('total'))}" in sheet
    total = f"¥{format_amount(claim.total)}"
    if len(claim.debts) > 1:
        assert f"以上合计{total}（大写：{to_capital(claim.total)}）" in printed
    assert f"欠款合计{total}{to_capital(claim.total)}" in sheet
    report = json.loads((folder / "report.json").read_text("utf-8"))
    assert report["claim"]["total"] == str(claim.total)


def test_facility_payment_order_is_the_case_total_not_the_first_drawdown(builds: dict[str, Path]) -> None:
    folder = builds["facility-drawdowns"]
    printed = normalised(pdf_text(folder / "filings" / "payment_order.pdf"))
    assert "以上合计¥1,958,119.58（大写：人民币壹佰玖拾伍万捌仟壹佰壹拾玖元伍角捌分）" in printed
    for n, total in ((1, "826,144.49"), (2, "617,632.88"), (3, "514,342.21")):
        assert f"第{n}项债务《借款合同》（编号：示银深（2023）最高额借字第0088号-借据00{n}）" in printed
        assert f"的欠款¥{total}" in printed
    # court fees on the case total: 22,423.08 acceptance fee for 1,958,119.58, a third for a payment order
    assert "本案申请费¥7,474.36" in printed


def test_card_payment_order_uses_the_card_method(builds: dict[str, Path]) -> None:
    folder = builds["consumer-loan-and-card"]
    printed = normalised(pdf_text(folder / "filings" / "payment_order.pdf"))
    assert "信用卡（卡号：6258********0420）项下截至2025年3月31日的欠款¥49,973.29" in printed
    assert "透支本金¥42,250.00" in printed and "违约金¥1,966.13" in printed
    assert "自2025年4月1日起，以未还透支本金¥42,250.00为基数按日利率0.0005计收利息至实际清偿之日止" in printed
    assert "以上合计¥108,531.26" in printed


def test_guarantors_answer_per_debt_and_limit_in_complaint_and_preservation(tmp_path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    case_dir = tmp_path / "case"
    shutil.copytree(SAMPLES / "facility-drawdowns", case_dir)
    edit(case_dir / "case.yaml", "filings:\n  payment_order: {}\n", FACILITY_FILINGS)
    folder = build_from_folder(case_dir, tmp_path / "out", BuildRequest(on=SIGNED_ON)).result.folder
    complaint = normalised(pdf_text(folder / "filings" / "complaint.pdf"))
    assert "请求判令黄志明对第1项、第2项、第3项债务承担连带清偿责任；深圳示例供应链管理有限公司对第1项、第2项债务" \
           "在最高额保证1,200,000.00元范围内承担连带清偿责任" in complaint
    assert "标的总额¥1,958,119.58" in complaint
    preservation = normalised(pdf_text(folder / "filings" / "preservation.pdf"))
    assert "深圳示例供应链管理有限公司为第1项、第2项债务提供连带责任保证（最高额保证，担保限额¥1,200,000.00）" \
           in preservation
    assert "第2项债务：是■逾期时间：2024年12月21日至今已逾期" in complaint
    for name in ("complaint", "preservation"):  # golden texts (EK_UPDATE_GOLDEN=1 rewrites them)
        text = golden_lines(folder / "filings" / f"{name}.docx")
        golden = GOLDEN / "facility-drawdowns" / f"{name}.txt"
        if os.environ.get("EK_UPDATE_GOLDEN"):
            golden.write_text(text, "utf-8")
        assert text == golden.read_text("utf-8"), name


def test_second_debt_printed_wrong_is_exit_8(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    html = (SAMPLES.parent / "evidence_kit" / "templates" / "application.html").read_text("utf-8")
    assert "{{ request }}" in html
    wrong = "{{ request | replace('¥617,632.88', '¥617,632.98') }}"
    (templates / "application.html").write_text(html.replace("{{ request }}", wrong), "utf-8")
    code, output = run("build", str(SAMPLES / "facility-drawdowns"), "-o", str(tmp_path / "out"), "--templates",
                       str(templates), "--filings", "payment_order")
    assert code == ExitCode.VERIFICATION_FAILED, output
    assert "payment_order.pdf" in output and "debts[1].total" in output and "617,632.98" in output
    assert not (tmp_path / "out" / "SZ-FACILITY-2025-0088").exists()


def test_a_loan_and_a_card_make_two_complaints_each_over_its_own_debts(tmp_path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    """金融借款合同纠纷 and 信用卡纠纷 cannot be one element form: two complaints, each with its own requests, 标的总额
    and fee, both read back (golden texts: EK_UPDATE_GOLDEN=1 rewrites them)."""
    case_dir = tmp_path / "case"
    shutil.copytree(SAMPLES / "consumer-loan-and-card", case_dir)
    edit(case_dir / "case.yaml", "filings:\n  payment_order: {}\n", "filings:\n  complaint: {}\n")
    folder = build_from_folder(case_dir, tmp_path / "out", BuildRequest(on=SIGNED_ON)).result.folder
    assert sorted(p.name for p in (folder / "filings").glob("complaint*")) == [
        "complaint_card.docx", "complaint_card.pdf", "complaint_loan.docx", "complaint_loan.pdf"]
    claim = compute_case_claim(load_case(case_dir))
    loan, card = (item.amount("total") for item in claim.debts)
    assert loan + card == claim.total
    texts = {}
    for name, cause, total in (("complaint_loan", "金融借款合同纠纷", loan), ("complaint_card", "信用卡纠纷", card)):
        text = golden_lines(folder / "filings" / f"{name}.docx")
        golden = GOLDEN / "consumer-loan-and-card" / f"{name}.txt"
        if os.environ.get("EK_UPDATE_GOLDEN"):
            golden.write_text(text, "utf-8")
        assert text == golden.read_text("utf-8"), name
        printed = normalised(pdf_text(folder / "filings" / f"{name}.pdf"))
        assert f"（{cause}）" in printed
        assert f"标的总额¥{format_amount(total)}（大写：{to_capital(total)}）" in printed
        fee = court_fees(total).acceptance  # each complaint's fee on its own amount, not on the case total
        assert f"案件受理费按标的总额计为¥{format_amount(fee)}" in printed
        texts[name] = printed
    assert "示银深（2023）个贷字第1021号" in texts["complaint_loan"] and "6258" not in texts["complaint_loan"]
    assert "6258****" in texts["complaint_card"] and "个贷字" not in texts["complaint_card"]
    assert "尚欠本金¥55,354.13" in texts["complaint_loan"] and "尚欠透支本金¥42,250.00" in texts["complaint_card"]
    report = json.loads((folder / "report.json").read_text("utf-8"))
    read_back = {f["filing"]: {r["field"]: r["value"] for r in f["reconciled"]} for f in report["filings"]}
    assert read_back["complaint_loan"]["total"] == f"¥{format_amount(loan)}"
    assert read_back["complaint_card"]["total"] == f"¥{format_amount(card)}"
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert {"filings/complaint_loan.pdf", "filings/complaint_card.pdf"} <= {o["path"] for o in manifest["outputs"]}


def test_a_card_complaint_printed_wrong_is_exit_8(tmp_path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    """The read-back covers both complaints: a wrong figure in the card's one stops the build."""
    case_dir = tmp_path / "case"
    shutil.copytree(SAMPLES / "consumer-loan-and-card", case_dir)
    edit(case_dir / "case.yaml", "filings:\n  payment_order: {}\n", "filings:\n  complaint: {}\n")
    templates = tmp_path / "templates"
    templates.mkdir()
    html = (SAMPLES.parent / "evidence_kit" / "templates" / "complaint.html").read_text("utf-8")
    assert "{{ line }}" in html
    (templates / "complaint.html").write_text(
        html.replace("{{ line }}", "{{ line | replace('¥49,973.29', '¥49,973.92') }}"), "utf-8")
    code, output = run("build", str(case_dir), "-o", str(tmp_path / "out"), "--templates", str(templates),
                       "--filings", "complaint")
    assert code == ExitCode.VERIFICATION_FAILED, output
    assert "complaint_card.pdf" in output and "should read '¥49,973.29'" in output
    assert not (tmp_path / "out" / "SZ-CONSUMER-2025-1021").exists()


def test_card_only_complaint_is_the_credit_card_form_filled_from_the_card(tmp_path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    """The 信用卡纠纷 element form, its boxes from the card fields (golden text: EK_UPDATE_GOLDEN=1 rewrites it)."""
    case_dir = tmp_path / "case"
    shutil.copytree(SAMPLES / "credit-card", case_dir)
    edit(case_dir / "case.yaml", "filings:\n  payment_order: {}\n", "filings:\n  complaint: {}\n")
    folder = build_from_folder(case_dir, tmp_path / "out", BuildRequest(on=SIGNED_ON, filings=("complaint",))).result.folder
    text = golden_lines(folder / "filings" / "complaint.docx")
    golden = GOLDEN / "credit-card" / "complaint.txt"
    if os.environ.get("EK_UPDATE_GOLDEN"):
        golden.write_text(text, "utf-8")
    assert text == golden.read_text("utf-8")
    printed = normalised(pdf_text(folder / "filings" / "complaint.pdf"))
    assert "（信用卡纠纷）" in printed
    assert "信用卡卡号：6259********7315，登记权利人郑伟，办卡时间2019年3月8日" in printed
    assert "尚欠透支本金¥11,500.00（大写：人民币壹万壹仟伍佰元整）" in printed
    assert "透支金额（信用额度）：¥30,000.00" in printed and "违约金按最低还款额未还部分的5.00%收取" in printed
    assert "标的总额¥13,991.83" in printed


def test_demand_letter_names_every_debt_and_states_the_case_total(tmp_path: Path) -> None:
    code, output = run("notice", str(SAMPLES / "facility-drawdowns"), "-o", str(tmp_path / "out"), "--kind", "demand")
    assert code == 0, output
    printed = normalised(pdf_text(tmp_path / "out" / "SZ-FACILITY-2025-0088" / "notice_demand.pdf"))
    claim = compute_case_claim(load_case(SAMPLES / "facility-drawdowns"))
    for n, item in enumerate(claim.debts, start=1):
        assert f"第{n}项：《借款合同》（编号：{item.debt.title}），截至2025年6月30日欠款¥{format_amount(item.amount('total'))}" \
               f"（大写：{to_capital(item.amount('total'))}）" in printed
    assert f"尚欠款项合计¥{format_amount(claim.total)}（大写：{to_capital(claim.total)}）" in printed
    assert "本金¥1,900,000.00" in printed
    assert "合计每日约303.38元" in printed  # each loan's 罚息 and 复利 for one day, summed


def test_demand_sms_states_the_total_and_overdue_days_of_a_loan_and_a_card(tmp_path: Path) -> None:
    import json as json_

    code, output = run("notice", str(SAMPLES / "consumer-loan-and-card"), "-o", str(tmp_path / "out"), "--kind",
                       "demand", "--channel", "sms", "--json")
    assert code == 0, output
    text = json_.loads(output[output.index("{"):output.rindex("}") + 1])["text"]
    assert "您在我行的2笔欠款（尾号1021、0420）已逾期349天" in text  # the card fell overdue on 2024-04-16
    assert "欠款合计108,531.26元" in text and "约32.36元" in text


def notice_pdf(args: list[str], sample: str, out: Path, name: str) -> str:
    code, output = run("notice", str(SAMPLES / sample), "-o", str(out), *args)
    assert code == 0, output
    case_id = load_case(SAMPLES / sample).case_id
    return normalised(pdf_text(out / case_id / f"{name}.pdf"))


def test_a_guarantor_is_told_only_its_debts_and_its_limit(tmp_path: Path) -> None:
    claim = compute_case_claim(load_case(SAMPLES / "facility-drawdowns"))
    d1, d2, d3 = (item.amount("total") for item in claim.debts)
    limited = notice_pdf(["--kind", "demand", "--party", "guarantor"], "facility-drawdowns", tmp_path / "one",
                         "notice_demand")
    assert "黄志明" in limited  # the first guarantor answers for every drawdown, without a limit
    assert f"对第1项、第2项、第3项债务承担连带清偿责任，截至2025年6月30日应承担¥{format_amount(d1 + d2 + d3)}" in limited
    case = load_case(SAMPLES / "facility-drawdowns")
    company = case.debtors[2]
    letter = build_letter(notice_facts(case, debtor_index=2), "demand")
    printed = normalised(pdf_text(next(p for p in render_notice(letter, tmp_path / "two") if p.suffix == ".pdf")))
    assert company.name in printed and "借据003" not in printed  # D3 is not guaranteed by the company
    assert f"尚欠款项合计¥{format_amount(d1 + d2)}" in printed
    assert ("对第1项、第2项债务在最高额1,200,000.00元范围内承担连带清偿责任，截至2025年6月30日应承担¥1,200,000.00"
            "（大写：人民币壹佰贰拾万元整）") in printed
    assert "在您应承担的范围内清偿上述逾期款项" in printed


def test_one_loan_with_a_limited_guarantor_states_the_limit() -> None:
    import dataclasses

    case = load_case(SAMPLES / "facility-drawdowns")
    one = dataclasses.replace(case, debts=case.debts[:1])
    d1 = compute_case_claim(one).total
    text = document_text(build_letter(notice_facts(one, debtor_index=2), "demand").content)
    assert (f"对第1项债务在最高额1,200,000.00元范围内承担连带清偿责任，截至2025年6月30日应承担¥{format_amount(d1)}"
            f"（大写：{to_capital(d1)}）") in text
    assert "借据002" not in text


def test_acceleration_notice_covers_the_loans_declared_due_and_says_a_card_has_none(tmp_path: Path) -> None:
    facility = notice_pdf(["--kind", "acceleration"], "facility-drawdowns", tmp_path / "a", "notice_acceleration")
    assert "我行已于2025年3月3日宣布第3项债务项下借款全部提前到期" in facility
    assert "尚欠款项合计¥514,342.21" in facility and "第1项、第2项债务未宣布提前到期，不在本通知范围内" in facility
    mixed = notice_pdf(["--kind", "acceleration"], "consumer-loan-and-card", tmp_path / "b", "notice_acceleration")
    assert "我行已于2024年9月15日宣布第1项债务项下借款全部提前到期" in mixed and "尚欠款项合计¥58,557.97" in mixed
    assert "第2项债务即示例银行股份有限公司信用卡中心信用卡（卡号：6258********0420）欠款，信用卡不适用借款合同的提前到期约定" \
           in mixed


def test_visit_pack_over_a_loan_and_a_card(tmp_path: Path) -> None:
    printed = notice_pdf(["--kind", "visit", "--send-at", "2025-04-01T10:00"], "consumer-loan-and-card",
                         tmp_path, "visit_pack")
    assert "第1项：《借款合同》（编号：示银深（2023）个贷字第1021号），截至2025年3月31日欠款¥58,557.97" in printed
    assert "第2项：示例银行股份有限公司信用卡中心信用卡（卡号：6258********0420），截至2025年3月31日欠款¥49,973.29" in printed
    assert "尚欠款项合计¥108,531.26（大写：人民币壹拾万零捌仟伍佰叁拾壹元贰角陆分）" in printed
    assert "信用额度¥50,000.00" in printed and "宣布提前到期日2024年9月15日" in printed
    assert "440304********0626" in printed and "440304199007220626" not in printed


@pytest.mark.parametrize(("sample", "args", "words"), [
    ("facility-drawdowns", ["--kind", "acceleration", "--party", "guarantor"], None),  # 黄志明: D3 is accelerated
    ("credit-card", ["--kind", "acceleration"], "a credit card has no acceleration"),
])
def test_acceleration_is_refused_only_when_no_loan_was_declared_due(sample: str, args: list[str], words: str | None,
                                                                    tmp_path: Path) -> None:
    code, output = run("notice", str(SAMPLES / sample), "-o", str(tmp_path / "out"), *args, "--json")
    if words is None:
        assert code == 0, output
        return
    assert code == ExitCode.NOT_ELIGIBLE, output
    assert "notice_several_debts" in output and words in output and "card-7315" in output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.*"))


def test_a_company_guarantor_of_no_accelerated_loan_gets_no_acceleration_notice() -> None:
    case = load_case(SAMPLES / "facility-drawdowns")
    with pytest.raises(NotEligible, match="none of the debts D1") as caught:
        build_letter(notice_facts(case, debtor_index=2), "acceleration")
    assert caught.value.problems[0].code == "notice_several_debts"


def test_plan_over_the_case_total_or_chosen_debts(tmp_path: Path) -> None:
    claim = compute_case_claim(load_case(SAMPLES / "facility-drawdowns"))
    d1, _, d3 = claim.debts
    code, output = run("plan", str(SAMPLES / "facility-drawdowns"), "--months", "24", "--json")
    assert code == 0, output
    whole = json.loads(output[output.index("{"):output.rindex("}") + 1])
    assert whole["covered"] == str(claim.total) and whole["debts"] == ["D1", "D2", "D3"]
    code, output = run("plan", str(SAMPLES / "facility-drawdowns"), "--months", "12", "--debt", "D1", "--debt", "D3",
                       "--waive", "penalty", "-o", str(tmp_path / "out"), "--json")
    assert code == 0, output
    chosen = json.loads(output[output.index("{"):output.rindex("}") + 1])
    assert chosen["covered"] == str(d1.amount("total") + d3.amount("total")) and chosen["debts"] == ["D1", "D3"]
    assert chosen["waived"] == {"penalty": str(d1.amount("penalty") + d3.amount("penalty"))}
    assert sum(Decimal(i["principal"]) for i in chosen["installments"]) == Decimal(chosen["planned"])
    printed = normalised(pdf_text(tmp_path / "out" / "SZ-FACILITY-2025-0088" / "repayment_agreement.pdf"))
    assert "借据002" not in printed and "深圳示例供应链管理有限公司对第1项债务在最高额1,200,000.00元范围内继续承担连带保证责任" in printed
    code, output = run("plan", str(SAMPLES / "facility-drawdowns"), "--months", "12", "--debt", "D9")
    assert code == ExitCode.USAGE and "D9" in output and "D1, D2, D3" in output


def test_route_over_several_debts_with_per_debt_deadlines() -> None:
    code, output = run("route", str(SAMPLES / "consumer-loan-and-card"), "--json")
    assert code == 0, output
    routes = {r["route"]: r for r in json.loads(output)}
    claim = compute_case_claim(load_case(SAMPLES / "consumer-loan-and-card"))
    loan, card = (item.amount("total") for item in claim.debts)
    assert routes["payment_order"]["open"]
    assert routes["payment_order"]["fees"] == {"payment_order": str(court_fees(claim.total).payment_order)}
    # two complaints (a loan's and a card's), each with its own acceptance fee
    assert routes["suit_ordinary"]["fees"] == {"acceptance": str(court_fees(loan).acceptance
                                                                 + court_fees(card).acceptance)}
    limitation = [d for d in routes["suit_ordinary"]["deadlines"] if "诉讼时效" in d["what"]]
    assert [d["debt"] for d in limitation] == ["loan", "card"]
    assert limitation[1]["what"].startswith("第2项债务（示例银行股份有限公司信用卡中心 信用卡 6258 **** **** 0420）")


def test_complaint_limitation_is_checked_per_debt() -> None:
    import dataclasses

    from evidence_kit.filings.eligibility import complaint_problems

    case = load_case(SAMPLES / "facility-drawdowns")
    assert [p for p in complaint_problems(case) if p.severity == "error"] == []
    late = dataclasses.replace(case, as_of=date(2031, 1, 1))
    expired = [p.message for p in complaint_problems(late) if p.code == "limitation_expired"]
    assert len(expired) == 3
    assert all(f"debt D{n} (示银深（2023）最高额借字第0088号-借据00{n})" in m for n, m in zip((1, 2, 3), expired, strict=True))
