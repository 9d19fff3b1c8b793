"""schema_version 2 case folders: debts, answers_for, per-debt ledgers, v1/v2 mix-ups, migrate."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidence_kit.case.load import load_case, read_case
from evidence_kit.case.migrate import migrate_case
from evidence_kit.check import check_case
from evidence_kit.check.contacts import COLLECTION_RULES
from evidence_kit.claim.debts import compute_case_claim
from evidence_kit.claim.engine import compute_claim
from evidence_kit.cli import cli
from tests.conftest import DATA, SAMPLES, line_of

Edit = Callable[[Path, str, str], None]
V2_SAMPLES = ("facility-drawdowns", "consumer-loan-and-card", "credit-card")


def copy_sample(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(SAMPLES / name, target)
    return target


@pytest.mark.parametrize("name", V2_SAMPLES)
def test_v2_samples_check_clean(name: str) -> None:
    _, report = check_case(SAMPLES / name)
    assert report.errors == []
    claim_warnings = [w.code for w in report.warnings if w.code not in COLLECTION_RULES]
    assert claim_warnings == (["cap_exceeded"] if name == "consumer-loan-and-card" else [])


def test_facility_debts_guarantors_and_shared_ledger() -> None:
    case = load_case(SAMPLES / "facility-drawdowns")
    assert case.schema_version == 2 and [d.id for d in case.debts] == ["D1", "D2", "D3"]
    assert case.loan == case.debts[0].loan  # the v1 door: the first loan
    assert {p.debt for p in case.all_payments} == {"D1", "D2", "D3"}
    assert sum(len(d.payments) for d in case.debts) == len(case.all_payments)
    assert case.payments == case.debts[0].payments  # the v1 door sees the first loan alone
    assert compute_claim(case) == compute_case_claim(case).debts[0].loan
    assert all(p.debt == d.id for d in case.debts for p in d.payments)
    borrower, person, company = case.debtors
    assert [a.debt for a in case.liabilities_of(borrower)] == ["D1", "D2", "D3"]
    assert [a.debt for a in case.liabilities_of(person)] == ["D1", "D2", "D3"]
    limited = case.liabilities_of(company)
    assert [(a.debt, a.limit) for a in limited] == [("D1", Decimal("1200000.00")), ("D2", Decimal("1200000.00"))]
    assert [p.name for p, _ in case.debtors_of("D3")] == [borrower.name, person.name]


def test_card_only_case_has_a_standin_loan_and_mode_b_files() -> None:
    case = load_case(SAMPLES / "credit-card")
    debt = case.debts[0]
    assert debt.card is not None and len(debt.statements) == 3 and len(debt.transactions) == 3
    assert "6259 **** **** 7315" in case.loan.contract_no
    assert {"statements.csv", "transactions.csv", "repayments.csv"} <= set(case.input_files)


def test_card_reads_only_payments_after_its_cutoff() -> None:
    case = load_case(SAMPLES / "consumer-loan-and-card")
    card = case.debt("card")
    assert card.card is not None
    assert [p.date.isoformat() for p in card.payments] == ["2024-11-20"]  # the 2024-08-20 row is before the cut-off


def test_debts_with_schema_version_1_is_one_located_error(tmp_path: Path, edit: Edit) -> None:
    folder = copy_sample(tmp_path, "facility-drawdowns")
    yaml = folder / "case.yaml"
    edit(yaml, "schema_version: 2", "schema_version: 1")
    result = read_case(folder)
    assert [(p.code, p.loc.row if p.loc else None) for p in result.errors] == [
        ("schema_version_mixup", line_of(yaml, "debts:"))]
    assert "schema_version: 2" in result.errors[0].hint


def test_loan_with_schema_version_2_points_to_migrate(tmp_path: Path, worked_case: Path, edit: Edit) -> None:
    edit(worked_case / "case.yaml", "schema_version: 1", "schema_version: 2")
    errors = read_case(worked_case).errors
    assert [p.code for p in errors] == ["schema_version_mixup"]
    assert errors[0].loc is not None and errors[0].loc.row == line_of(worked_case / "case.yaml", "loan:")
    assert "evidence-kit migrate" in errors[0].hint


def test_answers_for_in_a_v1_case_is_a_mixup(worked_case: Path, edit: Edit) -> None:
    edit(worked_case / "case.yaml", "    phone: \"13800138000\"", "    phone: \"13800138000\"\n    answers_for: [{debt: x}]")
    assert [p.code for p in read_case(worked_case).errors] == ["schema_version_mixup"]


def test_ledger_rows_must_name_a_known_debt(tmp_path: Path, edit: Edit) -> None:
    folder = copy_sample(tmp_path, "facility-drawdowns")
    ledger = folder / "repayments.csv"
    edit(ledger, ",D2,", ",,")
    edit(ledger, ",D3,", ",D9,")
    errors = read_case(folder).errors
    assert sorted(p.code for p in errors) == ["payment_debt_missing", "payment_debt_unknown"]
    assert all(p.loc is not None and p.loc.file == "repayments.csv" and p.loc.row for p in errors)


def test_debt_column_may_give_the_contract_number(tmp_path: Path, edit: Edit) -> None:
    folder = copy_sample(tmp_path, "facility-drawdowns")
    edit(folder / "repayments.csv", ",D2,", ",示银深（2023）最高额借字第0088号-借据002,")
    case = load_case(folder)
    assert len(case.debt("D2").payments) == len(load_case(SAMPLES / "facility-drawdowns").debt("D2").payments)


def test_a_card_in_another_currency_warns(tmp_path: Path, edit: Edit) -> None:
    folder = copy_sample(tmp_path, "credit-card")
    edit(folder / "case.yaml", "  cutoff:", "  currency: USD\n  cutoff:")
    assert [p.code for p in read_case(folder).problems] == ["currency_not_cny"]


def test_guarantor_and_id_problems(tmp_path: Path, edit: Edit) -> None:
    folder = copy_sample(tmp_path, "facility-drawdowns")
    yaml = folder / "case.yaml"
    edit(yaml, "  - debt: D3\n    kind: joint\n", "")
    edit(yaml, "- debt: D2\n    kind: joint\n    limit: '1200000.00'", "- debt: D7\n    kind: joint\n    limit: '1200000.00'")
    edit(yaml, "id: D3", "id: D2")
    codes = sorted(p.code for p in read_case(folder).errors)
    assert "answers_for_unknown_debt" in codes and "debt_id_duplicate" in codes


def test_a_guarantor_must_say_what_it_guarantees(tmp_path: Path) -> None:
    folder = copy_sample(tmp_path, "facility-drawdowns")
    yaml = folder / "case.yaml"
    text = yaml.read_text("utf-8")
    start = text.index("  answers_for:", text.index("role: guarantor"))
    end = text.index("\n- role:", start)
    yaml.write_text(text[:start] + text[end + 1:], "utf-8")
    errors = read_case(folder).errors
    assert [p.code for p in errors] == ["guarantor_answers_for_nothing"]


def test_card_option_typo_is_named(tmp_path: Path, edit: Edit) -> None:
    folder = copy_sample(tmp_path, "credit-card")
    edit(folder / "case.yaml", "  first_overdue_date:", "  options: {cap_mod: lpr4}\n  first_overdue_date:")
    errors = read_case(folder).errors
    assert [p.code for p in errors] == ["schema"]
    assert "cap_mod" in errors[0].message and "cap_mode" in errors[0].hint


def test_statement_mismatch_is_a_located_warning(tmp_path: Path, edit: Edit) -> None:
    folder = copy_sample(tmp_path, "credit-card")
    edit(folder / "statements.csv", ",281.25,", ",290.00,")
    _, report = check_case(folder)
    assert report.errors == []
    codes = {(w.code, w.loc.file if w.loc else None, w.loc.row if w.loc else None) for w in report.warnings}
    assert ("interest_mismatch", "statements.csv", 3) in codes
    assert ("statement_balance_mismatch", "statements.csv", 3) in codes


def test_bank_figures_are_cross_checked_per_debt(tmp_path: Path, edit: Edit) -> None:
    folder = copy_sample(tmp_path, "facility-drawdowns")
    yaml = folder / "case.yaml"
    text = yaml.read_text("utf-8")
    d2 = text.index("id: D2")
    at = text.index("    principal: '600000.00'", text.index("claimed:", d2))
    yaml.write_text(text[:at] + "    principal: '600100.00'" + text[at + len("    principal: '600000.00'"):], "utf-8")
    _, report = check_case(folder)
    assert [p.code for p in report.errors] == ["claim_mismatch"]
    assert report.errors[0].loc is not None and report.errors[0].loc.column == "debts.1.claimed.principal"
    assert "debts.1.claimed.principal" in report.errors[0].message


def test_card_bank_figures_are_cross_checked(tmp_path: Path) -> None:
    folder = copy_sample(tmp_path, "credit-card")
    yaml = folder / "case.yaml"
    text = yaml.read_text("utf-8")
    at = text.index("interest:", text.index("claimed:"))
    end = text.index("\n", at)
    yaml.write_text(text[:at] + "interest: '1.00'" + text[end:], "utf-8")
    _, report = check_case(folder)
    assert [(p.code, p.loc.column if p.loc else None) for p in report.errors] == [
        ("claim_mismatch", "debts.0.claimed.interest")]


# -- migrate ---------------------------------------------------------------------------------------


def test_migrate_keeps_comments_and_the_claim(worked_case: Path) -> None:
    before = (worked_case / "case.yaml").read_text("utf-8")
    result = migrate_case(worked_case)
    assert (result.from_version, result.to_version, result.comments_kept) == (1, 2, True)
    after = (worked_case / "case.yaml").read_text("utf-8")
    assert (worked_case / "case.v1.yaml").read_text("utf-8") == before
    comments = [line.split("#", 1)[1] for line in before.splitlines() if "#" in line]
    assert all(comment in after for comment in comments)
    case = load_case(worked_case)
    assert case.schema_version == 2 and case.debts[0].id == "loan-1"
    _, report = check_case(worked_case)
    assert report.errors == []
    assert migrate_case(worked_case).from_version == 2  # a second run changes nothing
    assert (worked_case / "case.yaml").read_text("utf-8") == after


def test_migrate_moves_the_schedule_and_adds_answers_for(tmp_path: Path) -> None:
    folder = copy_sample(tmp_path, "business-loan")
    migrate_case(folder)
    case = load_case(folder)
    assert case.debts[0].schedule is not None and len(case.debts[0].schedule) == 12
    assert all(g.answers_for for g in case.guarantors)
    assert check_case(folder)[1].errors == []


def test_migrate_flow_style_falls_back_to_a_rewrite(worked_case: Path) -> None:
    yaml = worked_case / "case.yaml"
    text = yaml.read_text("utf-8")
    start, end = text.index("loan:\n"), text.index("exhibits:")
    yaml.write_text(text[:start] + "loan: {contract_no: 示例借字2024第0001号, signed_on: 2024-01-08, principal: '100000.00', "
                    "disbursed_on: 2024-01-10, maturity: 2025-01-10, annual_rate: '0.06', penalty_markup: '0.5', "
                    "compound: true, day_count: 360, repayment_method: interest_only, installments: 12, payment_day: 10, "
                    "accelerated_on: 2024-09-01}\n" + text[end:], "utf-8")
    result = migrate_case(worked_case)
    assert result.comments_kept is False
    assert check_case(worked_case)[1].errors == []


def test_migrate_command_json(worked_case: Path) -> None:
    outcome = CliRunner().invoke(cli, ["migrate", str(worked_case), "--json"])
    assert outcome.exit_code == 0, outcome.output
    assert json.loads(outcome.stdout) == {"from": 1, "to": 2, "comments_kept": True, "backup": "case.v1.yaml"}


def test_claim_command_on_a_v2_case() -> None:
    outcome = CliRunner().invoke(cli, ["claim", str(SAMPLES / "facility-drawdowns"), "--json"])
    assert outcome.exit_code == 0, outcome.output
    data = json.loads(outcome.stdout)
    assert [d["id"] for d in data["debts"]] == ["D1", "D2", "D3"]
    assert data["total"] == "1958119.58"
    table = CliRunner().invoke(cli, ["claim", str(SAMPLES / "facility-drawdowns")])
    assert "第3项债务 debt D3" in table.output and "1,958,119.58" in table.output


def test_v1_worked_example_unchanged_by_the_loader() -> None:
    case = load_case(DATA / "worked-example")
    assert case.schema_version == 1 and case.debts == ()
    assert [d.id for d in case.all_debts] == ["1"] and case.all_debts[0].loan == case.loan
