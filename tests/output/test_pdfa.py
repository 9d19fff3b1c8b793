"""PDF/A-3b bundles (build --pdfa), checked by the structural rules the file shows (veraPDF is not packaged)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from evidence_kit.output.pdfa import ATTACHED_MANIFEST, attachments, make_pdfa, pdfa_problems
from evidence_kit.output.trust import verify_trusted
from evidence_kit.pipeline import BuildRequest, build_from_folder
from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow

EPOCH = 1735660800


@pytest.fixture(scope="module")
def pdfa_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    request = BuildRequest(epoch=EPOCH, pdfa=True, syntax_check="qpdf")
    return build_from_folder(SAMPLES / "consumer-loan", tmp_path_factory.mktemp("pdfa"), request).result.folder


def messages(path: Path) -> list[str]:
    return [p.message for p in pdfa_problems(path, path.name)]


def test_pdfa_bundle_passes_the_structural_rules(pdfa_folder: Path) -> None:
    bundle = pdfa_folder / "bundle.pdf"
    assert messages(bundle) == []
    with pikepdf.open(bundle) as pdf:
        meta = pdf.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("3", "B")
        assert meta["dc:title"] == "SLBJ-GX-2023-0417 证据材料"
        assert meta["xmp:CreateDate"].startswith("2025-01-01T00:00:00")
        [intent] = pdf.Root.OutputIntents
        assert intent.DestOutputProfile.read_bytes()[36:40] == b"acsp"
        assert all(int(a.F) & 4 for page in pdf.pages for a in page.obj.get(Name.Annots, Array()))
        attached = json.loads(attachments(pdf)[ATTACHED_MANIFEST])
    manifest = json.loads((pdfa_folder / "manifest.json").read_text("utf-8"))
    assert attached["inputs"] == manifest["inputs"] and attached["exhibits"] == manifest["exhibits"]
    assert attached["outputs"] == [] and attached["attached_to"] == "bundle.pdf"
    assert manifest["build_options"]["pdfa"] is True
    assert verify_trusted(pdfa_folder).ok


def test_plain_bundle_is_not_pdfa(tmp_path: Path) -> None:
    folder = build_from_folder(SAMPLES / "consumer-loan", tmp_path,
                               BuildRequest(epoch=EPOCH, syntax_check="none")).result.folder
    found = messages(folder / "bundle.pdf")
    assert any("XMP" in m for m in found) and any("output intent" in m for m in found)
    assert any("manifest.json is not attached" in m for m in found)


def helvetica_pdf(path: Path, *, javascript: bool = False) -> Path:
    pdf = pikepdf.new()
    font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    page = pdf.add_blank_page()
    page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(b"BT /F1 12 Tf 72 720 Td (hello) Tj ET")
    if javascript:
        pdf.Root.OpenAction = Dictionary(S=Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    pdf.save(path)
    return path


def test_unembedded_font_and_javascript_are_found(tmp_path: Path) -> None:
    path = helvetica_pdf(tmp_path / "a.pdf", javascript=True)
    make_pdfa(path, title="t", creator="c", created=datetime(2025, 1, 1),
              attachment={"case_id": "X"})
    found = messages(path)
    assert found == ["not PDF/A-3b: it holds JavaScript",
                     "not PDF/A-3b: font Helvetica is not embedded (first used on page 1)"]


def test_encrypted_file_is_found(tmp_path: Path) -> None:
    path = helvetica_pdf(tmp_path / "a.pdf")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="o", user=""))
    assert "not PDF/A-3b: it is encrypted" in messages(path)


def test_tampered_attachment_is_found(pdfa_folder: Path, tmp_path: Path) -> None:
    import shutil

    from evidence_kit.case.files import sha256_file

    folder = tmp_path / pdfa_folder.name
    shutil.copytree(pdfa_folder, folder)
    bundle = folder / "bundle.pdf"
    with pikepdf.open(bundle, allow_overwriting_input=True) as pdf:
        spec = pdf.Root.AF[0]
        data = json.loads(spec.EF.F.read_bytes())
        data["inputs"][0]["sha256"] = "0" * 64
        spec.EF.F.write(json.dumps(data).encode())
        pdf.save(bundle)
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    for entry in manifest["outputs"]:
        if entry["path"] == "bundle.pdf":
            entry["sha256"], entry["bytes"] = sha256_file(bundle), bundle.stat().st_size
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    assert [p.code for p in verify_trusted(folder).problems] == ["attachment_mismatch"]


def test_every_filing_pdf_is_pdfa_with_the_manifest_attached(pdfa_folder: Path) -> None:
    filings = sorted((pdfa_folder / "filings").glob("*.pdf"))
    assert [p.name for p in filings] == ["claim_sheet.pdf", "evidence_list.pdf", "payment_order.pdf",
                                         "preservation.pdf"]
    for path in filings:
        assert messages(path) == [], path.name
        with pikepdf.open(path) as pdf:
            meta = pdf.open_metadata()
            assert meta["xmp:CreateDate"].startswith("2025-01-01T00:00:00")
            attached = json.loads(attachments(pdf)[ATTACHED_MANIFEST])
        assert attached["attached_to"] == f"filings/{path.name}" and attached["outputs"] == []
    with pikepdf.open(pdfa_folder / "filings" / "payment_order.pdf") as pdf:
        assert pdf.open_metadata()["dc:title"] == "支付令申请书"


def test_a_filing_that_is_not_pdfa_fails_verify(pdfa_folder: Path, tmp_path: Path) -> None:
    """A filing PDF replaced by the plain (non PDF/A) rendering, hashes recomputed: verify names it."""
    import shutil

    from evidence_kit.case.files import sha256_file

    plain = build_from_folder(SAMPLES / "consumer-loan", tmp_path / "plain",
                              BuildRequest(epoch=EPOCH, syntax_check="none")).result.folder
    folder = tmp_path / pdfa_folder.name
    shutil.copytree(pdfa_folder, folder)
    order = folder / "filings" / "payment_order.pdf"
    shutil.copyfile(plain / "filings" / "payment_order.pdf", order)
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    for entry in manifest["outputs"]:
        if entry["path"] == "filings/payment_order.pdf":
            entry["sha256"], entry["bytes"] = sha256_file(order), order.stat().st_size
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    found = verify_trusted(folder).problems
    assert {p.code for p in found} == {"pdfa_invalid"}
    assert {p.loc.file for p in found if p.loc} == {"filings/payment_order.pdf"}


def test_an_exhibit_without_its_fonts_is_refused_before_a_pdfa_build(tmp_path: Path) -> None:
    """--pdfa and an exhibit drawing with Helvetica it does not embed: exit 5 naming the exhibit and what to do."""
    from dataclasses import replace

    from evidence_kit.case.model import Exhibit
    from evidence_kit.check.exhibits import pdfa_font_problems
    from evidence_kit.errors import InputUnreadable
    from evidence_kit.output.build import build_case
    from evidence_kit.problems import Location
    from tests.factories import make_case

    (tmp_path / "exhibits").mkdir()
    exhibit = Exhibit(no=1, file="exhibits/letter.pdf", path=helvetica_pdf(tmp_path / "exhibits" / "letter.pdf"),
                      title="催收函", source="原告提供", proves="催收事实", loc=Location("case.yaml"))
    case = replace(make_case(root=tmp_path), exhibits=(exhibit,), payments=())
    [problem] = pdfa_font_problems(case)
    assert problem.code == "exhibit_font_not_embedded" and problem.severity.value == "error"
    assert problem.message.startswith("exhibit 1 (exhibits/letter.pdf)") and "Helvetica" in problem.message
    assert "embed" in problem.hint and "without --pdfa" in problem.hint
    assert problem.loc is not None and problem.loc.column == "exhibits.0.file"
    with pytest.raises(InputUnreadable) as caught:
        build_case(case, tmp_path / "out", report_json={}, pdfa=True, ledger_exhibit=False, contacts_exhibit=False)
    assert caught.value.exit_code == 5 and caught.value.file == "exhibits/letter.pdf"
    assert [p.code for p in caught.value.problems] == ["exhibit_font_not_embedded"]
    assert "report this" not in caught.value.hint and "without --pdfa" in caught.value.hint
    assert not (tmp_path / "out").exists()  # refused before anything was built
    # without --pdfa the same exhibit builds
    build_case(case, tmp_path / "plain", report_json={}, ledger_exhibit=False, contacts_exhibit=False)


def test_a_viewer_drawn_form_counts_the_fonts_its_fields_name(tmp_path: Path) -> None:
    from evidence_kit.case.fonts import unembedded_fonts
    from tests.bundle.test_opening import pdflatex_form

    with pikepdf.open(pdflatex_form(tmp_path / "form.pdf", caption=False)) as pdf:
        assert unembedded_fonts(pdf) == {"Helvetica": 1, "ZapfDingbats": 1}


def test_build_pdfa_names_the_exhibit_whose_fonts_are_missing(tmp_path: Path) -> None:
    import shutil

    from click.testing import CliRunner

    from evidence_kit.cli import cli

    case = tmp_path / "case"
    shutil.copytree(SAMPLES / "consumer-loan", case)
    helvetica_pdf(case / "exhibits" / "05-提前到期通知书暨催收函.pdf")
    result = CliRunner().invoke(cli, ["build", str(case), "-o", str(tmp_path / "out"), "--pdfa"],
                                catch_exceptions=False)
    assert result.exit_code == 5, result.output
    assert "exhibit 5 (exhibits/05-提前到期通知书暨催收函.pdf)" in result.output and "Helvetica" in result.output
    assert "without --pdfa" in result.output and "report this" not in result.output
    assert not (tmp_path / "out").exists()
