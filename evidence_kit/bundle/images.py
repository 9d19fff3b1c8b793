"""Image exhibits (JPEG, PNG, TIFF, multi-page TIFF) → A4 PDF pages.

JPEG data and most PNG data go into the PDF as they are (DCTDecode; Flate with the PNG
predictor): no recompression. The EXIF orientation is honoured by the placement matrix,
so even a rotated JPEG is not re-encoded. Other images (TIFF, PNG with transparency or
interlacing) are decoded and stored losslessly (Flate).

Each image goes on its own A4 page — landscape when it is wider than tall — inside
margins that keep the stamp band free, scaled to fit (and at most doubled when small).
"""

from __future__ import annotations

import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name
from PIL import Image, ImageFile, ImageOps, ImageSequence, UnidentifiedImageError

from evidence_kit.bundle.stamp import A4
from evidence_kit.errors import InputUnreadable
from evidence_kit.i18n import _

MARGIN = 36.0
BOTTOM_MARGIN = 44.0
MAX_UPSCALE = 2.0
DEFAULT_DPI = 96.0
EXIF_ORIENTATION = 0x0112

# Unit square of the stored image → unit square as displayed, per EXIF orientation.
ORIENTATION_MATRICES: dict[int, tuple[float, float, float, float, float, float]] = {
    1: (1, 0, 0, 1, 0, 0),
    2: (-1, 0, 0, 1, 1, 0),
    3: (-1, 0, 0, -1, 1, 1),
    4: (1, 0, 0, -1, 0, 1),
    5: (0, -1, -1, 0, 1, 1),
    6: (0, -1, 1, 0, 0, 1),
    7: (0, 1, 1, 0, 0, 0),
    8: (0, 1, -1, 0, 1, 0),
}


@dataclass(frozen=True)
class PdfImage:
    """Image data ready to be a PDF image XObject as it is."""

    width: int
    height: int
    colorspace: object
    bits: int
    data: bytes
    filter: Name
    decode_parms: Dictionary | None = None
    decode: Array | None = None
    orientation: int = 1
    dpi: float = DEFAULT_DPI

    @property
    def shown_size(self) -> tuple[int, int]:
        return (self.height, self.width) if self.orientation >= 5 else (self.width, self.height)


def image_pdf(path: Path, kind: str, name: str) -> tuple[pikepdf.Pdf, list[str]]:
    """One A4 page per image (per frame of a multi-page TIFF)."""
    pdf = pikepdf.new()
    notes: list[str] = []
    for image in _images(path, kind, name):
        pdf.pages.append(pikepdf.Page(_page(pdf, image)))
        if image.orientation != 1:
            notes.append(_("EXIF orientation {orientation} applied", orientation=image.orientation))
    return pdf, sorted(set(notes))


def _images(path: Path, kind: str, name: str) -> Iterator[PdfImage]:
    data = path.read_bytes()
    try:
        with _strict_decoding():
            if kind == "jpeg":
                yield _jpeg(data, name)
                return
            if kind == "png":
                passthrough = _png_passthrough(data)
                if passthrough is not None:
                    yield passthrough
                    return
            yield from _decoded(data, name)
    except Image.DecompressionBombError as exc:
        raise InputUnreadable(_("this image is larger than {megapixels} megapixels",
                                megapixels=MAX_PIXELS // 1_000_000), file=name,
                              hint=_("scan at 600 dpi or less (an A3 page at 600 dpi is about 70 megapixels)")) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InputUnreadable(_("this {kind} image cannot be read ({why})", kind=kind.upper(), why=exc), file=name,
                              hint=_("export or scan the image again")) from exc


MAX_PIXELS = 300_000_000
"""Largest image taken: an A3 page scanned at 1200 dpi (≈ 280 megapixels) still fits."""


@contextmanager
def _strict_decoding() -> Iterator[None]:
    """A truncated image is an error (WeasyPrint switches Pillow to tolerate them on import)."""
    tolerant = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, MAX_PIXELS // 2  # Pillow refuses above twice this
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the limit is set deliberately
            yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = tolerant
        Image.MAX_IMAGE_PIXELS = limit


def _orientation(image: Image.Image) -> int:
    value = image.getexif().get(EXIF_ORIENTATION, 1)
    return value if value in ORIENTATION_MATRICES else 1


def _dpi(image: Image.Image) -> float:
    dpi = image.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    return value if 36 <= value <= 2400 else DEFAULT_DPI


def _jpeg(data: bytes, name: str) -> PdfImage:
    image = Image.open(BytesIO(data))
    if not data.rstrip(b"\0").endswith(b"\xff\xd9"):
        image.load()  # raises on a truncated file; a file with junk after its end is fine
        image = Image.open(BytesIO(data))
    spaces = {"L": Name.DeviceGray, "RGB": Name.DeviceRGB, "CMYK": Name.DeviceCMYK}
    if image.mode not in spaces:
        raise ValueError(_("unsupported JPEG colour mode {mode}", mode=image.mode))
    inverted = image.mode == "CMYK" and "adobe" in image.info
    return PdfImage(
        width=image.width, height=image.height, colorspace=spaces[image.mode], bits=8, data=data,
        filter=Name.DCTDecode, decode=Array([1, 0] * 4) if inverted else None,
        orientation=_orientation(image), dpi=_dpi(image),
    )


def _png_passthrough(data: bytes) -> PdfImage | None:
    """The PNG's own compressed data with the PNG predictor, when the PDF can use it as is."""
    chunks = dict(_png_chunks(data, b"IHDR", b"PLTE", b"tRNS"))
    header = chunks.get(b"IHDR")
    if header is None or b"tRNS" in chunks or len(header) < 13:
        return None
    width, height = int.from_bytes(header[0:4], "big"), int.from_bytes(header[4:8], "big")
    bits, colour, interlace = header[8], header[9], header[12]
    colours = {0: 1, 2: 3, 3: 1}.get(colour)
    if colours is None or interlace or bits not in (1, 2, 4, 8) or (colour == 2 and bits != 8):
        return None
    if colour == 3 and b"PLTE" not in chunks:
        return None
    compressed = b"".join(body for kind, body in _png_chunks(data, b"IDAT") if kind == b"IDAT")
    if not _inflates_to(compressed, height * (1 + (width * colours * bits + 7) // 8)):
        return None
    space: object = {0: Name.DeviceGray, 2: Name.DeviceRGB}.get(colour)
    if colour == 3:
        palette = chunks[b"PLTE"]
        space = Array([Name.Indexed, Name.DeviceRGB, len(palette) // 3 - 1, pikepdf.String(palette)])
    image = Image.open(BytesIO(data))
    return PdfImage(
        width=width, height=height, colorspace=space, bits=bits, data=compressed, filter=Name.FlateDecode,
        decode_parms=Dictionary(Predictor=15, Colors=colours, BitsPerComponent=bits, Columns=width),
        orientation=_orientation(image), dpi=_dpi(image),
    )


def _png_chunks(data: bytes, *wanted: bytes) -> Iterator[tuple[bytes, bytes]]:
    pos = 8
    while pos + 8 <= len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if len(body) < length or kind == b"IEND":
            return
        if kind in wanted:
            yield kind, body
        pos += 12 + length


def _inflates_to(compressed: bytes, expected: int) -> bool:
    inflater = zlib.decompressobj()
    size = 0
    try:
        for start in range(0, len(compressed), 1 << 20):
            size += len(inflater.decompress(compressed[start:start + (1 << 20)]))
        size += len(inflater.flush())
    except zlib.error:
        return False
    return inflater.eof and size == expected


def _decoded(data: bytes, name: str) -> Iterator[PdfImage]:
    """Decode every frame and store it losslessly (Flate); orientation applied to the pixels."""
    image = Image.open(BytesIO(data))
    for frame in ImageSequence.Iterator(image):
        frame.load()
        dpi = _dpi(frame)
        upright = ImageOps.exif_transpose(frame) or frame
        pixels, space = _pdf_pixels(upright)
        yield PdfImage(
            width=pixels.width, height=pixels.height, colorspace=space, bits=1 if pixels.mode == "1" else 8,
            data=zlib.compress(pixels.tobytes(), 6), filter=Name.FlateDecode, dpi=dpi,
        )


def _pdf_pixels(image: Image.Image) -> tuple[Image.Image, Name]:
    if image.mode in ("1", "L"):
        return image, Name.DeviceGray
    if image.mode == "CMYK":
        return image, Name.DeviceCMYK
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background, Name.DeviceRGB
    if image.mode.startswith("I") or image.mode == "F":
        return wide_gray_to_8bit(image), Name.DeviceGray
    return image.convert("RGB"), Name.DeviceRGB


def wide_gray_to_8bit(image: Image.Image) -> Image.Image:
    """16- or 32-bit greyscale scaled to 8 bits (not clipped: clipping turns all but black white)."""
    if image.mode == "F":
        top = _brightest(image)
        full = 1.0 if top <= 1.0 else 255.0 if top <= 255.0 else 65535.0
        return image.point(lambda v: v * (255.0 / full)).convert("L")
    wide = image.convert("I")
    full = 65535 if image.mode.startswith("I;16") or _brightest(wide) <= 65535 else 2**32 - 1
    return wide.point(lambda v: v * (255 / full)).convert("L")


def _brightest(image: Image.Image) -> float:
    extrema = image.getextrema()
    top = extrema[1]
    return float(top if not isinstance(top, tuple) else max(top))


def _page(pdf: pikepdf.Pdf, image: PdfImage) -> Dictionary:
    stream = pikepdf.Stream(pdf, image.data)
    stream.Type, stream.Subtype = Name.XObject, Name.Image
    stream.Width, stream.Height = image.width, image.height
    stream.ColorSpace, stream.BitsPerComponent, stream.Filter = image.colorspace, image.bits, image.filter
    if image.decode_parms is not None:
        stream.DecodeParms = image.decode_parms
    if image.decode is not None:
        stream.Decode = image.decode
    page_w, page_h, matrix = placement(image)
    content = "q {} {} {} {} {} {} cm /Im0 Do Q\n".format(*(f"{v:.4f}" for v in matrix))
    return Dictionary(
        Type=Name.Page, MediaBox=Array([0, 0, page_w, page_h]),
        Resources=Dictionary(XObject=Dictionary(Im0=stream)),
        Contents=pikepdf.Stream(pdf, content.encode("ascii")),
    )


def placement(image: PdfImage) -> tuple[float, float, tuple[float, ...]]:
    """A4 page size and the image matrix: centred at the top, inside the margins, upright."""
    shown_w, shown_h = image.shown_size
    page_w, page_h = (A4[1], A4[0]) if shown_w > shown_h else A4
    natural_w, natural_h = shown_w * 72 / image.dpi, shown_h * 72 / image.dpi
    room_w, room_h = page_w - 2 * MARGIN, page_h - MARGIN - BOTTOM_MARGIN
    scale = min(room_w / natural_w, room_h / natural_h, MAX_UPSCALE)
    placed_w, placed_h = natural_w * scale, natural_h * scale
    x, y = (page_w - placed_w) / 2, page_h - MARGIN - placed_h
    a, b, c, d, e, f = ORIENTATION_MATRICES[image.orientation]
    matrix = (a * placed_w, b * placed_h, c * placed_w, d * placed_h, e * placed_w + x, f * placed_h + y)
    return round(page_w, 3), round(page_h, 3), matrix
