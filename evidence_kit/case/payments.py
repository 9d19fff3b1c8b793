"""A repayment ledger held as columns: a million rows in tens of MB, each row a Payment when read.

As objects, a million :class:`~evidence_kit.case.model.Payment` rows with their Decimals, dates,
locations and texts take about 275 MB. :class:`PaymentRows` keeps a row as a date ordinal, its
amounts as whole fen (exact: every ledger amount is rounded to the fen when it is parsed, and a
split part that is absent is marked, not zero), its texts as UTF-8 in one buffer per column,
and its location as the line and an index into the ledger's few (file, column) pairs. Code reads
it as a sequence of Payments, made one at a time.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import overload

from evidence_kit.case.model import Payment
from evidence_kit.problems import Location

SPLIT = ("principal", "interest", "penalty", "compound", "fee")
TEXTS = ("reference", "note", "debt")
ABSENT = -(1 << 63)
"""A split part the row does not give (None), among amounts in fen."""
NO_ROW = -1
NO_SPLIT: tuple[None, ...] = (None,) * len(SPLIT)


@lru_cache(maxsize=65536)
def _decimal(fen: int) -> Decimal:
    return Decimal(fen).scaleb(-2)


@lru_cache(maxsize=4096)
def _date(ordinal: int) -> date:
    return date.fromordinal(ordinal)


def whole_fen(amount: Decimal) -> int | None:
    """The amount as whole fen, or None when it has a fraction of a fen (then it cannot be held here)."""
    fen = amount.scaleb(2)
    exact = fen.is_finite() and fen.as_tuple().exponent == 0 and not (fen.is_signed() and fen == 0)
    return int(fen) if exact else None


class _TextColumn:
    """Texts as UTF-8 in one buffer, with the end of each."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.ends = array("q")

    def append(self, text: str) -> None:
        self.data += text.encode("utf-8")
        self.ends.append(len(self.data))

    def __getitem__(self, index: int) -> str:
        ends = self.ends
        start, end = ends[index - 1] if index else 0, ends[index]
        return self.data[start:end].decode("utf-8") if end > start else ""


class PaymentRows(Sequence[Payment]):
    """The rows of a ledger, in their order; compares equal to a sequence of the same Payments."""

    def __init__(self, payments: Iterable[Payment] = ()) -> None:
        self._days = array("i")
        self._fen = array("q")
        self._split: tuple[array[int], ...] | None = None
        self._texts = tuple(_TextColumn() for _ in TEXTS)
        self._places = array("H")
        self._rows = array("q")
        self._place_list: list[tuple[str, str | None]] = []
        self._place_index: dict[tuple[str, str | None], int] = {}
        for payment in payments:
            self.append(payment)

    @classmethod
    def fits(cls, payments: Iterable[Payment]) -> bool:
        """Whether every amount is whole fen (a Payment made in code may be finer; then keep a tuple)."""
        return all(whole_fen(v) is not None for p in payments
                   for v in (p.amount, p.principal, p.interest, p.penalty, p.compound, p.fee) if v is not None)

    def append(self, payment: Payment) -> None:
        amount = whole_fen(payment.amount)
        if amount is None:
            raise ValueError(f"{payment.amount} is not a whole number of fen")
        parts = [getattr(payment, name) for name in SPLIT]
        if self._split is None and any(v is not None for v in parts):
            self._split = tuple(array("q", [ABSENT]) * len(self._fen) for _ in SPLIT)
        if self._split is not None:
            for column, value in zip(self._split, parts, strict=True):
                fen = ABSENT if value is None else whole_fen(value)
                if fen is None:
                    raise ValueError(f"{value} is not a whole number of fen")
                column.append(fen)
        self._days.append(payment.date.toordinal())
        self._fen.append(amount)
        for texts, name in zip(self._texts, TEXTS, strict=True):
            texts.append(getattr(payment, name))
        place = (payment.loc.file, payment.loc.column)
        if place not in self._place_index:
            self._place_index[place] = len(self._place_list)
            self._place_list.append(place)
        self._places.append(self._place_index[place])
        self._rows.append(NO_ROW if payment.loc.row is None else payment.loc.row)

    def __len__(self) -> int:
        return len(self._fen)

    @overload
    def __getitem__(self, index: int) -> Payment: ...

    @overload
    def __getitem__(self, index: slice) -> PaymentRows: ...

    def __getitem__(self, index: int | slice) -> Payment | PaymentRows:
        if isinstance(index, slice):
            return PaymentRows(self._payment(i) for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._payment(index)

    def _payment(self, i: int) -> Payment:
        file, column = self._place_list[self._places[i]]
        row = self._rows[i]
        references, notes, debts = self._texts
        loc = Location(file, None if row == NO_ROW else row, column)
        parts: tuple[Decimal | None, ...] = NO_SPLIT if self._split is None else \
            tuple(None if part[i] == ABSENT else _decimal(part[i]) for part in self._split)
        principal, interest, penalty, compound, fee = parts
        return Payment(_date(self._days[i]), _decimal(self._fen[i]), loc, principal, interest, penalty, compound, fee,
                       references[i], notes[i], debts[i])

    def dates(self) -> Iterator[date]:
        """Each row's date, without making its Payment."""
        return (_date(day) for day in self._days)

    def __iter__(self) -> Iterator[Payment]:
        return (self._payment(i) for i in range(len(self)))

    def __add__(self, other: Sequence[Payment]) -> PaymentRows:
        joined = PaymentRows(self)
        for payment in other:
            joined.append(payment)
        return joined

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"PaymentRows({len(self)} rows)"


def compact(payments: Sequence[Payment]) -> Sequence[Payment]:
    """``payments`` as :class:`PaymentRows` when their amounts allow it, else as they are."""
    if isinstance(payments, PaymentRows) or not PaymentRows.fits(payments):
        return payments
    return PaymentRows(payments)
