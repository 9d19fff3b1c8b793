"""Court fees (诉讼费用交纳办法, 国务院令第481号, arts. 13–14).

Each fee is computed exactly on the cumulative bands and rounded to the fen (ROUND_HALF_UP)
only at the end; ``acceptance_simple`` (halved, art. 16) and ``payment_order`` (one third,
art. 14(三)) are derived from the unrounded acceptance fee.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from evidence_kit.i18n import _
from evidence_kit.money import json_amount, to_fen

Band = tuple[Decimal | None, Decimal]
"""(upper bound of the band or None for "and above", rate applied to the part inside it)."""


@dataclass(frozen=True)
class FeeSchedule:
    """A cumulative schedule: ``flat`` covers amounts up to ``flat_up_to``, then each band's rate."""

    flat: Decimal
    flat_up_to: Decimal
    bands: tuple[Band, ...]
    cap: Decimal | None = None


def _bands(*pairs: tuple[int | None, str]) -> tuple[Band, ...]:
    return tuple((None if upper is None else Decimal(upper), Decimal(rate)) for upper, rate in pairs)


ACCEPTANCE = FeeSchedule(
    flat=Decimal(50),
    flat_up_to=Decimal(10_000),
    bands=_bands(
        (100_000, "0.025"),
        (200_000, "0.02"),
        (500_000, "0.015"),
        (1_000_000, "0.01"),
        (2_000_000, "0.009"),
        (5_000_000, "0.008"),
        (10_000_000, "0.007"),
        (20_000_000, "0.006"),
        (None, "0.005"),
    ),
)
PRESERVATION = FeeSchedule(
    flat=Decimal(30),
    flat_up_to=Decimal(1_000),
    bands=_bands((100_000, "0.01"), (None, "0.005")),
    cap=Decimal(5_000),
)
ENFORCEMENT = FeeSchedule(
    flat=Decimal(50),
    flat_up_to=Decimal(10_000),
    bands=_bands((500_000, "0.015"), (5_000_000, "0.01"), (10_000_000, "0.005"), (None, "0.001")),
)


@dataclass(frozen=True)
class CourtFees:
    """Fees for one amount, each rounded to the fen."""

    amount: Decimal
    acceptance: Decimal
    """案件受理费 (art. 13(一))."""
    acceptance_simple: Decimal
    """案件受理费 halved: simplified procedure, mediation or withdrawal (arts. 15–16)."""
    payment_order: Decimal
    """支付令申请费: one third of the acceptance fee (art. 14(三))."""
    preservation: Decimal
    """财产保全申请费 on this amount as the amount actually preserved (art. 14(二))."""
    enforcement: Decimal
    """申请执行费 (art. 14(一)); not prepaid, borne by the 被执行人."""


def schedule_fee(amount: Decimal, schedule: FeeSchedule) -> Decimal:
    """The exact (unrounded) fee of ``schedule`` for ``amount``."""
    fee = schedule.flat
    lower = schedule.flat_up_to
    for upper, rate in schedule.bands:
        if amount <= lower:
            break
        top = amount if upper is None else min(amount, upper)
        fee += (top - lower) * rate
        lower = top
    return fee if schedule.cap is None else min(fee, schedule.cap)


def court_fees(amount: Decimal) -> CourtFees:
    """All court fees for a claim amount: 50,000 → 1050.00 / 525.00 / 350.00 / 520.00 / 650.00."""
    if amount < 0:
        raise ValueError(_("a fee needs an amount of zero or more, not {amount}", amount=amount))
    acceptance = schedule_fee(amount, ACCEPTANCE)
    return CourtFees(
        amount=to_fen(amount),
        acceptance=to_fen(acceptance),
        acceptance_simple=to_fen(acceptance / 2),
        payment_order=to_fen(acceptance / 3),
        preservation=to_fen(schedule_fee(amount, PRESERVATION)),
        enforcement=to_fen(schedule_fee(amount, ENFORCEMENT)),
    )


def fees_to_json(fees: CourtFees) -> dict[str, str]:
    """The ``fees`` command's JSON (DESIGN §3): every amount as a string with two decimals."""
    return {
        "amount": json_amount(fees.amount),
        "acceptance": json_amount(fees.acceptance),
        "acceptance_simple": json_amount(fees.acceptance_simple),
        "payment_order": json_amount(fees.payment_order),
        "preservation": json_amount(fees.preservation),
        "enforcement": json_amount(fees.enforcement),
    }
