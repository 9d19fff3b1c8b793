"""The one-year LPR (贷款市场报价利率), read from the dated table ``schemas/lpr.csv``.

The figures are data, never code: a date before the table's first row or after its
``checked_through`` line is refused with :class:`LprMissing`, so that a stale table is
noticed instead of silently reusing an old rate.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from evidence_kit.i18n import _

LPR_TABLE = "schemas/lpr.csv"


class LprMissing(ValueError):
    """The LPR table does not cover a date."""


@dataclass(frozen=True)
class LprTable:
    rows: tuple[tuple[date, Decimal], ...]
    """(first day in force, one-year LPR as a fraction), in date order."""
    checked_through: date

    def one_year(self, on: date) -> tuple[Decimal, date]:
        """The one-year LPR in force on ``on`` and the date it took effect."""
        if not self.rows or on < self.rows[0][0]:
            first = self.rows[0][0] if self.rows else None
            raise LprMissing(_("the LPR table ({table}) starts on {first}; it has no rate for {date}", table=LPR_TABLE,
                               first=first, date=on))
        if on > self.checked_through:
            raise LprMissing(_("the LPR table ({table}) is complete only through {checked_through}; it cannot give "
                               "the rate for {date}", table=LPR_TABLE, checked_through=self.checked_through, date=on))
        effective, rate = max((row for row in self.rows if row[0] <= on), key=lambda row: row[0])
        return rate, effective


def parse_lpr_table(text: str) -> LprTable:
    checked: date | None = None
    body = []
    for line in text.splitlines():
        if line.startswith("#"):
            if "checked_through:" in line:
                checked = date.fromisoformat(line.split("checked_through:", 1)[1].strip())
            continue
        body.append(line)
    rows = tuple(
        (date.fromisoformat(row["effective_from"]), Decimal(row["one_year"]))
        for row in csv.DictReader(io.StringIO("\n".join(body)))
    )
    if checked is None:
        raise LprMissing(_("the LPR table ({table}) has no '# checked_through: YYYY-MM-DD' line", table=LPR_TABLE))
    return LprTable(tuple(sorted(rows)), checked)


@lru_cache(maxsize=1)
def lpr_table() -> LprTable:
    return parse_lpr_table(resources.files("evidence_kit").joinpath(LPR_TABLE).read_text("utf-8"))
