"""The .eml parses back: a text and an HTML body, two PDF attachments that read back."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidence_kit.case.load import load_case
from evidence_kit.cli import cli
from evidence_kit.notices.email import MailAddressInvalid, mail_address, read_eml
from evidence_kit.notices.facts import notice_facts
from evidence_kit.notices.make import write_email
from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow


def _pdf_text(data: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_eml_round_trip(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["notice", str(SAMPLES / "business-loan"), "-o", str(tmp_path), "--kind",
                                      "demand", "--channel", "email", "--mail-from",
                                      "催收中心 <collect@bank.example.cn>", "--send-at", "2025-07-01T10:00", "--json"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "SLSH-LD-2024-0086" / "notice_demand.eml"
    message = read_eml(path)
    assert message["To"].addresses[0].addr_spec == "finance@shili-jixie.example.cn"
    assert message["From"].addresses[0].display_name == "催收中心"
    assert "逾期还款通知书" in message["Subject"] and "0086" in message["Subject"]
    assert message["Date"].datetime.isoformat() == "2025-07-01T10:00:00+08:00"
    assert message.get_content_type() == "multipart/mixed"
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert plain is not None and html is not None
    text, markup = plain.get_content(), html.get_content()
    for body in (text, markup):
        assert "上海示例精密机械有限公司" in body and "1,535,436.91" in body
        assert "人民币壹佰伍拾叁万伍仟肆佰叁拾陆元玖角壹分" in body
    assert "<table" in markup and "&lt;" not in text
    attachments = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
    assert sorted(attachments) == ["欠款计算明细.pdf", "还款指南.pdf"]
    assert all(data.startswith(b"%PDF-") for data in attachments.values())
    sheet = _pdf_text(attachments["欠款计算明细.pdf"], tmp_path, "sheet.pdf").replace("\n", "")
    assert "欠款计算明细" in sheet and "1,535,436.91" in sheet
    guide = _pdf_text(attachments["还款指南.pdf"], tmp_path, "guide.pdf").replace("\n", "")
    assert "还款指南" in guide and "个人账户" in guide


def test_no_email_address_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["notice", str(SAMPLES / "consumer-loan"), "-o", str(tmp_path), "--kind",
                                      "reminder", "--channel", "email", "--mail-from", "c@bank.example.cn"])
    assert result.exit_code == 12 and "no e-mail address" in result.output


def test_email_needs_a_sender(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["notice", str(SAMPLES / "business-loan"), "-o", str(tmp_path), "--kind",
                                      "reminder", "--channel", "email"])
    assert result.exit_code == 2 and "--mail-from" in result.output


def test_bad_sender_address(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["notice", str(SAMPLES / "business-loan"), "-o", str(tmp_path), "--kind",
                                      "reminder", "--channel", "email", "--mail-from", "催收中心"])
    assert result.exit_code == 2 and "not an e-mail address" in result.output
    with pytest.raises(MailAddressInvalid):
        mail_address("@bank.example.cn", "--mail-from")


def test_a_guarantors_email_attaches_the_claim_sheet_of_its_debts_only(tmp_path: Path) -> None:
    """The 欠款计算明细 attached to a guarantor's e-mail covers the debts it answers for, each keeping its 第N项."""
    case = load_case(SAMPLES / "facility-drawdowns")
    facts = notice_facts(case, debtor_index=2)  # the company: drawdowns 1 and 2, up to 1,200,000.00
    path = write_email(facts, "demand", tmp_path, "finance@gongyinglian.example.cn", datetime(2025, 7, 1, 10),
                       mail_from="催收中心 <collect@bank.example.cn>")
    message = read_eml(path)
    assert "尾号8001、8002" in message["Subject"]
    sheet = next(p for p in message.iter_attachments() if p.get_filename() == "欠款计算明细.pdf")
    text = "".join(_pdf_text(sheet.get_content(), tmp_path, "sheet.pdf").split())
    assert "第1项债务" in text and "第2项债务" in text and "借据003" not in text and "第3项债务" not in text
    assert "欠款合计¥1,443,777.37" in text
    plain = message.get_body(preferencelist=("plain",))
    assert plain is not None and "在最高额1,200,000.00元范围内承担连带清偿责任" in "".join(plain.get_content().split())
