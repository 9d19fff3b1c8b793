"""Redaction profiles: who receives an output, and which personal identifiers it may show.

* ``court`` and ``counsel`` receive full data (a court requires full ID numbers);
* ``collector`` receives ID numbers as ``440106********0751``, mobile numbers as
  ``138****8000``, bank accounts as ``6222********1234``, e-mail as ``z***@example.com``
  and addresses cut to the district (``北京市朝阳区****``).

Every stage that writes an output for a profile applies one :class:`Redactor` to every
text it writes (bundle pages and the PDFs' titles, report.json, manifest.json, HTML, filings)
and to the names it writes (the build's folder and its .zip, named after the case_id:
:meth:`Redactor.file_name`): :func:`redactor_for` builds it from the case. It replaces the case's own
identifiers (the debtors' ID numbers, phones and addresses, the contact log's targets)
wherever they appear, then masks anything else that has the shape of an ID number, a
mobile number or a bank account, so that a summary typed by hand is covered too.
Scanned documents cannot be redacted by text: exhibits marked ``sensitive: true`` become a
placeholder page (``evidence_kit.bundle.exhibits``), and so do those whose title or file name
names a document that shows identifiers (:data:`IDENTIFYING_DOCUMENTS`: an ID card, a bank
card, a 户口簿, a 营业执照, a postal receipt …) unless case.yaml marks them ``sensitive: false``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from evidence_kit.case.model import Case

PROFILES = ("court", "counsel", "collector")
FULL_DATA_PROFILES = ("court", "counsel")
PROFILE_NAMES = {"court": "法院版", "counsel": "律师版", "collector": "催收版"}
COLLECTOR_MARK = "催收版 已脱敏"
"""Stamped on every page of a collector bundle."""
FILE_NAME_MASK = "x"
"""What stands for a masked digit in a file or folder name (a ``*`` cannot be in a Windows file name)."""

IDENTIFYING_DOCUMENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("identity document", ("身份证", "户口", "户籍", "护照", "驾驶证", "驾照", "通行证", "台胞证", "回乡证", "军官证",
                           "士兵证", "居住证", "社保卡", "社会保障卡", "结婚证", "离婚证", "出生证")),
    ("bank card or account", ("银行卡", "借记卡", "储蓄卡", "卡片", "卡面", "存折", "开户许可证", "开户证明", "账户信息",
                              "账户证明")),
    ("application form", ("申请表",)),
    ("business registration", ("营业执照", "组织机构代码证", "税务登记证")),
    ("postal or delivery receipt", ("回执", "回证", "快递", "邮寄", "面单", "详情单")),
    ("property certificate", ("房产证", "房屋所有权证", "不动产权证")),
)
"""The words of an exhibit's title or file name that name a document showing personal identifiers: an
ID number (identity documents, application forms), an account or card number, a registration code with
the representative's ID, a full address and phone (what a postal receipt or a certificate shows). In the
collector profile such an exhibit is a placeholder page unless case.yaml marks it ``sensitive: false``."""


def identifying_document(*names: str) -> str | None:
    """The first :data:`IDENTIFYING_DOCUMENTS` word found in ``names`` (title, file name), or None."""
    for _kind, words in IDENTIFYING_DOCUMENTS:
        for word in words:
            if any(word in name for name in names):
                return word
    return None


_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9A-Za-z])((?:\+?86[- ]?)?1[3-9]\d)\d{4}(\d{4})(?![0-9A-Za-z])")
_LANDLINE = re.compile(r"(?<![0-9A-Za-z])(0\d{2,3}-?)\d{3,4}(\d{4})(?![0-9A-Za-z])")
_ACCOUNT = re.compile(r"(?<![0-9A-Za-z])(\d{4})\d{8,15}(\d{4})(?![0-9A-Za-z])")
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
_DISTRICT = re.compile(r"^.{2,}?(?:(?<!自治)区|县|旗)")
_CITY = re.compile(r"^.{2,}?市")


def mask_id_number(value: str) -> str:
    """``440106199001010751`` → ``440106********0751`` (a 15-digit old number keeps 6 and 3)."""
    value = value.strip()
    if len(value) == 18:
        return value[:6] + "*" * 8 + value[-4:]
    if len(value) >= 9:
        return value[:6] + "*" * (len(value) - 9) + value[-3:]
    return "*" * len(value)


def mask_phone(value: str) -> str:
    """``13800138000`` → ``138****8000``; ``010-66001234`` → ``010-****1234``."""
    value = value.strip()
    digits = re.sub(r"\D", "", value)
    if len(digits) < 7:
        return "*" * len(value)
    masked = _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", value)
    if masked == value:
        masked = _LANDLINE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", value)
    if masked == value:
        masked = value[:3] + "*" * (len(value) - 7) + value[-4:]
    return masked


def mask_account(value: str) -> str:
    """A bank account or card number: first four and last four digits, stars between."""
    digits = re.sub(r"\s", "", value)
    return digits[:4] + "*" * max(len(digits) - 8, 4) + digits[-4:] if len(digits) > 8 else "*" * len(digits)


def mask_email(value: str) -> str:
    return _EMAIL.sub(lambda m: f"{m.group(1)}***@{m.group(2)}", value.strip())


def mask_address(value: str) -> str:
    """Cut to the district: ``北京市朝阳区某某路1号院`` → ``北京市朝阳区****``."""
    value = value.strip()
    found = _DISTRICT.match(value) or _CITY.match(value)
    kept = found.group(0) if found else value[:6]
    return kept + "****" if kept != value else value


def mask_target(channel: str, target: str) -> str:
    """A contact log's number or address, masked as its channel says it is."""
    if channel in ("call", "sms"):
        return mask_phone(target)
    if channel == "email":
        return mask_email(target)
    return mask_address(target)


def mask_patterns(text: str) -> str:
    """Mask whatever looks like an ID number, a mobile, a landline, a bank account or an e-mail."""
    text = _ID_NUMBER.sub(lambda m: f"{m.group(1)}********{m.group(2)[-4:]}", text)
    text = _ACCOUNT.sub(lambda m: f"{m.group(1)}{'*' * (len(m.group(0)) - 8)}{m.group(2)}", text)
    text = _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)
    text = _LANDLINE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)
    return _EMAIL.sub(lambda m: f"{m.group(1)}***@{m.group(2)}", text)


@dataclass(frozen=True)
class Redactor:
    """Applies a profile to text and to JSON-like data; ``full`` values are replaced by their masks."""

    profile: str = "court"
    replacements: tuple[tuple[str, str], ...] = ()
    _pattern: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    @property
    def masks(self) -> bool:
        return self.profile not in FULL_DATA_PROFILES

    @property
    def identifiers(self) -> tuple[str, ...]:
        """The full identifiers this redactor removes (what a test scans the outputs for)."""
        return tuple(full for full, _ in self.replacements)

    def text(self, value: str) -> str:
        if not self.masks or not value:
            return value
        if self._pattern is not None:
            table = dict(self.replacements)
            value = self._pattern.sub(lambda m: table[m.group(0)], value)
        return mask_patterns(value)

    def json(self, data: Any) -> Any:
        """Every string in ``data`` (dict values, list items; keys too) redacted; other values as they are."""
        if not self.masks:
            return data
        if isinstance(data, str):
            return self.text(data)
        if isinstance(data, dict):
            return {self.text(k) if isinstance(k, str) else k: self.json(v) for k, v in data.items()}
        if isinstance(data, list | tuple):
            return [self.json(v) for v in data]
        return data

    def file_name(self, name: str) -> str:
        """A file or folder name for this profile: identifiers masked with :data:`FILE_NAME_MASK`, no ``/``.

        The collector build of case ``GX-11010519860514041X`` is the folder ``GX-110105xxxxxxxx041X`` (and its
        package ``GX-110105xxxxxxxx041X.zip``), while its texts say ``GX-110105********041X``.
        """
        return file_safe(self.text(name)) if self.masks else name


def file_safe(text: str) -> str:
    """A (masked) text as a file name: each ``*`` as :data:`FILE_NAME_MASK`, each ``/`` as ``_``.

    A case_id has neither (case.schema.json), so the name of a full-data build is its case_id unchanged,
    and the folder of any build is ``file_safe`` of the case_id its manifest records.
    """
    return text.replace("*", FILE_NAME_MASK).replace("/", "_")


def redactor_for(case: Case | None, profile: str) -> Redactor:
    """The redactor of ``profile`` for ``case``: knows the case's own identifiers and their masks."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; one of {', '.join(PROFILES)}")
    if profile in FULL_DATA_PROFILES or case is None:
        return Redactor(profile)
    pairs = dict(_case_identifiers(case))
    ordered = tuple(sorted(((k, v) for k, v in pairs.items() if k and k != v), key=lambda kv: -len(kv[0])))
    pattern = re.compile("|".join(re.escape(k) for k, _ in ordered)) if ordered else None
    return Redactor(profile, ordered, pattern)


def _case_identifiers(case: Case) -> Iterable[tuple[str, str]]:
    for party in case.debtors:
        if party.id_number:
            yield party.id_number, mask_id_number(party.id_number)
        if party.phone:
            yield party.phone, mask_phone(party.phone)
        if party.address and party.is_person:
            yield party.address, mask_address(party.address)
    for contact in case.contacts:
        target = contact.target.strip()
        if target:
            yield target, mask_target(contact.channel, target)
