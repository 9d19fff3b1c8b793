"""``build`` and ``verify`` from the command line: exit codes, nothing half-written, read-back checks."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from PIL import Image

from evidence_kit.check.contacts import COLLECTION_RULES
from evidence_kit.cli import cli
from tests.conftest import REPO, SAMPLES, replace_in

pytestmark = pytest.mark.slow


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir()) if out.exists() else []


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = invoke("build", str(SAMPLES / "consumer-loan"), "-o", str(out), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["case_id"] == "SLBJ-GX-2023-0417"
    assert {"bundle.pdf", "report.json", "manifest.json"} <= set(data["outputs"])
    return out / data["case_id"]


def test_build_publishes_a_folder_that_verifies(built: Path) -> None:
    assert sorted(p.name for p in built.iterdir()) == ["bundle.pdf", "filings", "manifest.json", "report.json"]
    assert [p.name for p in built.parent.iterdir()] == [built.name]  # no work folder left behind
    result = invoke("verify", str(built), "--case", str(SAMPLES / "consumer-loan"), "--json")
    assert result.exit_code == 0, result.stdout
    data = json.loads(result.stdout)
    assert (data["ok"], data["problems"], data["trust"], data["rebuilt"]) == (True, [], "unsigned", True)


def test_qpdf_command_finds_the_bundle_clean(built: Path) -> None:
    proc = subprocess.run(["qpdf", "--check", str(built / "bundle.pdf")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_report_holds_check_and_claim(built: Path) -> None:
    report = json.loads((built / "report.json").read_text("utf-8"))
    assert report["errors"] == [] and report["case_id"] == "SLBJ-GX-2023-0417"
    assert report["claim"]["total"] == "121877.30"
    assert report["claim"]["lines"][-1]["kind"] == "compound"


def test_verify_a_zip_and_a_tampered_copy(built: Path, tmp_path: Path) -> None:
    archive = tmp_path / "case.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(built.rglob("*")):
            if path.is_file():
                zf.write(path, f"{built.name}/{path.relative_to(built)}")
    assert invoke("verify", str(archive)).exit_code == 0
    copy = tmp_path / built.name
    shutil.copytree(built, copy)
    with pikepdf.open(copy / "bundle.pdf", allow_overwriting_input=True) as pdf:
        del pdf.pages[-1]
        pdf.save(copy / "bundle.pdf")
    result = invoke("verify", str(copy), "--json")
    assert result.exit_code == 8
    assert any(p["file"] == "bundle.pdf" for p in json.loads(result.stdout)["problems"])


def test_existing_output_is_exit_9_then_overwrite_replaces(built: Path) -> None:
    out = built.parent
    result = invoke("build", str(SAMPLES / "consumer-loan"), "-o", str(out))
    assert result.exit_code == 9 and "--overwrite" in result.stderr
    result = invoke("build", str(SAMPLES / "consumer-loan"), "-o", str(out), "--overwrite")
    assert result.exit_code == 0, result.stderr
    assert leftovers(out) == [built.name]


def test_invalid_case_builds_nothing(worked_case: Path, tmp_path: Path) -> None:
    replace_in(worked_case / "repayments.csv", "483.33", "48x.33")
    out = tmp_path / "out"
    result = invoke("build", str(worked_case), "-o", str(out), "--json")
    assert result.exit_code == 4
    data = json.loads(result.stdout)
    assert data["problems"][0]["file"] == "repayments.csv" and data["problems"][0]["row"] == 3
    assert leftovers(out) == []


def _png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(buffer, "PNG")
    return buffer.getvalue()


def _encrypt(path: Path) -> None:
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(user="open-sesame", owner="owner"))


@pytest.mark.parametrize("damage", ["encrypted", "truncated", "png_named_pdf", "zero_bytes"])
def test_unreadable_exhibit_is_exit_5_naming_the_file(worked_case: Path, tmp_path: Path, damage: str) -> None:
    exhibit = worked_case / "exhibits" / "contract.pdf"
    if damage == "encrypted":
        _encrypt(exhibit)
    elif damage == "truncated":
        exhibit.write_bytes(exhibit.read_bytes()[:300])
    elif damage == "png_named_pdf":
        exhibit.write_bytes(_png_bytes())
    else:
        exhibit.write_bytes(b"")
    out = tmp_path / "out"
    result = invoke("build", str(worked_case), "-o", str(out), "--json")
    assert result.exit_code == 5, result.stderr
    data = json.loads(result.stdout)
    assert data["file"] == "exhibits/contract.pdf"
    assert "exhibits/contract.pdf" in result.stderr
    assert leftovers(out) == []


def test_password_in_case_yaml_opens_the_exhibit(worked_case: Path, tmp_path: Path) -> None:
    _encrypt(worked_case / "exhibits" / "contract.pdf")
    replace_in(worked_case / "case.yaml", "    original: true", "    original: true\n    password: open-sesame")
    result = invoke("build", str(worked_case), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr


def test_strict_refuses_warnings(worked_case: Path, tmp_path: Path) -> None:
    ledger = worked_case / "repayments.csv"
    ledger.write_text(ledger.read_text("utf-8") + "2024-07-20,300.00,TXN0006,部分还款\n", "utf-8")
    assert invoke("build", str(worked_case), "-o", str(tmp_path / "out"), "--strict").exit_code == 4
    assert leftovers(tmp_path / "out") == []


def test_python_m_build_smoke(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "evidence_kit", "build", str(SAMPLES / "enforcement"), "-o", str(tmp_path), "--json"],
        capture_output=True, text=True, cwd=REPO, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert (tmp_path / data["case_id"] / "bundle.pdf").is_file()


def test_report_cites_the_exhibit_page_that_carries_limitation(built: Path) -> None:
    report = json.loads((built / "report.json").read_text("utf-8"))
    limitation = report["limitation"]
    assert limitation["event"] == {
        "kind": "contact", "on": "2025-03-20", "description": limitation["event"]["description"],
        "file": "contacts.csv", "row": 31, "evidence": None,
    }
    assert limitation["expiry"] == "2028-03-20"
    cited = limitation["exhibit"]
    manifest = json.loads((built / "manifest.json").read_text("utf-8"))
    listed = next(e for e in manifest["exhibits"] if e["no"] == cited["no"])
    assert (listed["file"], listed["first_page"]) == ("contacts.csv", cited["first_page"])
    page = subprocess.run(["pdftotext", "-f", str(cited["first_page"]), "-l", str(cited["first_page"]),
                           str(built / "bundle.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert "催收记录" in page and f"证据{cited['no']}-1" in page.replace(" ", "")


def test_output_never_replaces_the_case_folder(tmp_path: Path) -> None:
    parent = tmp_path / "cases"
    case = parent / "WORKED-EXAMPLE-2024"
    shutil.copytree(REPO / "tests" / "data" / "worked-example", case)
    for extra in ([], ["--overwrite"]):
        result = invoke("build", str(case), "-o", str(parent), *extra)
        assert result.exit_code == 9, result.stderr
        assert "case folder" in result.stderr
    assert (case / "case.yaml").is_file() and (case / "exhibits" / "contract.pdf").is_file()
    assert sorted(p.name for p in parent.iterdir()) == ["WORKED-EXAMPLE-2024"]


def test_overwrite_replaces_only_an_earlier_build(worked_case: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    stranger = out / "WORKED-EXAMPLE-2024"
    stranger.mkdir(parents=True)
    (stranger / "notes.txt").write_text("someone's own files", "utf-8")
    result = invoke("build", str(worked_case), "-o", str(out), "--overwrite")
    assert result.exit_code == 9 and "not an earlier build" in result.stderr
    assert (stranger / "notes.txt").is_file()


def test_unprintable_text_stops_the_build_before_layout(worked_case: Path, tmp_path: Path) -> None:
    replace_in(worked_case / "case.yaml", "    title: 借款合同", "    title: 借款合同ཀ")
    result = invoke("build", str(worked_case), "-o", str(tmp_path / "out"), "--json")
    assert result.exit_code == 4
    problems = json.loads(result.stdout)["problems"]
    assert [p["code"] for p in problems if p["code"] not in COLLECTION_RULES] == ["text_unprintable"]


def test_output_path_that_is_a_file_is_exit_9(worked_case: Path, tmp_path: Path) -> None:
    target = tmp_path / "a-file"
    target.write_text("x", "utf-8")
    result = invoke("build", str(worked_case), "-o", str(target))
    assert result.exit_code == 9 and "is a file" in result.stderr


def test_verify_exit_codes_for_what_is_not_a_build(built: Path, tmp_path: Path) -> None:
    assert invoke("verify", str(tmp_path / "missing")).exit_code == 3
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip at all")
    assert invoke("verify", str(junk)).exit_code == 5
    result = invoke("verify", str(built.parent), "--json")
    assert result.exit_code == 8
    assert built.name in json.loads(result.stdout)["problems"][0]["hint"]


def test_verify_refuses_manifest_paths_outside_the_folder(built: Path, tmp_path: Path) -> None:
    copy = tmp_path / built.name
    shutil.copytree(built, copy)
    manifest = json.loads((copy / "manifest.json").read_text("utf-8"))
    manifest["outputs"].append({"path": "../../../../etc/hostname", "sha256": "0" * 64, "bytes": 1})
    (copy / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    result = invoke("verify", str(copy), "--json")
    assert result.exit_code == 8
    assert any(p["code"] == "manifest_invalid" for p in json.loads(result.stdout)["problems"])
