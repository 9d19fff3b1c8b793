"""The repayment ledger: split columns, dates, duplicates."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from decimal import Decimal

from evidence_kit.case.model import Case, Debt, Payment
from evidence_kit.i18n import _
from evidence_kit.money import format_amount
from evidence_kit.problems import Location, Problem, error, warning


def ledger_problems(case: Case) -> list[Problem]:
    problems: list[Problem] = []
    for debt in case.all_debts:
        for payment in debt.payments:
            problems.extend(_payment_problems(case, debt, payment))
    problems.extend(_duplicates(case.all_payments))
    return problems


def _duplicate_key(p: Payment) -> tuple[object, ...]:
    return (p.date, p.amount, p.reference, p.principal, p.interest, p.penalty, p.compound, p.fee)


def _repeats_among(rows: list[tuple[int, Payment]]) -> list[tuple[Payment, Payment, int]]:
    """(first row, later equal row, the later row's index) among (index, row) pairs in ledger order."""
    first: dict[tuple[object, ...], Payment] = {}
    repeats = []
    for index, p in rows:
        earlier = first.setdefault(_duplicate_key(p), p)
        if earlier is not p:
            repeats.append((earlier, p, index))
    return repeats


def _payment_problems(case: Case, debt: Debt, payment: Payment) -> list[Problem]:
    problems: list[Problem] = []
    at_date = Location(payment.loc.file, payment.loc.row, None)
    if payment.amount <= 0:
        problems.append(error("payment_not_positive", _("repayment amount {amount} is not positive",
                                                        amount=format_amount(payment.amount)),
                              payment.loc, _("a ledger row records money received; remove reversals or net them first")))
    if payment.date < debt.first_day:
        what = _("the disbursement") if debt.loan is not None else _("the card agreement of {debt}", debt=debt.id)
        problems.append(error("payment_before_disbursement",
                              _("repayment on {date} is before {what} on {first_day}", date=payment.date, what=what,
                                first_day=debt.first_day),
                              at_date, _("check the date, or whether the row belongs to another loan")))
    if payment.date > case.as_of:
        problems.append(error("payment_after_as_of", _("repayment on {date} is after as_of {as_of}", date=payment.date,
                                                       as_of=case.as_of),
                              at_date, _("move as_of to a later date or remove rows after it")))
    if payment.has_split:
        parts = payment.split()
        total = sum(parts.values(), Decimal("0.00"))
        if total != payment.amount:
            shown = " + ".join(f"{k} {format_amount(v)}" for k, v in parts.items() if v)
            problems.append(error("split_mismatch",
                                  _("the split ({parts} = {total}) does not add up to the amount {amount}", parts=shown,
                                    total=format_amount(total), amount=format_amount(payment.amount)),
                                  payment.loc, _("correct the split columns or the amount so that they agree")))
        for kind, value in parts.items():
            if value < 0:
                problems.append(error("split_negative", _("{kind} part {amount} is negative", kind=kind,
                                                          amount=format_amount(value)), payment.loc,
                                      _("split parts are amounts received, never negative")))
    return problems


def _duplicates(payments: Sequence[Payment]) -> list[Problem]:
    """Rows equal in date, amount, reference and split to an earlier row, each with the first such row.

    The rows are grouped by the hash of what makes them equal, held as one integer a row; only
    rows whose hash repeats are compared, so a million distinct rows need no dictionary of a
    million keys.
    """
    hashes = array("q", (hash(_duplicate_key(p)) for p in payments))
    order = sorted(range(len(payments)), key=hashes.__getitem__)
    repeats: list[tuple[Payment, Payment, int]] = []
    start = 0
    while start < len(order):
        stop = start + 1
        while stop < len(order) and hashes[order[stop]] == hashes[order[start]]:
            stop += 1
        if stop - start > 1:
            repeats.extend(_repeats_among([(i, payments[i]) for i in sorted(order[start:stop])]))
        start = stop
    repeats.sort(key=lambda found: (found[0].loc.row or 0, found[1].loc.row or 0, found[2]))  # as in ledger order
    return [warning("duplicate_payment", _("repayment of {amount} on {date} repeats line {row}",
                                           amount=format_amount(dup.amount), date=dup.date, row=one.loc.row),
                    Location(dup.loc.file, dup.loc.row, None),
                    _("remove the row if it was exported twice; keep it if two payments really happened"))
            for one, dup, _index in repeats]
