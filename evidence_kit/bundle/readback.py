"""Verification of a saved bundle by reading it back — nothing here trusts the writer's state.

* page count;
* every page's stamp, decoded from the file through the embedded font's ToUnicode map:
  bundle page number, total and exhibit mark as planned;
* the exhibits' page ranges *measured* from those stamps equal the plan's, and equal
  what the 证据目录 prints in its 页码 column (read with ``pdftotext -bbox`` inside each
  row's link rectangle), where its links point, where the bookmarks point, and the
  page labels;
* ``qpdf --check`` (run as a separate process, in parallel with the above).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Name

from evidence_kit.bundle.plan import BundlePlan, page_range_text
from evidence_kit.bundle.stamp import FONT_KEY, STAMP_RE, StampReader
from evidence_kit.errors import MissingDependency
from evidence_kit.i18n import _
from evidence_kit.problems import Location, Problem, error

BUNDLE = "bundle.pdf"
MAX_PAGE_PROBLEMS = 20
_EXHIBIT_NO = re.compile(r"^证据(\d+)")
_NM = re.compile(r"^exhibit-(\d+)-(\w+)$")
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


@dataclass(frozen=True)
class Range:
    first_page: int
    last_page: int

    @property
    def text(self) -> str:
        return page_range_text(self.first_page, self.last_page)


@dataclass
class IndexLink:
    no: int
    part: str
    page: int
    target: int | None
    rect: tuple[float, float, float, float]


@dataclass
class ReadBack:
    """What the saved bundle says about itself."""

    page_count: int
    stamps: list[str | None]
    measured: dict[int, Range]
    links: list[IndexLink] = field(default_factory=list)
    outline: dict[str, int | None] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)


def verify_bundle(path: Path, plan: BundlePlan, syntax: SyntaxCheck | None = None) -> list[Problem]:
    """Every problem found by reading ``path`` back and comparing it with ``plan``.

    A ``libqpdf`` ``syntax`` check of ``path`` runs on the file as opened for the read-back
    (one parse of it); its problems come from ``syntax.finish()``.
    """
    try:
        seen = read_back(path, plan, syntax)
    except pikepdf.PdfError as exc:
        return [error("bundle_unreadable", _("the written bundle cannot be read back ({why})", why=exc), Location(BUNDLE))]
    problems = check_pages(seen, plan)
    problems += check_ranges(seen, plan)
    problems += check_index(path, seen, plan)
    problems += check_navigation(seen, plan)
    return problems


def read_back(path: Path, plan: BundlePlan, syntax: SyntaxCheck | None = None) -> ReadBack:
    reader = StampReader()
    with pikepdf.open(path) as pdf:
        pages = list(pdf.pages)
        stamps = [reader.read(page) for page in pages]
        numbers = {page.obj.objgen: n for n, page in enumerate(pages, start=1)}
        seen = ReadBack(len(stamps), stamps, measure_exhibits(stamps))
        seen.links = _index_links(pdf, plan, numbers)
        seen.outline = _outline(pdf, numbers)
        seen.labels = {r.first_page: pages[r.first_page - 1].label for r in seen.measured.values()}
        if syntax is not None:
            syntax.check_opened(pdf)
    return seen


def measure_exhibits(stamps: Sequence[str | None]) -> dict[int, Range]:
    """First and last page of each exhibit, from the exhibit marks stamped on the pages."""
    found: dict[int, Range] = {}
    for number, stamp in enumerate(stamps, start=1):
        match = STAMP_RE.match(stamp or "")
        mark = match.group("mark") if match else None
        no_match = _EXHIBIT_NO.match(mark or "")
        if no_match is None:
            continue
        no = int(no_match.group(1))
        first = found[no].first_page if no in found else number
        found[no] = Range(first, number)
    return found


def check_pages(seen: ReadBack, plan: BundlePlan) -> list[Problem]:
    problems = []
    if seen.page_count != plan.total_pages:
        problems.append(error("page_count", _("the bundle has {pages} pages, the plan {expected}",
                                              pages=seen.page_count, expected=plan.total_pages), Location(BUNDLE)))
    for mark in plan.marks():
        if mark.page > seen.page_count:
            break
        stamp = seen.stamps[mark.page - 1]
        match = STAMP_RE.match(stamp or "")
        ok = match is not None and int(match.group("page")) == mark.page and \
            int(match.group("total")) == plan.total_pages and (match.group("mark") or "") == mark.exhibit_mark
        if not ok:
            expected = f"{(mark.exhibit_mark + ' ').lstrip()}第 {mark.page} 页 共 {plan.total_pages} 页"
            problems.append(error("stamp_mismatch", _("page {page} is stamped {stamp}, expected {expected}",
                                                      page=mark.page, stamp=repr(stamp), expected=expected),
                                  Location(BUNDLE, mark.page)))
            if len(problems) >= MAX_PAGE_PROBLEMS:
                break
    return problems


def check_ranges(seen: ReadBack, plan: BundlePlan) -> list[Problem]:
    problems = []
    for exhibit in plan.exhibits:
        got = seen.measured.get(exhibit.no)
        if got is None or (got.first_page, got.last_page) != (exhibit.first_page, exhibit.last_page):
            message = (_("{exhibit} is planned at {planned} but its stamps are at {stamped}", exhibit=exhibit.label,
                         planned=exhibit.page_range, stamped=got.text) if got else
                       _("{exhibit} is planned at {planned} but its stamps are at no page", exhibit=exhibit.label,
                         planned=exhibit.page_range))
            problems.append(error("exhibit_range", message, Location(BUNDLE)))
    extra = sorted(set(seen.measured) - {e.no for e in plan.exhibits})
    if extra:
        problems.append(error("exhibit_range", _("stamps of unplanned exhibits {numbers}", numbers=extra),
                              Location(BUNDLE)))
    return problems


def _index_links(pdf: pikepdf.Pdf, plan: BundlePlan, numbers: dict[tuple[int, int], int]) -> list[IndexLink]:
    links = []
    for number in range(plan.index_first_page, plan.index_first_page + plan.index_pages):
        if number > len(pdf.pages):
            break
        for annot in pdf.pages[number - 1].obj.get(Name.Annots, pikepdf.Array()):
            match = _NM.match(str(annot.get(Name.NM, "")))
            if match is None:
                continue
            dest = annot.get(Name.Dest)
            target = numbers.get(dest[0].objgen) if isinstance(dest, pikepdf.Array) and len(dest) else None
            x0, y0, x1, y1 = (float(v) for v in annot.Rect)
            rect = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
            links.append(IndexLink(int(match.group(1)), match.group(2), number, target, rect))
    return links


def _outline(pdf: pikepdf.Pdf, numbers: dict[tuple[int, int], int]) -> dict[str, int | None]:
    result: dict[str, int | None] = {}
    with pdf.open_outline() as outline:
        for item in outline.root:
            dest = item.destination
            page = numbers.get(dest[0].objgen) if isinstance(dest, pikepdf.Array) and len(dest) else None
            result[item.title] = page
    return result


def check_navigation(seen: ReadBack, plan: BundlePlan) -> list[Problem]:
    """Links, bookmarks and page labels all lead to each exhibit's measured first page."""
    problems = []
    for exhibit in plan.exhibits:
        got = seen.measured.get(exhibit.no)
        if got is None:
            continue
        targets = {link.target for link in seen.links if link.no == exhibit.no}
        if targets != {got.first_page}:
            problems.append(error("index_link", _("{exhibit}: the index links lead to {targets}, not page {page}",
                                                  exhibit=exhibit.label, targets=sorted(map(str, targets)),
                                                  page=got.first_page), Location(BUNDLE)))
        if seen.outline.get(exhibit.bookmark) != got.first_page:
            problems.append(error("bookmark", _("the bookmark {bookmark} leads to {target}, not page {page}",
                                                bookmark=repr(exhibit.bookmark), target=seen.outline.get(exhibit.bookmark),
                                                page=got.first_page), Location(BUNDLE)))
        expected_label = exhibit.label if exhibit.item.cover_pages else f"{exhibit.label}-1"
        if seen.labels.get(got.first_page) != expected_label:
            problems.append(error("page_label", _("page {page} is labelled {label}, not {expected}", page=got.first_page,
                                                  label=repr(seen.labels.get(got.first_page)),
                                                  expected=repr(expected_label)), Location(BUNDLE)))
    return problems


# --------------------------------------------------------------------------- the printed index


def check_index(path: Path, seen: ReadBack, plan: BundlePlan) -> list[Problem]:
    """What the 页码 column shows, read from the page, equals the measured range (after its volumes, if any)."""
    cells = read_index_cells(path, plan, [link for link in seen.links if link.part == "pages"])
    problems = []
    for exhibit in plan.exhibits:
        got = seen.measured.get(exhibit.no)
        printed = cells.get(exhibit.no)
        if got is None:
            continue
        expected = plan.index_pages_text(exhibit).replace(exhibit.page_range, got.text)
        if (printed or "").replace(" ", "") != expected.replace(" ", ""):
            problems.append(error("index_pages", _("the index prints {printed} for {exhibit}; its pages are {expected}",
                                                  printed=repr(printed), exhibit=exhibit.label, expected=expected),
                                  Location(BUNDLE, plan.index_first_page)))
    return problems


def read_printed_ranges(path: Path) -> dict[int, str]:
    """What a saved bundle's 证据目录 prints in its 页码 column, by exhibit number — no plan needed.

    The index rows are found by their links (named ``exhibit-N-pages``), wherever they are.
    """
    with pikepdf.open(path) as pdf:
        links = []
        for number, page in enumerate(pdf.pages, start=1):
            for annot in page.obj.get(Name.Annots, pikepdf.Array()):
                match = _NM.match(str(annot.get(Name.NM, "")))
                if match is None or match.group(2) != "pages":
                    continue
                x0, y0, x1, y1 = (float(v) for v in annot.Rect)
                links.append(IndexLink(int(match.group(1)), "pages", number, None,
                                       (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))))
    if not links:
        return {}
    return _cells(path, min(link.page for link in links), max(link.page for link in links), links)


def read_index_cells(path: Path, plan: BundlePlan, links: Sequence[IndexLink]) -> dict[int, str]:
    """Text inside each link rectangle of the index pages, by exhibit number."""
    first, last = plan.index_first_page, plan.index_first_page + plan.index_pages - 1
    return _cells(path, first, last, links)


def _cells(path: Path, first: int, last: int, links: Sequence[IndexLink]) -> dict[int, str]:
    pages = _words_by_page(_pdftotext_bbox(path, first, last))
    cells: dict[int, str] = {}
    for link in links:
        if link.page - first >= len(pages):
            continue
        height, words = pages[link.page - first]
        x0, y0, x1, y1 = link.rect
        top, bottom = height - y1, height - y0
        inside = [w for (wx0, wy0, wx1, wy1, w) in words
                  if x0 - 1 <= (wx0 + wx1) / 2 <= x1 + 1 and top - 1 <= (wy0 + wy1) / 2 <= bottom + 1]
        cells[link.no] = cells.get(link.no, "") + "".join(inside)
    return cells


def _pdftotext_bbox(path: Path, first: int, last: int) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        raise MissingDependency(_("pdftotext is not installed"), file="pdftotext",
                                hint=_("install poppler-utils (Debian: apt-get install poppler-utils)"))
    result = subprocess.run([tool, "-bbox", "-f", str(first), "-l", str(last), str(path), "-"],
                            capture_output=True, text=True, check=False)
    return result.stdout if result.returncode == 0 else ""


Word = tuple[float, float, float, float, str]


def _words_by_page(xhtml: str) -> list[tuple[float, list[Word]]]:
    pages: list[tuple[float, list[Word]]] = []
    for chunk in xhtml.split("<page ")[1:]:
        head = _PAGE.match("<page " + chunk)
        height = float(head.group(2)) if head else 0.0
        words = [(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in _WORD.findall(chunk)]
        pages.append((height, words))
    return pages


# --------------------------------------------------------------------------- qpdf --check

SYNTAX_CHECKS = ("qpdf", "libqpdf", "none")


class SyntaxCheck:
    """The syntax check of a written PDF, started early and finished later.

    ``libqpdf`` (the default): libqpdf's own checks, in-process through pikepdf, of what the
    tool wrote: the file's structure (cross-reference, every object parses, the document
    structures), and for the streams the tool wrote itself (each page's placement and stamp,
    the stamp font, the pages it laid out: ``own_pages``) that they decode and their content
    parses. The exhibits' own streams are not walked again: every PDF exhibit passed the same
    checks at input (:func:`evidence_kit.case.pdf.check_lines`) and is copied unchanged.
    ``qpdf``: the ``qpdf --check`` command on the whole file, in its own process, in parallel
    with the read-back. ``none``: skipped.
    """

    def __init__(self, path: Path, kind: str = "qpdf", own_pages: frozenset[int] | None = None) -> None:
        if kind not in SYNTAX_CHECKS:
            raise ValueError(f"unknown syntax check {kind!r}; one of {', '.join(SYNTAX_CHECKS)}")
        self.path = path
        self.kind = kind
        self.own_pages = own_pages
        self.process = start_qpdf_check(path) if kind == "qpdf" else None
        self.found: list[Problem] | None = None
        """The ``libqpdf`` check's problems, when it ran on the file opened by the read-back."""

    def check_opened(self, pdf: pikepdf.Pdf) -> None:
        """Run the ``libqpdf`` check on ``self.path`` as the caller opened it (``finish`` reports it)."""
        if self.kind == "libqpdf" and self.found is None:
            self.found = _libqpdf_problems(pdf, self.own_pages)

    def finish(self) -> list[Problem]:
        if self.process is not None:
            process, self.process = self.process, None
            return finish_qpdf_check(process)
        if self.kind == "libqpdf":
            if self.found is not None:
                found, self.found = self.found, None
                return found
            return libqpdf_check(self.path, self.own_pages)
        return []

    def cancel(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


def start_qpdf_check(path: Path) -> subprocess.Popen[str]:
    tool = shutil.which("qpdf")
    if tool is None:
        raise MissingDependency(_("qpdf is not installed"), file="qpdf",
                                hint=_("install qpdf (Debian: apt-get install qpdf)"))
    return subprocess.Popen([tool, "--check", str(path)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish_qpdf_check(process: subprocess.Popen[str]) -> list[Problem]:
    output = process.communicate()[0]
    if process.returncode == 0:
        return []
    lines = [line for line in output.splitlines() if line and not line.startswith(("checking", "PDF Version", "File is"))]
    return [error("qpdf_check", _("qpdf --check exit {code}: {output}", code=process.returncode,
                                  output="; ".join(lines[:5])), Location(BUNDLE))]


def qpdf_check(path: Path, kind: str = "qpdf") -> list[Problem]:
    check = SyntaxCheck(path, kind)
    try:
        return check.finish()
    finally:
        check.cancel()


def libqpdf_check(path: Path, own_pages: frozenset[int] | None = None) -> list[Problem]:
    """libqpdf's checks of a written PDF; ``own_pages`` None: every page is the tool's (all streams checked)."""
    try:
        with pikepdf.open(path) as pdf:
            return _libqpdf_problems(pdf, own_pages)
    except pikepdf.PdfError as exc:
        return _libqpdf_report([_("ERROR: {why}", why=exc)])


def _libqpdf_problems(pdf: pikepdf.Pdf, own_pages: frozenset[int] | None) -> list[Problem]:
    try:
        found = _structure_problems(pdf, own_pages)
    except pikepdf.PdfError as exc:
        found = [_("ERROR: {why}", why=exc)]
    return _libqpdf_report(found)


def _libqpdf_report(found: list[str]) -> list[Problem]:
    if not found:
        return []
    return [error("qpdf_check", _("libqpdf check: {output}", output="; ".join(found[:5])), Location(BUNDLE))]


def _structure_problems(pdf: pikepdf.Pdf, own_pages: frozenset[int] | None) -> list[str]:
    if own_pages is None:
        return pdf.check_pdf_syntax()
    found: list[str] = []
    pdf._check_document_structures()
    found += pdf.get_warnings()
    len(pdf.objects)  # every object of the cross-reference table, parsed
    found += pdf.get_warnings()
    decoded: set[tuple[int, int]] = set()
    parsed: set[tuple[int, int]] = set()
    with warnings.catch_warnings(record=True) as caught:  # pikepdf's, e.g. "Unexpected end of stream"
        warnings.simplefilter("always")
        for number, page in enumerate(pdf.pages, start=1):
            try:
                _check_own_streams(page, decoded, parsed, whole=number in own_pages)
            except pikepdf.PdfError as exc:
                found.append(_("ERROR: page {page}: {why}", page=number, why=exc))
            found += [_("WARNING: page {page}: {why}", page=number, why=w) for w in pdf.get_warnings()]
            found += [_("WARNING: page {page}: {why}", page=number, why=w.message) for w in caught]
            caught.clear()
    return found


_IMAGE_CODECS = (Name.DCTDecode, Name.JPXDecode, Name.JBIG2Decode)
_NUMBER = rb"-?\d+(?:\.\d+)?"
_SHOW = rb"1 0 0 1 " + _NUMBER + rb" " + _NUMBER + rb" Tm <(?:[0-9A-F]{2})*> Tj "
_STAMP_CONTENT = re.compile(rb"(?:Q )+\nq 0 g BT " + re.escape(FONT_KEY.encode()) + rb" " + _NUMBER + rb" Tf (?:"
                            + _SHOW + rb")?" + _SHOW + rb"ET Q\n")
"""A page's last content stream as the stamper writes it (see ``Stamper.stamp``): text that qpdf's content
parser reads without a warning, so a stream matching it needs no parse; any other is parsed."""


def _check_own_streams(page: pikepdf.Page, decoded: set[tuple[int, int]], parsed: set[tuple[int, int]], *,
                       whole: bool) -> None:
    """Decode and parse what the tool wrote on a page: all of it (``whole``), else its placement and stamp.

    ``decoded`` and ``parsed``: the streams already decoded, and parsed as content, on earlier pages.
    """
    if whole:
        pikepdf.parse_content_stream(page, "q Q")
        resources = page.obj.get(Name.Resources, pikepdf.Dictionary())
        streams = list(resources.get(Name.XObject, pikepdf.Dictionary()).values())
    else:
        contents = page.obj.get(Name.Contents)
        own = [contents[0], contents[-1]] if isinstance(contents, pikepdf.Array) and len(contents) else []
        for stream in own:
            if stream.objgen in parsed:  # a placement shared by pages of the same size: parsed once
                continue
            if not (stream is own[-1] and _STAMP_CONTENT.fullmatch(stream.read_bytes())):
                pikepdf.parse_content_stream(stream, "q Q")
            parsed.add(stream.objgen)
        streams = []
    font = page.obj.get(Name.Resources, pikepdf.Dictionary()).get(Name.Font, pikepdf.Dictionary()).get(FONT_KEY)
    if isinstance(font, pikepdf.Dictionary) and not (font.is_indirect and font.objgen in decoded):
        if font.is_indirect:  # the stamp font, shared by every page: its font file is found once
            decoded.add(font.objgen)
        streams += [d.FontDescriptor.FontFile3 for d in font.get(Name.DescendantFonts, pikepdf.Array())]
    for stream in streams:
        if not isinstance(stream, pikepdf.Stream) or stream.objgen in decoded:
            continue
        decoded.add(stream.objgen)
        filters = stream.get(Name.Filter)
        if not any(f in _IMAGE_CODECS for f in (filters if isinstance(filters, pikepdf.Array) else [filters])):
            stream.read_bytes()
