"""Redaction profiles in every output, and reproducible builds."""

from __future__ import annotations

import json
import shutil
import time
import zipfile
from pathlib import Path

import pikepdf
import pytest

from evidence_kit.bundle.stamp import StampReader
from evidence_kit.case.load import load_case
from evidence_kit.case.redact import COLLECTOR_MARK, redactor_for
from evidence_kit.output.trust import verify_trusted
from evidence_kit.pipeline import BuildRequest, build_from_folder
from tests.conftest import SAMPLES, replace_in
from tests.output.scan import leaks

pytestmark = pytest.mark.slow

EPOCH = 1735660800


def build(sample: str | Path, out: Path, profile: str = "court", epoch: int = EPOCH, package: bool = False,
          overwrite: bool = False) -> Path:
    request = BuildRequest(profile=profile, epoch=epoch, syntax_check="none", package=package, overwrite=overwrite)
    return build_from_folder(SAMPLES / sample, out, request).result.folder


SAMPLE_CASES = sorted(p.name for p in SAMPLES.iterdir() if (p / "case.yaml").is_file())


@pytest.mark.parametrize("sample", SAMPLE_CASES)
def test_collector_outputs_hold_no_full_identifier(sample: str, tmp_path: Path) -> None:
    """Every byte and every name: the build's folder, each file and folder under it, the package and its entries."""
    identifiers = redactor_for(load_case(SAMPLES / sample), "collector").identifiers
    assert len(identifiers) >= 3
    folder = build(sample, tmp_path, "collector", package=True)
    assert (tmp_path / f"{folder.name}.zip").is_file()
    assert leaks(tmp_path, identifiers) == []
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
    assert "says 回执, a document that shows personal identifiers" in notes["exhibits/06-EMS签收回执.png"]


def _identifying_names(tmp_path: Path) -> Path:
    """consumer-loan, its case_id and three exhibit files named with the debtor's ID and mobile numbers."""
    case = tmp_path / "GX-case"
    shutil.copytree(SAMPLES / "consumer-loan", case)
    renames = {"04-借款人身份证复印件.jpg": "04-刘建华-11010519860514041X.jpg",
               "07-催收录音-20240705.wav": "07-催收录音-13800134417.wav",
               "01-个人消费借款合同.pdf": "01-借款合同-13800134417.pdf"}
    for old, new in renames.items():
        (case / "exhibits" / old).rename(case / "exhibits" / new)
        for name in ("case.yaml", "contacts.csv"):
            text = (case / name).read_text("utf-8")
            (case / name).write_text(text.replace(old, new), "utf-8")
    replace_in(case / "case.yaml", "case_id: SLBJ-GX-2023-0417", "case_id: GX-11010519860514041X")
    return case


def test_names_that_carry_identifiers_are_masked(tmp_path: Path) -> None:
    """A case_id holding the debtor's ID number, exhibits named with it and the mobile number: no name keeps them."""
    case = _identifying_names(tmp_path)
    identifiers = redactor_for(load_case(case), "collector").identifiers
    assert {"11010519860514041X", "13800134417"} <= set(identifiers)
    out = tmp_path / "out"
    folder = build(case, out, "collector", package=True)
    assert folder.name == "GX-110105xxxxxxxx041X"
    assert sorted(p.name for p in out.iterdir()) == ["GX-110105xxxxxxxx041X", "GX-110105xxxxxxxx041X.zip"]
    with zipfile.ZipFile(out / "GX-110105xxxxxxxx041X.zip") as archive:
        assert {n.split("/")[0] for n in archive.namelist()} == {"GX-110105xxxxxxxx041X"}
    assert leaks(out, identifiers) == []
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert manifest["case_id"] == "GX-110105********041X"
    with pikepdf.open(folder / "bundle.pdf") as pdf:
        assert str(pdf.docinfo["/Title"]) == "GX-110105********041X 证据材料"
    assert verify_trusted(folder).ok
    rebuilt = build(case, out, "collector", package=True, overwrite=True)  # the masked folder is this case's build
    assert rebuilt == folder
    court = build(case, tmp_path / "court", "court")
    assert court.name == "GX-11010519860514041X"  # courts receive full data, names too


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
