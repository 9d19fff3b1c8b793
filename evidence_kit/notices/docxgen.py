"""Generate the built-in DOCX template of the notice documents (docxtpl), deterministically.

Run ``python -m evidence_kit.notices.docxgen`` after changing this file: it rewrites
``evidence_kit/templates/{notice_*,visit_pack,*_agreement}.docx`` — one layout of
:class:`~evidence_kit.notices.document.NoticeDocument`, saved under each document's name so
that a bank can replace one of them in Word. Page and styles are the filings' (GB/T 9704).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evidence_kit.bundle.htmlpdf import TEMPLATES
from evidence_kit.filings.docxgen import deterministic_bytes, new_document

DOCUMENT_NAMES = ("notice_reminder", "notice_demand", "notice_acceleration", "notice_lawyer", "visit_pack",
                  "repayment_agreement", "settlement_agreement", "repayment_guide")


def _add(document: Any, text: str, style: str = "FilingBody") -> None:
    document.add_paragraph(text, style=style)


def _loop(document: Any, items: str, text: str, style: str = "FilingBody") -> None:
    _add(document, f"{{%p for item in {items} %}}", "Normal")
    _add(document, text, style)
    _add(document, "{%p endfor %}", "Normal")


def _table(document: Any, condition: str, headers: list[str] | None, cells: list[str], items: str,
           widths_mm: list[float]) -> None:
    """A table shown only when ``condition`` holds: an optional header row and one looped row."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    _add(document, f"{{%p if {condition} %}}", "Normal")
    rows = 3 + (1 if headers else 0)
    table = document.add_table(rows=rows, cols=len(cells))
    table.style = document.styles["Table Grid"]
    first = 1 if headers else 0
    for index, cell_text in enumerate(cells):
        if headers:
            table.rows[0].cells[index].text = headers[index]
        table.rows[first].cells[index].text = f"{{%tr for row in {items} %}}" if index == 0 else ""
        table.rows[first + 1].cells[index].text = cell_text
        table.rows[first + 2].cells[index].text = "{%tr endfor %}" if index == 0 else ""
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=True):
        column.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            cell.width = Mm(widths_mm[index])
            for paragraph in cell.paragraphs:
                paragraph.style = document.styles["FilingTable"]
    if headers:
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    _add(document, "{%p endif %}", "Normal")


def notice_template() -> Any:
    document = new_document()
    _add(document, "{{ title }}", "FilingTitle")
    _add(document, "{{ reference }}", "FilingRight")
    _add(document, "{{ addressee }}", "Normal")
    _loop(document, "opening", "{{ item }}")
    _table(document, "amounts", ["项目", "金额", "大写"], ["{{ row.label }}", "{{ row.amount }}", "{{ row.capital }}"],
           "amounts", [34, 38, 84])
    _loop(document, "middle", "{{ item }}")
    _add(document, "{%p if terms %}", "Normal")
    _add(document, "{{ terms_heading }}", "FilingHeading")
    _add(document, "{%p endif %}", "Normal")
    _table(document, "terms", None, ["{{ row.label }}", "{{ row.value }}"], "terms", [44, 112])
    _add(document, "{%p if schedule %}", "Normal")
    _add(document, "{{ schedule_heading }}", "FilingHeading")
    _add(document, "{%p endif %}", "Normal")
    _table(document, "schedule", ["期次", "还款日", "应还金额", "其中", "剩余应还"],
           ["{{ row.number }}", "{{ row.due_date }}", "{{ row.amount }}", "{{ row.detail }}", "{{ row.balance }}"],
           "schedule", [16, 31, 31, 47, 31])
    _loop(document, "closing", "{{ item }}")
    _add(document, "{%p if form %}", "Normal")
    _add(document, "{{ form_heading }}", "FilingHeading")
    _add(document, "{%p endif %}", "Normal")
    _table(document, "form", None, ["{{ row.label }}", "{{ row.value }}"], "form", [44, 112])
    _loop(document, "signers", "{{ item }}", "FilingRight")
    _add(document, "{{ signed_on }}", "FilingRight")
    _loop(document, "receipt", "{{ item }}", "FilingTable")
    return document


def generate(folder: Path = TEMPLATES) -> list[Path]:
    data = deterministic_bytes(notice_template())
    written = []
    for name in DOCUMENT_NAMES:
        path = folder / f"{name}.docx"
        path.write_bytes(data)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in generate():
        print(path)
