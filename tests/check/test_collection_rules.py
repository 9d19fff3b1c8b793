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
    years_before,
)
from evidence_kit.check.lint import RULES
from tests.conftest import SAMPLES, replace_in

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
    assert findings(worked_case, rows) == [("contact_conduct", 2), ("contact_conduct", 2)]  # 通讯录 and 曝光


SUMMARIES = {
    "lint_threat": "借款人称催收员电话中威胁要去其单位",
    "lint_abuse": "通话中催收员称借款人为老赖",
    "lint_impersonation": "外访人员自称法院工作人员要求当场还款",
    "lint_exaggeration": "告知借款人不还款将被拘留",
    "lint_disclosure": "告知将联系其通讯录好友",
    "lint_collection_fee": "告知需另付上门费200元",
    "lint_new_borrowing": "建议借款人以贷还贷先还逾期",
}
"""A collector's summary for each rule of the compliance lint, in the third person a log is written in."""


def test_every_lint_rule_has_a_summary() -> None:
    assert set(SUMMARIES) == {rule.code for rule in RULES}


@pytest.mark.parametrize("code", sorted(SUMMARIES))
def test_each_lint_rule_through_a_contact_summary(worked_case: Path, code: str) -> None:
    """The notices' lint scans each summary: a warning at the contacts.csv line, naming the phrase and the rule."""
    (worked_case / "contacts.csv").write_text(
        HEADER + "2024-08-01 10:00,call,debtor,13800138000,no_answer,,赵六,未接通,\n"
        f"2024-08-02 10:00,visit,debtor,北京市朝阳区某某路1号,met,,赵六,{SUMMARIES[code]},\n", "utf-8")
    found = [p for p in collection_findings(load_case(worked_case)) if p.code == "contact_conduct"]
    rule = next(r for r in RULES if r.code == code)
    assert len(found) == 1
    problem = found[0]
    assert problem.severity == "warning"
    assert (problem.loc.file, problem.loc.row, problem.loc.column) == ("contacts.csv", 3, "summary")
    phrase = next(p for p in rule.phrases if p in SUMMARIES[code])
    assert repr(phrase) in problem.message and rule.name in problem.message and code in problem.message
    assert rule.basis in problem.hint


def test_the_case_own_names_and_addresses_are_not_wording(worked_case: Path) -> None:
    """A debtor living in a street named after the court is data: the summary quoting the address passes."""
    replace_in(worked_case / "case.yaml", "北京市朝阳区某某路1号院2号楼301室", "北京市朝阳区执行局家属院2号楼301室")
    rows = "2024-08-01 10:00,visit,debtor,北京市朝阳区某某路1号,not_met,,赵六,上门至北京市朝阳区执行局家属院2号楼301室，无人,\n"
    assert findings(worked_case, rows) == []
    assert findings(worked_case, rows.replace("上门至", "冒称执行局人员上门至")) == [("contact_conduct", 2)]


# --- records kept at least 2 years ------------------------------------------------------------

LATE_LOG = ("2025-02-03 10:00,call,debtor,13800138000,no_answer,,赵六,,\n"
            "2025-02-04 10:00,call,debtor,13800138000,no_answer,,赵六,,\n")


def test_records_kept_less_than_two_years_when_the_collection_is_older(worked_case: Path) -> None:
    """Accelerated 2024-09-01; as_of 2026-12-31: the log must reach back to 2024-12-31, and it begins 2025-02-03."""
    replace_in(worked_case / "case.yaml", "as_of: 2024-12-31", "as_of: 2026-12-31")
    (worked_case / "contacts.csv").write_text(HEADER + LATE_LOG, "utf-8")
    found = [p for p in collection_findings(load_case(worked_case)) if p.code == "contact_retention"]
    assert len(found) == 1
    problem = found[0]
    assert (problem.loc.file, problem.loc.row, problem.severity) == ("contacts.csv", 2, "warning")
    for fact in ("2025-02-03", "2024-09-01", "loan.accelerated_on", "2024-12-31", "2026-12-31"):
        assert fact in problem.message
    assert "第68条" in problem.hint
    section = collection_section(load_case(worked_case))
    cited = next(f for f in section["findings"] if f["code"] == "contact_retention")
    assert (cited["file"], cited["row"]) == ("contacts.csv", 2) and "信用卡业务监督管理办法" in cited["source"]


def test_a_log_reaching_back_two_years_passes(worked_case: Path) -> None:
    replace_in(worked_case / "case.yaml", "as_of: 2024-12-31", "as_of: 2026-12-31")
    on_the_day = "2024-12-31 18:00,call,debtor,13800138000,no_answer,,赵六,,\n"
    assert [c for c, _ in findings(worked_case, on_the_day + LATE_LOG)].count("contact_retention") == 0
    a_day_late = on_the_day.replace("2024-12-31", "2025-01-01")
    assert [c for c, _ in findings(worked_case, a_day_late + LATE_LOG)].count("contact_retention") == 1


def test_a_collection_younger_than_two_years_is_not_judged(worked_case: Path) -> None:
    """as_of 2026-06-30: the window starts 2024-06-30, after disbursement but before acceleration (2024-09-01)."""
    replace_in(worked_case / "case.yaml", "as_of: 2024-12-31", "as_of: 2026-06-30")
    assert [c for c, _ in findings(worked_case, LATE_LOG)].count("contact_retention") == 0
    replace_in(worked_case / "case.yaml", "as_of: 2026-06-30", "as_of: 2024-12-31")
    assert [c for c, _ in findings(worked_case, LATE_LOG)].count("contact_retention") == 0


def test_a_card_collection_counts_from_its_first_overdue_date(tmp_path: Path) -> None:
    """credit-card: first overdue 2023-12-26; with as_of 2026-03-31 the log must reach back to 2024-03-31."""
    import shutil

    case_dir = tmp_path / "card"
    shutil.copytree(SAMPLES / "credit-card", case_dir)
    replace_in(case_dir / "case.yaml", "as_of: '2025-06-30'", "as_of: '2026-03-31'")
    rows = "2024-05-06 10:00,call,debtor,13800139981,no_answer,,赵六,,\n"
    problems = [p for p in collection_findings(load_case(case_dir)) if p.code == "contact_retention"]
    assert problems == []  # the sample's log begins 2024-01-08
    (case_dir / "contacts.csv").write_text(HEADER + rows, "utf-8")
    problems = [p for p in collection_findings(load_case(case_dir)) if p.code == "contact_retention"]
    assert len(problems) == 1 and "debts.0.first_overdue_date" in problems[0].message
    assert "2023-12-26" in problems[0].message and "2024-03-31" in problems[0].message


def test_two_years_before_a_leap_day() -> None:
    from datetime import date

    assert years_before(date(2028, 2, 29), 2) == date(2026, 2, 28)
    assert years_before(date(2026, 12, 31), 2) == date(2024, 12, 31)


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
