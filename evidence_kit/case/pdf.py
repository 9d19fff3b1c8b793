"""Opening a PDF exhibit: password, repair, structural check, and the wording of what was found.

``check`` and ``build`` open every PDF exhibit through :func:`open_pdf`, so that what
``check`` accepts, ``build`` accepts, and what ``build`` notes about a file (a repair, a
damaged image, how it was decrypted) ``check`` reports first, as a warning naming it.

The structural check is libqpdf's (``check_pdf_syntax``, the steps of ``qpdf --check``)
run once on the input, and read with judgement: findings about linearization (dropped in
the bundle) or about objects no page uses (left behind) do not count; a JPEG that libjpeg
decodes with a warning is accepted with a finding, as poppler shows it; any other stream
that does not decode, or page content that does not parse, refuses the file.
"""

from __future__ import annotations

import multiprocessing
import re
import threading
import warnings
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import pikepdf
from pikepdf import Name

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

    def __init__(self, code: str, message: str, *, file: str, hint: str) -> None:
        super().__init__(message, file=file, hint=hint)
        self.code = code


@dataclass
class OpenedPdf:
    pdf: pikepdf.Pdf
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What was done that needs no attention (decryption), as notes."""
    nesting: list[tuple[int, int]] | None = None
    """Per page, from the check's parse of its content: (most ``Q`` beyond ``q``, ``q`` left open after that)."""
    pending: PendingImages | None = None
    """JPEG images still being decoded by worker processes; :meth:`finish` waits for them."""

    def finish(self) -> list[Finding]:
        """Wait for the images being checked; their findings (also added to ``findings``), or :class:`PdfRefused`."""
        if self.pending is None:
            return []
        pending, self.pending = self.pending, None
        found = pending.resolve(self.pdf)
        self.findings += found
        return found


OPEN_ERRORS = (pikepdf.PasswordError, pikepdf.PdfError, OSError, ValueError, RuntimeError)
"""What pikepdf raises for a PDF it cannot open (PasswordError and PdfError are siblings)."""


def open_pdf(path: Path, name: str, password: str | None) -> OpenedPdf:
    """Open, repair and structurally check one PDF; raises :class:`InputUnreadable` (exit 5).

    ``name`` is how the user knows the file (its path in case.yaml).
    """
    with captured_warnings() as caught:
        pdf = _open(path, name, password)
        try:
            opened = OpenedPdf(pdf, _encryption_findings(pdf, path, password), _encryption_notes(pdf, password))
            if len(pdf.pages) == 0:
                raise PdfRefused("exhibit_no_pages", _("this PDF has no pages"), file=name,
                                 hint=_("export the document again; a PDF without pages cannot be an exhibit"))
            opened.findings[:0] = repair_findings(pdf, path, name)  # reads (and clears) the repair warnings first
            findings, opened.nesting, opened.pending = structural_check(pdf, path, name)
            opened.findings += findings
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
_CHECKED: dict[tuple[str, int, int, str], list[Finding]] = {}
"""Structural findings by (path, size, mtime, language): ``build`` after ``check`` in one process checks once."""


def structural_check(pdf: pikepdf.Pdf, path: Path, name: str
                     ) -> tuple[list[Finding], list[tuple[int, int]] | None, PendingImages | None]:
    """libqpdf's check of an input, once per file and process; raises :class:`PdfRefused` for damage that does not render.

    Returns the findings, each page's q/Q nesting when the check ran now (measured by the
    same parse, so that stamping need not parse the page again), and the JPEG images still
    being decoded in worker processes (None when there are none).
    """
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, current_language())
    if key in _CHECKED:
        return list(_CHECKED[key]), None, None
    lines, nesting, images = check_lines(pdf)
    found = judge_check(pdf, lines, name, path)
    if images:
        return found, nesting, PendingImages(name, key, found, images)
    _CHECKED[key] = found
    return list(found), nesting, None


def check_lines(pdf: pikepdf.Pdf) -> tuple[list[str], list[tuple[int, int]], dict[tuple[int, int], Future[str | None]]]:
    """The steps of ``qpdf --check`` (QPDFJob::doCheck, as pikepdf's ``check_pdf_syntax``) but linearization.

    Document structures, every stream decoded, every page's content parsed — by qpdf's
    tokenizer, handing only ``q``/``Q`` to Python, which measures the page's nesting on the way.
    The JPEG images the pages use are decoded by libqpdf in worker processes (:func:`jpeg_error`),
    beside whatever the caller does next: the futures are returned by object.
    """
    lines: list[str] = []
    pdf._check_document_structures()
    lines += pdf.get_warnings()
    images = _jpeg_streams(pdf)
    if images:
        lines += _decode_all_but(pdf, set(images))
    else:
        pdf._decode_all_streams_and_discard(None)
        lines += pdf.get_warnings()
    futures = {objgen: _submit(data, filters) for objgen, (data, filters) in images.items()}
    nesting = []
    for number, page in enumerate(pdf.pages, start=1):
        try:
            nesting.append(_nesting(pikepdf.parse_content_stream(page, "q Q")))
        except (pikepdf.PdfError, ValueError) as exc:
            lines.append(_("page {number}: {why}", number=number, why=exc))
            nesting.append((0, 0))
        lines += [_("page {number}: {why}", number=number, why=w) for w in pdf.get_warnings()]
    return lines, nesting, futures


_DECODABLE = frozenset({"/FlateDecode", "/Fl", "/LZWDecode", "/LZW", "/ASCII85Decode", "/A85", "/ASCIIHexDecode",
                        "/AHx", "/RunLengthDecode", "/RL", "/DCTDecode", "/DCT"})
"""The filters libqpdf decodes; streams with others (JBIG2, JPX, Crypt) are copied as they are."""


def _filters(stream: pikepdf.Object) -> list[str]:
    value = stream.get(Name.Filter)
    return [str(f) for f in value] if isinstance(value, pikepdf.Array) else [str(value)] if value is not None else []


def _jpeg_streams(pdf: pikepdf.Pdf) -> dict[tuple[int, int], tuple[bytes, list[str]]]:
    """The JPEG (DCT) image streams the pages reach, with their raw data and filters."""
    candidates = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and _filters(o)[-1:] in (["/DCTDecode"],
                                                                                                   ["/DCT"])]
    if not candidates:
        return {}
    used = reachable_from_pages(pdf)
    return {o.objgen: (o.read_raw_bytes(), _filters(o)) for o in candidates
            if o.objgen in used and all(f in _DECODABLE for f in _filters(o))}


def _decode_all_but(pdf: pikepdf.Pdf, skip: set[tuple[int, int]]) -> list[str]:
    """Decode every stream libqpdf can, but ``skip``; the errors, worded as libqpdf's check words them."""
    lines: list[str] = []
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream) or obj.objgen in skip:
            continue
        if not all(f in _DECODABLE for f in _filters(obj)):
            continue
        try:
            obj.read_bytes(pikepdf.StreamDecodeLevel.all)
        except pikepdf.PdfError as exc:
            reason = "; ".join(pdf.get_warnings()) or str(exc)
            lines.append(f"error decoding stream data for object {obj.objgen[0]} {obj.objgen[1]}: {reason}")
        lines += [w for w in pdf.get_warnings()]
    return lines


def jpeg_error(data: bytes, filters: list[str]) -> str | None:
    """libqpdf's complaint decoding one JPEG stream (run in a worker process), or None when it decodes cleanly."""
    with pikepdf.new() as pdf:
        stream = pikepdf.Stream(pdf, data)
        stream.Filter = pikepdf.Array([Name(f) for f in filters])
        try:
            stream.read_bytes(pikepdf.StreamDecodeLevel.all)
        except pikepdf.PdfError as exc:
            return "; ".join(_short(w) for w in pdf.get_warnings()) or str(exc)
        warned = pdf.get_warnings()
        return "; ".join(_short(w) for w in warned) if warned else None


JPEG_WORKERS = 2
"""Worker processes decoding the exhibits' JPEG images while the build goes on (they hold no GIL of ours)."""
_POOL: ProcessPoolExecutor | None = None


def _jpeg_pool() -> ProcessPoolExecutor:
    """The worker processes, forked at first use (before the build starts any thread of its own).

    Forked, not spawned: a spawned worker would import the caller's main script again.
    """
    global _POOL
    if _POOL is None:
        _POOL = ProcessPoolExecutor(max_workers=JPEG_WORKERS, mp_context=multiprocessing.get_context("fork"))
    return _POOL


def _submit(data: bytes, filters: list[str]) -> Future[str | None]:
    """Decode one JPEG in a worker process; in this process when the workers cannot be had."""
    global _POOL
    try:
        if _POOL is None and threading.active_count() > 1:
            # forking a process that runs other threads (a Dask worker, a threaded caller) can copy a held lock
            # into the child and hang it: decode here instead
            raise RuntimeError("other threads are running")
        return _jpeg_pool().submit(jpeg_error, data, filters)
    except (BrokenProcessPool, OSError, RuntimeError):
        _POOL = None
        done: Future[str | None] = Future()
        done.set_result(jpeg_error(data, filters))
        return done


def _complaint(future: Future[str | None], stream: pikepdf.Object) -> str | None:
    try:
        return future.result()
    except (BrokenProcessPool, OSError):  # a worker died: decode here instead
        return jpeg_error(stream.read_raw_bytes(), _filters(stream))


@dataclass
class PendingImages:
    """JPEG images of one exhibit being decoded in worker processes."""

    name: str
    key: tuple[str, int, int, str]
    found: list[Finding]
    futures: dict[tuple[int, int], Future[str | None]]

    def resolve(self, pdf: pikepdf.Pdf) -> list[Finding]:
        """The images' findings (damaged but viewable: a warning), or :class:`PdfRefused` (not decodable)."""
        images: dict[tuple[int, int], str] = {}
        fatal = []
        for objgen, future in self.futures.items():
            complaint = _complaint(future, pdf.get_object(objgen))
            if complaint is None:
                continue
            trouble = jpeg_trouble(pdf.get_object(objgen))
            if trouble is None:
                fatal.append(_("object {number}: {why}", number=objgen[0], why=complaint))
            else:
                images[objgen] = trouble
        if fatal:
            raise PdfRefused("exhibit_damaged", _("this PDF has damage that survives repair ({why})",
                                                  why="; ".join(fatal)[:240]),
                             file=self.name, hint=translate(UNDAMAGED_COPY))
        found = [_image_finding(pdf, images)] if images else []
        _CHECKED[self.key] = self.found + found
        return found


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
