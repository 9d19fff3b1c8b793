"""A portfolio export's problems and a batch's summary in Chinese: same codes, same file, line and column."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from evidence_kit import i18n
from evidence_kit.batch.cases import CaseOutcome
from evidence_kit.batch.export import read_export
from evidence_kit.batch.progress import summary_table
from evidence_kit.batch.run import BatchReport
from tests.conftest import SAMPLES, line_of


def test_a_duplicate_loan_row_is_reported_in_chinese_at_the_same_row_and_column(tmp_path: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(SAMPLES / "portfolio", export)
    loans = export / "loans.csv"
    rows = loans.read_text("utf-8-sig").splitlines(keepends=True)
    loans.write_text("".join([*rows, rows[3]]), "utf-8-sig")  # LN-SAMPLE-0003 again, as the last row
    with i18n.language("en"):
        english = read_export(export)
    with i18n.language("zh"):
        chinese = read_export(export)
    en, zh = english.loan_problems["LN-SAMPLE-0003"][0], chinese.loan_problems["LN-SAMPLE-0003"][0]
    assert zh.code == en.code == "duplicate_loan"
    assert zh.loc == en.loc and zh.loc is not None
    assert (zh.loc.file, zh.loc.row, zh.loc.column) == ("loans.csv", len(rows) + 1, "借据号")
    first = line_of(loans, "LN-SAMPLE-0003,")
    assert en.message == f"loan_id LN-SAMPLE-0003 appears again (first at line {first})"
    assert zh.message == f"loan_id LN-SAMPLE-0003 重复出现（首次出现在第 {first} 行）"
    assert zh.hint == "每笔贷款只保留一行；在此之前该笔贷款将被跳过"
    unknown = [(p.code, p.loc) for p in chinese.problems]
    assert unknown == [(p.code, p.loc) for p in english.problems] and ("unknown_loan" in {c for c, _ in unknown})
    assert all("贷款表中没有 loan_id" in p.message for p in chinese.problems if p.code == "unknown_loan")


def test_the_batch_summary_in_chinese() -> None:
    failed = CaseOutcome("LN-9", "/cases/LN-9", "failed", exit_code=4, reason="case.yaml: …")
    report = BatchReport([CaseOutcome("LN-1", "/cases/LN-1", "built"), failed], interrupted=True, not_run=["LN-10"])
    stream = io.StringIO()
    with i18n.language("zh"):
        summary_table(report, stream)
    text = stream.getvalue()
    for heading in ("批量构建", "已构建", "已跳过", "失败", "未运行", "案件", "退出码", "原因"):
        assert heading in text, heading
    assert "LN-9" in text and "已中断：1 个案件未构建；再次运行同一命令即可继续" in text
