"""A ledger held as columns reads back as exactly the Payments it was given."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidence_kit.case.model import Payment
from evidence_kit.case.payments import PaymentRows, compact
from evidence_kit.problems import Location

fen = st.integers(-10**17, 10**17).map(lambda n: Decimal(n).scaleb(-2))
part = st.none() | fen
texts = st.text(st.sampled_from("TXN0123还款部分利息（）é\u3000"), max_size=12)
payments = st.builds(
    Payment,
    date=st.integers(0, 20_000).map(lambda d: date(1990, 1, 1) + timedelta(days=d)),
    amount=fen,
    loc=st.builds(Location, st.sampled_from(["repayments.csv", "还款.csv"]), st.none() | st.integers(1, 2_000_000),
                  st.sampled_from(["amount", "交易金额", None])),
    principal=part, interest=part, penalty=part, compound=part, fee=part,
    reference=texts, note=texts, debt=st.sampled_from(["", "L1", "卡1"]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(payments, max_size=40))
def test_rows_read_back_as_the_payments_given(given: list[Payment]) -> None:
    rows = PaymentRows(given)
    assert len(rows) == len(given) and list(rows) == given and rows == tuple(given) and tuple(given) == rows
    for i, payment in enumerate(given):
        assert rows[i] == payment and rows[i - len(given)] == payment
        assert str(rows[i].amount) == str(payment.amount)  # the same Decimal, exponent included
        assert [str(getattr(rows[i], k)) for k in ("principal", "fee")] == [str(payment.principal), str(payment.fee)]
    assert list(rows[1:3]) == given[1:3] and list(rows + given[:2]) == given + given[:2]


def test_an_amount_finer_than_a_fen_keeps_the_payments_as_objects() -> None:
    fine = (Payment(date(2024, 1, 1), Decimal("0.005"), Location("x.csv", 2)),)
    assert compact(fine) is fine
    with pytest.raises(ValueError, match="whole number of fen"):
        PaymentRows(fine)
    assert isinstance(compact((Payment(date(2024, 1, 1), Decimal("1.00"), Location("x.csv", 2)),)), PaymentRows)
