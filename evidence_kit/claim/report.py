"""A schema_version 2 claim as JSON (DESIGN §2b) and as a terminal table: a section per debt, then the totals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from evidence_kit.case.model import Case
from evidence_kit.claim.card import CardClaim, CardLine
from evidence_kit.claim.debts import (
    AMOUNT_KEYS,
    CaseClaim,
    DebtClaim,
    case_claim_problems,
    case_input_problems,
    compute_case_claim,
)
from evidence_kit.claim.enforcement import case_enforcement_json, case_enforcement_text
from evidence_kit.claim.engine import (
    _TOTAL_ROWS,
    _table,
    claim_table_text,
    claim_to_json,
    headings,
    percent_text,
    rate_text,
    totals_table,
)
from evidence_kit.claim.fees import court_fees, fees_to_json
from evidence_kit.i18n import N_, _, translate
from evidence_kit.money import format_amount, json_amount
from evidence_kit.problems import Problem


def card_line_to_json(line: CardLine) -> dict[str, object]:
    if line.kind == "trim":
        return {"kind": "trim", "trims": line.trims, "on": line.to_date.isoformat(), "amount": json_amount(line.amount)}
    return {"kind": line.kind, "base": json_amount(line.base), "rate": rate_text(line.rate), "rate_unit": "day",
            "from": line.from_date.isoformat(), "to": line.to_date.isoformat(), "days": line.days,
            "amount": json_amount(line.amount)}


def card_to_json(claim: CardClaim) -> dict[str, object]:
    ceiling, forward = claim.ceiling, claim.forward
    return {
        "lines": [card_line_to_json(line) for line in claim.lines],
        "principal_at_cutoff": json_amount(claim.principal_at_cutoff),
        "paid_after_cutoff": {kind: json_amount(amount) for kind, amount in claim.paid.items() if amount},
        "charges_total": json_amount(ceiling.charges_total),
        "cap": json_amount(ceiling.cap) if ceiling.cap is not None else None,
        "cap_mode": ceiling.mode,
        "cap_rate": rate_text(ceiling.rate) if ceiling.rate is not None else None,
        "cap_days": ceiling.days,
        "lpr": {"rate": rate_text(ceiling.lpr), "effective": ceiling.lpr_effective.isoformat()}
        if ceiling.lpr is not None and ceiling.lpr_effective is not None else None,
        "all_in_rate": rate_text(ceiling.all_in_rate),
        "excess": json_amount(ceiling.excess),
        "trimmed": {kind: json_amount(amount) for kind, amount in ceiling.trimmed.items()},
        "untrimmable": json_amount(ceiling.untrimmable),
        "forward": {"from": forward.start.isoformat(), "base": json_amount(forward.base),
                    "annual_rate": rate_text(forward.annual_rate),
                    "daily_rate": rate_text(forward.daily_rate) if forward.daily_rate is not None else None,
                    "per_day": json_amount(forward.per_day), "text": forward.text},
    }


def debt_to_json(item: DebtClaim) -> dict[str, object]:
    debt = item.debt
    head: dict[str, object] = {"id": debt.id, "kind": debt.kind, "title": debt.title}
    if item.loan is not None:
        loan = claim_to_json(item.loan)
        for key in ("case_id", "as_of"):
            loan.pop(key)
        return {**head, **loan}
    assert item.card is not None
    amounts = {key: json_amount(item.amount(key)) for key in AMOUNT_KEYS}
    return {**head, **amounts, **card_to_json(item.card),
            "warnings": [p.to_json() for p in item.card.warnings]}


def case_claim_to_json(claim: CaseClaim) -> dict[str, object]:
    """§4 keys with the case totals; ``lines`` every debt's lines tagged with ``debt``; ``debts`` per debt."""
    lines = [{"debt": item.debt.id, **line} for item in claim.debts
             for line in _json_lines(debt_to_json(item))]
    return {
        "case_id": claim.case_id,
        "as_of": claim.as_of.isoformat(),
        **{key: json_amount(claim.amount(key)) for key in AMOUNT_KEYS},
        "lines": lines,
        "debts": [debt_to_json(item) for item in claim.debts],
        "warnings": [p.to_json() for p in claim.warnings],
    }


def _json_lines(data: dict[str, object]) -> list[dict[str, object]]:
    lines = data.get("lines")
    return [dict(line) for line in lines] if isinstance(lines, list) else []


_CARD_LABELS = {"penalty": N_("违约金 penalty"), "fees": N_("手续费 fees")}
_CARD_HEADINGS = (N_("类别 kind"), N_("基数 base"), N_("日利率 rate"), N_("起 from"), N_("止 to"), N_("天数 days"),
                  N_("金额 amount"))
_CARD_KINDS = {"interest": N_("interest"), "compound": N_("compound")}
"""The card's accrual lines, by kind (the English is the kind itself)."""
_TRIMS = {"penalty": N_("调减 trim penalty"), "compound": N_("调减 trim compound"), "fees": N_("调减 trim fees"),
          "interest": N_("调减 trim interest")}
"""A trim line, by the kind of charge it reduces (``trim_order``)."""


def _card_table(item: DebtClaim) -> list[str]:
    claim = item.card
    assert claim is not None
    ceiling = claim.ceiling
    rows: list[tuple[str, ...]] = [headings(_CARD_HEADINGS)]
    for line in claim.lines:
        if line.kind == "trim":
            rows.append((translate(_TRIMS[line.trims]), "", "", "", line.to_date.isoformat(), "", f"-{format_amount(line.amount)}"))
        else:
            rows.append((translate(_CARD_KINDS[line.kind]), format_amount(line.base), rate_text(line.rate), line.from_date.isoformat(),
                         line.to_date.isoformat(), str(line.days), format_amount(line.amount)))
    figures = {
        "principal": format_amount(claim.principal_at_cutoff), "charges": format_amount(ceiling.charges_total),
        "mode": ceiling.mode, "days": ceiling.days, "all_in": percent_text(ceiling.all_in_rate),
    }
    ceiling_line = (
        _("截至日 cut-off principal {principal}; charges since the first overdue day {charges}, cap {cap} "
          "({mode}, {days} days), all-in {all_in}/yr", cap=format_amount(ceiling.cap), **figures)
        if ceiling.cap is not None else
        _("截至日 cut-off principal {principal}; charges since the first overdue day {charges}, cap none "
          "({mode}, {days} days), all-in {all_in}/yr", **figures)
    )
    summary = [ceiling_line, _("forward 此后: {text}", text=claim.forward.text)]
    body = _table(rows, (False, True, True, False, False, True, True)) if len(rows) > 1 else [_("(no accrual lines)")]
    return [*body, *summary]


def case_claim_table_text(claim: CaseClaim) -> str:
    """A section per debt (its lines and amounts), then the case totals."""
    out = [_("欠款计算明细 Claim — {case_id}, as of {as_of}, {count} 项债务 debt(s)", case_id=claim.case_id,
             as_of=claim.as_of, count=len(claim.debts)), ""]
    for n, item in enumerate(claim.debts, start=1):
        out.append(_("== 第{number}项债务 debt {debt}: {title}", number=n, debt=item.debt.id, title=item.debt.title))
        if item.loan is not None:
            out.extend(claim_table_text(item.loan).splitlines()[1:])
        else:
            out.extend(_card_table(item))
            out.append("")
            out.extend(totals_table([(_CARD_LABELS.get(key, label), item.amount(key)) for key, label in _TOTAL_ROWS]))
            out.extend(str(w) for w in item.figures.warnings)
        out.append("")
    out.append(_("== 合计 case totals"))
    out.extend(totals_table([(label, claim.amount(key)) for key, label in _TOTAL_ROWS]))
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class CaseClaimOutput:
    """What ``claim`` prints for a schema_version 2 case; ``blocking`` errors mean there is no claim."""

    blocking: list[Problem]
    problems: list[Problem]
    data: dict[str, Any]
    text: str


def case_claim_json(case: Case, claim: CaseClaim) -> dict[str, Any]:
    """The claim JSON with the court fees on the case total and the enforcement figures when asked for."""
    data: dict[str, Any] = case_claim_to_json(claim)
    data["court_fees"] = fees_to_json(court_fees(claim.total))
    if case.filings.enforcement is not None:
        data["enforcement"] = case_enforcement_json(case.filings, claim.as_of)
    return data


def case_claim_output(case: Case, as_of: date | None = None) -> CaseClaimOutput:
    blocking = case_input_problems(case, as_of)
    if blocking:
        return CaseClaimOutput(blocking, blocking, {}, "")
    claim = compute_case_claim(case, as_of)
    fees = court_fees(claim.total)
    text = case_claim_table_text(claim) + "\n" + _(
        "案件受理费 acceptance fee on the total: {acceptance} (简易程序 {simple}, 支付令 {payment_order})",
        acceptance=format_amount(fees.acceptance), simple=format_amount(fees.acceptance_simple),
        payment_order=format_amount(fees.payment_order)) + "\n"
    if case.filings.enforcement is not None:
        text += "\n" + case_enforcement_text(case.filings, claim.as_of)
    return CaseClaimOutput([], case_claim_problems(case, as_of), case_claim_json(case, claim), text)
