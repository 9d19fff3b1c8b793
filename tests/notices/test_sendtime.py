"""Send-time rules against the contact log: each refusal with the next allowed time."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidence_kit.cli import cli
from evidence_kit.notices.sendtime import SendRefused, debtor_lost, refuse_send, send_decision
from tests.conftest import SAMPLES
from tests.factories import make_contact

PHONE = "13800138000"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.parametrize(("requested", "allowed"), [
    ("2025-04-01T08:00", "2025-04-01T08:00"),
    ("2025-04-01T21:59", "2025-04-01T21:59"),
])
def test_inside_hours_is_allowed(requested: str, allowed: str) -> None:
    decision = send_decision(at(requested), (), target=PHONE)
    assert decision.ok and decision.allowed == at(allowed)


@pytest.mark.parametrize(("requested", "allowed"), [
    ("2025-04-01T22:00", "2025-04-02T08:00"),
    ("2025-04-01T23:30", "2025-04-02T08:00"),
    ("2025-04-01T00:10", "2025-04-01T08:00"),
    ("2025-04-01T07:59", "2025-04-01T08:00"),
    ("2025-12-31T22:30", "2026-01-01T08:00"),
])
def test_quiet_hours_are_refused_with_the_next_morning(requested: str, allowed: str) -> None:
    decision = send_decision(at(requested), (), target=PHONE)
    assert [p.code for p in decision.problems] == ["send_quiet_hours"]
    assert decision.allowed == at(allowed)
    with pytest.raises(SendRefused, match=f"the next allowed time is {allowed.replace('T', ' ')}"):
        refuse_send(decision)


def _calls(day: str, count: int, target: str = PHONE, outcome: str = "no_answer") -> list:
    return [make_contact(time=at(f"{day}T{9 + n:02d}:00"), target=target, outcome=outcome) for n in range(count)]


def test_daily_limit_moves_to_the_next_day() -> None:
    log = _calls("2025-04-01", 6)
    decision = send_decision(at("2025-04-01T16:00"), log, target=PHONE)
    assert [p.code for p in decision.problems] == ["send_daily_limit"]
    assert "6 attempts" in decision.problems[0].message
    assert decision.allowed == at("2025-04-02T08:00")
    assert send_decision(at("2025-04-01T16:00"), _calls("2025-04-01", 5), target=PHONE).ok
    other = send_decision(at("2025-04-01T16:00"), log, target="13900139000")
    assert other.ok  # the limit is per number


def test_limit_and_quiet_hours_together_skip_a_full_day() -> None:
    log = _calls("2025-04-01", 6) + _calls("2025-04-02", 6)
    decision = send_decision(at("2025-04-01T23:00"), log, target="+86 138-0013-8000")
    assert {p.code for p in decision.problems} == {"send_quiet_hours", "send_daily_limit"}
    assert decision.allowed == at("2025-04-03T08:00")


def test_third_party_only_when_the_debtor_is_lost() -> None:
    reachable = _calls("2025-04-01", 2) + _calls("2025-04-01", 1, outcome="connected")
    decision = send_decision(at("2025-04-02T10:00"), reachable, target="13700137000", party="emergency_contact")
    assert [p.code for p in decision.problems] == ["send_third_party"] and decision.allowed is None
    with pytest.raises(SendRefused, match="no allowed time while the debtor is reachable"):
        refuse_send(decision)
    lost = reachable + [
        make_contact(time=at(f"2025-04-01T{h}:00"), outcome="no_answer") for h in (15, 16, 17)]
    assert debtor_lost(lost, at("2025-04-02T10:00"))
    assert send_decision(at("2025-04-02T10:00"), lost, target="13700137000", party="emergency_contact").ok


def test_cli_refusal_names_the_next_allowed_time(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["notice", str(SAMPLES / "consumer-loan"), "-o", str(tmp_path), "--kind",
                                      "reminder", "--channel", "sms", "--send-at", "2025-04-01T22:15"])
    assert result.exit_code == 12
    assert "send_quiet_hours" in result.output and "2025-04-02 08:00" in result.output
    assert not any(tmp_path.iterdir())
    ok = CliRunner().invoke(cli, ["notice", str(SAMPLES / "consumer-loan"), "-o", str(tmp_path), "--kind",
                                  "reminder", "--channel", "sms", "--send-at", "2025-04-02T08:00", "--json"])
    assert ok.exit_code == 0, ok.output
    assert '"send_at": "2025-04-02T08:00"' in ok.stdout


def test_locate_request_to_an_emergency_contact(tmp_path: Path) -> None:
    """After three unanswered calls on 2024-10-21 the debtor is 失联: a call-back request may go out."""
    args = ["notice", str(SAMPLES / "consumer-loan"), "-o", str(tmp_path), "--kind", "locate", "--channel", "sms",
            "--party", "emergency_contact", "--as-of", "2024-10-22", "--json"]
    result = CliRunner().invoke(cli, [*args, "--send-at", "2024-10-22T09:00"])
    assert result.exit_code == 0, result.output
    assert '"segments": 1' in result.stdout and "13800131935" not in result.stdout.split('"text"')[1]
    text = (tmp_path / "SLBJ-GX-2023-0417" / "notice_locate.sms.txt").read_text("utf-8")
    assert "刘先生" in text and "贷款" not in text and "逾期" not in text
    reachable = CliRunner().invoke(cli, [*args, "--send-at", "2025-03-21T09:00"])  # the debtor answered in February
    assert reachable.exit_code == 12 and "send_third_party" in reachable.output
