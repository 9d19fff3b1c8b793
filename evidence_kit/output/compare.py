"""Compare a received build with one rebuilt from the case folder: byte for byte, naming what differs.

A PDF that differs is compared page by page (its content streams and the images and forms
they draw), so that a recipient learns *which* page was changed — a paragraph whited out
on page 5 is reported as page 5. manifest.json is compared without its signature.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Name

from evidence_kit.case.files import sha256_file
from evidence_kit.i18n import N_, _, n_, translate
from evidence_kit.output.manifest import MANIFEST
from evidence_kit.output.signature import canonical_manifest
from evidence_kit.problems import Location, Problem, error

MAX_PAGES_NAMED = 20
HINT = N_("the file is not what the case folder produces: do not rely on it; build the case again")


def compare_builds(received: Path, rebuilt: Path) -> list[Problem]:
    """Every file of ``rebuilt`` must be in ``received`` with the same bytes, and nothing more."""
    ours = _files(rebuilt)
    theirs = _files(received)
    problems = []
    for rel in sorted(ours | theirs):
        if rel not in theirs:
            problems.append(error("rebuild_differs", _("the rebuild makes this file; the folder lacks it"),
                                  Location(rel), translate(HINT)))
        elif rel not in ours:
            problems.append(error("rebuild_differs", _("the folder holds this file; the rebuild does not make it"),
                                  Location(rel), translate(HINT)))
        elif rel == MANIFEST:
            problems += _compare_manifests(received / rel, rebuilt / rel)
        elif sha256_file(received / rel) != sha256_file(rebuilt / rel):
            problems += _describe_difference(received / rel, rebuilt / rel, rel)
    return problems


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and not p.is_symlink()}


def _compare_manifests(received: Path, rebuilt: Path) -> list[Problem]:
    try:
        theirs = json.loads(received.read_text("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return [error("rebuild_differs", _("manifest.json is not valid JSON"), Location(MANIFEST), translate(HINT))]
    ours = json.loads(rebuilt.read_text("utf-8"))
    if not isinstance(theirs, dict) or canonical_manifest(theirs) == canonical_manifest(ours):
        return []
    keys = sorted(k for k in set(ours) | set(theirs) if k != "signature" and ours.get(k) != theirs.get(k))
    return [error("rebuild_differs", _("manifest.json differs from the rebuild's in {keys}", keys=", ".join(keys)),
                  Location(MANIFEST), translate(HINT))]


def _describe_difference(received: Path, rebuilt: Path, rel: str) -> list[Problem]:
    if rel.endswith(".pdf"):
        pages = differing_pages(received, rebuilt)
        if pages is not None:
            if isinstance(pages, str):
                return [error("rebuild_differs", pages, Location(rel), translate(HINT))]
            if pages:
                shown = ", ".join(map(str, pages[:MAX_PAGES_NAMED])) + (" …" if len(pages) > MAX_PAGES_NAMED else "")
                return [error("rebuild_differs", n_("page {pages} differs from the rebuild",
                                                    "pages {pages} differ from the rebuild", len(pages), pages=shown),
                              Location(rel, pages[0]), translate(HINT))]
            return [error("rebuild_differs", _("the pages are the same as the rebuild's, but the file's other parts "
                                               "(metadata, bookmarks, links, attachments) differ"),
                          Location(rel), translate(HINT))]
    return [error("rebuild_differs", _("the file differs from the rebuild byte for byte"), Location(rel),
                  translate(HINT))]


def differing_pages(received: Path, rebuilt: Path) -> list[int] | str | None:
    """1-based numbers of the pages that differ; a text when the page counts differ; None when unreadable."""
    try:
        with pikepdf.open(received) as theirs, pikepdf.open(rebuilt) as ours:
            if len(theirs.pages) != len(ours.pages):
                return _("has {count} pages; the rebuild has {rebuilt}", count=len(theirs.pages),
                         rebuilt=len(ours.pages))
            return [n for n, (a, b) in enumerate(zip(theirs.pages, ours.pages, strict=True), start=1)
                    if page_digest(a) != page_digest(b)]
    except pikepdf.PdfError:
        return None


def page_digest(page: pikepdf.Page) -> str:
    """A hash of what the page draws: its content streams and the streams of its images and forms."""
    digest = hashlib.sha256()
    obj = page.obj
    contents = obj.get(Name.Contents)
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents] if contents is not None else []
    for stream in streams:
        if isinstance(stream, pikepdf.Stream):
            digest.update(stream.read_raw_bytes())
    _digest_resources(obj.get(Name.Resources), digest, set())
    for key in ("/MediaBox", "/CropBox", "/Rotate"):
        digest.update(repr(obj.get(key)).encode())
    return digest.hexdigest()


def _digest_resources(resources: Any, digest: Any, seen: set[tuple[int, int]]) -> None:
    if not isinstance(resources, pikepdf.Dictionary):
        return
    xobjects = resources.get(Name.XObject)
    if not isinstance(xobjects, pikepdf.Dictionary):
        return
    for name in sorted(xobjects.keys()):
        item = xobjects[name]
        if not isinstance(item, pikepdf.Stream) or item.objgen in seen:
            continue
        seen.add(item.objgen)
        digest.update(name.encode() + item.read_raw_bytes())
        _digest_resources(item.get(Name.Resources), digest, seen)
