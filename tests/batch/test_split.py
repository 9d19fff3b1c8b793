"""split: the sample export becomes case folders that pass check; broken rows are reported and skipped."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from evidence_kit.batch.split import split_export
from evidence_kit.check import check_case
from tests.conftest import SAMPLES, line_of, replace_in

BROKEN = {
    "LN-SAMPLE-0007": ("id_checksum", "loans.csv", 8, "借款人身份证号"),
    "LN-SAMPLE-0013": ("schema", "loans.csv", 14, "贷款本金"),
    "LN-SAMPLE-0021": ("bad_value", "repayments.xlsx", 239, "交易日期"),
    "LN-SAMPLE-0034": ("exhibit_missing", "exhibits/LN-SAMPLE-0034/exhibits.csv", 3, "file"),
}


def test_sample_export_splits_into_checked_cases(sample_split: Path) -> None:
    written = sorted(p.parent.name for p in sample_split.glob("*/case.yaml"))
    assert len(written) == 56 and not set(BROKEN) & set(written)
    for name in ("LN-SAMPLE-0001", "LN-SAMPLE-0002", written[-1]):
        _, report = check_case(sample_split / name)
        assert report.ok(), report.problems
    assert not list(sample_split.glob(".split-*")), "no work folder is left behind"


def test_each_broken_row_is_reported_at_its_file_line_and_column(tmp_path: Path) -> None:
    report = split_export(SAMPLES / "portfolio", tmp_path / "cases")
    skipped = {r.case_id: r for r in report.skipped}
    assert set(skipped) == set(BROKEN)
    for loan_id, (code, file, line, column) in BROKEN.items():
        problem = next(p for p in skipped[loan_id].problems if p.code == code)
        assert problem.loc is not None and (problem.loc.file, problem.loc.row, problem.loc.column) == (file, line, column)
    unknown = sorted(p.loc.file for p in report.problems if p.code == "unknown_loan" and p.loc)
    assert unknown == ["contacts.csv", "repayments.xlsx"]


def test_an_existing_case_is_kept_without_overwrite(tmp_path: Path, sample_split: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(SAMPLES / "portfolio", export)
    cases = tmp_path / "cases"
    split_export(export, cases)
    replace_in(export / "loans.csv", "70000.00", "71000.00")  # LN-SAMPLE-0001's principal
    again = split_export(export, cases)
    assert next(r for r in again.results if r.case_id == "LN-SAMPLE-0001").problems[0].code == "case_exists"
    split_export(export, cases, overwrite=True)
    assert "71000.00" in (cases / "LN-SAMPLE-0001" / "case.yaml").read_text("utf-8")


def test_split_command_json_and_exit_code(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "evidence_kit", "split", str(SAMPLES / "portfolio"), "-o",
                          str(tmp_path / "cases"), "--json"], capture_output=True, text=True)
    assert run.returncode == 4
    results = json.loads(run.stdout)
    assert len(results) == 60 and set(results[0]) == {"loan_id", "status", "problems"}
    assert sum(r["status"] == "skipped" for r in results) == 4
    assert "loans.csv, line 14, column 贷款本金" in run.stderr


def test_a_problem_of_the_shared_creditor_points_at_portfolio_yaml(tmp_path: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(SAMPLES / "portfolio", export)
    replace_in(export / "portfolio.yaml", "credit_code: 91110000MA01B7KX42", "credit_code: 91110000MA01B7KX41")
    report = split_export(export, tmp_path / "cases")
    assert not report.written
    problem = next(p for p in report.results[0].problems if p.code == "credit_code_checksum")
    assert problem.loc is not None and problem.loc.file == "portfolio.yaml"
    assert problem.loc.row == line_of(export / "portfolio.yaml", "credit_code:")


def test_loans_in_xlsx_with_an_extra_header_alias(tmp_path: Path) -> None:
    from openpyxl import Workbook

    export = tmp_path / "export"
    shutil.copytree(SAMPLES / "portfolio", export)
    with (export / "loans.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))[:4]
    rows[0][0] = "客户借据号"  # not a known header: portfolio.yaml maps it
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(export / "loans.xlsx")
    (export / "loans.csv").unlink()
    with (export / "portfolio.yaml").open("a", encoding="utf-8") as fh:
        fh.write("columns:\n  loans:\n    客户借据号: loan_id\n")
    report = split_export(export, tmp_path / "cases")
    assert [r.case_id for r in report.written] == ["LN-SAMPLE-0001", "LN-SAMPLE-0002", "LN-SAMPLE-0003"]


@pytest.mark.slow
def test_the_sample_export_is_generated_deterministically(tmp_path: Path) -> None:
    sys.path.insert(0, str(SAMPLES))
    try:
        from generator.portfolio import build_portfolio
    finally:
        sys.path.remove(str(SAMPLES))
    build_portfolio(tmp_path / "portfolio")
    committed = {p.relative_to(SAMPLES / "portfolio"): p.read_bytes()
                 for p in sorted((SAMPLES / "portfolio").rglob("*")) if p.is_file()}
    fresh = {p.relative_to(tmp_path / "portfolio"): p.read_bytes()
             for p in sorted((tmp_path / "portfolio").rglob("*")) if p.is_file()}
    assert sorted(fresh) == sorted(committed), "run .venv/bin/python samples/make_samples.py"
    assert [str(n) for n in fresh if fresh[n] != committed[n]] == []
    assert sum(len(b) for b in committed.values()) < 2_500_000
