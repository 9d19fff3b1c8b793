from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from evidence_kit.claim.limitation import add_years, compute_limitation, limitation_problems
from evidence_kit.problems import Location, Severity
from tests.factories import make_case, make_contact, make_loan, make_payment

ROW = Location("contacts.csv", 5, "time")


def test_add_years_moves_29_february_to_28() -> None:
    assert add_years(date(2024, 2, 29), 3) == date(2027, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert add_years(date(2024, 9, 1), 3) == date(2027, 9, 1)


def test_start_is_acceleration_when_earlier_than_maturity() -> None:
    period = compute_limitation(make_case())
    assert period.start == date(2024, 9, 1)
    assert period.expiry == date(2027, 9, 1)
    assert period.event.kind == "acceleration"
    assert period.event.loc is not None and period.event.loc.column == "accelerated_on"


def test_start_event_sits_on_its_key_line() -> None:
    case = make_case(loan=make_loan(loc=Location("case.yaml", 12, "loan")), key_lines={"loan.accelerated_on": 25})
    assert compute_limitation(case).event.loc == Location("case.yaml", 25, "loan.accelerated_on")


def test_start_is_maturity_without_acceleration() -> None:
    period = compute_limitation(make_case(loan=make_loan(accelerated_on=None)))
    assert (period.start, period.expiry, period.event.kind) == (date(2025, 1, 10), date(2028, 1, 10), "maturity")


def test_repayment_before_the_start_does_not_restart() -> None:
    # the worked example's last payment (2024-07-20) is before the acceleration
    assert compute_limitation(make_case()).event.kind == "acceleration"


def test_repayment_after_the_start_restarts() -> None:
    payment = make_payment(date(2025, 3, 3), "100.00", row=9)
    period = compute_limitation(make_case(payments=(payment,), as_of=date(2025, 6, 30)))
    assert period.expiry == date(2028, 3, 3)
    assert period.event.kind == "repayment" and period.event.loc == payment.loc


def test_contact_that_reached_the_debtor_restarts_and_is_cited() -> None:
    contact = make_contact(time=datetime(2025, 2, 28, 9, 0), channel="sms", outcome="delivered",
                           evidence="exhibits/sms-2025-02-28.png", loc=ROW)
    period = compute_limitation(make_case(contacts=(contact,), as_of=date(2025, 6, 30)))
    assert period.expiry == date(2028, 2, 28)
    assert period.event.kind == "contact"
    assert period.event.evidence == "exhibits/sms-2025-02-28.png"
    assert period.event.loc == ROW


def test_contacts_that_do_not_interrupt() -> None:
    ignored = (
        make_contact(time=datetime(2025, 2, 1, 9), outcome="no_answer"),
        make_contact(time=datetime(2025, 2, 2, 9), party="emergency_contact"),
        make_contact(time=datetime(2025, 2, 3, 9), channel="visit", outcome="not_met"),
        make_contact(time=datetime(2025, 2, 4, 9), channel="letter", outcome="failed"),
        make_contact(time=datetime(2024, 8, 31, 9)),  # reached, but before the start
        make_contact(time=datetime(2025, 7, 1, 9)),  # reached, but after as_of
    )
    period = compute_limitation(make_case(contacts=ignored, as_of=date(2025, 6, 30)))
    assert period.event.kind == "acceleration"
    guarantor = make_contact(time=datetime(2025, 2, 5, 9), party="guarantor", channel="visit", outcome="met")
    assert compute_limitation(make_case(contacts=(guarantor,), as_of=date(2025, 6, 30))).expiry == date(2028, 2, 5)


def test_latest_event_carries_the_period() -> None:
    contact = make_contact(time=datetime(2025, 5, 1, 9), outcome="promise_to_pay", loc=ROW)
    payment = make_payment(date(2025, 3, 1), "100.00")
    period = compute_limitation(make_case(contacts=(contact,), payments=(payment,), as_of=date(2025, 6, 30)))
    assert (period.event.kind, period.expiry) == ("contact", date(2028, 5, 1))


def test_expired_is_an_error_at_the_carrying_event() -> None:
    [problem] = limitation_problems(make_case(as_of=date(2027, 9, 2)))
    assert problem.code == "limitation_expired" and problem.severity is Severity.ERROR
    assert "2027-09-01" in problem.message
    assert problem.loc is not None and problem.loc.column == "accelerated_on"
    contact = make_contact(time=datetime(2024, 10, 8, 10), evidence="exhibits/call.mp3", loc=ROW)
    [problem] = limitation_problems(make_case(contacts=(contact,), as_of=date(2027, 10, 9)))
    assert problem.loc == ROW and "exhibits/call.mp3" in problem.message


def test_near_expiry_is_a_warning_within_90_days() -> None:
    assert limitation_problems(make_case(as_of=date(2027, 6, 2))) == []  # 91 days left
    [problem] = limitation_problems(make_case(as_of=date(2027, 6, 3)))  # 90 days left
    assert problem.code == "limitation_near" and problem.severity is Severity.WARNING
    [problem] = limitation_problems(make_case(as_of=date(2027, 9, 1)))  # the last day
    assert problem.code == "limitation_near"


@given(st.lists(st.integers(0, 2000), max_size=6), st.integers(0, 3000))
def test_expiry_is_three_years_after_the_last_event(offsets: list[int], as_of_offset: int) -> None:
    start = date(2024, 9, 1)
    as_of = start + timedelta(days=as_of_offset)
    payments = tuple(make_payment(start + timedelta(days=d), "1.00", row=i + 2) for i, d in enumerate(offsets))
    period = compute_limitation(make_case(payments=payments, as_of=as_of))
    counted = [start + timedelta(days=d) for d in offsets if start + timedelta(days=d) <= as_of]
    assert period.expiry == add_years(max([start, *counted]), 3)
    codes = [p.code for p in limitation_problems(make_case(payments=payments, as_of=as_of))]
    assert ("limitation_expired" in codes) == (as_of > period.expiry)
