"""Generate the built-in DOCX templates (docxtpl) of the filings, deterministically.

Run ``python -m evidence_kit.filings.docxgen`` after changing this file; it rewrites
``evidence_kit/templates/*.docx``, which are committed so that a legal team can open
and edit them in Word. The output is byte-for-byte the same on every run (fixed
document dates and zip timestamps).

Typography (GB/T 9704-2012): A4; margins top 37 mm, bottom 35 mm, left 28 mm, right
26 mm; title 2号 (22 pt) bold 宋体; body 3号 (16 pt) 仿宋_GB2312 at a fixed 28.9 pt line
pitch (22 lines a page); headings 黑体; page number "— N —" 4号 at the foot. Chinese
text takes the ``w:eastAsia`` font, so Word never falls back to a Latin font for it; the
font table names 仿宋 as the alternative to 仿宋_GB2312 for machines without it.

Every vertical measure is the one ``filings.css`` gives the PDF — the title's line and the
space under it, the 14 pt gaps before 此致, 附件, the signature and the claim sheet's
headings, table lines, cell padding and column widths — so that a word processor breaks
the pages where the PDF does: a DOCX filing states its PDF's page count (docs/filings.md).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from evidence_kit.bundle.htmlpdf import TEMPLATES

BODY_FONT = "仿宋_GB2312"
BODY_FONT_FALLBACK = "仿宋"
TITLE_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
FIXED_TIME = datetime(2025, 7, 14, 0, 0, 0)
"""Every generated template's document dates (the day the 2025 element styles took effect)."""
ZIP_TIME = (2025, 7, 14, 0, 0, 0)
BODY_WIDTH_MM = 210 - 28 - 26
"""The type area's width: filings.css gives table columns in percent of it."""
GAP_PT = 14
"""``p.gap`` and ``table.gap`` in filings.css: the space before 此致, 附件, the signature, a claim sheet heading."""
TITLE_LINE_PT = 36
TITLE_SPACE_AFTER_PT = 14
SUBTITLE_SPACE_AFTER_PT = 8
CELL_PADDING_PT = (2, 4)
"""``th, td { padding: 2pt 4pt }``: top and bottom, left and right."""


def _fonts(run_properties: Any, east_asia: str, size_pt: float, bold: bool = False) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fonts = run_properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        run_properties.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)
    for tag, value in (("w:sz", str(int(size_pt * 2))), ("w:szCs", str(int(size_pt * 2)))):
        element = run_properties.find(qn(tag))
        if element is None:
            element = OxmlElement(tag)
            run_properties.append(element)
        element.set(qn("w:val"), value)
    if bold:
        run_properties.append(OxmlElement("w:b"))


def _style(document: Any, name: str, east_asia: str, size_pt: float, *, bold: bool = False,
           align: str | None = None, indent: bool = False, line_pt: float = 28.9) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    styles = document.styles
    style = styles["Normal"] if name == "Normal" else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if name != "Normal":
        style.base_style = styles["Normal"]
    _fonts(style.element.get_or_add_rPr(), east_asia, size_pt, bold)
    paragraph = style.paragraph_format
    paragraph.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.line_spacing = Pt(line_pt)
    paragraph.space_before = Pt(0)
    paragraph.space_after = Pt(0)
    if indent:
        paragraph.first_line_indent = Pt(size_pt * 2)
    if align is not None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        paragraph.alignment = getattr(WD_ALIGN_PARAGRAPH, align)


def new_document() -> Any:
    """An empty A4 document with the GB/T 9704 page and the filings' styles."""
    import docx
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(25)
    _style(document, "Normal", BODY_FONT, 16)
    _widow_control(document.styles["Normal"])
    _style(document, "FilingTitle", TITLE_FONT, 22, bold=True, align="CENTER", line_pt=TITLE_LINE_PT)
    document.styles["FilingTitle"].paragraph_format.space_after = Pt(TITLE_SPACE_AFTER_PT)
    _style(document, "FilingSubtitle", BODY_FONT, 16, align="CENTER")
    document.styles["FilingSubtitle"].paragraph_format.space_after = Pt(SUBTITLE_SPACE_AFTER_PT)
    _style(document, "FilingHeading", HEADING_FONT, 16)
    _style(document, "FilingBody", BODY_FONT, 16, indent=True)  # ragged right: Word and LibreOffice stretch
    # CJK lines wide around an unbreakable amount when justified
    _style(document, "FilingRight", BODY_FONT, 16, align="RIGHT")
    _style(document, "FilingClosing", BODY_FONT, 16)
    _style(document, "FilingClosingIndent", BODY_FONT, 16, indent=True)
    for name in ("FilingRight", "FilingClosing", "FilingClosingIndent"):
        # kept with the next paragraph: no signature alone on a page, no 此致 apart from the court
        document.styles[name].paragraph_format.keep_with_next = True
    _style(document, "FilingTable", BODY_FONT, 12, line_pt=18)
    _page_number_footer(section)
    _font_fallback(document)
    core = document.core_properties
    core.author = core.last_modified_by = "evidence-kit"
    core.created = core.modified = FIXED_TIME
    core.revision = 1
    return document


def _widow_control(style: Any) -> None:
    """At least two lines of a paragraph at the foot and at the head of a page, as CSS's ``orphans: 2; widows: 2``."""
    from docx.oxml import OxmlElement

    style.element.get_or_add_pPr().insert(0, OxmlElement("w:widowControl"))


def _font_fallback(document: Any) -> None:
    """The font table names 仿宋 as the alternative for 仿宋_GB2312 (Word uses it where the latter is missing)."""
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import qn

    part = next(p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    root = parse_xml(part.blob)
    font = OxmlElement("w:font", {qn("w:name"): BODY_FONT})
    for tag, value in (("altName", BODY_FONT_FALLBACK), ("charset", "86"), ("family", "modern"), ("pitch", "fixed")):
        font.append(OxmlElement(f"w:{tag}", {qn("w:val"): value}))
    root.append(font)
    part._blob = serialize_part_xml(root)


def _page_number_footer(section: Any) -> None:
    """"— N —" centred at the foot (GB/T 9704 7.5), N a PAGE field."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(" —")
    for run_element in paragraph._p.iter(qn("w:r")):
        _fonts(run_element.get_or_add_rPr(), TITLE_FONT, 14)


def _add(document: Any, text: str, style: str = "FilingBody", *, gap: bool = False) -> None:
    """A paragraph; ``gap``: :data:`GAP_PT` before it, as ``class="gap"`` in the HTML template."""
    from docx.shared import Pt

    paragraph = document.add_paragraph(text, style=style)
    if gap:
        paragraph.paragraph_format.space_before = Pt(GAP_PT)


def _loop(document: Any, head: str, body: list[tuple[str, str]]) -> None:
    _add(document, f"{{%p for {head} %}}", "Normal")
    for text, style in body:
        _add(document, text, style)
    _add(document, "{%p endfor %}", "Normal")


def application_template() -> Any:
    """支付令申请书, 财产保全申请书, 强制执行申请书: the layout of :class:`Application`."""
    document = new_document()
    _add(document, "{{ title }}", "FilingTitle")
    _add(document, "{%p for party in parties %}", "Normal")
    _add(document, "{{ party.label }}：{{ party.text }}", "Normal")
    _loop(document, "line in party.more", [("{{ line }}", "Normal")])
    _add(document, "{%p endfor %}", "Normal")
    _add(document, "{{ requests_heading }}：", "FilingHeading")
    _loop(document, "request in requests", [("{{ request }}", "FilingBody")])
    _add(document, "{{ facts_heading }}：", "FilingHeading")
    _loop(document, "fact in facts", [("{{ fact }}", "FilingBody")])
    _add(document, "此致", "FilingClosingIndent", gap=True)
    _add(document, "{{ court }}", "Normal")  # 此致 stays with the court; the attachments with the signature
    _add(document, "附件：", "FilingClosing", gap=True)
    _loop(document, "item in attachments", [("{{ item }}", "FilingClosingIndent")])
    _signature(document)
    return document


def _signature(document: Any) -> None:
    _add(document, "{{ signer }}", "FilingRight", gap=True)
    _add(document, "{{ signed_on }}", "FilingRight")


def _table(document: Any, headers: list[str], cells: list[str], loop: str, widths_percent: list[float]) -> Any:
    """A table: a header row, then one docxtpl-looped row (``{%tr for … %}`` rows around it)."""
    from docx.oxml import OxmlElement

    table = document.add_table(rows=4, cols=len(headers))
    table.style = document.styles["Table Grid"]
    rows = table.rows
    for index, header in enumerate(headers):
        rows[0].cells[index].text = header
        rows[1].cells[index].text = f"{{%tr for {loop} %}}" if index == 0 else ""
        rows[2].cells[index].text = cells[index]
        rows[3].cells[index].text = "{%tr endfor %}" if index == 0 else ""
    _fix_widths(table, widths_percent)
    for row in rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.style = document.styles["FilingTable"]
    header = rows[0]._tr.get_or_add_trPr()
    header.append(OxmlElement("w:tblHeader"))  # the header row repeats on every page, as in the PDF
    for cell in rows[0].cells:  # and never stands alone at the foot of a page
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True
    _keep_rows_whole(table)
    return table


def _keep_with_next(table: Any) -> None:
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def evidence_list_template() -> Any:
    document = new_document()
    _add(document, "{{ title }}", "FilingTitle")
    _add(document, "{{ submitter }}", "Normal")
    _add(document, "{{ case_line }}", "Normal")
    _table(document, ["序号", "证据名称", "证据来源", "证明目的", "页码", "原件/复印件"],
           ["{{ row.no }}", "{{ row.title }}", "{{ row.source }}", "{{ row.proves }}", "{{ row.pages }}",
            "{{ row.original }}"], "row in rows", [9, 22, 17, 30, 12, 10])
    _add(document, "{{ total_pages }}", "Normal", gap=True)
    _signature(document)
    return document


def claim_sheet_template() -> Any:
    document = new_document()
    _add(document, "{{ title }}", "FilingTitle")
    _add(document, "{{ intro }}", "Normal")
    _add(document, "{%p for debt in debts %}", "Normal")
    _add(document, "{{ debt.heading }}", "FilingHeading")  # h2.gap: filings.css gives only p.gap a gap
    _add(document, "{{ debt.terms }}", "FilingTable")
    _table(document, ["项目", "金额", "大写"], ["{{ item.label }}", "{{ item.amount }}", "{{ item.capital }}"],
           "item in debt.items", [18, 24, 58])
    _add(document, "{{ debt.lines_heading }}", "FilingTable", gap=True)
    _table(document, ["序号", "计算", "金额"], ["{{ loop.index }}", "{{ line.text }}", "{{ line.amount }}"],
           "line in debt.lines", [8, 72, 20])
    _add(document, "{%p endfor %}", "Normal")
    _gap_paragraph(document)  # two tables with nothing between them would merge into one in Word
    totals = _table(document, ["项目", "金额", "大写"], ["{{ item.label }}", "{{ item.amount }}",
                                                    "{{ item.capital }}"], "item in totals", [18, 24, 58])
    _keep_with_next(totals)  # the totals stay with the signature, as the HTML's div.closing
    _signature(document)
    return document


def _gap_paragraph(document: Any) -> None:
    """An empty paragraph :data:`GAP_PT` high: the HTML's ``table.gap`` margin."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    paragraph = document.add_paragraph("", style="Normal")
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Pt(GAP_PT)


def complaint_template() -> Any:
    """民事起诉状 (要素式): one two-column table, a heading row per section, a row per element."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = new_document()
    _add(document, "{{ title }}", "FilingTitle")
    _add(document, "{{ subtitle }}", "FilingSubtitle")
    _loop(document, "note in notes", [("{{ note }}", "FilingTable")])
    table = document.add_table(rows=6, cols=2)
    table.style = document.styles["Table Grid"]
    rows = table.rows
    rows[0].cells[0].text = "{%tr for section in sections %}"
    heading = rows[1].cells[0].merge(rows[1].cells[1])
    heading.text = "{{ section.heading }}"
    rows[2].cells[0].text = "{%tr for row in section.rows %}"
    rows[3].cells[0].text = "{{ row.label }}"
    lines = rows[3].cells[1]
    lines.text = "{%p for line in row.lines %}"
    lines.add_paragraph("{{ line }}")
    lines.add_paragraph("{%p endfor %}")
    rows[4].cells[0].text = "{%tr endfor %}"
    rows[5].cells[0].text = "{%tr endfor %}"
    _fix_widths(table, [27, 73])
    for row in rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.style = document.styles["FilingTable"]
    for run in heading.paragraphs[0].runs:
        run.bold = True
    heading.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _keep_rows_whole(table)
    _signature(document)
    return document


def _keep_rows_whole(table: Any) -> None:
    """No row breaks across a page (as ``tr { break-inside: avoid }`` in filings.css)."""
    from docx.oxml import OxmlElement

    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _fix_widths(table: Any, widths_percent: list[float]) -> None:
    """Columns in percent of the type area, as the HTML template's colgroup; cell padding as filings.css."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    widths_mm = [BODY_WIDTH_MM * share / 100 for share in widths_percent]
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=True):
        column.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            cell.width = Mm(widths_mm[min(index, len(widths_mm) - 1)])
    vertical, horizontal = CELL_PADDING_PT
    margins = OxmlElement("w:tblCellMar")
    for side, size in (("top", vertical), ("left", horizontal), ("bottom", vertical), ("right", horizontal)):
        margins.append(OxmlElement(f"w:{side}", {qn("w:w"): str(int(Pt(size).twips)), qn("w:type"): "dxa"}))
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is not None:  # the schema orders tblPr's children: tblCellMar comes before tblLook
        look.addprevious(margins)
    else:
        table._tbl.tblPr.append(margins)


TEMPLATES_MADE: dict[str, Callable[[], Any]] = {
    "payment_order": application_template,
    "preservation": application_template,
    "enforcement": application_template,
    "evidence_list": evidence_list_template,
    "claim_sheet": claim_sheet_template,
    "complaint": complaint_template,
}


def deterministic_bytes(document: Any) -> bytes:
    """The saved DOCX with every zip entry dated :data:`ZIP_TIME`, in a fixed order."""
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(name))
    return out.getvalue()


def generate(folder: Path = TEMPLATES) -> list[Path]:
    """Write every built-in DOCX template into ``folder``."""
    written = []
    for name, make in TEMPLATES_MADE.items():
        path = folder / f"{name}.docx"
        path.write_bytes(deterministic_bytes(make()))
        written.append(path)
    return written


if __name__ == "__main__":
    for path in generate():
        print(path)
