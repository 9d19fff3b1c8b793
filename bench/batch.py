"""Benchmark: batch builds of generated cases, and the store's bulk import against raw sqlite3.

Run: .venv/bin/python bench/batch.py [--cases 200] [--rows 100000]

1. A generated portfolio of ``--cases`` loans (samples/generator, no broken rows) is split,
   then built with ``batch --jobs 1`` and ``batch --jobs 2`` into fresh folders: cases/min and
   the peak RSS of the largest process (the batch itself with --jobs 1, a pool worker with 2).
2. ``--rows`` payment rows inserted by the store (SQLAlchemy Core insert, one executemany)
   against the same rows through raw ``sqlite3.executemany``.

Targets (issue 12): ≥ 60 cases/min on 2 cores, ≤ 400 MB per worker, import ≤ 3× raw executemany.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))

from generator.portfolio import build_portfolio  # noqa: E402
from sqlalchemy import create_engine, insert  # noqa: E402

from evidence_kit.store.db import upgrade  # noqa: E402
from evidence_kit.store.tables import StoredCase, StoredPayment  # noqa: E402


def run_batch(cases: Path, out: Path, jobs: int) -> tuple[float, float]:
    """Seconds and the peak RSS (MB) of the largest process of one batch run (the batch itself, the
    forkserver and every pool worker), sampled with psutil every 0.1 s."""
    import psutil

    command = [sys.executable, "-m", "evidence_kit", "batch", str(cases), "-o", str(out), "--jobs", str(jobs)]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    parent, peak = psutil.Process(process.pid), 0
    while process.poll() is None:
        try:
            tree = [parent, *parent.children(recursive=True)]
            peak = max([peak, *(p.memory_info().rss for p in tree if p.is_running())])
        except psutil.Error:
            pass
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    assert process.returncode == 0, process.stderr.read()[-2000:] if process.stderr else ""
    return seconds, peak / 2**20


def bench_batch(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        root = Path(tmp)
        build_portfolio(root / "export", count=count, seed=7, broken=False, prefix="LN-BENCH")
        subprocess.run([sys.executable, "-m", "evidence_kit", "split", str(root / "export"), "-o",
                        str(root / "cases")], check=True, capture_output=True, cwd=ROOT)
        built = len(list((root / "cases").glob("*/case.yaml")))
        print(f"batch: {built} generated cases")
        for jobs in (1, 2):
            seconds, rss = run_batch(root / "cases", root / f"out-{jobs}", jobs)
            print(f"  --jobs {jobs}: {seconds:7.1f} s  {built / seconds * 60:6.1f} cases/min  "
                  f"peak RSS of the largest process {rss:6.0f} MB")


def payment_rows(count: int) -> list[dict[str, object]]:
    start = date(2020, 1, 1)
    return [{"case_id": "BENCH", "line": n + 2, "paid_on": start + timedelta(days=n % 2000),
             "amount": Decimal("1234.56") + n, "principal": None, "interest": None, "penalty": None,
             "compound": None, "fee": None, "reference": f"R{n:08d}"} for n in range(count)]


def bench_import(count: int) -> None:
    rows = payment_rows(count)
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        engine = create_engine(f"sqlite:///{tmp}/store.db")
        upgrade(engine)
        with engine.begin() as connection:
            connection.execute(insert(StoredCase), [{"case_id": "BENCH", "case_dir": tmp, "status": "ready",
                                                     "imported_at": datetime.now(UTC)}])
        started = time.perf_counter()
        with engine.begin() as connection:
            connection.execute(insert(StoredPayment), rows)
        core = time.perf_counter() - started
        engine.dispose()
        raw = sqlite3.connect(f"{tmp}/raw.db")
        # the same table as the store's: its columns and its index on case_id
        raw.execute("CREATE TABLE payments (id INTEGER PRIMARY KEY, case_id TEXT, line INT, paid_on DATE, "
                    "amount TEXT, principal TEXT, interest TEXT, penalty TEXT, compound TEXT, fee TEXT, reference TEXT, "
                    "debt_id TEXT)")
        raw.execute("CREATE INDEX ix_payments_case_id ON payments (case_id)")
        tuples = [(r["case_id"], r["line"], str(r["paid_on"]), f"{r['amount']:.2f}", None, None, None, None, None,
                   r["reference"], "") for r in rows]
        started = time.perf_counter()
        with raw:
            raw.executemany("INSERT INTO payments (case_id, line, paid_on, amount, principal, interest, penalty, "
                            "compound, fee, reference, debt_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)", tuples)
        plain = time.perf_counter() - started
        raw.close()
    print(f"import: {count} ledger rows  store (Core insert) {core:.2f} s  raw sqlite3.executemany {plain:.2f} s  "
          f"ratio {core / plain:.1f}×")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    bench_import(args.rows)
    bench_batch(args.cases)
    print(f"(peak RSS of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
