"""A refused build and a refused amount speak Chinese when asked; codes, exit codes and locations do not change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from evidence_kit import i18n
from evidence_kit.errors import CaseInvalid, ExitCode
from evidence_kit.money import AmountError, parse_amount, parse_annual_rate
from evidence_kit.pipeline import BuildRequest, build_from_folder
from evidence_kit.problems import Severity


def test_a_case_with_an_error_is_refused_in_chinese(worked_case: Path, tmp_path: Path,
                                                    edit: Callable[[Path, str, str], None]) -> None:
    """as_of before the disbursement: nothing is built, exit 4, the same problems at the same places."""
    edit(worked_case / "case.yaml", "as_of: 2024-12-31", "as_of: 2024-01-05")
    refused: dict[str, CaseInvalid] = {}
    for lang in ("en", "zh"):
        with i18n.language(lang), pytest.raises(CaseInvalid) as caught:
            build_from_folder(worked_case, tmp_path / lang, BuildRequest())
        refused[lang] = caught.value
    en, zh = refused["en"], refused["zh"]
    count = sum(p.severity is Severity.ERROR for p in en.problems)
    assert count >= 1
    assert en.message == f"the case has {count} error(s); nothing was built"
    assert zh.message == f"案件有 {count} 处错误，未生成任何文件"
    assert zh.hint == f"请逐一修正（evidence-kit check {worked_case} 会列出全部错误）后重新生成"
    assert zh.exit_code == en.exit_code == ExitCode.CASE_INVALID
    assert (zh.file, zh.row) == (en.file, en.row)
    assert [(p.code, p.loc) for p in zh.problems] == [(p.code, p.loc) for p in en.problems]
    disbursed = next(p for p in zh.problems if p.code == "as_of_before_disbursement")
    assert disbursed.message == "as_of（2024-01-05）早于放款日 2024-01-10"
    assert disbursed.loc is not None and (disbursed.loc.file, disbursed.loc.column) == ("case.yaml", "as_of")
    assert not (tmp_path / "zh").exists()


@pytest.mark.parametrize(("parse", "text", "english", "chinese"), [
    (parse_amount, "12,34", "'12,34' has misplaced thousands separators", "'12,34' 的千位分隔符位置不正确"),
    (parse_amount, "1.234", "'1.234' has more than two decimals (fen)", "'1.234' 的小数超过两位（精确到分）"),
    (parse_annual_rate, "4.35", "'4.35' is above 1 (100 % a year); write 4.35 % as 0.0435 (or \"4.35%\")",
     "'4.35' 大于 1（即年利率 100%）；年利率 4.35% 应写作 0.0435（或 \"4.35%\"）"),
])
def test_an_amount_refused_in_chinese(parse: Callable[[str], object], text: str, english: str, chinese: str) -> None:
    for lang, expected in (("en", english), ("zh", chinese)):
        with i18n.language(lang), pytest.raises(AmountError) as caught:
            parse(text)
        assert str(caught.value) == expected
