"""Row limits: a case's contact log is held to CONTACTS_MAX_ROWS, a ledger to TABLE_MAX_ROWS, each refused at the
first row beyond it, before the rest of the file is read."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from evidence_kit.case import tables, xlsx
from evidence_kit.case.load import read_case
from evidence_kit.case.tables import SPECS, read_table, row_limit
from evidence_kit.check import check_case
from evidence_kit.cli import cli
from evidence_kit.limits import CONTACTS_MAX_ROWS, TABLE_MAX_ROWS
from evidence_kit.problems import Problem

HEADER = "time,channel,party,target,outcome,duration_s,agent,summary,evidence\n"
ROW = "2024-07-12 10:05,sms,debtor,13800138000,delivered,,系统,逾期提醒短信,\n"
OVERSIZED_FIELD = "x" * 200_000
"""A cell the csv module refuses outright (its field limit is 131,072 characters): read, it is `table_unreadable`."""


def write_contacts(case: Path, rows: int, tail: str = "") -> Path:
    path = case / "contacts.csv"
    path.write_text(HEADER + ROW * rows + tail, "utf-8")
    return path


def too_large(case: Path, file: str | None = None) -> list[Problem]:
    _, report = check_case(case)
    return [p for p in report.errors
            if p.code == "table_too_large" and (file is None or (p.loc is not None and p.loc.file == file))]


def test_a_contact_log_one_row_over_the_limit_is_refused_at_that_row(worked_case: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "CONTACTS_MAX_ROWS", 5)
    write_contacts(worked_case, 5)
    assert too_large(worked_case) == []
    write_contacts(worked_case, 6)
    [problem] = too_large(worked_case)
    assert problem.loc is not None and (problem.loc.file, problem.loc.row) == ("contacts.csv", 7)
    assert "5 rows" in problem.message and "contact log" in problem.message
    assert "by year" in problem.hint and "this debt's contacts" in problem.hint


def test_the_rest_of_an_oversized_contact_log_is_not_read(worked_case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "CONTACTS_MAX_ROWS", 5)
    # past the limit, a record the csv module cannot read: reached, it would make the file table_unreadable
    write_contacts(worked_case, 6, tail=ROW * 100 + f"2024-07-13 10:05,sms,debtor,13800138000,delivered,,系统,"
                                                  f"{OVERSIZED_FIELD},\n")
    _, report = check_case(worked_case)
    assert [(p.code, p.loc.row if p.loc else None) for p in report.errors if p.loc and p.loc.file == "contacts.csv"] \
        == [("table_too_large", 7)]
    monkeypatch.setattr(tables, "CONTACTS_MAX_ROWS", 1_000)  # the whole file read, the bad record is found
    assert any(p.code == "table_unreadable" for p in check_case(worked_case)[1].errors)


def test_an_oversized_contact_log_is_exit_4_naming_the_file_and_row(worked_case: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "CONTACTS_MAX_ROWS", 5)
    write_contacts(worked_case, 6)
    result = CliRunner().invoke(cli, ["check", str(worked_case)], catch_exceptions=False)
    assert result.exit_code == 4
    assert "contacts.csv, line 7" in result.output and "table_too_large" in result.output


def test_an_xlsx_contact_log_over_the_limit_is_refused_at_that_row(worked_case: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "CONTACTS_MAX_ROWS", 5)
    (worked_case / "contacts.csv").unlink()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.strip().split(","))
    for _ in range(6):
        sheet.append(ROW.strip().split(","))
    book.save(worked_case / "contacts.xlsx")
    [problem] = too_large(worked_case)
    assert problem.loc is not None and (problem.loc.file, problem.loc.row) == ("contacts.xlsx", 7)
    sheet.delete_rows(7)
    book.save(worked_case / "contacts.xlsx")
    assert too_large(worked_case) == []


def test_a_ledger_is_held_to_its_own_limit_not_the_contact_logs(worked_case: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "CONTACTS_MAX_ROWS", 2)
    ledger = worked_case / "repayments.csv"
    rows = len(ledger.read_text("utf-8").splitlines()) - 1
    assert rows > 2
    assert too_large(worked_case, "repayments.csv") == []
    monkeypatch.setattr(tables, "TABLE_MAX_ROWS", rows - 1)
    [problem] = too_large(worked_case, "repayments.csv")
    assert problem.loc is not None and (problem.loc.file, problem.loc.row) == ("repayments.csv", rows + 1)
    assert "ledger" in problem.message and "by year" in problem.hint


def test_a_contacts_table_read_without_a_limit_has_the_ledgers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A portfolio export's contacts table holds many cases' logs: only a case's own log has the smaller limit."""
    monkeypatch.setattr(tables, "CONTACTS_MAX_ROWS", 2)
    path = write_contacts(tmp_path, 5)
    table, problems = read_table(path, "contacts.csv", SPECS["contacts"])
    assert table is not None and problems == [] and len(table.row_lines) == 5


# --------------------------------------------------------------------------- the real limit


def test_the_real_limit_refuses_a_csv_contact_log_of_one_row_more(worked_case: Path) -> None:
    assert CONTACTS_MAX_ROWS < TABLE_MAX_ROWS
    path = write_contacts(worked_case, CONTACTS_MAX_ROWS + 1)
    table, problems = read_table(path, "contacts.csv", SPECS["contacts"], row_limit("contacts"))
    assert table is None
    assert [(p.code, p.loc.row if p.loc else None) for p in problems] == [("table_too_large", CONTACTS_MAX_ROWS + 2)]
    assert f"{CONTACTS_MAX_ROWS:,}" in problems[0].message
    # the same rows as a ledger's are within its limit
    table, problems = read_table(path, "contacts.csv", SPECS["contacts"], row_limit("repayments"))
    assert table is not None and not problems


def sheet_of_rows(rows: int) -> bytes:
    """A worksheet of ``rows`` rows, one number each (written as XML: openpyxl would take a minute)."""
    body = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, rows + 1))
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            f'2006/main"><sheetData>{body}</sheetData></worksheet>').encode()


def test_the_real_limit_refuses_an_xlsx_contact_log_of_one_row_more(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # the direct reading alone: the tests' cross-check with openpyxl would read all 200,000 rows again
    monkeypatch.setattr(xlsx, "sheet_values", xlsx.sheet_values.__wrapped__)  # type: ignore[attr-defined]
    template = tmp_path / "template.xlsx"
    Workbook().save(template)
    path = tmp_path / "contacts.xlsx"
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, sheet_of_rows(CONTACTS_MAX_ROWS + 2) if item.filename.endswith("sheet1.xml")
                            else data)
    table, problems = read_table(path, "contacts.xlsx", SPECS["contacts"], row_limit("contacts"))
    assert table is None
    assert [(p.code, p.loc.row if p.loc else None) for p in problems] == [("table_too_large", CONTACTS_MAX_ROWS + 2)]


def test_contacts_share_one_string_per_channel_party_and_outcome(worked_case: Path) -> None:
    """A long log holds its repeated values once, not a lower-cased copy in every row."""
    write_contacts(worked_case, 3, tail=ROW.replace(",sms,", ",SMS,").replace(",debtor,", ",借款人,"))
    case = read_case(worked_case).case
    assert case is not None and len(case.contacts) == 4
    first, *others = case.contacts
    for other in others:
        assert (other.channel, other.party, other.outcome) == ("sms", "debtor", "delivered")
        assert other.channel is first.channel and other.party is first.party and other.outcome is first.outcome
