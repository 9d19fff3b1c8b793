"""Which way forward: for each route, whether it is open now and why, what it costs, its deadlines.

Routes: a repayment plan, a 支付令, a suit (simple and ordinary procedure), preservation
(before and during a suit) and enforcement. Whether a route is open comes from the same
eligibility gates the filings use (filings/eligibility.py); fees from claim/fees.py; the
limitation expiry from claim/limitation.py; the 30-day and two-year windows from the
Civil Procedure Law. Every reason names its rule. Nothing is recommended: the table says
what the rules allow and cost, and the bank chooses.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from evidence_kit.case.model import Case, Debt
from evidence_kit.claim.card import CardClaim
from evidence_kit.claim.debts import compute_case_claim, debt_limitations
from evidence_kit.claim.enforcement import enforcement_figures
from evidence_kit.claim.engine import Claim, compute_claim, limitation_applies
from evidence_kit.claim.fees import court_fees
from evidence_kit.claim.limitation import compute_limitation
from evidence_kit.claim.repayment_plan import MAX_PLAN_MONTHS
from evidence_kit.filings.eligibility import (
    complaint_problems,
    enforcement_problems,
    legal_basis,
    payment_order_problems,
    preservation_problems,
)
from evidence_kit.i18n import N_, _, translate
from evidence_kit.money import ZERO, json_amount, to_fen
from evidence_kit.notices.facts import several_debts
from evidence_kit.problems import Problem, Severity

PRE_LITIGATION_GUARANTEE = Decimal("1")
"""诉前保全: a guarantee equal to the amount preserved (MPL art. 104; 民诉法解释 art. 152)."""
LITIGATION_GUARANTEE = Decimal("0.30")
"""诉中保全: at most 30 % of the amount (财产保全规定 art. 5); a bank may ask for a waiver (art. 9(六))."""
SUIT_AFTER_PRESERVATION_DAYS = 30
"""MPL art. 104: the measures are lifted unless a suit is filed within 30 days."""
OBJECTION_DAYS = 15
"""MPL art. 227: the debtor may object within 15 days of service of the payment order."""
DECIDING_BASES = ("judgment", "mediation", "payment_order")
"""Bases that decide the debt in court; a notarized instrument or an award is enforced without one."""
ROUTE_TITLES = {"plan": "还款协议（个性化分期）", "payment_order": "支付令", "suit_simple": "起诉（简易程序）",
                "suit_ordinary": "起诉（普通程序）", "preservation_pre": "诉前财产保全",
                "preservation_litigation": "诉中财产保全", "enforcement": "申请强制执行"}
FEE_TEXTS = {"payment_order": N_("payment_order {amount}"), "acceptance_simple": N_("acceptance_simple {amount}"),
             "acceptance": N_("acceptance {amount}"), "preservation": N_("preservation {amount}"),
             "guarantee": N_("guarantee {amount}"), "guarantee_max": N_("guarantee_max {amount}"),
             "enforcement": N_("enforcement {amount}"), "late_interest": N_("late_interest {amount}")}
"""Each fee of a route as the table shows it (the JSON's ``fees`` keys stay as they are)."""


@dataclass(frozen=True)
class Reason:
    rule: str
    text: str
    blocking: bool = True


@dataclass(frozen=True)
class Deadline:
    what: str
    on: date | None
    rule: str
    relative: str = ""
    """For a window that starts on a later event ("30 days from the measures")."""
    debt: str = ""
    """The debt (its case.yaml id) the deadline is of, in a case with several debts or a card."""


@dataclass(frozen=True)
class Route:
    route: str
    reasons: tuple[Reason, ...]
    fees: dict[str, Decimal] = field(default_factory=dict)
    deadlines: tuple[Deadline, ...] = ()
    files: tuple[str, ...] = ()

    @property
    def open(self) -> bool:
        return not any(r.blocking for r in self.reasons)

    @property
    def title(self) -> str:
        return ROUTE_TITLES[self.route]

    def to_json(self) -> dict[str, object]:
        return {
            "route": self.route, "title": self.title, "open": self.open,
            "reasons": [{"rule": r.rule, "text": r.text, "blocking": r.blocking} for r in self.reasons],
            "fees": {k: json_amount(v) for k, v in self.fees.items()},
            "deadlines": [{"what": d.what, "date": d.on.isoformat() if d.on else None, "relative": d.relative or None,
                           "rule": d.rule, **({"debt": d.debt} if d.debt else {})} for d in self.deadlines],
            "files": list(self.files),
        }


def _reasons(problems: list[Problem]) -> tuple[Reason, ...]:
    """Eligibility problems as reasons; the rule is the one the message cites (eligibility.legal_basis)."""
    return tuple(Reason(legal_basis(p.code), p.message, p.severity is Severity.ERROR) for p in problems)


@dataclass(frozen=True)
class Owed:
    """The claim the routes weigh: each debt's (in case.yaml order; the one loan of a schema_version 1 case) and
    the case totals, court fees being on the totals."""

    debts: tuple[Debt, ...]
    claims: tuple[Claim | CardClaim, ...]

    @property
    def total(self) -> Decimal:
        return sum((c.total for c in self.claims), Decimal("0.00"))

    @property
    def not_due_principal(self) -> Decimal:
        return sum((c.not_due_principal for c in self.claims), Decimal("0.00"))

    def complaints(self) -> list[Decimal]:
        """The amount of each complaint a suit needs: one, or two when loans and cards are claimed together (the
        金融借款合同纠纷 and 信用卡纠纷 element forms, each over its own debts)."""
        loans = [c.total for d, c in zip(self.debts, self.claims, strict=True) if d.card is None]
        cards = [c.total for d, c in zip(self.debts, self.claims, strict=True) if d.card is not None]
        if not loans or not cards:
            return [self.total]
        return [sum(loans, Decimal("0.00")), sum(cards, Decimal("0.00"))]


def owed_of(case: Case, as_of: date | None = None) -> Owed:
    if not case.debts:
        return Owed(case.all_debts, (compute_claim(case, as_of),))
    whole = compute_case_claim(case, as_of)
    return Owed(tuple(d.debt for d in whole.debts), tuple(d.figures for d in whole.debts))


def limitation_deadline(case: Case) -> tuple[Deadline, ...]:
    """The limitation expiry: of the loan, or of each debt (named) in a case with several debts or a card."""
    if not limitation_applies(case):
        return ()
    rule = _("Civil Code arts. 188, 195")
    if not several_debts(case):
        period = compute_limitation(case)
        return (Deadline(f"诉讼时效届满（自{period.event.description}起三年）", period.expiry, rule),)
    return tuple(Deadline(f"第{number}项债务（{debt.title}）诉讼时效届满（自{period.event.description}起三年）",
                          period.expiry, rule, debt=debt.id)
                 for number, (debt, period) in enumerate(debt_limitations(case), start=1))


def plan_route(case: Case, owed: Owed) -> Route:
    reasons = [Reason(_("信用卡办法 art. 70"), _("an individual plan of up to {months} months", months=MAX_PLAN_MONTHS),
                      False),
               Reason(_("诉讼时效规定 art. 14"), _("the debtor's signed plan restarts the limitation period"), False)]
    if owed.total + owed.not_due_principal <= 0:
        reasons.append(Reason(_("claim"), _("nothing is owed")))
    return Route("plan", tuple(reasons), {}, limitation_deadline(case),
                 ("repayment_agreement.docx/.pdf (evidence-kit plan)",))


def payment_order_route(case: Case, owed: Owed) -> Route:
    fees = court_fees(owed.total)
    deadlines = (*limitation_deadline(case),
                 Deadline("债务人提出书面异议", None, _("MPL art. 227"),
                          _("{days} days from service of the order", days=OBJECTION_DAYS)),
                 Deadline("支付令未能送达则终结督促程序", None, _("民诉法解释 art. 430"), _("30 days from issue")))
    return Route("payment_order", _reasons(payment_order_problems(case, owed.claims)),
                 {"payment_order": fees.payment_order}, deadlines,
                 ("filings/payment_order.docx/.pdf", "bundle.pdf (evidence-kit build)"))


def suit_routes(case: Case, owed: Owed) -> list[Route]:
    amounts = owed.complaints()
    fees = [court_fees(amount) for amount in amounts]
    reasons = list(_reasons(complaint_problems(case)))
    if owed.total <= 0:
        reasons.append(Reason(_("民诉法 art. 122"), _("nothing is due to claim")))
    if len(amounts) > 1:
        reasons.append(Reason(_("法〔2025〕82号"), _(
            "loans and cards are two complaints (金融借款合同纠纷 on {loans}, 信用卡纠纷 on {cards}), each with its "
            "own acceptance fee; the fees are their sum", loans=json_amount(amounts[0]), cards=json_amount(amounts[1])),
            False))
    files = ("filings/evidence_list.docx/.pdf", "filings/claim_sheet.docx/.pdf", "bundle.pdf (evidence-kit build)")
    simple = [*reasons, Reason(_("MPL art. 160"),
                               _("simple procedure needs clear facts and little dispute; the court decides"), False)]
    return [Route("suit_simple", tuple(simple), {"acceptance_simple": sum((f.acceptance_simple for f in fees), ZERO)},
                  limitation_deadline(case), files),
            Route("suit_ordinary", tuple(reasons), {"acceptance": sum((f.acceptance for f in fees), ZERO)},
                  limitation_deadline(case), files)]


def _assets_reason(case: Case) -> list[Reason]:
    request = case.filings.preservation
    if request is None or not request.assets:
        return [Reason(legal_basis("not_eligible_no_assets"),
                       _("no asset or asset clue is named (filings.preservation.assets)"))]
    return []


def preservation_routes(case: Case, owed: Owed) -> list[Route]:
    request = case.filings.preservation
    amount = request.amount if request is not None else owed.total
    fee = {"preservation": court_fees(amount).preservation}
    gated = _reasons([p for p in preservation_problems(case, owed.claims) if p.code != "not_eligible_guarantee"])
    common = [*gated, *_assets_reason(case)]
    pre_guarantee = to_fen(amount * PRE_LITIGATION_GUARANTEE)
    pre = [*common, Reason(legal_basis("not_eligible_guarantee"),
                           _("a guarantee of {amount} is needed", amount=json_amount(pre_guarantee)),
                           _guarantee_short(case, pre_guarantee))]
    if case.filings.payment_order:
        pre.append(Reason(legal_basis("filing_conflict"),
                          _("the case asks for a payment order; the two exclude each other")))
    litigation = [*common, Reason(_("财产保全规定 arts. 5, 9(六)"),
                                  _("a guarantee of at most 30 % ({amount}); a bank may ask the court to waive it",
                                    amount=json_amount(to_fen(amount * LITIGATION_GUARANTEE))), False)]
    window = Deadline("诉前保全后提起诉讼", None, _("MPL art. 104"),
                      _("{days} days from the measures", days=SUIT_AFTER_PRESERVATION_DAYS))
    terms = Deadline("冻结存款期限（动产2年、不动产3年）", None, _("民诉法解释 art. 485"), _("1 year from the freezing"))
    return [Route("preservation_pre", tuple(pre), {**fee, "guarantee": pre_guarantee}, (window, terms),
                  ("filings/preservation.docx/.pdf",)),
            Route("preservation_litigation", tuple(litigation),
                  {**fee, "guarantee_max": to_fen(amount * LITIGATION_GUARANTEE)}, (terms,),
                  ("filings/preservation.docx/.pdf",))]


def _guarantee_short(case: Case, needed: Decimal) -> bool:
    request = case.filings.preservation
    guarantee = request.guarantee if request is not None else None
    return guarantee is None or guarantee.amount is None or guarantee.amount < needed


def enforcement_route(case: Case) -> Route:
    request = case.filings.enforcement
    if request is None:
        return Route("enforcement", (Reason(_("MPL arts. 247–249"), _(
            "there is no effective judgment, mediation statement, payment order or notarized debt instrument "
            "(filings.enforcement)")),))
    figures = enforcement_figures(request, case.as_of)
    owed = request.basis.awarded.total - request.paid_since + figures.late_interest
    deadline = Deadline("申请执行期间届满", figures.deadline, legal_basis("enforcement_deadline_passed"))
    return Route("enforcement", _reasons(enforcement_problems(case)),
                 {"enforcement": court_fees(max(owed, Decimal(0))).enforcement, "late_interest": figures.late_interest},
                 (deadline,), ("filings/enforcement.docx/.pdf",))


def decided(case: Case) -> tuple[Reason, ...]:
    """An enforcement basis already decides the debt: no second suit or payment order on it."""
    request = case.filings.enforcement
    if request is None or request.basis.kind not in DECIDING_BASES:
        return ()
    return (Reason(_("民诉法解释 art. 247"), _("the debt is already decided by {number} (a second suit on it is "
                                              "barred); enforce the decision instead", number=request.basis.number)),)


def routes_of(case: Case, as_of: date | None = None) -> list[Route]:
    """Every route of the case at ``as_of``: over the case totals of every debt, the limitation per debt."""
    owed = owed_of(case, as_of)
    barred = decided(case)
    court = [payment_order_route(case, owed), *suit_routes(case, owed), preservation_routes(case, owed)[0]]
    court = [replace(r, reasons=(*barred, *r.reasons)) for r in court]
    return [plan_route(case, owed), *court, preservation_routes(case, owed)[1], enforcement_route(case)]


def routes_table_text(routes: list[Route]) -> str:
    from evidence_kit.notices.report import table

    rows = []
    for r in routes:
        fees = ", ".join(fee_text(k, v) for k, v in r.fees.items()) or "—"
        dates = _("; ").join(f"{d.debt} {d.on or d.relative}" if d.debt else f"{d.on or d.relative}"
                             for d in r.deadlines) or "—"
        why = _("; ").join(_("{reason} [{rule}]", reason=x.text, rule=x.rule) for x in r.reasons if x.blocking) or "—"
        rows.append((r.title, _("open") if r.open else _("closed"), fees, dates, why))
    return "\n".join(table((_("route"), _("open"), _("fees"), _("deadlines"), _("why closed")), rows))


def fee_text(key: str, amount: Decimal) -> str:
    """A fee as the routes table shows it (the JSON keeps ``key``)."""
    text = translate(FEE_TEXTS[key]) if key in FEE_TEXTS else f"{key} {{amount}}"
    return text.format(amount=json_amount(amount))
