"""The collection contact log: well-formed targets, dates, evidence files, conduct rules.

Conduct follows the banking association's collection guideline (legal-domain.md §6.1):
no contact between 22:00 and 08:00, at most six unanswered attempts a day on one
contact point, no collection from third parties unrelated to the debt.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import time

from evidence_kit.case.model import Case, Contact
from evidence_kit.case.sniff import sniff
from evidence_kit.errors import describe_os_error
from evidence_kit.problems import Location, Problem, error, warning

QUIET_FROM, QUIET_UNTIL = time(22, 0), time(8, 0)
MAX_UNANSWERED_PER_DAY = 6

_MOBILE = re.compile(r"^(\+?86[- ]?)?1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^(\+?86[- ]?)?0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _at(contact: Contact, column: str | None) -> Location:
    return Location(contact.loc.file, contact.loc.row, column)


def contact_problems(case: Case) -> list[Problem]:
    problems: list[Problem] = []
    for contact in case.contacts:
        problems.extend(_one(case, contact))
    problems.extend(_repeated_attempts(case.contacts))
    return problems


def _one(case: Case, contact: Contact) -> list[Problem]:
    problems = _target_problems(contact)
    if contact.time.date() > case.as_of:
        problems.append(warning("contact_after_as_of", f"contact on {contact.time:%Y-%m-%d} is after as_of {case.as_of}",
                                _at(contact, None), "it is listed but cannot support the claim as of as_of"))
    if contact.time.date() < case.loan.disbursed_on:
        problems.append(error("contact_before_disbursement",
                              f"contact on {contact.time:%Y-%m-%d} is before the disbursement on {case.loan.disbursed_on}",
                              _at(contact, None), "check the date, or whether the row belongs to another loan"))
    if contact.channel in ("call", "visit") and not QUIET_UNTIL <= contact.time.time() < QUIET_FROM:
        problems.append(warning("contact_quiet_hours", f"{contact.channel} at {contact.time:%H:%M} is within 22:00–08:00",
                                _at(contact, None), "collection contacts at night breach the collection guideline"))
    if contact.party == "third_party":
        problems.append(warning("contact_third_party", "collection contact with a third party unrelated to the debt",
                                _at(contact, None), "collect only from the debtor, guarantors and debt-related persons"))
    if contact.channel == "call" and contact.outcome in ("connected", "promise_to_pay", "refused") and not contact.duration_s:
        problems.append(warning("call_without_duration", "a connected call has no duration", _at(contact, None),
                                "give the call length (duration_s) from the call record"))
    if contact.evidence:
        problems.extend(_evidence_problems(case, contact))
    return problems


def _target_problems(contact: Contact) -> list[Problem]:
    target = contact.target.replace(" ", "")
    if contact.channel in ("call", "sms") and not (_MOBILE.match(target) or (_LANDLINE.match(target) and contact.channel == "call")):
        return [error("contact_target", f"{contact.target!r} is not a phone number for a {contact.channel}",
                      _at(contact, "target"), "write a mobile number (11 digits) or a landline with area code")]
    if contact.channel == "email" and not _EMAIL.match(target):
        return [error("contact_target", f"{contact.target!r} is not an e-mail address", _at(contact, "target"),
                      "write the address the e-mail was sent to")]
    if contact.channel in ("letter", "visit") and len(contact.target.strip()) < 4:
        return [error("contact_target", f"{contact.target!r} is not a postal address", _at(contact, "target"),
                      "write the address the letter was sent to or visited")]
    return []


def _evidence_problems(case: Case, contact: Contact) -> list[Problem]:
    try:
        return _evidence_file_problems(case, contact)
    except OSError as exc:
        return [error("contact_evidence_unreadable", f"evidence {contact.evidence} cannot be read: "
                      f"{describe_os_error(exc)}", _at(contact, "evidence"), "make it a regular file readable by this user")]


def _evidence_file_problems(case: Case, contact: Contact) -> list[Problem]:
    path = (case.root / contact.evidence).resolve()
    if not path.is_relative_to(case.root):
        return [error("contact_evidence_outside", f"evidence {contact.evidence} is outside the case folder",
                      _at(contact, "evidence"), "copy the file into the case folder")]
    if not path.is_file():
        return [error("contact_evidence_missing", f"evidence {contact.evidence} does not exist",
                      _at(contact, "evidence"), "add the recording, screenshot or receipt, or fix the path")]
    if path.stat().st_size == 0 or sniff(path) is None:
        return [warning("contact_evidence_type", f"evidence {contact.evidence} is not a PDF, image or recording",
                        _at(contact, "evidence"), "attach the original recording, screenshot or receipt")]
    return []


def _repeated_attempts(contacts: tuple[Contact, ...]) -> list[Problem]:
    unanswered = Counter(
        (c.time.date(), c.target) for c in contacts if c.channel == "call" and c.outcome == "no_answer"
    )
    problems = []
    for (day, target), count in sorted(unanswered.items()):
        if count > MAX_UNANSWERED_PER_DAY:
            first = next(c for c in contacts if c.time.date() == day and c.target == target)
            problems.append(warning("contact_too_frequent",
                                    f"{count} unanswered calls to {target} on {day} (more than {MAX_UNANSWERED_PER_DAY})",
                                    _at(first, None), "the collection guideline allows at most six a day"))
    return problems
