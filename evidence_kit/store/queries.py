"""``db list``: the stored cases with their status, claim total and eligibility."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlmodel import col

from evidence_kit.store.db import open_store, unreachable
from evidence_kit.store.tables import StoredCase

STATUSES = ("invalid", "ready", "built", "failed")


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
