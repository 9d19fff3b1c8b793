"""What every document and file of the samples is made with: Chinese dates and rates, the CSV, XLSX
and YAML writers, and the PDF building blocks (CSS, seals, signatures, numbered articles).

Amounts go through :mod:`evidence_kit.money` (``format_amount``, ``to_capital``); only the wording
that belongs to the documents lives here.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any

import openpyxl
import yaml
from openpyxl.styles import Alignment, Font
from weasyprint import HTML

from evidence_kit.money import format_amount

SEAL_RED = "#d7262d"


# ---------------------------------------------------------------------------------------------------
# Amounts, rates and dates as the documents write them
# ---------------------------------------------------------------------------------------------------


def amt(value: Decimal) -> str:
    """Decimal text for files: "1234.50" (the library's ``format_amount`` without grouping)."""
    return format_amount(value, grouping=False)


def pct(rate: Decimal) -> str:
    """0.0435 → "4.35%", 0.5 → "50%": the contracts' wording, without padding zeros."""
    text = f"{(rate * 100).normalize():f}"
    return f"{text}%"


def cn_date(d: date) -> str:
    """2025年4月18日."""
    return f"{d.year}年{d.month}月{d.day}日"


_CN_DIGITS = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    """1–99 in Chinese numerals: 4 → 四, 18 → 十八, 31 → 三十一."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def cn_upper_date(d: date) -> str:
    """二〇二五年四月十八日 (the date line of a court document)."""
    year = "".join(_CN_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{cn_number(d.month)}月{cn_number(d.day)}日"


# ---------------------------------------------------------------------------------------------------
# Ledger and case files: CSV (any encoding), XLSX (deterministic), YAML
# ---------------------------------------------------------------------------------------------------


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]], encoding: str, crlf: bool) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


FIXED_XLSX_TIME = datetime(2025, 6, 30, 9, 0, 0)


def write_xlsx(path: Path, sheet: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """An XLSX that is byte-identical on every run: fixed document times and zip entry times."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        ws.append(list(row))
    for row_cells in ws.iter_rows(min_row=2):
        for cell in row_cells:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            elif cell.column == 2:
                cell.alignment = Alignment(horizontal="right")
    for column, width in zip("ABCD", (12, 14, 26, 30), strict=True):
        ws.column_dimensions[column].width = width
    book.properties.creator = "示例银行核心系统"
    book.properties.created = FIXED_XLSX_TIME
    raw = io.BytesIO()
    book.save(raw)
    _normalise_zip(raw.getvalue(), path)


def _normalise_zip(data: bytes, path: Path) -> None:
    stamp = FIXED_XLSX_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            payload = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = payload.decode("utf-8")
                text = re.sub(r"(<dcterms:modified[^>]*>)[^<]*(<)", rf"\g<1>{stamp}\g<2>", text)
                payload = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=(2025, 6, 30, 9, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, payload)


def write_yaml(path: Path, data: dict[str, Any], comment: str) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
    path.write_text(comment + text, encoding="utf-8")


# ---------------------------------------------------------------------------------------------------
# PDF documents (WeasyPrint, Noto CJK)
# ---------------------------------------------------------------------------------------------------

BASE_CSS = """
@page {
  size: A4; margin: 26mm 24mm 24mm 26mm;
  @top-right { content: "@HEADER@"; font: 8pt "Noto Serif CJK SC"; color: #666; }
  @bottom-center { content: "第 " counter(page) " 页 共 " counter(pages) " 页";
                   font: 9pt "Noto Serif CJK SC"; color: #333; }
}
html { font-family: "Noto Serif CJK SC", serif; font-size: 11pt; line-height: 1.72; color: #111; }
h1 { font-family: "Noto Sans CJK SC"; font-weight: 700; font-size: 19pt; text-align: center;
     letter-spacing: 0.12em; margin: 0 0 2mm; }
h1.court { font-family: "Noto Serif CJK SC"; font-weight: 400; font-size: 21pt; letter-spacing: 0.08em;
           margin-bottom: 1mm; }
b, strong { font-family: "Noto Sans CJK SC"; font-weight: 700; }
.subtitle { text-align: center; font-size: 15pt; letter-spacing: 0.5em; margin: 0 0 3mm; }
.docno { text-align: right; margin: 0 0 4mm; }
h2 { font-family: "Noto Sans CJK SC"; font-weight: 700; font-size: 11.5pt; margin: 3.5mm 0 1mm; }
p { margin: 0 0 0.6mm; text-indent: 2em; text-align: justify; }
p.party { text-indent: 0; }
p.party.sub { text-indent: 2em; }
p.ni { text-indent: 0; }
p.right { text-align: right; }
p.notice { border: 0.6pt solid #333; padding: 2mm 3mm; text-indent: 0; font-size: 10pt; margin: 3mm 0; }
b.em { font-family: "Noto Sans CJK SC"; font-weight: 700; }
table.grid { border-collapse: collapse; width: 100%; margin: 2mm 0; font-size: 9.5pt; line-height: 1.45; }
table.grid td, table.grid th { border: 0.6pt solid #222; padding: 1.2mm 1.6mm; vertical-align: middle; }
table.grid th { font-family: "Noto Sans CJK SC"; font-weight: 700; background: #f1f1f1; }
table.grid td.num, table.grid th.num { text-align: right; }
table.sched { font-size: 8.4pt; line-height: 1.25; }
table.sched td, table.sched th { padding: 0.5mm 1.4mm; }
.signs { width: 100%; margin-top: 8mm; border-collapse: collapse; break-inside: avoid; }
.keep { break-inside: avoid; }
.signs td { width: 50%; vertical-align: top; padding: 0 3mm 0 0; }
.slot { position: relative; height: 34mm; }
.slot .stamp { position: absolute; left: 24mm; top: -5mm; opacity: 0.86; }
.slot .hand { position: absolute; left: 30mm; top: 7mm; }
.slot .finger { position: absolute; left: 56mm; top: 5mm; }
.dateline { text-align: right; margin-top: 6mm; }
.court-end { margin-top: 10mm; position: relative; break-inside: avoid; }
.court-end p { text-align: right; text-indent: 0; margin-right: 8mm; }
.court-end .stamp { position: absolute; right: 14mm; top: -12mm; opacity: 0.86; }
.pagebreak { break-before: page; }
"""


def seal(name: str, label: str = "", size_mm: int = 40, code: str = "") -> str:
    """A round red seal as inline SVG: name on the arc (condensed glyphs), a star, a label across the bottom."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size_mm}mm" height="{size_mm}mm" '
        'viewBox="0 0 200 200">',
        f'<circle cx="100" cy="100" r="93" fill="none" stroke="{SEAL_RED}" stroke-width="6"/>',
    ]
    span, radius = min(270.0, 27.0 * len(name)), 64.0
    step = span / len(name)
    size = min(27.0, radius * math.radians(step) / 0.8 * 0.9)
    for i, char in enumerate(name):
        angle = -span / 2 + step * (i + 0.5)
        x = 100 + radius * math.sin(math.radians(angle))
        y = 100 - radius * math.cos(math.radians(angle))
        parts.append(
            f'<text transform="translate({x:.2f} {y:.2f}) rotate({angle:.2f}) scale(0.8 1)" x="0" y="0" '
            f'text-anchor="middle" font-size="{size:.2f}" font-family="Noto Sans CJK SC" '
            f'font-weight="bold" fill="{SEAL_RED}">{char}</text>'
        )
    points = []
    for k in range(10):
        r = 27 if k % 2 == 0 else 10.5
        a = math.radians(k * 36)
        points.append(f"{100 + r * math.sin(a):.2f},{103 - r * math.cos(a):.2f}")
    parts.append(f'<polygon points="{" ".join(points)}" fill="{SEAL_RED}"/>')
    if label:
        label_size = min(19.0, 118.0 / len(label))
        parts.append(
            f'<text x="100" y="152" text-anchor="middle" font-size="{label_size:.2f}" '
            f'font-family="Noto Sans CJK SC" font-weight="bold" fill="{SEAL_RED}">{label}</text>'
        )
    if code:
        parts.append(
            f'<text x="100" y="{172 if label else 160}" text-anchor="middle" font-size="11" '
            f'font-family="Noto Sans CJK SC" font-weight="bold" fill="{SEAL_RED}">{code}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def handwriting(text: str, size_pt: int = 17) -> str:
    """A signature: the name slanted, in blue-black ink."""
    width = size_pt * len(text) * 1.15 + 10
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}pt" height="{size_pt * 1.6:.0f}pt" '
        f'viewBox="0 0 {width:.0f} {size_pt * 1.6:.0f}"><g transform="skewX(-14) translate(8 0)">'
        f'<text x="0" y="{size_pt * 1.2:.0f}" font-size="{size_pt}" font-family="Noto Serif CJK SC" '
        f'fill="#1d2a5c" letter-spacing="2">{text}</text></g></svg>'
    )


def fingerprint() -> str:
    rings = "".join(
        f'<ellipse cx="20" cy="26" rx="{15 - 2.4 * i:.1f}" ry="{21 - 3.2 * i:.1f}" fill="none" '
        f'stroke="{SEAL_RED}" stroke-width="1.3" opacity="0.75"/>'
        for i in range(6)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="11mm" height="14mm" viewBox="0 0 40 52">'
        f'<ellipse cx="20" cy="26" rx="17" ry="23" fill="{SEAL_RED}" opacity="0.18"/>{rings}</svg>'
    )


def sign_slot(caption: str, stamp: str = "", hand: str = "", finger: bool = False) -> str:
    inner = f"<p class='ni'>{caption}</p>"
    if stamp:
        inner += f"<div class='stamp'>{stamp}</div>"
    if hand:
        inner += f"<div class='hand'>{handwriting(hand)}</div>"
    if finger:
        inner += f"<div class='finger'>{fingerprint()}</div>"
    return f"<div class='slot'>{inner}</div>"


def signs(left: str, right: str) -> str:
    return f"<table class='signs'><tr><td>{left}</td><td>{right}</td></tr></table>"


def write_pdf(path: Path, title: str, author: str, body: str, header: str = "", css: str = "") -> None:
    """Render one document; no dates in the metadata, so the bytes only depend on the content."""
    html = (
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title><meta name='author' content='{escape(author)}'>"
        f"<style>{BASE_CSS.replace('@HEADER@', header)}{css}</style></head><body>{body}</body></html>"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(HTML(string=html, base_url=str(path.parent)).write_pdf())


def articles(items: Iterable[tuple[str, Sequence[str]]]) -> str:
    """第一条 … numbered articles with their paragraphs."""
    out = []
    for n, (heading, paragraphs) in enumerate(items, start=1):
        out.append(f"<h2>第{cn_number(n)}条　{heading}</h2>")
        out.extend(f"<p>{p}</p>" for p in paragraphs)
    return "".join(out)

# Letters (催收函, 催收通知书): a little tighter than contracts.
LETTER_CSS = "html { font-size: 10.5pt; line-height: 1.62; } @page { margin-top: 20mm; margin-bottom: 18mm; }"
