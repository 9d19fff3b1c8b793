"""One loan of an export → the files of its case folder, and the way back for problems.

:class:`CaseDraft` holds case.yaml as data, the ledger rows and the exhibit files to copy,
plus where each of them came from in the export, so that a problem ``check`` finds in
``case.yaml, loan.principal`` is reported at ``loans.csv, line 14, column 贷款本金``.
"""

from __future__ import annotations

import csv
import io
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from evidence_kit.batch.export import EXHIBITS_FOLDER, Export, LoanRecord, value_aliases
from evidence_kit.case.ledger import parse_date
from evidence_kit.case.tables import Cell
from evidence_kit.i18n import _
from evidence_kit.money import AmountError, parse_amount
from evidence_kit.problems import Location, Problem, error

PERSON_FIELDS = ("name", "gender", "birth_date", "ethnicity", "id_number", "address", "phone")
DATE_TERMS = ("signed_on", "disbursed_on", "maturity", "accelerated_on")
INT_TERMS = ("day_count", "installments", "payment_day")
TEXT_TERMS = ("annual_rate", "penalty_markup")
SHARED_KEYS = ("schema_version", "as_of", "cause", "creditor", "filings", "bundle")
"""case.yaml keys that come from portfolio.yaml."""
LEDGERS = ("repayments", "contacts")


@dataclass
class LedgerDraft:
    header: list[str]
    rows: list[list[str]]
    sources: list[Location]
    """The export row of each case row, in order (case row i is at line i + 2)."""


@dataclass
class CaseDraft:
    loan: LoanRecord
    data: dict[str, Any]
    ledgers: dict[str, LedgerDraft] = field(default_factory=dict)
    exhibit_files: list[tuple[Path, str]] = field(default_factory=list)
    exhibit_lines: list[Location] = field(default_factory=list)
    export: Export | None = None
    problems: list[Problem] = field(default_factory=list)

    def write(self, folder: Path) -> None:
        """Write case.yaml, the ledgers and the exhibits into ``folder`` (created)."""
        (folder / EXHIBITS_FOLDER).mkdir(parents=True)
        text = yaml.safe_dump(self.data, allow_unicode=True, sort_keys=False, width=1000)
        (folder / "case.yaml").write_text(text, encoding="utf-8")
        for kind, ledger in self.ledgers.items():
            (folder / f"{kind}.csv").write_text(_csv_text(ledger.header, ledger.rows), encoding="utf-8")
        for source, rel in self.exhibit_files:
            shutil.copyfile(source, folder / rel)


def _csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[cell.replace("\r", " ").replace("\n", " ") for cell in row] for row in rows])
    return buffer.getvalue()


# --------------------------------------------------------------------------- drafting


def draft_case(export: Export, loan: LoanRecord) -> CaseDraft:
    """The case folder of one loan (schema_version 1): shared settings + the loan's row and rows."""
    settings, row = export.settings, loan.row
    data: dict[str, Any] = {"schema_version": 1, "case_id": loan.loan_id}
    data["as_of"] = settings.get("as_of")
    data["court"] = _text(row, "court") or settings.get("court")
    data["cause"] = settings.get("cause")
    data["creditor"] = settings.get("creditor")
    data["debtors"] = _debtors(row)
    data["loan"] = _loan_terms(row)
    draft = CaseDraft(loan, data, export=export, problems=list(loan.exhibit_problems))
    data["exhibits"] = _exhibits(export, loan, draft)
    for key in ("filings", "bundle"):
        if settings.get(key):
            data[key] = settings[key]
    for kind in LEDGERS:
        if getattr(loan, kind):
            draft.ledgers[kind] = _ledger(getattr(loan, kind))
    return draft


def _text(row: dict[str, Cell], name: str) -> str:
    cell = row.get(name)
    return cell.text if cell is not None else ""


def _debtors(row: dict[str, Cell]) -> list[dict[str, Any]]:
    debtors = [_person(row, "borrower")]
    if any(_text(row, f"guarantor_{f}") for f in PERSON_FIELDS):
        debtors.append(_person(row, "guarantor"))
    return debtors


def _person(row: dict[str, Cell], role: str) -> dict[str, Any]:
    person: dict[str, Any] = {"role": role, "kind": "person"}
    for name in PERSON_FIELDS:
        text = _text(row, f"{role}_{name}")
        person[name] = _as_date(text) if name == "birth_date" else text
    return person


def _loan_terms(row: dict[str, Cell]) -> dict[str, Any]:
    values = value_aliases()["loans"]
    terms: dict[str, Any] = {"contract_no": _text(row, "contract_no"), "principal": _as_money(_text(row, "principal"))}
    for name in ("signed_on", "disbursed_on", "maturity"):
        terms[name] = _as_date(_text(row, name))
    for name in TEXT_TERMS:
        terms[name] = _text(row, name)
    terms["compound"] = _lookup(values["compound"], _text(row, "compound"))
    terms["repayment_method"] = _lookup(values["repayment_method"], _text(row, "repayment_method"))
    for name in INT_TERMS:
        text = _text(row, name)
        if text or name != "payment_day":
            terms[name] = int(text) if text.isdigit() else text
    if _text(row, "accelerated_on"):
        terms["accelerated_on"] = _as_date(_text(row, "accelerated_on"))
    return {k: v for k, v in terms.items() if v != "" or k in ("contract_no", "principal")}


def _lookup(table: dict[str, Any], text: str) -> Any:
    key = text.strip().lower()
    return table.get(key, table.get(text.strip(), text))


def _as_date(text: str) -> str:
    """A date as case.yaml writes it; text that is no date stays as written, for check to report."""
    try:
        return parse_date(text).isoformat()
    except ValueError:
        return text


def _as_money(text: str) -> str:
    try:
        return f"{parse_amount(text):.2f}"
    except AmountError:
        return text


def _ledger(rows: list[dict[str, Cell]]) -> LedgerDraft:
    names = [name for name in rows[0] if name != "loan_id"]
    return LedgerDraft(names, [[row[n].text for n in names] for row in rows],
                       [Location(row["loan_id"].loc.file, row["loan_id"].loc.row) for row in rows])


def _exhibits(export: Export, loan: LoanRecord, draft: CaseDraft) -> list[dict[str, Any]]:
    if loan.exhibits is None:
        return []
    values = value_aliases()["exhibits"]
    folder = export.root / EXHIBITS_FOLDER / loan.loan_id
    entries = []
    for row, line in zip(loan.exhibits.rows, loan.exhibits.row_lines, strict=True):
        name = _text(row, "file")
        source = (folder / name).resolve()
        if not name or not source.is_relative_to(folder.resolve()) or source == folder.resolve():
            draft.problems.append(error("exhibit_outside", _("the exhibit file {name} is not inside {folder}/",
                                                             name=repr(name), folder=folder.name),
                                        row["file"].loc, _("name a file of the loan's own exhibits folder")))
            continue
        rel = f"{EXHIBITS_FOLDER}/{source.relative_to(folder.resolve()).as_posix().replace('/', '_')}"
        if source.is_file():
            draft.exhibit_files.append((source, rel))
        entry: dict[str, Any] = {"file": rel, "title": _text(row, "title"), "source": _text(row, "source"),
                                 "proves": _text(row, "proves")}
        if _text(row, "original"):
            entry["original"] = _lookup(values["original"], _text(row, "original"))
        entries.append(entry)
        draft.exhibit_lines.append(Location(loan.exhibits.file, line))
    return entries


# --------------------------------------------------------------------------- problems back to the export


def export_location(draft: CaseDraft, problem: Problem) -> Problem:
    """``problem`` as found in the drafted case, located at the export row and column it came from."""
    loc = problem.loc
    if loc is None:
        return replace(problem, loc=draft.loan.loc)
    if loc.file == "case.yaml":
        return replace(problem, loc=_yaml_source(draft, loc.column or ""))
    kind = loc.file.removesuffix(".csv")
    if kind in draft.ledgers and loc.row is not None and 2 <= loc.row < len(draft.ledgers[kind].sources) + 2:
        source = draft.ledgers[kind].sources[loc.row - 2]
        header = _export_header(draft, kind, loc.column)
        return replace(problem, loc=Location(source.file, source.row, header))
    if loc.file.startswith(f"{EXHIBITS_FOLDER}/"):
        return replace(problem, loc=Location(f"{EXHIBITS_FOLDER}/{draft.loan.loan_id}/{loc.file.split('/', 1)[1]}",
                                             loc.row, loc.column))
    return problem


def _export_header(draft: CaseDraft, kind: str, column: str | None) -> str | None:
    if column is None or draft.export is None:
        return column
    headers = draft.export.headers.get(kind, {})
    canonical = next((name for name, shown in headers.items() if name == column or shown == column), column)
    return headers.get(canonical, column)


def _yaml_source(draft: CaseDraft, key: str) -> Location:
    parts = key.split(".")
    head = parts[0]
    if head in SHARED_KEYS and draft.export is not None:
        return draft.export.settings_loc(key)
    if head == "court" and not _text(draft.loan.row, "court") and draft.export is not None:
        return draft.export.settings_loc("court")
    if head == "exhibits" and len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(draft.exhibit_lines):
        line = draft.exhibit_lines[int(parts[1])]
        return Location(line.file, line.row, _exhibit_header(draft, parts[2] if len(parts) > 2 else None))
    column = _loan_column(parts)
    cell = draft.loan.row.get(column) if column else None
    if cell is not None:
        return cell.loc
    return Location(draft.loan.loc.file, draft.loan.loc.row, column)


def _loan_column(parts: list[str]) -> str | None:
    if parts[0] == "loan" and len(parts) > 1:
        return parts[1]
    if parts[0] == "debtors" and len(parts) > 2 and parts[1].isdigit():
        return f"{'borrower' if parts[1] == '0' else 'guarantor'}_{parts[2]}"
    if parts[0] in ("court", "case_id"):
        return "court" if parts[0] == "court" else "loan_id"
    return None


def _exhibit_header(draft: CaseDraft, field_name: str | None) -> str | None:
    table = draft.loan.exhibits
    if table is None or field_name is None:
        return field_name
    return table.headers.get(field_name, field_name)
