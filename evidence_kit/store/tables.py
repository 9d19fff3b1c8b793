"""The store's tables (sqlmodel): one row per case, and its parties, loan, ledgers, exhibits, problems,
claim and builds.

Money is :class:`Money`: NUMERIC(18, 2) on PostgreSQL, decimal text on SQLite (which has no
exact decimal type); either way Python sees a ``Decimal`` and never a float. The schema is
versioned by the Alembic migrations in ``migrations/versions``; a change here needs a new
migration (``tests/store/test_migrations.py`` compares the two).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Numeric, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine
from sqlmodel import Field, SQLModel


class Money(TypeDecorator[Decimal]):
    """An amount in yuan with two decimals, exact on every database."""

    impl = String(24)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Numeric(18, 2, asdecimal=True))
        return dialect.type_descriptor(String(24))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        return Decimal(value) if dialect.name == "postgresql" else f"{Decimal(value):.2f}"

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(str(value))


def money(nullable: bool = False) -> Any:
    return Field(default=None if nullable else Decimal("0"), sa_type=Money, nullable=nullable)


class StoredCase(SQLModel, table=True):
    __tablename__ = "cases"

    case_id: str = Field(primary_key=True, max_length=100)
    case_dir: str
    status: str = Field(index=True, max_length=20)
    """invalid (check errors) | ready (no errors, not built) | built | failed (the last build failed)"""
    as_of: date | None = None
    court: str = ""
    cause: str = ""
    creditor: str = ""
    total: Decimal | None = money(nullable=True)
    eligible: str = ""
    """Space-separated filing kinds the case is eligible for (see store/eligibility.py)."""
    errors: int = 0
    warnings: int = 0
    inputs_sha256: str = Field(default="", max_length=64)
    """SHA-256 over the case's input files: a re-import with the same value changes nothing."""
    imported_at: datetime


class StoredParty(SQLModel, table=True):
    __tablename__ = "parties"

    id: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(foreign_key="cases.case_id", index=True, max_length=100)
    role: str
    kind: str
    name: str
    id_number: str = ""
    credit_code: str = ""
    phone: str = ""
    address: str = ""


class StoredLoan(SQLModel, table=True):
    __tablename__ = "loans"

    case_id: str = Field(foreign_key="cases.case_id", primary_key=True, max_length=100)
    contract_no: str
    principal: Decimal = money()
    annual_rate: str
    disbursed_on: date
    maturity: date
    repayment_method: str
    installments: int
    accelerated_on: date | None = None


class StoredDebt(SQLModel, table=True):
    """One debt of a case with its claim (schema_version 2 ``debts:``; a version 1 case's loan is debt "1")."""

    __tablename__ = "debts"

    id: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(foreign_key="cases.case_id", index=True, max_length=100)
    debt_id: str = Field(max_length=100)
    position: int
    """1-based place in case.yaml (第N项债务 in the filings)."""
    kind: str = Field(max_length=20)
    """``loan`` or ``credit_card``."""
    name: str
    """The contract number, or the card issuer and masked card number."""
    contract_no: str = ""
    card_masked: str = ""
    as_of: date | None = None
    principal: Decimal | None = money(nullable=True)
    interest: Decimal | None = money(nullable=True)
    penalty: Decimal | None = money(nullable=True)
    compound: Decimal | None = money(nullable=True)
    fees: Decimal | None = money(nullable=True)
    total: Decimal | None = money(nullable=True)
    not_due_principal: Decimal | None = money(nullable=True)
    credit: Decimal | None = money(nullable=True)


class StoredPayment(SQLModel, table=True):
    __tablename__ = "payments"

    id: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(foreign_key="cases.case_id", index=True, max_length=100)
    line: int
    paid_on: date
    amount: Decimal = money()
    principal: Decimal | None = money(nullable=True)
    interest: Decimal | None = money(nullable=True)
    penalty: Decimal | None = money(nullable=True)
    compound: Decimal | None = money(nullable=True)
    fee: Decimal | None = money(nullable=True)
    reference: str = ""
    debt_id: str = ""
    """The debt the payment is for (empty for a schema_version 1 case)."""


class StoredContact(SQLModel, table=True):
    __tablename__ = "contacts"

    id: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(foreign_key="cases.case_id", index=True, max_length=100)
    line: int
    contacted_at: datetime
    channel: str
    party: str
    target: str
    outcome: str
    agent: str = ""


class StoredExhibit(SQLModel, table=True):
    __tablename__ = "exhibits"

    id: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(foreign_key="cases.case_id", index=True, max_length=100)
    no: int
    title: str
    file: str


class StoredProblem(SQLModel, table=True):
    __tablename__ = "problems"

    id: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(foreign_key="cases.case_id", index=True, max_length=100)
    severity: str
    code: str
    message: str
    file: str | None = None
    line: int | None = None
    column_name: str | None = None


class StoredClaim(SQLModel, table=True):
    __tablename__ = "claims"

    case_id: str = Field(foreign_key="cases.case_id", primary_key=True, max_length=100)
    as_of: date
    principal: Decimal = money()
    interest: Decimal = money()
    penalty: Decimal = money()
    compound: Decimal = money()
    fees: Decimal = money()
    total: Decimal = money()
    not_due_principal: Decimal = money()
    credit: Decimal = money()


class StoredClaimLine(SQLModel, table=True):
    __tablename__ = "claim_lines"

    id: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(foreign_key="cases.case_id", index=True, max_length=100)
    kind: str
    base: Decimal = money()
    rate: str
    from_date: date
    to_date: date
    days: int
    amount: Decimal = money()
    debt_id: str = ""
    """The debt whose claim the line belongs to (empty for a schema_version 1 case)."""


class StoredBuild(SQLModel, table=True):
    __tablename__ = "builds"

    id: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(index=True, max_length=100)
    """Not a foreign key: a build is recorded even for a case the store has not imported."""
    status: str
    exit_code: int = 0
    reason: str = ""
    profile: str = "court"
    tool_version: str
    folder: str | None = None
    seconds: float = 0.0
    built_at: datetime


class StoredOutput(SQLModel, table=True):
    __tablename__ = "build_outputs"

    id: int | None = Field(default=None, primary_key=True)
    build_id: int = Field(foreign_key="builds.id", index=True)
    path: str
    sha256: str = Field(max_length=64)
    bytes: int
    pages: int | None = None


CASE_TABLES = (StoredParty, StoredLoan, StoredDebt, StoredPayment, StoredContact, StoredExhibit, StoredProblem,
               StoredClaim, StoredClaimLine)
"""The tables whose rows belong to one imported case (replaced together on re-import)."""
