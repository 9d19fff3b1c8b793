"""From a case folder to a published build: check, claim, bundle, in that order.

``cli.py`` and batch runs call :func:`build_from_folder`; it refuses to build a case
that has errors (exit 4, with every problem), and passes the check report and the
claim into ``report.json``.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evidence_kit import __version__
from evidence_kit.case.model import Case
from evidence_kit.check import check_case
from evidence_kit.check.contacts import collection_section
from evidence_kit.check.exhibits import UNREADABLE_CODES
from evidence_kit.claim.enforcement import enforcement_figures, enforcement_to_json
from evidence_kit.claim.engine import claim_to_json, compute_claim, limitation_applies
from evidence_kit.claim.limitation import compute_limitation, limitation_to_json
from evidence_kit.errors import CaseInvalid, EvidenceKitError, InputUnreadable
from evidence_kit.output.build import BuildResult, build_case
from evidence_kit.output.compare import compare_builds
from evidence_kit.output.manifest import MANIFEST
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
    epoch: int | None = None
    """``SOURCE_DATE_EPOCH`` to build with (default: the environment's, else now)."""
    sign_key: Path | None = None
    """The Ed25519 private key that signs manifest.json."""
    package: bool = False
    """Write the counsel package OUT/CASE_ID.zip with index.html."""
    pdfa: bool = False
    """Make bundle.pdf PDF/A-3b with the manifest attached."""


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
    if report.errors or case is None:
        first = report.errors[0] if report.errors else None
        if case is not None and all(p.code in UNREADABLE_CODES for p in report.errors):
            raise _unreadable(case, report.errors)
        raise CaseInvalid(
            f"the case has {len(report.errors)} error(s); nothing was built",
            problems=report.problems,
            hint=f"fix them (evidence-kit check {case_dir} lists them all) and build again",
            file=first.loc.file if first and first.loc else None,
            row=first.loc.row if first and first.loc else None,
        )
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
        epoch=request.epoch,
        sign_key=sign_key,
        package=request.package,
        pdfa=request.pdfa,
    )
    return BuildOutcome(result, report.warnings)


# --------------------------------------------------------------------------- verify


def verify_folder_trust(path: Path, *, case_dir: Path | None = None, pubkey: Path | None = None) -> Verdict:
    """``verify``: the manifest, completeness, signature; with ``case_dir`` a rebuild compared byte for byte."""
    rebuild = rebuild_and_compare(case_dir) if case_dir is not None else None
    return verify_trusted(path, case_dir=case_dir, pubkey=pubkey, rebuild=rebuild)


def rebuild_and_compare(case_dir: Path) -> Rebuild:
    """Rebuild ``case_dir`` as the manifest records (profile, options, epoch) and compare with the folder."""

    def check(folder: Path, manifest: dict[str, Any]) -> list[Problem]:
        if manifest.get("tool_version") != __version__:
            return [error("rebuild_version", f"built by evidence-kit {manifest.get('tool_version')}, this is "
                          f"{__version__}: a rebuild cannot be compared byte for byte", Location(MANIFEST),
                          f"verify with evidence-kit {manifest.get('tool_version')}")]
        try:
            request = rebuild_request(manifest)
        except (TypeError, ValueError) as exc:
            return [error("manifest_invalid", f"the manifest does not say how to rebuild ({exc})",
                          Location(MANIFEST), "build the case again")]
        with tempfile.TemporaryDirectory(prefix="evidence-kit-rebuild-") as tmp:
            try:
                outcome = build_from_folder(case_dir, Path(tmp), request)
            except EvidenceKitError as exc:
                return [error("rebuild_failed", f"the case folder cannot be rebuilt: {exc}", Location(str(case_dir)),
                              "give the case folder the outputs were built from")]
            return compare_builds(folder, outcome.result.folder)

    return check


def rebuild_request(manifest: dict[str, Any]) -> BuildRequest:
    options = manifest.get("build_options")
    epoch = manifest.get("source_date_epoch")
    if not isinstance(options, dict) or not isinstance(epoch, int):
        raise ValueError("no build_options or source_date_epoch")
    return BuildRequest(
        profile=str(manifest.get("profile", "court")), ledger_exhibit=bool(options.get("ledger_exhibit")),
        contacts_exhibit=bool(options.get("contacts_exhibit")), exhibit_covers=bool(options.get("exhibit_covers")),
        pdfa=bool(options.get("pdfa")),
        syntax_check="none", epoch=epoch, package=any(o.get("path") == "index.html" for o in manifest.get("outputs", [])
                                                     if isinstance(o, dict)),
    )


def _unreadable(case: Case, problems: list[Problem]) -> InputUnreadable:
    """Every error is an exhibit that cannot be read: exit 5, naming the exhibit's file."""
    first = problems[0]
    message = first.message if len(problems) == 1 else f"{len(problems)} exhibits cannot be read; first: {first.message}"
    return InputUnreadable(message, hint=first.hint, file=_exhibit_file(case, first), problems=problems)


def _exhibit_file(case: Case, problem: Problem) -> str | None:
    """The exhibit file a problem located at case.yaml ``exhibits.N.…`` is about."""
    column = problem.loc.column if problem.loc else None
    parts = (column or "").split(".")
    if len(parts) > 1 and parts[0] == "exhibits" and parts[1].isdigit() and int(parts[1]) < len(case.exhibits):
        return case.exhibits[int(parts[1])].file
    return problem.loc.file if problem.loc else None


def claim_json_of(case: Case) -> dict[str, Any]:
    """The claim as report.json carries it, with the enforcement figures when enforcement is asked for."""
    claim = compute_claim(case)
    data = claim_to_json(claim)
    if case.filings.enforcement is not None:
        data["enforcement"] = enforcement_to_json(enforcement_figures(case.filings.enforcement, claim.as_of))
    return data


def limitation_json_of(case: Case) -> dict[str, Any] | None:
    """The limitation period, unless the case only asks to enforce a judgment (then it is moot)."""
    if not limitation_applies(case):
        return None
    return limitation_to_json(compute_limitation(case), case.as_of)


def _choose(flag: bool | None, from_case: bool) -> bool:
    return from_case if flag is None else flag
