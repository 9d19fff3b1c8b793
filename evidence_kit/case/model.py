"""The typed case: what ``load`` produces and every later stage reads.

All models are frozen. Money is ``Decimal``, dates are ``date``; every fact that
came from a file keeps its ``loc`` (file, 1-based line, column) so that a problem
found later can still be reported where the user must fix it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
class AnswersFor:
    """One debt a debtor answers for (``answers_for`` in case.yaml, schema_version 2)."""

    debt: str
    kind: str = "joint"
    """``joint`` (连带责任) or ``general`` (一般保证)."""
    limit: Decimal | None = None
    """最高额保证: the most this party answers for, in yuan."""
    loc: Location | None = None


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
    answers_for: tuple[AnswersFor, ...] = ()
    """schema_version 2: the debts this party answers for (empty: see :meth:`Case.liabilities_of`)."""

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
    debt: str = ""
    """schema_version 2: the ``id`` of the debt this payment is for (the ledger's ``debt`` column)."""

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
    sensitive: bool | None = None
    """``true``/``false`` as case.yaml states it; ``None`` when it does not (the collector profile then judges
    by the title: :func:`evidence_kit.case.redact.identifying_document`)."""


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
    debts: tuple[str, ...] = ()
    """schema_version 2 ``filings.enforcement.bases``: the ids of the debts this decision is about (empty: the
    ``basis`` of the whole case)."""

    @property
    def key(self) -> str:
        """Its case.yaml key ("filings.enforcement.basis", "filings.enforcement.bases.1")."""
        return str(self.loc.column or "filings.enforcement.basis")


@dataclass(frozen=True)
class EnforcementRequest:
    basis: EnforcementBasis
    loc: Location
    paid_since: Decimal = Decimal("0")
    property_clues: tuple[Asset, ...] = ()
    """财产线索: the respondents' property the applicant knows of (``filings.enforcement.property_clues``)."""


@dataclass(frozen=True)
class Filings:
    payment_order: bool = False
    preservation: PreservationRequest | None = None
    enforcement: EnforcementRequest | None = None
    """The enforcement asked for: its one ``basis``; with ``bases``, the first of :attr:`enforcement_bases`."""
    complaint: bool = False
    """The 2025 element-style 民事起诉状 (``filings.complaint: {}``)."""
    enforcement_bases: tuple[EnforcementRequest, ...] = ()
    """schema_version 2 ``filings.enforcement.bases``: one request per decision, each with the debts it decided
    (``basis.debts``) and what was paid since; empty when the case has one ``basis``."""

    @property
    def enforcements(self) -> tuple[EnforcementRequest, ...]:
        """Every decision to enforce: the bases, else the one basis (empty when enforcement is not asked for)."""
        if self.enforcement_bases:
            return self.enforcement_bases
        return (self.enforcement,) if self.enforcement is not None else ()


DEBT_KINDS = ("loan", "credit_card")
LIABILITY_KINDS = ("joint", "general")
CARD_BALANCE_KINDS = ("principal", "interest", "compound", "penalty", "fees")


@dataclass(frozen=True)
class CardBalances:
    """A card's balances at the cut-off (截至日), as the bank's system reports them."""

    principal: Decimal
    interest: Decimal = Decimal("0.00")
    compound: Decimal = Decimal("0.00")
    penalty: Decimal = Decimal("0.00")
    """违约金 (滞纳金 before 2017)."""
    fees: Decimal = Decimal("0.00")
    """Billed fees: installment fees billed, annual fee, cash fee, other fees."""
    installment_fee_unbilled: Decimal = Decimal("0.00")
    installment_principal_unbilled: Decimal = Decimal("0.00")


@dataclass(frozen=True)
class CardOptions:
    """The switches of credit-card-method.md §9 (``options:`` of a card debt); defaults in the method's bold."""

    post_cutoff_base: str = "principal"
    post_cutoff_compound: bool = False
    installment_fee_mode: str = "billed_only"
    allocation_order: tuple[str, ...] = DEFAULT_ALLOCATION_ORDER
    overdue90_principal_first: bool = False
    cap_mode: str = "annual_24"
    lpr_reference: str = "filing"
    cap_action: str = "trim"
    trim_order: tuple[str, ...] = ("penalty", "compound", "fees", "interest")
    day_count: int = 365
    interest_mode: str = "full"
    reapply_excess_to_principal: bool = False
    charges_paid_before_cutoff: Decimal = Decimal("0.00")
    """Charges paid between the first overdue day and the cut-off; they count in the ceiling test (§5)."""


CARD_OPTION_VALUES: Mapping[str, tuple[str, ...]] = {
    "post_cutoff_base": ("principal", "principal_plus_interest", "whole_balance"),
    "installment_fee_mode": ("billed_only", "all_remaining"),
    "cap_mode": ("annual_24", "lpr4", "none"),
    "lpr_reference": ("filing", "contract", "first_overdue"),
    "cap_action": ("trim", "warn"),
    "interest_mode": ("full", "unpaid_ratio"),
}


@dataclass(frozen=True)
class CreditCard:
    """A ``kind: credit_card`` debt: the inputs of credit-card-method.md §3."""

    card_masked: str
    issuer: str
    agreement_title: str
    agreement_signed_on: date | None
    credit_limit: Decimal
    daily_rate: Decimal
    first_overdue_date: date
    cutoff: date
    balances: CardBalances
    loc: Location
    currency: str = "CNY"
    accelerated_on: date | None = None
    written_off_on: date | None = None
    claimed: ClaimedFigures | None = None
    options: CardOptions = field(default_factory=CardOptions)
    compound: bool = False
    """The contract says 按月计收复利 (mode B only)."""
    penalty_rate: Decimal | None = None
    penalty_min: Decimal | None = None
    penalty_max: Decimal | None = None
    min_payment_ratio: Decimal | None = None


@dataclass(frozen=True)
class Statement:
    """One row of a card's statements.csv (mode B, credit-card-method.md §7)."""

    statement_date: date
    due_date: date
    previous_balance: Decimal
    payments: Decimal
    purchases: Decimal
    cash: Decimal
    installment_principal: Decimal
    interest: Decimal
    fees: Decimal
    penalty: Decimal
    new_balance: Decimal
    min_due: Decimal
    loc: Location
    refunds: Decimal = Decimal("0.00")
    adjustments: Decimal = Decimal("0.00")


CARD_TRANSACTION_TYPES = ("purchase", "cash", "installment_principal", "payment", "refund", "interest", "fee", "penalty")


@dataclass(frozen=True)
class CardTransaction:
    """One row of a card's transactions.csv (mode B)."""

    trade_date: date
    post_date: date
    type: str
    amount: Decimal
    loc: Location


@dataclass(frozen=True)
class Debt:
    """One entry of ``debts:`` (schema_version 2), or a schema_version 1 case's single loan.

    Exactly one of ``loan`` and ``card`` is set, by ``kind``. Ledgers are the debt's own:
    its rows of a shared repayments file (``debt`` column) or its own files.
    """

    id: str
    kind: str
    loc: Location
    loan: Loan | None = None
    card: CreditCard | None = None
    schedule: tuple[Installment, ...] | None = None
    payments: Sequence[Payment] = ()
    statements: tuple[Statement, ...] = ()
    transactions: tuple[CardTransaction, ...] = ()

    @property
    def key(self) -> str:
        """The case.yaml key path of this debt's terms ("loan" in v1, "debts.N" in v2)."""
        return str(self.loc.column or "loan")

    @property
    def title(self) -> str:
        """How documents name the debt: the contract number, or the issuer and masked card number."""
        if self.loan is not None:
            return self.loan.contract_no
        assert self.card is not None
        return f"{self.card.issuer} 信用卡 {self.card.card_masked}"

    @property
    def first_day(self) -> date:
        """The first day the debt existed in the ledgers (disbursement, or the card agreement)."""
        if self.loan is not None:
            return self.loan.disbursed_on
        assert self.card is not None
        return self.card.agreement_signed_on or self.card.first_overdue_date


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
    payments: Sequence[Payment] = ()
    contacts: tuple[Contact, ...] = ()
    exhibits: tuple[Exhibit, ...] = ()
    filings: Filings = field(default_factory=Filings)
    input_files: tuple[str, ...] = ()
    """Every input file the case read, relative to ``root`` (for the manifest)."""
    key_lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)
    """1-based case.yaml line of each dotted key ("loan.claimed.principal", "exhibits.2.file")."""
    schema_version: int = 1
    debts: tuple[Debt, ...] = ()
    """schema_version 2: every debt in case.yaml order. Empty for schema_version 1 (see :attr:`all_debts`).

    For a schema_version 2 case, ``loan``, ``schedule`` and ``payments`` are those of the first ``kind: loan``
    debt (a stand-in loan built from the first card, with the card's payments, when every debt is a card):
    code written for one loan keeps running and sees that debt alone, so ``compute_claim(case)`` is that
    debt's claim. Code for the whole case reads ``debts`` / :attr:`all_debts` and :attr:`all_payments`.
    """

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

    @property
    def all_debts(self) -> tuple[Debt, ...]:
        """Every debt: ``debts`` for schema_version 2, the one loan (id "1") for schema_version 1."""
        if self.debts:
            return self.debts
        return (Debt("1", "loan", self.loan.loc, loan=self.loan, schedule=self.schedule, payments=self.payments),)

    @property
    def all_payments(self) -> Sequence[Payment]:
        """Every payment of every debt, in date order (``payments`` for schema_version 1)."""
        if not self.debts:
            return self.payments
        return tuple(sorted((p for d in self.debts for p in d.payments), key=lambda p: (p.date, p.loc.file, p.loc.row or 0)))

    def debt(self, debt_id: str) -> Debt:
        for debt in self.all_debts:
            if debt.id == debt_id:
                return debt
        raise KeyError(debt_id)

    def liabilities_of(self, party: Party) -> tuple[AnswersFor, ...]:
        """What ``party`` answers for: its ``answers_for``, else every debt jointly (borrowers; v1 guarantors)."""
        if party.answers_for:
            return party.answers_for
        if party.role == "guarantor" and self.schema_version >= 2:
            return ()
        return tuple(AnswersFor(d.id) for d in self.all_debts)

    def debtors_of(self, debt_id: str) -> tuple[tuple[Party, AnswersFor], ...]:
        """Each debtor answering for ``debt_id``, with the terms (kind, limit) it answers on."""
        return tuple((p, a) for p in self.debtors for a in self.liabilities_of(p) if a.debt == debt_id)
