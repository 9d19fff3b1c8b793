"""The claim of a case with several debts (DESIGN §2b): each debt on its own, then the case totals.

A loan is computed by the loan engine (``engine.compute_claim``) on a view of the case that
holds only that loan, its schedule and its payments, so a loan's figures are exactly what
the engine gives for a one-loan case; a card by the card method (``card.compute_card_claim``).
The case totals are sums of the per-debt amounts, each already rounded to the fen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from evidence_kit.case.debts import card_standin_loan
from evidence_kit.case.model import Case, Debt
from evidence_kit.claim.card import (
    CardClaim,
    CardInputInvalid,
    card_input_problems,
    card_mismatch_problems,
    compute_card_claim,
)
from evidence_kit.claim.enforcement import enforcement_problems
from evidence_kit.claim.engine import (
    COMPONENTS,
    MISMATCH_TOLERANCE,
    Claim,
    compute_claim,
    input_problems,
    limitation_applies,
    mismatch_problems,
)
from evidence_kit.claim.limitation import Limitation, compute_limitation, limitation_problems
from evidence_kit.claim.schedule import TermsInvalid
from evidence_kit.claim.statements import statement_problems
from evidence_kit.i18n import _
from evidence_kit.money import ZERO
from evidence_kit.problems import Problem

AMOUNT_KEYS = (*COMPONENTS, "total", "not_due_principal", "credit")


@dataclass(frozen=True)
class DebtClaim:
    """One debt's claim: exactly one of ``loan`` (the loan engine's) and ``card`` (the card method's)."""

    debt: Debt
    loan: Claim | None = None
    card: CardClaim | None = None

    @property
    def figures(self) -> Claim | CardClaim:
        result = self.loan or self.card
        assert result is not None
        return result

    def amount(self, key: str) -> Decimal:
        value = getattr(self.figures, key)
        assert isinstance(value, Decimal)
        return value


@dataclass(frozen=True)
class CaseClaim:
    """Every debt's claim and the case totals (the §4 keys hold the totals)."""

    case_id: str
    as_of: date
    debts: tuple[DebtClaim, ...]

    def amount(self, key: str) -> Decimal:
        """A case total: the sum of the debts' amounts for ``key`` (principal … credit)."""
        return sum((d.amount(key) for d in self.debts), ZERO)

    @property
    def total(self) -> Decimal:
        return self.amount("total")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(w for d in self.debts for w in d.figures.warnings)


def debt_view(case: Case, debt: Debt) -> Case:
    """The case as if ``debt`` were its only loan: its terms, schedule and payments, the case's contacts."""
    if debt.loan is not None:
        return replace(case, loan=debt.loan, schedule=debt.schedule, payments=debt.payments, debts=())
    assert debt.card is not None
    standin = card_standin_loan(debt.card, card_limitation_start(debt))
    return replace(case, loan=standin, schedule=None, payments=debt.payments, debts=())


def card_limitation_start(debt: Debt) -> date:
    """When the whole card debt fell due (credit-card-method.md §6; the start is UNCONFIRMED there).

    ``accelerated_on``, else the last 到期还款日 of a statement left unpaid, else the due date
    missed on the first overdue day (the day before it).
    """
    card = debt.card
    assert card is not None
    if card.accelerated_on is not None:
        return card.accelerated_on
    unpaid = [s.due_date for s in debt.statements if s.new_balance > 0]
    return max(unpaid, default=card.first_overdue_date - timedelta(days=1))


def _debt_input_problems(case: Case, debt: Debt, as_of: date) -> list[Problem]:
    if debt.card is not None:
        return card_input_problems(debt, as_of)
    return [_relabel(p, debt) for p in input_problems(debt_view(case, debt), as_of)]


def _relabel(problem: Problem, debt: Debt) -> Problem:
    """A loan-engine message speaks of ``loan.…``; in a schema_version 2 case it names the debt."""
    if debt.key == "loan":
        return problem
    message = problem.message.replace("loan.", f"{debt.key}.")
    if debt.key in message:
        return replace(problem, message=message)
    return replace(problem, message=_("debt {debt}: {message}", debt=debt.id, message=message))


def case_input_problems(case: Case, as_of: date | None = None) -> list[Problem]:
    day = as_of or case.as_of
    return [p for debt in case.all_debts for p in _debt_input_problems(case, debt, day)]


def compute_debt_claim(case: Case, debt: Debt, as_of: date) -> DebtClaim:
    if debt.card is not None:
        return DebtClaim(debt, card=compute_card_claim(debt, as_of))
    return DebtClaim(debt, loan=compute_claim(debt_view(case, debt), as_of))


def compute_case_claim(case: Case, as_of: date | None = None) -> CaseClaim:
    """Every debt's claim at ``as_of`` (default ``case.as_of``).

    Raises :class:`~evidence_kit.claim.schedule.TermsInvalid` (exit code 4) with every
    debt's input errors when any debt allows no claim.
    """
    day = as_of or case.as_of
    problems = case_input_problems(case, day)
    if problems:
        raise TermsInvalid(problems)
    try:
        debts = tuple(compute_debt_claim(case, debt, day) for debt in case.all_debts)
    except CardInputInvalid as exc:  # pragma: no cover - case_input_problems already reports these
        raise TermsInvalid(exc.problems) from exc
    return CaseClaim(case.case_id, day, debts)


def case_claim_problems(case: Case, as_of: date | None = None) -> list[Problem]:
    """Every problem of the claim, per debt: input errors, warnings, claim_mismatch, limitation, mode B;
    then the enforcement deadlines, once for the case."""
    day = as_of or case.as_of
    problems = case_input_problems(case, day)
    if problems:
        return problems
    claim = compute_case_claim(case, day)
    for item in claim.debts:
        problems.extend(_debt_problems(case, item, day))
    problems.extend(enforcement_problems(case, day))
    return problems


def _debt_problems(case: Case, item: DebtClaim, as_of: date) -> list[Problem]:
    debt, view = item.debt, debt_view(case, item.debt)
    found: list[Problem] = list(item.figures.warnings)
    if item.loan is not None:
        found.extend(_relabel(p, debt) for p in mismatch_problems(view, item.loan))
    if item.card is not None:
        found.extend(card_mismatch_problems(debt, item.card, MISMATCH_TOLERANCE))
        found.extend(statement_problems(debt))
    if limitation_applies(case):
        found.extend(replace(p, message=_("debt {debt} ({title}): {message}", debt=debt.id, title=debt.title,
                                          message=_card_words(debt, p.message)))
                     for p in limitation_problems(view, as_of))
    return found


def _card_words(debt: Debt, text: str) -> str:
    """The limitation start of a card, worded for a card rather than a loan."""
    if debt.card is None:
        return text
    return text.replace("宣布贷款提前到期", "宣布信用卡欠款全部到期").replace("贷款到期", "信用卡到期还款日")


def debt_limitations(case: Case) -> list[tuple[Debt, Limitation]]:
    """Each debt's limitation period at ``case.as_of``."""
    result = []
    for debt in case.all_debts:
        period = compute_limitation(debt_view(case, debt))
        event = replace(period.event, description=_card_words(debt, period.event.description))
        result.append((debt, replace(period, event=event)))
    return result


def totals_of(claims: Sequence[DebtClaim]) -> dict[str, Decimal]:
    return {key: sum((c.amount(key) for c in claims), ZERO) for key in AMOUNT_KEYS}
