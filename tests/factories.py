"""Small builders for model objects, so tests of pure stages need no case folder."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from evidence_kit.case.model import (
    Case,
    Contact,
    Loan,
    Party,
    Payment,
    Representative,
)
from evidence_kit.problems import Location

YAML = Location("case.yaml")


def make_loan(**overrides: Any) -> Loan:
    """The claim-method.md worked example's loan unless overridden."""
    loan = Loan(
        contract_no="TEST-001",
        signed_on=date(2024, 1, 8),
        principal=Decimal("100000.00"),
        disbursed_on=date(2024, 1, 10),
        maturity=date(2025, 1, 10),
        annual_rate=Decimal("0.06"),
        penalty_markup=Decimal("0.5"),
        compound=True,
        day_count=360,
        repayment_method="interest_only",
        installments=12,
        payment_day=10,
        accelerated_on=date(2024, 9, 1),
        loc=YAML,
    )
    return replace(loan, **overrides)


def make_creditor() -> Party:
    return Party(
        role="creditor",
        kind="organization",
        name="中国示例银行股份有限公司北京分行",
        loc=YAML,
        address="北京市西城区金融大街1号",
        credit_code="91350100M000100Y43",
        representative=Representative("王明", "行长"),
    )


def make_borrower() -> Party:
    return Party(
        role="borrower",
        kind="person",
        name="张三",
        loc=YAML,
        gender="女",
        birth_date=date(1949, 12, 31),
        ethnicity="汉族",
        id_number="11010519491231002X",
        address="北京市朝阳区某街道1号",
        phone="13800138000",
    )


def make_payment(on: date, amount: str, row: int = 2, **split: str) -> Payment:
    return Payment(
        date=on,
        amount=Decimal(amount),
        loc=Location("repayments.csv", row, "amount"),
        **{k: Decimal(v) for k, v in split.items()},
    )


def make_contact(**overrides: Any) -> Contact:
    from datetime import datetime

    contact = Contact(
        time=datetime(2024, 10, 8, 10, 30),
        channel="call",
        party="debtor",
        target="13800138000",
        outcome="connected",
        loc=Location("contacts.csv", 2, "time"),
    )
    return replace(contact, **overrides)


def make_case(root: Path | None = None, **overrides: Any) -> Case:
    """The worked example as a case: five interest items paid on time, 300.00 on 2024-07-20."""
    payments = tuple(
        make_payment(d, a, row=i + 2)
        for i, (d, a) in enumerate(
            [
                (date(2024, 2, 10), "516.67"),
                (date(2024, 3, 10), "483.33"),
                (date(2024, 4, 10), "516.67"),
                (date(2024, 5, 10), "500.00"),
                (date(2024, 6, 10), "516.67"),
                (date(2024, 7, 20), "300.00"),
            ]
        )
    )
    case = Case(
        root=root or Path("/nonexistent/case"),
        case_id="WORKED-EXAMPLE",
        as_of=date(2024, 12, 31),
        court="北京市西城区人民法院",
        cause="金融借款合同纠纷",
        creditor=make_creditor(),
        debtors=(make_borrower(),),
        loan=make_loan(),
        loc=YAML,
        payments=payments,
    )
    return replace(case, **overrides)
