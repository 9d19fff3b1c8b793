"""Benchmark: build bundles of ~500 and ~5,000 pages and compare with the qpdf CLI.

Run: .venv/bin/python bench/bundle.py [--pages 500 5000] [--runs 1]

The exhibits are generated: text PDFs of 40 pages (Helvetica, about 45 lines a page) and
one-page 300-dpi JPEG scans (one scan every ~25 pages), each in its own file. For each size it
prints, per page and as ratios to ``qpdf --empty --pages … -- --overlay stamp.pdf
--repeat=1 --`` on the same files:

* build      — the whole ``build_case`` in a fresh process (render cover/index, assemble, stamp,
               save, read back, manifest) with no syntax check; again with ``qpdf --check`` (the
               default, run in parallel with the read-back); again with the in-process libqpdf check;
* assemble   — the part comparable with qpdf: prepare + assemble + save;
* self-check — the read-back verification alone (must be no slower than the build);
* qpdf --check of the bundle (what the default build adds, run in parallel with the read-back);
* peak RSS of the build process and of qpdf (os.wait4);
* with --pypdf, the same merge + stamp done with pypdf (``merge_page``), for the record.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from io import BytesIO
from pathlib import Path

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


def scan_pdf(path: Path, jpeg: bytes) -> None:
    pdf = pikepdf.new()
    image = pikepdf.Stream(pdf, jpeg)
    image.Type, image.Subtype, image.Width, image.Height = pikepdf.Name.XObject, pikepdf.Name.Image, 2480, 3508
    image.ColorSpace, image.BitsPerComponent, image.Filter = pikepdf.Name.DeviceGray, 8, pikepdf.Name.DCTDecode
    page = pdf.add_blank_page(page_size=(595.276, 841.89))
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    page.obj.Contents = pdf.make_stream(b"q 595.276 0 0 841.89 0 0 cm /Im0 Do Q")
    pdf.save(path)


def generate(folder: Path, pages: int) -> list[str]:
    """Distinct exhibit files adding up to ``pages`` pages; returns names relative to ``folder``."""
    (folder / "exhibits").mkdir(parents=True)
    jpeg = scan_jpeg()
    names: list[str] = []
    total = 0
    while total < pages:
        n = len(names) + 1
        if n % 2 == 0 and (total // SCAN_EVERY) > sum(1 for x in names if "scan" in x):
            name = f"exhibits/scan-{n:04d}.pdf"
            scan_pdf(folder / name, jpeg)
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
    from evidence_kit.build import build_case
    from evidence_kit.model import Exhibit
    from evidence_kit.problems import Location
    from tests.factories import make_case

    exhibits = tuple(
        Exhibit(no=i, file=name, path=folder / name, title=f"证据材料第{i}份", source="原告提供",
                proves="借款事实", loc=Location("case.yaml"))
        for i, name in enumerate(names, start=1)
    )
    case = replace(make_case(root=folder), exhibits=exhibits, payments=(), case_id="BENCH")
    started = time.perf_counter()
    result = build_case(case, out, report_json={}, syntax_check=syntax_check, ledger_exhibit=False,
                        contacts_exhibit=False)
    wall = time.perf_counter() - started
    print(json.dumps({"wall": wall, "pages": result.bundle_pages, "timings": result.timings}))


def run_with_rss(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB (os.wait4) and stdout of a child process."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode not in (0, 3):
        raise RuntimeError(f"{command[0]} failed ({process.returncode}): {stderr[-2000:]}")
    return wall, usage.ru_maxrss / 1024, stdout


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
    from evidence_kit.stamp import Stamper, load_stamp_font

    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(595.276, 841.89))
    Stamper(pdf, load_stamp_font(), 5000).stamp(page, 1234, "证据12-3", owned=True)
    pdf.save(path)


def bench(pages: int, runs: int, keep: Path | None, with_pypdf: bool = False) -> dict[str, float]:
    base = Path(tempfile.mkdtemp(prefix="bench-bundle-", dir=keep))
    try:
        names = generate(base / "case", pages)
        best: dict[str, float] = {}
        for _ in range(runs):
            shutil.rmtree(base / "out", ignore_errors=True)
            wall, rss, stdout = run_with_rss([sys.executable, __file__, "--child", "none", str(base / "case"),
                                              str(base / "out"), *names])
            report = json.loads(stdout.strip().splitlines()[-1])
            default_wall, default_rss, _ = run_with_rss([sys.executable, __file__, "--child", "qpdf",
                                                         str(base / "case"), str(base / "out-default"), *names])
            libqpdf_wall, _, _ = run_with_rss([sys.executable, __file__, "--child", "libqpdf",
                                               str(base / "case"), str(base / "out-libqpdf"), *names])
            timings = report["timings"]
            assembled = sum(timings.get(k, 0.0) for k in ("prepare", "assemble", "save"))
            bundle = base / "out" / "BENCH" / "bundle.pdf"
            check_wall, _, _ = run_with_rss(["qpdf", "--check", str(bundle)])
            stamp = base / "stamp.pdf"
            stamp_pdf(stamp)
            qpdf_wall, qpdf_rss, _ = run_with_rss(
                ["qpdf", "--empty", "--pages", *[str(base / "case" / n) for n in names], "--",
                 "--overlay", str(stamp), "--repeat=1", "--", str(base / "qpdf.pdf")])
            pypdf: dict[str, float] = {}
            if with_pypdf:
                pypdf_wall, pypdf_rss, _ = run_with_rss(
                    [sys.executable, __file__, "--child-pypdf", str(stamp), str(base / "pypdf.pdf"),
                     *[str(base / "case" / n) for n in names]])
                pypdf = {"pypdf_wall": pypdf_wall, "pypdf_rss_mb": pypdf_rss}
            result = {
                **pypdf,
                "pages": report["pages"], "build_wall": wall, "build_inner": report["wall"],
                "default_wall": default_wall, "default_rss_mb": default_rss, "libqpdf_wall": libqpdf_wall,
                "assemble": assembled, "self_check": timings.get("read_back", 0.0), "build_rss_mb": rss,
                "qpdf_wall": qpdf_wall, "qpdf_rss_mb": qpdf_rss, "qpdf_check": check_wall,
                "bundle_mb": bundle.stat().st_size / 1e6, "qpdf_out_mb": (base / "qpdf.pdf").stat().st_size / 1e6,
                **{f"t_{k}": v for k, v in timings.items()},
            }
            best = result if not best or result["build_wall"] < best["build_wall"] else best
        return best
    finally:
        if keep is None:
            shutil.rmtree(base, ignore_errors=True)


def show(result: dict[str, float]) -> None:
    pages = result["pages"]
    per = {k: result[k] / pages * 1000 for k in ("build_wall", "assemble", "self_check", "qpdf_wall", "qpdf_check")}
    print(f"\n{int(pages)} pages (bundle {result['bundle_mb']:.1f} MB, qpdf output {result['qpdf_out_mb']:.1f} MB)")
    print(f"  build (process)  {result['build_wall']:7.2f} s  {per['build_wall']:6.2f} ms/page  "
          f"{per['build_wall'] / per['qpdf_wall']:5.2f}× qpdf   peak RSS {result['build_rss_mb']:7.0f} MB "
          f"({result['build_rss_mb'] / result['qpdf_rss_mb']:.2f}× qpdf)")
    print(f"  build + qpdf --check (the default) {result['default_wall']:.2f} s  "
          f"{result['default_wall'] / pages * 1000:.2f} ms/page  peak RSS {result['default_rss_mb']:.0f} MB")
    print(f"  build + in-process libqpdf check   {result['libqpdf_wall']:.2f} s  "
          f"{result['libqpdf_wall'] / pages * 1000:.2f} ms/page")
    print(f"  assemble+save    {result['assemble']:7.2f} s  {per['assemble']:6.2f} ms/page  "
          f"{per['assemble'] / per['qpdf_wall']:5.2f}× qpdf")
    print(f"  self-check       {result['self_check']:7.2f} s  {per['self_check']:6.2f} ms/page  "
          f"{result['self_check'] / result['build_inner']:5.2f}× the build")
    print(f"  qpdf merge+overlay {result['qpdf_wall']:5.2f} s  {per['qpdf_wall']:6.2f} ms/page  "
          f"peak RSS {result['qpdf_rss_mb']:7.0f} MB")
    print(f"  qpdf --check     {result['qpdf_check']:7.2f} s  {per['qpdf_check']:6.2f} ms/page  "
          f"{result['qpdf_check'] / result['build_inner']:5.2f}× the build")
    if "pypdf_wall" in result:
        print(f"  pypdf merge_page {result['pypdf_wall']:7.2f} s  {result['pypdf_wall'] / pages * 1000:6.2f} ms/page  "
              f"{result['pypdf_wall'] / result['qpdf_wall']:5.2f}× qpdf   peak RSS {result['pypdf_rss_mb']:7.0f} MB")
    stages = {k[2:]: v for k, v in result.items() if k.startswith("t_")}
    print("  stages: " + ", ".join(f"{k} {v:.2f}s" for k, v in stages.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep the generated files under this folder")
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    parser.add_argument("--pypdf", action="store_true", help="also time the same merge + stamp with pypdf")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--child-pypdf", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_build(Path(args.child[1]), Path(args.child[2]), args.child[3:], syntax_check=args.child[0])
        return
    if args.child_pypdf:
        child_pypdf(Path(args.child_pypdf[0]), Path(args.child_pypdf[1]), args.child_pypdf[2:])
        return
    results = [bench(pages, args.runs, args.keep, args.pypdf) for pages in args.pages]
    for result in results:
        show(result)
    if args.json:
        print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
