"""Reading the ledger files: CSV (UTF-8, UTF-8 with BOM, GB18030) or XLSX, with bank header aliases.

A table is read into rows of text cells keyed by canonical column names, each cell
keeping its line and the header as the user wrote it, so that a bad value can be
reported as "repayments.csv, line 7, column 交易金额".
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import os
import re
import zipfile
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from evidence_kit.case.files import FileTooLarge, open_regular
from evidence_kit.case.text import clean_text, has_hidden_character, hidden_character_problem
from evidence_kit.errors import describe_os_error
from evidence_kit.i18n import N_, _, translate
from evidence_kit.limits import (
    CELL_MAX_CHARS,
    CONTACTS_MAX_ROWS,
    TABLE_MAX_BYTES,
    TABLE_MAX_COLUMNS,
    TABLE_MAX_ROWS,
    XLSX_MAX_RATIO,
    XLSX_MAX_UNCOMPRESSED,
    ZIP_RATIO_FLOOR,
)
from evidence_kit.problems import Location, Problem, error, warning

ENCODINGS = ("utf-8", "gb18030")


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    required: bool
    aliases: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class TableSpec:
    kind: str
    columns: tuple[ColumnSpec, ...]

    def resolve(self, header: str) -> str | None:
        key = normalise_header(header)
        return _names_by_header(self).get(key)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


@dataclass(frozen=True)
class Cell:
    text: str
    loc: Location


@dataclass
class Table:
    """A ledger's rows, kept compact: the line and the text of each used column, nothing else.

    A million-row ledger is held as a million small tuples of text; the cells, with their
    locations, are made one row at a time as :attr:`rows` is walked.
    """

    file: str
    encoding: str
    headers: dict[str, str] = field(default_factory=dict)
    """canonical column name -> the header as written in the file"""
    columns: tuple[str, ...] = ()
    """the canonical names of the texts in each record, in order"""
    records: deque[tuple[int, tuple[str, ...]]] = field(default_factory=deque)

    @property
    def rows(self) -> Iterator[dict[str, Cell]]:
        """The rows as cells, each record released as it is read: a table is walked once."""
        while self.records:
            line, texts = self.records.popleft()
            yield self.cells(line, texts)

    def cells(self, line: int, texts: tuple[str, ...]) -> dict[str, Cell]:
        return {name: Cell(text, Location(self.file, line, self.headers[name]))
                for name, text in zip(self.columns, texts, strict=True)}

    @property
    def row_lines(self) -> list[int]:
        return [line for line, _ in self.records]


def load_specs() -> dict[str, TableSpec]:
    """The column specs shipped in ``schemas/columns.json``."""
    text = resources.files("evidence_kit").joinpath("schemas/columns.json").read_text("utf-8")
    raw = json.loads(text)
    return {
        kind: TableSpec(
            kind,
            tuple(
                ColumnSpec(c["name"], c["required"], tuple(c["aliases"]), c["description"])
                for c in spec["columns"]
            ),
        )
        for kind, spec in raw["tables"].items()
    }


@cache
def _names_by_header(spec: TableSpec) -> dict[str, str]:
    """Each normalised name and alias of ``spec``'s columns → the column's name (the first column that has it)."""
    names: dict[str, str] = {}
    for col in spec.columns:
        names.setdefault(col.name, col.name)
        for alias in col.aliases:
            names.setdefault(normalise_header(alias), col.name)
    return names


SPECS = load_specs()

_UNIT_SUFFIX = re.compile(r"[\(（][^)）]*[\)）]$")


def normalise_header(header: str) -> str:
    """"交易金额（元）" → "交易金额"; " Amount " → "amount"."""
    text = header.replace("\ufeff", "").strip()
    text = _UNIT_SUFFIX.sub("", text).strip()
    return text.lower().replace(" ", "_")


@dataclass(frozen=True)
class RowLimit:
    """The data rows a table may hold, counted while it is read; the texts say what the table is and what to do
    with more (marked with ``N_``, translated when a table is refused)."""

    rows: int
    what: str
    hint: str


def row_limit(kind: str) -> RowLimit:
    """The row limit of a case's table of ``kind``: a contact log is held to :data:`CONTACTS_MAX_ROWS`, a ledger
    (repayments, schedule, a card's statements and transactions) to :data:`TABLE_MAX_ROWS`."""
    if kind == "contacts":
        return RowLimit(CONTACTS_MAX_ROWS, N_("a contact log"),
                        N_("split the contact log by year and give the case the years it needs, or keep only this debt's "
                           "contacts"))
    return RowLimit(TABLE_MAX_ROWS, N_("a ledger"), N_("split the ledger by year into files named in case.yaml"))


class TableError(Exception):
    def __init__(self, file: str, message: str, row: int | None = None, *, code: str = "table_unreadable",
                 hint: str = "") -> None:
        super().__init__(f"{file} {message}")
        self.file = file
        self.row = row
        self.message = message
        self.code = code
        self.hint = hint


def read_table(path: Path, rel: str, spec: TableSpec, limit: RowLimit | None = None
               ) -> tuple[Table | None, list[Problem]]:
    """Read a CSV or XLSX file into a :class:`Table`; problems say what is wrong and where.

    Rows beyond ``limit`` (by default a ledger's, :data:`TABLE_MAX_ROWS`) refuse the table as they are reached,
    before the rest of the file is read.
    """
    limit = limit or row_limit("repayments")
    try:
        head = _head(path)
        raw_rows: Iterable[tuple[int, list[str]]]
        if head.startswith(_OLE_MAGIC):
            raise TableError(rel, _("is an encrypted (password-protected) or old-format (.xls) Excel workbook"))
        if head.startswith(b"PK\x03\x04"):
            check_xlsx_size(path, rel)
            encoding, raw_rows = "xlsx", _xlsx_rows(path, limit)
        else:
            stream, encoding = _decoded(path, rel)
            with stream:
                return _build_table(rel, encoding, _csv_rows(stream, limit), spec)
        return _build_table(rel, encoding, raw_rows, spec)
    except TableError as exc:
        hint = _("export the file again as CSV (UTF-8) or XLSX") if exc.code == "table_unreadable" else exc.hint
        return None, [error(exc.code, _("{file} {problem}", file=rel, problem=exc.message), Location(rel, exc.row),
                            hint)]
    except FileTooLarge as exc:
        return None, [error("table_too_large", _("{file} has {size} bytes, more than the limit of {limit}", file=rel,
                                                 size=f"{exc.size:,}", limit=f"{exc.limit:,}"),
                            Location(rel), _("split the ledger by year, or remove columns the tool does not use"))]
    except OSError as exc:
        return None, [error("table_unreadable", _("cannot read {file}: {why}", file=rel, why=describe_os_error(exc)),
                            Location(rel), _("make it a regular file readable by this user"))]


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""An OLE2 compound file: an encrypted XLSX, or an .xls of Excel 97–2003."""


def _head(path: Path) -> bytes:
    with open_regular(path) as fh:
        return fh.read(8)


def check_xlsx_size(path: Path, rel: str) -> None:
    """Refuse a workbook whose parts would unpack beyond the limits, from its zip directory alone."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise TableError(rel, _("is not a readable XLSX workbook ({why})", why=exc)) from exc
    total = sum(m.file_size for m in members)
    if total > XLSX_MAX_UNCOMPRESSED:
        raise TableError(rel, _("would unpack to {size} bytes, more than the limit of {limit}", size=f"{total:,}",
                                limit=f"{XLSX_MAX_UNCOMPRESSED:,}"),
                         code="table_too_large", hint=_("save the ledger as CSV, or split it by year"))
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > ZIP_RATIO_FLOOR and ratio > XLSX_MAX_RATIO:
            raise TableError(rel, _("has a part ({part}) that unpacks {ratio} times its stored size (limit {limit}): "
                                    "not a real ledger", part=member.filename, ratio=f"{ratio:,.0f}",
                                    limit=XLSX_MAX_RATIO), code="table_too_large",
                             hint=_("export the ledger again from the bank's system"))


def _decoded(path: Path, rel: str) -> tuple[io.TextIOWrapper, str]:
    """The CSV file as a text stream read from disk, in its encoding: a BOM means UTF-8; else UTF-8 if
    it decodes, else GB18030.

    The encoding is found by decoding the file once in blocks, keeping nothing; then the file is
    read again as text, one record at a time: neither its bytes nor its text are held whole.
    """
    raw = open_regular(path)
    try:
        size = os.fstat(raw.fileno()).st_size
        if size > TABLE_MAX_BYTES:
            raise FileTooLarge(path, TABLE_MAX_BYTES, size)
        head = raw.read(3)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise TableError(rel, _("is UTF-16; save it as UTF-8 or GB18030 (CSV)"))
        if head.startswith(b"\xef\xbb\xbf"):
            why = _decode_error(raw, "utf-8", 3, path)
            if why is not None:
                raise TableError(rel, _("starts with a UTF-8 byte-order mark but is not UTF-8 ({why})", why=why))
            encoding, start = "utf-8-sig", 3
        else:
            encoding, start = next(((e, 0) for e in ENCODINGS if _decode_error(raw, e, 0, path) is None), ("", 0))
            if not encoding:
                raise TableError(rel, _("is neither UTF-8 nor GB18030 text"))
        raw.seek(start)
        return io.TextIOWrapper(raw, encoding=encoding.removesuffix("-sig"), newline=""), encoding
    except BaseException:
        raw.close()
        raise


def _decode_error(raw: BinaryIO, encoding: str, start: int, path: Path) -> str | None:
    """Why the file from ``start`` is not text in ``encoding`` (None: it is), decoded in blocks."""
    decoder = codecs.getincrementaldecoder(encoding)()
    raw.seek(start)
    read = 0
    try:
        while block := raw.read(DECODE_BLOCK):
            read += len(block)
            if read > TABLE_MAX_BYTES:  # grew while being read
                raise FileTooLarge(path, TABLE_MAX_BYTES, read)
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        return exc.reason
    return None


DECODE_BLOCK = 1 << 20


def _csv_rows(stream: TextIO, limit: RowLimit) -> Iterator[tuple[int, list[str]]]:
    """The CSV's records with their first line, one at a time (the rows are never all held as lists), refused at
    the first record beyond ``limit`` (the header and ``limit.rows`` data rows)."""
    reader = csv.reader(stream)
    line = 1
    count = 0
    try:
        for record in reader:
            yield line, record
            line = reader.line_num + 1
            count += 1
            if count > limit.rows + 1:
                raise _too_many_rows(limit, line - 1)
    except csv.Error as exc:
        raise TableError("", _("is not valid CSV at line {row}: {why}", row=reader.line_num, why=exc),
                         reader.line_num) from exc
    except UnicodeDecodeError as exc:  # the file changed after its encoding was found
        raise TableError("", _("is neither UTF-8 nor GB18030 text"), reader.line_num) from exc


_FORMULA_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")
"""A cell formula (``<f>``, ``<f t="shared" …/>``, ``<x:f>``) in a part of the workbook's XML."""


def has_formulas(path: Path) -> bool:
    """Whether any XML part of the workbook holds a cell formula (a text that only looks like one is escaped)."""
    with zipfile.ZipFile(path) as archive:
        for member in archive.infolist():
            if member.filename.endswith(".xml") and _FORMULA_ELEMENT.search(archive.read(member)):
                return True
    return False


def _too_many_rows(limit: RowLimit, row: int) -> TableError:
    return TableError("", _("has more than {limit} rows, the limit for {what}", limit=f"{limit.rows:,}",
                            what=translate(limit.what)), row, code="table_too_large", hint=translate(limit.hint))


def _xlsx_rows(path: Path, limit: RowLimit) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    from evidence_kit.case.xlsx import NotRepeated, TooManyRows, sheet_values

    # the values as openpyxl gives them, without building its workbook object; None: openpyxl reads it
    sheets = sheet_values(path, limit.rows + 1)
    try:
        for _title, read in sheets or ():
            try:
                values = read()
            except TooManyRows as exc:
                raise _too_many_rows(limit, exc.row) from exc
            rows = _sheet_rows_of(zip(values, itertools.repeat(()), strict=False), limit)
            if any(any(cell for cell in row) for _, row in rows):
                return rows
        if sheets is not None:
            names = ", ".join(title for title, _read in sheets)
            raise TableError(path.name, _("has no data on any sheet ({sheets})", sheets=names))
    except NotRepeated:
        pass  # something the direct reading does not repeat exactly (a formula, a broken part): openpyxl reads it
    try:
        values = load_workbook(path, read_only=True, data_only=True)
        # the formulas are read (a second time through the workbook) only where some cell has one
        formulas = load_workbook(path, read_only=True, data_only=False) if has_formulas(path) else None
    except Exception as exc:  # openpyxl raises many unrelated types for a bad file
        raise TableError(path.name, _("is not a readable XLSX workbook ({why})", why=exc)) from exc
    try:
        written = formulas.worksheets if formulas is not None else [None] * len(values.worksheets)
        for shown, sheet in zip(values.worksheets, written, strict=True):
            rows = _sheet_rows(shown, sheet, limit)
            if any(any(cell for cell in row) for _, row in rows):
                return rows
        names = ", ".join(s.title for s in values.worksheets)
        raise TableError(path.name, _("has no data on any sheet ({sheets})", sheets=names))
    finally:
        values.close()
        if formulas is not None:
            formulas.close()


def _sheet_rows(shown: Any, written: Any, limit: RowLimit) -> list[tuple[int, list[str]]]:
    """Rows of one sheet as text; a formula whose result was never saved stays as its formula text.

    ``written`` is the sheet read with its formulas, or None when the workbook has none (then every
    cell is its value).
    """
    cached_rows = shown.iter_rows(values_only=True)
    raw_rows = written.iter_rows(values_only=True) if written is not None else itertools.repeat(())
    return _sheet_rows_of(zip(cached_rows, raw_rows, strict=False), limit)


def _sheet_rows_of(pairs: Iterable[tuple[Sequence[Any], Sequence[Any]]], limit: RowLimit
                   ) -> list[tuple[int, list[str]]]:
    """Rows as text from (values, formulas) pairs; a formula's text stands for a value never saved."""
    rows: list[tuple[int, list[str]]] = []
    for number, (cached, raw) in enumerate(pairs, start=1):
        if number > limit.rows + 1:
            raise _too_many_rows(limit, number)
        cells = []
        for i, value in enumerate(cached):
            formula = raw[i] if i < len(raw) else None
            unsaved = value is None and isinstance(formula, str) and formula.startswith("=")
            cells.append(str(formula) if unsaved else xlsx_cell_text(value))
        rows.append((number, cells))
    return rows


def xlsx_cell_text(value: Any) -> str:
    """An XLSX cell as text.

    XLSX stores numbers as binary floating point in the file format itself. Such a cell is
    turned into text at Excel's own precision, 15 significant digits, which is what Excel
    shows and what the bank typed: a formula result stored as 300.29999999999995 reads
    "300.3". Money parsing then works on that text, so no float goes further than this
    function.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ") if value.time() != time(0) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        text = f"{value:.15g}"
        return text if "e" not in text else format(Decimal(text), "f")
    return str(value)


def _build_table(
    rel: str, encoding: str, raw_rows: Iterable[tuple[int, list[str]]], spec: TableSpec
) -> tuple[Table | None, list[Problem]]:
    problems: list[Problem] = []
    rows = ((n, r) for n, r in raw_rows if any(c.strip() for c in r))
    first = next(rows, None)
    if first is None:
        return None, [error("table_empty", _("{file} has no header line", file=rel), Location(rel, 1),
                            _("the first line must name the columns: {columns}", columns=", ".join(spec.required)))]
    header_line, header = first
    table = Table(rel, encoding)
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        if not title.strip():
            continue
        name = spec.resolve(title)
        if name is None:
            problems.append(warning("unknown_column", _("column '{column}' is not a {kind} column and is ignored",
                                                        column=title.strip(), kind=spec.kind),
                                    Location(rel, header_line, title.strip()),
                                    _("known columns: {columns} (see README for the Chinese names)",
                                      columns=", ".join(c.name for c in spec.columns))))
        elif name in positions:
            problems.append(error("duplicate_column", _("columns '{first}' and '{second}' both mean '{name}'",
                                                        first=table.headers[name], second=title.strip(), name=name),
                                  Location(rel, header_line, title.strip()), _("keep one of them")))
        else:
            positions[name] = index
            table.headers[name] = title.strip()
    missing = [c for c in spec.required if c not in positions]
    for name in missing:
        problems.append(error("missing_column", _("{file} has no '{column}' column", file=rel, column=name),
                              Location(rel, header_line),
                              _("add a column '{column}' (or one of its Chinese names: {aliases})", column=name,
                                aliases=", ".join(_aliases(spec, name)))))
    if missing:
        return None, problems
    if len(header) > TABLE_MAX_COLUMNS:
        problems.append(_too_wide(rel, header_line, len(header)))
    table.columns = tuple(positions)
    indices = tuple(positions.values())
    shared = _SharedTexts()
    for line, record in rows:
        if len(record) > max(TABLE_MAX_COLUMNS, len(header)):
            problems.append(_too_wide(rel, line, len(record)))
        texts = tuple(shared.get(_cell_text(record[i])) if i < len(record) else "" for i in indices)
        if any(len(t) > CELL_MAX_CHARS or has_hidden_character(t) for t in texts):
            problems.extend(_cell_problems(table.cells(line, texts)))
        table.records.append((line, texts))
    return table, problems


SHARED_TEXTS = 65_536
"""Distinct cell texts a table keeps once while it is read (a ledger repeats its dates, amounts and notes)."""


class _SharedTexts:
    """Equal cell texts as one string; forgets them all when it holds :data:`SHARED_TEXTS` (flat memory)."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}

    def get(self, text: str) -> str:
        found = self.texts.get(text)
        if found is None:
            if len(self.texts) >= SHARED_TEXTS:
                self.texts.clear()
            found = self.texts[text] = text
        return found


def _cell_text(raw: str) -> str:
    """A cell's text, cleaned; plain ASCII without controls or padding (most cells) is kept as it is."""
    if raw.isascii() and raw.isprintable() and raw.strip() == raw:
        return raw
    return clean_text(raw)


def _too_wide(rel: str, line: int, cells: int) -> Problem:
    return error("row_too_wide", _("the row has {count} cells, more than the limit of {limit}", count=f"{cells:,}",
                                   limit=TABLE_MAX_COLUMNS),
                 Location(rel, line), _("remove the stray cells (a separator inside an unquoted text?)"))


def _cell_problems(cells: dict[str, Cell]) -> list[Problem]:
    found = []
    for name, cell in cells.items():
        if len(cell.text) > CELL_MAX_CHARS:
            found.append(error("text_too_long", _("the {column} cell has {count} characters, more than the limit of "
                                                  "{limit}", column=name, count=f"{len(cell.text):,}",
                                                  limit=f"{CELL_MAX_CHARS:,}"), cell.loc, _("shorten it")))
        elif cell.text and not cell.text.isascii():
            problem = hidden_character_problem(cell.text, cell.loc, _("the {column} cell", column=name))
            if problem is not None:
                found.append(problem)
    return found


def _aliases(spec: TableSpec, name: str) -> tuple[str, ...]:
    for col in spec.columns:
        if col.name == name:
            return col.aliases
    return ()
