"""The collection contact log: well-formed targets, dates, evidence files, conduct rules.

The conduct rules (:data:`COLLECTION_RULES`, legal-domain.md §6.1) are warnings: each names
its contacts.csv line and the rule's source, and report.json carries them as its
``collection`` section (:func:`collection_section`):

* no contact between 22:00 and 08:00 (:class:`CollectionHours` sets other hours);
* at most six unanswered attempts a day on one number;
* no collection from third parties unrelated to the debt; a third party or emergency
  contact only when the debtor is 失联: not reached in the previous 30 days, and after three
  consecutive failed attempts to the debtor;
* a recording reference for every answered call, a summary for every visit;
* collection records kept at least 2 years: when collection began more than 2 years before
  ``as_of``, the log must reach back to ``as_of`` − 2 years (:func:`retention_findings`);
* every summary scanned by the compliance lint (:mod:`evidence_kit.check.lint`, the rules the
  notices are held to): each phrase found is a warning naming the line, the phrase and the rule.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from evidence_kit.case.model import PARTY_NAMES, Case, Contact
from evidence_kit.case.paths import special_file_kind, unsafe_reason
from evidence_kit.case.sniff import sniff
from evidence_kit.check.lint import lint_texts
from evidence_kit.errors import describe_os_error
from evidence_kit.i18n import N_, _, translate
from evidence_kit.problems import Location, Problem, error, warning

QUIET_FROM, QUIET_UNTIL = time(22, 0), time(8, 0)
MAX_UNANSWERED_PER_DAY = 6
REACHED_WINDOW = timedelta(days=30)
"""A third party may not be contacted when the debtor was reached within this time before."""
FAILED_ATTEMPTS_BEFORE_THIRD_PARTY = 3
"""失联: the debtor could not be reached in this many consecutive attempts."""
REACHED = ("connected", "promise_to_pay", "refused", "met")
FAILED = ("no_answer", "failed", "not_met")
THIRD_PARTIES = ("third_party", "emergency_contact")
QUIET_CHANNELS = ("call", "visit", "sms")
RECORDS_KEPT_YEARS = 2
"""Collection records are kept at least this many years (信用卡办法 art. 68; legal-domain.md §6.1)."""

GUIDELINE = "中国银行业协会《金融机构个人消费类贷款催收工作指引（试行）》"
CARD_RULES = "《商业银行信用卡业务监督管理办法》第68条"
INTERNET_CONVENTION = "中国互联网金融协会《互联网金融逾期债务催收自律公约（试行）》"


@dataclass(frozen=True)
class CollectionRule:
    code: str
    rule: str
    """The rule in English, marked for the catalog; its ``{fields}`` are the module's limits (see :attr:`text`)."""
    source: str

    @property
    def text(self) -> str:
        """The rule in the current language, its limits filled in."""
        return translate(self.rule).format(count=MAX_UNANSWERED_PER_DAY, days=REACHED_WINDOW.days,
                                           attempts=FAILED_ATTEMPTS_BEFORE_THIRD_PARTY)


COLLECTION_RULES = {rule.code: rule for rule in (
    CollectionRule("contact_quiet_hours", N_("no call, visit or message between the quiet hours (default 22:00–08:00) "
                                             "without the debtor's consent"), GUIDELINE),
    CollectionRule("contact_too_frequent", N_("at most {count} unanswered attempts a day to one number"), GUIDELINE),
    CollectionRule("contact_third_party", N_("no collection from third parties unrelated to the debt"),
                   f"{CARD_RULES}; {GUIDELINE}"),
    CollectionRule("contact_third_party_early", N_("a third party or emergency contact only when the debtor is 失联: "
                                                   "not reached in the previous {days} days and after {attempts} "
                                                   "consecutive failed attempts"), GUIDELINE),
    CollectionRule("call_without_recording", N_("every answered collection call is recorded (records kept ≥ 2 years)"),
                   CARD_RULES),
    CollectionRule("visit_without_summary", N_("every visit is recorded with a summary"), INTERNET_CONVENTION),
    CollectionRule("contact_conduct", N_("no summary records wording the compliance lint flags: threats, abuse, "
                                         "impersonation of authorities, exaggerated consequences, disclosure of the "
                                         "debt, collection fees, inducing new borrowing"), f"{CARD_RULES}; {GUIDELINE}"),
    CollectionRule("contact_retention", N_("collection records are kept at least 2 years: when collection began "
                                           "earlier, the log reaches back 2 years before as_of"), CARD_RULES),
)}
CHANNEL_WORDS = {"call": N_("call"), "sms": N_("sms"), "email": N_("email"), "letter": N_("letter"),
                 "visit": N_("visit")}
"""A contact's channel as a word in a message (the codes themselves in English)."""


def _channel(code: str) -> str:
    return translate(CHANNEL_WORDS[code]) if code in CHANNEL_WORDS else code


@dataclass(frozen=True)
class CollectionHours:
    """The quiet hours: no contact from ``quiet_from`` until ``quiet_until`` (a stricter 21:00 is common)."""

    quiet_from: time = QUIET_FROM
    quiet_until: time = QUIET_UNTIL

    def allows(self, at: time) -> bool:
        return self.quiet_until <= at < self.quiet_from

    @property
    def text(self) -> str:
        return f"{self.quiet_from:%H:%M}–{self.quiet_until:%H:%M}"

_MOBILE = re.compile(r"^(\+?86[- ]?)?1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^(\+?86[- ]?)?0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _at(contact: Contact, column: str | None) -> Location:
    return Location(contact.loc.file, contact.loc.row, column)


def contact_problems(case: Case, hours: CollectionHours | None = None) -> list[Problem]:
    problems: list[Problem] = []
    for contact in case.contacts:
        problems.extend(_one(case, contact))
    problems.extend(collection_findings(case, hours))
    return problems


def collection_findings(case: Case, hours: CollectionHours | None = None) -> list[Problem]:
    """Every breach of :data:`COLLECTION_RULES` in the contact log, in line order."""
    hours = hours or CollectionHours()
    found: list[Problem] = []
    for contact in case.contacts:
        found += _conduct(contact, hours)
    found += _repeated_attempts(case.contacts)
    found += _third_party_too_early(case.contacts)
    found += summary_findings(case)
    found += retention_findings(case)
    return sorted(found, key=lambda p: p.loc.row if p.loc and p.loc.row else 0)


def collection_section(case: Case, hours: CollectionHours | None = None) -> dict[str, Any]:
    """report.json's ``collection``: the rules applied, with sources, and each finding with its line."""
    hours = hours or CollectionHours()
    findings = collection_findings(case, hours)
    return {
        "quiet_hours": hours.text,
        "rules": [{"code": r.code, "rule": r.text, "source": r.source} for r in COLLECTION_RULES.values()],
        "findings": [{"code": p.code, "file": p.loc.file if p.loc else None, "row": p.loc.row if p.loc else None,
                      "message": p.message, "source": COLLECTION_RULES[p.code].source} for p in findings],
    }


def _finding(code: str, message: str, contact: Contact, hint: str) -> Problem:
    return warning(code, message, _at(contact, None), _("{hint} (source: {source})", hint=hint,
                                                        source=COLLECTION_RULES[code].source))


def _conduct(contact: Contact, hours: CollectionHours) -> list[Problem]:
    found = []
    if contact.channel in QUIET_CHANNELS and not hours.allows(contact.time.time()):
        found.append(_finding("contact_quiet_hours", _("{channel} at {time} is within {hours}",
                                                       channel=_channel(contact.channel),
                                                       time=f"{contact.time:%H:%M}", hours=hours.text),
                              contact, _("collection contacts at night need the debtor's consent")))
    if contact.party == "third_party":
        found.append(_finding("contact_third_party", _("collection contact with a third party unrelated to the debt"),
                              contact, _("collect only from the debtor, guarantors and debt-related persons")))
    if contact.channel == "call" and contact.outcome in REACHED and not contact.evidence:
        found.append(_finding("call_without_recording", _("an answered call has no recording reference"), contact,
                              _("name the call recording in the evidence column")))
    if contact.channel == "visit" and not contact.summary.strip():
        found.append(_finding("visit_without_summary", _("a visit has no summary"), contact,
                              _("write who was met and what was said in the summary column")))
    return found


def summary_findings(case: Case) -> list[Problem]:
    """Each phrase the compliance lint finds in a contact's summary: a warning at its line, naming the rule.

    The case's own names and addresses are blanked first, as for notices: a street called 法院路 is not wording.
    """
    found = []
    data = _case_values(case)
    for contact in case.contacts:
        for finding in lint_texts([("summary", contact.summary)], data):
            found.append(warning(
                "contact_conduct",
                _("the summary says {phrase}, which {rule} ({code}): “{excerpt}”", phrase=repr(finding.phrase),
                  rule=finding.rule.title, code=finding.rule.code, excerpt=finding.excerpt),
                _at(contact, "summary"),
                _("{hint} (source: {source})", hint=_("review this contact with compliance before filing it as "
                                                      "evidence"), source=finding.rule.basis)))
    return found


def _case_values(case: Case) -> list[str]:
    """Names and addresses the case itself gives: data in a summary, not the collector's wording."""
    parties = [case.creditor, *case.debtors]
    return [case.court, *(p.name for p in parties), *(p.address for p in parties if p.address)]


def retention_findings(case: Case) -> list[Problem]:
    """Records kept less than :data:`RECORDS_KEPT_YEARS` years, when the collection is older than that.

    On ``as_of`` every collection record of the :data:`RECORDS_KEPT_YEARS` years before it must
    still be kept (信用卡办法 art. 68). When collection began before that window — a card's
    ``first_overdue_date``, a loan's ``accelerated_on`` or its ``maturity``, whichever is earliest
    on or before the window's start — and the log's earliest record is later than the window's
    start, the records between may have been discarded early. A loan whose installments fell
    overdue before it was accelerated or matured is judged from those later dates: the rule
    errs towards silence. A case without contacts is ``no_contacts`` already.
    """
    if not case.contacts:
        return []
    start = years_before(case.as_of, RECORDS_KEPT_YEARS)
    began = _collection_began(case)
    first = min(case.contacts, key=lambda c: (c.time, c.loc.row or 0))
    if began is None or began[0] >= start or first.time.date() <= start:
        return []
    day, key = began
    return [_finding("contact_retention",
                     _("the contact log begins on {first}, but collection began by {began} ({key}): the records "
                       "from {start} on, the {years} years before as_of {as_of}, must all be kept",
                       first=first.time.date(), began=day, key=key, start=start, years=RECORDS_KEPT_YEARS,
                       as_of=case.as_of),
                     first,
                     _("add the collection records from {start} to {first} to contacts.csv, or have the bank state "
                       "why it holds none", start=start, first=first.time.date()))]


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _collection_began(case: Case) -> tuple[date, str] | None:
    """The earliest date the case states its debts were overdue by, with the case.yaml key that states it."""
    dates: list[tuple[date, str]] = []
    for debt in case.all_debts:
        if debt.card is not None:
            dates.append((debt.card.first_overdue_date, f"{debt.key}.first_overdue_date"))
        if debt.loan is not None:
            if debt.loan.accelerated_on is not None:
                dates.append((debt.loan.accelerated_on, f"{debt.key}.accelerated_on"))
            dates.append((debt.loan.maturity, f"{debt.key}.maturity"))
    known = [d for d in dates if d[0] <= case.as_of]
    return min(known) if known else None


def _third_party_too_early(contacts: Sequence[Contact]) -> list[Problem]:
    """Each third party contacted while the debtor was reachable, in one pass over the log in time order."""
    times = [c.time for c in contacts]
    found = []
    reached: Contact | None = None
    last: deque[str] = deque(maxlen=FAILED_ATTEMPTS_BEFORE_THIRD_PARTY)
    for index in sorted(range(len(times)), key=times.__getitem__):
        contact = contacts[index]
        if contact.party == "debtor":
            last.append(contact.outcome)
            if contact.outcome in REACHED:
                reached = contact
            continue
        if contact.party not in THIRD_PARTIES:
            continue
        failed_run = len(last) == FAILED_ATTEMPTS_BEFORE_THIRD_PARTY and all(o in FAILED for o in last)
        if reached is not None and contact.time - reached.time <= REACHED_WINDOW:
            why = _("the debtor was reached on {date} (line {row})", date=f"{reached.time:%Y-%m-%d}",
                    row=reached.loc.row)
        elif not failed_run:
            why = _("the last {count} attempts to the debtor did not all fail", count=FAILED_ATTEMPTS_BEFORE_THIRD_PARTY)
        else:
            continue
        role = PARTY_NAMES.get(contact.party, contact.party)
        found.append(_finding("contact_third_party_early", _("{role} contacted although the debtor was not 失联: {why}",
                                                             role=role, why=why),
                              contact, _("contact third parties only after the debtor cannot be reached")))
    return found


def _one(case: Case, contact: Contact) -> list[Problem]:
    problems = _target_problems(contact)
    if contact.time.date() > case.as_of:
        problems.append(warning("contact_after_as_of", _("contact on {date} is after as_of {as_of}",
                                                         date=f"{contact.time:%Y-%m-%d}", as_of=case.as_of),
                                _at(contact, None), _("it is listed but cannot support the claim as of as_of")))
    first_day = min(debt.first_day for debt in case.all_debts)
    if contact.time.date() < first_day:
        problems.append(error("contact_before_disbursement",
                              _("contact on {date} is before the disbursement on {first_day}",
                                date=f"{contact.time:%Y-%m-%d}", first_day=first_day),
                              _at(contact, None), _("check the date, or whether the row belongs to another loan")))
    if contact.channel == "call" and contact.outcome in ("connected", "promise_to_pay", "refused") and not contact.duration_s:
        problems.append(warning("call_without_duration", _("a connected call has no duration"), _at(contact, None),
                                _("give the call length (duration_s) from the call record")))
    if contact.evidence:
        problems.extend(_evidence_problems(case, contact))
    return problems


def _target_problems(contact: Contact) -> list[Problem]:
    target = contact.target.replace(" ", "")
    if contact.channel in ("call", "sms") and not (_MOBILE.match(target) or (_LANDLINE.match(target) and contact.channel == "call")):
        return [error("contact_target", _("{target} is not a phone number for a {channel}", target=repr(contact.target),
                                          channel=_channel(contact.channel)),
                      _at(contact, "target"), _("write a mobile number (11 digits) or a landline with area code"))]
    if contact.channel == "email" and not _EMAIL.match(target):
        return [error("contact_target", _("{target} is not an e-mail address", target=repr(contact.target)),
                      _at(contact, "target"), _("write the address the e-mail was sent to"))]
    if contact.channel in ("letter", "visit") and len(contact.target.strip()) < 4:
        return [error("contact_target", _("{target} is not a postal address", target=repr(contact.target)),
                      _at(contact, "target"), _("write the address the letter was sent to or visited"))]
    return []


def _evidence_problems(case: Case, contact: Contact) -> list[Problem]:
    try:
        return _evidence_file_problems(case, contact)
    except OSError as exc:
        return [error("contact_evidence_unreadable", _("evidence {file} cannot be read: {why}", file=contact.evidence,
                                                       why=describe_os_error(exc)),
                      _at(contact, "evidence"), _("make it a regular file readable by this user"))]


def _evidence_file_problems(case: Case, contact: Contact) -> list[Problem]:
    reason = unsafe_reason(case.root, contact.evidence)
    if reason:
        return [error("path_unsafe", _("evidence {file} {reason}", file=contact.evidence, reason=reason),
                      _at(contact, "evidence"), _("name a file inside the case folder, relative to it"))]
    special = special_file_kind(case.root / contact.evidence)
    if special:
        return [error("file_not_regular", _("evidence {file} is a {kind}, not a regular file", file=contact.evidence,
                                            kind=special),
                      _at(contact, "evidence"), _("name the recording, screenshot or receipt itself"))]
    path = (case.root / contact.evidence).resolve()
    if not path.is_relative_to(case.root):
        return [error("contact_evidence_outside", _("evidence {file} is outside the case folder", file=contact.evidence),
                      _at(contact, "evidence"), _("copy the file into the case folder"))]
    if not path.is_file():
        return [error("contact_evidence_missing", _("evidence {file} does not exist", file=contact.evidence),
                      _at(contact, "evidence"), _("add the recording, screenshot or receipt, or fix the path"))]
    if path.stat().st_size == 0 or sniff(path) is None:
        return [warning("contact_evidence_type", _("evidence {file} is not a PDF, image or recording",
                                                   file=contact.evidence),
                        _at(contact, "evidence"), _("attach the original recording, screenshot or receipt"))]
    return []


def _repeated_attempts(contacts: Sequence[Contact]) -> list[Problem]:
    unanswered = Counter(
        (c.time.date(), c.target) for c in contacts if c.channel == "call" and c.outcome == "no_answer"
    )
    problems = []
    for (day, target), count in sorted(unanswered.items()):
        if count > MAX_UNANSWERED_PER_DAY:
            first = next(c for c in contacts if c.time.date() == day and c.target == target)
            problems.append(_finding("contact_too_frequent",
                                     _("{count} unanswered calls to {target} on {date} (more than {limit})", count=count,
                                       target=target, date=day, limit=MAX_UNANSWERED_PER_DAY),
                                     first, _("the collection guideline allows at most six a day")))
    return problems
