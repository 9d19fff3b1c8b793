from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evidence_kit.claim.fees import court_fees, fees_to_json
from evidence_kit.money import to_fen

# amount → acceptance, acceptance_simple, payment_order, preservation, enforcement
# (claim-method.md "Court fees" and legal-domain.md §2.3)
EXAMPLES = [
    ("8000", "50.00", "25.00", "16.67", "100.00", "50.00"),
    ("50000", "1050.00", "525.00", "350.00", "520.00", "650.00"),
    ("123456.78", "2769.14", "1384.57", "923.05", "1137.28", "1751.85"),
    ("1000000", "13800.00", "6900.00", "4600.00", "5000.00", "12400.00"),
    ("30000000", "191800.00", "95900.00", "63933.33", "5000.00", "97400.00"),
]


@pytest.mark.parametrize(("amount", "acceptance", "simple", "payment_order", "preservation", "enforcement"), EXAMPLES)
def test_fee_examples(
    amount: str, acceptance: str, simple: str, payment_order: str, preservation: str, enforcement: str
) -> None:
    fees = court_fees(Decimal(amount))
    assert fees.acceptance == Decimal(acceptance)
    assert fees.acceptance_simple == Decimal(simple)
    assert fees.payment_order == Decimal(payment_order)
    assert fees.preservation == Decimal(preservation)
    assert fees.enforcement == Decimal(enforcement)


def test_band_edges() -> None:
    assert court_fees(Decimal("10000")).acceptance == Decimal("50.00")
    assert court_fees(Decimal("10000.01")).acceptance == Decimal("50.00")  # 0.01 × 2.5 % rounds away
    assert court_fees(Decimal("10040")).acceptance == Decimal("51.00")
    assert court_fees(Decimal("1000")).preservation == Decimal("30.00")
    assert court_fees(Decimal("896000")).preservation == Decimal("5000.00")  # where the cap is reached
    assert court_fees(Decimal("895000")).preservation == Decimal("4995.00")
    assert court_fees(Decimal("0")).enforcement == Decimal("50.00")


def test_halving_and_thirds_use_the_exact_acceptance_fee() -> None:
    # 10,000.20 → acceptance 50.005 exactly: 50.01 rounded, but half of the exact fee is 25.0025
    fees = court_fees(Decimal("10000.20"))
    assert (fees.acceptance, fees.acceptance_simple, fees.payment_order) == (
        Decimal("50.01"), Decimal("25.00"), Decimal("16.67"))


def test_negative_amount_is_refused() -> None:
    with pytest.raises(ValueError, match="zero or more"):
        court_fees(Decimal("-1"))


def test_fees_json() -> None:
    assert fees_to_json(court_fees(Decimal("50000"))) == {
        "amount": "50000.00",
        "acceptance": "1050.00",
        "acceptance_simple": "525.00",
        "payment_order": "350.00",
        "preservation": "520.00",
        "enforcement": "650.00",
    }


# The closed forms of legal-domain.md §2.2, derived independently of the band tables.
def closed_acceptance(x: Decimal) -> Decimal:
    forms = [
        (10_000, "0", "50"), (100_000, "0.025", "-200"), (200_000, "0.02", "300"), (500_000, "0.015", "1300"),
        (1_000_000, "0.01", "3800"), (2_000_000, "0.009", "4800"), (5_000_000, "0.008", "6800"),
        (10_000_000, "0.007", "11800"), (20_000_000, "0.006", "21800"),
    ]
    for upper, rate, constant in forms:
        if x <= upper:
            return Decimal(rate) * x + Decimal(constant)
    return Decimal("0.005") * x + 41_800


def closed_preservation(x: Decimal) -> Decimal:
    fee = Decimal(30) if x <= 1000 else Decimal("0.01") * x + 20 if x <= 100_000 else Decimal("0.005") * x + 520
    return min(fee, Decimal(5000))


def closed_enforcement(x: Decimal) -> Decimal:
    if x <= 10_000:
        return Decimal(50)
    if x <= 500_000:
        return Decimal("0.015") * x - 100
    if x <= 5_000_000:
        return Decimal("0.01") * x + 2400
    if x <= 10_000_000:
        return Decimal("0.005") * x + 27_400
    return Decimal("0.001") * x + 67_400


amounts = st.integers(min_value=0, max_value=10**11).map(lambda f: (Decimal(f) / 100).quantize(Decimal("0.01")))


@given(amounts)
def test_fees_match_closed_forms(amount: Decimal) -> None:
    fees = court_fees(amount)
    assert fees.acceptance == to_fen(closed_acceptance(amount))
    assert fees.payment_order == to_fen(closed_acceptance(amount) / 3)
    assert fees.preservation == to_fen(closed_preservation(amount))
    assert fees.enforcement == to_fen(closed_enforcement(amount))


@given(amounts, amounts)
def test_fees_never_fall_as_the_amount_grows(a: Decimal, b: Decimal) -> None:
    low, high = court_fees(min(a, b)), court_fees(max(a, b))
    for name in ("acceptance", "acceptance_simple", "payment_order", "preservation", "enforcement"):
        assert getattr(low, name) <= getattr(high, name)
        assert isinstance(getattr(high, name), Decimal)
    assert high.preservation <= 5000
