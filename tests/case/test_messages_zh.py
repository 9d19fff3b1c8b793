"""Loading a case in Chinese: the same problems, codes and locations as in English, the words in Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evidence_kit import i18n
from evidence_kit.case.load import load_case, read_case
from evidence_kit.errors import CaseInvalid, CaseNotFound, ExitCode
from evidence_kit.problems import Problem
from tests.conftest import line_of, replace_in

CJK = re.compile(r"[\u3400-\u9fff]")


def problems_in(lang: str, case_dir: Path) -> list[Problem]:
    with i18n.language(lang):
        return read_case(case_dir).problems


def one(problems: list[Problem], code: str, file: str) -> Problem:
    found = [p for p in problems if p.code == code and p.loc is not None and p.loc.file == file]
    assert len(found) == 1, [str(p) for p in problems]
    return found[0]


def test_ledger_and_case_yaml_problems_in_chinese(worked_case: Path) -> None:
    yaml_path = worked_case / "case.yaml"
    replace_in(yaml_path, "  penalty_markup:", "  penalty_markop:")
    replace_in(worked_case / "repayments.csv", "483.33", "48x.33")
    replace_in(worked_case / "contacts.csv", ",sms,", ",pigeon,")
    zh, en = problems_in("zh", worked_case), problems_in("en", worked_case)
    assert [(p.code, p.severity, p.loc) for p in zh] == [(p.code, p.severity, p.loc) for p in en]

    amount = one(zh, "bad_value", "repayments.csv")
    assert amount.loc is not None and (amount.loc.row, amount.loc.column) == (3, "amount")
    assert amount.message.startswith("'48x.33' 不是有效的金额（")
    assert amount.hint == '金额请写成十进制数字文本，例如 "1234.50"'

    channel = one(zh, "bad_value", "contacts.csv")
    assert channel.loc is not None and (channel.loc.row, channel.loc.column) == (3, "channel")
    assert channel.message == "'pigeon' 不是有效的 channel 取值"
    assert channel.hint.startswith("请使用以下之一：call, sms")

    schema = {p.loc.column: p for p in zh if p.code == "schema" and p.loc is not None}
    assert set(schema) == {"loan.penalty_markop", "loan"}
    unknown, missing = schema["loan.penalty_markop"], schema["loan"]
    assert unknown.loc is not None and unknown.loc.row == line_of(yaml_path, "penalty_markop")
    assert unknown.message == "loan 中有未知的键 'penalty_markop'"
    assert unknown.hint == "是否应为 'penalty_markup'？"
    assert missing.message == "loan：缺少键 'penalty_markup'"
    assert missing.hint == "请在 loan 中添加 'penalty_markup'"

    english = one(en, "bad_value", "contacts.csv")
    assert english.message == "'pigeon' is not a channel" and not CJK.search(english.hint)


def test_refusals_in_chinese_keep_exit_code_and_location(worked_case: Path, tmp_path: Path) -> None:
    replace_in(worked_case / "repayments.csv", "483.33", "48x.33")
    with i18n.language("zh"), pytest.raises(CaseInvalid) as invalid:
        load_case(worked_case)
    assert invalid.value.exit_code is ExitCode.CASE_INVALID
    assert (invalid.value.file, invalid.value.row) == ("repayments.csv", 3)
    assert invalid.value.message.startswith("案件有 1 个错误；第一个：repayments.csv")
    assert invalid.value.hint == f"运行 'evidence-kit check {worked_case}' 查看全部错误"

    nowhere = tmp_path / "nowhere"
    with i18n.language("zh"), pytest.raises(CaseNotFound) as missing:
        read_case(nowhere)
    assert missing.value.exit_code is ExitCode.CASE_NOT_FOUND
    assert missing.value.message == f"{nowhere} 处没有案件文件夹"
    assert missing.value.hint == "请给出包含 case.yaml 的文件夹路径"
