"""The command line: exit codes, JSON alone on stdout, messages on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from evidence_kit.cli import cli
from tests.conftest import REPO, replace_in


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_check_ok_json_shape(worked_case: Path) -> None:
    result = invoke("check", str(worked_case), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"case_id", "errors", "warnings"}
    assert data["case_id"] == "WORKED-EXAMPLE-2024" and data["errors"] == []
    assert "OK" in result.stderr


def test_check_invalid_exits_4_with_located_items(worked_case: Path) -> None:
    replace_in(worked_case / "repayments.csv", "483.33", "48x.33")
    result = invoke("check", str(worked_case), "--json")
    assert result.exit_code == 4
    data = json.loads(result.stdout)
    [item] = data["errors"]
    assert {"code", "message", "file", "row", "column"} <= set(item)
    assert (item["file"], item["row"], item["column"]) == ("repayments.csv", 3, "amount")
    assert "repayments.csv, line 3" in result.stderr


def test_check_strict_promotes_warnings(worked_case: Path) -> None:
    ledger = worked_case / "repayments.csv"
    ledger.write_text(ledger.read_text("utf-8") + "2024-07-20,300.00,TXN0006,部分还款\n", "utf-8")
    assert invoke("check", str(worked_case)).exit_code == 0
    result = invoke("check", str(worked_case), "--strict", "--json")
    assert result.exit_code == 4
    assert json.loads(result.stdout)["errors"][0]["code"] == "duplicate_payment"


def test_case_not_found_exits_3(tmp_path: Path) -> None:
    result = invoke("check", str(tmp_path / "missing"), "--json")
    assert result.exit_code == 3
    assert json.loads(result.stdout)["exit_code"] == 3
    assert "no case folder" in result.stderr


def test_usage_error_exits_2() -> None:
    assert invoke("check").exit_code == 2
    assert invoke("no-such-command").exit_code == 2
    assert invoke("fees", "12x4").exit_code == 2


def test_fees_json() -> None:
    result = invoke("fees", "50000", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "amount": "50000.00", "acceptance": "1050.00", "acceptance_simple": "525.00",
        "payment_order": "350.00", "preservation": "520.00", "enforcement": "650.00",
    }


def test_fees_human() -> None:
    result = invoke("fees", "123,456.78")
    assert result.exit_code == 0
    assert "2,769.14" in result.stdout and "1,751.85" in result.stdout


def test_claim_json_is_the_worked_example(worked_case: Path) -> None:
    result = invoke("claim", str(worked_case), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    for key, value in {"principal": "100000.00", "interest": "1084.59", "penalty": "3025.00",
                       "compound": "37.82", "fees": "0.00", "total": "104147.41",
                       "not_due_principal": "0.00", "credit": "0.00", "as_of": "2024-12-31"}.items():
        assert data[key] == value, key
    assert [line["amount"] for line in data["lines"]] == ["1.25", "1.06", "3.95", "3025.00", "32.81"]
    assert set(data["lines"][0]) >= {"kind", "base", "rate", "from", "to", "days", "amount"}


def test_claim_table_on_terminal(worked_case: Path) -> None:
    result = invoke("claim", str(worked_case))
    assert result.exit_code == 0
    assert "104,147.41" in result.stdout and "3,025.00" in result.stdout


def test_claim_as_of_before_disbursement_exits_4(worked_case: Path) -> None:
    replace_in(worked_case / "case.yaml", "as_of: 2024-12-31", "as_of: 2023-12-31")
    result = invoke("claim", str(worked_case), "--json")
    assert result.exit_code == 4
    data = json.loads(result.stdout)
    problem = next(p for p in data["problems"] if p["code"] == "as_of_before_disbursement")
    assert (problem["file"], problem["row"]) == ("case.yaml", 4)
    assert invoke("claim", str(worked_case), "--as-of", "2024-12-31").exit_code == 0


def test_claim_unknown_method_exits_4(worked_case: Path) -> None:
    replace_in(worked_case / "case.yaml", "repayment_method: interest_only", "repayment_method: balloon")
    result = invoke("claim", str(worked_case))
    assert result.exit_code == 4
    assert "balloon" in result.stderr


def test_bad_as_of_option_is_usage(worked_case: Path) -> None:
    assert invoke("claim", str(worked_case), "--as-of", "31/12/2024").exit_code == 2


def test_every_command_documents_itself() -> None:
    for name, command in cli.commands.items():
        assert command.help, f"{name} has no help text"
        for param in command.params:
            if param.param_type_name == "option":
                assert getattr(param, "help", None), f"{name} {param.name} has no help"


def test_python_m_smoke(worked_case: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "evidence_kit", "check", str(worked_case), "--json"],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["errors"] == []


def test_readme_documents_every_command_and_option() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    for name, command in cli.commands.items():
        assert f"evidence-kit {name}" in readme, f"README does not show '{name}'"
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt not in ("--help",):
                    assert opt in readme, f"README does not mention {name} {opt}"


def test_schedule_that_does_not_add_up_exits_4_located(worked_case: Path) -> None:
    (worked_case / "schedule.csv").write_text(
        "应还日期,应还本金,应还利息\n2024-02-10,0.00,516.67\n2025-01-10,90000.00,500.00\n", "utf-8")
    for command in ("claim", "check"):
        result = invoke(command, str(worked_case), "--json")
        assert result.exit_code == 4, command
        data = json.loads(result.stdout)
        items = data["problems"] if command == "claim" else data["errors"]
        problem = next(p for p in items if p["code"] == "schedule_principal_sum")
        assert problem["file"] == "schedule.csv"
        assert "90,000.00" in problem["message"] or "90000.00" in problem["message"]
