"""Eligibility gates: a filing the law would not accept is refused (exit 12) before anything is written.

Each failed condition is a problem naming its legal basis and what would cure it; all
of them are reported at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from evidence_kit.case.model import Case, Debt, Party
from evidence_kit.claim.card import CardClaim
from evidence_kit.claim.debts import debt_limitations
from evidence_kit.claim.enforcement import enforcement_deadline
from evidence_kit.claim.engine import Claim
from evidence_kit.claim.limitation import Limitation, compute_limitation
from evidence_kit.errors import NotEligible
from evidence_kit.problems import Problem, Severity, error, warning

OUTSIDE_MAINLAND = ("香港", "澳门", "台湾", "中国香港", "中国澳门", "中国台湾")
"""Address prefixes of places where a payment order cannot be served as in mainland China."""
LIMITATION_WARNING_DAYS = 90
"""A complaint filed this close to the end of the limitation period gets a warning."""


def payment_order_problems(case: Case, claims: Sequence[Claim | CardClaim]) -> list[Problem]:
    problems = []
    if sum(c.total for c in claims) <= 0:
        problems.append(error("not_eligible_nothing_due", "payment order: nothing is due at as_of "
                              "(民诉法解释 art. 427(二): the money must be due and certain)",
                              case.yaml_loc("as_of"), "apply once an installment is overdue"))
    for debt, claim in zip(case.all_debts, claims, strict=True):
        problems += _debt_due_problems(case, debt, claim)
    for index, debtor in enumerate(case.debtors):
        if debtor.role != "guarantor":
            problems += _service_problems(case, index, debtor)
    preservation = case.filings.preservation
    if preservation is not None and preservation.stage == "pre_litigation":
        problems.append(error("filing_conflict", "payment order: a pre-litigation preservation is asked for in the "
                              "same case (民诉法解释 art. 427(七))", case.yaml_loc("filings.preservation.stage"),
                              "choose either the payment order or the pre-litigation preservation"))
    return problems


def _debt_due_problems(case: Case, debt: Debt, claim: Claim | CardClaim) -> list[Problem]:
    """Per loan: all of its principal due, and the loan disbursed (named by its id in a schema_version 2 case).

    A card's whole balance is claimed from its cut-off: nothing of it is left not due."""
    if debt.loan is None:
        return []
    which = f"debt {debt.id}: " if case.debts else ""
    problems = []
    if claim.not_due_principal > 0:
        problems.append(error("not_eligible_not_due", f"payment order: {which}part of the principal is not yet due "
                              "and the loan was not accelerated (民诉法解释 art. 427(二), art. 428(四))",
                              case.yaml_loc(f"{debt.key}.accelerated_on"),
                              f"declare the loan due early ({debt.key}.accelerated_on, with the notice as an exhibit) "
                              "or wait until maturity"))
    if debt.loan.disbursed_on > case.as_of:
        problems.append(error("not_eligible_counter_obligation", f"payment order: {which}the loan is not yet "
                              "disbursed, so the creditor still owes performance (民诉法解释 art. 427(三))",
                              case.yaml_loc(f"{debt.key}.disbursed_on"), "apply only after the loan was disbursed"))
    return problems


def _service_problems(case: Case, index: int, debtor: Party) -> list[Problem]:
    key = f"debtors.{index}.address"
    if not debtor.address.strip():
        return [error("not_eligible_no_address", f"payment order: {debtor.name} has no address for service "
                      "(MPL art. 225(二); 民诉法解释 art. 427(五))", case.yaml_loc(key),
                      "give the debtor's address (户籍地 or 经常居住地), or sue instead")]
    if debtor.address.startswith(OUTSIDE_MAINLAND):
        return [error("not_eligible_outside_mainland", f"payment order: {debtor.name}'s address is outside mainland "
                      "China (民诉法解释 art. 427(四))", case.yaml_loc(key),
                      "give a mainland address where the debtor can be served, or sue instead")]
    return []


def preservation_problems(case: Case, claims: Sequence[Claim | CardClaim]) -> list[Problem]:
    request = case.filings.preservation
    if request is None:
        return []
    problems = []
    total = sum((c.total for c in claims), Decimal("0.00"))
    if request.amount > total:
        problems.append(error("not_eligible_preservation_amount", f"preservation: the amount {request.amount} exceeds "
                              f"the claim total {total} (MPL art. 105: 保全限于请求的范围)",
                              case.yaml_loc("filings.preservation.amount"), f"ask for at most {total}"))
    if not request.assets:
        problems.append(error("not_eligible_no_assets", "preservation: no asset is named (财产保全规定 art. 1(四))",
                              case.yaml_loc("filings.preservation.assets"),
                              "list at least one asset (kind, description, value) or a concrete asset clue"))
    if request.stage == "pre_litigation":
        g = request.guarantee
        if g is None or g.amount is None or g.amount < request.amount:
            problems.append(error("not_eligible_guarantee", "preservation: a pre-litigation preservation needs a "
                                  f"guarantee of at least {request.amount} (MPL art. 104; 民诉法解释 art. 152)",
                                  case.yaml_loc("filings.preservation.guarantee"),
                                  "give filings.preservation.guarantee with an amount ≥ the preservation amount"))
    return problems


def enforcement_problems(case: Case) -> list[Problem]:
    request = case.filings.enforcement
    if request is None:
        return []
    basis = request.basis
    problems = []
    if not (basis.number.strip() and basis.issued_by.strip()) or basis.awarded.total <= 0:
        problems.append(error("not_eligible_basis", "enforcement: the basis is incomplete (number, issuing body and "
                              "awarded money are needed; 民诉法解释 art. 461)", case.yaml_loc("filings.enforcement.basis"),
                              "copy number, issued_by and awarded from the effective document"))
    if case.as_of <= basis.performance_due:
        problems.append(error("not_eligible_not_yet_due", f"enforcement: the performance period runs until "
                              f"{basis.performance_due} (执行工作规定 item 16)",
                              case.yaml_loc("filings.enforcement.basis.performance_due"),
                              "apply after the performance period has ended"))
    deadline = enforcement_deadline(basis.performance_due)
    if case.as_of > deadline:
        problems.append(error("enforcement_deadline_passed", f"enforcement: the two-year period ended on {deadline} "
                              "(MPL art. 250)", case.yaml_loc("filings.enforcement.basis.performance_due"),
                              "add the evidence of an interruption (settlement, demand, part payment) or seek advice"))
    return problems


def complaint_problems(case: Case) -> list[Problem]:
    """The limitation period of the case's loan; of each debt, named, in a schema_version 2 case."""
    if not case.debts:
        return _limitation_problems(case, compute_limitation(case), "")
    return [p for debt, period in debt_limitations(case)
            for p in _limitation_problems(case, period, f"debt {debt.id} ({debt.title}): ")]


def _limitation_problems(case: Case, limitation: Limitation, which: str) -> list[Problem]:
    left = limitation.days_left(case.as_of)
    where = case.yaml_loc("as_of")
    if left < 0:
        return [error("limitation_expired", f"complaint: {which}the limitation period ended on {limitation.expiry} "
                      "(Civil Code art. 188)", where,
                      "add the contact or repayment that interrupted the period, if there was one")]
    if left <= LIMITATION_WARNING_DAYS:
        return [warning("limitation_near", f"complaint: {which}the limitation period ends on {limitation.expiry}, in "
                        f"{left} days (Civil Code art. 188)", where, "file now")]
    return []


def eligibility_problems(case: Case, claims: Sequence[Claim | CardClaim], wanted: list[str], on: date | None = None) -> list[Problem]:
    """Every condition failed by the filings in ``wanted`` (errors) and the warnings."""
    problems: list[Problem] = []
    if "payment_order" in wanted:
        problems += payment_order_problems(case, claims)
    if "preservation" in wanted:
        problems += preservation_problems(case, claims)
    if "enforcement" in wanted:
        problems += enforcement_problems(case)
    if "complaint" in wanted:
        problems += complaint_problems(case)
    return problems


def refuse_ineligible(problems: list[Problem]) -> None:
    """Raise :class:`NotEligible` (exit 12) listing every failed condition, when there is one."""
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        first = errors[0]
        raise NotEligible(f"{len(errors)} condition(s) for the requested filings are not met: "
                          + "; ".join(p.message for p in errors), problems=errors,
                          file=first.loc.file if first.loc else None, row=first.loc.row if first.loc else None,
                          hint="see each condition's hint; nothing was written")
