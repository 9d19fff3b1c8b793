"""Eligibility gates: a filing the law would not accept is refused (exit 12) before anything is written.

Each failed condition is a problem naming its legal basis and what would cure it; all
of them are reported at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from evidence_kit.case.model import Case, Debt, EnforcementBasis, Party
from evidence_kit.claim.card import CardClaim
from evidence_kit.claim.debts import debt_limitations
from evidence_kit.claim.enforcement import enforcement_deadline
from evidence_kit.claim.engine import Claim
from evidence_kit.claim.limitation import Limitation, compute_limitation
from evidence_kit.errors import NotEligible
from evidence_kit.i18n import N_, _, translate
from evidence_kit.problems import Problem, Severity, error, warning

OUTSIDE_MAINLAND = ("香港", "澳门", "台湾", "中国香港", "中国澳门", "中国台湾")
"""Address prefixes of places where a payment order cannot be served as in mainland China."""
LIMITATION_WARNING_DAYS = 90
"""A complaint filed this close to the end of the limitation period gets a warning."""
LEGAL_BASIS = {
    "not_eligible_nothing_due": N_("民诉法解释 art. 427(二)"),
    "not_eligible_not_due": N_("民诉法解释 art. 427(二), art. 428(四)"),
    "not_eligible_counter_obligation": N_("民诉法解释 art. 427(三)"),
    "not_eligible_no_address": N_("MPL art. 225(二); 民诉法解释 art. 427(五)"),
    "not_eligible_outside_mainland": N_("民诉法解释 art. 427(四)"),
    "filing_conflict": N_("民诉法解释 art. 427(七)"),
    "not_eligible_preservation_amount": N_("MPL art. 105"),
    "not_eligible_no_assets": N_("财产保全规定 art. 1(四)"),
    "not_eligible_guarantee": N_("MPL art. 104; 民诉法解释 art. 152"),
    "not_eligible_basis": N_("民诉法解释 art. 461"),
    "not_eligible_not_yet_due": N_("执行工作规定 item 16"),
    "enforcement_deadline_passed": N_("MPL art. 250"),
    "limitation_expired": N_("Civil Code art. 188"),
    "limitation_near": N_("Civil Code art. 188"),
}
"""The rule behind each refusal (and warning), by problem code: each message cites it, route lists it."""


def legal_basis(code: str) -> str:
    """The rule behind the problem ``code``, in the current language (the code itself when none is known)."""
    return translate(LEGAL_BASIS[code]) if code in LEGAL_BASIS else code


def payment_order_problems(case: Case, claims: Sequence[Claim | CardClaim]) -> list[Problem]:
    problems = []
    if sum(c.total for c in claims) <= 0:
        problems.append(error("not_eligible_nothing_due", _(
            "payment order: nothing is due at as_of ({basis}: the money must be due and certain)",
            basis=legal_basis("not_eligible_nothing_due")),
            case.yaml_loc("as_of"), _("apply once an installment is overdue")))
    for debt, claim in zip(case.all_debts, claims, strict=True):
        problems += _debt_due_problems(case, debt, claim)
    for index, debtor in enumerate(case.debtors):
        if debtor.role != "guarantor":
            problems += _service_problems(case, index, debtor)
    preservation = case.filings.preservation
    if preservation is not None and preservation.stage == "pre_litigation":
        problems.append(error("filing_conflict", _(
            "payment order: a pre-litigation preservation is asked for in the same case ({basis})",
            basis=legal_basis("filing_conflict")), case.yaml_loc("filings.preservation.stage"),
            _("choose either the payment order or the pre-litigation preservation")))
    return problems


def _debt_due_problems(case: Case, debt: Debt, claim: Claim | CardClaim) -> list[Problem]:
    """Per loan: all of its principal due, and the loan disbursed (named by its id in a schema_version 2 case).

    A card's whole balance is claimed from its cut-off: nothing of it is left not due."""
    if debt.loan is None:
        return []
    problems = []
    if claim.not_due_principal > 0:
        basis = legal_basis("not_eligible_not_due")
        message = (_("payment order: debt {debt}: part of the principal is not yet due and the loan was not "
                     "accelerated ({basis})", debt=debt.id, basis=basis) if case.debts else
                   _("payment order: part of the principal is not yet due and the loan was not accelerated ({basis})",
                     basis=basis))
        problems.append(error("not_eligible_not_due", message, case.yaml_loc(f"{debt.key}.accelerated_on"),
                              _("declare the loan due early ({key}.accelerated_on, with the notice as an exhibit) "
                                "or wait until maturity", key=debt.key)))
    if debt.loan.disbursed_on > case.as_of:
        basis = legal_basis("not_eligible_counter_obligation")
        message = (_("payment order: debt {debt}: the loan is not yet disbursed, so the creditor still owes "
                     "performance ({basis})", debt=debt.id, basis=basis) if case.debts else
                   _("payment order: the loan is not yet disbursed, so the creditor still owes performance ({basis})",
                     basis=basis))
        problems.append(error("not_eligible_counter_obligation", message, case.yaml_loc(f"{debt.key}.disbursed_on"),
                              _("apply only after the loan was disbursed")))
    return problems


def _service_problems(case: Case, index: int, debtor: Party) -> list[Problem]:
    key = f"debtors.{index}.address"
    if not debtor.address.strip():
        return [error("not_eligible_no_address", _("payment order: {name} has no address for service ({basis})",
                                                   name=debtor.name, basis=legal_basis("not_eligible_no_address")),
                      case.yaml_loc(key), _("give the debtor's address (户籍地 or 经常居住地), or sue instead"))]
    if debtor.address.startswith(OUTSIDE_MAINLAND):
        return [error("not_eligible_outside_mainland", _(
            "payment order: {name}'s address is outside mainland China ({basis})", name=debtor.name,
            basis=legal_basis("not_eligible_outside_mainland")), case.yaml_loc(key),
            _("give a mainland address where the debtor can be served, or sue instead"))]
    return []


def preservation_problems(case: Case, claims: Sequence[Claim | CardClaim]) -> list[Problem]:
    request = case.filings.preservation
    if request is None:
        return []
    problems = []
    total = sum((c.total for c in claims), Decimal("0.00"))
    if request.amount > total:
        problems.append(error("not_eligible_preservation_amount", _(
            "preservation: the amount {amount} exceeds the claim total {total} ({basis}: 保全限于请求的范围)",
            amount=request.amount, total=total, basis=legal_basis("not_eligible_preservation_amount")),
            case.yaml_loc("filings.preservation.amount"), _("ask for at most {total}", total=total)))
    if not request.assets:
        problems.append(error("not_eligible_no_assets", _("preservation: no asset is named ({basis})",
                                                          basis=legal_basis("not_eligible_no_assets")),
                              case.yaml_loc("filings.preservation.assets"),
                              _("list at least one asset (kind, description, value) or a concrete asset clue")))
    if request.stage == "pre_litigation":
        g = request.guarantee
        if g is None or g.amount is None or g.amount < request.amount:
            problems.append(error("not_eligible_guarantee", _(
                "preservation: a pre-litigation preservation needs a guarantee of at least {amount} ({basis})",
                amount=request.amount, basis=legal_basis("not_eligible_guarantee")),
                case.yaml_loc("filings.preservation.guarantee"),
                _("give filings.preservation.guarantee with an amount ≥ the preservation amount")))
    return problems


def enforcement_problems(case: Case) -> list[Problem]:
    """Each decision to enforce (the one basis, or each of ``bases``): complete, performance due, in time."""
    return [p for request in case.filings.enforcements for p in _basis_problems(case, request.basis)]


def _basis_problems(case: Case, basis: EnforcementBasis) -> list[Problem]:
    problems = []
    if not (basis.number.strip() and basis.issued_by.strip()) or basis.awarded.total <= 0:
        problems.append(error("not_eligible_basis", _(
            "enforcement: the basis is incomplete (number, issuing body and awarded money are needed; {basis})",
            basis=legal_basis("not_eligible_basis")), case.yaml_loc(basis.key),
            _("copy number, issued_by and awarded from the effective document")))
    if case.as_of <= basis.performance_due:
        problems.append(error("not_eligible_not_yet_due", _(
            "enforcement: the performance period runs until {date} ({basis})", date=basis.performance_due,
            basis=legal_basis("not_eligible_not_yet_due")),
            case.yaml_loc(f"{basis.key}.performance_due"),
            _("apply after the performance period has ended")))
    deadline = enforcement_deadline(basis.performance_due)
    if case.as_of > deadline:
        problems += _deadline_problems(case, basis, deadline)
    return problems


def _deadline_problems(case: Case, basis: EnforcementBasis, deadline: date) -> list[Problem]:
    where = case.yaml_loc(f"{basis.key}.performance_due")
    hint = _("add the evidence of an interruption (settlement, demand, part payment) or seek advice")
    rule = legal_basis("enforcement_deadline_passed")
    if not basis.debts:
        return [error("enforcement_deadline_passed", _("enforcement: the two-year period ended on {date} ({basis})",
                                                       date=deadline, basis=rule), where, hint)]
    titles = {d.id: d.title for d in case.all_debts}
    return [error("enforcement_deadline_passed", _(
        "enforcement: debt {debt} ({title}): the two-year period for {number} ended on {date} ({basis})", debt=debt,
        title=titles.get(debt, debt), number=basis.number, date=deadline, basis=rule), where, hint)
        for debt in basis.debts]


def complaint_problems(case: Case) -> list[Problem]:
    """The limitation period of the case's loan; of each debt, named, in a schema_version 2 case."""
    if not case.debts:
        return _limitation_problems(case, compute_limitation(case), None)
    return [p for debt, period in debt_limitations(case) for p in _limitation_problems(case, period, debt)]


def _limitation_problems(case: Case, limitation: Limitation, debt: Debt | None) -> list[Problem]:
    left = limitation.days_left(case.as_of)
    where = case.yaml_loc("as_of")
    if left < 0:
        basis = legal_basis("limitation_expired")
        message = (_("complaint: debt {debt} ({title}): the limitation period ended on {date} ({basis})",
                     debt=debt.id, title=debt.title, date=limitation.expiry, basis=basis) if debt is not None else
                   _("complaint: the limitation period ended on {date} ({basis})", date=limitation.expiry,
                     basis=basis))
        return [error("limitation_expired", message, where,
                      _("add the contact or repayment that interrupted the period, if there was one"))]
    if left <= LIMITATION_WARNING_DAYS:
        basis = legal_basis("limitation_near")
        message = (_("complaint: debt {debt} ({title}): the limitation period ends on {date}, in {days} days "
                     "({basis})", debt=debt.id, title=debt.title, date=limitation.expiry, days=left, basis=basis)
                   if debt is not None else
                   _("complaint: the limitation period ends on {date}, in {days} days ({basis})",
                     date=limitation.expiry, days=left, basis=basis))
        return [warning("limitation_near", message, where, _("file now"))]
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
        raise NotEligible(_("{count} condition(s) for the requested filings are not met: {reasons}",
                            count=len(errors), reasons=_("; ").join(p.message for p in errors)), problems=errors,
                          file=first.loc.file if first.loc else None, row=first.loc.row if first.loc else None,
                          hint=_("see each condition's hint; nothing was written"))
