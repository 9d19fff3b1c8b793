"""The loan arithmetic of the samples, done by the library (reference/claim-method.md).

Each case states its terms as an :class:`evidence_kit.model.Loan`; the schedule comes from
:func:`evidence_kit.schedule.build_schedule` and every claim from
:func:`evidence_kit.claim.compute_claim`, run on an in-memory :class:`evidence_kit.model.Case`.
What the generator adds is only what a bank's ledger needs: payments "in full" and the split
columns (归还本金/归还利息/罚息/复利/费用), both read from the engine's allocations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from evidence_kit.case.model import ALLOCATION_KINDS, Case, Installment, Loan, Party, Payment
from evidence_kit.claim import engine
from evidence_kit.claim.engine import Claim
from evidence_kit.money import ZERO
from evidence_kit.problems import Location

from .common import amt

LOAN_YAML = Location("case.yaml", None, "loan")
CASE_YAML = Location("case.yaml")

# compute_claim reads the loan, the payments and as_of; the parties only make the Case complete.
_CREDITOR = Party(role="creditor", kind="organization", name="示例银行股份有限公司", loc=CASE_YAML)


def item_total(item: Installment) -> Decimal:
    """What one installment asks for: its principal plus its interest."""
    return item.principal + item.interest


def penalty_rate(loan: Loan) -> Decimal:
    """The rate of 罚息 and 复利: annual_rate × (1 + penalty_markup), capped at rate_cap."""
    rate, _capped = engine.penalty_rate(loan)
    return rate


def claim_at(loan: Loan, payments: Sequence[Payment], as_of: date) -> Claim:
    """The engine's claim at ``as_of`` for the schedule built from ``loan`` and these payments."""
    case = Case(
        root=Path("."),
        case_id=loan.contract_no,
        as_of=as_of,
        court="",
        cause="金融借款合同纠纷",
        creditor=_CREDITOR,
        debtors=(),
        loan=loan,
        loc=CASE_YAML,
        payments=tuple(payments),
    )
    return engine.compute_claim(case)


@dataclass
class Ledger:
    """The repayment ledger being written: one :class:`Payment` per row, as the engine will read it."""

    loan: Loan
    file: str
    payments: list[Payment] = field(default_factory=list)

    def pay(self, on: date, amount: Decimal, reference: str, note: str) -> None:
        """Add a row (the header is row 1)."""
        loc = Location(self.file, len(self.payments) + 2, "amount")
        self.payments.append(Payment(date=on, amount=amount, loc=loc, reference=reference, note=note))

    def pay_in_full(self, on: date, reference: str, note: str) -> None:
        """Add a payment that clears everything due on ``on`` (the claim then, less any credit)."""
        claim = claim_at(self.loan, self.payments, on)
        self.pay(on, claim.total - claim.credit, reference, note)

    def with_splits(self) -> list[Payment]:
        """Every payment with the split the engine's allocation gives it (what the bank's system books)."""
        claim = claim_at(self.loan, self.payments, self.payments[-1].date)
        applied = {p.loc: dict.fromkeys(ALLOCATION_KINDS, ZERO) for p in self.payments}
        for allocation in claim.allocations:
            if allocation.source is not None:  # None: credit carried from an earlier row
                applied[allocation.source][allocation.kind] += allocation.amount
        split = [_booked(p, applied[p.loc]) for p in self.payments]
        for payment in split:
            assert sum(payment.split().values(), ZERO) == payment.amount, payment
        return split


def _booked(payment: Payment, parts: dict[str, Decimal]) -> Payment:
    """``payment`` with its split columns filled in."""
    return replace(
        payment,
        principal=parts["principal"],
        interest=parts["interest"],
        penalty=parts["penalty"],
        compound=parts["compound"],
        fee=parts["fee"],
    )


def loan_yaml(loan: Loan) -> dict[str, Any]:
    """The ``loan`` mapping of case.yaml."""
    out: dict[str, Any] = {
        "contract_no": loan.contract_no,
        "signed_on": loan.signed_on.isoformat(),
        "principal": amt(loan.principal),
        "disbursed_on": loan.disbursed_on.isoformat(),
        "maturity": loan.maturity.isoformat(),
        "annual_rate": f"{loan.annual_rate}",
        "penalty_markup": f"{loan.penalty_markup}",
        "compound": loan.compound,
        "day_count": loan.day_count,
        "repayment_method": loan.repayment_method,
        "installments": loan.installments,
        "payment_day": loan.payment_day,
    }
    if loan.accelerated_on is not None:
        out["accelerated_on"] = loan.accelerated_on.isoformat()
    return out


def claimed_yaml(claim: Claim) -> dict[str, str]:
    """``loan.claimed``: the bank system's figures, which are the engine's claim at the case's as_of."""
    return {kind: amt(getattr(claim, kind)) for kind in engine.COMPONENTS}
