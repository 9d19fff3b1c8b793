"""Benchmark: a full case (every filing, the claim sheet, a ~60-page bundle) against LibreOffice.

Run: .venv/bin/python bench/build.py [--runs 3] [--cores 1]

The case is the consumer-loan sample asking for every filing (支付令, 诉中保全, 强制执行 on a
payment order, 要素式起诉状; 证据目录 and 欠款计算明细 always) with a 42-page text exhibit added,
so bundle.pdf has about 60 pages. Pinned to ``--cores`` CPU cores, it prints:

* build     — ``build_from_folder`` in this process (check, claim, bundle, filings rendered and
              read back, manifest, publish); the first run pays the imports and font loading;
              the figure is the best of the warm runs;
* filings   — the filings step alone (content, DOCX, PDF layout, read-back), best warm run;
* soffice   — ``soffice --headless --convert-to pdf`` on the same DOCX files (one process);
* the ratio build / soffice: the target is below 1, and the build ≤ 2 s on one core.

Each figure is given twice: CPU seconds (user + system time of this process and of the
processes it waits for — pdftotext, soffice — from ``resource.getrusage``), which other work on
the machine hardly changes, and wall-clock seconds, which are only meaningful on a quiet machine
(the load average before the benchmark started is printed with them).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bundle import text_pdf

REPO = Path(__file__).resolve().parent.parent
EXTRA_PAGES = 42
FILINGS_YAML = """filings:
  payment_order: {}
  complaint: {}
  preservation:
    stage: litigation
    amount: '118915.22'
    assets:
    - kind: 银行存款
      description: 被申请人刘建华名下在各商业银行开立账户内的存款
      value: '118915.22'
  enforcement:
    basis:
      kind: payment_order
      number: （2025）京0105督123号
      issued_by: 北京市朝阳区人民法院
      effective_on: '2025-01-10'
      performance_due: '2025-01-10'
      awarded:
        principal: '117736.74'
        interest: '1178.48'
        penalty: '2000.00'
        compound: '30.00'
        costs: '912.52'
    paid_since: '0.00'
"""


def make_case(folder: Path) -> Path:
    case = folder / "case"
    shutil.copytree(REPO / "samples" / "consumer-loan", case)
    text_pdf(case / "exhibits" / "08-还款流水.pdf", EXTRA_PAGES, seed=8)
    yaml_text = (case / "case.yaml").read_text("utf-8")
    yaml_text = yaml_text[: yaml_text.index("filings:")]
    yaml_text = yaml_text.replace("exhibits:\n", "exhibits:\n- file: exhibits/08-还款流水.pdf\n  title: 借款人还款账户流水\n"
                                  "  source: 申请人核心系统\n  proves: 借款人的还款情况\n  original: true\n", 1)
    (case / "case.yaml").write_text(yaml_text + FILINGS_YAML, "utf-8")
    return case


@dataclass(frozen=True)
class Timing:
    cpu: float
    """User + system seconds of this process and its waited-for children."""
    wall: float


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(work: Callable[[], object]) -> Timing:
    cpu, wall = cpu_seconds(), time.perf_counter()
    work()
    return Timing(cpu_seconds() - cpu, time.perf_counter() - wall)


def best(timings: list[Timing]) -> Timing:
    return Timing(min(t.cpu for t in timings), min(t.wall for t in timings))


def build(case: Path, out: Path) -> int:
    from evidence_kit.pipeline import BuildRequest, build_from_folder

    shutil.rmtree(out, ignore_errors=True)
    return build_from_folder(case, out, BuildRequest()).result.bundle_pages


def filings_only(case: Path, out: Path) -> Callable[[], object]:
    from evidence_kit.case.load import load_case
    from evidence_kit.filings.content import CitedExhibit
    from evidence_kit.filings.make import make_filings, sources_of, wanted_filings

    loaded = load_case(case)
    exhibits = [CitedExhibit(e.no, e.title, e.source, e.proves, e.file, e.no * 2, e.no * 2 + 1, e.original)
                for e in loaded.exhibits]

    def run() -> object:
        shutil.rmtree(out, ignore_errors=True)
        return make_filings(sources_of(loaded, exhibits, loaded.as_of), wanted_filings(loaded), out)

    return run


def soffice(docx_files: list[Path], out: Path) -> None:
    profile = out / "profile"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
                    "--outdir", str(out), *map(str, docx_files)], check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cores", type=int, default=1)
    args = parser.parse_args()
    os.sched_setaffinity(0, set(sorted(os.sched_getaffinity(0))[: args.cores]))
    load = os.getloadavg()[0]  # before this benchmark adds its own process to it
    with tempfile.TemporaryDirectory(prefix="ek-bench-build-") as tmp:
        folder = Path(tmp)
        case = make_case(folder)
        pages: list[int] = []
        cold = timed(lambda: pages.append(build(case, folder / "out")))
        warm = best([timed(lambda: build(case, folder / "out")) for _ in range(args.runs)])
        run_filings = filings_only(case, folder / "filings-only")
        run_filings()
        filings = best([timed(run_filings) for _ in range(args.runs)])
        docx_files = sorted((folder / "out").glob("*/filings/*.docx"))
        if shutil.which("soffice") is None:
            print("soffice not installed: no comparison (apt-get install libreoffice-writer-nogui)")
            office = Timing(float("nan"), float("nan"))
        else:
            soffice(docx_files, folder / "lo-warmup")  # the first start builds LibreOffice's profile
            office = best([timed(lambda n=n: soffice(docx_files, folder / f"lo-{n}")) for n in range(args.runs)])
    print(f"case: {len(docx_files)} filings (DOCX + PDF), bundle.pdf {pages[0]} pages, {args.cores} core(s), "
          f"load average {load:.2f} at the start")
    print("                 CPU s    wall s")
    print(f"build   cold  {cold.cpu:7.2f}  {cold.wall:7.2f}")
    print(f"build   warm  {warm.cpu:7.2f}  {warm.wall:7.2f}   (target ≤ 2 s on one core)")
    print(f"filings warm  {filings.cpu:7.2f}  {filings.wall:7.2f}   (content, DOCX, PDF, read-back)")
    print(f"soffice       {office.cpu:7.2f}  {office.wall:7.2f}   converting the {len(docx_files)} DOCX files to PDF")
    print(f"ratio build/soffice, CPU: cold {cold.cpu / office.cpu:.2f}, warm {warm.cpu / office.cpu:.2f}; "
          f"wall: cold {cold.wall / office.wall:.2f}, warm {warm.wall / office.wall:.2f} (target < 1)")
    if load >= 1:
        print("the machine is busy (load ≥ 1): compare the CPU figures, not the wall times")


if __name__ == "__main__":
    main()
