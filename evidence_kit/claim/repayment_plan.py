"""A repayment plan (个性化分期 / 还款协议) over a claim: pure, exact to the fen.

The plan covers the claim's components (principal, interest, 罚息, 复利, fees) minus those the
bank waives, and optionally the principal not yet due. A down payment is due on the day
the plan is signed; the rest is split over ``months`` monthly installments:

* at rate 0 (the default): each installment is round(financed / months), ROUND_HALF_UP, and
  the last one absorbs the remainder, as the claim method does for 等额本金;
* at an annual ``rate`` > 0: 等额本息 on the financed balance, exactly as the claim method's
  schedule (payment M = round(B·r·(1+r)^n / ((1+r)^n − 1)), interest_k = round(B_{k−1}·r),
  the last installment takes the whole remaining balance).

So the installments' principal parts always add up to the financed amount to the fen, and
the down payment plus those parts to the planned amount. Limits are checked before anything
is computed (:class:`PlanRefused`, every reason at once).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from evidence_kit.case.model import EnforcementRequest
from evidence_kit.claim.card import CardClaim
from evidence_kit.claim.enforcement import enforcement_figures
from evidence_kit.claim.engine import Claim
from evidence_kit.claim.schedule import add_months, level_payment
from evidence_kit.errors import EvidenceKitError, ExitCode
from evidence_kit.i18n import _
from evidence_kit.money import ZERO, json_amount, to_fen
from evidence_kit.problems import Location, error

MAX_PLAN_MONTHS = 60
"""信用卡办法 art. 70: individual repayment plans of up to 5 years (``--max-months`` may raise it)."""
PLAN_MONTHS_CEILING = 360
"""No plan runs longer than 30 years, whatever ``--max-months`` says."""
MIN_INSTALLMENT = Decimal("10.00")
"""A regular installment below 10 yuan is refused: fewer months make a plan a debtor can keep."""
MAX_PLAN_RATE = Decimal("0.24")
"""The plan's own annual rate may not exceed the 24 % line of 法发〔2017〕22号 item 2."""
WAIVABLE = ("interest", "penalty", "compound", "fees", "late_interest")
"""Components a bank may waive in a plan; principal is never waived by this tool."""
PLAN_COMPONENTS = ("principal", "interest", "penalty", "compound", "fees")
"""What a plan over a claim covers, in this order."""
COMPONENT_NAMES = {"principal": "本金", "interest": "利息", "penalty": "罚息", "compound": "复利", "fees": "费用",
                   "late_interest": "加倍部分债务利息"}
JUDGMENT_PAYMENT_ORDER = ("fees", "principal", "interest", "penalty", "compound")
"""How money paid after the judgment (``paid_since``) is set against the awarded items: the non-interest money
first, as the base of the doubled interest in claim/enforcement.py assumes, then the interest items; all
before the doubled interest itself (法释〔2014〕8号 art. 4)."""


class PlanRefused(EvidenceKitError):
    """The plan's terms break a limit (exit 2, a usage error: the options asked for it)."""

    exit_code = ExitCode.USAGE


@dataclass(frozen=True)
class PlanTerms:
    """What the bank offers: months, dates, down payment, waived components, the plan's rate."""

    months: int
    signed_on: date
    first_due: date | None = None
    """The first installment's due date; default one month after ``signed_on``."""
    down_payment: Decimal = ZERO
    waive: tuple[str, ...] = ()
    rate: Decimal = ZERO
    """Annual rate charged on the financed balance during the plan (0 = interest-free)."""
    include_not_due: bool = False
    """Also reschedule the principal not yet due (when the loan was not accelerated)."""
    max_months: int = MAX_PLAN_MONTHS


@dataclass(frozen=True)
class PlanInstallment:
    number: int
    """0 for the down payment, then 1..months."""
    due_date: date
    principal: Decimal
    """The part of the planned (claim) amount this installment pays."""
    interest: Decimal
    """The plan's own interest (zero at rate 0 and for the down payment)."""
    balance: Decimal
    """What is left of the planned amount after this installment."""

    @property
    def amount(self) -> Decimal:
        return self.principal + self.interest


@dataclass(frozen=True)
class RepaymentPlan:
    case_id: str
    as_of: date
    terms: PlanTerms
    claim_components: dict[str, Decimal]
    """What the plan covers before waivers: the claim's components (and not-due principal when included)."""
    waived: dict[str, Decimal]
    installments: tuple[PlanInstallment, ...] = field(default=())
    debts: tuple[str, ...] = ()
    """The ids of the debts the plan is made over, for a case with several (empty: the case's one loan)."""

    @property
    def covered(self) -> Decimal:
        """The claim the plan is made over (before waivers)."""
        return sum(self.claim_components.values(), ZERO)

    @property
    def waived_total(self) -> Decimal:
        return sum(self.waived.values(), ZERO)

    @property
    def planned(self) -> Decimal:
        """What the debtor must pay of the claim: covered minus waived."""
        return self.covered - self.waived_total

    @property
    def financed(self) -> Decimal:
        return self.planned - self.terms.down_payment

    @property
    def plan_interest(self) -> Decimal:
        return sum((i.interest for i in self.installments), ZERO)

    @property
    def total(self) -> Decimal:
        """Everything the debtor pays under the plan: down payment, installments, plan interest."""
        return sum((i.amount for i in self.installments), ZERO)

    @property
    def recovery_ratio(self) -> Decimal:
        """The bank's recovery against the covered claim, as a fraction rounded to 4 places."""
        if self.covered == 0:
            return Decimal("1.0000")
        return (self.total / self.covered).quantize(Decimal("0.0001"))

    @property
    def last_due(self) -> date:
        return self.installments[-1].due_date


def covered_components(claim: Claim, include_not_due: bool) -> dict[str, Decimal]:
    components = {"principal": claim.principal, "interest": claim.interest, "penalty": claim.penalty,
                  "compound": claim.compound, "fees": claim.fees}
    if include_not_due:
        components["principal"] += claim.not_due_principal
    return components


def debts_components(claims: Sequence[Claim | CardClaim], include_not_due: bool) -> dict[str, Decimal]:
    """What a plan over several debts covers: each component summed over the debts' claims (each already in fen),
    so the plan's covered amount is exactly the sum of the debts' totals (and of their not-due principal)."""
    components = {kind: sum((getattr(c, kind) for c in claims), ZERO) for kind in PLAN_COMPONENTS}
    if include_not_due:
        components["principal"] += sum((c.not_due_principal for c in claims), ZERO)
    return components


def judgment_components(request: EnforcementRequest, as_of: date) -> dict[str, Decimal]:
    """What is left of an enforcement basis at ``as_of``: the awarded items less ``paid_since``, and the
    加倍部分债务利息 to ``as_of`` (claim/enforcement.py)."""
    awarded = request.basis.awarded
    left = {"principal": awarded.principal, "interest": awarded.interest, "penalty": awarded.penalty,
            "compound": awarded.compound, "fees": awarded.fees + awarded.costs}
    paid = request.paid_since
    for kind in JUDGMENT_PAYMENT_ORDER:
        part = min(paid, left[kind])
        left[kind] -= part
        paid -= part
    return {**left, "late_interest": enforcement_figures(request, as_of).late_interest}


def terms_problems(terms: PlanTerms, planned: Decimal) -> list[str]:
    """Every reason the terms cannot make a plan (empty when they can)."""
    reasons = []
    unknown = [w for w in terms.waive if w not in WAIVABLE]
    if unknown:
        reasons.append(_("--waive {waive}: only {waivable} can be waived", waive=",".join(unknown),
                         waivable=", ".join(WAIVABLE)))
    if terms.max_months > PLAN_MONTHS_CEILING:
        reasons.append(_("--max-months {max_months} is above the ceiling of {ceiling}", max_months=terms.max_months,
                         ceiling=PLAN_MONTHS_CEILING))
    if not 1 <= terms.months <= min(terms.max_months, PLAN_MONTHS_CEILING):
        reasons.append(_("--months {months} must be 1 to {most} (信用卡办法 art. 70 allows up to {allowed}; "
                         "--max-months raises the limit)", months=terms.months,
                         most=min(terms.max_months, PLAN_MONTHS_CEILING), allowed=MAX_PLAN_MONTHS))
    if not ZERO <= terms.rate <= MAX_PLAN_RATE:
        reasons.append(_("--rate {rate} must be between 0 and {most} a year", rate=terms.rate, most=MAX_PLAN_RATE))
    if terms.down_payment < 0 or terms.down_payment != to_fen(terms.down_payment):
        reasons.append(_("--down-payment {down_payment} must be a non-negative amount in fen",
                         down_payment=terms.down_payment))
    elif terms.down_payment > planned:
        reasons.append(_("--down-payment {down_payment} is more than the planned amount {planned}",
                         down_payment=terms.down_payment, planned=planned))
    if terms.first_due is not None and terms.first_due <= terms.signed_on:
        reasons.append(_("--start {start} must be after the signing date {signed_on}", start=terms.first_due,
                         signed_on=terms.signed_on))
    financed = planned - terms.down_payment
    if not reasons and financed > 0 and terms.months > 0 and financed / terms.months < MIN_INSTALLMENT:
        reasons.append(_("{months} installments of {amount} are below the minimum installment of {minimum}",
                         months=terms.months, amount=to_fen(financed / terms.months), minimum=MIN_INSTALLMENT))
    return reasons


def make_plan(claim: Claim, terms: PlanTerms, components: dict[str, Decimal] | None = None,
              debts: Sequence[str] = ()) -> RepaymentPlan:
    """The plan over ``claim`` (or over ``components``, e.g. a judgment's or several debts'
    (:func:`debts_components`), whose ``debts`` ids it records) on ``terms``; raises :class:`PlanRefused` naming
    every broken limit."""
    components = dict(components) if components is not None else covered_components(claim, terms.include_not_due)
    waived = {kind: components[kind] for kind in WAIVABLE if kind in terms.waive and components[kind] > 0}
    planned = sum(components.values(), ZERO) - sum(waived.values(), ZERO)
    reasons = terms_problems(terms, planned)
    if reasons:
        where, hint = _("plan options"), _("change the options and run the command again")
        problems = [error("plan_terms_invalid", reason, Location(where), hint) for reason in reasons]
        raise PlanRefused(_("the repayment plan cannot be made: {reasons}", reasons="; ".join(reasons)),
                          file=where, hint=hint, problems=problems, code=problems[0].code)
    return RepaymentPlan(claim.case_id, claim.as_of, terms, components, waived,
                         tuple(schedule_installments(planned, terms)), tuple(debts))


def plan_due_dates(terms: PlanTerms) -> list[date]:
    """Monthly from ``first_due`` on its day, or from one month after signing on the signing day
    (each clamped to the month's end: signed 31 March → 30 April, 31 May, …)."""
    if terms.first_due is not None:
        return [add_months(terms.first_due, k, terms.first_due.day) for k in range(terms.months)]
    return [add_months(terms.signed_on, k + 1, terms.signed_on.day) for k in range(terms.months)]


def schedule_installments(planned: Decimal, terms: PlanTerms) -> list[PlanInstallment]:
    """The down payment (number 0, when there is one), then the monthly installments."""
    items = []
    balance = planned
    if terms.down_payment > 0:
        balance -= terms.down_payment
        items.append(PlanInstallment(0, terms.signed_on, terms.down_payment, ZERO, balance))
    if balance <= 0:
        return items
    items += _monthly(balance, terms.rate / 12, plan_due_dates(terms))
    return items


def _monthly(financed: Decimal, monthly_rate: Decimal, dates: list[date]) -> list[PlanInstallment]:
    """Equal parts (rate 0) or 等额本息; the last installment absorbs the remainder."""
    n = len(dates)
    payment = level_payment(financed, monthly_rate, n)
    balance = financed
    items = []
    for number, due in enumerate(dates, start=1):
        interest = to_fen(balance * monthly_rate)
        principal = balance if number == n else min(max(payment - interest, ZERO), balance)
        balance -= principal
        items.append(PlanInstallment(number, due, principal, interest, balance))
    return items


def parse_waive(text: str | None) -> tuple[str, ...]:
    """"penalty,compound" → ("penalty", "compound"); "fee" is accepted for "fees"."""
    if not text:
        return ()
    words = [w.strip().lower() for w in text.split(",") if w.strip()]
    return tuple("fees" if w == "fee" else w for w in words)


def _amounts(values: Iterable[tuple[str, Decimal]]) -> dict[str, str]:
    return {kind: json_amount(amount) for kind, amount in values}


def plan_to_json(plan: RepaymentPlan) -> dict[str, object]:
    """The plan for ``plan --json``: money as two-decimal strings."""
    return {
        "case_id": plan.case_id,
        "as_of": plan.as_of.isoformat(),
        "signed_on": plan.terms.signed_on.isoformat(),
        "months": plan.terms.months,
        "rate": f"{plan.terms.rate.normalize():f}",
        "covered": json_amount(plan.covered),
        "components": _amounts(plan.claim_components.items()),
        "waived": _amounts(plan.waived.items()),
        "waived_total": json_amount(plan.waived_total),
        "planned": json_amount(plan.planned),
        "down_payment": json_amount(plan.terms.down_payment),
        "plan_interest": json_amount(plan.plan_interest),
        "total": json_amount(plan.total),
        "recovery_ratio": f"{plan.recovery_ratio:f}",
        "installments": [
            {"number": i.number, "due_date": i.due_date.isoformat(), "principal": json_amount(i.principal),
             "interest": json_amount(i.interest), "amount": json_amount(i.amount), "balance": json_amount(i.balance)}
            for i in plan.installments
        ],
        **({"debts": list(plan.debts)} if plan.debts else {}),
    }


# -- a saved plan, and the payments made under it --------------------------------------------------


@dataclass(frozen=True)
class SavedPlan:
    """A plan written back into the case (``CASE_DIR/plan.json``): what is due when."""

    signed_on: date
    installments: tuple[tuple[int, date, Decimal], ...]
    """(number, due date, amount) in order; number 0 is the down payment."""
    debts: tuple[str, ...] = ()
    """The debts whose payments count under the plan (empty: every payment of the case)."""


def saved_plan_from_json(data: dict[str, object]) -> SavedPlan:
    """The saved plan from :func:`plan_to_json`'s output; raises ``ValueError`` (or ``KeyError``) on a bad file."""
    items = data["installments"]
    if not isinstance(items, list) or not items:
        raise ValueError(_("installments must be a non-empty list"))
    installments = tuple((int(i["number"]), date.fromisoformat(str(i["due_date"])), Decimal(str(i["amount"])))
                         for i in items)
    debts = data.get("debts", [])
    if not isinstance(debts, list):
        raise ValueError(_("debts must be a list of debt ids"))
    return SavedPlan(date.fromisoformat(str(data["signed_on"])), installments, tuple(str(d) for d in debts))


@dataclass(frozen=True)
class PlanShortfall:
    """The first installment not covered by the payments made under the plan."""

    number: int
    due_date: date
    due_so_far: Decimal
    paid_so_far: Decimal


def first_shortfall(plan: SavedPlan, payments: Iterable[tuple[date, Decimal]], as_of: date) -> PlanShortfall | None:
    """Payments on or after signing, counted against the installments due on or before ``as_of``."""
    made = sorted((on, amount) for on, amount in payments if plan.signed_on <= on <= as_of)
    due_so_far = ZERO
    for number, due_date, amount in plan.installments:
        if due_date > as_of:
            break
        due_so_far += amount
        paid = sum((a for on, a in made if on <= due_date), ZERO)
        if paid < due_so_far:
            return PlanShortfall(number, due_date, due_so_far, paid)
    return None
