"""Conditions on the filings asked for in case.yaml that can be told before computing anything."""

from __future__ import annotations

from evidence_kit.case.model import Case
from evidence_kit.i18n import _
from evidence_kit.problems import Problem, error


def filing_problems(case: Case) -> list[Problem]:
    problems: list[Problem] = []
    preservation = case.filings.preservation
    if case.filings.payment_order and preservation is not None and preservation.stage == "pre_litigation":
        problems.append(error("filing_conflict",
                              _("a payment order cannot be applied for after a pre-litigation preservation "
                                "(民诉法解释 art. 427(七))"),
                              case.yaml_loc("filings.preservation.stage"),
                              _("choose either the payment order or the pre-litigation preservation")))
    return problems
