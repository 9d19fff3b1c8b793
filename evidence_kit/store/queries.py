"""``db list``: the stored cases with their status, claim total and eligibility."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlmodel import col

from evidence_kit.claim.engine import display_width
from evidence_kit.i18n import _, pN_, translate_in
from evidence_kit.money import format_amount
from evidence_kit.store.db import open_store, unreachable
from evidence_kit.store.tables import StoredCase

STATUSES = ("invalid", "ready", "built", "failed")
# The status words as a terminal shows them; the store and --json keep the English codes above.
STATUS_WORDS = {"invalid": pN_("case status", "invalid"), "ready": pN_("case status", "ready"),
                "built": pN_("case status", "built"), "failed": pN_("case status", "failed")}


@dataclass(frozen=True)
class CaseRow:
    case_id: str
    status: str
    total: Decimal | None
    eligible: list[str]
    court: str

    def to_json(self) -> dict[str, Any]:
        total = None if self.total is None else f"{self.total:.2f}"
        return {"case_id": self.case_id, "status": self.status, "total": total, "eligible": self.eligible}


def list_cases(db_url: str | None, *, eligible: str | None = None,
               statuses: tuple[str, ...] = ()) -> list[CaseRow]:
    """Stored cases ordered by case_id, filtered by filing kind and status."""
    query = select(StoredCase).order_by(col(StoredCase.case_id))
    if statuses:
        query = query.where(col(StoredCase.status).in_(statuses))
    with open_store(db_url) as engine:
        try:
            with engine.connect() as connection:
                rows = [CaseRow(r.case_id, r.status, r.total, r.eligible.split(), r.court)
                        for r in connection.execute(query)]
        except OperationalError as exc:
            raise unreachable(engine, exc) from exc
    return [r for r in rows if eligible is None or eligible in r.eligible]


def cases_table(rows: list[CaseRow]) -> list[str]:
    """``db list`` on a terminal: one line per case under translated headings, CJK counted two columns wide."""
    header = (_("case"), _("status"), _("claim total"), _("eligible for"))
    cells = [(r.case_id, translate_in("case status", STATUS_WORDS[r.status]) if r.status in STATUS_WORDS else r.status,
              "-" if r.total is None else format_amount(r.total), " ".join(r.eligible)) for r in rows]
    widths = [max(display_width(line[i]) for line in [header, *cells]) for i in range(len(header))]
    lines = []
    for line in [header, *cells]:
        padded = [" " * (widths[i] - display_width(c)) + c if i == 2 else c + " " * (widths[i] - display_width(c))
                  for i, c in enumerate(line)]
        lines.append("  ".join(padded).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines
