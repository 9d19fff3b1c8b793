"""notices SRC -o OUT: the SMS gateway file and the e-mails of many cases; a bad case never stops the rest."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidence_kit.cli import cli
from evidence_kit.notices.email import read_eml
from evidence_kit.notices.sms import count_segments
from tests.conftest import SAMPLES


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    src = tmp_path / "cases"
    src.mkdir()
    for name in ("consumer-loan", "business-loan", "enforcement"):
        shutil.copytree(SAMPLES / name, src / name)
    broken = src / "zz-broken"
    shutil.copytree(SAMPLES / "consumer-loan", broken)
    text = (broken / "case.yaml").read_text("utf-8").replace("annual_rate: '0.0435'", "annual_rate: 'abc'")
    (broken / "case.yaml").write_text(text, "utf-8")
    return src


def test_gateway_csv_and_refusals(portfolio: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["notices", str(portfolio), "-o", str(out), "--kind", "demand",
                                      "--send-at", "2025-11-03T09:00", "--json"])
    assert result.exit_code == 12, result.output
    data = json.loads(result.stdout)
    status = {c["folder"].rsplit("/", 1)[-1]: c["status"] for c in data["cases"]}
    assert status == {"business-loan": "refused", "consumer-loan": "written", "enforcement": "written",
                      "zz-broken": "invalid"}
    business = next(c for c in data["cases"] if c["folder"].endswith("business-loan"))
    assert "mobile" in business["messages"][0]  # the company's number is a landline
    raw = (out / "sms_gateway.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [r["case_id"] for r in rows] == ["SLBJ-GX-2023-0417", "SLBJ-ZX-2025-0112"]
    assert rows[0]["number"] == "13800134417" and rows[0]["send_at"] == "2025-11-03 09:00"
    assert "121,877.30" in rows[0]["text"] and int(rows[0]["segments"]) == count_segments(rows[0]["text"]).segments


def test_both_channels_and_xlsx(portfolio: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    shutil.rmtree(portfolio / "zz-broken")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["notices", str(portfolio), "-o", str(out), "--channel", "both", "--format",
                                      "xlsx", "--send-at", "2025-11-03T23:00", "--mail-from", "c@bank.example.cn"])
    assert result.exit_code == 12  # the explicit night-time send is refused for every case
    assert "2025-11-04 08:00" in result.output
    result = CliRunner().invoke(cli, ["notices", str(portfolio), "-o", str(out), "--channel", "both", "--format",
                                      "xlsx", "--send-at", "2025-11-04T08:30", "--mail-from", "c@bank.example.cn"])
    sheet = load_workbook(out / "sms_gateway.xlsx").active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("number", "text", "segments", "send_at", "case_id") and len(values) == 3
    message = read_eml(out / "email" / "SLSH-LD-2024-0086.eml")
    assert [p.get_filename() for p in message.iter_attachments()] == ["欠款计算明细.pdf", "还款指南.pdf"]
    assert result.exit_code == 12  # business-loan has no mobile number, but its e-mail is written
    business = next(line for line in result.output.splitlines() if line.startswith("SLSH-LD-2024-0086"))
    assert business.startswith("SLSH-LD-2024-0086: partial: ") and "mobile number" in business
