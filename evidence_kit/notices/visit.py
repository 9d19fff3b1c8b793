"""The visit pack (上门催收资料) and the repayment guide (还款指南).

The visit pack is what a collector carries on a home visit: the arrears statement, the
contract's key terms and a visit record form to fill in. Its data are cut to what the
visit needs (个人信息保护法 art. 6, minimum necessary; legal-domain.md §6.2): the ID
number and phone numbers are masked, the address — where the visit goes — is kept.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from evidence_kit.case.model import Party
from evidence_kit.check.contacts import MAX_UNANSWERED_PER_DAY
from evidence_kit.claim.engine import penalty_rate as penalty_rate_of
from evidence_kit.claim.engine import percent_text
from evidence_kit.filings.content import Expected, amount_expectations, chinese_date, yuan
from evidence_kit.money import format_amount, to_capital
from evidence_kit.notices.document import Pair, PreparedNotice, empty_document, lines
from evidence_kit.notices.facts import (
    PAY_WITHIN_DAYS,
    DebtOwed,
    NoticeFacts,
    liabilities,
    mask_id,
    mask_phone,
)
from evidence_kit.notices.letters import (
    accrual_sentence,
    amount_rows,
    contact_lines,
    data_values,
    debt_lines,
    payment_lines,
    reference_of,
)

ORDER_WORDS = {"fee": "费用", "penalty": "罚息", "compound": "复利", "interest": "利息", "principal": "本金"}
METHOD_NAMES = {"equal_installment": "等额本息", "equal_principal": "等额本金", "interest_only": "按月付息、到期还本",
                "bullet": "到期一次还本付息"}
VISIT_FORM = ("到访时间", "到访地址", "催收人员（工号）", "会见人员及与债务人关系", "沟通内容", "债务人陈述及还款意愿",
              "还款承诺（金额、日期）", "债务人签字", "催收人员签字", "备注")


def _person(party: Party) -> str:
    if party.is_person:
        return f"{party.name}，公民身份号码{mask_id(party.id_number)}，电话{mask_phone(party.phone)}"
    return f"{party.name}，统一社会信用代码{party.credit_code}，电话{mask_phone(party.phone)}"


def key_terms(facts: NoticeFacts) -> tuple[Pair, ...]:
    if facts.debts:
        return debts_terms(facts)
    loan = facts.case.loan
    pairs = [Pair("合同编号", loan.contract_no),
             *(Pair("借款人" if d.role != "guarantor" else "保证人", _person(d)) for d in facts.case.debtors),
             Pair("上门地址", facts.debtor.address),
             Pair("借款本金", yuan(loan.principal)),
             Pair("借款期限", f"{chinese_date(loan.disbursed_on)}至{chinese_date(loan.maturity)}"),
             Pair("年利率", percent_text(loan.annual_rate)),
             Pair("罚息、复利利率", f"年{percent_text(facts.claim.penalty_rate)}"),
             Pair("还款方式", METHOD_NAMES.get(loan.repayment_method, loan.repayment_method))]
    if loan.accelerated_on:
        pairs.append(Pair("宣布提前到期日", chinese_date(loan.accelerated_on)))
    if facts.decided is not None:
        pairs.append(Pair("生效法律文书", facts.decision))
    if facts.overdue_since:
        label = "履行期限届满日" if facts.decided is not None else "最早逾期日"
        pairs.append(Pair(label, f"{chinese_date(facts.overdue_since)}（已过{facts.overdue_days}天）"))
    return tuple(pairs)


def persons(facts: NoticeFacts) -> tuple[Party, ...]:
    """The borrowers, and the guarantors answering for any debt the pack covers (the minimum the visit needs)."""
    covered = {d.id for d in facts.debts}
    return tuple(p for p in facts.case.debtors if p.role != "guarantor"
                 or any(a.debt in covered for a in facts.case.liabilities_of(p)))


def debts_terms(facts: NoticeFacts) -> tuple[Pair, ...]:
    """Several debts: who, where, then each debt's key terms and what it owes; the guarantors' liabilities."""
    pairs = [*(Pair("借款人" if p.role != "guarantor" else "保证人", _person(p)) for p in persons(facts)),
             Pair("上门地址", facts.debtor.address)]
    for owed in facts.debts:
        pairs += debt_terms(facts, owed)
    pairs += [Pair("保证责任", f"{g.name}对{items}" + (f"在最高额{format_amount(limit)}元范围内" if limit else "")
                   + ("承担一般保证责任" if kind == "general" else "承担连带清偿责任"))
              for g in persons(facts) if g.role == "guarantor" for items, kind, limit in _answers(facts, g)]
    if facts.overdue_since:
        pairs.append(Pair("最早逾期日", f"{chinese_date(facts.overdue_since)}（已过{facts.overdue_days}天）"))
    return tuple(pairs)


def _answers(facts: NoticeFacts, guarantor: Party) -> list[tuple[str, str, Decimal | None]]:
    return [(item.items, item.kind, item.limit) for item in liabilities(facts.case, guarantor, facts.debts)]


def debt_terms(facts: NoticeFacts, owed: DebtOwed) -> list[Pair]:
    """One debt: a loan's contract, principal, term, rates, method and acceleration, or a card's agreement, limit,
    rate and first overdue day (what it owes is in the arrears statement above)."""
    debt = facts.case.debt(owed.id)
    if debt.card is not None:
        card = debt.card
        return [Pair(owed.item, owed.name), Pair("领用合约", f"《{card.agreement_title}》"),
                Pair("信用额度", yuan(card.credit_limit)), Pair("透支日利率", f"{card.daily_rate.normalize():f}"),
                Pair("首次逾期日", chinese_date(card.first_overdue_date))]
    loan = debt.loan
    assert loan is not None
    penalty_rate, _capped = penalty_rate_of(loan)
    pairs = [Pair(owed.item, owed.name), Pair("借款本金", yuan(loan.principal)),
             Pair("借款期限", f"{chinese_date(loan.disbursed_on)}至{chinese_date(loan.maturity)}"),
             Pair("年利率", percent_text(loan.annual_rate)), Pair("罚息、复利利率", f"年{percent_text(penalty_rate)}"),
             Pair("还款方式", METHOD_NAMES.get(loan.repayment_method, loan.repayment_method))]
    if loan.accelerated_on:
        pairs.append(Pair("宣布提前到期日", chinese_date(loan.accelerated_on)))
    return pairs


def visit_rules() -> tuple[str, ...]:
    return (
        "【外访规范】",
        "上门时间限于每日8:00至22:00；未经债务人同意，不得进入其住所或办公场所。",
        "仅与债务人或保证人本人沟通；不得向无关第三人透露债务信息，不得在公共场所留置任何催收材料。",
        "全程录音并如实填写下方记录，由债务人签字确认；债务人拒绝签字的，注明情况。",
        f"同一联系方式当日联系不超过{MAX_UNANSWERED_PER_DAY}次。本资料仅供本次外访使用，用后交回，不得复制或转交他人。",
    )


def build_visit_pack(facts: NoticeFacts, signed_on: date | None = None) -> PreparedNotice:
    title = "上门催收资料"
    total = f"截至{chinese_date(facts.as_of)}，尚欠款项合计{yuan(facts.breakdown.total)}，明细如下："
    if facts.debts:
        total = (f"截至{chinese_date(facts.as_of)}，尚欠款项合计{yuan(facts.breakdown.total)}"
                 f"（大写：{to_capital(facts.breakdown.total)}），明细如下：")
    content = empty_document(
        title, reference=f"编号：{reference_of(facts, title)}（内部资料，注意保密）",
        opening=(*debt_lines(facts), total),
        amounts=amount_rows(facts), middle=lines(accrual_sentence(facts)),
        terms_heading="合同要点", terms=key_terms(facts),
        closing=lines(visit_rules(), "【可告知债务人的还款方式】", payment_lines(facts)),
        form_heading="外访记录", form=tuple(Pair(label, "") for label in VISIT_FORM),
        signed_on=f"制表日期：{chinese_date(signed_on or facts.as_of)}")
    expected = [Expected("total", "尚欠款项合计", yuan(facts.breakdown.total))]
    if facts.debtor.is_person and facts.debtor.id_number:
        expected.append(Expected("debtor.id_number.masked", "公民身份号码", mask_id(facts.debtor.id_number)))
    for owed in facts.debts:
        expected += amount_expectations(f"debts[{owed.number - 1}].total", f"第{owed.number}项：{owed.name}，截至"
                                        f"{chinese_date(facts.as_of)}欠款", owed.total)
    return PreparedNotice("visit_pack", title, content, tuple(expected), data_values(facts))


def build_repayment_guide(facts: NoticeFacts, signed_on: date | None = None) -> PreparedNotice:
    """还款指南: where and how to pay, what a partial payment does, whom to call (attached to e-mails)."""
    title = "还款指南"
    order = "、".join(ORDER_WORDS[k] for k in facts.case.loan.allocation_order)
    opening: tuple[str, ...] = (f"截至{chinese_date(facts.as_of)}，您的借款（合同编号：{facts.case.loan.contract_no}）"
                                f"尚欠款项合计{yuan(facts.breakdown.total)}。",)
    partial = f"款项不足以清偿全部欠款的，按合同约定的顺序（{order}）依次抵扣。"
    if facts.debts:
        opening = (*debt_lines(facts), f"以上各项截至{chinese_date(facts.as_of)}尚欠款项合计{yuan(facts.breakdown.total)}。")
        partial = "还款时请注明所还债务（合同编号或卡号尾号）；款项不足以清偿该笔债务的，按其合同约定的顺序依次抵扣。"
    content = empty_document(
        title, opening=opening,
        closing=lines("【还款渠道】", payment_lines(facts),
                      "【部分还款】", partial,
                      "【还款期限】", f"请于收到通知之日起{PAY_WITHIN_DAYS}日内还款；确有困难的，请尽早与我行联系协商。",
                      "【联系我们】", contact_lines(facts)),
        signers=(f"{facts.bank}",), signed_on=chinese_date(signed_on or facts.as_of))
    expected = [Expected("total", "尚欠款项合计", yuan(facts.breakdown.total))]
    return PreparedNotice("repayment_guide", title, content, tuple(expected), data_values(facts))
