"""The store keeps debts as rows of their own: schema_version 2 cases on SQLite and on PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import create_engine, select, text
from sqlmodel import col

from evidence_kit.case.load import load_case
from evidence_kit.claim.debts import compute_case_claim
from evidence_kit.store.db import make_engine
from evidence_kit.store.importer import import_cases
from evidence_kit.store.queries import list_cases
from evidence_kit.store.tables import StoredClaim, StoredClaimLine, StoredDebt, StoredPayment
from tests.conftest import SAMPLES

V2 = ("facility-drawdowns", "consumer-loan-and-card", "credit-card")


def _rows(url: str, table: type, case_id: str) -> list:  # type: ignore[type-arg]
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = list(connection.execute(select(table).where(col(table.case_id) == case_id)))
    engine.dispose()
    return rows


def test_each_debt_is_a_row_with_its_claim_and_the_case_holds_the_totals(db_url: str, tmp_path: Path) -> None:
    src = tmp_path / "cases"
    for name in V2:
        shutil.copytree(SAMPLES / name, src / name)
    report = import_cases(src, db_url)
    assert len(report.imported) == 3
    listed = {r.case_id: r for r in list_cases(db_url)}
    for name in V2:
        case = load_case(SAMPLES / name)
        claim = compute_case_claim(case)
        debts = sorted(_rows(db_url, StoredDebt, case.case_id), key=lambda r: r.position)
        assert [(d.debt_id, d.kind, d.total) for d in debts] == [
            (i.debt.id, i.debt.kind, i.amount("total")) for i in claim.debts]
        assert [d.name for d in debts] == [i.debt.title for i in claim.debts]
        [stored] = _rows(db_url, StoredClaim, case.case_id)
        assert stored.total == claim.total == sum(d.total for d in debts) == listed[case.case_id].total
        assert stored.principal == sum(d.principal for d in debts)
        payments = _rows(db_url, StoredPayment, case.case_id)
        assert len(payments) == len(case.all_payments)
        assert {p.debt_id for p in payments} <= {d.id for d in case.debts}
        lines = _rows(db_url, StoredClaimLine, case.case_id)
        assert sum(len(i.figures.lines) for i in claim.debts) == len(lines)
        assert {ln.debt_id for ln in lines} <= {d.id for d in case.debts}
    facility = load_case(SAMPLES / "facility-drawdowns")
    assert listed[facility.case_id].total == compute_case_claim(facility).total  # not the first drawdown's


def test_a_version_1_case_is_one_debt_with_the_loan_claim(db_url: str, tmp_path: Path) -> None:
    shutil.copytree(SAMPLES / "consumer-loan", tmp_path / "cases" / "consumer-loan")
    import_cases(tmp_path / "cases", db_url)
    case = load_case(SAMPLES / "consumer-loan")
    [debt] = _rows(db_url, StoredDebt, case.case_id)
    [stored] = _rows(db_url, StoredClaim, case.case_id)
    assert (debt.debt_id, debt.kind, debt.contract_no, debt.total) == ("1", "loan", case.loan.contract_no,
                                                                       stored.total)
    assert {p.debt_id for p in _rows(db_url, StoredPayment, case.case_id)} == {""}
    assert {ln.debt_id for ln in _rows(db_url, StoredClaimLine, case.case_id)} == {""}


def test_a_store_at_the_first_revision_upgrades_keeping_its_rows(db_url: str, tmp_path: Path) -> None:
    """A store made by the previous version (revision 0001) gets the debts table; its payments keep their rows."""
    from alembic import command

    from evidence_kit.store.db import _alembic_config

    engine = make_engine(db_url)
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "0001")  # type: ignore[arg-type]
        connection.execute(text("INSERT INTO cases (case_id, case_dir, status, court, cause, creditor, eligible, "
                                "errors, warnings, inputs_sha256, imported_at) VALUES ('OLD-1', '/x', 'ready', '', "
                                "'', '', '', 0, 0, 'x', CURRENT_TIMESTAMP)"))
        connection.execute(text("INSERT INTO payments (case_id, line, paid_on, amount, reference) "
                                "VALUES ('OLD-1', 2, '2024-01-05', '100.00', '')"))
    engine.dispose()
    shutil.copytree(SAMPLES / "credit-card", tmp_path / "cases" / "credit-card")
    import_cases(tmp_path / "cases", db_url)  # opens the store: upgrades to the newest revision first
    [old] = _rows(db_url, StoredPayment, "OLD-1")
    assert old.debt_id == "" and str(old.amount) == "100.00"
    assert len(_rows(db_url, StoredDebt, "SZ-CARD-2025-7315")) == 1
