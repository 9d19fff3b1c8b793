"""The credit-card method (reference/credit-card-method.md): its worked examples to the fen and every §9 switch."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from evidence_kit.case.model import (
    CardBalances,
    CardOptions,
    CardTransaction,
    CreditCard,
    Debt,
    Payment,
    Statement,
)
from evidence_kit.claim.card import (
    CardClaim,
    CardInputInvalid,
    card_input_problems,
    compute_card_claim,
)
from evidence_kit.claim.lpr import LprMissing, lpr_table, parse_lpr_table
from evidence_kit.claim.statements import expected_interest, expected_penalty, statement_problems
from evidence_kit.problems import Location

D = Decimal
AT = Location("case.yaml", 30, "debts.0")
AS_OF = date(2024, 10, 31)


def example_card(**options: Any) -> CreditCard:
    """Example 1 of §8: C = 2024-06-30, D0 = 2024-01-16, daily rate 0.0005."""
    return CreditCard(
        card_masked="6258 **** **** 0420", issuer="示例银行信用卡中心", agreement_title="领用合约",
        agreement_signed_on=date(2019, 5, 6), credit_limit=D("50000.00"), daily_rate=D("0.0005"),
        first_overdue_date=date(2024, 1, 16), cutoff=date(2024, 6, 30),
        balances=CardBalances(D("20000.00"), D("2350.80"), D("0.00"), D("1875.00"), D("360.00")),
        loc=AT, options=CardOptions(**options),
    )


def claim_of(card: CreditCard, payments: tuple[Payment, ...] | None = None, as_of: date = AS_OF) -> CardClaim:
    if payments is None:
        payments = (Payment(date(2024, 8, 15), D("1000.00"), Location("repayments.csv", 2)),)
    return compute_card_claim(Debt("card", "credit_card", AT, card=card, payments=payments), as_of)


def amounts(claim: CardClaim) -> dict[str, str]:
    return {k: str(getattr(claim, k)) for k in ("fees", "penalty", "compound", "interest", "principal", "total")}


def accruals(claim: CardClaim) -> list[tuple[str, str, date, date, int, str]]:
    return [(ln.kind, str(ln.base), ln.from_date, ln.to_date, ln.days, str(ln.amount)) for ln in claim.lines if ln.kind != "trim"]


EXAMPLE_1_LINES = [
    ("interest", "20000.00", date(2024, 6, 30), date(2024, 8, 15), 46, "460.00"),
    ("interest", "20000.00", date(2024, 8, 15), date(2024, 10, 31), 77, "770.00"),
]


def test_example_1a_default_trims_penalty_first_then_interest() -> None:
    claim = claim_of(example_card())
    assert accruals(claim) == EXAMPLE_1_LINES
    assert {k: str(v) for k, v in claim.paid.items() if v} == {"fee": "360.00", "penalty": "640.00"}
    assert {k: str(v) for k, v in claim.before_ceiling.items()} == {
        "principal": "20000.00", "interest": "3580.80", "penalty": "1235.00", "compound": "0.00", "fees": "0.00"}
    c = claim.ceiling
    assert (c.rate, c.days, str(c.cap), str(c.charges_total), str(c.all_in_rate), str(c.excess)) == (
        D("0.24"), 290, "3813.70", "5815.80", "0.3660", "2002.10")
    assert {k: str(v) for k, v in c.trimmed.items()} == {"penalty": "1235.00", "interest": "767.10"}
    assert c.untrimmable == 0
    assert amounts(claim) == {"fees": "0.00", "penalty": "0.00", "compound": "0.00", "interest": "2813.70",
                              "principal": "20000.00", "total": "22813.70"}
    assert (claim.forward.start, str(claim.forward.base), claim.forward.annual_rate, str(claim.forward.per_day)) == (
        date(2024, 11, 1), "20000.00", D("0.1825"), "10.00")
    assert claim.forward.text == "自2024-11-01起以20,000.00元为基数按日利率0.0005计算至实际清偿之日止"
    # the check of §8: charges borne = the cap (1000.00 paid + 2813.70 unpaid)
    assert D("1000.00") + claim.charges == c.cap
    assert [w.code for w in claim.warnings] == ["cap_exceeded"]


def test_example_1b_lpr4_reads_the_lpr_table() -> None:
    claim = claim_of(example_card(cap_mode="lpr4"))
    c = claim.ceiling
    assert (c.lpr, c.lpr_effective, c.rate, str(c.cap), str(c.excess)) == (
        D("0.0310"), date(2024, 10, 21), D("0.1240"), "1970.41", "3845.39")
    assert {k: str(v) for k, v in c.trimmed.items()} == {"penalty": "1235.00", "interest": "2610.39"}
    assert amounts(claim)["interest"] == "970.41" and amounts(claim)["total"] == "20970.41"
    assert (claim.forward.annual_rate, claim.forward.daily_rate, str(claim.forward.per_day)) == (D("0.1240"), None, "6.79")
    assert "按年利率12.40%" in claim.forward.text


def test_example_1c_warn_claims_the_contract_figures() -> None:
    claim = claim_of(example_card(cap_action="warn"))
    assert claim.ceiling.trimmed == {} and str(claim.ceiling.excess) == "2002.10"
    assert amounts(claim) == {"fees": "0.00", "penalty": "1235.00", "compound": "0.00", "interest": "3580.80",
                              "principal": "20000.00", "total": "24815.80"}
    assert "cap_exceeded" in [w.code for w in claim.warnings]


def template_card(**options: Any) -> CreditCard:
    """Example 3: the 2025 official template's cut-off figures."""
    return replace(example_card(**options), cutoff=date(2021, 10, 9), first_overdue_date=date(2021, 3, 2),
                   balances=CardBalances(D("39958.51"), D("4440.19"), D("0.00"), D("11486.96"), D("2240.99")))


def test_example_3_template_totals_and_both_bases() -> None:
    default = claim_of(template_card(cap_action="warn"), (), date(2021, 11, 8))
    assert str(default.before_ceiling["principal"] + D("4440.19") + D("11486.96") + D("2240.99")) == "58126.65"
    assert accruals(default) == [("interest", "39958.51", date(2021, 10, 9), date(2021, 11, 8), 30, "599.38")]
    whole = claim_of(template_card(cap_action="warn", post_cutoff_base="whole_balance"), (), date(2021, 11, 8))
    assert accruals(whole) == [("interest", "58126.65", date(2021, 10, 9), date(2021, 11, 8), 30, "871.90")]
    assert str(default.forward.per_day) == "19.98"
    at_cutoff = claim_of(template_card(cap_action="warn", post_cutoff_base="whole_balance"), (), date(2021, 10, 9))
    assert str(at_cutoff.forward.base) == "58126.65" and str(at_cutoff.forward.per_day) == "29.06"


def test_example_2_mode_b_interest_and_penalty() -> None:
    card = replace(example_card(), penalty_rate=D("0.05"), penalty_min=D("10.00"))
    statement = Statement(date(2024, 1, 5), date(2024, 1, 25), D("0"), D("0"), D("5000.00"), D("0"), D("0"), D("0"),
                          D("0"), D("0"), D("5000.00"), D("500.00"), Location("statements.csv", 2))
    moves = [CardTransaction(date(2023, 12, 10), date(2023, 12, 10), "purchase", D("3000.00"), Location("t.csv", 2)),
             CardTransaction(date(2023, 12, 28), date(2023, 12, 28), "purchase", D("2000.00"), Location("t.csv", 3)),
             CardTransaction(date(2024, 1, 25), date(2024, 1, 25), "payment", D("300.00"), Location("t.csv", 4))]
    assert str(expected_interest(card, statement, None, date(2024, 2, 5), moves)) == "122.85"
    ratio = replace(card, options=CardOptions(interest_mode="unpaid_ratio"))
    assert str(expected_interest(ratio, statement, None, date(2024, 2, 5), moves)) == "117.03"
    assert str(expected_penalty(card, statement, D("300.00"))) == "10.00"


def test_mode_b_differences_are_warnings() -> None:
    card = replace(example_card(), penalty_rate=D("0.05"), penalty_min=D("10.00"))
    s1 = Statement(date(2024, 1, 5), date(2024, 1, 25), D("0"), D("0"), D("5000.00"), D("0"), D("0"), D("0"),
                   D("0"), D("0"), D("5000.00"), D("500.00"), Location("statements.csv", 2))
    s2 = Statement(date(2024, 2, 5), date(2024, 2, 25), D("5000.00"), D("300.00"), D("0"), D("0"), D("0"), D("130.00"),
                   D("0"), D("10.00"), D("4800.00"), D("480.00"), Location("statements.csv", 3))
    moves = (CardTransaction(date(2023, 12, 10), date(2023, 12, 10), "purchase", D("3000.00"), Location("t.csv", 2)),
             CardTransaction(date(2023, 12, 28), date(2023, 12, 28), "purchase", D("2000.00"), Location("t.csv", 3)),
             CardTransaction(date(2024, 1, 25), date(2024, 1, 25), "payment", D("300.00"), Location("t.csv", 4)))
    debt = Debt("card", "credit_card", AT, card=card, statements=(s1, s2), transactions=moves)
    found = statement_problems(debt)
    assert sorted(p.code for p in found) == ["interest_mismatch", "statement_balance_mismatch"]
    assert all(p.severity.value == "warning" for p in found)
    assert {p.loc.row for p in found if p.loc} == {3}


def test_mode_b_cash_advance_accrues_even_when_the_statement_is_paid_in_full() -> None:
    card = example_card(interest_mode="unpaid_ratio")
    statement = Statement(date(2024, 1, 5), date(2024, 1, 25), D("0"), D("0"), D("0"), D("1000.00"), D("0"), D("0"),
                          D("0"), D("0"), D("1000.00"), D("1000.00"), Location("statements.csv", 2))
    moves = [CardTransaction(date(2024, 1, 2), date(2024, 1, 2), "cash", D("1000.00"), Location("t.csv", 2)),
             CardTransaction(date(2024, 1, 25), date(2024, 1, 25), "payment", D("1000.00"), Location("t.csv", 3))]
    # 1000.00 from 2024-01-02 to 2024-01-24 (23 days); the payment stops accrual on its own date
    assert str(expected_interest(card, statement, None, date(2024, 2, 5), moves, ("cash",))) == "11.50"
    paid = Statement(date(2024, 2, 5), date(2024, 2, 25), D("1000.00"), D("1000.00"), D("0"), D("0"), D("0"), D("11.50"),
                     D("0"), D("0"), D("11.50"), D("11.50"), Location("statements.csv", 3))
    debt = Debt("card", "credit_card", AT, card=card, statements=(statement, paid), transactions=tuple(moves))
    assert statement_problems(debt) == []
    wrong = replace(paid, interest=D("0.00"), new_balance=D("0.00"))
    assert [p.code for p in statement_problems(replace(debt, statements=(statement, wrong)))] == ["interest_mismatch"]


# -- each switch of §9 -----------------------------------------------------------------------------


def test_post_cutoff_base_principal_plus_interest() -> None:
    claim = claim_of(example_card(post_cutoff_base="principal_plus_interest", cap_action="warn"), ())
    assert accruals(claim)[0][1] == "22350.80"  # 20000.00 + 2350.80 cut-off interest


def test_post_cutoff_compound_adds_interest_on_interest() -> None:
    claim = claim_of(example_card(post_cutoff_compound=True, cap_action="warn"), ())
    kinds = [(ln.kind, str(ln.base), str(ln.amount)) for ln in claim.lines]
    assert kinds == [("interest", "20000.00", "1230.00"), ("compound", "2350.80", "144.57")]
    assert str(claim.compound) == "144.57"


def test_installment_fee_mode_all_remaining_claims_unbilled_fees_and_counts_them() -> None:
    card = example_card(installment_fee_mode="all_remaining", cap_action="warn")
    card = replace(card, balances=replace(card.balances, installment_fee_unbilled=D("216.00")))
    billed = claim_of(replace(card, options=replace(card.options, installment_fee_mode="billed_only")), ())
    remaining = claim_of(card, ())
    assert remaining.fees - billed.fees == D("216.00")
    assert remaining.ceiling.charges_total - billed.ceiling.charges_total == D("216.00")


def test_allocation_order_is_a_switch() -> None:
    claim = claim_of(example_card(allocation_order=("principal", "interest", "compound", "penalty", "fee"), cap_action="warn"))
    assert {k: str(v) for k, v in claim.paid.items() if v} == {"principal": "1000.00"}
    assert accruals(claim)[1][1] == "19000.00"


def test_overdue90_principal_first() -> None:
    late = (Payment(date(2024, 8, 15), D("1000.00"), Location("r.csv", 2)),)  # 213 days overdue
    claim = claim_of(example_card(overdue90_principal_first=True, cap_action="warn"), late)
    assert {k: str(v) for k, v in claim.paid.items() if v} == {"principal": "1000.00"}
    card = replace(example_card(overdue90_principal_first=True, cap_action="warn"), first_overdue_date=date(2024, 7, 1))
    not_yet = claim_of(card, (Payment(date(2024, 8, 15), D("1000.00"), Location("r.csv", 2)),))  # 46 days overdue
    assert {k: str(v) for k, v in not_yet.paid.items() if v} == {"fee": "360.00", "penalty": "640.00"}


def test_cap_mode_none_needs_warn_and_has_no_cap() -> None:
    with pytest.raises(CardInputInvalid) as raised:
        claim_of(example_card(cap_mode="none"))
    assert [p.code for p in raised.value.problems] == ["card_cap_conflict"]
    claim = claim_of(example_card(cap_mode="none", cap_action="warn"))
    assert claim.ceiling.cap is None and claim.ceiling.excess == 0 and str(claim.total) == "24815.80"


@pytest.mark.parametrize(("reference", "expected"), [("filing", D("0.0310")), ("contract", D("0.0425")),
                                                       ("first_overdue", D("0.0345"))])
def test_lpr_reference(reference: str, expected: D) -> None:
    card = replace(example_card(cap_mode="lpr4", lpr_reference=reference), agreement_signed_on=date(2019, 9, 1))
    claim = claim_of(card)
    assert claim.ceiling.lpr == expected
    assert claim.ceiling.rate == expected * 4


def test_lpr_missing_is_a_clear_input_error() -> None:
    card = replace(example_card(cap_mode="lpr4", lpr_reference="contract"), agreement_signed_on=date(2015, 3, 1))
    problems = card_input_problems(Debt("card", "credit_card", AT, card=card), AS_OF)
    assert [p.code for p in problems] == ["lpr_missing"]
    assert "starts on 2019-08-20" in problems[0].message and "schemas/lpr.csv" in problems[0].hint
    late = card_input_problems(Debt("card", "credit_card", AT, card=example_card(cap_mode="lpr4")), date(2030, 1, 1))
    assert [p.code for p in late] == ["lpr_missing"] and "complete only through" in late[0].message


def test_lpr_table_file_is_dated_data() -> None:
    table = lpr_table()
    assert table.one_year(date(2023, 7, 1)) == (D("0.0355"), date(2023, 6, 20))
    with pytest.raises(LprMissing):
        parse_lpr_table("effective_from,one_year\n2019-08-20,0.0425\n")


def test_trim_order_is_a_switch() -> None:
    claim = claim_of(example_card(trim_order=("interest", "compound", "fees", "penalty")))
    assert {k: str(v) for k, v in claim.ceiling.trimmed.items()} == {"interest": "2002.10"}
    assert str(claim.penalty) == "1235.00" and str(claim.total) == "22813.70"


def test_day_count_360() -> None:
    claim = claim_of(example_card(day_count=360))
    assert str(claim.ceiling.cap) == "3866.67"  # 20000 × 0.24 × 290 / 360
    assert claim.forward.annual_rate == D("0.18")


def test_untrimmable_excess_and_reapply_to_principal() -> None:
    paid_charges = (Payment(date(2024, 7, 1), D("4590.80"), Location("r.csv", 2)),)  # pays every cut-off charge
    card = example_card(charges_paid_before_cutoff=D("3000.00"))
    claim = claim_of(card, paid_charges)
    assert claim.ceiling.untrimmable > 0
    assert claim.principal == D("20000.00")
    assert "card_untrimmable" in [w.code for w in claim.warnings]
    reapplied = claim_of(example_card(charges_paid_before_cutoff=D("3000.00"), reapply_excess_to_principal=True), paid_charges)
    assert reapplied.principal == D("20000.00") - claim.ceiling.untrimmable


def test_forward_rate_above_the_cap_uses_the_cap_rate() -> None:
    card = replace(example_card(cap_action="warn"), daily_rate=D("0.0007"))  # 25.55 %/yr
    claim = claim_of(card)
    assert claim.forward.daily_rate is None and claim.forward.annual_rate == D("0.24")
    assert "按年利率24.00%" in claim.forward.text
    assert "forward_rate_capped" in [w.code for w in claim.warnings]


def test_charges_above_principal_warn() -> None:
    card = replace(example_card(cap_action="warn"), balances=CardBalances(D("1000.00"), D("900.00"), D("0"), D("500.00")))
    assert "charges_gt_principal" in [w.code for w in claim_of(card, ()).warnings]


def test_dates_after_as_of_are_input_errors() -> None:
    card = replace(example_card(), cutoff=date(2024, 12, 1))
    problems = card_input_problems(Debt("card", "credit_card", AT, card=card), AS_OF)
    assert [p.code for p in problems] == ["card_cutoff_after_as_of"]
    assert problems[0].loc == Location("case.yaml", 30, "debts.0.cutoff")
