"""Benchmark: build bundles of ~500 and ~5,000 pages and compare with the qpdf CLI.

Run: .venv/bin/python bench/bundle.py [--pages 500 5000] [--runs 3] [--distinct-scans] [--qpdf-check] [--pypdf]

The exhibits are generated: text PDFs of 40 pages (Helvetica, about 45 lines a page) and
one-page 300-dpi JPEG scans (one scan every ~25 pages), each in its own file. The scans are
one image, so the input check decodes it once per worker process; with --distinct-scans each
scan's JPEG data differs (a comment segment with its number: the same pixels, distinct bytes),
so that every scan is decoded, as in a bundle of real scans. For each size it prints, per
page and as ratios to ``qpdf --empty --pages … -- --overlay stamp.pdf --repeat=1 --`` on the
same files, the wall time and the CPU time (user + system, of the process and its worker
processes: the figure to compare on a machine shared with other work):

* build      — the whole ``build_case`` in a fresh process (input check of every exhibit,
               render cover/index, assemble, stamp, save, read back, manifest) with no syntax
               check of the bundle, and again with the default in-process libqpdf check;
* check + build — the exhibits' ``check`` then ``build_case`` in one process, as
               ``evidence-kit build`` runs them (each exhibit is checked once);
* assemble   — the part comparable with qpdf: prepare + assemble + save;
* self-check — the read-back verification alone (must be no slower than the build);
* peak RSS and CPU time of the build process and of qpdf (os.wait4), and for the default build
  the split between the main process and its child processes (the input check's workers are
  stopped and waited for before the build reports);
* with --qpdf-check, the build with the ``qpdf --check`` command and that command alone
  (slow: qpdf 11 decodes every JPEG);
* with --pypdf, the same merge + stamp done with pypdf (``merge_page``), for the record.

With two sizes or more it also prints the marginal cost per page between the smallest and
the largest (Δ wall / Δ pages), for the build and for qpdf: the per-case fixed costs (start-up,
WeasyPrint and the stamp font, the cover) cancel out; what grows with the exhibits (an index
row per exhibit, here one every ~20 pages) counts as per page. "fixed ≈" is the intercept.

Each figure is the best of ``--runs`` runs (peak RSS: the largest); the machines are noisy.
The runs alternate the builds and qpdf, so that each ratio compares figures taken in the same
conditions.
"""

from __future__ import annotations

import argparse
import compileall
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from io import BytesIO
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pikepdf
from PIL import Image, ImageDraw

TEXT_PAGES = 40
SCAN_EVERY = 25
LINES = 45


def text_pdf(path: Path, pages: int, seed: int) -> None:
    rng = random.Random(seed)
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    for n in range(pages):
        lines = [f"BT /F1 10 Tf 56 {790 - 16 * i} Td (Exhibit {seed} page {n + 1} line {i} "
                 f"{rng.randrange(10**12):012d} lorem ipsum dolor sit amet consectetur) Tj ET" for i in range(LINES)]
        page = pdf.add_blank_page(page_size=(595.276, 841.89))
        page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.obj.Contents = pdf.make_stream("\n".join(lines).encode())
    pdf.save(path, compress_streams=True)


def scan_jpeg() -> bytes:
    image = Image.new("L", (2480, 3508), 250)
    draw = ImageDraw.Draw(image)
    rng = random.Random(7)
    for row in range(180, 3300, 60):
        x = 200
        while x < 2250:
            width = rng.randrange(20, 90)
            draw.rectangle([x, row, x + width, row + 28], fill=rng.randrange(0, 80))
            x += width + rng.randrange(10, 30)
    for _ in range(200000):
        image.putpixel((rng.randrange(2480), rng.randrange(3508)), rng.randrange(150, 256))
    data = BytesIO()
    image.save(data, "JPEG", quality=80, dpi=(300, 300))
    return data.getvalue()


def distinct(jpeg: bytes, number: int) -> bytes:
    """The same image with a comment segment (COM) after the start marker: other bytes, the same pixels."""
    comment = f"scan {number}".encode()
    return jpeg[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + jpeg[2:]


def scan_pdf(path: Path, jpeg: bytes) -> None:
    pdf = pikepdf.new()
    image = pikepdf.Stream(pdf, jpeg)
    image.Type, image.Subtype, image.Width, image.Height = pikepdf.Name.XObject, pikepdf.Name.Image, 2480, 3508
    image.ColorSpace, image.BitsPerComponent, image.Filter = pikepdf.Name.DeviceGray, 8, pikepdf.Name.DCTDecode
    page = pdf.add_blank_page(page_size=(595.276, 841.89))
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    page.obj.Contents = pdf.make_stream(b"q 595.276 0 0 841.89 0 0 cm /Im0 Do Q")
    pdf.save(path)


def generate(folder: Path, pages: int, distinct_scans: bool = False) -> list[str]:
    """Distinct exhibit files adding up to ``pages`` pages; returns names relative to ``folder``."""
    (folder / "exhibits").mkdir(parents=True)
    jpeg = scan_jpeg()
    names: list[str] = []
    total = 0
    while total < pages:
        n = len(names) + 1
        if n % 2 == 0 and (total // SCAN_EVERY) > sum(1 for x in names if "scan" in x):
            name = f"exhibits/scan-{n:04d}.pdf"
            scan_pdf(folder / name, distinct(jpeg, n) if distinct_scans else jpeg)
            total += 1
        else:
            count = min(TEXT_PAGES, pages - total)
            name = f"exhibits/text-{n:04d}.pdf"
            text_pdf(folder / name, count, n)
            total += count
        names.append(name)
    return names


# --------------------------------------------------------------------------- child: one build


def child_build(folder: Path, out: Path, names: list[str], *, syntax_check: str) -> None:
    """One build; ``syntax_check`` "check+KIND": the exhibits' check first, as ``evidence-kit build`` does."""
    from evidence_kit.case import pdf as case_pdf
    from evidence_kit.case.model import Exhibit
    from evidence_kit.check.exhibits import exhibit_problems
    from evidence_kit.output.build import build_case
    from evidence_kit.problems import Location
    from tests.factories import make_case

    exhibits = tuple(
        Exhibit(no=i, file=name, path=folder / name, title=f"证据材料第{i}份", source="原告提供",
                proves="借款事实", loc=Location("case.yaml"))
        for i, name in enumerate(names, start=1)
    )
    case = replace(make_case(root=folder), exhibits=exhibits, payments=(), case_id="BENCH")
    started = time.perf_counter()
    checked = syntax_check.startswith("check+")
    syntax_check = syntax_check.removeprefix("check+")
    if checked and [p for p in exhibit_problems(case) if p.severity.value == "error"]:
        raise SystemExit("the generated exhibits do not pass check")
    result = build_case(case, out, report_json={}, syntax_check=syntax_check, ledger_exhibit=False,
                        contacts_exhibit=False)
    wall = time.perf_counter() - started
    report = json.loads((result.folder / "report.json").read_text("utf-8"))["bundle"]
    if case_pdf._POOL is not None:  # the input check's workers: stopped and waited for, so that their CPU counts
        case_pdf._POOL.shutdown(wait=True)
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"wall": wall, "pages": result.bundle_pages, "timings": result.timings,
                      "index_pages": report["index_pages"], "index_renders": report["index_renders"],
                      "cpu_main": own.ru_utime + own.ru_stime, "cpu_children": children.ru_utime + children.ru_stime}))


# Linux carries a process's peak RSS over fork and exec: a command started straight from this
# (large) process would report at least this process's peak. So commands are started by a small,
# fresh Python that times them and reports their peak RSS (os.wait4) in a file.
# The CPU time wait4 reports includes the command's own children that it waited for (the
# build's worker processes).
_RSS_HELPER = """
import os, sys, time
report, command = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
pid = os.posix_spawnp(command[0], command, os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - started
with open(report, "w") as fh:
    fh.write(f"{wall} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)} {usage.ru_utime + usage.ru_stime}")
"""


def run_with_rss(command: list[str]) -> tuple[float, float, str, float]:
    """Wall seconds, peak RSS in MB, stdout and CPU seconds of a command (timed by the helper above)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err, \
            tempfile.NamedTemporaryFile("r", suffix=".rss") as report:
        subprocess.run([sys.executable, "-I", "-S", "-c", _RSS_HELPER, report.name, *command], stdout=out,
                       stderr=err, text=True, check=True)
        wall_text, rss_kb, code, cpu = Path(report.name).read_text().split()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if int(code) not in (0, 3):
        raise RuntimeError(f"{command[0]} failed ({code}): {stderr[-2000:]}")
    return float(wall_text), int(rss_kb) / 1024, stdout, float(cpu)


def child_pypdf(stamp: Path, out: Path, files: list[str]) -> None:
    """The same merge + stamp with pypdf (merge_page of a stamp page onto every page)."""
    from pypdf import PdfReader, PdfWriter

    overlay = PdfReader(stamp).pages[0]
    writer = PdfWriter()
    for name in files:
        for page in PdfReader(name).pages:
            writer.add_page(page).merge_page(overlay)
    with out.open("wb") as fh:
        writer.write(fh)


def stamp_pdf(path: Path) -> None:
    from evidence_kit.bundle.stamp import Stamper, load_stamp_font

    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(595.276, 841.89))
    Stamper(pdf, load_stamp_font(), 5000).stamp(page, 1234, "证据12-3", owned=True)
    pdf.save(path)


def build_once(base: Path, names: list[str], check: str) -> tuple[float, float, float, dict[str, Any]]:
    """Wall seconds, peak RSS (MB), CPU seconds and the child's report of one build in a fresh process."""
    out = base / f"out-{check}"
    shutil.rmtree(out, ignore_errors=True)
    wall, rss, stdout, cpu = run_with_rss([sys.executable, __file__, "--child", check, str(base / "case"), str(out),
                                           *names])
    return wall, rss, cpu, json.loads(stdout.strip().splitlines()[-1])


def bench(pages: int, runs: int, keep: Path | None, with_pypdf: bool = False,
          with_qpdf_check: bool = False, distinct_scans: bool = False) -> dict[str, float]:
    base = Path(tempfile.mkdtemp(prefix="bench-bundle-", dir=keep))
    try:
        names = generate(base / "case", pages, distinct_scans)
        files = [str(base / "case" / n) for n in names]
        stamp = base / "stamp.pdf"
        stamp_pdf(stamp)
        results: list[dict[str, float]] = []
        for _ in range(runs):
            wall, rss, cpu, report = build_once(base, names, "none")
            qpdf_wall, qpdf_rss, _, qpdf_cpu = run_with_rss(
                ["qpdf", "--empty", "--pages", *files, "--", "--overlay", str(stamp), "--repeat=1", "--",
                 str(base / "qpdf.pdf")])
            libqpdf_wall, libqpdf_rss, libqpdf_cpu, libqpdf_report = build_once(base, names, "libqpdf")
            checked_wall, _, checked_cpu, _ = build_once(base, names, "check+libqpdf")
            timings = report["timings"]
            assembled = sum(timings.get(k, 0.0) for k in ("prepare", "assemble", "save"))
            bundle = base / "out-none" / "BENCH" / "bundle.pdf"
            extra: dict[str, float] = {}
            if with_qpdf_check:
                extra["qpdf_check"], _, _, extra["qpdf_check_cpu"] = run_with_rss(["qpdf", "--check", str(bundle)])
                extra["default_qpdf_wall"], _, extra["default_qpdf_cpu"], _ = build_once(base, names, "qpdf")
            if with_pypdf:
                extra["pypdf_wall"], extra["pypdf_rss_mb"], _, extra["pypdf_cpu"] = run_with_rss(
                    [sys.executable, __file__, "--child-pypdf", str(stamp), str(base / "pypdf.pdf"), *files])
            results.append({
                **extra,
                "pages": report["pages"], "index_pages": report["index_pages"],
                "index_renders": report["index_renders"], "build_wall": wall, "build_cpu": cpu,
                "build_inner": report["wall"],
                "libqpdf_wall": libqpdf_wall, "libqpdf_cpu": libqpdf_cpu, "libqpdf_rss_mb": libqpdf_rss,
                "libqpdf_cpu_main": libqpdf_report["cpu_main"], "libqpdf_cpu_children": libqpdf_report["cpu_children"],
                "checked_wall": checked_wall, "checked_cpu": checked_cpu,
                "assemble": assembled, "self_check": timings.get("read_back", 0.0), "build_rss_mb": rss,
                "qpdf_wall": qpdf_wall, "qpdf_cpu": qpdf_cpu, "qpdf_rss_mb": qpdf_rss,
                "bundle_mb": bundle.stat().st_size / 1e6, "qpdf_out_mb": (base / "qpdf.pdf").stat().st_size / 1e6,
                **{f"t_{k}": v for k, v in timings.items()},
            })
        return best_of(results)
    finally:
        if keep is None:
            shutil.rmtree(base, ignore_errors=True)


def best_of(results: list[dict[str, float]]) -> dict[str, float]:
    """Each time the smallest of the runs, each peak RSS the largest; the stages of the fastest build.

    The ratios of each run (build ÷ qpdf of the same run) are kept too: their best, median and worst.
    """
    fastest = min(results, key=lambda r: r["build_wall"])
    best = dict(fastest)
    for key in fastest:
        if key.startswith("t_") or key in ("pages", "index_pages", "index_renders", "bundle_mb", "qpdf_out_mb"):
            continue
        values = [r[key] for r in results]
        best[key] = max(values) if key.endswith("_mb") else min(values)
    for key in ("build", "libqpdf", "checked"):
        for figure in ("wall", "cpu"):
            ratios = [r[f"{key}_{figure}"] / r[f"qpdf_{figure}"] for r in results]
            best[f"{key}_{figure}_ratio_min"], best[f"{key}_{figure}_ratio_max"] = min(ratios), max(ratios)
            best[f"{key}_{figure}_ratio_median"] = statistics.median(ratios)
    best["runs"] = len(results)
    return best


def show(result: dict[str, float]) -> None:
    pages = result["pages"]
    qpdf = result["qpdf_wall"] / pages * 1000

    def line(name: str, seconds: float, versus: str = "qpdf", rss: float | None = None, key: str = "") -> None:
        per = seconds / pages * 1000
        ratio = f"{per / qpdf:5.2f}× qpdf" if versus == "qpdf" else f"{seconds / result['build_inner']:5.2f}× the build"
        memory = f"   peak RSS {rss:5.0f} MB ({rss / result['qpdf_rss_mb']:.2f}× qpdf)" if rss else ""
        cpu = ""
        if key:
            cpu = (f"   CPU {result[key + '_cpu']:6.2f} s ({result[key + '_cpu'] / result['qpdf_cpu']:.2f}× qpdf; "
                   f"per run {result[key + '_cpu_ratio_min']:.2f}–{result[key + '_cpu_ratio_max']:.2f}×, "
                   f"median {result[key + '_cpu_ratio_median']:.2f}×, "
                   f"wall {result[key + '_wall_ratio_min']:.2f}–{result[key + '_wall_ratio_max']:.2f}×)")
        print(f"  {name:<40} {seconds:7.2f} s  {per:6.2f} ms/page  {ratio}{memory}{cpu}")

    print(f"\n{int(pages)} pages (bundle {result['bundle_mb']:.1f} MB, qpdf output {result['qpdf_out_mb']:.1f} MB; "
          f"index {int(result['index_pages'])} pages, laid out {int(result['index_renders'])}×; "
          f"best of {int(result['runs'])})")
    line("build (process), no syntax check", result["build_wall"], rss=result["build_rss_mb"], key="build")
    line("build + libqpdf check (the default)", result["libqpdf_wall"], rss=result["libqpdf_rss_mb"], key="libqpdf")
    print(f"  {'':40} the default build's CPU: {result['libqpdf_cpu_main']:.2f} s in the main process, "
          f"{result['libqpdf_cpu_children']:.2f} s in its child processes (input check workers, pdftotext, …)")
    line("check + build (as evidence-kit build)", result["checked_wall"], key="checked")
    if "default_qpdf_wall" in result:
        line("build + qpdf --check command", result["default_qpdf_wall"])
    line("assemble+save (prepare, assemble, save)", result["assemble"])
    line("self-check (read-back)", result["self_check"], versus="build")
    if "qpdf_check" in result:
        line("qpdf --check of the bundle alone", result["qpdf_check"], versus="build")
    print(f"  {'qpdf merge+overlay':<40} {result['qpdf_wall']:7.2f} s  {qpdf:6.2f} ms/page  "
          f"                peak RSS {result['qpdf_rss_mb']:5.0f} MB   CPU {result['qpdf_cpu']:6.2f} s")
    if "pypdf_wall" in result:
        line("pypdf merge_page + write", result["pypdf_wall"], rss=result["pypdf_rss_mb"])
    stages = {k[2:]: v for k, v in result.items() if k.startswith("t_")}
    print("  stages (wall): " + ", ".join(f"{k} {v:.2f}s" for k, v in stages.items()))


def show_marginal(small: dict[str, float], large: dict[str, float]) -> None:
    """Δ time / Δ pages between two sizes: the cost of a page once the fixed costs are paid."""
    pages = large["pages"] - small["pages"]
    if pages <= 0:
        return
    print(f"\nmarginal cost per page, {int(small['pages'])} → {int(large['pages'])} pages "
          f"(Δ time / Δ pages: per-case fixed costs cancel out)")
    for figure in ("wall", "cpu"):
        qpdf = (large[f"qpdf_{figure}"] - small[f"qpdf_{figure}"]) / pages * 1000
        for name, key in (("build, no syntax check", "build"), ("build + libqpdf check", "libqpdf"),
                          ("check + build", "checked"), ("qpdf merge+overlay", "qpdf")):
            per = (large[f"{key}_{figure}"] - small[f"{key}_{figure}"]) / pages * 1000
            fixed = large[f"{key}_{figure}"] - per * large["pages"] / 1000
            print(f"  {figure:<4} {name:<24} {per:6.3f} ms/page  {per / qpdf:5.2f}× qpdf   fixed ≈ {fixed:5.2f} s")


def byte_compile() -> None:
    """The package's modules compiled to bytecode once, before any run, as installing a package compiles them
    (pip does): a checkout run with PYTHONDONTWRITEBYTECODE set (as on these machines) would compile every module
    anew in each build process, ≈ 0.3 s of CPU that an installed tool does not spend (``make`` compiles them too)."""
    root = Path(__file__).resolve().parent.parent
    for folder in ("evidence_kit", "tests"):
        compileall.compile_dir(root / folder, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--runs", type=int, default=3, help="runs per size; each figure is the best (default 3)")
    parser.add_argument("--keep", type=Path, help="keep the generated files under this folder")
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    parser.add_argument("--qpdf-check", action="store_true",
                        help="also time the build with the qpdf --check command, and that command alone (slow)")
    parser.add_argument("--pypdf", action="store_true", help="also time the same merge + stamp with pypdf")
    parser.add_argument("--distinct-scans", action="store_true",
                        help="make every scan's JPEG data distinct (each is decoded by the input check)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--child-pypdf", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_build(Path(args.child[1]), Path(args.child[2]), args.child[3:], syntax_check=args.child[0])
        return
    if args.child_pypdf:
        child_pypdf(Path(args.child_pypdf[0]), Path(args.child_pypdf[1]), args.child_pypdf[2:])
        return
    byte_compile()
    results = [bench(pages, max(1, args.runs), args.keep, args.pypdf, args.qpdf_check, args.distinct_scans)
               for pages in sorted(args.pages)]
    for result in results:
        show(result)
    if len(results) > 1:
        show_marginal(results[0], results[-1])
    if args.json:
        print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
