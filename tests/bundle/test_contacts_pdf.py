"""The generated contact log exhibit, written straight as PDF pages: summaries wrapped over lines, never cut."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pikepdf
import pytest

from evidence_kit.bundle.exhibits import CONTACT_COLUMNS, contact_rows, contacts_frame, contacts_pdf
from evidence_kit.bundle.pdffont import body_faces
from evidence_kit.bundle.tablepdf import TableWriter
from evidence_kit.case.redact import redactor_for
from evidence_kit.problems import Location
from tests.bundle.test_ledger_pdf import assert_body_fonts_embedded, pdftotext
from tests.factories import make_case, make_contact

pytestmark = pytest.mark.slow

SUMMARY = "借款人接听电话，称近期资金周转困难，承诺于本月底前归还逾期本金及利息共计人民币五万元整，并同意提供其配偶的联系方式。"
"""58 characters: four lines of the 摘要 column."""


def contacts_case(count: int, summary=lambda i: "已接通，承诺还款"):  # type: ignore[no-untyped-def]
    contacts = tuple(
        make_contact(time=datetime(2024, 10, 8, 10, 30) + timedelta(minutes=i), agent=f"王{i + 1:04d}",
                     summary=summary(i), duration_s=125, evidence=f"rec/{i + 1:04d}.mp3",
                     loc=Location("contacts.csv", i + 2, "time"))
        for i in range(count))
    return make_case(contacts=contacts)


def column_text(pdf: Path, index: int) -> str:
    """The text of one column on every page, its lines joined (the column head left out)."""
    edges = TableWriter(contacts_frame(contacts_case(1))).geometry.edges
    left, right = int(edges[index]) + 1, int(edges[index + 1])
    text = subprocess.run(["pdftotext", "-x", str(left), "-y", "0", "-W", str(right - left), "-H", "595", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return "".join(line for line in text.replace("\x0c", "\n").splitlines() if line != CONTACT_COLUMNS[index].head)


def write(case, path: Path, redactor=None) -> int:  # type: ignore[no-untyped-def]
    return TableWriter(contacts_frame(case, redactor)).write(path, contact_rows(case, redactor))


def page_numbers(pdf: Path, pages: int) -> list[list[int]]:
    """Each page's row numbers (序号), as read back."""
    result = []
    for page in range(1, pages + 1):
        lines = [line.split() for line in pdftotext(pdf, page).splitlines()]
        result.append([int(cells[0]) for cells in lines if cells and cells[0].isdigit() and len(cells) > 4])
    return result


def test_every_row_reads_back_with_its_whole_chinese_summary(tmp_path: Path) -> None:
    case = contacts_case(40, lambda i: SUMMARY if i % 5 == 2 else "已接通，承诺还款")
    pdf = tmp_path / "contacts.pdf"
    pages = write(case, pdf)
    text = pdftotext(pdf)
    assert text.count("催收记录") == 1 and "借款合同编号：TEST-001" in text and "借款人：张三" in text
    assert "数据来源：contacts.csv" in text and "…" not in text
    assert [n for page in page_numbers(pdf, pages) for n in page] == list(range(1, 41))
    for i in range(40):
        assert f"王{i + 1:04d}" in text and f"rec/{i + 1:04d}.mp3" in text and "2分05秒" in text
    # the long summaries wrap within their row: their whole text reads back, line after line
    assert column_text(pdf, 8).count(SUMMARY) == 8


def test_rows_grow_with_their_lines_and_pages_follow_the_measured_heights(tmp_path: Path) -> None:
    writer = TableWriter(contacts_frame(contacts_case(1)))
    assert (writer.page_capacity(True), writer.page_capacity(False)) == (25, 29)  # rows of one line, as the ledger
    for count, expected in ((25, [25]), (26, [25, 1]), (55, [25, 29, 1])):
        pdf = tmp_path / f"{count}.pdf"
        pages = write(contacts_case(count), pdf)
        assert pages == len(expected)
        assert [len(numbers) for numbers in page_numbers(pdf, pages)] == expected
        with pikepdf.open(pdf) as opened:
            assert len(opened.pages) == pages
            assert [round(float(v)) for v in opened.pages[0].mediabox] == [0, 0, 842, 595]  # A4 landscape
    # a summary of four lines (16 characters a line) makes its row 3 × 11.7 pt taller, 51.4 pt: the 413.5 pt
    # under the first page's column heads hold 8 such rows (411.2 pt), the 476.6 pt of a next page 9
    pdf = tmp_path / "tall.pdf"
    pages = write(contacts_case(20, lambda i: SUMMARY[:56]), pdf)
    assert [len(numbers) for numbers in page_numbers(pdf, pages)] == [8, 9, 3]


def test_a_summary_taller_than_a_page_runs_on_to_the_next_pages_under_the_column_heads(tmp_path: Path) -> None:
    long_summary = "".join(f"第{n:03d}次说明：借款人称资金困难，承诺分期还款。" for n in range(1, 121))
    case = contacts_case(3, lambda i: long_summary if i == 1 else "已接通")
    pdf = tmp_path / "contacts.pdf"
    pages = write(case, pdf)
    assert pages >= 4
    assert column_text(pdf, 8) == "已接通" + long_summary + "已接通"  # nothing lost or doubled at page breaks
    for page in range(2, pages + 1):
        assert "摘要" in pdftotext(pdf, page) and "序号" in pdftotext(pdf, page)
    assert "王0003" in pdftotext(pdf, pages)


def test_the_fonts_are_embedded_subsets_with_unicode_maps(tmp_path: Path) -> None:
    pdf = tmp_path / "contacts.pdf"
    write(contacts_case(30, lambda i: SUMMARY), pdf)
    assert_body_fonts_embedded(pdf)


def test_the_collector_profile_masks_identifiers_in_rows(tmp_path: Path) -> None:
    case = contacts_case(5)
    contacts = list(case.contacts)
    contacts[2] = replace(contacts[2], target="13912345678",
                          summary="借款人称身份证号11010519491231002X已变更，手机13912345678停用")
    case = replace(case, contacts=tuple(contacts))
    pdf = contacts_pdf(case, redactor_for(case, "collector"))
    path = tmp_path / "masked.pdf"
    pdf.save(path)
    pdf.close()
    text = pdftotext(path)
    assert "11010519491231002X" not in text and "13912345678" not in text and "139****5678" in text
    assert "借款人称身份证号110105********002X已变更，手机139****5678停用" in column_text(path, 8)
    court = tmp_path / "court.pdf"
    write(case, court, redactor_for(case, "court"))
    assert "13912345678" in pdftotext(court, layout=False)


def test_no_wrapped_line_starts_with_a_closing_mark_and_none_is_wider_than_its_room() -> None:
    regular, _bold = body_faces()
    text = SUMMARY * 3
    starts = set()
    for room in range(40, 200, 3):
        lines = regular.wrap(text, room, 9)
        assert "".join(lines) == text
        assert all(regular.width(line, 9) <= room for line in lines)
        assert not any(line[0] in "，。" for line in lines[1:]), room
        starts.update(line[0] for line in lines[1:])
    assert len(starts) > 10  # the breaks fell at many places
