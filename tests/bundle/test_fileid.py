"""The bundle's file identifier: derived from the content, written without a second pass over the file."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pikepdf
import pytest

from evidence_kit.bundle import fileid
from evidence_kit.bundle.fileid import PLACEHOLDER, save_with_content_id
from evidence_kit.case import files
from evidence_kit.case.files import file_digest


def a_pdf(text: str, pages: int = 3) -> pikepdf.Pdf:
    pdf = pikepdf.new()
    for n in range(pages):
        page = pdf.add_blank_page(page_size=(595, 842))
        page.obj.Contents = pdf.make_stream(f"BT /F1 12 Tf 72 720 Td ({text} {n}) Tj ET".encode())
    return pdf


def test_equal_content_gives_equal_bytes_and_the_identifier_is_no_placeholder(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / "c.pdf"
    digests = [save_with_content_id(a_pdf("same"), first), save_with_content_id(a_pdf("same"), second),
               save_with_content_id(a_pdf("other"), other)]
    assert first.read_bytes() == second.read_bytes()
    assert digests == [hashlib.sha256(p.read_bytes()).hexdigest() for p in (first, second, other)]
    with pikepdf.open(first) as pdf, pikepdf.open(other) as changed:
        ids = [bytes(pdf.trailer.ID[0]), bytes(pdf.trailer.ID[1])]
        assert ids[0] == ids[1] and len(ids[0]) == 16 and PLACEHOLDER not in ids
        assert bytes(changed.trailer.ID[0]) != ids[0]
    assert PLACEHOLDER.hex().encode() not in first.read_bytes()
    assert subprocess.run(["qpdf", "--check", str(first)], capture_output=True).returncode == 0


def test_the_digest_computed_while_saving_is_reused_until_the_file_changes(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bundle.pdf"
    digest = save_with_content_id(a_pdf("x"), path)
    hashed: list[Path] = []
    real = files.sha256_file
    monkeypatch.setattr(files, "sha256_file", lambda p, **kw: hashed.append(p) or real(p, **kw))
    assert file_digest(path) == digest and hashed == []
    path.write_bytes(path.read_bytes() + b"\n")  # changed: hashed again
    assert file_digest(path) == hashlib.sha256(path.read_bytes()).hexdigest() and hashed == [path]


def test_without_the_placeholder_the_file_is_saved_with_libqpdfs_deterministic_identifier(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fileid, "_PLACEHOLDER_ID", b"/ID [<not there>]")
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    digest = save_with_content_id(a_pdf("same"), first)
    save_with_content_id(a_pdf("same"), second)
    assert first.read_bytes() == second.read_bytes()
    assert digest == hashlib.sha256(first.read_bytes()).hexdigest()
    with pikepdf.open(first) as pdf:
        assert bytes(pdf.trailer.ID[0]) != PLACEHOLDER
