"""The sample case generator: three case folders, byte for byte the same on every run.

* :mod:`.consumer`     consumer-loan/   个人消费贷款, 等额本息
* :mod:`.business`     business-loan/   流动资金贷款, 按月付息到期还本
* :mod:`.enforcement`  enforcement/     申请执行 of a judgment (the original loan was 等额本金)
* :mod:`.portfolio`    portfolio/       a bank's portfolio export of 60 loans for ``split`` (DESIGN §3b)

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
from .enforcement import build_enforcement
from .portfolio import build_portfolio

CASES: dict[str, Callable[[Path], dict[str, Any]]] = {
    "consumer-loan": build_consumer,
    "business-loan": build_business,
    "enforcement": build_enforcement,
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
    portfolio = out / "portfolio"
    if portfolio.exists():
        shutil.rmtree(portfolio)
    build_portfolio(portfolio)
    return 0


def _split_text(payment: Payment) -> str:
    """The split columns of a ledger row (费用 only when there is one)."""
    if not payment.has_split:
        return ""
    kinds = ("principal", "interest", "penalty", "compound", "fee")
    return str({k: getattr(payment, k) for k in kinds if k != "fee" or payment.fee})


def print_summary(name: str, facts: dict[str, Any]) -> None:
    claim: Claim = facts["claim"]
    print(f"== {name}: as_of {claim.as_of}")
    for p in facts["payments"]:
        print(f"   paid {p.date} {amt(p.amount):>12} {_split_text(p)}")
    print(
        f"   claim principal {amt(claim.principal)} interest {amt(claim.interest)} penalty {amt(claim.penalty)} "
        f"compound {amt(claim.compound)} total {amt(claim.total)} not_due {amt(claim.not_due_principal)} "
        f"credit {amt(claim.credit)}"
    )
