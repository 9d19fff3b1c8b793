"""One content shape for every notice document (letters, visit pack, agreements) and its rendering.

Each document is built as a :class:`NoticeDocument` and laid out by the filings' render layer
(DOCX with docxtpl, PDF with WeasyPrint) from ``templates/NAME.docx`` and ``NAME.html``;
the built-in templates of every notice share ``notice_document.html`` and one generated DOCX
(``python -m evidence_kit.notices.docxgen``). A bank may replace any one of them
(``--templates DIR``); its wording is linted like the tool's own.

Rendering happens in a work folder: the DOCX and PDF are read back, their text linted
(compliance rules) and reconciled with the amounts they must show; only then are they
moved into the output folder.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from evidence_kit.check.lint import lint_texts
from evidence_kit.errors import CannotWrite, describe_os_error
from evidence_kit.filings.claim_sheet import AmountRow
from evidence_kit.filings.content import Expected
from evidence_kit.filings.epoch import build_epoch, epoch_time
from evidence_kit.filings.readback import (
    docx_text,
    normalised,
    pdf_text,
    reconcile,
    refuse_mismatches,
)
from evidence_kit.filings.render import Filing, Templates, render_filings, texts_of
from evidence_kit.i18n import _
from evidence_kit.notices.lint import refuse_findings


@dataclass(frozen=True)
class Pair:
    label: str
    value: str


@dataclass(frozen=True)
class ScheduleRow:
    number: str
    due_date: str
    amount: str
    detail: str
    balance: str


@dataclass(frozen=True)
class NoticeDocument:
    """The words of a notice document; empty parts are left out by the templates."""

    title: str
    reference: str
    addressee: str
    opening: tuple[str, ...]
    amounts: tuple[AmountRow, ...]
    middle: tuple[str, ...]
    terms_heading: str
    terms: tuple[Pair, ...]
    schedule_heading: str
    schedule: tuple[ScheduleRow, ...]
    closing: tuple[str, ...]
    form_heading: str
    form: tuple[Pair, ...]
    signers: tuple[str, ...]
    signed_on: str
    receipt: tuple[str, ...]


def empty_document(title: str, **parts: object) -> NoticeDocument:
    """A document with every part empty except those given."""
    base: dict[str, object] = {"title": title, "reference": "", "addressee": "", "opening": (), "amounts": (),
                               "middle": (), "terms_heading": "", "terms": (), "schedule_heading": "",
                               "schedule": (), "closing": (), "form_heading": "", "form": (), "signers": (),
                               "signed_on": "", "receipt": ()}
    base.update(parts)
    return NoticeDocument(**base)  # type: ignore[arg-type]


@dataclass(frozen=True)
class PreparedNotice:
    """A document ready to render: its template name, content, values to read back, data not to lint."""

    name: str
    title: str
    content: NoticeDocument
    expected: tuple[Expected, ...]
    data: tuple[str, ...]
    """Names, addresses and other case data: blanked before the lint judges the wording."""


def render_notice(prepared: PreparedNotice, out: Path, templates: Templates | None = None,
                  created: datetime | None = None) -> list[Path]:
    """Render, read back, lint, reconcile; then move NAME.docx and NAME.pdf into ``out``.

    ``created`` dates the files (DOCX properties and zip entries, PDF dates); default:
    :func:`file_time`, so that the same case and ``SOURCE_DATE_EPOCH`` give the same bytes.
    """
    refuse_findings(lint_texts(texts_of(prepared.content), prepared.data))
    with tempfile.TemporaryDirectory(prefix="evidence-kit-notice-") as work:
        rendered = render_filings([Filing(prepared.name, prepared.content, prepared.title)], Path(work), templates,
                                  created=created or file_time())[0]
        texts = {rendered.docx.name: docx_text(rendered.docx), rendered.pdf.name: pdf_text(rendered.pdf)}
        # Line breaks fall anywhere in Chinese text: the read-back is judged without whitespace.
        refuse_findings(lint_texts(((n, normalised(t)) for n, t in texts.items()), prepared.data))
        refuse_mismatches([m for name, text in texts.items() for m in reconcile(name, text, prepared.expected)])
        return publish([rendered.docx, rendered.pdf], out)


def file_time() -> datetime:
    """The moment a notice's files are dated: ``SOURCE_DATE_EPOCH`` when set, else now (China time)."""
    return epoch_time(build_epoch())


def publish(files: Sequence[Path], out: Path) -> list[Path]:
    try:
        out.mkdir(parents=True, exist_ok=True)
        return [Path(shutil.move(str(f), out / f.name)) for f in files]
    except OSError as exc:
        raise CannotWrite(_("cannot write into {path} ({why})", path=out, why=describe_os_error(exc)), file=str(out),
                          hint=_("check that the output folder is writable and the disk is not full")) from exc


def write_text(path: Path, text: str) -> Path:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    except OSError as exc:
        raise CannotWrite(_("cannot write {name} ({why})", name=path.name, why=describe_os_error(exc)), file=str(path),
                          hint=_("check that the output folder is writable and the disk is not full")) from exc
    return path


def lines(*parts: str | Iterable[str]) -> tuple[str, ...]:
    """Flatten strings and iterables of strings, dropping empty ones."""
    out: list[str] = []
    for part in parts:
        out.extend([part] if isinstance(part, str) else list(part))
    return tuple(p for p in out if p)


def document_text(document: NoticeDocument) -> str:
    """Every part of a document as plain text, in layout order (golden tests; a preview)."""
    out = [document.title, document.reference, document.addressee, *document.opening]
    out += [f"{r.label}\t{r.amount}\t{r.capital}" for r in document.amounts]
    out += list(document.middle)
    out += [document.terms_heading if document.terms else "", *(f"{p.label}\t{p.value}" for p in document.terms)]
    out += [document.schedule_heading if document.schedule else ""]
    out += [f"{r.number}\t{r.due_date}\t{r.amount}\t{r.detail}\t{r.balance}" for r in document.schedule]
    out += list(document.closing)
    out += [document.form_heading if document.form else "", *(p.label for p in document.form)]
    out += [*document.signers, document.signed_on, *document.receipt]
    return "\n".join(line for line in out if line) + "\n"
