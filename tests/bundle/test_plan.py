"""The exhibit plan: pure, no I/O — labels, page ranges, and an index whose length is measured."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evidence_kit.bundle.plan import (
    BundlePlan,
    PlanDidNotSettle,
    PlanItem,
    estimate_start,
    page_range_text,
    plan_bundle,
    settle_plan,
)


def item(pages: int, key: str = "x", cover_pages: int = 0) -> PlanItem:
    return PlanItem(key=key, title=f"证据{key}", source="原告提供", proves="借款事实", pages=pages,
                    cover_pages=cover_pages)


def items_of(*pages: int) -> list[PlanItem]:
    return [item(n, str(i)) for i, n in enumerate(pages, start=1)]


def test_ranges_follow_cover_and_index() -> None:
    plan = plan_bundle(items_of(5, 1, 2), cover_pages=1, index_pages=2)
    assert [(e.label, e.first_page, e.last_page) for e in plan.exhibits] == [
        ("证据1", 4, 8), ("证据2", 9, 9), ("证据3", 10, 11),
    ]
    assert [e.page_range for e in plan.exhibits] == ["4–8", "9", "10–11"]
    assert plan.total_pages == 11
    assert plan.index_first_page == 2


def test_marks_label_every_page() -> None:
    plan = plan_bundle(items_of(2, 1), cover_pages=1, index_pages=2)
    marks = [(m.page, m.exhibit_mark, m.label) for m in plan.marks()]
    assert marks == [
        (1, "", "封面"), (2, "", "目录1"), (3, "", "目录2"),
        (4, "证据1-1", "证据1-1"), (5, "证据1-2", "证据1-2"), (6, "证据2-1", "证据2-1"),
    ]


def test_cover_sheets_are_part_of_the_exhibit_range() -> None:
    plan = plan_bundle([item(3, "a", cover_pages=1), item(1, "b", cover_pages=1)], cover_pages=1, index_pages=1)
    first, second = plan.exhibits
    assert (first.first_page, first.content_first_page, first.last_page) == (3, 4, 6)
    assert (second.first_page, second.content_first_page, second.last_page) == (7, 8, 8)
    marks = {m.page: m.exhibit_mark for m in plan.marks()}
    assert [marks[p] for p in range(3, 9)] == ["证据1", "证据1-1", "证据1-2", "证据1-3", "证据2", "证据2-1"]


def test_bookmark_and_range_text() -> None:
    plan = plan_bundle([item(1, "a")], cover_pages=0, index_pages=1)
    assert plan.exhibits[0].bookmark == "证据1 证据a"
    assert page_range_text(7, 7) == "7"
    assert page_range_text(7, 9) == "7–9"


def test_empty_exhibits_and_bad_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        item(0)
    with pytest.raises(ValueError):
        plan_bundle(items_of(1), cover_pages=1, index_pages=0)


def fixed_index(pages: int) -> Callable[[BundlePlan], int]:
    return lambda plan: pages


def test_settle_measures_the_index_and_replans() -> None:
    calls: list[int] = []

    def measure(plan: BundlePlan) -> int:
        calls.append(plan.index_pages)
        return 3

    settled = settle_plan(items_of(4, 4), cover_pages=1, measure_index=measure)
    assert calls == [1, 3]
    assert settled.plan.index_pages == 3
    assert settled.index_padding == 0
    assert settled.plan.exhibits[0].first_page == 5


def test_index_that_grows_with_its_own_numbers() -> None:
    """Page numbers that get a digit longer wrap the index onto one more page: re-plan again."""

    def measure(plan: BundlePlan) -> int:
        widest = max(len(e.page_range) for e in plan.exhibits)
        return 1 if widest <= 5 else 2

    settled = settle_plan(items_of(50, 49), cover_pages=1, measure_index=measure)
    plan = settled.plan
    assert plan.index_pages == 2
    assert plan.exhibits[1].page_range == "54–102"
    assert measure(plan) == plan.index_pages
    assert settled.rounds == 2


def test_oscillating_index_keeps_the_longer_length_and_pads() -> None:
    """n pages print numbers that need n+1, n+1 pages print numbers that fit in n."""

    def measure(plan: BundlePlan) -> int:
        return 2 if plan.index_pages == 1 else 1

    settled = settle_plan(items_of(3), cover_pages=1, measure_index=measure)
    assert settled.plan.index_pages == 2
    assert settled.index_padding == 1
    assert settled.plan.exhibits[0].first_page == 4


def test_a_measure_that_never_settles_is_reported() -> None:
    counter = iter(range(2, 100))
    with pytest.raises(PlanDidNotSettle):
        settle_plan(items_of(1), cover_pages=1, measure_index=lambda plan: next(counter))


@given(
    pages=st.lists(st.integers(min_value=1, max_value=400), min_size=1, max_size=40),
    covers=st.lists(st.integers(min_value=0, max_value=2), min_size=40, max_size=40),
    cover_pages=st.integers(min_value=0, max_value=2),
    index_pages=st.integers(min_value=1, max_value=5),
)
def test_ranges_tile_the_bundle(pages: list[int], covers: list[int], cover_pages: int, index_pages: int) -> None:
    items = [item(n, str(i), cover_pages=c) for i, (n, c) in enumerate(zip(pages, covers, strict=False), start=1)]
    plan = plan_bundle(items, cover_pages=cover_pages, index_pages=index_pages)
    expected_first = cover_pages + index_pages + 1
    for no, exhibit in enumerate(plan.exhibits, start=1):
        assert exhibit.label == f"证据{no}"
        assert exhibit.first_page == expected_first
        assert exhibit.page_count == exhibit.item.pages + exhibit.item.cover_pages
        expected_first = exhibit.last_page + 1
    marks = list(plan.marks())
    assert [m.page for m in marks] == list(range(1, plan.total_pages + 1))
    assert plan.total_pages == cover_pages + index_pages + sum(pages) + sum(covers[: len(pages)])
    content = [m for m in marks if "-" in m.exhibit_mark]
    assert len(content) == sum(pages)


@given(
    pages=st.lists(st.integers(min_value=1, max_value=3000), min_size=1, max_size=60),
    rows_per_page=st.integers(min_value=3, max_value=30),
)
def test_settled_index_length_equals_what_the_index_measures(pages: list[int], rows_per_page: int) -> None:
    """A model index: rows whose 页码 text exceeds 7 characters take two lines."""

    def measure(plan: BundlePlan) -> int:
        lines = sum(2 if len(e.page_range) > 7 else 1 for e in plan.exhibits)
        return max(1, -(-lines // rows_per_page))

    settled = settle_plan(items_of(*pages), cover_pages=1, measure_index=measure)
    plan = settled.plan
    assert measure(plan) + settled.index_padding == plan.index_pages
    assert plan.exhibits[0].first_page == 1 + plan.index_pages + 1


# --------------------------------------------------------------------------- an estimate chooses the start


def test_a_right_estimate_is_confirmed_by_a_single_layout() -> None:
    calls: list[int] = []

    def measure(plan: BundlePlan) -> int:
        calls.append(plan.index_pages)
        return 3

    settled = settle_plan(items_of(4, 4), cover_pages=1, measure_index=measure, estimate_index=lambda plan: 3)
    assert calls == [3]
    assert (settled.plan.index_pages, settled.rounds, settled.start, settled.index_padding) == (3, 1, 3, 0)


@pytest.mark.parametrize("estimate", [1, 2, 7, 40])
def test_a_wrong_estimate_never_decides_the_length(estimate: int) -> None:
    calls: list[int] = []

    def measure(plan: BundlePlan) -> int:
        calls.append(plan.index_pages)
        return 3

    settled = settle_plan(items_of(4, 4), cover_pages=1, measure_index=measure, estimate_index=lambda plan: estimate)
    assert settled.plan.index_pages == 3 and settled.index_padding == 0
    assert calls == ([estimate, 3] if estimate != 3 else [3])
    assert settled.start == estimate and settled.rounds == len(calls)


def test_the_estimate_is_settled_on_its_own_plan_first() -> None:
    """An estimate that depends on the plan (wider numbers, longer index) is iterated, without layouts."""
    estimates: list[int] = []

    def estimate(plan: BundlePlan) -> int:
        estimates.append(plan.index_pages)
        return 1 if max(len(e.page_range) for e in plan.exhibits) <= 5 else 2

    def measure(plan: BundlePlan) -> int:
        return 1 if max(len(e.page_range) for e in plan.exhibits) <= 5 else 2

    settled = settle_plan(items_of(50, 49), cover_pages=1, measure_index=measure, estimate_index=estimate)
    assert estimates == [1, 2]
    assert (settled.plan.index_pages, settled.rounds) == (2, 1)


def test_an_estimate_that_never_settles_starts_at_its_longest() -> None:
    guesses = iter([2, 5, 1, 4, 3, 2, 5, 1, 4, 3])
    start = estimate_start(items_of(3), cover_pages=1, estimate=lambda plan: next(guesses), max_rounds=5)
    assert start == 5


@given(
    pages=st.lists(st.integers(min_value=1, max_value=3000), min_size=1, max_size=60),
    rows_per_page=st.integers(min_value=3, max_value=30),
    error=st.integers(min_value=-3, max_value=3),
)
def test_any_estimate_settles_on_what_the_index_measures(pages: list[int], rows_per_page: int, error: int) -> None:
    """However wrong the estimate, the plan returned is one whose index was measured for it."""
    measured: list[tuple[int, int]] = []

    def lines(plan: BundlePlan) -> int:
        return max(1, -(-sum(2 if len(e.page_range) > 7 else 1 for e in plan.exhibits) // rows_per_page))

    def measure(plan: BundlePlan) -> int:
        measured.append((plan.index_pages, lines(plan)))
        return measured[-1][1]

    settled = settle_plan(items_of(*pages), cover_pages=1, measure_index=measure,
                          estimate_index=lambda plan: lines(plan) + error)
    plan = settled.plan
    assert measured[-1] == (plan.index_pages, plan.index_pages - settled.index_padding)
    assert plan.exhibits[0].first_page == 1 + plan.index_pages + 1
    if error == 0:
        assert settled.rounds == 1
