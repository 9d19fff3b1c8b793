"""A case's accounts in an export → the files of its case folder, and the way back for problems.

One loan alone makes a schema_version 1 case (``loan:``), as it always did. Several accounts of
one customer (loans and credit cards), or a card, make a schema_version 2 case (DESIGN §2b):
``debts:`` with each account's id, one ``repayments.csv`` whose ``debt`` column names the
account, the customer's contact rows together, each account's exhibits under
``exhibits/<id>/``, and a guarantor who ``answers_for`` the loans whose rows name it.

:class:`CaseDraft` holds case.yaml as data, the ledger rows and the exhibit files to copy,
plus where each of them came from in the export, so that a problem ``check`` finds in
``case.yaml, loan.principal`` (or ``debts.1.balances.principal``) is reported at
``loans.csv, line 14, column 贷款本金`` (or ``cards.csv, line 3, column 透支本金``).
"""

from __future__ import annotations

import copy
import csv
import io
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from evidence_kit.batch.customers import PERSON_FIELDS, borrower_source, normalise_id
from evidence_kit.batch.export import EXHIBITS_FOLDER, Export, LoanRecord, value_aliases
from evidence_kit.case.ledger import parse_date, parse_local_time
from evidence_kit.case.redact import mask_account
from evidence_kit.case.tables import Cell
from evidence_kit.i18n import _
from evidence_kit.money import AmountError, parse_amount
from evidence_kit.problems import Location, Problem, error

DATE_TERMS = ("signed_on", "disbursed_on", "maturity", "accelerated_on")
INT_TERMS = ("day_count", "installments", "payment_day")
TEXT_TERMS = ("annual_rate", "penalty_markup")
SHARED_KEYS = ("schema_version", "as_of", "cause", "creditor", "filings", "bundle")
"""case.yaml keys that come from portfolio.yaml."""
LEDGERS = ("repayments", "contacts")
CARD_CAUSE = "信用卡纠纷"
"""案由 of a case of credit cards (民事案件案由规定); a case of loans and cards names both causes."""
CARD_DATES = ("first_overdue_date", "cutoff", "accelerated_on", "written_off_on")
CARD_BALANCES = ("principal", "interest", "compound", "penalty", "fees", "installment_fee_unbilled",
                 "installment_principal_unbilled")
CARD_NUMBER_DIGITS = 12
"""A card column holding this many digits or more is a full card number: it is masked before it is written."""


@dataclass
class LedgerDraft:
    header: list[str]
    rows: list[list[str]]
    sources: list[Location]
    """The export row of each case row, in order (case row i is at line i + 2)."""


@dataclass
class CaseDraft:
    accounts: tuple[LoanRecord, ...]
    data: dict[str, Any]
    ledgers: dict[str, LedgerDraft] = field(default_factory=dict)
    exhibit_files: list[tuple[Path, str]] = field(default_factory=list)
    exhibit_lines: list[Location] = field(default_factory=list)
    export: Export | None = None
    problems: list[Problem] = field(default_factory=list)
    debtor_rows: list[tuple[LoanRecord, str]] = field(default_factory=list)
    """For each ``debtors`` entry: the account whose row gives it and the columns' prefix (borrower, guarantor)."""

    @property
    def loan(self) -> LoanRecord:
        """The case's first account (its id is the case_id)."""
        return self.accounts[0]

    @property
    def several(self) -> bool:
        """Whether the case is schema_version 2 (``debts:``)."""
        return bool(self.data.get("schema_version") == 2)

    def write(self, folder: Path) -> None:
        """Write case.yaml, the ledgers and the exhibits into ``folder`` (created)."""
        (folder / EXHIBITS_FOLDER).mkdir(parents=True)
        text = yaml.safe_dump(self.data, allow_unicode=True, sort_keys=False, width=1000)
        (folder / "case.yaml").write_text(text, encoding="utf-8")
        for kind, ledger in self.ledgers.items():
            (folder / f"{kind}.csv").write_text(_csv_text(ledger.header, ledger.rows), encoding="utf-8")
        for source, rel in self.exhibit_files:
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, folder / rel)


def _csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[cell.replace("\r", " ").replace("\n", " ") for cell in row] for row in rows])
    return buffer.getvalue()


# --------------------------------------------------------------------------- drafting


def draft_case(export: Export, accounts: Sequence[LoanRecord]) -> CaseDraft:
    """The case folder of a customer's accounts: schema_version 1 for one loan, else schema_version 2."""
    if len(accounts) == 1 and accounts[0].kind == "loan":
        return _draft_one_loan(export, accounts[0])
    return _draft_debts(export, tuple(accounts))


def _draft_one_loan(export: Export, loan: LoanRecord) -> CaseDraft:
    """The case folder of one loan (schema_version 1): shared settings + the loan's row and rows."""
    settings, row = export.settings, loan.row
    data: dict[str, Any] = {"schema_version": 1, "case_id": loan.loan_id}
    data["as_of"] = settings.get("as_of")
    data["court"] = _text(row, "court") or settings.get("court")
    data["cause"] = settings.get("cause")
    data["creditor"] = settings.get("creditor")
    data["debtors"] = _debtors(row)
    data["loan"] = _loan_terms(row)
    draft = CaseDraft((loan,), data, export=export, problems=list(loan.exhibit_problems),
                      debtor_rows=[(loan, "borrower"), (loan, "guarantor")])
    data["exhibits"] = _exhibits(export, loan, draft)
    _shared_extras(settings, data)
    for kind in LEDGERS:
        if getattr(loan, kind):
            draft.ledgers[kind] = _ledger(getattr(loan, kind))
    return draft


def _shared_extras(settings: dict[str, Any], data: dict[str, Any]) -> None:
    for key in ("filings", "bundle"):
        if settings.get(key):
            data[key] = settings[key]


def _draft_debts(export: Export, accounts: tuple[LoanRecord, ...]) -> CaseDraft:
    """The case folder of several accounts, or of a card (schema_version 2, DESIGN §2b)."""
    settings = export.settings
    data: dict[str, Any] = {"schema_version": 2, "case_id": accounts[0].loan_id, "as_of": settings.get("as_of"),
                            "court": _group_court(accounts) or settings.get("court"),
                            "cause": _cause(settings, accounts), "creditor": settings.get("creditor")}
    draft = CaseDraft(accounts, data, export=export, problems=[p for a in accounts for p in a.exhibit_problems])
    data["debtors"] = _group_debtors(accounts, draft)
    data["debts"] = [_loan_debt(a) if a.kind == "loan" else _card_debt(a, settings) for a in accounts]
    data["exhibits"] = [entry for a in accounts for entry in _exhibits(export, a, draft, own_folder=True)]
    _shared_extras(settings, data)
    payments = [(a, row) for a in accounts for row in a.repayments]
    if payments:
        draft.ledgers["repayments"] = _merged_ledger(payments, debt_column=True)
    contacts = sorted(((a, row) for a in accounts for row in a.contacts), key=_contact_time)
    if contacts:
        draft.ledgers["contacts"] = _merged_ledger(contacts, debt_column=False)
    return draft


def _contact_time(pair: tuple[LoanRecord, dict[str, Cell]]) -> datetime:
    """When a contact row was made (a time that cannot be read sorts last; check reports it)."""
    try:
        return parse_local_time(_text(pair[1], "time"))
    except ValueError:
        return datetime.max


def _group_court(accounts: Sequence[LoanRecord]) -> str:
    return next((_text(a.row, "court") for a in accounts if _text(a.row, "court")), "")


def _cause(settings: dict[str, Any], accounts: Sequence[LoanRecord]) -> Any:
    kinds = {a.kind for a in accounts}
    if kinds == {"credit_card"}:
        return CARD_CAUSE
    if "credit_card" in kinds and settings.get("cause") and CARD_CAUSE not in str(settings["cause"]):
        return f"{settings['cause']}、{CARD_CAUSE}"
    return settings.get("cause")


def _group_debtors(accounts: tuple[LoanRecord, ...], draft: CaseDraft) -> list[dict[str, Any]]:
    """The borrower (from the first row with an ID number), then each guarantor once, answering for its loans."""
    source = borrower_source(accounts)
    debtors = [_person(source.row, "borrower")]
    draft.debtor_rows.append((source, "borrower"))
    by_person: dict[str, dict[str, Any]] = {}
    for account in accounts:
        row = account.row
        if account.kind != "loan" or not any(_text(row, f"guarantor_{f}") for f in PERSON_FIELDS):
            continue
        key = normalise_id(_text(row, "guarantor_id_number")) or _text(row, "guarantor_name")
        if key not in by_person:
            by_person[key] = _person(row, "guarantor") | {"answers_for": []}
            debtors.append(by_person[key])
            draft.debtor_rows.append((account, "guarantor"))
        by_person[key]["answers_for"].append({"debt": account.loan_id, "kind": "joint"})
    return debtors


def _loan_debt(account: LoanRecord) -> dict[str, Any]:
    return {"id": account.loan_id, "kind": "loan", **_loan_terms(account.row)}


def _card_debt(account: LoanRecord, settings: dict[str, Any]) -> dict[str, Any]:
    """A ``kind: credit_card`` debt from a cards row; empty cells are left out, or empty, for check to report."""
    row = account.row
    creditor = settings.get("creditor") if isinstance(settings.get("creditor"), dict) else {}
    agreement: dict[str, Any] = {"title": _text(row, "agreement_title")}
    if _text(row, "agreement_signed_on"):
        agreement["signed_on"] = _as_date(_text(row, "agreement_signed_on"))
    debt: dict[str, Any] = {"id": account.loan_id, "kind": "credit_card",
                            "card_masked": _masked_card(_text(row, "card_masked")),
                            "issuer": _text(row, "issuer") or (creditor or {}).get("name", ""),
                            "agreement": agreement, "credit_limit": _as_money(_text(row, "credit_limit"))}
    if _text(row, "currency"):
        debt["currency"] = _lookup(value_aliases()["cards"].get("currency", {}), _text(row, "currency"))
    debt["daily_rate"] = _text(row, "daily_rate")
    for name in CARD_DATES:
        if _text(row, name) or name in ("first_overdue_date", "cutoff"):
            debt[name] = _as_date(_text(row, name))
    debt["balances"] = {name: _as_money(_text(row, name)) for name in CARD_BALANCES
                        if _text(row, name) or name == "principal"}
    if settings.get("card_options"):
        debt["options"] = copy.deepcopy(settings["card_options"])
    return _reorder(debt)


def _reorder(debt: dict[str, Any]) -> dict[str, Any]:
    """The card's keys in the order of DESIGN §2b (dates after the rate, balances, then the optional dates)."""
    late = ("accelerated_on", "written_off_on")
    ordered = {k: v for k, v in debt.items() if k not in (*late, "balances", "options")}
    ordered["balances"] = debt["balances"]
    ordered |= {k: debt[k] for k in late if k in debt}
    if "options" in debt:
        ordered["options"] = debt["options"]
    return ordered


def _masked_card(text: str) -> str:
    digits = "".join(text.split())
    return mask_account(digits) if digits.isdigit() and len(digits) >= CARD_NUMBER_DIGITS else text


def _text(row: dict[str, Cell], name: str) -> str:
    cell = row.get(name)
    return cell.text if cell is not None else ""


def _debtors(row: dict[str, Cell]) -> list[dict[str, Any]]:
    debtors = [_person(row, "borrower")]
    if any(_text(row, f"guarantor_{f}") for f in PERSON_FIELDS):
        debtors.append(_person(row, "guarantor"))
    return debtors


def _person(row: dict[str, Cell], role: str) -> dict[str, Any]:
    """A person debtor from the row's ``<role>_…`` columns (a loan's guarantor, a card's cardholder: borrower).

    The ID number is written as the ID card prints it (no spaces, plain digits, an upper-case X).
    """
    person: dict[str, Any] = {"role": role, "kind": "person"}
    for name in PERSON_FIELDS:
        text = _text(row, f"{role}_{name}")
        person[name] = _as_date(text) if name == "birth_date" else normalise_id(text) if name == "id_number" else text
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


def _merged_ledger(rows: list[tuple[LoanRecord, dict[str, Cell]]], *, debt_column: bool) -> LedgerDraft:
    """Several accounts' rows in one ledger; with ``debt_column`` a ``debt`` column names each row's account.

    Without it (the contact log), a row the export repeats for two accounts of the customer (the same
    call, written under each) is kept once.
    """
    names = list(dict.fromkeys(n for _, row in rows for n in row if n not in ("loan_id", "debt")))
    header = [*names, "debt"] if debt_column else names
    ledger = LedgerDraft(header, [], [])
    seen: set[tuple[str, ...]] = set()
    for account, row in rows:
        texts = [row[n].text if n in row else "" for n in names]
        if not debt_column and tuple(texts) in seen:
            continue
        seen.add(tuple(texts))
        ledger.rows.append([*texts, account.loan_id] if debt_column else texts)
        ledger.sources.append(Location(row["loan_id"].loc.file, row["loan_id"].loc.row))
    return ledger


def _exhibits(export: Export, loan: LoanRecord, draft: CaseDraft, *, own_folder: bool = False) -> list[dict[str, Any]]:
    """The account's exhibits; ``own_folder`` copies them into ``exhibits/<id>/`` (several accounts in one case)."""
    if loan.exhibits is None:
        return []
    values = value_aliases()["exhibits"]
    folder = export.root / EXHIBITS_FOLDER / loan.loan_id
    inside = f"{EXHIBITS_FOLDER}/{loan.loan_id}" if own_folder else EXHIBITS_FOLDER
    entries = []
    for row, line in zip(loan.exhibits.rows, loan.exhibits.row_lines, strict=True):
        name = _text(row, "file")
        source = (folder / name).resolve()
        if not name or not source.is_relative_to(folder.resolve()) or source == folder.resolve():
            draft.problems.append(error("exhibit_outside", _("the exhibit file {name} is not inside {folder}/",
                                                             name=repr(name), folder=folder.name),
                                        row["file"].loc, _("name a file of the loan's own exhibits folder")))
            continue
        rel = f"{inside}/{source.relative_to(folder.resolve()).as_posix().replace('/', '_')}"
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
    if loc.file.startswith(f"{EXHIBITS_FOLDER}/") and not draft.several:  # several: exhibits/<id>/… as exported
        return replace(problem, loc=Location(f"{EXHIBITS_FOLDER}/{draft.loan.loan_id}/{loc.file.split('/', 1)[1]}",
                                             loc.row, loc.column))
    return problem


def _export_header(draft: CaseDraft, kind: str, column: str | None) -> str | None:
    if column is None or draft.export is None:
        return column
    if draft.several and kind == "repayments" and column == "debt":
        column = "loan_id"  # the drafted debt column holds the account id of the export's loan_id column
    headers = draft.export.headers.get(kind, {})
    canonical = next((name for name, shown in headers.items() if name == column or shown == column), column)
    return headers.get(canonical, column)


def _yaml_source(draft: CaseDraft, key: str) -> Location:
    parts = key.split(".")
    head = parts[0]
    if head in SHARED_KEYS and draft.export is not None:
        return draft.export.settings_loc(key)
    if head == "court" and not _group_court(draft.accounts) and draft.export is not None:
        return draft.export.settings_loc("court")
    if head == "exhibits" and len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(draft.exhibit_lines):
        line = draft.exhibit_lines[int(parts[1])]
        return Location(line.file, line.row, _exhibit_header(draft, line.file, parts[2] if len(parts) > 2 else None))
    account, column = _account_column(draft, parts)
    if column is not None and column.startswith("card_options.") and draft.export is not None:
        return draft.export.settings_loc(column)
    cell = account.row.get(column) if column else None
    if cell is not None:
        return cell.loc
    return Location(account.loc.file, account.loc.row, column)


def _account_column(draft: CaseDraft, parts: list[str]) -> tuple[LoanRecord, str | None]:
    """The account and the export column a case.yaml key was drafted from."""
    index = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else -1
    if parts[0] == "loan" and len(parts) > 1:
        return draft.loan, parts[1]
    if parts[0] == "debts" and 0 <= index < len(draft.accounts):
        account = draft.accounts[index]
        return account, _debt_column(account, parts[2:])
    if parts[0] == "debtors" and index >= 0 and draft.debtor_rows:
        account, prefix = draft.debtor_rows[min(index, len(draft.debtor_rows) - 1)]
        return account, f"{prefix}_{parts[2]}" if len(parts) > 2 and parts[2] != "answers_for" else None
    if parts[0] == "court":
        return next((a for a in draft.accounts if _text(a.row, "court")), draft.loan), "court"
    if parts[0] == "case_id":
        return draft.loan, draft.loan.id_column
    return draft.loan, None


def _debt_column(account: LoanRecord, rest: list[str]) -> str:
    """``debts.N.<rest>`` → the column of the account's row (``card_options.…`` for a card's options)."""
    if not rest or rest[0] in ("id", "kind"):
        return account.id_column
    if account.kind == "credit_card" and rest[0] == "options":
        return ".".join(["card_options", *rest[1:]])
    if account.kind == "credit_card" and rest[0] == "balances" and len(rest) > 1:
        return rest[1]
    if account.kind == "credit_card" and rest[0] == "agreement" and len(rest) > 1:
        return f"agreement_{rest[1]}"
    return rest[0]


def _exhibit_header(draft: CaseDraft, file: str, field_name: str | None) -> str | None:
    table = next((a.exhibits for a in draft.accounts if a.exhibits is not None and a.exhibits.file == file), None)
    if table is None or field_name is None:
        return field_name
    return table.headers.get(field_name, field_name)
