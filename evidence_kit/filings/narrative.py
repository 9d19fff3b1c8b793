"""The facts every debt filing tells, one sentence builder per fact, each citing its exhibits.

Contract, disbursement, default, acceleration, guarantee and the demands made (from the
contact log) — per debt, for every debt of the case. Each sentence cites the exhibits
that prove it by number and bundle page: "（证据3，第10–11页）".
"""

from __future__ import annotations

from datetime import timedelta

from evidence_kit.case.model import CHANNEL_NAMES, Contact
from evidence_kit.claim.engine import percent_text
from evidence_kit.filings.content import (
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


def contract_exhibits(sources: Sources, debt: Debt) -> list[CitedExhibit]:
    return cite(sources, debt.contract_no) or cite(sources, "借款合同")


def contract_fact(sources: Sources, debt: Debt) -> str:
    loan = sources.case.loan
    markup = f"逾期罚息利率在合同利率基础上上浮{percent_text(loan.penalty_markup).removesuffix('.00%')}%" \
        if loan.penalty_markup else "逾期按合同约定计收罚息"
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
    return f"{names(guarantors)}为上述债务提供连带责任保证{citation(proof)}。"


def debt_facts(sources: Sources, *, guarantee: bool) -> list[str]:
    """Contract, disbursement, acceleration and default of every debt; then guarantee and demands."""
    facts = []
    for debt in sources.debts:
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
    for index, debt in enumerate(sources.debts):
        claim = debt.claim
        parts = [("借款本金", claim.principal), ("利息", claim.interest), ("罚息", claim.penalty),
                 ("复利", claim.compound), ("费用", claim.fees)]
        shown = [(label, amount) for label, amount in parts if amount or label == "借款本金"]
        items = "、".join(f"{label}{yuan_capital(amount)}" for label, amount in shown)
        requests.append(f"{respondents}向申请人支付{debt.contract}项下截至{chinese_date(claim.as_of)}的欠款"
                        f"{yuan_capital(claim.total)}，其中{items}")
        expected += amount_expectations(f"debts[{index}].total", "的欠款", claim.total)
        for label, amount in shown:
            expected += amount_expectations(f"debts[{index}].{label}", label, amount)
    if len(sources.debts) > 1:
        requests.append(f"以上合计{yuan_capital(sources.total)}")
        expected += amount_expectations("total", "以上合计", sources.total)
    return requests, expected


def continuing_request(debt: Debt) -> str:
    """Penalty (and compound) interest running on after as_of "至实际清偿之日止" (empty when nothing runs on)."""
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
    return f"{debt.contract}项下自{start}起至实际清偿之日止，" + "；".join(parts)
