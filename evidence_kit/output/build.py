"""``build``: one checked case in, ``OUT/CASE_ID/`` out — verified, then published atomically.

Everything is written into a hidden work folder next to the destination
(``OUT/.CASE_ID.building-…``), read back and checked there, and only then renamed to
``OUT/CASE_ID``. On any failure the work folder is removed: nothing exists under
``OUT/CASE_ID`` that did not pass verification. An existing ``OUT/CASE_ID`` is refused
unless ``overwrite`` is given; then it is replaced only after the new one verified.

Filings plug in as :data:`OutputStep` callables that write into the work folder.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pikepdf

from evidence_kit import __version__
from evidence_kit.bundle.assemble import PROFILES, BundleOptions, BundleOutcome, build_bundle
from evidence_kit.bundle.pdf import open_pdf_exhibit
from evidence_kit.bundle.readback import SyntaxCheck, qpdf_check, verify_bundle
from evidence_kit.case.model import Case
from evidence_kit.case.sniff import PDF, sniff
from evidence_kit.errors import (
    CannotWrite,
    EvidenceKitError,
    InputUnreadable,
    RenderFailed,
    VerificationFailed,
    os_error,
)
from evidence_kit.output.manifest import (
    BUNDLE,
    MANIFEST,
    ManifestExhibit,
    build_manifest,
    write_json,
)
from evidence_kit.output.publish import publish, refuse_existing, work_folder
from evidence_kit.problems import Problem

REPORT = "report.json"


@dataclass(frozen=True)
class BuildContext:
    """What an extra output step (a filing) gets: the case and the work folder to write into."""

    case: Case
    work: Path
    profile: str
    on: date
    claim_json: dict[str, Any] | None
    bundle: BundleOutcome


OutputStep = Callable[[BuildContext], Sequence[str]]
"""Writes files into ``context.work`` and returns their paths relative to it."""


@dataclass(frozen=True)
class BuildResult:
    case_id: str
    folder: Path
    outputs: tuple[str, ...]
    bundle_pages: int
    exhibits: tuple[ManifestExhibit, ...]
    notes: tuple[str, ...] = ()
    replaced: bool = False
    timings: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id, "folder": str(self.folder), "outputs": list(self.outputs),
            "bundle_pages": self.bundle_pages, "exhibits": [asdict(e) for e in self.exhibits],
            "notes": list(self.notes), "replaced": self.replaced,
        }


def build_case(
    case: Case,
    out: Path,
    *,
    report_json: dict[str, Any],
    claim_json: dict[str, Any] | None = None,
    profile: str = "court",
    ledger_exhibit: bool = True,
    contacts_exhibit: bool = True,
    exhibit_covers: bool = False,
    overwrite: bool = False,
    syntax_check: str = "libqpdf",
    on: date | None = None,
    steps: Sequence[OutputStep] = (),
) -> BuildResult:
    """Build bundle.pdf, report.json, manifest.json (and what ``steps`` add) into ``out/CASE_ID``.

    ``report_json`` is written into report.json as given, with ``claim`` (``claim_json``)
    and ``bundle`` (page ranges and what was done to each exhibit) added.

    ``syntax_check`` is the check of the written bundle's PDF syntax, after the read-back
    (see :class:`evidence_kit.readback.SyntaxCheck`); any warning fails the build:

    * ``libqpdf`` (the default, as in ``evidence-kit build``): the same QPDFJob check as
      ``qpdf --check``, run in-process by the libqpdf that pikepdf bundles, which does not
      decode every JPEG (the qpdf 11 command does: minutes for thousands of scans);
    * ``qpdf``: the ``qpdf --check`` command, in its own process, beside the read-back;
    * ``none``: no syntax check (the read-back still runs).

    The test suite also runs the real ``qpdf --check`` command on bundles it builds.
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; one of {', '.join(PROFILES)}")
    final = out / case.case_id
    _refuse_case_folder(final, case.root)
    refuse_existing(final, overwrite)
    work = work_folder(out, case.case_id)
    options = BundleOptions(profile, ledger_exhibit, contacts_exhibit, exhibit_covers, on)
    try:
        result = _build_in(work, final, case, options, report_json, claim_json, steps, syntax_check, overwrite)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise classify_os_error(exc, out) from exc
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return result


def classify_os_error(exc: OSError, out: Path) -> EvidenceKitError:
    """An OS error met while building: exit 9 for a path under ``out`` (or a full disk), else exit 5 (an input)."""
    name = exc.filename or exc.filename2
    writing = name is not None and Path(os.fsdecode(name)).resolve().is_relative_to(out.resolve())
    return os_error(exc, writing=writing, path=os.fsdecode(name) if name is not None else out)


def _build_in(
    work: Path, final: Path, case: Case, options: BundleOptions, report_json: dict[str, Any],
    claim_json: dict[str, Any] | None, steps: Sequence[OutputStep], syntax_check: str, overwrite: bool,
) -> BuildResult:
    bundle = _bundle_or_blame(case, work, options, syntax_check)
    timings = dict(bundle.timings)
    checker = SyntaxCheck(work / BUNDLE, syntax_check)
    try:
        context = BuildContext(case, work, options.profile, options.on or date.today(), claim_json, bundle)
        outputs = [BUNDLE, *(rel for step in steps for rel in step(context)), REPORT]
        write_json(work / REPORT, _report(report_json, claim_json, bundle))
        exhibits = manifest_exhibits(bundle)
        # The manifest (mostly hashing, which runs without the GIL) is written beside the read-back.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="evidence-kit-manifest") as pool:
            manifest = pool.submit(_write_manifest, work, case, outputs, exhibits, bundle)
            started = time.perf_counter()
            problems = verify_bundle(work / BUNDLE, bundle.plan)
            timings["read_back"] = _since(started)
            timings["manifest"] = manifest.result()
        started = time.perf_counter()
        problems += checker.finish()
        timings["syntax_check_wait"] = _since(started)
    finally:
        checker.cancel()
    if problems:
        if any(p.code == "qpdf_check" for p in problems):
            _blame_an_exhibit(case, work, syntax_check)
        raise _verification_failed(problems)
    started = time.perf_counter()
    replaced = publish(work, final, overwrite=overwrite)
    timings["publish"] = _since(started)
    return BuildResult(
        case_id=case.case_id, folder=final, outputs=(*outputs, MANIFEST), bundle_pages=bundle.plan.total_pages,
        exhibits=tuple(exhibits), notes=tuple(bundle.notes), replaced=replaced, timings=timings,
    )


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 3)


def _write_manifest(work: Path, case: Case, outputs: Sequence[str], exhibits: Sequence[ManifestExhibit],
                    bundle: BundleOutcome) -> float:
    """Write manifest.json; returns the seconds it took.

    The bundle's page count is the plan's: the read-back measures the saved file's and
    fails the build unless the two are equal. Other PDF outputs are opened and counted.
    """
    started = time.perf_counter()
    pages = {BUNDLE: bundle.plan.total_pages, **_page_counts(work, [rel for rel in outputs if rel != BUNDLE])}
    write_json(work / MANIFEST, build_manifest(
        case_id=case.case_id, created=datetime.now().astimezone(), tool_version=__version__,
        case_root=case.root, inputs=_inputs(case), folder=work, outputs=outputs,
        pages=pages, exhibits=exhibits, known_hashes={p.file: p.sha256 for p in bundle.exhibits if p.sha256},
    ))
    return _since(started)


def manifest_exhibits(bundle: BundleOutcome) -> list[ManifestExhibit]:
    return [
        ManifestExhibit(no=e.no, title=e.item.title, file=e.item.file, sha256=p.sha256,
                        first_page=e.first_page, last_page=e.last_page)
        for e, p in zip(bundle.plan.exhibits, bundle.exhibits, strict=True)
    ]


def _inputs(case: Case) -> list[str]:
    return list(dict.fromkeys([*case.input_files, *(e.file for e in case.exhibits)]))


def _page_counts(work: Path, outputs: Sequence[str]) -> dict[str, int]:
    counts = {}
    for rel in outputs:
        if rel.endswith(".pdf"):
            with pikepdf.open(work / rel) as pdf:
                counts[rel] = len(pdf.pages)
    return counts


def _report(report_json: dict[str, Any], claim_json: dict[str, Any] | None, bundle: BundleOutcome) -> dict[str, Any]:
    report = dict(report_json)
    if claim_json is not None:
        report["claim"] = claim_json
    plan = bundle.plan
    report["bundle"] = {
        "pages": plan.total_pages, "cover_pages": plan.cover_pages, "index_pages": plan.index_pages,
        "index_renders": bundle.index_rounds,
        "exhibits": [
            {"no": e.no, "label": e.label, "title": e.item.title, "file": e.item.file, "kind": p.kind,
             "first_page": e.first_page, "last_page": e.last_page, "pages": e.page_count, "notes": p.notes}
            for e, p in zip(plan.exhibits, bundle.exhibits, strict=True)
        ],
    }
    _cite_limitation_event(report)
    return report


def _cite_limitation_event(report: dict[str, Any]) -> None:
    """Add to ``limitation`` the exhibit (and its bundle pages) that proves the event carrying the period.

    A contact's own evidence file is cited when it is an exhibit; otherwise the exhibit made
    from the file that records the event (the ledger for a repayment, the contact log for a contact).
    """
    limitation = report.get("limitation")
    if not isinstance(limitation, dict):
        return
    event = limitation.get("event", {})
    exhibits = report["bundle"]["exhibits"]
    for wanted in (event.get("evidence"), event.get("file")):
        found = next((e for e in exhibits if wanted and e["file"] == wanted), None)
        if found is not None:
            limitation["exhibit"] = {k: found[k] for k in ("no", "label", "title", "first_page", "last_page")}
            return
    limitation["exhibit"] = None


def _verification_failed(problems: list[Problem]) -> VerificationFailed:
    shown = "; ".join(p.message for p in problems[:3])
    more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
    return VerificationFailed(f"the bundle failed verification: {shown}{more}", file=BUNDLE,
                              hint="nothing was published; report this with the case folder")


# --------------------------------------------------------------------------- blame


def _bundle_or_blame(case: Case, work: Path, options: BundleOptions, syntax_check: str) -> BundleOutcome:
    """Build the bundle; should the PDF library fail on the pages, name the exhibit responsible."""
    try:
        return build_bundle(case, work / BUNDLE, options)
    except pikepdf.PdfError as exc:
        _blame_an_exhibit(case, work, syntax_check)
        raise RenderFailed(f"the bundle could not be written ({exc})", file=BUNDLE,
                           hint="report this with the case folder") from exc


def _blame_an_exhibit(case: Case, work: Path, kind: str) -> None:
    """When the bundle fails its syntax check, name the source PDF the damage came from (exit 5).

    Each PDF exhibit is copied alone, the same way, and checked; runs only after a failure.
    """
    scratch = work / "blame.pdf"
    for exhibit in case.exhibits:
        if not exhibit.path.is_file() or sniff(exhibit.path) != PDF:
            continue
        try:
            source, _ = open_pdf_exhibit(exhibit.path, exhibit.file, exhibit.password)
        except InputUnreadable:
            continue
        try:
            with source, pikepdf.new() as alone:
                alone.pages.extend(source.pages)
                alone.save(scratch)
            found = [p.message for p in qpdf_check(scratch, kind)]
        except pikepdf.PdfError as exc:
            found = [str(exc)]
        if found:
            detail = found[0].replace(str(scratch), exhibit.file).replace(str(exhibit.path), exhibit.file)
            raise InputUnreadable(f"this PDF has damage that survives repair ({detail})", file=exhibit.file,
                                  hint="obtain an undamaged copy of this document (re-export or re-scan it)")


# --------------------------------------------------------------------------- publishing


def _refuse_case_folder(final: Path, case_root: Path) -> None:
    """OUT/CASE_ID must never be, or hold, the case folder: publishing replaces it."""
    target, root = final.resolve(), case_root.resolve()
    if root == target or root.is_relative_to(target):
        raise CannotWrite("the output folder would replace the case folder itself", file=str(final),
                          hint="choose an -o outside the case folder's own path, e.g. a sibling 'out' folder")
