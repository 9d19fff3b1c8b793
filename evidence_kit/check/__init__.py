"""``check``: load a case folder and report every problem at once.

Each concern has its own module (identity, dates, ledger, exhibits, contacts, filings);
the claim engine adds its own (mismatch with the bank's figures, limitation).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from evidence_kit.case.load import LoadResult, read_case
from evidence_kit.case.model import Case
from evidence_kit.check.contacts import contact_problems
from evidence_kit.check.dates import date_problems
from evidence_kit.check.exhibits import exhibit_problems
from evidence_kit.check.filings import filing_problems
from evidence_kit.check.identity import minor_problems, party_problems
from evidence_kit.check.ledger import ledger_problems
from evidence_kit.check.plan import plan_problems
from evidence_kit.check.text import text_problems
from evidence_kit.problems import CheckReport, Problem, Severity


def check_case(case_dir: Path, today: date | None = None) -> tuple[LoadResult, CheckReport]:
    """Load and check a case folder; the report holds every problem found."""
    result = read_case(case_dir)
    report = CheckReport(result.case.case_id if result.case else None)
    report.extend(result.problems)
    if result.case is not None:
        report.extend(rule_problems(result.case, today or date.today()))
        if result.claim_inputs_sound():
            report.extend(claim_problems_of(result.case))
    return result, report


def rule_problems(case: Case, today: date) -> list[Problem]:
    problems: list[Problem] = []
    problems.extend(party_problems(case.creditor, "creditor", today, case.yaml_loc))
    for i, debtor in enumerate(case.debtors):
        problems.extend(party_problems(debtor, f"debtors.{i}", today, case.yaml_loc))
        problems.extend(minor_problems(debtor, f"debtors.{i}", _first_signed(case), case.yaml_loc))
    problems.extend(date_problems(case))
    problems.extend(ledger_problems(case))
    problems.extend(exhibit_problems(case))
    problems.extend(contact_problems(case))
    problems.extend(filing_problems(case))
    problems.extend(text_problems(case))
    problems.extend(plan_problems(case))
    return problems


def _first_signed(case: Case) -> date:
    """The earliest contract of the case: a loan's signed_on, a card agreement's signing date."""
    dates = [d.loan.signed_on if d.loan is not None else d.first_day for d in case.all_debts]
    return min(dates)


def claim_problems_of(case: Case) -> list[Problem]:
    """The claim engine's problems: the bank's schedule, mismatch with the bank's figures, limitation, deadlines."""
    from evidence_kit.claim.debts import case_claim_problems
    from evidence_kit.claim.engine import claim_problems
    from evidence_kit.claim.schedule import check_bank_schedule

    warnings = [
        p for debt in case.all_debts if debt.schedule is not None and debt.loan is not None
        for p in check_bank_schedule(debt.schedule, debt.loan) if p.severity is Severity.WARNING
    ]
    return [*warnings, *(case_claim_problems(case) if case.debts else claim_problems(case))]
