"""Scan every byte of a built folder for personal identifiers (the collector profile's promise)."""

from __future__ import annotations

import subprocess
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pikepdf


def pdf_texts(path: Path) -> Iterator[bytes]:
    """The file's raw bytes, every stream decoded, every string, and the text pdftotext reads."""
    yield path.read_bytes()
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                try:
                    yield obj.read_bytes()
                except pikepdf.PdfError:
                    yield obj.read_raw_bytes()
            elif isinstance(obj, pikepdf.String):
                yield bytes(obj)
        yield repr(pdf.docinfo).encode()
    yield subprocess.run(["pdftotext", "-q", str(path), "-"], capture_output=True, check=False).stdout


def file_texts(path: Path) -> Iterator[bytes]:
    yield path.name.encode()
    if path.suffix == ".pdf":
        yield from pdf_texts(path)
    elif path.suffix in (".zip", ".docx"):
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                yield info.filename.encode()
                yield zf.read(info)
    else:
        yield path.read_bytes()


def leaks(folder: Path, identifiers: Iterable[str]) -> list[tuple[str, str]]:
    """(path, identifier) for every full identifier found anywhere under the folder.

    Names are scanned as well as contents: the path of every file and folder under ``folder``
    (each of its parts), and every entry name of a zip or DOCX.
    """
    wanted = [(i, i.encode("utf-8"), i.encode("utf-16-be")) for i in identifiers if i]
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        blobs = [rel.encode("utf-8"), *(file_texts(path) if path.is_file() else ())]
        for blob in blobs:
            for text, utf8, utf16 in wanted:
                if utf8 in blob or utf16 in blob:
                    found.append((rel, text))
    return sorted(set(found))
