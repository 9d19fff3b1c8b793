"""Hostile and careless case data: each refused by a stated limit, located, in seconds and without a MemoryError."""

from __future__ import annotations

import io
import os
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from evidence_kit.case.load import read_case
from evidence_kit.case.yamlsrc import YamlSourceError, load_with_lines
from evidence_kit.check import check_case
from evidence_kit.errors import InputUnreadable
from evidence_kit.limits import (
    CELL_MAX_CHARS,
    MONEY_MAX_INTEGER_DIGITS,
    TABLE_MAX_COLUMNS,
    TEXT_MAX_CHARS,
    XLSX_MAX_RATIO,
    YAML_MAX_BYTES,
    YAML_MAX_DEPTH,
    YAML_MAX_NODES,
)
from evidence_kit.money import AmountError, parse_amount, parse_annual_rate, parse_rate
from evidence_kit.problems import Problem
from tests.conftest import line_of, replace_in

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def errors_of(case_dir: Path) -> list[Problem]:
    _, report = check_case(case_dir)
    return report.errors


def codes(case_dir: Path) -> set[str]:
    return {p.code for p in errors_of(case_dir)}


def the(case_dir: Path, code: str) -> Problem:
    found = [p for p in errors_of(case_dir) if p.code == code]
    assert found, f"no {code} among {[str(p) for p in errors_of(case_dir)]}"
    return found[0]


# --------------------------------------------------------------------------- YAML


def test_billion_laughs_stops_at_the_node_limit() -> None:
    with pytest.raises(YamlSourceError, match=f"{YAML_MAX_NODES:,} values"):
        load_with_lines(BILLION_LAUGHS)


def test_deep_nesting_is_refused_before_python_recursion_fails() -> None:
    with pytest.raises(YamlSourceError, match=f"more than {YAML_MAX_DEPTH} levels") as caught:
        load_with_lines("a: " + "[" * 800 + "]" * 800)
    assert caught.value.line == 1


def test_a_recursive_alias_is_refused() -> None:
    with pytest.raises(YamlSourceError, match="levels deep"):
        load_with_lines("a: &x [1, *x]\n")


def test_billion_laughs_in_case_yaml_is_a_located_yaml_error(worked_case: Path) -> None:
    (worked_case / "case.yaml").write_text(BILLION_LAUGHS, "utf-8")
    problem = the(worked_case, "yaml_syntax")
    assert problem.loc is not None and problem.loc.file == "case.yaml" and problem.loc.row is not None


def test_a_case_yaml_over_the_size_limit_is_refused_unread(worked_case: Path) -> None:
    path = worked_case / "case.yaml"
    path.write_text(path.read_text("utf-8") + "#" * YAML_MAX_BYTES + "\n", "utf-8")
    assert "yaml_too_large" in codes(worked_case)


def deny(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    """Opening ``denied`` (or anything under it) fails as it does without read permission, also for root."""
    real_open = os.open

    def guarded(path: object, *args: object, **kwargs: object) -> int:
        if Path(os.fsdecode(path)).resolve().is_relative_to(denied.resolve()):  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", os.fsdecode(path))  # type: ignore[arg-type]
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", guarded)


def test_an_unreadable_case_yaml_is_exit_5(worked_case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deny(monkeypatch, worked_case / "case.yaml")
    with pytest.raises(InputUnreadable, match="permission denied") as caught:
        read_case(worked_case)
    assert caught.value.exit_code == 5 and caught.value.file and caught.value.file.endswith("case.yaml")


def test_an_unreadable_transcript_is_a_located_error(worked_case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (worked_case / "call.txt").write_text("通话记录", "utf-8")
    replace_in(worked_case / "case.yaml", "    title: 借款合同", "    transcript: call.txt\n    title: 借款合同")
    deny(monkeypatch, worked_case / "call.txt")
    problem = the(worked_case, "exhibit_unreadable")
    assert problem.loc is not None and problem.loc.column == "exhibits.0.transcript"


def test_a_fifo_as_case_yaml_does_not_hang(worked_case: Path) -> None:
    path = worked_case / "case.yaml"
    path.unlink()
    os.mkfifo(path)
    with pytest.raises(InputUnreadable, match="FIFO") as caught:
        read_case(worked_case)
    assert caught.value.exit_code == 5


# --------------------------------------------------------------------------- money and rates


@pytest.mark.parametrize("text", ["1" * 40, 10**39, "1" * (MONEY_MAX_INTEGER_DIGITS + 1) + ".00", "1e400"])
def test_money_beyond_the_digit_limit_is_refused(text: object) -> None:
    with pytest.raises(AmountError):
        parse_amount(text)


def test_the_largest_allowed_amount_is_read_exactly() -> None:
    text = "9" * MONEY_MAX_INTEGER_DIGITS + ".99"
    assert parse_amount(text) == Decimal(text)


@pytest.mark.parametrize("text", ["0." + "0" * 60 + "1", "1" * 32, "0.123456789"])
def test_rates_beyond_the_decimal_limit_are_refused(text: str) -> None:
    with pytest.raises(AmountError):
        parse_rate(text)


def test_an_annual_rate_above_one_says_how_to_write_a_percentage() -> None:
    with pytest.raises(AmountError, match=r"0\.0435"):
        parse_annual_rate("4.35")
    assert parse_annual_rate("4.35%") == Decimal("0.0435")


def test_huge_numbers_in_case_yaml_are_located_errors(worked_case: Path) -> None:
    yaml = worked_case / "case.yaml"
    replace_in(yaml, 'principal: "100000.00"', f"principal: {'9' * 40}")
    replace_in(yaml, 'annual_rate: "0.06"', 'annual_rate: "4.35"')
    found = {p.loc.column: p for p in errors_of(worked_case) if p.code == "bad_value" and p.loc}
    assert found["loan.principal"].loc is not None and found["loan.principal"].loc.row == line_of(yaml, "principal:")
    assert "0.0435" in found["loan.annual_rate"].hint


def test_a_40_digit_ledger_amount_is_a_located_error(worked_case: Path) -> None:
    replace_in(worked_case / "repayments.csv", "483.33", "9" * 40)
    problem = the(worked_case, "bad_value")
    assert problem.loc is not None and (problem.loc.file, problem.loc.row) == ("repayments.csv", 3)


# --------------------------------------------------------------------------- text


@pytest.mark.parametrize("char", ["\u202e", "\u202a", "\u2066", "\u200b", "\u200d", "\ufeff"])
def test_bidi_controls_and_zero_width_characters_in_a_name_are_errors(worked_case: Path, char: str) -> None:
    yaml = worked_case / "case.yaml"
    replace_in(yaml, "name: 张三", f"name: 张{char}三")
    problem = next(p for p in errors_of(worked_case) if p.code in ("text_bidi_control", "text_zero_width"))
    assert problem.loc is not None and problem.loc.column == "debtors.0.name"
    assert problem.loc.row == line_of(yaml, "name: 张")


def test_a_zero_width_character_in_an_id_number_is_an_error(worked_case: Path) -> None:
    replace_in(worked_case / "case.yaml", "id_number: 11010519491231002X", "id_number: 110105\u200b19491231002X")
    assert "text_zero_width" in codes(worked_case)


def test_a_bidi_override_in_a_ledger_cell_is_located(worked_case: Path) -> None:
    ledger = worked_case / "repayments.csv"
    lines = ledger.read_text("utf-8").splitlines()
    header = lines[0].split(",")
    note = header.index("note")
    cells = lines[2].split(",")
    cells[note] = "\u202e部分还款"
    lines[2] = ",".join(cells)
    ledger.write_text("\n".join(lines) + "\n", "utf-8")
    problem = the(worked_case, "text_bidi_control")
    assert problem.loc is not None and (problem.loc.file, problem.loc.row, problem.loc.column) == ("repayments.csv", 3, "note")


def test_a_long_name_is_refused_by_the_length_limit(worked_case: Path) -> None:
    replace_in(worked_case / "case.yaml", "name: 张三", "name: " + "张" * 300_000)
    problem = the(worked_case, "text_too_long")
    assert problem.loc is not None and problem.loc.column == "debtors.0.name"
    assert f"{TEXT_MAX_CHARS:,}" in problem.message


# --------------------------------------------------------------------------- case_id


@pytest.mark.parametrize("written", ["'.'", "'..'", '"ABC\\n"'])
def test_case_ids_that_cannot_name_the_output_folder(worked_case: Path, written: str) -> None:
    replace_in(worked_case / "case.yaml", "case_id: WORKED-EXAMPLE-2024", f"case_id: {written}")
    problem = the(worked_case, "case_id_invalid")
    assert problem.loc is not None and problem.loc.column == "case_id"


# --------------------------------------------------------------------------- ledgers


def test_a_row_with_ten_thousand_extra_cells_is_an_error(worked_case: Path) -> None:
    ledger = worked_case / "repayments.csv"
    lines = ledger.read_text("utf-8").splitlines()
    lines[1] += "," * 10_000
    ledger.write_text("\n".join(lines) + "\n", "utf-8")
    problem = the(worked_case, "row_too_wide")
    assert problem.loc is not None and (problem.loc.file, problem.loc.row) == ("repayments.csv", 2)
    assert str(TABLE_MAX_COLUMNS) in problem.message


def test_a_cell_longer_than_the_limit_is_an_error(worked_case: Path) -> None:
    ledger = worked_case / "repayments.csv"
    lines = ledger.read_text("utf-8").splitlines()
    lines[1] += "x" * (CELL_MAX_CHARS + 1)
    ledger.write_text("\n".join(lines) + "\n", "utf-8")
    assert "text_too_long" in codes(worked_case) or "row_too_wide" in codes(worked_case)


def test_a_ledger_linked_from_outside_the_case_is_refused_unread(worked_case: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:secret\n", "utf-8")
    ledger = worked_case / "repayments.csv"
    ledger.unlink()
    ledger.symlink_to(secret)
    problems = errors_of(worked_case)
    assert any(p.code == "file_outside_case" for p in problems)
    assert not any("root:x" in p.message for p in problems)


def test_a_fifo_as_ledger_is_refused_without_blocking(worked_case: Path) -> None:
    ledger = worked_case / "repayments.csv"
    ledger.unlink()
    os.mkfifo(ledger)
    _, report = check_case(worked_case)  # must return; the FIFO is not a file to read
    assert report.problems


def _xlsx_with_sheet(path: Path, sheet_xml: bytes) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["date", "amount"])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, sheet_xml if item.filename == "xl/worksheets/sheet1.xml" else data)


def test_an_xlsx_that_unpacks_hundreds_of_times_its_size_is_refused(worked_case: Path) -> None:
    (worked_case / "repayments.csv").unlink()
    padding = b" " * (64 * 1024 * 1024)
    sheet = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' \
            + padding + b"<sheetData/></worksheet>"
    _xlsx_with_sheet(worked_case / "repayments.xlsx", sheet)
    problem = the(worked_case, "table_too_large")
    assert problem.loc is not None and problem.loc.file == "repayments.xlsx"
    assert str(XLSX_MAX_RATIO) in problem.message


def test_an_encrypted_xlsx_is_named_as_such(worked_case: Path) -> None:
    (worked_case / "repayments.csv").unlink()
    (worked_case / "repayments.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    problem = the(worked_case, "table_unreadable")
    assert "encrypted" in problem.message


def test_an_unreadable_exhibit_is_a_located_error(worked_case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deny(monkeypatch, worked_case / "exhibits")
    problems = errors_of(worked_case)
    assert any(p.code == "exhibit_unreadable" and "permission denied" in p.message for p in problems)


def test_a_fifo_exhibit_is_refused_without_blocking(worked_case: Path) -> None:
    target = next((worked_case / "exhibits").iterdir())
    target.unlink()
    os.mkfifo(target)
    problem = the(worked_case, "exhibit_not_regular")
    assert "FIFO" in problem.message
