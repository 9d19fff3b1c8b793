"""When a notice may be sent: the contact rules checked against the case's contact log.

legal-domain.md §6.1 (banking association guideline): no collection between 22:00 and
08:00; at most :data:`DAILY_ATTEMPT_LIMIT` attempts a day on one contact point; a third
party (an emergency contact) only when the debtor is 失联 — the last
:data:`LOST_AFTER_ATTEMPTS` attempts to reach the debtor all failed — and then only with a
call-back request. A refused time comes with the next allowed one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from evidence_kit.case.model import Contact
from evidence_kit.check.contacts import MAX_UNANSWERED_PER_DAY, QUIET_FROM, QUIET_UNTIL
from evidence_kit.errors import EvidenceKitError, ExitCode
from evidence_kit.filings.epoch import build_epoch, epoch_time
from evidence_kit.i18n import _
from evidence_kit.notices.facts import party_name
from evidence_kit.problems import Location, Problem, error

DAILY_ATTEMPT_LIMIT = MAX_UNANSWERED_PER_DAY
"""Attempts a day on one contact point (the guideline's "当天不宜超过6次"), the log's and this notice's."""
LOST_AFTER_ATTEMPTS = 3
"""The debtor is 失联 after this many consecutive failed attempts (the guideline's third-party condition)."""
CHINA_TIME = timezone(timedelta(hours=8))
FAILED_OUTCOMES = ("no_answer", "failed", "not_met")
THIRD_PARTIES = ("emergency_contact", "third_party")
SEARCH_DAYS = 366
"""How far ahead the next allowed time is searched before giving up."""
MINUTE = "%Y-%m-%d %H:%M"
"""How refusals write a time (China time, as contacts.csv does)."""


class SendRefused(EvidenceKitError):
    exit_code = ExitCode.NOT_ELIGIBLE


@dataclass(frozen=True)
class SendDecision:
    requested: datetime
    allowed: datetime | None
    """The next allowed time on or after ``requested`` (``requested`` itself when it is allowed)."""
    problems: tuple[Problem, ...]
    """Why ``requested`` is not allowed (empty when it is)."""

    @property
    def ok(self) -> bool:
        return not self.problems


def china_now() -> datetime:
    """Now as China time, naive (as contacts.csv writes it), to the minute.

    ``SOURCE_DATE_EPOCH``, when it is set, stands for now (as in ``build``): the default send
    time, and so the gateway file and the e-mails, are then the same on every run.
    """
    return epoch_time(build_epoch()).replace(tzinfo=None, second=0, microsecond=0)


def _normal(target: str) -> str:
    return target.replace(" ", "").replace("-", "").lower().removeprefix("+86")


def attempts_on(contacts: Sequence[Contact], target: str, day: datetime) -> int:
    wanted = _normal(target)
    return sum(1 for c in contacts if c.time.date() == day.date() and _normal(c.target) == wanted)


def in_quiet_hours(moment: datetime) -> bool:
    return not QUIET_UNTIL <= moment.time() < QUIET_FROM


def debtor_lost(contacts: Sequence[Contact], before: datetime) -> bool:
    """True when the last :data:`LOST_AFTER_ATTEMPTS` attempts to the debtor before ``before`` all failed."""
    tries = sorted((c for c in contacts if c.party == "debtor" and c.time < before), key=lambda c: c.time)
    last = tries[-LOST_AFTER_ATTEMPTS:]
    return len(last) == LOST_AFTER_ATTEMPTS and all(c.outcome in FAILED_OUTCOMES for c in last)


def _next_morning(moment: datetime) -> datetime:
    return datetime.combine(moment.date() + timedelta(days=1), QUIET_UNTIL)


def _first_slot(moment: datetime, contacts: Sequence[Contact], target: str) -> datetime | None:
    """The first time ≥ ``moment`` outside quiet hours on a day with attempts left."""
    for _day in range(SEARCH_DAYS):
        if in_quiet_hours(moment):
            moment = (datetime.combine(moment.date(), QUIET_UNTIL) if moment.time() < QUIET_UNTIL
                      else _next_morning(moment))
            continue
        if attempts_on(contacts, target, moment) >= DAILY_ATTEMPT_LIMIT:
            moment = _next_morning(moment)
            continue
        return moment
    return None


def send_decision(requested: datetime, contacts: Sequence[Contact], *, target: str, party: str = "debtor") -> SendDecision:
    """Check ``requested`` against the rules; give the next allowed time either way."""
    problems: list[Problem] = []
    where = Location("--send-at")
    if in_quiet_hours(requested):
        problems.append(error("send_quiet_hours", _("{time} is within 22:00–08:00, when no collection may be made "
                                                    "without the debtor's consent", time=requested.strftime(MINUTE)),
                              where, _("send from 08:00 (the next allowed time is given)")))
    done = attempts_on(contacts, target, requested)
    if done >= DAILY_ATTEMPT_LIMIT:
        problems.append(error("send_daily_limit", _("{count} attempts to {target} are already logged on {date}, the "
                                                    "daily limit is {limit}", count=done, target=target,
                                                    date=requested.date().isoformat(), limit=DAILY_ATTEMPT_LIMIT),
                              where, _("send on the next day (the next allowed time is given)")))
    if party in THIRD_PARTIES and not debtor_lost(contacts, requested):
        problems.append(error("send_third_party", _("a {party} may be contacted only when the debtor cannot be "
                                                    "reached ({count} consecutive failed attempts); the contact log "
                                                    "shows the debtor reachable", party=party_name(party),
                                                    count=LOST_AFTER_ATTEMPTS), Location("contacts.csv"),
                              _("contact the debtor; try a third party only after three failed attempts")))
        return SendDecision(requested, None, tuple(problems))
    return SendDecision(requested, _first_slot(requested, contacts, target), tuple(problems))


def refuse_send(decision: SendDecision) -> None:
    """Raise :class:`SendRefused` (exit 12) naming every broken rule and the next allowed time."""
    if decision.ok:
        return
    reasons = _("; ").join(p.message for p in decision.problems)
    requested = decision.requested.strftime(MINUTE)
    message = (_("cannot send at {time}: {reasons}; the next allowed time is {allowed}", time=requested,
                 reasons=reasons, allowed=decision.allowed.strftime(MINUTE)) if decision.allowed else
               _("cannot send at {time}: {reasons}; there is no allowed time while the debtor is reachable",
                 time=requested, reasons=reasons))
    first = decision.problems[0]
    raise SendRefused(message, problems=list(decision.problems), file=first.loc.file if first.loc else None,
                      code=first.code, hint=_("pass an allowed --send-at, or leave it out to use the next allowed time"))
