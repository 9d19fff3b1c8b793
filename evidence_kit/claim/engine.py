"""The claim engine: what is owed at ``as_of`` (reference/claim-method.md, followed exactly).

Pure computation, no I/O. The schedule (the bank's, or built from the terms) is accelerated
when ``accelerated_on`` ≤ as_of, then the timeline of due dates, payments, fees and as_of is
walked in order: at each date penalty (罚息) and compound (复利) interest accrue over the
interval just ended, the items dated that day fall due, then credit and payments are applied
by ``allocation_order``. Every stored amount is rounded to the fen when created, so totals
are exact sums of what the claim sheet shows.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from evidence_kit.case.model import Case, Installment, Loan, LoanFee, Payment
from evidence_kit.case.payments import PaymentRows
from evidence_kit.claim.allocations import Allocations
from evidence_kit.claim.enforcement import enforcement_problems
from evidence_kit.claim.limitation import limitation_problems
from evidence_kit.claim.schedule import (
    TermsInvalid,
    accelerate,
    accrue,
    build_schedule,
    check_bank_schedule,
    check_terms,
    key_loc,
    on_key_line,
)
from evidence_kit.i18n import N_, _, translate
from evidence_kit.money import ZERO, format_amount, json_amount, to_fen
from evidence_kit.problems import Location, Problem, Severity, error, warning

COMPONENTS = ("principal", "interest", "penalty", "compound", "fees")
MISMATCH_TOLERANCE = Decimal("0.05")
ACCRUAL_WORDS = {"penalty": ("罚息", "逾期本金"), "compound": ("复利", "欠付利息")}


# -- the result -----------------------------------------------------------------------------------


def rate_text(rate: Decimal) -> str:
    """A rate as plain decimal text without trailing zeros: Decimal("0.090") → "0.09"."""
    return f"{rate.normalize():f}"


def percent_text(rate: Decimal) -> str:
    """A rate as a percentage with at least two decimals: 0.09 → "9.00%", 0.06525 → "6.525%"."""
    percent = (rate * 100).normalize()
    exponent = percent.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        percent = percent.quantize(Decimal("0.01"))
    return f"{percent:f}%"


@dataclass(frozen=True)
class ClaimLine:
    """One accrual over (from_date, to_date]: ``amount = round(base × rate ÷ day_count × days)``."""

    kind: str
    """``penalty`` (罚息, on overdue principal) or ``compound`` (复利, on unpaid interest)."""
    base: Decimal
    rate: Decimal
    from_date: date
    to_date: date
    days: int
    amount: Decimal
    day_count: int

    @property
    def label(self) -> str:
        """"罚息（逾期本金 100,000.00 × 9.00% ÷ 360 × 121 天）", for the 欠款计算明细."""
        name, base_name = ACCRUAL_WORDS[self.kind]
        return (f"{name}（{base_name} {format_amount(self.base)} × {percent_text(self.rate)}"
                f" ÷ {self.day_count} × {self.days} 天）")


@dataclass(frozen=True)
class ItemBalance:
    """What is unpaid of one installment due on or before as_of."""

    number: int
    due_date: date
    principal: Decimal
    interest: Decimal


@dataclass(frozen=True)
class Claim:
    case_id: str
    as_of: date
    principal: Decimal
    interest: Decimal
    penalty: Decimal
    compound: Decimal
    fees: Decimal
    total: Decimal
    not_due_principal: Decimal
    credit: Decimal
    lines: tuple[ClaimLine, ...]
    penalty_rate: Decimal
    """The rate of penalty and compound interest, after the cap."""
    day_count: int
    items: tuple[ItemBalance, ...] = ()
    allocations: Allocations = field(default_factory=Allocations)
    warnings: tuple[Problem, ...] = ()

    def accrued(self, kind: str) -> Decimal:
        """Total of the ``penalty`` or ``compound`` lines."""
        return sum((line.amount for line in self.lines if line.kind == kind), ZERO)

    def paid(self, kind: str) -> Decimal:
        """Money applied to one kind (fee, penalty, compound, interest, principal)."""
        return self.allocations.total(kind)


# -- the walk -------------------------------------------------------------------------------------


class _DueQueue:
    """Amounts that fall due in date order and are paid oldest first."""

    def __init__(self, entries: Sequence[tuple[date, Decimal, int | None]] = ()) -> None:
        self.dates = [on for on, _, _ in entries]
        self.left = [to_fen(amount) for _, amount, _ in entries]
        self.refs = [ref for _, _, ref in entries]
        self.due = 0
        self.oldest = 0
        self.outstanding = ZERO

    def fall_due(self, on: date) -> None:
        while self.due < len(self.dates) and self.dates[self.due] <= on:
            self.outstanding += self.left[self.due]
            self.due += 1

    def add_due(self, on: date, amount: Decimal) -> None:
        self.dates.append(on)
        self.left.append(amount)
        self.refs.append(None)
        self.fall_due(on)

    def take(self, amount: Decimal) -> Iterator[tuple[int | None, Decimal]]:
        """Pay up to ``amount``, oldest first; yields (ref, part) for every part paid."""
        while amount > 0 and self.oldest < self.due:
            part = min(amount, self.left[self.oldest])
            if part > 0:
                self.left[self.oldest] -= part
                self.outstanding -= part
                amount -= part
                yield self.refs[self.oldest], part
            if self.left[self.oldest] <= 0:  # settled (a zero or negative entry has nothing to pay)
                self.oldest += 1

    def not_due(self) -> Decimal:
        return sum(self.left[self.due :], ZERO)


class _Walk:
    """The mutable state of one timeline walk."""

    def __init__(self, schedule: Sequence[Installment], fees: Sequence[LoanFee], loan: Loan, rate: Decimal) -> None:
        self.schedule = sorted(schedule, key=lambda item: item.due_date)
        self.loan = loan
        self.rate = rate
        self.queues = {
            "principal": _DueQueue([(i.due_date, i.principal, i.number) for i in self.schedule]),
            "interest": _DueQueue([(i.due_date, i.interest, i.number) for i in self.schedule]),
            "fee": _DueQueue(sorted(((f.date, f.amount, n) for n, f in enumerate(fees, 1)), key=lambda e: e[0])),
            "penalty": _DueQueue(),
            "compound": _DueQueue(),
        }
        self.credit = ZERO
        self.lines: list[ClaimLine] = []
        self.allocations = Allocations()

    def accrue_over(self, start: date, end: date) -> None:
        """Step 1: penalty on unpaid due principal, compound on unpaid due interest, over (start, end]."""
        bases = [("penalty", "principal")] + ([("compound", "interest")] if self.loan.compound else [])
        days = (end - start).days
        for kind, base_kind in bases:
            base = self.queues[base_kind].outstanding
            if base > 0:
                amount = accrue(base, self.rate, self.loan.day_count, days)
                self.lines.append(ClaimLine(kind, base, self.rate, start, end, days, amount, self.loan.day_count))
                self.queues[kind].add_due(end, amount)

    def fall_due(self, on: date) -> None:
        """Step 2: items and fees dated ``on`` fall due."""
        for kind in ("principal", "interest", "fee"):
            self.queues[kind].fall_due(on)

    def pay(self, kind: str, amount: Decimal, on: date, source: Location | None) -> Decimal:
        """Apply money to one kind; returns what is left over."""
        for ref, part in self.queues[kind].take(amount):
            self.allocations.append(on, kind, part, ref, source)
            amount -= part
        return amount

    def allocate(self, amount: Decimal, on: date, source: Location | None) -> Decimal:
        """Apply money by ``allocation_order``; returns what is left once everything due is paid."""
        for kind in self.loan.allocation_order:
            if amount <= 0:
                break
            amount = self.pay(kind, amount, on, source)
        return amount

    def apply_credit(self, on: date) -> None:
        """Step 3a: credit from earlier overpayments pays what has just fallen due."""
        if self.credit > 0:
            self.credit = self.allocate(self.credit, on, None)

    def receive(self, payment: Payment) -> None:
        """Step 3b: one payment; a row that gives its split applies each part to its own kind."""
        amount = to_fen(payment.amount)
        if amount <= 0:
            return
        left = amount
        split = _usable_split(payment, amount)
        if split:
            left = sum((self.pay(kind, to_fen(part), payment.date, payment.loc) for kind, part in split.items()), ZERO)
        self.credit += self.allocate(left, payment.date, payment.loc)

    def item_balances(self) -> tuple[ItemBalance, ...]:
        principal, interest = self.queues["principal"], self.queues["interest"]
        return tuple(
            ItemBalance(item.number, item.due_date, principal.left[i], interest.left[i])
            for i, item in enumerate(self.schedule[: principal.due])
            if principal.left[i] or interest.left[i]
        )


def _usable_split(payment: Payment, amount: Decimal) -> dict[str, Decimal]:
    """The row's split when it gives one whose non-negative parts add up to the amount; else {}.

    A split that does not add up is reported by the ledger check; here the row is then
    applied as a plain payment, so no more and no less money is applied than was paid.
    """
    if not payment.has_split:
        return {}
    split = payment.split()
    if any(part < 0 for part in split.values()) or to_fen(sum(split.values(), ZERO)) != amount:
        return {}
    return {kind: part for kind, part in split.items() if part > 0}


def _timeline(walk: _Walk, payments: Sequence[Payment], as_of: date) -> None:
    """Walk the dates in order; the payments of each date are found again by their positions (ints, not rows)."""
    by_date: dict[date, list[int]] = defaultdict(list)
    dates = payments.dates() if isinstance(payments, PaymentRows) else (p.date for p in payments)
    for position, on in enumerate(dates):
        if on <= as_of:
            by_date[on].append(position)
    events = {as_of, *by_date}
    for kind in ("principal", "fee"):  # every due date and every fee date up to as_of
        events.update(on for on in walk.queues[kind].dates if on <= as_of)
    previous: date | None = None
    for on in sorted(events):
        if previous is not None:
            walk.accrue_over(previous, on)
        walk.fall_due(on)
        walk.apply_credit(on)
        for position in by_date.get(on, ()):
            walk.receive(payments[position])
        previous = on


# -- entry points ---------------------------------------------------------------------------------


def penalty_rate(loan: Loan) -> tuple[Decimal, bool]:
    """annual_rate × (1 + penalty_markup), or ``rate_cap`` when that is lower; True when capped."""
    rate = loan.annual_rate * (1 + loan.penalty_markup)
    if rate > loan.rate_cap:
        return loan.rate_cap, True
    return rate, False


def _rate_cap_warning(loan: Loan, loc: Location | None) -> Problem:
    raw = loan.annual_rate * (1 + loan.penalty_markup)
    return warning(
        "rate_cap_applied",
        _("the penalty rate {rate} (annual_rate {annual_rate} × (1 + {markup})) is above rate_cap {cap}; "
          "penalty and compound interest use {cap}", rate=percent_text(raw), annual_rate=percent_text(loan.annual_rate),
          markup=rate_text(loan.penalty_markup), cap=percent_text(loan.rate_cap)),
        loc,
        _("check penalty_markup against the contract; a court may reduce an all-in rate above 24% (法发〔2017〕22号)"),
    )


def input_problems(case: Case, as_of: date) -> list[Problem]:
    """Errors that prevent computing a claim: as_of before disbursement, impossible terms."""
    problems = []
    if case.loan.principal <= 0:
        problems.append(error(
            "principal_not_positive",
            _("loan.principal {amount} is not a loan amount", amount=format_amount(case.loan.principal)),
            on_key_line(case, key_loc(case.loan.loc, "principal")),
            _("write the principal disbursed under the contract"),
        ))
    if as_of < case.loan.disbursed_on:
        problems.append(error(
            "as_of_before_disbursement",
            _("as_of {as_of} is before the loan was disbursed on {disbursed_on}", as_of=as_of,
              disbursed_on=case.loan.disbursed_on),
            on_key_line(case, Location(case.loc.file, None, "as_of")),
            _("set as_of (or --as-of) to the date amounts are computed to, after loan.disbursed_on"),
        ))
    if case.schedule is None:
        problems.extend(replace(p, loc=on_key_line(case, p.loc)) for p in check_terms(case.loan))
    else:
        problems.extend(p for p in check_bank_schedule(case.schedule, case.loan) if p.severity is Severity.ERROR)
    return problems


def compute_claim(case: Case, as_of: date | None = None) -> Claim:
    """The claim at ``as_of`` (default ``case.as_of``).

    Uses the bank's schedule when the case has one, else :func:`build_schedule`. Raises
    :class:`~evidence_kit.schedule.TermsInvalid` (exit code 4) when the inputs allow no claim.
    """
    day = as_of or case.as_of
    problems = input_problems(case, day)
    if problems:
        raise TermsInvalid(problems)
    loan = case.loan
    schedule = case.schedule if case.schedule is not None else build_schedule(loan)
    rate, capped = penalty_rate(loan)
    walk = _Walk(accelerate(schedule, loan, day), loan.fees, loan, rate)
    _timeline(walk, case.payments, day)
    owed = {kind: walk.queues["fee" if kind == "fees" else kind].outstanding for kind in COMPONENTS}
    cap_loc = on_key_line(case, key_loc(loan.loc, "penalty_markup"))
    return Claim(
        case_id=case.case_id,
        as_of=day,
        **owed,
        total=sum(owed.values(), ZERO),
        not_due_principal=walk.queues["principal"].not_due(),
        credit=walk.credit,
        lines=tuple(walk.lines),
        penalty_rate=rate,
        day_count=loan.day_count,
        items=walk.item_balances(),
        allocations=walk.allocations,
        warnings=(_rate_cap_warning(loan, cap_loc),) if capped else (),
    )


def mismatch_problems(case: Case, claim: Claim) -> list[Problem]:
    """``claim_mismatch`` for each of the bank's figures (loan.claimed) more than 0.05 away from the claim."""
    claimed = case.loan.claimed
    if claimed is None:
        return []
    problems = []
    for kind in COMPONENTS:
        bank = getattr(claimed, kind)
        ours = getattr(claim, kind)
        if bank is None or abs(bank - ours) <= MISMATCH_TOLERANCE:
            continue
        problems.append(error(
            "claim_mismatch",
            _("loan.claimed.{kind}: the bank's figure {bank} differs from the recomputed {ours} by {difference} "
              "(as of {as_of})", kind=kind, bank=format_amount(bank), ours=format_amount(ours),
              difference=format_amount(abs(bank - ours)), as_of=claim.as_of),
            on_key_line(case, key_loc(claimed.loc or Location("case.yaml", None, "loan.claimed"), kind)),
            _("the filing uses the recomputation; check the ledger, the schedule and loan terms "
              "(allocation_order, compound, day_count, accelerated_on) against the core-banking system"),
        ))
    return problems


def limitation_applies(case: Case) -> bool:
    """The loan's limitation period is moot when the case only asks for enforcement of a judgment."""
    filings = case.filings
    return filings.enforcement is None or filings.payment_order or filings.preservation is not None


def claim_problems(case: Case, as_of: date | None = None) -> list[Problem]:
    """Every problem of the claim: input errors, rate cap, claim_mismatch, limitation, enforcement."""
    day = as_of or case.as_of
    problems = input_problems(case, day)
    if problems:
        return problems
    claim = compute_claim(case, day)
    problems = [*claim.warnings, *mismatch_problems(case, claim)]
    if limitation_applies(case):
        problems.extend(limitation_problems(case, day))
    problems.extend(enforcement_problems(case, day))
    return problems


# -- output ---------------------------------------------------------------------------------------


def line_to_json(line: ClaimLine) -> dict[str, object]:
    return {
        "kind": line.kind,
        "base": json_amount(line.base),
        "rate": rate_text(line.rate),
        "from": line.from_date.isoformat(),
        "to": line.to_date.isoformat(),
        "days": line.days,
        "amount": json_amount(line.amount),
    }


def claim_to_json(claim: Claim) -> dict[str, object]:
    """The claim JSON of DESIGN §4, plus ``penalty_rate``, ``items`` and ``warnings``."""
    return {
        "case_id": claim.case_id,
        "as_of": claim.as_of.isoformat(),
        **{kind: json_amount(getattr(claim, kind)) for kind in (*COMPONENTS, "total", "not_due_principal", "credit")},
        "lines": [line_to_json(line) for line in claim.lines],
        "penalty_rate": rate_text(claim.penalty_rate),
        "items": [
            {"number": item.number, "due_date": item.due_date.isoformat(),
             "principal": json_amount(item.principal), "interest": json_amount(item.interest)}
            for item in claim.items
        ],
        "warnings": [p.to_json() for p in claim.warnings],
    }


_TOTAL_ROWS = (
    ("principal", N_("本金 principal")),
    ("interest", N_("利息 interest")),
    ("penalty", N_("罚息 penalty")),
    ("compound", N_("复利 compound")),
    ("fees", N_("费用 fees")),
    ("total", N_("合计 total")),
    ("not_due_principal", N_("未到期本金 not due principal")),
    ("credit", N_("溢缴款 credit")),
)
"""The rows of the totals table: key and label (the label shown with :func:`translate`)."""
_LINE_HEADINGS = (N_("类别 kind"), N_("基数 base"), N_("年利率 rate"), N_("起 from"), N_("止 to"), N_("天数 days"),
                  N_("金额 amount"))
_KIND_LABELS = {"penalty": N_("罚息 penalty"), "compound": N_("复利 compound")}
ITEM_HEADING = N_("项目 item")
AMOUNT_HEADING = N_("金额 amount")


def headings(texts: Sequence[str]) -> tuple[str, ...]:
    """Column headings in the current language."""
    return tuple(translate(text) for text in texts)


def totals_table(amounts: Sequence[tuple[str, Decimal]]) -> list[str]:
    """The 项目/金额 table: each (label marked with ``N_``, amount), labels in the current language."""
    rows = [headings((ITEM_HEADING, AMOUNT_HEADING))]
    rows += [(translate(label), format_amount(amount)) for label, amount in amounts]
    return _table(rows, (False, True))


def display_width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def _table(rows: Sequence[tuple[str, ...]], right: tuple[bool, ...]) -> list[str]:
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(right))]
    return ["  ".join(_pad(cell, widths[i], right[i]) for i, cell in enumerate(row)).rstrip() for row in rows]


def claim_table_text(claim: Claim) -> str:
    """The claim as a plain-text table for a terminal: accrual lines, then the totals."""
    header = [
        _("欠款计算明细 Claim — {case_id}, as of {as_of}", case_id=claim.case_id, as_of=claim.as_of),
        _("罚息、复利年利率 penalty rate {rate}, ÷ {day_count} per day", rate=percent_text(claim.penalty_rate),
          day_count=claim.day_count),
        "",
    ]
    line_rows = [headings(_LINE_HEADINGS)] + [
        (translate(_KIND_LABELS[line.kind]), format_amount(line.base), percent_text(line.rate),
         line.from_date.isoformat(), line.to_date.isoformat(), str(line.days), format_amount(line.amount))
        for line in claim.lines
    ]
    body = (_table(line_rows, (False, True, True, False, False, True, True)) if claim.lines
            else [_("(no accrual lines 无罚息复利)")])
    totals = totals_table([(label, getattr(claim, kind)) for kind, label in _TOTAL_ROWS])
    return "\n".join([*header, *body, "", *totals, *(str(w) for w in claim.warnings)]) + "\n"
