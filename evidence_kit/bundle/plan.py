"""The exhibit plan: order, labels 证据1…N, optional cover sheets and page ranges.

Pure computation, no I/O. The only number the plan cannot know by itself is the
length of the evidence index (证据目录), because the index prints the page ranges
that depend on it. :func:`settle_plan` therefore takes a function that renders the
index for a plan and returns its measured page count, and redoes the plan until the
two agree — the index length is measured, never guessed. An estimate may choose where
the loop starts (so that usually a single layout confirms it); it never ends it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from evidence_kit.i18n import _

MAX_SETTLE_ROUNDS = 8


@dataclass(frozen=True)
class PlanItem:
    """An exhibit ready to be placed: its index row and its measured page count."""

    key: str
    title: str
    source: str
    proves: str
    pages: int
    file: str = ""
    original: bool | None = None
    cover_pages: int = 0
    """Pages of the exhibit's cover sheet (0: none)."""

    def __post_init__(self) -> None:
        if self.pages < 1:
            raise ValueError(f"exhibit {self.key} has {self.pages} pages; every exhibit has at least one")
        if self.cover_pages < 0:
            raise ValueError(f"exhibit {self.key} has a cover sheet of {self.cover_pages} pages")


@dataclass(frozen=True)
class PlannedExhibit:
    """One exhibit placed in the bundle; pages are 1-based bundle page numbers."""

    no: int
    item: PlanItem
    first_page: int
    last_page: int

    @property
    def label(self) -> str:
        return exhibit_label(self.no)

    @property
    def content_first_page(self) -> int:
        """The exhibit's own first page (after its cover sheet, when it has one)."""
        return self.first_page + self.item.cover_pages

    @property
    def page_count(self) -> int:
        return self.last_page - self.first_page + 1

    @property
    def page_range(self) -> str:
        """What the index prints in its 页码 column: "12–15", or "12" for one page."""
        return page_range_text(self.first_page, self.last_page)

    @property
    def bookmark(self) -> str:
        return f"{self.label} {self.item.title}"


@dataclass(frozen=True)
class PageMark:
    """What one bundle page is stamped and labelled with."""

    page: int
    exhibit_mark: str
    label: str


@dataclass(frozen=True)
class Volume:
    """One file of a bundle split for an upload portal: bundle pages ``first_page``…``last_page``."""

    no: int
    first_page: int
    last_page: int

    @property
    def name(self) -> str:
        return volume_name(self.no)


@dataclass(frozen=True)
class BundlePlan:
    cover_pages: int
    index_pages: int
    exhibits: tuple[PlannedExhibit, ...]
    volumes: tuple[Volume, ...] = ()
    """Empty: one file. Otherwise the volumes, in order, covering every page."""

    def volume_of(self, page: int) -> int:
        """The 1-based volume a bundle page is in (1 when the bundle is one file)."""
        return next((v.no for v in self.volumes if v.first_page <= page <= v.last_page), 1)

    def volumes_of(self, exhibit: PlannedExhibit) -> range:
        return range(self.volume_of(exhibit.first_page), self.volume_of(exhibit.last_page) + 1)

    def index_pages_text(self, exhibit: PlannedExhibit) -> str:
        """What the index prints in its 页码 column: the range, after the volume(s) when there are several."""
        pages = exhibit.page_range
        if len(self.volumes) < 2:
            return pages
        first, last = self.volume_of(exhibit.first_page), self.volume_of(exhibit.last_page)
        return f"第{first}册 {pages}" if first == last else f"第{first}–{last}册 {pages}"

    @property
    def index_first_page(self) -> int:
        return self.cover_pages + 1

    @property
    def front_pages(self) -> int:
        return self.cover_pages + self.index_pages

    @property
    def total_pages(self) -> int:
        return self.exhibits[-1].last_page if self.exhibits else self.front_pages

    def marks(self) -> Iterator[PageMark]:
        """Every page of the bundle in order, with its stamp mark and page label."""
        for page in range(1, self.cover_pages + 1):
            yield PageMark(page, "", "封面" if self.cover_pages == 1 else f"封面{page}")
        for n in range(1, self.index_pages + 1):
            yield PageMark(self.cover_pages + n, "", f"目录{n}")
        for exhibit in self.exhibits:
            split = len(self.volumes_of(exhibit)) > 1
            for mark in exhibit_marks(exhibit):
                if split:
                    suffix = f"（{volume_name(self.volume_of(mark.page))}）"
                    mark = PageMark(mark.page, mark.exhibit_mark + suffix, mark.label)
                yield mark

    def exhibit(self, no: int) -> PlannedExhibit:
        return self.exhibits[no - 1]


_DIGITS = "零一二三四五六七八九"


def volume_name(no: int) -> str:
    """第一册, 第二册, … 第十二册 (volumes are numbered in Chinese on stamps and bookmarks)."""
    if not 1 <= no <= 99:
        raise ValueError(f"volume {no} out of range")
    tens, ones = divmod(no, 10)
    text = ("" if tens < 2 else _DIGITS[tens]) + ("十" if tens else "") + (_DIGITS[ones] if ones else "")
    return f"第{text}册"


class VolumeTooSmall(ValueError):
    """A page (or the cover and index together) is larger than one volume may be."""

    def __init__(self, message: str, exhibit: int | None = None, page: int | None = None) -> None:
        super().__init__(message)
        self.exhibit = exhibit
        self.page = page


def assign_volumes(plan: BundlePlan, page_bytes: Sequence[int], capacity: int) -> BundlePlan:
    """Cut the bundle into volumes of at most ``capacity`` estimated bytes each.

    ``page_bytes`` holds each bundle page's estimated size. Cuts fall between exhibits; an
    exhibit is cut between its pages only when it alone is larger than a volume. Volume 1
    holds the cover and the index. Raises :class:`VolumeTooSmall` for a page larger than a
    volume. A bundle that fits in one volume gets no volumes (one file).
    """
    if len(page_bytes) != plan.total_pages:
        raise ValueError(f"{len(page_bytes)} page sizes for {plan.total_pages} pages")
    used = sum(page_bytes[: plan.front_pages])
    if used > capacity:
        raise VolumeTooSmall(_("the cover and the evidence index alone are larger than one volume"))
    cuts: list[int] = []  # first page of each volume after the first
    for exhibit in plan.exhibits:
        size = sum(page_bytes[exhibit.first_page - 1: exhibit.last_page])
        if used + size <= capacity:
            used += size
        elif size <= capacity:
            cuts.append(exhibit.first_page)
            used = size
        else:
            for page in range(exhibit.first_page, exhibit.last_page + 1):
                if page_bytes[page - 1] > capacity:
                    raise VolumeTooSmall(_("page {page} of {exhibit} alone is larger than one volume",
                                           page=page - exhibit.first_page + 1, exhibit=exhibit.label),
                                         exhibit.no, page - exhibit.first_page + 1)
                if used + page_bytes[page - 1] > capacity:
                    cuts.append(page)
                    used = 0
                used += page_bytes[page - 1]
    if not cuts:
        return replace(plan, volumes=())
    starts = [1, *cuts]
    ends = [c - 1 for c in cuts] + [plan.total_pages]
    return replace(plan, volumes=tuple(Volume(n, f, t) for n, (f, t) in enumerate(zip(starts, ends, strict=True), 1)))


def exhibit_label(no: int) -> str:
    return f"证据{no}"


def page_range_text(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def exhibit_marks(exhibit: PlannedExhibit) -> Iterator[PageMark]:
    for page in range(exhibit.first_page, exhibit.content_first_page):
        yield PageMark(page, exhibit.label, exhibit.label)
    for n, page in enumerate(range(exhibit.content_first_page, exhibit.last_page + 1), start=1):
        mark = f"{exhibit.label}-{n}"
        yield PageMark(page, mark, mark)


def plan_bundle(items: Sequence[PlanItem], *, cover_pages: int, index_pages: int) -> BundlePlan:
    """Place the exhibits after the cover and the index, numbered 证据1…N in the given order."""
    if cover_pages < 0 or index_pages < 1:
        raise ValueError("a bundle has a cover of 0+ pages and an index of 1+ pages")
    placed: list[PlannedExhibit] = []
    next_page = cover_pages + index_pages + 1
    for no, item in enumerate(items, start=1):
        length = item.pages + item.cover_pages
        placed.append(PlannedExhibit(no, item, next_page, next_page + length - 1))
        next_page += length
    return BundlePlan(cover_pages, index_pages, tuple(placed))


@dataclass(frozen=True)
class SettledPlan:
    """A plan whose index length was measured by rendering the index for this very plan.

    ``rounds`` is the number of index layouts made (measurements); ``start`` the index
    length the first one was made for. ``index_padding`` is the number of blank pages to
    add after the rendered index; it is non-zero only when the index length kept
    oscillating and the longer length was kept.
    """

    plan: BundlePlan
    rounds: int
    index_padding: int = 0
    start: int = 1


class PlanDidNotSettle(RuntimeError):
    """The index length never settled (the measuring function is not deterministic)."""


def settle_plan(
    items: Sequence[PlanItem],
    *,
    cover_pages: int,
    measure_index: Callable[[BundlePlan], int],
    estimate_index: Callable[[BundlePlan], int] | None = None,
    max_rounds: int = MAX_SETTLE_ROUNDS,
    volumes: Callable[[BundlePlan], BundlePlan] | None = None,
) -> SettledPlan:
    """Plan, render the index for the plan, re-plan with its measured length, until stable.

    ``estimate_index`` (cheap, no layout) only chooses the length the first layout is made
    for: :func:`estimate_start` settles the plan on the estimate first. Whatever the
    estimate says, the plan returned is one whose index was laid out and measured for it.

    Should the length oscillate (n pages of index print numbers that need n+1, and n+1
    pages print numbers that fit in n), the longer length is kept and the rendered index
    is padded with blank pages, so that every printed number is still the real one.
    ``volumes`` cuts each plan into volumes before its index is laid out.
    """
    start = 1 if estimate_index is None else estimate_start(items, cover_pages=cover_pages, estimate=estimate_index)
    index_pages = start
    seen: set[int] = set()
    for rounds in range(1, max_rounds + 1):
        plan = plan_bundle(items, cover_pages=cover_pages, index_pages=index_pages)
        if volumes is not None:  # the index prints each exhibit's volume: cut before measuring it
            plan = volumes(plan)
        measured = measure_index(plan)
        if measured < 1:
            raise ValueError(f"the index measured {measured} pages")
        if measured == index_pages:
            return SettledPlan(plan, rounds, start=start)
        if measured < index_pages and measured in seen:
            return SettledPlan(plan, rounds, index_pages - measured, start=start)
        seen.add(index_pages)
        index_pages = measured
    raise PlanDidNotSettle(_("the index length did not settle in {rounds} rounds", rounds=max_rounds))


def estimate_start(
    items: Sequence[PlanItem], *, cover_pages: int, estimate: Callable[[BundlePlan], int],
    max_rounds: int = MAX_SETTLE_ROUNDS,
) -> int:
    """The index length at which the estimate agrees with itself: where the measuring starts.

    Should the estimate not settle, the longest length it gave is used (at least 1).
    """
    index_pages = 1
    tried: list[int] = []
    for _round in range(max_rounds):
        guess = max(1, estimate(plan_bundle(items, cover_pages=cover_pages, index_pages=index_pages)))
        if guess == index_pages:
            return guess
        tried.append(guess)
        index_pages = guess
    return max(tried)
