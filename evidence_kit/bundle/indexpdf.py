"""The bundle's cover and 证据目录, drawn directly as PDF pages (no layout engine).

Both are tables of text in a known geometry, that of ``templates/bundle.css`` (A4 portrait,
margins 25, 26, 22 and 28 mm, Noto Serif CJK SC): laying them out is breaking each cell's text
into lines and adding up the rows' heights, which takes milliseconds. The 证据目录 is laid out
again for every length the plan tries (:func:`evidence_kit.bundle.plan.settle_plan`) and
written once, with the cover, as one small PDF whose fonts are subset to the glyphs drawn.

Lines break as CSS breaks them with ``overflow-wrap: anywhere``: between two Chinese
characters, after a dash or a slash, at a space; never before a closing mark or after an
opening one; a word longer than its column is broken where it must (the 页码 column breaks
only after the dash of a range). Rows are kept whole on a page; one taller than a whole page
goes on under the next page's column heads. Each index row carries three links (its number,
title and pages) to placeholder URIs that the assembly turns into links to the exhibit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from io import BytesIO

from evidence_kit.bundle.pdffont import NO_LINE_START, FaceWriter, body_faces
from evidence_kit.bundle.tablepdf import PdfObjects

MM = 72 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = 595.276, 841.89
"""A4 portrait, in points."""
MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT = 25 * MM, 26 * MM, 22 * MM, 28 * MM
BODY_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
BODY_BOTTOM = PAGE_HEIGHT - MARGIN_BOTTOM
"""The lowest a line may reach, from the page's top (the stamp band is below it)."""
RULE = 0.6
EPSILON = 1e-6

INDEX_TITLE, INDEX_TITLE_SIZE, INDEX_TITLE_SPACING = "证据目录", 22.0, 0.15
"""The heading: 22 pt bold, letters spaced by 0.15 em, centred, on a line of 1.5."""
INDEX_TITLE_GAP = 6 * MM
META_SIZE, META_LINE, META_GAP = 11.0, 16.5, 4 * MM
"""The line of facts under the heading (案由, 提交人, 受理法院), and the space under it."""
INDEX_SIZE, INDEX_LINE = 10.5, 10.5 * 1.4
INDEX_PAD_X, INDEX_PAD_Y = 3.0, 2.0
INDEX_HEADS = ("序号", "证据名称", "证据来源", "证明目的", "原件/复印件", "页码", "页数")
INDEX_SHARES = (0.10, 0.20, 0.17, 0.23, 0.08, 0.14, 0.08)
"""Each column's share of the table's width."""
INDEX_CENTRED = frozenset({0, 4, 5, 6})
PAGES_COLUMN = 5
"""The 页码 column: a range breaks after its dash, never inside a number."""
INDEX_LINKS = {0: "no", 1: "title", 5: "pages"}
"""The cells that link to the exhibit, and the part each link names."""
SIGNATURE = ("提交人（签名或盖章）：", "提交日期：{date}")
SIGNATURE_SIZE, SIGNATURE_LINE, SIGNATURE_GAP = 12.0, 12.0 * 2.2, 10 * MM

COVER_TOP = 40 * MM
"""Space above the cover's heading."""
COVER_TITLE, COVER_TITLE_SIZE, COVER_TITLE_SPACING, COVER_TITLE_GAP = "证据材料", 30.0, 0.4, 20 * MM
COVER_SIZE, COVER_LINE = 14.0, 14.0 * 1.5
COVER_PAD_X, COVER_PAD_Y = 2.0, 4.0
COVER_HEAD_SHARE = 0.28

COVER_HEADS = ("案　　由", "提 交 人", "对方当事人", "受理法院", "借款合同编号", "债务", "证据数量", "案件编号", "提交日期")
"""The cover's headings (the fifth is the contract's: 借款合同编号 for one loan, else 债务)."""
BOLD_TEXTS = "".join(sorted(set(INDEX_TITLE + "".join(INDEX_HEADS) + COVER_TITLE + "".join(COVER_HEADS))))
"""Every character drawn in bold: the bold face's subset is made once per machine (pdffont.FaceWriter ``fixed``)."""

_NO_BREAK_BEFORE = NO_LINE_START | frozenset("〕…ー々")
_NO_BREAK_AFTER = frozenset("（「『【〔《〈“‘([{")
_BREAK_AFTER = frozenset("-–—/")
Link = tuple[tuple[float, float, float, float], str]
"""A link on a page: its rectangle (PDF coordinates) and its URI."""
COLLAPSIBLE = " \t\n\r\f\v"
_SPACES = re.compile(f"[{COLLAPSIBLE}]+")
"""Collapsible white space (CSS): the ideographic space U+3000 is not, it keeps its width."""


# --------------------------------------------------------------------------- breaking lines


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def segments(text: str) -> list[tuple[str, bool]]:
    """``text`` cut at its line-break opportunities: (segment, followed by a space)."""
    words = [w for w in _SPACES.split(text) if w]
    found: list[tuple[str, bool]] = []
    start = 0
    for i in range(1, len(words) + 1):  # a space is no break before a closing or after an opening mark
        if i == len(words) or not (words[i][0] in _NO_BREAK_BEFORE or words[i - 1][-1] in _NO_BREAK_AFTER):
            found += _word_segments(" ".join(words[start:i]))
            start = i
    return found


def _word_segments(word: str) -> list[tuple[str, bool]]:
    found: list[tuple[str, bool]] = []
    start = 0
    for i in range(1, len(word)):
        before, after = word[i - 1], word[i]
        if after in _NO_BREAK_BEFORE or before in _NO_BREAK_AFTER or " " in (before, after):
            continue
        if _wide(before) or _wide(after) or (before in _BREAK_AFTER and not (before in "-/" and after.isdigit())):
            found.append((word[start:i], False))
            start = i
    found.append((word[start:], True))
    return found


def break_lines(text: str, room: float, advance: Callable[[str], float], *, anywhere: bool = True) -> list[str]:
    """``text`` in lines of at most ``room`` em (``advance``: a character's width in em), greedily.

    A segment longer than a line is broken between any two characters when ``anywhere``, else it
    overflows its line. An empty text has no line.
    """
    lines: list[str] = []
    line, used, spaced_before = "", 0.0, False
    for segment, spaced in segments(text):
        size = sum(map(advance, segment))
        gap = advance(" ") if line and spaced_before else 0.0
        if line and used + gap + size <= room + EPSILON:
            line, used = line + (" " if gap else "") + segment, used + gap + size
        elif size <= room + EPSILON or not anywhere:
            if line:
                lines.append(line)
            line, used = segment, size
        else:
            if line:
                lines.append(line)
            line, used = "", 0.0
            for char in segment:
                step = advance(char)
                if line and used + step > room + EPSILON:
                    lines.append(line)
                    line, used = "", 0.0
                line, used = line + char, used + step
        spaced_before = spaced
    if line:
        lines.append(line)
    return lines


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Columns:
    """A table's columns: the x of each rule (its centre), the padding inside the cells."""

    edges: tuple[float, ...]
    pad_x: float

    @classmethod
    def of(cls, shares: Sequence[float], pad_x: float, width: float = BODY_WIDTH, left: float = MARGIN_LEFT
           ) -> Columns:
        usable = width - RULE
        edges, x = [left + RULE / 2], left + RULE / 2
        for share in shares:
            x += share * usable
            edges.append(x)
        return cls(tuple(edges), pad_x)

    def room(self, index: int) -> float:
        """The width the text of column ``index`` may take, in points."""
        return self.edges[index + 1] - self.edges[index] - RULE - 2 * self.pad_x

    def text_x(self, index: int, width: float, centred: bool) -> float:
        left = self.edges[index] + RULE / 2 + self.pad_x
        return left + (self.room(index) - width) / 2 if centred else left


@dataclass
class Slice:
    """The part of a table row on one page: its cells' lines, where its top rule is (from the page's top)."""

    row: int
    cells: list[list[str]]
    top: float
    height: float
    first: bool
    """It holds the row's first lines (the links go there)."""


@dataclass
class TablePage:
    table_top: float
    slices: list[Slice] = field(default_factory=list)

    @property
    def bottom(self) -> float:
        return self.slices[-1].top + self.slices[-1].height if self.slices else self.table_top


def flow_rows(rows: Sequence[list[list[str]]], *, first_top: float, next_top: float, line: float, pad_y: float,
              head: float = 0.0) -> list[TablePage]:
    """Rows of lines onto pages: a row starts a new page when it does not fit under the rows above it; a row
    taller than a page is split at a line. ``head``: the height of the column heads at each page's top."""
    extra = 2 * pad_y + RULE
    fresh = BODY_BOTTOM - next_top - head
    pages = [TablePage(first_top)]
    y = first_top + head
    for number, cells in enumerate(rows):
        count, lines, first = max([1, *map(len, cells)]), [list(cell) for cell in cells], True
        while True:
            height = count * line + extra
            if pages[-1].slices and y + height > BODY_BOTTOM + EPSILON and height <= fresh + EPSILON:
                pages.append(TablePage(next_top))  # kept whole: on the next page
                y = next_top + head
            take = min(count, int((BODY_BOTTOM - y - extra + EPSILON) // line))
            if take < 1 and pages[-1].slices:
                pages.append(TablePage(next_top))
                y = next_top + head
                continue
            take = max(take, 1)
            pages[-1].slices.append(Slice(number, [cell[:take] for cell in lines], y, take * line + extra, first))
            y += take * line + extra
            if take == count:
                break
            lines, count, first = [cell[take:] for cell in lines], count - take, False
            pages.append(TablePage(next_top))  # a row taller than a page goes on under the next page's heads
            y = next_top + head
    return pages


# --------------------------------------------------------------------------- the 证据目录


@dataclass(frozen=True)
class IndexRow:
    """One exhibit's row, as printed: 序号, 证据名称, 证据来源, 证明目的, 原件/复印件, 页码, 页数, and its link target."""

    cells: tuple[str, str, str, str, str, str, str]
    href: str
    """The placeholder URI its links carry (``…/N``; each link adds ``/no``, ``/title`` or ``/pages``)."""


class FacePair:
    """The regular and the bold face of one PDF: every page drawn with them shares one subset of each."""

    def __init__(self) -> None:
        self.regular, self.bold = body_faces(bold_fixed=BOLD_TEXTS)

    def can_draw(self, texts: Iterable[str]) -> bool:
        """Whether the regular face has a glyph for every character of ``texts`` (the bold one draws only
        :data:`BOLD_TEXTS`)."""
        cmap = self.regular.cmap
        return all(ord(char) in cmap or char in COLLAPSIBLE for text in texts for char in text)


class IndexLayout:
    """The 证据目录 for one set of rows: its lines and pages (nothing drawn until :meth:`content`)."""

    def __init__(self, faces: FacePair, meta: str, rows: Sequence[IndexRow], date: str) -> None:
        self.faces, self.meta, self.rows, self.date = faces, meta, rows, date
        regular, bold = faces.regular.em, faces.bold.em
        self.columns = Columns.of(INDEX_SHARES, INDEX_PAD_X)
        rooms = [self.columns.room(i) / INDEX_SIZE for i in range(len(INDEX_SHARES))]
        self.meta_lines = break_lines(meta, BODY_WIDTH / META_SIZE, regular)
        self.heads = [break_lines(head, room, bold) for head, room in zip(INDEX_HEADS, rooms, strict=True)]
        self.head_height = max(map(len, self.heads)) * INDEX_LINE + 2 * INDEX_PAD_Y + RULE
        first_top = MARGIN_TOP + INDEX_TITLE_SIZE * 1.5 + INDEX_TITLE_GAP + len(self.meta_lines) * META_LINE + META_GAP
        cells = [[break_lines(text, room, regular, anywhere=n != PAGES_COLUMN)
                  for n, (text, room) in enumerate(zip(row.cells, rooms, strict=True))] for row in rows]
        self.pages = flow_rows(cells, first_top=first_top, next_top=MARGIN_TOP, line=INDEX_LINE, pad_y=INDEX_PAD_Y,
                               head=self.head_height)
        signature = SIGNATURE_GAP + len(SIGNATURE) * SIGNATURE_LINE
        self.signature_page = len(self.pages) - 1
        self.signature_top = self.pages[-1].bottom + SIGNATURE_GAP
        if self.pages[-1].bottom + signature > BODY_BOTTOM + EPSILON:  # on a page of its own
            self.signature_page, self.signature_top = len(self.pages), MARGIN_TOP

    @property
    def page_count(self) -> int:
        return max(len(self.pages), self.signature_page + 1)

    def drawn_pages(self) -> Iterator[tuple[bytes, list[Link]]]:
        """Each page's content stream and its links: (rectangle, URI)."""
        for number in range(self.page_count):
            page = self.pages[number] if number < len(self.pages) else None
            parts: list[str] = ["q 0 g 0 G\n"]
            links: list[Link] = []
            if number == 0:
                parts.append(self._heading())
            if page is not None:
                parts.append(self._table(page, links))
            if number == self.signature_page:
                parts.append(self._signature())
            parts.append("Q\n")
            yield "".join(parts).encode("ascii"), links

    def _heading(self) -> str:
        faces = self.faces
        parts = [centred_spaced(faces.bold, INDEX_TITLE, INDEX_TITLE_SIZE, INDEX_TITLE_SPACING, MARGIN_TOP)]
        y = MARGIN_TOP + INDEX_TITLE_SIZE * 1.5 + INDEX_TITLE_GAP
        for line in self.meta_lines:
            parts.append(text_at(faces.regular, "F1", META_SIZE, line, MARGIN_LEFT,
                                 y + faces.regular.baseline(META_SIZE, META_LINE)))
            y += META_LINE
        return "".join(parts)

    def _table(self, page: TablePage, links: list[Link]) -> str:
        columns, faces = self.columns, self.faces
        tops = [page.table_top, page.table_top + self.head_height, *(s.top + s.height for s in page.slices)]
        parts = [grid(columns.edges, tops)]
        for index, lines in enumerate(self.heads):  # bold, centred across and down their cell
            top = page.table_top + RULE / 2 + INDEX_PAD_Y + (self.head_height - 2 * INDEX_PAD_Y - RULE
                                                             - len(lines) * INDEX_LINE) / 2
            parts.append(cell_text(faces.bold, "F2", INDEX_SIZE, INDEX_LINE, lines, columns, index, top, centred=True))
        for piece in page.slices:
            row = self.rows[piece.row]
            top = piece.top + RULE / 2 + INDEX_PAD_Y
            for index, lines in enumerate(piece.cells):
                parts.append(cell_text(faces.regular, "F1", INDEX_SIZE, INDEX_LINE, lines, columns, index, top,
                                       centred=index in INDEX_CENTRED))
            if piece.first:
                for index, part in INDEX_LINKS.items():
                    left, right = columns.edges[index] + RULE / 2, columns.edges[index + 1] - RULE / 2
                    rect = (left, PAGE_HEIGHT - piece.top - piece.height + RULE / 2, right,
                            PAGE_HEIGHT - piece.top - RULE / 2)
                    links.append((rect, f"{row.href}/{part}"))
        return "".join(parts)

    def _signature(self) -> str:
        face, y = self.faces.regular, self.signature_top
        parts = []
        for line in SIGNATURE:
            parts.append(text_at(face, "F1", SIGNATURE_SIZE, line.format(date=self.date), MARGIN_LEFT,
                                 y + face.baseline(SIGNATURE_SIZE, SIGNATURE_LINE)))
            y += SIGNATURE_LINE
        return "".join(parts)


# --------------------------------------------------------------------------- the cover


class CoverLayout:
    """The cover: 证据材料, then a table of the case's facts (案由, parties, court, contract, …)."""

    def __init__(self, faces: FacePair, facts: Sequence[tuple[str, Sequence[str]]]) -> None:
        """``facts``: (heading, its lines as given — one per party, say)."""
        self.faces, self.facts = faces, facts
        self.columns = Columns.of((COVER_HEAD_SHARE, 1 - COVER_HEAD_SHARE), COVER_PAD_X)
        head_room, value_room = (self.columns.room(i) / COVER_SIZE for i in (0, 1))
        self.cells = [[break_lines(head, head_room, faces.bold.em),
                       [line for given in values for line in break_lines(given, value_room, faces.regular.em)]]
                      for head, values in facts]
        self.table_top = MARGIN_TOP + COVER_TOP + COVER_TITLE_SIZE * 1.5 + COVER_TITLE_GAP
        self.pages = flow_rows(self.cells, first_top=self.table_top, next_top=MARGIN_TOP, line=COVER_LINE,
                               pad_y=COVER_PAD_Y)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def drawn_pages(self) -> Iterator[tuple[bytes, list[Link]]]:
        faces, columns = self.faces, self.columns
        for number, page in enumerate(self.pages):
            parts = ["q 0 g 0 G\n"]
            if number == 0:
                parts.append(centred_spaced(faces.bold, COVER_TITLE, COVER_TITLE_SIZE, COVER_TITLE_SPACING,
                                            MARGIN_TOP + COVER_TOP))
            rules = [f"{RULE} w\n"]
            for piece in page.slices:
                bottom = PAGE_HEIGHT - piece.top - piece.height
                rules.append(f"{columns.edges[0] - RULE / 2:.2f} {bottom:.2f} m "
                             f"{columns.edges[-1] + RULE / 2:.2f} {bottom:.2f} l\n")
                head, values = piece.cells
                inner = piece.height - 2 * COVER_PAD_Y - RULE
                top = piece.top + COVER_PAD_Y  # the facts have no rule above them: only under each
                head_top = top + (inner - len(head) * COVER_LINE) / 2
                parts.append(cell_text(faces.bold, "F2", COVER_SIZE, COVER_LINE, head, columns, 0, head_top))
                parts.append(cell_text(faces.regular, "F1", COVER_SIZE, COVER_LINE, values, columns, 1, top))
            parts.append("".join(rules) + "S\n" if page.slices else "")
            parts.append("Q\n")
            yield "".join(parts).encode("ascii"), []


# --------------------------------------------------------------------------- drawing


def text_at(face: FaceWriter, font: str, size: float, text: str, x: float, baseline: float) -> str:
    """``text`` with its baseline ``baseline`` points below the page's top."""
    return f"BT /{font} {size:g} Tf 1 0 0 1 {x:.2f} {PAGE_HEIGHT - baseline:.2f} Tm <{face.hex(text)}> Tj ET\n"


def centred_spaced(face: FaceWriter, text: str, size: float, spacing: float, top: float) -> str:
    """A bold heading on a line of 1.5, its letters spaced by ``spacing`` em, centred on the body."""
    width = face.width(text, size) + spacing * size * (len(text) - 1)
    x = MARGIN_LEFT + (BODY_WIDTH - width) / 2
    baseline = top + face.baseline(size, size * 1.5)
    return (f"BT /F2 {size:g} Tf {spacing * size:.2f} Tc 1 0 0 1 {x:.2f} {PAGE_HEIGHT - baseline:.2f} Tm "
            f"<{face.hex(text)}> Tj 0 Tc ET\n")


def cell_text(face: FaceWriter, font: str, size: float, line: float, lines: Sequence[str], columns: Columns,
              index: int, top: float, *, centred: bool = False) -> str:
    """A cell's lines from ``top`` (points from the page's top), at the left of the column or centred."""
    if not lines:
        return ""
    parts = [f"BT /{font} {size:g} Tf\n"]
    baseline = face.baseline(size, line)
    for number, text in enumerate(lines):
        x = columns.text_x(index, face.width(text, size), centred)
        parts.append(f"1 0 0 1 {x:.2f} {PAGE_HEIGHT - top - baseline - number * line:.2f} Tm <{face.hex(text)}> Tj\n")
    parts.append("ET\n")
    return "".join(parts)


def grid(edges: Sequence[float], tops: Sequence[float]) -> str:
    """The rules of a table: under and over every row (``tops``, from the page's top), and each column's sides."""
    left, right = edges[0] - RULE / 2, edges[-1] + RULE / 2
    ys = [PAGE_HEIGHT - top for top in tops]
    lines = [f"{RULE} w\n"]
    lines += [f"{left:.2f} {y:.2f} m {right:.2f} {y:.2f} l\n" for y in ys]
    lines += [f"{x:.2f} {ys[0]:.2f} m {x:.2f} {ys[-1]:.2f} l\n" for x in edges]
    lines.append("S\n")
    return "".join(lines)


def write_drawn(faces: FacePair, documents: Sequence[CoverLayout | IndexLayout]) -> bytes:
    """One PDF of the documents' pages in order, the fonts subset once for all of them."""
    out = BytesIO()
    pdf = PdfObjects(out)
    catalog, tree = pdf.reserve(), pdf.reserve()
    regular, bold = pdf.reserve(5), pdf.reserve(5)
    resources = pdf.reserve()
    pdf.put(resources, f"<< /Font << /F1 {regular} 0 R /F2 {bold} 0 R >> >>")
    kids = []
    for document in documents:
        for content, links in document.drawn_pages():
            stream = pdf.reserve()
            pdf.put(stream, "", content)
            annots = []
            for rect, uri in links:
                number = pdf.reserve()
                corners = " ".join(f"{v:.2f}" for v in rect)
                pdf.put(number, f"<< /Type /Annot /Subtype /Link /Rect [{corners}] /Border [0 0 0] "
                                f"/A << /S /URI /URI ({pdf_string(uri)}) >> >>")
                annots.append(f"{number} 0 R")
            page = pdf.reserve()
            listed = f" /Annots [{' '.join(annots)}]" if annots else ""
            pdf.put(page, f"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
                          f"/Resources {resources} 0 R /Contents {stream} 0 R{listed} >>")
            kids.append(f"{page} 0 R")
    for face, first in ((faces.regular, regular), (faces.bold, bold)):
        for number, text, data in face.objects(first):
            pdf.put(number, text, data)
    pdf.put(tree, f"<< /Type /Pages /Count {len(kids)} /Kids [{' '.join(kids)}] >>")
    pdf.put(catalog, f"<< /Type /Catalog /Pages {tree} 0 R >>")
    pdf.finish(catalog)
    return out.getvalue()


def pdf_string(text: str) -> str:
    """``text`` (ASCII) escaped for a PDF literal string."""
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
