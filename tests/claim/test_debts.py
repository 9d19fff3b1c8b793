"""Several debts in one case: per-debt claims, case totals, JSON, and the loan engine left exact."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence_kit.case.load import load_case
from evidence_kit.case.model import CardBalances, CardOptions, Case, CreditCard, Debt, Payment
from evidence_kit.claim.card import compute_card_claim
from evidence_kit.claim.debts import AMOUNT_KEYS, compute_case_claim, debt_view
from evidence_kit.claim.engine import compute_claim
from evidence_kit.claim.report import case_claim_json, case_claim_table_text
from evidence_kit.pipeline import claim_json_of
from evidence_kit.problems import Location
from tests.conftest import DATA, SAMPLES
from tests.factories import make_case, make_loan

D = Decimal
V1_CASES = ("worked-example", "business-loan", "consumer-loan", "enforcement")


def test_v1_cases_give_the_same_claim_json_as_before() -> None:
    """The fixtures were written by the loan engine before schema_version 2 existed."""
    for name in V1_CASES:
        folder = DATA / name if name == "worked-example" else SAMPLES / name
        expected = json.loads((DATA / "v1-claims" / f"{name}.json").read_text("utf-8"))
        assert claim_json_of(load_case(folder)) == expected, name


def test_facility_sample_claims_each_drawdown_with_the_loan_engine() -> None:
    case = load_case(SAMPLES / "facility-drawdowns")
    claim = compute_case_claim(case)
    assert [d.debt.id for d in claim.debts] == ["D1", "D2", "D3"]
    for item in claim.debts:
        alone = compute_claim(debt_view(case, item.debt))
        assert item.loan == alone
        assert item.debt.loan is not None and item.debt.loan.claimed is not None
        assert item.loan.total == sum((getattr(item.debt.loan.claimed, k) for k in
                                       ("principal", "interest", "penalty", "compound", "fees")), D(0))
    data = case_claim_json(case, claim)
    assert data["total"] == str(sum((D(d["total"]) for d in data["debts"]), D(0)))
    assert data["court_fees"]["amount"] == data["total"]
    assert {line["debt"] for line in data["lines"]} == {"D1", "D2", "D3"}


def test_mixed_sample_json_has_a_card_section() -> None:
    case = load_case(SAMPLES / "consumer-loan-and-card")
    data = case_claim_json(case, compute_case_claim(case))
    loan, card = data["debts"]
    assert (loan["kind"], card["kind"]) == ("loan", "credit_card")
    assert {"charges_total", "cap", "all_in_rate", "trimmed", "forward"} <= set(card)
    assert card["trimmed"] == {"penalty": "738.37"}
    for key in AMOUNT_KEYS:
        assert data[key] == str(D(loan[key]) + D(card[key])), key
    text = case_claim_table_text(compute_case_claim(case))
    assert "第1项债务 debt loan" in text and "第2项债务 debt card" in text and "合计 case totals" in text


# -- properties ------------------------------------------------------------------------------------

money = st.decimals(min_value=D("0.00"), max_value=D("90000.00"), places=2)
AT = Location("case.yaml", 1, "debts.1")


@st.composite
def cards(draw: st.DrawFn) -> Debt:
    cutoff = date(2024, 6, 30)
    overdue = cutoff - timedelta(days=draw(st.integers(min_value=0, max_value=400)))
    options = CardOptions(
        post_cutoff_base=draw(st.sampled_from(("principal", "principal_plus_interest", "whole_balance"))),
        post_cutoff_compound=draw(st.booleans()),
        overdue90_principal_first=draw(st.booleans()),
        trim_order=tuple(draw(st.permutations(("penalty", "compound", "fees", "interest")))),
        day_count=draw(st.sampled_from((360, 365))),
        charges_paid_before_cutoff=draw(money),
    )
    balances = CardBalances(draw(st.decimals(min_value=D("1.00"), max_value=D("90000.00"), places=2)),
                            draw(money), draw(money), draw(money), draw(money))
    card = CreditCard("6258 **** **** 0001", "示例银行信用卡中心", "领用合约", None, D("100000.00"),
                      draw(st.sampled_from((D("0.0005"), D("0.0003"), D("0.0007")))), overdue, cutoff, balances, AT,
                      options=options)
    days = draw(st.lists(st.integers(min_value=1, max_value=300), max_size=4))
    payments = tuple(Payment(cutoff + timedelta(days=n), draw(money), Location("r.csv", i + 2), debt="card")
                     for i, n in enumerate(sorted(days)))
    return Debt("card", "credit_card", AT, card=card, payments=payments)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cards())
def test_a_trim_never_leaves_charges_above_the_cap_nor_cuts_principal(debt: Debt) -> None:
    claim = compute_card_claim(debt, date(2025, 6, 30))
    ceiling = claim.ceiling
    assert ceiling.cap is not None
    trimmed = sum(ceiling.trimmed.values(), D(0))
    assert trimmed + ceiling.untrimmable == ceiling.excess
    if ceiling.untrimmable == 0:
        assert ceiling.charges_total - trimmed <= ceiling.cap
    else:
        assert claim.charges == 0
    assert claim.principal == claim.principal_at_cutoff - claim.paid["principal"]
    assert all(getattr(claim, k) >= 0 for k in ("principal", "interest", "penalty", "compound", "fees"))
    assert claim.total == claim.principal + claim.charges


def case_with(debts: tuple[Debt, ...]) -> Case:
    return replace(make_case(), schema_version=2, debts=debts)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(cards(), min_size=1, max_size=3), st.booleans())
def test_case_totals_are_exact_sums_of_the_debts(card_debts: list[Debt], with_loan: bool) -> None:
    debts = [replace(d, id=f"card{i}") for i, d in enumerate(card_debts)]
    if with_loan:
        debts.insert(0, Debt("loan", "loan", Location("case.yaml", 1, "debts.0"), loan=make_loan()))
    case = case_with(tuple(debts))
    claim = compute_case_claim(case)
    data = case_claim_json(case, claim)
    for key in AMOUNT_KEYS:
        assert claim.amount(key) == sum((item.amount(key) for item in claim.debts), D(0))
        assert D(str(data[key])) == sum((D(d[key]) for d in data["debts"]), D(0))
    assert claim.total == sum((claim.amount(k) for k in ("principal", "interest", "penalty", "compound", "fees")), D(0))


def test_v2_json_keeps_the_loan_engine_json_for_a_migrated_case(tmp_path: Path) -> None:
    from evidence_kit.case.migrate import migrate_case

    folder = tmp_path / "case"
    import shutil

    shutil.copytree(DATA / "worked-example", folder)
    before = claim_json_of(load_case(folder))
    migrate_case(folder)
    after = claim_json_of(load_case(folder))
    debt = after["debts"][0]
    assert {k: debt[k] for k in (*AMOUNT_KEYS, "lines", "items", "penalty_rate")} == \
        {k: before[k] for k in (*AMOUNT_KEYS, "lines", "items", "penalty_rate")}
    assert {k: after[k] for k in AMOUNT_KEYS} == {k: before[k] for k in AMOUNT_KEYS}
