"""Collection letters: 还款提醒函, 逾期还款通知书, 提前到期通知书, 律师函.

What a collection letter must hold (信用卡办法 art. 69, legal-domain.md §6.1): the debtor
and the balance as of a date, the overdue days, how the amount is made up (本金/利息/罚息/
复利/费用) and what accrues per day from now, the reason, the debtor's rights and how to
object, how to pay, the bank's contact details and a seal place; amounts in figures and
大写. A tear-off receipt lets the debtor sign that the letter arrived: a signed demand
interrupts the limitation period (诉讼时效规定 art. 8(一)).
"""

from __future__ import annotations

from datetime import date

from evidence_kit.errors import NotEligible, refused
from evidence_kit.filings.claim_sheet import amount_row
from evidence_kit.filings.content import Expected, amount_expectations, chinese_date, yuan
from evidence_kit.i18n import _
from evidence_kit.money import format_amount, to_capital
from evidence_kit.notices.document import (
    AmountRow,
    NoticeDocument,
    PreparedNotice,
    empty_document,
    lines,
)
from evidence_kit.notices.facts import (
    KIND_TITLES,
    OBJECTION_DAYS,
    PAY_WITHIN_DAYS,
    DebtOwed,
    Liability,
    NoticeFacts,
    for_acceleration,
    items_text,
    mask_id,
)

LETTER_KINDS = ("reminder", "demand", "acceleration", "lawyer")
LAW_FIRM_MARK = "律师事务所"


def amount_rows(facts: NoticeFacts) -> tuple[AmountRow, ...]:
    b = facts.breakdown
    rows = [("本金", b.principal), ("利息", b.interest), (penalty_label(facts), b.penalty), ("复利", b.compound),
            ("费用", b.fees)]
    if facts.decided is not None:
        rows.append(("加倍部分债务利息", b.late_interest))
    rows.append(("合计", b.total))
    return tuple(amount_row(label, amount) for label, amount in rows)


def penalty_label(facts: NoticeFacts) -> str:
    """罚息 of loans, 违约金 of cards (credit-card-method.md: a card owes 违约金, not 罚息), or both."""
    cards = [d.card for d in facts.debts]
    if not any(cards):
        return "罚息"
    return "违约金" if all(cards) else "罚息、违约金"


def addressee(facts: NoticeFacts) -> str:
    debtor = facts.debtor
    if debtor.is_person:
        return f"{debtor.name}（公民身份号码：{mask_id(debtor.id_number)}）："
    return f"{debtor.name}（统一社会信用代码：{debtor.credit_code}）："


def debts_sentences(facts: NoticeFacts) -> tuple[str, ...]:
    """Several debts: each named with what it owes, in figures and 大写."""
    count = f"以下{len(facts.debts)}笔债务" if len(facts.debts) > 1 else "以下债务"
    if facts.to_guarantor:
        heading = f"借款人{'、'.join(p.name for p in facts.case.borrowers)}在{facts.bank}的{count}逾期未还，您为其提供了保证："
    else:
        heading = f"您在{facts.bank}有{count}逾期未还："
    return (heading, *debt_lines(facts))


def debt_lines(facts: NoticeFacts) -> tuple[str, ...]:
    """"第1项：《借款合同》（编号：…），截至2025年6月30日欠款¥826,144.49（大写：…）；" per debt."""
    day = chinese_date(facts.as_of)
    return tuple(f"第{d.number}项：{d.name}，截至{day}欠款{yuan(d.total)}（大写：{to_capital(d.total)}）；"
                 for d in facts.debts)


_DUTIES = {"joint": "承担连带清偿责任", "general": "承担一般保证责任"}


def liability_sentences(facts: NoticeFacts) -> tuple[str, ...]:
    """To a guarantor of several debts: what it answers for, within which limit, and how much that is at as_of."""
    return tuple(f"{liability_anchor(facts, item)}{yuan(item.liable)}（大写：{to_capital(item.liable)}）。"
                 for item in facts.liabilities)


def liability_anchor(facts: NoticeFacts, item: Liability) -> str:
    """"您作为保证人，对第1项、第2项债务在最高额1,200,000.00元范围内承担连带清偿责任，截至2025年6月30日应承担"."""
    within = f"在最高额{format_amount(item.limit)}元范围内" if item.limit is not None else ""
    return f"您作为保证人，对{item.items}{within}{_DUTIES[item.kind]}，截至{chinese_date(facts.as_of)}应承担"


def loan_sentence(facts: NoticeFacts) -> str:
    loan = facts.case.loan
    role = "借款人" if facts.debtor.role != "guarantor" else "保证人"
    subject = "您" if role == "借款人" else f"您作为保证人所担保的借款人{'、'.join(p.name for p in facts.case.borrowers)}"
    return (f"{subject}于{chinese_date(loan.signed_on)}与{facts.bank}签订《借款合同》（编号：{loan.contract_no}），"
            f"借款本金{yuan(loan.principal)}，借款期限自{chinese_date(loan.disbursed_on)}至{chinese_date(loan.maturity)}。")


def balance_sentence(facts: NoticeFacts) -> str:
    overdue = (f"最早一期欠款自{chinese_date(facts.overdue_since)}起已逾期{facts.overdue_days}天，"
               if facts.overdue_since else "")
    if facts.decided is not None:
        overdue = (f"{facts.decision}确定的履行期限（{chinese_date(facts.decided.basis.performance_due)}）"
                   f"已过{facts.overdue_days}天，" if facts.overdue_since else "")
    return (f"截至{chinese_date(facts.as_of)}，{overdue}尚欠款项合计{yuan(facts.breakdown.total)}"
            f"（大写：{to_capital(facts.breakdown.total)}），构成如下：")


def accrual_sentence(facts: NoticeFacts) -> str:
    if facts.per_day <= 0:
        return ""
    if facts.decided is not None:
        return (f"自{chinese_date(facts.as_of)}次日起至实际清偿之日止，按日万分之一点七五计付迟延履行期间的加倍部分"
                f"债务利息（《中华人民共和国民事诉讼法》第二百六十四条），以当前未履行金额计，每日约"
                f"{format_amount(facts.per_day)}元。")
    if facts.debts:
        which = "上述各项债务" if len(facts.debts) > 1 else "上述债务"
        charges = "利息" if all(d.card for d in facts.debts) else "利息、罚息和复利"
        return (f"自{chinese_date(facts.as_of)}次日起至实际清偿之日止，{which}按合同约定继续计收{charges}，"
                f"以当前欠款计，合计每日约{format_amount(facts.per_day)}元。")
    rate = f"{facts.claim.penalty_rate * 100:.3f}".rstrip("0").rstrip(".")
    parts = [f"罚息每日{format_amount(facts.per_day_penalty)}元"]
    if facts.per_day_compound > 0:
        parts.append(f"复利每日{format_amount(facts.per_day_compound)}元")
    return (f"自{chinese_date(facts.as_of)}次日起至实际清偿之日止，按合同约定以逾期本金及欠付利息为基数、按年利率"
            f"{rate}%继续计收罚息和复利，以当前欠款计，{'、'.join(parts)}，合计每日约{format_amount(facts.per_day)}元。")


def rights(facts: NoticeFacts) -> tuple[str, ...]:
    phone = facts.case.creditor.phone
    return (
        f"如您对上述欠款金额或计算有异议，有权自收到本函之日起{OBJECTION_DAYS}日内，持本函及相关凭证到{facts.bank}"
        f"（地址：{facts.case.creditor.address}）提出书面异议，或致电{phone or '我行客服电话'}说明，我行将核实并书面答复；"
        "异议期间您仍可按上述方式还款，多还部分将予退还或抵扣。",
        "如您因失业、疾病等原因暂时无力足额还款，可与我行协商个性化分期还款方案。",
    )


def payment_lines(facts: NoticeFacts) -> tuple[str, ...]:
    return (
        "请将款项存入合同约定的还款账户，或到我行任一营业网点柜台还款；还款后请保留凭证。",
        "请勿将款项转入任何个人账户或非我行名义的账户，我行工作人员不会要求您向个人账户还款。",
    )


def contact_lines(facts: NoticeFacts) -> tuple[str, ...]:
    creditor = facts.case.creditor
    agent = facts.case.agent
    contact = f"联系人：{agent.name}，电话：{agent.phone}" if agent and agent.phone else ""
    return lines(f"{facts.bank}，地址：{creditor.address}" + (f"，电话：{creditor.phone}" if creditor.phone else ""),
                 contact)


def receipt(facts: NoticeFacts, title: str) -> tuple[str, ...]:
    return ("——————————　回　执　——————————",
            f"本人已收到{facts.bank}于{chinese_date(facts.as_of)}出具的《{title}》（编号：{reference_of(facts, title)}）。",
            "签收人：__________　　签收日期：____年__月__日")


def reference_of(facts: NoticeFacts, kind_title: str) -> str:
    codes = {v: k for k, v in KIND_TITLES.items()}
    return f"{facts.case.case_id}-{codes.get(kind_title, 'notice').upper()}-{facts.as_of:%Y%m%d}"


def guarantee(facts: NoticeFacts) -> str:
    if facts.liabilities:
        return "".join(liability_sentences(facts))
    return "您作为保证人，应按保证合同约定对上述债务承担保证责任。" if facts.to_guarantor else ""


def pay_what(facts: NoticeFacts) -> str:
    """What a demand asks to be paid: everything overdue, or for a guarantor of several debts its share of it."""
    return "在您应承担的范围内清偿上述逾期款项" if facts.liabilities else "清偿上述全部逾期款项"


def accelerated_sentence(facts: NoticeFacts) -> str:
    """Several debts: which loan was declared due on which day; then what the notice leaves out and why."""
    dates: dict[date, list[DebtOwed]] = {}
    for debt in facts.debts:
        assert debt.accelerated_on is not None
        dates.setdefault(debt.accelerated_on, []).append(debt)
    declared = "、".join(f"于{chinese_date(day)}宣布{items_text(found)}" for day, found in dates.items())
    return f"我行已{declared}项下借款全部提前到期，未到期的本金自宣布之日起全部到期应付。" + left_out_sentence(facts)


def left_out_sentence(facts: NoticeFacts) -> str:
    loans = [d for d in facts.left_out if not d.card]
    cards = [d for d in facts.left_out if d.card]
    parts = []
    if loans:
        parts.append(f"{items_text(loans)}未宣布提前到期，不在本通知范围内。")
    if cards:
        named = "、".join(f"{d.item}即{d.name}欠款" for d in cards)
        parts.append(f"{named}，信用卡不适用借款合同的提前到期约定，不在本通知范围内。")
    return "".join(parts)


def decided_reason(facts: NoticeFacts) -> tuple[str, ...]:
    assert facts.decided is not None
    basis = facts.decided.basis
    return (f"{facts.decision}已于{chinese_date(basis.effective_on)}发生法律效力，{facts.defaulter}应于"
            f"{chinese_date(basis.performance_due)}前履行而未履行。{guarantee(facts)}",
            f"请于收到本函之日起{PAY_WITHIN_DAYS}日内履行上述款项；逾期未履行的，我行将依法向人民法院申请强制执行。")


def reason(facts: NoticeFacts, kind: str) -> tuple[str, ...]:
    if facts.decided is not None:
        return decided_reason(facts)
    due = f"请于收到本函之日起{PAY_WITHIN_DAYS}日内"
    if kind == "reminder":
        owed = f"上述款项已逾期未还。{guarantee(facts) if facts.liabilities else ''}"
        return (f"{owed}请您尽快将应还款项存入还款账户，以免继续产生罚息、复利并影响您的个人信用记录。",)
    if kind == "demand":
        return (f"{facts.defaulter}未按合同约定按期足额还款，已构成违约。{guarantee(facts)}根据合同约定，我行特此通知您：",
                f"{due}{pay_what(facts)}。逾期还款记录将依法报送金融信用信息基础数据库。")
    if kind == "acceleration":
        if facts.debts:
            declared = f"根据合同约定，{accelerated_sentence(facts)}"
        else:
            accelerated = facts.case.loan.accelerated_on
            assert accelerated is not None
            declared = (f"根据合同约定，我行已于{chinese_date(accelerated)}宣布上述借款全部提前到期，未到期的本金自该日起"
                        "全部到期应付。")
        whole = "在您应承担的范围内清偿上述欠款" if facts.liabilities else "清偿上述全部欠款"
        return (f"因{facts.defaulter}未按合同约定履行还款义务，已构成违约。{guarantee(facts)}{declared}",
                f"{due}{whole}。逾期未清偿的，我行将依法通过诉讼、申请支付令等方式主张权利，由此产生的诉讼费"
                "等费用按合同约定及法院裁判承担。")
    return ()


def lawyer_paragraphs(facts: NoticeFacts, law_firm: str) -> tuple[str, ...]:
    return (f"{law_firm}接受{facts.bank}（以下简称“委托人”）的委托，就您拖欠委托人借款一事，致函如下：",)


def lawyer_demand(facts: NoticeFacts, law_firm: str) -> tuple[str, ...]:
    liable = ("依法应承担继续履行、支付逾期利息等违约责任" if not facts.to_guarantor
              else "您作为保证人，应按保证合同约定承担保证责任")
    share = ""
    if facts.liabilities:  # a guarantor of several debts: what it answers for, within which limit
        liable, share = guarantee(facts).removesuffix("。"), "在您应承担的范围内"
    return (f"本所律师认为，{facts.defaulter}未按约还款已构成违约，{liable}。请您于收到本函之日起"
            f"{PAY_WITHIN_DAYS}日内{share}向委托人清偿上述欠款，或与委托人协商还款方案。",
            next_step(facts) + "本函仅为告知与催告，不构成对任何事实的承认。")


def next_step(facts: NoticeFacts) -> str:
    if facts.decided is not None:
        return (f"{facts.decision}已经生效。如您逾期仍未履行，本所将建议委托人依法向人民法院申请强制执行，"
                "执行申请费依法由被执行人负担。")
    return ("如您逾期仍未履行，本所将建议委托人依法向有管辖权的人民法院提起诉讼或申请支付令，届时案件受理费等费用"
            "可能依法由您负担。")


def check_letter_kind(facts: NoticeFacts, kind: str, law_firm: str) -> None:
    if kind == "acceleration" and facts.decided is not None:
        raise refused("notice_acceleration_decided",
                      _("the debt is already decided by {number}: declaring the loan due early is moot",
                        number=facts.decided.basis.number), kind=NotEligible, file="case.yaml",
                      column="filings.enforcement",
                      hint=_("send a demand (--kind demand), which asks for performance of the decision"))
    if kind == "acceleration" and not facts.debts and facts.case.loan.accelerated_on is None:
        raise refused("notice_not_accelerated", _("an acceleration notice needs the date the loan was declared due"),
                      kind=NotEligible, file="case.yaml", column="loan.accelerated_on",
                      hint=_("set loan.accelerated_on to the date the bank declares acceleration, per the "
                             "contract"))
    if kind == "lawyer" and LAW_FIRM_MARK not in law_firm:
        raise refused("notice_no_law_firm", _("a 律师函 is written by a law firm: none is named"), kind=NotEligible,
                      file="case.yaml", column="creditor.agent.org",
                      hint=_("pass --law-firm (…律师事务所) or name the firm in creditor.agent.org"))


def build_letter(facts: NoticeFacts, kind: str, *, law_firm: str = "", lawyer: str = "",
                 signed_on: date | None = None) -> PreparedNotice:
    """The letter of ``kind`` to the debtor of ``facts`` (an acceleration notice over several debts covers the loans
    declared due early, :func:`~evidence_kit.notices.facts.for_acceleration`)."""
    if kind == "acceleration":
        facts = for_acceleration(facts)
    check_letter_kind(facts, kind, law_firm)
    title = KIND_TITLES[kind]
    day = chinese_date(signed_on or facts.as_of)
    opening = lines(lawyer_paragraphs(facts, law_firm) if kind == "lawyer" else (),
                    debts_sentences(facts) if facts.debts else loan_sentence(facts), balance_sentence(facts))
    middle = lines(accrual_sentence(facts), lawyer_demand(facts, law_firm) if kind == "lawyer" else reason(facts, kind))
    signers = ((f"{law_firm}（盖章）", f"律师：{lawyer or '__________'}") if kind == "lawyer"
               else (f"{facts.bank}（盖章）",))
    content: NoticeDocument = empty_document(
        title, reference=f"编号：{reference_of(facts, title)}", addressee=addressee(facts), opening=opening,
        amounts=amount_rows(facts), middle=middle,
        closing=lines("【您的权利与异议方式】", rights(facts), "【还款方式】", payment_lines(facts),
                      "【联系方式】", contact_lines(facts)),
        signers=signers, signed_on=day, receipt=receipt(facts, title))
    expected: list[Expected] = [Expected("debtor.name", "", facts.debtor.name)]
    expected += amount_expectations("total", "尚欠款项合计", facts.breakdown.total)
    expected.append(Expected("principal", "本金", yuan(facts.breakdown.principal)))
    expected += debt_expectations(facts)
    return PreparedNotice(f"notice_{kind}", title, content, tuple(expected), data_values(facts, law_firm, lawyer))


def debt_expectations(facts: NoticeFacts) -> list[Expected]:
    """Each debt's total and, to a guarantor, each liability, in figures and 大写 after their own words."""
    expected: list[Expected] = []
    for d in facts.debts:
        expected += amount_expectations(f"debts[{d.number - 1}].total", f"第{d.number}项：{d.name}，截至"
                                        f"{chinese_date(facts.as_of)}欠款", d.total)
    for index, item in enumerate(facts.liabilities):
        expected += amount_expectations(f"liabilities[{index}]", liability_anchor(facts, item), item.liable)
    return expected


def data_values(facts: NoticeFacts, *more: str) -> tuple[str, ...]:
    """The case's names and addresses, which the lint must not judge as wording."""
    case = facts.case
    values = [case.creditor.name, case.creditor.address, case.court, case.loan.contract_no,
              *(d.name for d in facts.debts), *more]
    for party in case.debtors:
        values += [party.name, party.address]
    if case.agent:
        values += [case.agent.name, case.agent.org]
    return tuple(v for v in values if v)
