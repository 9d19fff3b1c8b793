"""``split``: a portfolio export → one case folder per loan that passes ``check``.

Each case is drafted from its rows (:mod:`evidence_kit.batch.casefile`), written to a
hidden work folder inside CASES_DIR, checked with the same ``check`` a user runs, and only
then renamed to ``CASES_DIR/<case_id>``. A case with errors is skipped; its problems are
reported at the export's own file, line and column.

Which loans make one case is decided by :func:`group_loans`; today every loan is its own
case (schema_version 1). A grouping by customer (several debts in one schema_version 2
case, DESIGN §2b) plugs in there and in the drafting, not in the rest of this module.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from evidence_kit.batch.casefile import CaseDraft, draft_case, export_location
from evidence_kit.batch.export import Export, LoanRecord, read_export
from evidence_kit.check import check_case
from evidence_kit.errors import CannotWrite, describe_os_error
from evidence_kit.i18n import _
from evidence_kit.problems import Problem, Severity, error

CASE_ID = re.compile(r"^[A-Za-z0-9._-]{1,100}$")
MAX_LOANS = 1_000_000
"""The most loans one export may hold; checked before anything is written."""


@dataclass(frozen=True)
class CaseGroup:
    """The loans that become one case folder."""

    case_id: str
    loans: tuple[LoanRecord, ...]


@dataclass
class SplitResult:
    case_id: str
    status: str  # "written" | "skipped"
    problems: list[Problem] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {"loan_id": self.case_id, "status": self.status,
                "problems": [{**p.to_json(), "severity": p.severity.value} for p in self.problems]}


@dataclass
class SplitReport:
    results: list[SplitResult]
    problems: list[Problem]
    """Problems of the export as a whole (they cost no case)."""

    @property
    def written(self) -> list[SplitResult]:
        return [r for r in self.results if r.status == "written"]

    @property
    def skipped(self) -> list[SplitResult]:
        return [r for r in self.results if r.status == "skipped"]


def group_loans(export: Export) -> list[CaseGroup]:
    """One case per loan, named by its loan_id."""
    return [CaseGroup(loan.loan_id, (loan,)) for loan in export.loans]


def split_export(export_dir: Path, cases_dir: Path, *, overwrite: bool = False, today: date | None = None,
                 on_case: Callable[[SplitResult], None] | None = None) -> SplitReport:
    """Write ``cases_dir/<case_id>/`` for every case of the export that passes check."""
    export = read_export(export_dir)
    if len(export.loans) > MAX_LOANS:
        raise CannotWrite(_("the export holds {count} loans, more than {limit}", count=len(export.loans),
                            limit=MAX_LOANS), file=str(export_dir), hint=_("split the export into smaller files"))
    blocking = [p for p in export.problems if p.severity is Severity.ERROR]
    _prepare(cases_dir)
    results = []
    for group in group_loans(export):
        result = _split_one(export, group, cases_dir, overwrite, blocking, today)
        results.append(result)
        if on_case is not None:
            on_case(result)
    return SplitReport(results, export.problems)


def _prepare(cases_dir: Path) -> None:
    try:
        cases_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CannotWrite(_("cannot create the cases folder ({why})", why=describe_os_error(exc)), file=str(cases_dir),
                          hint=_("choose a folder you can write to")) from exc


def _split_one(export: Export, group: CaseGroup, cases_dir: Path, overwrite: bool,
               blocking: list[Problem], today: date | None) -> SplitResult:
    loan = group.loans[0]
    known = [*export.loan_problems.get(group.case_id, []), *blocking]
    if not CASE_ID.match(group.case_id):
        known.append(error("bad_loan_id", _("loan_id {loan_id} cannot name a case folder", loan_id=repr(group.case_id)),
                           loan.loc, _("use letters, digits, '.', '_' and '-' only")))
    target = cases_dir / group.case_id
    if not known and target.exists() and not overwrite:
        known.append(error("case_exists", _("{path} exists already", path=target), loan.loc,
                           _("split into an empty folder, or pass --overwrite to replace it")))
    if known:
        return SplitResult(group.case_id, "skipped", known)
    draft = draft_case(export, loan)
    work = cases_dir / f".split-{group.case_id}"
    try:
        _write_draft(draft, work)
        report = check_case(work, today)[1]
        problems = [*draft.problems, *(export_location(draft, p) for p in report.problems)]
        if report.errors or any(p.severity is Severity.ERROR for p in draft.problems):
            return SplitResult(group.case_id, "skipped", problems)
        _publish(work, target)
        return SplitResult(group.case_id, "written", problems)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _write_draft(draft: CaseDraft, work: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)
    try:
        draft.write(work)
    except OSError as exc:
        raise CannotWrite(_("cannot write the case folder ({why})", why=describe_os_error(exc)), file=str(work),
                          hint=_("check the free space and permissions of the cases folder")) from exc


def _publish(work: Path, target: Path) -> None:
    """Replace ``target`` by the checked work folder (the old one is removed only after the new one exists)."""
    old = target.with_name(f".old-{target.name}")
    if target.exists():
        target.rename(old)
    work.rename(target)
    shutil.rmtree(old, ignore_errors=True)
