"""The shipped LPR table against the monthly fixings, restated month by month.

schemas/lpr.csv stores only the days the one-year LPR changed. The list below restates the figure of every
monthly fixing (the 20th, or the next working day) from the first one under the 2019 reform; each must be the
rate the table has in force on that day, so that a mistyped or missing row fails here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import pairwise

import pytest

from evidence_kit.claim.lpr import LprMissing, lpr_table

MONTHLY_FIXINGS_PERCENT = {
    "2019-08": "4.25", "2019-09": "4.20", "2019-10": "4.20", "2019-11": "4.15", "2019-12": "4.15",
    "2020-01": "4.15", "2020-02": "4.05", "2020-03": "4.05",
    **{f"2020-{m:02d}": "3.85" for m in range(4, 13)},
    **{f"2021-{m:02d}": "3.85" for m in range(1, 12)}, "2021-12": "3.80",
    **{f"2022-{m:02d}": "3.70" for m in range(1, 8)},
    **{f"2022-{m:02d}": "3.65" for m in range(8, 13)},
    **{f"2023-{m:02d}": "3.65" for m in range(1, 6)}, "2023-06": "3.55", "2023-07": "3.55",
    **{f"2023-{m:02d}": "3.45" for m in range(8, 13)},
    **{f"2024-{m:02d}": "3.45" for m in range(1, 7)},
    "2024-07": "3.35", "2024-08": "3.35", "2024-09": "3.35",
    "2024-10": "3.10", "2024-11": "3.10", "2024-12": "3.10",
    **{f"2025-{m:02d}": "3.10" for m in range(1, 5)},
    **{f"2025-{m:02d}": "3.00" for m in range(5, 11)},  # November: see the last test
}


@pytest.mark.parametrize("month", sorted(MONTHLY_FIXINGS_PERCENT))
def test_the_table_gives_each_months_fixing(month: str) -> None:
    """On the 23rd (after every fixing day, before the next) the table's rate is that month's figure."""
    day = date.fromisoformat(f"{month}-23")
    rate, effective = lpr_table().one_year(day)
    assert rate * 100 == Decimal(MONTHLY_FIXINGS_PERCENT[month])
    assert effective <= day


def test_every_change_is_a_month_where_the_figure_changed() -> None:
    months = sorted(MONTHLY_FIXINGS_PERCENT)
    changes = [month for before, month in pairwise(months)
               if MONTHLY_FIXINGS_PERCENT[month] != MONTHLY_FIXINGS_PERCENT[before]]
    table_changes = [effective.strftime("%Y-%m") for effective, _rate in lpr_table().rows[1:]]
    assert table_changes == changes


def test_before_the_reform_and_after_the_checked_date_there_is_no_rate() -> None:
    table = lpr_table()
    with pytest.raises(LprMissing):
        table.one_year(date(2019, 8, 19))
    with pytest.raises(LprMissing):
        table.one_year(date(table.checked_through.year + 1, 1, 1))
    assert table.one_year(table.checked_through)[0] == Decimal("0.0300")
