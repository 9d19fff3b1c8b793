from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidence_kit.case.model import Installment, Loan
from evidence_kit.claim.schedule import (
    TermsInvalid,
    accelerate,
    add_months,
    build_schedule,
    check_bank_schedule,
    check_terms,
    due_dates,
    level_payment,
)
from evidence_kit.errors import CaseInvalid, ExitCode
from evidence_kit.problems import Location
from tests.factories import make_loan

D = Decimal


def mortgage(**overrides: Any) -> Loan:
    terms: dict[str, Any] = {
        "principal": D("1000000.00"),
        "annual_rate": D("0.049"),
        "repayment_method": "equal_installment",
        "installments": 360,
        "disbursed_on": date(2020, 1, 15),
        "maturity": date(2050, 1, 15),
        "payment_day": None,
        "accelerated_on": None,
    }
    terms.update(overrides)
    return make_loan(**terms)


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 1, 31), 3) == date(2024, 4, 30)
    assert add_months(date(2024, 11, 30), 2) == date(2025, 1, 30)
    assert add_months(date(2024, 1, 10), 1, 31) == date(2024, 2, 29)


def test_due_dates_use_payment_day_and_end_at_maturity() -> None:
    loan = make_loan(disbursed_on=date(2024, 1, 25), payment_day=10, installments=3, maturity=date(2024, 4, 25),
                     accelerated_on=None)
    assert due_dates(loan) == [date(2024, 2, 10), date(2024, 3, 10), date(2024, 4, 25)]
    assert due_dates(make_loan(payment_day=None, disbursed_on=date(2024, 1, 31), installments=3,
                               maturity=date(2024, 4, 30))) == [date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30)]


def test_mortgage_payment_is_5307_27() -> None:
    assert level_payment(D("1000000"), D("0.049") / 12, 360) == D("5307.27")
    schedule = build_schedule(mortgage())
    assert len(schedule) == 360
    assert schedule[0] == Installment(1, date(2020, 2, 15), D("1223.94"), D("4083.33"))
    assert all(item.principal + item.interest == D("5307.27") for item in schedule[:-1])
    assert sum(item.principal for item in schedule) == D("1000000.00")
    assert schedule[-1].due_date == date(2050, 1, 15)
    assert schedule[-1].interest == D("21.57")


def test_worked_example_interest_only_schedule() -> None:
    schedule = build_schedule(make_loan())
    assert [item.interest for item in schedule[:7]] == [
        D(x) for x in ("516.67", "483.33", "516.67", "500.00", "516.67", "500.00", "516.67")
    ]
    assert [item.principal for item in schedule[:-1]] == [D("0.00")] * 11
    assert schedule[-1] == Installment(12, date(2025, 1, 10), D("100000.00"), D("516.67"))


def test_equal_principal() -> None:
    loan = make_loan(repayment_method="equal_principal", principal=D("1000.00"), installments=3,
                     maturity=date(2024, 4, 10), accelerated_on=None)
    schedule = build_schedule(loan)
    assert [item.principal for item in schedule] == [D("333.33"), D("333.33"), D("333.34")]
    assert [item.interest for item in schedule] == [D("5.00"), D("3.33"), D("1.67")]  # round(B·0.005)


def test_bullet_is_one_item_at_maturity() -> None:
    loan = make_loan(repayment_method="bullet", accelerated_on=None)
    # 100,000 × 6 % ÷ 360 × 366 days (2024-01-10 → 2025-01-10)
    assert build_schedule(loan) == (Installment(1, date(2025, 1, 10), D("100000.00"), D("6100.00")),)


def test_acceleration_of_the_worked_example() -> None:
    loan = make_loan()
    accelerated = accelerate(build_schedule(loan), loan, date(2024, 12, 31))
    assert len(accelerated) == 8
    last = accelerated[-1]
    assert (last.number, last.due_date, last.principal, last.interest) == (8, date(2024, 9, 1), D("100000.00"), D("366.67"))
    assert last.loc is not None and last.loc.column == "accelerated_on"
    assert accelerated[:7] == build_schedule(loan)[:7]


def test_acceleration_waits_for_as_of() -> None:
    loan = make_loan()
    schedule = build_schedule(loan)
    assert accelerate(schedule, loan, date(2024, 8, 31)) == schedule
    assert accelerate(schedule, make_loan(accelerated_on=None), date(2024, 12, 31)) == schedule


def test_acceleration_before_the_first_due_date_counts_from_disbursement() -> None:
    loan = make_loan(accelerated_on=date(2024, 1, 20))
    accelerated = accelerate(build_schedule(loan), loan, date(2024, 12, 31))
    # 100,000 × 6 % ÷ 360 × 10 days
    assert accelerated == (Installment(1, date(2024, 1, 20), D("100000.00"), D("166.67"), accelerated[0].loc),)


def test_unknown_method_is_located_at_repayment_method() -> None:
    loan = make_loan(repayment_method="balloon", loc=Location("case.yaml", 14, "loan"))
    with pytest.raises(TermsInvalid) as caught:
        build_schedule(loan)
    assert isinstance(caught.value, CaseInvalid)
    assert caught.value.exit_code is ExitCode.CASE_INVALID
    [problem] = caught.value.problems
    assert problem.code == "unknown_repayment_method"
    assert problem.loc == Location("case.yaml", 14, "loan.repayment_method")
    assert "balloon" in problem.message


def test_impossible_terms() -> None:
    codes = {p.code for p in check_terms(make_loan(maturity=date(2024, 1, 1)))}
    assert codes == {"maturity_before_disbursement"}
    [problem] = check_terms(make_loan(maturity=date(2024, 12, 1)))  # item 11 would fall on 2024-12-10
    assert problem.code == "maturity_inconsistent"
    assert problem.loc is not None and problem.loc.column == "installments"
    assert [p.code for p in check_terms(make_loan(accelerated_on=date(2023, 1, 1)))] == ["acceleration_before_disbursement"]
    assert check_terms(make_loan()) == []


def rows(*items: tuple[str, str, str]) -> tuple[Installment, ...]:
    return tuple(
        Installment(n, date.fromisoformat(due), D(principal), D(interest), Location("schedule.csv", n + 1, "due_date"))
        for n, (due, principal, interest) in enumerate(items, start=1)
    )


def test_bank_schedule_that_adds_up_passes() -> None:
    loan = make_loan(principal=D("1000.00"), maturity=date(2024, 3, 10))
    assert check_bank_schedule(rows(("2024-02-10", "500.00", "5.00"), ("2024-03-10", "500.00", "2.50")), loan) == []


def test_bank_schedule_problems_are_located() -> None:
    loan = make_loan(principal=D("1000.00"), maturity=date(2024, 3, 10))
    schedule = rows(
        ("2024-01-10", "400.00", "5.00"),  # not after disbursement
        ("2024-03-01", "300.00", "-1.00"),  # negative interest
        ("2024-02-20", "200.00", "2.50"),  # out of order
        ("2024-03-20", "50.00", "0.00"),  # after maturity
    )
    found = {(p.code, p.loc) for p in check_bank_schedule(schedule, loan)}
    assert found == {
        ("schedule_before_disbursement", Location("schedule.csv", 2, "due_date")),
        ("schedule_negative", Location("schedule.csv", 3, "interest")),
        ("schedule_dates_order", Location("schedule.csv", 4, "due_date")),
        ("schedule_after_maturity", Location("schedule.csv", 5, "due_date")),
        ("schedule_principal_sum", Location("schedule.csv", None, "principal")),
    }
    [total] = [p for p in check_bank_schedule(schedule, loan) if p.code == "schedule_principal_sum"]
    assert "950.00" in total.message and "1,000.00" in total.message


def test_empty_bank_schedule() -> None:
    assert [p.code for p in check_bank_schedule((), make_loan())] == ["schedule_empty"]


@st.composite
def loans(draw: st.DrawFn) -> Loan:
    disbursed = date(2020, 1, 1) + timedelta(days=draw(st.integers(0, 1500)))
    n = draw(st.integers(1, 72))
    day = draw(st.one_of(st.none(), st.integers(1, 31)))
    maturity = add_months(disbursed, n, day) + timedelta(days=draw(st.integers(0, 20)))
    return make_loan(
        principal=D(draw(st.integers(1, 10**9))) / 100,
        annual_rate=D(draw(st.integers(0, 2400))) / 10000,
        repayment_method=draw(st.sampled_from(["equal_installment", "equal_principal", "interest_only", "bullet"])),
        installments=n,
        payment_day=day,
        disbursed_on=disbursed,
        maturity=maturity,
        day_count=draw(st.sampled_from([360, 365])),
        accelerated_on=None,
    )


@settings(max_examples=150)
@given(loans())
def test_generated_schedules_add_up(loan: Loan) -> None:
    schedule = build_schedule(loan)
    assert sum(item.principal for item in schedule) == loan.principal
    assert schedule[-1].due_date == loan.maturity
    assert schedule[0].due_date > loan.disbursed_on
    assert all(a.due_date < b.due_date for a, b in itertools.pairwise(schedule))
    for item in schedule:
        assert isinstance(item.principal, Decimal) and isinstance(item.interest, Decimal)
        assert item.principal >= 0 and item.interest >= 0
        assert item.principal == item.principal.quantize(D("0.01"))
    assert check_bank_schedule(schedule, loan) == []
    assert len(schedule) == (1 if loan.repayment_method == "bullet" else loan.installments)


@settings(max_examples=100)
@given(loans(), st.integers(0, 3000))
def test_acceleration_keeps_the_principal(loan: Loan, offset: int) -> None:
    accelerated_on = loan.disbursed_on + timedelta(days=offset)
    loan = make_loan(**{**loan.__dict__, "accelerated_on": accelerated_on})
    schedule = build_schedule(loan)
    accelerated = accelerate(schedule, loan, accelerated_on)
    assert sum(item.principal for item in accelerated) == loan.principal
    if accelerated_on >= schedule[-1].due_date:
        assert accelerated == schedule
    else:
        assert accelerated[-1].due_date == accelerated_on
        assert all(item.due_date <= accelerated_on for item in accelerated)
        assert accelerated[:-1] == schedule[: len(accelerated) - 1]
