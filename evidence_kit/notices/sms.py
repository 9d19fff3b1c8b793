"""SMS texts in the bank's plain style, and how many segments each costs.

Segments (3GPP TS 23.038 / 23.040):

* a text with any character outside the GSM 7-bit alphabet (any Chinese) is sent in UCS-2:
  70 UTF-16 code units fit one SMS; a longer text is concatenated in segments of 67
  (the user-data header takes 3 units). A character outside the BMP counts 2 units.
* a text entirely in the GSM 7-bit alphabet (pure Latin text): 160 septets in one SMS, 153 per
  segment when concatenated; the extension characters ``^{}\\[~]|€`` and form feed take 2.

The texts carry no full ID or account number: the contract shows its last four digits,
the debtor is "尊敬的客户". Every text is kept to :data:`MAX_SMS_SEGMENTS` and linted.
"""

from __future__ import annotations

from dataclasses import dataclass

from evidence_kit.errors import EvidenceKitError, ExitCode, refused
from evidence_kit.i18n import _
from evidence_kit.money import ZERO, format_amount
from evidence_kit.notices.facts import PAY_WITHIN_DAYS, NoticeFacts, for_acceleration

UCS2_SINGLE, UCS2_PART = 70, 67
GSM7_SINGLE, GSM7_PART = 160, 153
MAX_SMS_SEGMENTS = 3
"""No notice SMS is longer than three segments (201 Chinese characters): a longer text is refused."""

GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = "^{}\\[~]|€\f"
_GSM7_BASIC_SET = frozenset(GSM7_BASIC)
_GSM7_EXTENSION_SET = frozenset(GSM7_EXTENSION)


class SmsTooLong(EvidenceKitError):
    exit_code = ExitCode.NOT_ELIGIBLE


@dataclass(frozen=True)
class SmsCount:
    encoding: str
    """``gsm7`` or ``ucs2``."""
    units: int
    """Septets (GSM-7) or UTF-16 code units (UCS-2)."""
    segments: int


def is_gsm7(text: str) -> bool:
    return all(c in _GSM7_BASIC_SET or c in _GSM7_EXTENSION_SET for c in text)


def count_segments(text: str) -> SmsCount:
    """How many SMS ``text`` takes (0 for an empty text)."""
    if is_gsm7(text):
        units = sum(2 if c in _GSM7_EXTENSION_SET else 1 for c in text)
        return SmsCount("gsm7", units, _segments(units, GSM7_SINGLE, GSM7_PART))
    units = sum(2 if ord(c) > 0xFFFF else 1 for c in text)
    return SmsCount("ucs2", units, _segments(units, UCS2_SINGLE, UCS2_PART))


def _segments(units: int, single: int, part: int) -> int:
    if units == 0:
        return 0
    if units <= single:
        return 1
    return -(-units // part)


def signature(facts: NoticeFacts) -> str:
    return f"【{facts.bank_short}】"


def _amount(facts: NoticeFacts) -> str:
    return format_amount(facts.breakdown.total)


def _md(facts: NoticeFacts) -> str:
    return f"{facts.as_of.month}月{facts.as_of.day}日"


def _hotline(facts: NoticeFacts) -> str:
    phone = facts.case.creditor.phone
    return f"如有疑问请致电{phone}。" if phone else "如有疑问请联系您的客户经理。"


def reminder_text(facts: NoticeFacts) -> str:
    return (f"{signature(facts)}尊敬的客户，您好！{facts.your_loan}（{facts.tail_label}{facts.contract_tail}）"
            f"{facts.overdue_phrase}，截至{_md(facts)}应还{_amount(facts)}元{_share(facts)}，请尽快存入还款账户。"
            f"{_hotline(facts)}如有困难，请及时告知。")


def demand_text(facts: NoticeFacts) -> str:
    accrues, after = (("迟延履行期间每日另计加倍部分债务利息", "逾期未履行的，我行将依法申请强制执行。")
                      if facts.decided else ("逾期期间按合同每日另计" + _accruing(facts),
                                             "逾期记录将按规定报送征信系统。"))
    return (f"{signature(facts)}尊敬的客户，您好！{facts.your_loan}（{facts.tail_label}{facts.contract_tail}）"
            f"{facts.overdue_phrase}，截至{_md(facts)}欠款合计{_amount(facts)}元{_share(facts)}，{accrues}"
            f"约{format_amount(facts.per_day)}元。请于{PAY_WITHIN_DAYS}日内还款，{after}"
            f"{_hotline(facts)}如有困难，请及时告知。")


def _accruing(facts: NoticeFacts) -> str:
    if not facts.debts:
        return "罚息及复利"
    return "利息" if all(d.card for d in facts.debts) else "利息、罚息及复利"


def acceleration_text(facts: NoticeFacts) -> str:
    """Over several debts: the loans declared due early only (a card has no acceleration)."""
    facts = for_acceleration(facts)
    days = [d.accelerated_on for d in facts.debts] if facts.debts else [facts.case.loan.accelerated_on]
    when = "、".join(dict.fromkeys(f"{day.year}年{day.month}月{day.day}日" for day in days if day is not None))
    loans = facts.the_loan
    if facts.debts:
        count = f"{len(facts.debts)}笔" if len(facts.debts) > 1 else ""
        loans = f"{'您提供保证的' if facts.to_guarantor else '您在我行的'}{count}贷款"
    return (f"{signature(facts)}尊敬的客户，您好！因{loans}（{facts.tail_label}{facts.contract_tail}）逾期未还，我行已依合同"
            f"约定于{when}宣布贷款提前到期，截至{_md(facts)}欠款合计{_amount(facts)}元{_share(facts)}，请于"
            f"{PAY_WITHIN_DAYS}日内全部清偿。书面通知已另行寄送。{_hotline(facts)}如有困难，请及时告知。")


def _share(facts: NoticeFacts) -> str:
    """To a guarantor whose 最高额 limit is below the debts it answers for: the part it owes."""
    if not any(item.liable < item.owed for item in facts.liabilities):
        return ""
    return f"，您在保证范围内应承担{format_amount(sum((i.liable for i in facts.liabilities), ZERO))}元"


def lawyer_text(facts: NoticeFacts, law_firm: str) -> str:
    return (f"{signature(facts)}尊敬的客户，您好！{law_firm}受我行委托，已就{facts.the_loan}逾期未还一事（{facts.tail_label}"
            f"{facts.contract_tail}，截至{_md(facts)}欠款合计{_amount(facts)}元{_share(facts)}）向您寄送律师函，请查收并于"
            f"{PAY_WITHIN_DAYS}日内还款或与我行协商。{_hotline(facts)}如有困难，请及时告知。")


def locate_text(facts: NoticeFacts) -> str:
    """To an emergency contact while the debtor cannot be reached: a call-back request, nothing about a debt."""
    phone = facts.case.creditor.phone or "我行客服电话"
    title = {"男": "先生", "女": "女士"}.get(facts.debtor.gender, "先生/女士")
    return f"{signature(facts)}您好，我行有事务需与{facts.debtor.name[:1]}{title}联系，烦请转告其致电{phone}，谢谢。"


def sms_text(facts: NoticeFacts, kind: str, *, law_firm: str = "") -> str:
    """The SMS for ``kind``, refused (exit 12) when longer than :data:`MAX_SMS_SEGMENTS` segments."""
    if kind == "lawyer":
        text = lawyer_text(facts, law_firm)
    else:
        makers = {"reminder": reminder_text, "demand": demand_text, "acceleration": acceleration_text,
                  "locate": locate_text}
        text = makers[kind](facts)
    counted = count_segments(text)
    if counted.segments > MAX_SMS_SEGMENTS:
        raise refused("sms_too_long", _("the {kind} SMS takes {segments} segments ({units} characters), more than "
                                        "{limit}", kind=kind, segments=counted.segments, units=counted.units,
                                        limit=MAX_SMS_SEGMENTS),
                      kind=SmsTooLong, file="sms", hint=_("shorten the bank's name or the hotline"))
    return text
