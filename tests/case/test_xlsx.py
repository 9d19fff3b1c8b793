"""The direct reading of a ledger workbook gives what openpyxl's read-only mode gives, value for value.

``evidence_kit/case/xlsx.py`` reads cell values without building openpyxl's workbook object; where it
cannot repeat openpyxl exactly it answers None (or NotRepeated) and openpyxl reads the workbook. Checked
here on generated workbooks with every kind of cell a ledger has, and rows and cells missing, and —
through ``tests/conftest.py`` — on every workbook any test of the suite reads.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from evidence_kit.case import xlsx
from evidence_kit.case.tables import SPECS, read_table

from ..conftest import SAMPLES

LIMIT = 2_000_001


def openpyxl_values(path: Path) -> list[tuple[str, list[tuple[object, ...]]]]:
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return [(sheet.title, list(sheet.iter_rows(values_only=True))) for sheet in book.worksheets]
    finally:
        book.close()


def direct_values(path: Path) -> list[tuple[str, list[tuple[object, ...]]]] | None:
    sheets = xlsx.sheet_values(path, LIMIT)
    return None if sheets is None else [(title, read()) for title, read in sheets]


def ledger(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "流水"
    sheet.append(["交易日期", "交易金额（元）", "摘要", "记账时间", "标记", "时长"])
    sheet.append([date(2024, 1, 15), 3500.0, "还款", datetime(2024, 1, 15, 9, 30), True, timedelta(hours=2)])
    sheet.append([date(2024, 2, 15), 300.29999999999995, "部分还款", time(14, 5), False, None])
    sheet.append([None, None, None])
    sheet.append(["2024-03-15", 1e16, "not a formula, a text", 12, -0.5, "#N/A"])
    sheet["A7"] = 45000
    sheet["A7"].number_format = "yyyy/mm/dd"
    sheet["B7"] = 1234567.891
    sheet["B7"].number_format = "#,##0.00"
    sheet["C7"] = "跨行"
    sheet["H9"] = "stray"
    book.create_sheet("empty")
    book.save(path)
    return path


def rewritten(path: Path, part: str, change: callable) -> Path:  # type: ignore[valid-type]
    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            target.writestr(entry.filename, change(data) if entry.filename == part else data)
    path.write_bytes(out.getvalue())
    return path


def test_a_ledger_with_every_kind_of_cell_reads_the_same(tmp_path: Path) -> None:
    path = ledger(tmp_path / "ledger.xlsx")
    assert direct_values(path) == openpyxl_values(path)
    rows = openpyxl_values(path)[0][1]
    assert rows[1][0] == datetime(2024, 1, 15) and rows[6][0] == datetime(2023, 3, 15)  # dates by their style


def shared_strings(path: Path) -> Path:
    """The ledger with its texts in a shared-string table, as Excel writes them (openpyxl writes them inline)."""
    texts: list[str] = []

    def shared(match: re.Match[bytes]) -> bytes:
        texts.append(match.group(2).decode())
        return match.group(1) + b' t="s"><v>' + str(len(texts) - 1).encode() + b"</v></c>"

    sheet = re.compile(rb'(<c r="[A-Z]+[0-9]+"(?: s="[0-9]+")?) t="inlineStr"><is><t>(.*?)</t></is></c>')
    rewritten(path, "xl/worksheets/sheet1.xml", lambda xml: sheet.sub(shared, xml))
    table = "".join(f"<si><t>{text}</t></si>" for text in texts)
    sst = (f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(texts)}" '
           f'uniqueCount="{len(texts)}">{table}</sst>').encode()
    override = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    rewritten(path, "[Content_Types].xml", lambda xml: xml.replace(b"</Types>", override))
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/sharedStrings.xml", sst)
    return path


EDITS = [
    (lambda xml: xml.replace(b'<dimension ref="A1:H9"/>', b""), "no dimension"),
    (lambda xml: xml.replace(b'<dimension ref="A1:H9"/>', b'<dimension ref="A1:C4"/>'), "a dimension too small"),
    (lambda xml: xml.replace(b'<dimension ref="A1:H9"/>', b'<dimension ref="A1:K30"/>'), "a dimension too large"),
    (lambda xml: xml.replace(b'<dimension ref="A1:H9"/>', b'<dimension ref="B3"/>'), "a one-cell dimension"),
    (lambda xml: re.sub(rb' r="[A-F]2"', b"", xml).replace(b'<row r="2">', b"<row>"), "a row and cells without r"),
    (lambda xml: re.sub(rb'(<c r="C3" t="inlineStr"><is>)<t>[^<]*</t>', rb"\1<r><t>AB</t></r><r><t>CD</t></r>", xml),
     "an inline rich string"),
    (lambda xml: xml.replace(b'<c r="F5" t="inlineStr"><is><t>#N/A</t></is></c>', b'<c r="F5" t="e"><v>#N/A</v></c>'),
     "an error cell"),
    (lambda xml: xml.replace(b'<c r="E2" t="b"><v>1</v></c>', b'<c r="E2" t="str"><v>TRUE</v></c>'),
     "a formula-string cell"),
    (lambda xml: xml.replace(b'<row r="4"></row>', b'<row r="4.0"></row>'), "a row number written 4.0"),
    (lambda xml: xml.replace(b'<c r="B3" t="n"><v>300.3</v></c>', b'<c r="B3" t="n"><v></v></c>'), "an empty value"),
    (lambda xml: xml.replace(b'<c r="A3" s="1" t="n"><v>45337</v>', b'<c r="A3" s="1" t="n"><v>9999999</v>'),
     "a date out of range"),
]


@pytest.mark.filterwarnings("ignore:Cell A3 is marked as a date")  # openpyxl's, for "a date out of range"
@pytest.mark.parametrize("shared", [False, True], ids=["inline", "shared"])
@pytest.mark.parametrize(("change", "what"), EDITS, ids=[e[1] for e in EDITS])
def test_hand_edited_sheets_read_the_same(tmp_path: Path, change: callable, what: str,  # type: ignore[valid-type]
                                          shared: bool) -> None:
    path = rewritten(ledger(tmp_path / "ledger.xlsx"), "xl/worksheets/sheet1.xml", change)
    original = ledger(tmp_path / "original.xlsx").read_bytes()
    assert path.read_bytes() != original, f"the edit did not apply: {what}"
    if shared:
        shared_strings(path)
    direct = direct_values(path)
    assert direct is not None, what  # each of these is read directly, and the same
    assert direct == openpyxl_values(path), what


def test_shared_strings_are_read_from_their_table(tmp_path: Path) -> None:
    path = shared_strings(ledger(tmp_path / "ledger.xlsx"))
    assert b't="s"' in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    assert direct_values(path) == openpyxl_values(path)


def test_formulas_and_the_1904_system_are_left_to_openpyxl(tmp_path: Path) -> None:
    path = ledger(tmp_path / "formula.xlsx")
    book = load_workbook(path)
    book.active["D10"] = "=B2+B3"
    book.save(path)
    sheets = xlsx.sheet_values(path, LIMIT)
    assert sheets is not None
    with pytest.raises(xlsx.NotRepeated):
        sheets[0][1]()
    path = rewritten(ledger(tmp_path / "mac.xlsx"), "xl/workbook.xml",
                     lambda xml: xml.replace(b"<workbookPr", b'<workbookPr date1904="1"'))
    assert xlsx.sheet_values(path, LIMIT) is None


def test_a_broken_part_is_left_to_openpyxl(tmp_path: Path) -> None:
    path = rewritten(ledger(tmp_path / "broken.xlsx"), "xl/styles.xml", lambda xml: xml[: len(xml) // 2])
    assert xlsx.sheet_values(path, LIMIT) is None


def test_the_samples_ledgers_are_read_directly(tmp_path: Path) -> None:
    for path in sorted(SAMPLES.glob("*/*.xlsx")):
        assert direct_values(path) == openpyxl_values(path), path


def test_a_formula_ledger_still_reads_through_openpyxl(tmp_path: Path) -> None:
    path = ledger(tmp_path / "ledger.xlsx")
    book = load_workbook(path)
    sheet = book.active
    sheet.delete_rows(1, sheet.max_row)
    sheet.append(["date", "amount"])
    sheet.append(["2024-01-15", "=1000+200.5"])
    book.save(path)
    table, problems = read_table(path, "ledger.xlsx", SPECS["repayments"])
    assert table is not None and not [p for p in problems if p.code != "unknown_column"]
    assert [texts for _line, texts in table.records] == [("2024-01-15", "=1000+200.5")]  # no cached result saved
