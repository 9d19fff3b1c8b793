"""What every case.yaml key means, in the words of a person filling it in.

``init`` writes these texts as the comments of a new case.yaml (in the chosen language), and
``check`` names them when a key is still to be filled in (``to_fill``): one source, so the
to-do list says what the comment above the key says. The layouts list the keys in the order a
person fills them: the case, the creditor, the debtors, the debt, the exhibits, the filings.

A :class:`Key` is one YAML line: a required key is written with its value (or empty, to be
filled in), an optional one is written commented out with an example value. The ``path`` is the
key's dotted path without list indices (``debtors.id_number``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from evidence_kit.i18n import N_, _, translate


@dataclass(frozen=True)
class Key:
    path: str
    line: str
    """The YAML line as written, indentation included (an optional key: without its ``# ``)."""
    about: str = ""
    """What the key means (an ``N_`` text); empty: no comment above the line (a repeated list entry)."""
    required: bool = True


@dataclass(frozen=True)
class Note:
    """A comment line of its own (an ``N_`` text), indented like the lines below it."""

    text: str
    indent: str = ""


Line = Key | Note

HEADER = (
    N_("evidence-kit case file. Fill in every empty key marked [required]; lines starting with # are comments."),
    N_("Keys marked [optional] are written commented out: remove the # (only that) to use one."),
    N_("`evidence-kit check` on this folder lists what is still to be filled in, in this file's order."),
    N_("Money is decimal text in quotes (\"12345.67\"), rates are annual decimal fractions "
       "(\"0.0435\" for 4.35 %), dates are YYYY-MM-DD."),
    N_("repayments.csv: the bank's repayment ledger, one row per repayment (left empty: nothing was repaid)."),
    N_("contacts.csv: the collection contact log (calls, SMS, e-mail, letters, visits), one row per contact."),
    N_("exhibits/: the exhibit files (PDF, JPEG/PNG/TIFF scans, recordings); list each one under exhibits: below."),
)

CAUSE = N_("the cause of action (案由): 金融借款合同纠纷 for a loan, 信用卡纠纷 for a credit card")
VERSION = N_("the version of this file's format; leave it as it is")

CASE_KEYS: tuple[Line, ...] = (
    Key("case_id", "case_id:",
        N_("the bank's case or loan number: letters, digits, . _ - (e.g. CL-2025-0001); it names the output folder")),
    Key("as_of", "as_of:", N_("the date the amounts are computed to, e.g. 2025-06-30")),
    Key("court", "court:", N_("the court the filings are addressed to, e.g. 北京市朝阳区人民法院")),
)

CREDITOR_KEYS: tuple[Line, ...] = (
    Key("creditor", "creditor:", N_("the creditor: the bank (or its branch) that brings the case")),
    Key("creditor.kind", "  kind: organization", N_("always organization for the creditor")),
    Key("creditor.name", "  name:", N_("its full registered name, e.g. 示例银行股份有限公司北京分行")),
    Key("creditor.credit_code", "  credit_code:",
        N_("统一社会信用代码, 18 characters (its check character is verified)")),
    Key("creditor.address", "  address:", N_("its registered address")),
    Key("creditor.representative", "  representative:", N_("its 法定代表人 or 负责人")),
    Key("creditor.representative.name", "    name:", N_("the representative's name")),
    Key("creditor.representative.title", "    title:", N_("the representative's title, e.g. 行长")),
    Key("creditor.phone", "  phone: 010-66000000", N_("the bank's phone number"), required=False),
    Key("creditor.agent", '  agent: {name: 李律师, org: 北京示例律师事务所, phone: "13900139000"}',
        N_("委托诉讼代理人: name, organization and phone"), required=False),
)

DEBTOR_KEYS: tuple[Line, ...] = (
    Key("debtors", "debtors:", N_("the debtors, the borrower first; for a co-borrower or a guarantor copy the "
                                  "block below (from its -) and change its role")),
    Key("debtors.role", "  - role: borrower", N_("borrower, co_borrower or guarantor")),
    Key("debtors.kind", "    kind: person",
        N_("person; for a company write organization, and instead of the keys below the creditor's "
           "(name, credit_code, address, representative)")),
    Key("debtors.name", "    name:", N_("the name as on the ID card")),
    Key("debtors.gender", "    gender:", N_("男 or 女")),
    Key("debtors.birth_date", "    birth_date:", N_("the date of birth, YYYY-MM-DD; it must agree with the ID number")),
    Key("debtors.ethnicity", "    ethnicity:", N_("民族, e.g. 汉族")),
    Key("debtors.id_number", "    id_number:", N_("公民身份号码, 18 characters (its check digit is verified)")),
    Key("debtors.address", "    address:", N_("the address on the ID card, or where the person usually lives")),
    Key("debtors.phone", "    phone:", N_("the mobile number, in quotes, e.g. \"13800138000\"")),
)

LOAN_KEYS: tuple[Line, ...] = (
    Key("loan", "loan:", N_("the loan, as the contract and the 借据 state it")),
    Key("loan.contract_no", "  contract_no:", N_("the contract number")),
    Key("loan.signed_on", "  signed_on:", N_("the date the contract was signed")),
    Key("loan.principal", "  principal:", N_("the principal disbursed, in quotes, e.g. \"200000.00\"")),
    Key("loan.disbursed_on", "  disbursed_on:", N_("the disbursement date (on the 借据)")),
    Key("loan.maturity", "  maturity:", N_("the maturity date")),
    Key("loan.annual_rate", "  annual_rate:",
        N_("the annual contract rate as a decimal fraction, in quotes: \"0.0435\" for 4.35 %")),
    Key("loan.penalty_markup", "  penalty_markup:",
        N_("the 罚息 markup on the contract rate, in quotes: \"0.5\" when 罚息 is the rate plus 50 %")),
    Key("loan.compound", "  compound:", N_("true when the contract charges 复利 on unpaid interest, else false")),
    Key("loan.day_count", "  day_count:", N_("the days of an interest year: 360 or 365")),
    Key("loan.repayment_method", "  repayment_method:",
        N_("equal_installment (等额本息), equal_principal (等额本金), interest_only (按月付息到期还本) "
           "or bullet (到期一次还本付息)")),
    Key("loan.installments", "  installments:", N_("the number of installments, e.g. 36")),
    Key("loan.payment_day", "  payment_day: 20",
        N_("the day of the month installments fall due (default: the disbursement day)"), required=False),
    Key("loan.accelerated_on", "  accelerated_on: 2024-11-25",
        N_("the date the bank declared the whole loan due (宣布提前到期)"), required=False),
    Key("loan.rate_cap", '  rate_cap: "0.24"',
        N_("the cap on the penalty rate (default 0.24; above it the rate is cut, with a warning)"),
        required=False),
    Key("loan.allocation_order", "  allocation_order: [fee, penalty, compound, interest, principal]",
        N_("the order repayments are applied in (this one is the default)"), required=False),
    Key("loan.fees", '  fees: [{date: 2024-10-01, amount: "500.00", kind: 律师费}]',
        N_("fees the contract lets the bank claim"), required=False),
    Key("loan.claimed", '  claimed: {principal: "117736.74", interest: "1178.48", penalty: "2927.69", '
                        'compound: "34.39"}',
        N_("the bank system's own figures at as_of; check reports a difference above 0.05 (claim_mismatch)"),
        required=False),
)

CARD_KEYS: tuple[Line, ...] = (
    Key("debts", "debts:", N_("the debts of the case: here one credit card (a loan is added as a block with "
                              "kind: loan, see the README)")),
    Key("debts.id", "  - id: card", N_("a short name of the debt: letters, digits, . _ -")),
    Key("debts.kind", "    kind: credit_card", N_("credit_card (or loan)")),
    Key("debts.card_masked", "    card_masked:", N_("the card number, masked, e.g. 6258 **** **** 0420")),
    Key("debts.issuer", "    issuer:", N_("the card's issuer, e.g. 示例银行股份有限公司信用卡中心")),
    Key("debts.agreement", "    agreement:", N_("the card agreement (领用合约)")),
    Key("debts.agreement.title", "      title:", N_("its title, e.g. 示例银行信用卡领用合约（2019版）")),
    Key("debts.agreement.signed_on", "      signed_on: 2019-03-08", N_("the date it was signed"), required=False),
    Key("debts.credit_limit", "    credit_limit:", N_("the credit limit, in quotes, e.g. \"30000.00\"")),
    Key("debts.daily_rate", "    daily_rate:", N_("the daily interest rate, in quotes, e.g. \"0.0005\" (万分之五)")),
    Key("debts.first_overdue_date", "    first_overdue_date:",
        N_("the day after the first missed 到期还款日")),
    Key("debts.cutoff", "    cutoff:", N_("the 截至日 of the bank's balances below")),
    Key("debts.balances", "    balances:", N_("the balances at the cutoff, from the bank's card system")),
    Key("debts.balances.principal", "      principal:", N_("principal (本金), in quotes, e.g. \"11500.00\"")),
    Key("debts.balances.interest", '      interest: "459.50"', N_("interest"), required=False),
    Key("debts.balances.compound", '      compound: "0.00"', N_("复利"), required=False),
    Key("debts.balances.penalty", '      penalty: "94.08"', N_("违约金 or 滞纳金"), required=False),
    Key("debts.balances.fees", '      fees: "0.00"', N_("fees"), required=False),
    Key("debts.accelerated_on", "    accelerated_on: 2024-03-01",
        N_("the date the bank declared the whole balance due"), required=False),
    Key("debts.claimed", '    claimed: {principal: "11500.00", interest: "2491.83"}',
        N_("the bank system's own figures at as_of; check reports a difference above 0.05 (claim_mismatch)"),
        required=False),
    Key("debts.options", "    options: {cap_mode: lpr4, cap_action: trim}",
        N_("the computation's switches (docs/claim.md, credit cards)"), required=False),
    Key("debts.files", "    files: {statements: statements.csv, transactions: transactions.csv}",
        N_("the card's statements and transactions, for the cross-check (docs/claim.md)"), required=False),
)

LOAN_EXHIBITS = (("借款合同", "借贷关系成立；借款金额、期限、利率、罚息与复利的约定"),
                 ("借款借据（放款凭证）", "原告已按约发放贷款"))
CARD_EXHIBITS = (("信用卡申请表及领用合约", "信用卡合同关系成立；透支利率、违约金条款"),
                 ("信用卡对账单及交易明细", "透支消费、还款及欠款情况"))
EXHIBIT_SOURCE = "原告提供"


def exhibit_keys(exhibits: Iterable[tuple[str, str]]) -> tuple[Line, ...]:
    """The ``exhibits:`` list: the usual exhibits' titles written in, their files to be filled in."""
    lines: list[Line] = [
        Key("exhibits", "exhibits:", N_("the exhibits in the bundle's order (证据1, 证据2, …); the titles are the "
                                        "usual ones: change them, delete an entry, or copy one for each further file")),
    ]
    for number, (title, proves) in enumerate(exhibits):
        first = number == 0
        lines += [
            Key("exhibits.file", "  - file:", N_("the file in exhibits/, e.g. exhibits/01-借款合同.pdf") if first else ""),
            Key("exhibits.title", f"    title: {title}", N_("证据名称") if first else ""),
            Key("exhibits.source", f"    source: {EXHIBIT_SOURCE}", N_("证据来源") if first else ""),
            Key("exhibits.proves", f"    proves: {proves}", N_("证明目的") if first else ""),
        ]
        if first:
            lines += [
                Key("exhibits.original", "    original: true", N_("true for an original (原件), false for a copy"),
                    required=False),
                Key("exhibits.sensitive", "    sensitive: true",
                    N_("the collector profile replaces it by a placeholder page (e.g. an ID card copy)"),
                    required=False),
                Key("exhibits.password", '    password: "…"', N_("the open password of an encrypted PDF"),
                    required=False),
                Key("exhibits.transcript", "    transcript: exhibits/03-催收录音.txt",
                    N_("for a recording: its transcript, as text or a .txt file"), required=False),
            ]
    return tuple(lines)


OTHER_KEYS: tuple[Line, ...] = (
    Key("files", "files: {repayments: repayments.xlsx}",
        N_("other names for the ledgers (repayments, schedule, contacts), e.g. the bank's XLSX export"),
        required=False),
    Key("bundle", "bundle: {ledger_exhibit: true, contacts_exhibit: true, exhibit_covers: false}",
        N_("the ledger and the contact log as generated exhibits, a cover sheet per exhibit (the defaults)"),
        required=False),
    Note(N_("payment_order 支付令申请书; complaint 民事起诉状 (2025 要素式); preservation 财产保全申请书 "
            "(stage: pre_litigation 诉前 or litigation 诉中); enforcement 强制执行申请书 (see the README).")),
    Key("filings", "filings:", N_("the filings to write besides the 证据目录 and the 欠款计算明细: remove the # "
                                  "of filings: and of those you need"), required=False),
    Key("filings.payment_order", "  payment_order: {}", required=False),
    Key("filings.complaint", "  complaint: {}", required=False),
    Key("filings.preservation", '  preservation: {stage: litigation, amount: "118915.22", assets: [{kind: 银行存款, '
                                'description: 被申请人名下存款, value: "118915.22"}]}', required=False),
)


def loan_layout() -> tuple[Line, ...]:
    """A schema_version 1 case with one loan."""
    return (Key("schema_version", "schema_version: 1", VERSION),
            *CASE_KEYS, Key("cause", "cause: 金融借款合同纠纷", CAUSE),
            *CREDITOR_KEYS, *DEBTOR_KEYS, *LOAN_KEYS, *exhibit_keys(LOAN_EXHIBITS), *OTHER_KEYS)


def card_layout() -> tuple[Line, ...]:
    """A schema_version 2 case with one credit card debt."""
    return (Key("schema_version", "schema_version: 2", VERSION),
            *CASE_KEYS, Key("cause", "cause: 信用卡纠纷", CAUSE),
            *CREDITOR_KEYS, *DEBTOR_KEYS, *CARD_KEYS, *exhibit_keys(CARD_EXHIBITS), *OTHER_KEYS)


LAYOUTS = {"loan": loan_layout, "credit_card": card_layout}


def render(layout: tuple[Line, ...], values: dict[str, str] | None = None) -> str:
    """case.yaml's text: the header, then each key with its comment, in the current language."""
    values = values or {}
    out = [f"# {translate(text)}" for text in HEADER]
    for item in layout:
        if isinstance(item, Note):
            out.append(f"{item.indent}# {translate(item.text)}")
            continue
        indent = item.line[: len(item.line) - len(item.line.lstrip())]
        if item.about:
            marker = _("[required] {text}", text=translate(item.about)) if item.required \
                else _("[optional] {text}", text=translate(item.about))
            out.append(f"{indent}# {marker}")
        line = f"{item.line} {values[item.path]}" if item.path in values else item.line
        out.append(line if item.required else f"{indent}# {line.lstrip()}")
    return "\n".join(out) + "\n"


def _keys() -> dict[str, Key]:
    found: dict[str, Key] = {}
    for layout in LAYOUTS.values():
        for item in layout():
            if isinstance(item, Key) and item.about:
                found.setdefault(item.path, item)
    return found


KEYS = _keys()


def key_at(path: tuple[str | int, ...]) -> Key | None:
    """The guide's key at a case.yaml path (list indices left out), or None for a key it does not explain."""
    names = [str(p) for p in path if not isinstance(p, int)]
    found = KEYS.get(".".join(names))
    if found is None and names[:1] == ["debts"]:
        found = KEYS.get(".".join(["loan", *names[1:]]))  # a debt of kind loan has the loan's keys
    return found


def describe(path: tuple[str | int, ...]) -> str:
    """What the key at ``path`` means, in the current language; "" for a key the guide does not explain."""
    found = key_at(path)
    return translate(found.about) if found else ""
