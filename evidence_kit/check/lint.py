"""The compliance lint: the collection-conduct rules as phrase lists, and the matcher.

The rules are those of legal-domain.md §6.1: 信用卡办法 art. 68 (no violence, coercion,
intimidation or abuse; no collection from third parties unrelated to the debt) and the
banking association's 《金融机构个人消费类贷款催收工作指引（试行）》 (its prohibited behaviours:
threats and abuse, impersonating administrative or judicial bodies, exaggerating debts or
legal consequences, disclosing the debt, charging collection fees, inducing new borrowing).

A phrase list cannot judge tone; it catches the words that make a collection text
unlawful on their face, whether the tool or a bank's own template wrote them, and the words
a collector's contact summary uses to record such conduct. Each finding names the phrase,
the rule and where the text came from.

Two stages use it: ``check`` scans the summary of every contact in contacts.csv (a warning
per finding, :mod:`evidence_kit.check.contacts`), and ``notices`` lints every text a notice
carries (a refusal, :mod:`evidence_kit.notices.lint`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from evidence_kit.i18n import N_, _, translate
from evidence_kit.problems import Location, Problem, error

GUIDELINE = "中银协《金融机构个人消费类贷款催收工作指引（试行）》"
CARD_RULES = "《商业银行信用卡业务监督管理办法》第68条"


@dataclass(frozen=True)
class LintRule:
    code: str
    name: str
    """What the phrase does, marked for the catalog: shown with :attr:`title`."""
    basis: str
    phrases: tuple[str, ...]

    @property
    def title(self) -> str:
        """:attr:`name` in the current language."""
        return translate(self.name)


RULES: tuple[LintRule, ...] = (
    LintRule("lint_threat", N_("threatens the debtor (威胁、恐吓)"), f"{CARD_RULES}; {GUIDELINE}",
             ("后果自负", "走着瞧", "让你好看", "别怪我们", "不客气", "上门找你", "找到你家", "你的家人", "全家",
              "小心点", "等着瞧", "出门小心", "暴力", "威胁", "恐吓", "抓人", "泼漆", "堵门")),
    LintRule("lint_abuse", N_("abuses or insults the debtor (侮辱、谩骂)"), f"{CARD_RULES}; {GUIDELINE}",
             ("老赖", "骗子", "无赖", "不要脸", "畜生", "人渣", "废物", "去死", "滚蛋", "垃圾人", "辱骂")),
    LintRule("lint_impersonation", N_("impersonates a court, the police or another authority (冒充司法、行政机关)"),
             GUIDELINE,
             ("本院", "传票", "法院通知", "法院工作人员", "法官", "执行局", "公安", "警方", "警察", "派出所",
              "检察院", "司法局", "经侦", "立案侦查")),
    LintRule("lint_exaggeration", N_("exaggerates the debt or its legal consequences (夸大债务或法律后果)"), GUIDELINE,
             ("坐牢", "拘留", "逮捕", "判刑", "刑事责任", "追究刑事", "通缉", "诈骗罪", "恶意透支罪", "列入黑名单",
              "失信被执行人", "限制高消费", "冻结全部", "立即冻结", "立即起诉", "征信永久", "终身", "影响子女",
              "子女上学", "子女入学", "政审")),
    LintRule("lint_disclosure", N_("discloses the debt to others (泄露债务信息、骚扰无关第三人)"),
             f"{CARD_RULES}; {GUIDELINE}",
             ("通讯录", "告知您的家人", "通知您的家人", "通知您的单位", "告知您的单位", "联系您的亲友", "联系您的同事",
              "告知您的同事", "张贴", "公示您", "曝光", "骚扰家人", "告诉单位", "告诉同事", "告诉邻居")),
    LintRule("lint_collection_fee", N_("charges a collection fee (收取催收费用)"), GUIDELINE,
             ("催收费", "上门费", "外访费", "催收服务费", "手续费由您")),
    LintRule("lint_new_borrowing", N_("induces new borrowing to repay (诱导借新还旧)"), GUIDELINE,
             ("以贷还贷", "借新还旧", "网贷还款", "套现还款", "信用卡套现", "借钱还", "找朋友借")),
)
RULE_CODES = tuple(rule.code for rule in RULES)


@dataclass(frozen=True)
class Finding:
    rule: LintRule
    phrase: str
    where: str
    excerpt: str

    def problem(self) -> Problem:
        """The finding as a notice's refusal (an error at the text it was found in)."""
        return error(self.rule.code,
                     _("{where}: the phrase {phrase} {rule}, in “{excerpt}”", where=self.where,
                       phrase=repr(self.phrase), rule=self.rule.title, excerpt=self.excerpt),
                     Location(self.where),
                     _("rewrite the text without it ({basis})", basis=self.rule.basis))


def _excerpt(text: str, index: int, length: int, context: int = 12) -> str:
    start = max(index - context, 0)
    return text[start: index + length + context].replace("\n", " ")


def lint_text(text: str, where: str) -> list[Finding]:
    """Every rule phrase found in ``text``, in rule order, each phrase once."""
    findings = []
    for rule in RULES:
        for phrase in rule.phrases:
            index = text.find(phrase)
            if index >= 0:
                findings.append(Finding(rule, phrase, where, _excerpt(text, index, len(phrase))))
    return findings


def lint_texts(texts: Iterable[tuple[str, str]], data: Iterable[str] = ()) -> list[Finding]:
    """Lint (where, text) pairs; the case's own data values (names, addresses) are blanked first.

    A debtor living at "法院路" or a bank branch named after a street is data, not wording:
    only what the tool, a template or a collector writes is judged.
    """
    values = sorted({v for v in data if v}, key=len, reverse=True)
    return [finding for where, text in texts for finding in lint_text(_blank(text, values), where)]


def _blank(text: str, values: list[str]) -> str:
    for value in values:
        text = text.replace(value, "＊")
    return text
