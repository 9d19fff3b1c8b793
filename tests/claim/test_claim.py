from __future__ import annotations

import re
from dataclasses import fields, replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence_kit.case.model import (
    Awarded,
    Case,
    ClaimedFigures,
    EnforcementBasis,
    EnforcementRequest,
    Filings,
    Installment,
    LoanFee,
    Payment,
)
from evidence_kit.claim.engine import (
    Claim,
    ClaimLine,
    claim_problems,
    claim_table_text,
    claim_to_json,
    compute_claim,
    display_width,
)
from evidence_kit.claim.schedule import TermsInvalid, accelerate, add_months, build_schedule
from evidence_kit.errors import ExitCode
from evidence_kit.problems import Location, Severity
from tests.factories import make_case, make_loan, make_payment

D = Decimal
YAML = Location("case.yaml")


def line(kind: str, base: str, start: str, end: str, days: int, amount: str) -> ClaimLine:
    return ClaimLine(kind, D(base), D("0.09"), date.fromisoformat(start), date.fromisoformat(end), days, D(amount), 360)


# -- the worked example of claim-method.md, line by line ------------------------------------------

WORKED_LINES = [
    line("compound", "500.00", "2024-07-10", "2024-07-20", 10, "1.25"),
    line("compound", "201.25", "2024-07-20", "2024-08-10", 21, "1.06"),
    line("compound", "717.92", "2024-08-10", "2024-09-01", 22, "3.95"),
    line("penalty", "100000.00", "2024-09-01", "2024-12-31", 121, "3025.00"),
    line("compound", "1084.59", "2024-09-01", "2024-12-31", 121, "32.81"),
]


def test_worked_example_lines() -> None:
    claim = compute_claim(make_case())
    assert list(claim.lines) == WORKED_LINES


def test_worked_example_totals() -> None:
    claim = compute_claim(make_case())
    assert claim.principal == D("100000.00")
    assert claim.interest == D("1084.59")
    assert claim.penalty == D("3025.00")
    assert claim.compound == D("37.82")
    assert claim.fees == D("0.00")
    assert claim.total == D("104147.41")
    assert claim.not_due_principal == D("0.00")
    assert claim.credit == D("0.00")
    assert claim.paid("compound") == D("1.25")  # the 1.25 paid on 07-20
    assert claim.accrued("compound") == D("39.07")
    assert claim.penalty_rate == D("0.09")
    assert [(i.number, i.interest) for i in claim.items] == [(6, D("201.25")), (7, D("516.67")), (8, D("366.67"))]


def test_worked_example_labels() -> None:
    labels = [ln.label for ln in compute_claim(make_case()).lines]
    assert labels[3] == "罚息（逾期本金 100,000.00 × 9.00% ÷ 360 × 121 天）"
    assert labels[0] == "复利（欠付利息 500.00 × 9.00% ÷ 360 × 10 天）"


def test_claim_json_has_exactly_the_design_keys() -> None:
    data = claim_to_json(compute_claim(make_case()))
    lines = data["lines"]
    assert isinstance(lines, list)
    design = {"case_id", "as_of", "principal", "interest", "penalty", "compound", "fees", "total",
              "not_due_principal", "credit", "lines"}
    assert design <= set(data)
    assert set(data) - design == {"penalty_rate", "items", "warnings"}
    assert data["case_id"] == "WORKED-EXAMPLE" and data["as_of"] == "2024-12-31"
    assert data["total"] == "104147.41" and data["compound"] == "37.82" and data["fees"] == "0.00"
    assert lines[3] == {"kind": "penalty", "base": "100000.00", "rate": "0.09", "from": "2024-09-01",
                                "to": "2024-12-31", "days": 121, "amount": "3025.00"}
    for item in lines:
        assert isinstance(item, dict) and set(item) == {"kind", "base", "rate", "from", "to", "days", "amount"}
    for key in design - {"case_id", "as_of", "lines"}:
        assert re.fullmatch(r"\d+\.\d\d", str(data[key])), key


def test_claim_table_text() -> None:
    text = claim_table_text(compute_claim(make_case()))
    assert "104,147.41" in text and "合计 total" in text and "罚息 penalty" in text
    for ln in WORKED_LINES:
        assert f"{ln.amount:,.2f}" in text
    totals = text[text.index("项目 item"):].splitlines()[:9]
    assert len({display_width(row) for row in totals}) == 1  # right-aligned amounts, one width
    line_rows = [row for row in text.splitlines() if re.search(r"\d{4}-\d\d-\d\d  \d{4}", row)]
    assert len(line_rows) == 5 and len({display_width(row) for row in line_rows}) == 1


# -- options and variations -------------------------------------------------------------------


def test_split_payment_applies_each_part_to_its_kind() -> None:
    payments = (*make_case().payments[:5], make_payment(date(2024, 7, 20), "300.00", 7, interest="300.00"))
    claim = compute_claim(make_case(payments=payments))
    # 1.25 compound stays unpaid; interest 500 − 300 = 200.00; then 200 × 0.00025 × 21 = 1.05,
    # 716.67 × 0.00025 × 22 = 3.94, 1083.34 × 0.00025 × 121 = 32.77
    assert [ln.amount for ln in claim.lines] == [D("1.25"), D("1.05"), D("3.94"), D("3025.00"), D("32.77")]
    assert (claim.interest, claim.compound, claim.total) == (D("1083.34"), D("39.01"), D("104147.35"))


def test_allocation_order_option() -> None:
    order = ("principal", "interest", "compound", "penalty", "fee")
    claim = compute_claim(make_case(loan=make_loan(allocation_order=order)))
    assert (claim.interest, claim.compound, claim.total) == (D("1083.34"), D("39.01"), D("104147.35"))


def test_split_part_beyond_what_is_due_is_applied_like_a_plain_payment() -> None:
    payments = (*make_case().payments[:5], make_payment(date(2024, 7, 20), "300.00", 7, principal="300.00"))
    assert claim_to_json(compute_claim(make_case(payments=payments))) == claim_to_json(compute_claim(make_case()))


def test_split_that_does_not_add_up_is_applied_as_a_plain_payment() -> None:
    payments = (*make_case().payments[:5], make_payment(date(2024, 7, 20), "300.00", 7, interest="250.00"))
    assert compute_claim(make_case(payments=payments)).total == D("104147.41")


def test_fee_is_paid_first_and_splits_the_accrual() -> None:
    fee = LoanFee(date(2024, 7, 15), D("100.00"), "律师费", YAML)
    claim = compute_claim(make_case(loan=make_loan(fees=(fee,))))
    assert claim.paid("fee") == D("100.00") and claim.fees == D("0.00")
    # the fee date splits the first interval: 500 × 0.00025 × 5 = 0.63 twice; then 300 pays the
    # fee 100, compound 1.26 and 198.74 interest, so 301.26 of interest stays unpaid
    assert list(claim.lines[:3]) == [
        line("compound", "500.00", "2024-07-10", "2024-07-15", 5, "0.63"),
        line("compound", "500.00", "2024-07-15", "2024-07-20", 5, "0.63"),
        line("compound", "301.26", "2024-07-20", "2024-08-10", 21, "1.58"),
    ]
    unpaid_fee = LoanFee(date(2024, 8, 1), D("500.00"), "律师费", YAML)
    claim = compute_claim(make_case(loan=make_loan(fees=(unpaid_fee,))))
    assert claim.fees == D("500.00")
    # the fee date is an event: 201.25 accrues over 12 days (0.60), then 9 days (0.45)
    assert [ln.amount for ln in claim.lines[1:3]] == [D("0.60"), D("0.45")]


def test_credit_from_an_early_payment_pays_later_items() -> None:
    case = make_case(loan=make_loan(accelerated_on=None), as_of=date(2024, 5, 31),
                     payments=(make_payment(date(2024, 1, 15), "2000.00"),))
    claim = compute_claim(case)
    # 2000 − 516.67 − 483.33 − 516.67 = 483.33 left on 05-10 against 500.00
    assert claim.interest == D("16.67") and claim.credit == D("0.00")
    assert list(claim.lines) == [line("compound", "16.67", "2024-05-10", "2024-05-31", 21, "0.09")]
    assert claim.not_due_principal == D("100000.00")
    early = compute_claim(replace(case, as_of=date(2024, 2, 1)))
    assert early.credit == D("2000.00") and early.total == D("0.00")


def test_rate_cap_is_applied_with_a_warning() -> None:
    case = make_case(loan=make_loan(annual_rate=D("0.20"), loc=Location("case.yaml", 20, "loan")))
    claim = compute_claim(case)
    assert claim.penalty_rate == D("0.24")
    assert {ln.rate for ln in claim.lines} == {D("0.24")}
    assert claim.penalty == D("8066.67")  # 100,000 × 24 % ÷ 360 × 121
    [cap] = claim.warnings
    assert cap.code == "rate_cap_applied" and cap.severity is Severity.WARNING
    assert cap.loc == Location("case.yaml", 20, "loan.penalty_markup")
    assert "30.00%" in cap.message and "24.00%" in cap.message
    assert cap in claim_problems(case)
    assert compute_claim(make_case()).warnings == ()


def test_without_compound() -> None:
    claim = compute_claim(make_case(loan=make_loan(compound=False)))
    assert [ln.kind for ln in claim.lines] == ["penalty"]
    assert claim.compound == D("0.00") and claim.interest == D("1083.34")


def test_bank_schedule_is_used() -> None:
    schedule = (Installment(1, date(2024, 6, 10), D("40000.00"), D("1000.00"), Location("schedule.csv", 2)),
                Installment(2, date(2025, 1, 10), D("60000.00"), D("2000.00"), Location("schedule.csv", 3)))
    case = make_case(schedule=schedule, payments=(), loan=make_loan(accelerated_on=None,
                                                                     repayment_method="not-a-method"))
    claim = compute_claim(case)
    assert (claim.principal, claim.interest, claim.not_due_principal) == (D("40000.00"), D("1000.00"), D("60000.00"))
    assert claim.lines[0] == line("penalty", "40000.00", "2024-06-10", "2024-12-31", 204, "2040.00")


def test_payments_after_as_of_are_ignored() -> None:
    case = make_case(payments=(*make_case().payments, make_payment(date(2025, 1, 5), "9999.00")))
    assert compute_claim(case).total == D("104147.41")


def test_as_of_argument_overrides_the_case() -> None:
    claim = compute_claim(make_case(), date(2024, 8, 31))
    assert claim.as_of == date(2024, 8, 31)
    assert claim.not_due_principal == D("100000.00") and claim.principal == D("0.00")


# -- problems ---------------------------------------------------------------------------------


def test_as_of_before_disbursement() -> None:
    case = make_case(as_of=date(2023, 12, 31))
    [problem] = claim_problems(case)
    assert problem.code == "as_of_before_disbursement" and problem.severity is Severity.ERROR
    assert problem.loc == Location("case.yaml", None, "as_of")
    assert "2023-12-31" in problem.message and "2024-01-10" in problem.message
    with pytest.raises(TermsInvalid) as caught:
        compute_claim(case)
    assert caught.value.exit_code is ExitCode.CASE_INVALID
    assert caught.value.column == "as_of"


def test_problems_sit_on_the_key_lines_of_case_yaml() -> None:
    lines = {"as_of": 3, "loan": 20, "loan.repayment_method": 31, "loan.penalty_markup": 27,
             "loan.claimed": 40, "loan.claimed.penalty": 43}
    loan = make_loan(loc=Location("case.yaml", 20, "loan"))
    [early] = claim_problems(make_case(as_of=date(2023, 1, 1), key_lines=lines))
    assert early.loc == Location("case.yaml", 3, "as_of")
    [method] = claim_problems(make_case(loan=replace(loan, repayment_method="x"), key_lines=lines))
    assert method.loc == Location("case.yaml", 31, "loan.repayment_method")
    claimed = ClaimedFigures(penalty=D("1.00"), compound=D("2.00"), loc=Location("case.yaml", 40, "loan.claimed"))
    capped = replace(loan, annual_rate=D("0.2"), claimed=claimed)
    found = {p.code + ":" + str(p.loc) for p in claim_problems(make_case(loan=capped, key_lines=lines))}
    assert found == {
        "rate_cap_applied:case.yaml, line 27, column loan.penalty_markup",
        "claim_mismatch:case.yaml, line 43, column loan.claimed.penalty",
        "claim_mismatch:case.yaml, line 40, column loan.claimed.compound",  # absent key: its parent's line
    }


def test_unknown_method_in_claim_problems() -> None:
    case = make_case(loan=make_loan(repayment_method="balloon", loc=Location("case.yaml", 9, "loan")))
    [problem] = claim_problems(case)
    assert problem.code == "unknown_repayment_method"
    assert problem.loc == Location("case.yaml", 9, "loan.repayment_method")
    with pytest.raises(TermsInvalid):
        compute_claim(case)


def test_claim_mismatch() -> None:
    claimed = ClaimedFigures(principal=D("100000.05"), interest=D("1084.00"), penalty=D("3025.04"),
                             compound=None, fees=D("0.10"), loc=Location("case.yaml", 30, "loan.claimed"))
    problems = [p for p in claim_problems(make_case(loan=make_loan(claimed=claimed))) if p.code == "claim_mismatch"]
    assert {p.loc for p in problems} == {Location("case.yaml", 30, "loan.claimed.interest"),
                                         Location("case.yaml", 30, "loan.claimed.fees")}
    interest = next(p for p in problems if p.loc and p.loc.column == "loan.claimed.interest")
    assert "1,084.00" in interest.message and "1,084.59" in interest.message
    assert all(p.severity is Severity.ERROR for p in problems)


def test_limitation_and_enforcement_reach_claim_problems() -> None:
    near = claim_problems(make_case(as_of=date(2027, 8, 15)))
    assert [p.code for p in near] == ["limitation_near"]
    expired = claim_problems(make_case(as_of=date(2027, 9, 2)))
    assert [p.code for p in expired] == ["limitation_expired"]
    basis = EnforcementBasis("judgment", "(2025)京0102民初1号", "北京市西城区人民法院", date(2025, 3, 1),
                             date(2025, 3, 15), Awarded(principal=D("100000.00")), YAML)
    enforcement = Filings(enforcement=EnforcementRequest(basis, YAML))
    late = claim_problems(make_case(as_of=date(2027, 9, 2), filings=enforcement))
    assert [p.code for p in late] == ["enforcement_deadline_passed"]  # the loan's limitation is moot


# -- properties -------------------------------------------------------------------------------

fen = st.integers(min_value=1, max_value=3_000_000).map(lambda f: (D(f) / 100).quantize(D("0.01")))


@st.composite
def cases(draw: st.DrawFn) -> Case:
    method = draw(st.sampled_from(["equal_installment", "equal_principal", "interest_only", "bullet"]))
    n = draw(st.integers(1, 18))
    disbursed = date(2023, 1, 1) + timedelta(days=draw(st.integers(0, 400)))
    maturity = add_months(disbursed, n)
    accelerated = draw(st.one_of(st.none(), st.integers(1, 600).map(lambda d: disbursed + timedelta(days=d))))
    loan = make_loan(
        principal=(D(draw(st.integers(100, 10**9))) / 100).quantize(D("0.01")),
        annual_rate=D(draw(st.integers(0, 2000))) / 10000,
        penalty_markup=D(draw(st.sampled_from(["0", "0.3", "0.5", "1"]))),
        compound=draw(st.booleans()),
        day_count=draw(st.sampled_from([360, 365])),
        repayment_method=method,
        installments=n,
        payment_day=None,
        disbursed_on=disbursed,
        maturity=maturity,
        accelerated_on=accelerated,
        allocation_order=tuple(draw(st.permutations(["fee", "penalty", "compound", "interest", "principal"]))),
        fees=tuple(LoanFee(disbursed + timedelta(days=d), a, "费用", YAML)
                   for d, a in draw(st.lists(st.tuples(st.integers(0, 700), fen), max_size=2))),
    )
    payments = tuple(
        Payment(disbursed + timedelta(days=d), amount, Location("repayments.csv", row + 2, "amount"))
        for row, (d, amount) in enumerate(draw(st.lists(st.tuples(st.integers(0, 700), fen), max_size=12)))
    )
    as_of = disbursed + timedelta(days=draw(st.integers(0, 800)))
    return make_case(loan=loan, payments=payments, as_of=as_of)


MONEY_FIELDS = ("principal", "interest", "penalty", "compound", "fees", "total", "not_due_principal", "credit")


def assert_money(value: object) -> None:
    assert isinstance(value, Decimal), value
    assert value >= 0
    assert value == value.quantize(D("0.01"))


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_claim_is_consistent(case: Case) -> None:
    claim = compute_claim(case)
    for name in MONEY_FIELDS:
        assert_money(getattr(claim, name))
    assert claim.total == claim.principal + claim.interest + claim.penalty + claim.compound + claim.fees
    # money in = money applied + credit
    paid_in = sum((p.amount for p in case.payments if p.date <= case.as_of), D("0"))
    assert paid_in == sum((a.amount for a in claim.allocations), D("0")) + claim.credit
    # each component = what fell due − what was applied to it
    schedule = accelerate(build_schedule(case.loan), case.loan, case.as_of)
    due = [i for i in schedule if i.due_date <= case.as_of]
    assert claim.principal == sum((i.principal for i in due), D("0")) - claim.paid("principal")
    assert claim.interest == sum((i.interest for i in due), D("0")) - claim.paid("interest")
    assert claim.not_due_principal == sum((i.principal for i in schedule if i.due_date > case.as_of), D("0"))
    assert claim.penalty == claim.accrued("penalty") - claim.paid("penalty")
    assert claim.compound == claim.accrued("compound") - claim.paid("compound")
    assert claim.fees == sum((f.amount for f in case.loan.fees if f.date <= case.as_of), D("0")) - claim.paid("fee")
    if claim.credit > 0:
        assert claim.total == 0
    for ln in claim.lines:
        for f in ("base", "amount"):
            assert_money(getattr(ln, f))
        assert isinstance(ln.rate, Decimal) and ln.base > 0 and ln.days > 0
        assert ln.from_date < ln.to_date <= case.as_of
        assert ln.amount == (ln.base * ln.rate * ln.days / ln.day_count).quantize(D("0.01"), "ROUND_HALF_UP")
    for item in claim.items:
        assert_money(item.principal)
        assert_money(item.interest)
    for allocation in claim.allocations:
        assert_money(allocation.amount)
        assert allocation.amount > 0


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.data())
def test_two_payments_on_one_day_equal_one_payment_of_their_sum(case: Case, data: st.DataObject) -> None:
    on = case.loan.disbursed_on + timedelta(days=data.draw(st.integers(0, 700)))
    a, b = data.draw(fen), data.draw(fen)
    loc = Location("repayments.csv", 99, "amount")
    two = replace(case, payments=(*case.payments, Payment(on, a, loc), Payment(on, b, loc)))
    one = replace(case, payments=(*case.payments, Payment(on, a + b, loc)))
    assert claim_to_json(compute_claim(two)) == claim_to_json(compute_claim(one))


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_paying_every_item_on_its_due_date_leaves_nothing(case: Case) -> None:
    case = replace(case, loan=replace(case.loan, fees=()))
    schedule = accelerate(build_schedule(case.loan), case.loan, case.as_of)
    payments = tuple(Payment(i.due_date, i.principal + i.interest, Location("repayments.csv", n + 2, "amount"))
                     for n, i in enumerate(schedule) if i.principal + i.interest > 0)
    claim = compute_claim(replace(case, payments=payments))
    assert claim.total == 0 and claim.credit == 0
    assert claim.lines == ()


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), fen)
def test_overpayment_becomes_credit(case: Case, extra: Decimal) -> None:
    before = compute_claim(case)
    payoff = Payment(case.as_of, before.total + extra, Location("repayments.csv", 99, "amount"))
    after = compute_claim(replace(case, payments=(*case.payments, payoff)))
    assert after.total == 0
    assert after.credit == before.credit + extra
    assert after.lines == before.lines
    assert after.not_due_principal == before.not_due_principal


def test_claim_fields_are_typed_decimal() -> None:
    claim = compute_claim(make_case())
    decimal_fields = {f.name for f in fields(Claim) if f.type in ("Decimal", Decimal)}
    assert set(MONEY_FIELDS) | {"penalty_rate"} == decimal_fields
    for name in decimal_fields:
        assert type(getattr(claim, name)) is Decimal


def test_a_negative_fee_built_in_code_cannot_stall_the_walk() -> None:
    """case.yaml refuses negative money; a Case built in code with one must still terminate."""
    case = make_case()
    fee = LoanFee(date(2024, 7, 1), Decimal("-500.00"), "冲回", Location("case.yaml"))
    claim = compute_claim(replace(case, loan=replace(case.loan, fees=(fee,))))
    assert claim.principal == Decimal("100000.00")
