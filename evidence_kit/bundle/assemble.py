"""The evidence bundle: cover, 证据目录, every exhibit stamped, bookmarked and linked.

1. prepare every exhibit (:mod:`evidence_kit.exhibits`) and lay out, in one render, the
   pages the tool writes itself (cover, exhibit cover sheets, recordings, tables);
2. plan, laying the index out for the plan until its length is stable (:mod:`plan`), from
   the length :func:`estimate_index_pages` predicts; write the tool's own pages and the
   index as one PDF;
3. assemble with pikepdf: copy pages, stamp each one (:mod:`stamp`), point the index's
   rows at the exhibits' first pages, add bookmarks and page labels; save.

Verification by reading the saved file back is in :mod:`evidence_kit.readback`.
"""

from __future__ import annotations

import time
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name

from evidence_kit import __version__
from evidence_kit.bundle.exhibits import (
    PageSource,
    PreparedExhibit,
    close_pages,
    contract_label,
    contract_text,
    finish_check,
    generated_exhibits,
    prepare_exhibit,
)
from evidence_kit.bundle.fileid import save_with_content_id
from evidence_kit.bundle.htmlpdf import LaidOutDocument, Section, lay_out_sections, write_documents
from evidence_kit.bundle.plan import (
    BundlePlan,
    PlanDidNotSettle,
    PlanItem,
    PlannedExhibit,
    SettledPlan,
    VolumeTooSmall,
    assign_volumes,
    exhibit_label,
    settle_plan,
)
from evidence_kit.bundle.stamp import A4, Nesting, Stamper, load_stamp_font
from evidence_kit.bundle.volumes import OWN_PAGE_BYTES, page_bytes, volume_capacity
from evidence_kit.case.model import ROLE_NAMES, Case
from evidence_kit.case.redact import COLLECTOR_MARK, Redactor, redactor_for
from evidence_kit.errors import CannotWrite, CaseInvalid, RenderFailed, describe_os_error
from evidence_kit.i18n import _

LINK_BASE = "https://evidence-kit.invalid/exhibit/"
COVER_ANCHOR = "bundle-cover"
INDEX_ANCHOR = "evidence-index"
PROFILES = ("court", "counsel", "collector")


@dataclass(frozen=True)
class BundleOptions:
    profile: str = "court"
    ledger_exhibit: bool = True
    contacts_exhibit: bool = True
    exhibit_covers: bool = False
    on: date | None = None
    max_volume_mb: float | None = None
    """Cut the bundle into volumes of at most this many MB (None: one file)."""


@dataclass
class BundleOutcome:
    """What was built: the plan (page numbers), the exhibits in plan order, notes per exhibit."""

    path: Path
    plan: BundlePlan
    exhibits: list[PreparedExhibit]
    index_rounds: int
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    own_pages: frozenset[int] = frozenset()
    """Bundle page numbers the tool laid out itself (cover, index, cover sheets, generated and image exhibits)."""


def build_bundle(case: Case, path: Path, options: BundleOptions) -> BundleOutcome:
    """Write bundle.pdf for ``case`` at ``path`` (the caller verifies and publishes it)."""
    on = options.on or date.today()
    clock = _Clock()
    prepared: list[PreparedExhibit] = []
    opened: list[pikepdf.Pdf] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            prepared = prepare_all(case, options)
            opened += [p.pages.pdf for p in prepared if p.pages is not None]
            clock.lap("prepare")
            redactor = redactor_for(case, options.profile)
            own = lay_out_own_pages(case, prepared, on, exhibit_covers=options.exhibit_covers, redactor=redactor)
            clock.lap("layout")
            items = [plan_item(p, own) for p in prepared]
            index = IndexRenderer(case, on, redactor, options.max_volume_mb)
            volumes = _volume_cutter(prepared, options.max_volume_mb)
            settled = _settle(items, len(own.pages_of(COVER_ANCHOR)), index, volumes)
            clock.lap("plan")
            written = pikepdf.open(BytesIO(write_documents([own, index.laid_out()])))
            opened.append(written)
            cover, covers, index_pages = hand_out_pages(written, own, index.laid_out(), prepared, options.exhibit_covers)
            clock.lap("write")
            for item in prepared:  # the exhibits were checked meanwhile, in worker processes
                finish_check(item)
            clock.lap("input_check_wait")
            bundle = assemble(settled, cover=cover, index=index_pages, exhibits=prepared, covers=covers,
                              title=bundle_title(case, redactor), profile_mark=profile_mark(options.profile))
            opened.append(bundle)
            clock.lap("assemble")
            save_bundle(bundle, path)
            clock.lap("save")
    finally:
        for pdf in opened:
            pdf.close()
    notes = [f"{p.file}: {note}" for p in prepared for note in p.notes if p.kind not in ("ledger", "contacts")]
    return BundleOutcome(path, settled.plan, prepared, settled.rounds, notes, clock.laps,
                         own_pages(settled.plan, prepared))


def own_pages(plan: BundlePlan, prepared: Sequence[PreparedExhibit]) -> frozenset[int]:
    """The pages the tool wrote itself; the others were checked at input (see case/pdf.py)."""
    pages = set(range(1, plan.exhibits[0].first_page if plan.exhibits else plan.total_pages + 1))
    for exhibit, item in zip(plan.exhibits, prepared, strict=True):
        pages |= set(range(exhibit.first_page, exhibit.content_first_page))
        if item.pages is None or item.pages.owned:
            pages |= set(range(exhibit.content_first_page, exhibit.last_page + 1))
    return frozenset(pages)


class _Clock:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self._last, 3)
        self._last = now


def prepare_all(case: Case, options: BundleOptions) -> list[PreparedExhibit]:
    """Every exhibit of case.yaml, then the generated ones; on failure nothing stays open."""
    prepared: list[PreparedExhibit] = []
    try:
        redactor = redactor_for(case, options.profile)
        for exhibit in case.exhibits:
            prepared.append(prepare_exhibit(exhibit, profile=options.profile, redactor=redactor))
        prepared += generated_exhibits(case, ledger=options.ledger_exhibit, contacts=options.contacts_exhibit,
                                       redactor=redactor)
    except BaseException:
        for item in prepared:
            close_pages(item)
        raise
    return prepared


def _settle(items: Sequence[PlanItem], cover_pages: int, index: IndexRenderer,
            volumes: Callable[[BundlePlan], BundlePlan] | None = None) -> SettledPlan:
    try:
        return settle_plan(items, cover_pages=cover_pages, measure_index=index, estimate_index=index.estimate,
                           volumes=volumes)
    except PlanDidNotSettle as exc:
        raise RenderFailed(_("the evidence index: {why}", why=exc), file="证据目录",
                           hint=_("report this as a bug")) from exc
    except VolumeTooSmall as exc:
        item = items[exc.exhibit - 1] if exc.exhibit else None
        limit = format(index.max_volume_mb, "g")
        raise CaseInvalid(_("with volumes of at most {size} MB, {why}", size=limit, why=exc),
                          file=item.file if item else None,
                          hint=_("raise the volume limit (--max-volume-mb, case.yaml bundle.max_volume_mb) or "
                                 "scan that page again at a lower resolution")) from exc


def _volume_cutter(prepared: Sequence[PreparedExhibit], max_volume_mb: float | None
                   ) -> Callable[[BundlePlan], BundlePlan] | None:
    """Cuts a plan into volumes from each page's estimated size (None: no volume limit)."""
    if max_volume_mb is None:
        return None
    sizes = {item.key: (page_bytes(item.pages.page_list(), item.pages.pages)
                        if item.pages is not None and item.section is None else None) for item in prepared}
    capacity = volume_capacity(max_volume_mb)

    def cut(plan: BundlePlan) -> BundlePlan:
        pages = [OWN_PAGE_BYTES] * plan.total_pages
        for exhibit, item in zip(plan.exhibits, prepared, strict=True):
            own_sizes = sizes[item.key]
            if own_sizes is not None:
                pages[exhibit.content_first_page - 1: exhibit.last_page] = own_sizes
        return assign_volumes(plan, pages, capacity)

    return cut


def plan_item(prepared: PreparedExhibit, own: LaidOutDocument) -> PlanItem:
    """The exhibit's index row and page count; a laid-out exhibit's pages are counted in ``own``."""
    pages = len(own.pages_of(prepared.section.anchor)) if prepared.section is not None else prepared.page_count
    cover = cover_sheet_anchor(prepared)
    return PlanItem(
        key=prepared.key, title=prepared.title, source=prepared.source, proves=prepared.proves,
        pages=pages, file=prepared.file, original=prepared.original,
        cover_pages=len(own.pages_of(cover)) if cover in own.starts else 0,
    )


# --------------------------------------------------------------------------- own pages


def date_text(on: date) -> str:
    return f"{on.year}年{on.month}月{on.day}日"


def original_text(original: bool | None) -> str:
    if original is None:
        return "—"
    return "原件" if original else "复印件"


def case_context(case: Case, on: date) -> dict[str, Any]:
    return {
        "case_id": case.case_id, "cause": case.cause, "court": case.court, "creditor": case.creditor.name,
        "debtors": [{"name": d.name, "role": ROLE_NAMES.get(d.role, d.role)} for d in case.debtors],
        "contract_no": contract_text(case), "contract_label": contract_label(case), "date": date_text(on),
    }


def bundle_title(case: Case, redactor: Redactor | None = None) -> str:
    """The bundle's PDF title: the case_id (as the profile shows it, like the manifest) and 证据材料."""
    case_id = redactor.text(case.case_id) if redactor is not None else case.case_id
    return f"{case_id} 证据材料"


def profile_mark(profile: str) -> str:
    """What every page of a bundle for ``profile`` carries beside its stamp (nothing for full data)."""
    return COLLECTOR_MARK if profile == "collector" else ""


def lay_out_own_pages(case: Case, prepared: Sequence[PreparedExhibit], on: date, *, exhibit_covers: bool,
                      redactor: Redactor | None = None) -> LaidOutDocument:
    """Lay out cover, cover sheets and section exhibits as one document (written with the index).

    With a ``redactor`` (the collector profile) every page's text passes through it.
    """
    sections = [Section(COVER_ANCHOR, "bundle_cover.html", {**case_context(case, on), "exhibit_count": len(prepared)})]
    for no, item in enumerate(prepared, start=1):
        if exhibit_covers:
            sections.append(Section(cover_sheet_anchor(item), "exhibit_cover.html", {
                "label": exhibit_label(no), "title": item.title, "source": item.source, "proves": item.proves,
                "original": original_text(item.original),
            }))
        if item.section is not None:
            sections.append(item.section)
    if redactor is not None and redactor.masks:
        sections = [replace(s, context=redactor.json(dict(s.context))) for s in sections]
    return lay_out_sections(sections, title=bundle_title(case, redactor), what=_("bundle cover and generated exhibits"))


def cover_sheet_anchor(item: PreparedExhibit) -> str:
    return f"cover-{item.key}"


def hand_out_pages(
    written: pikepdf.Pdf, own: LaidOutDocument, index: LaidOutDocument, prepared: Sequence[PreparedExhibit],
    exhibit_covers: bool,
) -> tuple[PageSource, dict[str, PageSource], PageSource]:
    """Where the pages of ``write_documents([own, index])`` are: cover, cover sheets by key, index.

    The section exhibits get their pages here too.
    """
    if len(written.pages) != own.page_count + index.page_count:
        raise RuntimeError(f"{len(written.pages)} pages written for {own.page_count} + {index.page_count} laid out")
    for item in prepared:
        if item.section is not None:
            item.pages = PageSource(written, own.pages_of(item.section.anchor), owned=True)
    covers = {
        item.key: PageSource(written, own.pages_of(cover_sheet_anchor(item)), owned=True)
        for item in prepared if exhibit_covers
    }
    index_pages = PageSource(written, range(own.page_count, own.page_count + index.page_count), owned=True)
    return PageSource(written, own.pages_of(COVER_ANCHOR), owned=True), covers, index_pages


class IndexRenderer:
    """Lays out the 证据目录 for a plan and reports its length; writes only the last layout."""

    def __init__(self, case: Case, on: date, redactor: Redactor | None = None,
                 max_volume_mb: float | None = None) -> None:
        self.context = case_context(case, on)
        self.redactor = redactor or Redactor()
        self.last: LaidOutDocument | None = None
        self.max_volume_mb = max_volume_mb

    def __call__(self, plan: BundlePlan) -> int:
        rows = self.redactor.json([index_row(e, plan) for e in plan.exhibits])
        section = Section(INDEX_ANCHOR, "evidence_index.html", {**self.context, "rows": rows})
        self.last = lay_out_sections([section], title="证据目录", what=_("the evidence index (证据目录)"))
        return self.last.page_count

    def estimate(self, plan: BundlePlan) -> int:
        """The index length for ``plan`` as :func:`estimate_index_pages` predicts it (no layout)."""
        # the line under the heading, as evidence_index.html prints it
        meta = f"案由：{self.context['cause']}　　提交人：{self.context['creditor']}　　受理法院：{self.context['court']}"
        return estimate_index_pages(self.redactor.json([index_row(e, plan) for e in plan.exhibits]), meta)

    def laid_out(self) -> LaidOutDocument:
        """The last layout: the one made for the settled plan."""
        if self.last is None:
            raise RuntimeError("the index was never laid out")
        return self.last

    def pdf(self) -> pikepdf.Pdf:
        return pikepdf.open(BytesIO(self.laid_out().write_pdf()))


def index_row(exhibit: PlannedExhibit, plan: BundlePlan | None = None) -> dict[str, Any]:
    item = exhibit.item
    pages = plan.index_pages_text(exhibit) if plan is not None else exhibit.page_range
    return {
        "href": f"{LINK_BASE}{exhibit.no}", "label": exhibit.label, "title": item.title, "source": item.source,
        "proves": item.proves, "original": original_text(item.original), "page_range": pages,
        "page_count": exhibit.page_count,
    }


# --------------------------------------------------------------------------- estimating the index length
#
# Where the measuring of the index starts. The 证据目录's length is always measured by laying it
# out (settle_plan); this model of evidence_index.html and bundle.css only predicts it, so that
# the first layout is usually made for the right length and confirms it. A wrong prediction
# costs one more layout, never a wrong number. Lengths in points, text widths in em.

INDEX_PAGE_HEIGHT = 708.66
"""A4 (297 mm) minus the page margins (25 mm + 22 mm)."""
INDEX_PAGE_WIDTH = 442.21
"""A4 (210 mm) minus the page margins (26 mm + 28 mm)."""
INDEX_COLUMNS = (0.10, 0.20, 0.17, 0.23, 0.08, 0.14, 0.08)
"""The colgroup's widths: 序号, 证据名称, 证据来源, 证明目的, 原件/复印件, 页码, 页数."""
INDEX_FONT = 10.5
INDEX_LINE = INDEX_FONT * 1.4
INDEX_CELL_EXTRA = 2 * 2.0 + 0.6
"""A row's height beyond its lines: top and bottom padding, one (collapsed) border."""
INDEX_CELL_INSET = 2 * 3.0 + 0.6
"""A column's width that text cannot use: left and right padding, one border."""
INDEX_HEADER_LINES = 3
"""The bold header row wraps "原件/复印件" onto three lines."""
INDEX_TITLE = 22 * 1.5 + 6 / 25.4 * 72
"""The 证据目录 heading: one line of 22 pt, then 6 mm."""
INDEX_META_FONT = 11.0
INDEX_META_MARGIN = 4 / 25.4 * 72
INDEX_SIGNATURE = 10 / 25.4 * 72 + 2 * 12 * 2.2
"""The signature block after the table: 10 mm, then two lines of 12 pt at 2.2."""

# Advance widths (1/1000 em) of ASCII 32–126 in Noto Serif CJK SC; wide characters are 1 em.
_ASCII_WIDTHS = (
    256, 308, 376, 574, 550, 923, 779, 196, 364, 364, 478, 580, 327, 346, 327, 352, 557, 471, 558, 557,
    555, 558, 558, 549, 558, 562, 327, 327, 580, 580, 580, 432, 912, 718, 670, 691, 770, 652, 629, 741,
    853, 405, 402, 731, 625, 975, 796, 767, 641, 767, 715, 567, 659, 797, 714, 1053, 700, 687, 605, 344,
    352, 344, 580, 563, 435, 557, 638, 538, 629, 546, 388, 566, 663, 332, 311, 607, 334, 974, 661, 596,
    638, 607, 462, 473, 367, 653, 548, 838, 564, 552, 498, 374, 316, 374, 580,
)
_OTHER_WIDTHS = {"–": 0.563, "—": 0.89, "·": 0.327}
_NO_BREAK_BEFORE = set("，。、；：！？）」』】〕》〉”’,.;:!?)]}%…ー々")
_NO_BREAK_AFTER = set("（「『【〔《〈“‘([{")
_BREAK_AFTER = set("-–—/")


def estimate_index_pages(rows: Sequence[dict[str, Any]], meta: str) -> int:
    """Pages of the 证据目录 for these rows (``index_row``), predicted without a layout."""
    usable = INDEX_PAGE_WIDTH - 0.6
    widths = [share * usable - INDEX_CELL_INSET for share in INDEX_COLUMNS]
    header = INDEX_HEADER_LINES * INDEX_LINE + INDEX_CELL_EXTRA
    meta_lines = _lines(meta, INDEX_PAGE_WIDTH / INDEX_META_FONT, anywhere=True)
    y = INDEX_TITLE + meta_lines * INDEX_META_FONT * 1.5 + INDEX_META_MARGIN + header
    pages = 1
    for row in rows:
        cells = (row["label"], row["title"], row["source"], row["proves"], row["original"], row["page_range"],
                 str(row["page_count"]))
        lines = max(_lines(str(text), width / INDEX_FONT, anywhere=n != 5) for n, (text, width)
                    in enumerate(zip(cells, widths, strict=True)))
        height = max(1, lines) * INDEX_LINE + INDEX_CELL_EXTRA
        if y + height > INDEX_PAGE_HEIGHT and y > header:
            pages += 1
            y = header
        y += height
    return pages + (1 if y + INDEX_SIGNATURE > INDEX_PAGE_HEIGHT else 0)


def _char_width(ch: str) -> float:
    code = ord(ch)
    if 32 <= code < 127:
        return _ASCII_WIDTHS[code - 32] / 1000
    if ch in _OTHER_WIDTHS:
        return _OTHER_WIDTHS[ch]
    return 1.0 if _wide(ch) else 0.6


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def _segments(text: str) -> list[tuple[str, bool]]:
    """The text cut at its line-break opportunities: (segment, followed by a space)."""
    words = text.split()
    segments: list[tuple[str, bool]] = []
    start = 0
    for i in range(1, len(words) + 1):  # a space is no break before a closing or after an opening mark
        if i == len(words) or not (words[i][0] in _NO_BREAK_BEFORE or words[i - 1][-1] in _NO_BREAK_AFTER):
            segments += _word_segments(" ".join(words[start:i]))
            start = i
    return segments


def _word_segments(word: str) -> list[tuple[str, bool]]:
    segments: list[tuple[str, bool]] = []
    start = 0
    for i in range(1, len(word)):
        before, after = word[i - 1], word[i]
        if after in _NO_BREAK_BEFORE or before in _NO_BREAK_AFTER or " " in (before, after):
            continue
        if _wide(before) or _wide(after) or (before in _BREAK_AFTER and not (before in "-/" and after.isdigit())):
            segments.append((word[start:i], False))
            start = i
    segments.append((word[start:], True))
    return segments


def _lines(text: str, width: float, *, anywhere: bool) -> int:
    """Lines the text takes in a column ``width`` em wide (greedy, like the layout engine)."""
    lines, used = 0, 0.0
    for segment, spaced in _segments(text):
        size = sum(_char_width(ch) for ch in segment)
        if lines and used + size <= width + 1e-6:
            used += size
        elif size <= width + 1e-6 or not anywhere:
            lines, used = lines + 1, size
        else:  # too long for any line: on a line of its own, broken anywhere
            lines, used = lines + 1, 0.0
            for ch in segment:
                step = _char_width(ch)
                if used and used + step > width + 1e-6:
                    lines, used = lines + 1, 0.0
                used += step
        if spaced:
            used += _char_width(" ")
    return lines


# --------------------------------------------------------------------------- assembly


def assemble(
    settled: SettledPlan,
    *,
    cover: PageSource,
    index: PageSource,
    exhibits: Sequence[PreparedExhibit],
    covers: dict[str, PageSource],
    title: str,
    profile_mark: str = "",
) -> pikepdf.Pdf:
    plan = settled.plan
    out = pikepdf.new()
    origins = copy_pages(out, _page_sequence(settled, cover, index, exhibits, covers))
    if len(out.pages) != plan.total_pages:
        raise RuntimeError(f"assembled {len(out.pages)} pages for a plan of {plan.total_pages}")
    stamper = Stamper(out, load_stamp_font(), plan.total_pages, profile_mark)
    for page, mark, (is_owned, nesting) in zip(out.pages, plan.marks(), origins, strict=True):
        stamper.stamp(page, mark.page, mark.exhibit_mark, owned=is_owned, nesting=nesting)
    carry_optional_content(out, [item.pages.pdf for item in exhibits if item.pages and not item.pages.owned])
    link_index(out, plan)
    add_outline(out, plan)
    add_page_labels(out, plan)
    out.Root.PageMode = Name.UseOutlines
    out.docinfo[Name.Title] = pikepdf.String(title)
    out.docinfo[Name.Creator] = pikepdf.String(f"evidence-kit {__version__}")
    return out


PageOrigin = tuple[bool, Nesting | None]
"""Per bundle page: whether the tool laid it out itself, and its content's nesting when already measured."""


def copy_pages(out: pikepdf.Pdf, sequence: Iterable[tuple[PageSource | None, int]]) -> list[PageOrigin]:
    """Copy the pages into ``out``, which has none yet, and make them its page tree in one step.

    Each page is copied with ``copy_foreign`` (qpdf's copyForeignObject: the page with its
    inherited attributes pushed down, its resources and streams, each shared object once)
    and the page tree is written once. ``out.pages.append`` would do the same per page but
    rebuilds qpdf's list of all pages on every call: copying N pages cost N²/2 (1.1 s for
    5,000 pages, 0.2 s this way). Returns, per page, whether it is the tool's own layout and
    its nesting when the input check measured it.
    """
    tree = out.Root.Pages
    if len(tree.get(Name.Kids, Array())):
        raise RuntimeError("pages can only be copied into an empty PDF")
    kids: list[pikepdf.Object] = []
    owned: list[PageOrigin] = []
    seen: set[tuple[int, int]] = set()
    for source, page_index in sequence:
        page: pikepdf.Object
        if source is None:
            page = out.make_indirect(Dictionary(Type=Name.Page, MediaBox=Array([0, 0, *A4]),
                                                Contents=out.make_stream(b""), Resources=Dictionary()))
        else:
            page = out.copy_foreign(source.page_list()[page_index].obj)
        if page.objgen in seen:
            raise RuntimeError("the same page was copied into the bundle twice")
        seen.add(page.objgen)
        page.Parent = tree
        kids.append(page)
        measured = source.nesting[page_index] if source is not None and source.nesting is not None else None
        owned.append((source is None or source.owned, Nesting(*measured) if measured is not None else None))
    tree.Kids = Array(kids)
    tree.Count = len(kids)
    return owned


def _page_sequence(
    settled: SettledPlan, cover: PageSource, index: PageSource,
    exhibits: Sequence[PreparedExhibit], covers: dict[str, PageSource],
) -> Iterator[tuple[PageSource | None, int]]:
    """Every bundle page in order: (its source, page index), or (None, 0) for a blank page."""
    yield from ((cover, i) for i in cover.pages)
    yield from ((index, i) for i in index.pages)
    yield from ((None, 0) for _blank in range(settled.index_padding))
    for item in exhibits:
        sheet = covers.get(item.key)
        if sheet is not None:
            yield from ((sheet, i) for i in sheet.pages)
        if item.pages is None:
            raise RuntimeError(f"exhibit {item.key} has no pages")
        yield from ((item.pages, i) for i in item.pages.pages)


def carry_optional_content(out: pikepdf.Pdf, sources: Sequence[pikepdf.Pdf]) -> None:
    """Keep the exhibits' layers (optional content) as they showed: hidden layers stay hidden.

    Without the catalog's /OCProperties a viewer shows every layer, so they are merged into
    the bundle's catalog: all layer groups, and those off by default listed as off.
    """
    groups: list[Any] = []
    hidden: list[Any] = []
    for source in dict.fromkeys(sources):
        properties = source.Root.get(Name.OCProperties)
        if not isinstance(properties, pikepdf.Dictionary):
            continue
        own = [g for g in properties.get(Name.OCGs, Array()) if isinstance(g, pikepdf.Dictionary) and g.is_indirect]
        default = properties.get(Name.D, Dictionary())
        shown = {g.objgen for g in default.get(Name.ON, Array()) if isinstance(g, pikepdf.Dictionary)}
        off = {g.objgen for g in default.get(Name.OFF, Array()) if isinstance(g, pikepdf.Dictionary)}
        if default.get(Name.BaseState) == Name.OFF:
            off |= {g.objgen for g in own if g.objgen not in shown}
        for group in own:
            copied = out.copy_foreign(group)
            groups.append(copied)
            if group.objgen in off:
                hidden.append(copied)
    if groups:
        out.Root.OCProperties = Dictionary(OCGs=Array(groups), D=Dictionary(OFF=Array(hidden)))


def link_index(out: pikepdf.Pdf, plan: BundlePlan) -> None:
    """The index's rows (rendered as placeholder URIs) become links to each exhibit's first page."""
    pages = list(out.pages)
    for number in range(plan.index_first_page, plan.index_first_page + plan.index_pages):
        for annot in pages[number - 1].obj.get(Name.Annots, Array()):
            action = annot.get(Name.A)
            uri = str(action.get(Name.URI, "")) if isinstance(action, pikepdf.Dictionary) else ""
            if not uri.startswith(LINK_BASE):
                continue
            no_text, _slash, part = uri.removeprefix(LINK_BASE).partition("/")
            target = plan.exhibit(int(no_text))
            del annot[Name.A]
            annot.Dest = Array([pages[target.first_page - 1].obj, Name.XYZ, None, None, None])
            annot.NM = pikepdf.String(f"exhibit-{target.no}-{part}")


def add_outline(out: pikepdf.Pdf, plan: BundlePlan) -> None:
    with out.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("证据目录", plan.index_first_page - 1))
        for exhibit in plan.exhibits:
            outline.root.append(pikepdf.OutlineItem(exhibit.bookmark, exhibit.first_page - 1))


def add_page_labels(out: pikepdf.Pdf, plan: BundlePlan) -> None:
    """Viewer page labels equal to the stamps' exhibit marks: 封面, 目录1…, 证据3, 证据3-1…"""
    nums: list[Any] = []
    if plan.cover_pages:
        nums += [0, Dictionary(P=pikepdf.String("封面"))] if plan.cover_pages == 1 else \
            [0, Dictionary(P=pikepdf.String("封面"), S=Name.D, St=1)]
    nums += [plan.cover_pages, Dictionary(P=pikepdf.String("目录"), S=Name.D, St=1)]
    for exhibit in plan.exhibits:
        if exhibit.item.cover_pages:
            nums += [exhibit.first_page - 1, Dictionary(P=pikepdf.String(exhibit.label))]
        nums += [exhibit.content_first_page - 1, Dictionary(P=pikepdf.String(f"{exhibit.label}-"), S=Name.D, St=1)]
    out.Root.PageLabels = Dictionary(Nums=Array(nums))


def save_bundle(bundle: pikepdf.Pdf, path: Path) -> None:
    try:
        # the file identifier is a hash of the content, so equal inputs give equal bytes
        save_with_content_id(bundle, path)
    except OSError as exc:
        raise CannotWrite(_("cannot write the bundle ({why})", why=describe_os_error(exc)), file=str(path),
                          hint=_("check free disk space and permissions of the output folder")) from exc
