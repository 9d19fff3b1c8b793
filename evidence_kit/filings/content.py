"""What every filing is built from, and the shapes its content takes.

The wording of a filing is built once, here and in the per-document modules, from
:class:`Sources` (the case, its debts with their claims, the court fees and the bundle's
exhibit pages). The DOCX and the HTML template of a filing only lay that content out, so
both say the same words in the same order.

Content is designed around a *list* of debts (:class:`Debt`): a case with one loan has a
list of one, and no sentence assumes there is exactly one contract.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from evidence_kit.case.model import Case, CreditCard, Party
from evidence_kit.claim.card import CardClaim
from evidence_kit.claim.engine import Claim, percent_text
from evidence_kit.claim.fees import CourtFees, court_fees
from evidence_kit.money import format_amount, to_capital

# --------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class CitedExhibit:
    """An exhibit as placed in bundle.pdf (1-based bundle pages, as the manifest lists them)."""

    no: int
    title: str
    source: str
    proves: str
    file: str
    first_page: int
    last_page: int
    original: bool | None = None

    @property
    def citation(self) -> str:
        """"证据3，第10–11页" (cited in brackets after a fact)."""
        return f"证据{self.no}，{page_text(self.first_page, self.last_page)}"


@dataclass(frozen=True)
class Debt:
    """One loan claimed in the case with its claim (a credit card is a :class:`CardDebt`)."""

    id: str
    contract_title: str
    contract_no: str
    signed_on: date
    lent: Decimal
    disbursed_on: date
    maturity: date
    annual_rate: Decimal
    accelerated_on: date | None
    claim: Claim
    compound: bool
    penalty_markup: Decimal = Decimal(0)
    repayment_method: str = ""
    number: int = 1
    """The debt's place in the case (第1项债务, 第2项债务…)."""

    @property
    def item(self) -> str:
        """"第2项债务"."""
        return f"第{self.number}项债务"

    @property
    def contract(self) -> str:
        """"《个人借款合同》（编号：…）"."""
        return f"《{self.contract_title}》（编号：{self.contract_no}）"


@dataclass(frozen=True)
class CardDebt:
    """One credit card claimed in the case with its claim (credit-card-method.md)."""

    id: str
    card: CreditCard
    claim: CardClaim
    number: int = 1

    @property
    def item(self) -> str:
        return f"第{self.number}项债务"

    @property
    def contract(self) -> str:
        """"示例银行信用卡中心信用卡（卡号：6259 **** **** 7315）"."""
        issuer = self.card.issuer.removesuffix("中心").removesuffix("信用卡")
        return f"{issuer}信用卡（卡号：{self.card.card_masked}）"


@dataclass(frozen=True)
class Sources:
    case: Case
    debts: tuple[Debt | CardDebt, ...]
    fees: CourtFees
    exhibits: tuple[CitedExhibit, ...]
    signed_on: date

    @property
    def total(self) -> Decimal:
        """What the case claims: the sum over its debts."""
        return sum((d.claim.total for d in self.debts), Decimal("0.00"))

    @property
    def loans(self) -> tuple[Debt, ...]:
        """The loans among the debts (all of them for a schema_version 1 case)."""
        return tuple(d for d in self.debts if isinstance(d, Debt))

    def fees_for(self, amount: Decimal) -> CourtFees:
        return court_fees(amount)


# --------------------------------------------------------------------------- content shapes


@dataclass(frozen=True)
class PartyBlock:
    """One party paragraph: ``label：text`` and further lines (representative, contact)."""

    label: str
    text: str
    more: tuple[str, ...] = ()


@dataclass(frozen=True)
class Application:
    """An application (申请书) laid out by payment_order, preservation and enforcement templates."""

    title: str
    parties: tuple[PartyBlock, ...]
    requests_heading: str
    requests: tuple[str, ...]
    facts_heading: str
    facts: tuple[str, ...]
    court: str
    attachments: tuple[str, ...]
    signer: str
    signed_on: str


@dataclass(frozen=True)
class Expected:
    """A value a rendered filing must show: ``anchor`` directly followed by ``value``."""

    field: str
    anchor: str
    value: str


# --------------------------------------------------------------------------- wording helpers


def yuan(amount: Decimal) -> str:
    """"¥104,147.41"."""
    return f"¥{format_amount(amount)}"


def yuan_capital(amount: Decimal) -> str:
    """"¥104,147.41（大写：人民币壹拾万…）"."""
    return f"{yuan(amount)}（大写：{to_capital(amount)}）"


def chinese_date(day: date) -> str:
    """"2025年3月31日" (no zero padding, GB/T 9704 7.3.5)."""
    return f"{day.year}年{day.month}月{day.day}日"


def page_text(first: int, last: int) -> str:
    return f"第{first}页" if first == last else f"第{first}–{last}页"


def names(parties: Sequence[Party]) -> str:
    return "、".join(p.name for p in parties)


def rate_words(rate: Decimal) -> str:
    return f"年利率{percent_text(rate)}"


def party_block(label: str, party: Party) -> PartyBlock:
    """The 2016 styles' party block: a person's details, or an organisation and its representative."""
    if party.is_person:
        facts = [party.name, party.gender, f"{chinese_date(party.birth_date)}出生" if party.birth_date else "",
                 party.ethnicity, f"公民身份号码{party.id_number}" if party.id_number else "",
                 f"住{party.address}" if party.address else "", f"联系电话{party.phone}" if party.phone else ""]
        return PartyBlock(label, "，".join(f for f in facts if f) + "。")
    facts = [party.name, f"住所地{party.address}" if party.address else "",
             f"统一社会信用代码{party.credit_code}" if party.credit_code else ""]
    more: tuple[str, ...] = ()
    if party.representative is not None:
        role = "法定代表人" if party.representative.title in ("董事长", "执行董事", "总经理") else "负责人"
        contact = f"，联系电话{party.phone}" if party.phone else ""
        more = (f"{role}：{party.representative.name}，{party.representative.title}{contact}。",)
    return PartyBlock(label, "，".join(f for f in facts if f) + "。", more)


def agent_block(case: Case) -> tuple[PartyBlock, ...]:
    agent = case.agent
    if agent is None:
        return ()
    facts = [agent.name, agent.org, f"联系电话{agent.phone}" if agent.phone else ""]
    return (PartyBlock("委托诉讼代理人", "，".join(f for f in facts if f) + "。"),)


def party_expectations(document: str, label: str, parties: Sequence[Party]) -> list[Expected]:
    """Each party's name (after its label) and ID number or credit code must read back as in case.yaml."""
    expected = []
    for index, party in enumerate(parties):
        expected.append(Expected(f"{label}[{index}].name", f"{label}：", party.name))
        if party.id_number:
            expected.append(Expected(f"{label}[{index}].id_number", "公民身份号码", party.id_number))
        if party.credit_code:
            expected.append(Expected(f"{label}[{index}].credit_code", "统一社会信用代码", party.credit_code))
    return expected


def amount_expectations(field: str, anchor: str, amount: Decimal) -> list[Expected]:
    """The amount in figures and its 大写, right after ``anchor``."""
    return [Expected(field, anchor, yuan(amount)),
            Expected(f"{field}.capital", f"{anchor}{yuan(amount)}（大写：", to_capital(amount))]


def cite(sources: Sources, *words: str, files: Sequence[str] = ()) -> list[CitedExhibit]:
    """The exhibits whose file is one of ``files`` or whose title holds any of ``words`` (in bundle order)."""
    return [e for e in sources.exhibits if e.file in files or any(w in e.title for w in words)]


def citation(exhibits: Sequence[CitedExhibit]) -> str:
    """"（证据1，第3–10页；证据2，第11页）", or nothing when no exhibit proves the fact."""
    return f"（{'；'.join(e.citation for e in exhibits)}）" if exhibits else ""


def citation_expectations(exhibits: Sequence[CitedExhibit]) -> list[Expected]:
    return [Expected(f"证据{e.no}.pages", f"证据{e.no}，", page_text(e.first_page, e.last_page)) for e in exhibits]


@dataclass(frozen=True)
class PreparedFiling:
    """A filing's content, ready to render, and the values its rendering must read back."""

    name: str
    title: str
    content: object
    expected: tuple[Expected, ...]
    template: str = ""
    """The template laying it out, when not ``name`` (``complaint_loan`` and ``complaint_card`` use ``complaint``)."""


def signature(sources: Sources, role: str = "申请人") -> str:
    return f"{role}：{sources.case.creditor.name}（盖章）"


def standard_attachments(sources: Sources, respondents: int, extra: Sequence[str] = ()) -> tuple[str, ...]:
    pages = max((e.last_page for e in sources.exhibits), default=0)
    items = [f"本申请书副本{respondents}份", f"证据目录及证据材料一套（bundle.pdf，共{pages}页）",
             "申请人营业执照副本复印件及负责人身份证明书"]
    if sources.case.agent is not None:
        items.append("授权委托书")
    items += extra
    return tuple(f"{n}．{item}" for n, item in enumerate(items, start=1))


def numbered(items: Sequence[str]) -> tuple[str, ...]:
    """"1．…。", "2．…。" (GB/T 9704 numbering with a full-width point; a full stop added where missing)."""
    return tuple(f"{n}．{item}" if item.endswith("。") else f"{n}．{item}。" for n, item in enumerate(items, start=1))
