"""Benchmark: ``notices`` over 1,000 case folders (SMS texts) and over 20 e-mail cases.

Run: .venv/bin/python bench/notices.py [N_SMS] [N_EMAIL]  — prints cases per CPU second (this
process's user + system time, what one core gives whatever else runs) and per wall second for each.
Target: at least 100 cases per CPU second for SMS texts on one core (load the case, compute the claim, make,
lint and time-check the text, write the gateway file). E-mails render two PDFs each (the
欠款计算明细 and the 还款指南), so they are measured on fewer cases.

The cases are copies of the three samples (no exhibit files: notices do not read them),
each with its own case_id; the business loan's debtor has no mobile number, so its SMS is
refused and its e-mail written.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evidence_kit.notices.make import NoticeRequest
from evidence_kit.notices.many import BatchRequest, make_notices

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SMS_CASES = 1000
EMAIL_CASES = 20
SEND_AT = datetime(2025, 11, 3, 9, 0)


def make_cases(root: Path, count: int, names: tuple[str, ...]) -> Path:
    """``count`` case folders cycling through ``names``; the case.yaml, ledgers and transcripts only."""
    src = root / "cases"
    src.mkdir(parents=True)
    for index in range(count):
        sample = SAMPLES / names[index % len(names)]
        target = src / f"case-{index:05d}"
        target.mkdir()
        for path in sample.iterdir():
            if path.is_file():
                shutil.copy(path, target / path.name)
        (target / "exhibits").mkdir()
        for text in (sample / "exhibits").glob("*.txt"):
            shutil.copy(text, target / "exhibits" / text.name)
        yaml_text = (target / "case.yaml").read_text("utf-8")
        case_id = next(line.split(":", 1)[1].strip() for line in yaml_text.splitlines() if line.startswith("case_id:"))
        (target / "case.yaml").write_text(yaml_text.replace(f"case_id: {case_id}", f"case_id: {case_id}-{index:05d}", 1),
                                          "utf-8")
    return src


class Clock:
    """CPU seconds (time.process_time: user + system of this process) and wall seconds since start."""

    def __init__(self) -> None:
        self.cpu = time.process_time()
        self.wall = time.perf_counter()

    def stop(self) -> tuple[float, float]:
        return time.process_time() - self.cpu, time.perf_counter() - self.wall


def rates(count: int, seconds: tuple[float, float]) -> str:
    cpu, wall = seconds
    return f"{count / cpu:.0f} cases per CPU s ({cpu:.2f} CPU s), {count / wall:.0f} per wall s ({wall:.2f} s)"


def run(src: Path, out: Path, channel: str) -> tuple[tuple[float, float], int, int]:
    request = NoticeRequest(kind="demand", channel="email" if channel == "email" else "sms", send_at=SEND_AT,
                            mail_from="催收中心 <collect@bank.example.cn>")
    clock = Clock()
    result = make_notices(src, out, BatchRequest(request, channel))
    return clock.stop(), len(result.sms_rows), result.emails


def texts_only(src: Path) -> tuple[tuple[float, float], tuple[float, float], int]:
    """Seconds (CPU, wall) loading the cases, and making their texts (facts, text, lint, send time) once loaded."""
    from evidence_kit.notices.facts import notice_facts
    from evidence_kit.notices.make import checked_sms, is_mobile, loaded
    from evidence_kit.notices.sendtime import send_decision

    folders = sorted(src.iterdir())
    clock = Clock()
    cases = [loaded(folder) for folder in folders]
    loading = clock.stop()
    clock = Clock()
    texts = 0
    for case in cases:
        facts = notice_facts(case)
        if is_mobile(facts.debtor.phone):
            send_decision(SEND_AT, case.contacts, target=facts.debtor.phone)
            checked_sms(facts, "demand")
            texts += 1
    return loading, clock.stop(), texts


def main() -> None:
    sms_cases = int(sys.argv[1]) if len(sys.argv) > 1 else SMS_CASES
    email_cases = int(sys.argv[2]) if len(sys.argv) > 2 else EMAIL_CASES
    with tempfile.TemporaryDirectory(prefix="evidence-kit-bench-") as work:
        root = Path(work)
        for label, names in (("mix of the 3 samples", ("consumer-loan", "business-loan", "enforcement")),
                             ("CSV ledgers only", ("consumer-loan", "enforcement"))):
            src = make_cases(root / label[:3], sms_cases, names)
            seconds, texts, _ = run(src, root / f"out-{label[:3]}", "sms")
            print(f"sms, {label}: {sms_cases} cases, {texts} texts: {rates(sms_cases, seconds)} (target ≥ 100)")
            loading, making, texts = texts_only(src)
            print(f"  of which loading the case folders: {rates(sms_cases, loading)}")
            print(f"  the texts of loaded cases: {rates(sms_cases, making)}")
        src = make_cases(root / "email", email_cases, ("business-loan",))
        seconds, _, emails = run(src, root / "out-email", "email")
        cpu, wall = seconds
        print(f"email: {email_cases} cases, {emails} .eml: {email_cases / cpu:.1f} cases per CPU s ({cpu:.2f} CPU s), "
              f"{email_cases / wall:.1f} per wall s ({wall:.2f} s)")


if __name__ == "__main__":
    main()
