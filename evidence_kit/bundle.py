"""The evidence bundle: cover, 证据目录, every exhibit stamped, bookmarked and linked.

1. prepare every exhibit (:mod:`evidence_kit.exhibits`) and lay out, in one render, the
   pages the tool writes itself (cover, exhibit cover sheets, recordings, tables);
2. plan, rendering the index for each plan until its length is stable (:mod:`plan`);
3. assemble with pikepdf: copy pages, stamp each one (:mod:`stamp`), point the index's
   rows at the exhibits' first pages, add bookmarks and page labels; save.

Verification by reading the saved file back is in :mod:`evidence_kit.readback`.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name

from evidence_kit import __version__
from evidence_kit.errors import CannotWrite, RenderFailed
from evidence_kit.exhibits import (
    ROLE_NAMES,
    PageSource,
    PreparedExhibit,
    close_pages,
    generated_exhibits,
    prepare_exhibit,
)
from evidence_kit.htmlpdf import LaidOutDocument, Section, lay_out_sections
from evidence_kit.model import Case
from evidence_kit.plan import (
    BundlePlan,
    PlanDidNotSettle,
    PlanItem,
    PlannedExhibit,
    SettledPlan,
    exhibit_label,
    settle_plan,
)
from evidence_kit.stamp import A4, Stamper, load_stamp_font

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


@dataclass
class BundleOutcome:
    """What was built: the plan (page numbers), the exhibits in plan order, notes per exhibit."""

    path: Path
    plan: BundlePlan
    exhibits: list[PreparedExhibit]
    index_rounds: int
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


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
            cover, covers, shared = lay_out_own_pages(case, prepared, on, exhibit_covers=options.exhibit_covers)
            opened.append(shared)
            clock.lap("layout")
            items = [plan_item(p, covers) for p in prepared]
            index = IndexRenderer(case, on)
            settled = _settle(items, len(cover.pages), index)
            index_pdf = index.pdf()
            opened.append(index_pdf)
            clock.lap("plan")
            bundle = assemble(settled, cover=cover, index=PageSource(index_pdf, range(len(index_pdf.pages)), True),
                              exhibits=prepared, covers=covers, title=f"{case.case_id} 证据材料")
            opened.append(bundle)
            clock.lap("assemble")
            save_bundle(bundle, path)
            clock.lap("save")
    finally:
        for pdf in opened:
            pdf.close()
    notes = [f"{p.file}: {note}" for p in prepared for note in p.notes if p.kind not in ("ledger", "contacts")]
    return BundleOutcome(path, settled.plan, prepared, settled.rounds, notes, clock.laps)


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
        for exhibit in case.exhibits:
            prepared.append(prepare_exhibit(exhibit, profile=options.profile))
        prepared += generated_exhibits(case, ledger=options.ledger_exhibit, contacts=options.contacts_exhibit)
    except BaseException:
        for item in prepared:
            close_pages(item)
        raise
    return prepared


def _settle(items: Sequence[PlanItem], cover_pages: int, index: IndexRenderer) -> SettledPlan:
    try:
        return settle_plan(items, cover_pages=cover_pages, measure_index=index)
    except PlanDidNotSettle as exc:
        raise RenderFailed(f"the evidence index: {exc}", file="证据目录", hint="report this as a bug") from exc


def plan_item(prepared: PreparedExhibit, covers: dict[str, PageSource]) -> PlanItem:
    cover = covers.get(prepared.key)
    return PlanItem(
        key=prepared.key, title=prepared.title, source=prepared.source, proves=prepared.proves,
        pages=prepared.page_count, file=prepared.file, original=prepared.original,
        cover_pages=len(cover.pages) if cover else 0,
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
        "contract_no": case.loan.contract_no, "date": date_text(on),
    }


def lay_out_own_pages(
    case: Case, prepared: Sequence[PreparedExhibit], on: date, *, exhibit_covers: bool,
) -> tuple[PageSource, dict[str, PageSource], pikepdf.Pdf]:
    """Render cover, cover sheets and section exhibits as one document; hand out its pages."""
    sections = [Section(COVER_ANCHOR, "bundle_cover.html", {**case_context(case, on), "exhibit_count": len(prepared)})]
    for no, item in enumerate(prepared, start=1):
        if exhibit_covers:
            sections.append(Section(f"cover-{item.key}", "exhibit_cover.html", {
                "label": exhibit_label(no), "title": item.title, "source": item.source, "proves": item.proves,
                "original": original_text(item.original),
            }))
        if item.section is not None:
            sections.append(item.section)
    document = lay_out_sections(sections, title=f"{case.case_id} 证据材料", what="bundle cover and generated exhibits")
    shared = pikepdf.open(BytesIO(document.write_pdf()))
    for item in prepared:
        if item.section is not None:
            item.pages = PageSource(shared, document.pages_of(item.section.anchor), owned=True)
    covers = {
        item.key: PageSource(shared, document.pages_of(f"cover-{item.key}"), owned=True)
        for item in prepared if exhibit_covers
    }
    return PageSource(shared, document.pages_of(COVER_ANCHOR), owned=True), covers, shared


class IndexRenderer:
    """Lays out the 证据目录 for a plan and reports its length; writes only the last layout."""

    def __init__(self, case: Case, on: date) -> None:
        self.context = case_context(case, on)
        self.last: LaidOutDocument | None = None

    def __call__(self, plan: BundlePlan) -> int:
        rows = [index_row(e) for e in plan.exhibits]
        section = Section(INDEX_ANCHOR, "evidence_index.html", {**self.context, "rows": rows})
        self.last = lay_out_sections([section], title="证据目录", what="the evidence index (证据目录)")
        return self.last.page_count

    def pdf(self) -> pikepdf.Pdf:
        if self.last is None:
            raise RuntimeError("the index was never laid out")
        return pikepdf.open(BytesIO(self.last.write_pdf()))


def index_row(exhibit: PlannedExhibit) -> dict[str, Any]:
    item = exhibit.item
    return {
        "href": f"{LINK_BASE}{exhibit.no}", "label": exhibit.label, "title": item.title, "source": item.source,
        "proves": item.proves, "original": original_text(item.original), "page_range": exhibit.page_range,
        "page_count": exhibit.page_count,
    }


# --------------------------------------------------------------------------- assembly


def assemble(
    settled: SettledPlan,
    *,
    cover: PageSource,
    index: PageSource,
    exhibits: Sequence[PreparedExhibit],
    covers: dict[str, PageSource],
    title: str,
) -> pikepdf.Pdf:
    plan = settled.plan
    out = pikepdf.new()
    owned = [_append(out, source, page_index) for source, page_index in
             _page_sequence(settled, cover, index, exhibits, covers)]
    if len(owned) != plan.total_pages:
        raise RuntimeError(f"assembled {len(owned)} pages for a plan of {plan.total_pages}")
    stamper = Stamper(out, load_stamp_font(), plan.total_pages)
    for page, mark, is_owned in zip(out.pages, plan.marks(), owned, strict=True):
        stamper.stamp(page, mark.page, mark.exhibit_mark, owned=is_owned)
    carry_optional_content(out, [item.pages.pdf for item in exhibits if item.pages and not item.pages.owned])
    link_index(out, plan)
    add_outline(out, plan)
    add_page_labels(out, plan)
    out.Root.PageMode = Name.UseOutlines
    out.docinfo[Name.Title] = pikepdf.String(title)
    out.docinfo[Name.Creator] = pikepdf.String(f"evidence-kit {__version__}")
    return out


def _append(out: pikepdf.Pdf, source: PageSource | None, page_index: int) -> bool:
    """Copy one page (or add a blank A4 page); returns whether the page is the tool's own layout."""
    if source is None:
        out.add_blank_page(page_size=A4)
        return True
    out.pages.append(source.page_list()[page_index])
    return source.owned


def _page_sequence(
    settled: SettledPlan, cover: PageSource, index: PageSource,
    exhibits: Sequence[PreparedExhibit], covers: dict[str, PageSource],
) -> Iterator[tuple[PageSource | None, int]]:
    """Every bundle page in order: (its source, page index), or (None, 0) for a blank page."""
    yield from ((cover, i) for i in cover.pages)
    yield from ((index, i) for i in index.pages)
    yield from ((None, 0) for _ in range(settled.index_padding))
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
            no_text, _, part = uri.removeprefix(LINK_BASE).partition("/")
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
        bundle.save(path, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    except OSError as exc:
        raise CannotWrite(f"cannot write the bundle ({exc.strerror or exc})", file=str(path),
                          hint="check free disk space and permissions of the output folder") from exc
