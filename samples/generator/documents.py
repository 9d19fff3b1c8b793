"""The documents two cases share: the 还款计划表, the personal loan contract, the guarantee contract."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from evidence_kit.case.model import Installment, Loan
from evidence_kit.money import format_amount, to_capital

from .common import articles, cn_date, pct, seal, sign_slot, signs, write_pdf
from .loans import item_total, penalty_rate
from .parties import Org, Person


def schedule_table(items: Sequence[Installment], principal: Decimal) -> str:
    rows = []
    balance = principal
    for it in items:
        balance -= it.principal
        rows.append(
            f"<tr><td>{it.number}</td><td>{it.due_date.isoformat()}</td><td class='num'>{format_amount(item_total(it))}</td>"
            f"<td class='num'>{format_amount(it.principal)}</td><td class='num'>{format_amount(it.interest)}</td>"
            f"<td class='num'>{format_amount(balance)}</td></tr>"
        )
    return (
        "<table class='grid sched'><tr><th>期次</th><th>还款日</th><th class='num'>应还金额（元）</th>"
        "<th class='num'>应还本金（元）</th><th class='num'>应还利息（元）</th><th class='num'>剩余本金（元）</th></tr>"
        + "".join(rows)
        + "</table>"
    )


@dataclass(frozen=True)
class LoanDoc:
    """What a personal loan contract needs to say."""

    guarantee_no: str
    product: str
    purpose: str
    bank: Org
    borrower: Person
    guarantor: Person
    terms: Loan
    items: Sequence[Installment]
    account: str
    place: str
    bank_signer: str

    @property
    def contract_no(self) -> str:
        return self.terms.contract_no


def personal_loan_contract(doc: LoanDoc, path: Path) -> None:
    t = doc.terms
    if t.repayment_method == "equal_installment":
        method = (
            f"等额本息还款法，即在借款期限内每月以相等的金额偿还借款本息，每期还款额为人民币{format_amount(item_total(doc.items[0]))}元，"
            "最后一期还款额以实际剩余本金及其利息为准"
        )
        formula = "每期还款额＝借款本金×月利率×(1＋月利率)^还款期数÷[(1＋月利率)^还款期数－1]"
    else:
        method = (
            f"等额本金还款法，即每期偿还相同数额的本金人民币{format_amount(doc.items[0].principal)}元（最后一期偿还剩余全部本金），"
            "利息按上期末剩余本金逐期计算"
        )
        formula = "每期应还利息＝上期末剩余本金×月利率"
    months = t.installments
    body = [
        "<h1>个人借款合同</h1>",
        f"<p class='subtitle'>（{doc.product}）</p>",
        f"<p class='docno'>合同编号：{doc.contract_no}</p>",
        doc.bank.block("贷款人（甲方）"),
        doc.borrower.block("借款人（乙方）"),
        f"<p>乙方因{doc.purpose}需要，向甲方申请{doc.product}，甲方经审查同意发放。为明确双方的权利义务，"
        "根据《中华人民共和国民法典》《个人贷款管理办法》等法律法规和监管规定，甲乙双方在平等、自愿的基础上"
        "协商一致，订立本合同，以资共同遵守。</p>",
        articles(
            [
                (
                    "借款金额与用途",
                    [
                        f"1.1 借款金额为人民币{format_amount(t.principal)}元（大写：{to_capital(t.principal)}）。",
                        f"1.2 借款用途：{doc.purpose}。乙方不得将借款用于购房、股票、债券、期货、金融衍生产品、"
                        "资产管理产品等投资，不得用于固定资产、股本权益性投资及法律法规禁止的其他用途。",
                    ],
                ),
                (
                    "借款期限",
                    [
                        f"2.1 借款期限为{months}个月，自{cn_date(t.disbursed_on)}起至{cn_date(t.maturity)}止。",
                        "2.2 实际放款日与上述起始日不一致的，以借款借据记载的放款日为准，到期日相应调整。"
                        "借款借据是本合同的组成部分，与本合同具有同等法律效力。",
                    ],
                ),
                (
                    "借款利率与计息",
                    [
                        f"3.1 本合同项下借款利率为固定利率，年利率为<b class='em'>{pct(t.annual_rate)}</b>，"
                        "在借款期限内不作调整。",
                        f"3.2 月利率＝年利率÷12；日利率＝年利率÷{t.day_count}。借款利息自实际放款之日起计算。",
                        "3.3 甲方按本合同第五条约定的还款方式计收利息。",
                    ],
                ),
                (
                    "借款的发放",
                    [
                        "4.1 甲方在乙方满足下列条件后发放借款：本合同及担保合同已签订并生效；乙方已提供甲方要求的"
                        "身份证明、收入证明及用途证明材料；未发生本合同约定的违约事件。",
                        f"4.2 借款发放至乙方在甲方开立的个人结算账户（账号：{doc.account}），该账户同时作为还款账户。"
                        "乙方授权甲方在每期还款日从该账户扣收应还款项。",
                    ],
                ),
                (
                    "还款方式",
                    [
                        f"5.1 本合同项下借款按月还款，共{months}期，每月{t.payment_day}日为还款日（该月无此日的，"
                        "以该月最后一日为还款日），首期还款日为放款后的第一个月的还款日，最后一期还款日为借款到期日。",
                        f"5.2 还款方式为{method}。计算公式：{formula}。各期应还本金、利息以本合同附件《还款计划表》为准。",
                        "5.3 乙方应于每期还款日前在还款账户内存足当期应还款项。乙方提前还款的，应提前十五日书面申请并经甲方同意。",
                    ],
                ),
                (
                    "逾期罚息与复利",
                    [
                        "6.1 <b class='em'>乙方未按本合同约定期限足额归还借款本金的，自逾期之日起，甲方对逾期本金按罚息利率"
                        f"计收罚息，直至本息清偿为止。罚息利率为本合同约定的借款利率上浮{pct(t.penalty_markup)}，"
                        f"即年利率{pct(penalty_rate(t))}。</b>",
                        "6.2 <b class='em'>对乙方不能按期支付的利息（含宣布提前到期后应付未付的利息），甲方按罚息利率"
                        "计收复利。</b>",
                        f"6.3 罚息、复利按日计算，日利率＝年利率÷{t.day_count}。",
                    ],
                ),
                (
                    "清偿顺序",
                    [
                        "<b class='em'>乙方偿还的款项不足以清偿全部到期应付款项的，甲方有权按下列顺序清偿："
                        "（一）实现债权的费用；（二）罚息；（三）复利；（四）利息；（五）本金。"
                        "同一顺序内，按到期先后清偿。</b>",
                    ],
                ),
                (
                    "违约事件与提前到期",
                    [
                        "8.1 乙方发生下列情形之一的，构成违约：（一）未按约定偿还任一期本金或利息，逾期累计达三期"
                        "或者连续逾期超过六十日的；（二）未按约定用途使用借款的；（三）提供虚假资料或隐瞒重要事实的；"
                        "（四）乙方或保证人的财务状况恶化、涉及重大诉讼，或保证人丧失担保能力而乙方未提供新的担保的；"
                        "（五）违反本合同其他约定的。",
                        "8.2 <b class='em'>发生违约事件的，甲方有权宣布本合同项下全部借款提前到期，要求乙方立即偿还"
                        "全部借款本金、利息、罚息和复利，并有权从乙方在甲方开立的任何账户中直接扣收。</b>",
                        "8.3 提前到期通知以书面形式送达本合同载明的乙方通讯地址，或以短信方式发送至乙方预留手机号码，"
                        "即视为送达。",
                    ],
                ),
                (
                    "担保",
                    [
                        f"本合同项下债务由{doc.guarantor.name}（公民身份号码{doc.guarantor.id_number}）提供连带责任保证，"
                        f"保证人与甲方另行签订《保证合同》（编号：{doc.guarantee_no}）。",
                    ],
                ),
                (
                    "乙方的声明与承诺",
                    [
                        "10.1 乙方具有完全民事行为能力，所提供的身份、收入、婚姻、住址等资料真实、完整、有效。",
                        "10.2 乙方的工作单位、住所、通讯地址、联系电话发生变化的，应于变化之日起七日内书面通知甲方。",
                        "10.3 乙方同意甲方依法向金融信用信息基础数据库查询、报送乙方的信用信息。",
                    ],
                ),
                (
                    "送达地址确认",
                    [
                        "乙方确认本合同首部载明的住址、联系电话为其有效送达地址和联系方式，适用于合同履行期间及"
                        "发生纠纷时的非诉讼催收、仲裁及民事诉讼（含一审、二审、再审和执行程序）各阶段的文书送达。"
                        "向该地址寄送的文书被退回的，退回之日视为送达之日。",
                    ],
                ),
                (
                    "实现债权的费用",
                    [
                        "因乙方违约，甲方为实现债权所支付的诉讼费、财产保全费、公告费、执行费、律师费、差旅费等"
                        "合理费用，由乙方承担。",
                    ],
                ),
                (
                    "争议解决",
                    [
                        "本合同履行中发生争议的，双方协商解决；协商不成的，任何一方可依法向有管辖权的人民法院起诉，"
                        "甲方亦可依法申请支付令。",
                    ],
                ),
                (
                    "其他",
                    [
                        "14.1 本合同自甲方负责人或授权代理人签字（或盖章）并加盖甲方合同专用章、乙方签字并捺印之日起生效。",
                        "14.2 本合同一式三份，甲方两份、乙方一份，具有同等法律效力。附件《还款计划表》为本合同组成部分。",
                    ],
                ),
            ]
        ),
        "<p class='right'>（以下无正文）</p><div class='keep'>"
        "<p class='notice'><b class='em'>特别提示：</b>甲方已提请乙方特别注意本合同中加粗的条款，"
        "特别是第三条（借款利率）、第六条（逾期罚息与复利）、第七条（清偿顺序）和第八条（违约事件与提前到期），"
        "并应乙方要求作了说明。乙方已阅读并充分理解本合同全部条款。</p>",
        signs(
            sign_slot("甲方（盖章）：", seal(doc.bank.name, "合同专用章"))
            + sign_slot("负责人或授权代理人（签字）：", hand=doc.bank_signer),
            sign_slot("乙方（签字并捺印）：", hand=doc.borrower.name, finger=True),
        ),
        f"<p class='ni'>签订日期：{cn_date(t.signed_on)}　　　　签订地点：{doc.place}</p></div>",
        "<div class='pagebreak'></div>",
        f"<h2>附件：还款计划表（合同编号：{doc.contract_no}）</h2>",
        f"<p class='ni'>借款本金：人民币{format_amount(t.principal)}元；年利率：{pct(t.annual_rate)}；期数：{months}期；"
        f"放款日：{t.disbursed_on.isoformat()}；还款日：每月{t.payment_day}日。</p>",
        schedule_table(doc.items, t.principal),
        "<p class='ni'>注：本表按合同约定的放款日编制；实际放款日不同的，以借款借据为准重新计算。</p>",
    ]
    write_pdf(path, f"个人借款合同 {doc.contract_no}", doc.bank.name, "".join(body), header=f"合同编号：{doc.contract_no}")


def guarantee_contract(
    path: Path,
    number: str,
    bank: Org,
    guarantor: Person,
    debtor_name: str,
    main_title: str,
    terms: Loan,
    signer: str,
    place: str,
    relation: str,
) -> None:
    """保证合同 for the main contract ``terms`` (its number, principal and dates)."""
    main_no, principal = terms.contract_no, terms.principal
    body = [
        "<h1>保证合同</h1>",
        f"<p class='docno'>合同编号：{number}</p>",
        bank.block("债权人（甲方）"),
        guarantor.block("保证人（乙方）"),
        f"<p>为确保甲方与{debtor_name}（以下称“债务人”）签订的《{main_title}》（编号：{main_no}，以下称“主合同”）"
        f"项下债务的履行，乙方作为债务人的{relation}，自愿向甲方提供连带责任保证。甲乙双方依据《中华人民共和国民法典》"
        "等法律法规，经协商一致，订立本合同。</p>",
        articles(
            [
                (
                    "被保证的主债权",
                    [
                        f"乙方所担保的主债权为甲方依主合同向债务人发放的借款，本金金额为人民币{format_amount(principal)}元"
                        f"（大写：{to_capital(principal)}），借款期限自{cn_date(terms.disbursed_on)}起至"
                        f"{cn_date(terms.maturity)}止，年利率{pct(terms.annual_rate)}。",
                    ],
                ),
                ("保证方式", ["<b class='em'>乙方提供的保证为连带责任保证。</b>债务人未按主合同约定履行债务的，"
                             "甲方有权直接要求乙方在保证范围内承担保证责任。"]),
                (
                    "保证范围",
                    [
                        "<b class='em'>保证范围包括主合同项下的借款本金、利息、罚息、复利、违约金、损害赔偿金以及甲方为实现"
                        "债权和担保权利而发生的诉讼费、财产保全费、律师费、公告费、执行费等全部费用。</b>",
                    ],
                ),
                (
                    "保证期间",
                    [
                        "4.1 <b class='em'>保证期间为主合同约定的债务履行期限届满之日起三年。</b>",
                        "4.2 甲方依主合同约定宣布债务提前到期的，保证期间自甲方宣布的提前到期之日起三年。",
                        "4.3 主合同债务分期履行的，对每期债务的保证期间均至最后一期债务履行期限届满之日起三年。",
                    ],
                ),
                (
                    "乙方的声明与承诺",
                    [
                        "5.1 乙方具有完全民事行为能力，签订本合同系其真实意思表示，已充分了解主合同的全部内容。",
                        "5.2 主合同变更借款用途、还款方式等内容而未加重债务的，无需另行征得乙方同意，乙方仍承担保证责任；"
                        "加重债务的，乙方对加重的部分不承担保证责任，但乙方书面同意的除外。",
                        "5.3 乙方的住所、联系电话、收入状况发生重大变化的，应在七日内书面通知甲方。",
                    ],
                ),
                (
                    "送达地址确认",
                    [
                        "乙方确认本合同首部载明的住址、联系电话为有效送达地址和联系方式，适用于催收及诉讼、执行各阶段的"
                        "文书送达。",
                    ],
                ),
                (
                    "争议解决",
                    ["本合同履行中发生争议的，双方协商解决；协商不成的，依法向有管辖权的人民法院起诉。"],
                ),
                (
                    "其他",
                    [
                        "本合同自甲方负责人或授权代理人签字（或盖章）并加盖甲方合同专用章、乙方签字并捺印之日起生效，"
                        "一式三份，甲方两份、乙方一份，具有同等法律效力。",
                    ],
                ),
            ]
        ),
        "<p class='right'>（以下无正文）</p><div class='keep'>"
        "<p class='notice'><b class='em'>特别提示：</b>甲方已提请乙方特别注意本合同第二条（保证方式）、第三条（保证范围）"
        "和第四条（保证期间）等加粗条款并作了说明，乙方已充分理解并同意。</p>",
        signs(
            sign_slot("甲方（盖章）：", seal(bank.name, "合同专用章")) + sign_slot("负责人或授权代理人（签字）：", hand=signer),
            sign_slot("乙方（签字并捺印）：", hand=guarantor.name, finger=True),
        ),
        f"<p class='ni'>签订日期：{cn_date(terms.signed_on)}　　　　签订地点：{place}</p></div>",
    ]
    write_pdf(path, f"保证合同 {number}", bank.name, "".join(body), header=f"合同编号：{number}")

