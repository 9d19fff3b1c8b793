"""Benchmark: hostile and huge inputs, each run as its own process under an address-space cap.

Run: .venv/bin/python bench/hostile.py [ROWS [BUILD_ROWS [CONTACT_ROWS]]]  — prints exit code, CPU time (the process and
its workers; wall time is given too, but the shared machine's load inflates it) and peak memory (max RSS) of:
``check`` on a ledger of ROWS rows (default 1,000,000), a YAML "billion laughs", 800 nested brackets, a 1 MB debtor name, ``verify`` on a zip bomb and on /dev/zero, and — when BUILD_ROWS is given —
``build`` with the generated ledger exhibit of a BUILD_ROWS-row ledger (0: not run), and — when CONTACT_ROWS is given —
``check`` and ``build`` of a case whose contacts.csv has CONTACT_ROWS rows (summaries of 3 to 75 characters,
its exhibit written), twice: a clean log (as_of after its last contact), and the same log with nearly every row
after as_of (a warning a row, in the output and in report.json: the log's worst case). Each must end with its stated
exit code (never 1) within seconds and a few hundred MB; the ledger and contact log runs within ``LEDGER_BOUND_MB``.
``bench/hostile.py 1000000 1000000`` measures the 1,000,000-row ``check`` and ``build`` (the ledger exhibit is about
34,500 pages); ``bench/hostile.py 1000 0 100000`` a contact log at its limit, ``CONTACTS_MAX_ROWS`` — with
CONTACT_ROWS, a log of one row more is checked too: it must be refused (exit 4) while it is read.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evidence_kit.limits import CONTACTS_MAX_ROWS

REPO = Path(__file__).resolve().parent.parent
WORKED = REPO / "tests" / "data" / "worked-example"
CAP_BYTES = 4 * 1024**3
"""RLIMIT_AS of each run: growth beyond it becomes a MemoryError (exit 1), which the bench reports."""
LEDGER_BOUND_MB = 1024


CAPPED = (
    "import atexit, resource, runpy, sys\n"
    f"resource.setrlimit(resource.RLIMIT_AS, ({CAP_BYTES}, {CAP_BYTES}))\n"
    "def peak():\n"
    "    hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')]\n"
    "    used = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]\n"
    "    cpu = sum(u.ru_utime + u.ru_stime for u in used)\n"
    "    sys.stderr.write('\\nPEAK_KB ' + (hwm[0].split()[1] if hwm else '0') + ' CPU_S ' + str(cpu) + '\\n')\n"
    "atexit.register(peak)\n"
    "sys.argv = ['evidence-kit', *sys.argv[1:]]\n"
    "runpy.run_module('evidence_kit', run_name='__main__')\n"
)
"""The child caps its own address space (no preexec_fn: it is unsafe when the parent runs threads) and reports
its own peak resident memory (VmHWM): a child's ru_maxrss starts from its parent's at fork."""


def run(name: str, *args: str) -> tuple[int, float, int]:
    """Exit code, CPU seconds and peak MB of one run (the child's workers' CPU included, not their memory)."""
    started = time.perf_counter()
    child = subprocess.run([sys.executable, "-c", CAPPED, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, check=False)
    elapsed = time.perf_counter() - started
    reports = [line.split() for line in child.stderr.decode(errors="replace").splitlines()
               if line.startswith("PEAK_KB ")]
    peak_mb = int(reports[-1][1]) // 1024 if reports else -1
    cpu = float(reports[-1][3]) if reports else -1.0
    code = child.returncode
    print(f"{name:<34} exit {code:>3}  {cpu:7.1f} s CPU  {elapsed:7.1f} s wall  {peak_mb:6d} MB", flush=True)
    return code, cpu, peak_mb


def ledger_case(root: Path, rows: int) -> Path:
    case = root / "ledger"
    shutil.copytree(WORKED, case)
    start = date(2024, 1, 10)
    with (case / "repayments.csv").open("w", encoding="utf-8") as out:
        out.write("date,amount,reference,note\n")
        for i in range(rows):
            out.write(f"{start + timedelta(days=1 + i % 300)},0.01,TXN{i:07d},部分还款\n")
    return case


CONTACT_SUMMARIES = (
    "借款人接听电话，承诺月底前还款",
    "告知逾期利息及罚息的计算方式，借款人称近期资金周转困难，请求延期十五日，已告知需书面申请并提交收入证明",
    "未接通",
    "上门走访，借款人不在，其配偶称借款人外出务工，已留下催收通知书并告知逾期的法律后果，配偶表示将转告借款人"
    "尽快与我行联系协商还款方案，走访人员已拍照留存",
)
"""Summaries of 3 to 75 characters: one to five lines in the exhibit's 摘要 column."""


def contacts_case(root: Path, rows: int, *, after_as_of: bool = True) -> Path:
    """The worked example with a contacts.csv of ``rows`` rows from 2024-07-12; ``after_as_of``: case.yaml's as_of
    (2024-12-31) is kept, so that nearly every row is after it and has its warning (the log's worst case for the
    report), else as_of is moved to the last contact's day when that is later (a clean log, as a real one is)."""
    case = root / ("contacts" if after_as_of else "contacts-clean")
    shutil.copytree(WORKED, case)
    start = datetime(2024, 7, 12, 9, 0)
    last = start + timedelta(days=max(rows - 1, 0) // 60)
    if not after_as_of and last.date() > date(2024, 12, 31):
        yaml = case / "case.yaml"
        yaml.write_text(yaml.read_text("utf-8").replace("as_of: 2024-12-31", f"as_of: {last:%Y-%m-%d}", 1), "utf-8")
    with (case / "contacts.csv").open("w", encoding="utf-8") as out:
        out.write("time,channel,party,target,outcome,duration_s,agent,summary,evidence\n")
        for i in range(rows):  # 60 contacts a day between 09:00 and 18:50: messages, visits, letters, few calls
            when = (start + timedelta(days=i // 60, minutes=10 * (i % 60))).strftime("%Y-%m-%d %H:%M")
            summary = CONTACT_SUMMARIES[i % len(CONTACT_SUMMARIES)]
            address = "北京市朝阳区某某路1号院2号楼301室"
            if i % 4 == 3:
                out.write(f"{when},visit,debtor,{address},met,,赵六,{summary},\n")
            elif i % 4 == 1:
                out.write(f"{when},letter,debtor,{address},delivered,,赵六,{summary},\n")
            elif i % 30 == 0:
                out.write(f"{when},call,debtor,13800138000,no_answer,,赵六,{summary},\n")
            else:
                out.write(f"{when},sms,debtor,13800138000,delivered,,系统,{summary},\n")
    return case


def edited_case(root: Path, name: str, old: str, new: str) -> Path:
    case = root / name
    shutil.copytree(WORKED, case)
    yaml = case / "case.yaml"
    yaml.write_text(yaml.read_text("utf-8").replace(old, new, 1), "utf-8")
    return case


def bomb(root: Path) -> Path:
    path = root / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("X/bundle.pdf", "w", force_zip64=True) as member:
        for _ in range(5 * 1024):
            member.write(bytes(1 << 20))
    return path


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory(prefix="evidence-kit-bench-") as tmp:
        root = Path(tmp)
        laughs = "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n" + "".join(
            f"{c}: &{c} [{','.join([f'*{chr(ord(c) - 1)}'] * 9)}]\n" for c in "bcdefghi")
        results = [
            run(f"check, {rows:,}-row ledger", "check", str(ledger_case(root, rows))),
            run("check, billion laughs", "check", str(edited_case(root, "laughs", "schema_version: 1\n", laughs))),
            run("check, 800 nested [", "check", str(edited_case(root, "nested", "court: ", "x: " + "[" * 800 + "\ncourt: "))),
            run("check, 1 MB debtor name", "check", str(edited_case(root, "name", "name: 张三", "name: " + "张" * 350_000))),
            run("verify, 5 GB zip bomb", "verify", str(bomb(root))),
            run("verify, /dev/zero", "verify", "/dev/zero"),
        ]
        if len(sys.argv) > 2 and int(sys.argv[2]):
            build_rows = int(sys.argv[2])
            results.append(run(f"build, {build_rows:,}-row ledger exhibit", "build",
                               str(ledger_case(root / "build", build_rows)), "-o", str(root / "out")))
            if results[-1][2] > LEDGER_BOUND_MB:
                sys.exit(f"the {build_rows:,}-row build peaked above {LEDGER_BOUND_MB} MB")
        if len(sys.argv) > 3:
            contact_rows = int(sys.argv[3])
            for after_as_of, kind in ((False, "clean"), (True, "a warning a row")):
                case = contacts_case(root / "contacts", contact_rows, after_as_of=after_as_of)
                results.append(run(f"check, {contact_rows:,}-row contact log, {kind}", "check", str(case)))
                results.append(run(f"build, {contact_rows:,}-row contact log, {kind}", "build", str(case), "-o",
                                   str(root / f"contacts-out-{after_as_of}")))
            if max(peak for _, _, peak in results[-4:]) > LEDGER_BOUND_MB:
                sys.exit(f"the {contact_rows:,}-row contact log peaked above {LEDGER_BOUND_MB} MB")
            over = contacts_case(root / "over", CONTACTS_MAX_ROWS + 1)
            results.append(run(f"check, {CONTACTS_MAX_ROWS + 1:,}-row contact log", "check", str(over)))
            if results[-1][0] != 4:
                sys.exit("a contact log over CONTACTS_MAX_ROWS was not refused with exit 4")
    if any(code == 1 for code, _, _ in results):
        sys.exit("an input ended in exit 1")
    if results[0][2] > LEDGER_BOUND_MB:
        sys.exit(f"the {rows:,}-row check peaked above {LEDGER_BOUND_MB} MB")


if __name__ == "__main__":
    main()
