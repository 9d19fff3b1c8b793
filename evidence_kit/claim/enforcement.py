"""Enforcement (申请执行): the two-year deadline and the doubled late-performance interest.

- Deadline: performance_due + 2 years (Civil Procedure Law 2023 art. 250).
- 加倍部分债务利息 (art. 264; 法释〔2014〕8号): base = the awarded money other than interest items
  (principal + fees + costs; interest, penalty and compound are interest items) minus
  ``paid_since``, never below zero; amount = round(base × 0.000175 × days(performance_due, as_of)).

A schema_version 2 case whose debts were decided by different judgments lists them as
``filings.enforcement.bases``: each decision runs its own deadline and doubled interest, and
a passed deadline is reported for each debt it decided, naming the debt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from evidence_kit.case.model import Awarded, Case, EnforcementRequest, Filings
from evidence_kit.claim.limitation import add_years
from evidence_kit.claim.schedule import key_loc, on_key_line
from evidence_kit.i18n import _
from evidence_kit.money import ZERO, format_amount, to_fen
from evidence_kit.problems import Problem, error

ENFORCEMENT_YEARS = 2
LATE_DAILY_RATE = Decimal("0.000175")
"""日万分之一点七五."""


@dataclass(frozen=True)
class EnforcementFigures:
    performance_due: date
    deadline: date
    as_of: date
    base: Decimal
    """Awarded non-interest money still unpaid: the base of the doubled interest."""
    days: int
    late_interest: Decimal
    """加倍部分债务利息 from performance_due to as_of."""

    @property
    def eligible(self) -> bool:
        """False once the two-year period for applying has passed."""
        return self.as_of <= self.deadline

    @property
    def label(self) -> str:
        return (f"加倍部分债务利息（{format_amount(self.base)} × 0.0175% × {self.days} 天，"
                f"自 {self.performance_due} 至 {self.as_of}）")


def enforcement_deadline(performance_due: date) -> date:
    return add_years(performance_due, ENFORCEMENT_YEARS)


def non_interest_money(awarded: Awarded) -> Decimal:
    """Awarded money other than interest items: principal, fees and costs."""
    return awarded.principal + awarded.fees + awarded.costs


def late_interest_base(request: EnforcementRequest) -> Decimal:
    return max(ZERO, to_fen(non_interest_money(request.basis.awarded) - request.paid_since))


def enforcement_figures(request: EnforcementRequest, as_of: date) -> EnforcementFigures:
    due = request.basis.performance_due
    base = late_interest_base(request)
    days = max(0, (as_of - due).days)
    return EnforcementFigures(
        performance_due=due,
        deadline=enforcement_deadline(due),
        as_of=as_of,
        base=base,
        days=days,
        late_interest=to_fen(base * LATE_DAILY_RATE * days),
    )


def enforcement_problems(case: Case, as_of: date | None = None) -> list[Problem]:
    """``enforcement_deadline_passed`` for each decision whose deadline has passed; with ``bases``, once for
    each debt the decision is about, naming the debt."""
    problems = []
    for request in case.filings.enforcements:
        figures = enforcement_figures(request, as_of or case.as_of)
        if not figures.eligible:
            problems.extend(_deadline_passed(case, request, figures))
    return problems


def _deadline_passed(case: Case, request: EnforcementRequest, figures: EnforcementFigures) -> list[Problem]:
    where = on_key_line(case, key_loc(request.basis.loc, "performance_due"))
    hint = _("check performance_due against the enforcement basis; if the period was interrupted "
             "(a settlement, a demand, a partial payment) the application needs that evidence")
    if not request.basis.debts:
        return [error("enforcement_deadline_passed", _(
            "the period for applying for enforcement ended on {deadline}, two years after performance_due "
            "{performance_due} (Civil Procedure Law art. 250); as_of is {as_of}", deadline=figures.deadline,
            performance_due=figures.performance_due, as_of=figures.as_of), where, hint)]
    titles = {d.id: d.title for d in case.all_debts}
    return [error("enforcement_deadline_passed", _(
        "debt {debt} ({title}): the period for applying for enforcement of {number} ended on {deadline}, two years "
        "after performance_due {performance_due} (Civil Procedure Law art. 250); as_of is {as_of}", debt=debt,
        title=titles.get(debt, debt), number=request.basis.number, deadline=figures.deadline,
        performance_due=figures.performance_due, as_of=figures.as_of), where, hint)
        for debt in request.basis.debts]


def enforcement_to_json(figures: EnforcementFigures) -> dict[str, object]:
    return {
        "performance_due": figures.performance_due.isoformat(),
        "deadline": figures.deadline.isoformat(),
        "eligible": figures.eligible,
        "late_interest_base": format_amount(figures.base, grouping=False),
        "late_interest_days": figures.days,
        "late_interest": format_amount(figures.late_interest, grouping=False),
    }


def case_enforcement_json(filings: Filings, as_of: date) -> dict[str, object]:
    """The enforcement figures of the claim JSON: those of the one basis, or (``bases``) the totals and a
    ``bases`` list with each decision's figures, number and debts."""
    if not filings.enforcement_bases:
        assert filings.enforcement is not None
        return enforcement_to_json(enforcement_figures(filings.enforcement, as_of))
    each = [(r, enforcement_figures(r, as_of)) for r in filings.enforcement_bases]
    late = sum((f.late_interest for _, f in each), ZERO)
    return {
        "eligible": all(f.eligible for _, f in each),
        "deadline": min(f.deadline for _, f in each).isoformat(),
        "late_interest": format_amount(late, grouping=False),
        "bases": [{"number": r.basis.number, "debts": list(r.basis.debts), **enforcement_to_json(f)} for r, f in each],
    }


def case_enforcement_text(filings: Filings, as_of: date) -> str:
    """:func:`enforcement_text` of the one basis, or a section per decision naming its debts."""
    if not filings.enforcement_bases:
        assert filings.enforcement is not None
        return enforcement_text(enforcement_figures(filings.enforcement, as_of))
    return "\n\n".join(
        _("申请执行依据 basis {number}: debts {debts}", number=r.basis.number, debts=", ".join(r.basis.debts)) + "\n"
        + enforcement_text(enforcement_figures(r, as_of)) for r in filings.enforcement_bases)


def enforcement_text(figures: EnforcementFigures) -> str:
    """A few lines for a terminal: the deadline and the doubled interest."""
    deadline = (_("申请执行期限 enforcement deadline: {deadline} (within the period 在申请期限内)",
                  deadline=figures.deadline) if figures.eligible else
                _("申请执行期限 enforcement deadline: {deadline} (PASSED 已超过申请期限)", deadline=figures.deadline))
    return "\n".join([
        deadline,
        f"{figures.label} = {format_amount(figures.late_interest)}",
    ])
