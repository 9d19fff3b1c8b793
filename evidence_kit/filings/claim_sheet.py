"""欠款计算明细: every line of the claim engine for every debt, the totals and their 大写."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from evidence_kit.claim.card import CardLine
from evidence_kit.claim.engine import percent_text
from evidence_kit.filings.content import (
    CardDebt,
    Debt,
    Expected,
    PreparedFiling,
    Sources,
    chinese_date,
    rate_words,
    signature,
    yuan,
)
from evidence_kit.money import format_amount, to_capital

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
    lines_heading: str = "罚息、复利计算过程："


@dataclass(frozen=True)
class ClaimSheet:
    title: str
    intro: str
    debts: tuple[DebtSheet, ...]
    totals: tuple[AmountRow, ...]
    signer: str
    signed_on: str


def amount_row(label: str, amount: Decimal) -> AmountRow:
    """An amount with its label, in figures and in 大写 (the claim sheet's and the notices' tables)."""
    return AmountRow(label, yuan(amount), to_capital(amount))


def _debt_sheet(debt: Debt, several: bool) -> DebtSheet:
    c = debt.claim
    items = (amount_row("借款本金", c.principal), amount_row("利息", c.interest), amount_row("罚息", c.penalty),
             amount_row("复利", c.compound), amount_row("费用", c.fees), amount_row("小计", c.total))
    lines = tuple(LineRow(line.label + f"，{line.from_date}至{line.to_date}", yuan(line.amount)) for line in c.lines)
    terms = (f"借款{yuan(debt.lent)}，{rate_words(debt.annual_rate)}，逾期罚息及复利利率年"
             f"{percent_text(c.penalty_rate)}，按{c.day_count}天计日利率")
    return DebtSheet(f"{debt.item}：{debt.contract}" if several else debt.contract, terms, items, lines)


_CARD_KINDS = {"principal": "透支本金", "interest": "利息", "compound": "复利", "penalty": "违约金", "fees": "手续费", "fee": "手续费"}


def _card_sheet(debt: CardDebt, several: bool) -> DebtSheet:
    """A card's section: its amounts, each accrual after the cut-off and each trim to the ceiling (调减)."""
    c, card = debt.claim, debt.card
    amounts = {"透支本金": c.principal, "利息": c.interest, "违约金": c.penalty, "复利": c.compound, "手续费": c.fees}
    items = (*(amount_row(label, amount) for label, amount in amounts.items()), amount_row("小计", c.total))
    lines = (*_cutoff_lines(debt), *(_card_line(line) for line in c.lines), *_paid_lines(debt))
    cap = (f"；自首次逾期日{chinese_date(card.first_overdue_date)}起各项费用按年利率{percent_text(c.ceiling.rate)}"
           "为上限，超出部分先减违约金" if c.ceiling.rate is not None else "")
    terms = (f"信用额度{yuan(card.credit_limit)}，截至{chinese_date(card.cutoff)}透支本金{yuan(c.principal_at_cutoff)}，"
             f"其后按日利率{card.daily_rate.normalize():f}计息{cap}")
    return DebtSheet(f"{debt.item}：{debt.contract}" if several else debt.contract, terms, items, lines,
                     "利息、复利计算过程及按上限调减：")


def _cutoff_lines(debt: CardDebt) -> list[LineRow]:
    """The balances at the cut-off the claim starts from (credit-card-method.md §3)."""
    card = debt.card
    b = card.balances
    fees = b.fees + (b.installment_fee_unbilled if card.options.installment_fee_mode == "all_remaining" else 0)
    kinds = (("透支本金", b.principal + b.installment_principal_unbilled), ("利息", b.interest),
             ("复利", b.compound), ("违约金", b.penalty), ("手续费", fees))
    when = chinese_date(card.cutoff)
    return [LineRow(f"截至{when}的{label}", yuan(amount)) for label, amount in kinds if amount]


def _paid_lines(debt: CardDebt) -> list[LineRow]:
    """Money paid after the cut-off, applied by kind."""
    return [LineRow(f"截止日后还款冲抵{_CARD_KINDS.get(kind, kind)}", f"-{yuan(amount)}")
            for kind, amount in debt.claim.paid.items() if amount]


def _card_line(line: CardLine) -> LineRow:
    if line.kind == "trim":
        return LineRow(f"按上限调减{_CARD_KINDS.get(line.trims, line.trims)}，{line.to_date}", f"-{yuan(line.amount)}")
    label = _CARD_KINDS.get(line.kind, line.kind)
    return LineRow(f"{label}（{format_amount(line.base)} × 日利率 {line.rate.normalize():f} × {line.days} 天），"
                   f"{line.from_date}至{line.to_date}", yuan(line.amount))


def build_claim_sheet(sources: Sources) -> PreparedFiling:
    as_of = max(d.claim.as_of for d in sources.debts)
    several = len(sources.debts) > 1
    content = ClaimSheet(
        title=TITLE,
        intro=f"债权人：{sources.case.creditor.name}；计算截止日：{chinese_date(as_of)}。",
        debts=tuple(_card_sheet(d, several) if isinstance(d, CardDebt) else _debt_sheet(d, several)
                    for d in sources.debts),
        totals=(amount_row("欠款合计", sources.total),),
        signer=signature(sources, "制表人"),
        signed_on=chinese_date(sources.signed_on),
    )
    expected: list[Expected] = []
    for index, debt in enumerate(sources.debts):
        principal = "透支本金" if isinstance(debt, CardDebt) else "借款本金"
        for label, amount in ((principal, debt.claim.principal), ("小计", debt.claim.total)):
            expected.append(Expected(f"debts[{index}].{label}", label, yuan(amount)))
        expected.append(Expected(f"debts[{index}].小计.capital", f"小计{yuan(debt.claim.total)}",
                                 to_capital(debt.claim.total)))
    expected += [Expected("total", "欠款合计", yuan(sources.total)),
                 Expected("total.capital", f"欠款合计{yuan(sources.total)}", to_capital(sources.total))]
    return PreparedFiling(NAME, TITLE, content, tuple(expected))
