"""The bundled samples pass ``check``; each broken variant fails with the error located to its file and line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from evidence_kit.check.contacts import COLLECTION_RULES
from evidence_kit.cli import cli
from tests.conftest import SAMPLES, line_of

SAMPLE_NAMES = ("consumer-loan", "business-loan", "enforcement")


def check_json(case_dir: Path) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = CliRunner().invoke(cli, ["check", str(case_dir), "--json"], catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)


def copy_sample(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copytree(SAMPLES / name, target)
    return target


def error_with(data: dict, code: str) -> dict:  # type: ignore[type-arg]
    found = [e for e in data["errors"] if e["code"] == code]
    assert found, f"no {code} in {data['errors']}"
    return found[0]


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_checks_clean(name: str) -> None:
    code, data = check_json(SAMPLES / name)
    assert code == 0, data["errors"]
    assert data["errors"] == []
    # the samples' contact logs are realistic: answered calls without a recording reference are flagged
    assert {w["code"] for w in data["warnings"]} <= set(COLLECTION_RULES), data["warnings"]


def rewrite_line(path: Path, line: int, old: str, new: str, encoding: str = "utf-8") -> None:
    raw = path.read_bytes()
    text = raw.decode(encoding)
    lines = text.split("\n")
    assert old in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_bytes("\n".join(lines).encode(encoding))


def test_gb18030_ledger_typo(tmp_path: Path) -> None:
    case = copy_sample("consumer-loan", tmp_path)
    rewrite_line(case / "repayments.csv", 5, "5935.99", "59x5.99", "gb18030")
    code, data = check_json(case)
    assert code == 4
    error = error_with(data, "bad_value")
    assert (error["file"], error["row"], error["column"]) == ("repayments.csv", 5, "交易金额")


def test_guarantor_id_typo(tmp_path: Path) -> None:
    case = copy_sample("consumer-loan", tmp_path)
    yaml_path = case / "case.yaml"
    text = yaml_path.read_text("utf-8")
    yaml_path.write_text(text.replace("110108198409030423", "110108198409030432"), "utf-8")
    code, data = check_json(case)
    assert code == 4
    error = error_with(data, "id_checksum")
    assert (error["file"], error["row"]) == ("case.yaml", line_of(yaml_path, "110108198409030432"))
    assert error["column"] == "debtors.1.id_number"


def test_contact_log_typo(tmp_path: Path) -> None:
    case = copy_sample("consumer-loan", tmp_path)
    rewrite_line(case / "contacts.csv", 3, ",call,", ",cal,")
    code, data = check_json(case)
    assert code == 4
    error = error_with(data, "bad_value")
    assert (error["file"], error["row"], error["column"]) == ("contacts.csv", 3, "催收方式")
    assert "call" in error["hint"]


def test_xlsx_ledger_bad_cell(tmp_path: Path) -> None:
    case = copy_sample("business-loan", tmp_path)
    book = load_workbook(case / "repayments.xlsx")
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    column = next(i for i, h in enumerate(header, start=1) if h in ("amount", "交易金额", "还款金额"))
    sheet.cell(row=4, column=column, value="12x4")
    book.save(case / "repayments.xlsx")
    code, data = check_json(case)
    assert code == 4
    error = error_with(data, "bad_value")
    assert (error["file"], error["row"]) == ("repayments.xlsx", 4)


def test_bank_schedule_that_does_not_add_up(tmp_path: Path) -> None:
    case = copy_sample("business-loan", tmp_path)
    schedule = case / "schedule.csv"
    lines = schedule.read_bytes().decode("utf-8-sig").splitlines()
    last = lines[-1].split(",")
    last[1] = "1400000.00"
    lines[-1] = ",".join(last)
    schedule.write_text("\n".join(lines) + "\n", "utf-8")
    code, data = check_json(case)
    assert code == 4
    error = error_with(data, "schedule_principal_sum")
    assert error["file"] == "schedule.csv"


def test_enforcement_after_the_deadline(tmp_path: Path) -> None:
    case = copy_sample("enforcement", tmp_path)
    yaml_path = case / "case.yaml"
    yaml_path.write_text(yaml_path.read_text("utf-8").replace("as_of: '2025-10-31'", "as_of: '2027-06-30'"), "utf-8")
    code, data = check_json(case)
    assert code == 4
    error = error_with(data, "enforcement_deadline_passed")
    assert (error["file"], error["row"]) == ("case.yaml", line_of(yaml_path, "performance_due:"))


def test_missing_exhibit(tmp_path: Path) -> None:
    case = copy_sample("enforcement", tmp_path)
    (case / "exhibits" / "02-生效证明.pdf").unlink()
    code, data = check_json(case)
    assert code == 4
    error = error_with(data, "exhibit_missing")
    assert error["file"] == "case.yaml" and error["row"] == line_of(case / "case.yaml", "02-生效证明.pdf")
