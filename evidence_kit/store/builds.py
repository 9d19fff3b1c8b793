"""``batch --db``: every finished case of a batch is recorded as a build with its outputs' hashes.

Each record is one short transaction (a build row, its outputs by Core bulk insert, and the
case's status when the store holds the case), so that two batches writing to one
PostgreSQL at once lose nothing: rows are only added, and ids come from the database.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import Engine, insert, update
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlmodel import col

from evidence_kit import __version__
from evidence_kit.errors import StoreError
from evidence_kit.i18n import _
from evidence_kit.store.db import make_engine, unreachable, upgrade
from evidence_kit.store.tables import StoredBuild, StoredCase, StoredOutput


class CaseOutcome(Protocol):
    """What the store needs of a batch outcome (batch.cases.CaseOutcome; batch sits after store)."""

    case_id: str
    status: str
    exit_code: int
    reason: str
    seconds: float
    folder: str | None
    outputs: list[dict[str, Any]]

CASE_STATUS = {"built": "built", "skipped": "built", "failed": "failed"}


class BuildRecorder:
    """Records batch outcomes in the store at ``db_url`` (migrated on first use)."""

    def __init__(self, db_url: str | None, profile: str = "court") -> None:
        self.engine: Engine = make_engine(db_url)
        self.profile = profile
        upgrade(self.engine)

    def __call__(self, outcome: CaseOutcome) -> None:
        try:
            with self.engine.begin() as connection:
                build_id = connection.execute(insert(StoredBuild).returning(col(StoredBuild.id)), [{
                    "case_id": outcome.case_id, "status": outcome.status, "exit_code": outcome.exit_code,
                    "reason": outcome.reason, "profile": self.profile, "tool_version": __version__,
                    "folder": outcome.folder, "seconds": outcome.seconds, "built_at": datetime.now(UTC),
                }]).scalar_one()
                if outcome.outputs:
                    connection.execute(insert(StoredOutput), [
                        {"build_id": build_id, "path": o["path"], "sha256": o["sha256"], "bytes": o["bytes"],
                         "pages": o.get("pages")} for o in outcome.outputs])
                connection.execute(update(StoredCase).where(col(StoredCase.case_id) == outcome.case_id)
                                   .values(status=CASE_STATUS[outcome.status]))
        except OperationalError as exc:
            raise unreachable(self.engine, exc) from exc
        except SQLAlchemyError as exc:
            raise StoreError(_("the build of {case} could not be recorded ({why})", case=outcome.case_id, why=exc),
                             hint=_("the output is built; run the batch again with --db to record it")) from exc

    def close(self) -> None:
        self.engine.dispose()
