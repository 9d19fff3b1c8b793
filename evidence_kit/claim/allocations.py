"""Where the money went: each part of a payment applied to one kind of debt, held as columns.

A ledger of a million rows makes a million allocations or more; as objects with a Decimal each
they would take hundreds of MB. :class:`Allocations` keeps each as a date ordinal, a kind, an
amount in fen (an exact integer: every amount the claim stores is rounded to the fen), the
installment and the ledger row, and makes :class:`Allocation` objects only as they are read.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import overload

from evidence_kit.problems import Location

KINDS = ("principal", "interest", "penalty", "compound", "fee")
NO_INSTALLMENT = -1


@dataclass(frozen=True)
class Allocation:
    """A part of a payment (or of carried credit) applied to one kind of debt."""

    on: date
    kind: str
    amount: Decimal
    installment: int | None
    """The installment number for interest and principal, the 1-based index in loan.fees for a fee."""
    source: Location | None
    """The ledger row of the payment; ``None`` when credit carried from an earlier payment was applied."""


def to_fen_int(amount: Decimal) -> int:
    """An amount rounded to the fen as a whole number of fen (refuses one that is not)."""
    fen = amount.scaleb(2)
    if fen != fen.to_integral_value():
        raise ValueError(f"{amount} is not a whole number of fen")
    return int(fen)


class Allocations(Sequence[Allocation]):
    """The allocations of one claim, in the order they were made."""

    def __init__(self) -> None:
        self._days = array("i")
        self._kinds = array("b")
        self._fen = array("q")
        self._installments = array("i")
        self._sources: list[Location | None] = []

    def append(self, on: date, kind: str, amount: Decimal, installment: int | None, source: Location | None) -> None:
        self._days.append(on.toordinal())
        self._kinds.append(KINDS.index(kind))
        self._fen.append(to_fen_int(amount))
        self._installments.append(NO_INSTALLMENT if installment is None else installment)
        self._sources.append(source)

    def __len__(self) -> int:
        return len(self._fen)

    @overload
    def __getitem__(self, index: int) -> Allocation: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Allocation]: ...

    def __getitem__(self, index: int | slice) -> Allocation | Sequence[Allocation]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        installment = self._installments[index]
        return Allocation(date.fromordinal(self._days[index]), KINDS[self._kinds[index]],
                          Decimal(self._fen[index]).scaleb(-2), None if installment == NO_INSTALLMENT else installment,
                          self._sources[index])

    def __iter__(self) -> Iterator[Allocation]:
        return (self[i] for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Allocations):
            return (self._days, self._kinds, self._fen, self._installments, self._sources) == (
                other._days, other._kinds, other._fen, other._installments, other._sources)
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    __hash__ = None  # type: ignore[assignment]

    def total(self, kind: str | None = None, since: date | None = None) -> Decimal:
        """The money applied (to ``kind``, on or after ``since``), summed exactly in fen."""
        wanted = KINDS.index(kind) if kind is not None else -1
        first = since.toordinal() if since is not None else -(1 << 31)
        fen = sum(amount for amount, k, day in zip(self._fen, self._kinds, self._days, strict=True)
                  if (wanted < 0 or k == wanted) and day >= first)
        return Decimal(fen).scaleb(-2)
