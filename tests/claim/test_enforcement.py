from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from evidence_kit.case.model import Awarded, EnforcementBasis, EnforcementRequest, Filings
from evidence_kit.claim.enforcement import (
    enforcement_deadline,
    enforcement_figures,
    enforcement_problems,
)
from evidence_kit.problems import Location, Severity
from tests.factories import make_case

D = Decimal
BASIS_LOC = Location("case.yaml", 40, "filings.enforcement.basis")
AWARDED = Awarded(principal=D("100000.00"), interest=D("1084.59"), penalty=D("3025.00"), compound=D("37.82"),
                  fees=D("1050.00"), costs=D("500.00"))


def request(performance_due: date = date(2025, 3, 15), paid_since: str = "0.00",
            awarded: Awarded = AWARDED) -> EnforcementRequest:
    basis = EnforcementBasis("judgment", "(2025)京0102民初1号", "北京市西城区人民法院", date(2025, 3, 1),
                             performance_due, awarded, BASIS_LOC)
    return EnforcementRequest(basis, Location("case.yaml", 38, "filings.enforcement"), D(paid_since))


def test_deadline_is_two_years_after_performance_due() -> None:
    assert enforcement_deadline(date(2025, 3, 15)) == date(2027, 3, 15)
    assert enforcement_deadline(date(2024, 2, 29)) == date(2026, 2, 28)


def test_doubled_interest_excludes_interest_items() -> None:
    figures = enforcement_figures(request(paid_since="1550.00"), date(2025, 7, 13))
    # base = 100,000 + 1,050 + 500 − 1,550 (interest, penalty and compound excluded)
    assert figures.base == D("100000.00")
    assert figures.days == 120
    assert figures.late_interest == D("2100.00")  # 100,000 × 0.000175 × 120
    assert figures.eligible
    assert figures.label.startswith("加倍部分债务利息（100,000.00 × 0.0175% × 120 天")


def test_doubled_interest_rounds_to_the_fen_and_never_goes_negative() -> None:
    figures = enforcement_figures(request(paid_since="0.00"), date(2025, 3, 18))
    assert figures.late_interest == D("53.31")  # 101,550 × 0.000175 × 3 = 53.31375
    paid_off = enforcement_figures(request(paid_since="200000.00"), date(2025, 7, 13))
    assert paid_off.base == D("0.00") and paid_off.late_interest == D("0.00")
    before_due = enforcement_figures(request(), date(2025, 3, 1))
    assert before_due.days == 0 and before_due.late_interest == D("0.00")


def test_deadline_passed_is_located_at_performance_due() -> None:
    filings = Filings(enforcement=request())
    assert enforcement_problems(make_case(filings=filings, as_of=date(2027, 3, 15))) == []
    [problem] = enforcement_problems(make_case(filings=filings, as_of=date(2027, 3, 16)))
    assert problem.code == "enforcement_deadline_passed" and problem.severity is Severity.ERROR
    assert problem.loc == Location("case.yaml", 40, "filings.enforcement.basis.performance_due")
    assert "2027-03-15" in problem.message
    assert not enforcement_figures(request(), date(2027, 3, 16)).eligible


def test_deadline_problem_sits_on_the_key_line() -> None:
    case = make_case(filings=Filings(enforcement=request()), as_of=date(2030, 1, 1),
                     key_lines={"filings.enforcement.basis.performance_due": 47})
    [problem] = enforcement_problems(case)
    assert problem.loc == Location("case.yaml", 47, "filings.enforcement.basis.performance_due")


def test_no_enforcement_filing_no_problem() -> None:
    assert enforcement_problems(make_case(as_of=date(2040, 1, 1))) == []


fen = st.integers(0, 10**9).map(lambda f: (D(f) / 100).quantize(D("0.01")))


@given(fen, fen, fen, fen, st.integers(-100, 2000))
def test_doubled_interest_properties(principal: Decimal, interest: Decimal, costs: Decimal, paid: Decimal,
                                     days: int) -> None:
    awarded = Awarded(principal=principal, interest=interest, costs=costs)
    due = date(2025, 3, 15)
    figures = enforcement_figures(request(due, str(paid), awarded), due + timedelta(days=days))
    assert figures.base == max(D("0.00"), principal + costs - paid)
    assert figures.late_interest >= 0 and isinstance(figures.late_interest, Decimal)
    assert figures.late_interest == (figures.base * D("0.000175") * max(days, 0)).quantize(D("0.01"), "ROUND_HALF_UP")
    more_interest = enforcement_figures(
        request(due, str(paid), Awarded(principal=principal, interest=interest + 1000, costs=costs)),
        due + timedelta(days=days),
    )
    assert more_interest.late_interest == figures.late_interest  # interest items are not in the base
