"""Hashes, manifest.json (DESIGN §5), and re-checking a built folder (or its .zip) against it."""

from __future__ import annotations

import json
import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from evidence_kit.case.files import FileTooLarge, file_digest, kind_of, read_limited, sha256_file
from evidence_kit.errors import CaseNotFound, InputUnreadable
from evidence_kit.i18n import N_, _, translate
from evidence_kit.limits import MANIFEST_MAX_BYTES
from evidence_kit.output.publish import is_work_folder
from evidence_kit.output.safezip import unpack
from evidence_kit.problems import Location, Problem, error, warning

MANIFEST = "manifest.json"
BUNDLE = "bundle.pdf"


def file_entry(root: Path, rel: str, known: Mapping[str, str] | None = None) -> dict[str, Any]:
    """``{path, sha256, bytes}``; ``known`` holds hashes already computed, by relative path."""
    path = root / rel
    digest = (known or {}).get(rel) or file_digest(path)  # the bundle's was computed while saving it
    return {"path": rel, "sha256": digest, "bytes": path.stat().st_size}


@dataclass(frozen=True)
class ManifestExhibit:
    no: int
    title: str
    file: str
    sha256: str
    first_page: int
    last_page: int


def build_manifest(
    *,
    case_id: str,
    created: datetime,
    tool_version: str,
    case_root: Path,
    inputs: Iterable[str],
    folder: Path,
    outputs: Sequence[str],
    pages: dict[str, int],
    exhibits: Sequence[ManifestExhibit],
    known_hashes: Mapping[str, str] | None = None,
    pages_from: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The manifest of a built folder; ``outputs`` are paths relative to ``folder``.

    ``known_hashes`` (input path → SHA-256) avoids hashing the exhibits a second time.
    ``pages_from``: an output whose page count is another's (a DOCX filing's is its PDF's), recorded as the
    output's ``pages_from``.
    """
    return {
        "case_id": case_id,
        "created": created.isoformat(timespec="seconds"),
        "tool_version": tool_version,
        "inputs": [file_entry(case_root, rel, known_hashes) for rel in dict.fromkeys(inputs)
                   if (case_root / rel).is_file()],
        "outputs": [{**file_entry(folder, rel), "pages": pages.get(rel),
                     **({"pages_from": pages_from[rel]} if pages_from and rel in pages_from else {})}
                    for rel in outputs],
        "exhibits": [asdict(e) for e in exhibits],
    }


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- verify


FolderCheck = Callable[[Path, dict[str, Any]], list[Problem]]
"""A further check of a built folder and its manifest (signature, completeness, rebuild)."""


def verify_output(path: Path, *, case_dir: Path | None = None, extra: FolderCheck | None = None) -> list[Problem]:
    """Re-check a built case folder, or a .zip of one, against its manifest.

    Checks every output's size, SHA-256 and page count, every exhibit's page range and
    the stamps on its first and last pages; with ``case_dir``, the inputs' hashes too.
    """
    if not (path.exists() or path.is_symlink()):
        raise CaseNotFound(_("nothing to verify here"), file=str(path),
                           hint=_("give the OUT/CASE_ID folder that build produced, or its .zip"))
    if path.is_dir():
        _refuse_work_folder(path)
        return verify_folder(path, case_dir=case_dir, shown=str(path), extra=extra)
    _refuse_special_file(path)
    if not zipfile.is_zipfile(path):
        raise InputUnreadable(_("this is neither a built case folder nor a .zip archive"), file=str(path),
                              hint=_("give the OUT/CASE_ID folder that build produced, or a .zip of it"))
    with tempfile.TemporaryDirectory(prefix="evidence-kit-verify-") as tmp:
        try:
            unpack(path, Path(tmp), str(path))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
            raise InputUnreadable(_("the .zip archive is damaged ({why})", why=exc), file=str(path),
                                  hint=_("copy or download the archive again")) from exc
        folder = _built_folder_in(Path(tmp))
        if folder is None:
            return [error("manifest_missing", _("the archive holds no manifest.json"), Location(str(path)),
                          _("zip the built case folder itself"))]
        _refuse_work_folder(folder, shown=str(path))
        return verify_folder(folder, case_dir=case_dir, shown=str(path), extra=extra)


def _refuse_special_file(path: Path) -> None:
    """verify reads regular files only: a FIFO would hang it, /dev/zero would never end."""
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        raise InputUnreadable(_("this is {kind}, not a built case folder or a .zip archive", kind=kind_of(mode)),
                              file=str(path),
                              hint=_("give the OUT/CASE_ID folder that build produced, or a .zip of it"))


def _refuse_work_folder(folder: Path, shown: str | None = None) -> None:
    """A build's work folder (left by a build that was killed) is never a verified output."""
    if is_work_folder(folder):
        raise InputUnreadable(_("this is the work folder of a build that did not finish, not a published build"),
                              file=shown or str(folder),
                              hint=_("build the case again; the next build into this output folder removes it"))


def _built_folder_in(into: Path) -> Path | None:
    manifests = sorted((p for p in into.rglob(MANIFEST) if p.is_file()), key=lambda p: len(p.parts))
    return manifests[0].parent if manifests else None


def verify_folder(folder: Path, *, case_dir: Path | None = None, shown: str = "",
                  extra: FolderCheck | None = None) -> list[Problem]:
    shown = shown or str(folder)
    manifest, problems = _read_manifest(folder, shown)
    if manifest is None:
        return problems
    pages: dict[str, int] = {}
    for entry in manifest.get("outputs", []):
        problems += _check_output(folder, entry, pages)
    problems += check_page_twins(manifest.get("outputs", []), pages)
    problems += _unlisted(folder, manifest)
    if BUNDLE in pages:
        problems += check_exhibit_stamps(folder / BUNDLE, manifest.get("exhibits", []), pages[BUNDLE])
    elif manifest.get("volumes"):
        problems += check_volumes(folder, manifest, pages)
    if case_dir is not None:
        problems += _check_inputs(case_dir, manifest.get("inputs", []))
    if extra is not None:
        problems += extra(folder, manifest)
    return problems


def _read_manifest(folder: Path, shown: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    path = folder / MANIFEST
    if not path.is_file():
        inside = sorted(p.parent.name for p in folder.glob(f"*/{MANIFEST}"))
        hint = (_("give the built case folder itself, e.g. {path}", path=folder / inside[0]) if inside
                else _("give the OUT/CASE_ID folder that build made, or build the case again"))
        return None, [error("manifest_missing", _("no manifest.json"), Location(shown), hint)]
    try:
        data = json.loads(read_limited(path, MANIFEST_MAX_BYTES).decode("utf-8"))
    except FileTooLarge as exc:
        return None, [error("manifest_invalid", _("manifest.json has {size} bytes, more than the limit of {limit}",
                                                  size=format(exc.size, ","), limit=format(MANIFEST_MAX_BYTES, ",")),
                            Location(MANIFEST), _("build the case again"))]
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        return None, [error("manifest_invalid", _("manifest.json is not valid JSON ({why})", why=str(exc)[:200]),
                            Location(MANIFEST), _("build the case again"))]
    problem = manifest_shape_problem(data)
    if problem:
        return None, [error("manifest_invalid", problem, Location(MANIFEST), _("build the case again"))]
    return data, []


_MANIFEST_LISTS = ("inputs", "outputs", "exhibits")


def manifest_shape_problem(data: Any) -> str | None:
    """What is wrong with the shape of a manifest (an object with the DESIGN §5 keys, lists of objects), or None.

    The answer is a sentence about manifest.json, in the current language.
    """
    if not isinstance(data, dict):
        return _("manifest.json is {kind}, not an object", kind=_json_kind(data))
    missing = [k for k in ("case_id", "created", "tool_version", *_MANIFEST_LISTS) if k not in data]
    if missing:
        return _("manifest.json lacks {keys}", keys=", ".join(missing))
    for key in _MANIFEST_LISTS:
        items = data[key]
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            return _("manifest.json '{key}' is not a list of objects", key=key)
    for item in data["outputs"]:
        if not isinstance(item.get("path"), str) or not isinstance(item.get("bytes"), int) \
                or not isinstance(item.get("sha256"), str):
            return _("manifest.json has an output without a text path, a whole number of bytes and a text sha256")
    return None


JSON_KINDS = {list: N_("a list"), str: N_("a text"), bool: N_("true or false"), int: N_("a number"),
              float: N_("a number"), type(None): N_("null")}
"""What a manifest.json can hold instead of an object, in words."""


def _json_kind(data: Any) -> str:
    kind = JSON_KINDS.get(type(data))
    return translate(kind) if kind else type(data).__name__


def _check_output(folder: Path, entry: dict[str, Any], pages: dict[str, int]) -> list[Problem]:
    rel = str(entry.get("path", ""))
    path = folder / PurePosixPath(rel)
    loc = Location(rel)
    if PurePosixPath(rel).is_absolute() or ".." in PurePosixPath(rel).parts:
        return [error("manifest_invalid", _("an output path points outside the built folder"), loc,
                      _("the manifest was altered; build the case again"))]
    if not rel or not (path.exists() or path.is_symlink()):
        return [error("output_missing", _("an output listed in the manifest is missing"), loc,
                      _("build the case again"))]
    if path.is_symlink() or not path.is_file():
        return [error("output_not_regular", _("an output is a link, a folder or a special file, not a regular file"),
                      loc, _("the folder was altered after the build; build the case again"))]
    if path.stat().st_size != entry.get("bytes"):
        return [error("output_changed", _("size is {size} bytes, the manifest says {listed}",
                                          size=path.stat().st_size, listed=entry.get("bytes")),
                      loc, _("the file was changed after the build; build the case again"))]
    if sha256_file(path, limit=int(entry["bytes"])) != entry.get("sha256"):
        return [error("output_changed", _("SHA-256 differs from the manifest"), loc,
                      _("the file was changed after the build; build the case again"))]
    if rel.endswith(".pdf"):
        return _check_pages(path, entry, pages, loc)
    if rel.endswith(".docx"):
        return _check_docx_pages(path, entry, loc)
    return []


def _check_docx_pages(path: Path, entry: dict[str, Any], loc: Location) -> list[Problem]:
    """The page count a DOCX states (docProps/app.xml) is the manifest's; a DOCX that states none is not checked."""
    from evidence_kit.filings.readback import docx_pages

    try:
        stated = docx_pages(path)
    except ValueError as exc:
        return [error("output_unreadable", _("the DOCX's page count cannot be read: {why}", why=exc), loc,
                      _("build the case again"))]
    if stated is not None and entry.get("pages") not in (None, stated):
        return [error("page_count", _("the DOCX states {stated} pages (docProps/app.xml), the manifest says {pages}",
                                      stated=stated, pages=entry.get("pages")), loc, _("build the case again"))]
    return []


def check_page_twins(outputs: list[dict[str, Any]], pages: dict[str, int]) -> list[Problem]:
    """An output whose page count comes from another (``pages_from``: a DOCX filing's PDF) has that one's count."""
    problems = []
    listed = {entry.get("path") for entry in outputs}
    for entry in outputs:
        twin = entry.get("pages_from")
        if twin is None or (twin in listed and twin not in pages):  # a listed PDF that failed has its own problem
            continue
        if not isinstance(twin, str) or twin not in pages:
            problems.append(error("manifest_invalid", _("{output}: pages_from names {twin}, which is not a PDF output "
                                                        "of the manifest", output=entry.get("path"), twin=repr(twin)),
                                  Location(MANIFEST), _("build the case again")))
        elif entry.get("pages") != pages[twin]:
            problems.append(error("page_count", _("the manifest gives {pages} pages, its PDF twin {twin} has {count}",
                                                  pages=entry.get("pages"), twin=twin, count=pages[twin]),
                                  Location(str(entry.get("path"))), _("build the case again")))
    return problems


def _check_pages(path: Path, entry: dict[str, Any], pages: dict[str, int], loc: Location) -> list[Problem]:
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            count = len(pdf.pages)
    except pikepdf.PdfError as exc:
        return [error("output_unreadable", _("cannot be opened as PDF ({why})", why=exc), loc,
                      _("build the case again"))]
    pages[str(entry["path"])] = count
    if entry.get("pages") not in (None, count):
        return [error("page_count", _("has {count} pages, the manifest says {listed}", count=count,
                                      listed=entry.get("pages")), loc, _("build the case again"))]
    return []


def _unlisted(folder: Path, manifest: dict[str, Any]) -> list[Problem]:
    listed = {str(e.get("path")) for e in manifest.get("outputs", [])} | {MANIFEST}
    extra = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    return [warning("output_unlisted", _("a file not listed in the manifest"), Location(rel),
                    _("remove it, or build the case again")) for rel in extra if rel not in listed]


def check_exhibit_stamps(bundle: Path, exhibits: list[dict[str, Any]], page_count: int) -> list[Problem]:
    """Each exhibit's first and last pages carry its own stamp, at the manifest's page numbers."""
    import pikepdf

    from evidence_kit.bundle.stamp import STAMP_RE, StampReader

    reader = StampReader()
    problems: list[Problem] = []
    with pikepdf.open(bundle) as pdf:
        for item in exhibits:
            no, first, last = item.get("no"), item.get("first_page"), item.get("last_page")
            loc = Location(BUNDLE, first if isinstance(first, int) else None)
            if not (isinstance(first, int) and isinstance(last, int) and 1 <= first <= last <= page_count):
                message = _("exhibit {number}: pages {first}–{last} are outside the bundle", number=no, first=first,
                            last=last)
                problems.append(error("exhibit_range", message, loc, _("build the case again")))
                continue
            for page in (first, last):
                stamp = reader.read(pdf.pages[page - 1])
                found = STAMP_RE.match(stamp or "")
                if not found or int(found.group("page")) != page or not belongs_to(found.group("mark"), no):
                    message = _("page {page} is stamped {stamp!r}, expected 证据{number}", page=page, stamp=stamp,
                                number=no)
                    problems.append(error("stamp_mismatch", message, Location(BUNDLE, page), _("build the case again")))
    return problems


def belongs_to(mark: str | None, no: object) -> bool:
    """Whether a stamp's exhibit mark (证据3, 证据3-2) belongs to exhibit ``no``."""
    return mark is not None and (mark == f"证据{no}" or mark.startswith(f"证据{no}-"))


def _check_inputs(case_dir: Path, inputs: list[dict[str, Any]]) -> list[Problem]:
    problems = []
    for entry in inputs:
        rel = str(entry.get("path"))
        path = case_dir / rel
        size = entry.get("bytes")
        if PurePosixPath(rel).is_absolute() or ".." in PurePosixPath(rel).parts or not isinstance(size, int):
            problems.append(error("manifest_invalid", _("an input path points outside the case folder, or has no size"),
                                  Location(rel), _("the manifest was altered; build the case again")))
        elif not path.is_file():
            problems.append(warning("input_missing", _("an input of the build is no longer in the case folder"),
                                    Location(rel), _("the case folder changed since the build")))
        elif path.stat().st_size != size or sha256_file(path, limit=size) != entry.get("sha256"):
            problems.append(error("input_changed", _("the input changed since the build"), Location(rel),
                                  _("build the case again so the bundle matches its inputs")))
    return problems


# --------------------------------------------------------------------------- volumes


def check_volumes(folder: Path, manifest: dict[str, Any], pages: dict[str, int]) -> list[Problem]:
    """A bundle cut into volumes: they are outputs, follow one another from page 1, hold their
    pages, and the stamps at each volume's and each exhibit's first and last pages are right."""
    volumes = manifest.get("volumes")
    if not isinstance(volumes, list) or not all(isinstance(v, dict) for v in volumes):
        return [error("manifest_invalid", _("volumes is not a list of objects"), Location(MANIFEST),
                      _("build the case again"))]
    listed = {str(e.get("path")) for e in manifest.get("outputs", [])}
    problems: list[Problem] = []
    expected_first = 1
    for volume in volumes:
        path, first, last = str(volume.get("path")), volume.get("first_page"), volume.get("last_page")
        if path not in listed or not isinstance(first, int) or not isinstance(last, int) or first != expected_first:
            message = _("volume {file}: pages {first}–{last} do not follow the previous volume, or it is not an "
                        "output", file=path, first=first, last=last)
            problems.append(error("volume_range", message, Location(MANIFEST), _("build the case again")))
            return problems
        if path in pages and pages[path] != last - first + 1:
            problems.append(error("page_count", _("has {count} pages, the manifest says pages {first}–{last}",
                                                  count=pages[path], first=first, last=last),
                                  Location(path), _("build the case again")))
        expected_first = last + 1
    return problems + _volume_stamps(folder, volumes, manifest.get("exhibits", []), expected_first - 1)


def _volume_stamps(folder: Path, volumes: list[dict[str, Any]], exhibits: list[dict[str, Any]],
                   total: int) -> list[Problem]:
    import pikepdf

    from evidence_kit.bundle.stamp import STAMP_RE, StampReader

    reader = StampReader()
    wanted: dict[int, object] = {}  # bundle page → the exhibit it must belong to (None: only its number)
    for volume in volumes:
        wanted.setdefault(volume["first_page"], None)
        wanted.setdefault(volume["last_page"], None)
    for item in exhibits:
        for key in ("first_page", "last_page"):
            if isinstance(item.get(key), int):
                wanted[item[key]] = item.get("no")
    problems: list[Problem] = []
    for volume in volumes:
        path = str(volume["path"])
        inside = sorted(p for p in wanted if volume["first_page"] <= p <= volume["last_page"])
        try:
            with pikepdf.open(folder / path) as pdf:
                for page in inside:
                    stamp = reader.read(pdf.pages[page - volume["first_page"]])
                    found = STAMP_RE.match(stamp or "")
                    no = wanted[page]
                    if not found or int(found.group("page")) != page or int(found.group("total")) != total or \
                            (no is not None and not belongs_to(found.group("mark"), no)):
                        inner = page - volume["first_page"] + 1
                        message = _("page {page} is stamped {stamp!r}, expected bundle page {bundle_page} of {total}",
                                    page=inner, stamp=stamp, bundle_page=page, total=total)
                        problems.append(error("stamp_mismatch", message, Location(path, inner),
                                              _("build the case again")))
        except (pikepdf.PdfError, IndexError) as exc:
            problems.append(error("output_unreadable", _("cannot be read as the planned volume ({why})", why=exc),
                                  Location(path), _("build the case again")))
    return problems
