"""Opening a PDF exhibit: password, repair, structural check, and the wording of what was found.

``check`` and ``build`` open every PDF exhibit through :func:`open_pdf`, so that what
``check`` accepts, ``build`` accepts, and what ``build`` notes about a file (a repair, a
damaged image, how it was decrypted) ``check`` reports first, as a warning naming it.

The structural check is libqpdf's (``check_pdf_syntax``, the steps of ``qpdf --check``)
run once per input file content and process, in worker processes while the caller goes on,
and read with judgement: findings about linearization (dropped in
the bundle) or about objects no page uses (left behind) do not count; a JPEG that libjpeg
decodes with a warning is accepted with a finding, as poppler shows it; any other stream
that does not decode, or page content that does not parse, refuses the file.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import re
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Name

from evidence_kit.case.files import file_digest
from evidence_kit.case.pagecontent import content_streams, page_content, plain_nesting
from evidence_kit.errors import InputUnreadable
from evidence_kit.i18n import N_, _, current_language, translate

TAIL_BYTES = 65536
"""How far from the end of a file its ``startxref`` must be for the file to count as whole."""

INTACT_COPY = N_("obtain an intact copy of this document (download, export or scan it again) and compare its pages")
UNDAMAGED_COPY = N_("obtain an undamaged copy of this document (re-export or re-scan it)")


@dataclass(frozen=True)
class Finding:
    """Something about a PDF that ``check`` reports as a warning and ``build`` keeps as a note.

    ``message`` is said of the file ("was damaged and has been repaired …") and, with ``hint``, is in
    the language current when the PDF was opened.
    """

    code: str
    message: str
    hint: str
    key: str = "file"
    """The exhibit's case.yaml key the warning points at."""


class PdfRefused(InputUnreadable):
    """A PDF exhibit that cannot be used (exit 5), with the problem code ``check`` reports it under."""

    code: str

    def __init__(self, code: str, message: str, *, file: str, hint: str) -> None:
        super().__init__(message, file=file, hint=hint, code=code)


@dataclass
class OpenedPdf:
    pdf: pikepdf.Pdf
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What was done that needs no attention (decryption), as notes."""
    nesting: list[tuple[int, int]] | None = None
    """Per page, from the check's parse of its content: (most ``Q`` beyond ``q``, ``q`` left open after that).
    Known once :meth:`finish` returned; stays None when something changed the pages' content."""
    content_changed: bool = False
    """Set by whoever changes the pages' content (flattening annotations): the check's nesting no longer holds."""
    pending: PendingCheck | None = None
    """The structural check, running in worker processes; :meth:`finish` waits for it."""

    def finish(self) -> list[Finding]:
        """Wait for the structural check; its findings (also added to ``findings``), or :class:`PdfRefused`."""
        if self.pending is None:
            return []
        pending, self.pending = self.pending, None
        found, nesting = pending.resolve(self.pdf)
        self.findings += found
        if not self.content_changed:
            self.nesting = nesting
        return found


OPEN_ERRORS = (pikepdf.PasswordError, pikepdf.PdfError, OSError, ValueError, RuntimeError)
"""What pikepdf raises for a PDF it cannot open (PasswordError and PdfError are siblings)."""


def open_pdf(path: Path, name: str, password: str | None) -> OpenedPdf:
    """Open and repair one PDF and start its structural check; raises :class:`InputUnreadable` (exit 5).

    ``name`` is how the user knows the file (its path in case.yaml). The structural check
    runs in worker processes meanwhile: :meth:`OpenedPdf.finish` waits for it, adds its
    findings, or raises :class:`PdfRefused` for damage that does not render.
    """
    with captured_warnings() as caught:
        pdf = _open(path, name, password)
        try:
            opened = OpenedPdf(pdf, _encryption_findings(pdf, path, password), _encryption_notes(pdf, password))
            if len(pdf.pages) == 0:
                raise PdfRefused("exhibit_no_pages", _("this PDF has no pages"), file=name,
                                 hint=_("export the document again; a PDF without pages cannot be an exhibit"))
            opened.findings[:0] = repair_findings(pdf, path, name)  # reads (and clears) the repair warnings first
            opened.pending = structural_check(path, name, password, len(pdf.pages))
        except pikepdf.PdfError as exc:
            pdf.close()
            raise damaged(name, exc) from exc
        except BaseException:
            pdf.close()
            raise
    opened.findings += [reader_warning(text, path, name) for text in caught if not _reported_already(text)]
    return opened


def open_failure(exc: Exception, password: str | None) -> tuple[str, str, str]:
    """(problem code, message, hint) for a PDF that could not be opened; ``check`` and ``build`` share them."""
    if isinstance(exc, pikepdf.PasswordError):
        if password:
            return ("exhibit_wrong_password", _("the password given in case.yaml does not open this PDF"),
                    _("correct the `password` of this exhibit in case.yaml"))
        return ("exhibit_encrypted", _("this PDF is encrypted: it needs a password to open"),
                _("add `password: …` to this exhibit in case.yaml"))
    reason = str(exc).split(": ", 1)[-1] or type(exc).__name__
    return ("exhibit_unreadable", _("this PDF is damaged and could not be repaired ({why})", why=reason),
            translate(UNDAMAGED_COPY))


def _open(path: Path, name: str, password: str | None) -> pikepdf.Pdf:
    try:
        return pikepdf.open(path, password=password or "")
    except OPEN_ERRORS as exc:
        code, message, hint = open_failure(exc, password)
        raise PdfRefused(code, message, file=name, hint=hint) from exc


def damaged(name: str, exc: Exception) -> PdfRefused:
    """The error for a PDF that opened but broke while being read."""
    code, message, hint = open_failure(exc, None)
    return PdfRefused(code, message, file=name, hint=hint)


# --------------------------------------------------------------------------- warnings


@contextmanager
def captured_warnings() -> Iterator[list[str]]:
    """Python warnings raised inside (pikepdf's, Pillow's) as texts, instead of printed on stderr."""
    texts: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
        try:
            yield texts
        finally:
            texts += list(dict.fromkeys(_without_paths(str(w.message)) for w in caught))


def _without_paths(text: str) -> str:
    """A library's message without the file system paths it may quote (site-packages, temp files)."""
    return re.sub(r"(?:/[^\s:'\"]+)+\.(?:py|so|pdf)\b", "…", text).strip()


def _reported_already(text: str) -> bool:
    return "no password was needed" in text


def reader_warning(text: str, path: Path, name: str) -> Finding:
    shown = text.replace(str(path), name)
    if "specialized decoders" in shown or "jbig2" in shown.lower():
        return Finding("exhibit_reader_warning", _("holds image data (JBIG2) that the PDF library cannot decode to "
                                                   "check it; it is copied as it is"),
                       _("look at its pages in the bundle"))
    return Finding("exhibit_reader_warning", _("made the PDF library warn: {warning}", warning=shown[:200]),
                   _("look at its pages in the bundle and compare them with the original"))


# --------------------------------------------------------------------------- encryption


def _encryption_notes(pdf: pikepdf.Pdf, password: str | None) -> list[str]:
    if not pdf.is_encrypted:
        return []
    if password and pdf.user_password_matched:
        return [_("encrypted with an open (user) password; decrypted with the password from case.yaml; the bundle "
                  "copy is not encrypted")]
    if password:
        return [_("encrypted; decrypted with its owner (permissions) password from case.yaml; the bundle copy is not "
                  "encrypted")]
    if pdf.user_password_matched:
        return [_("encrypted with an empty open password, so it opens without one (an owner password may restrict "
                  "printing or copying); the bundle copy is not encrypted")]
    return [_("encrypted with an open (user) password, but its owner password is empty, which decrypted it "
              "without a password; the bundle copy is not encrypted")]


def _encryption_findings(pdf: pikepdf.Pdf, path: Path, password: str | None) -> list[Finding]:
    if not password:
        return []
    if not pdf.is_encrypted:
        return [Finding("exhibit_password_unneeded", _("has a `password` in case.yaml but the PDF is not encrypted"),
                        _("remove `password:` from this exhibit in case.yaml"), key="password")]
    if _opens_without_password(path):
        return [Finding("exhibit_password_unneeded", _("has a `password` in case.yaml but the PDF opens without one"),
                        _("remove `password:` from this exhibit in case.yaml"), key="password")]
    return []


def _opens_without_password(path: Path) -> bool:
    try:
        with pikepdf.open(path, password=""):
            return True
    except OPEN_ERRORS:
        return False


# --------------------------------------------------------------------------- repairs


def repair_findings(pdf: pikepdf.Pdf, path: Path, name: str) -> list[Finding]:
    """A repaired file is a finding: what was wrong, how many pages were recovered, whether some may be missing."""
    said = [_short(w.replace(str(path), name)) for w in pdf.get_warnings()]
    if not said:
        return []
    pages = len(pdf.pages)
    declared = _declared_pages(pdf)
    whole = _has_tail(path)
    what = "; ".join(dict.fromkeys(s for s in said if s and s != "file is damaged" and not s.startswith("Attempting")))
    what = what[:240] or _("file is damaged")
    message = _("was damaged and has been repaired ({what}); {count} page(s) recovered", what=what, count=pages)
    if not whole or (declared is not None and declared != pages):
        lost = [] if whole else [_("the end of the file is missing (no startxref/trailer)")]
        if declared is not None and declared != pages:
            lost.append(_("the file declares {count} page(s)", count=declared))
        reasons = _("{first}, {second}", first=lost[0], second=lost[1]) if len(lost) == 2 else lost[0]
        return [Finding("exhibit_repaired", _("{message}; {reasons}: pages may be missing or incomplete",
                                              message=message, reasons=reasons),
                        translate(INTACT_COPY))]
    return [Finding("exhibit_repaired", message,
                    _("check its pages in the bundle against the original; a re-exported copy needs no repair"))]


def _declared_pages(pdf: pikepdf.Pdf) -> int | None:
    try:
        return int(pdf.Root.Pages.get(pikepdf.Name.Count))  # type: ignore[arg-type]
    except (AttributeError, TypeError, ValueError, pikepdf.PdfError):
        return None


def _has_tail(path: Path) -> bool:
    with path.open("rb") as file:
        size = file.seek(0, 2)
        file.seek(max(0, size - TAIL_BYTES))
        return b"startxref" in file.read()


def _short(warning: str) -> str:
    text = re.sub(r"^\S+?(?: \(offset \d+\))?: ", "", warning)
    return re.sub(r"^\S+ \((?:object|offset)[^)]*\): ", "", text)[:120]


# --------------------------------------------------------------------------- structural check

_IGNORED = re.compile(r"lineariz|hint table|shared (?:object|identifier)|nshared|first page section|page offset|/E\b",
                      re.IGNORECASE)
_STREAM_ERROR = re.compile(r"(?:error decoding stream data for object (\d+) (\d+)|"
                           r"stream object (\d+) (\d+): error while getting stream data): (.*)$")
_REPROCESSED = "stream will be re-processed without filtering"

CHECKS_KEPT = 4096
"""Structural check results one process remembers: ``build`` after ``check`` checks each exhibit once."""


@dataclass(frozen=True)
class _Checked:
    findings: list[Finding]
    nesting: list[tuple[int, int]]


_CHECKED: OrderedDict[tuple[str, str, str], _Checked] = OrderedDict()
"""Structural check results by (the file's SHA-256, its name, the language of the findings)."""


def _remember(key: tuple[str, str, str], findings: list[Finding], nesting: list[tuple[int, int]]) -> None:
    _CHECKED[key] = _Checked(list(findings), list(nesting))
    while len(_CHECKED) > CHECKS_KEPT:
        _CHECKED.popitem(last=False)


PAGES_PER_TASK = 200
"""Pages of one PDF one worker task checks: a long exhibit's pages and images are shared among the workers."""


def structural_check(path: Path, name: str, password: str | None, pages: int) -> PendingCheck:
    """Start libqpdf's check of an input, once per file content and process (see :func:`check_part`).

    The file is checked in worker processes, in tasks of :data:`PAGES_PER_TASK` pages, each
    opening it anew (``pages``: how many it has), while the caller goes on; :meth:`PendingCheck.resolve` judges what they found.
    """
    key = (file_digest(path), name, current_language())
    if key in _CHECKED:
        _CHECKED.move_to_end(key)
        return PendingCheck(name, path, password, key, [], _CHECKED[key])
    where = str(path.resolve())
    tasks = [(where, password, first, min(first + PAGES_PER_TASK, pages), first == 0)
             for first in range(0, pages, PAGES_PER_TASK)]
    return PendingCheck(name, path, password, key, [(task, _submit(check_part, *task)) for task in tasks])


@dataclass
class PartCheck:
    """What one task found in a range of an exhibit's pages (the texts as libqpdf words them)."""

    pages: int
    """The file's pages, as the task opened it."""
    lines: list[str] = field(default_factory=list)
    """Document structure and stream decoding (the first task only)."""
    page_errors: list[tuple[int, str]] = field(default_factory=list)
    """(1-based page number, what libqpdf said parsing its content)."""
    nesting: list[tuple[int, int]] = field(default_factory=list)
    """Per page of the range, its q/Q nesting."""
    jpeg: dict[tuple[int, int], str] = field(default_factory=dict)
    """libqpdf's complaint about each JPEG image of the range that does not decode cleanly, by object."""
    warnings: list[str] = field(default_factory=list)
    """Python warnings raised meanwhile."""
    error: str = ""
    """The file broke while being checked: what the PDF library said."""


def check_part(path: str, password: str | None, first: int, last: int, whole: bool) -> PartCheck:
    """The steps of ``qpdf --check`` (QPDFJob::doCheck, as pikepdf's ``check_pdf_syntax``) but linearization,
    for pages ``first`` to ``last`` - 1 (0-based) of the PDF at ``path``; runs in a worker process.

    ``whole``: also the document structures and every stream that is neither a JPEG nor a page's
    content. Every page's content is decoded and, unless it is plain enough to be read from its
    bytes (:func:`~evidence_kit.case.pagecontent.plain_nesting`), parsed by qpdf's tokenizer,
    handing only ``q``/``Q`` to Python; either way the page's q/Q nesting is measured (stamping
    needs it), and a content stream that does not decode is said of its page. The JPEG images
    the pages use are decoded by libqpdf (:func:`jpeg_error`), each distinct image once per process.
    """
    with captured_warnings() as caught:
        try:
            with pikepdf.open(path, password=password or "") as pdf:
                pdf.get_warnings()  # a repair's: said by the process that opened the file first
                part = _check_part(pdf, first, last, whole)
        except OPEN_ERRORS as exc:
            part = PartCheck(0, error=str(exc) or type(exc).__name__)
    part.warnings = caught
    return part


def _check_part(pdf: pikepdf.Pdf, first: int, last: int, whole: bool) -> PartCheck:
    part = PartCheck(len(pdf.pages))
    jpegs = [o for o in pdf.objects if _is_jpeg(o)]  # looked for once: both steps below need them
    if whole:
        pdf._check_document_structures()
        part.lines += pdf.get_warnings()
        contents = {s.objgen for page in pdf.pages for s in content_streams(page.obj)}  # decoded page by page
        part.lines += _decode_all_but(pdf, {o.objgen for o in jpegs} | contents)
    pages = [pdf.pages[n] for n in range(first, min(last, len(pdf.pages)))]
    for number, page in enumerate(pages, start=first + 1):
        content = page_content(page.obj)
        warned = pdf.get_warnings()
        nesting = plain_nesting(content) if content is not None and not warned else None
        if nesting is not None:
            part.nesting.append(nesting)
            continue
        try:
            part.nesting.append(_nesting(pikepdf.parse_content_stream(page, "q Q")))
        except (pikepdf.PdfError, ValueError, TypeError) as exc:  # TypeError: an operator inside an operand
            part.page_errors.append((number, str(exc)))
            part.nesting.append((0, 0))
        part.page_errors += [(number, w) for w in dict.fromkeys([*warned, *pdf.get_warnings()])]
    for objgen, (data, filters) in _jpeg_streams(jpegs, pages).items():
        complaint = _jpeg_verdict(data, filters)
        if complaint is not None:
            part.jpeg[objgen] = complaint
    return part


_DECODABLE = frozenset({"/FlateDecode", "/Fl", "/LZWDecode", "/LZW", "/ASCII85Decode", "/A85", "/ASCIIHexDecode",
                        "/AHx", "/RunLengthDecode", "/RL", "/DCTDecode", "/DCT"})
"""The filters libqpdf decodes; streams with others (JBIG2, JPX, Crypt) are copied as they are."""


def _filters(stream: pikepdf.Object) -> list[str]:
    value = stream.get(Name.Filter)
    return [str(f) for f in value] if isinstance(value, pikepdf.Array) else [str(value)] if value is not None else []


def _is_jpeg(obj: pikepdf.Object) -> bool:
    return isinstance(obj, pikepdf.Stream) and _filters(obj)[-1:] in (["/DCTDecode"], ["/DCT"])


def _jpeg_streams(candidates: list[pikepdf.Object], pages: list[pikepdf.Page]
                  ) -> dict[tuple[int, int], tuple[memoryview, list[str]]]:
    """The JPEG (DCT) image streams of ``candidates`` (the file's) that ``pages`` reach, with their raw data
    (libqpdf's buffer, not copied) and filters."""
    if not candidates:
        return {}
    used = reachable([page.obj for page in pages])
    return {o.objgen: (memoryview(o.get_raw_stream_buffer()), _filters(o)) for o in candidates
            if o.objgen in used and all(f in _DECODABLE for f in _filters(o))}


def _decode_all_but(pdf: pikepdf.Pdf, skipped: set[tuple[int, int]]) -> list[str]:
    """Decode every stream libqpdf can but those ``skipped`` (the JPEGs, the pages' contents: each has its own
    step); the errors, worded as libqpdf's check words them."""
    if not skipped:
        pdf._decode_all_streams_and_discard(None)
        return pdf.get_warnings()
    lines = pdf.get_warnings()  # objects read (and repaired) to find what to skip
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream) or obj.objgen in skipped or not all(f in _DECODABLE
                                                                                    for f in _filters(obj)):
            continue
        try:
            obj.read_bytes(pikepdf.StreamDecodeLevel.all)
        except pikepdf.PdfError as exc:
            reason = "; ".join(pdf.get_warnings()) or str(exc)
            lines.append(f"error decoding stream data for object {obj.objgen[0]} {obj.objgen[1]}: {reason}")
        lines += [w for w in pdf.get_warnings()]
    return lines


JPEG_VERDICTS_KEPT = 4096
"""JPEG verdicts one process remembers: an image repeated in an exhibit, or across exhibits, is decoded once."""
_VERDICTS: OrderedDict[str, str | None] = OrderedDict()


def _jpeg_verdict(data: memoryview, filters: list[str]) -> str | None:
    """:func:`jpeg_error` of one JPEG stream, remembered by the hash of its filters and data."""
    digest = hashlib.sha256(" ".join(filters).encode() + b"\0")
    digest.update(data)  # hashed where it lies: a 300-dpi scan is megabytes
    key = digest.hexdigest()
    if key in _VERDICTS:
        _VERDICTS.move_to_end(key)
        return _VERDICTS[key]
    verdict = _VERDICTS[key] = jpeg_error(bytes(data), filters)
    while len(_VERDICTS) > JPEG_VERDICTS_KEPT:
        _VERDICTS.popitem(last=False)
    return verdict


def jpeg_error(data: bytes, filters: list[str]) -> str | None:
    """libqpdf's complaint decoding one JPEG stream, or None when it decodes cleanly."""
    with pikepdf.new() as pdf:
        stream = pikepdf.Stream(pdf, data)
        stream.Filter = pikepdf.Array([Name(f) for f in filters])
        try:
            stream.read_bytes(pikepdf.StreamDecodeLevel.all)
        except pikepdf.PikepdfError as exc:  # PdfError, or QpdfRuntimeError for data that ends too soon
            return "; ".join(_short(w) for w in pdf.get_warnings()) or str(exc)
        warned = pdf.get_warnings()
        return "; ".join(_short(w) for w in warned) if warned else None


CHECK_WORKERS = 2
"""Worker processes checking the exhibits while the build goes on (they hold no GIL of ours)."""
_POOL: ProcessPoolExecutor | None = None


def _check_pool() -> ProcessPoolExecutor:
    """The worker processes, forked at first use (before the build starts any thread of its own).

    Forked, not spawned: a spawned worker would import the caller's main script again.
    """
    global _POOL
    if _POOL is None:
        _POOL = ProcessPoolExecutor(max_workers=CHECK_WORKERS, mp_context=multiprocessing.get_context("fork"),
                                    initializer=gc.freeze)
    return _POOL


_Task = tuple[str, "str | None", int, int, bool]


def _submit(function: Callable[..., PartCheck], *task: Any) -> Future[PartCheck]:
    """Run ``function(*task)`` in a worker process; in this process when the workers cannot be had."""
    global _POOL
    try:
        if _POOL is None and threading.active_count() > 1:
            # forking a process that runs other threads (a Dask worker, a threaded caller) can copy a held lock
            # into the child and hang it: check here instead
            raise RuntimeError("other threads are running")
        return _check_pool().submit(function, *task)
    except (BrokenProcessPool, OSError, RuntimeError, ValueError):
        _POOL = None
        done: Future[PartCheck] = Future()
        done.set_result(function(*task))
        return done


def _result(task: _Task, future: Future[PartCheck]) -> PartCheck:
    try:
        return future.result()
    except (BrokenProcessPool, OSError):  # a worker died: check here instead
        return check_part(*task)


@dataclass
class PendingCheck:
    """The structural check of one exhibit, running in worker processes."""

    name: str
    path: Path
    password: str | None
    key: tuple[str, str, str]
    tasks: list[tuple[_Task, Future[PartCheck]]]
    known: _Checked | None = None
    """The result remembered from an earlier check of the same file."""

    def resolve(self, pdf: pikepdf.Pdf) -> tuple[list[Finding], list[tuple[int, int]]]:
        """The findings and each page's nesting, or :class:`PdfRefused` for damage that does not render.

        ``pdf`` is the file as the caller opened it (the same objects as the workers saw).
        """
        if self.known is not None:
            return list(self.known.findings), list(self.known.nesting)
        parts = [_result(task, future) for task, future in self.tasks]
        broken = next((p.error for p in parts if p.error), None)
        if broken is not None:
            raise damaged(self.name, pikepdf.PdfError(broken))
        nesting = [n for part in parts for n in part.nesting]
        if len(nesting) != len(pdf.pages) or any(part.pages != len(pdf.pages) for part in parts):
            raise PdfRefused("exhibit_unreadable",
                             _("this PDF changed while it was being read ({count} page(s) when opened, {checked} "
                               "when checked)", count=len(pdf.pages), checked=parts[0].pages if parts else 0),
                             file=self.name, hint=_("build again once the file is no longer being written"))
        lines = [*parts[0].lines, *(_("page {number}: {why}", number=number, why=why)
                                    for part in parts for number, why in part.page_errors)]
        found = judge_check(pdf, lines, self.name, self.path)
        found += _jpeg_findings(pdf, self.name, {objgen: c for part in parts for objgen, c in part.jpeg.items()})
        caught = dict.fromkeys(text for part in parts for text in part.warnings if not _reported_already(text))
        found += [reader_warning(text, self.path, self.name) for text in caught]
        _remember(self.key, found, nesting)
        return found, nesting


def _jpeg_findings(pdf: pikepdf.Pdf, name: str, complaints: dict[tuple[int, int], str]) -> list[Finding]:
    """The images libqpdf complained about: damaged but viewable (a finding), or :class:`PdfRefused`."""
    images: dict[tuple[int, int], str] = {}
    fatal = []
    for objgen, complaint in complaints.items():
        trouble = jpeg_trouble(pdf.get_object(objgen))
        if trouble is None:
            fatal.append(_("object {number}: {why}", number=objgen[0], why=complaint))
        else:
            images[objgen] = trouble
    if fatal:
        raise PdfRefused("exhibit_damaged", _("this PDF has damage that survives repair ({why})",
                                              why="; ".join(fatal)[:240]),
                         file=name, hint=translate(UNDAMAGED_COPY))
    return [_image_finding(pdf, images)] if images else []


def _nesting(instructions: list[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage]) -> tuple[int, int]:
    depth = lowest = 0
    for instruction in instructions:
        depth += 1 if str(instruction.operator) == "q" else -1
        lowest = min(lowest, depth)
    return -lowest, depth - lowest


def judge_check(pdf: pikepdf.Pdf, lines: list[str], name: str, path: Path | None = None) -> list[Finding]:
    """What libqpdf's check lines mean for a PDF's pages: findings, or :class:`InputUnreadable`."""
    used: set[tuple[int, int]] | None = None
    images: dict[tuple[int, int], str] = {}
    fatal: list[str] = []
    for line in lines:
        text = line.removeprefix("WARNING: ").removeprefix("ERROR: ")
        if path is not None:
            text = text.replace(str(path), name)
        if _IGNORED.search(text) or _REPROCESSED in text or "write the damaged stream unchanged" in text:
            continue
        stream = _STREAM_ERROR.search(text)
        if stream is None:
            fatal.append(_short(text))
            continue
        numbers = [int(g) for g in stream.groups()[:4] if g is not None]
        objgen = (numbers[0], numbers[1])
        used = reachable_from_pages(pdf) if used is None else used
        if objgen not in used:
            continue  # a part of the file no page uses: not carried into the bundle
        if "Pl_DCT" in text and (trouble := jpeg_trouble(pdf.get_object(objgen))) is not None:
            images[objgen] = trouble
            continue
        fatal.append(_("object {number}: {why}", number=objgen[0], why=_short(stream.group(5))))
    if fatal:
        raise PdfRefused("exhibit_damaged",
                         _("this PDF has damage that survives repair ({why})",
                           why="; ".join(dict.fromkeys(fatal))[:240]),
                         file=name, hint=translate(UNDAMAGED_COPY))
    return [_image_finding(pdf, images)] if images else []


def jpeg_trouble(stream: pikepdf.Object) -> str | None:
    """libjpeg's complaint about a JPEG it still decodes (as poppler shows it), else None (it does not decode)."""
    from PIL import Image, ImageFile

    try:
        data = stream.read_raw_bytes()
    except pikepdf.PdfError:
        return None
    truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with Image.open(BytesIO(data)) as image:
            image.load()
    except (OSError, ValueError, SyntaxError):
        return None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated
    return _("extraneous bytes or a premature end in the JPEG data")


def _image_finding(pdf: pikepdf.Pdf, images: dict[tuple[int, int], str]) -> Finding:
    pages = pages_using(pdf, set(images))
    trouble = next(iter(images.values()))
    message = (_("holds {count} JPEG image(s) on page(s) {pages} with damaged data ({why}); viewers show them, "
                 "possibly with a grey or missing part", count=len(images), pages=", ".join(map(str, pages)), why=trouble)
               if pages else
               _("holds {count} JPEG image(s) with damaged data ({why}); viewers show them, possibly with a grey or "
                 "missing part", count=len(images), why=trouble))
    return Finding("exhibit_image_damaged", message,
                   _("compare those pages in the bundle with the paper original; scan it again if part is missing"))


def pages_using(pdf: pikepdf.Pdf, objgens: set[tuple[int, int]]) -> list[int]:
    """1-based numbers of the pages whose object graph reaches any of ``objgens``."""
    return [n for n, page in enumerate(pdf.pages, start=1) if objgens & reachable([page.obj])]


def reachable_from_pages(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    return reachable([page.obj for page in pdf.pages])


_BACK_LINKS = frozenset({"/Parent", "/P"})
"""Keys that point back up the tree (a page's /Parent, an annotation's /P): not followed."""


def reachable(roots: list[pikepdf.Object]) -> set[tuple[int, int]]:
    """Every indirect object (objgen) reachable from ``roots``, not following back links."""
    seen: set[tuple[int, int]] = set()
    stack: list[pikepdf.Object] = list(roots)
    while stack:
        obj = stack.pop()
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, (pikepdf.Stream, pikepdf.Dictionary)):
            stack += [value for key, value in obj.items() if key not in _BACK_LINKS and _container(value)]
        elif isinstance(obj, pikepdf.Array):
            stack += [value for value in obj if _container(value)]
    return seen


def _container(value: object) -> bool:
    return isinstance(value, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream))
