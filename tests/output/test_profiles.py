"""Redaction profiles in every output, and reproducible builds."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pikepdf
import pytest

from evidence_kit.bundle.stamp import StampReader
from evidence_kit.case.load import load_case
from evidence_kit.case.redact import COLLECTOR_MARK, redactor_for
from evidence_kit.output.trust import verify_trusted
from evidence_kit.pipeline import BuildRequest, build_from_folder
from tests.conftest import SAMPLES
from tests.output.scan import leaks

pytestmark = pytest.mark.slow

EPOCH = 1735660800


def build(sample: str, out: Path, profile: str = "court", epoch: int = EPOCH) -> Path:
    request = BuildRequest(profile=profile, epoch=epoch, syntax_check="none")
    return build_from_folder(SAMPLES / sample, out, request).result.folder


@pytest.mark.parametrize("sample", ["consumer-loan", "business-loan", "enforcement"])
def test_collector_outputs_hold_no_full_identifier(sample: str, tmp_path: Path) -> None:
    identifiers = redactor_for(load_case(SAMPLES / sample), "collector").identifiers
    assert len(identifiers) >= 3
    folder = build(sample, tmp_path, "collector")
    assert leaks(folder, identifiers) == []
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    report = json.loads((folder / "report.json").read_text("utf-8"))
    assert manifest["profile"] == "collector" and report["profile"] == "collector"
    reader = StampReader()
    with pikepdf.open(folder / "bundle.pdf") as pdf:
        assert all(reader.read_profile_mark(page) == COLLECTOR_MARK for page in pdf.pages)
    assert verify_trusted(folder).ok


def test_the_scan_finds_identifiers_in_full_data_profiles(tmp_path: Path) -> None:
    """Courts and counsel receive full data: the same scan finds the identifiers there (so it can find them)."""
    identifiers = redactor_for(load_case(SAMPLES / "consumer-loan"), "collector").identifiers
    for profile in ("court", "counsel"):
        folder = build("consumer-loan", tmp_path / profile, profile)
        found = {identifier for _, identifier in leaks(folder, identifiers)}
        assert "11010519860514041X" in found and "13800134417" in found
        with pikepdf.open(folder / "bundle.pdf") as pdf:
            assert StampReader().read_profile_mark(pdf.pages[0]) == ""


def test_sensitive_and_identifying_exhibits_become_placeholders(tmp_path: Path) -> None:
    folder = build("consumer-loan", tmp_path, "collector")
    report = json.loads((folder / "report.json").read_text("utf-8"))
    notes = {e["file"]: " ".join(e["notes"]) for e in report["bundle"]["exhibits"]}
    assert "sensitive: replaced by a placeholder page" in notes["exhibits/04-借款人身份证复印件.jpg"]
    assert "shows personal identifiers" in notes["exhibits/01-个人消费借款合同.pdf"]


def test_two_builds_at_different_times_in_different_folders_are_identical(tmp_path: Path) -> None:
    first = build("consumer-loan", tmp_path / "a")
    time.sleep(1.1)
    second = build("consumer-loan", tmp_path / "b" / "deeper")
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    assert {"bundle.pdf", "manifest.json", "report.json", "filings/payment_order.docx",
            "filings/payment_order.pdf"} <= set(names)
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    manifest = json.loads((first / "manifest.json").read_text("utf-8"))
    assert manifest["source_date_epoch"] == EPOCH and manifest["created"] == "2025-01-01T00:00:00+08:00"


def test_another_epoch_changes_the_dates(tmp_path: Path) -> None:
    later = build("consumer-loan", tmp_path, epoch=EPOCH + 86400 * 40)
    manifest = json.loads((later / "manifest.json").read_text("utf-8"))
    assert manifest["created"] == "2025-02-10T00:00:00+08:00"


def test_source_date_epoch_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from evidence_kit.errors import CaseInvalid
    from evidence_kit.output.reproducible import build_epoch

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build_epoch() == 1700000000
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(CaseInvalid, match="SOURCE_DATE_EPOCH"):
        build_epoch()
