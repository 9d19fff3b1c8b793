"""Tables for a terminal: the repayment plan and the routes (CJK text counted two columns wide)."""

from __future__ import annotations

from collections.abc import Sequence

from evidence_kit.claim.engine import display_width
from evidence_kit.claim.repayment_plan import COMPONENT_NAMES, RepaymentPlan
from evidence_kit.i18n import _
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
    amounts = [(f"{COMPONENT_NAMES[kind]} {kind}", amount,
                _("(waived {amount})", amount=format_amount(plan.waived[kind])) if kind in plan.waived else "")
               for kind, amount in plan.claim_components.items()]
    amounts += [(_("covered 合计"), plan.covered, ""), (_("planned 应付"), plan.planned, ""),
                (_("plan interest"), plan.plan_interest, ""),
                (_("total paid 共计"), plan.total,
                 _("recovery {ratio}% of the claim", ratio=format(plan.recovery_ratio * 100, ".2f")))]
    width = max(display_width(label) for label, _amount, _note in amounts)
    lines = [_("{case}: repayment plan over the claim as of {as_of}, signed {signed}", case=plan.case_id,
               as_of=plan.as_of, signed=plan.terms.signed_on)]
    for label, amount, note in amounts:
        pad = " " * (width - display_width(label))
        lines.append(f"  {label}{pad}{format_amount(amount):>16}" + (f"  {note}" if note else ""))
    lines.append("")
    rows = [(_("down") if i.number == 0 else str(i.number), i.due_date.isoformat(), format_amount(i.principal),
             format_amount(i.interest), format_amount(i.amount), format_amount(i.balance)) for i in plan.installments]
    lines += table((_("no"), _("due"), _("claim part"), _("interest"), _("amount"), _("left")), rows,
                   (True, False, True, True, True, True))
    return "\n".join(lines)
