"""Which fonts a PDF draws with but does not carry (PDF/A requires every font embedded)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name


def unembedded_fonts(pdf: pikepdf.Pdf) -> dict[str, int]:
    """Each font the pages use without embedding it, with the first page (1-based) that uses it.

    Looked for in each page's resources, the Form XObjects they draw (at any depth), the
    appearances of the page's annotations (which flattening draws into the page) and, in a
    form that leaves drawing to the viewer (``/NeedAppearances``), the form's fonts its
    fields name.
    """
    missing: dict[str, int] = {}
    seen: set[tuple[int, int]] = set()
    acroform = pdf.Root.get(Name.AcroForm)
    form_fonts = None
    if isinstance(acroform, Dictionary) and acroform.get(Name.NeedAppearances):
        resources = acroform.get(Name.DR)
        form_fonts = resources.get(Name.Font) if isinstance(resources, Dictionary) else None
    for number, page in enumerate(pdf.pages, start=1):
        for name in _unembedded(page.obj.get(Name.Resources), seen):
            missing.setdefault(name, number)
        for annotation in page.obj.get(Name.Annots, Array()):
            if not isinstance(annotation, Dictionary):
                continue
            for appearance in _appearances(annotation):
                for name in _unembedded(appearance.get(Name.Resources), seen):
                    missing.setdefault(name, number)
            if isinstance(form_fonts, Dictionary) and annotation.get(Name.Subtype) == Name.Widget:
                for name in _unembedded(Dictionary(Font=form_fonts), seen):
                    missing.setdefault(name, number)
    return missing


def _appearances(annotation: Dictionary) -> Iterator[pikepdf.Stream]:
    normal = annotation.get(Name.AP, Dictionary()).get(Name.N) if isinstance(annotation.get(Name.AP),
                                                                             Dictionary) else None
    if isinstance(normal, pikepdf.Stream):
        yield normal
    elif isinstance(normal, Dictionary):
        yield from (s for s in normal.values() if isinstance(s, pikepdf.Stream))


def _unembedded(resources: Any, seen: set[tuple[int, int]]) -> Iterator[str]:
    if not isinstance(resources, Dictionary):
        return
    fonts = resources.get(Name.Font, Dictionary())
    for font in fonts.values() if isinstance(fonts, Dictionary) else ():
        if not isinstance(font, Dictionary) or (font.is_indirect and font.objgen in seen):
            continue
        if font.is_indirect:
            seen.add(font.objgen)
        if not embedded(font):
            yield str(font.get(Name.BaseFont, "?")).lstrip("/")
    xobjects = resources.get(Name.XObject, Dictionary())
    for xobject in xobjects.values() if isinstance(xobjects, Dictionary) else ():
        if isinstance(xobject, pikepdf.Stream) and xobject.get(Name.Subtype) == Name.Form and xobject.objgen not in seen:
            seen.add(xobject.objgen)
            yield from _unembedded(xobject.get(Name.Resources), seen)


def embedded(font: Dictionary) -> bool:
    """Whether the font's program is in the file (a Type 3 font is drawn by the file itself)."""
    if font.get(Name.Subtype) == Name.Type3:
        return True
    if font.get(Name.Subtype) == Name.Type0:
        descendants = font.get(Name.DescendantFonts, Array())
        return isinstance(descendants, Array) and all(isinstance(d, Dictionary) and embedded(d) for d in descendants)
    descriptor = font.get(Name.FontDescriptor)
    return isinstance(descriptor, Dictionary) and any(
        key in descriptor for key in (Name.FontFile, Name.FontFile2, Name.FontFile3))
