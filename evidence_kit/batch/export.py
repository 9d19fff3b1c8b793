"""Reading a bank's portfolio export (DESIGN §3b) into loan records grouped by ``loan_id``.

The export is ``portfolio.yaml`` (what every case shares), ``loans`` (one row per loan),
``repayments`` and ``contacts`` (rows keyed by ``loan_id``) as CSV or XLSX, and
``exhibits/<loan_id>/exhibits.csv``. Headers are matched through ``schemas/portfolio.columns.json``
(repayments and contacts add ``loan_id`` to the ledger columns of ``schemas/columns.json``).
Every problem keeps the export file, line and column it came from.
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
from evidence_kit.problems import Location, Problem, error, warning

PORTFOLIO_FILE = "portfolio.yaml"
TABLE_FILES = {
    "loans": ("loans.csv", "loans.xlsx"),
    "repayments": ("repayments.csv", "repayments.xlsx"),
    "contacts": ("contacts.csv", "contacts.xlsx"),
}
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
    """One loan of the export: its loans row, its ledger rows and its exhibits manifest."""

    loan_id: str
    row: dict[str, Cell]
    repayments: list[dict[str, Cell]] = field(default_factory=list)
    contacts: list[dict[str, Cell]] = field(default_factory=list)
    exhibits: Table | None = None
    exhibit_problems: list[Problem] = field(default_factory=list)

    @property
    def loc(self) -> Location:
        cell = self.row["loan_id"]
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
    """Problems of the export as a whole (a missing table, an unknown loan_id); they cost no loan."""
    loan_problems: dict[str, list[Problem]] = field(default_factory=dict)
    """Problems found while reading, per loan_id (a duplicate row): that loan is skipped."""

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
    settings, lines, problems = _read_settings(root)
    specs = load_export_specs(settings.get("columns") if isinstance(settings.get("columns"), dict) else None)
    tables: dict[str, Table] = {}
    for kind, defaults in TABLE_FILES.items():
        table = _read_export_table(root, kind, settings, defaults, specs[kind], problems)
        if table is not None:
            tables[kind] = table
    export = Export(root, settings, lines, [], {k: t.headers for k, t in tables.items()}, problems)
    if "loans" in tables:
        _group_rows(export, tables, specs["exhibits"])
    return export


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
                       spec: TableSpec, problems: list[Problem]) -> Table | None:
    files = settings.get("files") if isinstance(settings.get("files"), dict) else {}
    named = (files or {}).get(kind)
    candidates = (str(named),) if named else defaults
    rel = next((name for name in candidates if (root / name).is_file()), None)
    if rel is None:
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


def _group_rows(export: Export, tables: dict[str, Table], exhibit_spec: TableSpec) -> None:
    by_id: dict[str, LoanRecord] = {}
    for row in tables["loans"].rows:
        cell = row["loan_id"]
        if not cell.text:
            export.problems.append(error("missing_value", _("no loan_id given; the row is skipped"), cell.loc,
                                         _("fill in the loan's id")))
            continue
        if cell.text in by_id:
            export.loan_problems.setdefault(cell.text, []).append(error(
                "duplicate_loan", _("loan_id {loan_id} appears again (first at line {row})", loan_id=cell.text,
                                    row=by_id[cell.text].loc.row),
                cell.loc, _("keep one row per loan; the loan is skipped until then")))
            continue
        by_id[cell.text] = LoanRecord(cell.text, row)
    for kind in ("repayments", "contacts"):
        if kind in tables:
            _attach(export, tables[kind], kind, by_id)
    for record in by_id.values():
        if _SAFE_ID.match(record.loan_id):  # split reports the others; never a path from them
            _read_exhibits(export.root, record, exhibit_spec)
    export.loans = list(by_id.values())


def _attach(export: Export, table: Table, kind: str, by_id: dict[str, LoanRecord]) -> None:
    for row in table.rows:
        cell = row["loan_id"]
        record = by_id.get(cell.text)
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
