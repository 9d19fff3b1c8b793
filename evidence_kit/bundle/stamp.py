"""Bundle stamps: one tiny embedded CJK font, page placement, and a few bytes per page.

Every bundle page carries, in its bottom margin, ``证据3-2  第 14 页 共 120 页``: the
exhibit page and the bundle page. The text is drawn with a subset of Noto Sans CJK SC
holding only the glyphs a stamp needs (about 2.5 KB of CFF), embedded once per bundle
as a Type0/CIDFontType0 font with a ToUnicode map, so the stamp is real, extractable
text.

A page from a foreign PDF gets a fixed margin for the stamp by being placed on an A4
page (portrait or landscape after its /Rotate), scaled down just enough that nothing of
it lies in the stamp band: the stamp never covers content, whatever the page was.
Pages the tool laid out itself (rendered HTML, images) already keep the band free and
are left as they are.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from itertools import repeat
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from evidence_kit.case.redact import COLLECTOR_MARK
from evidence_kit.case.text import fontconfig_file
from evidence_kit.errors import MissingDependency
from evidence_kit.i18n import N_, _, translate

A4 = (595.276, 841.89)
STAMP_BAND = 30.0
"""Height of the bottom band kept free of page content for the stamp (points)."""
STAMP_SIZE = 9.0
STAMP_BASELINE = 13.0
STAMP_RIGHT = 36.0
STAMP_GLYPHS = "0123456789- 第页共证据目录封面一二三四五六七八九十册（）" + COLLECTOR_MARK
"""Every character a stamp or a profile mark can show (the embedded font holds only these)."""
PROFILE_MARK_LEFT = 36.0
FONT_KEY = "/EvidenceKitStamp"
FONT_RESOURCE = Name(FONT_KEY)
FONT_FAMILY = "Noto Sans CJK SC"
KNOWN_FONT_FILES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc"),
)
FONT_HINT = N_("install the Noto CJK fonts (Debian: apt-get install fonts-noto-cjk)")
"""The hint of a missing stamp font (shown with :func:`translate`)."""

Matrix = tuple[float, float, float, float, float, float]


# --------------------------------------------------------------------------- the font


@dataclass(frozen=True)
class StampFont:
    """A CID-keyed CFF subset: CID per character, advance widths, metrics."""

    name: str
    cff: bytes
    cids: dict[str, int]
    widths: dict[int, int]
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int

    def encode(self, text: str) -> bytes:
        """The 2-byte codes (Identity-H: code = CID) that draw ``text``."""
        try:
            return struct.pack(f">{len(text)}H", *map(self.cids.__getitem__, text))
        except KeyError as exc:
            raise ValueError(f"the stamp font has no glyph for {exc.args[0]!r}") from None

    def width(self, text: str, size: float) -> float:
        return sum(map(self.widths.__getitem__, map(self.cids.__getitem__, text))) * size / 1000


def find_cjk_font() -> tuple[Path, int]:
    """The Noto Sans CJK SC font file and its index in the collection."""
    matched = fontconfig_file(FONT_FAMILY, "Regular")
    candidates = [*([matched] if matched else []), *((p, -1) for p in KNOWN_FONT_FILES if p.is_file())]
    for path, index in candidates:
        found = _collection_index(path, index)
        if found is not None:
            return path, found
    raise MissingDependency(_("no {font} font found", font=FONT_FAMILY), hint=translate(FONT_HINT), file=FONT_FAMILY)


def _collection_index(path: Path, hint: int) -> int | None:
    from fontTools.ttLib import TTCollection, TTFont

    if path.suffix.lower() != ".ttc":
        with TTFont(path, lazy=True) as font:
            return 0 if "CJK SC" in str(font["name"].getDebugName(1)) and "CFF " in font else None
    with TTCollection(path, lazy=True) as collection:
        order = [hint] if hint >= 0 else []
        order += [i for i in range(len(collection.fonts)) if i != hint]
        for i in order:
            font = collection.fonts[i]
            if font["name"].getDebugName(1) == FONT_FAMILY and "CFF " in font:
                return i
    return None


@lru_cache(maxsize=1)
def load_stamp_font() -> StampFont:
    """The stamp font: from the disk cache, else subset from Noto Sans CJK SC (≈ 0.3 s) and cached."""
    path, index = find_cjk_font()
    key = _cache_key(path, index)
    cached = _read_cached_font(key)
    if cached is not None:
        return cached
    font = subset_stamp_font(path, index)
    _write_cached_font(key, font)
    return font


FONT_CACHE_VERSION = 1


def font_cache_dir() -> Path:
    """``$EVIDENCE_KIT_CACHE``, else ``$XDG_CACHE_HOME/evidence-kit``, else ``~/.cache/evidence-kit``."""
    explicit = os.environ.get("EVIDENCE_KIT_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "evidence-kit"


def font_cache_key(path: Path, index: int, version: int, *extra: object) -> str:
    """A disk cache entry's key for what is made from the face ``index`` of the font file ``path``: it changes with
    the file (path, size, modification time), ``version``, ``extra`` (what was made) and fontTools' version."""
    from fontTools import version as fonttools_version

    stat = path.stat()
    parts = [version, str(path), stat.st_size, stat.st_mtime_ns, index, *extra, fonttools_version]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:24]


def write_cache_file(cache: Path, data: bytes) -> None:
    """Best effort, atomically (a reader never sees half a file): a cache entry that cannot be written only costs
    the work again next time."""
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        scratch = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")
        scratch.write_bytes(data)
        os.replace(scratch, cache)
    except OSError:
        return


def _cache_key(path: Path, index: int) -> str:
    return font_cache_key(path, index, FONT_CACHE_VERSION, STAMP_GLYPHS)


def _read_cached_font(key: str) -> StampFont | None:
    """The cached subset, or None when absent, unreadable or not what this version writes."""
    try:
        data = json.loads((font_cache_dir() / f"stamp-font-{key}.json").read_text("utf-8"))
        font = StampFont(
            name=data["name"], cff=base64.b64decode(data["cff"]),
            cids={k: int(v) for k, v in data["cids"].items()},
            widths={int(k): int(v) for k, v in data["widths"].items()},
            bbox=tuple(int(v) for v in data["bbox"]),  # type: ignore[arg-type]
            ascent=int(data["ascent"]), descent=int(data["descent"]), cap_height=int(data["cap_height"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    complete = set(font.cids) == set(STAMP_GLYPHS) and all(cid in font.widths for cid in font.cids.values())
    return font if complete and len(font.bbox) == 4 else None


def _write_cached_font(key: str, font: StampFont) -> None:
    """Best effort: a cache that cannot be written only costs the subsetting next time."""
    data = {
        "name": font.name, "cff": base64.b64encode(font.cff).decode("ascii"), "cids": font.cids,
        "widths": {str(k): v for k, v in font.widths.items()}, "bbox": list(font.bbox),
        "ascent": font.ascent, "descent": font.descent, "cap_height": font.cap_height,
    }
    write_cache_file(font_cache_dir() / f"stamp-font-{key}.json", json.dumps(data).encode("utf-8"))


def subset_stamp_font(path: Path, index: int) -> StampFont:
    """Subset Noto Sans CJK SC to the stamp's glyphs."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=index, lazy=True) as font:
        options = subset.Options()
        options.layout_features = []
        options.hinting = False
        options.desubroutinize = True
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=STAMP_GLYPHS)
        subsetter.subset(font)
        return _stamp_font_from(font)


def _stamp_font_from(font: object) -> StampFont:
    cmap = font.getBestCmap()  # type: ignore[attr-defined]
    cff = font["CFF "].cff  # type: ignore[index]
    top = cff.topDictIndex[0]
    if not hasattr(top, "ROS"):
        raise MissingDependency(_("{font} is not a CID-keyed font", font=FONT_FAMILY), hint=translate(FONT_HINT),
                                file=FONT_FAMILY)
    cids = {ch: _cid(cmap[ord(ch)]) for ch in STAMP_GLYPHS}
    hmtx = font["hmtx"]  # type: ignore[index]
    widths = {_cid(name): hmtx[name][0] for name in font.getGlyphOrder() if name != ".notdef"}  # type: ignore[attr-defined]
    data = BytesIO()
    cff.compile(data, font)
    head, hhea, os2 = font["head"], font["hhea"], font["OS/2"]  # type: ignore[index]
    tag = "".join(chr(ord("A") + int(c, 16)) for c in hashlib.sha256(data.getvalue()).hexdigest()[:6])
    return StampFont(
        name=f"{tag}+NotoSansCJKsc-Regular",
        cff=data.getvalue(),
        cids=cids,
        widths=widths,
        bbox=(head.xMin, head.yMin, head.xMax, head.yMax),
        ascent=hhea.ascent,
        descent=hhea.descent,
        cap_height=getattr(os2, "sCapHeight", 733),
    )


def _cid(glyph_name: str) -> int:
    return int(glyph_name.removeprefix("cid"))


def embed_stamp_font(pdf: pikepdf.Pdf, font: StampFont) -> pikepdf.Object:
    """Add the font to ``pdf`` once; returns the indirect Type0 font dictionary."""
    program = pikepdf.Stream(pdf, font.cff)
    program.Subtype = Name.CIDFontType0C
    descriptor = pdf.make_indirect(Dictionary(
        Type=Name.FontDescriptor, FontName=Name("/" + font.name), Flags=4,
        FontBBox=Array(list(font.bbox)), ItalicAngle=0, Ascent=font.ascent, Descent=font.descent,
        CapHeight=font.cap_height, StemV=80, FontFile3=program,
    ))
    widths: list[object] = []
    for cid in sorted(font.widths):
        widths += [cid, Array([font.widths[cid]])]
    descendant = pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.CIDFontType0, BaseFont=Name("/" + font.name),
        CIDSystemInfo=Dictionary(Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"), Supplement=0),
        FontDescriptor=descriptor, DW=1000, W=Array(widths),
    ))
    return pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type0, BaseFont=Name("/" + font.name), Encoding=Name("/Identity-H"),
        DescendantFonts=Array([descendant]), ToUnicode=pikepdf.Stream(pdf, to_unicode_cmap(font.cids)),
    ))


def to_unicode_cmap(cids: dict[str, int]) -> bytes:
    pairs = "\n".join(f"<{cid:04X}> <{ord(ch):04X}>" for ch, cid in sorted(cids.items(), key=lambda kv: kv[1]))
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{len(cids)} beginbfchar\n{pairs}\nendbfchar\n"
        "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")


# --------------------------------------------------------------------------- placement


@dataclass(frozen=True)
class Placement:
    """How a foreign page is put on its bundle page.

    ``matrix`` maps the page's user space into the A4 bundle page; ``clip`` is the
    page's visible box (CropBox ∩ MediaBox) in its own user space.
    """

    width: float
    height: float
    matrix: Matrix
    clip: tuple[float, float, float, float]

    def prefix(self) -> bytes:
        a, b, c, d, e, f = self.matrix
        x0, y0, x1, y1 = self.clip
        return (
            f"q {_n(a)} {_n(b)} {_n(c)} {_n(d)} {_n(e)} {_n(f)} cm "
            f"{_n(x0)} {_n(y0)} {_n(x1 - x0)} {_n(y1 - y0)} re W n\n"
        ).encode("ascii")


def place_page(mediabox: Sequence[float], cropbox: Sequence[float] | None, rotate: int) -> Placement:
    """Fit the page as displayed (after /Rotate) on A4 above the stamp band, upright.

    Landscape pages go on landscape A4. Pages are scaled down to fit, never up.
    """
    box = _visible_box(_normal(mediabox), _normal(cropbox) if cropbox else None)
    rotate = rotate % 360 if rotate % 90 == 0 else 0
    width, height = box[2] - box[0], box[3] - box[1]
    shown_w, shown_h = (width, height) if rotate in (0, 180) else (height, width)
    page_w, page_h = (A4[1], A4[0]) if shown_w > shown_h else A4
    scale = min(1.0, page_w / shown_w, (page_h - STAMP_BAND) / shown_h)
    tx = (page_w - scale * shown_w) / 2
    ty = STAMP_BAND + (page_h - STAMP_BAND - scale * shown_h) / 2
    to_display = _display_matrix(box, rotate)
    matrix = _multiply(to_display, (scale, 0.0, 0.0, scale, tx, ty))
    return Placement(page_w, page_h, matrix, box)


def _normal(box: Sequence[float]) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in box)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _visible_box(media: tuple[float, float, float, float], crop: tuple[float, float, float, float] | None) -> tuple[float, float, float, float]:
    if crop is None:
        return media
    x0, y0 = max(media[0], crop[0]), max(media[1], crop[1])
    x1, y1 = min(media[2], crop[2]), min(media[3], crop[3])
    if x1 - x0 < 1 or y1 - y0 < 1:
        return media
    return x0, y0, x1, y1


def _display_matrix(box: tuple[float, float, float, float], rotate: int) -> Matrix:
    """User space → displayed page (origin bottom-left), for a clockwise /Rotate."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    if rotate == 90:
        return (0.0, -1.0, 1.0, 0.0, -y0, w + x0)
    if rotate == 180:
        return (-1.0, 0.0, 0.0, -1.0, w + x0, h + y0)
    if rotate == 270:
        return (0.0, 1.0, -1.0, 0.0, h + y0, -x0)
    return (1.0, 0.0, 0.0, 1.0, -x0, -y0)


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _n(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# --------------------------------------------------------------------------- stamping


def stamp_text(exhibit_mark: str, page: int, total: int) -> str:
    text = f"第 {page} 页 共 {total} 页"
    return f"{exhibit_mark}  {text}" if exhibit_mark else text


STAMP_RE = re.compile(r"^(?:(?P<mark>证据\d+(?:-\d+)?(?:（第[一二三四五六七八九十]+册）)?)\s+)?"
                      r"第\s*(?P<page>\d+)\s*页\s*共\s*(?P<total>\d+)\s*页$")


@dataclass(frozen=True)
class Nesting:
    """How a page's content uses the graphics-state stack.

    ``deficit``: how many more ``Q`` than ``q`` it has at its lowest point (a stray ``Q`` would
    otherwise pop the placement, and some viewers stop drawing the page there);
    ``left_open``: how many levels are open at its end, counted from that lowest point: with
    ``deficit`` extra ``q`` pushed after the placement, the wrapper needs ``1 + left_open``
    ``Q`` to return to the page's initial state (the stamp would otherwise be drawn in the
    page's own coordinate system).
    """

    deficit: int = 0
    left_open: int = 0


def content_nesting(page: pikepdf.Page) -> Nesting:
    """Measure a foreign page's q/Q nesting (only those operators are parsed)."""
    depth = lowest = 0
    try:
        for instruction in pikepdf.parse_content_stream(page, "q Q"):
            depth += 1 if str(instruction.operator) == "q" else -1
            lowest = min(lowest, depth)
    except (pikepdf.PdfError, ValueError):
        return Nesting()
    return Nesting(deficit=-lowest, left_open=depth - lowest)


class Stamper:
    """Stamps the pages of one output PDF; shares the font and the placement streams."""

    def __init__(self, pdf: pikepdf.Pdf, font: StampFont, total_pages: int, profile_mark: str = "") -> None:
        self.pdf = pdf
        self.profile_mark = profile_mark
        """Drawn at the bottom left of every page (the collector profile's notice), before the stamp."""
        self.font = font
        self.total_pages = total_pages
        self.font_ref = embed_stamp_font(pdf, font)
        self._open: pikepdf.Object = pdf.make_stream(b"q\n")
        self._prefixes: dict[Placement, pikepdf.Object] = {}

    def stamp(self, page: pikepdf.Page, page_no: int, exhibit_mark: str, *, owned: bool,
              nesting: Nesting | None = None) -> None:
        """Wrap the page's content, place it (unless ``owned``) and draw the stamp after it.

        ``nesting``: the page's q/Q nesting when already measured (by the input check).
        """
        obj = page.obj
        entries = dict(obj.items())  # one call into pikepdf instead of one per key
        if owned:
            nesting = Nesting()
            width = _normal(_box(entries.get("/MediaBox")))[2]
            prefixes = [self._open]
        else:
            nesting = nesting if nesting is not None else content_nesting(page)
            crop = entries.get("/CropBox")
            placement = place_page(_box(entries.get("/MediaBox")), _box(crop) if crop is not None else None,
                                   _rotation_of(entries.get("/Rotate", 0)))
            _set_a4(obj, placement, entries)
            width = placement.width
            prefixes = [self._prefix(placement)]
            if nesting.deficit:  # saves the page's stray Q pop instead of the placement's
                prefixes.append(self.pdf.make_stream(b"q " * nesting.deficit + b"\n"))
        text = stamp_text(exhibit_mark, page_no, self.total_pages)
        x = width - STAMP_RIGHT - self.font.width(text, STAMP_SIZE)
        restore = "Q " * (1 + nesting.left_open)
        mark = ""
        if self.profile_mark:
            mark = (f"1 0 0 1 {_n(PROFILE_MARK_LEFT)} {_n(STAMP_BASELINE)} Tm "
                    f"<{self.font.encode(self.profile_mark).hex().upper()}> Tj ")
        closing = (
            f"{restore}\nq 0 g BT {FONT_KEY} {_n(STAMP_SIZE)} Tf {mark}1 0 0 1 {_n(x)} {_n(STAMP_BASELINE)} Tm "
            f"<{self.font.encode(text).hex().upper()}> Tj ET Q\n"
        ).encode("ascii")
        obj.Contents = Array([*prefixes, *_streams_of(entries.get("/Contents")), self.pdf.make_stream(closing)])
        _add_font(obj, self.font_ref, entries.get("/Resources"))

    def _prefix(self, placement: Placement) -> pikepdf.Object:
        if placement not in self._prefixes:
            self._prefixes[placement] = self.pdf.make_stream(placement.prefix())
        return self._prefixes[placement]


def _box(value: object) -> tuple[float, float, float, float]:
    """A PDF rectangle as four floats; a malformed or empty one counts as A4."""
    try:
        x0, y0, x1, y1 = (float(v) for v in value)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return (0.0, 0.0, A4[0], A4[1])
    if abs(x1 - x0) < 1 or abs(y1 - y0) < 1:
        return (0.0, 0.0, A4[0], A4[1])
    return (x0, y0, x1, y1)


def _rotation_of(value: object) -> int:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0


_NOT_A4 = ("/CropBox", "/BleedBox", "/TrimBox", "/ArtBox", "/Rotate", "/UserUnit")


def _set_a4(obj: pikepdf.Dictionary, placement: Placement, entries: Mapping[str, object]) -> None:
    """``obj`` (whose keys and values are ``entries``) becomes the placement's A4 page."""
    obj.MediaBox = Array([0, 0, round(placement.width, 3), round(placement.height, 3)])
    for key in _NOT_A4:
        if key in entries:
            del obj[key]


def _content_streams(obj: pikepdf.Dictionary) -> list[pikepdf.Object]:
    return _streams_of(obj.get(Name.Contents))


def _streams_of(contents: object) -> list[pikepdf.Object]:
    """The streams of a page's /Contents value."""
    if contents is None:
        return []
    if isinstance(contents, pikepdf.Array):
        return [c for c in contents if isinstance(c, pikepdf.Stream)]
    return [contents] if isinstance(contents, pikepdf.Stream) else []


def _add_font(obj: pikepdf.Dictionary, font_ref: pikepdf.Object, resources: object) -> None:
    """The stamp font in the page's resources (``resources``: the page's /Resources value)."""
    if not isinstance(resources, pikepdf.Dictionary):
        resources = obj.Resources = Dictionary()
    fonts = resources.get(Name.Font)
    if not isinstance(fonts, pikepdf.Dictionary):
        fonts = resources.Font = Dictionary()
    fonts[FONT_RESOURCE] = font_ref


# --------------------------------------------------------------------------- reading back


_HEX_TJ = re.compile(rb"<([0-9A-Fa-f\s]*)>\s*Tj")
_BFCHAR = re.compile(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4,8})>")


class StampReader:
    """Reads stamps back from a saved bundle: the last content stream, decoded via ToUnicode."""

    def __init__(self) -> None:
        self._maps: dict[tuple[int, int], dict[int, str]] = {}

    def read(self, page: pikepdf.Page) -> str | None:
        """The stamp: the last text drawn in the stamp font."""
        texts = self.read_all(page)
        return texts[-1] if texts else None

    def read_profile_mark(self, page: pikepdf.Page) -> str:
        """The profile's mark drawn before the stamp ("" when there is none)."""
        return "".join(self.read_all(page)[:-1])

    def read_all(self, page: pikepdf.Page) -> list[str]:
        """Every text the page's last content stream draws in the stamp font, in order."""
        obj = page.obj
        streams = _content_streams(obj)
        font = _stamp_font_of(obj)
        if not streams or font is None:
            return []
        to_unicode = self._map(font)
        data = streams[-1].read_bytes()
        if FONT_KEY.encode() not in data:
            return []
        texts = [_decode(bytes.fromhex(m.group(1).decode()), to_unicode) for m in _HEX_TJ.finditer(data)]
        return [t for t in texts if t]

    def _map(self, font: pikepdf.Object) -> dict[int, str]:
        key = font.objgen
        if key not in self._maps:
            cmap = font.get(Name.ToUnicode)
            data = cmap.read_bytes() if isinstance(cmap, pikepdf.Stream) else b""
            self._maps[key] = {int(c, 16): bytes.fromhex(u.decode()).decode("utf-16-be") for c, u in _BFCHAR.findall(data)}
        return self._maps[key]


def _stamp_font_of(obj: pikepdf.Dictionary) -> pikepdf.Object | None:
    resources = obj.get(Name.Resources)
    fonts = resources.get(Name.Font) if isinstance(resources, pikepdf.Dictionary) else None
    font = fonts.get(FONT_RESOURCE) if isinstance(fonts, pikepdf.Dictionary) else None
    return font if isinstance(font, pikepdf.Dictionary) else None


def _decode(codes: bytes, to_unicode: dict[int, str]) -> str:
    count = len(codes) // 2
    return "".join(map(to_unicode.get, struct.unpack(f">{count}H", codes[:2 * count]), repeat("\ufffd", count)))
