"""A hostile recipient's attempts on a built folder: each is caught by the signature, completeness or a rebuild."""

from __future__ import annotations

import json
import os
import shutil
import stat
import zipfile
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from click.testing import CliRunner

from evidence_kit import i18n
from evidence_kit.case.files import sha256_file
from evidence_kit.cli import cli
from evidence_kit.errors import InputUnreadable
from evidence_kit.output.compare import compare_builds
from evidence_kit.output.signature import (
    UNSIGNED,
    canonical_manifest,
    generate_keypair,
    load_private_key,
)
from evidence_kit.pipeline import BuildRequest, build_from_folder, verify_folder_trust
from evidence_kit.problems import Location
from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow

CONSUMER = SAMPLES / "consumer-loan"
EPOCH = 1735660800  # 2025-01-01 00:00 China time


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    pair = generate_keypair(tmp_path_factory.mktemp("keys"))
    return pair.private, pair.public


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory, keys: tuple[Path, Path]) -> Path:
    out = tmp_path_factory.mktemp("signed")
    request = BuildRequest(epoch=EPOCH, sign_key=keys[0], syntax_check="none")
    return build_from_folder(CONSUMER, out, request).result.folder


def copy_of(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / folder.name
    shutil.copytree(folder, target)
    return target


def manifest_of(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "manifest.json").read_text("utf-8"))
    return data


def rehash(folder: Path, *, keep_signature: bool) -> None:
    """What a forger does after changing files: recompute every output's size and hash in the manifest."""
    manifest = manifest_of(folder)
    for entry in manifest["outputs"]:
        path = folder / entry["path"]
        entry["sha256"], entry["bytes"] = sha256_file(path), path.stat().st_size
    if not keep_signature:
        manifest.pop("signature", None)
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")


def white_out(bundle: Path, page: int) -> None:
    """Paint a white box over the middle of one page (the paragraph is gone; the stamp is still there)."""
    with pikepdf.open(bundle, allow_overwriting_input=True) as pdf:
        target = pdf.pages[page - 1]
        target.contents_add(pdf.make_stream(b"q 1 g 60 300 480 200 re f Q"), prepend=False)
        # the stamp must stay the last stream, as a forger who knows the format would keep it
        contents = target.obj.Contents
        target.obj.Contents = pikepdf.Array([*contents[:-2], contents[-1], contents[-2]])
        pdf.save(bundle)


def codes(verdict: Any) -> list[str]:
    return [p.code for p in verdict.problems]


# --------------------------------------------------------------------------- keys


def test_keygen_writes_a_private_key_only_its_owner_can_read(tmp_path: Path) -> None:
    pair = generate_keypair(tmp_path / "keys")
    assert stat.S_IMODE(pair.private.stat().st_mode) == 0o600
    assert pair.public.read_text().startswith("-----BEGIN PUBLIC KEY-----")
    assert len(pair.fingerprint) == 64
    with pytest.raises(Exception, match="never replaced"):
        generate_keypair(tmp_path / "keys")


def test_a_private_key_readable_by_others_is_refused(tmp_path: Path) -> None:
    pair = generate_keypair(tmp_path)
    os.chmod(pair.private, 0o644)
    with pytest.raises(InputUnreadable, match="other users"):
        load_private_key(pair.private)


def test_keygen_command(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["keygen", "-o", str(tmp_path / "k"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert Path(data["private_key"]).is_file() and Path(data["public_key"]).is_file()


# --------------------------------------------------------------------------- the verdicts


def test_signed_folder_verifies_only_against_the_key(signed: Path, keys: tuple[Path, Path], tmp_path: Path) -> None:
    verdict = verify_folder_trust(signed, pubkey=keys[1])
    assert verdict.ok and verdict.trust == "signed", verdict.problems
    assert verdict.summary.startswith("verified (signed with key")
    unchecked = verify_folder_trust(signed)
    assert unchecked.ok and unchecked.trust == "unchecked"
    assert "detects accidental change only" in unchecked.summary and not unchecked.summary.startswith("verified")
    other = generate_keypair(tmp_path)
    wrong = verify_folder_trust(signed, pubkey=other.public)
    assert codes(wrong) == ["signature_invalid"] and "another key" in wrong.problems[0].message


def test_unsigned_folder_is_never_plainly_verified(signed: Path, tmp_path: Path) -> None:
    folder = copy_of(signed, tmp_path)
    rehash(folder, keep_signature=False)
    verdict = verify_folder_trust(folder)
    assert verdict.ok and verdict.trust == "unsigned"
    assert UNSIGNED in verdict.summary and "verified" not in verdict.summary


def test_whited_out_page_with_recomputed_hashes(signed: Path, keys: tuple[Path, Path], tmp_path: Path) -> None:
    folder = copy_of(signed, tmp_path)
    white_out(folder / "bundle.pdf", 5)
    rehash(folder, keep_signature=False)
    unsigned = verify_folder_trust(folder)  # the hashes agree: only "unsigned" can be said
    assert unsigned.ok and unsigned.trust == "unsigned"
    assert codes(verify_folder_trust(folder, pubkey=keys[1])) == ["signature_invalid"]
    rebuilt = verify_folder_trust(folder, case_dir=CONSUMER)
    assert not rebuilt.ok and not rebuilt.rebuilt
    differs = [p for p in rebuilt.problems if p.code == "rebuild_differs"]
    assert len(differs) == 2, rebuilt.problems  # bundle.pdf and the manifest that lists its hash
    page = next(p for p in differs if p.loc and p.loc.file == "bundle.pdf")
    assert page.message.startswith("page 5 differ") and page.loc is not None and page.loc.row == 5


def test_resigned_by_another_key_fails(signed: Path, keys: tuple[Path, Path], tmp_path: Path) -> None:
    folder = copy_of(signed, tmp_path)
    white_out(folder / "bundle.pdf", 5)
    rehash(folder, keep_signature=False)
    forger = generate_keypair(tmp_path / "forger")
    from evidence_kit.output.signature import sign_manifest

    manifest = sign_manifest(manifest_of(folder), load_private_key(forger.private))
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    verdict = verify_folder_trust(folder, pubkey=keys[1])
    assert codes(verdict) == ["signature_invalid"]


def test_changed_claim_total_with_recomputed_hashes(signed: Path, keys: tuple[Path, Path], tmp_path: Path) -> None:
    folder = copy_of(signed, tmp_path)
    report = json.loads((folder / "report.json").read_text("utf-8"))
    report["claim"]["total"] = "1.00"
    (folder / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), "utf-8")
    rehash(folder, keep_signature=True)
    signed_verdict = verify_folder_trust(folder, pubkey=keys[1])
    assert codes(signed_verdict) == ["signature_invalid"]
    assert "changed after it was signed" in signed_verdict.problems[0].message
    rebuilt = verify_folder_trust(folder, case_dir=CONSUMER)
    assert {p.loc.file for p in rebuilt.problems if p.code == "rebuild_differs" and p.loc} == \
        {"report.json", "manifest.json"}


def test_tamper_one_byte(signed: Path, keys: tuple[Path, Path], tmp_path: Path) -> None:
    folder = copy_of(signed, tmp_path)
    data = bytearray((folder / "bundle.pdf").read_bytes())
    data[len(data) // 2] ^= 0x01
    (folder / "bundle.pdf").write_bytes(bytes(data))
    verdict = verify_folder_trust(folder, pubkey=keys[1])
    assert "output_changed" in codes(verdict)


def test_deleted_and_added_files(signed: Path, tmp_path: Path) -> None:
    folder = copy_of(signed, tmp_path)
    (folder / "report.json").unlink()
    (folder / "extra.txt").write_text("not from the build", "utf-8")
    found = codes(verify_folder_trust(folder))
    assert "output_missing" in found and "output_unlisted" in found


def test_handwritten_manifest_without_outputs(tmp_path: Path) -> None:
    folder = tmp_path / "CASE"
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps(
        {"case_id": "CASE", "created": "2025-01-01", "tool_version": "0.1.0", "inputs": [], "outputs": [],
         "exhibits": []}), "utf-8")
    verdict = verify_folder_trust(folder)
    assert codes(verdict) == ["output_not_listed", "output_not_listed"]
    assert not verdict.ok


def test_output_dropped_from_manifest_is_found(signed: Path, tmp_path: Path) -> None:
    folder = copy_of(signed, tmp_path)
    manifest = manifest_of(folder)
    manifest["outputs"] = [o for o in manifest["outputs"] if o["path"] != "report.json"]
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    (folder / "report.json").unlink()
    assert "output_not_listed" in codes(verify_folder_trust(folder))


def test_swapped_bundle_of_another_case(signed: Path, tmp_path: Path) -> None:
    other = build_from_folder(SAMPLES / "business-loan", tmp_path / "other",
                              BuildRequest(epoch=EPOCH, syntax_check="none")).result.folder
    folder = copy_of(signed, tmp_path)
    shutil.copy(other / "bundle.pdf", folder / "bundle.pdf")
    manifest = manifest_of(folder)
    for entry in manifest["outputs"]:
        if entry["path"] == "bundle.pdf":
            with pikepdf.open(folder / "bundle.pdf") as pdf:
                entry["pages"] = len(pdf.pages)
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    rehash(folder, keep_signature=False)
    found = codes(verify_folder_trust(folder))
    assert "case_mismatch" in found


def test_manifest_page_ranges_must_match_the_printed_index(signed: Path, tmp_path: Path) -> None:
    folder = copy_of(signed, tmp_path)
    manifest = manifest_of(folder)
    manifest["exhibits"][1]["first_page"] += 1
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    verdict = verify_folder_trust(folder)
    assert {"index_pages", "exhibit_range"} <= set(codes(verdict))


def test_canonical_manifest_ignores_layout_and_signature() -> None:
    a = {"b": 1, "a": [1, 2], "signature": {"value": "x"}}
    assert canonical_manifest(a) == b'{"a":[1,2],"b":1}'


def test_verify_command_exit_codes(signed: Path, keys: tuple[Path, Path], tmp_path: Path) -> None:
    runner = CliRunner()
    good = runner.invoke(cli, ["verify", str(signed), "--pubkey", str(keys[1]), "--case", str(CONSUMER), "--json"])
    assert good.exit_code == 0, good.output
    data = json.loads(good.stdout)
    assert data["trust"] == "signed" and data["rebuilt"] is True and data["ok"] is True
    folder = copy_of(signed, tmp_path)
    white_out(folder / "bundle.pdf", 5)
    rehash(folder, keep_signature=True)
    bad = runner.invoke(cli, ["verify", str(folder), "--pubkey", str(keys[1])])
    assert bad.exit_code == 8
    missing_key = runner.invoke(cli, ["verify", str(signed), "--pubkey", str(tmp_path / "none.pub")])
    assert missing_key.exit_code == 5


def test_a_build_of_some_filings_on_a_given_date_in_volumes_rebuilds_the_same(tmp_path: Path) -> None:
    """What the build was asked (--filings, the signing date, --max-volume-mb) is recorded and repeated by --case."""
    from datetime import date

    request = BuildRequest(epoch=EPOCH, syntax_check="none", filings=("payment_order", "claim_sheet"),
                           on=date(2025, 4, 2), max_volume_mb=1.0)
    folder = build_from_folder(CONSUMER, tmp_path / "out", request).result.folder
    options = manifest_of(folder)["build_options"]
    assert (options["filings"], options["on"], options["max_volume_mb"]) == (
        ["payment_order", "claim_sheet"], "2025-04-02", 1.0)
    assert sorted(p.name for p in (folder / "filings").iterdir()) == [
        "claim_sheet.docx", "claim_sheet.pdf", "payment_order.docx", "payment_order.pdf"]
    assert (folder / "bundle-2.pdf").is_file()
    verdict = verify_folder_trust(folder, case_dir=CONSUMER)
    assert verdict.ok and verdict.rebuilt, [p.message for p in verdict.problems]
    dropped = copy_of(folder, tmp_path / "dropped")
    manifest = manifest_of(dropped)
    manifest["outputs"] = [o for o in manifest["outputs"] if o["path"] != "bundle-2.pdf"]
    (dropped / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
    found = verify_folder_trust(dropped).problems
    assert "the manifest does not list bundle-2.pdf" in [p.message for p in found]


def test_a_manifest_recording_an_impossible_rebuild_is_reported(signed: Path, tmp_path: Path) -> None:
    folder = copy_of(signed, tmp_path)
    manifest = manifest_of(folder)
    manifest["build_options"]["max_volume_mb"] = 0.001
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
    assert "manifest_invalid" in codes(verify_folder_trust(folder, case_dir=CONSUMER))


# --------------------------------------------------------------------------- in Chinese


def test_a_tampered_folder_is_reported_in_chinese_with_the_same_codes_and_places(
        signed: Path, keys: tuple[Path, Path], tmp_path: Path) -> None:
    """verify in Chinese: the problem names the same file and page, its code and the JSON keys stay as they were."""
    changed = copy_of(signed, tmp_path / "changed")
    data = bytearray((changed / "bundle.pdf").read_bytes())
    data[len(data) // 2] ^= 0x01
    (changed / "bundle.pdf").write_bytes(bytes(data))
    whited = copy_of(signed, tmp_path / "whited")
    white_out(whited / "bundle.pdf", 5)
    with i18n.language("en"):
        english = verify_folder_trust(changed, pubkey=keys[1])
    with i18n.language("zh"):
        verdict = verify_folder_trust(changed, pubkey=keys[1])
        unchecked = verify_folder_trust(signed)
        differences = compare_builds(whited, signed)
        summaries = verdict.summary, unchecked.summary  # the verdict's line is written when it is shown
    assert codes(verdict) == codes(english) and "output_changed" in codes(verdict)
    changed_problem = next(p for p in verdict.problems if p.code == "output_changed")
    assert changed_problem.loc == Location("bundle.pdf")
    assert changed_problem.message == "SHA-256 与清单不符"
    assert changed_problem.hint == "该文件在生成后被改动过；请重新生成本案"
    assert summaries[0] == f"未通过校验 — {len(verdict.problems)} 个问题"
    assert verdict.to_json().keys() == english.to_json().keys() and verdict.trust == english.trust
    assert unchecked.ok and unchecked.trust == "unchecked"
    assert summaries[1] == "哈希值一致 — 已签名，但未用可信公钥核验（请指定 --pubkey）：只能发现意外改动"
    [page] = differences
    assert page.code == "rebuild_differs" and page.loc == Location("bundle.pdf", 5)
    assert page.message == "第 5 页与重新生成的结果不同"
    assert page.hint.startswith("该文件与案件文件夹生成的结果不符")


def test_a_hostile_archive_is_refused_in_chinese(tmp_path: Path) -> None:
    archive = tmp_path / "slip.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("X/manifest.json", "{}")
        zf.writestr("../evil.txt", "owned")
    with i18n.language("zh"), pytest.raises(InputUnreadable) as caught:
        verify_folder_trust(archive)
    assert caught.value.exit_code == 5 and caught.value.file == str(archive)
    assert caught.value.message == "拒绝处理该压缩包 — ../evil.txt: 路径跳出了文件夹（..）"
    assert caught.value.hint.startswith("该压缩包不是已生成案件文件夹的普通 .zip")


@pytest.mark.slow
def test_a_chinese_build_verifies_against_its_case_in_english(tmp_path: Path) -> None:
    """report.json and index.html hold the build's messages: the rebuild speaks the language the build recorded."""
    with i18n.language("zh"):
        built = build_from_folder(CONSUMER, tmp_path / "out", BuildRequest(epoch=1_700_000_000, package=True))
    folder = built.result.folder
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert manifest["build_options"]["language"] == "zh"
    warnings = json.loads((folder / "report.json").read_text("utf-8"))["warnings"]
    assert warnings[0]["code"] == "call_without_recording" and "录音" in warnings[0]["message"]
    with i18n.language("en"):
        verdict = verify_folder_trust(folder, case_dir=CONSUMER)
    assert [p.code for p in verdict.problems if p.severity.value == "error"] == []
    assert not any(p.code == "rebuild_differs" for p in verdict.problems)
