"""A repayment plan written back into the case (``plan.json``): are the payments keeping to it?

``evidence-kit plan --save`` writes the plan into the case folder; from then on ``check``
(and every build) compares the ledger's payments made since signing with the installments
due by as_of, and warns at the first one not covered: the agreement's default clause makes
the remaining original claim due.
"""

from __future__ import annotations

import json

from evidence_kit.case.model import Case
from evidence_kit.claim.repayment_plan import first_shortfall, saved_plan_from_json
from evidence_kit.i18n import _
from evidence_kit.money import format_amount
from evidence_kit.problems import Location, Problem, error, warning

PLAN_FILE = "plan.json"


def plan_problems(case: Case) -> list[Problem]:
    path = case.root / PLAN_FILE
    if not path.is_file():
        return []
    try:
        plan = saved_plan_from_json(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [error("plan_file_invalid", _("{file} is not a saved repayment plan ({why})", file=PLAN_FILE, why=exc),
                      Location(PLAN_FILE), _("write it again with evidence-kit plan --save, or remove it"))]
    payments = case.all_payments
    if plan.debts:  # a plan over some of the case's debts counts their payments only
        payments = tuple(p for d in case.all_debts if d.id in plan.debts for p in d.payments)
    shortfall = first_shortfall(plan, ((p.date, p.amount) for p in payments), case.as_of)
    if shortfall is None:
        return []
    which = _("the down payment") if shortfall.number == 0 else _("installment {number}", number=shortfall.number)
    return [warning("plan_installment_missed",
                    _("{which} of the repayment plan signed {signed} was due {due}: {due_amount} was due by then under "
                      "the plan, {paid_amount} was paid", which=which, signed=plan.signed_on, due=shortfall.due_date,
                      due_amount=format_amount(shortfall.due_so_far), paid_amount=format_amount(shortfall.paid_so_far)),
                    Location(PLAN_FILE),
                    _("under the agreement's default clause the waiver lapses and the remaining original claim is due; "
                      "send a demand (evidence-kit notice --kind demand) or file"))]
