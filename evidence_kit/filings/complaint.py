"""民事起诉状, the 2025 element style (要素式, 法〔2025〕82号) for 金融借款合同纠纷 or 信用卡纠纷.

What a bank files when the debtor objected to a payment order. Every element box the case
data can fill is filled; the others are left as the official text leaves them (empty, with
their boxes unticked). A ticked box is printed "■", an empty one "□" (both in the embedded
font; "☑" is not).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from evidence_kit.case.model import Party
from evidence_kit.claim.engine import percent_text
from evidence_kit.claim.fees import court_fees
from evidence_kit.filings.content import (
    CardDebt,
    Debt,
    Expected,
    PreparedFiling,
    Sources,
    amount_expectations,
    chinese_date,
    names,
    rate_words,
    signature,
    yuan,
    yuan_capital,
)
from evidence_kit.filings.narrative import (
    cited_expectations,
    continuing_request,
    demand_fact,
    guarantee_pledges,
    liabilities,
    liability_requests,
)
from evidence_kit.money import format_amount

NAME = "complaint"
TITLE = "民事起诉状"
CARD_CAUSE = "信用卡纠纷"
LOAN_CAUSE = "金融借款合同纠纷"
TICKED, EMPTY = "■", "□"
METHOD_BOXES = {
    "equal_installment": "等额本息", "equal_principal": "等额本金", "bullet": "到期一次性还本付息",
    "interest_only": "按月计息、到期一次性还本",
}
BLANK_DATE = "    年    月    日"


@dataclass(frozen=True)
class Element:
    label: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class ElementSection:
    heading: str
    rows: tuple[Element, ...]


@dataclass(frozen=True)
class ElementForm:
    title: str
    subtitle: str
    notes: tuple[str, ...]
    sections: tuple[ElementSection, ...]
    signer: str
    signed_on: str


def box(ticked: bool) -> str:
    return TICKED if ticked else EMPTY


def choice(*options: tuple[str, bool]) -> str:
    """"是■  否□"."""
    return "  ".join(f"{label}{box(ticked)}" for label, ticked in options)


def _e(label: str, *lines: str) -> Element:
    return Element(label, tuple(lines))


def build_complaints(sources: Sources) -> list[PreparedFiling]:
    """The complaint, or two when the case holds loans and cards: the 金融借款合同纠纷 and 信用卡纠纷 element forms
    cannot be one complaint, so each is made over its own debts (``complaint_loan``, ``complaint_card``), with its
    own 诉讼请求, 标的总额 and acceptance fee, its own guarantors and its own read-back."""
    cards = [d for d in sources.debts if isinstance(d, CardDebt)]
    if not cards or len(cards) == len(sources.debts):
        return [build_complaint(sources)]
    loans = [d for d in sources.debts if not isinstance(d, CardDebt)]
    return [replace(build_complaint(part_of(sources, loans)), name=f"{NAME}_loan", title=f"{TITLE}（{LOAN_CAUSE}）",
                    template=NAME),
            replace(build_complaint(part_of(sources, cards)), name=f"{NAME}_card", title=f"{TITLE}（{CARD_CAUSE}）",
                    template=NAME)]


def part_of(sources: Sources, debts: Sequence[Debt | CardDebt]) -> Sources:
    """The sources of one complaint over ``debts``: numbered 第1项… within it, the guarantors answering for any of
    them as the only other defendants, the court fees on their total."""
    case = sources.case
    ids = {d.id for d in debts}
    debtors = tuple(p for p in case.debtors
                    if p.role != "guarantor" or any(a.debt in ids for a in case.liabilities_of(p)))
    view = replace(case, debts=tuple(d for d in case.debts if d.id in ids), debtors=debtors)
    numbered = tuple(replace(d, number=n) for n, d in enumerate(debts, start=1))
    return replace(sources, case=view, debts=numbered,
                   fees=court_fees(sum((d.claim.total for d in numbered), Decimal("0.00"))))


def build_complaint(sources: Sources) -> PreparedFiling:
    """One complaint: 金融借款合同纠纷 over loans; 信用卡纠纷 when every debt is a card (filled from the card
    method) or a version 1 case's cause says so (a case with both is split first, :func:`build_complaints`)."""
    cards = [d for d in sources.debts if isinstance(d, CardDebt)]
    assert not cards or len(cards) == len(sources.debts), "loans and cards reached one complaint"
    case = sources.case
    card = case.cause == CARD_CAUSE or bool(cards)
    requests = _cards_requests(sources, cards) if cards else _card_requests(sources) if card else _requests(sources)
    facts = _cards_facts(sources, cards) if cards else _card_facts(sources) if card else _facts(sources)
    sections = (
        ElementSection("当事人信息", (_organisation("原告（法人、非法人组织）", case.creditor), *_agent(sources),
                                     *(_defendant(d) for d in case.debtors))),
        ElementSection("诉讼请求", tuple(requests)),
        ElementSection("约定管辖和诉前保全", _jurisdiction(sources)),
        ElementSection("事实与理由", tuple(facts)),
        ElementSection("对纠纷解决方式的意愿", (_e("是否考虑先行调解", choice(("是", False), ("否", False),
                                                                      ("暂不确定，想要了解更多内容", False))),)),
    )
    content = ElementForm(
        title=TITLE, subtitle=f"（{CARD_CAUSE if card else LOAN_CAUSE}）",
        notes=("本状依最高人民法院、司法部、中华全国律师协会《民事起诉状（要素式）》示范文本填写；"
               "与本案无关或暂无资料的项目按示范文本原样保留。",),
        sections=sections, signer=signature(sources, "具状人"), signed_on=chinese_date(sources.signed_on),
    )
    texts = [line for section in sections for row in section.rows for line in row.lines]
    return PreparedFiling(NAME, TITLE, content, (*_expected(sources), *cited_expectations(sources, texts)))


# --------------------------------------------------------------------------- parties


def _organisation(label: str, party: Party) -> Element:
    rep = party.representative
    return _e(label, f"名称：{party.name}", f"住所地（主要办事机构所在地）：{party.address}", "注册地 / 登记地：",
              f"法定代表人 / 负责人：{rep.name if rep else ''}    职务：{rep.title if rep else ''}    "
              f"联系电话：{party.phone}", f"统一社会信用代码：{party.credit_code}")


def _person(label: str, party: Party) -> Element:
    born = party.birth_date
    return _e(label, f"姓名：{party.name}", f"性别：{choice(('男', party.gender == '男'), ('女', party.gender == '女'))}",
              f"出生日期：{chinese_date(born) if born else BLANK_DATE}    民族：{party.ethnicity}",
              f"工作单位：    职务：    联系电话：{party.phone}", f"住所地（户籍所在地）：{party.address}",
              "经常居住地：", "证件类型：居民身份证", f"证件号码：{party.id_number}")


def _defendant(party: Party) -> Element:
    if party.is_person:
        return _person("被告（自然人）", party)
    return _organisation("被告（法人、非法人组织）", party)


def _agent(sources: Sources) -> tuple[Element, ...]:
    agent = sources.case.agent
    if agent is None:
        return (_e("委托诉讼代理人", f"有{EMPTY}  无{TICKED}"),)
    return (_e("委托诉讼代理人", f"有{TICKED}", f"姓名：{agent.name}",
               f"单位：{agent.org}    职务：    联系电话：{agent.phone}",
               f"代理权限：一般授权{EMPTY}  特别授权{EMPTY}"),)


# --------------------------------------------------------------------------- requests


def _requests(sources: Sources) -> list[Element]:
    debts = sources.loans
    fee = sources.fees.acceptance
    rows = [
        _e("1. 本金", *(f"{d.contract}项下截至{chinese_date(d.claim.as_of)}止，尚欠本金{yuan_capital(d.claim.principal)}"
                       for d in debts)),
        _e("2. 利息（期内利息、复利、罚息）", *(line for d in debts for line in _interest_lines(d))),
        _e("3. 是否要求提前还款或解除合同", *(_tag(d, debts, _acceleration(d)) for d in debts)),
        _e("4. 是否主张担保权利", _guarantee_claim(sources)),
        _e("5. 是否主张实现债权的费用", *(f"是{TICKED}  明细：{d.contract}项下费用{yuan(d.claim.fees)}" if d.claim.fees
                                       else _tag(d, debts, f"是{EMPTY}  明细：  否{TICKED}") for d in debts)),
        _e("6. 是否主张诉讼费用", f"是{TICKED}（本案诉讼费用由被告负担；案件受理费按标的总额计为{yuan(fee)}）  否{EMPTY}"),
        _e("7. 其他请求", "无"),
        _e("8. 标的总额", f"标的总额{yuan_capital(sources.total)}"),
    ]
    return rows


def _guarantee_claim(sources: Sources) -> str:
    """Each guarantor's liability; in a schema_version 2 case per debt and limit (最高额保证)."""
    guarantors = sources.case.guarantors
    if not guarantors:
        return f"是{EMPTY}  内容：  否{TICKED}"
    if not sources.case.debts:
        return f"是{TICKED}  内容：请求判令{names(guarantors)}对上述债务承担连带清偿责任"
    return f"是{TICKED}  内容：请求判令{'；'.join(liability_requests(sources))}"


def _interest_lines(debt: Debt) -> list[str]:
    c = debt.claim
    return [f"{debt.contract}项下截至{chinese_date(c.as_of)}止，欠利息{yuan(c.interest + c.penalty + c.compound)}、期内利息"
            f"{yuan(c.interest)}、复利{yuan(c.compound)}、罚息（违约金）{yuan(c.penalty)}；计算方式：见欠款计算明细，"
            f"罚息、复利按逾期罚息利率年{percent_text(c.penalty_rate)}计算",
            f"是否请求支付至实际清偿之日止：{choice(('是', True), ('否', False))}"]


def _acceleration(debt: Debt) -> str:
    accelerated = debt.accelerated_on is not None
    return (f"是{box(accelerated)}  提前还款（加速到期）{box(accelerated)} / 解除合同{EMPTY}  否{box(not accelerated)}")


def _jurisdiction(sources: Sources) -> tuple[Element, ...]:
    preservation = sources.case.filings.preservation
    pre = preservation is not None and preservation.stage == "pre_litigation"
    return (
        _e("1. 有无仲裁、法院管辖约定", f"有{EMPTY}  合同条款及内容：", f"无{EMPTY}"),
        _e("2. 是否已经诉前保全",
           f"是{TICKED}  保全法院：{sources.case.court}  保全时间：  保全案号：" if pre else
           f"是{EMPTY}  保全法院：  保全时间：  保全案号：", f"否{box(not pre)}"),
    )


# --------------------------------------------------------------------------- facts


def _facts(sources: Sources) -> list[Element]:
    case = sources.case
    debts = sources.loans
    guarantors = case.guarantors
    overdue = [min((i.due_date for i in d.claim.items), default=None) for d in debts]
    rows = [
        _e("1. 合同签订情况（名称、编号、签订时间、地点等）",
           *(f"{d.contract}，签订时间{chinese_date(d.signed_on)}，签订地点：" for d in debts)),
        _e("2. 合同主体", f"贷款人：{case.creditor.name}", f"借款人：{names(case.borrowers)}"),
        _e("3. 借款金额", *(f"{d.contract}：约定{yuan(d.lent)}；实际发放{yuan(d.lent)}" for d in debts)),
        _e("4. 借款期限", *(line for d in debts for line in (
            _tag(d, debts, f"是否到期：{choice(('是', _due(d, case.as_of)), ('否', not _due(d, case.as_of)))}"),
            f"约定期限：{chinese_date(d.disbursed_on)}起至{chinese_date(d.maturity)}止"))),
        _e("5. 借款利率", *(_tag(d, debts, "") + f"利率{TICKED} {percent_text(d.annual_rate)}/年（合同条款：第    条）  逾期上浮{TICKED} "
                         f"{percent_text(d.penalty_markup)}（合同条款：第    条）  复利{box(d.compound)}（合同条款：第    条）  "
                         f"罚息（违约金）{TICKED} {percent_text(d.claim.penalty_rate)}/年（合同条款：第    条）" for d in debts)),
        _e("6. 借款提供时间", *(_tag(d, debts, f"{chinese_date(d.disbursed_on)}，{yuan(d.lent)}") for d in debts)),
        _e("7. 还款方式", *(_method(d, several=len(debts) > 1) for d in debts)),
        _e("8. 还款情况", *(_tag(d, debts, "") + f"已还本金：{yuan(d.claim.paid('principal'))}；已还利息：{yuan(d.claim.paid('interest'))}，"
                         f"还息至{BLANK_DATE}" for d in debts)),
        _e("9. 是否存在逾期还款", *(_tag(d, debts, f"是{TICKED}  逾期时间：{chinese_date(o)}至今已逾期" if o else f"否{TICKED}")
                                 for d, o in zip(debts, overdue, strict=True))),
        *_security_rows(sources, first=10),
        _e("17. 请求承担责任的依据", f"合同约定：{'、'.join(d.contract for d in debts)}",
           "法律规定：《中华人民共和国民法典》第五百七十七条、第六百六十七条、第六百七十四条、第六百七十五条、第六百七十六条"
           + ("、第六百八十八条" if guarantors else "")),
        _e("18. 其他需要说明的内容", demand_fact(sources, "原告") or "无"),
        _e("19. 证据清单", f"见证据目录（证据1–{len(sources.exhibits)}），证据材料共"
                         f"{max((e.last_page for e in sources.exhibits), default=0)}页"),
    ]
    return rows


def _tag(debt: Debt, debts: Sequence[Debt], text: str) -> str:
    """A per-debt line headed by "第N项债务：" when the complaint claims several debts (unchanged for one)."""
    return f"{debt.item}：{text}" if len(debts) > 1 else text


def _method(debt: Debt, *, several: bool) -> str:
    boxes = "  ".join(f"{label}{box(debt.repayment_method == key)}" for key, label in METHOD_BOXES.items())
    return (f"{debt.contract}：" if several else "") + boxes + f"  其他{EMPTY}"


def _security_rows(sources: Sources, first: int) -> list[Element]:
    """物的担保 … 其他担保方式: the seven security elements both styles share, numbered from ``first``."""
    guarantors = sources.case.guarantors
    kinds = {a.kind for g in guarantors for a in sources.case.liabilities_of(g)}
    rows = [
        ("是否签订物的担保（抵押、质押）合同", (f"是{EMPTY}  签订时间：  否{EMPTY}",)),
        ("担保人、担保物", (f"担保人：{names(guarantors)}", "担保物：")),
        ("是否最高额担保（抵押、质押）", (f"是{EMPTY}  否{EMPTY}", "担保债权的确定时间：", "担保额度：")),
        ("是否办理抵押、质押登记", (f"是{EMPTY}  正式登记{EMPTY}  预告登记{EMPTY}  否{EMPTY}",)),
        ("是否签订保证合同 / 保函", tuple(_guarantee(sources))),
        ("保证方式", (f"一般保证{box('general' in kinds)}  连带责任保证{box('joint' in kinds)}",)),
        ("其他担保方式", (f"是{EMPTY}  形式：  签订时间：  否{EMPTY}",)),
    ]
    return [Element(f"{n}. {label}", lines) for n, (label, lines) in enumerate(rows, start=first)]


def _card_requests(sources: Sources) -> list[Element]:
    """诉讼请求 of the 信用卡纠纷 style: 透支本金, the charges together and itemised, then as for a loan."""
    loan_rows = _requests(sources)
    return [
        _e("1. 透支本金", *(f"截至{chinese_date(d.claim.as_of)}止，{d.contract}项下尚欠本金{yuan_capital(d.claim.principal)}"
                          for d in sources.loans)),
        _e("2. 利息、罚息、复利、滞纳金、违约金、手续费等", *(line for d in sources.loans for line in _card_charges(d))),
        _renumbered(loan_rows[3], 3), _renumbered(loan_rows[4], 4), _renumbered(loan_rows[5], 5),
        _renumbered(loan_rows[6], 6), _renumbered(loan_rows[7], 7),
    ]


def _cards_requests(sources: Sources, cards: Sequence[CardDebt]) -> list[Element]:
    """诉讼请求 of the 信用卡纠纷 style from the card method's claim of each card."""
    loan_rows = _requests(sources)
    return [
        _e("1. 透支本金", *(f"截至{chinese_date(d.claim.as_of)}止，{d.contract}项下尚欠透支本金"
                          f"{yuan_capital(d.claim.principal)}" for d in cards)),
        _e("2. 利息、罚息、复利、滞纳金、违约金、手续费等", *(line for d in cards for line in _card_claim_lines(d))),
        _renumbered(loan_rows[3], 3),
        _e("4. 是否主张实现债权的费用", f"是{EMPTY}  明细：  否{TICKED}"),
        _renumbered(loan_rows[5], 5), _renumbered(loan_rows[6], 6), _renumbered(loan_rows[7], 7),
    ]


def _card_claim_lines(debt: CardDebt) -> list[str]:
    c = debt.claim
    trimmed = (f"以上各项合计已按年利率{percent_text(c.ceiling.rate)}的上限调减{yuan(c.ceiling.excess)}"
               if c.ceiling.rate is not None and c.ceiling.excess > 0 else "")
    return [line for line in (
        f"截至{chinese_date(c.as_of)}止，{debt.contract}项下欠利息、复利、违约金、手续费等共计{yuan(c.charges)}",
        f"明细：利息{yuan(c.interest)}、复利{yuan(c.compound)}、违约金{yuan(c.penalty)}、手续费{yuan(c.fees)}",
        trimmed,
        continuing_request(debt) or "",
        f"是否请求支付至实际清偿之日止：{choice(('是', c.forward.base > 0), ('否', c.forward.base <= 0))}",
    ) if line]


def _cards_facts(sources: Sources, cards: Sequence[CardDebt]) -> list[Element]:
    """事实与理由 of the 信用卡纠纷 style from each card's terms, ledger and claim, and the contact log."""
    case = sources.case
    demands = demand_fact(sources, "原告")
    rows = [
        _e("1. 信用卡办理情况（信用卡卡号、信用卡登记权利人、办卡时间、办卡行等）",
           *(f"信用卡卡号：{d.card.card_masked}，登记权利人{names(case.borrowers)}，办卡时间"
             f"{chinese_date(d.card.agreement_signed_on) if d.card.agreement_signed_on else BLANK_DATE}，"
             f"办卡行{d.card.issuer}" for d in cards)),
        _e("2. 信用卡合约的主要约定", *(line for d in cards for line in (
            f"《{d.card.agreement_title}》：透支金额（信用额度）：{yuan(d.card.credit_limit)}",
            f"利息、罚息、复利、滞纳金、违约金、手续费等的计算标准：透支利息按日利率{d.card.daily_rate.normalize():f}计收"
            + _penalty_terms(d), "违约责任：", "解除条件："))),
        _e("3. 是否就信用卡合约主要条款进行提示注意", f"是{EMPTY}  提示说明的具体方式以及时间地点：  否{EMPTY}"),
        _e("4. 被告逾期部分已还金额", *(f"{d.contract}：{yuan(_card_paid_since_overdue(sources, d))}" for d in cards)),
        _e("5. 被告逾期未还款金额", *(line for d in cards for line in (
            f"逾期时间：{chinese_date(d.card.first_overdue_date)}",
            f"截至{chinese_date(d.claim.as_of)}，被告{names(case.borrowers)}欠付{d.contract}透支本金"
            f"{yuan(d.claim.principal)}、利息{yuan(d.claim.interest)}、罚息    元、复利{yuan(d.claim.compound)}、"
            f"滞纳金    元、违约金{yuan(d.claim.penalty)}、手续费{yuan(d.claim.fees)}"))),
        _e("6. 是否向被告进行通知和催收", f"是{TICKED}  具体情况：{demands}" if demands else f"是{EMPTY}  具体情况：  否{TICKED}"),
        *_security_rows(sources, first=7),
        _e("14. 请求承担责任的依据", f"合同约定：{'、'.join(f'《{d.card.agreement_title}》' for d in cards)}",
           "法律规定：《中华人民共和国民法典》第五百零九条、第五百七十七条、第五百八十五条"
           + ("、第六百八十八条" if case.guarantors else "")),
        _e("15. 其他需要说明的内容", "无"),
        _e("16. 证据清单", f"见证据目录（证据1–{len(sources.exhibits)}），证据材料共"
                         f"{max((e.last_page for e in sources.exhibits), default=0)}页"),
    ]
    return rows


def _penalty_terms(debt: CardDebt) -> str:
    card = debt.card
    if card.penalty_rate is None:
        return ""
    bounds = "".join(part for part in (f"，最低{yuan(card.penalty_min)}" if card.penalty_min is not None else "",
                                       f"，最高{yuan(card.penalty_max)}" if card.penalty_max is not None else ""))
    return f"；违约金按最低还款额未还部分的{percent_text(card.penalty_rate)}收取{bounds}"


def _card_paid_since_overdue(sources: Sources, debt: CardDebt) -> Decimal:
    """Money the ledger shows paid on the card since its first overdue day."""
    payments = sources.case.debt(debt.id).payments
    return sum((p.amount for p in payments if p.date >= debt.card.first_overdue_date), Decimal("0.00"))


def _renumbered(row: Element, number: int) -> Element:
    return Element(f"{number}. {row.label.split('. ', 1)[1]}", row.lines)


def _card_charges(debt: Debt) -> list[str]:
    c = debt.claim
    after = chinese_date(c.as_of + timedelta(days=1))
    return [f"截至{chinese_date(c.as_of)}止，欠利息、罚息、复利、滞纳金、违约金、手续费等共计"
            f"{yuan(c.interest + c.penalty + c.compound + c.fees)}",
            f"自{after}起的利息、罚息、复利、滞纳金、违约金以及手续费等各项费用按照信用卡领用协议计算至实际清偿之日止",
            f"明细：利息{yuan(c.interest)}、罚息{yuan(c.penalty)}、复利{yuan(c.compound)}、手续费等费用{yuan(c.fees)}"]


def _card_facts(sources: Sources) -> list[Element]:
    """事实与理由 of the 信用卡纠纷 style, from the debt's agreement, claim and contact log."""
    case = sources.case
    debts = sources.loans
    demands = demand_fact(sources, "原告")
    rows = [
        _e("1. 信用卡办理情况（信用卡卡号、信用卡登记权利人、办卡时间、办卡行等）",
           *(f"{d.contract}，办卡时间{chinese_date(d.signed_on)}，登记权利人{names(case.borrowers)}，"
             f"办卡行{case.creditor.name}，信用卡卡号：" for d in debts)),
        _e("2. 信用卡合约的主要约定", *(line for d in debts for line in (
            f"透支金额：{yuan(d.lent)}",
            f"利息、罚息、复利、滞纳金、违约金、手续费等的计算标准：{rate_words(d.annual_rate)}，逾期按年"
            f"{percent_text(d.claim.penalty_rate)}计收罚息" + ("、复利" if d.compound else ""),
            "违约责任：", "解除条件："))),
        _e("3. 是否就信用卡合约主要条款进行提示注意", f"是{EMPTY}  提示说明的具体方式以及时间地点：  否{EMPTY}"),
        _e("4. 被告逾期部分已还金额", *(yuan(_paid_since_overdue(d)) for d in debts)),
        _e("5. 被告逾期未还款金额", *(line for d in debts for line in _card_overdue(sources, d))),
        _e("6. 是否向被告进行通知和催收", f"是{TICKED}  具体情况：{demands}" if demands else f"是{EMPTY}  具体情况：  否{TICKED}"),
        *_security_rows(sources, first=7),
        _e("14. 请求承担责任的依据", f"合同约定：{'、'.join(d.contract for d in debts)}",
           "法律规定：《中华人民共和国民法典》第五百七十七条、第六百六十七条、第六百七十四条、第六百七十六条"
           + ("、第六百八十八条" if case.guarantors else "")),
        _e("15. 其他需要说明的内容", "无"),
        _e("16. 证据清单", f"见证据目录（证据1–{len(sources.exhibits)}），证据材料共"
                         f"{max((e.last_page for e in sources.exhibits), default=0)}页"),
    ]
    return rows


def _first_overdue(debt: Debt) -> date | None:
    return min((item.due_date for item in debt.claim.items), default=None)


def _paid_since_overdue(debt: Debt) -> Decimal:
    overdue = _first_overdue(debt)
    if overdue is None:
        return Decimal("0.00")
    return debt.claim.allocations.total(since=overdue)


def _card_overdue(sources: Sources, debt: Debt) -> list[str]:
    c = debt.claim
    overdue = _first_overdue(debt)
    return [f"逾期时间：{chinese_date(overdue) if overdue else ''}",
            f"截至{chinese_date(c.as_of)}，被告{names(sources.case.borrowers)}欠付信用卡本金{yuan(c.principal)}、"
            f"利息{yuan(c.interest)}、罚息{yuan(c.penalty)}、复利{yuan(c.compound)}、滞纳金    元、违约金    元、"
            f"手续费{yuan(c.fees)}"]


def _due(debt: Debt, as_of: date) -> bool:
    return debt.accelerated_on is not None or debt.maturity <= as_of


def _guarantee(sources: Sources) -> Sequence[str]:
    guarantors = sources.case.guarantors
    if not guarantors:
        return (f"是{EMPTY}  签订时间：  保证人：", "主要内容：", f"否{TICKED}")
    terms = "；".join(guarantee_pledges(sources)) if sources.case.debts else "为上述借款提供连带责任保证"
    return (f"是{TICKED}  签订时间：  保证人：{names(guarantors)}", f"主要内容：{terms}", f"否{EMPTY}")


def _expected(sources: Sources) -> list[Expected]:
    expected = [Expected("原告.name", "名称：", sources.case.creditor.name),
                Expected("原告.credit_code", "统一社会信用代码：", sources.case.creditor.credit_code)]
    for index, debtor in enumerate(sources.case.debtors):
        if debtor.is_person:
            expected += [Expected(f"被告[{index}].name", "姓名：", debtor.name),
                         Expected(f"被告[{index}].id_number", "证件号码：", debtor.id_number)]
        else:
            expected.append(Expected(f"被告[{index}].credit_code", "统一社会信用代码：", debtor.credit_code))
    for index, debt in enumerate(sources.debts):
        anchor = "尚欠透支本金" if isinstance(debt, CardDebt) else "尚欠本金"
        expected += amount_expectations(f"debts[{index}].principal", anchor, debt.claim.principal)
    expected += amount_expectations("total", "标的总额", sources.total)
    for guarantor in sources.case.guarantors if sources.case.debts else ():
        expected += [Expected(f"{guarantor.name}.limit", f"{guarantor.name}对{items}在最高额保证", f"{format_amount(limit)}元")
                     for items, _, limit in liabilities(sources, guarantor) if limit]
    return expected
