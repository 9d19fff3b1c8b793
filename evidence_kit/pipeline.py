"""From a case folder to a published build: check, claim, eligibility, bundle, filings, in that order.

``cli.py`` and batch runs call :func:`build_from_folder`; it refuses to build a case
that has errors (exit 4, with every problem) or asks for a filing the law would not
accept (exit 12, every failed condition), and passes the check report, the claim and
what each filing reconciled into ``report.json``.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from evidence_kit import __version__
from evidence_kit.batch.cases import BuildTask, CaseOutcome, outcome_of_build
from evidence_kit.bundle.volumes import MIN_VOLUME_MB
from evidence_kit.case.model import Case
from evidence_kit.check import check_case
from evidence_kit.check.contacts import collection_section
from evidence_kit.check.exhibits import UNREADABLE_CODES
from evidence_kit.claim.debts import compute_case_claim, debt_limitations
from evidence_kit.claim.enforcement import enforcement_figures, enforcement_to_json
from evidence_kit.claim.engine import claim_to_json, compute_claim, limitation_applies
from evidence_kit.claim.limitation import compute_limitation, limitation_to_json
from evidence_kit.claim.report import case_claim_json
from evidence_kit.errors import CaseInvalid, EvidenceKitError, InputUnreadable
from evidence_kit.filings.content import CitedExhibit
from evidence_kit.filings.make import check_eligibility, make_filings, sources_of, wanted_filings
from evidence_kit.filings.render import Templates
from evidence_kit.i18n import LANGUAGES, _, language
from evidence_kit.output.build import BuildContext, BuildResult, OutputStep, build_case
from evidence_kit.output.compare import compare_builds
from evidence_kit.output.manifest import MANIFEST
from evidence_kit.output.reproducible import epoch_time
from evidence_kit.output.signature import load_private_key
from evidence_kit.output.trust import Rebuild, Verdict, verify_trusted
from evidence_kit.problems import Location, Problem, error


@dataclass(frozen=True)
class BuildRequest:
    profile: str = "court"
    strict: bool = False
    overwrite: bool = False
    ledger_exhibit: bool | None = None
    contacts_exhibit: bool | None = None
    exhibit_covers: bool | None = None
    syntax_check: str = "libqpdf"
    filings: tuple[str, ...] | None = None
    """Limit the filings made (``build --filings``); None: every filing case.yaml asks for."""
    templates: Path | None = None
    """A folder of the user's templates, each used instead of the built-in one of the same name."""
    on: date | None = None
    """The date the filings are signed (default: today)."""
    max_volume_mb: float | None = None
    epoch: int | None = None
    """``SOURCE_DATE_EPOCH`` to build with (default: the environment's, else now)."""
    sign_key: Path | None = None
    """The Ed25519 private key that signs manifest.json."""
    package: bool = False
    """Write the counsel package OUT/CASE_ID.zip with index.html."""
    pdfa: bool = False
    """Make bundle.pdf and the filings' PDFs PDF/A-3b with the manifest attached."""


@dataclass(frozen=True)
class BuildOutcome:
    result: BuildResult
    warnings: list[Problem]


def build_from_folder(case_dir: Path, out: Path, request: BuildRequest) -> BuildOutcome:
    """Check ``case_dir``; when it has no errors, build and publish ``out/CASE_ID``."""
    sign_key = load_private_key(request.sign_key) if request.sign_key is not None else None
    loaded, report = check_case(case_dir)
    if request.strict:
        report = report.strictly()
    case = loaded.case
    if case is not None and report.errors and all(p.code in ELIGIBILITY_CODES for p in report.errors):
        check_eligibility(case, wanted_filings(case, request.filings))  # exit 12 when a filing is the cause
    if report.errors or case is None:
        first = report.errors[0] if report.errors else None
        if case is not None and all(p.code in UNREADABLE_CODES for p in report.errors):
            raise _unreadable(case, report.errors)
        raise CaseInvalid(
            _("the case has {count} error(s); nothing was built", count=len(report.errors)),
            problems=report.problems,
            hint=_("fix them (evidence-kit check {path} lists them all) and build again", path=case_dir),
            file=first.loc.file if first and first.loc else None,
            row=first.loc.row if first and first.loc else None,
        )
    wanted = wanted_filings(case, request.filings)
    warnings = check_eligibility(case, wanted)
    options = loaded.bundle
    result = build_case(
        case, out,
        report_json={**report.to_json(), "limitation": limitation_json_of(case),
                     "collection": collection_section(case)},
        claim_json=claim_json_of(case),
        profile=request.profile,
        ledger_exhibit=_choose(request.ledger_exhibit, options.ledger_exhibit),
        contacts_exhibit=_choose(request.contacts_exhibit, options.contacts_exhibit),
        exhibit_covers=_choose(request.exhibit_covers, options.exhibit_covers),
        overwrite=request.overwrite,
        syntax_check=request.syntax_check,
        on=request.on,
        steps=[filings_step(case, wanted, request.templates)],
        max_volume_mb=request.max_volume_mb if request.max_volume_mb is not None else options.max_volume_mb,
        epoch=request.epoch,
        sign_key=sign_key,
        package=request.package,
        pdfa=request.pdfa,
        recorded={"filings": wanted},
    )
    known = {p.code for p in report.warnings}
    return BuildOutcome(result, report.warnings + [w for w in warnings if w.code not in known])


ELIGIBILITY_CODES = frozenset({"filing_conflict", "enforcement_deadline_passed", "limitation_expired"})
"""Check errors that are really a filing's eligibility: when they are all there is, exit 12 says so."""


def filings_step(case: Case, wanted: list[str], templates: Path | None) -> OutputStep:
    """The build step writing ``filings/*.docx|.pdf``, cited with the bundle's page numbers."""

    def step(context: BuildContext) -> list[str]:
        exhibits = [CitedExhibit(e.no, e.item.title, e.item.source, e.item.proves, e.item.file, e.first_page,
                                 e.last_page, e.item.original) for e in context.bundle.plan.exhibits]
        sources = sources_of(case, exhibits, context.on)
        outcome = make_filings(sources, wanted, context.work, Templates(templates) if templates else None,
                               redactor=context.redactor, created=epoch_time(context.epoch))
        context.report["filings"] = outcome.reconciled
        context.page_twins.update(outcome.page_twins(context.work))
        return outcome.paths(context.work)

    return step


# --------------------------------------------------------------------------- verify


def verify_folder_trust(path: Path, *, case_dir: Path | None = None, pubkey: Path | None = None) -> Verdict:
    """``verify``: the manifest, completeness, signature; with ``case_dir`` a rebuild compared byte for byte."""
    rebuild = rebuild_and_compare(case_dir) if case_dir is not None else None
    return verify_trusted(path, case_dir=case_dir, pubkey=pubkey, rebuild=rebuild)


def rebuild_and_compare(case_dir: Path) -> Rebuild:
    """Rebuild ``case_dir`` as the manifest records (profile, options, epoch) and compare with the folder."""

    def check(folder: Path, manifest: dict[str, Any]) -> list[Problem]:
        if manifest.get("tool_version") != __version__:
            return [error("rebuild_version",
                          _("built by evidence-kit {built_by}, this is {version}: a rebuild cannot be compared byte "
                            "for byte", built_by=manifest.get("tool_version"), version=__version__),
                          Location(MANIFEST), _("verify with evidence-kit {built_by}", built_by=manifest.get("tool_version")))]
        try:
            request = rebuild_request(manifest)
        except (TypeError, ValueError) as exc:
            return [error("manifest_invalid", _("the manifest does not say how to rebuild ({why})", why=exc),
                          Location(MANIFEST), _("build the case again"))]
        with tempfile.TemporaryDirectory(prefix="evidence-kit-rebuild-") as tmp:
            try:
                # report.json, index.html and the manifest hold the build's messages: speak its language
                with language(recorded_language(manifest)):
                    outcome = build_from_folder(case_dir, Path(tmp), request)
            except EvidenceKitError as exc:
                return [error("rebuild_failed", _("the case folder cannot be rebuilt: {why}", why=exc),
                              Location(str(case_dir)), _("give the case folder the outputs were built from"))]
            return compare_builds(folder, outcome.result.folder)

    return check


def recorded_language(manifest: dict[str, Any]) -> str:
    """The language a build spoke (``build_options.language``; English before it was recorded)."""
    options = manifest.get("build_options")
    recorded = options.get("language") if isinstance(options, dict) else None
    return recorded if recorded in LANGUAGES else "en"


def rebuild_request(manifest: dict[str, Any]) -> BuildRequest:
    options = manifest.get("build_options")
    epoch = manifest.get("source_date_epoch")
    if not isinstance(options, dict) or not isinstance(epoch, int):
        raise ValueError(_("no build_options or source_date_epoch"))
    filings, on, volume = options.get("filings"), options.get("on"), options.get("max_volume_mb")
    return BuildRequest(
        profile=str(manifest.get("profile", "court")), ledger_exhibit=bool(options.get("ledger_exhibit")),
        contacts_exhibit=bool(options.get("contacts_exhibit")), exhibit_covers=bool(options.get("exhibit_covers")),
        pdfa=bool(options.get("pdfa")),
        filings=tuple(str(name) for name in filings) if isinstance(filings, list) else None,
        on=date.fromisoformat(on) if isinstance(on, str) else None,
        max_volume_mb=_volume_mb(volume),
        syntax_check="none", epoch=epoch, package=any(o.get("path") == "index.html" for o in manifest.get("outputs", [])
                                                     if isinstance(o, dict)),
    )


def _volume_mb(value: Any) -> float | None:
    """The recorded ``max_volume_mb`` (None: one bundle.pdf, or case.yaml's)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < MIN_VOLUME_MB:
        raise ValueError(_("max_volume_mb {value} is not a volume size", value=repr(value)))
    return float(value)


def _unreadable(case: Case, problems: list[Problem]) -> InputUnreadable:
    """Every error is an exhibit that cannot be read: exit 5, naming the exhibit's file."""
    first = problems[0]
    message = (first.message if len(problems) == 1 else
               _("{count} exhibits cannot be read; first: {message}", count=len(problems), message=first.message))
    return InputUnreadable(message, hint=first.hint, file=_exhibit_file(case, first), problems=problems)


def _exhibit_file(case: Case, problem: Problem) -> str | None:
    """The exhibit file a problem located at case.yaml ``exhibits.N.…`` is about."""
    column = problem.loc.column if problem.loc else None
    parts = (column or "").split(".")
    if len(parts) > 1 and parts[0] == "exhibits" and parts[1].isdigit() and int(parts[1]) < len(case.exhibits):
        return case.exhibits[int(parts[1])].file
    return problem.loc.file if problem.loc else None


def claim_json_of(case: Case) -> dict[str, Any]:
    """The claim as report.json carries it, with the enforcement figures when enforcement is asked for.

    A schema_version 2 case carries the case totals, a ``debts`` list and the court fees on the total.
    """
    if case.debts:
        return case_claim_json(case, compute_case_claim(case))
    claim = compute_claim(case)
    data = claim_to_json(claim)
    if case.filings.enforcement is not None:
        data["enforcement"] = enforcement_to_json(enforcement_figures(case.filings.enforcement, claim.as_of))
    return data


def limitation_json_of(case: Case) -> dict[str, Any] | None:
    """The limitation period, unless the case only asks to enforce a judgment (then it is moot).

    For a schema_version 2 case: the debt whose period ends first, with ``debts`` giving every debt's.
    """
    if not limitation_applies(case):
        return None
    if case.debts:
        periods = [(debt.id, limitation_to_json(period, case.as_of)) for debt, period in debt_limitations(case)]
        earliest = dict(min(periods, key=lambda pair: str(pair[1]["expiry"]))[1])
        return {**earliest, "debts": [{"debt": debt_id, **data} for debt_id, data in periods]}
    return limitation_to_json(compute_limitation(case), case.as_of)


def _choose(flag: bool | None, from_case: bool) -> bool:
    return from_case if flag is None else flag


def build_task(task: BuildTask) -> CaseOutcome:
    """One case of a batch, built exactly as ``build`` builds it (the builder every batch executor runs)."""
    request = BuildRequest(profile=task.profile, strict=task.strict, overwrite=True)
    return outcome_of_build(task, lambda: build_from_folder(Path(task.case_dir), Path(task.out), request).result.folder)
