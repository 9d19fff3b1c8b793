"""Every refusal of notice, notices and plan has a stable problem code: at the top of the --json error object and
under its problems, with its exit code; and each refused case of a notices run carries its codes in its row."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidence_kit.cli import cli
from evidence_kit.problem_codes import lookup
from tests.conftest import SAMPLES

SEND_AT = ["--send-at", "2025-07-01T10:00"]
LONG_FIRM = "某某" * 40 + "律师事务所"

REFUSALS = [
    ("notice_no_guarantor", 12, ["notice", "credit-card", "--kind", "demand", "--party", "guarantor"]),
    ("notice_no_mobile", 12, ["notice", "business-loan", "--kind", "demand", "--channel", "sms", *SEND_AT]),
    ("notice_no_email", 12, ["notice", "consumer-loan", "--kind", "demand", "--channel", "email", "--mail-from",
                             "催收中心 <collect@bank.example.cn>", *SEND_AT]),
    ("notice_not_accelerated", 12, ["notice", "business-loan", "--kind", "acceleration"]),
    ("notice_acceleration_decided", 12, ["notice", "enforcement", "--kind", "acceleration"]),
    ("notice_no_law_firm", 12, ["notice", "consumer-loan", "--kind", "lawyer"]),
    ("sms_too_long", 12, ["notice", "consumer-loan", "--kind", "lawyer", "--channel", "sms", "--law-firm", LONG_FIRM,
                          *SEND_AT]),
    ("notice_third_party", 12, ["notice", "consumer-loan", "--kind", "demand", "--party", "emergency_contact"]),
    ("send_quiet_hours", 12, ["notice", "consumer-loan", "--kind", "reminder", "--channel", "sms", "--send-at",
                              "2025-07-01T23:00"]),
    ("mail_address_invalid", 2, ["notice", "business-loan", "--kind", "demand", "--channel", "email", "--mail-from",
                                 "the collection centre", *SEND_AT]),
    ("notice_options_conflict", 2, ["notice", "consumer-loan", "--kind", "locate", "--channel", "letter", "--party",
                                    "emergency_contact"]),
    ("plan_terms_invalid", 2, ["plan", "consumer-loan", "--months", "61"]),
    ("plan_unknown_debt", 2, ["plan", "consumer-loan-and-card", "--months", "12", "--debt", "no-such-debt"]),
    ("plan_settlement_per_debt", 2, ["plan", "enforcement", "--months", "12", "--debt", "loan-1"]),
]


def run(args: list[str], out: Path) -> tuple[int, dict[str, object], str]:
    command, sample, *rest = args
    result = CliRunner().invoke(cli, [command, str(SAMPLES / sample), "-o", str(out), *rest, "--json"])
    return result.exit_code, json.loads(result.stdout), result.stderr


@pytest.mark.parametrize(("code", "exit_code", "args"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_each_refusal_carries_its_code(code: str, exit_code: int, args: list[str], tmp_path: Path) -> None:
    status, data, stderr = run(args, tmp_path / "out")
    assert status == exit_code, stderr
    assert data["code"] == code and data["exit_code"] == exit_code
    problems = data["problems"]
    assert isinstance(problems, list) and code in [p["code"] for p in problems]
    assert f"[{code}]" in stderr  # the problem line a person reads names it too
    assert lookup(code).code == code  # registered (docs/problems.md)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.*"))  # nothing written


def test_every_plan_limit_broken_is_a_problem_of_its_own(tmp_path: Path) -> None:
    status, data, _ = run(["plan", "consumer-loan", "--months", "61", "--rate", "0.3"], tmp_path)
    assert status == 2
    problems = data["problems"]
    assert isinstance(problems, list)
    assert [p["code"] for p in problems] == ["plan_terms_invalid", "plan_terms_invalid"]
    assert "--months 61" in problems[0]["message"] and "--rate 0.3" in problems[1]["message"]


def test_an_error_no_rule_codes_is_notice_failed(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    status, data, _ = run(["notice", "consumer-loan", "--kind", "demand", "--channel", "sms", *SEND_AT], blocker)
    assert status == 9 and data["code"] == "notice_failed" and data["error"] == "CannotWrite"
    assert [p["code"] for p in data["problems"]] == ["notice_failed"]  # type: ignore[union-attr]


def test_a_case_that_cannot_be_loaded_has_its_first_error_s_code(tmp_path: Path) -> None:
    case = tmp_path / "case"
    shutil.copytree(SAMPLES / "consumer-loan", case)
    text = (case / "case.yaml").read_text("utf-8").replace("annual_rate: '0.0435'", "annual_rate: 'abc'")
    (case / "case.yaml").write_text(text, "utf-8")
    result = CliRunner().invoke(cli, ["notice", str(case), "-o", str(tmp_path / "out"), "--kind", "demand", "--json"])
    data = json.loads(result.stdout)
    assert result.exit_code == 4 and data["code"] == "schema"


def test_the_rows_of_a_notices_run_carry_their_codes(tmp_path: Path) -> None:
    src = tmp_path / "cases"
    for name in ("consumer-loan", "business-loan", "enforcement"):
        shutil.copytree(SAMPLES / name, src / name)
    shutil.copytree(SAMPLES / "consumer-loan", src / "zz-broken")
    text = (src / "zz-broken" / "case.yaml").read_text("utf-8").replace("annual_rate: '0.0435'", "annual_rate: 'abc'")
    (src / "zz-broken" / "case.yaml").write_text(text, "utf-8")
    result = CliRunner().invoke(cli, ["notices", str(src), "-o", str(tmp_path / "out"), "--kind", "acceleration",
                                      *SEND_AT, "--json"])
    assert result.exit_code == 12
    rows = {Path(str(c["folder"])).name: c for c in json.loads(result.stdout)["cases"]}
    assert rows["business-loan"]["code"] == "notice_no_mobile" and rows["business-loan"]["codes"] == ["notice_no_mobile"]
    assert rows["enforcement"]["code"] == "notice_acceleration_decided"
    assert rows["zz-broken"]["status"] == "invalid" and rows["zz-broken"]["code"] == "schema"
    assert rows["consumer-loan"]["status"] == "written" and rows["consumer-loan"]["code"] is None
    for row in rows.values():
        assert [p["code"] for p in row["problems"]][:1] == row["codes"][:1]
    assert "[notice_no_mobile]" in result.stderr


def test_a_notices_run_without_case_folders_is_notice_failed(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(cli, ["notices", str(tmp_path / "empty"), "-o", str(tmp_path / "out"), "--json"])
    data = json.loads(result.stdout)
    assert result.exit_code == 3 and data["code"] == "notice_failed" and data["error"] == "CaseNotFound"
