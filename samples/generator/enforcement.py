"""Case 3, enforcement/: a judgment ready for 申请执行; the original loan was 等额本金.

The judgment awards the engine's claim at the filing date plus the acceptance fee (halved for the
simplified procedure) from :func:`evidence_kit.fees.court_fees`; 5,000.00 was paid afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from evidence_kit.case.model import Installment, Loan
from evidence_kit.claim.engine import Claim
from evidence_kit.claim.fees import CourtFees, court_fees
from evidence_kit.claim.schedule import build_schedule
from evidence_kit.money import format_amount

from .common import amt, cn_date, cn_upper_date, pct, seal, write_csv, write_pdf, write_yaml
from .documents import LoanDoc, personal_loan_contract
from .loans import LOAN_YAML, Ledger, claim_at, claimed_yaml, item_total, loan_yaml, penalty_rate
from .parties import (
    CONTACT_HEADER_EN,
    Contact,
    Org,
    Person,
    check_contacts,
    contact,
    contact_row,
    exhibit,
)

BANK_XC = Org(
    name="示例银行股份有限公司北京西城支行",
    code_body="91110102MA04CXR8U",
    address="北京市西城区示例大街66号",
    rep_name="何敏",
    rep_title="行长",
    phone="010-66172300",
)
ENF_BORROWER = Person(
    "赵德胜", "男", date(1979, 2, 27), "汉族", "110102", "031",
    "北京市西城区示例胡同12号", "13800132751",
)
ENF_GUARANTOR = Person(
    "孙桂芳", "女", date(1981, 6, 19), "汉族", "110102", "024",
    "北京市西城区示例胡同12号", "13800135163",
)
ENF_CONTRACT_NO = "示银京西（2021）个经贷字第0112号"
ENF_TERMS = Loan(
    contract_no=ENF_CONTRACT_NO,
    principal=Decimal("300000.00"),
    annual_rate=Decimal("0.049"),
    penalty_markup=Decimal("0.5"),
    compound=True,
    day_count=360,
    repayment_method="equal_principal",
    installments=36,
    signed_on=date(2021, 9, 8),
    disbursed_on=date(2021, 9, 10),
    maturity=date(2024, 9, 10),
    payment_day=10,
    accelerated_on=date(2024, 1, 5),
    loc=LOAN_YAML,
)
ENF_GUARANTEE_NO = "示银京西（2021）个保字第0112号"
JUDGMENT_NO = "（2025）京0102民初12345号"
COURT_XC = "北京市西城区人民法院"
FILED_ON = date(2025, 1, 6)
JUDGED_ON = date(2025, 4, 18)
SERVED_ON = date(2025, 4, 22)
EFFECTIVE_ON = date(2025, 5, 8)
PERFORMANCE_DUE = date(2025, 5, 18)
PAID_SINCE = (date(2025, 7, 15), Decimal("5000.00"))
ENF_AS_OF = date(2025, 10, 31)
ENF_ACCOUNT = "6217 0011 0200 1123 406"
"""The borrower's account at the bank (in the contract): the first 财产线索."""
ENF_VEHICLE = "京N·7K3M2"
ENF_VEHICLE_VALUE = Decimal("48000.00")
"""The guarantor's car and its estimated value: the second 财产线索."""


def build_enforcement(root: Path) -> dict[str, Any]:
    """Write enforcement/ under ``root``; return the facts --summary prints (the claim at filing)."""
    t, bank, b, g = ENF_TERMS, BANK_XC, ENF_BORROWER, ENF_GUARANTOR
    items = build_schedule(t)
    ledger = Ledger(t, "repayments.csv")
    for it in items[:24]:
        ledger.pay(it.due_date, item_total(it), f"XC{it.due_date:%Y%m%d}{1120 + it.number:05d}", f"第{it.number}期正常还款")
    at_filing = claim_at(t, ledger.payments, FILED_ON)
    fees = court_fees(at_filing.total)
    costs = fees.acceptance_simple  # 简易程序, halved
    day, amount = PAID_SINCE
    ledger.pay(day, amount, "XC2025071501937", "判决生效后被执行人主动还款")
    payments = ledger.payments
    claim = claim_at(t, payments, ENF_AS_OF)  # loan.claimed: the bank's figures at as_of, after that payment
    contacts = enforcement_contacts()
    check_contacts(contacts, ENF_AS_OF)
    ex = root / "exhibits"

    write_csv(root / "repayments.csv", ("date", "amount", "reference", "note"),
              ([p.date.isoformat(), amt(p.amount), p.reference, p.note] for p in payments), encoding="utf-8", crlf=False)
    write_csv(root / "contacts.csv", CONTACT_HEADER_EN, (contact_row(c, iso_t=True) for c in contacts), encoding="utf-8", crlf=False)

    judgment(ex / "01-民事判决书.pdf", items, at_filing, fees)
    effectiveness_certificate(ex / "02-生效证明.pdf")
    doc = LoanDoc(
        guarantee_no=ENF_GUARANTEE_NO, product="个人经营贷款",
        purpose="个体工商户（西城区示例副食店）经营周转", bank=bank, borrower=b, guarantor=g, terms=t, items=items,
        account=ENF_ACCOUNT, place="北京市西城区", bank_signer="冯立新",
    )
    personal_loan_contract(doc, ex / "03-个人借款合同.pdf")

    awarded = {
        "principal": amt(at_filing.principal),
        "interest": amt(at_filing.interest),
        "penalty": amt(at_filing.penalty),
        "compound": amt(at_filing.compound),
        "costs": amt(costs),
    }
    case: dict[str, Any] = {
        "schema_version": 1,
        "case_id": "SLBJ-ZX-2025-0112",
        "as_of": ENF_AS_OF.isoformat(),
        "court": COURT_XC,
        "cause": "金融借款合同纠纷",
        "creditor": bank.yaml() | {"agent": {"name": "丁磊", "org": "示例银行股份有限公司北京西城支行", "phone": "010-66172318"}},
        "debtors": [b.yaml("borrower"), g.yaml("guarantor")],
        "loan": loan_yaml(t) | {"claimed": claimed_yaml(claim)},
        "exhibits": [
            exhibit("exhibits/01-民事判决书.pdf", f"{COURT_XC}{JUDGMENT_NO}民事判决书", f"{COURT_XC}送达",
                    "申请执行人与被执行人之间的债权债务已由生效判决确认，判决确定的给付内容", True),
            exhibit("exhibits/02-生效证明.pdf", "判决生效证明", f"{COURT_XC}出具",
                    f"上述判决已于{cn_date(EFFECTIVE_ON)}发生法律效力", True),
            exhibit("exhibits/03-个人借款合同.pdf", f"个人借款合同（{ENF_CONTRACT_NO}）", "申请执行人保存的合同原件",
                    "原借款关系及罚息、复利的约定（执行依据所依据的事实）", True),
        ],
        "bundle": {"ledger_exhibit": False, "contacts_exhibit": False, "exhibit_covers": True},
        "filings": {
            "enforcement": {
                "basis": {
                    "kind": "judgment",
                    "number": JUDGMENT_NO,
                    "issued_by": COURT_XC,
                    "effective_on": EFFECTIVE_ON.isoformat(),
                    "performance_due": PERFORMANCE_DUE.isoformat(),
                    "awarded": awarded,
                },
                "paid_since": amt(amount),
                "property_clues": [
                    {"kind": "银行存款",  # the account number unspaced, as filings write it (and the collector profile masks it)
                     "description": f"被执行人{b.name}在{bank.name}开立的账户（账号{ENF_ACCOUNT.replace(' ', '')}）内的存款"},
                    {"kind": "机动车", "description": f"被执行人{g.name}名下号牌为{ENF_VEHICLE}的小型轿车",
                     "value": amt(ENF_VEHICLE_VALUE)},
                ],
            }
        },
    }
    write_yaml(root / "case.yaml", case, "# 样例案件：申请执行生效判决（原贷款为等额本金），由 samples/make_samples.py 生成，请勿手工修改。\n")
    return {"items": items, "payments": payments, "claim": at_filing, "costs": costs}


def enforcement_contacts() -> list[Contact]:
    b, g = ENF_BORROWER, ENF_GUARANTOR
    a1, a2 = "田野(X0308)", "丁磊(X0101)"
    return [
        contact("2023-10-11T10:20:00", "call", "debtor", b.phone, "connected", 88, a1, "第25期未还，借款人称生意周转困难"),
        contact("2023-11-13T09:45:00", "sms", "debtor", b.phone, "delivered", None, "系统", "第25、26期逾期提醒短信"),
        contact("2023-12-12T15:10:00", "call", "guarantor", g.phone, "connected", 121, a1, "告知保证人借款已逾期三期，请督促还款"),
        contact("2024-01-05T14:00:00", "letter", "debtor", b.address, "delivered", None, a2, "EMS寄送《贷款提前到期通知书》，1月8日本人签收"),
        contact("2024-06-18T10:30:00", "visit", "debtor", b.address, "met", None, a2, "上门催收，借款人表示无力一次性清偿"),
        contact("2024-12-09T11:00:00", "call", "debtor", b.phone, "refused", 64, a2, "告知将起诉，借款人拒绝提出还款计划"),
        contact("2025-06-03T10:15:00", "call", "debtor", b.phone, "connected", 95, a2, "判决已生效，告知履行期已届满，要求履行判决"),
        contact("2025-07-10T16:20:00", "call", "debtor", b.phone, "promise_to_pay", 110, a2, "被执行人承诺7月15日先行支付5,000元"),
        contact("2025-09-02T09:40:00", "sms", "guarantor", g.phone, "delivered", None, "系统", "致保证人：请履行生效判决确定的连带清偿责任"),
    ]


def judgment(path: Path, items: Sequence[Installment], claim: Claim, fees: CourtFees) -> None:
    """民事判决书 awarding ``claim`` (at the filing date); the acceptance fee is halved (简易程序)."""
    t, bank, b, g = ENF_TERMS, BANK_XC, ENF_BORROWER, ENF_GUARANTOR
    paid_to = items[23]
    fee_full, costs = fees.acceptance, fees.acceptance_simple
    cutoff = cn_date(claim.as_of)
    next_day = cn_date(date.fromordinal(claim.as_of.toordinal() + 1))
    money = (
        f"借款本金{format_amount(claim.principal)}元、利息{format_amount(claim.interest)}元、罚息{format_amount(claim.penalty)}元、"
        f"复利{format_amount(claim.compound)}元（罚息、复利暂计至{cutoff}）"
    )
    body = [
        f"<h1 class='court'>{COURT_XC}</h1><p class='subtitle' style='font-size:20pt;letter-spacing:0.6em'>民事判决书</p>",
        f"<p class='docno'>{JUDGMENT_NO}</p>",
        f"<p class='party'>原告：{bank.name}，住所地{bank.address}。</p>",
        f"<p class='party sub'>负责人：{bank.rep_name}，行长。</p>",
        "<p class='party sub'>委托诉讼代理人：丁磊，该行员工。</p>",
        f"<p class='party'>被告：{b.name}，{b.gender}，{cn_date(b.birth)}出生，{b.ethnicity}，住{b.address}。</p>",
        f"<p class='party'>被告：{g.name}，{g.gender}，{cn_date(g.birth)}出生，{g.ethnicity}，住{g.address}。</p>",
        f"<p>原告{bank.name}（以下简称示例银行西城支行）与被告{b.name}、{g.name}金融借款合同纠纷一案，本院于{cn_date(FILED_ON)}"
        f"立案后，依法适用简易程序，公开开庭进行了审理。原告的委托诉讼代理人丁磊、被告{b.name}到庭参加诉讼，"
        f"被告{g.name}经本院传票传唤无正当理由未到庭参加诉讼，本院依法缺席审理。本案现已审理终结。</p>",
        f"<p>示例银行西城支行向本院提出诉讼请求：1．判令被告{b.name}偿还借款本金{format_amount(claim.principal)}元、"
        f"利息{format_amount(claim.interest)}元、罚息{format_amount(claim.penalty)}元、复利{format_amount(claim.compound)}元"
        f"（罚息、复利暂计至{cutoff}），并支付自{next_day}起至实际清偿之日止的罚息、复利；"
        f"2．判令被告{g.name}对上述债务承担连带清偿责任；3．本案诉讼费用由二被告负担。事实和理由：{cn_date(t.signed_on)}，"
        f"原告与被告{b.name}签订《个人借款合同》，约定借款{format_amount(t.principal)}元，期限{t.installments}个月，"
        f"年利率{pct(t.annual_rate)}，按月等额本金还款。被告{g.name}签订《保证合同》提供连带责任保证。"
        f"原告依约放款后，被告{b.name}自第25期起未按期还款，原告于{cn_date(t.accelerated_on or FILED_ON)}宣布贷款提前到期，"
        "二被告至今未履行还款及保证义务，故诉至法院。</p>",
        f"<p>被告{b.name}辩称，对借款事实及欠款金额无异议，因经营困难暂无力偿还，希望分期还款。</p>",
        f"<p>被告{g.name}未到庭，亦未提交书面答辩意见。</p>",
        "<p>本院经审理认定事实如下：</p>",
        f"<p>{cn_date(t.signed_on)}，示例银行西城支行（贷款人）与{b.name}（借款人）签订《个人借款合同》"
        f"（编号：{ENF_CONTRACT_NO}），约定：借款金额{format_amount(t.principal)}元，用于个体工商户经营周转；借款期限自"
        f"{cn_date(t.disbursed_on)}至{cn_date(t.maturity)}；年利率{pct(t.annual_rate)}；按月等额本金还款，"
        f"每月{t.payment_day}日为还款日；借款人未按期归还本金的，按借款利率上浮{pct(t.penalty_markup)}计收罚息，"
        f"对不能按期支付的利息按罚息利率计收复利；日利率＝年利率÷{t.day_count}；借款人逾期累计达三期的，"
        f"贷款人有权宣布借款提前到期。同日，{g.name}与示例银行西城支行签订《保证合同》（编号：{ENF_GUARANTEE_NO}），"
        "为上述借款提供连带责任保证，保证范围包括借款本金、利息、罚息、复利及实现债权的费用，保证期间为主债务"
        "履行期限届满之日起三年。</p>",
        f"<p>{cn_date(t.disbursed_on)}，示例银行西城支行向{b.name}发放贷款{format_amount(t.principal)}元。{b.name}归还了第1期至"
        f"第24期本息（最后一次还款日为{cn_date(paid_to.due_date)}），自第25期（应还款日{cn_date(items[24].due_date)}）起未再还款。"
        f"{cn_date(t.accelerated_on or FILED_ON)}，示例银行西城支行向{b.name}邮寄《贷款提前到期通知书》，"
        f"宣布全部借款提前到期，{b.name}于{cn_date(date(2024, 1, 8))}签收。</p>",
        f"<p>截至{cutoff}，{b.name}尚欠借款本金{format_amount(claim.principal)}元、利息{format_amount(claim.interest)}元、"
        f"罚息{format_amount(claim.penalty)}元、复利{format_amount(claim.compound)}元。</p>",
        "<p>上述事实，有《个人借款合同》《保证合同》、借款借据、还款明细、贷款提前到期通知书及EMS签收记录、"
        "欠款计算明细及当事人陈述等证据在案佐证。</p>",
        f"<p>本院认为，示例银行西城支行与{b.name}签订的《个人借款合同》、与{g.name}签订的《保证合同》"
        "均系当事人真实意思表示，不违反法律、行政法规的强制性规定，合法有效。示例银行西城支行依约发放了贷款，"
        f"{b.name}未按约定还款，已构成违约，示例银行西城支行依约宣布贷款提前到期，并要求其偿还借款本金、利息、"
        f"罚息和复利，于法有据，本院予以支持。经核算，原告主张的利息、罚息和复利的计算标准未超过合同约定，"
        f"且总计未超过年利率24%，本院予以确认。{g.name}作为连带责任保证人，应在保证范围内承担连带清偿责任，"
        f"其承担保证责任后，有权向{b.name}追偿。{g.name}经本院合法传唤，无正当理由拒不到庭参加诉讼，视为放弃答辩、"
        f"质证的权利。{b.name}关于分期还款的意见，未获原告同意，本院不予采纳。</p>",
        "<p>综上，依照《中华人民共和国民法典》第五百零九条、第五百七十七条、第六百六十七条、第六百七十四条、"
        "第六百七十六条、第六百八十一条、第六百八十八条、第七百条，《中华人民共和国民事诉讼法》第一百四十七条之规定，"
        "判决如下：</p>",
        f"<p>一、被告{b.name}于本判决生效之日起十日内偿还原告{bank.name}{money}；"
        f"并支付自{next_day}起至实际清偿之日止，以未偿本金为基数、按年利率{pct(penalty_rate(t))}计算的罚息，"
        f"以及以欠付利息为基数、按年利率{pct(penalty_rate(t))}计算的复利；</p>",
        f"<p>二、被告{g.name}对上述第一项债务承担连带清偿责任；被告{g.name}承担保证责任后，有权向被告{b.name}追偿。</p>",
        "<p>如果未按本判决指定的期间履行给付金钱义务，应当依照《中华人民共和国民事诉讼法》第二百六十四条之规定，"
        "加倍支付迟延履行期间的债务利息。</p>",
        f"<p>案件受理费{format_amount(fee_full)}元，减半收取计{format_amount(costs)}元（原告已预交），由被告{b.name}、{g.name}负担，"
        "于本判决生效之日起十日内径付原告。</p>",
        "<p>如不服本判决，可在判决书送达之日起十五日内，向本院递交上诉状，并按对方当事人的人数提出副本，"
        "上诉于北京市第二中级人民法院。</p>",
        "<div class='court-end' style='margin-top:14mm'><p>审　判　员　　林　晓　岚</p>"
        f"<p style='margin-top:8mm'>{cn_upper_date(JUDGED_ON)}</p>"
        f"<div class='stamp' style='top:4mm;right:22mm'>{seal(COURT_XC, '', 42)}</div>"
        "<p style='margin-top:6mm'>法官助理　　郑　　凯</p><p>书　记　员　　许　　诺</p></div>",
        "<p class='ni' style='margin-top:10mm;font-size:9.5pt'>本件与原本核对无异</p>",
    ]
    write_pdf(path, f"{COURT_XC}{JUDGMENT_NO}民事判决书", COURT_XC, "".join(body), header="")


def effectiveness_certificate(path: Path) -> None:
    bank, b, g = BANK_XC, ENF_BORROWER, ENF_GUARANTOR
    body = [
        f"<h1 class='court'>{COURT_XC}</h1><p class='subtitle' style='font-size:20pt;letter-spacing:0.6em'>生效证明</p>",
        f"<p class='docno'>{JUDGMENT_NO}</p>",
        f"<p class='ni'>{bank.name}：</p>",
        f"<p>本院受理的原告{bank.name}与被告{b.name}、{g.name}金融借款合同纠纷一案，本院于{cn_date(JUDGED_ON)}"
        f"作出{JUDGMENT_NO}民事判决，该判决书已于{cn_date(SERVED_ON)}送达各方当事人。在法定上诉期限内，"
        f"各方当事人均未提起上诉，该判决已于{cn_date(EFFECTIVE_ON)}发生法律效力。</p>",
        "<p>特此证明。</p>",
        "<div class='court-end' style='margin-top:30mm'>"
        f"<p>{cn_upper_date(date(2025, 5, 20))}</p>"
        f"<div class='stamp' style='top:-14mm;right:10mm'>{seal(COURT_XC, '', 42)}</div></div>",
        "<p class='ni' style='margin-top:40mm;font-size:9.5pt'>经办人：许诺　　联系电话：010-66085120（本院诉讼服务中心）</p>",
    ]
    write_pdf(path, f"生效证明 {JUDGMENT_NO}", COURT_XC, "".join(body), header="")

