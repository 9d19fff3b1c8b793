"""欠款计算明细: every line of the claim engine for every debt, the totals and their 大写."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from evidence_kit.claim.engine import percent_text
from evidence_kit.filings.content import (
    Debt,
    Expected,
    PreparedFiling,
    Sources,
    chinese_date,
    rate_words,
    signature,
    yuan,
)
from evidence_kit.money import to_capital

NAME = "claim_sheet"
TITLE = "欠款计算明细"


@dataclass(frozen=True)
class AmountRow:
    label: str
    amount: str
    capital: str


@dataclass(frozen=True)
class LineRow:
    text: str
    amount: str


@dataclass(frozen=True)
class DebtSheet:
    heading: str
    terms: str
    items: tuple[AmountRow, ...]
    lines: tuple[LineRow, ...]


@dataclass(frozen=True)
class ClaimSheet:
    title: str
    intro: str
    debts: tuple[DebtSheet, ...]
    totals: tuple[AmountRow, ...]
    signer: str
    signed_on: str


def _row(label: str, amount: Decimal) -> AmountRow:
    return AmountRow(label, yuan(amount), to_capital(amount))


def _debt_sheet(debt: Debt) -> DebtSheet:
    c = debt.claim
    items = (_row("借款本金", c.principal), _row("利息", c.interest), _row("罚息", c.penalty),
             _row("复利", c.compound), _row("费用", c.fees), _row("小计", c.total))
    lines = tuple(LineRow(line.label + f"，{line.from_date}至{line.to_date}", yuan(line.amount)) for line in c.lines)
    terms = (f"借款{yuan(debt.lent)}，{rate_words(debt.annual_rate)}，逾期罚息及复利利率年"
             f"{percent_text(c.penalty_rate)}，按{c.day_count}天计日利率")
    return DebtSheet(debt.contract, terms, items, lines)


def build_claim_sheet(sources: Sources) -> PreparedFiling:
    as_of = max(d.claim.as_of for d in sources.debts)
    content = ClaimSheet(
        title=TITLE,
        intro=f"债权人：{sources.case.creditor.name}；计算截止日：{chinese_date(as_of)}。",
        debts=tuple(_debt_sheet(d) for d in sources.debts),
        totals=(_row("欠款合计", sources.total),),
        signer=signature(sources, "制表人"),
        signed_on=chinese_date(sources.signed_on),
    )
    expected: list[Expected] = []
    for index, debt in enumerate(sources.debts):
        for label, amount in (("借款本金", debt.claim.principal), ("小计", debt.claim.total)):
            expected.append(Expected(f"debts[{index}].{label}", label, yuan(amount)))
    expected += [Expected("total", "欠款合计", yuan(sources.total)),
                 Expected("total.capital", f"欠款合计{yuan(sources.total)}", to_capital(sources.total))]
    return PreparedFiling(NAME, TITLE, content, tuple(expected))
