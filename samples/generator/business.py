"""Case 2, business-loan/: 流动资金贷款 to a company, 按月付息到期还本, the legal representative guarantees.

XLSX ledger without split columns, the bank's schedule.csv, English-header contacts (UTF-8 with BOM),
contract, 保证合同, 董事会决议 and 催收通知书 PDFs, a business-licence PNG scan.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
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
    articles,
    cn_date,
    handwriting,
    pct,
    seal,
    sign_slot,
    signs,
    write_csv,
    write_pdf,
    write_xlsx,
    write_yaml,
)
from .documents import guarantee_contract, schedule_table
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
from .scans import (
    cjk_font,
    draw_seal,
    handwritten,
    rotate_scan,
    save_png,
    speckle,
    star_points,
    text_center,
)

BANK_SH = Org(
    name="示例银行股份有限公司上海分行",
    code_body="91310000MA1FL3QK2",
    address="上海市浦东新区示例环路100号",
    rep_name="李卫东",
    rep_title="行长",
    phone="021-58881200",
)
COMPANY = Org(
    name="上海示例精密机械有限公司",
    code_body="91310115MA1K4B2X7",
    address="上海市浦东新区示例工业园区88号3幢",
    rep_name="陈志远",
    rep_title="董事长",
    phone="021-50856618",
)
COMPANY_REP = Person(
    "陈志远", "男", date(1975, 11, 2), "汉族", "310115", "051",
    "上海市浦东新区示例路1288弄16号1201室", "13800139288",
)
BUSINESS_CONTRACT_NO = "示银沪（2024）流贷字第0086号"
BUSINESS_TERMS = Loan(
    contract_no=BUSINESS_CONTRACT_NO,
    principal=Decimal("1500000.00"),
    annual_rate=Decimal("0.0385"),
    penalty_markup=Decimal("0.5"),
    compound=True,
    day_count=360,
    repayment_method="interest_only",
    installments=12,
    signed_on=date(2024, 4, 8),
    disbursed_on=date(2024, 4, 10),
    maturity=date(2025, 4, 10),
    payment_day=21,
    loc=LOAN_YAML,
)
BUSINESS_GUARANTEE_NO = "示银沪（2024）保字第0086号"
BUSINESS_AS_OF = date(2025, 6, 30)
BUSINESS_ACCOUNT = "3101 0086 2100 0045 127"
DEMAND_DATE = date(2025, 4, 15)


def business_payments(terms: Loan, items: Sequence[Installment]) -> list[Payment]:
    """Interest items 1–8 paid on their due dates, one partial payment, then nothing."""
    ledger = Ledger(terms, "repayments.xlsx")
    for it in items[:8]:
        ledger.pay(it.due_date, item_total(it), f"LD{it.due_date:%Y%m%d}{8600 + it.number:05d}", f"第{it.number}期利息扣收")
    ledger.pay(date(2025, 2, 10), Decimal("2000.00"), "LD2025021008711", "客户转账还款（部分）")
    return ledger.payments


def business_contacts(items: Sequence[Installment]) -> list[Contact]:
    c, rep = COMPANY, COMPANY_REP
    finance = "021-50856620"
    a1, a2 = "沈佳(S2041)", "顾晨(S2057)"
    demand = "exhibits/05-催收通知书.pdf"
    return [
        contact("2025-01-22T10:15:00", "call", "debtor", finance, "connected", 132, a1, f"联系借款人财务负责人，告知1月21日应付利息{format_amount(items[8].interest)}元未付"),
        contact("2025-01-27T14:40:00", "call", "guarantor", rep.phone, "promise_to_pay", 210, a1, "保证人（法定代表人）称回款延迟，承诺2月上旬先付部分利息"),
        contact("2025-02-24T09:50:00", "call", "debtor", finance, "no_answer", None, a1, "无人接听"),
        contact("2025-02-24T15:20:00", "call", "debtor", c.phone, "connected", 96, a1, "告知2月21日利息未付，前台转达财务负责人"),
        contact("2025-03-24T10:05:00", "visit", "debtor", c.address, "met", None, a2, "上门走访借款人，与法定代表人面谈，了解经营状况，提示到期还本"),
        contact("2025-04-11T09:40:00", "call", "guarantor", rep.phone, "connected", 185, a2, "贷款已于4月10日到期未还本，要求借款人及保证人筹措还款"),
        contact("2025-04-15T16:30:00", "letter", "debtor", c.address, "delivered", None, a2, "EMS寄送《催收通知书》，4月17日借款人签收", demand),
        contact("2025-04-15T16:35:00", "letter", "guarantor", rep.address, "delivered", None, a2, "EMS寄送《催收通知书》（保证人联），4月18日本人签收", demand),
        contact("2025-04-28T11:10:00", "call", "guarantor", rep.phone, "refused", 142, a2, "保证人称正在办理转贷，拒绝先行承担保证责任"),
        contact("2025-05-20T10:25:00", "visit", "debtor", c.address, "not_met", None, a2, "上门走访，厂区停工，未见到法定代表人"),
        contact("2025-05-21T14:00:00", "email", "debtor", "finance@shili-jixie.example.cn", "delivered", None, a2, "向借款人预留邮箱发送欠款明细及还款要求"),
        contact("2025-06-16T09:35:00", "call", "guarantor", rep.phone, "promise_to_pay", 168, a1, "保证人承诺6月底前提出还款方案，至今未兑现"),
    ]


def build_business(root: Path) -> dict[str, Any]:
    """Write business-loan/ under ``root``; return the facts --summary prints."""
    t, bank, co, rep = BUSINESS_TERMS, BANK_SH, COMPANY, COMPANY_REP
    items = build_schedule(t)
    payments = business_payments(t, items)
    contacts = business_contacts(items)
    check_contacts(contacts, BUSINESS_AS_OF)
    at_demand = claim_at(t, payments, DEMAND_DATE)
    claim = claim_at(t, payments, BUSINESS_AS_OF)
    ex = root / "exhibits"

    write_csv(root / "schedule.csv", ("due_date", "principal", "interest"),
              ([it.due_date.isoformat(), amt(it.principal), amt(it.interest)] for it in items),
              encoding="utf-8-sig", crlf=True)
    write_xlsx(root / "repayments.xlsx", "还款流水", ("date", "amount", "reference", "note"),
               [(p.date, amt(p.amount), p.reference, p.note) for p in payments])
    write_csv(root / "contacts.csv", CONTACT_HEADER_EN, (contact_row(c, iso_t=True) for c in contacts),
              encoding="utf-8-sig", crlf=True)

    business_contract(ex / "01-流动资金借款合同.pdf", items)
    guarantee_contract(ex / "02-保证合同.pdf", BUSINESS_GUARANTEE_NO, bank, rep, co.name, "流动资金借款合同",
                       t, "钱海峰", "上海市浦东新区", "法定代表人、董事长")
    business_licence(ex / "03-营业执照（副本）.png")
    board_resolution(ex / "04-董事会决议.pdf")
    demand_letter(ex / "05-催收通知书.pdf", at_demand, items)

    case: dict[str, Any] = {
        "schema_version": 1,
        "case_id": "SLSH-LD-2024-0086",
        "as_of": BUSINESS_AS_OF.isoformat(),
        "court": "上海市浦东新区人民法院",
        "cause": "金融借款合同纠纷",
        "creditor": bank.yaml() | {"agent": {"name": "吴静", "org": "上海示例律师事务所", "phone": "021-68880123"}},
        "debtors": [co.yaml("borrower"), rep.yaml("guarantor")],
        "loan": loan_yaml(t) | {"claimed": claimed_yaml(claim)},
        "files": {"repayments": "repayments.xlsx"},
        "exhibits": [
            exhibit("exhibits/01-流动资金借款合同.pdf", f"流动资金借款合同（{BUSINESS_CONTRACT_NO}）", "原告保存的合同原件",
                    "借款合同关系成立；借款金额、期限、利率、按月付息到期还本、罚息复利及计息基数的约定", True),
            exhibit("exhibits/02-保证合同.pdf", f"保证合同（{BUSINESS_GUARANTEE_NO}）", "原告保存的合同原件",
                    f"{rep.name}为借款提供连带责任保证", True),
            exhibit("exhibits/03-营业执照（副本）.png", f"{co.name}营业执照（副本）复印件", "借款人提交的贷款申请资料",
                    "借款人的主体资格及法定代表人身份", False),
            exhibit("exhibits/04-董事会决议.pdf", f"{co.name}董事会决议", "借款人提交的贷款申请资料",
                    "借款人内部已同意本次借款，法定代表人有权代表公司签约", True),
            exhibit("exhibits/05-催收通知书.pdf", "催收通知书", "原告留存联",
                    f"原告于{cn_date(DEMAND_DATE)}向借款人及保证人催收到期欠款", True),
        ],
        "filings": {"payment_order": {}, "complaint": {}},
    }
    write_yaml(root / "case.yaml", case, "# 样例案件：流动资金贷款（按月付息、到期还本），由 samples/make_samples.py 生成，请勿手工修改。\n")
    return {"items": items, "payments": payments, "claim": claim}


def business_contract(path: Path, items: Sequence[Installment]) -> None:
    t, bank, co, rep = BUSINESS_TERMS, BANK_SH, COMPANY, COMPANY_REP
    body = [
        "<h1>流动资金借款合同</h1>",
        f"<p class='docno'>合同编号：{BUSINESS_CONTRACT_NO}</p>",
        co.block("借款人（甲方）"),
        bank.block("贷款人（乙方）"),
        "<p>甲方因日常生产经营周转需要向乙方申请流动资金贷款，乙方同意发放。根据《中华人民共和国民法典》"
        "《流动资金贷款管理办法》等有关规定，甲乙双方经协商一致，订立本合同。</p>",
        articles(
            [
                ("借款金额", [f"借款金额为人民币{format_amount(t.principal)}元（大写：{to_capital(t.principal)}）。"]),
                (
                    "借款用途",
                    [
                        "2.1 借款用途：购买原材料（钢材、轴承及数控刀具）及支付加工费。",
                        "2.2 未经乙方书面同意，甲方不得改变借款用途，不得将借款用于固定资产、股权等投资，"
                        "不得用于国家禁止生产、经营的领域和用途。",
                        "2.3 单笔支付金额超过人民币五十万元的，采用乙方受托支付方式。",
                    ],
                ),
                (
                    "借款期限",
                    [
                        f"借款期限为十二个月，自{cn_date(t.disbursed_on)}起至{cn_date(t.maturity)}止。"
                        "实际提款日以借款借据为准。",
                    ],
                ),
                (
                    "借款利率与计息",
                    [
                        f"4.1 本合同借款利率为固定利率，年利率为<b class='em'>{pct(t.annual_rate)}</b>，"
                        "在借款期限内不作调整。",
                        f"4.2 <b class='em'>日利率＝年利率÷{t.day_count}。</b>利息自实际提款日起按实际占用天数计算，"
                        "计息期间为上一结息日（首期为提款日）至本结息日。",
                        f"4.3 <b class='em'>本合同项下借款按月结息，结息日为每月{t.payment_day}日，甲方应于结息日当日付息；"
                        "借款到期日利随本清。</b>",
                    ],
                ),
                (
                    "提款",
                    [
                        "5.1 甲方提款前应满足：本合同及保证合同已生效；甲方已提交董事会同意借款的决议；"
                        "甲方已提交用款计划及相应交易资料。",
                        f"5.2 借款发放至甲方在乙方开立的结算账户（账号：{BUSINESS_ACCOUNT}），该账户同时为还款账户。",
                    ],
                ),
                (
                    "还款",
                    [
                        f"6.1 <b class='em'>本合同项下借款本金于借款到期日{cn_date(t.maturity)}一次性归还。</b>",
                        "6.2 甲方应于每一结息日及到期日前在还款账户存足应付款项，并授权乙方直接扣收。",
                        "6.3 甲方提前还款的，应提前三十个银行工作日书面申请并经乙方同意，提前还款部分按实际占用天数计息。",
                    ],
                ),
                (
                    "逾期罚息与复利",
                    [
                        f"7.1 <b class='em'>甲方未按期归还借款本金的，乙方自逾期之日起就逾期本金按罚息利率计收罚息，"
                        f"罚息利率为本合同借款利率上浮{pct(t.penalty_markup)}，即年利率{pct(penalty_rate(t))}。</b>",
                        "7.2 <b class='em'>对甲方不能按期支付的利息，乙方按罚息利率按日计收复利。</b>",
                        "7.3 甲方未按约定用途使用借款的，对挪用部分按借款利率上浮百分之百计收罚息。",
                    ],
                ),
                (
                    "清偿顺序",
                    ["甲方的还款不足以清偿全部到期债务的，依次清偿实现债权的费用、罚息、复利、利息和本金。"],
                ),
                (
                    "甲方的陈述与承诺",
                    [
                        "9.1 甲方是依法设立并有效存续的有限责任公司，签订和履行本合同已经其董事会决议同意。",
                        "9.2 甲方按月向乙方提供财务报表，并配合乙方对借款使用情况及经营状况的检查。",
                        "9.3 甲方发生合并、分立、减资、股权变更、重大资产转让或涉及重大诉讼的，应提前书面通知乙方。",
                    ],
                ),
                (
                    "担保",
                    [
                        f"本合同项下债务由{rep.name}提供连带责任保证，另行签订《保证合同》（编号：{BUSINESS_GUARANTEE_NO}）。",
                    ],
                ),
                (
                    "违约责任",
                    [
                        "11.1 甲方未按期付息或还本、未按约定用途使用借款、提供虚假资料、经营状况严重恶化，"
                        "或保证人丧失担保能力的，构成违约。",
                        "11.2 <b class='em'>甲方违约的，乙方有权停止发放尚未发放的借款，宣布已发放借款全部或部分提前到期，"
                        "并要求甲方立即偿还全部借款本息。</b>",
                        "11.3 乙方为实现债权而发生的诉讼费、保全费、律师费等费用由甲方承担。",
                    ],
                ),
                (
                    "送达与争议解决",
                    [
                        "12.1 甲方确认本合同首部载明的住所及联系电话为送达地址，适用于催收和诉讼、执行各阶段。",
                        "12.2 本合同履行中发生的争议，由双方协商解决；协商不成的，向乙方住所地有管辖权的人民法院起诉，"
                        "乙方亦可依法申请支付令。",
                    ],
                ),
                (
                    "其他",
                    [
                        "本合同自甲方法定代表人或授权代理人签字并加盖公章、乙方负责人或授权代理人签字并加盖合同专用章之日起生效。"
                        "本合同一式三份，甲方一份、乙方两份，具有同等法律效力。",
                    ],
                ),
            ]
        ),
        "<p class='right'>（以下无正文）</p><div class='keep'>"
        "<p class='notice'><b class='em'>特别提示：</b>乙方已提请甲方特别注意本合同第四条（利率与计息）、第六条（还款）、"
        "第七条（罚息与复利）及第十一条（违约责任）等加粗条款并作了说明，甲方已充分理解。</p>",
        signs(
            sign_slot("甲方（公章）：", seal(co.name, "", 40, co.credit_code[-9:])) + sign_slot("法定代表人（签字）：", hand=rep.name),
            sign_slot("乙方（合同专用章）：", seal(bank.name, "合同专用章")) + sign_slot("负责人或授权代理人（签字）：", hand="钱海峰"),
        ),
        f"<p class='ni'>签订日期：{cn_date(t.signed_on)}　　　　签订地点：上海市浦东新区</p></div>",
        "<div class='pagebreak'></div>",
        f"<h2>附件：付息计划（合同编号：{BUSINESS_CONTRACT_NO}）</h2>",
        f"<p class='ni'>借款本金：人民币{format_amount(t.principal)}元；年利率：{pct(t.annual_rate)}；日利率＝年利率÷{t.day_count}；"
        f"结息日：每月{t.payment_day}日；到期日：{t.maturity.isoformat()}。</p>",
        schedule_table(items, t.principal),
    ]
    write_pdf(path, f"流动资金借款合同 {BUSINESS_CONTRACT_NO}", bank.name, "".join(body), header=f"合同编号：{BUSINESS_CONTRACT_NO}")


def board_resolution(path: Path) -> None:
    t, co, rep = BUSINESS_TERMS, COMPANY, COMPANY_REP
    directors = [("陈志远", "董事长"), ("林慧", "董事"), ("吴国平", "董事")]
    sign_rows = "".join(
        f"<tr><td>{title}</td><td>{name}</td><td>同意</td><td>{handwriting(name, 14)}</td></tr>" for name, title in directors
    )
    body = [
        f"<h1>{co.name}<br/>董事会决议</h1>",
        "<p class='docno'>董决字〔2024〕第3号</p>",
        f"<p>{co.name}（以下简称“公司”）第三届董事会第六次会议于{cn_date(date(2024, 4, 2))}在公司会议室召开。"
        "会议通知已于三日前以书面方式送达全体董事。本次会议应到董事三名，实到董事三名，由董事长陈志远主持，"
        "公司监事列席会议。会议的召集、召开程序符合《中华人民共和国公司法》及公司章程的规定，所作决议合法有效。</p>",
        "<p>经与会董事认真审议，以三票同意、零票反对、零票弃权，一致通过如下决议：</p>",
        f"<p>一、同意公司向示例银行股份有限公司上海分行申请流动资金贷款人民币{format_amount(t.principal)}元"
        f"（大写：{to_capital(t.principal)}），期限十二个月，年利率{pct(t.annual_rate)}，按月付息、到期还本，"
        "用于购买原材料及支付加工费。</p>",
        f"<p>二、同意由公司法定代表人{rep.name}以个人名义为上述贷款提供连带责任保证。</p>",
        f"<p>三、授权法定代表人{rep.name}代表公司签署与本次贷款有关的借款合同、借款借据及其他法律文件，"
        "并办理提款、还款等相关事宜。</p>",
        "<p>四、公司保证按期足额偿还贷款本息，如期履行借款合同约定的各项义务。</p>",
        "<table class='grid' style='margin-top:6mm'><tr><th>职务</th><th>姓名</th><th>表决意见</th><th>签字</th></tr>"
        f"{sign_rows}</table>",
        f"<div class='court-end'><p>{co.name}（盖章）</p><p>{cn_date(date(2024, 4, 2))}</p>"
        f"<div class='stamp'>{seal(co.name, '', 40, co.credit_code[-9:])}</div></div>",
    ]
    write_pdf(path, f"{co.name}董事会决议", co.name, "".join(body), header="")


def demand_letter(path: Path, claim: Claim, items: Sequence[Installment]) -> None:
    t, bank, co, rep = BUSINESS_TERMS, BANK_SH, COMPANY, COMPANY_REP
    body = [
        "<h1>催收通知书</h1>",
        "<p class='docno'>示银沪公催字〔2025〕第0415-086号</p>",
        f"<p class='ni'>借款人：{co.name}</p><p class='ni'>保证人：{rep.name}</p>",
        f"<p>贵公司于{cn_date(t.signed_on)}与我行签订《流动资金借款合同》（编号：{BUSINESS_CONTRACT_NO}），"
        f"于{cn_date(t.disbursed_on)}提款人民币{format_amount(t.principal)}元，借款到期日为{cn_date(t.maturity)}，"
        f"年利率{pct(t.annual_rate)}，按月付息、到期还本。{rep.name}先生为该笔借款提供连带责任保证"
        f"（《保证合同》编号：{BUSINESS_GUARANTEE_NO}）。</p>",
        f"<p>贵公司自{cn_date(items[8].due_date)}起未按约支付利息（其间于{cn_date(date(2025, 2, 10))}仅支付2,000.00元），"
        f"借款本金于{cn_date(t.maturity)}到期后亦未归还。截至{cn_date(claim.as_of)}，贵公司尚欠我行：</p>",
        "<table class='grid' style='width:80%;margin-left:10%'>"
        "<tr><th>项目</th><th class='num'>金额（元）</th></tr>"
        f"<tr><td>借款本金</td><td class='num'>{format_amount(claim.principal)}</td></tr>"
        f"<tr><td>利息</td><td class='num'>{format_amount(claim.interest)}</td></tr>"
        f"<tr><td>罚息</td><td class='num'>{format_amount(claim.penalty)}</td></tr>"
        f"<tr><td>复利</td><td class='num'>{format_amount(claim.compound)}</td></tr>"
        f"<tr><th>合计</th><th class='num'>{format_amount(claim.total)}</th></tr></table>",
        f"<p>请贵公司于收到本通知书之日起七日内归还上述全部欠款。{cn_date(claim.as_of)}之后的罚息、复利，"
        f"按合同约定以年利率{pct(penalty_rate(t))}继续计收至实际清偿之日止。</p>",
        f"<p>请保证人{rep.name}先生依照《保证合同》的约定，对上述债务承担连带清偿责任。</p>",
        "<p>逾期未履行的，我行将依法采取申请支付令、提起诉讼及申请财产保全等措施，由此产生的一切费用由借款人"
        "及保证人承担。特此通知。</p>",
        "<p class='ni'>联系人：顾晨　电话：021-58881267</p>",
        f"<div class='court-end'><p>{bank.name}</p><p>{cn_date(DEMAND_DATE)}</p>"
        f"<div class='stamp'>{seal(bank.name, '公司业务专用章', 38)}</div></div>",
        "<table class='grid' style='margin-top:14mm'><tr><th colspan='2'>回　执</th></tr>"
        f"<tr><td style='width:50%'>借款人签收：{handwriting('陈志远', 14)}（公司章）<br/>签收日期：2025年4月17日</td>"
        f"<td>保证人签收：{handwriting('陈志远', 14)}<br/>签收日期：2025年4月18日</td></tr></table>",
    ]
    write_pdf(path, "催收通知书", bank.name, "".join(body), header=bank.name, css=LETTER_CSS)


def business_licence(path: Path) -> None:
    co = COMPANY
    img = Image.new("RGB", (1240, 880), (250, 247, 240))
    draw = ImageDraw.Draw(img)
    red, brown, ink = (196, 44, 40), (150, 80, 40), (30, 30, 30)
    draw.rectangle((20, 20, 1220, 860), outline=brown, width=14)
    draw.rectangle((44, 44, 1196, 836), outline=brown, width=3)
    for x in range(60, 1190, 28):
        draw.arc((x, 28, x + 28, 44), 0, 180, fill=brown, width=2)
        draw.arc((x, 836, x + 28, 852), 180, 360, fill=brown, width=2)
    draw.ellipse((575, 62, 665, 152), fill=red)
    gold = (240, 200, 60)
    for cx, cy, r in ((620, 104, 20), (592, 86, 7), (600, 124, 7), (640, 124, 7), (648, 86, 7)):
        draw.polygon(star_points(cx, cy, r), fill=gold)
    text_center(draw, 620, 165, "营 业 执 照", cjk_font(66, bold=True, serif=True), ink)
    text_center(draw, 620, 255, "（副　　本）", cjk_font(30), ink)
    draw.text((80, 200), "统一社会信用代码", font=cjk_font(22), fill=ink)
    draw.text((80, 232), co.credit_code, font=cjk_font(28, bold=True), fill=ink)
    rng = random.Random(co.credit_code)
    for r in range(25):
        for c in range(25):
            corner = (r < 7 and c < 7) or (r < 7 and c > 17) or (r > 17 and c < 7)
            on = (r in (0, 6) or c in (0, 6) or (2 <= r <= 4 and 2 <= c <= 4)) if corner else rng.random() < 0.48
            if corner and r > 17:
                on = r in (18, 24) or c in (0, 6) or (20 <= r <= 22 and 2 <= c <= 4)
            if corner and c > 17:
                on = r in (0, 6) or c in (18, 24) or (2 <= r <= 4 and 20 <= c <= 22)
            if on:
                draw.rectangle((1000 + c * 6, 190 + r * 6, 1005 + c * 6, 195 + r * 6), fill=ink)
    draw.text((990, 345), "扫描二维码登录“国家企业\n信用信息公示系统”了解\n更多登记、备案、许可、\n监管信息", font=cjk_font(14), fill=ink)
    left = [
        ("名　　称", co.name),
        ("类　　型", "有限责任公司（自然人投资或控股）"),
        ("法定代表人", co.rep_name),
        ("经营范围", "一般项目：通用设备制造（不含特种设备制造）；机械零件、零部件加工；"),
        ("", "五金产品批发；技术服务、技术开发、技术咨询、技术交流、技术转让、"),
        ("", "技术推广。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）"),
    ]
    right = [
        ("注册资本", "人民币2000万元整"),
        ("成立日期", "2016年08月23日"),
        ("营业期限", "2016年08月23日至2046年08月22日"),
        ("住　　所", co.address),
    ]
    for k, (lab, val) in enumerate(left):
        y = 330 + k * 48
        draw.text((80, y), lab, font=cjk_font(23, bold=True), fill=ink)
        draw.text((230, y), val, font=cjk_font(22), fill=ink)
    for k, (lab, val) in enumerate(right):
        y = 622 + k * 42
        draw.text((80, y), lab, font=cjk_font(23, bold=True), fill=ink)
        draw.text((230, y), val, font=cjk_font(22), fill=ink)
    draw.text((780, 700), "登 记 机 关", font=cjk_font(26, bold=True), fill=ink)
    draw.text((800, 770), "2023 年 05 月 16 日", font=cjk_font(24), fill=ink)
    draw_seal(draw, 1000, 700, 88, "上海市浦东新区市场监督管理局", "")
    draw.text((470, 812), "国家市场监督管理总局监制", font=cjk_font(16), fill=ink)
    handwritten(img, (70, 92), "与原件一致", 30, (40, 50, 140))
    draw.text((80, 800), "仅供示例银行贷款使用", font=cjk_font(20), fill=(60, 60, 140))
    scan = speckle(rotate_scan(img, -0.6), seed=86, density=500, amplitude=0)
    save_png(scan, path, colors=40)

