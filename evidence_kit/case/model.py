"""The typed case: what ``load`` produces and every later stage reads.

All models are frozen. Money is ``Decimal``, dates are ``date``; every fact that
came from a file keeps its ``loc`` (file, 1-based line, column) so that a problem
found later can still be reported where the user must fix it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from evidence_kit.problems import Location

REPAYMENT_METHODS = ("equal_installment", "equal_principal", "interest_only", "bullet")
ALLOCATION_KINDS = ("fee", "penalty", "compound", "interest", "principal")
DEFAULT_ALLOCATION_ORDER = ALLOCATION_KINDS
DEBTOR_ROLES = ("borrower", "co_borrower", "guarantor")
CONTACT_CHANNELS = ("call", "sms", "email", "letter", "visit")
CONTACT_PARTIES = ("debtor", "guarantor", "emergency_contact", "third_party")
CONTACT_OUTCOMES = (
    "connected",
    "no_answer",
    "delivered",
    "failed",
    "promise_to_pay",
    "refused",
    "met",
    "not_met",
)
BASIS_KINDS = ("judgment", "mediation", "payment_order", "notarized_debt", "arbitral_award")

# How the bundle and the claim sheet write these values in Chinese.
ROLE_NAMES = {"borrower": "借款人", "co_borrower": "共同借款人", "guarantor": "保证人"}
CHANNEL_NAMES = {"call": "电话", "sms": "短信", "email": "电子邮件", "letter": "信函", "visit": "上门"}
PARTY_NAMES = {"debtor": "债务人", "guarantor": "保证人", "emergency_contact": "紧急联系人", "third_party": "第三人"}
OUTCOME_NAMES = {
    "connected": "接通", "no_answer": "未接听", "delivered": "已送达", "failed": "未送达",
    "promise_to_pay": "承诺还款", "refused": "拒绝还款", "met": "见面", "not_met": "未见面",
}


@dataclass(frozen=True)
class Representative:
    name: str
    title: str


@dataclass(frozen=True)
class Agent:
    """委托诉讼代理人."""

    name: str
    org: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Party:
    """A creditor or a debtor; ``kind`` is ``person`` or ``organization``."""

    role: str
    kind: str
    name: str
    loc: Location
    address: str = ""
    phone: str = ""
    # person
    gender: str = ""
    birth_date: date | None = None
    ethnicity: str = ""
    id_number: str = ""
    # organization
    credit_code: str = ""
    representative: Representative | None = None

    @property
    def is_person(self) -> bool:
        return self.kind == "person"


@dataclass(frozen=True)
class LoanFee:
    date: date
    amount: Decimal
    kind: str
    loc: Location


@dataclass(frozen=True)
class ClaimedFigures:
    """The bank system's own figures (``loan.claimed``), cross-checked against the recomputation."""

    principal: Decimal | None = None
    interest: Decimal | None = None
    penalty: Decimal | None = None
    compound: Decimal | None = None
    fees: Decimal | None = None
    loc: Location | None = None


@dataclass(frozen=True)
class Loan:
    contract_no: str
    signed_on: date
    principal: Decimal
    disbursed_on: date
    maturity: date
    annual_rate: Decimal
    penalty_markup: Decimal
    compound: bool
    day_count: int
    repayment_method: str
    installments: int
    loc: Location
    payment_day: int | None = None
    accelerated_on: date | None = None
    rate_cap: Decimal = Decimal("0.24")
    allocation_order: tuple[str, ...] = DEFAULT_ALLOCATION_ORDER
    fees: tuple[LoanFee, ...] = ()
    claimed: ClaimedFigures | None = None


@dataclass(frozen=True, slots=True)
class Installment:
    """One item of the repayment schedule (还款计划), 1-based ``number``."""

    number: int
    due_date: date
    principal: Decimal
    interest: Decimal
    loc: Location | None = None
    headers: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    """For a row of the bank's schedule file: column name → the header as written there."""


@dataclass(frozen=True, slots=True)
class Payment:
    """One row of the repayment ledger. Split columns are ``None`` when the row does not give them."""

    date: date
    amount: Decimal
    loc: Location
    principal: Decimal | None = None
    interest: Decimal | None = None
    penalty: Decimal | None = None
    compound: Decimal | None = None
    fee: Decimal | None = None
    reference: str = ""
    note: str = ""

    @property
    def has_split(self) -> bool:
        return any(
            v is not None
            for v in (self.principal, self.interest, self.penalty, self.compound, self.fee)
        )

    def split(self) -> dict[str, Decimal]:
        """The split by allocation kind (missing parts are zero); only meaningful when ``has_split``."""
        return {
            "principal": self.principal or Decimal("0"),
            "interest": self.interest or Decimal("0"),
            "penalty": self.penalty or Decimal("0"),
            "compound": self.compound or Decimal("0"),
            "fee": self.fee or Decimal("0"),
        }


@dataclass(frozen=True, slots=True)
class Contact:
    """One collection contact (催收记录). ``time`` is naive local China time."""

    time: datetime
    channel: str
    party: str
    target: str
    outcome: str
    loc: Location
    duration_s: int | None = None
    agent: str = ""
    summary: str = ""
    evidence: str = ""

    @property
    def reached(self) -> bool:
        """True when the contact reached the person (what interrupts limitation, claim-method.md)."""
        if self.channel == "call":
            return self.outcome in ("connected", "promise_to_pay", "refused")
        if self.channel in ("sms", "email", "letter"):
            return self.outcome == "delivered"
        if self.channel == "visit":
            return self.outcome == "met"
        return False


@dataclass(frozen=True)
class Exhibit:
    """One entry of ``exhibits`` in case.yaml, 1-based ``no`` in the order given."""

    no: int
    file: str
    path: Path
    title: str
    source: str
    proves: str
    loc: Location
    original: bool | None = None
    password: str | None = None
    transcript: str | None = None
    sensitive: bool = False


@dataclass(frozen=True)
class Asset:
    kind: str
    description: str
    value: Decimal | None = None


@dataclass(frozen=True)
class Guarantee:
    kind: str
    provider: str
    amount: Decimal | None = None


@dataclass(frozen=True)
class PreservationRequest:
    stage: str
    amount: Decimal
    loc: Location
    assets: tuple[Asset, ...] = ()
    guarantee: Guarantee | None = None


@dataclass(frozen=True)
class Awarded:
    """Money awarded by the enforcement basis."""

    principal: Decimal = Decimal("0")
    interest: Decimal = Decimal("0")
    penalty: Decimal = Decimal("0")
    compound: Decimal = Decimal("0")
    fees: Decimal = Decimal("0")
    costs: Decimal = Decimal("0")

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest + self.penalty + self.compound + self.fees + self.costs


@dataclass(frozen=True)
class EnforcementBasis:
    kind: str
    number: str
    issued_by: str
    effective_on: date
    performance_due: date
    awarded: Awarded
    loc: Location


@dataclass(frozen=True)
class EnforcementRequest:
    basis: EnforcementBasis
    loc: Location
    paid_since: Decimal = Decimal("0")


@dataclass(frozen=True)
class Filings:
    payment_order: bool = False
    preservation: PreservationRequest | None = None
    enforcement: EnforcementRequest | None = None


@dataclass(frozen=True)
class Case:
    root: Path
    case_id: str
    as_of: date
    court: str
    cause: str
    creditor: Party
    debtors: tuple[Party, ...]
    loan: Loan
    loc: Location
    agent: Agent | None = None
    schedule: tuple[Installment, ...] | None = None
    payments: tuple[Payment, ...] = ()
    contacts: tuple[Contact, ...] = ()
    exhibits: tuple[Exhibit, ...] = ()
    filings: Filings = field(default_factory=Filings)
    input_files: tuple[str, ...] = ()
    """Every input file the case read, relative to ``root`` (for the manifest)."""
    key_lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)
    """1-based case.yaml line of each dotted key ("loan.claimed.principal", "exhibits.2.file")."""

    def yaml_loc(self, key: str) -> Location:
        """Where ``key`` is written in case.yaml (or its nearest parent key, when it is absent)."""
        parts = key.split(".")
        while parts and ".".join(parts) not in self.key_lines:
            parts.pop()
        return Location("case.yaml", self.key_lines.get(".".join(parts)) if parts else None, key)

    @property
    def borrowers(self) -> tuple[Party, ...]:
        return tuple(d for d in self.debtors if d.role in ("borrower", "co_borrower"))

    @property
    def guarantors(self) -> tuple[Party, ...]:
        return tuple(d for d in self.debtors if d.role == "guarantor")
