"""The repayment plan: exact to the fen, the last installment absorbing the remainder, limits refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidence_kit.claim.engine import Claim, compute_claim
from evidence_kit.claim.repayment_plan import (
    MIN_INSTALLMENT,
    PlanRefused,
    PlanTerms,
    debts_components,
    make_plan,
    parse_waive,
    plan_to_json,
)
from tests.factories import make_case

SIGNED = date(2025, 1, 15)


def claim_of(principal: str, interest: str = "0.00", penalty: str = "0.00", compound: str = "0.00",
             fees: str = "0.00", not_due: str = "0.00") -> Claim:
    parts = [Decimal(x) for x in (principal, interest, penalty, compound, fees)]
    return Claim(case_id="T", as_of=date(2025, 1, 10), principal=parts[0], interest=parts[1], penalty=parts[2],
                 compound=parts[3], fees=parts[4], total=sum(parts, Decimal("0.00")),
                 not_due_principal=Decimal(not_due), credit=Decimal("0.00"), lines=(),
                 penalty_rate=Decimal("0.09"), day_count=360)


def test_worked_example_plan_waiving_penalty_and_compound() -> None:
    claim = compute_claim(make_case())  # total 104147.41: principal 100000, interest 1084.59, 3025.00, 37.82
    plan = make_plan(claim, PlanTerms(months=12, signed_on=SIGNED, down_payment=Decimal("5000.00"),
                                      waive=("penalty", "compound")))
    assert plan.waived == {"penalty": Decimal("3025.00"), "compound": Decimal("37.82")}
    assert plan.planned == Decimal("101084.59")
    regular = [i for i in plan.installments if i.number > 0]
    assert [i.principal for i in regular[:11]] == [Decimal("8007.05")] * 11  # round(96084.59 / 12)
    assert regular[-1].principal == Decimal("8007.04")  # the remainder
    assert plan.total == Decimal("101084.59")
    assert plan.installments[0].number == 0 and plan.installments[0].due_date == SIGNED
    assert regular[0].due_date == date(2025, 2, 15) and regular[-1].due_date == date(2026, 1, 15)
    assert plan.recovery_ratio == Decimal("0.9706")  # 101084.59 / 104147.41
    data = plan_to_json(plan)
    assert data["total"] == "101084.59" and data["waived"] == {"penalty": "3025.00", "compound": "37.82"}
    assert data["installments"][1]["amount"] == "8007.05"  # type: ignore[index]


def test_plan_with_a_rate_is_level_and_adds_interest() -> None:
    plan = make_plan(claim_of("12000.00"), PlanTerms(months=12, signed_on=SIGNED, rate=Decimal("0.06")))
    amounts = [i.amount for i in plan.installments]
    assert amounts[:11] == [Decimal("1032.80")] * 11  # 等额本息 on 12,000 at 0.5 % a month
    assert sum(i.principal for i in plan.installments) == Decimal("12000.00")
    assert plan.installments[0].interest == Decimal("60.00")
    assert plan.total == Decimal("12000.00") + plan.plan_interest
    assert plan.recovery_ratio > 1


def test_month_end_start_is_clamped_and_kept() -> None:
    plan = make_plan(claim_of("3000.00"), PlanTerms(months=3, signed_on=SIGNED, first_due=date(2025, 1, 31)))
    assert [i.due_date for i in plan.installments] == [date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31)]


def test_not_due_principal_only_when_asked() -> None:
    claim = claim_of("1000.00", not_due="5000.00")
    assert make_plan(claim, PlanTerms(months=6, signed_on=SIGNED)).planned == Decimal("1000.00")
    assert make_plan(claim, PlanTerms(months=6, signed_on=SIGNED, include_not_due=True)).planned == Decimal("6000.00")


@pytest.mark.parametrize(("terms", "words"), [
    (PlanTerms(months=61, signed_on=SIGNED), "信用卡办法 art. 70"),
    (PlanTerms(months=0, signed_on=SIGNED), "must be 1 to 60"),
    (PlanTerms(months=12, signed_on=SIGNED, waive=("principal",)), "only interest, penalty, compound, fees"),
    (PlanTerms(months=12, signed_on=SIGNED, rate=Decimal("0.30")), "between 0 and 0.24"),
    (PlanTerms(months=12, signed_on=SIGNED, down_payment=Decimal("999999.00")), "more than the planned amount"),
    (PlanTerms(months=12, signed_on=SIGNED, first_due=SIGNED), "after the signing date"),
    (PlanTerms(months=12, signed_on=SIGNED, max_months=400), "above the ceiling"),
    (PlanTerms(months=60, signed_on=SIGNED, down_payment=Decimal("9500.00")), "minimum installment"),
])
def test_terms_that_break_a_limit_are_refused(terms: PlanTerms, words: str) -> None:
    with pytest.raises(PlanRefused, match="cannot be made") as caught:
        make_plan(claim_of("10000.00"), terms)
    assert words in caught.value.message


def test_max_months_raises_the_limit() -> None:
    plan = make_plan(claim_of("100000.00"), PlanTerms(months=84, signed_on=SIGNED, max_months=84))
    assert len(plan.installments) == 84


def test_parse_waive() -> None:
    assert parse_waive("penalty, compound,fee") == ("penalty", "compound", "fees")
    assert parse_waive(None) == ()


money = st.decimals(min_value=Decimal("0.00"), max_value=Decimal("5000000.00"), places=2)


@settings(max_examples=400, deadline=None)
@given(principal=money, interest=money, penalty=money, compound=money, months=st.integers(1, 60),
       down=st.decimals(min_value=Decimal("0"), max_value=Decimal("1"), places=3),
       rate=st.sampled_from(["0", "0.0435", "0.06", "0.12", "0.24"]),
       waive=st.sets(st.sampled_from(["interest", "penalty", "compound"])))
def test_schedule_sums_exactly_to_the_planned_amount(principal: Decimal, interest: Decimal, penalty: Decimal,
                                                      compound: Decimal, months: int, down: Decimal, rate: str,
                                                      waive: set[str]) -> None:
    claim = claim_of(str(principal), str(interest), str(penalty), str(compound))
    planned = claim.total - sum((getattr(claim, w) for w in waive), Decimal("0.00"))
    down_payment = (planned * down).quantize(Decimal("0.01"))
    terms = PlanTerms(months=months, signed_on=SIGNED, down_payment=down_payment, waive=tuple(sorted(waive)),
                      rate=Decimal(rate))
    financed = planned - down_payment
    if financed > 0 and financed / months < MIN_INSTALLMENT:
        with pytest.raises(PlanRefused):
            make_plan(claim, terms)
        return
    plan = make_plan(claim, terms)
    assert plan.planned == planned
    assert sum(i.principal for i in plan.installments) == planned
    assert plan.total == planned + plan.plan_interest
    assert plan.waived_total + plan.planned == claim.total
    for item in plan.installments:
        assert item.principal >= 0 and item.interest >= 0
        assert item.principal == item.principal.quantize(Decimal("0.01"))
        assert item.interest == item.interest.quantize(Decimal("0.01"))
    if financed > 0:
        regular = [i for i in plan.installments if i.number > 0]
        assert len(regular) == months and regular[-1].balance == 0
        if rate == "0":
            assert len({i.principal for i in regular[:-1]}) <= 1
            assert abs(regular[-1].principal - regular[0].principal) <= Decimal("0.01") * months


debt_parts = st.tuples(money, money, money, money, money, money)
"""principal, interest, penalty, compound, fees, not-due principal of one debt."""


@settings(max_examples=300, deadline=None)
@given(debts=st.lists(debt_parts, min_size=1, max_size=5), chosen=st.sets(st.integers(0, 4), min_size=1),
       months=st.integers(1, 60), include_not_due=st.booleans(),
       waive=st.sets(st.sampled_from(["interest", "penalty", "compound", "fees"])))
def test_a_plan_over_chosen_debts_covers_exactly_their_sum(debts: list[tuple[Decimal, ...]], chosen: set[int],
                                                             months: int, include_not_due: bool,
                                                             waive: set[str]) -> None:
    """Several debts (plan --debt): the plan covers the chosen debts' components summed, to the fen, and its
    installments add up to what is planned."""
    claims = [claim_of(*(str(part) for part in parts)) for parts in debts]
    picked = [claims[i] for i in sorted(chosen) if i < len(claims)] or claims[:1]
    components = debts_components(picked, include_not_due)
    assert sum(components.values(), Decimal("0.00")) == sum(
        (c.total + (c.not_due_principal if include_not_due else Decimal("0.00")) for c in picked), Decimal("0.00"))
    terms = PlanTerms(months=months, signed_on=SIGNED, waive=tuple(sorted(waive)), include_not_due=include_not_due)
    planned = sum(components.values(), Decimal("0.00")) - sum((components[w] for w in waive), Decimal("0.00"))
    if 0 < planned / months < MIN_INSTALLMENT:
        with pytest.raises(PlanRefused):
            make_plan(picked[0], terms, components, ("a", "b"))
        return
    plan = make_plan(picked[0], terms, components, ("a", "b"))
    assert plan.covered == sum(components.values(), Decimal("0.00")) and plan.planned == planned
    assert plan.waived_total + plan.planned == plan.covered
    assert sum((i.principal for i in plan.installments), Decimal("0.00")) == planned
    assert all(i.principal == i.principal.quantize(Decimal("0.01")) for i in plan.installments)
    assert plan_to_json(plan)["debts"] == ["a", "b"]


def test_default_due_dates_keep_the_signing_day() -> None:
    plan = make_plan(claim_of("3000.00"), PlanTerms(months=3, signed_on=date(2025, 3, 31)))
    assert [i.due_date for i in plan.installments] == [date(2025, 4, 30), date(2025, 5, 31), date(2025, 6, 30)]


def test_judgment_components_match_the_enforcement_figures() -> None:
    from evidence_kit.case.load import load_case
    from evidence_kit.claim.enforcement import enforcement_figures
    from evidence_kit.claim.repayment_plan import judgment_components
    from tests.conftest import SAMPLES

    case = load_case(SAMPLES / "enforcement")
    request = case.filings.enforcement
    assert request is not None
    left = judgment_components(request, case.as_of)
    figures = enforcement_figures(request, case.as_of)
    assert left["principal"] + left["fees"] == figures.base  # paid_since reduced the non-interest money
    assert left["late_interest"] == figures.late_interest == Decimal("2795.86")
    assert sum(left.values()) == request.basis.awarded.total - request.paid_since + figures.late_interest
    plan = make_plan(compute_claim(case), PlanTerms(months=6, signed_on=case.as_of, waive=("late_interest",)), left)
    assert plan.waived == {"late_interest": Decimal("2795.86")}
    assert plan.total == request.basis.awarded.total - request.paid_since
