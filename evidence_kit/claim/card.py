"""The credit-card claim, mode A (reference/credit-card-method.md §§4–5, defaults of §9).

Pure computation, no I/O. The bank's balances at the cut-off C are taken as given; from the
day after C interest accrues at the contract daily rate on the base ``post_cutoff_base``
(default: the unpaid principal) over each interval between payments, payments are applied
by ``allocation_order``, and at ``as_of`` the ceiling test compares every charge borne since
the first overdue day with the cap (24 %/yr or 4 × LPR on the principal at C) and trims the
excess from the unpaid charges, 违约金 first. Every stored amount is rounded to the fen when
created, so totals are exact sums of the lines.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from evidence_kit.case.model import CreditCard, Debt, Payment
from evidence_kit.claim.lpr import LprMissing, lpr_table
from evidence_kit.claim.schedule import key_loc
from evidence_kit.i18n import _
from evidence_kit.money import ZERO, format_amount, to_fen
from evidence_kit.problems import Location, Problem, error, warning

ANNUAL_24 = Decimal("0.24")
LPR_MULTIPLE = 4
OVERDUE_PRINCIPAL_FIRST_DAYS = 90
"""``overdue90_principal_first``: more than this many days overdue, payments go to principal first."""
CHARGE_KINDS = ("interest", "compound", "penalty", "fees")
ALL_IN_PLACES = Decimal("0.0001")


class CardInputInvalid(ValueError):
    """The card's inputs allow no claim; ``problems`` says why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class CardLine:
    """An accrual over (from_date, to_date] at a daily rate, or a ``trim`` of one kind of charge."""

    kind: str
    """``interest`` or ``compound`` (accruals), or ``trim``."""
    base: Decimal
    rate: Decimal
    """The daily rate of an accrual; zero on a trim line."""
    from_date: date
    to_date: date
    days: int
    amount: Decimal
    trims: str = ""
    """On a trim line, the kind of charge reduced (penalty, compound, fees, interest)."""


@dataclass(frozen=True)
class Ceiling:
    """The ceiling test of §5 at as_of."""

    mode: str
    rate: Decimal | None
    """The cap rate (annual); ``None`` for ``cap_mode: none``."""
    days: int
    cap: Decimal | None
    charges_total: Decimal
    all_in_rate: Decimal
    excess: Decimal
    trimmed: Mapping[str, Decimal]
    untrimmable: Decimal
    lpr: Decimal | None = None
    lpr_effective: date | None = None


@dataclass(frozen=True)
class ForwardClaim:
    """诉讼请求: interest from as_of + 1 until payment (§4.4)."""

    start: date
    base: Decimal
    annual_rate: Decimal
    daily_rate: Decimal | None
    """The contract daily rate when it is used as such; ``None`` when an annual cap rate replaces it."""
    per_day: Decimal

    @property
    def text(self) -> str:
        rate = (f"按日利率{_plain(self.daily_rate)}" if self.daily_rate is not None
                else f"按年利率{_percent(self.annual_rate)}")
        return f"自{self.start.isoformat()}起以{format_amount(self.base)}元为基数{rate}计算至实际清偿之日止"


@dataclass(frozen=True)
class CardClaim:
    debt_id: str
    as_of: date
    principal: Decimal
    interest: Decimal
    penalty: Decimal
    compound: Decimal
    fees: Decimal
    total: Decimal
    credit: Decimal
    lines: tuple[CardLine, ...]
    ceiling: Ceiling
    forward: ForwardClaim
    principal_at_cutoff: Decimal
    paid: Mapping[str, Decimal]
    """Money applied after the cut-off, by kind (fee, penalty, compound, interest, principal)."""
    before_ceiling: Mapping[str, Decimal]
    warnings: tuple[Problem, ...] = ()
    not_due_principal: Decimal = ZERO

    @property
    def charges(self) -> Decimal:
        return self.interest + self.compound + self.penalty + self.fees


def _plain(rate: Decimal) -> str:
    return f"{rate.normalize():f}"


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).quantize(Decimal('0.01')):f}%"


# -- the walk after the cut-off -------------------------------------------------------------------


class _CardWalk:
    """Unpaid amounts by kind; interest keeps the cut-off part apart so that it is paid first."""

    def __init__(self, card: CreditCard) -> None:
        b, options = card.balances, card.options
        fees = b.fees + (b.installment_fee_unbilled if options.installment_fee_mode == "all_remaining" else ZERO)
        self.card = card
        self.owed = {
            "principal": b.principal + b.installment_principal_unbilled,
            "interest_cutoff": b.interest,
            "interest": ZERO,
            "compound": b.compound,
            "penalty": b.penalty,
            "fee": fees,
        }
        self.claimed_at_cutoff = dict(self.owed)
        self.paid = {kind: ZERO for kind in ("fee", "penalty", "compound", "interest", "principal")}
        self.credit = ZERO
        self.lines: list[CardLine] = []

    def unpaid_interest(self) -> Decimal:
        return self.owed["interest_cutoff"] + self.owed["interest"]

    def base(self) -> Decimal:
        kind = self.card.options.post_cutoff_base
        base = self.owed["principal"]
        if kind in ("principal_plus_interest", "whole_balance"):
            base += self.unpaid_interest()
        if kind == "whole_balance":
            base += self.owed["compound"] + self.owed["penalty"] + self.owed["fee"]
        return base

    def accrue_over(self, start: date, end: date) -> None:
        days, rate = (end - start).days, self.card.daily_rate
        base, interest = self.base(), self.unpaid_interest()  # both as they stood over the interval
        if days > 0 and base > 0:
            self._line("interest", base, rate, start, end, days)
        if days > 0 and self.card.options.post_cutoff_compound and interest > 0:
            self._line("compound", interest, rate, start, end, days)

    def _line(self, kind: str, base: Decimal, rate: Decimal, start: date, end: date, days: int) -> None:
        amount = to_fen(base * rate * days)
        self.lines.append(CardLine(kind, base, rate, start, end, days, amount))
        self.owed[kind] += amount

    def order(self, on: date) -> tuple[str, ...]:
        options = self.card.options
        overdue_days = (on - (self.card.first_overdue_date - timedelta(days=1))).days
        if options.overdue90_principal_first and overdue_days > OVERDUE_PRINCIPAL_FIRST_DAYS:
            return ("principal", *(k for k in options.allocation_order if k != "principal"))
        return options.allocation_order

    def receive(self, payment: Payment) -> None:
        left = to_fen(payment.amount)
        for kind in self.order(payment.date):
            for bucket in (("interest_cutoff", "interest") if kind == "interest" else (kind,)):
                part = min(left, self.owed[bucket])
                if part > 0:
                    self.owed[bucket] -= part
                    self.paid[kind] += part
                    left -= part
        self.credit += left


def _walk(card: CreditCard, payments: Sequence[Payment], as_of: date) -> _CardWalk:
    walk = _CardWalk(card)
    by_date: dict[date, list[Payment]] = {}
    for payment in payments:
        if card.cutoff < payment.date <= as_of and payment.amount > 0:
            by_date.setdefault(payment.date, []).append(payment)
    previous = card.cutoff
    for on in sorted({*by_date, as_of}):
        walk.accrue_over(previous, on)
        for payment in by_date.get(on, ()):
            walk.receive(payment)
        previous = on
    return walk


# -- the ceiling test -----------------------------------------------------------------------------


def cap_rate(card: CreditCard, as_of: date) -> tuple[Decimal | None, Decimal | None, date | None]:
    """(annual cap rate, LPR, the LPR's effective date) for the card's ``cap_mode``; raises LprMissing."""
    options = card.options
    if options.cap_mode == "none":
        return None, None, None
    if options.cap_mode == "annual_24":
        return ANNUAL_24, None, None
    reference = {"filing": as_of, "contract": card.agreement_signed_on, "first_overdue": card.first_overdue_date}
    on = reference[options.lpr_reference]
    if on is None:
        raise LprMissing(_("lpr_reference: contract needs agreement.signed_on"))
    lpr, effective = lpr_table().one_year(on)
    return lpr * LPR_MULTIPLE, lpr, effective


def _ceiling(card: CreditCard, walk: _CardWalk, as_of: date) -> Ceiling:
    options = card.options
    start = walk.claimed_at_cutoff
    accrued = sum((line.amount for line in walk.lines), ZERO)
    charges = (start["interest_cutoff"] + start["compound"] + start["penalty"] + start["fee"] + accrued
               + options.charges_paid_before_cutoff)
    principal = start["principal"]
    days = (as_of - (card.first_overdue_date - timedelta(days=1))).days
    rate, lpr, effective = cap_rate(card, as_of)
    all_in = (charges / principal / days * options.day_count).quantize(ALL_IN_PLACES)
    cap = None if rate is None else to_fen(principal * rate * days / options.day_count)
    excess = max(ZERO, charges - cap) if cap is not None else ZERO
    trimmed: dict[str, Decimal] = {}
    left = excess
    if options.cap_action == "trim" and excess > 0:
        for kind in options.trim_order:
            cut = min(left, _unpaid(walk, kind))
            if cut > 0:
                trimmed[kind] = cut
                _reduce(walk, kind, cut)
                left -= cut
    untrimmable = left if options.cap_action == "trim" else ZERO
    return Ceiling(options.cap_mode, rate, days, cap, charges, all_in, excess, trimmed, untrimmable, lpr, effective)


def _unpaid(walk: _CardWalk, kind: str) -> Decimal:
    if kind == "interest":
        return walk.unpaid_interest()
    return walk.owed["fee" if kind == "fees" else kind]


def _reduce(walk: _CardWalk, kind: str, amount: Decimal) -> None:
    if kind != "interest":
        walk.owed["fee" if kind == "fees" else kind] -= amount
        return
    from_accrued = min(amount, walk.owed["interest"])
    walk.owed["interest"] -= from_accrued
    walk.owed["interest_cutoff"] -= amount - from_accrued


# -- entry points ---------------------------------------------------------------------------------


def card_input_problems(debt: Debt, as_of: date) -> list[Problem]:
    """Errors that prevent a card claim: dates out of order, a cap switch conflict, no LPR for the date."""
    card = debt.card
    assert card is not None
    at = card.loc
    problems = []
    if card.cutoff > as_of:
        problems.append(error("card_cutoff_after_as_of",
                              _("{key}.cutoff {cutoff} is after as_of {as_of}", key=debt.key, cutoff=card.cutoff,
                                as_of=as_of),
                              key_loc(at, "cutoff"), _("the bank's balances must be dated on or before as_of")))
    if card.first_overdue_date > as_of:
        problems.append(error("card_overdue_after_as_of",
                              _("{key}.first_overdue_date {first_overdue} is after as_of {as_of}", key=debt.key,
                                first_overdue=card.first_overdue_date, as_of=as_of),
                              key_loc(at, "first_overdue_date"), _("write the day after the missed 到期还款日")))
    if card.balances.principal + card.balances.installment_principal_unbilled <= 0:
        problems.append(error("principal_not_positive", _("{key}.balances.principal is not a debt", key=debt.key),
                              key_loc(at, "balances.principal"), _("write the 透支本金 at the cut-off")))
    if card.options.cap_mode == "none" and card.options.cap_action == "trim":
        problems.append(error("card_cap_conflict",
                              _("{key}.options: cap_mode none leaves nothing to trim to", key=debt.key),
                              key_loc(at, "options.cap_mode"), _("with cap_mode: none set cap_action: warn")))
    if not problems:
        try:
            cap_rate(card, as_of)
        except LprMissing as exc:
            problems.append(error("lpr_missing", _("{key}: cap_mode lpr4: {why}", key=debt.key, why=exc),
                                  key_loc(at, "options.lpr_reference"),
                                  _("add the LPR announcement to schemas/lpr.csv (and move its checked_through "
                                    "line), or choose another lpr_reference or cap_mode")))
    return problems


def compute_card_claim(debt: Debt, as_of: date) -> CardClaim:
    """The card's claim at ``as_of``; raises :class:`CardInputInvalid` when the inputs allow none."""
    problems = card_input_problems(debt, as_of)
    if problems:
        raise CardInputInvalid(problems)
    card = debt.card
    assert card is not None
    walk = _walk(card, debt.payments, as_of)
    before = _owed(walk)
    ceiling = _ceiling(card, walk, as_of)
    trim_lines = tuple(CardLine("trim", ZERO, ZERO, as_of, as_of, 0, amount, kind) for kind, amount in ceiling.trimmed.items())
    if card.options.reapply_excess_to_principal and ceiling.untrimmable > 0:
        walk.owed["principal"] -= min(walk.owed["principal"], ceiling.untrimmable)
    owed = _owed(walk)
    forward = _forward(card, walk, ceiling, as_of)
    claim = CardClaim(
        debt.id, as_of, owed["principal"], owed["interest"], owed["penalty"], owed["compound"], owed["fees"],
        total=sum(owed.values(), ZERO), credit=walk.credit,
        lines=(*walk.lines, *trim_lines), ceiling=ceiling, forward=forward,
        principal_at_cutoff=walk.claimed_at_cutoff["principal"], paid=dict(walk.paid), before_ceiling=before,
    )
    return replace(claim, warnings=tuple(_warnings(debt, claim)))


def _owed(walk: _CardWalk) -> dict[str, Decimal]:
    return {
        "principal": walk.owed["principal"], "interest": walk.unpaid_interest(), "penalty": walk.owed["penalty"],
        "compound": walk.owed["compound"], "fees": walk.owed["fee"],
    }


def _forward(card: CreditCard, walk: _CardWalk, ceiling: Ceiling, as_of: date) -> ForwardClaim:
    base = walk.base()
    contract_annual = card.daily_rate * card.options.day_count
    capped = ceiling.rate is not None and (card.options.cap_mode == "lpr4" or contract_annual > ceiling.rate)
    if capped and ceiling.rate is not None:
        return ForwardClaim(as_of + timedelta(days=1), base, ceiling.rate, None,
                            to_fen(base * ceiling.rate / card.options.day_count))
    return ForwardClaim(as_of + timedelta(days=1), base, contract_annual, card.daily_rate, to_fen(base * card.daily_rate))


def _warnings(debt: Debt, claim: CardClaim) -> list[Problem]:
    card = debt.card
    assert card is not None
    at, ceiling = card.loc, claim.ceiling
    found = []
    if ceiling.excess > 0:
        figures = {
            "key": debt.key, "charges": format_amount(ceiling.charges_total), "cap": format_amount(ceiling.cap or ZERO),
            "rate": _percent(ceiling.rate or ZERO), "principal": format_amount(claim.principal_at_cutoff),
            "days": ceiling.days, "all_in": _percent(ceiling.all_in_rate), "excess": format_amount(ceiling.excess),
        }
        message = (
            _("{key}: charges since the first overdue day {charges} exceed the cap {cap} ({rate} on {principal} for "
              "{days} days, all-in {all_in}/yr); the excess {excess} is trimmed from the unpaid charges", **figures)
            if card.options.cap_action == "trim" else
            _("{key}: charges since the first overdue day {charges} exceed the cap {cap} ({rate} on {principal} for "
              "{days} days, all-in {all_in}/yr); the excess {excess} is claimed in full (cap_action: warn); a court "
              "may reduce them", **figures)
        )
        found.append(warning(
            "cap_exceeded", message, key_loc(at, "options.cap_mode"),
            _("plead the charges '以不超过年利率24%为限' as the filing does, or set options.cap_action"),
        ))
    if ceiling.untrimmable > 0:
        found.append(warning(
            "card_untrimmable",
            _("{key}: {amount} of the excess was already paid as charges and cannot be trimmed from what is unpaid",
              key=debt.key, amount=format_amount(ceiling.untrimmable)),
            key_loc(at, "options.cap_action"),
            _("the debtor may ask for it back or to set it against principal (options.reapply_excess_to_principal)"),
        ))
    if claim.forward.daily_rate is None and card.options.cap_mode != "lpr4":
        found.append(warning(
            "forward_rate_capped",
            _("{key}: the contract rate {contract_rate}/yr is above the cap rate; the forward claim uses {rate} a year",
              key=debt.key, contract_rate=_percent(card.daily_rate * card.options.day_count),
              rate=_percent(claim.forward.annual_rate)),
            key_loc(at, "daily_rate"), _("check daily_rate against the card agreement"),
        ))
    if claim.charges > claim.principal:
        found.append(warning(
            "charges_gt_principal",
            _("{key}: the charges claimed {charges} exceed the principal {principal}", key=debt.key,
              charges=format_amount(claim.charges), principal=format_amount(claim.principal)),
            key_loc(at, "balances"),
            _("the 2021 draft rule on card charges capped them at the principal; consider claiming less"),
        ))
    return found


def card_mismatch_problems(debt: Debt, claim: CardClaim, tolerance: Decimal) -> list[Problem]:
    """``claim_mismatch`` for each of the bank's figures (``claimed``) more than ``tolerance`` away."""
    card = debt.card
    if card is None or card.claimed is None:
        return []
    problems = []
    for kind in ("principal", "interest", "penalty", "compound", "fees"):
        bank, ours = getattr(card.claimed, kind), getattr(claim, kind)
        if bank is None or abs(bank - ours) <= tolerance:
            continue
        problems.append(error(
            "claim_mismatch",
            _("{key}.claimed.{kind}: the bank's figure {bank} differs from the recomputed {ours} by {difference} "
              "(as of {as_of})", key=debt.key, kind=kind, bank=format_amount(bank), ours=format_amount(ours),
              difference=format_amount(abs(bank - ours)), as_of=claim.as_of),
            key_loc(card.claimed.loc or Location("case.yaml", None, f"{debt.key}.claimed"), kind),
            _("the filing uses the recomputation; check the cut-off balances, the payments after the cut-off and "
              "the options (post_cutoff_base, cap_mode, cap_action) against the card system"),
        ))
    return problems
