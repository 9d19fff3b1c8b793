"""Filings end to end: built from the samples, DOCX and PDF say the same, read back, eligibility, reconciliation."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from click.testing import CliRunner

from evidence_kit.case.files import sha256_file
from evidence_kit.case.load import load_case, read_case
from evidence_kit.cli import cli
from evidence_kit.errors import ExitCode
from evidence_kit.filings.content import CitedExhibit, PreparedFiling
from evidence_kit.filings.docxgen import TEMPLATES_MADE, deterministic_bytes
from evidence_kit.filings.eligibility import complaint_problems, eligibility_problems
from evidence_kit.filings.make import debts_of, prepare_filings, reconcile_pages, sources_of
from evidence_kit.filings.readback import docx_pages, docx_text, normalised, pdf_text, reconcile
from evidence_kit.filings.render import RenderedFiling, finished_docx
from evidence_kit.output.manifest import verify_output
from evidence_kit.pipeline import BuildRequest, build_from_folder
from tests.conftest import DATA, SAMPLES, line_of

pytestmark = pytest.mark.slow

SIGNED_ON = date(2025, 11, 3)
GOLDEN = DATA / "golden-filings"
TABLE_HEADERS = ("序号证据名称证据来源证明目的页码原件/复印件", "项目金额大写", "序号计算金额")
EXPECTED_FILINGS = {
    "consumer-loan": ["claim_sheet", "evidence_list", "payment_order", "preservation"],
    "business-loan": ["claim_sheet", "complaint", "evidence_list", "payment_order"],
    "enforcement": ["claim_sheet", "enforcement", "evidence_list"],
}


@pytest.fixture(scope="module", params=["consumer-loan", "business-loan", "enforcement"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("filings")
    outcome = build_from_folder(SAMPLES / request.param, out, BuildRequest(on=SIGNED_ON))
    return outcome.result.folder


def filings_of(folder: Path) -> list[str]:
    return sorted(p.stem for p in (folder / "filings").glob("*.pdf"))


def sample_of(folder: Path) -> str:
    return next(name for name in EXPECTED_FILINGS if (SAMPLES / name / "case.yaml").read_text("utf-8").count(
        f"case_id: {folder.name}"))


def golden_lines(path: Path) -> str:
    """A DOCX's paragraphs, one a line, stripped: the golden text's form."""
    return "\n".join(line.strip() for line in docx_text(path).splitlines() if line.strip()) + "\n"


def test_every_requested_filing_is_made(built: Path) -> None:
    assert filings_of(built) == EXPECTED_FILINGS[sample_of(built)]
    assert sorted(p.stem for p in (built / "filings").glob("*.docx")) == filings_of(built)


def test_golden_text_of_every_filing(built: Path) -> None:
    """The words of each filing, per sample (EK_UPDATE_GOLDEN=1 rewrites the golden files after a wording change)."""
    folder = GOLDEN / sample_of(built)
    for name in filings_of(built):
        text = golden_lines(built / "filings" / f"{name}.docx")
        golden = folder / f"{name}.txt"
        if os.environ.get("EK_UPDATE_GOLDEN"):
            folder.mkdir(parents=True, exist_ok=True)
            golden.write_text(text, "utf-8")
        expected = golden.read_text("utf-8")
        assert text == expected, name
        printed = without_headers(normalised(pdf_text(built / "filings" / f"{name}.pdf")))
        assert printed == without_headers(normalised(expected)), name


def test_docx_and_pdf_say_the_same_words_in_the_same_order(built: Path) -> None:
    for name in filings_of(built):
        words = without_headers(normalised(docx_text(built / "filings" / f"{name}.docx")))
        printed = without_headers(normalised(pdf_text(built / "filings" / f"{name}.pdf")))
        assert words == printed, name


def without_headers(text: str) -> str:
    """Table header rows repeat on each PDF page: compare the text without them."""
    for header in TABLE_HEADERS:
        text = text.replace(header, "")
    return text


def test_pdfs_are_a4_with_noto_serif_embedded(built: Path) -> None:
    manifest = json.loads((built / "manifest.json").read_text("utf-8"))
    listed = {o["path"]: o for o in manifest["outputs"]}
    for name in filings_of(built):
        rel = f"filings/{name}.pdf"
        with pikepdf.open(built / rel) as pdf:
            assert listed[rel]["pages"] == len(pdf.pages) >= 1
            assert all([round(float(v)) for v in page.mediabox] == [0, 0, 595, 842] for page in pdf.pages)
            fonts = {str(f.get("/BaseFont")) for page in pdf.pages for f in page.Resources.Font.values()}
        assert fonts and all("Noto-Serif-CJK-SC" in f for f in fonts), fonts
        listing = subprocess.run(["pdffonts", str(built / rel)], capture_output=True, text=True, check=True).stdout
        assert all(line.split()[-5] == "yes" for line in listing.splitlines()[2:]), listing  # emb column
        twin = listed[f"filings/{name}.docx"]
        assert (twin["pages"], twin["pages_from"]) == (listed[rel]["pages"], rel)
        assert docx_pages(built / twin["path"]) == twin["pages"]


def test_report_records_what_was_reconciled(built: Path) -> None:
    report = json.loads((built / "report.json").read_text("utf-8"))
    reconciled = {f["filing"]: f for f in report["filings"]}
    assert set(reconciled) == set(filings_of(built))
    fields = {item["field"]: item["value"] for f in reconciled.values() for item in f["reconciled"]}
    assert any(field.endswith(".capital") and value.startswith("人民币") for field, value in fields.items())
    assert all(f["files"] == [f"filings/{name}.docx", f"filings/{name}.pdf"] for name, f in reconciled.items())
    assert all({"field": "pages", "value": str(f["pages"])} in f["reconciled"] for f in reconciled.values())


def test_payment_order_shows_amounts_parties_and_citations() -> None:
    out = Path(SAMPLES.parent / ".pytest-filings-out")
    shutil.rmtree(out, ignore_errors=True)
    try:
        folder = build_from_folder(SAMPLES / "consumer-loan", out, BuildRequest(on=SIGNED_ON)).result.folder
        text = normalised(pdf_text(folder / "filings" / "payment_order.pdf"))
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    finally:
        shutil.rmtree(out, ignore_errors=True)
    assert "欠款¥121,877.30（大写：人民币壹拾贰万壹仟捌佰柒拾柒元叁角）" in text
    assert "被申请人：刘建华" in text and "11010519860514041X" in text and "周丽娟" not in text
    first = manifest["exhibits"][0]
    assert f"证据1，第{first['first_page']}–{first['last_page']}页" in text
    assert "自2025年4月1日起至实际清偿之日止" in text and "2025年11月3日" in text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_every_docx_and_it_shows_the_reconciled_values(built: Path, tmp_path: Path) -> None:
    docx_files = sorted(str(p) for p in (built / "filings").glob("*.docx"))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), *docx_files],
                   check=True, capture_output=True, timeout=180)
    for filing in prepared_from_build(built):
        converted = tmp_path / f"{filing.name}.pdf"
        mismatches = reconcile(converted.name, pdf_text(converted), filing.expected)
        assert filing.expected and mismatches == [], mismatches
    # The page count the manifest gives each DOCX (its PDF twin's, which the DOCX states itself) is the
    # number of pages a word processor lays it out on.
    manifest = json.loads((built / "manifest.json").read_text("utf-8"))
    listed = {o["path"]: o for o in manifest["outputs"]}
    for name in filings_of(built):
        docx = listed[f"filings/{name}.docx"]
        with pikepdf.open(tmp_path / f"{name}.pdf") as converted:
            laid_out = len(converted.pages)
        assert docx["pages_from"] == f"filings/{name}.pdf" and docx["pages"] == listed[docx["pages_from"]]["pages"]
        assert (name, laid_out) == (name, docx["pages"]) == (name, docx_pages(built / "filings" / f"{name}.docx"))


def prepared_from_build(built: Path) -> list[PreparedFiling]:
    """The filings' content as the build made it, its exhibit pages taken from manifest.json."""
    case = load_case(SAMPLES / sample_of(built))
    manifest = json.loads((built / "manifest.json").read_text("utf-8"))
    exhibits = [CitedExhibit(e["no"], e["title"], "", "", e["file"], e["first_page"], e["last_page"])
                for e in manifest["exhibits"]]
    sources = sources_of(case, exhibits, SIGNED_ON)
    return prepare_filings(sources, filings_of(built))


def test_verify_catches_a_changed_filing(built: Path, tmp_path: Path) -> None:
    copy = tmp_path / built.name
    shutil.copytree(built, copy)
    with (copy / "filings" / "claim_sheet.docx").open("ab") as handle:
        handle.write(b"\0")
    code, output = run("verify", str(copy))
    assert code == ExitCode.VERIFICATION_FAILED and "claim_sheet.docx" in output


def test_verify_checks_the_page_count_of_each_docx(built: Path, tmp_path: Path) -> None:
    name = filings_of(built)[-1]
    rel = f"filings/{name}.docx"

    def copy_with(change, folder: str) -> Path:  # type: ignore[no-untyped-def]
        copy = tmp_path / folder / built.name
        shutil.copytree(built, copy)
        data = json.loads((copy / "manifest.json").read_text("utf-8"))
        change(copy, next(o for o in data["outputs"] if o["path"] == rel))
        (copy / "manifest.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        return copy

    def more_pages(copy: Path, entry: dict[str, Any]) -> None:
        entry["pages"] += 1

    found = verify_output(copy_with(more_pages, "manifest"))
    assert [(p.code, p.loc.file if p.loc else None) for p in found] == [("page_count", rel)] * 2, found

    def docx_states_more(copy: Path, entry: dict[str, Any]) -> None:  # and the manifest is re-hashed to match
        path = copy / rel
        path.write_bytes(finished_docx(path.read_bytes(), entry["pages"] + 1))
        entry["sha256"], entry["bytes"] = sha256_file(path), path.stat().st_size

    found = verify_output(copy_with(docx_states_more, "docx"))
    assert [(p.code, p.loc.file if p.loc else None) for p in found] == [("page_count", rel)], found
    assert "docProps/app.xml" in found[0].message

    def twin_unknown(copy: Path, entry: dict[str, Any]) -> None:
        entry["pages_from"] = "filings/nothing.pdf"

    assert [p.code for p in verify_output(copy_with(twin_unknown, "twin"))] == ["manifest_invalid"]


def test_read_back_refuses_a_docx_stating_another_page_count(built: Path, tmp_path: Path) -> None:
    name = filings_of(built)[0]
    docx, pdf = tmp_path / f"{name}.docx", built / "filings" / f"{name}.pdf"
    with pikepdf.open(pdf) as opened:
        pages = len(opened.pages)
    docx.write_bytes(finished_docx((built / "filings" / f"{name}.docx").read_bytes(), pages + 1))
    counted, mismatches = reconcile_pages(RenderedFiling(name, docx, pdf, pages))
    assert counted == pages
    assert [(m.document, m.field, m.expected, m.found) for m in mismatches] == [
        (docx.name, "pages", str(pages), str(pages + 1))]
    docx.write_bytes(finished_docx(docx.read_bytes(), pages))
    assert reconcile_pages(RenderedFiling(name, docx, pdf, pages)) == (pages, [])


def test_templates_are_generated_deterministically() -> None:
    for name, make in TEMPLATES_MADE.items():
        built_in = SAMPLES.parent / "evidence_kit" / "templates" / f"{name}.docx"
        assert deterministic_bytes(make()) == built_in.read_bytes(), f"run python -m evidence_kit.filings.docxgen ({name})"


# --------------------------------------------------------------------------- eligibility


def consumer_case():  # type: ignore[no-untyped-def]
    return load_case(SAMPLES / "consumer-loan")


def codes(case, wanted: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    claims = [d.claim for d in debts_of(case)]
    return [p.code for p in eligibility_problems(case, claims, wanted) if p.severity == "error"]


def test_samples_are_eligible() -> None:
    assert codes(consumer_case(), ["payment_order", "preservation"]) == []


def test_payment_order_conditions() -> None:
    case = consumer_case()
    borrower = dataclasses.replace(case.debtors[0], address="香港特别行政区示例道1号")
    assert codes(dataclasses.replace(case, debtors=(borrower, *case.debtors[1:])), ["payment_order"]) == [
        "not_eligible_outside_mainland"]
    borrower = dataclasses.replace(case.debtors[0], address="")
    assert codes(dataclasses.replace(case, debtors=(borrower,)), ["payment_order"]) == ["not_eligible_no_address"]
    loan = dataclasses.replace(case.loan, accelerated_on=None)
    assert "not_eligible_not_due" in codes(dataclasses.replace(case, loan=loan), ["payment_order"])
    pre = dataclasses.replace(case.filings.preservation, stage="pre_litigation")
    filings = dataclasses.replace(case.filings, preservation=pre)
    assert codes(dataclasses.replace(case, filings=filings), ["payment_order"]) == ["filing_conflict"]


def test_preservation_conditions() -> None:
    case = consumer_case()
    request = case.filings.preservation
    bad = dataclasses.replace(request, amount=Decimal("999999.00"), assets=(), stage="pre_litigation")
    found = codes(dataclasses.replace(case, filings=dataclasses.replace(case.filings, preservation=bad)),
                  ["preservation"])
    assert found == ["not_eligible_preservation_amount", "not_eligible_no_assets", "not_eligible_guarantee"]


def test_enforcement_conditions() -> None:
    case = load_case(SAMPLES / "enforcement")
    assert codes(case, ["enforcement"]) == []
    late = dataclasses.replace(case, as_of=date(2027, 6, 1))
    assert codes(late, ["enforcement"]) == ["enforcement_deadline_passed"]
    early = dataclasses.replace(case, as_of=date(2025, 5, 10))
    assert codes(early, ["enforcement"]) == ["not_eligible_not_yet_due"]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_ineligible_build_is_exit_12_and_writes_nothing(tmp_path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    case_dir = tmp_path / "case"
    shutil.copytree(SAMPLES / "consumer-loan", case_dir)
    edit(case_dir / "case.yaml", "    amount: '118915.22'", "    amount: '999999.00'")
    code, output = run("build", str(case_dir), "-o", str(tmp_path / "out"))
    assert code == ExitCode.NOT_ELIGIBLE, output
    assert "MPL art. 105" in output
    assert not any((tmp_path / "out").glob("*/filings")) if (tmp_path / "out").exists() else True


def test_template_printing_another_amount_is_exit_8(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    html = (SAMPLES.parent / "evidence_kit" / "templates" / "claim_sheet.html").read_text("utf-8")
    (templates / "claim_sheet.html").write_text(html.replace("{{ item.amount }}", "¥1.00"), "utf-8")
    code, output = run("build", str(SAMPLES / "consumer-loan"), "-o", str(tmp_path / "out"), "--templates",
                       str(templates), "--filings", "claim_sheet")
    assert code == ExitCode.VERIFICATION_FAILED, output
    assert "claim_sheet.pdf" in output and "¥117,736.74" in output and "¥1.00" in output
    assert not (tmp_path / "out" / "SLBJ-GX-2023-0417").exists()


@pytest.mark.parametrize(("old", "new", "field", "shown"), [
    ("{{ party.text }}", "{{ party.text | replace('刘建华', '刘建革') }}", "被申请人[0].name", "刘建革"),
    ("{{ party.text }}", "{{ party.text | replace('0514041X', '0514042X') }}", "被申请人[0].id_number",
     "110105198605140"),
    ("{{ fact }}", "{{ fact | replace('证据1，第', '证据1，第1') }}", "证据1.pages", "第14–8页"),
])
def test_template_changing_a_name_or_a_citation_is_exit_8(tmp_path: Path, old: str, new: str, field: str,
                                                          shown: str) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    html = (SAMPLES.parent / "evidence_kit" / "templates" / "application.html").read_text("utf-8")
    assert old in html
    (templates / "application.html").write_text(html.replace(old, new), "utf-8")
    code, output = run("build", str(SAMPLES / "consumer-loan"), "-o", str(tmp_path / "out"), "--templates",
                       str(templates), "--filings", "payment_order")
    assert code == ExitCode.VERIFICATION_FAILED, output
    assert "payment_order.pdf" in output and field in output and shown in output


def test_template_changing_a_property_clue_is_exit_8(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    html = (SAMPLES.parent / "evidence_kit" / "templates" / "application.html").read_text("utf-8")
    (templates / "application.html").write_text(
        html.replace("{{ fact }}", "{{ fact | replace('京N·7K3M2', '京N·7K3M9') }}"), "utf-8")
    code, output = run("build", str(SAMPLES / "enforcement"), "-o", str(tmp_path / "out"), "--templates",
                       str(templates), "--filings", "enforcement")
    assert code == ExitCode.VERIFICATION_FAILED, output
    assert "enforcement.pdf" in output and "enforcement.property_clues[1]" in output and "京N·7K3M2" in output


def test_a_property_clue_needs_a_description(tmp_path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    case_dir = tmp_path / "case"
    shutil.copytree(SAMPLES / "enforcement", case_dir)
    edit(case_dir / "case.yaml", "    - kind: 机动车\n      description:", "    - kind: 机动车\n      note:")
    found = [(p.code, p.loc.row if p.loc else None, p.loc.column if p.loc else None)
             for p in read_case(case_dir).errors]
    row = line_of(case_dir / "case.yaml", "    - kind: 机动车")
    assert found == [("schema", row + 1, "filings.enforcement.property_clues.1.note"),
                     ("schema", row, "filings.enforcement.property_clues.1")], found


def test_template_with_unknown_variable_is_exit_6(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "application.html").write_text("<h1>{{ title }}</h1>\n<p>{{ debtor_name }}</p>\n", "utf-8")
    code, output = run("build", str(SAMPLES / "consumer-loan"), "-o", str(tmp_path / "out"), "--templates",
                       str(templates), "--filings", "payment_order")
    assert code == ExitCode.TEMPLATE_ERROR, output
    assert re.search(r"application\.html, line 2", output), output


def test_complaint_refused_after_limitation_and_warned_near_it() -> None:
    case = load_case(SAMPLES / "business-loan")
    assert complaint_problems(case) == []
    from evidence_kit.claim.limitation import compute_limitation

    expiry = compute_limitation(case).expiry
    near = complaint_problems(dataclasses.replace(case, as_of=expiry))
    assert [(p.code, p.severity) for p in near] == [("limitation_near", "warning")]
    late = complaint_problems(dataclasses.replace(case, as_of=date(expiry.year + 1, 1, 1)))
    assert [(p.code, p.severity) for p in late] == [("limitation_expired", "error")]


def test_payment_order_with_pre_litigation_preservation_is_exit_12(tmp_path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    case_dir = tmp_path / "case"
    shutil.copytree(SAMPLES / "consumer-loan", case_dir)
    edit(case_dir / "case.yaml", "    stage: litigation", "    stage: pre_litigation")
    code, output = run("build", str(case_dir), "-o", str(tmp_path / "out"))
    assert code == ExitCode.NOT_ELIGIBLE, output
    assert "art. 427(七)" in output and not (tmp_path / "out" / "SLBJ-GX-2023-0417").exists()


def test_filings_option_limits_and_refuses_unknown_names(tmp_path: Path) -> None:
    code, output = run("build", str(SAMPLES / "consumer-loan"), "-o", str(tmp_path / "out"), "--filings", "summons")
    assert code == ExitCode.USAGE and "payment_order" in output
    code, output = run("build", str(SAMPLES / "enforcement"), "-o", str(tmp_path / "out"), "--filings", "payment_order")
    assert code == ExitCode.USAGE and "does not ask for payment_order" in output
    code, output = run("build", str(SAMPLES / "consumer-loan"), "-o", str(tmp_path / "out"), "--filings",
                       "payment_order,evidence_list")
    assert code == 0, output
    made = sorted(p.name for p in (tmp_path / "out" / "SLBJ-GX-2023-0417" / "filings").iterdir())
    assert made == ["evidence_list.docx", "evidence_list.pdf", "payment_order.docx", "payment_order.pdf"]


CLAIMED = (re.compile(r"  claimed:\n(    .*\n)+"), "")
"""Drop the bank's own figures (they were for the sample's as_of)."""
INELIGIBLE: dict[str, tuple[str, list[tuple[Any, str]], str]] = {
    "outside_mainland": ("consumer-loan", [("  address: 北京市朝阳区示例路18号院3号楼2单元501室",
                                             "  address: 香港特别行政区示例道1号")], "not_eligible_outside_mainland"),
    "no_assets": ("consumer-loan", [(re.compile(r"    assets:\n(    - .*\n|      .*\n)+"), "    assets: []\n")],
                  "not_eligible_no_assets"),
    "guarantee": ("consumer-loan", [("  payment_order: {}\n", ""), ("    stage: litigation", "    stage: pre_litigation"),
                                    ("      amount: '118915.22'", "      amount: '1000.00'")], "not_eligible_guarantee"),
    "not_yet_due": ("enforcement", [("      performance_due: '2025-05-18'", "      performance_due: '2025-11-18'")],
                    "not_eligible_not_yet_due"),
    "enforcement_period": ("enforcement", [("as_of: '2025-10-31'", "as_of: '2027-10-31'"), CLAIMED],
                           "enforcement_deadline_passed"),
    "limitation": ("business-loan", [("as_of: '2025-06-30'", "as_of: '2029-06-30'"), CLAIMED], "limitation_expired"),
}


@pytest.mark.parametrize("condition", sorted(INELIGIBLE))
def test_each_condition_refused_with_exit_12_naming_it(condition: str, tmp_path: Path) -> None:
    sample, edits, code_name = INELIGIBLE[condition]
    case_dir = tmp_path / "case"
    shutil.copytree(SAMPLES / sample, case_dir)
    for old, new in edits:
        text = (case_dir / "case.yaml").read_text("utf-8")
        changed = old.sub(new, text, count=1) if isinstance(old, re.Pattern) else text.replace(old, new, 1)
        assert changed != text, old
        (case_dir / "case.yaml").write_text(changed, "utf-8")
    code, output = run("build", str(case_dir), "-o", str(tmp_path / "out"), "--json")
    assert code == ExitCode.NOT_ELIGIBLE, output
    assert code_name in output and not list((tmp_path / "out").glob("*/filings"))


def test_remaining_conditions_at_the_library_level() -> None:
    case = consumer_case()
    [claim] = [d.claim for d in debts_of(case)]
    nothing = eligibility_problems(case, [dataclasses.replace(claim, total=Decimal("0.00"))], ["payment_order"])
    assert [p.code for p in nothing] == ["not_eligible_nothing_due"]
    undisbursed = dataclasses.replace(case, loan=dataclasses.replace(case.loan, disbursed_on=date(2025, 6, 1)))
    assert [p.code for p in eligibility_problems(undisbursed, [claim], ["payment_order"])] == [
        "not_eligible_counter_obligation"]
    enforcement = load_case(SAMPLES / "enforcement")
    request = enforcement.filings.enforcement
    blank = dataclasses.replace(request, basis=dataclasses.replace(request.basis, number=" "))
    case = dataclasses.replace(enforcement, filings=dataclasses.replace(enforcement.filings, enforcement=blank))
    assert codes(case, ["enforcement"]) == ["not_eligible_basis"]
    for problem in nothing:
        assert problem.hint and "art." in problem.message
