"""The collection rules, each with a small contact log that breaks it and one that does not."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from evidence_kit.case.load import load_case
from evidence_kit.check.contacts import (
    COLLECTION_RULES,
    CollectionHours,
    collection_findings,
    collection_section,
)
from tests.conftest import SAMPLES

HEADER = "time,channel,party,target,outcome,duration_s,agent,summary,evidence\n"


def findings(case_dir: Path, rows: str, hours: CollectionHours | None = None) -> list[tuple[str, int]]:
    (case_dir / "contacts.csv").write_text(HEADER + rows, "utf-8")
    case = load_case(case_dir)
    return [(p.code, p.loc.row or 0) for p in collection_findings(case, hours) if p.loc]


def test_quiet_hours_configurable(worked_case: Path) -> None:
    rows = "2024-07-12 21:30,sms,debtor,13800138000,delivered,,系统,逾期提醒,\n"
    assert findings(worked_case, rows) == []
    stricter = CollectionHours(quiet_from=time(21, 0))
    assert findings(worked_case, rows, stricter) == [("contact_quiet_hours", 2)]
    assert findings(worked_case, rows.replace("21:30", "07:59")) == [("contact_quiet_hours", 2)]


def test_more_than_six_unanswered_a_day(worked_case: Path) -> None:
    six = "".join(f"2024-08-01 {9 + i}:00,call,debtor,13800138000,no_answer,,赵六,,\n" for i in range(6))
    assert findings(worked_case, six) == []
    seven = six + "2024-08-01 16:00,call,debtor,13800138000,no_answer,,赵六,,\n"
    assert findings(worked_case, seven) == [("contact_too_frequent", 2)]


def test_third_party_while_debtor_reached(worked_case: Path) -> None:
    rows = ("2024-08-01 10:00,visit,debtor,北京市朝阳区某某路1号,met,,赵六,当面催收,\n"
            "2024-08-02 10:00,call,debtor,13800138000,no_answer,,赵六,,\n"
            "2024-08-03 10:00,call,debtor,13800138000,no_answer,,赵六,,\n"
            "2024-08-04 10:00,call,debtor,13800138000,no_answer,,赵六,,\n"
            "2024-08-05 10:00,sms,emergency_contact,13900139000,delivered,,赵六,请转告借款人回电,\n")
    found = findings(worked_case, rows)
    assert found == [("contact_third_party_early", 6)]


def test_third_party_before_three_failed_attempts(worked_case: Path) -> None:
    rows = ("2024-08-02 10:00,call,debtor,13800138000,no_answer,,赵六,,\n"
            "2024-08-03 10:00,call,debtor,13800138000,no_answer,,赵六,,\n"
            "2024-08-05 10:00,sms,emergency_contact,13900139000,delivered,,赵六,请转告借款人回电,\n")
    assert findings(worked_case, rows) == [("contact_third_party_early", 4)]
    lost = rows.replace("2024-08-05 10:00,sms", "2024-08-04 10:00,call,debtor,13800138000,no_answer,,赵六,,\n"
                        "2024-08-05 10:00,sms")
    assert findings(worked_case, lost) == []  # 失联: three failed attempts, nobody reached in 30 days


def test_call_without_recording_and_visit_without_summary(worked_case: Path) -> None:
    (worked_case / "recordings").mkdir()
    (worked_case / "recordings" / "a.wav").write_bytes((SAMPLES / "consumer-loan" / "exhibits" /
                                                        "07-催收录音-20240705.wav").read_bytes())
    rows = ("2024-08-01 10:00,call,debtor,13800138000,connected,60,赵六,告知逾期,\n"
            "2024-08-02 10:00,call,debtor,13800138000,connected,60,赵六,告知逾期,recordings/a.wav\n"
            "2024-08-03 10:00,visit,debtor,北京市朝阳区某某路1号,not_met,,赵六,,\n")
    assert findings(worked_case, rows) == [("call_without_recording", 2), ("visit_without_summary", 4)]


def test_summary_conduct(worked_case: Path) -> None:
    rows = "2024-08-01 10:00,sms,debtor,13800138000,delivered,,系统,再不还钱就曝光到你的通讯录,\n"
    assert [code for code, _ in findings(worked_case, rows)] == ["contact_conduct"]


@pytest.mark.parametrize("code", sorted(COLLECTION_RULES))
def test_every_rule_names_its_source(code: str) -> None:
    assert "《" in COLLECTION_RULES[code].source


def test_report_section_names_line_and_source() -> None:
    section = collection_section(load_case(SAMPLES / "consumer-loan"))
    assert section["quiet_hours"] == "22:00–08:00"
    assert {r["code"] for r in section["rules"]} == set(COLLECTION_RULES)
    early = next(f for f in section["findings"] if f["code"] == "contact_third_party_early")
    assert (early["file"], early["row"]) == ("contacts.csv", 21)
    assert "指引" in early["source"] and "2024-09-23" in early["message"]
