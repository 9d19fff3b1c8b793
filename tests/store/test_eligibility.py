"""``db list --eligible``: a stored case's filings are judged by the gates ``build`` applies (filings/eligibility.py)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from evidence_kit.case.model import Case
from evidence_kit.check import check_case
from evidence_kit.claim.debts import compute_case_claim
from evidence_kit.filings.make import check_eligibility
from evidence_kit.problems import CheckReport, Location, error
from evidence_kit.store.eligibility import eligible_filings
from tests.conftest import SAMPLES


def checked(sample: str) -> tuple[Case, CheckReport]:
    loaded, report = check_case(SAMPLES / sample)
    assert loaded.case is not None and not report.errors
    return loaded.case, report


def eligible(case: Case, report: CheckReport) -> list[str]:
    return eligible_filings(case, compute_case_claim(case), report)


def test_a_sound_case_is_eligible_for_what_it_asks_and_what_build_would_make() -> None:
    case, report = checked("consumer-loan")
    assert eligible(case, report) == ["payment_order", "complaint", "preservation"]
    check_eligibility(case, ["payment_order", "complaint", "preservation"])  # build agrees: no exit 12


def test_a_debtor_outside_the_mainland_cannot_get_a_payment_order() -> None:
    case, report = checked("consumer-loan")
    moved = dataclasses.replace(case.debtors[0], address="香港九龙弥敦道1号")
    case = dataclasses.replace(case, debtors=(moved, *case.debtors[1:]))
    assert eligible(case, report) == ["complaint", "preservation"]


def test_a_preservation_above_the_claim_is_not_eligible() -> None:
    case, report = checked("consumer-loan")
    preservation = case.filings.preservation
    assert preservation is not None
    asked = dataclasses.replace(preservation, amount=Decimal("9999999.00"))
    case = dataclasses.replace(case, filings=dataclasses.replace(case.filings, preservation=asked))
    assert "preservation" not in eligible(case, report)


def test_a_case_with_check_errors_is_eligible_for_nothing() -> None:
    case, report = checked("consumer-loan")
    bad = error("bad_value", "repayments.csv: an amount cannot be read", Location("repayments.csv", 2), "fix it")
    broken = CheckReport(report.case_id, [*report.problems, bad])
    assert eligible(case, broken) == []
