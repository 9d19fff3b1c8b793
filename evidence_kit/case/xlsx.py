"""A ledger workbook's cell values read straight from its XML: what openpyxl's read-only mode gives, faster.

``openpyxl.load_workbook`` builds a whole workbook object (default styles, the stylesheet's fonts,
fills and borders, the theme, the properties) before a row is read: about 7 ms, most of what an XLSX
ledger costs ``notices`` (thousands of cases a run). A ledger needs only the cell values, so
:func:`sheet_values` reads them with openpyxl's own pieces — its content-type manifest, workbook and
relationship parsers, shared-string table, XML parser, number casting and date conversion — and
repeats what its read-only worksheet does with rows (missing rows and cells filled in, the width
and height the sheet's ``<dimension>`` states). Only the date styles are read from styles.xml
directly (each cell format's ``numFmtId``, judged by openpyxl's ``is_date_format``).

It answers None — and the caller opens the workbook with openpyxl — for anything it does not
repeat exactly: a formula, the 1904 date system, a chart sheet, a missing stylesheet or sheet
part, or any error on the way (openpyxl then reports it). ``tests/case/test_xlsx.py`` checks that
both give the same values for every workbook the tests use and for generated ones.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from openpyxl.cell.text import Text
from openpyxl.packaging.manifest import Manifest
from openpyxl.packaging.relationship import get_dependents, get_rels_path
from openpyxl.packaging.workbook import WorkbookPackage
from openpyxl.reader.strings import read_string_table
from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries
from openpyxl.utils.datetime import WINDOWS_EPOCH, from_excel, from_ISO8601
from openpyxl.xml.constants import (
    ARC_CONTENT_TYPES,
    SHARED_STRINGS,
    SHEET_MAIN_NS,
    XLSM,
    XLSX,
    XLTM,
    XLTX,
)
from openpyxl.xml.functions import fromstring, iterparse

Value = str | int | float | bool | datetime | time | timedelta | None
Rows = list[Sequence[Value]]
Sheet = tuple[str, Callable[[], Rows]]
"""A worksheet's title, and what reads its rows (raising :class:`NotRepeated` when openpyxl must read them)."""

ROW = f"{{{SHEET_MAIN_NS}}}row"
VALUE = f"{{{SHEET_MAIN_NS}}}v"
FORMULA = f"{{{SHEET_MAIN_NS}}}f"
INLINE = f"{{{SHEET_MAIN_NS}}}is"
DIMENSION = f"{{{SHEET_MAIN_NS}}}dimension"
SHEET_DATA = f"{{{SHEET_MAIN_NS}}}sheetData"
NUMBER_FORMATS = f"{{{SHEET_MAIN_NS}}}numFmts"
CELL_FORMATS = f"{{{SHEET_MAIN_NS}}}cellXfs"
WORKSHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
WORKBOOK_TYPES = (XLTM, XLTX, XLSM, XLSX)
STYLES_PART = "xl/styles.xml"


class NotRepeated(Exception):
    """The workbook has something :func:`sheet_values` does not repeat exactly: openpyxl reads it."""


class TooManyRows(Exception):
    """The sheet has more rows than the limit given to :func:`sheet_values`: ``row`` is the first beyond it (openpyxl
    would give the same rows, so the table is refused without it)."""

    def __init__(self, row: int) -> None:
        super().__init__(f"row {row} is beyond the limit")
        self.row = row


def sheet_values(path: Path, max_rows: int) -> list[Sheet] | None:
    """Each worksheet's title and the reader of its rows of values, as openpyxl's read-only
    ``iter_rows(values_only=True)`` gives them; None when openpyxl must read the workbook itself.

    A sheet is read only when its reader is called (the first sheet with data is the ledger); a reader raises
    :class:`TooManyRows` at the first row beyond ``max_rows``, before reading the rest of its sheet.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            return _Workbook(archive, path, max_rows).sheets()
    except Exception:  # anything unusual, a broken part included: openpyxl reads it and says what is wrong
        return None


class _Workbook:
    def __init__(self, archive: zipfile.ZipFile, path: Path, max_rows: int) -> None:
        self.archive = archive
        self.path = path
        self.max_rows = max_rows
        self.names = set(archive.namelist())

    def sheets(self) -> list[Sheet]:
        package = Manifest.from_tree(fromstring(self.archive.read(ARC_CONTENT_TYPES)))
        part = next((p for p in (package.find(t) for t in WORKBOOK_TYPES) if p), None)
        if part is None:
            raise NotRepeated("no workbook part by its content type")
        strings_part = package.find(SHARED_STRINGS)
        strings: list[str] = []
        if strings_part is not None:
            with self.archive.open(strings_part.PartName[1:]) as source:
                strings = read_string_table(source)
        workbook = part.PartName[1:]
        tree = WorkbookPackage.from_tree(fromstring(self.archive.read(workbook)))
        if tree.properties is not None and tree.properties.date1904:
            raise NotRepeated("the 1904 date system")
        relations = get_dependents(self.archive, get_rels_path(workbook)).to_dict()
        dates, durations = self.date_styles()
        found = []
        for sheet in tree.sheets:
            relation = relations.get(sheet.id) if sheet.id else None
            if relation is None or relation.Type != WORKSHEET_TYPE or relation.target not in self.names:
                raise NotRepeated("a sheet that is not a plain worksheet part")
            reader = _SheetReader(self.path, relation.target, strings, dates, durations, self.max_rows)
            found.append((sheet.name, reader.read))
        return found

    def date_styles(self) -> tuple[frozenset[int], frozenset[int]]:
        """The cell formats (by index) that make a number a date, and a duration: openpyxl's stylesheet rule."""
        if STYLES_PART not in self.names:
            raise NotRepeated("no stylesheet")
        root = fromstring(self.archive.read(STYLES_PART))
        custom = {int(n.get("numFmtId")): n.get("formatCode")
                  for section in root.findall(NUMBER_FORMATS) for n in section}
        sections = root.findall(CELL_FORMATS)
        formats = [int(xf.get("numFmtId", 0)) for section in sections for xf in section]
        if not formats:
            raise NotRepeated("no cell formats")
        dates, durations = set(), set()
        for index, number_format in enumerate(formats):
            code = custom[number_format] if number_format in custom else builtin_format_code(number_format)
            if is_date_format(code):
                dates.add(index)
            if is_timedelta_format(code):
                durations.add(index)
        return frozenset(dates), frozenset(durations)


class _SheetReader:
    def __init__(self, path: Path, part: str, strings: list[str], dates: frozenset[int], durations: frozenset[int],
                 max_rows: int) -> None:
        self.path = path
        self.part = part
        self.strings = strings
        self.dates = dates
        self.durations = durations
        self.max_rows = max_rows

    def read(self) -> Rows:
        try:
            with zipfile.ZipFile(self.path) as archive:
                return self.rows(archive)
        except TooManyRows:
            raise
        except Exception as exc:  # openpyxl reads it, and says what is wrong if anything is
            raise NotRepeated(str(exc)) from exc

    def dimension(self, archive: zipfile.ZipFile) -> tuple[int | None, int | None]:
        """The sheet's stated last column and row (openpyxl's ``max_column``, ``max_row``), if it states them."""
        with archive.open(self.part) as source:
            for _event, element in iterparse(source):
                if element.tag == DIMENSION:
                    _min_col, _min_row, max_col, max_row = range_boundaries(element.get("ref"))
                    return max_col, max_row
                if element.tag == SHEET_DATA:
                    break
                element.clear()
        return None, None

    def rows(self, archive: zipfile.ZipFile) -> Rows:
        """ReadOnlyWorksheet._cells_by_row(1, 1, max_column, max_row, values_only=True), as a list."""
        max_col, max_row = self.dimension(archive)
        empty: Sequence[Value] = (None,) * max_col if max_col is not None else []  # openpyxl's own filler, a list
        out: Rows = []
        counter = 1
        index = 1
        for index, cells in self.parsed(archive):
            if max_row is not None and index > max_row:
                break
            if index > self.max_rows:
                raise TooManyRows(self.max_rows + 1)
            while counter < index:
                counter += 1
                out.append(empty)
            if counter <= index:
                out.append(self.padded(cells, max_col))
                counter += 1
        if max_row is not None and max_row < index:
            out.extend(empty for _ in range(counter, min(max_row, self.max_rows + 1) + 1))  # one past the limit at most
        if len(out) > self.max_rows:
            raise TooManyRows(self.max_rows + 1)
        return out

    @staticmethod
    def padded(cells: list[tuple[int, Value]], max_col: int | None) -> tuple[Value, ...]:
        if not cells and not max_col:
            return ()
        width = max_col or cells[-1][0]
        row: list[Value] = [None] * width
        for column, value in cells:
            if 1 <= column <= width:
                row[column - 1] = value
        return tuple(row)

    def parsed(self, archive: zipfile.ZipFile) -> Iterator[tuple[int, list[tuple[int, Value]]]]:
        """Each ``<row>``: its number and its cells' (column, value), as openpyxl's WorkSheetParser reads them."""
        row_counter = 0
        with archive.open(self.part) as source:
            for _event, element in iterparse(source):
                if element.tag != ROW:
                    continue
                number = element.get("r")
                if number is not None:
                    row_counter = _row_number(number)
                else:
                    row_counter += 1
                column = 0
                cells = []
                for cell in element:
                    column, value = self.cell(cell, row_counter, column)
                    cells.append((column, value))
                element.clear()
                yield row_counter, cells

    def cell(self, element: Any, row: int, previous: int) -> tuple[int, Value]:
        if element.find(FORMULA) is not None:
            raise NotRepeated("a formula")
        kind = element.get("t", "n")
        coordinate = element.get("r")
        style = element.get("s", 0)
        style = int(style) if style else style
        value: Value = None if kind == "inlineStr" else (element.findtext(VALUE, None) or None)
        column = coordinate_to_tuple(coordinate)[1] if coordinate else previous + 1
        if isinstance(value, str):
            if kind == "n":
                number: int | float = float(value) if ("." in value or "E" in value or "e" in value) else int(value)
                value = number
                if style in self.dates:
                    try:
                        value = from_excel(number, WINDOWS_EPOCH, timedelta=style in self.durations)
                    except (OverflowError, ValueError):
                        value = "#VALUE!"
            elif kind == "s":
                value = self.strings[int(value)]
            elif kind == "b":
                value = bool(int(value))
            elif kind == "d":
                value = from_ISO8601(value)
        elif kind == "inlineStr":
            child = element.find(INLINE)
            if child is not None:
                value = Text.from_tree(child).content
        return column, value


def _row_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        number = float(text)
        if not number.is_integer():
            raise
        return int(number)

