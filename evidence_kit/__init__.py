"""evidence-kit: one case folder in, one checked evidence bundle and its court filings out.

The library's front door. A bank's own Python uses the tool through these functions,
without the command line::

    from pathlib import Path
    import evidence_kit as ek

    report = ek.check_case(Path("cases/LN-001"))          # every error and warning at once
    claim = ek.compute_claim(ek.load_case(Path("cases/LN-001")))
    print(claim.total, ek.court_fees(claim.total).acceptance)
    result = ek.build_case(Path("cases/LN-001"), Path("out"))  # OUT/CASE_ID, verified
    assert not ek.verify_output(result.folder)

Each function imports the stage it needs when it is called, so ``import evidence_kit``
stays cheap (the PDF stack loads only for ``build_case`` and ``verify_output``).
Failures raise :class:`evidence_kit.errors.EvidenceKitError` subclasses, each carrying
the exit code the command line would use, a message, a hint and every problem found.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from evidence_kit.batch.run import BatchReport
    from evidence_kit.batch.split import SplitReport
    from evidence_kit.case.model import Case
    from evidence_kit.case.scaffold import InitResult
    from evidence_kit.claim.debts import CaseClaim
    from evidence_kit.claim.engine import Claim
    from evidence_kit.claim.fees import CourtFees
    from evidence_kit.output.build import BuildResult
    from evidence_kit.problems import CheckReport, Problem
    from evidence_kit.store.importer import ImportReport

__version__ = "0.1.0"

__all__ = ["__version__", "build_case", "build_cases", "check_case", "compute_case_claim", "compute_claim", "court_fees",
           "import_cases", "init_case", "load_case", "split_portfolio", "verify_output"]


def init_case(case_dir: Path, kind: str | None = None, sample: str | Path | None = None) -> InitResult:
    """A new case folder to fill in (``kind``: loan or credit_card), or a copy of ``sample`` (the ``init`` command).

    Raises CannotWrite (9) when ``case_dir`` holds anything; :func:`check_case` then lists what is still to fill in.
    """
    from evidence_kit.case.scaffold import init_case as init

    return init(Path(case_dir), kind=kind, sample=sample)


def load_case(case_dir: Path) -> Case:
    """Read ``case_dir`` into a typed Case; raises CaseNotFound (3) or CaseInvalid (4) with every problem."""
    from evidence_kit.case.load import load_case as load

    return load(Path(case_dir))


def check_case(case_dir: Path, *, strict: bool = False) -> CheckReport:
    """Every error and warning of ``case_dir`` at once (the ``check`` command); never raises for bad data."""
    from evidence_kit.check import check_case as check

    _, report = check(Path(case_dir))
    return report.strictly() if strict else report


def compute_claim(case: Case, as_of: date | None = None) -> Claim:
    """The claim to the fen at ``as_of`` (default: the case's own), with every computation line."""
    from evidence_kit.claim.engine import compute_claim as compute

    return compute(case, as_of)


def compute_case_claim(case: Case, as_of: date | None = None) -> CaseClaim:
    """Every debt's claim and the case totals (``.amount("total")``); works for schema_version 1 and 2.

    For a schema_version 2 case, :func:`compute_claim` gives the first loan's claim only.
    """
    from evidence_kit.claim.debts import compute_case_claim as compute

    return compute(case, as_of)


def court_fees(amount: Decimal) -> CourtFees:
    """Court fees for a claim amount (诉讼费用交纳办法 arts. 13–14): acceptance, payment order, preservation, enforcement."""
    from evidence_kit.claim.fees import court_fees as fees

    return fees(Decimal(amount))


def build_case(case_dir: Path, out: Path, *, profile: str = "court", strict: bool = False,
               overwrite: bool = False, filings: tuple[str, ...] | None = None,
               templates: Path | None = None) -> BuildResult:
    """Check ``case_dir`` and publish the verified ``out/CASE_ID`` (the ``build`` command with its defaults).

    ``filings`` limits the filings made (``build --filings``); ``templates`` is a folder of the
    user's own templates (``build --templates``).
    """
    from evidence_kit.pipeline import BuildRequest, build_from_folder

    request = BuildRequest(profile=profile, strict=strict, overwrite=overwrite, filings=filings,
                           templates=Path(templates) if templates else None)
    return build_from_folder(Path(case_dir), Path(out), request).result


def verify_output(path: Path, *, case_dir: Path | None = None) -> list[Problem]:
    """Re-check a built case folder or its .zip against manifest.json; an empty list means verified."""
    from evidence_kit.output.manifest import verify_output as verify

    return verify(Path(path), case_dir=Path(case_dir) if case_dir else None)


def split_portfolio(export_dir: Path, cases_dir: Path, *, overwrite: bool = False) -> SplitReport:
    """Write one checked case folder per customer (and court) of a portfolio export (the ``split`` command)."""
    from evidence_kit.batch.split import split_export

    return split_export(Path(export_dir), Path(cases_dir), overwrite=overwrite)


def build_cases(src: Path, out: Path, *, jobs: int = 1, db_url: str | None = None) -> BatchReport:
    """Build every case folder under ``src`` into ``out``, skipping those already built (``batch``)."""
    from evidence_kit.batch.run import BatchOptions, run_batch
    from evidence_kit.pipeline import build_task

    return run_batch(Path(src), Path(out), BatchOptions(jobs=jobs, db_url=db_url), build_task)


def import_cases(src: Path, db_url: str | None = None) -> ImportReport:
    """Check and store the case folders under ``src`` (``db import``); ``db_url`` as for ``--db``."""
    from evidence_kit.store.importer import import_cases as store

    return store(Path(src), db_url)
