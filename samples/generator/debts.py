"""Cases 4–6, schema_version 2 (several debts in one case):

* facility-drawdowns/      three drawdowns under one 最高额借款合同 to a company; its legal representative
                           guarantees all three, a second company guarantees two of them up to a 最高额 limit;
                           one repayments.csv with a 债务编号 column;
* consumer-loan-and-card/  a personal loan and a credit card of the same person at the same bank; each debt
                           has its own ledger file;
* credit-card/             a credit card alone, with statements.csv and transactions.csv (mode B cross-check).

Every amount comes from the library: loan claims from the loan engine, the card's from the card method,
and the card's statement interest and 违约金 from the mode B functions, so ``evidence-kit check`` agrees.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from evidence_kit.case.model import (
    CardBalances,
    CardTransaction,
    CreditCard,
    Debt,
    Loan,
    Payment,
    Statement,
)
from evidence_kit.claim.card import CardClaim, compute_card_claim
from evidence_kit.claim.schedule import build_schedule
from evidence_kit.claim.statements import expected_interest, expected_penalty, paid_between
from evidence_kit.money import format_amount
from evidence_kit.problems import Location

from .common import (
    LETTER_CSS,
    amt,
    cn_date,
    pct,
    seal,
    sign_slot,
    signs,
    write_csv,
    write_pdf,
    write_yaml,
)
from .loans import Ledger, claim_at, claimed_yaml, loan_yaml
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

BANK_SZ = Org(
    name="示例银行股份有限公司深圳分行",
    code_body="91440300MA5F2K7Q3",
    address="深圳市福田区示例大道2016号",
    rep_name="赵立新",
    rep_title="行长",
    phone="0755-83001200",
)
CARD_CENTER = "示例银行股份有限公司信用卡中心"
AGENT = {"name": "孙晓梅", "org": "示例银行股份有限公司深圳分行法律合规部", "phone": "0755-83001235"}

# -- facility-drawdowns ---------------------------------------------------------------------------

FACTORY = Org("深圳示例电子科技有限公司", "91440300MA5G8R2N1", "深圳市宝安区示例工业园A栋3楼", "黄志明", "执行董事", "0755-27001188")
TRADER = Org("深圳示例供应链管理有限公司", "91440300MA5H3T6P0", "深圳市南山区示例路88号1208室", "吴国强", "总经理", "0755-26001166")
FACTORY_REP = Person("黄志明", "男", date(1979, 2, 11), "汉族", "440301", "035",
                     "深圳市福田区示例花园5栋1802室", "13900130457")
FACILITY_NO = "示银深（2023）最高额借字第0088号"
FACILITY_LIMIT = Decimal("3000000.00")
GUARANTEE_LIMIT = Decimal("1200000.00")
FACILITY_AS_OF = date(2025, 6, 30)


def _drawdown(no: int, principal: str, disbursed: date, months: int, rate: str) -> Loan:
    maturity = date(disbursed.year + (disbursed.month - 1 + months) // 12, (disbursed.month - 1 + months) % 12 + 1, disbursed.day)
    return Loan(
        contract_no=f"{FACILITY_NO}-借据{no:03d}", signed_on=disbursed, principal=Decimal(principal),
        disbursed_on=disbursed, maturity=maturity, annual_rate=Decimal(rate), penalty_markup=Decimal("0.5"),
        compound=True, day_count=360, repayment_method="interest_only", installments=months,
        loc=Location("case.yaml"), payment_day=21,
    )


DRAWDOWNS = (
    ("D1", _drawdown(1, "800000.00", date(2024, 1, 15), 12, "0.0385")),
    ("D2", _drawdown(2, "600000.00", date(2024, 3, 20), 12, "0.0385")),
    ("D3", replace(_drawdown(3, "500000.00", date(2024, 6, 10), 12, "0.0365"), accelerated_on=date(2025, 3, 3))),
)
INTEREST_PAID_UNTIL = date(2024, 11, 30)


def _interest_ledger(loan: Loan, file: str) -> Ledger:
    """Every installment paid in full on its due date until INTEREST_PAID_UNTIL, then nothing."""
    ledger = Ledger(loan, file)
    for item in build_schedule(loan):
        if item.due_date <= INTEREST_PAID_UNTIL:
            ledger.pay_in_full(item.due_date, f"FX{item.due_date:%Y%m%d}{item.number:02d}", "按月结息")
    return ledger


def build_facility(root: Path) -> dict[str, Any]:
    ledgers = {debt_id: _interest_ledger(loan, "repayments.csv") for debt_id, loan in DRAWDOWNS}
    rows = sorted(((p, debt_id) for debt_id, ledger in ledgers.items() for p in ledger.payments),
                  key=lambda pair: (pair[0].date, pair[1]))
    write_csv(root / "repayments.csv", ("交易日期", "交易金额", "债务编号", "流水号", "备注"),
              ([p.date.isoformat(), amt(p.amount), debt_id, p.reference, p.note] for p, debt_id in rows),
              encoding="utf-8", crlf=False)
    contacts = _facility_contacts()
    check_contacts(contacts, FACILITY_AS_OF)
    write_csv(root / "contacts.csv", CONTACT_HEADER_EN, (contact_row(c, iso_t=True) for c in contacts),
              encoding="utf-8", crlf=False)
    claims = {debt_id: claim_at(loan, ledgers[debt_id].payments, FACILITY_AS_OF) for debt_id, loan in DRAWDOWNS}
    ex = root / "exhibits"
    _facility_contract(ex / "01-最高额借款合同.pdf")
    _drawdown_receipts(ex / "02-借款借据.pdf")
    _facility_guarantee(ex / "03-最高额保证合同.pdf")
    _demand_letter(ex / "04-催收通知书.pdf", FACTORY.name, [(loan.contract_no, claims[i].total) for i, loan in DRAWDOWNS],
                   date(2025, 3, 3))
    case = {
        "schema_version": 2,
        "case_id": "SZ-FACILITY-2025-0088",
        "as_of": FACILITY_AS_OF.isoformat(),
        "court": "深圳市宝安区人民法院",
        "cause": "金融借款合同纠纷",
        "creditor": BANK_SZ.yaml() | {"agent": AGENT},
        "debtors": [
            FACTORY.yaml("borrower"),
            FACTORY_REP.yaml("guarantor") | {"answers_for": [{"debt": i, "kind": "joint"} for i, _ in DRAWDOWNS]},
            TRADER.yaml("guarantor") | {"answers_for": [{"debt": "D1", "kind": "joint", "limit": amt(GUARANTEE_LIMIT)},
                                                        {"debt": "D2", "kind": "joint", "limit": amt(GUARANTEE_LIMIT)}]},
        ],
        "debts": [
            {"id": debt_id, "kind": "loan", **loan_yaml(loan), "claimed": claimed_yaml(claims[debt_id])}
            for debt_id, loan in DRAWDOWNS
        ],
        "exhibits": [
            exhibit("exhibits/01-最高额借款合同.pdf", f"最高额借款合同（{FACILITY_NO}）", "申请人保存的合同原件",
                    f"双方在{format_amount(FACILITY_LIMIT)}元最高额内发生借款关系；利率、罚息、复利及提前到期的约定", True),
            exhibit("exhibits/02-借款借据.pdf", "借款借据三份（借据001–003）", "申请人信贷业务系统",
                    "三笔借款的发放日期、金额、期限与利率", True),
            exhibit("exhibits/03-最高额保证合同.pdf", "最高额保证合同（保证人深圳示例供应链管理有限公司）", "申请人保存的合同原件",
                    f"该保证人对借据001、002项下债务在{format_amount(GUARANTEE_LIMIT)}元最高额内承担连带保证责任", True),
            exhibit("exhibits/04-催收通知书.pdf", "贷款提前到期及催收通知书", "申请人留存联",
                    "申请人宣布借据003提前到期并向借款人及保证人催收", True),
        ],
        "filings": {"payment_order": {}},
    }
    write_yaml(root / "case.yaml", case, "# 样例案件：最高额借款合同项下三笔借款（schema_version 2），由 samples/make_samples.py 生成，请勿手工修改。\n")
    return {"claims": claims}


def _facility_contacts() -> list[Contact]:
    a = "陈晓东"
    return [
        contact("2024-12-23 10:05:11", "call", "debtor", FACTORY.phone, "connected", 140, a, "12月21日应付利息未付，财务称资金周转困难"),
        contact("2025-01-16 09:40:02", "call", "debtor", FACTORY.phone, "promise_to_pay", 95, a, "借据001到期未还，承诺春节后归还"),
        contact("2025-03-03 15:00:00", "letter", "debtor", FACTORY.address, "delivered", None, a, "EMS送达提前到期及催收通知书"),
        contact("2025-03-03 15:05:00", "letter", "guarantor", TRADER.address, "delivered", None, a, "EMS送达催收通知书（保证人联）"),
        contact("2025-04-10 10:30:45", "call", "guarantor", FACTORY_REP.phone, "refused", 66, a, "保证人黄志明称暂无力代偿"),
    ]


def _facility_contract(path: Path) -> None:
    body = (f"<h1>最高额借款合同</h1><p class='docno'>合同编号：{FACILITY_NO}</p>"
            + BANK_SZ.block("贷款人") + FACTORY.block("借款人")
            + f"<p>第一条 贷款人在{cn_date(date(2023, 12, 28))}至{cn_date(date(2025, 12, 27))}期间向借款人提供最高额"
            f"{format_amount(FACILITY_LIMIT)}元的借款额度，借款人可分次提款，每笔借款以借款借据为准。</p>"
            "<p>第二条 每笔借款按月结息，结息日为每月21日，到期一次还本。逾期罚息利率为借款利率上浮50%，对未按时支付的利息按罚息利率计收复利。</p>"
            "<p>第三条 借款人违约的，贷款人有权宣布未到期借款提前到期。</p>"
            + signs(sign_slot("贷款人（盖章）", seal(BANK_SZ.name)), sign_slot("借款人（盖章）", seal(FACTORY.name))))
    write_pdf(path, "最高额借款合同", BANK_SZ.name, body, header=BANK_SZ.name)


def _drawdown_receipts(path: Path) -> None:
    rows = "".join(f"<tr><td>{loan.contract_no}</td><td>{cn_date(loan.disbursed_on)}</td><td class='num'>{amt(loan.principal)}</td>"
                   f"<td>{cn_date(loan.maturity)}</td><td class='num'>{pct(loan.annual_rate)}</td></tr>" for _, loan in DRAWDOWNS)
    body = ("<h1>借款借据</h1>" + FACTORY.block("借款人")
            + "<table class='grid'><tr><th>借据编号</th><th>发放日</th><th class='num'>金额（元）</th><th>到期日</th>"
            f"<th class='num'>年利率</th></tr>{rows}</table>"
            + signs(sign_slot("贷款人（业务章）", seal(BANK_SZ.name, "信贷业务专用章")), sign_slot("借款人（盖章）", seal(FACTORY.name))))
    write_pdf(path, "借款借据", BANK_SZ.name, body, header=BANK_SZ.name)


def _facility_guarantee(path: Path) -> None:
    body = ("<h1>最高额保证合同</h1>" + BANK_SZ.block("债权人") + TRADER.block("保证人")
            + f"<p>第一条 保证人对债务人{FACTORY.name}在《最高额借款合同》（{FACILITY_NO}）项下借据001、借据002所生债务，"
            f"在最高额{format_amount(GUARANTEE_LIMIT)}元范围内承担连带责任保证。</p>"
            "<p>第二条 保证范围包括本金、利息、罚息、复利及实现债权的费用。保证期间为每笔债务履行期限届满之日起三年。</p>"
            + signs(sign_slot("债权人（盖章）", seal(BANK_SZ.name)), sign_slot("保证人（盖章）", seal(TRADER.name))))
    write_pdf(path, "最高额保证合同", BANK_SZ.name, body, header=BANK_SZ.name)


def _demand_letter(path: Path, to: str, debts: Sequence[tuple[str, Decimal]], on: date) -> None:
    rows = "".join(f"<tr><td>{title}</td><td class='num'>{amt(total)}</td></tr>" for title, total in debts)
    body = (f"<h1>催收通知书</h1><p class='ni'>{to}：</p>"
            "<p>贵方在我行的下列债务已逾期，请于收到本通知之日起十日内归还全部欠款。</p>"
            f"<table class='grid'><tr><th>债务</th><th class='num'>欠款（元）</th></tr>{rows}</table>"
            f"<p class='right'>{BANK_SZ.name}</p><p class='right'>{cn_date(on)}</p>")
    write_pdf(path, "催收通知书", BANK_SZ.name, body, header=BANK_SZ.name, css=LETTER_CSS)


# -- consumer-loan-and-card -----------------------------------------------------------------------

CONSUMER = Person("林雅婷", "女", date(1990, 7, 22), "汉族", "440304", "062",
                  "深圳市福田区示例路66号示例苑3栋701室", "13800137720")
MIXED_AS_OF = date(2025, 3, 31)
MIXED_LOAN = Loan(
    contract_no="示银深（2023）个贷字第1021号", signed_on=date(2023, 6, 8), principal=Decimal("100000.00"),
    disbursed_on=date(2023, 6, 10), maturity=date(2025, 6, 10), annual_rate=Decimal("0.0480"),
    penalty_markup=Decimal("0.5"), compound=True, day_count=360, repayment_method="equal_installment",
    installments=24, loc=Location("case.yaml"), payment_day=10, accelerated_on=date(2024, 9, 15),
)
MIXED_CARD = CreditCard(
    card_masked="6258 **** **** 0420", issuer=CARD_CENTER, agreement_title="示例银行信用卡领用合约（2018版）",
    agreement_signed_on=date(2018, 11, 2), credit_limit=Decimal("50000.00"), daily_rate=Decimal("0.0005"),
    first_overdue_date=date(2024, 4, 16), cutoff=date(2024, 9, 30),
    balances=CardBalances(Decimal("38650.00"), Decimal("1912.40"), Decimal("0.00"), Decimal("4284.50"), Decimal("420.00"),
                          installment_fee_unbilled=Decimal("216.00"), installment_principal_unbilled=Decimal("3600.00")),
    loc=Location("case.yaml"), accelerated_on=date(2024, 9, 30),
)


def _card_claim(card: CreditCard, payments: Sequence[Payment], as_of: date) -> CardClaim:
    return compute_card_claim(Debt("card", "credit_card", card.loc, card=card, payments=tuple(payments)), as_of)


def card_yaml(card: CreditCard, claim: CardClaim) -> dict[str, Any]:
    b = card.balances
    balances = {"principal": amt(b.principal), "interest": amt(b.interest), "compound": amt(b.compound),
                "penalty": amt(b.penalty), "fees": amt(b.fees)}
    if b.installment_fee_unbilled:
        balances["installment_fee_unbilled"] = amt(b.installment_fee_unbilled)
    if b.installment_principal_unbilled:
        balances["installment_principal_unbilled"] = amt(b.installment_principal_unbilled)
    out: dict[str, Any] = {
        "kind": "credit_card", "card_masked": card.card_masked, "issuer": card.issuer,
        "agreement": {"title": card.agreement_title, "signed_on": (card.agreement_signed_on or card.cutoff).isoformat()},
        "credit_limit": amt(card.credit_limit), "daily_rate": f"{card.daily_rate}",
        "first_overdue_date": card.first_overdue_date.isoformat(), "cutoff": card.cutoff.isoformat(), "balances": balances,
    }
    if card.accelerated_on:
        out["accelerated_on"] = card.accelerated_on.isoformat()
    if card.penalty_rate is not None:
        out |= {"penalty_rate": f"{card.penalty_rate}", "penalty_min": amt(card.penalty_min or Decimal(0)),
                "min_payment_ratio": f"{card.min_payment_ratio}"}
    out["claimed"] = {kind: amt(getattr(claim, kind)) for kind in ("principal", "interest", "penalty", "compound", "fees")}
    return out


def build_mixed(root: Path) -> dict[str, Any]:
    ledger = Ledger(MIXED_LOAN, "loan-repayments.csv")
    for item in build_schedule(MIXED_LOAN):
        if item.due_date <= date(2024, 5, 10):
            ledger.pay_in_full(item.due_date, f"GR{item.due_date:%Y%m%d}", f"第{item.number}期还款")
    loan_claim = claim_at(MIXED_LOAN, ledger.payments, MIXED_AS_OF)
    write_csv(root / "loan-repayments.csv", ("交易日期", "交易金额", "流水号", "备注"),
              ([p.date.isoformat(), amt(p.amount), p.reference, p.note] for p in ledger.payments), encoding="utf-8", crlf=False)
    card_payments = [Payment(date(2024, 8, 20), Decimal("1500.00"), Location("card-repayments.csv", 2), reference="CC0820"),
                     Payment(date(2024, 11, 20), Decimal("2000.00"), Location("card-repayments.csv", 3), reference="CC1120")]
    card_claim = _card_claim(MIXED_CARD, card_payments, MIXED_AS_OF)
    write_csv(root / "card-repayments.csv", ("记账日期", "还款金额", "流水号"),
              ([p.date.isoformat(), amt(p.amount), p.reference] for p in card_payments), encoding="utf-8", crlf=False)
    contacts = [
        contact("2024-06-12 10:20:31", "call", "debtor", CONSUMER.phone, "connected", 88, "何静", "贷款第12期逾期，借款人称收入下降"),
        contact("2024-09-15 14:00:00", "letter", "debtor", CONSUMER.address, "delivered", None, "何静", "EMS送达贷款提前到期通知书"),
        contact("2024-10-08 09:45:12", "sms", "debtor", CONSUMER.phone, "delivered", None, "系统", "信用卡已止付并全额到期，请尽快还款"),
        contact("2025-01-14 16:10:40", "call", "debtor", CONSUMER.phone, "promise_to_pay", 120, "何静", "借款人承诺3月底前归还部分欠款，未兑现"),
    ]
    check_contacts(contacts, MIXED_AS_OF)
    write_csv(root / "contacts.csv", CONTACT_HEADER_EN, (contact_row(c, iso_t=True) for c in contacts), encoding="utf-8", crlf=False)
    ex = root / "exhibits"
    _simple_pdf(ex / "01-个人借款合同.pdf", "个人借款合同", [
        f"合同编号：{MIXED_LOAN.contract_no}。借款金额{format_amount(MIXED_LOAN.principal)}元，期限24个月，年利率{pct(MIXED_LOAN.annual_rate)}，"
        "等额本息按月还款；逾期罚息利率上浮50%，对未付利息计收复利。"], CONSUMER)
    _simple_pdf(ex / "02-信用卡领用合约及申请表.pdf", "信用卡申请表及领用合约", [
        f"卡号{MIXED_CARD.card_masked}，信用额度{format_amount(MIXED_CARD.credit_limit)}元。透支利率为日利率万分之五（年化18.25%），"
        "按月计收复利；未按期归还最低还款额的，按最低还款额未还部分的5%收取违约金。以上条款以加粗字体提示，申请人已签字确认。"], CONSUMER)
    _simple_pdf(ex / "03-信用卡欠款明细.pdf", "信用卡欠款明细（截至2024年9月30日）", [
        f"透支本金{format_amount(MIXED_CARD.balances.principal)}元，利息{format_amount(MIXED_CARD.balances.interest)}元，"
        f"违约金{format_amount(MIXED_CARD.balances.penalty)}元，已出账分期手续费{format_amount(MIXED_CARD.balances.fees)}元，"
        f"未出账分期本金{format_amount(MIXED_CARD.balances.installment_principal_unbilled)}元。"], CONSUMER)
    case = {
        "schema_version": 2,
        "case_id": "SZ-CONSUMER-2025-1021",
        "as_of": MIXED_AS_OF.isoformat(),
        "court": "深圳市福田区人民法院",
        "cause": "金融借款合同纠纷、信用卡纠纷",
        "creditor": BANK_SZ.yaml() | {"agent": AGENT},
        "debtors": [CONSUMER.yaml("borrower")],
        "debts": [
            {"id": "loan", "kind": "loan", **loan_yaml(MIXED_LOAN), "claimed": claimed_yaml(loan_claim),
             "files": {"repayments": "loan-repayments.csv"}},
            {"id": "card", **card_yaml(MIXED_CARD, card_claim), "files": {"repayments": "card-repayments.csv"}},
        ],
        "files": {"contacts": "contacts.csv"},
        "exhibits": [
            exhibit("exhibits/01-个人借款合同.pdf", f"个人借款合同（{MIXED_LOAN.contract_no}）", "申请人保存的合同原件",
                    "借款关系成立及借款利率、罚息、复利的约定", True),
            exhibit("exhibits/02-信用卡领用合约及申请表.pdf", "信用卡申请表及领用合约", "申请人信用卡中心",
                    "信用卡合同关系成立；透支利率、违约金条款已提示说明", True),
            exhibit("exhibits/03-信用卡欠款明细.pdf", "信用卡欠款明细", "申请人信用卡核心系统", "截至日的各项欠款余额", False),
        ],
        "filings": {"payment_order": {}},
    }
    write_yaml(root / "case.yaml", case, "# 样例案件：个人贷款与信用卡（schema_version 2），由 samples/make_samples.py 生成，请勿手工修改。\n")
    return {"claims": {"loan": loan_claim, "card": card_claim}}


def _simple_pdf(path: Path, title: str, paragraphs: Sequence[str], person: Person) -> None:
    body = (f"<h1>{title}</h1>" + BANK_SZ.block("银行") + person.block("客户")
            + "".join(f"<p>{text}</p>" for text in paragraphs)
            + signs(sign_slot("银行（盖章）", seal(BANK_SZ.name)), sign_slot("客户（签字）", "", person.name)))
    write_pdf(path, title, BANK_SZ.name, body, header=BANK_SZ.name)


# -- credit-card ----------------------------------------------------------------------------------

CARDHOLDER = Person("郑伟", "男", date(1988, 12, 3), "汉族", "440306", "071",
                    "深圳市宝安区示例街道17号602室", "13800139981")
CARD_AS_OF = date(2025, 6, 30)
STATEMENT_DATES = (date(2023, 12, 5), date(2024, 1, 5), date(2024, 2, 5))
CARD_MOVES = (
    CardTransaction(date(2023, 11, 11), date(2023, 11, 12), "purchase", Decimal("7000.00"), Location("transactions.csv", 2)),
    CardTransaction(date(2023, 11, 27), date(2023, 11, 28), "purchase", Decimal("5000.00"), Location("transactions.csv", 3)),
    CardTransaction(date(2023, 12, 25), date(2023, 12, 25), "payment", Decimal("500.00"), Location("transactions.csv", 4)),
)
ONLY_CARD = CreditCard(
    card_masked="6259 **** **** 7315", issuer=CARD_CENTER, agreement_title="示例银行信用卡领用合约（2019版）",
    agreement_signed_on=date(2019, 3, 8), credit_limit=Decimal("30000.00"), daily_rate=Decimal("0.0005"),
    first_overdue_date=date(2023, 12, 26), cutoff=STATEMENT_DATES[-1], balances=CardBalances(Decimal("0.00")),
    loc=Location("case.yaml"), penalty_rate=Decimal("0.05"), penalty_min=Decimal("10.00"), min_payment_ratio=Decimal("0.10"),
)


def card_statements(card: CreditCard) -> list[Statement]:
    """Three statement cycles whose interest and 违约金 are what mode B recomputes from the transactions."""
    rows: list[Statement] = []
    previous_balance, previous_date = Decimal("0.00"), None
    for n, on in enumerate(STATEMENT_DATES):
        purchases = sum((m.amount for m in CARD_MOVES if m.type == "purchase" and m.post_date <= on
                         and (previous_date is None or m.post_date > previous_date)), Decimal("0.00"))
        paid = paid_between(CARD_MOVES, previous_date or date.min, on)
        interest = penalty = Decimal("0.00")
        if rows:
            last = rows[-1]
            interest = expected_interest(card, last, STATEMENT_DATES[n - 2] if n > 1 else None, on, CARD_MOVES)
            penalty = expected_penalty(card, last, paid_between(CARD_MOVES, last.statement_date, last.due_date))
        new_balance = previous_balance - paid + purchases + interest + penalty
        due = on + timedelta(days=20)
        min_due = (new_balance * card.min_payment_ratio if card.min_payment_ratio else new_balance).quantize(Decimal("0.01"))
        rows.append(Statement(on, due, previous_balance, paid, purchases, Decimal("0.00"), Decimal("0.00"), interest,
                              Decimal("0.00"), penalty, new_balance, min_due, Location("statements.csv", n + 2)))
        previous_balance, previous_date = new_balance, on
    return rows


def build_card(root: Path) -> dict[str, Any]:
    statements = card_statements(ONLY_CARD)
    interest = sum((s.interest for s in statements), Decimal("0.00"))
    penalty = sum((s.penalty for s in statements), Decimal("0.00"))
    card = replace(ONLY_CARD, balances=CardBalances(statements[-1].new_balance - interest - penalty, interest,
                                                    Decimal("0.00"), penalty, Decimal("0.00")))
    payments = [Payment(date(2024, 6, 18), Decimal("1000.00"), Location("repayments.csv", 2), reference="CC240618")]
    claim = _card_claim(card, payments, CARD_AS_OF)
    write_csv(root / "statements.csv", ("账单日", "到期还款日", "上期余额", "本期还款", "新增消费", "利息", "违约金", "本期应还金额", "最低还款额"),
              ([s.statement_date.isoformat(), s.due_date.isoformat(), amt(s.previous_balance), amt(s.payments), amt(s.purchases),
                amt(s.interest), amt(s.penalty), amt(s.new_balance), amt(s.min_due)] for s in statements), encoding="utf-8", crlf=False)
    write_csv(root / "transactions.csv", ("交易日", "记账日", "交易类型", "金额"),
              ([m.trade_date.isoformat(), m.post_date.isoformat(), {"purchase": "消费", "payment": "还款"}[m.type], amt(m.amount)]
               for m in CARD_MOVES), encoding="utf-8", crlf=False)
    write_csv(root / "repayments.csv", ("date", "amount", "reference"),
              ([p.date.isoformat(), amt(p.amount), p.reference] for p in payments), encoding="utf-8", crlf=False)
    contacts = [
        contact("2024-01-08 10:12:45", "sms", "debtor", CARDHOLDER.phone, "delivered", None, "系统", "信用卡账单逾期提醒"),
        contact("2024-03-11 15:20:09", "call", "debtor", CARDHOLDER.phone, "connected", 75, "刘洋", "持卡人称失业，暂无力还款"),
        contact("2024-06-17 11:02:33", "call", "debtor", CARDHOLDER.phone, "promise_to_pay", 64, "刘洋", "持卡人承诺次日还款1,000元"),
        contact("2025-02-20 09:31:18", "letter", "debtor", CARDHOLDER.address, "delivered", None, "刘洋", "EMS送达律师函"),
    ]
    check_contacts(contacts, CARD_AS_OF)
    write_csv(root / "contacts.csv", CONTACT_HEADER_EN, (contact_row(c, iso_t=True) for c in contacts), encoding="utf-8", crlf=False)
    ex = root / "exhibits"
    _simple_pdf(ex / "01-信用卡申请表及领用合约.pdf", "信用卡申请表及领用合约", [
        f"卡号{card.card_masked}，信用额度{format_amount(card.credit_limit)}元。透支利率为日利率万分之五；最低还款额为账单金额的10%；"
        "未按期归还最低还款额的，按最低还款额未还部分的5%收取违约金，最低10元。以上条款以加粗字体提示。"], CARDHOLDER)
    _simple_pdf(ex / "02-信用卡对账单.pdf", "信用卡对账单（2023年12月至2024年2月）", [
        f"账单日{cn_date(s.statement_date)}：本期应还{format_amount(s.new_balance)}元，最低还款额{format_amount(s.min_due)}元，"
        f"到期还款日{cn_date(s.due_date)}。" for s in statements], CARDHOLDER)
    case = {
        "schema_version": 2,
        "case_id": "SZ-CARD-2025-7315",
        "as_of": CARD_AS_OF.isoformat(),
        "court": "深圳市宝安区人民法院",
        "cause": "信用卡纠纷",
        "creditor": BANK_SZ.yaml() | {"agent": AGENT},
        "debtors": [CARDHOLDER.yaml("borrower")],
        "debts": [{"id": "card-7315", **card_yaml(card, claim),
                   "files": {"statements": "statements.csv", "transactions": "transactions.csv"}}],
        "exhibits": [
            exhibit("exhibits/01-信用卡申请表及领用合约.pdf", "信用卡申请表及领用合约", "申请人信用卡中心",
                    "信用卡合同关系成立；透支利率、违约金条款已提示说明", True),
            exhibit("exhibits/02-信用卡对账单.pdf", "信用卡对账单", "申请人信用卡核心系统", "透支消费、还款及逾期情况", False),
        ],
        "filings": {"payment_order": {}},
    }
    write_yaml(root / "case.yaml", case, "# 样例案件：信用卡纠纷（schema_version 2），由 samples/make_samples.py 生成，请勿手工修改。\n")
    return {"claims": {"card-7315": claim}}
