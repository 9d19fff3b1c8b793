"""Form fields drawn as a viewer draws them, before they are flattened into the page.

A form that asks the viewer to draw its fields (``/NeedAppearances``, as pdfLaTeX and many
web generators write them) has no appearance streams, or only the text, or ones the viewer
does not use: a viewer (poppler, as the tests render it) draws each field anew, its
background and border from its ``/MK``, a text field's value, a push button's ``/MK``
caption (``/CA``) and nothing else, a check box's or radio button's symbol when it is on.
libqpdf's appearance generator writes the text of text and choice fields only, and
flattening uses whatever appearance a button has. So, before flattening:

* every text or choice field gets its ``/MK`` background and border under its generated text;
* a push button gets the appearance a viewer draws (background, border, ``/CA`` caption) in
  place of its own: pdfLaTeX (hyperref) typesets a button's label into the page and gives
  the widget an appearance with the label too, which flattened drew the caption twice,
  while a viewer shows it once (a button with an icon, ``/MK /I``, keeps its appearance);
* a check box or radio button without an appearance gets its frame and, when on, its symbol.

Without this, empty fields lost their frames and buttons their borders or doubled their
captions.
"""

from __future__ import annotations

import contextlib
import re

import pikepdf
from pikepdf import Name

PUSH_BUTTON = 1 << 16
_DA_FONT = re.compile(r"/(\S+)\s+([\d.]+)\s+Tf")


def draw_fields_as_viewers_do(pdf: pikepdf.Pdf) -> None:
    """Generate the appearances a viewer would draw, then decorate them with each field's /MK."""
    acroform = pdf.Root.get(Name.AcroForm)
    if not isinstance(acroform, pikepdf.Dictionary) or not acroform.get(Name.NeedAppearances):
        return
    widgets = [a for page in pdf.pages for a in page.obj.get(Name.Annots, pikepdf.Array())
               if isinstance(a, pikepdf.Dictionary) and a.get(Name.Subtype) == Name.Widget]
    without = {w.objgen for w in widgets if Name.AP not in w}
    with contextlib.suppress(pikepdf.PdfError):
        pdf.generate_appearance_streams()
    for widget in widgets:
        kind = _field_type(widget)
        if kind in (Name.Tx, Name.Ch):
            _decorate(pdf, widget)
        elif kind == Name.Btn and _flags(widget) & PUSH_BUTTON:
            if not _has_icon(widget):
                _push_button(pdf, widget, acroform)
        elif kind == Name.Btn and widget.objgen in without:
            _check_box(pdf, widget, acroform)


def _has_icon(widget: pikepdf.Dictionary) -> bool:
    mk = widget.get(Name.MK)
    return isinstance(mk, pikepdf.Dictionary) and Name.I in mk


def _flags(widget: pikepdf.Dictionary) -> int:
    flags = _inherited(widget, Name.Ff)
    return int(flags) if isinstance(flags, int | pikepdf.Object) else 0


def _inherited(field: pikepdf.Dictionary, key: Name) -> object:
    node: object = field
    for _ in range(32):
        if not isinstance(node, pikepdf.Dictionary):
            return None
        if key in node:
            return node[key]
        node = node.get(Name.Parent)
    return None


def _field_type(widget: pikepdf.Dictionary) -> object:
    return _inherited(widget, Name.FT)


def _size(widget: pikepdf.Dictionary) -> tuple[float, float]:
    x0, y0, x1, y1 = (float(v) for v in widget.Rect)
    return abs(x1 - x0), abs(y1 - y0)


def _colour(value: object, stroke: bool) -> str:
    """A /MK colour array as a PDF colour operator; '' when absent or transparent."""
    if not isinstance(value, pikepdf.Array) or len(value) not in (1, 3, 4):
        return ""
    numbers = " ".join(f"{float(v):.4g}" for v in value)
    operator = {1: "g", 3: "rg", 4: "k"}[len(value)]
    return f"{numbers} {operator.upper() if stroke else operator}"


def _frame(widget: pikepdf.Dictionary) -> tuple[bytes, bytes]:
    """(background, border) drawing for the widget's /MK and /BS, in its own appearance space."""
    mk = widget.get(Name.MK)
    if not isinstance(mk, pikepdf.Dictionary):
        return b"", b""
    width, height = _size(widget)
    border_style = widget.get(Name.BS)
    line = float(border_style.get(Name.W, 1)) if isinstance(border_style, pikepdf.Dictionary) else 1.0
    fill, stroke = _colour(mk.get(Name.BG), False), _colour(mk.get(Name.BC), True)
    background = f"q {fill} 0 0 {width:.2f} {height:.2f} re f Q\n".encode() if fill else b""
    border = (f"q {stroke} {line:.2f} w {line / 2:.2f} {line / 2:.2f} {width - line:.2f} {height - line:.2f} re S Q\n"
              .encode() if stroke and line > 0 else b"")
    return background, border


def _decorate(pdf: pikepdf.Pdf, widget: pikepdf.Dictionary) -> None:
    appearance = widget.get(Name.AP, pikepdf.Dictionary()).get(Name.N)
    background, border = _frame(widget)
    if not isinstance(appearance, pikepdf.Stream) or not (background or border):
        return
    appearance.write(background + border + appearance.read_bytes())


def _push_button(pdf: pikepdf.Pdf, widget: pikepdf.Dictionary, acroform: pikepdf.Dictionary) -> None:
    """The appearance a viewer draws for a push button: background, border, centred caption (replacing its own)."""
    width, height = _size(widget)
    background, border = _frame(widget)
    mk = widget.get(Name.MK)
    caption = str(mk.get(Name.CA, "")) if isinstance(mk, pikepdf.Dictionary) else ""
    resources, text = _caption(widget, acroform, caption, width, height, average=0.5)
    _appearance(pdf, widget, background + border + text, resources)


def _check_box(pdf: pikepdf.Pdf, widget: pikepdf.Dictionary, acroform: pikepdf.Dictionary) -> None:
    """What a viewer draws for a check box or radio button without an appearance: its frame, its symbol when on."""
    width, height = _size(widget)
    background, border = _frame(widget)
    mk = widget.get(Name.MK)
    symbol = str(mk.get(Name.CA, "4")) if isinstance(mk, pikepdf.Dictionary) else "4"  # ZapfDingbats' check
    state = widget.get(Name.AS)
    on = state is not None and state != Name.Off
    resources, text = _caption(widget, acroform, symbol, width, height, average=0.8) if on else (None, b"")
    _appearance(pdf, widget, background + border + text, resources)


def _caption(widget: pikepdf.Dictionary, acroform: pikepdf.Dictionary, caption: str, width: float, height: float,
             *, average: float) -> tuple[pikepdf.Dictionary | None, bytes]:
    """(resources, drawing) of a caption centred in the widget in its /DA font; nothing when the form lacks that font.

    ``average`` is the font's mean advance in em, for centring without its metrics.
    """
    found = _DA_FONT.search(str(_inherited(widget, Name.DA) or acroform.get(Name.DA, "")))
    fonts = acroform.get(Name.DR, pikepdf.Dictionary()).get(Name.Font)
    if not (caption and caption.isascii() and found and isinstance(fonts, pikepdf.Dictionary)
            and f"/{found[1]}" in fonts):
        return None, b""
    size = float(found[2]) or min(12.0, height * 0.6)
    resources = pikepdf.Dictionary(Font=pikepdf.Dictionary({f"/{found[1]}": fonts[f"/{found[1]}"]}))
    x = max(2.0, (width - average * size * len(caption)) / 2)
    escaped = caption.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return resources, (f"BT /{found[1]} {size:.2f} Tf 0 g {x:.2f} {(height - size * 0.7) / 2:.2f} Td ({escaped}) Tj ET\n"
                       .encode())


def _appearance(pdf: pikepdf.Pdf, widget: pikepdf.Dictionary, drawing: bytes,
                resources: pikepdf.Dictionary | None) -> None:
    """Make ``drawing`` the widget's appearance; with nothing to draw, the widget shows nothing (as in a viewer)."""
    if not drawing:
        if Name.AP in widget:
            del widget[Name.AP]
        return
    width, height = _size(widget)
    stream = pdf.make_stream(drawing)
    stream.Type, stream.Subtype, stream.BBox = Name.XObject, Name.Form, [0, 0, width, height]
    stream.Resources = resources if resources is not None else pikepdf.Dictionary()
    widget.AP = pikepdf.Dictionary(N=stream)  # a stream, not a dictionary of states: used whatever /AS says
