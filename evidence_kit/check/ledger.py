"""The repayment ledger: split columns, dates, duplicates."""

from __future__ import annotations

from decimal import Decimal

from evidence_kit.case.model import Case, Debt, Payment
from evidence_kit.money import format_amount
from evidence_kit.problems import Location, Problem, error, warning


def ledger_problems(case: Case) -> list[Problem]:
    problems: list[Problem] = []
    for debt in case.all_debts:
        for payment in debt.payments:
            problems.extend(_payment_problems(case, debt, payment))
    problems.extend(_duplicates(case.all_payments))
    return problems


def _payment_problems(case: Case, debt: Debt, payment: Payment) -> list[Problem]:
    problems: list[Problem] = []
    at_date = Location(payment.loc.file, payment.loc.row, None)
    if payment.amount <= 0:
        problems.append(error("payment_not_positive", f"repayment amount {format_amount(payment.amount)} is not positive",
                              payment.loc, "a ledger row records money received; remove reversals or net them first"))
    if payment.date < debt.first_day:
        what = "the disbursement" if debt.loan is not None else f"the card agreement of {debt.id}"
        problems.append(error("payment_before_disbursement",
                              f"repayment on {payment.date} is before {what} on {debt.first_day}",
                              at_date, "check the date, or whether the row belongs to another loan"))
    if payment.date > case.as_of:
        problems.append(error("payment_after_as_of", f"repayment on {payment.date} is after as_of {case.as_of}",
                              at_date, "move as_of to a later date or remove rows after it"))
    if payment.has_split:
        parts = payment.split()
        total = sum(parts.values(), Decimal("0.00"))
        if total != payment.amount:
            shown = " + ".join(f"{k} {format_amount(v)}" for k, v in parts.items() if v)
            problems.append(error("split_mismatch",
                                  f"the split ({shown} = {format_amount(total)}) does not add up to the amount {format_amount(payment.amount)}",
                                  payment.loc, "correct the split columns or the amount so that they agree"))
        for kind, value in parts.items():
            if value < 0:
                problems.append(error("split_negative", f"{kind} part {format_amount(value)} is negative", payment.loc,
                                      "split parts are amounts received, never negative"))
    return problems


def _duplicates(payments: tuple[Payment, ...]) -> list[Problem]:
    first: dict[tuple[object, ...], Payment] = {}  # one entry per distinct row: no list per row
    repeats: list[tuple[Payment, Payment]] = []
    for p in payments:
        key = (p.date, p.amount, p.reference, p.principal, p.interest, p.penalty, p.compound, p.fee)
        earlier = first.setdefault(key, p)
        if earlier is not p:
            repeats.append((earlier, p))
    repeats.sort(key=lambda pair: (pair[0].loc.row or 0, pair[1].loc.row or 0))
    return [warning("duplicate_payment", f"repayment of {format_amount(dup.amount)} on {dup.date} repeats line {one.loc.row}",
                    Location(dup.loc.file, dup.loc.row, None),
                    "remove the row if it was exported twice; keep it if two payments really happened")
            for one, dup in repeats]
