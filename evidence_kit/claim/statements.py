"""Mode B of the card method (reference/credit-card-method.md §7): the bank's statements recomputed.

It verifies the bank's numbers and never replaces them: every difference is a warning,
because the banks' exact day conventions are not public. Three checks per statement k:
the balance identity, the 违约金 posted on statement k+1 and the interest posted on k+1.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from evidence_kit.case.model import CardTransaction, CreditCard, Debt, Statement
from evidence_kit.i18n import _
from evidence_kit.money import ZERO, format_amount, to_fen
from evidence_kit.problems import Problem, warning

STATEMENT_TOLERANCE = Decimal("0.05")
INTEREST_BEARING = ("purchase", "cash", "installment_principal")


def balance_identity(s: Statement) -> Decimal:
    """new_balance as the statement's own movements give it."""
    return (s.previous_balance - s.payments - s.refunds + s.purchases + s.cash + s.installment_principal
            + s.interest + s.fees + s.penalty + s.adjustments)


def paid_between(moves: Sequence[CardTransaction], after: date, through: date) -> Decimal:
    return sum((m.amount for m in moves if m.type == "payment" and after < m.post_date <= through), ZERO)


def expected_penalty(card: CreditCard, s: Statement, paid_by_due: Decimal) -> Decimal:
    """违约金 for statement k: a rate on the unpaid part of the minimum payment, within its min and max."""
    shortfall = s.min_due - paid_by_due
    if shortfall <= 0 or card.penalty_rate is None:
        return ZERO
    amount = to_fen(shortfall * card.penalty_rate)
    if card.penalty_min is not None:
        amount = max(amount, card.penalty_min)
    if card.penalty_max is not None:
        amount = min(amount, card.penalty_max)
    return amount


def expected_interest(card: CreditCard, s: Statement, previous: date | None, next_on: date,
                      moves: Sequence[CardTransaction], kinds: tuple[str, ...] = INTEREST_BEARING) -> Decimal:
    """Interest posted at S_{k+1} for statement k left unpaid at its due date (§7), one rounding.

    ``kinds=("cash",)`` gives the interest of a statement paid in full: cash advances accrue from
    their posting date all the same, until the payment.
    """
    items = [m for m in moves if m.type in kinds and m.post_date <= s.statement_date
             and (previous is None or m.post_date > previous)]
    carried = max(ZERO, s.previous_balance - s.payments - s.refunds) if kinds == INTEREST_BEARING else ZERO
    start = min((m.post_date for m in items), default=s.statement_date)
    paid_by_due = paid_between(moves, s.statement_date, s.due_date)
    ratio = Decimal(1)
    if card.options.interest_mode == "unpaid_ratio" and s.new_balance > 0 and kinds == INTEREST_BEARING:
        ratio = (s.new_balance - paid_by_due) / s.new_balance
    non_bearing = s.fees + s.penalty + (ZERO if card.compound else s.interest)
    total = Decimal(0)
    day = start
    while day < next_on:
        base = sum((m.amount for m in items if m.post_date <= day), ZERO)
        if day >= s.statement_date:
            base += carried + (s.interest if card.compound else ZERO)
        base -= max(ZERO, paid_between(moves, s.statement_date, day) - non_bearing)
        total += max(ZERO, base) * (ratio if day < s.due_date else 1)
        day += timedelta(days=1)
    return to_fen(total * card.daily_rate)


def statement_problems(debt: Debt) -> list[Problem]:
    """Warnings where the bank's statements disagree with themselves or with the recomputation."""
    card = debt.card
    if card is None or not debt.statements:
        return []
    rows = sorted(debt.statements, key=lambda s: s.statement_date)
    problems = [p for s in rows for p in _identity(debt, s)]
    for k, s in enumerate(rows[:-1]):
        nxt = rows[k + 1]
        if nxt.previous_balance != s.new_balance:
            problems.append(warning(
                "statement_chain_mismatch",
                _("debt {debt}: statement {statement} starts from {previous_balance}, but statement {earlier} ended "
                  "at {new_balance}", debt=debt.id, statement=nxt.statement_date,
                  previous_balance=format_amount(nxt.previous_balance), earlier=s.statement_date,
                  new_balance=format_amount(s.new_balance)),
                nxt.loc, _("check the statements export for a missing row")))
        if debt.transactions:
            problems.extend(_posted_checks(debt, card, s, nxt, rows[k - 1].statement_date if k else None))
    return problems


def _identity(debt: Debt, s: Statement) -> list[Problem]:
    computed = balance_identity(s)
    if abs(computed - s.new_balance) <= STATEMENT_TOLERANCE:
        return []
    return [warning("statement_balance_mismatch",
                    _("debt {debt}: statement {statement}: the movements give {computed}, the statement says "
                      "{new_balance}", debt=debt.id, statement=s.statement_date, computed=format_amount(computed),
                      new_balance=format_amount(s.new_balance)), s.loc,
                    _("check the statement row (payments, purchases, interest, fees, 违约金, adjustments)"))]


def _posted_checks(debt: Debt, card: CreditCard, s: Statement, nxt: Statement, previous: date | None) -> list[Problem]:
    problems = []
    paid_by_due = paid_between(debt.transactions, s.statement_date, s.due_date)
    penalty = expected_penalty(card, s, paid_by_due)
    if card.penalty_rate is not None and abs(penalty - nxt.penalty) > STATEMENT_TOLERANCE:
        problems.append(warning("penalty_mismatch",
                                _("debt {debt}: statement {statement} posts 违约金 {posted}; the contract terms give "
                                  "{expected}", debt=debt.id, statement=nxt.statement_date,
                                  posted=format_amount(nxt.penalty), expected=format_amount(penalty)),
                                nxt.loc, _("check penalty_rate, penalty_min and penalty_max against the card agreement")))
    kinds = INTEREST_BEARING if paid_by_due < s.new_balance else ("cash",)
    interest = expected_interest(card, s, previous, nxt.statement_date, debt.transactions, kinds)
    checked = kinds == INTEREST_BEARING or interest > 0  # a statement paid in full owes interest on cash only
    if checked and abs(interest - nxt.interest) > STATEMENT_TOLERANCE:
        problems.append(warning("interest_mismatch",
                                _("debt {debt}: statement {statement} posts interest {posted}; recomputed {expected} "
                                  "({interest_mode})", debt=debt.id, statement=nxt.statement_date,
                                  posted=format_amount(nxt.interest), expected=format_amount(interest),
                                  interest_mode=card.options.interest_mode), nxt.loc,
                                _("banks' day conventions differ; check interest_mode and the transactions export")))
    return problems
