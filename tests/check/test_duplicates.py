"""Duplicate ledger rows: found by grouping hashes, reported exactly as a plain first-seen dictionary would."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from evidence_kit.case.model import Payment
from evidence_kit.check.ledger import _duplicate_key, _duplicates
from evidence_kit.problems import Location
from tests.factories import make_payment


def first_seen_pairs(payments: tuple[Payment, ...]) -> list[tuple[Payment, Payment]]:
    """The rule stated plainly: each row equal to an earlier one, with the first such row, by their lines."""
    first: dict[tuple[object, ...], Payment] = {}
    pairs = []
    for p in payments:
        earlier = first.setdefault(_duplicate_key(p), p)
        if earlier is not p:
            pairs.append((earlier, p))
    return sorted(pairs, key=lambda pair: (pair[0].loc.row or 0, pair[1].loc.row or 0))


rows = st.lists(st.tuples(st.integers(0, 3), st.sampled_from(["1.00", "2.50", "3.00"]), st.sampled_from(["", "T1", "T2"]),
                          st.sampled_from(["repayments.csv", "card.csv"]), st.integers(2, 6)), max_size=60)


@settings(max_examples=200, deadline=None)
@given(rows)
def test_duplicates_match_the_first_seen_rule(given_rows: list[tuple[int, str, str, str, int]]) -> None:
    payments = tuple(replace(make_payment(date(2024, 3, 1) + timedelta(days=day), amount),
                             reference=reference, loc=Location(file, line, "amount"))
                     for day, amount, reference, file, line in given_rows)
    found = _duplicates(payments)
    expected = first_seen_pairs(payments)
    assert [(p.loc, p.message) for p in found] == [
        (Location(dup.loc.file, dup.loc.row, None),
         f"repayment of {dup.amount:,} on {dup.date} repeats line {one.loc.row}") for one, dup in expected]
