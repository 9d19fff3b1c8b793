"""Case 1, consumer-loan/: 个人消费贷款, 等额本息, a personal borrower and a personal guarantor.

GB18030 ledger with the bank's split columns, Chinese-header contact log, contract, 借据, 保证合同 and
催收函 PDFs, an ID-card JPEG scan with an EXIF orientation, an EMS receipt PNG, a call recording.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from evidence_kit.case.model import Installment, Loan, Payment
from evidence_kit.claim.engine import Claim
from evidence_kit.claim.schedule import build_schedule
from evidence_kit.money import format_amount, to_capital

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
from .documents import LoanDoc, guarantee_contract, personal_loan_contract
from .loans import LOAN_YAML, Ledger, claim_at, claimed_yaml, item_total, loan_yaml, penalty_rate
from .parties import (
    CONTACT_HEADER_ZH,
    Contact,
    Org,
    Person,
    check_contacts,
    contact,
    contact_row,
    exhibit,
)
from .scans import (
    cjk_font,
    draw_seal,
    handwritten,
    rotate_scan,
    save_jpeg_with_orientation,
    save_png,
    speckle,
    star_points,
    text_center,
    write_recording,
)

BANK_BJ = Org(
    name="示例银行股份有限公司北京分行",
    code_body="91110000MA01B7KX4",
    address="北京市西城区示例金融街18号",
    rep_name="王建国",
    rep_title="行长",
    phone="010-66081200",
)
CONSUMER_BORROWER = Person(
    "刘建华", "男", date(1986, 5, 14), "汉族", "110105", "041",
    "北京市朝阳区示例路18号院3号楼2单元501室", "13800134417",
)
CONSUMER_GUARANTOR = Person(
    "周丽娟", "女", date(1984, 9, 3), "汉族", "110108", "042",
    "北京市海淀区示例园路6号楼1门302室", "13800136026",
)
CONSUMER_CONTRACT_NO = "示银京（2023）个消贷字第0417号"
CONSUMER_TERMS = Loan(
    contract_no=CONSUMER_CONTRACT_NO,
    principal=Decimal("200000.00"),
    annual_rate=Decimal("0.0435"),
    penalty_markup=Decimal("0.5"),
    compound=True,
    day_count=360,
    repayment_method="equal_installment",
    installments=36,
    signed_on=date(2023, 3, 15),
    disbursed_on=date(2023, 3, 20),
    maturity=date(2026, 3, 20),
    payment_day=20,
    accelerated_on=date(2024, 11, 25),
    loc=LOAN_YAML,
)
CONSUMER_GUARANTEE_NO = "示银京（2023）个保字第0417号"
CONSUMER_AS_OF = date(2025, 3, 31)
CONSUMER_ACCOUNT = "6217 0011 0000 4172 853"
EMERGENCY_CONTACT = ("刘建国", "13800131935")
EMS_NUMBER = "1128465530917"
SPLIT_COLUMNS = ("principal", "interest", "penalty", "compound", "fee")  # 归还本金, 归还利息, 罚息, 复利, 费用


def consumer_payments(terms: Loan, items: Sequence[Installment]) -> list[Payment]:
    """Installments 1–15 paid (9 and 15 late, with penalty and compound), a partial payment, then nothing.

    The rows carry the split the engine's allocation gives them, as the bank's system books it.
    """
    ledger = Ledger(terms, "repayments.csv")
    serial = 0

    def ref(day: date) -> str:
        nonlocal serial
        serial += 1
        return f"{day:%Y%m%d}{913000 + serial * 37:07d}"

    late = {9: (date(2023, 12, 23), "第9期逾期还款（含罚息复利）"), 15: (date(2024, 7, 8), "第15期逾期还款（含罚息复利）")}
    for it in items[:15]:
        if it.number in late:
            day, note = late[it.number]
            ledger.pay_in_full(day, ref(day), note)
        else:
            ledger.pay(it.due_date, item_total(it), ref(it.due_date), f"第{it.number}期正常还款")
    day = date(2024, 9, 5)
    ledger.pay(day, Decimal("3000.00"), ref(day), "部分还款（客户主动存入）")
    return ledger.with_splits()


def consumer_contacts() -> list[Contact]:
    b, g = CONSUMER_BORROWER, CONSUMER_GUARANTOR
    home = b.address
    a1, a2, a3 = "韩雪(A1027)", "郭鹏(A1033)", "马骏(V0112)"
    rec = "exhibits/07-催收录音-20240705.wav"
    ems = "exhibits/06-EMS签收回执.png"
    return [
        contact("2023-12-21 09:30:12", "sms", "debtor", b.phone, "delivered", None, "系统", "第9期还款提醒：应还5,xxx元已逾期，请尽快存入还款账户"),
        contact("2023-12-22 10:12:40", "call", "debtor", b.phone, "promise_to_pay", 96, a1, "借款人称忘记存款，承诺12月23日前还清"),
        contact("2024-06-21 09:30:05", "sms", "debtor", b.phone, "delivered", None, "系统", "第15期逾期提醒短信"),
        contact("2024-06-24 10:05:33", "call", "debtor", b.phone, "no_answer", None, a1, "无人接听"),
        contact("2024-06-24 15:41:02", "call", "debtor", b.phone, "no_answer", None, a1, "无人接听"),
        contact("2024-06-26 11:20:18", "call", "debtor", b.phone, "connected", 142, a1, "借款人称近期资金紧张，告知逾期后果及罚息复利计收规则"),
        contact("2024-07-05 14:08:51", "call", "debtor", b.phone, "promise_to_pay", 20, a1, "借款人确认欠款，承诺7月8日前归还第15期欠款", rec),
        contact("2024-07-22 09:30:07", "sms", "debtor", b.phone, "delivered", None, "系统", "第16期逾期提醒短信"),
        contact("2024-07-23 10:02:15", "call", "debtor", b.phone, "no_answer", None, a2, "无人接听"),
        contact("2024-07-23 16:30:44", "call", "debtor", b.phone, "no_answer", None, a2, "无人接听"),
        contact("2024-07-25 19:12:09", "call", "debtor", b.phone, "refused", 65, a2, "借款人称经营失败无力还款，拒绝提出还款计划"),
        contact("2024-07-29 10:40:26", "call", "guarantor", g.phone, "connected", 188, a2, "告知保证人借款人已逾期及其连带保证责任，保证人表示将督促借款人还款"),
        contact("2024-08-21 09:30:03", "sms", "debtor", b.phone, "delivered", None, "系统", "第16、17期逾期提醒短信"),
        contact("2024-08-28 11:15:37", "call", "debtor", b.phone, "promise_to_pay", 124, a2, "借款人承诺9月5日前先归还3,000元"),
        contact("2024-09-23 14:20:00", "visit", "debtor", home, "met", None, a3, "上门拜访借款人本人，当面送达逾期催收通知书，借款人签收"),
        contact("2024-10-10 09:30:11", "sms", "guarantor", g.phone, "delivered", None, "系统", "致保证人：借款人已逾期三期，请履行保证责任"),
        contact("2024-10-21 10:03:29", "call", "debtor", b.phone, "no_answer", None, a1, "无人接听"),
        contact("2024-10-21 14:31:50", "call", "debtor", b.phone, "no_answer", None, a1, "无人接听"),
        contact("2024-10-21 17:45:06", "call", "debtor", b.phone, "no_answer", None, a1, "无人接听"),
        contact("2024-10-22 10:10:43", "call", "emergency_contact", EMERGENCY_CONTACT[1], "connected", 51, a1, "联系紧急联系人（借款人之兄），仅请其转告借款人回电，未透露欠款信息"),
        contact("2024-10-24 18:22:35", "call", "debtor", b.phone, "connected", 97, a1, "借款人回电，称正在筹款，未给出具体还款日期"),
        contact("2024-11-25 15:30:00", "letter", "debtor", home, "delivered", None, a3, f"EMS寄送《贷款提前到期通知书暨催收函》，邮件号{EMS_NUMBER}，11月27日本人签收", ems),
        contact("2024-11-25 15:35:00", "letter", "guarantor", g.address, "delivered", None, a3, "EMS寄送《贷款提前到期通知书暨催收函》（保证人联），11月28日本人签收"),
        contact("2024-12-05 10:21:16", "call", "debtor", b.phone, "refused", 73, a2, "告知贷款已宣布提前到期，借款人表示暂无能力偿还"),
        contact("2024-12-16 15:05:00", "visit", "guarantor", g.address, "not_met", None, a3, "上门拜访保证人，家中无人，留置联系卡"),
        contact("2024-12-18 11:40:22", "call", "guarantor", g.phone, "connected", 160, a3, "保证人称与借款人协商中，要求银行先向借款人追索"),
        contact("2025-01-08 10:18:51", "call", "debtor", b.phone, "no_answer", None, a2, "无人接听"),
        contact("2025-01-09 09:30:06", "sms", "debtor", b.phone, "delivered", None, "系统", "贷款已提前到期，请尽快归还全部欠款，否则我行将依法起诉"),
        contact("2025-02-14 16:02:47", "call", "debtor", b.phone, "promise_to_pay", 135, a2, "借款人称3月底前筹款归还部分欠款，未兑现"),
        contact("2025-03-20 10:30:19", "sms", "guarantor", g.phone, "delivered", None, "系统", "致保证人：我行拟依法提起诉讼，请尽快履行保证责任"),
    ]


RECORDING_TRANSCRIPT = """\
录音时间：2024年7月5日14时08分51秒　时长：20秒
主叫：示例银行北京分行个人贷款中心　催收员：韩雪（工号A1027）
被叫：13800134417（借款人刘建华预留手机号码）

催收员：您好，我是示例银行北京分行的工作人员，请问是刘建华先生吗？
刘建华：是我。
催收员：您的个人消费贷款第15期，6月20日应还的{amount}元至今未还，已经逾期，罚息和复利每天都在增加。请问您什么时候能还上？
刘建华：我知道，这个月资金紧张，7月8号之前一定还上。
催收员：好的，我们记录您承诺7月8日前归还。请按时存入尾号2853的还款账户，再见。
刘建华：好，再见。
"""


def build_consumer(root: Path) -> dict[str, Any]:
    """Write consumer-loan/ under ``root``; return the facts --summary prints."""
    t, bank, b, g = CONSUMER_TERMS, BANK_BJ, CONSUMER_BORROWER, CONSUMER_GUARANTOR
    items = build_schedule(t)
    payments = consumer_payments(t, items)
    contacts = consumer_contacts()
    check_contacts(contacts, CONSUMER_AS_OF)
    at_acceleration = claim_at(t, payments, t.accelerated_on or CONSUMER_AS_OF)
    claim = claim_at(t, payments, CONSUMER_AS_OF)
    ex = root / "exhibits"

    write_csv(
        root / "repayments.csv",
        ("交易日期", "交易金额", "归还本金", "归还利息", "罚息", "复利", "费用", "流水号", "备注"),
        (
            [p.date.isoformat(), amt(p.amount), *(amt(p.split()[kind]) for kind in SPLIT_COLUMNS), p.reference, p.note]
            for p in payments
        ),
        encoding="gb18030",
        crlf=True,
    )
    write_csv(root / "contacts.csv", CONTACT_HEADER_ZH, (contact_row(c, iso_t=False) for c in _fill_amounts(contacts, items)),
              encoding="utf-8", crlf=False)

    doc = LoanDoc(
        guarantee_no=CONSUMER_GUARANTEE_NO, product="个人消费贷款",
        purpose="家庭装修及购置家具家电", bank=bank, borrower=b, guarantor=g, terms=t, items=items,
        account=CONSUMER_ACCOUNT, place="北京市西城区", bank_signer="赵红梅",
    )
    personal_loan_contract(doc, ex / "01-个人消费借款合同.pdf")
    loan_receipt(ex / "02-借款借据.pdf", doc)
    guarantee_contract(ex / "03-保证合同.pdf", CONSUMER_GUARANTEE_NO, bank, g, b.name, "个人借款合同",
                       t, "赵红梅", "北京市西城区", "朋友")
    id_card_scan(ex / "04-借款人身份证复印件.jpg", b, "北京市公安局朝阳分局", date(2016, 5, 10))
    acceleration_letter(ex / "05-提前到期通知书暨催收函.pdf", doc, at_acceleration, items)
    ems_receipt(ex / "06-EMS签收回执.png", b, bank)
    write_recording(ex / "07-催收录音-20240705.wav", seed=20240705, seconds=20,
                    turns=[("agent", 2.6), ("debtor", 0.7), ("agent", 4.2), ("debtor", 2.4), ("agent", 2.8), ("debtor", 0.6)])
    (ex / "07-催收录音-20240705.txt").write_text(
        RECORDING_TRANSCRIPT.format(amount=format_amount(item_total(items[14]))), encoding="utf-8"
    )

    preserve = claim.principal + claim.interest
    case: dict[str, Any] = {
        "schema_version": 1,
        "case_id": "SLBJ-GX-2023-0417",
        "as_of": CONSUMER_AS_OF.isoformat(),
        "court": "北京市朝阳区人民法院",
        "cause": "金融借款合同纠纷",
        "creditor": bank.yaml() | {"agent": {"name": "张雅琴", "org": "示例银行股份有限公司北京分行法律合规部", "phone": "010-66081235"}},
        "debtors": [b.yaml("borrower"), g.yaml("guarantor")],
        "loan": loan_yaml(t) | {"allocation_order": list(t.allocation_order), "claimed": claimed_yaml(claim)},
        "exhibits": [
            exhibit("exhibits/01-个人消费借款合同.pdf", f"个人借款合同（{CONSUMER_CONTRACT_NO}）", "申请人保存的合同原件",
                    "申请人与被申请人之间借款合同关系成立；借款金额、期限、利率、罚息、复利、清偿顺序及提前到期的约定", True),
            exhibit("exhibits/02-借款借据.pdf", "借款借据（放款凭证）", "申请人个人贷款业务系统",
                    f"申请人已于{cn_date(t.disbursed_on)}向被申请人发放贷款{format_amount(t.principal)}元", True),
            exhibit("exhibits/03-保证合同.pdf", f"保证合同（{CONSUMER_GUARANTEE_NO}）", "申请人保存的合同原件",
                    f"{g.name}为上述借款提供连带责任保证，保证范围及保证期间", True),
            exhibit("exhibits/04-借款人身份证复印件.jpg", f"被申请人{b.name}居民身份证复印件", "借款申请资料",
                    "被申请人的身份信息", False, sensitive=True),
            exhibit("exhibits/05-提前到期通知书暨催收函.pdf", "贷款提前到期通知书暨催收函", "申请人留存联",
                    f"申请人于{cn_date(t.accelerated_on or CONSUMER_AS_OF)}宣布贷款提前到期并向被申请人催收欠款", True),
            exhibit("exhibits/06-EMS签收回执.png", f"EMS邮件签收回执（邮件号{EMS_NUMBER}）", "中国邮政速递物流查询及签收回执",
                    "提前到期通知书暨催收函已于2024年11月27日由被申请人本人签收，诉讼时效中断", False),
            exhibit("exhibits/07-催收录音-20240705.wav", "电话催收录音（2024年7月5日）", "申请人客服中心录音系统",
                    "被申请人确认欠款并承诺于2024年7月8日前还款", True,
                    transcript="exhibits/07-催收录音-20240705.txt"),
        ],
        "filings": {
            "payment_order": {},
            "preservation": {
                "stage": "litigation",
                "amount": amt(preserve),
                "assets": [
                    {"kind": "银行存款", "description": f"被申请人{b.name}名下在各商业银行开立账户内的存款", "value": amt(preserve)},
                    {"kind": "机动车", "description": f"被申请人{b.name}名下小型轿车一辆（号牌京N·D7X52）", "value": "86000.00"},
                ],
                "guarantee": {"kind": "诉讼财产保全责任保险", "provider": "示例财产保险股份有限公司北京分公司", "amount": amt(preserve)},
            },
        },
    }
    write_yaml(root / "case.yaml", case, "# 样例案件：个人消费贷款（等额本息），由 samples/make_samples.py 生成，请勿手工修改。\n")
    return {"items": items, "payments": payments, "claim": claim}


def _fill_amounts(contacts: Sequence[Contact], items: Sequence[Installment]) -> list[Contact]:
    """Put the real installment amount into the reminder text."""
    return [replace(c, summary=c.summary.replace("5,xxx", format_amount(item_total(items[8])))) for c in contacts]


def loan_receipt(path: Path, doc: LoanDoc) -> None:
    t, b = doc.terms, doc.borrower
    method = {"equal_installment": "等额本息", "equal_principal": "等额本金"}[t.repayment_method]
    rows = [
        ("借款人", b.name, "公民身份号码", b.id_number),
        ("借款合同编号", doc.contract_no, "借据编号", "JJ" + t.disbursed_on.strftime("%Y%m%d") + "0417-01"),
        ("借款金额（小写）", f"￥{format_amount(t.principal)}", "借款金额（大写）", to_capital(t.principal)),
        ("放款日期", cn_date(t.disbursed_on), "到期日期", cn_date(t.maturity)),
        ("年利率", f"{pct(t.annual_rate)}（固定）", "罚息利率", f"{pct(penalty_rate(t))}（上浮{pct(t.penalty_markup)}）"),
        ("还款方式", f"{method}，按月还款，共{t.installments}期", "还款日", f"每月{t.payment_day}日"),
        ("借款用途", doc.purpose, "支付方式", "自主支付"),
        ("入账账号", doc.account, "开户行", "示例银行北京朝阳支行"),
        ("放款交易流水号", t.disbursed_on.strftime("%Y%m%d") + "0040117", "记账柜员", "B0271"),
    ]
    table = "".join(f"<tr><th>{a}</th><td>{b_}</td><th>{c}</th><td>{d}</td></tr>" for a, b_, c, d in rows)
    css = """
    @page { size: A5 landscape; margin: 9mm 12mm 11mm 12mm; }
    html { font-size: 8.6pt; line-height: 1.35; }
    h1 { font-size: 15pt; margin: 0; }
    table.grid { font-size: 8.4pt; line-height: 1.3; margin: 1mm 0; }
    table.grid td, table.grid th { padding: 0.7mm 1.4mm; }
    table.grid th { width: 16%; text-align: left; }
    .slot { height: 17mm; }
    .slot .stamp { top: -7mm; left: 34mm; }
    .slot .hand { top: 2mm; left: 22mm; }
    .slot .finger { top: 1mm; left: 48mm; }
    .signs { margin-top: 1mm; }
    """
    body = (
        "<h1>借款借据</h1><p class='subtitle' style='font-size:9pt;letter-spacing:0.2em;margin:0 0 1mm'>（放款凭证　第二联　贷款人留存）</p>"
        f"<table class='grid'>{table}</table>"
        "<p class='ni' style='font-size:8.5pt'>本借据为借款合同的组成部分。借款人确认已收到上述借款，并按借款合同约定还本付息。</p>"
        + signs(
            sign_slot("借款人签字：", hand=b.name, finger=True),
            sign_slot("贷款人（业务专用章）：", seal(doc.bank.name, "个人贷款业务专用章", 26)),
        )
    )
    write_pdf(path, f"借款借据 {doc.contract_no}", doc.bank.name, body, header="", css=css)


def acceleration_letter(path: Path, doc: LoanDoc, claim: Claim, items: Sequence[Installment]) -> None:
    t, b, g = doc.terms, doc.borrower, doc.guarantor
    when = t.accelerated_on or claim.as_of
    overdue = [it for it in items if it.due_date <= when and it.number >= 16]
    first = overdue[0]
    body = [
        f"<h1>贷款提前到期通知书<br/>暨催收函</h1><p class='docno'>示银京个贷催字〔{when.year}〕第1125-0417号</p>",
        f"<p class='ni'>{b.name}先生（借款人，公民身份号码{b.id_number}）：</p>",
        f"<p>您于{cn_date(t.signed_on)}与我行签订《个人借款合同》（编号：{doc.contract_no}），向我行借款人民币"
        f"{format_amount(t.principal)}元，期限{t.installments}个月，年利率{pct(t.annual_rate)}，按月等额本息还款。"
        f"{doc.guarantor.name}女士为该笔借款提供连带责任保证（《保证合同》编号：{doc.guarantee_no}）。</p>",
        f"<p>自{cn_date(first.due_date)}起，您未按约归还第{first.number}期至第{overdue[-1].number}期借款本息（其中"
        f"{cn_date(date(2024, 9, 5))}部分还款3,000.00元），逾期已连续超过六十日，构成合同第八条约定的违约事件。"
        "经多次电话、短信及上门催收，您仍未履行还款义务。</p>",
        f"<p>根据合同第八条第二款的约定，<b class='em'>我行现宣布上述合同项下全部借款于{cn_date(when)}提前到期。</b>"
        f"截至{cn_date(when)}，您尚欠我行：</p>",
        "<table class='grid' style='width:80%;margin-left:10%'>"
        f"<tr><th>项目</th><th class='num'>金额（元）</th></tr>"
        f"<tr><td>借款本金（含提前到期本金）</td><td class='num'>{format_amount(claim.principal)}</td></tr>"
        f"<tr><td>利息</td><td class='num'>{format_amount(claim.interest)}</td></tr>"
        f"<tr><td>罚息（年利率{pct(penalty_rate(t))}）</td><td class='num'>{format_amount(claim.penalty)}</td></tr>"
        f"<tr><td>复利（年利率{pct(penalty_rate(t))}）</td><td class='num'>{format_amount(claim.compound)}</td></tr>"
        f"<tr><th>合计</th><th class='num'>{format_amount(claim.total)}</th></tr></table>",
        f"<p>请您于收到本通知之日起十日内，将上述欠款存入您在我行开立的还款账户（账号：{doc.account}）。"
        f"自{cn_date(when)}次日起，我行将对未还本金按罚息利率计收罚息，对欠付利息按罚息利率计收复利，直至全部清偿之日止。"
        "逾期不还的，我行将依法向人民法院申请支付令或提起诉讼，并申请财产保全，由此产生的诉讼费、保全费等费用由您承担。</p>",
        f"<p>本通知书同时抄送保证人{g.name}女士，请保证人督促借款人履行还款义务，并依《保证合同》承担连带清偿责任。</p>",
        "<p>如对欠款金额有异议，请于收到本通知之日起七日内与我行个人贷款中心联系（电话：010-66081235，"
        f"地址：{doc.bank.address}）。</p>",
        "<div class='court-end'><p>示例银行股份有限公司北京分行</p>"
        f"<p>{cn_date(when)}</p><div class='stamp'>{seal(doc.bank.name, '个人贷款业务专用章', 38)}</div></div>",
        f"<p class='ni' style='margin-top:4mm;font-size:9.5pt'>抄送：保证人{g.name}（{g.address}）</p>",
    ]
    write_pdf(path, "贷款提前到期通知书暨催收函", doc.bank.name, "".join(body), header=doc.bank.name, css=LETTER_CSS)


def id_card_scan(path: Path, person: Person, authority: str, issued: date) -> None:
    """A photocopy of both sides of an ID card, slightly rotated, with grain and an EXIF orientation."""
    page = Image.new("L", (1000, 1380), 246)
    draw = ImageDraw.Draw(page)
    label, value = cjk_font(24), cjk_font(27)
    ink, faint = 25, 95
    for top in (150, 740):
        card = Image.new("L", (800, 505), 236)
        card_draw = ImageDraw.Draw(card)
        for k in range(12):
            y = 20 + k * 44
            card_draw.arc((-120, y - 420, 920, y + 420), start=200, end=340, fill=224, width=1)
        mask = Image.new("L", card.size, 0)
        ImageDraw.Draw(mask).rounded_rectangle((0, 0, 799, 504), radius=34, fill=255)
        page.paste(card, (100, top), mask)
        draw.rounded_rectangle((100, top, 899, top + 504), radius=34, outline=150, width=2)
    # front: the portrait side
    top = 150
    rows = [("姓　名", person.name), ("性　别", f"{person.gender}　　　民　族　{person.ethnicity.removesuffix('族')}"),
            ("出　生", f"{person.birth.year}　年　{person.birth.month}　月　{person.birth.day}　日")]
    for k, (lab, val) in enumerate(rows):
        draw.text((140, top + 60 + k * 62), lab, font=label, fill=faint)
        draw.text((250, top + 57 + k * 62), val, font=value, fill=ink)
    draw.text((140, top + 246), "住　址", font=label, fill=faint)
    address = person.address
    for k in range(0, len(address), 12):
        draw.text((250, top + 243 + (k // 12) * 38), address[k:k + 12], font=value, fill=ink)
    draw.text((140, top + 420), "公民身份号码", font=label, fill=faint)
    draw.text((320, top + 414), person.id_number, font=cjk_font(34), fill=ink)
    draw.rectangle((650, top + 70, 860, top + 330), fill=208)
    draw.ellipse((705, top + 110, 805, top + 230), fill=120)
    draw.pieslice((660, top + 220, 850, top + 420), start=180, end=360, fill=120)
    # back: the emblem side
    top = 740
    draw.ellipse((150, top + 45, 280, top + 175), outline=70, width=5)
    draw.ellipse((163, top + 58, 267, top + 162), outline=110, width=2)
    for cx, cy, r in ((215, top + 100, 24), (180, top + 86, 8), (190, top + 122, 8), (240, top + 122, 8), (250, top + 86, 8)):
        draw.polygon(star_points(cx, cy, r), fill=70)
    text_center(draw, 560, top + 70, "中华人民共和国", cjk_font(44, bold=True), ink)
    text_center(draw, 560, top + 150, "居 民 身 份 证", cjk_font(62, bold=True, serif=True), ink)
    expires = date(issued.year + 20, issued.month, issued.day)
    draw.text((200, top + 330), "签发机关", font=label, fill=faint)
    draw.text((340, top + 327), authority, font=value, fill=ink)
    draw.text((200, top + 395), "有效期限", font=label, fill=faint)
    draw.text((340, top + 392), f"{issued:%Y.%m.%d}-{expires:%Y.%m.%d}", font=value, fill=ink)
    watermark = Image.new("L", page.size, 0)
    ImageDraw.Draw(watermark).text((190, 640), "仅供示例银行个人贷款业务使用　他用无效", font=cjk_font(40), fill=255)
    watermark = watermark.rotate(28, resample=Image.Resampling.BICUBIC)
    page.paste(150, (0, 0), watermark.point(lambda v: v * 55 // 100))
    scan = speckle(rotate_scan(page, -1.3), seed=4172, density=260, amplitude=90)
    save_jpeg_with_orientation(scan, path, orientation=6, when="2023:03:14 10:22:31")


def ems_receipt(path: Path, person: Person, bank: Org) -> None:
    """The EMS waybill's receipt copy with the recipient's signature, as a colour scan (PNG)."""
    img = Image.new("RGB", (1200, 820), (252, 252, 249))
    draw = ImageDraw.Draw(img)
    green, ink, blue = (0, 112, 74), (30, 30, 30), (28, 42, 110)
    draw.rectangle((30, 30, 1170, 790), outline=green, width=3)
    draw.rectangle((30, 30, 1170, 110), fill=green)
    draw.text((55, 45), "EMS", font=cjk_font(44, bold=True), fill=(255, 255, 255))
    draw.text((190, 52), "中国邮政速递物流　国内标准快递　详情单（收件人签收联）", font=cjk_font(30, bold=True), fill=(255, 255, 255))
    draw.text((780, 130), "邮件号码", font=cjk_font(22), fill=green)
    _barcode(draw, (780, 160, 1150, 230), EMS_NUMBER)
    draw.text((860, 236), " ".join(EMS_NUMBER), font=cjk_font(22), fill=ink)
    fields = [
        ("寄件人", "示例银行北京分行个人贷款中心　电话 010-66081235"),
        ("寄件地址", bank.address),
        ("收件人", f"{person.name}　　电话 {person.phone[:3]}****{person.phone[-4:]}"),
        ("收件地址", person.address),
        ("内件品名", "文件（贷款提前到期通知书暨催收函）　1件"),
        ("收寄日期", "2024年11月25日 16:40　北京金融街营业部"),
    ]
    for k, (lab, val) in enumerate(fields):
        y = 140 + k * 62
        draw.line((45, y + 52, 760, y + 52), fill=(190, 205, 195), width=1)
        draw.text((50, y + 12), lab, font=cjk_font(22), fill=green)
        draw.text((170, y + 10), val, font=cjk_font(25), fill=ink)
    draw.rectangle((45, 530, 1155, 770), outline=green, width=2)
    draw.text((60, 545), "收件人签名：", font=cjk_font(24), fill=green)
    handwritten(img, (230, 560), person.name, 52, blue)
    draw.text((60, 650), "签收时间：", font=cjk_font(24), fill=green)
    draw.text((190, 645), "2024 年 11 月 27 日 10 时 42 分", font=cjk_font(28), fill=blue)
    draw.text((60, 710), "□ 他人代收　■ 本人签收　　投递员：邹海（工号 BJ0563）", font=cjk_font(24), fill=ink)
    draw_seal(draw, 980, 650, 95, "中国邮政速递物流北京朝阳投递部", "已妥投")
    scan = speckle(rotate_scan(img, 0.8), seed=1127, density=420, amplitude=0)
    save_png(scan, path, colors=48)


def _barcode(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], data: str) -> None:
    """Bars derived from the digits (a look-alike, not a real Code 128)."""
    left, top, right, bottom = box
    x = left
    rng = random.Random(data)
    while x < right - 6:
        width = rng.choice((2, 2, 3, 4, 6))
        draw.rectangle((x, top, x + width - 1, bottom), fill=(20, 20, 20))
        x += width + rng.choice((2, 3, 4))

