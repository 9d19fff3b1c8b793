"""Is the folder the whole build of one case? Checks that recomputed hashes cannot satisfy.

* the manifest lists bundle.pdf, report.json and every output report.json says the build made;
* report.json and bundle.pdf belong to the manifest's case;
* each exhibit's pages, measured from the stamps on every page, and the 页码 the 证据目录
  prints for it (read from the page), equal the manifest's ``first_page``–``last_page``;
* a bundle built for the collector profile carries the profile's mark on every page;
* with ``build_options.pdfa``, bundle.pdf and every filing PDF pass the PDF/A-3b rules and
  carry the manifest of what they were built from.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pikepdf

from evidence_kit.bundle.plan import page_range_text
from evidence_kit.bundle.readback import measure_exhibits, read_printed_ranges
from evidence_kit.bundle.stamp import StampReader
from evidence_kit.case.redact import COLLECTOR_MARK
from evidence_kit.i18n import N_, _, n_, translate
from evidence_kit.output.manifest import BUNDLE, MANIFEST
from evidence_kit.output.pdfa import ATTACHED_MANIFEST, attachments, pdfa_problems
from evidence_kit.output.sealing import REQUIRED_KINDS
from evidence_kit.problems import Location, Problem, error

REPORT = "report.json"
REQUIRED_OUTPUTS = {"bundle": BUNDLE, "report": REPORT}
MAX_REPORT_BYTES = 64 * 1024 * 1024
"""report.json is read whole; a larger one is not what build writes."""
_VOLUME = re.compile(r"bundle-[1-9][0-9]*\.pdf")
REBUILD_HINT = N_("do not rely on this folder; build the case again or ask the sender for the original")


def completeness_problems(folder: Path, manifest: dict[str, Any]) -> list[Problem]:
    listed = {str(e.get("path")) for e in manifest.get("outputs", []) if isinstance(e, dict)}
    volumes = volume_files(manifest)
    required = {**{kind: [rel] for kind, rel in REQUIRED_OUTPUTS.items()}, **({"bundle": volumes} if volumes else {})}
    problems = [error("output_not_listed", _("the manifest does not list {file}", file=rel), Location(MANIFEST),
                      translate(REBUILD_HINT))
                for kind, rels in required.items() if kind in REQUIRED_KINDS for rel in rels if rel not in listed]
    if REPORT in listed and (folder / REPORT).is_file():
        problems += _report_problems(folder / REPORT, manifest, listed)
    if volumes and all(rel in listed and (folder / rel).is_file() for rel in volumes):
        problems += bundle_problems([folder / rel for rel in volumes], manifest)
    elif not volumes and BUNDLE in listed and (folder / BUNDLE).is_file():
        problems += bundle_problems(folder / BUNDLE, manifest)
    options = manifest.get("build_options")
    if isinstance(options, dict) and options.get("pdfa"):
        for rel in sorted(listed, key=lambda r: (r != BUNDLE, r)):  # bundle.pdf, then the filings
            if rel.endswith(".pdf") and _inside(rel) and (folder / rel).is_file():
                problems += pdfa_problems(folder / rel, rel) or attachment_problems(folder / rel, manifest, rel)
    return problems


def _inside(rel: str) -> bool:
    return not Path(rel).is_absolute() and ".." not in Path(rel).parts


def volume_files(manifest: dict[str, Any]) -> list[str]:
    """bundle-1.pdf … bundle-K.pdf of a bundle cut into volumes (the manifest's ``volumes``), in order; else []."""
    volumes = manifest.get("volumes")
    if not isinstance(volumes, list):
        return []
    paths = [str(v.get("path")) for v in volumes if isinstance(v, dict)]
    return [rel for rel in paths if _VOLUME.fullmatch(rel)]


ATTACHMENT_KEYS = ("case_id", "created", "tool_version", "inputs", "exhibits", "profile", "source_date_epoch",
                   "build_options")


def attachment_problems(path: Path, manifest: dict[str, Any], rel: str = BUNDLE) -> list[Problem]:
    """The manifest attached to a PDF/A output agrees with manifest.json on what the output was built from."""
    with pikepdf.open(path) as pdf:
        attached = json.loads(attachments(pdf)[ATTACHED_MANIFEST])
    differ = [k for k in ATTACHMENT_KEYS if attached.get(k) != manifest.get(k)]
    if attached.get("attached_to") != rel:
        differ.append("attached_to")
    if not differ:
        return []
    return [error("attachment_mismatch", _("the manifest attached to {file} differs from manifest.json in {keys}",
                                           file=rel, keys=", ".join(differ)), Location(rel), translate(REBUILD_HINT))]


def _report_problems(path: Path, manifest: dict[str, Any], listed: set[str]) -> list[Problem]:
    if path.stat().st_size > MAX_REPORT_BYTES:
        return [error("report_invalid", _("report.json is over {limit} bytes", limit=MAX_REPORT_BYTES),
                      Location(REPORT), translate(REBUILD_HINT))]
    try:
        report = json.loads(path.read_text("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return [error("report_invalid", _("report.json is not valid JSON"), Location(REPORT), translate(REBUILD_HINT))]
    if not isinstance(report, dict):
        return [error("report_invalid", _("report.json is not a JSON object"), Location(REPORT),
                      translate(REBUILD_HINT))]
    problems = []
    if report.get("case_id") != manifest.get("case_id"):
        problems.append(error("case_mismatch", _("report.json is for case {case!r}, the manifest for {manifest_case!r}",
                                                 case=report.get("case_id"), manifest_case=manifest.get("case_id")),
                              Location(REPORT), translate(REBUILD_HINT)))
    for item in report.get("outputs", []):
        rel = item.get("path") if isinstance(item, dict) else None
        if isinstance(rel, str) and rel not in listed:
            message = _("report.json says the build made {file}, the manifest does not list it", file=rel)
            problems.append(error("output_not_listed", message, Location(MANIFEST), translate(REBUILD_HINT)))
    return problems


def bundle_problems(bundle: Path | list[Path], manifest: dict[str, Any]) -> list[Problem]:
    """The bundle's case, its stamps on every page, its printed index and its profile mark, against the manifest.

    A bundle cut into volumes is given as its volume files in order: its pages are counted across them.
    """
    parts = bundle if isinstance(bundle, list) else [bundle]
    shown = BUNDLE if len(parts) == 1 else parts[0].name
    titles, stamps, marks, printed = [], [], [], {}
    try:
        for part in parts:
            with pikepdf.open(part) as pdf:
                titles.append((part.name, str(pdf.docinfo.get("/Title", ""))))
                reader = StampReader()
                stamps += [reader.read(page) for page in pdf.pages]
                marks += [reader.read_profile_mark(page) for page in pdf.pages]
            printed.update(read_printed_ranges(part))
    except pikepdf.PdfError:
        return []  # reported as output_unreadable by the manifest check
    problems = []
    case_id = str(manifest.get("case_id", ""))
    for name, title in titles:
        if not title.startswith(f"{case_id} "):
            problems.append(error("case_mismatch", _("{file} is titled {title!r}, not a bundle of case {case}",
                                                     file=name, title=title, case=case_id),
                                  Location(name), translate(REBUILD_HINT)))
    problems += _range_problems(shown, printed, manifest.get("exhibits", []), stamps, _volume_ranges(manifest))
    if manifest.get("profile") == "collector":
        unmarked = [n for n, mark in enumerate(marks, start=1) if mark != COLLECTOR_MARK]
        if unmarked:
            message = n_("{count} page lacks the collector profile's mark, first page {page}",
                         "{count} pages lack the collector profile's mark, first page {page}",
                         len(unmarked), page=unmarked[0])
            problems.append(error("profile_mark", message, Location(shown, unmarked[0]), translate(REBUILD_HINT)))
    return problems


def _volume_ranges(manifest: dict[str, Any]) -> list[tuple[int, int]]:
    volumes = manifest.get("volumes")
    entries = volumes if isinstance(volumes, list) else []
    return [(v["first_page"], v["last_page"]) for v in entries
            if isinstance(v, dict) and isinstance(v.get("first_page"), int) and isinstance(v.get("last_page"), int)]


def _index_text(first: int, last: int, volumes: list[tuple[int, int]]) -> str:
    """What the 证据目录 prints for pages first–last: after the volume(s) when the bundle is cut (spaces removed)."""
    pages = page_range_text(first, last)
    if len(volumes) < 2:
        return pages
    found = [n for n, (a, b) in enumerate(volumes, start=1) if a <= first <= b or a <= last <= b]
    if not found:
        return pages
    return f"第{found[0]}册{pages}" if found[0] == found[-1] else f"第{found[0]}–{found[-1]}册{pages}"


def _range_problems(shown: str, printed: dict[int, str], exhibits: list[Any], stamps: list[str | None],
                    volumes: list[tuple[int, int]]) -> list[Problem]:
    measured = measure_exhibits(stamps)
    problems = []
    for item in exhibits:
        if not isinstance(item, dict):
            continue
        no, first, last = item.get("no"), item.get("first_page"), item.get("last_page")
        if not isinstance(no, int) or not isinstance(first, int) or not isinstance(last, int):
            continue
        expected = page_range_text(first, last)
        got = measured.get(no)
        if got is None or (got.first_page, got.last_page) != (first, last):
            message = (_("exhibit {number}: the manifest says pages {expected}, its stamps are on {found}",
                         number=no, expected=expected, found=got.text) if got
                       else _("exhibit {number}: the manifest says pages {expected}, its stamps are on no page",
                              number=no, expected=expected))
            problems.append(error("exhibit_range", message, Location(shown, first), translate(REBUILD_HINT)))
        if "".join((printed.get(no) or "").split()) != _index_text(first, last, volumes):
            message = _("exhibit {number}: the 证据目录 prints {printed!r}, the manifest says {expected}",
                        number=no, printed=printed.get(no), expected=expected)
            problems.append(error("index_pages", message, Location(shown), translate(REBUILD_HINT)))
    listed = {item.get("no") for item in exhibits if isinstance(item, dict)}
    for no in sorted(set(measured) - listed):
        message = _("bundle.pdf holds exhibit {number}, which the manifest does not list", number=no)
        problems.append(error("exhibit_unlisted", message, Location(shown, measured[no].first_page),
                              translate(REBUILD_HINT)))
    return problems
