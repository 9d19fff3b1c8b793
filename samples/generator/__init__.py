"""The sample case generator: three case folders, byte for byte the same on every run.

* :mod:`.consumer`     consumer-loan/   个人消费贷款, 等额本息
* :mod:`.business`     business-loan/   流动资金贷款, 按月付息到期还本
* :mod:`.enforcement`  enforcement/     申请执行 of a judgment (the original loan was 等额本金)
* :mod:`.portfolio`    portfolio/       a bank's portfolio export of 60 loans for ``split`` (DESIGN §3b)
* :mod:`.customers`    portfolio-customers/   an export whose customers hold several loans and cards
* :mod:`.debts`        facility-drawdowns/, consumer-loan-and-card/, credit-card/   schema_version 2

The loan arithmetic is the library's (:mod:`.loans` wraps ``evidence_kit.schedule`` and
``evidence_kit.claim``); the rest is documents: :mod:`.documents` (contracts both personal
loans share), :mod:`.parties`, :mod:`.common` (files, PDF building blocks) and :mod:`.scans`.
"""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from evidence_kit.case.model import Payment
from evidence_kit.claim.engine import Claim

from .business import build_business
from .common import amt
from .consumer import build_consumer
from .customers import build_customers
from .debts import build_card, build_facility, build_mixed
from .enforcement import build_enforcement
from .portfolio import build_portfolio

CASES: dict[str, Callable[[Path], dict[str, Any]]] = {
    "consumer-loan": build_consumer,
    "business-loan": build_business,
    "enforcement": build_enforcement,
    "facility-drawdowns": build_facility,
    "consumer-loan-and-card": build_mixed,
    "credit-card": build_card,
}

EXPORTS: dict[str, Callable[[Path], dict[str, Any]]] = {
    "portfolio": build_portfolio,
    "portfolio-customers": build_customers,
}


def main(argv: Sequence[str] | None = None, *, default_out: Path, description: str | None = None) -> int:
    """``make_samples.py [OUT] [--summary]``: write every case folder under OUT (default ``default_out``)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("out", nargs="?", type=Path, default=default_out, help="output folder (default: samples/)")
    parser.add_argument("--summary", action="store_true", help="print the loan figures of each case")
    args = parser.parse_args(argv)
    out: Path = args.out
    for name, build in CASES.items():
        root = out / name
        if root.exists():
            shutil.rmtree(root)
        (root / "exhibits").mkdir(parents=True)
        facts = build(root)
        if args.summary:
            print_summary(name, facts)
    for name, build_export in EXPORTS.items():
        folder = out / name
        if folder.exists():
            shutil.rmtree(folder)
        build_export(folder)
    return 0


def _split_text(payment: Payment) -> str:
    """The split columns of a ledger row (费用 only when there is one)."""
    if not payment.has_split:
        return ""
    kinds = ("principal", "interest", "penalty", "compound", "fee")
    return str({k: getattr(payment, k) for k in kinds if k != "fee" or payment.fee})


def print_summary(name: str, facts: dict[str, Any]) -> None:
    if "claims" in facts:  # schema_version 2: one claim per debt
        print(f"== {name}")
        for debt_id, each in facts["claims"].items():
            print(f"   debt {debt_id}: principal {amt(each.principal)} interest {amt(each.interest)} penalty "
                  f"{amt(each.penalty)} compound {amt(each.compound)} fees {amt(each.fees)} total {amt(each.total)}")
        return
    claim: Claim = facts["claim"]
    print(f"== {name}: as_of {claim.as_of}")
    for p in facts["payments"]:
        print(f"   paid {p.date} {amt(p.amount):>12} {_split_text(p)}")
    print(
        f"   claim principal {amt(claim.principal)} interest {amt(claim.interest)} penalty {amt(claim.penalty)} "
        f"compound {amt(claim.compound)} total {amt(claim.total)} not_due {amt(claim.not_due_principal)} "
        f"credit {amt(claim.credit)}"
    )
