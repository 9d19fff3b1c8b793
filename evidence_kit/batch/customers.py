"""Which accounts of an export make one case: a customer's accounts at one court.

A customer is known by the borrower's (cardholder's) 公民身份号码, normalised (spaces dropped,
full-width characters made plain, the check character upper-case), and, where the export
offers one, by ``customer_id`` (客户号): accounts that share either belong to one customer,
so a card row that gives only the customer number joins the loans of that customer. A
customer's accounts are one case per court: a case goes to one court. An account's court is
its row's ``court``, else the first court another account of the customer names, else
portfolio.yaml's. An account without ID number or customer number is a case of its own.

The accounts of one case must name one person: a second name or ID number for the same
customer is an error (``customer_mismatch``) that skips the case; other details that differ
(address, phone) are a warning (``customer_details_differ``), and the case takes the first
row's.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from evidence_kit.batch.export import Export, LoanRecord
from evidence_kit.case.tables import Cell
from evidence_kit.i18n import _
from evidence_kit.problems import Problem, error, warning

PERSON_FIELDS = ("name", "gender", "birth_date", "ethnicity", "id_number", "address", "phone")
IDENTITY_FIELDS = ("id_number", "name")
"""Fields that must agree between a customer's rows: they say who the person is."""


@dataclass(frozen=True)
class CaseGroup:
    """The accounts (loans and cards) that become one case folder, in the export's order."""

    case_id: str
    loans: tuple[LoanRecord, ...]
    problems: tuple[Problem, ...] = ()
    """Problems of the grouping itself (the rows disagree on who the customer is)."""


def normalise_id(text: str) -> str:
    """A 公民身份号码 as one writes it for comparison: NFKC, no spaces, an upper-case check character."""
    return "".join(unicodedata.normalize("NFKC", text).split()).upper()


def group_by_customer(export: Export) -> list[CaseGroup]:
    """The cases of an export: each customer's accounts at one court, in the order of their first account."""
    default_court = str(export.settings.get("court") or "")
    groups = []
    for accounts in _customers(export.loans):
        named = next((cell_text(a.row, "court") for a in accounts if cell_text(a.row, "court")), default_court)
        by_court: dict[str, list[LoanRecord]] = {}
        for account in accounts:
            by_court.setdefault(cell_text(account.row, "court") or named, []).append(account)
        for members in by_court.values():
            groups.append(CaseGroup(members[0].loan_id, tuple(members), tuple(_disagreements(members))))
    return groups


def cell_text(row: dict[str, Cell], name: str) -> str:
    cell = row.get(name)
    return cell.text if cell is not None else ""


def _keys(account: LoanRecord) -> Iterable[tuple[str, str]]:
    id_number = normalise_id(cell_text(account.row, "borrower_id_number"))
    if id_number:
        yield "id_number", id_number
    customer = cell_text(account.row, "customer_id").strip()
    if customer:
        yield "customer_id", customer


def _customers(accounts: list[LoanRecord]) -> list[list[LoanRecord]]:
    """Accounts joined by a shared key (union-find over their indexes), each group in export order."""
    parent = list(range(len(accounts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple[str, str], int] = {}
    for index, account in enumerate(accounts):
        for key in _keys(account):
            if key in first:
                a, b = root(index), root(first[key])
                parent[max(a, b)] = min(a, b)
            else:
                first[key] = index
    members: dict[int, list[LoanRecord]] = {}
    for index, account in enumerate(accounts):
        members.setdefault(root(index), []).append(account)
    return list(members.values())


def borrower_source(accounts: tuple[LoanRecord, ...] | list[LoanRecord]) -> LoanRecord:
    """The account whose row gives the case's borrower: the first with an ID number (else the first)."""
    return next((a for a in accounts if cell_text(a.row, "borrower_id_number")), accounts[0])


def _disagreements(accounts: list[LoanRecord]) -> list[Problem]:
    source = borrower_source(accounts)
    problems = []
    for account in accounts:
        if account is source:
            continue
        for name in PERSON_FIELDS:
            problem = _compare(source, account, name)
            if problem is not None:
                problems.append(problem)
    return problems


def _compare(source: LoanRecord, other: LoanRecord, name: str) -> Problem | None:
    column = f"borrower_{name}"
    mine, theirs = cell_text(source.row, column), cell_text(other.row, column)
    same = normalise_id(mine) == normalise_id(theirs) if name == "id_number" else mine.strip() == theirs.strip()
    if not mine or not theirs or same:
        return None
    cell = other.row[column]
    where = source.loc
    if name in IDENTITY_FIELDS:
        return error("customer_mismatch", _(
            "{column} {value} differs from {other} at {file}, line {row}, which belongs to the same customer",
            column=column, value=repr(theirs), other=repr(mine), file=where.file, row=where.row), cell.loc,
            _("correct the ID number or the customer_id, so that the rows of one customer name one person"))
    return warning("customer_details_differ", _(
        "{column} {value} differs from {other} at {file}, line {row}; the case uses the latter", column=column,
        value=repr(theirs), other=repr(mine), file=where.file, row=where.row), cell.loc,
        _("bring the customer's details up to date in every row, or check the case's debtors before filing"))
