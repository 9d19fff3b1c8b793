"""Dates of the loan and the case that must agree with each other."""

from __future__ import annotations

from evidence_kit.model import Case
from evidence_kit.problems import Location, Problem, error, warning


def _at(case: Case, key: str) -> Location:
    return case.yaml_loc(key)


def date_problems(case: Case) -> list[Problem]:
    loan = case.loan
    problems: list[Problem] = []
    if loan.signed_on > loan.disbursed_on:
        problems.append(error("dates_order", f"loan.signed_on {loan.signed_on} is after loan.disbursed_on {loan.disbursed_on}",
                              _at(case, "loan.signed_on"), "a loan is disbursed on or after the contract is signed"))
    if loan.disbursed_on >= loan.maturity:
        problems.append(error("dates_order", f"loan.maturity {loan.maturity} is not after loan.disbursed_on {loan.disbursed_on}",
                              _at(case, "loan.maturity"), "check the contract's term"))
    if case.as_of < loan.disbursed_on:
        problems.append(error("as_of_before_disbursement", f"as_of {case.as_of} is before the disbursement on {loan.disbursed_on}",
                              case.yaml_loc("as_of"), "as_of is the date the claim is computed to"))
    acc = loan.accelerated_on
    if acc is not None and not loan.disbursed_on < acc <= loan.maturity:
        problems.append(error("acceleration_date", f"loan.accelerated_on {acc} is not between disbursement and maturity",
                              _at(case, "loan.accelerated_on"), "宣布提前到期 must fall within the loan term"))
    if acc is not None and acc > case.as_of:
        problems.append(warning("acceleration_after_as_of", f"loan.accelerated_on {acc} is after as_of {case.as_of}; it is ignored",
                                _at(case, "loan.accelerated_on"), "move as_of on or after the acceleration date"))
    for fee in loan.fees:
        if fee.date < loan.disbursed_on:
            problems.append(error("fee_date", f"fee '{fee.kind}' dated {fee.date} is before disbursement", fee.loc,
                                  "check the fee's date"))
    return problems
