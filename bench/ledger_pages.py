"""Benchmark: the generated ledger exhibit's page writing, in rows per CPU second.

Run: .venv/bin/python bench/ledger_pages.py [ROWS]  — writes ROWS (default 300,000) ledger rows as PDF pages
(``bundle/tablepdf.py``) and prints the CPU time, with and without the fixed cost of loading and subsetting the
two faces of Noto Serif CJK SC. The target is at least ``TARGET_ROWS_PER_S`` rows a CPU second.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from evidence_kit.bundle.exhibits import LEDGER_COLUMNS
from evidence_kit.bundle.tablepdf import TableFrame, TableWriter

TARGET_ROWS_PER_S = 50_000


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
    rows = [(str(i + 1), f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", f"{1 + i % 5000:,}.{i % 100:02d}", "", "", "",
             "", "", f"TXN{i:010d}", "部分还款" if i % 3 else "第3期利息") for i in range(count)]
    frame = TableFrame("还款明细", "借款合同编号：BENCH-001　　借款人：张三　　数据来源：repayments.csv", LEDGER_COLUMNS,
                       ("合计", "", "1.00", "", "", "", "", "", "", ""))
    with tempfile.TemporaryDirectory() as tmp:
        started = time.process_time()
        TableWriter(frame).write(Path(tmp) / "one.pdf", rows[:1])
        fixed = time.process_time() - started  # loading the two faces, subsetting them, the file's frame
        started = time.process_time()
        pages = TableWriter(frame).write(Path(tmp) / "ledger.pdf", rows)
        total = time.process_time() - started
    rate = count / max(total - fixed, 1e-9)
    print(f"{count:,} rows, {pages:,} pages: {total:.2f} s CPU, of which {fixed:.2f} s fixed (faces loaded and "
          f"subset); {rate:,.0f} rows a CPU second for the pages, {count / total:,.0f} with the fixed cost")
    if rate < TARGET_ROWS_PER_S:
        sys.exit(f"below the target of {TARGET_ROWS_PER_S:,} rows a CPU second")


if __name__ == "__main__":
    main()
