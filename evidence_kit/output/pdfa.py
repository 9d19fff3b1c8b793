"""PDF/A-3b (``build --pdfa``): long-term archiving form of a built PDF, with the manifest attached.

:func:`make_pdfa` turns a PDF the tool wrote into PDF/A-3b, in place:

* XMP metadata (``pdfaid:part`` 3, ``conformance`` B, title, creator tool, dates from
  ``SOURCE_DATE_EPOCH``) in step with the document information dictionary;
* an sRGB output intent (the ICC profile comes from LittleCMS through Pillow, its creation
  date fixed so that builds stay byte-identical);
* every annotation printable, no action that runs or launches anything;
* manifest.json attached as an associated file (``/AF``, ``AFRelationship /Data``). The
  attached manifest describes what the PDF was built from — case, inputs, exhibits,
  profile, epoch — and lists no outputs, since a file cannot hold its own hash.

:func:`pdfa_problems` checks the rules that can be read from the file (OutputIntent,
embedded fonts, XMP, no encryption, no JavaScript, the attachment); it is what tests and
``verify`` use where veraPDF is not available (it is not packaged for Debian or PyPI).
Filings plug in by calling :func:`make_pdfa` on each PDF they write.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Iterator
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name

from evidence_kit.case.fonts import unembedded_fonts
from evidence_kit.i18n import N_, _, translate
from evidence_kit.problems import Location, Problem, error

ATTACHED_MANIFEST = "manifest.json"
ICC_DATE = struct.pack(">6H", 2000, 1, 1, 0, 0, 0)
"""The ICC header's creation date, fixed: LittleCMS writes the current time there."""
PRINT_FLAG = 4
PDFA_HINT = N_("build again with --pdfa; report this if it persists")


@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = ICC_DATE
    return bytes(data)


def make_pdfa(path: Path, *, title: str, creator: str, created: datetime, attachment: dict[str, Any]) -> None:
    """Rewrite the PDF at ``path`` as PDF/A-3b with ``attachment`` as manifest.json."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        add_output_intent(pdf)
        printable_annotations(pdf)
        attach_manifest(pdf, json.dumps(attachment, ensure_ascii=False, sort_keys=True, indent=2).encode("utf-8"),
                        created)
        write_metadata(pdf, title=title, creator=creator, created=created)
        pdf.save(path, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 deterministic_id=True)


def add_output_intent(pdf: pikepdf.Pdf) -> None:
    profile = pdf.make_stream(srgb_profile())
    profile.N = 3
    pdf.Root.OutputIntents = Array([Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFA1, OutputConditionIdentifier=pikepdf.String("sRGB"),
        Info=pikepdf.String("sRGB IEC61966-2.1"), DestOutputProfile=profile,
    )])


def printable_annotations(pdf: pikepdf.Pdf) -> None:
    """PDF/A: every annotation prints (flag 4) and carries no additional actions."""
    for page in pdf.pages:
        for annot in page.obj.get(Name.Annots, Array()):
            if isinstance(annot, pikepdf.Dictionary):
                annot.F = PRINT_FLAG
                if Name.AA in annot:
                    del annot[Name.AA]


def attach_manifest(pdf: pikepdf.Pdf, data: bytes, created: datetime) -> None:
    stamp = pikepdf.String(_pdf_date(created))
    stream = pdf.make_stream(data)
    stream.Type = Name.EmbeddedFile
    stream.Subtype = Name("/application#2Fjson")
    stream.Params = Dictionary(Size=len(data), ModDate=stamp)
    spec = pdf.make_indirect(Dictionary(
        Type=Name.Filespec, F=pikepdf.String(ATTACHED_MANIFEST), UF=pikepdf.String(ATTACHED_MANIFEST),
        Desc=pikepdf.String("evidence-kit manifest: the case, inputs and exhibits this bundle was built from"),
        AFRelationship=Name.Data, EF=Dictionary(F=stream, UF=stream),
    ))
    names = pdf.Root.get(Name.Names)
    if not isinstance(names, pikepdf.Dictionary):
        names = pdf.Root.Names = Dictionary()
    names.EmbeddedFiles = Dictionary(Names=Array([pikepdf.String(ATTACHED_MANIFEST), spec]))
    pdf.Root.AF = Array([spec])


def write_metadata(pdf: pikepdf.Pdf, *, title: str, creator: str, created: datetime) -> None:
    when = created.isoformat(timespec="seconds")
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=True) as meta:
        meta["pdfaid:part"] = "3"
        meta["pdfaid:conformance"] = "B"
        meta["dc:title"] = title
        meta["xmp:CreatorTool"] = creator
        meta["pdf:Producer"] = creator
        meta["xmp:CreateDate"] = when
        meta["xmp:ModifyDate"] = when
        meta["xmp:MetadataDate"] = when


def _pdf_date(moment: datetime) -> str:
    offset = moment.strftime("%z") or "+0000"
    return moment.strftime("D:%Y%m%d%H%M%S") + f"{offset[:3]}'{offset[3:]}'"


# --------------------------------------------------------------------------- checking


def pdfa_problems(path: Path, shown: str) -> list[Problem]:
    """The PDF/A-3b rules readable from the file; each broken rule is one problem located at ``shown``.

    The rules below yield what is wrong in words of the current language, each a clause
    that completes "not PDF/A-3b: …".
    """
    try:
        with pikepdf.open(path) as pdf:
            found = [*_catalog_problems(pdf), *_font_problems(pdf)]
    except pikepdf.PasswordError:
        found = [_("it is encrypted")]
    except pikepdf.PdfError as exc:
        found = [_("it cannot be read ({why})", why=exc)]
    return [error("pdfa_invalid", _("not PDF/A-3b: {reason}", reason=what), Location(shown), translate(PDFA_HINT))
            for what in found]


def _catalog_problems(pdf: pikepdf.Pdf) -> Iterator[str]:
    if pdf.is_encrypted or Name.Encrypt in pdf.trailer:
        yield _("it is encrypted")
    meta = pdf.open_metadata()
    if (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) != ("3", "B"):
        yield _("no XMP metadata declaring PDF/A-3b")
    intents = pdf.Root.get(Name.OutputIntents, Array())
    if not any(isinstance(i, pikepdf.Dictionary) and i.get(Name.S) == Name.GTS_PDFA1
               and isinstance(i.get(Name.DestOutputProfile), pikepdf.Stream) for i in intents):
        yield _("no PDF/A output intent with an ICC profile")
    names = pdf.Root.get(Name.Names, Dictionary())
    if Name.JavaScript in names or _has_javascript(pdf):
        yield _("it holds JavaScript")
    if ATTACHED_MANIFEST not in attachments(pdf):
        yield _("manifest.json is not attached as an associated file")


def _has_javascript(pdf: pikepdf.Pdf) -> bool:
    action = pdf.Root.get(Name.OpenAction)
    if isinstance(action, pikepdf.Dictionary) and action.get(Name.S) in (Name.JavaScript, Name.Launch):
        return True
    if Name.AA in pdf.Root:
        return True
    for page in pdf.pages:
        if Name.AA in page.obj:
            return True
        for annot in page.obj.get(Name.Annots, Array()):
            act = annot.get(Name.A) if isinstance(annot, pikepdf.Dictionary) else None
            if isinstance(act, pikepdf.Dictionary) and act.get(Name.S) in (Name.JavaScript, Name.Launch):
                return True
    return False


def attachments(pdf: pikepdf.Pdf) -> dict[str, bytes]:
    """Files attached as associated files of the document (/AF with /EF), by name."""
    found = {}
    for spec in pdf.Root.get(Name.AF, Array()):
        if not isinstance(spec, pikepdf.Dictionary) or Name.AFRelationship not in spec:
            continue
        stream = spec.get(Name.EF, Dictionary()).get(Name.F)
        if isinstance(stream, pikepdf.Stream):
            found[str(spec.get(Name.UF, spec.get(Name.F, "")))] = stream.read_bytes()
    return found


def _font_problems(pdf: pikepdf.Pdf) -> Iterator[str]:
    for name, number in sorted(unembedded_fonts(pdf).items(), key=lambda kv: kv[1]):
        yield _("font {font} is not embedded (first used on page {page})", font=name, page=number)
