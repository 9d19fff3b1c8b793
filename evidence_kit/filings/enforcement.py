"""强制执行申请书 (MPL 2023 art. 247; SPC 2016 style, 2025 element text No. 59).

执行标的: what the basis awarded, less what was paid since, plus 加倍部分债务利息 (MPL art.
264) computed to ``as_of`` and continuing until performance. 财产线索 (the element text's
"其他财产线索" box): ``filings.enforcement.property_clues``, else the assets named for preservation.

A schema_version 2 case whose debts were decided by different judgments (``bases``) gets one
application listing each decision: the debts it decided (第N项债务 and its contract or card),
the debtors it binds, what it awarded and what is left, its doubled interest, then the total.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from evidence_kit.case.model import Asset, Case, EnforcementRequest, Filings, Party
from evidence_kit.claim.enforcement import EnforcementFigures, enforcement_figures
from evidence_kit.filings.content import (
    Application,
    Expected,
    PreparedFiling,
    Sources,
    agent_block,
    amount_expectations,
    chinese_date,
    citation,
    cite,
    names,
    numbered,
    party_block,
    party_expectations,
    signature,
    yuan,
    yuan_capital,
)
from evidence_kit.filings.narrative import cited_expectations

NAME = "enforcement"
TITLE = "强制执行申请书"
BASIS_WORDS = {
    "judgment": "民事判决书", "mediation": "民事调解书", "payment_order": "支付令",
    "notarized_debt": "赋予强制执行效力的公证债权文书", "arbitral_award": "仲裁裁决书",
}


def outstanding(request: EnforcementRequest) -> Decimal:
    """Awarded money not yet paid (before the doubled interest)."""
    return max(Decimal("0.00"), request.basis.awarded.total - request.paid_since)


def build_enforcement_filing(sources: Sources, filings: Filings) -> PreparedFiling:
    """The application: of the one basis, or listing each of the ``bases``."""
    if filings.enforcement_bases:
        return build_enforcement_by_debt(sources, filings.enforcement_bases)
    assert filings.enforcement is not None
    return build_enforcement(sources, filings.enforcement)


def build_enforcement(sources: Sources, request: EnforcementRequest) -> PreparedFiling:
    case = sources.case
    basis = request.basis
    figures = enforcement_figures(request, case.as_of)
    who = names(case.debtors)
    document = f"{basis.issued_by}{basis.number}{BASIS_WORDS[basis.kind]}"
    owed = outstanding(request)
    total = owed + figures.late_interest
    requests = [f"请求强制执行{document}确定的给付义务：被执行人{who}向申请执行人支付{_awarded_parts(request)}",
                f"扣除被执行人已履行的{yuan(request.paid_since)}，尚欠{yuan_capital(owed)}",
                _late_interest_request(figures),
                f"以上执行标的合计{yuan_capital(total)}",
                "本案申请执行费由被执行人负担"]
    expected: list[Expected] = [*amount_expectations("enforcement.outstanding", "尚欠", owed),
                                *amount_expectations("enforcement.late_interest", "加倍部分债务利息", figures.late_interest),
                                *amount_expectations("enforcement.total", "执行标的合计", total)]
    facts = _facts(sources, request, document)
    content = Application(
        title=TITLE,
        parties=(party_block("申请执行人", case.creditor), *agent_block(case),
                 *(party_block("被执行人", d) for d in case.debtors)),
        requests_heading="请求事项",
        requests=numbered(requests),
        facts_heading="事实与理由",
        facts=tuple(facts),
        court=case.court,
        attachments=_attachments(sources, document),
        signer=signature(sources, "申请执行人"),
        signed_on=chinese_date(sources.signed_on),
    )
    expected += party_expectations(NAME, "申请执行人", [case.creditor])
    expected += party_expectations(NAME, "被执行人", case.debtors)
    expected += cited_expectations(sources, facts)
    expected += _clue_expectations(sources, request)
    return PreparedFiling(NAME, TITLE, content, tuple(expected))


def _awarded_parts(request: EnforcementRequest) -> str:
    a = request.basis.awarded
    parts = [("借款本金", a.principal), ("利息", a.interest), ("罚息", a.penalty), ("复利", a.compound),
             ("实现债权的费用", a.fees), ("案件受理费等诉讼费用", a.costs)]
    shown = "、".join(f"{label}{yuan(amount)}" for label, amount in parts if amount)
    return f"{shown}，共计{yuan(a.total)}"


def _late_interest_request(figures: EnforcementFigures, who: str = "被执行人") -> str:
    return (f"{who}支付迟延履行期间的加倍部分债务利息{yuan_capital(figures.late_interest)}（以未履行的非利息金钱债务"
            f"{yuan(figures.base)}为基数，按日万分之一点七五，自{chinese_date(figures.performance_due)}起暂计至"
            f"{chinese_date(figures.as_of)}共{figures.days}天），并继续计付至实际履行之日止")


def _facts(sources: Sources, request: EnforcementRequest, document: str) -> list[str]:
    case = sources.case
    basis = request.basis
    proof = cite(sources, BASIS_WORDS[basis.kind], "生效")
    paid = (f"被执行人仅履行了{yuan(request.paid_since)}，" if request.paid_since else "被执行人分文未付，")
    return [
        f"申请执行人{case.creditor.name}与被执行人{names(case.debtors)}{case.cause}一案，{document}已于"
        f"{chinese_date(basis.effective_on)}发生法律效力{citation(proof)}，履行期限已于{chinese_date(basis.performance_due)}届满。"
        f"{paid}未全部履行生效法律文书确定的给付义务。",
        _property_clues(sources, request),
        "依据《中华人民共和国民事诉讼法》第二百四十七条、第二百五十条、第二百六十四条之规定，特向你院申请强制执行。",
    ]


def property_clues(case: Case, request: EnforcementRequest) -> tuple[tuple[str, Asset], ...]:
    """The 财产线索 the application states, each with the case.yaml key it comes from: ``property_clues``, else
    the assets named for preservation (``filings.preservation.assets``), else none."""
    if request.property_clues:
        return tuple((f"enforcement.property_clues[{n}]", a) for n, a in enumerate(request.property_clues))
    preservation = case.filings.preservation
    assets = preservation.assets if preservation is not None else ()
    return tuple((f"preservation.assets[{n}]", a) for n, a in enumerate(assets))


def _property_clues(sources: Sources, request: EnforcementRequest) -> str:
    clues = property_clues(sources.case, request)
    if not clues:
        return "申请执行人目前掌握的被执行人财产线索有限，请求你院通过网络执行查控系统查询、控制被执行人名下的财产。"
    return f"被执行人的财产线索：{'；'.join(_clue(a, explicit=bool(request.property_clues)) for _, a in clues)}。"


def _clue(asset: Asset, *, explicit: bool) -> str:
    """"银行存款：…", with the estimated value of a clue given as such (a preservation asset's value is the amount
    to be frozen, not the clue's worth, and is left out)."""
    value = f"，价值约{yuan(asset.value)}" if explicit and asset.value is not None else ""
    return f"{asset.kind}：{asset.description}{value}"


def _clue_expectations(sources: Sources, request: EnforcementRequest) -> list[Expected]:
    """Each clue's description after its kind, and a stated value after its description."""
    expected = []
    for field, asset in property_clues(sources.case, request):
        expected.append(Expected(field, f"{asset.kind}：", asset.description))
        if request.property_clues and asset.value is not None:
            expected.append(Expected(f"{field}.value", f"{asset.description}，价值约", yuan(asset.value)))
    return expected


def _attachments(sources: Sources, *documents: str) -> tuple[str, ...]:
    items = [*(f"{document}副本及生效证明" for document in documents), "申请执行人营业执照副本复印件及负责人身份证明书",
             f"证据材料一套（bundle.pdf，共{max((e.last_page for e in sources.exhibits), default=0)}页）"]
    if sources.case.agent is not None:
        items.append("授权委托书")
    return tuple(f"{n}．{item}" for n, item in enumerate(items, start=1))


# --------------------------------------------------------------------------- a decision per debt (bases)


def build_enforcement_by_debt(sources: Sources, requests: Sequence[EnforcementRequest]) -> PreparedFiling:
    """One application over several decisions, each naming the debts it decided."""
    case = sources.case
    bound = _respondents(case, requests)
    wording, expected, total = [], [], Decimal("0.00")
    for number, request in enumerate(requests, start=1):
        figures = enforcement_figures(request, case.as_of)
        document, owed = _document(request), outstanding(request)
        bound_here = names(_bound_by(case, request))
        wording += [f"请求强制执行{document}就{_debt_words(sources, request)}确定的给付义务："
                    f"被执行人{bound_here}向申请执行人支付{_awarded_parts(request)}；"
                    f"{_paid_words(request)}，尚欠{yuan_capital(owed)}",
                    _late_interest_request(figures, f"就{document}，被执行人{bound_here}")]
        expected += [*amount_expectations(f"enforcement.bases[{number}].outstanding", "尚欠", owed),
                     *amount_expectations(f"enforcement.bases[{number}].late_interest", "加倍部分债务利息",
                                          figures.late_interest)]
        total += owed + figures.late_interest
    wording += [f"以上执行标的合计{yuan_capital(total)}", "本案申请执行费由被执行人负担"]
    expected += amount_expectations("enforcement.total", "执行标的合计", total)
    facts = _facts_by_debt(sources, requests, bound)
    content = Application(
        title=TITLE,
        parties=(party_block("申请执行人", case.creditor), *agent_block(case),
                 *(party_block("被执行人", d) for d in bound)),
        requests_heading="请求事项",
        requests=numbered(wording),
        facts_heading="事实与理由",
        facts=tuple(facts),
        court=case.court,
        attachments=_attachments(sources, *(_document(r) for r in requests)),
        signer=signature(sources, "申请执行人"),
        signed_on=chinese_date(sources.signed_on),
    )
    expected += party_expectations(NAME, "申请执行人", [case.creditor])
    expected += party_expectations(NAME, "被执行人", bound)
    expected += cited_expectations(sources, facts)
    return PreparedFiling(NAME, TITLE, content, tuple(expected))


def _paid_words(request: EnforcementRequest) -> str:
    return f"扣除已履行的{yuan(request.paid_since)}" if request.paid_since else "被执行人分文未付"


def _document(request: EnforcementRequest) -> str:
    basis = request.basis
    return f"{basis.issued_by}{basis.number}{BASIS_WORDS[basis.kind]}"


def _debt_words(sources: Sources, request: EnforcementRequest) -> str:
    """"第1项债务（《个人借款合同》（编号：…））、第2项债务（…信用卡（卡号：…））"."""
    named = {d.id: f"{d.item}（{d.contract}）" for d in sources.debts}
    return "、".join(named.get(debt, debt) for debt in request.basis.debts)


def _bound_by(case: Case, request: EnforcementRequest) -> tuple[Party, ...]:
    """The debtors a decision binds: those answering for any debt it decided, in case order."""
    ids = {id(p) for debt in request.basis.debts for p, _ in case.debtors_of(debt)}
    return tuple(p for p in case.debtors if id(p) in ids)


def _respondents(case: Case, requests: Sequence[EnforcementRequest]) -> tuple[Party, ...]:
    ids = {id(p) for r in requests for p in _bound_by(case, r)}
    return tuple(p for p in case.debtors if id(p) in ids)


def _facts_by_debt(sources: Sources, requests: Sequence[EnforcementRequest], bound: Sequence[Party]) -> list[str]:
    case = sources.case
    facts = [f"申请执行人{case.creditor.name}与被执行人{names(bound)}{case.cause}一案，各项债务分别经下列生效法律文书确定，"
             "被执行人未全部履行生效法律文书确定的给付义务："]
    for number, request in enumerate(requests, start=1):
        basis = request.basis
        proof = cite(sources, basis.number) or cite(sources, BASIS_WORDS[basis.kind], "生效")
        paid = f"被执行人仅履行了{yuan(request.paid_since)}。" if request.paid_since else "被执行人分文未付。"
        facts.append(f"（{number}）{_document(request)}就{_debt_words(sources, request)}作出，已于"
                     f"{chinese_date(basis.effective_on)}发生法律效力{citation(proof)}，履行期限已于"
                     f"{chinese_date(basis.performance_due)}届满；{paid}")
    facts += [_property_clues(sources, requests[0]),  # the clues are the case's, one list for every decision
              "依据《中华人民共和国民事诉讼法》第二百四十七条、第二百五十条、第二百六十四条之规定，特向你院申请强制执行。"]
    return facts
