"""Which filings a stored case is eligible for, as ``db list --eligible KIND`` filters them.

A first, conservative reading that needs nothing but the check report and the claim (the
filings package may later answer these questions itself):

* ``complaint``      no check errors and something is owed (claim total > 0);
* ``payment_order``  as complaint, and all principal is due (no ``not_due_principal``): a
                     支付令 asks for a debt that is due and certain in amount;
* ``preservation``   case.yaml asks for it (``filings.preservation``) and there are no errors;
* ``enforcement``    case.yaml names an enforcement basis (``filings.enforcement``) and there are no errors.
"""

from __future__ import annotations

from evidence_kit.case.model import Case
from evidence_kit.claim.debts import CaseClaim
from evidence_kit.problems import CheckReport

FILING_KINDS = ("payment_order", "complaint", "preservation", "enforcement")


def eligible_filings(case: Case, claim: CaseClaim | None, check: CheckReport) -> list[str]:
    """Over the case totals: every debt's claim (``claim`` is None when it cannot be computed)."""
    if check.errors:
        return []
    kinds = []
    owed = claim is not None and claim.total > 0
    if owed and claim is not None and claim.amount("not_due_principal") == 0:
        kinds.append("payment_order")
    if owed:
        kinds.append("complaint")
    if case.filings.preservation is not None:
        kinds.append("preservation")
    if case.filings.enforcement is not None:
        kinds.append("enforcement")
    return kinds
