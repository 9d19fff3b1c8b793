"""What every notice says, computed once from the case and its claim: who, how much, since when.

The amounts are the claim engine's, to the fen; nothing here rounds again except the
per-day accrual, which is the claim method's own ``round(base × rate ÷ day_count × 1)``.
Identifiers are masked for anything that leaves the bank's systems by SMS or e-mail
(legal-domain.md §6.2: ID first 6 and last 4, phone ``138****5678``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from evidence_kit.case.model import Case, EnforcementRequest, Party
from evidence_kit.claim.enforcement import LATE_DAILY_RATE, late_interest_base
from evidence_kit.claim.engine import Claim, compute_claim
from evidence_kit.claim.repayment_plan import judgment_components
from evidence_kit.claim.schedule import accrue
from evidence_kit.errors import NotEligible, UsageError, refused
from evidence_kit.i18n import N_, _, translate
from evidence_kit.money import ZERO, to_fen
from evidence_kit.problems import error

if TYPE_CHECKING:
    from evidence_kit.claim.debts import DebtClaim

NOTICE_KINDS = ("reminder", "demand", "acceleration", "lawyer", "visit", "locate")
"""``locate`` is the one message a third party may get: pass on a request to call back, nothing about the debt."""
KIND_TITLES = {"reminder": "还款提醒函", "demand": "逾期还款通知书", "acceleration": "提前到期通知书",
               "lawyer": "律师函", "visit": "上门催收资料", "locate": "转告联系短信"}
CHANNELS = ("sms", "email", "letter")
PARTY_NAMES = {"debtor": N_("debtor"), "guarantor": N_("guarantor"), "emergency_contact": N_("emergency_contact"),
               "third_party": N_("third_party")}
"""The ``--party`` values as messages name them (translated where shown)."""
BASIS_NAMES = {"judgment": "民事判决书", "mediation": "民事调解书", "payment_order": "支付令",
               "notarized_debt": "公证债权文书", "arbitral_award": "仲裁裁决书"}
OBJECTION_DAYS = 7
"""Days the notice gives the debtor to object to the amount in writing (信用卡办法 art. 69: how to object)."""
PAY_WITHIN_DAYS = 10
"""Days a demand, acceleration notice or lawyer's letter gives to pay."""


@dataclass(frozen=True)
class Breakdown:
    principal: Decimal
    interest: Decimal
    penalty: Decimal
    compound: Decimal
    fees: Decimal
    total: Decimal
    late_interest: Decimal = ZERO
    """After a decision: the 加倍部分债务利息 to as_of (MPL art. 264); included in ``total``."""


BREAKDOWN_KEYS = ("principal", "interest", "penalty", "compound", "fees", "total")


@dataclass(frozen=True)
class DebtOwed:
    """One debt of a case with several (schema_version 2): how a document names it and what it owes."""

    number: int
    """Its place among the case's debts (第N项), the same in every document of the case."""
    id: str
    name: str
    """"《借款合同》（编号：…）", or "…信用卡（卡号：6259 **** **** 7315）"."""
    tail: str
    """The last four digits of its contract or card number (what an SMS may show)."""
    breakdown: Breakdown
    overdue_since: date | None
    per_day_penalty: Decimal = ZERO
    """What accrues per day from now: a loan's 罚息 on its overdue principal, a card's forward interest."""
    per_day_compound: Decimal = ZERO
    accelerated_on: date | None = None
    """A loan declared due early; always None for a card (a card has no acceleration)."""
    card: bool = False

    @property
    def total(self) -> Decimal:
        return self.breakdown.total

    @property
    def item(self) -> str:
        """"第2项债务"."""
        return f"第{self.number}项债务"


def items_text(debts: Sequence[DebtOwed]) -> str:
    """"第1项、第2项债务"."""
    return "、".join(f"第{d.number}项" for d in debts) + "债务"


@dataclass(frozen=True)
class Liability:
    """What a guarantor answers for among the debts a notice covers: one group of its ``answers_for`` terms."""

    debts: tuple[DebtOwed, ...]
    kind: str
    """``joint`` (连带责任保证) or ``general`` (一般保证)."""
    limit: Decimal | None
    """The 最高额保证 limit shared by the group, when there is one."""

    @property
    def owed(self) -> Decimal:
        return sum((d.total for d in self.debts), ZERO)

    @property
    def liable(self) -> Decimal:
        """What the guarantor answers for at as_of: the debts' total, or the limit when that is lower."""
        return min(self.owed, self.limit) if self.limit is not None else self.owed

    @property
    def items(self) -> str:
        return items_text(self.debts)


@dataclass(frozen=True)
class NoticeFacts:
    case: Case
    claim: Claim
    debtor: Party
    as_of: date
    overdue_since: date | None
    """The due date of the oldest unpaid installment (None when nothing is overdue)."""
    breakdown: Breakdown
    per_day_penalty: Decimal
    per_day_compound: Decimal
    decided: EnforcementRequest | None = None
    """The decision (judgment, mediation, payment order …) the debt now rests on, when the case has one:
    the amounts are then what it left unpaid, and what accrues is the doubled interest."""
    debts: tuple[DebtOwed, ...] = ()
    """Several debts (or a card): each debt the notice covers, the amounts above being their totals; empty for
    one loan."""
    liabilities: tuple[Liability, ...] = ()
    """To a guarantor of several debts: what it answers for among ``debts``, per group of terms and limit."""
    left_out: tuple[DebtOwed, ...] = ()
    """Debts of the addressee this notice does not cover (an acceleration notice leaves out the debts not
    declared due and the cards)."""

    @property
    def overdue_days(self) -> int:
        return (self.as_of - self.overdue_since).days if self.overdue_since else 0

    @property
    def overdue_phrase(self) -> str:
        """"已逾期254天", or after a decision "已超过生效法律文书确定的履行期限166天"."""
        if self.decided is not None:
            return f"已超过生效法律文书确定的履行期限{self.overdue_days}天"
        return f"已逾期{self.overdue_days}天"

    @property
    def decision(self) -> str:
        """"北京市西城区人民法院作出的（2025）京0102民初12345号民事判决书" (empty without a decision)."""
        if self.decided is None:
            return ""
        basis = self.decided.basis
        return f"{basis.issued_by}作出的{basis.number}{BASIS_NAMES.get(basis.kind, '法律文书')}"

    @property
    def per_day(self) -> Decimal:
        return self.per_day_penalty + self.per_day_compound

    @property
    def to_guarantor(self) -> bool:
        return self.debtor.role == "guarantor"

    @property
    def your_loan(self) -> str:
        """"您有一笔贷款", or for a guarantor "您提供保证的一笔贷款"; "您在我行的3笔欠款" for several debts."""
        if self.debts:
            count = f"{len(self.debts)}笔" if len(self.debts) > 1 else "一笔"
            return f"您提供保证的{count}欠款" if self.to_guarantor else f"您在我行的{count}欠款"
        return "您提供保证的一笔贷款" if self.to_guarantor else "您有一笔贷款"

    @property
    def the_loan(self) -> str:
        """"您的贷款", or for a guarantor "您提供保证的贷款"; "您在我行的欠款" for several debts."""
        if self.debts:
            return "您提供保证的欠款" if self.to_guarantor else "您在我行的欠款"
        return "您提供保证的贷款" if self.to_guarantor else "您的贷款"

    @property
    def tail_label(self) -> str:
        """"合同尾号", or "尾号" when the debts include a card (a card number is no contract)."""
        return "尾号" if self.debts else "合同尾号"

    @property
    def defaulter(self) -> str:
        """Who defaulted: "您", or for a guarantor "借款人刘建华"."""
        return "借款人" + "、".join(p.name for p in self.case.borrowers) if self.to_guarantor else "您"

    @property
    def contract_tail(self) -> str:
        if self.debts:
            return "、".join(d.tail for d in self.debts)
        return contract_tail(self.case.loan.contract_no)

    @property
    def bank(self) -> str:
        return self.case.creditor.name

    @property
    def bank_short(self) -> str:
        """The bank's name without branch: "示例银行股份有限公司北京分行" → "示例银行"."""
        return short_bank_name(self.bank)


def party_name(party: str) -> str:
    """A ``--party`` value (or a contacts.csv party) in the current language."""
    return translate(PARTY_NAMES[party]) if party in PARTY_NAMES else party


def contract_tail(contract_no: str) -> str:
    """The last four digits of a contract number (what an SMS may show of it)."""
    digits = "".join(re.findall(r"\d", contract_no))
    return digits[-4:] if digits else contract_no[-4:]


def short_bank_name(name: str) -> str:
    for end in ("银行", "信用社", "银行股份有限公司"):
        index = name.find(end)
        if index > 0:
            return name[: index + len(end)].replace("股份有限公司", "")
    return name


def mask_id(id_number: str) -> str:
    """"11010519860514041X" → "110105********041X" (first 6, last 4)."""
    if len(id_number) <= 10:
        return "*" * len(id_number)
    return id_number[:6] + "*" * (len(id_number) - 10) + id_number[-4:]


def mask_phone(phone: str) -> str:
    """"13800134417" → "138****4417"; a landline keeps its area code: "010-66081200" → "010-****1200"."""
    digits = phone.replace(" ", "").replace("-", "")
    if len(digits) >= 11 and digits[-11] == "1":
        mobile = digits[-11:]
        return mobile[:3] + "****" + mobile[-4:]
    area, dash, number = phone.replace(" ", "").partition("-")
    if dash and len(number) > 4:
        return f"{area}-****{number[-4:]}"
    return "****" + digits[-4:] if len(digits) > 4 else "****"


def mask_name(name: str) -> str:
    """"刘建华" → "刘**" (the family name only)."""
    return name[:1] + "*" * (len(name) - 1) if len(name) > 1 else name


def oldest_overdue(claim: Claim) -> date | None:
    dates = [item.due_date for item in claim.items if item.principal > 0 or item.interest > 0]
    return min(dates, default=None)


def several_debts(case: Case) -> bool:
    """True when the case holds several debts, or a card (schema_version 2)."""
    return len(case.debts) > 1 or any(d.card is not None for d in case.debts)


def per_debt(case: Case) -> bool:
    """True when the notices word each debt and their totals rather than one loan's claim: several debts, a card,
    or a guarantor's 最高额 limit (which only the per-debt wording states)."""
    return several_debts(case) or any(a.limit is not None for g in case.guarantors for a in case.liabilities_of(g))


def refusal(case: Case, key: str, message: str, hint: str) -> NotEligible:
    """``notice_several_debts`` (exit 12) at ``key`` of case.yaml: what a case with several debts cannot be sent."""
    where = case.yaml_loc(key)
    problem = error("notice_several_debts", message, where, hint)
    return NotEligible(problem.message, problems=[problem], file=where.file, row=where.row, hint=problem.hint,
                       code=problem.code)


def notice_facts(case: Case, as_of: date | None = None, debtor_index: int | None = None,
                 debts: Sequence[str] = ()) -> NoticeFacts:
    """The facts of a notice to ``case.debtors[debtor_index]`` (default: the first borrower).

    ``debts``: only these debt ids (default: every debt the addressee answers for; a guarantor of a
    schema_version 2 case answers only for its ``answers_for``). An unknown id is a usage error (exit 2).
    """
    chosen = chosen_debts(case, debts)
    claim = compute_claim(case, as_of)
    debtor = case.debtors[debtor_index] if debtor_index is not None else (case.borrowers or case.debtors)[0]
    if per_debt(case):
        return _case_facts(case, claim, debtor, as_of or case.as_of, chosen)
    if case.filings.enforcement is not None:
        return _decided_facts(case, claim, debtor, case.filings.enforcement)
    breakdown = Breakdown(claim.principal, claim.interest, claim.penalty, claim.compound, claim.fees, claim.total)
    day_count = claim.day_count
    per_day_penalty = accrue(claim.principal, claim.penalty_rate, day_count, 1) if claim.principal > 0 else ZERO
    compounding = case.loan.compound and claim.interest > 0
    per_day_compound = accrue(claim.interest, claim.penalty_rate, day_count, 1) if compounding else ZERO
    return NoticeFacts(case, claim, debtor, claim.as_of, oldest_overdue(claim), breakdown,
                       per_day_penalty, per_day_compound)


def chosen_debts(case: Case, debts: Sequence[str]) -> tuple[str, ...]:
    """The debt ids asked for (``plan --debt``), every one checked against the case (exit 2 naming the ids)."""
    known = [d.id for d in case.all_debts]
    unknown = [d for d in debts if d not in known]
    if unknown:
        raise refused("plan_unknown_debt", _("--debt {ids}: the case has no such debt", ids=", ".join(unknown)),
                      kind=UsageError, file="case.yaml", column="debts",
                      hint=_("choose from the debt ids: {ids}", ids=", ".join(known)))
    return tuple(dict.fromkeys(debts))


def _case_facts(case: Case, first: Claim, debtor: Party, as_of: date, chosen: tuple[str, ...]) -> NoticeFacts:
    """Every debt the addressee answers for (or the chosen ones), each named with its claim; the amounts are their
    totals (compute_case_claim) and what accrues per day is summed over them.

    ``first`` (the first loan's claim, or the stand-in of a card) is kept only for the rate-free parts of the
    notice code; no amount is taken from it."""
    from evidence_kit.claim.debts import compute_case_claim

    whole = compute_case_claim(case, as_of)
    answered = {a.debt for a in case.liabilities_of(debtor)}
    owed = [_debt_owed(number, item) for number, item in enumerate(whole.debts, start=1)]
    mine = [d for d in owed if d.id in answered and (not chosen or d.id in chosen)]
    if not mine:
        index = case.debtors.index(debtor)
        raise refusal(case, f"debtors.{index}.answers_for", _(
            "{name} answers for none of the debts {ids}, so there is nothing to tell it", name=debtor.name,
            ids=", ".join(chosen or [d.id for d in owed])),
            _("list what it guarantees under debtors.{index}.answers_for, or address the debtor", index=index))
    empty = Breakdown(*(ZERO for _key in BREAKDOWN_KEYS))
    facts = NoticeFacts(case, first, debtor, whole.as_of, None, empty, ZERO, ZERO)
    return narrowed(facts, mine)


def _debt_owed(number: int, item: DebtClaim) -> DebtOwed:
    debt = item.debt
    breakdown = Breakdown(*(item.amount(k) for k in BREAKDOWN_KEYS))
    if item.loan is not None:
        loan = item.loan
        per_day_penalty = accrue(loan.principal, loan.penalty_rate, loan.day_count, 1) if loan.principal else ZERO
        compounding = debt.loan is not None and debt.loan.compound and loan.interest > 0
        per_day_compound = accrue(loan.interest, loan.penalty_rate, loan.day_count, 1) if compounding else ZERO
        accelerated = debt.loan.accelerated_on if debt.loan is not None else None
        return DebtOwed(number, debt.id, f"《借款合同》（编号：{debt.title}）", contract_tail(debt.title), breakdown,
                        oldest_overdue(loan), per_day_penalty, per_day_compound, accelerated)
    assert item.card is not None and debt.card is not None
    card = debt.card
    return DebtOwed(number, debt.id, f"{card.issuer}信用卡（卡号：{card.card_masked}）",
                    "".join(re.findall(r"\d", card.card_masked))[-4:], breakdown, card.first_overdue_date,
                    item.card.forward.per_day, card=True)


def narrowed(facts: NoticeFacts, debts: Sequence[DebtOwed], left_out: Sequence[DebtOwed] = ()) -> NoticeFacts:
    """The facts of a notice covering only ``debts``: their totals, earliest overdue day, per-day accrual and, to
    a guarantor, its liabilities among them."""
    breakdown = Breakdown(*(sum((getattr(d.breakdown, k) for d in debts), ZERO) for k in BREAKDOWN_KEYS))
    overdue = min((d.overdue_since for d in debts if d.overdue_since is not None), default=None)
    return replace(facts, debts=tuple(debts), breakdown=breakdown, overdue_since=overdue,
                   per_day_penalty=sum((d.per_day_penalty for d in debts), ZERO),
                   per_day_compound=sum((d.per_day_compound for d in debts), ZERO),
                   liabilities=liabilities(facts.case, facts.debtor, debts), left_out=tuple(left_out))


def liabilities(case: Case, guarantor: Party, debts: Sequence[DebtOwed]) -> tuple[Liability, ...]:
    """A guarantor's ``answers_for`` over ``debts``, grouped by kind and limit (a 最高额保证 limit is shared by the
    debts it covers), in debt order; empty for anyone but a guarantor."""
    if guarantor.role != "guarantor":
        return ()
    by_id = {d.id: d for d in debts}
    groups: dict[tuple[str, Decimal | None], list[DebtOwed]] = {}
    for answer in case.liabilities_of(guarantor):
        if answer.debt in by_id:
            groups.setdefault((answer.kind, answer.limit), []).append(by_id[answer.debt])
    return tuple(Liability(tuple(sorted(found, key=lambda d: d.number)), kind, limit)
                 for (kind, limit), found in groups.items())


def for_acceleration(facts: NoticeFacts) -> NoticeFacts:
    """An acceleration notice over several debts covers the loans declared due early (``accelerated_on``); the other
    loans and every card are left out and named as such. Refused (exit 12) when none of the debts is one."""
    if not facts.debts:
        return facts
    accelerated = [d for d in facts.debts if d.accelerated_on is not None]
    if len(accelerated) == len(facts.debts):
        return facts
    if not accelerated:
        raise refusal(facts.case, "debts", _(
            "acceleration notice: none of the debts {debts} is a loan declared due early (accelerated_on); a credit "
            "card has no acceleration", debts=", ".join(f"{d.id} ({d.name})" for d in facts.debts)),
            _("set debts.N.accelerated_on of the loan the bank declared due, or send a demand (--kind demand)"))
    return narrowed(facts, accelerated, [d for d in facts.debts if d.accelerated_on is None])


def _decided_facts(case: Case, claim: Claim, debtor: Party, request: EnforcementRequest) -> NoticeFacts:
    """After a decision: what it left unpaid (claim/repayment_plan.judgment_components), overdue since the
    performance date, and the doubled interest accruing per day on the unpaid non-interest money."""
    left = judgment_components(request, claim.as_of)
    breakdown = Breakdown(left["principal"], left["interest"], left["penalty"], left["compound"], left["fees"],
                          sum(left.values(), ZERO), left["late_interest"])
    per_day = to_fen(late_interest_base(request) * LATE_DAILY_RATE)
    due = request.basis.performance_due
    return NoticeFacts(case, claim, debtor, claim.as_of, due if due < claim.as_of else None, breakdown,
                       per_day, ZERO, request)
