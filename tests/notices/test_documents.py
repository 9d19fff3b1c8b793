"""Letters, the visit pack and the agreement rendered as DOCX + PDF and read back."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidence_kit.cli import cli
from evidence_kit.filings.readback import docx_text, normalised, pdf_text
from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow
CASE_ID = "SLBJ-GX-2023-0417"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize("kind", ["reminder", "demand", "acceleration", "lawyer"])
def test_letter_reads_back(kind: str, tmp_path: Path) -> None:
    code, output = run("notice", str(SAMPLES / "consumer-loan"), "-o", str(tmp_path), "--kind", kind,
                       "--law-firm", "北京示例律师事务所", "--lawyer", "王律师", "--json")
    assert code == 0, output
    folder = tmp_path / CASE_ID
    for path in (folder / f"notice_{kind}.docx", folder / f"notice_{kind}.pdf"):
        text = normalised(docx_text(path) if path.suffix == ".docx" else pdf_text(path))
        assert "刘建华（公民身份号码：110105********041X）" in text
        assert "11010519860514041X" not in text  # the ID is masked
        assert "尚欠款项合计¥121,877.30（大写：人民币壹拾贰万壹仟捌佰柒拾柒元叁角）" in text
        for label, amount in (("本金", "117,736.74"), ("罚息", "2,927.69"), ("复利", "34.39")):
            assert f"{label}¥{amount}" in text
        assert "合计每日约21.55元" in text and "7日内" in text and "（盖章）" in text and "回执" in text
        if kind == "lawyer":
            assert "北京示例律师事务所（盖章）" in text and "律师：王律师" in text
        if kind == "acceleration":
            assert "2024年11月25日宣布" in text


def test_visit_pack_masks_id_and_phone(tmp_path: Path) -> None:
    code, output = run("notice", str(SAMPLES / "consumer-loan"), "-o", str(tmp_path), "--kind", "visit",
                       "--send-at", "2025-04-01T10:00", "--json")
    assert code == 0, output
    text = normalised(pdf_text(tmp_path / CASE_ID / "visit_pack.pdf"))
    assert "110105********041X" in text and "138****4417" in text and "110108********0423" in text
    assert "11010519860514041X" not in text and "13800134417" not in text and "13800136026" not in text
    assert "北京市朝阳区示例路18号院3号楼2单元501室" in text  # the address the visit goes to
    for label in ("到访时间", "会见人员及与债务人关系", "沟通内容", "还款承诺（金额、日期）", "债务人签字"):
        assert label in text
    night = run("notice", str(SAMPLES / "consumer-loan"), "-o", str(tmp_path / "n"), "--kind", "visit",
                "--send-at", "2025-04-01T22:30")
    assert night[0] == 12 and "2025-04-02 08:00" in night[1]


def test_plan_agreement_reads_back(tmp_path: Path) -> None:
    code, output = run("plan", str(SAMPLES / "consumer-loan"), "-o", str(tmp_path), "--months", "12",
                       "--waive", "penalty,compound", "--down-payment", "10000", "--signed-on", "2025-04-15", "--json")
    assert code == 0, output
    data = json.loads(output[output.index("{"):output.rindex("}") + 1])
    assert data["planned"] == "118915.22" and data["waived_total"] == "2962.08"
    installments = data["installments"]
    assert installments[0]["number"] == 0 and installments[0]["due_date"] == "2025-04-15"
    assert sum(Decimal(i["amount"]) for i in installments) == Decimal(data["total"]) == Decimal("118915.22")
    folder = tmp_path / CASE_ID
    assert json.loads((folder / "plan.json").read_text("utf-8"))["total"] == "118915.22"
    for text in (docx_text(folder / "repayment_agreement.docx"), pdf_text(folder / "repayment_agreement.pdf")):
        flat = normalised(text)
        assert "还款协议" in flat and "乙方（债务人）：刘建华，公民身份号码11010519860514041X" in flat
        assert "减免罚息¥2,927.69、复利¥34.39" in flat
        assert "乙方应向甲方支付¥118,915.22（大写：人民币壹拾壹万捌仟玖佰壹拾伍元贰角贰分）" in flat
        assert "2026-04-15¥9,076.25" in flat  # the last installment takes the remainder
        assert "第二条的减免失效" in flat


def test_settlement_after_judgment(tmp_path: Path) -> None:
    code, output = run("plan", str(SAMPLES / "enforcement"), "-o", str(tmp_path), "--months", "6", "--json")
    assert code == 0, output
    data = json.loads(output[output.index("{"):output.rindex("}") + 1])
    assert data["components"]["late_interest"] == "2795.86" and data["covered"] == "108324.95"
    text = normalised(pdf_text(tmp_path / "SLBJ-ZX-2025-0112" / "settlement_agreement.pdf"))
    assert "和解协议" in text and "（2025）京0102民初12345号民事判决书" in text and "恢复执行" in text


def test_plan_limits_are_usage_errors(tmp_path: Path) -> None:
    code, output = run("plan", str(SAMPLES / "consumer-loan"), "--months", "72")
    assert code == 2 and "信用卡办法 art. 70" in output
    code, output = run("plan", str(SAMPLES / "consumer-loan"), "--months", "72", "--max-months", "84", "--json")
    assert code == 0 and len(json.loads(output)["installments"]) == 72


def test_letter_to_a_guarantor(tmp_path: Path) -> None:
    code, output = run("notice", str(SAMPLES / "consumer-loan"), "-o", str(tmp_path), "--kind", "demand",
                       "--party", "guarantor", "--json")
    assert code == 0, output
    text = normalised(pdf_text(tmp_path / CASE_ID / "notice_demand.pdf"))
    assert text.startswith("逾期还款通知书") and "周丽娟（公民身份号码：110108********0423）" in text
    assert "您作为保证人所担保的借款人刘建华" in text and "借款人刘建华未按合同约定按期足额还款" in text


def test_built_in_docx_templates_are_the_generators_output(tmp_path: Path) -> None:
    from evidence_kit.bundle.htmlpdf import TEMPLATES
    from evidence_kit.notices.docxgen import generate

    for path in generate(tmp_path):
        assert path.read_bytes() == (TEMPLATES / path.name).read_bytes(), \
            f"run python -m evidence_kit.notices.docxgen ({path.name})"
