"""Form fields drawn as a viewer draws them, before they are flattened into the page.

A form that asks the viewer to draw its fields (``/NeedAppearances``, as pdfLaTeX and many
web generators write them) has no appearance streams, or only the text. Viewers then draw
each field's background and border from its ``/MK`` and a push button's caption. libqpdf's
appearance generator writes the text only, so flattening its appearances loses the empty
fields' frames and the buttons. Here every widget whose appearance is generated gets its
``/MK`` background and border, and a push button without an appearance gets one with its
caption, so that the flattened page looks like the original in a viewer.
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
        elif kind == Name.Btn and widget.objgen in without and _flags(widget) & PUSH_BUTTON:
            _push_button(pdf, widget, acroform)


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
    """An appearance for a push button drawn by the viewer: background, border, centred caption."""
    width, height = _size(widget)
    background, border = _frame(widget)
    mk = widget.get(Name.MK)
    caption = str(mk.get(Name.CA, "")) if isinstance(mk, pikepdf.Dictionary) else ""
    resources = pikepdf.Dictionary()
    text = b""
    found = _DA_FONT.search(str(_inherited(widget, Name.DA) or acroform.get(Name.DA, "")))
    fonts = acroform.get(Name.DR, pikepdf.Dictionary()).get(Name.Font)
    if caption and caption.isascii() and found and isinstance(fonts, pikepdf.Dictionary) and f"/{found[1]}" in fonts:
        size = float(found[2]) or min(12.0, height * 0.6)
        resources = pikepdf.Dictionary(Font=pikepdf.Dictionary({f"/{found[1]}": fonts[f"/{found[1]}"]}))
        x = max(2.0, (width - 0.5 * size * len(caption)) / 2)  # Helvetica-like average advance
        escaped = caption.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        text = f"BT /{found[1]} {size:.2f} Tf 0 g {x:.2f} {(height - size * 0.7) / 2:.2f} Td ({escaped}) Tj ET\n".encode()
    if not (background or border or text):
        return
    stream = pdf.make_stream(background + border + text)
    stream.Type, stream.Subtype, stream.BBox, stream.Resources = Name.XObject, Name.Form, [0, 0, width, height], resources
    widget.AP = pikepdf.Dictionary(N=stream)
