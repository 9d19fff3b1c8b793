"""The fictional people, companies and contact logs of the samples, and how case.yaml lists them.

ID numbers and 统一社会信用代码 get their check characters from :mod:`evidence_kit.check.identity`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from evidence_kit.case.model import Contact
from evidence_kit.check.identity import credit_code_check_char, resident_id_check_char
from evidence_kit.problems import Location

from .common import cn_date

# ---------------------------------------------------------------------------------------------------
# The people and organisations (all fictional)
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    name: str
    gender: str
    birth: date
    ethnicity: str
    area: str
    sequence: str
    address: str
    phone: str

    @property
    def id_number(self) -> str:
        """公民身份号码: area, birth date, sequence (odd = male, even = female), check character."""
        body = f"{self.area}{self.birth:%Y%m%d}{self.sequence}"
        return body + resident_id_check_char(body)

    def yaml(self, role: str) -> dict[str, Any]:
        return {
            "role": role,
            "kind": "person",
            "name": self.name,
            "gender": self.gender,
            "birth_date": self.birth.isoformat(),
            "ethnicity": self.ethnicity,
            "id_number": self.id_number,
            "address": self.address,
            "phone": self.phone,
        }

    def block(self, label: str) -> str:
        return (
            f"<p class='party'><b>{label}：</b>{self.name}，{self.gender}，{cn_date(self.birth)}出生，"
            f"{self.ethnicity}，住{self.address}，公民身份号码{self.id_number}，联系电话{self.phone}。</p>"
        )


@dataclass(frozen=True)
class Org:
    name: str
    code_body: str
    address: str
    rep_name: str
    rep_title: str
    phone: str

    @property
    def credit_code(self) -> str:
        """统一社会信用代码: the 17 characters of ``code_body`` plus the check character."""
        return self.code_body + credit_code_check_char(self.code_body)

    def yaml(self, role: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {} if role is None else {"role": role}
        out |= {
            "kind": "organization",
            "name": self.name,
            "credit_code": self.credit_code,
            "address": self.address,
            "representative": {"name": self.rep_name, "title": self.rep_title},
            "phone": self.phone,
        }
        return out

    def block(self, label: str) -> str:
        return (
            f"<p class='party'><b>{label}：</b>{self.name}，住所地{self.address}，"
            f"统一社会信用代码{self.credit_code}。</p>"
            f"<p class='party sub'>{'负责人' if '分行' in self.name or '支行' in self.name else '法定代表人'}："
            f"{self.rep_name}，{self.rep_title}，联系电话{self.phone}。</p>"
        )


# ---------------------------------------------------------------------------------------------------
# Contact logs
# ---------------------------------------------------------------------------------------------------


CONTACTS_FILE = Location("contacts.csv")


def contact(
    stamp: str, channel: str, party: str, target: str, outcome: str, duration_s: int | None,
    agent: str, summary: str, evidence: str = "",
) -> Contact:
    return Contact(datetime.fromisoformat(stamp), channel, party, target, outcome, CONTACTS_FILE,
                   duration_s=duration_s, agent=agent, summary=summary, evidence=evidence)


def contact_row(c: Contact, iso_t: bool) -> list[str]:
    """One contacts.csv row, in the order of CONTACT_HEADER_EN / CONTACT_HEADER_ZH."""
    stamp = c.time.isoformat() if iso_t else c.time.strftime("%Y-%m-%d %H:%M:%S")
    duration = "" if c.duration_s is None else str(c.duration_s)
    return [stamp, c.channel, c.party, c.target, c.outcome, duration, c.agent, c.summary, c.evidence]


CONTACT_HEADER_EN = ("time", "channel", "party", "target", "outcome", "duration_s", "agent", "summary", "evidence")
CONTACT_HEADER_ZH = ("催收时间", "催收方式", "联系对象", "联系号码", "结果", "时长", "催收员", "内容摘要", "证据")


def check_contacts(contacts: Sequence[Contact], as_of: date) -> None:
    """The samples must be compliant (legal-domain.md §6.1): 08:00–22:00, ≤ 6 unanswered a day."""
    unanswered: dict[tuple[date, str, str], int] = {}
    for c in contacts:
        assert 8 <= c.time.hour < 22, c
        assert c.time.date() < as_of, c
        if c.outcome in ("no_answer", "failed"):
            key = (c.time.date(), c.channel, c.target)
            unanswered[key] = unanswered.get(key, 0) + 1
            assert unanswered[key] <= 6, c
    assert [c.time for c in contacts] == sorted(c.time for c in contacts)


# ---------------------------------------------------------------------------------------------------
# case.yaml entries
# ---------------------------------------------------------------------------------------------------


def exhibit(
    file: str, title: str, source: str, proves: str, original: bool,
    sensitive: bool = False, transcript: str = "",
) -> dict[str, Any]:
    out: dict[str, Any] = {"file": file, "title": title, "source": source, "proves": proves, "original": original}
    if transcript:
        out["transcript"] = transcript
    if sensitive:
        out["sensitive"] = True
    return out

