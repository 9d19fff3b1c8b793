"""Which filings a stored case is eligible for, as ``db list --eligible KIND`` filters them.

The answer is the filings' own: the eligibility gates ``build`` applies before it writes a
filing (:mod:`evidence_kit.filings.eligibility`, exit 12 there), asked one kind at a time.
A kind is listed when its gates raise no error (warnings, such as a limitation period near
its end, do not exclude it) and:

* ``complaint``, ``payment_order``  the case has no check error and something is owed;
* ``preservation``, ``enforcement`` case.yaml asks for it (``filings.preservation`` /
                                    ``filings.enforcement``) and the case has no check error.
"""

from __future__ import annotations

from evidence_kit.case.model import Case
from evidence_kit.claim.debts import CaseClaim
from evidence_kit.filings.eligibility import eligibility_problems
from evidence_kit.problems import CheckReport, Severity

FILING_KINDS = ("payment_order", "complaint", "preservation", "enforcement")


def eligible_filings(case: Case, claim: CaseClaim | None, check: CheckReport) -> list[str]:
    """Over every debt's claim (``claim`` is None when it cannot be computed)."""
    if check.errors or claim is None:
        return []
    return [kind for kind in FILING_KINDS if _asked(case, kind, claim) and _passes_gates(case, claim, kind)]


def _asked(case: Case, kind: str, claim: CaseClaim) -> bool:
    if kind == "preservation":
        return case.filings.preservation is not None
    if kind == "enforcement":
        return case.filings.enforcement is not None
    return bool(claim.total > 0)


def _passes_gates(case: Case, claim: CaseClaim, kind: str) -> bool:
    try:
        problems = eligibility_problems(case, [debt.figures for debt in claim.debts], [kind])
    except (ValueError, ArithmeticError):  # inputs a gate cannot judge: not eligible
        return False
    return not any(p.severity is Severity.ERROR for p in problems)
