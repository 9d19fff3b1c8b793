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


def pdftotext(pdf: Path, *pages: int, layout: bool = True) -> str:
    span = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    return subprocess.run(["pdftotext", *(["-layout"] if layout else []), *span, str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def assert_body_fonts_embedded(pdf: Path) -> None:
    """The two faces of Noto Serif CJK SC, each an embedded subset with a ToUnicode map (pdffonts)."""
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert len(fonts) == 2
    for line in fonts:
        name, *_, emb, sub, uni, _obj, _gen = line.split()
        assert name.split("+")[1] in ("NotoSerifCJKsc-Regular", "NotoSerifCJKsc-Bold")
        assert (emb, sub, uni) == ("yes", "yes", "yes")


def write(case, path: Path, redactor=None) -> int:  # type: ignore[no-untyped-def]
    return TableWriter(ledger_frame(case, redactor)).write(path, ledger_rows(case, redactor))


def table_rows(text: str) -> list[tuple[list[str], str]]:
    """Each data row of a ``pdftotext -layout`` reading: its first line's cells, and what its further lines hold
    (the rest of a wrapped reference or note), joined."""
    rows: list[tuple[list[str], str]] = []
    for line in text.splitlines():
        cells = line.split()
        if not cells:
            continue
        if cells[0].isdigit() and len(cells) > 3:
            rows.append((cells, ""))
        elif rows and cells[0] not in ("序号", "合计"):
            rows[-1] = (rows[-1][0], rows[-1][1] + "".join(cells))
    return rows


def test_every_row_reads_back_with_its_chinese_note_and_a_long_note_whole(tmp_path: Path) -> None:
    case = ledger_case()
    pdf = tmp_path / "ledger.pdf"
    write(case, pdf)
    text = pdftotext(pdf)
    lines = [line.split() for line in text.splitlines() if line.strip()]
    rows = table_rows(text)
    assert [int(cells[0]) for cells, _rest in rows] == list(range(1, ROWS + 1))
    for i, (cells, rest) in enumerate(rows):
        assert cells[1] == (date(2024, 1, 11) + timedelta(days=i)).isoformat()
        assert cells[2] == f"{1000 + i:,}.{i % 100:02d}" and cells[3] == f"{900 + i:,}.00" and cells[4] == "100.00"
        assert f"TXN{i + 1:07d}" in cells
        if i % 50 == 49:  # the long note: over several lines of its row, nothing cut
            assert cells[-1] + rest == LONG_NOTE and "…" not in cells[-1]
        else:
            assert rest == ""
            if NOTES[i % 4]:
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
        pages = write(ledger_case(rows, long_every=10**6), tmp_path / f"{rows}.pdf")  # rows of one line
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
    assert_body_fonts_embedded(pdf)
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


def test_a_long_reference_is_shown_whole_over_lines_of_its_row(tmp_path: Path) -> None:
    case = ledger_case(3)
    payments = list(case.payments)
    reference = "BANKTRANSFER-2024-" + "0" * 30 + "-SEQ4711"
    payments[1] = replace(payments[1], reference=reference)
    pdf = tmp_path / "ledger.pdf"
    write(replace(case, payments=tuple(payments)), pdf)
    rows = table_rows(pdftotext(pdf))
    [(cells, rest)] = [row for row in rows if row[0][0] == "2"]
    [start] = [cell for cell in cells if cell.startswith("BANKTRANSFER")]
    assert start + rest == reference and len(rest) > 4
    assert [row[0][0] for row in rows] == ["1", "2", "3"]
