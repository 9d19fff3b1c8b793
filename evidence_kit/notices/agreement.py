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
from evidence_kit.money import to_capital
from evidence_kit.notices.document import (
    AmountRow,
    PreparedNotice,
    ScheduleRow,
    empty_document,
    lines,
)
from evidence_kit.notices.facts import NoticeFacts
from evidence_kit.notices.letters import data_values, loan_sentence

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


def _component_rows(plan: RepaymentPlan) -> tuple[AmountRow, ...]:
    rows = [amount_row(COMPONENT_NAMES[k], v) for k, v in plan.claim_components.items()]
    rows.append(amount_row("合计", plan.covered))
    return tuple(rows)


def schedule_rows(plan: RepaymentPlan) -> tuple[ScheduleRow, ...]:
    rows = []
    for item in plan.installments:
        number = "首付" if item.number == 0 else str(item.number)
        detail = f"欠款{yuan(item.principal)}" + (f"，分期利息{yuan(item.interest)}" if item.interest else "")
        rows.append(ScheduleRow(number, item.due_date.isoformat(), yuan(item.amount), detail, yuan(item.balance)))
    return tuple(rows)


def _waiver_clause(plan: RepaymentPlan) -> str:
    if not plan.waived:
        return "第二条　甲方不减免任何款项。"
    parts = "、".join(f"{COMPONENT_NAMES[k]}{yuan(v)}" for k, v in plan.waived.items())
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


def _default_clause(plan: RepaymentPlan, settlement: bool) -> str:
    remedy = ("甲方有权依法申请恢复执行原生效法律文书" if settlement
              else "甲方有权依法提起诉讼、申请支付令或采取其他法律措施")
    return (f"第四条　乙方任何一期未按时足额还款的，本协议项下全部剩余款项立即到期，第二条的减免失效，原债权"
            f"（截至{chinese_date(plan.as_of)}为{yuan(plan.covered)}，扣除乙方已按本协议支付的款项）全部立即到期，"
            f"并按原借款合同约定计收罚息、复利至实际清偿之日止；{remedy}。")


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


def build_agreement(facts: NoticeFacts, plan: RepaymentPlan, *, settlement: bool) -> PreparedNotice:
    case = facts.case
    title = "和解协议" if settlement else "还款协议"
    guarantors = case.guarantors
    parties = [_party_line("甲方（债权人）", case.creditor),
               *(_party_line("乙方（债务人）", b) for b in case.borrowers),
               *(_party_line("丙方（保证人）", g) for g in guarantors)]
    confirm = (f"第一条　乙方确认：截至{chinese_date(plan.as_of)}，乙方尚欠甲方上述款项{yuan(plan.covered)}"
               f"（大写：{to_capital(plan.covered)}），构成如上表。")
    guarantee = ("第五条　丙方同意本协议，并对乙方在本协议及原借款合同项下的全部债务继续承担连带保证责任，保证期间自本协议"
                 "最后一期还款日起重新计算。" if guarantors else "")
    closing = lines(_default_clause(plan, settlement), guarantee,
                    "第六条　本协议未约定的事项，仍按原借款合同及担保合同执行。乙方提前还款的，甲方予以接受，提前部分按本协议"
                    "还款计划顺序抵扣。",
                    f"第七条　本协议自各方签字（盖章）之日起生效，一式{2 + len(case.borrowers) + len(guarantors)}份，"
                    "各方各执一份，其余备用，具有同等法律效力。")
    signers = (f"甲方（盖章）：{case.creditor.name}", *(f"乙方（签字）：{b.name}　______" for b in case.borrowers),
               *(f"丙方（签字）：{g.name}　______" for g in guarantors))
    content = empty_document(
        title, reference=f"编号：{case.case_id}-{'SETTLEMENT' if settlement else 'PLAN'}-{plan.terms.signed_on:%Y%m%d}",
        opening=lines(parties, loan_sentence(facts).replace("您", "乙方", 1), basis_sentence(facts) if settlement else ""),
        amounts=_component_rows(plan), middle=lines(confirm, _waiver_clause(plan), _arrangement(plan)),
        schedule_heading="还款计划表", schedule=schedule_rows(plan), closing=closing, signers=signers,
        signed_on=f"签订日期：{chinese_date(plan.terms.signed_on)}")
    expected = amount_expectations("planned", "乙方应向甲方支付", plan.planned)
    expected += [Expected("total", "乙方共计应付", yuan(plan.total)),
                 Expected("covered", "乙方尚欠甲方上述款项", yuan(plan.covered))]
    return PreparedNotice(f"{'settlement' if settlement else 'repayment'}_agreement", title, content,
                          tuple(expected), data_values(facts))
