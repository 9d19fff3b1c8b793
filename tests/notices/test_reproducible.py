"""The same cases and the same SOURCE_DATE_EPOCH give byte-identical notice outputs.

Gateway CSV and XLSX, .eml files (boundaries and Message-ID from the content, the Date from the
send time), letters, the visit pack and repayment agreements (DOCX and PDF dated from the epoch)
and plan.json: built twice, a few seconds apart, into two folders, and compared byte for byte.
"""

from __future__ import annotations

import csv
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from evidence_kit.cli import cli
from evidence_kit.notices.email import read_eml
from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow

EPOCH = "1751346000"  # 2025-07-01 13:00 China time
MAIL_FROM = "催收中心 <collect@bank.example.cn>"


def build(src: Path, out: Path) -> None:
    runs = [
        ["notice", str(src / "business-loan"), "-o", str(out / "letter"), "--kind", "demand"],
        ["notice", str(src / "consumer-loan"), "-o", str(out / "visit"), "--kind", "visit",
         "--send-at", "2025-07-01T10:00"],
        ["notice", str(src / "business-loan"), "-o", str(out / "mail"), "--kind", "demand", "--channel", "email",
         "--mail-from", MAIL_FROM, "--send-at", "2025-07-01T10:00"],
        ["notice", str(src / "consumer-loan"), "-o", str(out / "sms"), "--kind", "reminder", "--channel", "sms"],
        ["notices", str(src), "-o", str(out / "csv"), "--kind", "demand"],
        ["notices", str(src), "-o", str(out / "xlsx"), "--kind", "reminder", "--channel", "both", "--format", "xlsx",
         "--mail-from", MAIL_FROM],
        ["plan", str(src / "consumer-loan"), "-o", str(out / "plan"), "--months", "12", "--waive", "penalty"],
    ]
    for args in runs:
        result = CliRunner().invoke(cli, args)
        assert result.exit_code in (0, 12), (args, result.output)  # 12: the business loan has no mobile number


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "cases"
    for name in ("consumer-loan", "business-loan"):
        shutil.copytree(SAMPLES / name, src / name)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    build(src, tmp_path / "one")
    time.sleep(2.1)  # a clock-dated output (zip entries keep even seconds) would now differ
    build(src, tmp_path / "two")
    one, two = files(tmp_path / "one"), files(tmp_path / "two")
    kinds = {Path(name).suffix for name in one}
    assert {".csv", ".xlsx", ".eml", ".docx", ".pdf", ".json", ".txt"} <= kinds, kinds
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []


def test_dates_come_from_the_epoch_and_the_send_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "cases"
    for name in ("consumer-loan", "business-loan"):
        shutil.copytree(SAMPLES / name, src / name)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "out"
    build(src, out)
    for workbook in (out / "xlsx" / "sms_gateway.xlsx", next((out / "letter").rglob("*.docx"))):
        with zipfile.ZipFile(workbook) as archive:
            assert {info.date_time for info in archive.infolist()} == {(2025, 7, 1, 13, 0, 0)}  # China time
            core = archive.read("docProps/core.xml").decode("utf-8")
            assert "2025-07-01T05:00:00Z" in core and "evidence-kit" in core
    info = PdfReader(next((out / "letter").rglob("*.pdf"))).metadata
    assert info is not None and info.creation_date is not None
    assert info.creation_date.isoformat() == "2025-07-01T13:00:00+08:00"
    rows = list(csv.DictReader((out / "csv" / "sms_gateway.csv").read_text("utf-8-sig").splitlines()))
    assert rows[0]["send_at"] == "2025-07-01 13:00"  # the default send time: the epoch, when allowed
    message = read_eml(next((out / "mail").rglob("*.eml")))
    assert message["Date"].datetime.isoformat() == "2025-07-01T10:00:00+08:00"
    assert message["Message-ID"].endswith("@bank.example.cn>")
