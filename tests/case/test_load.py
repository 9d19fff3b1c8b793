"""Loading case folders: YAML with lines, CSV encodings and header aliases, XLSX, money as Decimal."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from evidence_kit.case.ledger import parse_date, parse_local_time
from evidence_kit.case.load import load_case, read_case
from evidence_kit.errors import CaseInvalid, CaseNotFound
from evidence_kit.money import AmountError, parse_amount
from evidence_kit.problems import Severity
from tests.conftest import line_of, replace_in

GB_LEDGER = (
    "交易日期,交易金额（元）,归还本金,归还利息,罚息,复利,费用,流水号,备注\n"
    "2024-02-10,516.67,0.00,516.67,0.00,0.00,0.00,TXN0001,第1期利息\n"
    "2024/03/10,\"483.33\",0,483.33,0,0,0,TXN0002,第2期利息\n"
)


def codes(result_problems: list) -> list[str]:  # type: ignore[type-arg]
    return [p.code for p in result_problems]


def test_worked_example_loads_typed(worked_case: Path) -> None:
    case = load_case(worked_case)
    assert case.case_id == "WORKED-EXAMPLE-2024"
    assert case.loan.principal == Decimal("100000.00") and isinstance(case.loan.principal, Decimal)
    assert case.loan.annual_rate == Decimal("0.06")
    assert case.loan.accelerated_on == date(2024, 9, 1)
    assert [p.amount for p in case.payments][-1] == Decimal("300.00")
    assert case.payments[5].loc.row == 7 and case.payments[5].loc.file == "repayments.csv"
    assert case.contacts[0].time == datetime(2024, 7, 12, 10, 5)
    assert case.debtors[0].birth_date == date(1949, 12, 31)
    assert case.exhibits[0].path == worked_case.resolve() / "exhibits" / "contract.pdf"
    assert case.input_files == ("case.yaml", "repayments.csv", "contacts.csv", "exhibits/contract.pdf")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1,234.50", "1234.50"), ("¥1234.5", "1234.50"), ("￥ 1,000", "1000.00"), ("1234.5元", "1234.50"),
     ("0", "0.00"), ("-12.30", "-12.30"), (".5", "0.50")],
)
def test_parse_amount_accepts_bank_forms(text: str, expected: str) -> None:
    value = parse_amount(text)
    assert isinstance(value, Decimal)
    assert str(value) == expected


@pytest.mark.parametrize("text", ["12x4", "1,23.00", "12,34", "", "1.234", "1e5", "NaN", "1.2.3"])
def test_parse_amount_refuses_non_amounts(text: str) -> None:
    with pytest.raises(AmountError):
        parse_amount(text)


def test_parse_amount_refuses_float() -> None:
    with pytest.raises(AmountError):
        parse_amount(1.5)


def test_dates_and_times() -> None:
    assert parse_date("2025/6/30") == date(2025, 6, 30)
    assert parse_date("2025年6月30日") == date(2025, 6, 30)
    assert parse_date("20250630") == date(2025, 6, 30)
    with pytest.raises(ValueError):
        parse_date("2025-02-30")
    assert parse_local_time("2025-03-05T02:30:00+00:00") == datetime(2025, 3, 5, 10, 30)
    assert parse_local_time("2025/03/05 10:30") == datetime(2025, 3, 5, 10, 30)
    with pytest.raises(ValueError):
        parse_local_time("2025-03-05")


def test_bare_yaml_number_is_decimal_not_float(worked_case: Path) -> None:
    replace_in(worked_case / "case.yaml", 'principal: "100000.00"', "principal: 100000.10")
    case = load_case(worked_case)
    assert case.loan.principal == Decimal("100000.10")
    assert type(case.loan.principal) is Decimal


def test_gb18030_chinese_headers_and_split(worked_case: Path) -> None:
    (worked_case / "repayments.csv").write_bytes(GB_LEDGER.encode("gb18030"))
    case = load_case(worked_case)
    first, second = case.payments
    assert first.amount == Decimal("516.67") and first.interest == Decimal("516.67")
    assert first.principal == Decimal("0.00") and first.has_split
    assert second.date == date(2024, 3, 10)
    assert first.note == "第1期利息" and first.reference == "TXN0001"
    assert first.loc.column == "交易金额（元）"


def test_utf8_bom_is_read(worked_case: Path) -> None:
    (worked_case / "repayments.csv").write_bytes(GB_LEDGER.encode("utf-8-sig"))
    assert len(load_case(worked_case).payments) == 2


def test_utf16_is_refused_with_hint(worked_case: Path) -> None:
    (worked_case / "repayments.csv").write_bytes(GB_LEDGER.encode("utf-16"))
    result = read_case(worked_case)
    problem = next(p for p in result.problems if p.code == "table_unreadable")
    assert problem.loc is not None and problem.loc.file == "repayments.csv"
    assert "UTF-16" in problem.message


def test_xlsx_ledger_matches_csv(worked_case: Path, edit) -> None:  # type: ignore[no-untyped-def]
    book = Workbook()
    sheet = book.active
    sheet.append(["交易日期", "还款金额", "流水号"])
    sheet.append([datetime(2024, 2, 10), 516.67, "TXN0001"])
    sheet.append(["2024-03-10", "483.33", "TXN0002"])
    sheet.append([datetime(2024, 4, 10), 1000, "TXN0003"])
    book.save(worked_case / "ledger.xlsx")
    edit(worked_case / "case.yaml", "exhibits:", "files: {repayments: ledger.xlsx}\nexhibits:")
    case = load_case(worked_case)
    assert [(p.date, p.amount) for p in case.payments] == [
        (date(2024, 2, 10), Decimal("516.67")),
        (date(2024, 3, 10), Decimal("483.33")),
        (date(2024, 4, 10), Decimal("1000.00")),
    ]
    assert case.payments[2].loc.row == 4
    assert "ledger.xlsx" in case.input_files


def test_bad_amount_is_located_to_file_line_column(worked_case: Path) -> None:
    ledger = worked_case / "repayments.csv"
    replace_in(ledger, "483.33", "48x.33")
    result = read_case(worked_case)
    problem = next(p for p in result.problems if p.code == "bad_value")
    assert problem.loc is not None
    assert (problem.loc.file, problem.loc.row, problem.loc.column) == ("repayments.csv", 3, "amount")
    assert "48x.33" in problem.message


def test_all_problems_are_reported_at_once(worked_case: Path, edit) -> None:  # type: ignore[no-untyped-def]
    edit(worked_case / "case.yaml", "court:", "cuort: x\ncourt:")
    edit(worked_case / "repayments.csv", "2024-04-10", "2024-04-31")
    edit(worked_case / "contacts.csv", ",sms,", ",pigeon,")
    result = read_case(worked_case)
    found = {(p.code, p.loc.file if p.loc else None) for p in result.errors}
    assert ("schema", "case.yaml") in found
    assert ("bad_value", "repayments.csv") in found
    assert ("bad_value", "contacts.csv") in found
    with pytest.raises(CaseInvalid) as info:
        load_case(worked_case)
    assert len(info.value.problems) >= 3


def test_unknown_key_names_line_and_suggestion(worked_case: Path, edit) -> None:  # type: ignore[no-untyped-def]
    yaml_path = worked_case / "case.yaml"
    edit(yaml_path, "  penalty_markup:", "  penalty_markop:")
    problem = next(p for p in read_case(worked_case).problems if p.code == "schema")
    assert "penalty_markop" in problem.message
    assert "penalty_markup" in problem.hint
    assert problem.loc is not None and problem.loc.row == line_of(yaml_path, "penalty_markop")


def test_missing_key_and_bad_enum(worked_case: Path, edit) -> None:  # type: ignore[no-untyped-def]
    yaml_path = worked_case / "case.yaml"
    edit(yaml_path, "  day_count: 360\n", "")
    edit(yaml_path, "repayment_method: interest_only", "repayment_method: balloon")
    messages = [p.message for p in read_case(worked_case).problems]
    assert any("missing key 'day_count'" in m for m in messages)
    assert any("'balloon' is not allowed" in m for m in messages)


def test_invalid_calendar_date_in_yaml(worked_case: Path, edit) -> None:  # type: ignore[no-untyped-def]
    yaml_path = worked_case / "case.yaml"
    edit(yaml_path, "signed_on: 2024-01-08", "signed_on: 2024-02-30")
    problem = next(p for p in read_case(worked_case).problems if p.code == "bad_value")
    assert problem.loc is not None and problem.loc.row == line_of(yaml_path, "signed_on")


def test_yaml_syntax_error_is_located(worked_case: Path, edit) -> None:  # type: ignore[no-untyped-def]
    yaml_path = worked_case / "case.yaml"
    edit(yaml_path, "cause: 金融借款合同纠纷", "cause: [金融借款合同纠纷")
    problem = read_case(worked_case).problems[0]
    assert problem.code == "yaml_syntax" and problem.loc is not None and problem.loc.row is not None


def test_duplicate_yaml_key(worked_case: Path, edit) -> None:  # type: ignore[no-untyped-def]
    edit(worked_case / "case.yaml", "court:", "court: 甲法院\ncourt:")
    assert read_case(worked_case).problems[0].code == "yaml_syntax"


def test_missing_required_column(worked_case: Path) -> None:
    (worked_case / "repayments.csv").write_text("date,reference\n2024-02-10,X\n", "utf-8")
    problem = next(p for p in read_case(worked_case).problems if p.code == "missing_column")
    assert problem.loc is not None and problem.loc.row == 1 and "amount" in problem.message


def test_unknown_column_is_a_warning(worked_case: Path, edit) -> None:  # type: ignore[no-untyped-def]
    edit(worked_case / "repayments.csv", "date,amount,", "date,amount,channel_x,")
    edit(worked_case / "repayments.csv", "516.67,TXN0001", "516.67,?,TXN0001")
    problems = read_case(worked_case).problems
    unknown = [p for p in problems if p.code == "unknown_column"]
    assert unknown and unknown[0].severity is Severity.WARNING


def test_contacts_with_chinese_values(worked_case: Path) -> None:
    (worked_case / "contacts.csv").write_text(
        "催收时间,催收方式,联系对象,联系号码,结果,时长（秒）,催收员,内容摘要\n"
        "2024-07-12 10:05,电话,借款人,13800138000,承诺还款,120,赵六,承诺月底还款\n"
        "2024-07-13 10:05,短信,保证人,13900139000,已送达,,系统,提醒\n",
        "utf-8",
    )
    contacts = load_case(worked_case).contacts
    assert (contacts[0].channel, contacts[0].party, contacts[0].outcome) == ("call", "debtor", "promise_to_pay")
    assert contacts[0].duration_s == 120
    assert (contacts[1].channel, contacts[1].party, contacts[1].outcome) == ("sms", "guarantor", "delivered")


def test_misspelt_contact_value_suggests(worked_case: Path, edit) -> None:  # type: ignore[no-untyped-def]
    edit(worked_case / "contacts.csv", ",connected,", ",conected,")
    problem = next(p for p in read_case(worked_case).problems if p.code == "bad_value")
    assert "connected" in problem.hint
    assert problem.loc is not None and problem.loc.row == 2 and problem.loc.column == "outcome"


def test_missing_case_folder_and_yaml(tmp_path: Path) -> None:
    with pytest.raises(CaseNotFound):
        load_case(tmp_path / "nope")
    with pytest.raises(CaseNotFound):
        load_case(tmp_path)


def test_transcript_file_is_read(worked_case: Path, edit) -> None:  # type: ignore[no-untyped-def]
    (worked_case / "call.txt").write_text("催收员：您好。\n借款人：月底还。", "utf-8")
    edit(worked_case / "case.yaml", "    original: true", "    original: true\n    transcript: call.txt")
    case = load_case(worked_case)
    assert case.exhibits[0].transcript is not None and "月底还" in case.exhibits[0].transcript
    assert "call.txt" in case.input_files


def _xlsx_with_formula(path: Path, cached: str | None) -> None:
    """A ledger whose amount is the formula C2+D2, with Excel's cached result or none."""
    import zipfile

    book = Workbook()
    sheet = book.active
    sheet.append(["交易日期", "交易金额", "本金部分", "利息部分"])
    sheet.append(["2024-02-10", "=C2+D2", 100.1, 200.2])
    book.save(path)
    with zipfile.ZipFile(path) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    xml = members["xl/worksheets/sheet1.xml"].decode()
    value = f"<v>{cached}</v>" if cached is not None else ""
    members["xl/worksheets/sheet1.xml"] = xml.replace("<f>C2+D2</f><v></v>", f"<f>C2+D2</f>{value}").encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def test_xlsx_formula_result_with_float_noise_reads_as_excel_shows_it(worked_case: Path, edit) -> None:  # type: ignore[no-untyped-def]
    _xlsx_with_formula(worked_case / "ledger.xlsx", "300.29999999999995")
    edit(worked_case / "case.yaml", "exhibits:", "files: {repayments: ledger.xlsx}\nexhibits:")
    [payment] = load_case(worked_case).payments
    assert payment.amount == Decimal("300.30")


def test_xlsx_formula_without_saved_result(worked_case: Path, edit) -> None:  # type: ignore[no-untyped-def]
    _xlsx_with_formula(worked_case / "ledger.xlsx", None)
    edit(worked_case / "case.yaml", "exhibits:", "files: {repayments: ledger.xlsx}\nexhibits:")
    problem = next(p for p in read_case(worked_case).problems if p.code == "formula_without_value")
    assert problem.loc is not None and (problem.loc.row, problem.loc.column) == (2, "交易金额")
    assert "save it" in problem.hint


def test_xlsx_data_on_a_later_sheet(worked_case: Path, edit) -> None:  # type: ignore[no-untyped-def]
    book = Workbook()
    book.active.title = "说明"
    sheet = book.create_sheet("还款明细")
    sheet.append(["交易日期", "交易金额"])
    sheet.append(["2024-02-10", "516.67"])
    book.save(worked_case / "ledger.xlsx")
    edit(worked_case / "case.yaml", "exhibits:", "files: {repayments: ledger.xlsx}\nexhibits:")
    assert [p.amount for p in load_case(worked_case).payments] == [Decimal("516.67")]


def test_core_banking_date_and_time_columns(worked_case: Path) -> None:
    (worked_case / "repayments.csv").write_text(
        "交易日期,交易时间,交易金额\n2024-02-10 09:12:33,09:12:33,516.67\n2024-03-10,10:00:00,483.33\n", "utf-8")
    payments = load_case(worked_case).payments
    assert [p.date for p in payments] == [date(2024, 2, 10), date(2024, 3, 10)]


def test_yaml_merge_key_and_custom_tag(worked_case: Path, edit) -> None:  # type: ignore[no-untyped-def]
    yaml_path = worked_case / "case.yaml"
    edit(yaml_path, "  compound: true\n", "  <<: {compound: true}\n")
    assert load_case(worked_case).loan.compound is True
    edit(yaml_path, 'principal: "100000.00"', 'principal: !decimal "100000.00"')
    problem = read_case(worked_case).problems[0]
    assert problem.code == "yaml_syntax" and problem.loc is not None
    assert problem.loc.row == line_of(yaml_path, "!decimal")


def test_bank_schedule_problem_names_the_header_as_written(worked_case: Path) -> None:
    from evidence_kit.claim.schedule import check_bank_schedule

    (worked_case / "schedule.csv").write_text(
        "应还日期,应还本金（元）,应还利息\n2024-02-10,-5.00,516.67\n2025-01-10,100005.00,500.00\n", "utf-8")
    case = load_case(worked_case)
    assert case.schedule is not None
    problem = next(p for p in check_bank_schedule(case.schedule, case.loan) if p.code == "schedule_negative")
    assert problem.loc is not None and (problem.loc.row, problem.loc.column) == (2, "应还本金（元）")
