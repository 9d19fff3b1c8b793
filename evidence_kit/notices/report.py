"""Tables for a terminal: the repayment plan and the routes (CJK text counted two columns wide)."""

from __future__ import annotations

from collections.abc import Sequence

from evidence_kit.claim.engine import display_width
from evidence_kit.claim.repayment_plan import COMPONENT_NAMES, RepaymentPlan
from evidence_kit.money import format_amount


def table(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool] = ()) -> list[str]:
    widths = [max(display_width(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    out = []
    for row in [header, *rows]:
        cells = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - display_width(str(cell)))
            cells.append(pad + cell if i < len(right) and right[i] else cell + pad)
        out.append("  ".join(cells).rstrip())
    out.insert(1, "  ".join("-" * w for w in widths))
    return out


def plan_table_text(plan: RepaymentPlan) -> str:
    lines = [f"{plan.case_id}: repayment plan over the claim as of {plan.as_of}, signed {plan.terms.signed_on}"]
    for kind, amount in plan.claim_components.items():
        waived = f"  (waived {format_amount(plan.waived[kind])})" if kind in plan.waived else ""
        lines.append(f"  {COMPONENT_NAMES[kind]} {kind:<9}{format_amount(amount):>16}{waived}")
    lines += [f"  covered 合计      {format_amount(plan.covered):>16}",
              f"  planned 应付      {format_amount(plan.planned):>16}",
              f"  plan interest    {format_amount(plan.plan_interest):>16}",
              f"  total paid 共计  {format_amount(plan.total):>16}   recovery {plan.recovery_ratio * 100:.2f}% of the claim",
              ""]
    rows = [("down" if i.number == 0 else str(i.number), i.due_date.isoformat(), format_amount(i.principal),
             format_amount(i.interest), format_amount(i.amount), format_amount(i.balance)) for i in plan.installments]
    lines += table(("no", "due", "claim part", "interest", "amount", "left"), rows,
                   (True, False, True, True, True, True))
    return "\n".join(lines)
