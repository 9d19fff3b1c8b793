"""The facts every debt filing tells, one sentence builder per fact, each citing its exhibits.

Contract, disbursement, default, acceleration, guarantee and the demands made (from the
contact log) — per debt, for every debt of the case. Each sentence cites the exhibits
that prove it by number and bundle page: "（证据3，第10–11页）".
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from evidence_kit.case.model import CHANNEL_NAMES, Contact, Party
from evidence_kit.claim.engine import percent_text
from evidence_kit.filings.content import (
    CardDebt,
    CitedExhibit,
    Debt,
    Expected,
    Sources,
    amount_expectations,
    chinese_date,
    citation,
    citation_expectations,
    cite,
    names,
    rate_words,
    yuan,
    yuan_capital,
)
from evidence_kit.money import format_amount


def contract_exhibits(sources: Sources, debt: Debt) -> list[CitedExhibit]:
    return cite(sources, debt.contract_no) or cite(sources, "借款合同")


def contract_fact(sources: Sources, debt: Debt) -> str:
    markup = f"逾期罚息利率在合同利率基础上上浮{percent_text(debt.penalty_markup).removesuffix('.00%')}%" \
        if debt.penalty_markup else "逾期按合同约定计收罚息"
    compound = "，对未按期支付的利息计收复利" if debt.compound else ""
    return (f"{chinese_date(debt.signed_on)}，申请人与{names(sources.case.borrowers)}签订{debt.contract}，"
            f"约定申请人提供借款{yuan(debt.lent)}，期限自{chinese_date(debt.disbursed_on)}至"
            f"{chinese_date(debt.maturity)}，{rate_words(debt.annual_rate)}，{markup}{compound}"
            f"{citation(contract_exhibits(sources, debt))}。")


def disbursement_fact(sources: Sources, debt: Debt) -> str:
    proof = cite(sources, "借据", "放款")
    return f"申请人已于{chinese_date(debt.disbursed_on)}依约发放借款{yuan(debt.lent)}{citation(proof)}。"


def default_fact(sources: Sources, debt: Debt) -> str:
    claim = debt.claim
    overdue = min((item.due_date for item in claim.items), default=None)
    since = f"自{chinese_date(overdue)}起" if overdue else ""
    ledger = cite(sources, files=[p.loc.file for p in sources.case.payments[:1]])
    return (f"{names(sources.case.borrowers)}{since}未按约定按期足额还款，截至{chinese_date(claim.as_of)}，"
            f"{debt.contract}项下尚欠{_owed_parts(debt)}，合计{yuan(claim.total)}{citation(ledger)}。")


def _owed_parts(debt: Debt) -> str:
    claim = debt.claim
    parts = [("借款本金", claim.principal), ("利息", claim.interest), ("罚息", claim.penalty),
             ("复利", claim.compound), ("费用", claim.fees)]
    return "、".join(f"{label}{yuan(amount)}" for label, amount in parts if amount or label == "借款本金")


def acceleration_fact(sources: Sources, debt: Debt) -> str:
    if debt.accelerated_on is None:
        return ""
    proof = cite(sources, "提前到期")
    return f"申请人已于{chinese_date(debt.accelerated_on)}依约宣布{debt.contract}项下借款全部提前到期{citation(proof)}。"


def demand_fact(sources: Sources, creditor: str = "申请人") -> str:
    """The demands made, from the contact log: how many reached the debtor, by which channels, when.

    ``creditor`` is how the filing calls the bank (申请人, 原告).
    """
    reached = [c for c in sources.case.contacts if c.reached]
    if not reached:
        return ""
    channels = "、".join(dict.fromkeys(CHANNEL_NAMES[c.channel] for c in reached))
    proof = cite(sources, "催收", files=[*_contact_files(reached), *(c.loc.file for c in reached[:1])])
    return (f"自{chinese_date(reached[0].time.date())}至{chinese_date(reached[-1].time.date())}，{creditor}通过{channels}"
            f"等方式向债务人催收{len(reached)}次，债务人至今未清偿{citation(proof)}。")


def _contact_files(contacts: list[Contact]) -> list[str]:
    return [c.evidence for c in contacts if c.evidence]


def guarantee_fact(sources: Sources) -> str:
    guarantors = sources.case.guarantors
    if not guarantors:
        return ""
    proof = cite(sources, "保证合同", "保证书")
    if not sources.case.debts:
        return f"{names(guarantors)}为上述债务提供连带责任保证{citation(proof)}。"
    pledges = guarantee_pledges(sources)
    return f"{'；'.join(pledges)}{citation(proof)}。" if pledges else ""


def guarantee_pledges(sources: Sources) -> list[str]:
    """Per guarantor and terms: "X为第1项、第2项债务提供连带责任保证（最高额保证，担保限额¥1,200,000.00）"."""
    return [f"{g.name}为{items}提供{_GUARANTEE_KINDS[kind]}" + (f"（最高额保证，担保限额{yuan(limit)}）" if limit else "")
            for g in sources.case.guarantors for items, kind, limit in liabilities(sources, g)]


_GUARANTEE_KINDS = {"joint": "连带责任保证", "general": "一般保证"}
_LIABILITY_WORDS = {"joint": "承担连带清偿责任", "general": "承担一般保证责任"}


def liabilities(sources: Sources, party: Party) -> list[tuple[str, str, Decimal | None]]:
    """What ``party`` answers for, grouped by its terms: ("第1项、第2项债务", kind, limit), in debt order."""
    numbers = {d.id: d.number for d in sources.debts}
    groups: dict[tuple[str, Decimal | None], list[int]] = {}
    for answer in sources.case.liabilities_of(party):
        if answer.debt in numbers:
            groups.setdefault((answer.kind, answer.limit), []).append(numbers[answer.debt])
    return [("、".join(f"第{n}项" for n in sorted(found)) + "债务", kind, limit)
            for (kind, limit), found in groups.items()]


def liability_requests(sources: Sources) -> list[str]:
    """Per guarantor and terms: "黄志明对第1项、第2项债务在最高额保证1,200,000.00元范围内承担连带清偿责任"."""
    return [f"{g.name}对{items}" + (f"在最高额保证{format_amount(limit)}元范围内" if limit else "")
            + _LIABILITY_WORDS[kind] for g in sources.case.guarantors for items, kind, limit in liabilities(sources, g)]


def card_parts(debt: CardDebt) -> list[tuple[str, Decimal]]:
    """A card's amounts as the card method names them (透支本金 always, the others when not zero)."""
    c = debt.claim
    parts = [("透支本金", c.principal), ("利息", c.interest), ("违约金", c.penalty), ("复利", c.compound),
             ("手续费", c.fees)]
    return [(label, amount) for label, amount in parts if amount or label == "透支本金"]


def card_agreement_fact(sources: Sources, debt: CardDebt) -> str:
    card = debt.card
    signed = f"{chinese_date(card.agreement_signed_on)}，" if card.agreement_signed_on else ""
    proof = cite(sources, card.card_masked[-4:], "领用", "信用卡")
    return (f"{signed}{names(sources.case.borrowers)}向申请人申领{debt.contract}，签订《{card.agreement_title}》，"
            f"信用额度{yuan(card.credit_limit)}，约定透支利息按日利率{card.daily_rate.normalize():f}计收"
            f"{citation(proof)}。")


def card_default_fact(sources: Sources, debt: CardDebt) -> str:
    c = debt.claim
    owed = "、".join(f"{label}{yuan(amount)}" for label, amount in card_parts(debt))
    ledger = cite(sources, files=[p.loc.file for p in sources.case.debt(debt.id).payments[:1]])
    trimmed = ("（利息、复利、违约金、手续费合计已按年利率"
               f"{percent_text(c.ceiling.rate)}的上限调减{yuan(c.ceiling.excess)}）"
               if c.ceiling.rate is not None and c.ceiling.excess > 0 else "")
    accelerated = (f"申请人已于{chinese_date(debt.card.accelerated_on)}宣布该卡全部欠款提前到期。"
                   if debt.card.accelerated_on else "")
    return (f"{names(sources.case.borrowers)}自{chinese_date(debt.card.first_overdue_date)}起未按约定按期还款，"
            f"{accelerated}截至{chinese_date(c.as_of)}，{debt.contract}项下尚欠{owed}，合计{yuan(c.total)}{trimmed}"
            f"{citation(ledger)}。")


def debt_facts(sources: Sources, *, guarantee: bool) -> list[str]:
    """Contract, disbursement, acceleration and default of every debt; then guarantee and demands."""
    facts = []
    for debt in sources.debts:
        if isinstance(debt, CardDebt):
            facts += [card_agreement_fact(sources, debt), card_default_fact(sources, debt)]
            continue
        facts += [contract_fact(sources, debt), disbursement_fact(sources, debt), acceleration_fact(sources, debt),
                  default_fact(sources, debt)]
    facts += [guarantee_fact(sources) if guarantee else "", demand_fact(sources)]
    return [f for f in facts if f]


def cited_expectations(sources: Sources, texts: list[str]) -> list[Expected]:
    """Every exhibit cited in ``texts`` must show the bundle pages the manifest lists."""
    joined = "".join(texts)
    return citation_expectations([e for e in sources.exhibits if f"证据{e.no}，" in joined])


def due_requests(sources: Sources, respondents: str) -> tuple[list[str], list[Expected]]:
    """One request per debt (each amount in figures and 大写), then the total when there are several."""
    requests, expected = [], []
    several = len(sources.debts) > 1
    for index, debt in enumerate(sources.debts):
        claim = debt.claim
        if isinstance(debt, CardDebt):
            shown = card_parts(debt)
        else:
            parts = [("借款本金", claim.principal), ("利息", claim.interest), ("罚息", claim.penalty),
                     ("复利", claim.compound), ("费用", claim.fees)]
            shown = [(label, amount) for label, amount in parts if amount or label == "借款本金"]
        items = "、".join(f"{label}{yuan_capital(amount)}" for label, amount in shown)
        owed = f"{debt.item}" if several else ""
        anchor = f"{owed}{debt.contract}项下截至{chinese_date(claim.as_of)}的欠款"
        requests.append(f"{respondents}向申请人支付{anchor}{yuan_capital(claim.total)}，其中{items}")
        expected += amount_expectations(f"debts[{index}].total", anchor, claim.total)
        for label, amount in shown:
            expected += amount_expectations(f"debts[{index}].{label}", label, amount)
    if len(sources.debts) > 1:
        requests.append(f"以上合计{yuan_capital(sources.total)}")
        expected += amount_expectations("total", "以上合计", sources.total)
    return requests, expected


_FORWARD_BASES = {"principal": "未还透支本金", "principal_plus_interest": "未还透支本金及利息",
                  "whole_balance": "全部欠款"}
"""What the card's interest after as_of runs on (options.post_cutoff_base, credit-card-method.md §9)."""


def continuing_request(debt: Debt | CardDebt, *, several: bool = False) -> str:
    """Penalty (and compound) interest running on after as_of "至实际清偿之日止" (empty when nothing runs on).

    For a card, the card method's forward interest (credit-card-method.md §4.4).
    """
    item = debt.item if several else ""
    if isinstance(debt, CardDebt):
        forward = debt.claim.forward
        if forward.base <= 0:
            return ""
        rate = (f"按日利率{forward.daily_rate.normalize():f}" if forward.daily_rate is not None
                else f"按年利率{percent_text(forward.annual_rate)}")
        base = _FORWARD_BASES[debt.card.options.post_cutoff_base]
        return (f"{item}{debt.contract}项下自{chinese_date(forward.start)}起，以{base}{yuan(forward.base)}为基数"
                f"{rate}计收利息至实际清偿之日止")
    claim = debt.claim
    start = chinese_date(claim.as_of + timedelta(days=1))
    rate = f"按合同约定的逾期罚息利率年{percent_text(claim.penalty_rate)}"
    parts = []
    if claim.principal:
        parts.append(f"以未还借款本金{yuan(claim.principal)}为基数，{rate}计收罚息")
    if debt.compound and claim.interest:
        parts.append(f"以未付利息{yuan(claim.interest)}为基数，{rate}计收复利")
    if not parts:
        return ""
    return f"{item}{debt.contract}项下自{start}起至实际清偿之日止，" + "；".join(parts)
