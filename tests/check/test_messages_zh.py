"""``check`` in Chinese: every rule's problem keeps its code and location; its words are Chinese."""

from __future__ import annotations

from pathlib import Path

from evidence_kit import i18n
from evidence_kit.case.load import LoadResult
from evidence_kit.check import check_case
from evidence_kit.check.contacts import GUIDELINE, collection_section
from evidence_kit.problems import CheckReport, Problem
from tests.conftest import line_of, replace_in


def check_in(lang: str, case_dir: Path) -> tuple[LoadResult, CheckReport]:
    with i18n.language(lang):
        return check_case(case_dir)


def only(report: CheckReport, code: str) -> Problem:
    found = [p for p in report.problems if p.code == code]
    assert len(found) == 1, [str(p) for p in report.problems]
    return found[0]


def test_check_problems_in_chinese(worked_case: Path) -> None:
    yaml_path = worked_case / "case.yaml"
    replace_in(yaml_path, "11010519491231002X", "110105194912310021")
    replace_in(worked_case / "contacts.csv", "2024-07-12 10:05,call", "2024-07-12 23:05,call")
    contract = worked_case / "exhibits" / "contract.pdf"
    data = contract.read_bytes()
    contract.write_bytes(data[:data.rfind(b"xref")])  # no cross-reference table, no trailer: repaired on opening

    (result, zh), (_, en) = check_in("zh", worked_case), check_in("en", worked_case)
    assert [(p.code, p.severity, p.loc) for p in zh.problems] == [(p.code, p.severity, p.loc) for p in en.problems]
    assert zh.to_json().keys() == en.to_json().keys()

    checksum = only(zh, "id_checksum")
    assert checksum.loc is not None and checksum.loc.column == "debtors.0.id_number"
    assert checksum.loc.row == line_of(yaml_path, "id_number:")
    assert "身份证号码 110105194912310021 校验码不符（末位应为 X）" in checksum.message
    assert checksum.hint == "可能有数字输错；请与身份证复印件核对"

    night = only(zh, "contact_quiet_hours")
    assert night.loc is not None and (night.loc.file, night.loc.row) == ("contacts.csv", 2)
    assert night.message == "23:05 的电话在 22:00–08:00 时段内"
    assert night.hint == f"夜间催收须经债务人同意（依据：{GUIDELINE}）"

    repaired = only(zh, "exhibit_repaired")
    assert repaired.loc is not None and repaired.loc.column == "exhibits.0.file"
    assert repaired.loc.row == line_of(yaml_path, "file: exhibits/contract.pdf")
    assert repaired.message.startswith("证据 1（exhibits/contract.pdf）：曾损坏，现已修复")
    assert "文件末尾缺失" in repaired.message
    assert only(en, "exhibit_repaired").message.startswith("exhibit 1 (exhibits/contract.pdf) was damaged")

    assert result.case is not None
    with i18n.language("zh"):
        rules = {rule["code"]: rule["rule"] for rule in collection_section(result.case)["rules"]}
    assert rules["contact_too_frequent"] == "同一号码每天未接通的呼叫不超过 6 次"
