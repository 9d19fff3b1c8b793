"""还款协议 (before a suit) or 和解协议 (after one) over a repayment plan.

The debtor confirms the debt, the bank waives what the plan waives on condition of full
performance, the schedule follows to the fen, and on default the waiver lapses and the
remaining original claim falls due at once. The debtor's confirmation and promise to pay
in installments restart the limitation period (诉讼时效规定 art. 14).
"""

from __future__ import annotations

from evidence_kit.case.model import Party
from evidence_kit.claim.engine import percent_text
from evidence_kit.claim.repayment_plan import COMPONENT_NAMES, RepaymentPlan
from evidence_kit.filings.claim_sheet import amount_row
from evidence_kit.filings.content import Expected, amount_expectations, chinese_date, yuan
from evidence_kit.money import format_amount, to_capital
from evidence_kit.notices.document import (
    AmountRow,
    PreparedNotice,
    ScheduleRow,
    empty_document,
    lines,
)
from evidence_kit.notices.facts import NoticeFacts, liabilities
from evidence_kit.notices.letters import data_values, debt_lines, loan_sentence, penalty_label

AGREEMENT_KINDS = ("repayment", "settlement")
LEGAL_REPRESENTATIVE_TITLES = ("董事长", "执行董事", "总经理")
"""Titles signed as 法定代表人; any other (行长, 总经理 of a branch…) as 负责人."""


def _party_line(label: str, party: Party) -> str:
    if party.is_person:
        return f"{label}：{party.name}，公民身份号码{party.id_number}，住{party.address}，电话{party.phone}"
    rep = ""
    if party.representative is not None:
        role = "法定代表人" if party.representative.title in LEGAL_REPRESENTATIVE_TITLES else "负责人"
        rep = f"，{role}{party.representative.name}"
    return f"{label}：{party.name}，统一社会信用代码{party.credit_code}，住所地{party.address}{rep}"


def component_names(facts: NoticeFacts) -> dict[str, str]:
    """The plan's components as the agreement names them: a card's 违约金 is in ``penalty`` with the loans' 罚息."""
    return {**COMPONENT_NAMES, "penalty": penalty_label(facts)}


def _component_rows(plan: RepaymentPlan, names: dict[str, str]) -> tuple[AmountRow, ...]:
    rows = [amount_row(names[k], v) for k, v in plan.claim_components.items()]
    rows.append(amount_row("合计", plan.covered))
    return tuple(rows)


def schedule_rows(plan: RepaymentPlan) -> tuple[ScheduleRow, ...]:
    rows = []
    for item in plan.installments:
        number = "首付" if item.number == 0 else str(item.number)
        detail = f"欠款{yuan(item.principal)}" + (f"，分期利息{yuan(item.interest)}" if item.interest else "")
        rows.append(ScheduleRow(number, item.due_date.isoformat(), yuan(item.amount), detail, yuan(item.balance)))
    return tuple(rows)


def _waiver_clause(plan: RepaymentPlan, names: dict[str, str]) -> str:
    if not plan.waived:
        return "第二条　甲方不减免任何款项。"
    parts = "、".join(f"{names[k]}{yuan(v)}" for k, v in plan.waived.items())
    return (f"第二条　在乙方按本协议全部按期足额履行的条件下，甲方同意减免{parts}，合计{yuan(plan.waived_total)}"
            f"（大写：{to_capital(plan.waived_total)}）。减免以乙方全部履行为条件，乙方违约的，减免自动失效。")


def _arrangement(plan: RepaymentPlan) -> str:
    terms = plan.terms
    down = (f"乙方应于本协议签订当日（{chinese_date(terms.signed_on)}）支付首付款{yuan(terms.down_payment)}，"
            if terms.down_payment > 0 else "")
    rate = (f"分期期间按年利率{percent_text(terms.rate)}计收分期利息（等额本息），" if terms.rate > 0
            else "分期期间不另计利息，")
    return (f"第三条　乙方应向甲方支付{yuan(plan.planned)}（大写：{to_capital(plan.planned)}）。{down}"
            f"余款{yuan(plan.financed)}分{terms.months}期按月偿还，{rate}每期还款日及金额见下表；"
            f"乙方共计应付{yuan(plan.total)}（大写：{to_capital(plan.total)}）。最后一期金额含前各期的尾差。")


def _default_clause(plan: RepaymentPlan, settlement: bool, facts: NoticeFacts) -> str:
    remedy = ("甲方有权依法申请恢复执行原生效法律文书" if settlement
              else "甲方有权依法提起诉讼、申请支付令或采取其他法律措施")
    accrues = "按原借款合同约定计收罚息、复利"
    if facts.debts:
        accrues = f"按{_contracts(facts)}约定继续计收" + ("利息、罚息、复利" if any(d.card for d in facts.debts)
                                                          else "罚息、复利")
    return (f"第四条　乙方任何一期未按时足额还款的，本协议项下全部剩余款项立即到期，第二条的减免失效，原债权"
            f"（截至{chinese_date(plan.as_of)}为{yuan(plan.covered)}，扣除乙方已按本协议支付的款项）全部立即到期，"
            f"并{accrues}至实际清偿之日止；{remedy}。")


def _contracts(facts: NoticeFacts) -> str:
    """The original contracts of the debts: "原借款合同", "原信用卡领用合约", or both."""
    kinds = [name for name, present in (("借款合同", any(not d.card for d in facts.debts)),
                                        ("信用卡领用合约", any(d.card for d in facts.debts))) if present]
    return "原" + "及".join(kinds)


def _debts_sentences(facts: NoticeFacts) -> tuple[str, ...]:
    """Several debts: each debt the plan is made over, named with what it owes (figures and 大写)."""
    count = f"以下{len(facts.debts)}笔债务" if len(facts.debts) > 1 else "以下债务"
    return (f"乙方在甲方的{count}逾期未还，双方就其清偿达成本协议：",
            *(line.replace("截至", "乙方截至", 1) for line in debt_lines(facts)))


def _guarantee_clause(facts: NoticeFacts, guarantors: tuple[Party, ...]) -> str:
    if not guarantors:
        return ""
    if not facts.debts:
        return ("第五条　丙方同意本协议，并对乙方在本协议及原借款合同项下的全部债务继续承担连带保证责任，保证期间自本协议"
                "最后一期还款日起重新计算。")
    terms = "；".join(
        f"{g.name}对{item.items}" + (f"在最高额{format_amount(item.limit)}元范围内" if item.limit is not None else "")
        + ("继续承担一般保证责任" if item.kind == "general" else "继续承担连带保证责任")
        for g in guarantors for item in liabilities(facts.case, g, facts.debts))
    return f"第五条　丙方同意本协议，并对乙方在本协议及{_contracts(facts)}项下的债务继续承担保证责任：{terms}。保证期间自本协议最后一期还款日起重新计算。"


def basis_sentence(facts: NoticeFacts) -> str:
    """After a suit: the decision the settlement is made under, and what it left unpaid."""
    request = facts.case.filings.enforcement
    if request is None:
        return ""
    basis = request.basis
    paid = f"此后乙方已支付{yuan(request.paid_since)}，" if request.paid_since > 0 else ""
    return (f"{facts.decision}已于"
            f"{chinese_date(basis.effective_on)}发生法律效力，乙方应于{chinese_date(basis.performance_due)}前履行而"
            f"未履行。{paid}下表为截至{chinese_date(facts.as_of)}尚未履行的款项（含迟延履行期间的加倍部分债务利息）。")


def guarantors_of(facts: NoticeFacts) -> tuple[Party, ...]:
    """The guarantors party to the agreement: every one for one loan, else those answering for a debt it covers."""
    if not facts.debts:
        return facts.case.guarantors
    return tuple(g for g in facts.case.guarantors if liabilities(facts.case, g, facts.debts))


def build_agreement(facts: NoticeFacts, plan: RepaymentPlan, *, settlement: bool) -> PreparedNotice:
    case = facts.case
    title = "和解协议" if settlement else "还款协议"
    guarantors = guarantors_of(facts)
    parties = [_party_line("甲方（债权人）", case.creditor),
               *(_party_line("乙方（债务人）", b) for b in case.borrowers),
               *(_party_line("丙方（保证人）", g) for g in guarantors)]
    confirm = (f"第一条　乙方确认：截至{chinese_date(plan.as_of)}，乙方尚欠甲方上述款项{yuan(plan.covered)}"
               f"（大写：{to_capital(plan.covered)}），构成如上表。")
    original = f"{_contracts(facts)}及担保合同" if facts.debts else "原借款合同及担保合同"
    closing = lines(_default_clause(plan, settlement, facts), _guarantee_clause(facts, guarantors),
                    f"第六条　本协议未约定的事项，仍按{original}执行。乙方提前还款的，甲方予以接受，提前部分按本协议"
                    "还款计划顺序抵扣。",
                    f"第七条　本协议自各方签字（盖章）之日起生效，一式{2 + len(case.borrowers) + len(guarantors)}份，"
                    "各方各执一份，其余备用，具有同等法律效力。")
    signers = (f"甲方（盖章）：{case.creditor.name}", *(f"乙方（签字）：{b.name}　______" for b in case.borrowers),
               *(f"丙方（签字）：{g.name}　______" for g in guarantors))
    content = empty_document(
        title, reference=f"编号：{case.case_id}-{'SETTLEMENT' if settlement else 'PLAN'}-{plan.terms.signed_on:%Y%m%d}",
        opening=lines(parties, _debts_sentences(facts) if facts.debts else loan_sentence(facts).replace("您", "乙方", 1),
                      basis_sentence(facts) if settlement else ""),
        amounts=_component_rows(plan, component_names(facts)),
        middle=lines(confirm, _waiver_clause(plan, component_names(facts)), _arrangement(plan)),
        schedule_heading="还款计划表", schedule=schedule_rows(plan), closing=closing, signers=signers,
        signed_on=f"签订日期：{chinese_date(plan.terms.signed_on)}")
    expected = amount_expectations("planned", "乙方应向甲方支付", plan.planned)
    expected += [Expected("total", "乙方共计应付", yuan(plan.total)),
                 Expected("covered", "乙方尚欠甲方上述款项", yuan(plan.covered))]
    for owed in facts.debts:
        expected += amount_expectations(f"debts[{owed.number - 1}].total", f"第{owed.number}项：{owed.name}，乙方截至"
                                        f"{chinese_date(facts.as_of)}欠款", owed.total)
    return PreparedNotice(f"{'settlement' if settlement else 'repayment'}_agreement", title, content,
                          tuple(expected), data_values(facts))
