"""The generated ledger exhibit, written straight as PDF pages: text read back, pages counted, font subset."""

from __future__ import annotations

import math
import subprocess
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest

from evidence_kit.bundle.exhibits import ledger_frame, ledger_pdf, ledger_rows
from evidence_kit.bundle.tablepdf import TableWriter
from evidence_kit.case.redact import redactor_for
from tests.factories import make_case, make_payment

pytestmark = pytest.mark.slow

ROWS = 300
NOTES = ("部分还款", "第3期利息", "客户转账（工商银行）", "")
LONG_NOTE = "借款人于当日通过柜台现金还款并申请延期，经办人已核实身份并留存凭证" * 3


def ledger_case(rows: int = ROWS, long_every: int = 50):  # type: ignore[no-untyped-def]
    payments = tuple(
        replace(make_payment(date(2024, 1, 11) + timedelta(days=i % 300), f"{1000 + i}.{i % 100:02d}", row=i + 2,
                             principal=f"{900 + i}.00", interest="100.00"),
                reference=f"TXN{i + 1:07d}", note=LONG_NOTE if i % long_every == long_every - 1 else NOTES[i % 4])
        for i in range(rows))
    return make_case(payments=payments)


def pdftotext(pdf: Path, *pages: int) -> str:
    span = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    return subprocess.run(["pdftotext", "-layout", *span, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def write(case, path: Path, redactor=None) -> int:  # type: ignore[no-untyped-def]
    return TableWriter(ledger_frame(case, redactor)).write(path, ledger_rows(case, redactor))


def test_every_row_reads_back_with_its_chinese_note_and_a_long_note_cut(tmp_path: Path) -> None:
    case = ledger_case()
    pdf = tmp_path / "ledger.pdf"
    write(case, pdf)
    text = pdftotext(pdf)
    lines = [line.split() for line in text.splitlines() if line.strip()]
    rows = [cells for cells in lines if cells[0].isdigit() and len(cells) > 3]
    assert [int(cells[0]) for cells in rows] == list(range(1, ROWS + 1))
    for i, cells in enumerate(rows):
        assert cells[1] == (date(2024, 1, 11) + timedelta(days=i)).isoformat()
        assert cells[2] == f"{1000 + i:,}.{i % 100:02d}" and cells[3] == f"{900 + i:,}.00" and cells[4] == "100.00"
        assert f"TXN{i + 1:07d}" in cells
        if i % 50 == 49:  # the long note: its start, cut with an ellipsis, on the row's one line
            assert cells[-1].endswith("…") and LONG_NOTE.startswith(cells[-1][:-1]) and len(cells[-1]) > 10
        elif NOTES[i % 4]:
            assert cells[-1] == NOTES[i % 4]
    assert text.count("还款明细") == 1 and "借款合同编号：TEST-001" in text and "借款人：张三" in text
    total = sum(Decimal(f"{1000 + i}.{i % 100:02d}") for i in range(ROWS))
    [total_line] = [cells for cells in lines if cells[0] == "合计"]
    assert total_line == ["合计", f"{total:,}", f"{sum(900 + i for i in range(ROWS)):,}.00", f"{100 * ROWS:,}.00"]


def test_pages_hold_25_rows_under_the_heading_and_29_on_each_next(tmp_path: Path) -> None:
    case = ledger_case()
    writer = TableWriter(ledger_frame(case))
    assert (writer.page_capacity(True), writer.page_capacity(False)) == (25, 29)  # as the HTML layout measured
    for rows in (1, 24, 25, 54, ROWS):
        pages = write(ledger_case(rows), tmp_path / f"{rows}.pdf")
        expected = 1 + math.ceil(max(0, rows + 1 - 25) / 29)  # the total takes a row under the last one
        assert pages == expected, rows
        with pikepdf.open(tmp_path / f"{rows}.pdf") as pdf:
            assert len(pdf.pages) == expected
            assert [round(float(v)) for v in pdf.pages[0].mediabox] == [0, 0, 842, 595]  # A4 landscape
        last = pdftotext(tmp_path / f"{rows}.pdf", pages)
        assert "合计" in last and "序号" in last  # column heads on every page, the total on the last


def test_the_fonts_are_embedded_subsets_with_unicode_maps(tmp_path: Path) -> None:
    pdf = tmp_path / "ledger.pdf"
    write(ledger_case(60), pdf)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert len(fonts) == 2
    for line in fonts:
        name, *_, emb, sub, uni, _obj, _gen = line.split()
        assert name.split("+")[1] in ("NotoSerifCJKsc-Regular", "NotoSerifCJKsc-Bold")
        assert (emb, sub, uni) == ("yes", "yes", "yes")
    with pikepdf.open(pdf) as opened:
        program = opened.pages[0].Resources.Font.F1.DescendantFonts[0].FontDescriptor.FontFile3
        assert program.Subtype == pikepdf.Name.CIDFontType0C and len(program.read_bytes()) < 200_000


def test_the_collector_profile_masks_identifiers_in_rows(tmp_path: Path) -> None:
    case = ledger_case(30)
    payments = list(case.payments)
    payments[3] = replace(payments[3], reference="11010519491231002X", note="代还")
    case = replace(case, payments=tuple(payments))
    pdf = ledger_pdf(case, redactor_for(case, "collector"))
    path = tmp_path / "masked.pdf"
    pdf.save(path)
    pdf.close()
    text = pdftotext(path)
    assert "11010519491231002X" not in text and "110105********002X" in text


def test_a_long_reference_keeps_its_start_and_its_end(tmp_path: Path) -> None:
    case = ledger_case(3)
    payments = list(case.payments)
    reference = "BANKTRANSFER-2024-" + "0" * 30 + "-SEQ4711"
    payments[1] = replace(payments[1], reference=reference)
    pdf = tmp_path / "ledger.pdf"
    write(replace(case, payments=tuple(payments)), pdf)
    [row] = [line.split() for line in pdftotext(pdf).splitlines() if line.split()[:1] == ["2"]]
    [shown] = [cell for cell in row if "…" in cell]
    head, tail = shown.split("…")
    assert reference.startswith(head) and reference.endswith(tail) and len(head) > 4 and tail.endswith("-SEQ4711")
