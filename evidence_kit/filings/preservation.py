"""财产保全申请书, 诉前 (MPL art. 104) and 诉中 (art. 103), after the SPC 2016 styles."""

from __future__ import annotations

from datetime import date, timedelta

from evidence_kit.case.model import PreservationRequest
from evidence_kit.filings.content import (
    Application,
    Expected,
    PreparedFiling,
    Sources,
    agent_block,
    amount_expectations,
    chinese_date,
    names,
    party_block,
    party_expectations,
    signature,
    standard_attachments,
    yuan,
    yuan_capital,
)
from evidence_kit.filings.narrative import cited_expectations, debt_facts

NAME = "preservation"
SUIT_WITHIN_DAYS = 30
"""MPL art. 104(3): suit must follow within 30 days of the measure, or the preservation is lifted."""
TITLES = {"pre_litigation": "诉前财产保全申请书", "litigation": "财产保全申请书"}


def suit_deadline(measure_on: date) -> date:
    """The last day to sue after a pre-litigation measure taken on ``measure_on``."""
    return measure_on + timedelta(days=SUIT_WITHIN_DAYS)


def build_preservation(sources: Sources, request: PreservationRequest) -> PreparedFiling:
    case = sources.case
    respondents = case.debtors
    who = names(respondents)
    title = TITLES[request.stage]
    requests = [f"请求依法查封、扣押、冻结被申请人{who}名下价值{yuan_capital(request.amount)}的财产，具体为：",
                *(f"（{n}）{a.kind}：{a.description}" + (f"，价值约{yuan(a.value)}" if a.value is not None else "")
                  for n, a in enumerate(request.assets, start=1)),
                "保全期限依法确定（冻结银行存款不超过一年，查封、扣押动产不超过二年，查封不动产、冻结其他财产权不超过三年；"
                "民诉法解释第四百八十五条）。"]
    expected: list[Expected] = amount_expectations("preservation.amount", f"{who}名下价值", request.amount)
    facts = [*debt_facts(sources, guarantee=True), *_reasons(sources, request)]
    content = Application(
        title=title,
        parties=(party_block("申请人", case.creditor), *agent_block(case),
                 *(party_block("被申请人", d) for d in respondents)),
        requests_heading="请求事项",
        requests=tuple(requests),
        facts_heading="事实与理由",
        facts=tuple(facts),
        court=case.court,
        attachments=standard_attachments(sources, len(respondents), _guarantee_attachment(request)),
        signer=signature(sources),
        signed_on=chinese_date(sources.signed_on),
    )
    expected += party_expectations(NAME, "申请人", [case.creditor])
    expected += party_expectations(NAME, "被申请人", respondents)
    expected += cited_expectations(sources, facts)
    fee = sources.fees_for(request.amount).preservation
    expected += amount_expectations("fees.preservation", "保全申请费", fee)
    return PreparedFiling(NAME, title, content, tuple(expected))


def _reasons(sources: Sources, request: PreservationRequest) -> list[str]:
    fee = sources.fees_for(request.amount).preservation
    reasons = [f"被申请人经多次催收仍未清偿，为防止其转移、隐匿财产致使将来的判决难以执行，申请人请求对其财产采取保全措施，"
               f"保全金额以{yuan(request.amount)}为限，未超过申请人请求的范围。保全申请费{yuan_capital(fee)}由申请人预交。"]
    if request.stage == "pre_litigation":
        deadline = suit_deadline(sources.signed_on)
        reasons.append(f"情况紧急，不立即申请保全将使申请人的合法权益受到难以弥补的损害。申请人承诺在人民法院采取保全措施后"
                       f"{SUIT_WITHIN_DAYS}日内依法提起诉讼（以今日采取措施计，最迟于{chinese_date(deadline)}）。"
                       "依据《中华人民共和国民事诉讼法》第一百零四条之规定，特提出申请。")
    else:
        reasons.append("依据《中华人民共和国民事诉讼法》第一百零三条之规定，特提出申请。")
    reasons.append(_guarantee_sentence(request))
    return reasons


def _guarantee_sentence(request: PreservationRequest) -> str:
    g = request.guarantee
    if g is None:
        return "申请人系经金融监管部门批准设立的金融机构，具有独立偿付债务的能力，请求免予提供担保。"
    amount = f"，担保金额{yuan(g.amount)}" if g.amount is not None else ""
    return f"申请人提供{g.provider}出具的{g.kind}作为担保{amount}。如申请错误，申请人愿承担由此给被申请人造成的损失。"


def _guarantee_attachment(request: PreservationRequest) -> tuple[str, ...]:
    g = request.guarantee
    return (f"{g.kind}凭证（{g.provider}）",) if g is not None else ()
