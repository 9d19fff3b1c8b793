"""Read every rendered filing back and reconcile it with its sources (exit 8 on any mismatch).

The PDF's text comes from poppler (``pdftotext -raw``, one process per file, side by side),
the DOCX's from its ``word/document.xml`` read with python-docx's XML layer (paragraphs and
table cells in document order). Whitespace is removed before comparing
(line breaks fall anywhere in Chinese text). Each :class:`Expected` value must follow its
anchor; when it does not, the value found there (or "absent") is reported.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from evidence_kit.errors import MissingDependency, VerificationFailed
from evidence_kit.filings.content import Expected
from evidence_kit.filings.render import APP_PROPERTIES, EXTENDED_PROPERTIES
from evidence_kit.i18n import N_, _, translate
from evidence_kit.limits import DOCX_PROPERTIES_MAX_BYTES

_SPACE = re.compile(r"\s+")
PAGE_NUMBER = re.compile(r"—\s*\d+\s*—")
"""The page number "— N —" at each page's foot: page furniture, not the filing's text."""
_FOUND_LENGTH = 40
ABSENT = N_("absent")
"""What a mismatch reports as found when the anchor is missing from the text."""


@dataclass(frozen=True)
class Mismatch:
    document: str
    field: str
    expected: str
    found: str
    """The text after the anchor, or :data:`ABSENT` when the anchor itself is not there."""

    def __str__(self) -> str:
        found = translate(ABSENT) if self.found == ABSENT else self.found
        return _("{document}: {field} should read {expected}, found {found}", document=self.document,
                 field=self.field, expected=repr(self.expected), found=repr(found))


def normalised(text: str) -> str:
    return _SPACE.sub("", text)


def pdf_text(path: Path) -> str:
    """The PDF's text in content order, page numbers removed."""
    return pdf_texts([path])[0]


def pdf_texts(paths: Sequence[Path]) -> list[str]:
    """The texts of several PDFs, their ``pdftotext`` processes running side by side."""
    try:
        running = [subprocess.Popen(["pdftotext", "-raw", "-enc", "UTF-8", str(p), "-"], stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True) for p in paths]
    except FileNotFoundError as exc:
        raise MissingDependency(_("pdftotext (poppler) is not installed"), file="pdftotext",
                                hint=_("install poppler-utils")) from exc
    texts = []
    for path, process in zip(paths, running, strict=True):
        out, err = process.communicate()
        if process.returncode:
            raise VerificationFailed(_("the filing cannot be read back ({why})", why=err.strip()), file=path.name,
                                     hint=_("nothing was published; report this"))
        texts.append(PAGE_NUMBER.sub("", out))
    return texts


def docx_text(path: Path) -> str:
    """Paragraph and table-cell texts of the document body in order, one paragraph a line."""
    import zipfile

    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    with zipfile.ZipFile(path) as package:
        body = parse_xml(package.read("word/document.xml"))
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))


def docx_pages(path: Path) -> int | None:
    """The page count a DOCX states (``docProps/app.xml`` ``<Pages>``); None when it states none.

    Raises ValueError naming what is wrong when the file or that part cannot be read (the
    part's declared size is checked against :data:`DOCX_PROPERTIES_MAX_BYTES` first).
    """
    import zipfile

    from lxml import etree

    try:
        with zipfile.ZipFile(path) as package:
            if APP_PROPERTIES not in package.namelist():
                return None
            size = package.getinfo(APP_PROPERTIES).file_size
            if size > DOCX_PROPERTIES_MAX_BYTES:
                raise ValueError(_("{part} declares {size} bytes, more than the limit of {limit}", part=APP_PROPERTIES,
                                   size=f"{size:,}", limit=f"{DOCX_PROPERTIES_MAX_BYTES:,}"))
            root = etree.fromstring(package.read(APP_PROPERTIES),
                                    etree.XMLParser(resolve_entities=False, no_network=True))
    except (OSError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise ValueError(_("{part} cannot be read ({why})", part=APP_PROPERTIES, why=exc)) from exc
    stated = root.findtext(f"{{{EXTENDED_PROPERTIES}}}Pages")
    if stated is None:
        return None
    if not stated.strip().isdigit():
        raise ValueError(_("{part} states {pages} pages, not a whole number", part=APP_PROPERTIES, pages=repr(stated)))
    return int(stated)


def reconcile(document: str, text: str, expected: Sequence[Expected]) -> list[Mismatch]:
    """The expected values that the normalised ``text`` does not show after their anchors."""
    flat = normalised(text)
    mismatches = []
    for item in expected:
        anchor, value = normalised(item.anchor), normalised(item.value)
        if anchor + value in flat:
            continue
        mismatches.append(Mismatch(document, item.field, item.value, _found_after(flat, anchor)))
    return mismatches


def _found_after(flat: str, anchor: str) -> str:
    at = flat.find(anchor) if anchor else -1
    if at < 0:
        return ABSENT
    rest = flat[at + len(anchor):at + len(anchor) + _FOUND_LENGTH]
    return re.split(r"[，。；、）]", rest, maxsplit=1)[0] or rest


def refuse_mismatches(mismatches: Sequence[Mismatch]) -> None:
    if mismatches:
        first = mismatches[0]
        message = (_("{mismatch} (and {count} more)", mismatch=first, count=len(mismatches) - 1)
                   if len(mismatches) > 1 else str(first))
        raise VerificationFailed(message, file=f"filings/{first.document}", column=first.field,
                                 hint=_("the template prints something other than the case data; fix the template "
                                        "(nothing was published)"))
