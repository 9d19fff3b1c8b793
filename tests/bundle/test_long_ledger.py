"""A long ledger and a long contact log (both written as PDF pages, not laid out by WeasyPrint):
stamped and verified like any exhibit."""

from __future__ import annotations

import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pikepdf
import pytest

from evidence_kit.output.build import build_case
from evidence_kit.output.manifest import verify_output
from evidence_kit.problems import Location
from tests.factories import make_case, make_contact, make_payment

pytestmark = pytest.mark.slow

ROWS = 700
CONTACTS = 350


def long_case(root: Path):  # type: ignore[no-untyped-def]
    root.mkdir()
    (root / "repayments.csv").write_text("date,amount\n", "utf-8")
    (root / "contacts.csv").write_text("time,channel,party,target,outcome\n", "utf-8")
    payments = tuple(make_payment(date(2024, 1, 11) + timedelta(days=i % 300), "1.00", row=i + 2)
                     for i in range(ROWS))
    contacts = tuple(make_contact(time=datetime(2024, 10, 8, 10, 30) + timedelta(minutes=i), agent=f"A{i + 1:04d}",
                                  loc=Location("contacts.csv", i + 2, "time")) for i in range(CONTACTS))
    return make_case(root=root, payments=payments, contacts=contacts, input_files=("repayments.csv", "contacts.csv"))


def text_of(pdf: Path, first: int, last: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(first), "-l", str(last), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def test_long_tables_are_written_in_flat_memory(tmp_path: Path, weasyprint_layouts: list[str]) -> None:
    case = long_case(tmp_path / "case")
    result = build_case(case, tmp_path / "out", report_json={})
    assert "ledger" not in weasyprint_layouts and "contacts" not in weasyprint_layouts  # neither table by WeasyPrint
    assert verify_output(result.folder) == []
    [ledger] = [e for e in result.exhibits if e.title == "还款明细"]
    text = text_of(result.folder / "bundle.pdf", ledger.first_page, ledger.last_page)
    assert text.count("还款明细") == 1 and "借款合同编号" in text  # the heading once, on the first page
    for no in (1, 300, 301, 600, 601, ROWS):
        assert f"\n{no} " in text.replace("  ", " ") or f" {no} " in text, no
    assert "700.00" in text and "合计" in text  # the total under the last row
    last_page = text_of(result.folder / "bundle.pdf", ledger.last_page, ledger.last_page)
    assert "合计" in last_page and "序号" in last_page  # column heads repeat on every page
    [log] = [e for e in result.exhibits if e.title == "催收记录"]
    contacts = text_of(result.folder / "bundle.pdf", log.first_page, log.last_page)
    assert contacts.count("催收记录") == 1 and "A0001" in contacts and f"A{CONTACTS:04d}" in contacts
    with pikepdf.open(result.folder / "bundle.pdf") as pdf:
        # 25 rows under the heading, 29 on each next page: 25 + 23 × 29 = 692; the last 8 and the total on page 25
        assert ledger.last_page - ledger.first_page + 1 == 25
        assert log.last_page - log.first_page + 1 == 13  # 25 + 11 × 29 = 344 rows of one line, 6 on page 13
        assert len(pdf.pages) >= ledger.last_page
