"""``split``: a portfolio export → one case folder per customer (and court) that passes ``check``.

Which accounts make one case is decided by :func:`group_loans`: a customer's loans and cards
at one court (:mod:`evidence_kit.batch.customers`). A customer with one loan gets the
schema_version 1 case of that loan; several accounts, or a card, a schema_version 2 case with
a debt per account (DESIGN §2b). The case_id is the id of the customer's first account.

Each case is drafted from its rows (:mod:`evidence_kit.batch.casefile`), written to a
hidden work folder inside CASES_DIR, checked with the same ``check`` a user runs, and only
then renamed to ``CASES_DIR/<case_id>``. A case with errors is skipped; its problems are
reported at the export's own file, line and column. An error of a row costs the case of that
row only; an error of the export as a whole (portfolio.yaml, a table missing or unreadable)
costs every case.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from evidence_kit.batch.casefile import CaseDraft, draft_case, export_location
from evidence_kit.batch.customers import CaseGroup, group_by_customer
from evidence_kit.batch.export import Export, read_export
from evidence_kit.check import check_case
from evidence_kit.errors import CannotWrite, describe_os_error
from evidence_kit.i18n import _
from evidence_kit.problems import Problem, Severity, error

CASE_ID = re.compile(r"^[A-Za-z0-9._-]{1,100}$")
MAX_LOANS = 1_000_000
"""The most accounts (loans and cards) one export may hold; checked before anything is written."""
__all__ = ["CaseGroup", "SplitReport", "SplitResult", "group_loans", "split_export"]


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
    """Problems of the export reported once: its errors as a whole (each skipped case repeats them) and the
    rows that belong to no case (a row without an id, an unknown loan_id)."""

    @property
    def complete(self) -> bool:
        """Every case was written and no row was left out for an error."""
        return not self.skipped and not any(p.severity is Severity.ERROR for p in self.problems)

    @property
    def written(self) -> list[SplitResult]:
        return [r for r in self.results if r.status == "written"]

    @property
    def skipped(self) -> list[SplitResult]:
        return [r for r in self.results if r.status == "skipped"]


def group_loans(export: Export) -> list[CaseGroup]:
    """One case per customer and court, named by the customer's first account (one loan: that loan's case)."""
    return group_by_customer(export)


def split_export(export_dir: Path, cases_dir: Path, *, overwrite: bool = False, today: date | None = None,
                 on_case: Callable[[SplitResult], None] | None = None) -> SplitReport:
    """Write ``cases_dir/<case_id>/`` for every case of the export that passes check."""
    export = read_export(export_dir)
    if len(export.loans) > MAX_LOANS:
        raise CannotWrite(_("the export holds {count} loans, more than {limit}", count=len(export.loans),
                            limit=MAX_LOANS), file=str(export_dir), hint=_("split the export into smaller files"))
    _prepare(cases_dir)
    results = []
    for group in group_loans(export):
        result = _split_one(export, group, cases_dir, overwrite, export.fatal, today)
        results.append(result)
        if on_case is not None:
            on_case(result)
    return SplitReport(results, [*export.fatal, *export.problems])


def _prepare(cases_dir: Path) -> None:
    try:
        cases_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CannotWrite(_("cannot create the cases folder ({why})", why=describe_os_error(exc)), file=str(cases_dir),
                          hint=_("choose a folder you can write to")) from exc


def _split_one(export: Export, group: CaseGroup, cases_dir: Path, overwrite: bool,
               blocking: list[Problem], today: date | None) -> SplitResult:
    loan = group.loans[0]
    known = [*(p for a in group.loans for p in export.loan_problems.get(a.loan_id, [])), *group.problems, *blocking]
    if not CASE_ID.match(group.case_id):
        known.append(error("bad_loan_id", _("loan_id {loan_id} cannot name a case folder", loan_id=repr(group.case_id)),
                           loan.loc, _("use letters, digits, '.', '_' and '-' only")))
    target = cases_dir / group.case_id
    if not _errors(known) and target.exists() and not overwrite:
        known.append(error("case_exists", _("{path} exists already", path=target), loan.loc,
                           _("split into an empty folder, or pass --overwrite to replace it")))
    if _errors(known):
        return SplitResult(group.case_id, "skipped", known)
    draft = draft_case(export, group.loans)
    work = cases_dir / f".split-{group.case_id}"
    try:
        _write_draft(draft, work)
        report = check_case(work, today)[1]
        problems = [*known, *draft.problems, *(export_location(draft, p) for p in report.problems)]
        if report.errors or any(p.severity is Severity.ERROR for p in draft.problems):
            return SplitResult(group.case_id, "skipped", problems)
        _publish(work, target)
        return SplitResult(group.case_id, "written", problems)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _errors(problems: list[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


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
