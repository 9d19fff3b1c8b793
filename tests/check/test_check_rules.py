"""Each rule of ``check`` with a fixture that breaks it; the worked example itself is clean."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from evidence_kit.check import check_case
from evidence_kit.problems import CheckReport, Severity
from tests.conftest import line_of, replace_in


def run(case_dir: Path) -> CheckReport:
    return check_case(case_dir)[1]


def only(report: CheckReport, code: str):  # type: ignore[no-untyped-def]
    found = [p for p in report.problems if p.code == code]
    assert found, f"no {code} in {[str(p) for p in report.problems]}"
    return found[0]


def test_worked_example_is_clean(worked_case: Path) -> None:
    report = run(worked_case)
    assert report.errors == [], [str(p) for p in report.errors]


def test_id_checksum_typo_located_in_yaml(worked_case: Path) -> None:
    yaml_path = worked_case / "case.yaml"
    replace_in(yaml_path, "11010519491231002X", "11010519491231002Y".replace("Y", "1"))
    problem = only(run(worked_case), "id_checksum")
    assert problem.loc.file == "case.yaml" and problem.loc.column == "debtors.0.id_number"
    assert problem.loc.row == line_of(yaml_path, "id_number:")


def test_credit_code_checksum(worked_case: Path) -> None:
    replace_in(worked_case / "case.yaml", "91350100M000100Y43", "91350100M000100Y45")
    assert only(run(worked_case), "credit_code_checksum").severity is Severity.ERROR


def test_signed_after_disbursed(worked_case: Path) -> None:
    replace_in(worked_case / "case.yaml", "signed_on: 2024-01-08", "signed_on: 2024-01-12")
    assert only(run(worked_case), "dates_order").loc.column == "loan.signed_on"


def test_maturity_not_after_disbursement(worked_case: Path) -> None:
    replace_in(worked_case / "case.yaml", "maturity: 2025-01-10", "maturity: 2024-01-10")
    problem = only(run(worked_case), "maturity_before_disbursement")
    assert (problem.loc.file, problem.loc.column) == ("case.yaml", "loan.maturity")


def test_repayment_before_disbursement_and_after_as_of(worked_case: Path) -> None:
    ledger = worked_case / "repayments.csv"
    replace_in(ledger, "2024-02-10", "2024-01-02")
    replace_in(ledger, "2024-07-20", "2025-01-20")
    report = run(worked_case)
    assert only(report, "payment_before_disbursement").loc.row == 2
    assert only(report, "payment_after_as_of").loc.row == 7


def test_split_must_add_up(worked_case: Path) -> None:
    (worked_case / "repayments.csv").write_text(
        "date,amount,principal,interest\n2024-02-10,516.67,0.00,516.67\n2024-03-10,483.33,100.00,383.00\n", "utf-8")
    problem = only(run(worked_case), "split_mismatch")
    assert (problem.loc.file, problem.loc.row) == ("repayments.csv", 3)
    assert "483.00" in problem.message and "483.33" in problem.message


def test_duplicate_row_is_a_warning_and_strict_makes_it_an_error(worked_case: Path) -> None:
    ledger = worked_case / "repayments.csv"
    ledger.write_text(ledger.read_text("utf-8") + "2024-07-20,300.00,TXN0006,部分还款\n", "utf-8")
    report = run(worked_case)
    problem = only(report, "duplicate_payment")
    assert problem.severity is Severity.WARNING and problem.loc.row == 8
    assert report.ok() and not report.ok(strict=True)
    assert report.strictly().errors


def test_missing_exhibit(worked_case: Path) -> None:
    (worked_case / "exhibits" / "contract.pdf").unlink()
    problem = only(run(worked_case), "exhibit_missing")
    assert problem.loc.column == "exhibits.0.file"


def test_exhibit_outside_case_folder(worked_case: Path) -> None:
    outside = worked_case.parent / "elsewhere.pdf"
    outside.write_bytes((worked_case / "exhibits" / "contract.pdf").read_bytes())
    replace_in(worked_case / "case.yaml", "file: exhibits/contract.pdf", "file: ../elsewhere.pdf")
    only(run(worked_case), "path_unsafe")


def test_png_named_pdf_is_sniffed(worked_case: Path) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, "PNG")
    (worked_case / "exhibits" / "contract.pdf").write_bytes(buffer.getvalue())
    problem = only(run(worked_case), "exhibit_type_mismatch")
    assert "PNG" in problem.message and "rename" in problem.hint


def test_zero_byte_exhibit(worked_case: Path) -> None:
    (worked_case / "exhibits" / "contract.pdf").write_bytes(b"")
    only(run(worked_case), "exhibit_empty")


def test_text_file_is_no_exhibit(worked_case: Path) -> None:
    (worked_case / "exhibits" / "contract.pdf").write_text("just text", "utf-8")
    only(run(worked_case), "exhibit_type_unknown")


def _encrypt(path: Path, user: str) -> None:
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(user=user, owner="owner-secret"))


def test_encrypted_pdf_needs_password(worked_case: Path) -> None:
    _encrypt(worked_case / "exhibits" / "contract.pdf", "open-sesame")
    problem = only(run(worked_case), "exhibit_encrypted")
    assert "password" in problem.hint
    replace_in(worked_case / "case.yaml", "    original: true", "    original: true\n    password: wrong")
    only(run(worked_case), "exhibit_wrong_password")
    replace_in(worked_case / "case.yaml", "password: wrong", "password: open-sesame")
    assert not [p for p in run(worked_case).errors if p.code.startswith("exhibit")]


def test_truncated_pdf_is_unreadable(worked_case: Path) -> None:
    path = worked_case / "exhibits" / "contract.pdf"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<")
    only(run(worked_case), "exhibit_unreadable")


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        (",13800138000,connected,185,", ",1380013800,connected,185,", "contact_target"),
        ("2024-07-12 10:05,call", "2024-07-12 23:05,call", "contact_quiet_hours"),
        ("call,debtor,13800138000,connected", "call,third_party,13800138000,connected", "contact_third_party"),
        (",connected,185,", ",connected,,", "call_without_duration"),
        ("逾期提醒短信,", "逾期提醒短信,recordings/missing.wav", "contact_evidence_missing"),
    ],
)
def test_contact_rules(worked_case: Path, old: str, new: str, code: str) -> None:
    replace_in(worked_case / "contacts.csv", old, new)
    problem = only(run(worked_case), code)
    assert problem.loc.file == "contacts.csv" and problem.loc.row in (2, 3)


def test_too_many_unanswered_calls_a_day(worked_case: Path) -> None:
    rows = "".join(f"2024-08-01 {9 + i}:00,call,debtor,13800138000,no_answer,,赵六,,\n" for i in range(7))
    path = worked_case / "contacts.csv"
    path.write_text(path.read_text("utf-8") + rows, "utf-8")
    assert only(run(worked_case), "contact_too_frequent").severity is Severity.WARNING


def test_payment_order_conflicts_with_pre_litigation_preservation(worked_case: Path) -> None:
    path = worked_case / "case.yaml"
    path.write_text(path.read_text("utf-8") + (
        "filings:\n  payment_order: {}\n  preservation:\n    stage: pre_litigation\n    amount: \"104147.41\"\n"), "utf-8")
    problem = only(run(worked_case), "filing_conflict")
    assert problem.loc.row == line_of(path, "stage: pre_litigation")


def test_claim_errors_are_reported_beside_unrelated_errors(worked_case: Path) -> None:
    yaml_path = worked_case / "case.yaml"
    replace_in(yaml_path, "birth_date: 1949-12-31", "birth_date: 1949-12-30")
    replace_in(yaml_path, "  accelerated_on: 2024-09-01",
               '  accelerated_on: 2024-09-01\n  claimed: {interest: "1084.65", penalty: "3025.00"}')
    replace_in(worked_case / "contacts.csv", ",sms,", ",pigeon,")
    codes = {p.code for p in run(worked_case).errors}
    assert {"id_birth_mismatch", "bad_value", "claim_mismatch"} <= codes


def test_ledger_errors_hold_back_the_claim_check(worked_case: Path) -> None:
    replace_in(worked_case / "case.yaml", "  accelerated_on: 2024-09-01",
               '  accelerated_on: 2024-09-01\n  claimed: {interest: "1084.59"}')
    replace_in(worked_case / "repayments.csv", "2024-07-20,300.00", "2024-07-20,3x0.00")
    codes = [p.code for p in run(worked_case).errors]
    assert codes == ["bad_value"]  # a claim from a ledger missing a row would be a false mismatch


@pytest.mark.parametrize(
    ("old", "new"),
    [('principal: "100000.00"', 'principal: "-100000.00"'),
     ("  accelerated_on: 2024-09-01", '  accelerated_on: 2024-09-01\n  fees: [{date: 2024-07-01, amount: "-500.00", kind: 冲回}]')],
)
def test_negative_money_in_yaml_is_refused(worked_case: Path, old: str, new: str) -> None:
    replace_in(worked_case / "case.yaml", old, new)
    problem = only(run(worked_case), "schema")
    assert "never negative" in problem.hint


def test_zero_principal_is_refused(worked_case: Path) -> None:
    replace_in(worked_case / "case.yaml", 'principal: "100000.00"', 'principal: "0.00"')
    assert only(run(worked_case), "principal_not_positive").loc.column == "loan.principal"


def test_fee_after_as_of_warns(worked_case: Path) -> None:
    replace_in(worked_case / "case.yaml", "  accelerated_on: 2024-09-01",
               '  accelerated_on: 2024-09-01\n  fees: [{date: 2025-03-01, amount: "800.00", kind: 律师费}]')
    problem = only(run(worked_case), "fee_after_as_of")
    assert problem.severity is Severity.WARNING and problem.loc.column == "loan.fees.0.date"


def test_wrong_password_points_at_the_password_line(worked_case: Path) -> None:
    _encrypt(worked_case / "exhibits" / "contract.pdf", "open-sesame")
    yaml_path = worked_case / "case.yaml"
    replace_in(yaml_path, "    original: true", "    original: true\n    password: wrong")
    problem = only(run(worked_case), "exhibit_wrong_password")
    assert problem.loc.row == line_of(yaml_path, "password: wrong")


def test_minor_borrower_warns(worked_case: Path) -> None:
    yaml_path = worked_case / "case.yaml"
    replace_in(yaml_path, "11010519491231002X", "110105201506010024")
    replace_in(yaml_path, "birth_date: 1949-12-31", "birth_date: 2015-06-01")
    problem = only(run(worked_case), "party_minor")
    assert problem.severity is Severity.WARNING and problem.loc.column == "debtors.0.birth_date"


def test_negative_paid_since_is_refused(worked_case: Path) -> None:
    path = worked_case / "case.yaml"
    path.write_text(path.read_text("utf-8") + (
        "filings:\n  enforcement:\n    basis: {kind: judgment, number: （2025）京0102民初1号, issued_by: 某法院,\n"
        "      effective_on: 2024-10-01, performance_due: 2024-10-11, awarded: {principal: \"100000.00\"}}\n"
        "    paid_since: \"-50000.00\"\n"), "utf-8")
    problem = only(run(worked_case), "schema")
    assert problem.loc.column == "filings.enforcement.paid_since"


def test_control_characters_are_cleaned_on_load(worked_case: Path) -> None:
    from evidence_kit.case.load import load_case

    yaml_path = worked_case / "case.yaml"
    replace_in(yaml_path, "    title: 借款合同", '    title: "借款合同\\v（正本）"')
    (worked_case / "call.txt").write_bytes("催收员：您好。\f借款人：月底还。\x07".encode())
    replace_in(yaml_path, "    original: true", "    original: true\n    transcript: call.txt")
    exhibit = load_case(worked_case).exhibits[0]
    assert exhibit.title == "借款合同 （正本）"
    assert exhibit.transcript == "催收员：您好。\n借款人：月底还。"
    assert run(worked_case).errors == []


def test_text_no_font_can_print_is_an_error_at_its_line(worked_case: Path) -> None:
    yaml_path = worked_case / "case.yaml"
    replace_in(yaml_path, "    name: 张三", "    name: 扎西ཀ")
    problem = only(run(worked_case), "text_unprintable")
    assert "U+0F40" in problem.message
    assert (problem.loc.row, problem.loc.column) == (line_of(yaml_path, "扎西"), "debtors.0.name")


def test_damaged_recording_warns(worked_case: Path) -> None:
    (worked_case / "exhibits" / "call.wav").write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 16)
    replace_in(worked_case / "case.yaml", "exhibits:\n", "exhibits:\n  - {file: exhibits/call.wav, title: 录音, source: 录音系统, proves: 催收}\n")
    problem = only(run(worked_case), "recording_unreadable")
    assert problem.severity is Severity.WARNING and problem.loc.column == "exhibits.0.file"
