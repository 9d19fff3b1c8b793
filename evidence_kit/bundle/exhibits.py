"""Exhibit files → normalised PDF pages, ready to be planned and assembled.

The type of a file is told from its content (magic bytes), never from its name; a file
whose name promises another type is refused, because it is most likely the wrong file.
PDFs are opened, repaired, checked and sanitised (:mod:`evidence_kit.bundle.pdf`), images are
placed on A4 (:mod:`evidence_kit.bundle.images`); the generated repayment
ledger and the contact log are written directly as PDF pages (:mod:`evidence_kit.bundle.tablepdf`);
recordings and the placeholders of sensitive exhibits become HTML sections that are laid out
together in one render.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pikepdf

from evidence_kit.bundle.htmlpdf import Section
from evidence_kit.bundle.images import image_pdf
from evidence_kit.bundle.pdf import prepare_pdf
from evidence_kit.bundle.tablepdf import Column, TableFrame, TableWriter
from evidence_kit.case.audio import audio_duration, duration_text
from evidence_kit.case.files import file_digest, sha256_file
from evidence_kit.case.model import (
    CHANNEL_NAMES,
    OUTCOME_NAMES,
    PARTY_NAMES,
    Case,
    Exhibit,
    Payment,
)
from evidence_kit.case.pdf import OpenedPdf
from evidence_kit.case.redact import Redactor, identifying_document
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
from evidence_kit.i18n import _
from evidence_kit.money import format_amount

PDFTOTEXT_TIMEOUT_S = 120
"""Reading the text of one PDF exhibit to look for identifiers (collector profile) may take this long."""
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
    nesting: list[tuple[int, int]] | None = None
    """Per page of ``pdf``, its q/Q nesting as the input check measured it (None: not measured)."""
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
    pending: OpenedPdf | None = field(default=None, repr=False)
    """A PDF whose JPEG images are still being checked (see :func:`finish_check`)."""

    @property
    def page_count(self) -> int:
        if self.pages is None:
            raise RuntimeError(f"exhibit {self.key} has not been laid out yet")
        return len(self.pages.pages)


def sniff_exhibit(path: Path, name: str) -> str:
    """The exhibit's type from its content; refuses empty, unknown and misnamed files (exit 5)."""
    if not path.is_file():
        raise InputUnreadable(_("the exhibit file does not exist"), file=name,
                              hint=_("check the `file` of this exhibit in case.yaml"))
    if path.stat().st_size == 0:
        raise InputUnreadable(_("the exhibit file is empty (0 bytes)"), file=name,
                              hint=_("export or copy the file again; an empty file cannot be evidence"))
    kind = sniff(path)
    if kind not in EXHIBIT_TYPES:
        raise InputUnreadable(_("not a PDF, a JPEG/PNG/TIFF image or an mp3/wav/amr/m4a recording"), file=name,
                              hint=_("convert the exhibit to PDF (or one of these formats) and point case.yaml at it"))
    named = extension_type(path)
    if named is not None and named != kind:
        raise InputUnreadable(_("the file is named as {named} but its content is {kind}", named=named.upper(),
                                kind=kind.upper()), file=name,
                              hint=_("check that this is the right file; if it is, rename it to {extension}",
                                     extension=EXTENSIONS[kind][0]))
    return kind


def prepare_exhibit(exhibit: Exhibit, *, profile: str = "court", redactor: Redactor | None = None) -> PreparedExhibit:
    """Read one exhibit of case.yaml (raises :class:`InputUnreadable`, exit 5).

    In the collector profile a ``sensitive`` exhibit, an image or PDF whose title or file name
    names a document that shows identifiers (unless marked ``sensitive: false``), and a PDF whose
    text shows a personal identifier the ``redactor`` masks, become a placeholder page: a page
    cannot be redacted in place without leaving the identifier in its content.
    """
    kind = sniff_exhibit(exhibit.path, exhibit.file)
    prepared = PreparedExhibit(
        key=str(exhibit.no), title=exhibit.title, source=exhibit.source, proves=exhibit.proves,
        file=exhibit.file, kind=kind, sha256=file_digest(exhibit.path), original=exhibit.original,
    )
    if kind == PDF:
        opened = prepare_pdf(exhibit.path, exhibit.file, exhibit.password)
        prepared.notes = opened.notes
        prepared.pages = PageSource(opened.pdf, range(len(opened.pdf.pages)), owned=False)
        prepared.pending = opened
    elif kind in IMAGE_TYPES:
        pdf, prepared.notes = image_pdf(exhibit.path, kind, exhibit.file)
        prepared.pages = PageSource(pdf, range(len(pdf.pages)), owned=True)
    elif kind in AUDIO_TYPES:
        prepared.section = audio_section(exhibit, kind, prepared.sha256)
    reason = _withheld_because(exhibit, kind, profile, redactor)
    if reason:
        finish_check(prepared)
        pages = prepared.page_count if prepared.pages is not None else 1
        prepared.notes.append(reason)
        prepared.section = sensitive_section(exhibit, prepared.sha256, pages)
        close_pages(prepared)
    return prepared


def finish_check(prepared: PreparedExhibit) -> None:
    """Wait for the exhibit's structural check; its findings join its notes (or it is refused)."""
    if prepared.pending is not None:
        opened, prepared.pending = prepared.pending, None
        prepared.notes += [f.message for f in opened.finish()]
        if prepared.pages is not None and prepared.pages.pdf is opened.pdf:
            prepared.pages.nesting = opened.nesting


def _withheld_because(exhibit: Exhibit, kind: str, profile: str, redactor: Redactor | None) -> str:
    """Why the exhibit becomes a placeholder page, as the note that says so ("" when it does not)."""
    if profile != "collector":
        return ""
    if exhibit.sensitive:
        return _("sensitive: replaced by a placeholder page in the collector profile")
    document = identifying_document(exhibit.title, exhibit.path.name)
    if exhibit.sensitive is None and kind not in AUDIO_TYPES and document:
        return _("its title or file name says {word}, a document that shows personal identifiers: replaced by a "
                 "placeholder page in the collector profile (case.yaml `sensitive: false` keeps it)", word=document)
    if kind == PDF and redactor is not None and _shows_identifiers(exhibit, redactor):
        return _("its text shows personal identifiers: replaced by a placeholder page in the collector profile")
    return ""


def _shows_identifiers(exhibit: Exhibit, redactor: Redactor) -> bool:
    """Whether the PDF's text (pdftotext) holds anything the redactor would mask."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return True  # cannot tell: withhold rather than risk it
    password = ["-upw", exhibit.password] if exhibit.password else []
    result = subprocess.run([tool, "-q", *password, str(exhibit.path), "-"], capture_output=True, check=False,
                            timeout=PDFTOTEXT_TIMEOUT_S)
    text = result.stdout.decode("utf-8", "replace")
    return result.returncode != 0 or redactor.text(text) != text


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


def generated_exhibits(case: Case, *, ledger: bool = True, contacts: bool = True,
                       redactor: Redactor | None = None) -> list[PreparedExhibit]:
    """The repayment ledger and the contact log as table exhibits (when the case has rows).

    Both are written directly as PDF pages (:func:`ledger_pdf`, :func:`contacts_pdf`), however
    long they are, so the profile's ``redactor`` is applied here.
    """
    result = []
    if ledger and case.all_payments:
        result.append(_generated(case, LEDGER_KEY, "还款明细", case.all_payments[0].loc.file,
                                 "借款人的实际还款情况及逾期未还款的事实"))
        result[-1].pages = _owned(ledger_pdf(case, redactor))
    if contacts and case.contacts:
        result.append(_generated(case, CONTACTS_KEY, "催收记录", case.contacts[0].loc.file,
                                 "债权人多次催收的事实，诉讼时效中断"))
        result[-1].pages = _owned(contacts_pdf(case, redactor))
    return result


def _owned(pdf: pikepdf.Pdf) -> PageSource:
    return PageSource(pdf, range(len(pdf.pages)), owned=True)


def _generated(case: Case, key: str, title: str, file: str, proves: str) -> PreparedExhibit:
    path = case.root / file
    return PreparedExhibit(
        key=key, title=title, source=f"债权人业务系统导出（{file}）", proves=proves, file=file,
        kind=key, sha256=sha256_file(path) if path.is_file() else "", original=True,
        notes=[_("generated from the case data")],
    )


def _borrower_names(case: Case) -> str:
    return "、".join(p.name for p in case.borrowers) or "—"


def contract_text(case: Case) -> str:
    """The contract number, or for several debts each debt's contract number or card, joined."""
    return "；".join(debt.title for debt in case.all_debts)


def contract_label(case: Case) -> str:
    """借款合同编号 for one loan; 债务 when the case has several debts or a card."""
    debts = case.all_debts
    return "借款合同编号" if len(debts) == 1 and debts[0].loan is not None else "债务"


LEDGER_COLUMNS = (
    Column("序号", 5, "center"), Column("交易日期", 10), Column("还款金额（元）", 12, "right"),
    Column("本金", 9, "right"), Column("利息", 9, "right"), Column("罚息", 8, "right"), Column("复利", 8, "right"),
    Column("费用", 8, "right"), Column("交易流水号", 16, wrap=True), Column("备注", 15, wrap=True),
)
LEDGER_COLUMNS_WITH_DEBT = (
    Column("债务", 14, cut_middle=True), Column("序号", 4, "center"), Column("交易日期", 9), Column("还款金额（元）", 11, "right"),
    Column("本金", 8, "right"), Column("利息", 7, "right"), Column("罚息", 7, "right"), Column("复利", 6, "right"),
    Column("费用", 6, "right"), Column("交易流水号", 14, wrap=True), Column("备注", 14, wrap=True),
)
"""The ledger's columns and their shares of the table's width; with several debts a 债务 column comes first.
A long transaction number or note runs on over lines of its row: nothing of the record is cut."""


def ledger_frame(case: Case, redactor: Redactor | None = None) -> TableFrame:
    """The ledger exhibit's heading, line of facts, columns and total row."""
    mask = redactor.text if redactor is not None and redactor.masks else str
    files = "、".join(dict.fromkeys(p.loc.file for p in case.all_payments))
    meta = f"{contract_label(case)}：{contract_text(case)}　　借款人：{_borrower_names(case)}　　数据来源：{files}"
    total = _ledger_total(case.all_payments)
    sums = tuple(total[k] for k in LEDGER_SUMS)
    with_debt = len(case.all_debts) > 1
    cells = ("合计", "", *sums, "", "")
    return TableFrame("还款明细", mask(meta), LEDGER_COLUMNS_WITH_DEBT if with_debt else LEDGER_COLUMNS,
                      ("", *cells) if with_debt else cells, total_span=1 if with_debt else 0)


def ledger_rows(case: Case, redactor: Redactor | None = None) -> Iterator[tuple[str, ...]]:
    """The ledger's rows as the texts of their cells, one row at a time."""
    mask = redactor.text if redactor is not None and redactor.masks else None
    titles = {debt.id: debt.title for debt in case.all_debts}
    with_debt = len(case.all_debts) > 1
    amount = lru_cache(maxsize=65536)(_amount)
    for no, p in enumerate(case.all_payments, start=1):
        texts: tuple[str, ...] = (str(no), p.date.isoformat(), amount(p.amount), amount(p.principal), amount(p.interest),
                 amount(p.penalty), amount(p.compound), amount(p.fee), p.reference, p.note)
        if mask is not None:
            texts = (*texts[:8], mask(p.reference), mask(p.note))
        if with_debt:
            title = titles.get(p.debt, p.debt)
            texts = (mask(title) if mask is not None else title, *texts)
        yield texts


def ledger_pdf(case: Case, redactor: Redactor | None = None) -> pikepdf.Pdf:
    """The ledger exhibit, written page by page to a file (:mod:`evidence_kit.bundle.tablepdf`) and opened."""
    with tempfile.TemporaryDirectory(prefix="evidence-kit-ledger-") as tmp:
        path = Path(tmp) / "ledger.pdf"
        TableWriter(ledger_frame(case, redactor)).write(path, ledger_rows(case, redactor))
        return pikepdf.open(path)  # kept open after the folder is removed: the file stays readable


def _amount(value: Decimal | None) -> str:
    return "" if value is None else format_amount(value)


LEDGER_SUMS = ("amount", "principal", "interest", "penalty", "compound", "fee")


def _ledger_total(payments: Sequence[Payment]) -> dict[str, str]:
    """The 合计 of each money column, in one pass ("" for a column no row fills)."""
    sums: dict[str, Decimal] = {}
    for payment in payments:
        for name in LEDGER_SUMS:
            value = getattr(payment, name)
            if value is not None:
                sums[name] = sums.get(name, Decimal("0")) + value
    return {name: format_amount(sums[name]) if name in sums else "" for name in LEDGER_SUMS}


CONTACT_COLUMNS = (
    Column("序号", 5, "center"), Column("时间", 12), Column("方式", 6, "center", wrap=True),
    Column("对象", 8, wrap=True), Column("号码/地址", 12, wrap=True), Column("结果", 8, "center", wrap=True),
    Column("通话时长", 8, "right"), Column("催收人员", 8, wrap=True), Column("摘要", 21, wrap=True),
    Column("凭证文件", 12, wrap=True),
)
"""The contact log's columns and their shares of the table's width; every text but the time and the duration
runs on over several lines of its row rather than being cut (the summary above all)."""
_SPACES = re.compile(r"[ \t\n\r\f]+")


def contacts_frame(case: Case, redactor: Redactor | None = None) -> TableFrame:
    """The contact log exhibit's heading, line of facts and columns."""
    mask = redactor.text if redactor is not None and redactor.masks else str
    meta = (f"{contract_label(case)}：{mask(contract_text(case))}　　借款人：{mask(_borrower_names(case))}"
            f"　　数据来源：{mask(case.contacts[0].loc.file)}")
    return TableFrame("催收记录", meta, CONTACT_COLUMNS)


def contact_rows(case: Case, redactor: Redactor | None = None) -> Iterator[tuple[str, ...]]:
    """The contact log's rows as the texts of their cells, one row at a time (runs of white space as one space,
    as HTML shows them)."""
    mask = redactor.text if redactor is not None and redactor.masks else str
    for no, contact in enumerate(case.contacts, start=1):
        duration = "" if contact.duration_s is None else f"{contact.duration_s // 60}分{contact.duration_s % 60:02d}秒"
        texts = (CHANNEL_NAMES.get(contact.channel, contact.channel), PARTY_NAMES.get(contact.party, contact.party),
                 contact.target, OUTCOME_NAMES.get(contact.outcome, contact.outcome))
        channel, party, target, outcome = (mask(_SPACES.sub(" ", text).strip()) for text in texts)
        agent, summary, evidence = (mask(_SPACES.sub(" ", text).strip())
                                    for text in (contact.agent, contact.summary, contact.evidence))
        yield (str(no), contact.time.strftime("%Y-%m-%d %H:%M"), channel, party, target, outcome, duration, agent,
               summary, evidence)


def contacts_pdf(case: Case, redactor: Redactor | None = None) -> pikepdf.Pdf:
    """The contact log exhibit, written page by page to a file (:mod:`evidence_kit.bundle.tablepdf`) and opened."""
    with tempfile.TemporaryDirectory(prefix="evidence-kit-contacts-") as tmp:
        path = Path(tmp) / "contacts.pdf"
        TableWriter(contacts_frame(case, redactor)).write(path, contact_rows(case, redactor))
        return pikepdf.open(path)  # kept open after the folder is removed: the file stays readable
