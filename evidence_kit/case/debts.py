"""schema_version 2 (DESIGN §2b): ``debts:`` → :class:`Debt` objects, each with its own ledgers.

A case-wide repayments file names each row's debt in its ``debt`` column (required when the
case has more than one debt); a debt may instead name its own files. A card reads only the
payments after its ``cutoff``: the cut-off balances already account for the earlier ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidence_kit.case.ledger import TableParser
from evidence_kit.case.model import (
    CARD_BALANCE_KINDS,
    DEFAULT_ALLOCATION_ORDER,
    AnswersFor,
    CardBalances,
    CardOptions,
    ClaimedFigures,
    CreditCard,
    Debt,
    Installment,
    Loan,
    Payment,
)
from evidence_kit.case.payments import compact
from evidence_kit.case.tables import SPECS, Table, read_table
from evidence_kit.i18n import _
from evidence_kit.problems import Location, Problem, error, warning

if TYPE_CHECKING:
    from evidence_kit.case.load import _CaseBuilder

CASE_FILE = "case.yaml"
DEBT_FILE_KINDS = {"loan": ("repayments", "schedule"), "credit_card": ("repayments", "statements", "transactions")}


def version_mixup(data: dict[str, Any], line_of_key: dict[tuple[str | int, ...], int]) -> Problem | None:
    """One located error when case.yaml mixes schema_version 1 and 2 (e.g. ``debts:`` with version 1)."""
    version = data.get("schema_version")
    if version == 1 and "debts" in data:
        return error("schema_version_mixup", _("debts: is schema_version 2, but case.yaml says schema_version: 1"),
                     Location(CASE_FILE, line_of_key.get(("debts",)), "debts"),
                     _("set schema_version: 2 (and remove loan:), or keep schema_version 1 with a single loan:"))
    if version == 2 and "loan" in data:
        return error("schema_version_mixup", _("loan: is schema_version 1; schema_version 2 lists debts: instead"),
                     Location(CASE_FILE, line_of_key.get(("loan",)), "loan"),
                     _("run 'evidence-kit migrate CASE_DIR' to rewrite the case as schema_version 2, "
                       "or set schema_version: 1"))
    filings = data.get("filings")
    enforcement = filings.get("enforcement") if isinstance(filings, dict) else None
    if version == 1 and isinstance(enforcement, dict) and "bases" in enforcement:
        key = "filings.enforcement.bases"
        return error("schema_version_mixup", _("{key} needs schema_version: 2", key=key),
                     Location(CASE_FILE, line_of_key.get(("filings", "enforcement", "bases")), key),
                     _("a schema_version 1 case has one loan and one basis: write filings.enforcement.basis, or migrate "
                       "the case (evidence-kit migrate CASE_DIR)"))
    if version == 1:
        for i, debtor in enumerate(data.get("debtors") or []):
            if isinstance(debtor, dict) and "answers_for" in debtor:
                key = f"debtors.{i}.answers_for"
                return error("schema_version_mixup", _("{key} needs schema_version: 2", key=key),
                             Location(CASE_FILE, line_of_key.get(("debtors", i, "answers_for")), key),
                             _("a schema_version 1 case has one loan that every debtor answers for; remove answers_for "
                               "or migrate the case (evidence-kit migrate CASE_DIR)"))
    return None


def answers_for(b: _CaseBuilder, index: int) -> tuple[AnswersFor, ...]:
    path = ("debtors", index, "answers_for")
    return tuple(
        AnswersFor(b.text(*path, i, "debt"), b.text(*path, i, "kind") or "joint", b.opt_money(*path, i, "limit"),
                   b.loc(*path, i))
        for i in range(len(b.get(*path) or []))
    )


def card_at(b: _CaseBuilder, *path: str | int) -> CreditCard:
    options = b.get(*path, "options") or {}
    claimed = b.get(*path, "claimed")
    return CreditCard(
        card_masked=b.text(*path, "card_masked"),
        issuer=b.text(*path, "issuer"),
        agreement_title=b.text(*path, "agreement", "title"),
        agreement_signed_on=b.opt_date_at(*path, "agreement", "signed_on"),
        credit_limit=b.money(*path, "credit_limit"),
        daily_rate=b.rate(*path, "daily_rate"),
        first_overdue_date=b.date_at(*path, "first_overdue_date"),
        cutoff=b.date_at(*path, "cutoff"),
        balances=CardBalances(**{k: b.opt_money(*path, "balances", k) or Decimal("0.00") for k in (
            *CARD_BALANCE_KINDS, "installment_fee_unbilled", "installment_principal_unbilled")}),
        loc=b.loc(*path),
        currency=b.text(*path, "currency") or "CNY",
        accelerated_on=b.opt_date_at(*path, "accelerated_on"),
        written_off_on=b.opt_date_at(*path, "written_off_on"),
        claimed=ClaimedFigures(
            **{k: b.opt_money(*path, "claimed", k) for k in ("principal", "interest", "penalty", "compound", "fees")},
            loc=b.loc(*path, "claimed"),
        ) if claimed is not None else None,
        options=_card_options(b, options, *path, "options"),
        compound=bool(b.get(*path, "compound")),
        penalty_rate=b.rate(*path, "penalty_rate") if b.get(*path, "penalty_rate") is not None else None,
        penalty_min=b.opt_money(*path, "penalty_min"),
        penalty_max=b.opt_money(*path, "penalty_max"),
        min_payment_ratio=b.rate(*path, "min_payment_ratio") if b.get(*path, "min_payment_ratio") is not None else None,
    )


def _card_options(b: _CaseBuilder, raw: dict[str, Any], *path: str | int) -> CardOptions:
    values: dict[str, Any] = {}
    for key in ("post_cutoff_base", "installment_fee_mode", "cap_mode", "lpr_reference", "cap_action", "interest_mode"):
        if key in raw:
            values[key] = str(raw[key])
    for key in ("post_cutoff_compound", "overdue90_principal_first", "reapply_excess_to_principal"):
        if key in raw:
            values[key] = bool(raw[key])
    for key in ("allocation_order", "trim_order"):
        if raw.get(key):
            values[key] = tuple(str(v) for v in raw[key])
    if "day_count" in raw:
        values["day_count"] = int(raw["day_count"])
    if "charges_paid_before_cutoff" in raw:
        values["charges_paid_before_cutoff"] = b.money(*path, "charges_paid_before_cutoff")
    return CardOptions(**values)


def card_standin_loan(card: CreditCard, start: date) -> Loan:
    """A :class:`Loan` standing in for a card where code written for one loan needs one.

    ``contract_no`` names the card, ``principal`` is the principal at the cut-off, ``maturity``
    is ``start`` (when the whole debt fell due: the limitation start) and the rate is the
    card's daily rate annualised.
    """
    signed = card.agreement_signed_on or card.first_overdue_date
    return Loan(
        contract_no=f"{card.issuer} 信用卡 {card.card_masked}",
        signed_on=signed,
        principal=card.balances.principal + card.balances.installment_principal_unbilled,
        disbursed_on=signed,
        maturity=max(start, signed),
        annual_rate=card.daily_rate * card.options.day_count,
        penalty_markup=Decimal("0"),
        compound=False,
        day_count=card.options.day_count,
        repayment_method="bullet",
        installments=1,
        loc=card.loc,
        accelerated_on=card.accelerated_on,
        allocation_order=card.options.allocation_order or DEFAULT_ALLOCATION_ORDER,
    )


class DebtReader:
    """Builds every ``debts:`` entry, reading each debt's own files and its rows of the shared ledger."""

    def __init__(self, b: _CaseBuilder, root: Path) -> None:
        self.b = b
        self.root = root
        self.problems: list[Problem] = []
        self.files: list[str] = []

    def read(self, tables: TableParser) -> tuple[Debt, ...]:
        debts = tuple(self._debt(i, tables) for i in range(len(self.b.get("debts") or [])))
        shared = _by_id(tables.payments(), debts)
        return tuple(replace(d, payments=compact((*d.payments, *self._shared_rows(d, debts, shared)))) for d in debts)

    def _debt(self, i: int, tables: TableParser) -> Debt:
        b = self.b
        kind, debt_id = b.text("debts", i, "kind"), b.text("debts", i, "id")
        own = {k: self._own_table(i, k) for k in DEBT_FILE_KINDS.get(kind, ())}
        payments = tables.payments(own["repayments"]) if own.get("repayments") else ()
        payments = tuple(replace(p, debt=debt_id) for p in payments)
        if kind == "credit_card":
            card = card_at(b, "debts", i)
            statement_table, move_table = own.get("statements"), own.get("transactions")
            statements = tables.statements(statement_table) if statement_table is not None else ()
            moves = tables.card_transactions(move_table) if move_table is not None else ()
            return Debt(debt_id, kind, b.loc("debts", i), card=card, statements=statements, transactions=moves,
                        payments=_after_cutoff(payments, card))
        schedule: tuple[Installment, ...] | None = tables.schedule(own["schedule"]) if own.get("schedule") else None
        return Debt(debt_id, kind, b.loc("debts", i), loan=b.loan_at("debts", i), schedule=schedule, payments=payments)

    def _own_table(self, i: int, kind: str) -> Table | None:
        named = self.b.get("debts", i, "files", kind)
        if not named:
            return None
        key = f"debts.{i}.files.{kind}"
        loc = self.b.loc("debts", i, "files", kind)
        path = (self.root / str(named)).resolve()
        if not path.is_relative_to(self.root):
            self.problems.append(error("file_outside_case", _("{key}: {file} is outside the case folder", key=key,
                                                              file=named), loc,
                                       _("keep every input inside the case folder")))
            return None
        if not path.is_file():
            self.problems.append(error("file_missing", _("{key}: {file} does not exist", key=key, file=named), loc,
                                       _("put {file} in the case folder or fix the name", file=named)))
            return None
        table, found = read_table(path, str(named), SPECS[kind])
        self.problems.extend(found)
        self.files.append(str(named))
        return table

    def _shared_rows(self, debt: Debt, debts: tuple[Debt, ...], shared: Sequence[Payment]) -> tuple[Payment, ...]:
        """This debt's rows of the case-wide repayments file."""
        if debt is debts[0]:
            self._check_shared(debts, shared)
        only = len(debts) == 1
        rows = tuple(replace(p, debt=debt.id) for p in shared if p.debt == debt.id or (only and not p.debt))
        return _after_cutoff(rows, debt.card) if debt.card is not None else rows

    def _check_shared(self, debts: tuple[Debt, ...], shared: Sequence[Payment]) -> None:
        ids = {d.id for d in debts}
        for payment in shared:
            if not payment.debt and len(debts) > 1:
                self.problems.append(error(
                    "payment_debt_missing", _("repayment on {date} does not say which debt it is for", date=payment.date),
                    payment.loc, _("add a debt column (债务编号) naming one of: {ids}", ids=", ".join(sorted(ids)))))
            elif payment.debt and payment.debt not in ids:
                self.problems.append(error(
                    "payment_debt_unknown", _("repayment on {date} names debt {debt}, which case.yaml does not list",
                                              date=payment.date, debt=repr(payment.debt)),
                    payment.loc, _("use one of the debt ids: {ids}", ids=", ".join(sorted(ids)))))


def _by_id(payments: Sequence[Payment], debts: tuple[Debt, ...]) -> tuple[Payment, ...]:
    """A ledger's debt column may give a loan's contract number (合同编号) instead of the debt id."""
    ids = {d.id for d in debts}
    contracts = {d.loan.contract_no: d.id for d in debts if d.loan is not None}
    return tuple(replace(p, debt=contracts[p.debt]) if p.debt not in ids and p.debt in contracts else p
                 for p in payments)


def _after_cutoff(payments: tuple[Payment, ...], card: CreditCard) -> tuple[Payment, ...]:
    return tuple(p for p in payments if p.date > card.cutoff)


def debt_problems(debts: tuple[Debt, ...], debtors: list[Any], b: _CaseBuilder) -> list[Problem]:
    """Duplicate ids, guarantors answering for nothing, ``answers_for`` naming an unknown debt."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, debt in enumerate(debts):
        if debt.card is not None and debt.card.currency != "CNY":
            problems.append(warning(
                "currency_not_cny", _("{key} is in {currency}; amounts are never converted", key=f"debts.{i}",
                                      currency=debt.card.currency),
                b.loc("debts", i, "currency"),
                _("the case totals and court fees add this debt's figures as if they were yuan; "
                  "plead each currency on its own (a case per currency)")))
        if debt.id in seen:
            problems.append(error("debt_id_duplicate", _("{key} {id} is used by an earlier debt", key=f"debts.{i}.id",
                                                         id=repr(debt.id)),
                                  b.loc("debts", i, "id"), _("give every debt its own id")))
        seen.add(debt.id)
    for i, debtor in enumerate(debtors):
        listed = debtor.get("answers_for") if isinstance(debtor, dict) else None
        if debtor.get("role") == "guarantor" and not listed:
            problems.append(error("guarantor_answers_for_nothing",
                                  _("{key} is a guarantor but does not say which debts it guarantees", key=f"debtors.{i}"),
                                  b.loc("debtors", i), _("add answers_for: {example} (with limit: for 最高额保证)",
                                                         example="[{debt: ID}]")))
        for j, entry in enumerate(listed or []):
            if str(entry.get("debt")) not in seen:
                problems.append(error("answers_for_unknown_debt",
                                      _("{key}: debt {debt} is not in debts", key=f"debtors.{i}.answers_for.{j}",
                                        debt=repr(entry.get("debt"))),
                                      b.loc("debtors", i, "answers_for", j, "debt"),
                                      _("use one of the debt ids: {ids}", ids=", ".join(sorted(seen)))))
    return problems


def basis_problems(debts: tuple[Debt, ...], b: _CaseBuilder) -> list[Problem]:
    """``filings.enforcement.bases``: each debt named must be in ``debts:``, and be decided by one basis only."""
    problems: list[Problem] = []
    ids = {d.id for d in debts}
    decided: dict[str, int] = {}
    path = ("filings", "enforcement", "bases")
    for i, entry in enumerate(b.get(*path) or []):
        for j, debt in enumerate(entry.get("debts") or [] if isinstance(entry, dict) else []):
            key = f"filings.enforcement.bases.{i}.debts.{j}"
            if str(debt) not in ids:
                problems.append(error("basis_debt_unknown", _("{key}: debt {debt} is not in debts", key=key,
                                                              debt=repr(debt)),
                                      b.loc(*path, i, "debts", j), _("use one of the debt ids: {ids}",
                                                                      ids=", ".join(sorted(ids)))))
            elif str(debt) in decided:
                problems.append(error("basis_debt_twice", _(
                    "{key}: debt {debt} is already decided by filings.enforcement.bases.{first}", key=key,
                    debt=repr(debt), first=decided[str(debt)]), b.loc(*path, i, "debts", j),
                    _("name each debt under the one decision that decided it")))
            else:
                decided[str(debt)] = i
    return problems
