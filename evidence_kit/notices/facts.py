"""What every notice says, computed once from the case and its claim: who, how much, since when.

The amounts are the claim engine's, to the fen; nothing here rounds again except the
per-day accrual, which is the claim method's own ``round(base × rate ÷ day_count × 1)``.
Identifiers are masked for anything that leaves the bank's systems by SMS or e-mail
(legal-domain.md §6.2: ID first 6 and last 4, phone ``138****5678``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from evidence_kit.case.model import Case, EnforcementRequest, Party
from evidence_kit.claim.enforcement import LATE_DAILY_RATE, late_interest_base
from evidence_kit.claim.engine import Claim, compute_claim
from evidence_kit.claim.repayment_plan import judgment_components
from evidence_kit.claim.schedule import accrue
from evidence_kit.errors import NotEligible
from evidence_kit.i18n import N_, _, translate
from evidence_kit.money import ZERO, to_fen
from evidence_kit.problems import error

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


@dataclass(frozen=True)
class DebtOwed:
    """One debt of a case with several (schema_version 2): how a letter names it and what it owes."""

    number: int
    name: str
    """"《借款合同》（编号：…）", or "…信用卡（卡号：6259 **** **** 7315）"."""
    tail: str
    """The last four digits of its contract or card number (what an SMS may show)."""
    total: Decimal
    overdue_since: date | None


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
    """Several debts (or a card): each one, the amounts above being the case totals; empty for one loan."""

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
            return f"您在我行的{len(self.debts)}笔欠款"
        return "您提供保证的一笔贷款" if self.to_guarantor else "您有一笔贷款"

    @property
    def the_loan(self) -> str:
        """"您的贷款", or for a guarantor "您提供保证的贷款"; "您在我行的欠款" for several debts."""
        if self.debts:
            return "您在我行的欠款"
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
    """True when the notices word the case totals of several debts (or a card) rather than one loan's claim."""
    return len(case.debts) > 1 or any(d.card is not None for d in case.debts)


SEVERAL_DEBTS_KINDS = ("reminder", "demand", "lawyer", "locate")
"""What a case with several debts (or a card) may be sent today: the letters and texts over the case totals."""


def refuse_several_debts(case: Case, what: str, kind: str = "", party: str = "debtor") -> None:
    """A case with several debts or a card: the reminder, demand and lawyer's letter (and their SMS and e-mail)
    to the debtor word the case totals and each debt; anything else is refused (exit 12) rather than made over
    one debt's claim."""
    if not several_debts(case):
        return
    if what == "notice" and kind in SEVERAL_DEBTS_KINDS and party in ("debtor", "emergency_contact", "third_party"):
        return
    where = case.yaml_loc("debts")
    kinds = ", ".join(f"{d.id} ({d.title})" for d in case.debts)
    asked = f"{what} --kind {kind} --party {party}" if what == "notice" else what
    problem = error("notice_several_debts", _(
        "{asked}: the case holds {count} debt(s): {debts}; this version words several debts in the reminder, demand "
        "and lawyer's letter to the debtor only (a guarantor answers for some debts up to a limit; an acceleration, "
        "a visit pack, a plan or a route is per loan), so nothing is made rather than part of the claim",
        asked=asked, count=len(case.debts), debts=kinds), where,
        _("send a reminder, demand or lawyer's letter to the debtor, or write this one by hand from claim.json's "
          "per-debt figures"))
    raise NotEligible(problem.message, problems=[problem], file=where.file, row=where.row, hint=problem.hint)


def notice_facts(case: Case, as_of: date | None = None, debtor_index: int | None = None) -> NoticeFacts:
    """The facts of a notice to ``case.debtors[debtor_index]`` (default: the first borrower)."""
    claim = compute_claim(case, as_of)
    debtor = case.debtors[debtor_index] if debtor_index is not None else (case.borrowers or case.debtors)[0]
    if several_debts(case):
        return _case_facts(case, claim, debtor, as_of or case.as_of)
    if case.filings.enforcement is not None:
        return _decided_facts(case, claim, debtor, case.filings.enforcement)
    breakdown = Breakdown(claim.principal, claim.interest, claim.penalty, claim.compound, claim.fees, claim.total)
    day_count = claim.day_count
    per_day_penalty = accrue(claim.principal, claim.penalty_rate, day_count, 1) if claim.principal > 0 else ZERO
    compounding = case.loan.compound and claim.interest > 0
    per_day_compound = accrue(claim.interest, claim.penalty_rate, day_count, 1) if compounding else ZERO
    return NoticeFacts(case, claim, debtor, claim.as_of, oldest_overdue(claim), breakdown,
                       per_day_penalty, per_day_compound)


def _case_facts(case: Case, first: Claim, debtor: Party, as_of: date) -> NoticeFacts:
    """The case totals of every debt (compute_case_claim), each debt named; what accrues per day summed over them.

    ``first`` (the first loan's claim, or the stand-in of a card) is kept only for the rate-free parts of the
    notice code; no amount is taken from it."""
    from evidence_kit.claim.debts import compute_case_claim

    whole = compute_case_claim(case, as_of)
    breakdown = Breakdown(*(whole.amount(k) for k in ("principal", "interest", "penalty", "compound", "fees",
                                                       "total")))
    owed, per_day_penalty, per_day_compound = [], ZERO, ZERO
    for number, item in enumerate(whole.debts, start=1):
        debt = item.debt
        if item.loan is not None:
            loan = item.loan
            since = oldest_overdue(loan)
            name = f"《借款合同》（编号：{debt.title}）"
            per_day_penalty += accrue(loan.principal, loan.penalty_rate, loan.day_count, 1) if loan.principal else ZERO
            if debt.loan is not None and debt.loan.compound and loan.interest > 0:
                per_day_compound += accrue(loan.interest, loan.penalty_rate, loan.day_count, 1)
            tail = contract_tail(debt.title)
        else:
            assert item.card is not None and debt.card is not None
            since = debt.card.first_overdue_date
            name = f"{debt.card.issuer}信用卡（卡号：{debt.card.card_masked}）"
            per_day_penalty += item.card.forward.per_day
            tail = "".join(re.findall(r"\d", debt.card.card_masked))[-4:]
        owed.append(DebtOwed(number, name, tail, item.amount("total"), since))
    overdue = min((d.overdue_since for d in owed if d.overdue_since is not None), default=None)
    return NoticeFacts(case, first, debtor, whole.as_of, overdue, breakdown, per_day_penalty, per_day_compound,
                       debts=tuple(owed))


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
