"""支付令申请书 (MPL 2023 art. 225; 民诉法解释 art. 427): money due, with figures and 大写."""

from __future__ import annotations

from evidence_kit.filings.content import (
    Application,
    PreparedFiling,
    Sources,
    agent_block,
    amount_expectations,
    chinese_date,
    names,
    numbered,
    party_block,
    party_expectations,
    signature,
    standard_attachments,
    yuan_capital,
)
from evidence_kit.filings.narrative import (
    cited_expectations,
    continuing_request,
    debt_facts,
    due_requests,
)

NAME = "payment_order"
TITLE = "支付令申请书"


def build_payment_order(sources: Sources) -> PreparedFiling:
    case = sources.case
    respondents = case.borrowers
    who = f"被申请人{names(respondents)}"
    requests, expected = due_requests(sources, f"请求你院向{who}发出支付令，督促{who}")
    several = len(sources.debts) > 1
    requests += [text for text in (continuing_request(d, several=several) for d in sources.debts) if text]
    fee = sources.fees.payment_order
    requests.append(f"本案申请费{yuan_capital(fee)}由{who}负担")
    expected += amount_expectations("fees.payment_order", "本案申请费", fee)
    facts = [*debt_facts(sources, guarantee=False), *_statements(sources)]
    content = Application(
        title=TITLE,
        parties=(party_block("申请人", case.creditor), *agent_block(case),
                 *(party_block("被申请人", d) for d in respondents)),
        requests_heading="请求事项",
        requests=numbered(requests),
        facts_heading="事实与理由",
        facts=tuple(facts),
        court=case.court,
        attachments=standard_attachments(sources, len(respondents)),
        signer=signature(sources),
        signed_on=chinese_date(sources.signed_on),
    )
    expected += party_expectations(NAME, "申请人", [case.creditor])
    expected += party_expectations(NAME, "被申请人", respondents)
    expected += cited_expectations(sources, facts)
    return PreparedFiling(NAME, TITLE, content, tuple(expected))


def _statements(sources: Sources) -> list[str]:
    borrowers = names(sources.case.borrowers)
    return [
        f"申请人与{borrowers}之间没有其他债务纠纷，申请人对{borrowers}不负对待给付义务；"
        f"{borrowers}在中华人民共和国境内且下落明确，本支付令能够向其住所送达。申请人未就上述债务申请诉前财产保全。",
        "上述债务已到期且数额确定。为此，根据《中华人民共和国民事诉讼法》第二百二十五条之规定，特向你院申请支付令。",
    ]
