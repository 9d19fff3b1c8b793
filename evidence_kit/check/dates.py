"""Dates of the loan and the case that must agree with each other.

Maturity not after disbursement, as_of before disbursement and acceleration before
disbursement make a claim impossible; the claim engine reports those
(``claim.input_problems``), so they are not repeated here.
"""

from __future__ import annotations

from evidence_kit.case.model import Case
from evidence_kit.problems import Problem, error, warning


def date_problems(case: Case) -> list[Problem]:
    loan = case.loan
    problems: list[Problem] = []
    if loan.signed_on > loan.disbursed_on:
        problems.append(error("dates_order", f"loan.signed_on {loan.signed_on} is after loan.disbursed_on {loan.disbursed_on}",
                              case.yaml_loc("loan.signed_on"), "a loan is disbursed on or after the contract is signed"))
    acc = loan.accelerated_on
    if acc is not None and acc > loan.maturity:
        problems.append(error("acceleration_date", f"loan.accelerated_on {acc} is after loan.maturity {loan.maturity}",
                              case.yaml_loc("loan.accelerated_on"), "宣布提前到期 must fall within the loan term"))
    if acc is not None and acc > case.as_of:
        problems.append(warning("acceleration_after_as_of", f"loan.accelerated_on {acc} is after as_of {case.as_of}; it is ignored",
                                case.yaml_loc("loan.accelerated_on"), "move as_of on or after the acceleration date"))
    for i, fee in enumerate(loan.fees):
        if fee.date < loan.disbursed_on:
            problems.append(error("fee_date", f"fee '{fee.kind}' dated {fee.date} is before disbursement",
                                  case.yaml_loc(f"loan.fees.{i}.date"), "check the fee's date"))
        if fee.date > case.as_of:
            problems.append(warning("fee_after_as_of", f"fee '{fee.kind}' dated {fee.date} is after as_of {case.as_of}; it is not claimed",
                                    case.yaml_loc(f"loan.fees.{i}.date"), "move as_of to a later date to claim it"))
    return problems
