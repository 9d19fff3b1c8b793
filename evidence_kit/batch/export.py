"""Reading a bank's portfolio export (DESIGN §3b) into account records, one per loan or credit card.

The export is ``portfolio.yaml`` (what every case shares), ``loans`` (one row per loan), the
optional ``cards`` (one row per credit card), ``repayments`` and ``contacts`` (rows keyed by
``loan_id``: a loan's ``loan_id`` or a card's ``card_id``) as CSV or XLSX, and
``exhibits/<id>/exhibits.csv``. Headers are matched through ``schemas/portfolio.columns.json``
(repayments and contacts add ``loan_id`` to the ledger columns of ``schemas/columns.json``).
Every problem keeps the export file, line and column it came from.

A problem costs what it belongs to: one of the export as a whole (portfolio.yaml, a table that
is missing or cannot be read) costs every account (:attr:`Export.fatal`); one of a row costs
the account of that row (:attr:`Export.loan_problems`), or nothing when the row belongs to no
account (:attr:`Export.problems`: a row without an id, an unknown id).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import referencing

from evidence_kit.case.tables import SPECS, Cell, ColumnSpec, Table, TableSpec, read_table
from evidence_kit.case.yamlsrc import YamlSourceError, line_of, load_with_lines
from evidence_kit.errors import CaseNotFound
from evidence_kit.i18n import _
from evidence_kit.problems import Location, Problem, Severity, error, warning

PORTFOLIO_FILE = "portfolio.yaml"
TABLE_FILES = {
    "cards": ("cards.csv", "cards.xlsx"),
    "loans": ("loans.csv", "loans.xlsx"),
    "repayments": ("repayments.csv", "repayments.xlsx"),
    "contacts": ("contacts.csv", "contacts.xlsx"),
}
ACCOUNT_TABLES = {"loans": ("loan_id", "loan"), "cards": ("card_id", "credit_card")}
"""The tables with one row per account: the column naming the account and the kind of debt it is."""
OPTIONAL_TABLES = ("cards",)
"""Tables whose absence is no problem (an export of loans alone has no cards; of cards alone, no loans).
Cards are read first, so that a missing loans table is an error only when there are no cards either."""
EXHIBITS_FOLDER = "exhibits"
EXHIBITS_MANIFEST = "exhibits.csv"
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


def _schema_text(name: str) -> dict[str, Any]:
    return dict(json.loads(resources.files("evidence_kit").joinpath(f"schemas/{name}").read_text("utf-8")))


def _portfolio_validator() -> jsonschema.Draft202012Validator:
    case_schema = _schema_text("case.schema.json")
    registry: referencing.Registry[Any] = referencing.Registry().with_resource(
        case_schema["$id"], referencing.Resource.from_contents(case_schema))
    return jsonschema.Draft202012Validator(_schema_text("portfolio.schema.json"), registry=registry)


def load_export_specs(extra_aliases: Mapping[str, Mapping[str, str]] | None = None) -> dict[str, TableSpec]:
    """The column specs of the export tables, with portfolio.yaml's extra aliases (header → column)."""
    raw = _schema_text("portfolio.columns.json")["tables"]
    specs: dict[str, TableSpec] = {}
    for kind, spec in raw.items():
        own = [ColumnSpec(c["name"], c["required"], tuple(c["aliases"]), c["description"]) for c in spec["columns"]]
        base = list(SPECS[spec["extends"]].columns) if "extends" in spec else []
        columns = _with_aliases([*own, *base], (extra_aliases or {}).get(kind, {}))
        specs[kind] = TableSpec(kind, tuple(columns))
    return specs


def _with_aliases(columns: list[ColumnSpec], extra: Mapping[str, str]) -> list[ColumnSpec]:
    added: dict[str, list[str]] = {}
    for header, name in extra.items():
        added.setdefault(name, []).append(header)
    return [ColumnSpec(c.name, c.required, (*c.aliases, *added.get(c.name, ())), c.description) for c in columns]


def value_aliases() -> dict[str, dict[str, dict[str, Any]]]:
    """Per table, per column: the cell values banks write (是, 等额本息) → the canonical value."""
    raw = _schema_text("portfolio.columns.json")["tables"]
    return {kind: spec.get("values", {}) for kind, spec in raw.items()}


@dataclass
class LoanRecord:
    """One account of the export (a loan, or a credit card): its row, its ledger rows and its exhibits manifest."""

    loan_id: str
    """The account's id: ``loan_id`` of a loans row, ``card_id`` of a cards row."""
    row: dict[str, Cell]
    repayments: list[dict[str, Cell]] = field(default_factory=list)
    contacts: list[dict[str, Cell]] = field(default_factory=list)
    exhibits: Table | None = None
    exhibit_problems: list[Problem] = field(default_factory=list)
    kind: str = "loan"
    """``loan`` (a loans row) or ``credit_card`` (a cards row)."""

    @property
    def id_column(self) -> str:
        return "card_id" if self.kind == "credit_card" else "loan_id"

    @property
    def loc(self) -> Location:
        cell = self.row[self.id_column]
        return Location(cell.loc.file, cell.loc.row)


@dataclass
class Export:
    """What split reads from EXPORT_DIR: the shared settings and every loan with its rows."""

    root: Path
    settings: dict[str, Any]
    setting_lines: dict[tuple[str | int, ...], int]
    loans: list[LoanRecord]
    headers: dict[str, dict[str, str]]
    """Per table (loans, repayments, contacts): canonical column → the header as written in the file."""
    problems: list[Problem]
    """Problems reported once that cost no account: warnings of the export, rows that belong to no account
    (a row without an id, an unknown loan_id)."""
    loan_problems: dict[str, list[Problem]] = field(default_factory=dict)
    """Problems of an account's own rows, per id (a duplicate row, a cell too long): an error skips that account."""
    fatal: list[Problem] = field(default_factory=list)
    """Errors of the export as a whole (portfolio.yaml, a table missing or unreadable): every account is skipped."""

    def settings_loc(self, key: str) -> Location:
        path = tuple(int(p) if p.isdigit() else p for p in key.split("."))
        while path and path not in self.setting_lines:
            path = path[:-1]
        return Location(PORTFOLIO_FILE, line_of(self.setting_lines, path) if path else None, key)


def read_export(export_dir: Path) -> Export:
    """Read EXPORT_DIR; raises CaseNotFound when it is not an export, else collects every problem."""
    root = export_dir.resolve()
    if not (root / PORTFOLIO_FILE).is_file():
        raise CaseNotFound(_("{path} has no {file}", path=export_dir, file=PORTFOLIO_FILE),
                           hint=_("give the folder of a portfolio export (see README, 'Portfolio export')"))
    settings, lines, fatal = _read_settings(root)
    specs = load_export_specs(settings.get("columns") if isinstance(settings.get("columns"), dict) else None)
    tables: dict[str, Table] = {}
    found: list[Problem] = []
    for kind, defaults in TABLE_FILES.items():
        table = _read_export_table(root, kind, settings, defaults, specs[kind], found, "cards" in tables)
        if table is not None:
            tables[kind] = table
    export = Export(root, settings, lines, [], {k: t.headers for k, t in tables.items()}, [], fatal=fatal)
    owners = _RowOwners(found)
    if tables.keys() & ACCOUNT_TABLES.keys():
        _group_rows(export, tables, specs["exhibits"], owners)
    _assign(export, found, owners)
    return export


class _RowOwners:
    """The account id each table row with a problem belongs to (``None``: the row belongs to no account).

    Only the rows that have a problem are remembered: an export of a million loans has tens of
    millions of ledger rows.
    """

    def __init__(self, found: list[Problem]) -> None:
        self.wanted = {(p.loc.file, p.loc.row) for p in found if p.loc is not None and p.loc.row is not None}
        self.owner: dict[tuple[str, int | None], str | None] = {}

    def note(self, loc: Location, owner: str | None) -> None:
        if (loc.file, loc.row) in self.wanted:
            self.owner[(loc.file, loc.row)] = owner


def _assign(export: Export, found: list[Problem], owners: _RowOwners) -> None:
    """Each problem of a table to what it costs: its row's account, nothing (a row of no account), or everything."""
    for problem in found:
        loc = problem.loc
        key = (loc.file, loc.row) if loc is not None and loc.row is not None else None
        if key is not None and key in owners.owner:
            owner = owners.owner[key]
            if owner is None:
                export.problems.append(problem)
            else:
                export.loan_problems.setdefault(owner, []).append(problem)
        elif problem.severity is Severity.ERROR:
            export.fatal.append(problem)
        else:
            export.problems.append(problem)


def _read_settings(root: Path) -> tuple[dict[str, Any], dict[tuple[str | int, ...], int], list[Problem]]:
    try:
        data, lines = load_with_lines((root / PORTFOLIO_FILE).read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        return {}, {}, [error("yaml_encoding", _("{file} is not UTF-8 text", file=PORTFOLIO_FILE),
                              Location(PORTFOLIO_FILE), _("save {file} as UTF-8", file=PORTFOLIO_FILE))]
    except YamlSourceError as exc:
        return {}, {}, [error("yaml_syntax", str(exc), Location(PORTFOLIO_FILE, exc.line),
                              _("fix the YAML syntax at that line (indentation, colons, quotes)"))]
    if not isinstance(data, dict):
        return {}, {}, [error("yaml_not_mapping", _("{file} must be a mapping of keys to values", file=PORTFOLIO_FILE),
                              Location(PORTFOLIO_FILE, 1), _("start from samples/portfolio/portfolio.yaml"))]
    problems = []
    for err in _portfolio_validator().iter_errors(data):
        path = tuple(err.absolute_path)
        key = ".".join(str(p) for p in path) or None
        message = (_("{key}: {why}", key=key, why=err.message) if key else
                   _("(top level): {why}", why=err.message))
        problems.append(error("portfolio_schema", message, Location(PORTFOLIO_FILE, line_of(lines, path), key),
                              _("fix portfolio.yaml (schemas/portfolio.schema.json; the creditor block is as in "
                                "case.yaml)")))
    return data, lines, problems


def _read_export_table(root: Path, kind: str, settings: dict[str, Any], defaults: tuple[str, ...],
                       spec: TableSpec, problems: list[Problem], have_cards: bool) -> Table | None:
    files = settings.get("files") if isinstance(settings.get("files"), dict) else {}
    named = (files or {}).get(kind)
    candidates = (str(named),) if named else defaults
    rel = next((name for name in candidates if (root / name).is_file()), None)
    if rel is None:
        if (kind in OPTIONAL_TABLES and not named) or (kind == "loans" and have_cards and not named):
            return None
        required = kind == "loans"
        make = error if required else warning
        missing = (_("the export has no {file}", file=candidates[0]) if len(candidates) == 1 else
                   _("the export has no {file} or {other}", file=candidates[0], other=candidates[1]))
        problems.append(make("export_table_missing", missing, Location(candidates[0]),
                             _("export the loans table as loans.csv or loans.xlsx") if required
                             else _("without it every case has no {kind}", kind=kind)))
        return None
    table, found = read_table(root / rel, rel, spec)
    problems.extend(found)
    return table


def _group_rows(export: Export, tables: dict[str, Table], exhibit_spec: TableSpec,
                owners: _RowOwners) -> None:
    """Every loans and cards row as an account record, with its ledger rows; ``owners`` learns the
    account of each row that has a problem."""
    by_id: dict[str, LoanRecord] = {}
    for table_kind, (column, debt_kind) in ACCOUNT_TABLES.items():
        if table_kind in tables:
            for row in tables[table_kind].rows:
                owners.note(row[column].loc, _account(export, row, column, debt_kind, by_id))
    for kind in ("repayments", "contacts"):
        if kind in tables:
            _attach(export, tables[kind], kind, by_id, owners)
    for record in by_id.values():
        if _SAFE_ID.match(record.loan_id):  # split reports the others; never a path from them
            _read_exhibits(export.root, record, exhibit_spec)
    export.loans = list(by_id.values())


def _account(export: Export, row: dict[str, Cell], column: str, kind: str, by_id: dict[str, LoanRecord]) -> str | None:
    """Add the row's account to ``by_id``; the id it is reported under (``None`` for a row without one)."""
    cell = row[column]
    if not cell.text:
        export.problems.append(error("missing_value", _("no {column} given; the row is skipped", column=column),
                                     cell.loc, _("fill in the account's id")))
        return None
    if cell.text in by_id:
        first = by_id[cell.text].loc
        export.loan_problems.setdefault(cell.text, []).append(error(
            "duplicate_loan", _("{column} {loan_id} appears again (first at {file}, line {row})", column=column,
                                loan_id=cell.text, file=first.file, row=first.row)
            if first.file != cell.loc.file else
            _("loan_id {loan_id} appears again (first at line {row})", loan_id=cell.text, row=first.row),
            cell.loc, _("keep one row per loan; the loan is skipped until then")))
        return cell.text
    by_id[cell.text] = LoanRecord(cell.text, row, kind=kind)
    return cell.text


def _attach(export: Export, table: Table, kind: str, by_id: dict[str, LoanRecord],
            owners: _RowOwners) -> None:
    for row in table.rows:
        cell = row["loan_id"]
        record = by_id.get(cell.text)
        owners.note(cell.loc, record.loan_id if record is not None else None)
        if record is None:
            export.problems.append(warning(
                "unknown_loan", _("loan_id {loan_id} is not in the loans table; the row is ignored",
                                  loan_id=cell.text or _("(empty)")),
                cell.loc, _("fix the loan_id, or add the loan to the loans table")))
            continue
        getattr(record, kind).append(row)


def _read_exhibits(root: Path, record: LoanRecord, spec: TableSpec) -> None:
    rel = f"{EXHIBITS_FOLDER}/{record.loan_id}/{EXHIBITS_MANIFEST}"
    if not (root / rel).is_file():
        record.exhibit_problems.append(warning(
            "no_exhibits", _("no {file}: the case has no exhibits besides the ledgers", file=rel), Location(rel),
            _("export the loan's documents with a manifest of their titles")))
        return
    record.exhibits, found = read_table(root / rel, rel, spec)
    record.exhibit_problems.extend(found)
