"""split with several accounts per customer: one schema_version 2 case per customer and court.

The sample samples/portfolio-customers/ holds seven customers with thirteen loans and cards
(its generator's docstring says which); every case it makes passes check, and the loan-and-card
case builds. Problems of a grouped case go back to the loans or cards row they came from; a
problem of one row costs that row's case only.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from evidence_kit.batch.customers import normalise_id
from evidence_kit.batch.split import SplitReport, split_export
from evidence_kit.case.load import load_case
from evidence_kit.check import check_case
from tests.conftest import SAMPLES, line_of, replace_in

EXPORT = SAMPLES / "portfolio-customers"
CASES = {
    "LN-SZ-0001": ["LN-SZ-0001", "LN-SZ-0002"],
    "LN-SZ-0003": ["LN-SZ-0003", "CC-SZ-0001"],
    "LN-SZ-0004": None,  # one loan: schema_version 1
    "LN-SZ-0005": ["LN-SZ-0005", "CC-SZ-0002", "CC-SZ-0003"],
    "LN-SZ-0006": ["LN-SZ-0006", "LN-SZ-0007"],
    "LN-SZ-0008": None,
    "LN-SZ-0009": None,  # the same customer as LN-SZ-0008, at another court
    "CC-SZ-0004": ["CC-SZ-0004"],  # a card alone
}


@pytest.fixture(scope="module")
def customer_split(tmp_path_factory: pytest.TempPathFactory) -> tuple[SplitReport, Path]:
    out = tmp_path_factory.mktemp("customers") / "cases"
    return split_export(EXPORT, out), out


def case_yaml(folder: Path) -> dict[str, Any]:
    return dict(yaml.safe_load((folder / "case.yaml").read_text("utf-8")))


def copy_export(tmp_path: Path, source: Path = EXPORT) -> Path:
    export = tmp_path / "export"
    shutil.copytree(source, export)
    return export


def test_each_customers_accounts_become_one_case(customer_split: tuple[SplitReport, Path]) -> None:
    report, out = customer_split
    assert report.complete and not report.skipped
    assert sorted(r.case_id for r in report.written) == sorted(CASES)
    for case_id, debts in CASES.items():
        data = case_yaml(out / case_id)
        if debts is None:
            assert data["schema_version"] == 1 and "loan" in data
        else:
            assert data["schema_version"] == 2 and [d["id"] for d in data["debts"]] == debts
        _, checked = check_case(out / case_id)
        assert checked.ok(), (case_id, checked.errors)


def test_the_customer_is_known_by_the_id_number_or_the_customer_number(
        customer_split: tuple[SplitReport, Path]) -> None:
    out = customer_split[1]
    cards = {row["卡片编号"]: row for row in csv.DictReader((EXPORT / "cards.csv").open(encoding="utf-8-sig"))}
    assert " " in cards["CC-SZ-0002"]["持卡人身份证号"] and cards["CC-SZ-0002"]["持卡人身份证号"].endswith("x")
    assert cards["CC-SZ-0003"]["持卡人身份证号"] == "" and cards["CC-SZ-0003"]["客户号"] == "CU-000005"
    data = case_yaml(out / "LN-SZ-0005")
    [borrower] = data["debtors"]
    assert borrower["id_number"] == normalise_id(cards["CC-SZ-0002"]["持卡人身份证号"])
    assert normalise_id(" 11010119900307 663x ") == "11010119900307663X"
    assert normalise_id("１１０１０１") == "110101"  # full-width digits


def test_a_guarantor_answers_for_the_loans_whose_rows_name_it(customer_split: tuple[SplitReport, Path]) -> None:
    out = customer_split[1]
    one = case_yaml(out / "LN-SZ-0001")["debtors"]
    assert [d["role"] for d in one] == ["borrower", "guarantor"]
    assert "answers_for" not in one[0] and one[1]["answers_for"] == [{"debt": "LN-SZ-0001", "kind": "joint"}]
    six = case_yaml(out / "LN-SZ-0006")["debtors"]
    assert [d["role"] for d in six] == ["borrower", "guarantor"]
    assert [a["debt"] for a in six[1]["answers_for"]] == ["LN-SZ-0006", "LN-SZ-0007"]
    case = load_case(out / "LN-SZ-0001")
    assert [a.debt for a in case.liabilities_of(case.guarantors[0])] == ["LN-SZ-0001"]


def test_a_card_debt_from_a_cards_row(customer_split: tuple[SplitReport, Path]) -> None:
    out = customer_split[1]
    data = case_yaml(out / "LN-SZ-0003")
    assert data["cause"] == "金融借款合同纠纷、信用卡纠纷"
    card = data["debts"][1]
    assert card["kind"] == "credit_card" and card["options"] == {"cap_action": "trim"}
    full = next(r for r in csv.DictReader((EXPORT / "cards.csv").open(encoding="utf-8-sig")) if r["卡片编号"] == "CC-SZ-0001")
    digits = full["卡号"].replace(" ", "")
    assert digits.isdigit() and len(digits) == 16
    assert card["card_masked"] == digits[:4] + "********" + digits[-4:]  # the full card number never reaches the case
    assert digits not in (out / "LN-SZ-0003" / "case.yaml").read_text("utf-8")
    assert card["balances"]["principal"] == full["透支本金"] and card["cutoff"] == full["截至日"]
    assert case_yaml(out / "CC-SZ-0004")["cause"] == "信用卡纠纷"


def test_the_ledgers_of_a_grouped_case(customer_split: tuple[SplitReport, Path]) -> None:
    out = customer_split[1]
    with (out / "LN-SZ-0003" / "repayments.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["debt"] for r in rows} == {"LN-SZ-0003", "CC-SZ-0001"}
    case = load_case(out / "LN-SZ-0003")
    card = case.debt("CC-SZ-0001")
    assert card.card is not None and [p.date for p in card.payments] and all(
        p.date > card.card.cutoff for p in card.payments)  # the export's payment before the cut-off is not read
    assert len([r for r in rows if r["debt"] == "CC-SZ-0001"]) == 2
    contacts = (out / "LN-SZ-0003" / "contacts.csv").read_text("utf-8")
    assert contacts.count("EMS寄送催收函") == 1  # exported under both accounts, kept once
    times = [line.split(",")[0] for line in contacts.splitlines()[1:]]
    assert times == sorted(times)


def test_exhibits_of_each_account_in_their_own_folder(customer_split: tuple[SplitReport, Path]) -> None:
    out = customer_split[1]
    files = [e["file"] for e in case_yaml(out / "LN-SZ-0001")["exhibits"]]
    assert files == ["exhibits/LN-SZ-0001/借据.png", "exhibits/LN-SZ-0001/保证合同.png", "exhibits/LN-SZ-0002/借据.png"]
    assert all((out / "LN-SZ-0001" / f).is_file() for f in files)
    assert [e["file"] for e in case_yaml(out / "LN-SZ-0004")["exhibits"]] == ["exhibits/借据.png"]  # as for one loan


def test_accounts_at_two_courts_make_two_cases(customer_split: tuple[SplitReport, Path]) -> None:
    out = customer_split[1]
    eight, nine = case_yaml(out / "LN-SZ-0008"), case_yaml(out / "LN-SZ-0009")
    assert eight["debtors"][0]["id_number"] == nine["debtors"][0]["id_number"]
    assert (eight["court"], nine["court"]) == ("深圳市福田区人民法院", "深圳市南山区人民法院")


def test_the_sample_export_of_loans_alone_still_makes_schema_version_1_cases(sample_split: Path) -> None:
    versions = {case_yaml(p.parent)["schema_version"] for p in sample_split.glob("*/case.yaml")}
    assert versions == {1}


@pytest.mark.slow
def test_the_loan_and_card_case_builds(customer_split: tuple[SplitReport, Path], tmp_path: Path) -> None:
    from evidence_kit import build_case

    built = build_case(customer_split[1] / "LN-SZ-0003", tmp_path / "out").folder
    manifest = json.loads((built / "manifest.json").read_text("utf-8"))
    assert manifest["case_id"] == "LN-SZ-0003"
    assert [e["file"] for e in manifest["exhibits"]][:3] == [
        "exhibits/LN-SZ-0003/借据.png", "exhibits/CC-SZ-0001/申请表.png", "exhibits/CC-SZ-0001/欠款明细.png"]
    report = json.loads((built / "report.json").read_text("utf-8"))
    assert [d["id"] for d in report["claim"]["debts"]] == ["LN-SZ-0003", "CC-SZ-0001"]


# --------------------------------------------------------------------------- problems


def test_a_problem_of_a_grouped_case_points_at_its_cards_row(tmp_path: Path) -> None:
    export = copy_export(tmp_path)
    cards = export / "cards.csv"
    line = line_of(cards, "CC-SZ-0004,")
    text = cards.read_text("utf-8-sig").splitlines(keepends=True)
    text[line - 1] = text[line - 1].replace(",2024-09-13,14200.00", ",2024-09-31,14200.00")
    cards.write_text("".join(text), "utf-8-sig")
    report = split_export(export, tmp_path / "cases")
    skipped = {r.case_id: r for r in report.skipped}
    assert list(skipped) == ["CC-SZ-0004"] and len(report.written) == len(CASES) - 1
    locations = {(p.loc.file, p.loc.row, p.loc.column) for p in skipped["CC-SZ-0004"].problems if p.loc}
    assert ("cards.csv", line, "截至日") in locations


def test_a_problem_of_one_loan_skips_its_customers_case_only(tmp_path: Path) -> None:
    export = copy_export(tmp_path)
    replace_in(export / "loans.csv", ",49000.00,", ",49x00.00,")  # LN-SZ-0002's principal
    report = split_export(export, tmp_path / "cases")
    [skipped] = report.skipped
    assert skipped.case_id == "LN-SZ-0001"
    problem = next(p for p in skipped.problems if p.severity.value == "error")
    assert problem.loc is not None
    assert (problem.loc.file, problem.loc.row, problem.loc.column) == ("loans.csv", 3, "贷款本金")


def test_two_names_for_one_customer_skip_the_case(tmp_path: Path) -> None:
    export = copy_export(tmp_path)
    line = line_of(export / "cards.csv", "CC-SZ-0002,")
    replace_in(export / "cards.csv", "CC-SZ-0002,CU-000005,6259 **** **** 3274,叶洋,", "CC-SZ-0002,CU-000005,6259 **** **** 3274,叶阳,")
    report = split_export(export, tmp_path / "cases")
    [skipped] = report.skipped
    assert skipped.case_id == "LN-SZ-0005"
    problem = next(p for p in skipped.problems if p.code == "customer_mismatch")
    assert problem.loc is not None and (problem.loc.file, problem.loc.row, problem.loc.column) == (
        "cards.csv", line, "持卡人姓名")
    assert "'叶阳' differs from '叶洋' at loans.csv, line 6" in problem.message


def test_other_details_that_differ_are_a_warning(tmp_path: Path) -> None:
    export = copy_export(tmp_path)
    replace_in(export / "cards.csv", ",13748793812,", ",13900001111,")  # CC-SZ-0001's phone, unlike LN-SZ-0003's
    report = split_export(export, tmp_path / "cases")
    assert not report.skipped
    result = next(r for r in report.results if r.case_id == "LN-SZ-0003")
    problem = next(p for p in result.problems if p.code == "customer_details_differ")
    assert problem.loc is not None and (problem.loc.file, problem.loc.column) == ("cards.csv", "持卡人手机")
    assert case_yaml(tmp_path / "cases" / "LN-SZ-0003")["debtors"][0]["phone"] == "13748793812"


def test_a_card_id_that_a_loan_uses_already(tmp_path: Path) -> None:
    export = copy_export(tmp_path)
    replace_in(export / "cards.csv", "CC-SZ-0004,CU-000003", "LN-SZ-0004,CU-000003")
    report = split_export(export, tmp_path / "cases")
    result = next(r for r in report.results if r.case_id == "LN-SZ-0004")
    assert result.status == "skipped"
    problem = next(p for p in result.problems if p.code == "duplicate_loan")
    assert problem.message == "card_id LN-SZ-0004 appears again (first at loans.csv, line 5)"


def test_an_export_of_cards_alone(tmp_path: Path) -> None:
    export = copy_export(tmp_path)
    (export / "loans.csv").unlink()
    report = split_export(export, tmp_path / "cases")
    assert not any(p.code == "export_table_missing" for p in report.problems)
    assert sorted(r.case_id for r in report.written) == ["CC-SZ-0001", "CC-SZ-0002", "CC-SZ-0004"]
    assert not report.skipped
    two = case_yaml(tmp_path / "cases" / "CC-SZ-0002")  # the cardholder of CC-SZ-0002's row, its ID number as printed
    assert [d["id"] for d in two["debts"]] == ["CC-SZ-0002", "CC-SZ-0003"]
    assert " " not in two["debtors"][0]["id_number"] and two["debtors"][0]["id_number"].endswith("X")


# --------------------------------------------------------------------------- a row's problem costs its row only


def test_a_loans_row_without_loan_id_costs_that_row_only(tmp_path: Path) -> None:
    export = copy_export(tmp_path, SAMPLES / "portfolio")
    replace_in(export / "loans.csv", "LN-SAMPLE-0002,", ",")
    report = split_export(export, tmp_path / "cases")
    assert len(report.written) == 55 and len(report.skipped) == 4
    missing = [p for p in report.problems if p.code == "missing_value"]
    assert len(missing) == 1 and missing[0].loc is not None
    assert (missing[0].loc.file, missing[0].loc.row, missing[0].loc.column) == ("loans.csv", 3, "借据号")
    assert not any(p.code == "missing_value" for r in report.results for p in r.problems)
    assert not report.complete  # a row was left out


def test_a_cell_too_long_in_a_contact_row_costs_that_loan_only(tmp_path: Path) -> None:
    from evidence_kit.limits import CELL_MAX_CHARS

    export = copy_export(tmp_path, SAMPLES / "portfolio")
    line = line_of(export / "contacts.csv", "LN-SAMPLE-0001,")
    replace_in(export / "contacts.csv", "逾期提醒：您的贷款已逾期，请尽快还款", "长" * (CELL_MAX_CHARS + 1))
    report = split_export(export, tmp_path / "cases")
    skipped = {r.case_id: r for r in report.skipped}
    assert set(skipped) == {"LN-SAMPLE-0001", "LN-SAMPLE-0007", "LN-SAMPLE-0013", "LN-SAMPLE-0021", "LN-SAMPLE-0034"}
    problem = next(p for p in skipped["LN-SAMPLE-0001"].problems if p.code == "text_too_long")
    assert problem.loc is not None and (problem.loc.file, problem.loc.row) == ("contacts.csv", line)
    assert len(report.written) == 55


def test_an_error_of_the_whole_export_is_printed_once(tmp_path: Path) -> None:
    export = copy_export(tmp_path, SAMPLES / "portfolio")
    replace_in(export / "portfolio.yaml", "as_of: '2025-06-30'", "as_of: 'soon'")
    run = subprocess.run([sys.executable, "-m", "evidence_kit", "split", str(export), "-o", str(tmp_path / "cases"),
                          "--json"], capture_output=True, text=True)
    assert run.returncode == 4
    results = json.loads(run.stdout)
    assert all(r["status"] == "skipped" and r["problems"][0]["code"] == "portfolio_schema" for r in results)
    assert run.stderr.count("[portfolio_schema]") == 1


@pytest.mark.slow
def test_the_customer_export_is_generated_deterministically(tmp_path: Path) -> None:
    sys.path.insert(0, str(SAMPLES))
    try:
        from generator.customers import build_customers
    finally:
        sys.path.remove(str(SAMPLES))
    build_customers(tmp_path / "export")
    committed = {p.relative_to(EXPORT): p.read_bytes() for p in sorted(EXPORT.rglob("*")) if p.is_file()}
    fresh = {p.relative_to(tmp_path / "export"): p.read_bytes()
             for p in sorted((tmp_path / "export").rglob("*")) if p.is_file()}
    assert sorted(fresh) == sorted(committed), "run .venv/bin/python samples/make_samples.py"
    assert [str(n) for n in fresh if fresh[n] != committed[n]] == []
