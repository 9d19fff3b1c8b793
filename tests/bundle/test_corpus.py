"""Difficult real PDFs (../shared/corpus/pdfs, see its INDEX.md): included cleanly or refused with exit 5.

Skipped when the shared corpus is not there; the files are never copied into the project.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pikepdf
import pytest

from evidence_kit.case.model import Exhibit
from evidence_kit.errors import ExitCode, InputUnreadable
from evidence_kit.output.build import BuildResult, build_case
from evidence_kit.problems import Location
from tests.factories import make_case

CORPUS = Path(os.environ.get("EVIDENCE_KIT_CORPUS") or Path(__file__).resolve().parents[3] / "shared" / "corpus" / "pdfs").resolve()
"""../shared/corpus/pdfs beside the project, or where $EVIDENCE_KIT_CORPUS says (from a git worktree)."""
FILES = sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []
PASSWORDS = {"enc_user_libreoffice-writer-password.pdf": "openpassword"}
MUST_REFUSE = {
    "broken_unopenable_bug1020226.pdf",
    "broken_truncated_23bytes_qpdf_issue-335b.pdf",
    "enc_user_libreoffice-writer-password.pdf",  # without its password
}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.corpus,
    pytest.mark.skipif(not FILES, reason="../shared/corpus/pdfs is not present"),
]


def corpus_exhibit(path: Path, no: int = 1, password: str | None = None) -> Exhibit:
    return Exhibit(no=no, file=path.name, path=path, title=path.stem, source="公开测试文件", proves="兼容性",
                   loc=Location("case.yaml"), password=password)


def build(exhibits: tuple[Exhibit, ...], out: Path) -> BuildResult:
    case = make_case(root=CORPUS, exhibits=exhibits, payments=(), case_id="CORPUS")
    return build_case(case, out, report_json={}, ledger_exhibit=False, contacts_exhibit=False)


def qpdf_clean(path: Path) -> bool:
    return subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_included_or_refused_with_exit_5(path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    try:
        result = build((corpus_exhibit(path),), out)
    except InputUnreadable as refused:
        assert refused.exit_code == ExitCode.INPUT_UNREADABLE
        assert path.name in str(refused)
        assert not out.exists()  # not even an empty OUT is left behind
        assert path.name in MUST_REFUSE, f"{path.name} was refused: {refused}"
        return
    assert path.name not in MUST_REFUSE
    bundle = result.folder / "bundle.pdf"
    assert qpdf_clean(bundle)
    with pikepdf.open(bundle) as pdf, pikepdf.open(path) as source:
        assert len(pdf.pages) == result.exhibits[0].last_page
        assert result.exhibits[0].last_page - result.exhibits[0].first_page + 1 == len(source.pages)
        assert all(int(page.obj.get("/Rotate", 0)) == 0 for page in pdf.pages)


def test_user_password_from_case_yaml_opens_it(tmp_path: Path) -> None:
    name = "enc_user_libreoffice-writer-password.pdf"
    with pytest.raises(InputUnreadable) as caught:
        build((corpus_exhibit(CORPUS / name),), tmp_path / "refused")
    assert "password" in caught.value.hint
    result = build((corpus_exhibit(CORPUS / name, password=PASSWORDS[name]),), tmp_path / "out")
    assert qpdf_clean(result.folder / "bundle.pdf")
    assert any("decrypted" in note for note in result.notes)


def test_everything_includable_in_one_bundle(tmp_path: Path) -> None:
    usable = [p for p in FILES if p.name not in MUST_REFUSE]
    exhibits = tuple(corpus_exhibit(p, no) for no, p in enumerate(usable, start=1))
    result = build(exhibits, tmp_path / "out")
    assert qpdf_clean(result.folder / "bundle.pdf")
    text = " ".join(result.notes)
    for expected in ("repaired", "annotations removed", "flattened", "JavaScript", "embedded file", "upright"):
        assert expected in text


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_check_and_build_agree(path: Path, tmp_path: Path) -> None:
    """What check refuses, build refuses with exit 5; what check accepts, build builds; check's warnings are build's notes."""
    from evidence_kit.check.exhibits import exhibit_problems

    exhibit = corpus_exhibit(path, password=PASSWORDS.get(path.name))
    problems = exhibit_problems(make_case(root=CORPUS, exhibits=(exhibit,), payments=()))
    errors = [p for p in problems if p.severity == "error"]
    try:
        result = build((exhibit,), tmp_path / "out")
    except InputUnreadable as refused:
        assert errors, f"check passed {path.name}, build refused it: {refused}"
        assert refused.exit_code == ExitCode.INPUT_UNREADABLE
        return
    assert not errors, f"check refused {path.name}, build built it: {errors}"
    for warning in problems:
        said = warning.message.split(") ", 1)[-1]
        assert any(said in note for note in result.notes), f"{warning.code} is not among the build's notes"
