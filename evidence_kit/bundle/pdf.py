"""PDF exhibits: open (see case/pdf.py), strip active content, turn pages upright.

What never reaches the bundle: form fields (their printed appearance is flattened into
the page first), JavaScript, open actions, embedded files, links and other annotations.
Only page objects are copied into the bundle, so everything hanging off the source's
catalog (AcroForm, Names/JavaScript, EmbeddedFiles, OpenAction, outlines) is left
behind by construction; what hangs off the pages themselves is removed here.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from pathlib import Path

import pikepdf
from pikepdf import Name

from evidence_kit.case.pdf import damaged, open_pdf
from evidence_kit.errors import InputUnreadable

PAGE_KEYS_DROPPED = ("/Annots", "/AA", "/B", "/Thumb", "/PieceInfo")
MIN_TEXT_FOR_ORIENTATION = 20


def open_pdf_exhibit(path: Path, name: str, password: str | None) -> tuple[pikepdf.Pdf, list[str]]:
    """Open, repair and sanitise one PDF exhibit; ``name`` is how the user knows the file."""
    pdf, notes = open_pdf(path, name, password)
    try:
        if len(pdf.pages) == 0:
            raise InputUnreadable("this PDF has no pages", file=name,
                                  hint="export the document again; a PDF without pages cannot be an exhibit")
        notes += strip_active_content(pdf)
        notes += turn_pages_upright(pdf)
    except pikepdf.PdfError as exc:
        pdf.close()
        raise damaged(name, exc) from exc
    return pdf, notes


def strip_active_content(pdf: pikepdf.Pdf) -> list[str]:
    """Flatten printable annotations, then drop every other interactive part of the pages."""
    notes = _catalog_notes(pdf)
    before = _annotation_count(pdf)
    if before:
        _flatten(pdf)
    remaining = Counter(
        str(annot.get(Name.Subtype, "/Unknown"))[1:]
        for page in pdf.pages for annot in _annotations(page)
    )
    flattened = before - sum(remaining.values())
    if flattened > 0:
        notes.append(f"{flattened} form field(s)/annotation(s) flattened into the page")
    if remaining:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(remaining.items()))
        notes.append(f"annotations removed ({kinds})")
    for page in pdf.pages:
        for key in PAGE_KEYS_DROPPED:
            if key in page.obj:
                del page.obj[key]
    return notes


def _catalog_notes(pdf: pikepdf.Pdf) -> list[str]:
    root = pdf.Root
    names = root.get(Name.Names)
    notes = []
    if Name.AcroForm in root:
        notes.append("the interactive form was not carried over")
    has_js = isinstance(names, pikepdf.Dictionary) and Name.JavaScript in names
    open_action = root.get(Name.OpenAction)
    if has_js or _is_javascript(open_action) or Name.AA in root or _pages_have_scripts(pdf):
        notes.append("JavaScript removed")
    if open_action is not None:
        notes.append("open action removed")
    attachments = len(pdf.attachments)
    if attachments:
        notes.append(f"{attachments} embedded file(s) removed")
    return notes


def _is_javascript(action: object) -> bool:
    return isinstance(action, pikepdf.Dictionary) and action.get(Name.S) == Name.JavaScript


def _pages_have_scripts(pdf: pikepdf.Pdf) -> bool:
    """Page or annotation actions: triggers (/AA) or JavaScript actions (/A)."""
    for page in pdf.pages:
        if Name.AA in page.obj:
            return True
        if any(Name.AA in a or _is_javascript(a.get(Name.A)) for a in _annotations(page)):
            return True
    return False


def _annotations(page: pikepdf.Page) -> list[pikepdf.Dictionary]:
    annots = page.obj.get(Name.Annots)
    if not isinstance(annots, pikepdf.Array):
        return []
    return [a for a in annots if isinstance(a, pikepdf.Dictionary)]


def _annotation_count(pdf: pikepdf.Pdf) -> int:
    return sum(len(_annotations(page)) for page in pdf.pages)


def _flatten(pdf: pikepdf.Pdf) -> None:
    """Bake printable appearances (filled fields, stamps, signatures' looks) into the content."""
    acroform = pdf.Root.get(Name.AcroForm)
    if isinstance(acroform, pikepdf.Dictionary) and acroform.get(Name.NeedAppearances):
        with contextlib.suppress(pikepdf.PdfError):
            pdf.generate_appearance_streams()
    pdf.flatten_annotations("print")


# --------------------------------------------------------------------------- upright pages


def turn_pages_upright(pdf: pikepdf.Pdf) -> list[str]:
    """A page whose /Rotate shows its text sideways or upside down gets the rotation that shows it upright.

    Only pages with a /Rotate are examined (a wrong /Rotate is the usual cause); the text
    direction is measured from the content stream's text matrices. Pages without text
    (scans) are left as they are.
    """
    turned = []
    for number, page in enumerate(pdf.pages, start=1):
        try:
            rotate = int(page.obj.get(Name.Rotate, 0)) % 360
        except (TypeError, ValueError):
            continue
        if rotate == 0:
            continue
        direction = text_direction(page)
        if direction is not None and direction != rotate:
            page.obj.Rotate = direction
            turned.append(number)
    if not turned:
        return []
    return [f"page(s) {', '.join(map(str, turned))} turned so that their text reads upright"]


Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _matrix(operands: object) -> Matrix:
    a, b, c, d, e, f = (float(v) for v in operands)  # type: ignore[attr-defined]
    return (a, b, c, d, e, f)


def text_direction(page: pikepdf.Page) -> int | None:
    """The clockwise /Rotate that shows the page's dominant text upright, or None when unclear."""
    counts: Counter[int] = Counter()
    try:
        instructions = pikepdf.parse_content_stream(page)
    except (pikepdf.PdfError, pikepdf.PdfParsingError):
        return None
    ctm: Matrix = _IDENTITY
    tm: Matrix = _IDENTITY
    stack: list[Matrix] = []
    for instruction in instructions:
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue
        operands, operator = instruction.operands, str(instruction.operator)
        if operator == "q":
            stack.append(ctm)
        elif operator == "Q":
            ctm = stack.pop() if stack else _IDENTITY
        elif operator == "cm" and len(operands) == 6:
            ctm = _times(_matrix(operands), ctm)
        elif operator == "BT":
            tm = _IDENTITY
        elif operator == "Tm" and len(operands) == 6:
            tm = _matrix(operands)
        elif operator in ("Tj", "TJ", "'", '"'):
            counts[_angle(_times(tm, ctm))] += _shown_bytes(list(operands))
    return _dominant(counts)


def _times(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _angle(m: Matrix) -> int:
    """Counter-clockwise angle of the text baseline in user space, to the nearest quarter turn."""
    a, b = m[0], m[1]
    if abs(a) >= abs(b):
        return 0 if a >= 0 else 180
    return 90 if b > 0 else 270


def _shown_bytes(operands: list[object]) -> int:
    total = 0
    for operand in operands:
        if isinstance(operand, pikepdf.String):
            total += len(bytes(operand))
        elif isinstance(operand, pikepdf.Array):
            total += sum(len(bytes(s)) for s in operand if isinstance(s, pikepdf.String))
    return total


def _dominant(counts: Counter[int]) -> int | None:
    total = sum(counts.values())
    if total < MIN_TEXT_FOR_ORIENTATION:
        return None
    angle, count = counts.most_common(1)[0]
    if count < 0.75 * total:
        return None
    return angle  # text at ccw angle θ reads upright when the page turns θ clockwise
