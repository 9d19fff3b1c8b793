"""The filings of a case: which are wanted, whether they are eligible, built, rendered, read back.

:func:`wanted_filings` says which filings a build makes; :func:`check_eligibility` refuses
(exit 12) before anything is written; :func:`make_filings` builds every filing's content
once, renders DOCX and PDF into ``filings/`` and reconciles what it reads back (exit 8).

For a profile that masks identifiers (collector), the content and the values to read back
are redacted together at the rendering boundary (:func:`redacted_filing`): the filing shows
``110105********041X`` and its read-back expects exactly that.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pikepdf

from evidence_kit.case.model import Case, Loan
from evidence_kit.case.model import Debt as CaseDebt
from evidence_kit.case.redact import Redactor
from evidence_kit.claim.card import compute_card_claim
from evidence_kit.claim.debts import debt_view
from evidence_kit.claim.engine import Claim, compute_claim
from evidence_kit.claim.fees import court_fees
from evidence_kit.errors import EvidenceKitError, ExitCode
from evidence_kit.filings.claim_sheet import build_claim_sheet
from evidence_kit.filings.complaint import build_complaints
from evidence_kit.filings.content import (
    CardDebt,
    CitedExhibit,
    Debt,
    Expected,
    PreparedFiling,
    Sources,
)
from evidence_kit.filings.eligibility import eligibility_problems, refuse_ineligible
from evidence_kit.filings.enforcement import build_enforcement_filing
from evidence_kit.filings.evidence_list import build_evidence_list
from evidence_kit.filings.payment_order import build_payment_order
from evidence_kit.filings.preservation import build_preservation
from evidence_kit.filings.readback import (
    Mismatch,
    docx_pages,
    docx_text,
    pdf_texts,
    reconcile,
    refuse_mismatches,
)
from evidence_kit.filings.render import (
    Filing,
    RenderedFiling,
    Templates,
    render_filings,
    with_texts,
)
from evidence_kit.i18n import _
from evidence_kit.problems import Problem

FILINGS_FOLDER = "filings"
APPLICATIONS = ("payment_order", "preservation", "enforcement", "complaint")
"""Filings made when case.yaml's ``filings`` asks for them."""
ALWAYS = ("evidence_list", "claim_sheet")
"""Filings every build makes."""
FILING_NAMES = (*APPLICATIONS, *ALWAYS)
PAGES = "pages"
"""The read-back field of a filing's page count: the DOCX states its PDF's (docProps/app.xml)."""


class UnknownFiling(EvidenceKitError):
    exit_code = ExitCode.USAGE


def wanted_filings(case: Case, only: Sequence[str] | None = None) -> list[str]:
    """The filings case.yaml asks for plus the evidence list and claim sheet; ``only`` limits them."""
    asked = {"payment_order": case.filings.payment_order, "preservation": case.filings.preservation is not None,
             "enforcement": case.filings.enforcement is not None, "complaint": case.filings.complaint}
    wanted = [name for name in APPLICATIONS if asked[name]] + list(ALWAYS)
    if only is None:
        return wanted
    unknown = [name for name in only if name not in FILING_NAMES]
    if unknown:
        raise UnknownFiling(_("unknown filing {names}", names=", ".join(unknown)), file="--filings",
                            hint=_("choose from {choices}", choices=", ".join(FILING_NAMES)))
    missing = [name for name in only if name in APPLICATIONS and not asked[name]]
    if missing:
        raise UnknownFiling(_("case.yaml does not ask for {names}", names=", ".join(missing)), file="case.yaml",
                            hint=_("add it under filings: in case.yaml, or leave it out of --filings"))
    return [name for name in FILING_NAMES if name in only]


def check_eligibility(case: Case, wanted: Sequence[str]) -> list[Problem]:
    """Refuse (exit 12, every failed condition) or return the warnings."""
    problems = eligibility_problems(case, [d.claim for d in debts_of(case)], list(wanted))
    refuse_ineligible(problems)
    return problems


def debts_of(case: Case, only: Collection[str] | None = None) -> tuple[Debt | CardDebt, ...]:
    """Every debt of the case with its claim, in case.yaml order (one loan for a schema_version 1 case).

    ``only``: just these debt ids, each keeping its number in the case (第3项债务 stays 第3项)."""
    if not case.debts:
        return (_debt(case, case.loan, compute_claim(case), "loan", 1),)
    return tuple(_debt(case, d.loan, compute_claim(debt_view(case, d)), d.id, n) if d.loan is not None
                 else _card(d, case.as_of, n) for n, d in enumerate(case.debts, start=1)
                 if only is None or d.id in only)


def _card(debt: CaseDebt, as_of: date, number: int) -> CardDebt:
    assert debt.card is not None
    return CardDebt(debt.id, debt.card, compute_card_claim(debt, as_of), number)


def _debt(case: Case, loan: Loan, claim: Claim, debt_id: str, number: int) -> Debt:
    titled = [e.title for e in case.exhibits if loan.contract_no in e.title]
    title = titled[0].split("（")[0] if titled else "借款合同"
    return Debt(id=debt_id, contract_title=title, contract_no=loan.contract_no, signed_on=loan.signed_on,
                lent=loan.principal, disbursed_on=loan.disbursed_on, maturity=loan.maturity,
                annual_rate=loan.annual_rate, accelerated_on=loan.accelerated_on, claim=claim,
                compound=loan.compound, penalty_markup=loan.penalty_markup, repayment_method=loan.repayment_method,
                number=number)


def sources_of(case: Case, exhibits: Sequence[CitedExhibit], signed_on: date,
               only: Collection[str] | None = None) -> Sources:
    """What the filings are built from; ``only``: just these debts (see :func:`debts_of`), fees on their total."""
    debts = debts_of(case, only)
    return Sources(case, debts, court_fees(sum((d.claim.total for d in debts), Decimal(0))), tuple(exhibits), signed_on)


def prepare_filings(sources: Sources, wanted: Sequence[str]) -> list[PreparedFiling]:
    """Each wanted filing's content, built once from the sources (``complaint`` may be two: a loan's and a card's,
    :func:`~evidence_kit.filings.complaint.build_complaints`)."""
    case = sources.case
    builders: dict[str, Callable[[], list[PreparedFiling]]] = {
        "payment_order": lambda: [build_payment_order(sources)],
        "preservation": lambda: [build_preservation(sources, case.filings.preservation)],  # type: ignore[arg-type]
        "enforcement": lambda: [build_enforcement_filing(sources, case.filings)],
        "evidence_list": lambda: [build_evidence_list(sources)],
        "claim_sheet": lambda: [build_claim_sheet(sources)],
        "complaint": lambda: build_complaints(sources),
    }
    unsupported = [name for name in wanted if name not in builders]
    if unsupported:
        raise UnknownFiling(_("the {names} filing is not made by this version", names=", ".join(unsupported)),
                            file="case.yaml", hint=_("remove it from filings: (or from --filings)"))
    return [filing for name in wanted for filing in builders[name]()]


@dataclass(frozen=True)
class FilingsOutcome:
    rendered: list[RenderedFiling]
    reconciled: list[dict[str, Any]]
    """For report.json: per filing, the fields read back from its DOCX and PDF."""

    def paths(self, root: Path) -> list[str]:
        return [str(p.relative_to(root)) for r in self.rendered for p in (r.docx, r.pdf)]

    def page_twins(self, root: Path) -> dict[str, str]:
        """Each DOCX (relative to ``root``) with the PDF of the same content, whose page count it states."""
        return {str(r.docx.relative_to(root)): str(r.pdf.relative_to(root)) for r in self.rendered}


def make_filings(sources: Sources, wanted: Sequence[str], out: Path, templates: Templates | None = None, *,
                 redactor: Redactor | None = None, created: datetime | None = None) -> FilingsOutcome:
    """Render the wanted filings into ``out/filings`` and reconcile what reads back (exit 8 on a mismatch).

    ``redactor``: the build profile's (the collector's masks identifiers in every filing);
    ``created``: the build's moment, dating the files (see :mod:`evidence_kit.filings.render`).
    """
    prepared = prepare_filings(sources, wanted)
    if redactor is not None and redactor.masks:
        prepared = [redacted_filing(p, redactor) for p in prepared]
    rendered = render_filings([Filing(p.name, p.content, p.title, p.template) for p in prepared], out / FILINGS_FOLDER,
                              templates, created=created, page_counts=True)
    mismatches = []
    reconciled = []
    printed = pdf_texts([r.pdf for r in rendered])
    for filing, result, pdf in zip(prepared, rendered, printed, strict=True):
        for path, text in ((result.docx, docx_text(result.docx)), (result.pdf, pdf)):
            mismatches += reconcile(path.name, text, filing.expected)
        pages, mismatch = reconcile_pages(result)
        mismatches += mismatch
        fields = [{"field": e.field, "value": e.value} for e in filing.expected]
        reconciled.append({"filing": filing.name, "files": [f"{FILINGS_FOLDER}/{result.docx.name}",
                                                            f"{FILINGS_FOLDER}/{result.pdf.name}"],
                           "pages": pages, "reconciled": fields + ([{"field": PAGES, "value": str(pages)}]
                                                                   if not mismatch else [])})
    refuse_mismatches(mismatches)
    return FilingsOutcome(rendered, reconciled)


def reconcile_pages(result: RenderedFiling) -> tuple[int, list[Mismatch]]:
    """The PDF's page count, read from the file, and whether the DOCX states the same (a DOCX whose template
    has no ``docProps/app.xml`` states none, and is not held to it)."""
    with pikepdf.open(result.pdf) as pdf:
        pages = len(pdf.pages)
    try:
        stated = docx_pages(result.docx)
    except ValueError as exc:
        return pages, [Mismatch(result.docx.name, PAGES, str(pages), str(exc))]
    if stated is not None and stated != pages:
        return pages, [Mismatch(result.docx.name, PAGES, str(pages), str(stated))]
    return pages, []


def redacted_filing(filing: PreparedFiling, redactor: Redactor) -> PreparedFiling:
    """The filing as a masking profile receives it: every text of its content and of its read-back values redacted."""
    expected = tuple(Expected(e.field, redactor.text(e.anchor), redactor.text(e.value)) for e in filing.expected)
    return replace(filing, title=redactor.text(filing.title), content=with_texts(filing.content, redactor.text),
                   expected=expected)
