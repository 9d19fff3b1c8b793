"""Benchmark: the claim for a 30-year mortgage (360 installments) with 300 payments, some late.

Run: .venv/bin/python bench/claim.py  — prints the best wall time of several runs.
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evidence_kit.case.model import Case, Payment
from evidence_kit.claim.engine import compute_claim
from evidence_kit.claim.schedule import build_schedule
from evidence_kit.problems import Location
from tests.factories import make_case, make_loan

RUNS = 7


def mortgage_case() -> Case:
    loan = make_loan(
        principal=Decimal("1000000.00"),
        annual_rate=Decimal("0.049"),
        repayment_method="equal_installment",
        installments=360,
        disbursed_on=date(2000, 1, 15),
        maturity=date(2030, 1, 15),
        payment_day=15,
        accelerated_on=None,
    )
    schedule = build_schedule(loan)
    payments = []
    for index, item in enumerate(schedule[:300]):
        late = timedelta(days=(index * 7) % 40 if index % 5 == 0 else 0)
        amount = item.principal + item.interest - (Decimal("100.00") if index % 11 == 0 else Decimal("0"))
        payments.append(Payment(item.due_date + late, amount, Location("repayments.csv", index + 2, "amount")))
    return replace(make_case(), loan=loan, payments=tuple(payments), as_of=date(2026, 1, 31))


def main() -> None:
    case = mortgage_case()
    times = []
    claim = None
    for _ in range(RUNS):
        start = time.perf_counter()
        claim = compute_claim(case)
        times.append(time.perf_counter() - start)
    assert claim is not None
    print(f"claim: 360 installments, {len(case.payments)} payments, {len(claim.lines)} accrual lines, "
          f"total {claim.total}")
    print(f"best of {RUNS}: {min(times) * 1000:.1f} ms (median {sorted(times)[RUNS // 2] * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
