"""Exhibit files → normalised PDF pages, ready to be planned and assembled.

The type of a file is told from its content (magic bytes), never from its name; a file
whose name promises another type is refused, because it is most likely the wrong file.
PDFs are opened, repaired and sanitised (:mod:`evidence_kit.exhibit_pdf`), images are
placed on A4 (:mod:`evidence_kit.exhibit_images`); recordings, the generated repayment
ledger and contact log, and the placeholders of sensitive exhibits become HTML sections
that are laid out together in one render.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pikepdf

from evidence_kit.bundle.htmlpdf import Section, lay_out_sections
from evidence_kit.bundle.images import image_pdf
from evidence_kit.bundle.pdf import open_pdf_exhibit
from evidence_kit.case.audio import audio_duration, duration_text
from evidence_kit.case.files import sha256_file
from evidence_kit.case.model import (
    CHANNEL_NAMES,
    OUTCOME_NAMES,
    PARTY_NAMES,
    Case,
    Contact,
    Exhibit,
    Payment,
)
from evidence_kit.case.sniff import (
    AUDIO_TYPES,
    EXHIBIT_TYPES,
    EXTENSIONS,
    IMAGE_TYPES,
    PDF,
    extension_type,
    sniff,
)
from evidence_kit.errors import InputUnreadable
from evidence_kit.money import format_amount

ROWS_PER_LAYOUT = 1000
"""Ledger rows laid out at a time (about 35 landscape pages, 13 s and 350 MB peak when measured): layout memory
stays flat however long the ledger; WeasyPrint's time per row grows beyond this size (2,000 rows: 37 s, 540 MB)."""
AUDIO_FORMATS = {"mp3": "MP3", "wav": "WAV", "amr": "AMR", "m4a": "M4A (AAC)"}
LEDGER_KEY, CONTACTS_KEY = "ledger", "contacts"


@dataclass
class PageSource:
    """Where an exhibit's pages come from: a PDF in memory and which of its pages.

    ``owned`` pages were laid out by the tool on A4 with the stamp band free; foreign
    pages get placed on A4 when stamped.
    """

    pdf: pikepdf.Pdf
    pages: range
    owned: bool
    _page_list: list[pikepdf.Page] | None = field(default=None, repr=False)

    def page_list(self) -> list[pikepdf.Page]:
        """The PDF's pages as a list (indexing ``pdf.pages`` one by one is slow)."""
        if self._page_list is None:
            self._page_list = list(self.pdf.pages)
        return self._page_list


@dataclass
class PreparedExhibit:
    """One exhibit of the bundle, before planning: its index row and where its pages are."""

    key: str
    title: str
    source: str
    proves: str
    file: str
    kind: str
    sha256: str = ""
    original: bool | None = None
    notes: list[str] = field(default_factory=list)
    pages: PageSource | None = None
    section: Section | None = None

    @property
    def page_count(self) -> int:
        if self.pages is None:
            raise RuntimeError(f"exhibit {self.key} has not been laid out yet")
        return len(self.pages.pages)


def sniff_exhibit(path: Path, name: str) -> str:
    """The exhibit's type from its content; refuses empty, unknown and misnamed files (exit 5)."""
    if not path.is_file():
        raise InputUnreadable("the exhibit file does not exist", file=name,
                              hint="check the `file` of this exhibit in case.yaml")
    if path.stat().st_size == 0:
        raise InputUnreadable("the exhibit file is empty (0 bytes)", file=name,
                              hint="export or copy the file again; an empty file cannot be evidence")
    kind = sniff(path)
    if kind not in EXHIBIT_TYPES:
        raise InputUnreadable("not a PDF, a JPEG/PNG/TIFF image or an mp3/wav/amr/m4a recording", file=name,
                              hint="convert the exhibit to PDF (or one of these formats) and point case.yaml at it")
    named = extension_type(path)
    if named is not None and named != kind:
        raise InputUnreadable(f"the file is named as {named.upper()} but its content is {kind.upper()}", file=name,
                              hint=f"check that this is the right file; if it is, rename it to {EXTENSIONS[kind][0]}")
    return kind


def prepare_exhibit(exhibit: Exhibit, *, profile: str = "court") -> PreparedExhibit:
    """Read one exhibit of case.yaml (raises :class:`InputUnreadable`, exit 5)."""
    kind = sniff_exhibit(exhibit.path, exhibit.file)
    prepared = PreparedExhibit(
        key=str(exhibit.no), title=exhibit.title, source=exhibit.source, proves=exhibit.proves,
        file=exhibit.file, kind=kind, sha256=sha256_file(exhibit.path), original=exhibit.original,
    )
    if kind == PDF:
        pdf, prepared.notes = open_pdf_exhibit(exhibit.path, exhibit.file, exhibit.password)
        prepared.pages = PageSource(pdf, range(len(pdf.pages)), owned=False)
    elif kind in IMAGE_TYPES:
        pdf, prepared.notes = image_pdf(exhibit.path, kind, exhibit.file)
        prepared.pages = PageSource(pdf, range(len(pdf.pages)), owned=True)
    elif kind in AUDIO_TYPES:
        prepared.section = audio_section(exhibit, kind, prepared.sha256)
    if exhibit.sensitive and profile == "collector":
        pages = prepared.page_count if prepared.pages is not None else 1
        prepared.notes.append("sensitive: replaced by a placeholder page in the collector profile")
        prepared.section = sensitive_section(exhibit, prepared.sha256, pages)
        close_pages(prepared)
    return prepared


def close_pages(prepared: PreparedExhibit) -> None:
    if prepared.pages is not None:
        prepared.pages.pdf.close()
        prepared.pages = None


# --------------------------------------------------------------------------- recordings


def audio_section(exhibit: Exhibit, kind: str, sha256: str) -> Section:
    """A placeholder page: file name, SHA-256, size, duration and the transcript if given."""
    size = exhibit.path.stat().st_size
    seconds = audio_duration(exhibit.path, kind)
    return Section(f"exhibit-{exhibit.no}", "audio_exhibit.html", {
        "title": exhibit.title,
        "file_name": exhibit.path.name,
        "format": AUDIO_FORMATS.get(kind, kind.upper()),
        "size": f"{size:,} 字节",
        "duration": duration_text(seconds),
        "sha256": sha256,
        "source": exhibit.source,
        "transcript": (exhibit.transcript or "").strip(),
    })


def sensitive_section(exhibit: Exhibit, sha256: str, pages: int) -> Section:
    return Section(f"exhibit-{exhibit.no}", "sensitive_exhibit.html", {
        "title": exhibit.title, "file_name": exhibit.path.name, "pages": pages, "sha256": sha256,
    })


# --------------------------------------------------------------------------- generated exhibits


def generated_exhibits(case: Case, *, ledger: bool = True, contacts: bool = True) -> list[PreparedExhibit]:
    """The repayment ledger and the contact log as table exhibits (when the case has rows).

    A ledger longer than :data:`ROWS_PER_LAYOUT` is laid out in chunks of that many rows, each
    written to disk before the next is laid out, so that its memory does not grow with its length.
    """
    result = []
    if ledger and case.payments:
        long = len(case.payments) > ROWS_PER_LAYOUT
        result.append(_generated(case, LEDGER_KEY, "还款明细", case.payments[0].loc.file,
                                 "借款人的实际还款情况及逾期未还款的事实", None if long else ledger_section(case)))
        if long:
            result[-1].pages = _owned(long_table_pdf(ledger_section(case, rows=False), case.payments, _ledger_row,
                                                     _ledger_total(case.payments)))
    if contacts and case.contacts:
        long = len(case.contacts) > ROWS_PER_LAYOUT
        result.append(_generated(case, CONTACTS_KEY, "催收记录", case.contacts[0].loc.file,
                                 "债权人多次催收的事实，诉讼时效中断", None if long else contacts_section(case)))
        if long:
            result[-1].pages = _owned(long_table_pdf(contacts_section(case, rows=False), case.contacts, _contact_row))
    return result


def _owned(pdf: pikepdf.Pdf) -> PageSource:
    return PageSource(pdf, range(len(pdf.pages)), owned=True)


def _generated(case: Case, key: str, title: str, file: str, proves: str, section: Section | None) -> PreparedExhibit:
    path = case.root / file
    return PreparedExhibit(
        key=key, title=title, source=f"债权人业务系统导出（{file}）", proves=proves, file=file,
        kind=key, sha256=sha256_file(path) if path.is_file() else "", original=True,
        notes=["generated from the case data"], section=section,
    )


def _borrower_names(case: Case) -> str:
    return "、".join(p.name for p in case.borrowers) or "—"


def ledger_section(case: Case, *, rows: bool = True) -> Section:
    """The ledger exhibit as one section; without ``rows``, the frame that :func:`long_table_pdf` fills."""
    return Section(LEDGER_KEY, "ledger_exhibit.html", {
        "contract_no": case.loan.contract_no, "borrowers": _borrower_names(case),
        "source_file": case.payments[0].loc.file, "heading": True,
        "rows": [_ledger_row(n, p) for n, p in enumerate(case.payments, start=1)] if rows else [],
        "total": _ledger_total(case.payments) if rows else None,
    }, landscape=True)


def long_table_pdf(frame: Section, items: Sequence[Any], row_of: Callable[[int, Any], dict[str, Any]],
                   total: dict[str, str] | None = None) -> pikepdf.Pdf:
    """A long table exhibit laid out :data:`ROWS_PER_LAYOUT` rows at a time.

    Each chunk is laid out and written to a file of its own; the files are then joined by
    libqpdf, which reads their pages from disk, and the joined PDF is opened from disk too.
    The heading is on the first page, the total (if any) under the last row, the column heads
    on every page.
    """
    with tempfile.TemporaryDirectory(prefix="evidence-kit-table-") as tmp:
        folder = Path(tmp)
        chunks: list[Path] = []
        for start in range(0, len(items), ROWS_PER_LAYOUT):
            stop = min(start + ROWS_PER_LAYOUT, len(items))
            section = replace(frame, context={
                **frame.context, "rows": [row_of(n, items[n - 1]) for n in range(start + 1, stop + 1)],
                "heading": start == 0, "total": total if stop == len(items) else None,
            })
            chunk = folder / f"{len(chunks):06d}.pdf"
            chunk.write_bytes(lay_out_sections([section], title=frame.anchor, what=f"the {frame.anchor} exhibit").write_pdf())
            chunks.append(chunk)
        joined = folder / "joined.pdf"
        pikepdf.Job(["qpdf", "--empty", "--pages", *map(str, chunks), "--", str(joined)]).run()
        for chunk in chunks:
            chunk.unlink()
        return pikepdf.open(joined)  # kept open after the folder is removed: the file stays readable


def _amount(value: Decimal | None) -> str:
    return "" if value is None else format_amount(value)


def _ledger_row(no: int, payment: Payment) -> dict[str, Any]:
    return {
        "no": no, "date": payment.date.isoformat(), "amount": _amount(payment.amount),
        "principal": _amount(payment.principal), "interest": _amount(payment.interest),
        "penalty": _amount(payment.penalty), "compound": _amount(payment.compound), "fee": _amount(payment.fee),
        "reference": payment.reference, "note": payment.note,
    }


def _ledger_total(payments: Sequence[Payment]) -> dict[str, str]:
    def total(values: Sequence[Decimal | None]) -> str:
        present = [v for v in values if v is not None]
        return format_amount(sum(present, Decimal("0"))) if present else ""

    return {
        "amount": total([p.amount for p in payments]),
        "principal": total([p.principal for p in payments]), "interest": total([p.interest for p in payments]),
        "penalty": total([p.penalty for p in payments]), "compound": total([p.compound for p in payments]),
        "fee": total([p.fee for p in payments]),
    }


def contacts_section(case: Case, *, rows: bool = True) -> Section:
    return Section(CONTACTS_KEY, "contacts_exhibit.html", {
        "contract_no": case.loan.contract_no, "borrowers": _borrower_names(case),
        "source_file": case.contacts[0].loc.file, "heading": True,
        "rows": [_contact_row(n, c) for n, c in enumerate(case.contacts, start=1)] if rows else [],
    }, landscape=True)


def _contact_row(no: int, contact: Contact) -> dict[str, Any]:
    duration = "" if contact.duration_s is None else f"{contact.duration_s // 60}分{contact.duration_s % 60:02d}秒"
    return {
        "no": no, "time": contact.time.strftime("%Y-%m-%d %H:%M"),
        "channel": CHANNEL_NAMES.get(contact.channel, contact.channel),
        "party": PARTY_NAMES.get(contact.party, contact.party), "target": contact.target,
        "outcome": OUTCOME_NAMES.get(contact.outcome, contact.outcome), "duration": duration,
        "agent": contact.agent, "summary": contact.summary, "evidence": contact.evidence,
    }
