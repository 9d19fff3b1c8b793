"""portfolio/: a bank's portfolio export (DESIGN §3b), the input of ``evidence-kit split``.

A deterministic consumer-loan book of one branch: ``count`` loans (60 for the sample) with
personal borrowers, some with a guarantor, 等额本息 / 等额本金 / 按月付息到期还本 terms, a ledger
of the installments paid before each borrower stopped, a short contact log, and for each loan a
scanned 借据 and, when guaranteed, a scanned 保证合同 page (small PNGs: sixty PDFs with embedded
CJK fonts would weigh 20 MB). Amounts come from the library's schedule
and claim engine. ``broken=True`` plants a few rows that ``split`` must report and skip:

* LN-SAMPLE-0007: the borrower's 公民身份号码 has a wrong check digit (loans.csv);
* LN-SAMPLE-0013: the principal is written ``12x400.00`` (loans.csv);
* LN-SAMPLE-0021: a repayment dated 2024-13-05 (repayments.xlsx);
* LN-SAMPLE-0034: exhibits.csv names a file that is not in the export.

Two further rows are reported without costing a loan: a contact row for a loan_id that is
not in loans.csv, and a repayment row for another such loan_id.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from evidence_kit.case.model import Loan, Payment
from evidence_kit.claim.schedule import build_schedule

from .common import amt, cn_date, pct, write_csv, write_xlsx, write_yaml
from .consumer import BANK_BJ
from .loans import LOAN_YAML, Ledger, item_total
from .parties import Person
from .scans import cjk_font, rotate_scan, save_png, text_center

AS_OF = date(2025, 6, 30)
ACCELERATED_ON = date(2025, 5, 12)
"""The day the bank's collection letter declared every loan not yet matured due (宣布提前到期), so that the whole
principal is due and a payment order can be asked for."""
COURTS = ("北京市朝阳区人民法院", "北京市海淀区人民法院", "北京市西城区人民法院", "北京市丰台区人民法院")
DISTRICTS = (("110105", "朝阳区"), ("110108", "海淀区"), ("110102", "西城区"), ("110106", "丰台区"))
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英",
         "霞", "平", "刚", "桂英", "建华", "志强", "海燕", "晓东", "春梅", "国庆", "文博", "雨欣")
STREETS = ("示例路", "样板街", "测试大道", "虚构胡同", "演示东路", "范例西街")
ETHNICITIES = ("汉族",) * 9 + ("回族", "满族", "蒙古族")
METHODS = {"equal_installment": "等额本息", "equal_principal": "等额本金", "interest_only": "按月付息到期还本"}

LOAN_HEADER = (
    "借据号", "合同编号", "管辖法院", "借款人姓名", "借款人性别", "借款人出生日期", "借款人民族", "借款人身份证号",
    "借款人住址", "借款人手机", "保证人姓名", "保证人性别", "保证人出生日期", "保证人民族", "保证人身份证号",
    "保证人住址", "保证人手机", "贷款本金", "签订日期", "放款日期", "到期日期", "年利率", "罚息上浮比例",
    "计收复利", "计息天数", "还款方式", "期数", "每月还款日", "宣布提前到期日",
)
REPAYMENT_HEADER = ("借据号", "交易日期", "交易金额", "流水号", "备注")
CONTACT_HEADER = ("loan_id", "time", "channel", "party", "target", "outcome", "duration_s", "agent", "summary")
EXHIBIT_HEADER = ("file", "title", "source", "proves", "original")


@dataclass(frozen=True)
class SampleLoan:
    loan_id: str
    court: str
    borrower: Person
    guarantor: Person | None
    terms: Loan
    payments: tuple[Payment, ...]
    contacts: tuple[tuple[str, ...], ...]


def build_portfolio(root: Path, count: int = 60, seed: int = 2025, broken: bool = True,
                    prefix: str = "LN-SAMPLE") -> dict[str, Any]:
    """Write the export under ``root`` (which must be empty or absent); return its facts."""
    rng = random.Random(seed)
    loans = [_sample_loan(rng, f"{prefix}-{n:04d}", n) for n in range(1, count + 1)]
    root.mkdir(parents=True, exist_ok=True)
    _write_portfolio_yaml(root)
    loan_rows = [_loan_row(loan) for loan in loans]
    repayment_rows: list[list[Any]] = [row for loan in loans for row in _repayment_rows(loan)]
    contact_rows = [[loan.loan_id, *row] for loan in loans for row in loan.contacts]
    exhibits = {loan.loan_id: _write_exhibits(root / "exhibits" / loan.loan_id, loan) for loan in loans}
    if broken:
        _plant_broken_rows(prefix, loan_rows, repayment_rows, contact_rows, exhibits)
    write_csv(root / "loans.csv", LOAN_HEADER, loan_rows, encoding="utf-8-sig", crlf=True)
    write_xlsx(root / "repayments.xlsx", "还款流水", REPAYMENT_HEADER, repayment_rows)
    write_csv(root / "contacts.csv", CONTACT_HEADER, contact_rows, encoding="utf-8", crlf=False)
    for loan_id, rows in exhibits.items():
        write_csv(root / "exhibits" / loan_id / "exhibits.csv", EXHIBIT_HEADER, rows, encoding="utf-8", crlf=False)
    return {"loans": loans}


# --------------------------------------------------------------------------- one loan


def _person(rng: random.Random, gender: str, born: date) -> Person:
    area, district = rng.choice(DISTRICTS)
    sequence = rng.randrange(1, 499) * 2 + (gender == "男")  # odd = male, even = female
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    address = f"北京市{district}{rng.choice(STREETS)}{rng.randint(1, 99)}号院{rng.randint(1, 12)}号楼{rng.randint(101, 2606)}室"
    phone = f"13{rng.randint(5, 9)}{rng.randint(0, 99999999):08d}"
    return Person(name, gender, born, rng.choice(ETHNICITIES), area, f"{sequence:03d}", address, phone)


def _birth(rng: random.Random) -> date:
    return date(1965, 1, 1) + timedelta(days=rng.randrange(0, 365 * 35))


def _terms(rng: random.Random, loan_id: str, number: int) -> Loan:
    disbursed = date(2022, 7, 1) + timedelta(days=rng.randrange(0, 540))
    months = rng.choice((12, 24, 36))
    method = rng.choice(tuple(METHODS))
    maturity = _add_months(disbursed, months)
    return Loan(
        contract_no=f"示银京（{disbursed.year}）个消贷字第{number:04d}号",
        signed_on=disbursed - timedelta(days=rng.randint(1, 6)),
        principal=Decimal(rng.randrange(20, 300)) * 1000,
        disbursed_on=disbursed,
        maturity=maturity,
        annual_rate=rng.choice((Decimal("0.0435"), Decimal("0.0480"), Decimal("0.0550"), Decimal("0.0610"))),
        penalty_markup=Decimal("0.5"),
        compound=rng.random() < 0.7,
        day_count=360,
        repayment_method=method,
        installments=months,
        payment_day=disbursed.day if disbursed.day <= 28 else 28,
        loc=LOAN_YAML,
    )


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, 28))


def _sample_loan(rng: random.Random, loan_id: str, number: int) -> SampleLoan:
    gender = rng.choice("男女")
    borrower = _person(rng, gender, _birth(rng))
    guarantor = _person(rng, rng.choice("男女"), _birth(rng)) if rng.random() < 0.4 else None
    terms = _terms(rng, loan_id, number)
    items = [i for i in build_schedule(terms) if i.due_date < AS_OF - timedelta(days=60)]
    paid = rng.randint(1, max(1, len(items) - 2)) if len(items) > 2 else 0
    ledger = Ledger(terms, "repayments.csv")
    for it in items[:paid]:
        ledger.pay(it.due_date, item_total(it), f"{it.due_date:%Y%m%d}{number:04d}{it.number:03d}", f"第{it.number}期正常还款")
    stop = items[paid].due_date if paid < len(items) else terms.disbursed_on + timedelta(days=40)
    if terms.maturity > ACCELERATED_ON:
        terms = replace(terms, accelerated_on=ACCELERATED_ON)
    return SampleLoan(loan_id, rng.choice(COURTS), borrower, guarantor, terms, tuple(ledger.payments),
                      _contacts(rng, borrower, guarantor, stop))


def _contacts(rng: random.Random, borrower: Person, guarantor: Person | None, overdue: date) -> tuple[tuple[str, ...], ...]:
    agent = f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}(A{rng.randint(1000, 1999)})"
    day = datetime.combine(overdue, datetime.min.time()) + timedelta(days=2, hours=9, minutes=30)
    rows = [
        (day, "sms", "debtor", borrower.phone, "delivered", "", "系统", "逾期提醒：您的贷款已逾期，请尽快还款"),
        (day + timedelta(days=1, hours=1), "call", "debtor", borrower.phone, "no_answer", "", agent, "无人接听"),
        (day + timedelta(days=3, hours=5), "call", "debtor", borrower.phone, "promise_to_pay", str(rng.randint(40, 200)),
         agent, "借款人确认欠款，承诺尽快还款"),
    ]
    if guarantor is not None:
        rows.append((day + timedelta(days=20, hours=2), "call", "guarantor", guarantor.phone, "connected",
                     str(rng.randint(60, 240)), agent, "告知保证人借款人逾期及其保证责任"))
    rows.append((datetime(2025, 5, 12, 10, 0) + timedelta(minutes=rng.randint(0, 400)), "letter", "debtor",
                 borrower.address, "delivered", "", agent, "EMS寄送催收函暨提前到期通知书，本人签收"))
    return tuple((t.strftime("%Y-%m-%d %H:%M"), *rest) for t, *rest in rows)


# --------------------------------------------------------------------------- files


def _write_portfolio_yaml(root: Path) -> None:
    data = {
        "schema_version": 1,
        "as_of": AS_OF.isoformat(),
        "cause": "金融借款合同纠纷",
        "court": COURTS[0],
        "creditor": BANK_BJ.yaml(),
        "filings": {"payment_order": {}},
    }
    write_yaml(root / "portfolio.yaml", data,
               "# 示例银行北京分行 个人消费贷款 逾期资产包（虚构数据）: evidence-kit split portfolio -o cases\n")


def _loan_row(loan: SampleLoan) -> list[str]:
    t, b, g = loan.terms, loan.borrower, loan.guarantor
    party = [b.name, b.gender, b.birth.isoformat(), b.ethnicity, b.id_number, b.address, b.phone]
    surety = ([g.name, g.gender, g.birth.isoformat(), g.ethnicity, g.id_number, g.address, g.phone] if g
              else [""] * 7)
    return [
        loan.loan_id, t.contract_no, loan.court, *party, *surety, amt(t.principal), t.signed_on.isoformat(),
        t.disbursed_on.isoformat(), t.maturity.isoformat(), f"{t.annual_rate}", f"{t.penalty_markup}",
        "是" if t.compound else "否", str(t.day_count), METHODS[t.repayment_method], str(t.installments),
        str(t.payment_day), t.accelerated_on.isoformat() if t.accelerated_on else "",
    ]


def _repayment_rows(loan: SampleLoan) -> list[list[Any]]:
    return [[loan.loan_id, p.date, amt(p.amount), p.reference, p.note] for p in loan.payments]


def _write_exhibits(folder: Path, loan: SampleLoan) -> list[list[str]]:
    """A scanned 借据 for every loan and a scanned 保证合同 page when guaranteed (small palette PNGs)."""
    folder.mkdir(parents=True, exist_ok=True)
    t, b = loan.terms, loan.borrower
    receipt = [
        f"借据号：{loan.loan_id}", f"合同编号：{t.contract_no}", f"借款人：{b.name}　公民身份号码：{b.id_number}",
        f"借款金额：人民币{amt(t.principal)}元　年利率：{pct(t.annual_rate)}",
        f"放款日期：{cn_date(t.disbursed_on)}　到期日期：{cn_date(t.maturity)}",
        f"还款方式：{METHODS[t.repayment_method]}，共{t.installments}期",
        "借款人确认已收到上述借款，并按《个人消费借款合同》约定按期还本付息。",
        f"借款人（签字）：{b.name}　　{cn_date(t.disbursed_on)}",
    ]
    scan_page(folder / "借据.png", "借款借据", receipt, seed=hash_seed(loan.loan_id))
    rows = [["借据.png", "借款借据", "原告提供", "借款已实际发放，借款金额、期限与利率", "是"]]
    if loan.guarantor is not None:
        g = loan.guarantor
        contract = [
            f"合同编号：{t.contract_no}-保", f"保证人：{g.name}　公民身份号码：{g.id_number}",
            f"保证人自愿为借款人{b.name}在{t.contract_no}", f"《个人消费借款合同》项下的全部债务向{BANK_BJ.name}",
            "提供连带责任保证，保证期间为主债务履行期限届满之日起三年。",
            f"保证人（签字）：{g.name}　　{cn_date(t.signed_on)}",
        ]
        scan_page(folder / "保证合同.png", "保证合同", contract, seed=hash_seed(loan.loan_id) + 1)
        rows.append(["保证合同.png", "保证合同", "原告提供", "保证人承担连带保证责任", "是"])
    return rows


def hash_seed(text: str) -> int:
    """A seed from a loan id that does not depend on Python's per-process string hashing."""
    return sum((i + 1) * ord(c) for i, c in enumerate(text))


def scan_page(path: Path, title: str, lines: list[str], seed: int) -> None:
    """A small landscape page at 150 dpi, slightly rotated, as a scanner in a branch would save it."""
    page = Image.new("L", (827, 583), 252)
    draw = ImageDraw.Draw(page)
    text_center(draw, 413, 40, title, cjk_font(30, bold=True), 20)
    font = cjk_font(17)
    for n, line in enumerate(lines):
        draw.text((60, 110 + n * 50), line, font=font, fill=30)
    scanned = rotate_scan(page, random.Random(seed).uniform(-0.8, 0.8))
    save_png(scanned.convert("RGB"), path, colors=4)


def _plant_broken_rows(prefix: str, loans: list[list[str]], repayments: list[list[Any]],
                       contacts: list[list[str]], exhibits: dict[str, list[list[str]]]) -> None:
    """The rows split must report: see the module's docstring."""
    by_id = {row[0]: row for row in loans}
    id_column, principal_column = LOAN_HEADER.index("借款人身份证号"), LOAN_HEADER.index("贷款本金")
    if f"{prefix}-0007" in by_id:
        row = by_id[f"{prefix}-0007"]
        row[id_column] = row[id_column][:-1] + ("0" if row[id_column][-1] != "0" else "1")
    if f"{prefix}-0013" in by_id:
        by_id[f"{prefix}-0013"][principal_column] = "12x400.00"
    for row in repayments:
        if row[0] == f"{prefix}-0021":
            row[1] = "2024-13-05"
            break
    if f"{prefix}-0034" in exhibits:
        exhibits[f"{prefix}-0034"].append(["催收函回执.png", "催收函签收回执", "原告提供", "催收函已送达借款人", "否"])
    contacts.append([f"{prefix}-9999", "2025-03-03 10:00", "call", "debtor", "13900000000", "no_answer", "", "系统",
                     "借据号不在贷款清单中"])
    repayments.append([f"{prefix}-9998", date(2024, 5, 20), "1000.00", "202405209998001", "借据号不在贷款清单中"])
