"""Exhibit files: present, inside the case folder, of the type their content says, readable."""

from __future__ import annotations

from collections import Counter, deque
from pathlib import Path
from typing import TYPE_CHECKING

from evidence_kit.case.audio import audio_duration
from evidence_kit.case.files import kind_of
from evidence_kit.case.model import Case, Exhibit
from evidence_kit.case.paths import special_file_kind, unsafe_reason
from evidence_kit.case.sniff import AUDIO_TYPES, EXHIBIT_TYPES, PDF, extension_type, sniff
from evidence_kit.errors import describe_os_error
from evidence_kit.i18n import _
from evidence_kit.problems import Location, Problem, error, warning

if TYPE_CHECKING:
    from evidence_kit.case.pdf import OpenedPdf, PdfRefused

UNREADABLE_CODES = frozenset({
    "exhibit_empty", "exhibit_type_unknown", "exhibit_type_mismatch", "exhibit_encrypted",
    "exhibit_wrong_password", "exhibit_unreadable", "exhibit_no_pages", "exhibit_damaged", "exhibit_not_regular",
})
"""Codes of exhibits that exist but cannot be read as what they claim to be (exit 5 in a build)."""


PDFS_PENDING = 16
"""PDF exhibits kept open while their JPEG images are decoded, so that checking the next ones goes on meanwhile."""


def exhibit_problems(case: Case) -> list[Problem]:
    found: list[list[Problem] | PendingPdf] = []
    waiting: deque[PendingPdf] = deque()
    for exhibit in case.exhibits:
        result = _one(case, exhibit)
        found.append(result)
        if isinstance(result, PendingPdf):
            waiting.append(result)
            if len(waiting) > PDFS_PENDING:
                waiting.popleft().problems()
    problems = [p for result in found for p in (result.problems() if isinstance(result, PendingPdf) else result)]
    counts = Counter(e.file for e in case.exhibits)
    for exhibit in case.exhibits:
        if counts[exhibit.file] > 1 and exhibit is _first(case, exhibit.file):
            problems.append(warning("exhibit_repeated", _("{file} is listed {count} times", file=exhibit.file,
                                                          count=counts[exhibit.file]),
                                    _loc(case, exhibit, "file"), _("list each file once unless it really proves two things")))
    return problems


def _first(case: Case, file: str) -> Exhibit:
    return next(e for e in case.exhibits if e.file == file)


def _loc(case: Case, exhibit: Exhibit, key: str) -> Location:
    return case.yaml_loc(f"exhibits.{exhibit.no - 1}.{key}")


def _one(case: Case, exhibit: Exhibit) -> list[Problem] | PendingPdf:
    name = _("exhibit {number} ({file})", number=exhibit.no, file=exhibit.file)
    try:
        return _one_file(case, exhibit, name)
    except OSError as exc:
        return [error("exhibit_unreadable", _("{name} cannot be read: {why}", name=name, why=describe_os_error(exc)),
                      _loc(case, exhibit, "file"), _("make it a regular file readable by this user"))]


def _one_file(case: Case, exhibit: Exhibit, name: str) -> list[Problem] | PendingPdf:
    root = case.root
    key = f"exhibits.{exhibit.no - 1}.file"
    reason = unsafe_reason(root, exhibit.file)
    if reason:
        return [error("path_unsafe", _("{key}: {file} {reason}", key=key, file=exhibit.file, reason=reason),
                      _loc(case, exhibit, "file"),
                      _("name a file inside the case folder, relative to it (e.g. exhibits/contract.pdf)"))]
    special = special_file_kind(exhibit.path)
    if special:
        return [error("exhibit_not_regular", _("{key}: {name} is a {kind}, not a regular file", key=key, name=name,
                                               kind=special),
                      _loc(case, exhibit, "file"), _("point case.yaml at the document itself"))]
    path = exhibit.path.resolve()
    if not path.is_relative_to(root):
        return [error("exhibit_outside_case", _("{name} is outside the case folder", name=name),
                      _loc(case, exhibit, "file"),
                      _("copy the file into the case folder (e.g. exhibits/) and refer to it there"))]
    if path.exists() and not path.is_file():
        return [error("exhibit_unreadable", _("{name} is {kind}, not a regular file", name=name,
                                              kind=kind_of(path.stat().st_mode)),
                      _loc(case, exhibit, "file"), _("name the exhibit's file itself"))]
    if not path.is_file():
        return [error("exhibit_missing", _("{name} does not exist", name=name), _loc(case, exhibit, "file"),
                      _("check the file name, or add the file under the case folder"))]
    if path.stat().st_size == 0:
        return [error("exhibit_empty", _("{name} is an empty file (0 bytes)", name=name), _loc(case, exhibit, "file"),
                      _("copy the file again from its source"))]
    kind = sniff(path)
    if kind not in EXHIBIT_TYPES:
        return [error("exhibit_type_unknown", _("{name} is not a PDF, JPEG, PNG, TIFF or audio recording by its content",
                                                name=name),
                      _loc(case, exhibit, "file"),
                      _("convert it to PDF, or save it as JPEG/PNG/TIFF (a phone's HEIC photo: export it as JPEG)"))]
    named = extension_type(path)
    if named is not None and named != kind:
        return [error("exhibit_type_mismatch", _("{name} is named as {named} but its content is {kind}", name=name,
                                                 named=named.upper(), kind=kind.upper()),
                      _loc(case, exhibit, "file"),
                      _("rename it with the right extension (its content is {kind})", kind=kind.upper()))]
    if kind == PDF:
        return _pdf_problems(case, path, exhibit, name)
    if kind in AUDIO_TYPES and audio_duration(path, kind) is None:
        return [warning("recording_unreadable", _("{name}: the recording's length cannot be read; it may be damaged",
                                                  name=name),
                        _loc(case, exhibit, "file"),
                        _("play it once; export it again from the recording system if it fails"))]
    return []


def _pdf_problems(case: Case, path: Path, exhibit: Exhibit, name: str) -> list[Problem] | PendingPdf:
    """The exhibit opened, repaired and checked exactly as ``build`` will; what it finds, as problems.

    While its JPEG images are still being decoded (in worker processes) the answer is a
    :class:`PendingPdf`: the other exhibits are checked meanwhile.
    """
    from evidence_kit.case.pdf import PdfRefused, open_pdf

    try:
        opened = open_pdf(path, exhibit.file, exhibit.password)
    except PdfRefused as exc:
        return _refused(case, exhibit, name, exc)
    pending = PendingPdf(case, exhibit, name, opened)
    return pending if opened.pending is not None else pending.problems()


class PendingPdf:
    """A PDF exhibit whose JPEG images are being decoded; :meth:`problems` waits for them (once)."""

    def __init__(self, case: Case, exhibit: Exhibit, name: str, opened: OpenedPdf) -> None:
        self.case, self.exhibit, self.name = case, exhibit, name
        self.opened: OpenedPdf | None = opened
        self.found: list[Problem] = []

    def problems(self) -> list[Problem]:
        from evidence_kit.case.pdf import PdfRefused

        if self.opened is None:
            return self.found
        opened, self.opened = self.opened, None
        case, exhibit = self.case, self.exhibit
        try:
            with opened.pdf:
                opened.finish()
        except PdfRefused as exc:
            self.found = _refused(case, exhibit, self.name, exc)
            return self.found
        self.found = [warning(f.code, _("{name} {finding}", name=self.name, finding=f.message),
                              _loc(case, exhibit, f.key), f.hint) for f in opened.findings]
        return self.found


def _refused(case: Case, exhibit: Exhibit, name: str, exc: PdfRefused) -> list[Problem]:
    key = "password" if exc.code == "exhibit_wrong_password" else "file"
    return [error(exc.code, _("{name}: {problem}", name=name, problem=exc.message), _loc(case, exhibit, key), exc.hint)]


FONTS_NAMED = 5
"""How many of an exhibit's unembedded fonts its problem names (the count says how many more)."""


def pdfa_font_problems(case: Case, profile: str = "court") -> list[Problem]:
    """What ``build --pdfa`` needs of the PDF exhibits: every font they draw with embedded (PDF/A-3b)."""
    return [p for exhibit in case.exhibits for p in exhibit_font_problems(case, exhibit, profile)]


def exhibit_font_problems(case: Case, exhibit: Exhibit, profile: str = "court") -> list[Problem]:
    """The exhibit's fonts that are not embedded, as one error; nothing for an exhibit that is not a readable PDF
    (its own check says why) or that the profile replaces by a placeholder page."""
    import pikepdf

    from evidence_kit.case.fonts import unembedded_fonts

    path = exhibit.path
    if (profile == "collector" and exhibit.sensitive) or not path.is_file() or sniff(path) != PDF:
        return []
    try:
        with pikepdf.open(path, password=exhibit.password or "") as pdf:
            missing = unembedded_fonts(pdf)
    except (pikepdf.PasswordError, pikepdf.PdfError, OSError, ValueError, RuntimeError):
        return []
    if not missing:
        return []
    names = list(missing)
    fonts = ", ".join(names[:FONTS_NAMED])
    if len(names) > FONTS_NAMED:
        fonts = _("{fonts} and {count} more", fonts=fonts, count=len(names) - FONTS_NAMED)
    return [error("exhibit_font_not_embedded",
                  _("exhibit {number} ({file}) draws with fonts it does not embed ({fonts}; first on its page "
                    "{page}); a PDF/A bundle must carry every font", number=exhibit.no, file=exhibit.file,
                    fonts=fonts, page=min(missing.values())),
                  _loc(case, exhibit, "file"),
                  _("obtain a copy with its fonts embedded (export or print it to PDF again with font embedding on, "
                    "or as PDF/A, or scan the paper original), or build without --pdfa"))]
