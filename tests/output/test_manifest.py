"""manifest.json (DESIGN §5) and ``verify_output`` on a built folder and on its .zip."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from evidence_kit.case.files import sha256_file
from evidence_kit.errors import CaseNotFound
from evidence_kit.output.build import BuildResult, build_case
from evidence_kit.output.manifest import verify_output
from tests.bundle.test_exhibits import exhibit, jpeg, text_pdf
from tests.factories import make_case

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    root = tmp_path_factory.mktemp("case")
    (root / "case.yaml").write_text("case_id: WORKED-EXAMPLE\n", "utf-8")
    (root / "repayments.csv").write_text("date,amount\n2024-02-10,516.67\n", "utf-8")
    exhibits = (
        exhibit(text_pdf(root / "exhibits" / "contract.pdf", "合同一", "合同二"), root, 1, title="借款合同"),
        exhibit(jpeg(root / "exhibits" / "receipt.jpg"), root, 2, title="放款凭证"),
    )
    case = make_case(root=root, exhibits=exhibits, input_files=("case.yaml", "repayments.csv"))
    result = build_case(case, root.parent / "out", report_json={"case_id": case.case_id})
    return root, result


def copy_of(result: BuildResult, tmp_path: Path) -> Path:
    target = tmp_path / result.folder.name
    shutil.copytree(result.folder, target)
    return target


def manifest(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "manifest.json").read_text("utf-8"))


def test_manifest_layout(built: tuple[Path, BuildResult]) -> None:
    root, result = built
    data = manifest(result.folder)
    assert set(data) == {"case_id", "created", "tool_version", "inputs", "outputs", "exhibits",
                         "profile", "source_date_epoch", "build_options"}
    assert data["case_id"] == "WORKED-EXAMPLE"
    assert data["profile"] == "court" and isinstance(data["source_date_epoch"], int)
    inputs = {i["path"]: i for i in data["inputs"]}
    assert set(inputs) == {"case.yaml", "repayments.csv", "exhibits/contract.pdf", "exhibits/receipt.jpg"}
    for rel, item in inputs.items():
        assert item["sha256"] == hashlib.sha256((root / rel).read_bytes()).hexdigest()
        assert item["bytes"] == (root / rel).stat().st_size
    outputs = {o["path"]: o for o in data["outputs"]}
    assert set(outputs) == {"bundle.pdf", "report.json"}
    with pikepdf.open(result.folder / "bundle.pdf") as pdf:
        assert outputs["bundle.pdf"]["pages"] == len(pdf.pages)
    assert outputs["report.json"]["pages"] is None
    assert outputs["bundle.pdf"]["sha256"] == sha256_file(result.folder / "bundle.pdf")
    exhibits = data["exhibits"]
    assert [e["no"] for e in exhibits] == [1, 2, 3]
    assert exhibits[0]["file"] == "exhibits/contract.pdf"
    assert exhibits[0]["sha256"] == inputs["exhibits/contract.pdf"]["sha256"]
    assert exhibits[0]["last_page"] - exhibits[0]["first_page"] == 1
    assert exhibits[2]["title"] == "还款明细" and exhibits[2]["file"] == "repayments.csv"
    assert exhibits[2]["sha256"] == inputs["repayments.csv"]["sha256"]


def test_verify_a_good_folder(built: tuple[Path, BuildResult]) -> None:
    root, result = built
    assert verify_output(result.folder) == []
    assert verify_output(result.folder, case_dir=root) == []


def test_verify_a_zip(built: tuple[Path, BuildResult], tmp_path: Path) -> None:
    _, result = built
    archive = tmp_path / "case.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in result.folder.rglob("*"):
            zf.write(path, Path(result.folder.name) / path.relative_to(result.folder))
    assert verify_output(archive) == []


def test_changed_output_is_found(built: tuple[Path, BuildResult], tmp_path: Path) -> None:
    _, result = built
    folder = copy_of(result, tmp_path)
    with (folder / "bundle.pdf").open("ab") as fh:
        fh.write(b"\n%junk")
    problems = verify_output(folder)
    assert [p.code for p in problems] == ["output_changed"]
    assert problems[0].loc is not None and problems[0].loc.file == "bundle.pdf"


def test_same_size_edit_is_found_by_hash(built: tuple[Path, BuildResult], tmp_path: Path) -> None:
    _, result = built
    folder = copy_of(result, tmp_path)
    report = folder / "report.json"
    text = report.read_text("utf-8")
    report.write_text(text.replace("WORKED", "WORKEX", 1), "utf-8")
    assert [p.code for p in verify_output(folder)] == ["output_changed"]


def test_missing_and_unlisted_files(built: tuple[Path, BuildResult], tmp_path: Path) -> None:
    _, result = built
    folder = copy_of(result, tmp_path)
    (folder / "report.json").unlink()
    (folder / "extra.txt").write_text("x", "utf-8")
    codes = sorted(p.code for p in verify_output(folder))
    assert codes == ["output_missing", "output_unlisted"]


def test_wrong_exhibit_pages_in_manifest(built: tuple[Path, BuildResult], tmp_path: Path) -> None:
    _, result = built
    folder = copy_of(result, tmp_path)
    data = manifest(folder)
    data["exhibits"][1]["first_page"] -= 1
    (folder / "manifest.json").write_text(json.dumps(data), "utf-8")
    problems = verify_output(folder)
    assert [p.code for p in problems] == ["stamp_mismatch"]


def test_changed_input_is_found(built: tuple[Path, BuildResult], tmp_path: Path) -> None:
    root, result = built
    case_copy = tmp_path / "case"
    shutil.copytree(root, case_copy)
    (case_copy / "repayments.csv").write_text("date,amount\n2024-02-10,999.99\n", "utf-8")
    problems = verify_output(result.folder, case_dir=case_copy)
    assert [(p.code, p.loc.file if p.loc else None) for p in problems] == [("input_changed", "repayments.csv")]


def test_no_manifest(tmp_path: Path) -> None:
    assert [p.code for p in verify_output(tmp_path)] == ["manifest_missing"]
    with pytest.raises(CaseNotFound):
        verify_output(tmp_path / "nowhere")
