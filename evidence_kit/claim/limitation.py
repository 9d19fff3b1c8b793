"""The limitation period (诉讼时效, Civil Code arts. 188, 195; claim-method.md "Limitation").

The period starts at S = maturity, or accelerated_on if earlier. A repayment, or a contact
that reached the debtor or a guarantor, on or after S restarts three years from its date.
The event that carries the period is kept with its location and exhibit path so that the
report and the bundle can cite it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import chain

from evidence_kit.case.model import (
    CHANNEL_NAMES,
    OUTCOME_NAMES,
    PARTY_NAMES,
    Case,
    Contact,
    Loan,
    Payment,
)
from evidence_kit.claim.schedule import key_loc, on_key_line
from evidence_kit.i18n import _
from evidence_kit.problems import Location, Problem, error, warning

LIMITATION_YEARS = 3
NEAR_DAYS = 90
INTERRUPTING_PARTIES = ("debtor", "guarantor")



def add_years(start: date, years: int) -> date:
    """``start`` plus whole years; 29 February becomes 28 February in a common year."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


@dataclass(frozen=True)
class LimitationEvent:
    """What starts or restarts the period: ``kind`` is maturity, acceleration, repayment or contact."""

    kind: str
    on: date
    loc: Location | None
    description: str
    evidence: str = ""
    """For a contact: the path of its recording, screenshot or receipt (the exhibit to cite)."""


@dataclass(frozen=True)
class Limitation:
    start: date
    expiry: date
    event: LimitationEvent
    """The event the period now runs from (the start itself when nothing restarted it)."""

    def days_left(self, as_of: date) -> int:
        return (self.expiry - as_of).days


def start_event(loan: Loan) -> LimitationEvent:
    accelerated = loan.accelerated_on
    if accelerated is not None and accelerated < loan.maturity:
        return LimitationEvent("acceleration", accelerated, key_loc(loan.loc, "accelerated_on"),
                               f"{accelerated} 宣布贷款提前到期")
    return LimitationEvent("maturity", loan.maturity, key_loc(loan.loc, "maturity"), f"{loan.maturity} 贷款到期")


def repayment_event(payment: Payment) -> LimitationEvent:
    return LimitationEvent("repayment", payment.date, payment.loc, f"{payment.date} 债务人还款 {payment.amount} 元")


def contact_event(contact: Contact) -> LimitationEvent:
    channel = CHANNEL_NAMES.get(contact.channel, contact.channel)
    party = PARTY_NAMES.get(contact.party, contact.party)
    return LimitationEvent(
        "contact",
        contact.time.date(),
        contact.loc,
        f"{contact.time.date()} {channel}催收{party}（{OUTCOME_NAMES.get(contact.outcome, contact.outcome)}）",
        contact.evidence,
    )


def interrupts(contact: Contact) -> bool:
    """A contact restarts the period when it reached the debtor or a guarantor."""
    return contact.party in INTERRUPTING_PARTIES and contact.reached


def _latest_restart(payments: Iterable[Payment], contacts: Iterable[Contact], start: date,
                    as_of: date) -> LimitationEvent | None:
    """The latest repayment or interrupting contact from ``start`` to ``as_of``; on the same day a repayment,
    then a contact with evidence. Rows are compared by (date, rank) one at a time; only the winner's event
    (with its text) is made, so a million-row ledger costs no million events."""
    candidates: Iterable[tuple[date, int, Payment | Contact]] = chain(
        ((p.date, 2, p) for p in payments if p.amount > 0),
        ((c.time.date(), 1 if c.evidence else 0, c) for c in contacts if interrupts(c)))
    best: tuple[date, int] | None = None
    winner: Payment | Contact | None = None
    for on, rank, item in candidates:
        if start <= on <= as_of and (best is None or (on, rank) > best):
            best, winner = (on, rank), item
    if winner is None:
        return None
    return repayment_event(winner) if isinstance(winner, Payment) else contact_event(winner)


def limitation_period(
    loan: Loan, payments: Sequence[Payment], contacts: Sequence[Contact], as_of: date
) -> Limitation:
    """The period as it stands on ``as_of``: events after ``as_of`` are not counted."""
    start = start_event(loan)
    carrying = _latest_restart(payments, contacts, start.on, as_of) or start
    return Limitation(start.on, add_years(carrying.on, LIMITATION_YEARS), carrying)


def compute_limitation(case: Case, as_of: date | None = None) -> Limitation:
    period = limitation_period(case.loan, case.payments, case.contacts, as_of or case.as_of)
    return replace(period, event=replace(period.event, loc=on_key_line(case, period.event.loc)))


def limitation_problems(case: Case, as_of: date | None = None) -> list[Problem]:
    """``limitation_expired`` (error) after expiry; ``limitation_near`` (warning) within 90 days."""
    day = as_of or case.as_of
    period = compute_limitation(case, day)
    left = period.days_left(day)
    cited = _citation(period.event)
    if left < 0:
        return [error(
            "limitation_expired",
            _("the limitation period (诉讼时效) expired on {expiry}: three years from {event}", expiry=period.expiry,
              event=cited),
            period.event.loc,
            _("the debtor can defeat the claim by raising the time bar (Civil Code art. 192); look for a later "
              "repayment, a delivered demand or a signed 催收通知书 and add it to the ledger or contacts.csv"),
        )]
    if left <= NEAR_DAYS:
        return [warning(
            "limitation_near",
            _("the limitation period (诉讼时效) expires on {expiry}, {days} days after {as_of}: three years from {event}",
              expiry=period.expiry, days=left, as_of=day, event=cited),
            period.event.loc,
            _("file before the expiry, or make and record a demand that reaches the debtor"),
        )]
    return []


def _citation(event: LimitationEvent) -> str:
    if event.evidence:
        return _("{event}, evidence {evidence}", event=event.description, evidence=event.evidence)
    return event.description


def limitation_to_json(period: Limitation, as_of: date) -> dict[str, object]:
    """The period for report.json; ``event.file`` is where the carrying event is recorded.

    ``evidence`` (a contact's recording or receipt) or ``file`` lets the build cite the
    bundle page that proves the event.
    """
    event = period.event
    return {
        "start": period.start.isoformat(),
        "expiry": period.expiry.isoformat(),
        "days_left": period.days_left(as_of),
        "event": {
            "kind": event.kind,
            "on": event.on.isoformat(),
            "description": event.description,
            "file": event.loc.file if event.loc else None,
            "row": event.loc.row if event.loc else None,
            "evidence": event.evidence or None,
        },
    }
