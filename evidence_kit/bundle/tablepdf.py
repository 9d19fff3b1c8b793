"""A regular table exhibit written straight as PDF pages, streamed to a file in flat memory.

The generated ledger and contact log have fixed columns, so they need no layout engine: their
pages are written as PDF content streams, page by page, with the geometry of the former HTML
tables and ``bundle.css`` (A4 landscape, 9 pt Noto Serif CJK SC in cells of 16.3 pt, a 0.6 pt
grid, bold column heads on every page, the 16 pt heading and the 11 pt line of facts on the
first page, the bold total under the last row). A cell's text that is wider than its column
runs on over lines of 11.7 pt when its column wraps (a note, a transaction number, a summary):
the row grows, and a row taller than a page goes on under the next page's column heads; in a
column that does not wrap it is cut with "…", at its end or, for an identifier, in its middle.
Objects are
written one after another as the rows arrive; only their offsets are kept, and the fonts,
subset to the glyphs drawn, the page tree and the cross-reference table follow the last page.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

from evidence_kit.bundle.pdffont import FaceWriter, body_faces

MM = 72 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = 841.89, 595.276
"""A4 landscape, in points."""
MARGIN_TOP = MARGIN_SIDE = 16 * MM
MARGIN_BOTTOM = 20 * MM
HEADING_SIZE, HEADING_LINE, HEADING_BASELINE = 16.0, 24.0, 18.92
META_SIZE, META_LINE, META_BASELINE = 11.0, 16.5, 13.007
GAP = 4 * MM
"""Below the heading and below the line of facts (``margin-bottom: 4mm``)."""
CELL_SIZE = 9.0
ROW_HEIGHT = 16.3
"""One line of 9 pt at line-height 1.3, 2 pt padding above and below, one 0.6 pt rule."""
CELL_BASELINE = 12.042
LINE_HEIGHT = CELL_SIZE * 1.3
"""Each further line of a wrapped cell is this much lower; a row of n lines is n × 11.7 + 4.6 points tall."""
ROW_PAD = ROW_HEIGHT - LINE_HEIGHT
"""A row's padding and rule, above and below its lines."""
EPSILON = 1e-6
"""Rounding slack when the heights of rows are added up."""
RULE = 0.6
CELL_PADDING = 3.0
COMPRESSION = 3
"""zlib level of the content streams: 2.5 times as fast as the default 6 for 10 % more bytes."""
CACHE_TEXTS = 50_000
"""Cell texts kept measured and encoded per column (dates, amounts and notes repeat); the cache is emptied
when it holds more, so that its memory stays flat."""


@dataclass(frozen=True)
class Column:
    head: str
    share: float
    """Percent of the table's width."""
    align: str = "left"
    """left, center or right."""
    cut_middle: bool = False
    """A text too wide is cut in its middle (an identifier: its start and its end are kept), else at its end."""
    wrap: bool = False
    """A text too wide runs on over several lines of its row (the row grows), instead of being cut."""


@dataclass(frozen=True)
class TableFrame:
    """What is the same on every page: the heading, the line of facts, the columns, the total row."""

    heading: str
    meta: str
    columns: tuple[Column, ...]
    total: tuple[str, ...] | None = None
    """The total row's cells, one per column; the cell at ``total_span`` spans it and the next column."""
    total_span: int = 0


@dataclass(frozen=True)
class _Geometry:
    edges: tuple[float, ...]
    """x of each vertical rule, left to right."""

    @classmethod
    def of(cls, columns: Sequence[Column]) -> _Geometry:
        width = PAGE_WIDTH - 2 * MARGIN_SIDE - RULE
        edges, x = [MARGIN_SIDE + RULE / 2], MARGIN_SIDE + RULE / 2
        for column in columns:
            x += width * column.share / 100
            edges.append(x)
        return cls(tuple(edges))

    def text_x(self, index: int, align: str, width: float, span: int = 1) -> float:
        left, right = self.edges[index] + RULE / 2 + CELL_PADDING, self.edges[index + span] - RULE / 2 - CELL_PADDING
        if align == "right":
            return right - width
        if align == "center":
            return (left + right - width) / 2
        return left

    def room(self, index: int, span: int = 1) -> float:
        return self.edges[index + span] - self.edges[index] - RULE - 2 * CELL_PADDING


def _row_height(lines: int) -> float:
    return lines * LINE_HEIGHT + ROW_PAD


def _flat(row: Sequence[str] | list[list[str]]) -> bool:
    """A row given as its cells' texts (one line each), not as each cell's lines."""
    return not row or isinstance(row[0], str)


def rows_per_page(table_top: float) -> int:
    """How many rows (the column heads included) fit below ``table_top`` (points from the page's top)."""
    return int((PAGE_HEIGHT - MARGIN_BOTTOM - table_top - RULE / 2) // ROW_HEIGHT)


class PdfObjects:
    """PDF objects written one after another; only their offsets are kept for the cross-reference table."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.offsets = array("q")
        self.position = 0
        self._write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def _write(self, data: bytes) -> None:
        self.out.write(data)
        self.position += len(data)

    def reserve(self, count: int = 1) -> int:
        first = len(self.offsets) + 1
        self.offsets.extend([0] * count)
        return first

    def put(self, number: int, text: str, data: bytes | None = None) -> None:
        self.offsets[number - 1] = self.position
        if data is None:
            self._write(f"{number} 0 obj\n{text}\nendobj\n".encode("latin-1"))
            return
        packed = zlib.compress(data, COMPRESSION)
        self._write(f"{number} 0 obj\n<< {text} /Length {len(packed)} /Filter /FlateDecode >>\nstream\n"
                    .encode("latin-1"))
        self._write(packed)
        self._write(b"\nendstream\nendobj\n")

    def finish(self, root: int) -> None:
        start = self.position
        lines = [f"xref\n0 {len(self.offsets) + 1}\n0000000000 65535 f \n"]
        lines += [f"{offset:010d} 00000 n \n" for offset in self.offsets]
        lines.append(f"trailer\n<< /Size {len(self.offsets) + 1} /Root {root} 0 R >>\nstartxref\n{start}\n%%EOF\n")
        self._write("".join(lines).encode("ascii"))


class _CellTexts:
    """Per column, each text's x and codes, measured once (bounded: see :data:`CACHE_TEXTS`)."""

    def __init__(self, face: FaceWriter, geometry: _Geometry, columns: Sequence[Column]) -> None:
        self.face, self.geometry, self.columns = face, geometry, columns
        self.scale = CELL_SIZE / face.upem
        self.rooms = [geometry.room(index) for index in range(len(columns))]
        self.lefts = [f"{geometry.text_x(index, 'left', 0):.2f}" for index in range(len(columns))]
        self.cache: list[dict[str, tuple[str, str]]] = [{} for _ in columns]

    def draw(self, index: int, text: str) -> tuple[str, str]:
        """Where the cell's text starts (x, formatted) and its ``<codes>Tj`` operator."""
        cache = self.cache[index]
        found = cache.get(text)
        if found is None:
            if len(cache) >= CACHE_TEXTS:
                cache.clear()
            codes, units = self.face.measure(text)
            width = units * self.scale
            if width > self.rooms[index]:
                shown = self.face.fit(text, self.rooms[index], CELL_SIZE, middle=self.columns[index].cut_middle)
                codes, units = self.face.measure(shown)
                width = units * self.scale
            align = self.columns[index].align
            x = self.lefts[index] if align == "left" else f"{self.geometry.text_x(index, align, width):.2f}"
            found = cache[text] = (x, f"<{codes}>Tj\n")
        return found


class TableWriter:
    """Writes a :class:`TableFrame` and its rows as PDF pages to a file."""

    def __init__(self, frame: TableFrame, faces: tuple[FaceWriter, FaceWriter] | None = None) -> None:
        self.frame = frame
        self.regular, self.bold = faces or body_faces()
        self.geometry = _Geometry.of(frame.columns)
        self.cells = _CellTexts(self.regular, self.geometry, frame.columns)
        self.meta_lines = self.regular.wrap(frame.meta, PAGE_WIDTH - 2 * MARGIN_SIDE, META_SIZE) if frame.meta else []
        self.first_top = MARGIN_TOP + HEADING_LINE + GAP + (len(self.meta_lines) * META_LINE + GAP if frame.meta else 0)
        self.heads = self._heads()
        self.wrapping = [index for index, column in enumerate(frame.columns) if column.wrap]

    def page_capacity(self, first: bool) -> int:
        """Data rows on a page (below the column heads)."""
        return rows_per_page(self.first_top if first else MARGIN_TOP) - 1

    def write(self, path: Path, rows: Iterable[Sequence[str]]) -> int:
        """Write the table; returns its number of pages."""
        with path.open("wb") as out:
            pdf = PdfObjects(out)
            catalog, tree = pdf.reserve(), pdf.reserve()
            regular, bold = pdf.reserve(5), pdf.reserve(5)
            resources = pdf.reserve()
            pdf.put(resources, f"<< /Font << /F1 {regular} 0 R /F2 {bold} 0 R >> >>")
            pages = 0
            for content in self._pages(rows):
                number = pdf.reserve(2)
                pdf.put(number, "", content)
                pdf.put(number + 1, f"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
                                    f"/Resources {resources} 0 R /Contents {number} 0 R >>")
                pages += 1
            for face, first in ((self.regular, regular), (self.bold, bold)):
                for number, text, data in face.objects(first):
                    pdf.put(number, text, data)
            first_page = resources + 2  # each page: its content stream, then its dictionary
            kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(pages))
            pdf.put(tree, f"<< /Type /Pages /Count {pages} /Kids [{kids}] >>")
            pdf.put(catalog, f"<< /Type /Catalog /Pages {tree} 0 R >>")
            pdf.finish(catalog)
        return pages

    def _pages(self, rows: Iterable[Sequence[str]]) -> Iterator[bytes]:
        """Each page's content stream, the rows taken as they come; the cells of a wrapping column may take
        several lines.

        A row is kept whole on a page when it fits there, else it starts the next page; a row taller than a
        whole page is split between pages at a line (the column heads repeat above its rest). The total row, if
        any, goes under the last row, or alone on a page of its own when that page is full. A row whose cells
        all fit on one line (nearly every ledger row) is kept as it came.
        """
        first = True
        room, used = self._room(first), 0.0
        batch: list[Sequence[str] | list[list[str]]] = []
        for row in rows:
            if not self._needs_lines(row):
                if batch and used + ROW_HEIGHT > room:
                    yield self._page(batch, first)
                    batch, used, first = [], 0.0, False
                    room = self._room(first)
                batch.append(row)
                used += ROW_HEIGHT
                continue
            lines = self._row_lines(row)
            while lines:
                count = max(len(cell) for cell in lines)
                if batch and used + _row_height(count) > room and _row_height(count) <= self._room(False):
                    yield self._page(batch, first)
                    batch, used, first = [], 0.0, False
                    room = self._room(first)
                take = min(count, int((room - used - ROW_PAD + EPSILON) // LINE_HEIGHT))
                if take < 1:  # not one line of it fits under the rows already on the page
                    yield self._page(batch, first)
                    batch, used, first = [], 0.0, False
                    room = self._room(first)
                    continue
                batch.append([cell[:take] for cell in lines])
                used += _row_height(take)
                lines = [cell[take:] for cell in lines] if take < count else []
        total = self.frame.total is not None
        if total and batch and used + ROW_HEIGHT > room:
            yield self._page(batch, first)
            batch, first = [], False
        if batch or first or total:
            yield self._page(batch, first, total=total)

    def _room(self, first: bool) -> float:
        """The height for rows on a page below the column heads."""
        top = self.first_top if first else MARGIN_TOP
        return PAGE_HEIGHT - MARGIN_BOTTOM - top - RULE / 2 - ROW_HEIGHT + EPSILON

    def _needs_lines(self, row: Sequence[str]) -> bool:
        """Whether a text of a wrapping column is wider than its column (a text already drawn whole fits)."""
        caches, rooms, face = self.cells.cache, self.cells.rooms, self.regular
        return any(row[index] and row[index] not in caches[index]
                   and face.width(row[index], CELL_SIZE) > rooms[index] for index in self.wrapping)

    def _row_lines(self, row: Sequence[str]) -> list[list[str]]:
        """Each cell's lines: a wrapping column's text broken to its width, any other cell's one line."""
        face, rooms = self.regular, self.cells.rooms
        return [face.wrap(text, rooms[index], CELL_SIZE)
                if column.wrap and text and face.width(text, CELL_SIZE) > rooms[index] else [text]
                for index, (column, text) in enumerate(zip(self.frame.columns, row, strict=True))]

    def _page(self, rows: Sequence[Sequence[str] | list[list[str]]], first: bool, total: bool = False
                      ) -> bytes:
        """A page of rows, each given as its cells (one line each) or as each cell's lines; a row is as tall as
        its longest cell. ``total``: the total row under them."""
        top = (self.first_top if first else MARGIN_TOP) + RULE / 2
        ys = [PAGE_HEIGHT - top, PAGE_HEIGHT - top - ROW_HEIGHT]
        for row in rows:
            ys.append(ys[-1] - (ROW_HEIGHT if _flat(row) else _row_height(max(len(cell) for cell in row))))
        if total:
            ys.append(ys[-1] - ROW_HEIGHT)
        parts = ["q 0 g 0 G\n", self._rules(ys, total)]
        if first:
            parts.append(self._heading())
        parts.append(f"BT /F2 {CELL_SIZE:g} Tf\n{self._row_text(self.heads, top)}ET\nBT /F1 {CELL_SIZE:g} Tf\n")
        draw, caches = self.cells.draw, self.cells.cache
        for row_top, row in zip(ys[1:], rows, strict=False):
            if _flat(row):
                y = f"{row_top - CELL_BASELINE:.2f}"
                for index, text in enumerate(cast("Sequence[str]", row)):
                    if text:
                        x, codes = caches[index].get(text) or draw(index, text)
                        parts.append(f"1 0 0 1 {x} {y} Tm{codes}")
                continue
            for index, cell in enumerate(cast("list[list[str]]", row)):
                for number, text in enumerate(cell):
                    if text:
                        x, codes = draw(index, text)
                        parts.append(f"1 0 0 1 {x} {row_top - CELL_BASELINE - number * LINE_HEIGHT:.2f} Tm{codes}")
        parts.append("ET\n")
        if total:
            parts.append(f"BT /F2 {CELL_SIZE:g} Tf\n{self._total_text(PAGE_HEIGHT - ys[-2])}ET\n")
        parts.append("Q\n")
        return "".join(parts).encode("ascii")

    def _rules(self, ys: Sequence[float], total: bool = False) -> str:
        """The grid of rows whose rules are at ``ys`` (PDF y, top to bottom)."""
        left, right = self.geometry.edges[0], self.geometry.edges[-1]
        lines = [f"{RULE} w\n"]
        lines += [f"{left:.2f} {y:.2f} m {right:.2f} {y:.2f} l\n" for y in ys]
        spanned = self.frame.total_span + 1 if total else -1
        for index, x in enumerate(self.geometry.edges):
            bottom = ys[-2] if index == spanned else ys[-1]
            lines.append(f"{x:.2f} {ys[0]:.2f} m {x:.2f} {bottom:.2f} l\n")
        lines.append("S\n")
        return "".join(lines)

    def _heading(self) -> str:
        heading_width = self.bold.width(self.frame.heading, HEADING_SIZE)
        x = (PAGE_WIDTH - heading_width) / 2
        parts = [f"BT /F2 {HEADING_SIZE:g} Tf 1 0 0 1 {x:.2f} {PAGE_HEIGHT - MARGIN_TOP - HEADING_BASELINE:.2f} Tm"
                 f"<{self.bold.hex(self.frame.heading)}>Tj ET\nBT /F1 {META_SIZE:g} Tf\n"]
        line_top = MARGIN_TOP + HEADING_LINE + GAP
        for line in self.meta_lines:
            parts.append(f"1 0 0 1 {MARGIN_SIDE:.2f} {PAGE_HEIGHT - line_top - META_BASELINE:.2f} Tm"
                         f"<{self.regular.hex(line)}>Tj\n")
            line_top += META_LINE
        parts.append("ET\n")
        return "".join(parts)

    def _heads(self) -> list[tuple[float, str]]:
        heads = []
        for index, column in enumerate(self.frame.columns):
            shown = self.bold.fit(column.head, self.geometry.room(index), CELL_SIZE)
            heads.append((self.geometry.text_x(index, "center", self.bold.width(shown, CELL_SIZE)), self.bold.hex(shown)))
        return heads

    def _row_text(self, cells: Sequence[tuple[float, str]], row_top: float) -> str:
        y = PAGE_HEIGHT - row_top - CELL_BASELINE
        return "".join(f"1 0 0 1 {x:.2f} {y:.2f} Tm<{codes}>Tj\n" for x, codes in cells if codes)

    def _total_text(self, row_top: float) -> str:
        assert self.frame.total is not None
        cells = []
        span = self.frame.total_span
        for index, text in enumerate(self.frame.total):
            if not text or index == span + 1:
                continue
            width = 2 if index == span else 1
            align = "center" if index == span else self.frame.columns[index].align
            shown = self.bold.fit(text, self.geometry.room(index, width), CELL_SIZE)
            x = self.geometry.text_x(index, align, self.bold.width(shown, CELL_SIZE), width)
            cells.append((x, self.bold.hex(shown)))
        return self._row_text(cells, row_top)
