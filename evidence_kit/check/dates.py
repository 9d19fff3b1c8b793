"""Dates of the loan and the case that must agree with each other.

Maturity not after disbursement, as_of before disbursement and acceleration before
disbursement make a claim impossible; the claim engine reports those
(``claim.input_problems``), so they are not repeated here.
"""

from __future__ import annotations

from evidence_kit.case.model import Case, Debt
from evidence_kit.i18n import _
from evidence_kit.problems import Problem, error, warning


def date_problems(case: Case) -> list[Problem]:
    problems: list[Problem] = []
    for debt in case.all_debts:
        problems.extend(_loan_dates(case, debt) if debt.loan is not None else _card_dates(case, debt))
    return problems


def _card_dates(case: Case, debt: Debt) -> list[Problem]:
    card = debt.card
    assert card is not None
    key = debt.key
    problems: list[Problem] = []
    signed = card.agreement_signed_on
    if signed is not None and signed >= card.first_overdue_date:
        problems.append(error("dates_order", _("{key}.agreement.signed_on {signed} is not before first_overdue_date "
                                               "{overdue}", key=key, signed=signed, overdue=card.first_overdue_date),
                              case.yaml_loc(f"{key}.agreement.signed_on"),
                              _("a card falls overdue after its agreement is signed")))
    if card.cutoff < card.first_overdue_date:
        problems.append(warning("card_cutoff_before_overdue", _("{key}.cutoff {cutoff} is before the first overdue day "
                                                                "{overdue}", key=key, cutoff=card.cutoff,
                                                                overdue=card.first_overdue_date),
                                case.yaml_loc(f"{key}.cutoff"),
                                _("check the dates: the bank's cut-off balances normally come after the card fell "
                                  "overdue")))
    return problems


def _loan_dates(case: Case, debt: Debt) -> list[Problem]:
    loan = debt.loan
    assert loan is not None
    key = debt.key
    problems: list[Problem] = []
    if loan.signed_on > loan.disbursed_on:
        problems.append(error("dates_order", _("{key}.signed_on {signed} is after {key}.disbursed_on {disbursed}", key=key,
                                               signed=loan.signed_on, disbursed=loan.disbursed_on),
                              case.yaml_loc(f"{key}.signed_on"), _("a loan is disbursed on or after the contract is signed")))
    acc = loan.accelerated_on
    if acc is not None and acc > loan.maturity:
        problems.append(error("acceleration_date", _("{key}.accelerated_on {accelerated} is after {key}.maturity "
                                                     "{maturity}", key=key, accelerated=acc, maturity=loan.maturity),
                              case.yaml_loc(f"{key}.accelerated_on"), _("宣布提前到期 must fall within the loan term")))
    if acc is not None and acc > case.as_of:
        problems.append(warning("acceleration_after_as_of", _("{key}.accelerated_on {accelerated} is after as_of {as_of}; "
                                                              "it is ignored", key=key, accelerated=acc, as_of=case.as_of),
                                case.yaml_loc(f"{key}.accelerated_on"), _("move as_of on or after the acceleration date")))
    for i, fee in enumerate(loan.fees):
        if fee.date < loan.disbursed_on:
            problems.append(error("fee_date", _("fee '{kind}' dated {date} is before disbursement", kind=fee.kind,
                                                date=fee.date),
                                  case.yaml_loc(f"{key}.fees.{i}.date"), _("check the fee's date")))
        if fee.date > case.as_of:
            problems.append(warning("fee_after_as_of", _("fee '{kind}' dated {date} is after as_of {as_of}; it is not "
                                                         "claimed", kind=fee.kind, date=fee.date, as_of=case.as_of),
                                    case.yaml_loc(f"{key}.fees.{i}.date"), _("move as_of to a later date to claim it")))
    return problems
