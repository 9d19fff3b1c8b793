"""Repayment schedules (还款计划) from loan terms, acceleration, and checks of a bank's schedule.

The method is fixed in reference/claim-method.md ("Schedule", "Acceleration"): every stored
amount is rounded to the fen when it is created, so a schedule always adds up exactly.
"""

from __future__ import annotations

import calendar
import itertools
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal

from evidence_kit.case.model import REPAYMENT_METHODS, Case, Installment, Loan
from evidence_kit.errors import CaseInvalid
from evidence_kit.i18n import _
from evidence_kit.money import ZERO, format_amount, to_fen
from evidence_kit.problems import Location, Problem, error

SCHEDULE_FILE = "schedule.csv"


class TermsInvalid(CaseInvalid):
    """The loan terms (or the date asked for) do not allow a schedule or a claim to be computed."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        loc = first.loc
        super().__init__(
            first.message,
            problems=problems,
            hint=first.hint,
            file=loc.file if loc else None,
            row=loc.row if loc else None,
            column=loc.column if loc else None,
        )


def key_loc(loc: Location, key: str) -> Location:
    """The location of ``key`` under the YAML mapping at ``loc`` ("loan" → "loan.maturity")."""
    column = f"{loc.column}.{key}" if loc.column else key
    return Location(loc.file, loc.row, column)


def on_key_line(case: Case, loc: Location | None) -> Location | None:
    """A case.yaml location moved to its key's own line when the case knows it (``key_lines``)."""
    if loc is None or loc.file != "case.yaml" or not loc.column or loc.column not in case.key_lines:
        return loc
    return Location(loc.file, case.key_lines[loc.column], loc.column)


# -- calendar ------------------------------------------------------------------------------------


def add_months(start: date, months: int, day: int | None = None) -> date:
    """``start`` plus ``months`` calendar months, on ``day`` (default: start's day), clamped to month end."""
    year, month_index = divmod(start.month - 1 + months, 12)
    year += start.year
    last_day = calendar.monthrange(year, month_index + 1)[1]
    return date(year, month_index + 1, min(day or start.day, last_day))


def days_between(a: date, b: date) -> int:
    """``days(a, b) = (b − a).days``."""
    return (b - a).days


def accrue(base: Decimal, annual_rate: Decimal, day_count: int, days: int) -> Decimal:
    """``round(base × annual_rate / day_count × days)``, dividing last so no digit is lost."""
    return to_fen(base * annual_rate * days / day_count)


def due_dates(loan: Loan) -> list[date]:
    """due_k = disbursed_on + k months on payment_day (or the disbursement day); due_n = maturity."""
    if loan.repayment_method == "bullet":
        return [loan.maturity]
    day = loan.payment_day or loan.disbursed_on.day
    early = [add_months(loan.disbursed_on, k, day) for k in range(1, loan.installments)]
    return [*early, loan.maturity]


# -- the four methods ---------------------------------------------------------------------------


def _monthly_rate(loan: Loan) -> Decimal:
    return loan.annual_rate / 12


def level_payment(principal: Decimal, monthly_rate: Decimal, n: int) -> Decimal:
    """等额本息 payment M = round(P·r·(1+r)^n / ((1+r)^n − 1)); P/n when the rate is zero."""
    if monthly_rate == 0:
        return to_fen(principal / n)
    growth = (1 + monthly_rate) ** n
    return to_fen(principal * monthly_rate * growth / (growth - 1))


def _amortized(loan: Loan, dates: list[date], principal_part: Callable[[Decimal, Decimal], Decimal]) -> list[Installment]:
    """Items with interest round(B_{k−1}·r) and principal from ``principal_part(balance, interest)``;
    the last item takes the whole remaining balance."""
    rate = _monthly_rate(loan)
    balance = loan.principal
    items = []
    for number, due in enumerate(dates, start=1):
        interest = to_fen(balance * rate)
        last = number == len(dates)
        principal = balance if last else min(max(principal_part(balance, interest), ZERO), balance)
        items.append(Installment(number, due, principal, interest))
        balance -= principal
    return items


def _equal_installment(loan: Loan, dates: list[date]) -> list[Installment]:
    payment = level_payment(loan.principal, _monthly_rate(loan), len(dates))
    return _amortized(loan, dates, lambda _balance, interest: payment - interest)


def _equal_principal(loan: Loan, dates: list[date]) -> list[Installment]:
    share = to_fen(loan.principal / len(dates))
    return _amortized(loan, dates, lambda _balance, _interest: share)


def _interest_only(loan: Loan, dates: list[date]) -> list[Installment]:
    items = []
    previous = loan.disbursed_on
    for number, due in enumerate(dates, start=1):
        interest = accrue(loan.principal, loan.annual_rate, loan.day_count, days_between(previous, due))
        principal = loan.principal if number == len(dates) else ZERO
        items.append(Installment(number, due, principal, interest))
        previous = due
    return items


_METHODS: dict[str, Callable[[Loan, list[date]], list[Installment]]] = {
    "equal_installment": _equal_installment,
    "equal_principal": _equal_principal,
    "interest_only": _interest_only,
    "bullet": _interest_only,  # one item at maturity: principal P, interest over the whole term
}


def check_terms(loan: Loan) -> list[Problem]:
    """Errors in the loan terms that make a schedule impossible, located at the loan keys."""
    problems = []
    if loan.repayment_method not in _METHODS:
        problems.append(error(
            "unknown_repayment_method",
            _("loan.repayment_method {method} is not a repayment method", method=repr(loan.repayment_method)),
            key_loc(loan.loc, "repayment_method"),
            _("use one of: {methods}", methods=", ".join(REPAYMENT_METHODS)),
        ))
    if loan.installments < 1:
        problems.append(error("bad_installments",
                              _("loan.installments is {installments}; it must be 1 or more",
                                installments=loan.installments),
                              key_loc(loan.loc, "installments"), _("write the number of installments in the contract")))
    if loan.day_count not in (360, 365):
        problems.append(error("bad_day_count",
                              _("loan.day_count is {day_count}; it must be 360 or 365", day_count=loan.day_count),
                              key_loc(loan.loc, "day_count"), _("write the contract's day-count basis")))
    if loan.maturity <= loan.disbursed_on:
        problems.append(error("maturity_before_disbursement",
                              _("loan.maturity {maturity} is not after loan.disbursed_on {disbursed_on}",
                                maturity=loan.maturity, disbursed_on=loan.disbursed_on),
                              key_loc(loan.loc, "maturity"), _("check both dates against the contract")))
    elif loan.installments >= 1 and loan.repayment_method in _METHODS:
        problems.extend(_due_date_problems(loan))
    if loan.accelerated_on is not None and loan.accelerated_on < loan.disbursed_on:
        problems.append(error("acceleration_before_disbursement",
                              _("loan.accelerated_on {accelerated_on} is before loan.disbursed_on {disbursed_on}",
                                accelerated_on=loan.accelerated_on, disbursed_on=loan.disbursed_on),
                              key_loc(loan.loc, "accelerated_on"), _("write the date of the 提前到期 notice")))
    return problems


def _due_date_problems(loan: Loan) -> list[Problem]:
    dates = due_dates(loan)
    if len(dates) > 1 and dates[-2] >= loan.maturity:
        return [error(
            "maturity_inconsistent",
            _("with {installments} installments the item {number} falls due on {due_date}, not before loan.maturity "
              "{maturity}", installments=loan.installments, number=len(dates) - 1, due_date=dates[-2],
              maturity=loan.maturity),
            key_loc(loan.loc, "installments"),
            _("check loan.installments, loan.maturity and loan.payment_day against the contract, or give schedule.csv"),
        )]
    return []


def build_schedule(loan: Loan) -> tuple[Installment, ...]:
    """The schedule the terms produce (claim-method.md "Schedule").

    Raises :class:`TermsInvalid` (a ``CaseInvalid``, exit code 4) listing the problems of
    :func:`check_terms` when the terms do not allow one (e.g. an unknown repayment method).
    """
    problems = check_terms(loan)
    if problems:
        raise TermsInvalid(problems)
    return tuple(_METHODS[loan.repayment_method](loan, due_dates(loan)))


# -- acceleration (宣布提前到期) ------------------------------------------------------------------


def accelerate(schedule: Sequence[Installment], loan: Loan, as_of: date) -> tuple[Installment, ...]:
    """Replace every item due after A = ``loan.accelerated_on`` by one item due on A (when A ≤ as_of).

    Its principal is their total principal, its interest is accrued on that principal at the
    contract rate from d (the last due date on or before A, or disbursed_on) to A; the
    interest of later periods is dropped.
    """
    accelerated_on = loan.accelerated_on
    if accelerated_on is None or accelerated_on > as_of:
        return tuple(schedule)
    kept = [item for item in schedule if item.due_date <= accelerated_on]
    replaced = [item for item in schedule if item.due_date > accelerated_on]
    if not replaced:
        return tuple(schedule)
    since = max((item.due_date for item in kept), default=loan.disbursed_on)
    principal = sum((item.principal for item in replaced), ZERO)
    days = max(0, days_between(since, accelerated_on))
    interest = accrue(principal, loan.annual_rate, loan.day_count, days)
    item = Installment(replaced[0].number, accelerated_on, principal, interest, key_loc(loan.loc, "accelerated_on"))
    return (*kept, item)


# -- a schedule given by the bank ----------------------------------------------------------------


def _row_loc(item: Installment, column: str) -> Location:
    if item.loc is None:
        return Location(SCHEDULE_FILE, item.number + 1, column)
    return replace(item.loc, column=item.headers.get(column, column))


def check_bank_schedule(schedule: Sequence[Installment], loan: Loan) -> list[Problem]:
    """Errors in a schedule.csv given by the bank, each located at its row."""
    if not schedule:
        return [error("schedule_empty", _("schedule.csv has no installments"), Location(SCHEDULE_FILE),
                      _("give one row per installment (due_date, principal, interest), or remove the file"))]
    problems = [p for item in schedule for p in _item_problems(item)]
    problems.extend(_order_problems(schedule, loan))
    total = sum((item.principal for item in schedule), ZERO)
    if total != loan.principal:
        file = schedule[0].loc.file if schedule[0].loc else SCHEDULE_FILE
        problems.append(error(
            "schedule_principal_sum",
            _("the schedule's principal adds up to {total}, but loan.principal is {principal}",
              total=format_amount(total), principal=format_amount(loan.principal)),
            Location(file, None, "principal"),
            _("export the complete 还款计划 for this loan, or correct loan.principal"),
        ))
    return problems


def _item_problems(item: Installment) -> list[Problem]:
    return [
        error("schedule_negative",
              _("installment {number}: {column} {value} is negative", number=item.number, column=column, value=value),
              _row_loc(item, column), _("amounts in schedule.csv must be zero or more"))
        for column, value in (("principal", item.principal), ("interest", item.interest))
        if value < 0
    ]


def _order_problems(schedule: Sequence[Installment], loan: Loan) -> list[Problem]:
    problems = []
    first, last = schedule[0], schedule[-1]
    if first.due_date <= loan.disbursed_on:
        problems.append(error("schedule_before_disbursement",
                              _("installment {number} is due on {due_date}, not after the disbursement on "
                                "{disbursed_on}", number=first.number, due_date=first.due_date,
                                disbursed_on=loan.disbursed_on),
                              _row_loc(first, "due_date"), _("check the dates against the contract")))
    for previous, item in itertools.pairwise(schedule):
        if item.due_date <= previous.due_date:
            problems.append(error("schedule_dates_order",
                                  _("installment {number} is due on {due_date}, not after installment {previous} "
                                    "({previous_due_date})", number=item.number, due_date=item.due_date,
                                    previous=previous.number, previous_due_date=previous.due_date),
                                  _row_loc(item, "due_date"), _("list the installments in order, one per due date")))
    if last.due_date > loan.maturity:
        problems.append(error("schedule_after_maturity",
                              _("installment {number} is due on {due_date}, after loan.maturity {maturity}",
                                number=last.number, due_date=last.due_date, maturity=loan.maturity),
                              _row_loc(last, "due_date"), _("check loan.maturity against the contract")))
    return problems
