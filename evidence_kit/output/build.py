"""``build``: one checked case in, ``OUT/CASE_ID/`` out — verified, then published atomically.

Everything is written into a hidden work folder next to the destination
(``OUT/.CASE_ID.building-…``), read back and checked there, and only then renamed to
``OUT/CASE_ID``. On any failure the work folder is removed: nothing exists under
``OUT/CASE_ID`` that did not pass verification. An existing ``OUT/CASE_ID`` is refused
unless ``overwrite`` is given; then it is replaced only after the new one verified.

Filings plug in as :data:`OutputStep` callables that write into the work folder.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pikepdf
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidence_kit import __version__
from evidence_kit.bundle.assemble import (
    PROFILES,
    BundleOptions,
    BundleOutcome,
    build_bundle,
    bundle_title,
)
from evidence_kit.bundle.pdf import open_pdf_exhibit
from evidence_kit.bundle.readback import SyntaxCheck, libqpdf_check, qpdf_check, verify_bundle
from evidence_kit.bundle.volumes import (
    MIN_VOLUME_MB,
    verify_volumes,
    volume_entries,
    volume_file,
    volume_notes,
    write_volumes,
)
from evidence_kit.case.model import Case
from evidence_kit.case.redact import Redactor, redactor_for
from evidence_kit.case.sniff import PDF, sniff
from evidence_kit.check.exhibits import exhibit_font_problems
from evidence_kit.errors import (
    CannotWrite,
    EvidenceKitError,
    InputUnreadable,
    RenderFailed,
    UsageError,
    VerificationFailed,
    os_error,
)
from evidence_kit.i18n import _
from evidence_kit.output.manifest import (
    BUNDLE,
    MANIFEST,
    ManifestExhibit,
    build_manifest,
    write_json,
)
from evidence_kit.output.package import INDEX, refuse_existing_zip, write_index, write_zip, zip_path
from evidence_kit.output.pdfa import make_pdfa, pdfa_problems
from evidence_kit.output.publish import publish, refuse_existing, work_folder
from evidence_kit.output.reproducible import build_epoch, epoch_date, epoch_time
from evidence_kit.output.sealing import Sealing, output_kinds, redact_manifest, redact_report
from evidence_kit.problems import Problem, error

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
    report: dict[str, Any] = field(default_factory=dict)
    """What a step adds to report.json (e.g. ``filings``: what was read back and reconciled)."""
    epoch: int = 0
    """``SOURCE_DATE_EPOCH`` of this build: every date and time an output shows derives from it."""
    pdfa: bool = False
    """Whether PDFs are to be PDF/A-3b: the build makes every PDF a step returns PDF/A-3b after the step."""
    page_twins: dict[str, str] = field(default_factory=dict)
    """What a step wrote twice, as DOCX and as PDF: the DOCX's path → the PDF's. The manifest gives the DOCX the
    PDF's page count and names the PDF as its source (``pages_from``)."""

    @property
    def redactor(self) -> Redactor:
        """The profile's redaction: a step passes every text it writes (and its file names) through it."""
        return redactor_for(self.case, self.profile)


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
    package: Path | None = None
    """The counsel package (CASE_ID.zip) when one was asked for."""

    def to_json(self) -> dict[str, Any]:
        return {"package": str(self.package) if self.package else None,
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
    max_volume_mb: float | None = None,
    epoch: int | None = None,
    sign_key: Ed25519PrivateKey | None = None,
    package: bool = False,
    pdfa: bool = False,
    recorded: dict[str, Any] | None = None,
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

    ``max_volume_mb`` cuts the bundle into ``bundle-1.pdf`` … ``bundle-K.pdf`` of at most that
    many MB each (see :mod:`evidence_kit.bundle.volumes`); one volume stays ``bundle.pdf``.
    ``epoch`` (default: ``SOURCE_DATE_EPOCH``, else now) stands for the build's moment in
    every output, so that the same inputs and epoch give byte-identical files; manifest.json
    records it. ``sign_key`` signs the manifest (:mod:`evidence_kit.output.signature`).
    ``package`` adds index.html and writes the counsel package ``out/CASE_ID.zip``
    (:mod:`evidence_kit.output.package`). ``pdfa`` makes bundle.pdf and every PDF a step
    writes (the filings) PDF/A-3b with the manifest attached (:mod:`evidence_kit.output.pdfa`).
    ``recorded``: what else manifest.json's ``build_options`` must hold for a rebuild to
    repeat this build (the pipeline records the filings made).
    """
    if max_volume_mb is not None and max_volume_mb < MIN_VOLUME_MB:
        raise ValueError(_("max_volume_mb must be at least {limit}", limit=format(MIN_VOLUME_MB, "g")))
    if profile not in PROFILES:
        raise ValueError(_("unknown profile {profile!r}; one of {profiles}", profile=profile,
                           profiles=", ".join(PROFILES)))
    name = output_name(case, profile)
    final = out / name
    _refuse_case_folder(final, case.root)
    refuse_existing(final, overwrite)
    created = not out.exists()
    if package:
        refuse_existing_zip(zip_path(out, name), overwrite)
    epoch = build_epoch() if epoch is None else epoch
    options = BundleOptions(profile, ledger_exhibit, contacts_exhibit, exhibit_covers, on or epoch_date(epoch),
                            max_volume_mb)
    work = work_folder(out, name)
    try:
        result = _build_in(work, final, case, options, report_json, claim_json, steps, syntax_check, overwrite,
                           Sealing(epoch, sign_key, package, pdfa, tuple((recorded or {}).items())))
    except OSError as exc:
        _discard(work, out, created)
        raise classify_os_error(exc, out) from exc
    except BaseException:
        _discard(work, out, created)
        raise
    return result


def output_name(case: Case, profile: str) -> str:
    """The name of the build's folder (and of its package, with ``.zip``): the case_id, masked for a profile that
    masks identifiers (a case_id that holds an ID or phone number would otherwise carry it into every path)."""
    return redactor_for(case, profile).file_name(case.case_id)


def _discard(work: Path, out: Path, created: bool) -> None:
    """Remove a failed build's work folder, and OUT itself when this build created it (nothing is left behind)."""
    shutil.rmtree(work, ignore_errors=True)
    if created:
        with contextlib.suppress(OSError):
            out.rmdir()


def classify_os_error(exc: OSError, out: Path) -> EvidenceKitError:
    """An OS error met while building: exit 9 for a path under ``out`` (or a full disk), else exit 5 (an input)."""
    name = exc.filename or exc.filename2
    writing = name is not None and Path(os.fsdecode(name)).resolve().is_relative_to(out.resolve())
    return os_error(exc, writing=writing, path=os.fsdecode(name) if name is not None else out)


def _build_in(
    work: Path, final: Path, case: Case, options: BundleOptions, report_json: dict[str, Any],
    claim_json: dict[str, Any] | None, steps: Sequence[OutputStep], syntax_check: str, overwrite: bool,
    sealing: Sealing,
) -> BuildResult:
    if sealing.pdfa:
        _refuse_unembedded_fonts(case, options.profile)
    bundle = _bundle_or_blame(case, work, options, syntax_check)
    timings = dict(bundle.timings)
    if sealing.pdfa and bundle.plan.volumes:
        raise UsageError(_("PDF/A-3b is made for one bundle.pdf, and this bundle is cut into {count} volumes",
                           count=len(bundle.plan.volumes)), file=case.case_id,
                         hint=_("build without --pdfa, or without --max-volume-mb (and case.yaml "
                                "bundle.max_volume_mb)"))
    if sealing.pdfa:
        started = time.perf_counter()
        _make_bundle_pdfa(work, case, bundle, sealing.record(options))
        timings["pdfa"] = _since(started)
    checker = SyntaxCheck(work / BUNDLE, syntax_check, bundle.own_pages)
    try:
        context = BuildContext(case, work, options.profile, options.on or date.today(), claim_json, bundle,
                               epoch=sealing.epoch, pdfa=sealing.pdfa)
        extra = [rel for step in steps for rel in step(context)]
        if sealing.pdfa:
            started = time.perf_counter()
            _make_outputs_pdfa(work, case, bundle, sealing.record(options), [rel for rel in extra if _is_pdf(rel)])
            timings["pdfa"] = timings.get("pdfa", 0.0) + _since(started)
        index = [INDEX] if sealing.package else []
        exhibits = manifest_exhibits(bundle)
        if bundle.plan.volumes:
            outputs, problems = _volumes_read_back(work, case, bundle, checker, options, timings)
            outputs += [*extra, REPORT, *index]
        else:
            outputs, problems = [BUNDLE, *extra, REPORT, *index], []
        report = {**_report(report_json, claim_json, bundle), **context.report, "outputs": output_kinds(outputs)}
        write_json(work / REPORT, redact_report(report, case, options.profile))
        if sealing.package:
            write_index(work, case=case, report=report, outputs=outputs, exhibits=exhibits,
                        bundle_pages=bundle.plan.total_pages, profile=options.profile,
                        created=epoch_time(sealing.epoch))
        if bundle.plan.volumes:
            if not problems:
                timings["manifest"] = _write_manifest(work, case, outputs, exhibits, bundle, sealing.record(options),
                                                      context.page_twins)
        else:
            # The manifest (mostly hashing, which runs without the GIL) is written beside the read-back.
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="evidence-kit-manifest") as pool:
                manifest = pool.submit(_write_manifest, work, case, outputs, exhibits, bundle,
                                       sealing.record(options), context.page_twins)
                started = time.perf_counter()
                problems = verify_bundle(work / BUNDLE, bundle.plan, checker)
                timings["read_back"] = _since(started)
                timings["manifest"] = manifest.result()
            started = time.perf_counter()
            problems += checker.finish()
            timings["syntax_check_wait"] = _since(started)
            if sealing.pdfa:
                problems += [p for rel in [BUNDLE, *extra] if _is_pdf(rel) for p in pdfa_problems(work / rel, rel)]
    finally:
        checker.cancel()
    if problems:
        if any(p.code == "qpdf_check" for p in problems):
            _blame_an_exhibit(case, work, syntax_check)
        raise _verification_failed(problems)
    sealing.sign(work / MANIFEST)
    started = time.perf_counter()
    replaced = publish(work, final, overwrite=overwrite)
    timings["publish"] = _since(started)
    archive = write_zip(final, zip_path(final.parent, final.name), sealing.epoch) if sealing.package else None
    return BuildResult(
        case_id=case.case_id, folder=final, outputs=(*outputs, MANIFEST), bundle_pages=bundle.plan.total_pages,
        exhibits=tuple(exhibits), notes=tuple(bundle.notes), replaced=replaced, timings=timings, package=archive,
    )


def _refuse_unembedded_fonts(case: Case, profile: str) -> None:
    """PDF/A needs every font embedded: an exhibit that does not embed its fonts is refused before the build (exit 5)."""
    found = [(exhibit, problem) for exhibit in case.exhibits
             for problem in exhibit_font_problems(case, exhibit, profile)]
    if not found:
        return
    exhibit, first = found[0]
    message = (first.message if len(found) == 1 else
               _("{count} exhibits do not embed their fonts; first: {message}", count=len(found),
                 message=first.message))
    raise InputUnreadable(message, hint=first.hint, file=exhibit.file, problems=[p for _e, p in found])


def _volumes_read_back(work: Path, case: Case, bundle: BundleOutcome, checker: SyntaxCheck, options: BundleOptions,
                       timings: dict[str, float]) -> tuple[list[str], list[Problem]]:
    """Read the whole bundle back, then cut it into its volumes and read those back; the whole file goes."""
    started = time.perf_counter()
    problems = verify_bundle(work / BUNDLE, bundle.plan, checker)
    problems += checker.finish()
    timings["read_back"] = _since(started)
    if problems or options.max_volume_mb is None:
        return [BUNDLE], problems
    started = time.perf_counter()
    names = write_volumes(work / BUNDLE, bundle.plan, bundle_title(case, redactor_for(case, options.profile)))
    problems += verify_volumes(work, bundle.plan, options.max_volume_mb)
    problems += [p for name in names for p in libqpdf_check(work / name, frozenset())]
    (work / BUNDLE).unlink()
    timings["volumes"] = _since(started)
    return names, problems


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 3)


def _write_manifest(work: Path, case: Case, outputs: Sequence[str], exhibits: Sequence[ManifestExhibit],
                    bundle: BundleOutcome, record: dict[str, Any], page_twins: dict[str, str] | None = None) -> float:
    """Write manifest.json; returns the seconds it took.

    The bundle's page count is the plan's: the read-back measures the saved file's and
    fails the build unless the two are equal. Other PDF outputs are opened and counted; a
    DOCX with a PDF twin (``page_twins``) has the twin's count, which it states itself (the
    filings' read-back checked that).
    """
    started = time.perf_counter()
    plan = bundle.plan
    known = {BUNDLE: plan.total_pages, **{volume_file(v.no): v.last_page - v.first_page + 1 for v in plan.volumes}}
    pages = {**known, **_page_counts(work, [rel for rel in outputs if rel not in known])}
    twins = {rel: twin for rel, twin in (page_twins or {}).items() if rel in outputs and twin in pages}
    pages.update({rel: pages[twin] for rel, twin in twins.items()})
    manifest = build_manifest(
        case_id=case.case_id, created=epoch_time(record["source_date_epoch"]), tool_version=__version__,
        case_root=case.root, inputs=_inputs(case), folder=work, outputs=outputs,
        pages=pages, exhibits=exhibits, known_hashes={p.file: p.sha256 for p in bundle.exhibits if p.sha256},
        pages_from=twins,
    )
    if plan.volumes:
        manifest["volumes"] = volume_entries(work, plan)
    write_json(work / MANIFEST, redact_manifest({**manifest, **record}, case, record["profile"]))
    return _since(started)


def _make_bundle_pdfa(work: Path, case: Case, bundle: BundleOutcome, record: dict[str, Any]) -> None:
    """bundle.pdf as PDF/A-3b, with the manifest of what it was built from attached (no outputs: see pdfa.py)."""
    _make_pdfa(work, BUNDLE, bundle_title(case, redactor_for(case, record["profile"])),
               _pdfa_attachment(work, case, bundle, record), record)


def _make_outputs_pdfa(work: Path, case: Case, bundle: BundleOutcome, record: dict[str, Any],
                       pdfs: Sequence[str]) -> None:
    """Each PDF a step wrote (the filings) as PDF/A-3b, with the same attachment as bundle.pdf's, titled as it was."""
    if not pdfs:
        return
    attachment = _pdfa_attachment(work, case, bundle, record)
    for rel in pdfs:
        with pikepdf.open(work / rel) as pdf:
            title = str(pdf.docinfo.get("/Title", "")) or Path(rel).stem
        _make_pdfa(work, rel, title, attachment, record)


def _pdfa_attachment(work: Path, case: Case, bundle: BundleOutcome, record: dict[str, Any]) -> dict[str, Any]:
    """The manifest of what the build's PDFs were built from: case, inputs, exhibits, profile, epoch (no outputs)."""
    attachment = build_manifest(
        case_id=case.case_id, created=epoch_time(record["source_date_epoch"]), tool_version=__version__,
        case_root=case.root, inputs=_inputs(case), folder=work, outputs=[], pages={},
        exhibits=manifest_exhibits(bundle), known_hashes={p.file: p.sha256 for p in bundle.exhibits if p.sha256},
    )
    return redact_manifest({**attachment, **record}, case, record["profile"])


def _make_pdfa(work: Path, rel: str, title: str, attachment: dict[str, Any], record: dict[str, Any]) -> None:
    make_pdfa(work / rel, title=title, creator=f"evidence-kit {__version__}",
              created=epoch_time(record["source_date_epoch"]), attachment={**attachment, "attached_to": rel})


def _is_pdf(rel: str) -> bool:
    return rel.endswith(".pdf")


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
    if plan.volumes:
        report["bundle"]["volumes"] = volume_notes(plan)
        for row, exhibit in zip(report["bundle"]["exhibits"], plan.exhibits, strict=True):
            row["volumes"] = list(plan.volumes_of(exhibit))
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
    message = (_("the bundle failed verification: {problems} (and {more} more)", problems=shown,
                 more=len(problems) - 3) if len(problems) > 3
               else _("the bundle failed verification: {problems}", problems=shown))
    return VerificationFailed(message, file=BUNDLE, hint=_("nothing was published; report this with the case folder"))


# --------------------------------------------------------------------------- blame


def _bundle_or_blame(case: Case, work: Path, options: BundleOptions, syntax_check: str) -> BundleOutcome:
    """Build the bundle; should the PDF library fail on the pages, name the exhibit responsible."""
    try:
        return build_bundle(case, work / BUNDLE, options)
    except pikepdf.PdfError as exc:
        _blame_an_exhibit(case, work, syntax_check)
        raise RenderFailed(_("the bundle could not be written ({why})", why=exc), file=BUNDLE,
                           hint=_("report this with the case folder")) from exc


def _blame_an_exhibit(case: Case, work: Path, kind: str) -> None:
    """When the bundle fails its syntax check, name the source PDF the damage came from (exit 5).

    Each PDF exhibit is copied alone, the same way, and checked; runs only after a failure.
    """
    scratch = work / "blame.pdf"
    for exhibit in case.exhibits:
        if not exhibit.path.is_file() or sniff(exhibit.path) != PDF:
            continue
        try:
            source, _password = open_pdf_exhibit(exhibit.path, exhibit.file, exhibit.password)
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
            message = _("exhibit {number} ({file}): this PDF has damage that survives repair ({detail})",
                        number=exhibit.no, file=exhibit.file, detail=detail)
            hint = _("obtain an undamaged copy of this document (re-export or re-scan it)")
            loc = case.yaml_loc(f"exhibits.{exhibit.no - 1}.file")
            raise InputUnreadable(message, file=exhibit.file, hint=hint,
                                  problems=[error("exhibit_damaged", message, loc, hint)])

# --------------------------------------------------------------------------- publishing


def _refuse_case_folder(final: Path, case_root: Path) -> None:
    """OUT/CASE_ID must never be, or hold, the case folder: publishing replaces it."""
    target, root = final.resolve(), case_root.resolve()
    if root == target or root.is_relative_to(target):
        raise CannotWrite(_("the output folder would replace the case folder itself"), file=str(final),
                          hint=_("choose an -o outside the case folder's own path, e.g. a sibling 'out' folder"))
