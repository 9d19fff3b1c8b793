"""portfolio-customers/: an export whose customers hold several accounts (loans and credit cards).

``evidence-kit split`` groups each customer's accounts at one court into one case (DESIGN §3b).
Seven fictional customers of 示例银行深圳分行, thirteen accounts, eight cases:

* CU-000001: two loans; a guarantor for the first only (``answers_for`` that loan);
* CU-000002: a loan and a credit card (the card's row gives the full card number: split masks it);
  the demand letter is exported under both accounts, and the case keeps it once;
* CU-000003: a credit card alone (a 信用卡纠纷 case);
* CU-000004: one loan alone (a schema_version 1 case, as before);
* CU-000005: a loan and two cards; one card row writes the ID number with a space and a lower-case x,
  the other gives no person at all, only the customer number (客户号);
* CU-000006: two loans with the same guarantor, who answers for both;
* CU-000007: two loans at two courts (the second row names its court): two cases.

Loan amounts come from the library's schedule and claim engine (as for portfolio/); each card's
balances are at its cut-off, with charges below the 24 %/yr ceiling, and a payment after the
cut-off (a card's payment before the cut-off is in the export too, and ``check`` does not read it).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from evidence_kit.case.model import Loan, Payment
from evidence_kit.claim.schedule import build_schedule
from evidence_kit.money import to_fen

from .common import amt, cn_date, pct, write_csv, write_yaml
from .debts import BANK_SZ, CARD_CENTER
from .loans import LOAN_YAML, Ledger, item_total
from .parties import Person
from .portfolio import ETHNICITIES, GIVEN, METHODS, SURNAMES, hash_seed, scan_page

AS_OF = date(2025, 6, 30)
ACCELERATED_ON = date(2025, 5, 12)
FUTIAN, NANSHAN = "深圳市福田区人民法院", "深圳市南山区人民法院"
DISTRICTS = (("440304", "福田区"), ("440305", "南山区"), ("440306", "宝安区"), ("440307", "龙岗区"))
STREETS = ("示例路", "样板街", "测试大道", "演示东路", "范例西街")
DAILY_RATE = Decimal("0.0005")

LOAN_HEADER = (
    "借据号", "合同编号", "客户号", "管辖法院", "借款人姓名", "借款人性别", "借款人出生日期", "借款人民族", "借款人身份证号",
    "借款人住址", "借款人手机", "保证人姓名", "保证人性别", "保证人出生日期", "保证人民族", "保证人身份证号",
    "保证人住址", "保证人手机", "贷款本金", "签订日期", "放款日期", "到期日期", "年利率", "罚息上浮比例",
    "计收复利", "计息天数", "还款方式", "期数", "每月还款日", "宣布提前到期日",
)
CARD_HEADER = (
    "卡片编号", "客户号", "卡号", "持卡人姓名", "持卡人性别", "持卡人出生日期", "持卡人民族", "持卡人身份证号", "持卡人住址",
    "持卡人手机", "发卡机构", "领用合约", "领用合约签订日期", "信用额度", "日利率", "逾期起始日", "截至日", "透支本金",
    "透支利息", "违约金", "已出账费用", "宣布提前到期日",
)
REPAYMENT_HEADER = ("账户编号", "交易日期", "交易金额", "流水号", "备注")
CONTACT_HEADER = ("账户编号", "催收时间", "催收方式", "联系对象", "联系号码", "结果", "时长", "催收员", "内容摘要")
EXHIBIT_HEADER = ("file", "title", "source", "proves", "original")


@dataclass(frozen=True)
class LoanAccount:
    account_id: str
    customer_id: str
    court: str
    borrower: Person
    guarantor: Person | None
    terms: Loan
    payments: tuple[Payment, ...]
    stopped: date
    """The first installment left unpaid."""


@dataclass(frozen=True)
class CardAccount:
    account_id: str
    customer_id: str
    holder: Person
    card_number: str
    credit_limit: Decimal
    signed_on: date
    first_overdue: date
    cutoff: date
    principal: Decimal
    interest: Decimal
    penalty: Decimal
    fees: Decimal
    payments: tuple[tuple[date, Decimal, str], ...]
    id_as_written: str = ""
    """How the cards row writes the ID number ("" = as the loans do; the customer number alone leaves it empty)."""
    person_given: bool = True


@dataclass
class Book:
    """The accounts being made, numbered in order."""

    rng: random.Random
    loans: list[LoanAccount]
    cards: list[CardAccount]

    def person(self, gender: str | None = None, want_x: bool = False) -> Person:
        rng = self.rng
        gender = gender or rng.choice("男女")
        area, district = rng.choice(DISTRICTS)
        born = date(1968, 1, 1) + timedelta(days=rng.randrange(0, 365 * 30))
        start = rng.randrange(1, 480)
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        address = f"深圳市{district}{rng.choice(STREETS)}{rng.randint(1, 99)}号{rng.randint(1, 30)}栋{rng.randint(101, 3206)}室"
        phone = f"13{rng.randint(5, 9)}{rng.randint(0, 99999999):08d}"
        ethnicity = rng.choice(ETHNICITIES)
        for step in range(0, 500):  # the first sequence number of the gender (and check character, if asked)
            sequence = (start + step) * 2 + (gender == "男")  # odd = male, even = female
            person = Person(name, gender, born, ethnicity, area, f"{sequence % 1000:03d}", address, phone)
            if not want_x or person.id_number.endswith("X"):
                return person
        raise AssertionError("no sequence number gives the check character X")

    def loan(self, customer: str, borrower: Person, guarantor: Person | None = None, court: str = "") -> LoanAccount:
        number = len(self.loans) + 1
        terms = _terms(self.rng, number)
        items = [i for i in build_schedule(terms) if i.due_date < AS_OF - timedelta(days=60)]
        paid = self.rng.randint(1, max(1, len(items) - 2)) if len(items) > 2 else 0
        ledger = Ledger(terms, "repayments.csv")
        for it in items[:paid]:
            ledger.pay(it.due_date, item_total(it), f"SZ{it.due_date:%Y%m%d}{number:03d}{it.number:02d}", f"第{it.number}期还款")
        stopped = items[paid].due_date if paid < len(items) else terms.disbursed_on + timedelta(days=40)
        if terms.maturity > ACCELERATED_ON:
            terms = replace(terms, accelerated_on=ACCELERATED_ON)
        account = LoanAccount(f"LN-SZ-{number:04d}", customer, court, borrower, guarantor, terms,
                              tuple(ledger.payments), stopped)
        self.loans.append(account)
        return account

    def card(self, customer: str, holder: Person, *, full_number: bool = False, id_as_written: str = "",
             person_given: bool = True) -> CardAccount:
        rng, number = self.rng, len(self.cards) + 1
        first_overdue = date(2024, 2, 1) + timedelta(days=rng.randrange(0, 150))
        cutoff = first_overdue + timedelta(days=rng.randrange(90, 150))
        principal = Decimal(rng.randrange(80, 450)) * 100
        days = (cutoff - first_overdue).days
        interest = to_fen(principal * DAILY_RATE * days * Decimal("0.9"))
        penalty = to_fen(principal * Decimal("0.10") * Decimal("0.05") * 2)
        fees = Decimal(rng.choice((0, 0, 120, 300)))
        last4 = f"{rng.randint(0, 9999):04d}"
        card_number = f"6259 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)} {last4}" if full_number else \
            f"6259 **** **** {last4}"
        paid_after = cutoff + timedelta(days=rng.randrange(20, 60))
        payments = ((first_overdue - timedelta(days=25), Decimal("800.00"), f"CC{number:03d}A"),
                    (paid_after, Decimal(rng.choice((500, 1000, 1500))), f"CC{number:03d}B"))
        account = CardAccount(f"CC-SZ-{number:04d}", customer, holder, card_number, Decimal(rng.choice((30, 50, 80))) * 1000,
                              date(2019, 1, 10) + timedelta(days=rng.randrange(0, 900)), first_overdue, cutoff, principal,
                              interest, penalty, fees, tuple((d, to_fen(a), r) for d, a, r in payments), id_as_written,
                              person_given)
        self.cards.append(account)
        return account


def _terms(rng: random.Random, number: int) -> Loan:
    disbursed = date(2022, 9, 1) + timedelta(days=rng.randrange(0, 480))
    months = rng.choice((12, 24, 36))
    maturity = date(disbursed.year + (disbursed.month - 1 + months) // 12, (disbursed.month - 1 + months) % 12 + 1,
                    min(disbursed.day, 28))
    return Loan(
        contract_no=f"示银深（{disbursed.year}）个贷字第{number:04d}号",
        signed_on=disbursed - timedelta(days=rng.randint(1, 6)),
        principal=Decimal(rng.randrange(30, 260)) * 1000,
        disbursed_on=disbursed,
        maturity=maturity,
        annual_rate=rng.choice((Decimal("0.0435"), Decimal("0.0480"), Decimal("0.0550"))),
        penalty_markup=Decimal("0.5"),
        compound=rng.random() < 0.7,
        day_count=360,
        repayment_method=rng.choice(tuple(METHODS)),
        installments=months,
        payment_day=min(disbursed.day, 28),
        loc=LOAN_YAML,
    )


def build_customers(root: Path, seed: int = 2026) -> dict[str, Any]:
    """Write the export under ``root`` (empty or absent); return its accounts."""
    book = Book(random.Random(seed), [], [])
    _customers(book)
    root.mkdir(parents=True, exist_ok=True)
    write_yaml(root / "portfolio.yaml", {
        "schema_version": 1, "as_of": AS_OF.isoformat(), "cause": "金融借款合同纠纷", "court": FUTIAN,
        "creditor": BANK_SZ.yaml(), "filings": {"payment_order": {}}, "card_options": {"cap_action": "trim"},
    }, "# 示例银行深圳分行 个人贷款与信用卡 逾期客户导出（虚构数据）: evidence-kit split portfolio-customers -o cases\n")
    write_csv(root / "loans.csv", LOAN_HEADER, [_loan_row(a) for a in book.loans], encoding="utf-8-sig", crlf=True)
    write_csv(root / "cards.csv", CARD_HEADER, [_card_row(c) for c in book.cards], encoding="utf-8-sig", crlf=True)
    write_csv(root / "repayments.csv", REPAYMENT_HEADER, _repayment_rows(book), encoding="utf-8", crlf=False)
    write_csv(root / "contacts.csv", CONTACT_HEADER, _contact_rows(book), encoding="utf-8", crlf=False)
    for loan in book.loans:
        _loan_exhibits(root / "exhibits" / loan.account_id, loan)
    for card in book.cards:
        _card_exhibits(root / "exhibits" / card.account_id, card)
    return {"loans": book.loans, "cards": book.cards}


def _customers(book: Book) -> None:
    """The seven customers of the module's docstring, in order."""
    one = book.person()
    book.loan("CU-000001", one, guarantor=book.person())
    book.loan("CU-000001", one)
    two = book.person()
    book.loan("CU-000002", two)
    book.card("CU-000002", two, full_number=True)
    four = book.person()
    book.loan("CU-000004", four)
    five = book.person(want_x=True)
    book.loan("CU-000005", five)
    spaced = f"{five.id_number[:6]} {five.id_number[6:-1]}x"
    book.card("CU-000005", five, id_as_written=spaced)
    book.card("CU-000005", five, person_given=False)
    six, surety = book.person(), book.person()
    book.loan("CU-000006", six, guarantor=surety)
    book.loan("CU-000006", six, guarantor=surety)
    seven = book.person()
    book.loan("CU-000007", seven, court=FUTIAN)
    book.loan("CU-000007", seven, court=NANSHAN)
    book.card("CU-000003", book.person())


# --------------------------------------------------------------------------- rows


def _person_cells(person: Person | None, id_as_written: str = "") -> list[str]:
    if person is None:
        return [""] * 7
    return [person.name, person.gender, person.birth.isoformat(), person.ethnicity, id_as_written or person.id_number,
            person.address, person.phone]


def _loan_row(a: LoanAccount) -> list[str]:
    t = a.terms
    return [
        a.account_id, t.contract_no, a.customer_id, a.court, *_person_cells(a.borrower), *_person_cells(a.guarantor),
        amt(t.principal), t.signed_on.isoformat(), t.disbursed_on.isoformat(), t.maturity.isoformat(),
        f"{t.annual_rate}", f"{t.penalty_markup}", "是" if t.compound else "否", str(t.day_count),
        METHODS[t.repayment_method], str(t.installments), str(t.payment_day),
        t.accelerated_on.isoformat() if t.accelerated_on else "",
    ]


def _card_row(c: CardAccount) -> list[str]:
    person = _person_cells(c.holder, c.id_as_written) if c.person_given else [""] * 7
    return [
        c.account_id, c.customer_id, c.card_number, *person, CARD_CENTER, "示例银行信用卡领用合约（2018版）",
        c.signed_on.isoformat(), amt(c.credit_limit), f"{DAILY_RATE}", c.first_overdue.isoformat(), c.cutoff.isoformat(),
        amt(c.principal), amt(c.interest), amt(c.penalty), amt(c.fees), c.cutoff.isoformat(),
    ]


def _repayment_rows(book: Book) -> list[list[str]]:
    rows = [(p.date, a.account_id, amt(p.amount), p.reference, p.note) for a in book.loans for p in a.payments]
    rows += [(d, c.account_id, amt(amount), ref, "信用卡还款") for c in book.cards for d, amount, ref in c.payments]
    return [[account, day.isoformat(), amount, ref, note] for day, account, amount, ref, note in sorted(rows)]


def _contact_rows(book: Book) -> list[list[str]]:
    agent = "何静(A2031)"
    rows: list[tuple[datetime, str, str, str, str, str, str, str, str]] = []
    for a in book.loans:
        day = datetime.combine(a.stopped, datetime.min.time()) + timedelta(days=3, hours=10, minutes=15)
        b = a.borrower
        rows += [(day, a.account_id, "sms", "debtor", b.phone, "delivered", "", "系统", "贷款逾期提醒"),
                 (day + timedelta(days=2, hours=4), a.account_id, "call", "debtor", b.phone, "promise_to_pay", "95", agent,
                  "借款人确认欠款，承诺尽快还款")]
        if a.guarantor is not None:
            rows.append((day + timedelta(days=15, hours=1), a.account_id, "call", "guarantor", a.guarantor.phone,
                         "connected", "120", agent, "告知保证人借款人逾期及其保证责任"))
    for c in book.cards:
        day = datetime.combine(c.first_overdue, datetime.min.time()) + timedelta(days=5, hours=9, minutes=40)
        rows.append((day, c.account_id, "sms", "debtor", c.holder.phone, "delivered", "", "系统", "信用卡账单逾期提醒"))
    letters = {}
    for a in book.loans:
        letters.setdefault(a.customer_id, (a.borrower, []))[1].append(a.account_id)
    for c in book.cards:
        letters.setdefault(c.customer_id, (c.holder, []))[1].append(c.account_id)
    for n, (person, accounts) in enumerate(letters.values()):
        sent = datetime(2025, 5, 12, 10, 0) + timedelta(minutes=20 * n)
        for account in accounts:  # one letter for all of the customer's accounts, exported under each of them
            rows.append((sent, account, "letter", "debtor", person.address, "delivered", "", agent,
                         "EMS寄送催收函暨提前到期通知书，本人签收"))
    rows.sort(key=lambda r: (r[0], r[1]))
    return [[account, t.strftime("%Y-%m-%d %H:%M"), *rest] for t, account, *rest in rows]


# --------------------------------------------------------------------------- exhibits


def _loan_exhibits(folder: Path, a: LoanAccount) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    t, b = a.terms, a.borrower
    scan_page(folder / "借据.png", "借款借据", [
        f"借据号：{a.account_id}", f"合同编号：{t.contract_no}", f"借款人：{b.name}　公民身份号码：{b.id_number}",
        f"借款金额：人民币{amt(t.principal)}元　年利率：{pct(t.annual_rate)}",
        f"放款日期：{cn_date(t.disbursed_on)}　到期日期：{cn_date(t.maturity)}",
        f"还款方式：{METHODS[t.repayment_method]}，共{t.installments}期",
        "借款人确认已收到上述借款，并按《个人借款合同》约定按期还本付息。",
        f"借款人（签字）：{b.name}　　{cn_date(t.disbursed_on)}",
    ], seed=hash_seed(a.account_id))
    rows = [["借据.png", f"借款借据（{a.account_id}）", "原告提供", "借款已实际发放，借款金额、期限与利率", "是"]]
    if a.guarantor is not None:
        g = a.guarantor
        scan_page(folder / "保证合同.png", "保证合同", [
            f"合同编号：{t.contract_no}-保", f"保证人：{g.name}　公民身份号码：{g.id_number}",
            f"保证人自愿为借款人{b.name}在{t.contract_no}", f"《个人借款合同》项下的全部债务向{BANK_SZ.name}",
            "提供连带责任保证，保证期间为主债务履行期限届满之日起三年。",
            f"保证人（签字）：{g.name}　　{cn_date(t.signed_on)}",
        ], seed=hash_seed(a.account_id) + 1)
        rows.append(["保证合同.png", f"保证合同（{t.contract_no}）", "原告提供", "保证人对该笔借款承担连带保证责任", "是"])
    write_csv(folder / "exhibits.csv", EXHIBIT_HEADER, rows, encoding="utf-8", crlf=False)


def _card_exhibits(folder: Path, c: CardAccount) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    last4 = c.card_number[-4:]
    scan_page(folder / "申请表.png", "信用卡申请表及领用合约", [
        f"申请人：{c.holder.name}　公民身份号码：{c.holder.id_number}",
        f"卡号末四位：{last4}　信用额度：人民币{amt(c.credit_limit)}元",
        "透支利率为日利率万分之五；未按期归还最低还款额的，按最低还款额未还部分的5%收取违约金。",
        "本人已阅读《示例银行信用卡领用合约（2018版）》，对加粗条款已充分理解。",
        f"申请人（签字）：{c.holder.name}　　{cn_date(c.signed_on)}",
    ], seed=hash_seed(c.account_id))
    scan_page(folder / "欠款明细.png", "信用卡欠款明细", [
        f"卡号末四位：{last4}　截至{cn_date(c.cutoff)}",
        f"透支本金：{amt(c.principal)}元　利息：{amt(c.interest)}元",
        f"违约金：{amt(c.penalty)}元　费用：{amt(c.fees)}元",
        f"逾期起始日：{cn_date(c.first_overdue)}",
    ], seed=hash_seed(c.account_id) + 1)
    write_csv(folder / "exhibits.csv", EXHIBIT_HEADER, [
        ["申请表.png", f"信用卡申请表及领用合约（尾号{last4}）", "申请人信用卡中心", "信用卡合同关系成立；透支利率、违约金条款已提示说明", "是"],
        ["欠款明细.png", f"信用卡欠款明细（尾号{last4}）", "申请人信用卡核心系统", "截至日的各项欠款余额", "否"],
    ], encoding="utf-8", crlf=False)
