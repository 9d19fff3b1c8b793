"""PDF exhibits: open (see case/pdf.py), strip active content, turn pages upright.

What never reaches the bundle: form fields (their printed appearance is flattened into
the page first), JavaScript, actions, embedded files, links and other annotations. Only
page objects are copied into the bundle, so everything hanging off the source's catalog
(AcroForm, Names/JavaScript, EmbeddedFiles, OpenAction, outlines) is left behind by
construction, and counted in the notes when it was there; what hangs off the pages is
removed here by walking each page's whole object graph, whatever key holds it.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Name

from evidence_kit.bundle.forms import draw_fields_as_viewers_do
from evidence_kit.case.pdf import OpenedPdf, captured_warnings, damaged, open_pdf, reader_warning
from evidence_kit.i18n import N_, _, translate

PAGE_KEYS_DROPPED = ("/Annots", "/AA", "/B", "/Thumb", "/PieceInfo")
MIN_TEXT_FOR_ORIENTATION = 20
"""Bytes of shown text (page and Form XObjects together) below which a page's direction is not judged."""
MAX_FORM_DEPTH = 8
"""How deep Form XObjects inside Form XObjects are followed when measuring text direction."""


def open_pdf_exhibit(path: Path, name: str, password: str | None) -> tuple[pikepdf.Pdf, list[str]]:
    """Open, repair, check and sanitise one PDF exhibit; ``name`` is how the user knows the file."""
    opened = prepare_pdf(path, name, password)
    try:
        opened.notes += [f.message for f in opened.finish()]
    except BaseException:
        opened.pdf.close()
        raise
    return opened.pdf, opened.notes


def prepare_pdf(path: Path, name: str, password: str | None) -> OpenedPdf:
    """:func:`open_pdf_exhibit`, with the structural check still running in worker processes.

    ``notes`` then hold the messages of the findings made so far; ``finish()`` waits for the
    check (and may refuse the file), after which ``nesting`` holds the pages' q/Q nesting
    the check measured, unless flattening changed their content.
    """
    opened = open_pdf(path, name, password)
    pdf = opened.pdf
    opened.notes[:0] = [f.message for f in opened.findings]
    try:
        with captured_warnings() as caught:
            if any(Name.Annots in page.obj for page in pdf.pages) and _annotation_count(pdf):
                opened.content_changed = True  # flattening adds content: the stamper measures the pages again
            opened.notes += strip_active_content(pdf)
            opened.notes += turn_pages_upright(pdf)
    except pikepdf.PdfError as exc:
        pdf.close()
        raise damaged(name, exc) from exc
    opened.notes += [reader_warning(text, path, name).message for text in caught]
    return opened


# --------------------------------------------------------------------------- active content


@dataclass
class Removed:
    """What was taken out of one exhibit, counted by kind."""

    counts: Counter[str] = field(default_factory=Counter)
    files: list[str] = field(default_factory=list)

    def notes(self) -> list[str]:
        notes = [translate(REMOVED_NOTES[kind]).format(count=n) for kind, n in sorted(self.counts.items())
                 if kind in REMOVED_NOTES and n]
        if self.files:
            shown = ", ".join(self.files[:5])
            if len(self.files) > 5:
                shown = _("{files} and {count} more", files=shown, count=len(self.files) - 5)
            notes.append(_("{count} embedded file(s) removed ({files}); the bundle holds pages only",
                           count=len(self.files), files=shown))
        return notes


REMOVED_NOTES = {
    "javascript": N_("{count} JavaScript action(s) removed"),
    "action": N_("{count} other action(s) (links, launches, submits) removed"),
    "trigger": N_("{count} trigger(s) (/AA: actions on open, close, focus …) removed"),
}
"""The note for each kind of active content removed, given its ``{count}``."""


def strip_active_content(pdf: pikepdf.Pdf) -> list[str]:
    """Flatten printable annotations, then drop every other interactive part of the pages."""
    removed = Removed()
    notes = _catalog_notes(pdf, removed)
    pages = [page.obj for page in pdf.pages]
    if any(Name.Annots in page for page in pages):
        notes += _annotation_notes(pdf, removed)
    for page in pages:
        present = page.keys()  # one call into pikepdf, not one per key
        for key in PAGE_KEYS_DROPPED:
            if key in present:
                if key == "/AA":
                    removed.counts["trigger"] += 1
                del page[key]
    _walk_out_active(pages, removed)
    return notes + removed.notes()


def _annotation_notes(pdf: pikepdf.Pdf, removed: Removed) -> list[str]:
    """Attachments removed, scripts in annotations counted, printable appearances flattened, the rest removed."""
    notes = _remove_attachment_annotations(pdf, removed)
    in_annotations = Removed()  # plain link actions go with their annotations; scripts and files are counted
    _walk_out_active([a for page in pdf.pages for a in _annotations(page)], in_annotations)
    removed.counts["javascript"] += in_annotations.counts["javascript"]
    removed.counts["trigger"] += in_annotations.counts["trigger"]
    removed.files += in_annotations.files
    before = _annotation_count(pdf)
    if before:
        _flatten(pdf)
    remaining = Counter(
        str(annot.get(Name.Subtype, "/Unknown"))[1:]
        for page in pdf.pages for annot in _annotations(page)
    )
    flattened = before - sum(remaining.values())
    if flattened > 0:
        notes.append(_("{count} form field(s)/annotation(s) flattened into the page (their printed look kept)",
                       count=flattened))
    if remaining:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(remaining.items()))
        notes.append(_("annotations removed ({kinds})", kinds=kinds))
    return notes


def _catalog_notes(pdf: pikepdf.Pdf, removed: Removed) -> list[str]:
    """What the catalog holds that the bundle leaves behind (only pages are copied), counted."""
    root = pdf.Root
    notes = []
    fields = _form_fields(root)
    if fields:
        notes.append(_("the interactive form ({count} field(s)) was not carried over; what its fields show "
                       "is kept as page content", count=fields))
    names = root.get(Name.Names)
    if isinstance(names, pikepdf.Dictionary) and Name.JavaScript in names:
        removed.counts["javascript"] += _name_tree_size(names.JavaScript)
    open_action = root.get(Name.OpenAction)
    if isinstance(open_action, pikepdf.Dictionary | pikepdf.Array):
        notes.append(_("open action removed (JavaScript)") if _is_javascript(open_action)
                     else _("open action removed (a view or action)"))
    if Name.AA in root:
        removed.counts["trigger"] += 1
    with contextlib.suppress(pikepdf.PdfError, KeyError, ValueError):
        removed.files += [_("{name} (document attachment)", name=name) for name in pdf.attachments]
    return notes


def _form_fields(root: pikepdf.Object) -> int:
    acroform = root.get(Name.AcroForm)
    fields = acroform.get(Name.Fields) if isinstance(acroform, pikepdf.Dictionary) else None
    return len(fields) if isinstance(fields, pikepdf.Array) else 0


def _name_tree_size(tree: object) -> int:
    if not isinstance(tree, pikepdf.Dictionary):
        return 0
    names = tree.get(Name.Names)
    own = len(names) // 2 if isinstance(names, pikepdf.Array) else 0
    kids = tree.get(Name.Kids)
    return own + (sum(_name_tree_size(k) for k in kids) if isinstance(kids, pikepdf.Array) else 0)


def _is_javascript(action: object) -> bool:
    return isinstance(action, pikepdf.Dictionary) and action.get(_S) == _JAVASCRIPT


def _remove_attachment_annotations(pdf: pikepdf.Pdf, removed: Removed) -> list[str]:
    """File attachment annotations go, push-pin and all: the bundle cannot carry the file they hold."""
    pages = []
    for number, page in enumerate(pdf.pages, start=1):
        annots = page.obj.get(Name.Annots)
        if not isinstance(annots, pikepdf.Array):
            continue
        kept = pikepdf.Array()
        for annot in annots:
            if isinstance(annot, pikepdf.Dictionary) and annot.get(Name.Subtype) == Name.FileAttachment:
                removed.files.append(_("{name} (attached on page {page})", name=_file_name(annot.get(Name.FS)),
                                       page=number))
                pages.append(number)
            else:
                kept.append(annot)
        page.obj.Annots = kept
    if not pages:
        return []
    return [_("{count} file attachment annotation(s) removed from page(s) {pages}, icon included", count=len(pages),
              pages=", ".join(map(str, dict.fromkeys(pages))))]


def _file_name(spec: object) -> str:
    if isinstance(spec, pikepdf.Dictionary):
        for key in (Name.UF, Name.F):
            if key in spec:
                return str(spec[key])
    return str(spec) if isinstance(spec, pikepdf.String) else _("unnamed file")


_EMBEDDED = (Name.EmbeddedFile, Name.EmbeddedFiles)
_S, _JAVASCRIPT = Name.S, Name.JavaScript
_CONTAINERS = (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)
_TRIGGERS = frozenset({"/AA", "/OpenAction"})
_ACTION_KEYS = frozenset({"/A", "/Next"})
_BACK_LINKS = frozenset({"/Parent", "/P"})


def _walk_out_active(starts: Sequence[pikepdf.Object], removed: Removed) -> None:
    """Remove, wherever it sits in the object graph of ``starts``, every action, trigger and embedded file.

    Back links (/Parent, /P) are not followed; each object is visited once. A dictionary's
    entries are read once (for judging it and then for walking it): each call into pikepdf
    costs more than the Python around it.
    """
    seen: set[tuple[int, int]] = set()
    shared: dict[tuple[int, int], dict[str, Any]] = {}
    """The entries of indirect dictionaries, read once however many objects point at them (a page's /Parent, a
    font); what is deleted from them later is never what :func:`_drop` reads (/S, /Type)."""
    stack: list[tuple[pikepdf.Object, dict[str, Any] | None]] = [(obj, None) for obj in starts]
    while stack:
        obj, entries = stack.pop()
        if obj.is_indirect:
            objgen = obj.objgen
            if objgen in seen:
                continue
            seen.add(objgen)
        if isinstance(obj, pikepdf.Array):
            stack += [(v, None) for v in obj if isinstance(v, _CONTAINERS)]
            continue
        dropped = []
        for key, value in (entries if entries is not None else dict(obj.items())).items():
            if not isinstance(value, _CONTAINERS):
                continue
            if isinstance(value, pikepdf.Array):
                inner = None
            elif value.is_indirect:
                inner = shared.get(objgen := value.objgen)
                if inner is None:
                    inner = shared[objgen] = dict(value.items())
            else:
                inner = dict(value.items())
            if _drop(key, inner, removed):
                dropped.append(key)
            elif key not in _BACK_LINKS:
                stack.append((value, inner))
        for key in dropped:
            del obj[key]


def _drop(key: str, entries: dict[str, Any] | None, removed: Removed) -> bool:
    """Whether ``key``: a dictionary or stream with these ``entries`` (None: an array) is active content;
    counts it when it is."""
    if key in _TRIGGERS:
        removed.counts["trigger"] += 1
        return True
    if key == "/EF":
        removed.files.append(_("{key} in the page's objects", key=key[1:]))
        return True
    if entries is None:
        return False
    kind = entries.get("/S")
    if kind == _JAVASCRIPT:
        removed.counts["javascript"] += 1
        return True
    if kind is not None and key in _ACTION_KEYS:
        removed.counts["action"] += 1
        return True
    if entries.get("/Type") in _EMBEDDED:
        removed.files.append(_("{key} in the page's objects", key=key[1:]))
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
    draw_fields_as_viewers_do(pdf)
    pdf.flatten_annotations("print")


# --------------------------------------------------------------------------- upright pages


def turn_pages_upright(pdf: pikepdf.Pdf) -> list[str]:
    """A page whose /Rotate shows its text sideways or upside down gets the rotation that shows it upright.

    Only pages with a /Rotate are examined (a wrong /Rotate is the usual cause); the text
    direction is measured from the text matrices of the page's content and of the Form
    XObjects it draws. Pages without text (scans) keep the /Rotate their author set.
    """
    turned = []
    for number, page in enumerate(pdf.pages, start=1):
        try:
            rotate = _inherited_rotate(page.obj) % 360
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
    return [_("page(s) {pages} turned so that their text reads upright", pages=", ".join(map(str, turned)))]


def _inherited_rotate(obj: pikepdf.Object) -> int:
    """The page's /Rotate, or the nearest one up its page tree (an inherited attribute)."""
    node: object = obj
    for _level in range(32):
        if not isinstance(node, pikepdf.Dictionary):
            break
        if Name.Rotate in node:
            return int(node.Rotate)
        node = node.get(Name.Parent)
    return 0


Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _matrix(operands: object) -> Matrix:
    a, b, c, d, e, f = (float(v) for v in operands)  # type: ignore[attr-defined]
    return (a, b, c, d, e, f)


def text_direction(page: pikepdf.Page) -> int | None:
    """The clockwise /Rotate that shows the page's dominant text upright, or None when unclear."""
    counts: Counter[int] = Counter()
    resources = page.obj.get(Name.Resources)
    try:
        _count_text(page, resources, _IDENTITY, counts, depth=0, seen=set())
    except (pikepdf.PdfError, pikepdf.PdfParsingError):
        return None
    return _dominant(counts)


def _count_text(content: pikepdf.Page | pikepdf.Object, resources: object, ctm: Matrix, counts: Counter[int],
                *, depth: int, seen: set[tuple[int, int]]) -> None:
    """Add the bytes of text shown by ``content`` (a page or a Form XObject) to ``counts``, by direction."""
    tm: Matrix = _IDENTITY
    stack: list[Matrix] = []
    for instruction in pikepdf.parse_content_stream(content, "q Q cm BT Tm Tj TJ ' \" Do"):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue
        operands, operator = instruction.operands, str(instruction.operator)
        if operator == "q":
            stack.append(ctm)
        elif operator == "Q":
            ctm = stack.pop() if stack else ctm
        elif operator == "cm" and len(operands) == 6:
            ctm = _times(_matrix(operands), ctm)
        elif operator == "BT":
            tm = _IDENTITY
        elif operator == "Tm" and len(operands) == 6:
            tm = _matrix(operands)
        elif operator in ("Tj", "TJ", "'", '"'):
            counts[_angle(_times(tm, ctm))] += _shown_bytes(list(operands))
        elif operator == "Do" and operands and depth < MAX_FORM_DEPTH:
            _count_form(_xobject(resources, operands[0]), resources, ctm, counts, depth=depth, seen=seen)


def _xobject(resources: object, name: object) -> pikepdf.Object | None:
    if not isinstance(resources, pikepdf.Dictionary):
        return None
    xobjects = resources.get(Name.XObject)
    if not isinstance(xobjects, pikepdf.Dictionary) or str(name) not in xobjects:
        return None
    found: pikepdf.Object = xobjects[str(name)]
    return found


def _count_form(form: pikepdf.Object | None, resources: object, ctm: Matrix, counts: Counter[int], *,
                depth: int, seen: set[tuple[int, int]]) -> None:
    if not isinstance(form, pikepdf.Stream) or form.get(Name.Subtype) != Name.Form:
        return
    if form.is_indirect and form.objgen in seen:
        return
    inner_seen = seen | {form.objgen}
    matrix = form.get(Name.Matrix)
    inner = _times(_matrix(matrix), ctm) if isinstance(matrix, pikepdf.Array) and len(matrix) == 6 else ctm
    own = form.get(Name.Resources)
    _count_text(form, own if isinstance(own, pikepdf.Dictionary) else resources, inner, counts,
                depth=depth + 1, seen=inner_seen)


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
