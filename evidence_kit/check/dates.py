"""Dates of the loan and the case that must agree with each other.

Maturity not after disbursement, as_of before disbursement and acceleration before
disbursement make a claim impossible; the claim engine reports those
(``claim.input_problems``), so they are not repeated here.
"""

from __future__ import annotations

from evidence_kit.case.model import Case, Debt
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
        problems.append(error("dates_order", f"{key}.agreement.signed_on {signed} is not before first_overdue_date "
                              f"{card.first_overdue_date}", case.yaml_loc(f"{key}.agreement.signed_on"),
                              "a card falls overdue after its agreement is signed"))
    if card.cutoff < card.first_overdue_date:
        problems.append(warning("card_cutoff_before_overdue", f"{key}.cutoff {card.cutoff} is before the first overdue day "
                                f"{card.first_overdue_date}", case.yaml_loc(f"{key}.cutoff"),
                                "check the dates: the bank's cut-off balances normally come after the card fell overdue"))
    return problems


def _loan_dates(case: Case, debt: Debt) -> list[Problem]:
    loan = debt.loan
    assert loan is not None
    key = debt.key
    problems: list[Problem] = []
    if loan.signed_on > loan.disbursed_on:
        problems.append(error("dates_order", f"{key}.signed_on {loan.signed_on} is after {key}.disbursed_on {loan.disbursed_on}",
                              case.yaml_loc(f"{key}.signed_on"), "a loan is disbursed on or after the contract is signed"))
    acc = loan.accelerated_on
    if acc is not None and acc > loan.maturity:
        problems.append(error("acceleration_date", f"{key}.accelerated_on {acc} is after {key}.maturity {loan.maturity}",
                              case.yaml_loc(f"{key}.accelerated_on"), "宣布提前到期 must fall within the loan term"))
    if acc is not None and acc > case.as_of:
        problems.append(warning("acceleration_after_as_of", f"{key}.accelerated_on {acc} is after as_of {case.as_of}; it is ignored",
                                case.yaml_loc(f"{key}.accelerated_on"), "move as_of on or after the acceleration date"))
    for i, fee in enumerate(loan.fees):
        if fee.date < loan.disbursed_on:
            problems.append(error("fee_date", f"fee '{fee.kind}' dated {fee.date} is before disbursement",
                                  case.yaml_loc(f"{key}.fees.{i}.date"), "check the fee's date"))
        if fee.date > case.as_of:
            problems.append(warning("fee_after_as_of", f"fee '{fee.kind}' dated {fee.date} is after as_of {case.as_of}; it is not claimed",
                                    case.yaml_loc(f"{key}.fees.{i}.date"), "move as_of to a later date to claim it"))
    return problems
