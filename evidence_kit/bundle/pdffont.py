"""A CJK face for pages the tool writes as PDF content directly: metrics now, a subset at the end.

:class:`FaceWriter` measures and encodes text with one face of Noto Serif CJK SC (the body font
of the laid-out pages) and remembers each glyph it drew; once the pages are written,
:meth:`FaceWriter.objects` subsets the face to those glyphs and gives the PDF objects of a
Type0 font (CIDFontType0, Identity-H, code = CID) with its widths and a ToUnicode map, so that
the text is real, extractable and drawn with the same outlines as the HTML layout draws it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from evidence_kit.bundle.stamp import FONT_HINT, font_cache_dir, font_cache_key, write_cache_file
from evidence_kit.case.text import fontconfig_file
from evidence_kit.errors import MissingDependency
from evidence_kit.i18n import _, translate

BODY_FAMILY = "Noto Serif CJK SC"
NOTDEF = 0
SUBSET_TABLES = frozenset({"CFF ", "head", "maxp", "GlyphOrder"})
"""The tables of the font file the subsetter is given: the embedded program is the CFF table alone."""
ELLIPSIS = "…"
NO_LINE_START = frozenset("，。、；：！？）」』》〉】”’,.;:!?)]}%")
"""Punctuation that does not start a line (as in Chinese typesetting): its character before goes down with it."""


def body_face_file(style: str) -> tuple[Path, int]:
    """The file (and collection index) of Noto Serif CJK SC in ``style`` ("Regular" or "Bold")."""
    found = fontconfig_file(BODY_FAMILY, style)
    if found is None:
        raise MissingDependency(_("the font {font} is not installed", font=f"{BODY_FAMILY} {style}"),
                                hint=translate(FONT_HINT), file=BODY_FAMILY)
    return found


@dataclass(frozen=True)
class FaceMetrics:
    """What a face's file says of its characters: read from the font once per machine (≈ 0.17 s for each face),
    then from the disk cache (``face-metrics-*.json`` beside the stamp font's; ≈ 0.02 s)."""

    cmap: dict[int, int]
    """Code point → CID."""
    advance: dict[int, int]
    """CID → advance width in font units."""
    upem: int
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int


METRICS_CACHE_VERSION = 1


@lru_cache(maxsize=4)
def face_metrics(path: Path, index: int) -> FaceMetrics:
    """The metrics of the face ``index`` of the font file ``path`` (shared, never changed)."""
    cache = font_cache_dir() / f"face-metrics-{font_cache_key(path, index, METRICS_CACHE_VERSION)}.json"
    cached = _read_metrics(cache)
    if cached is not None:
        return cached
    metrics = _read_face(path, index)
    _write_metrics(cache, metrics)
    return metrics


def _read_face(path: Path, index: int) -> FaceMetrics:
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=index, lazy=True) as font:
        if not hasattr(font["CFF "].cff.topDictIndex[0], "ROS"):
            raise MissingDependency(_("{font} is not a CID-keyed font", font=BODY_FAMILY), file=BODY_FAMILY,
                                    hint=translate(FONT_HINT))
        hmtx = font["hmtx"]
        names = {code: name for code, name in font.getBestCmap().items() if name.startswith("cid")}
        cmap = {code: int(name.removeprefix("cid")) for code, name in names.items()}
        advance = {int(name.removeprefix("cid")): hmtx[name][0] for name in set(names.values())}
        advance[NOTDEF] = hmtx[".notdef"][0]
        head, hhea, os2 = font["head"], font["hhea"], font["OS/2"]
        return FaceMetrics(cmap, advance, head.unitsPerEm, (head.xMin, head.yMin, head.xMax, head.yMax),
                           hhea.ascent, hhea.descent, getattr(os2, "sCapHeight", 733))


def _read_metrics(cache: Path) -> FaceMetrics | None:
    """The cached metrics, or None when absent, unreadable or incomplete."""
    try:
        data = json.loads(cache.read_text("ascii"))
        metrics = FaceMetrics(
            cmap=dict(zip(data["codes"], data["cids"], strict=True)),
            advance=dict(zip(data["glyphs"], data["advances"], strict=True)),
            upem=int(data["upem"]), bbox=tuple(int(v) for v in data["bbox"]),  # type: ignore[arg-type]
            ascent=int(data["ascent"]), descent=int(data["descent"]), cap_height=int(data["cap_height"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    complete = len(metrics.bbox) == 4 and NOTDEF in metrics.advance and metrics.upem > 0
    return metrics if complete and all(cid in metrics.advance for cid in metrics.cmap.values()) else None


def _write_metrics(cache: Path, metrics: FaceMetrics) -> None:
    """Best effort: a cache that cannot be written only costs reading the font next time."""
    data = {"codes": list(metrics.cmap), "cids": list(metrics.cmap.values()), "glyphs": list(metrics.advance),
            "advances": list(metrics.advance.values()), "upem": metrics.upem, "bbox": list(metrics.bbox),
            "ascent": metrics.ascent, "descent": metrics.descent, "cap_height": metrics.cap_height}
    write_cache_file(cache, json.dumps(data, separators=(",", ":")).encode("ascii"))


class FaceWriter:
    """One face: widths and codes of characters, the glyphs used so far, the embedded subset."""

    def __init__(self, path: Path, index: int, postscript_name: str, fixed: str = "") -> None:
        """``fixed``: characters this face usually draws all of (the fixed texts of a page); when every glyph
        drawn is among theirs, the subset embedded is theirs, made once per machine (see :meth:`subset_program`)."""
        self.path, self.index, self.postscript_name = path, index, postscript_name
        metrics = face_metrics(path, index)
        self.cmap, self.advance, self.upem = metrics.cmap, metrics.advance, metrics.upem
        self.bbox, self.ascent, self.descent, self.cap_height = (metrics.bbox, metrics.ascent, metrics.descent,
                                                                 metrics.cap_height)
        self.used: dict[int, str] = {}
        """CID → the character it was drawn for (the ToUnicode map)."""
        self._hex: dict[str, str] = {}
        self._units: dict[str, int] = {}
        self.fixed = frozenset(cid for cid in (self.cmap.get(ord(char), NOTDEF) for char in fixed) if cid != NOTDEF)

    def _char(self, char: str) -> int:
        """The advance of one character in font units; notes its glyph as used."""
        units = self._units.get(char)
        if units is None:
            cid = self.cmap.get(ord(char), NOTDEF)
            self._hex[char] = f"{cid:04X}"
            units = self._units[char] = self.advance.get(cid, self.upem)
            if cid != NOTDEF:
                self.used.setdefault(cid, char)
        return units

    def em(self, char: str) -> float:
        """The advance of one character in em (notes its glyph as used)."""
        return self._char(char) / self.upem

    def baseline(self, size: float, line: float) -> float:
        """Where the baseline of a line of ``line`` points at ``size`` points is, from the line's top (CSS
        half-leading: the ascent and descent centred in the line)."""
        return (line - (self.ascent - self.descent) * size / self.upem) / 2 + self.ascent * size / self.upem

    def measure(self, text: str) -> tuple[str, float]:
        """The Identity-H codes that draw ``text`` (hex, for a ``<…> Tj``) and its advance in font units."""
        try:
            return "".join(map(self._hex.__getitem__, text)), sum(map(self._units.__getitem__, text))
        except KeyError:
            for char in text:
                self._char(char)
            return self.measure(text)

    def width(self, text: str, size: float) -> float:
        """The advance of ``text`` at ``size`` points."""
        try:
            return sum(map(self._units.__getitem__, text)) * size / self.upem
        except KeyError:
            return self.measure(text)[1] * size / self.upem

    def hex(self, text: str) -> str:
        """The Identity-H codes that draw ``text``, as hex for a ``<…> Tj``."""
        return self.measure(text)[0]

    def fit(self, text: str, room: float, size: float, *, middle: bool = False) -> str:
        """``text`` as it fits in ``room`` points: whole, or cut with an ellipsis at its end — or, with
        ``middle``, in its middle, keeping its start and its end (where an identifier differs)."""
        if self.width(text, size) <= room:
            return text
        limit = room * self.upem / size - self._char(ELLIPSIS)
        if middle:
            head = self._fitting(text, limit / 2)
            tail = self._fitting(text[len(head):][::-1], limit - self.width(head, self.upem))[::-1]
            return head + ELLIPSIS + tail
        return self._fitting(text, limit) + ELLIPSIS

    def _fitting(self, text: str, limit: float) -> str:
        """The longest start of ``text`` whose advance is at most ``limit`` font units."""
        used = 0
        for end, char in enumerate(text):
            used += self._char(char)
            if used > limit:
                return text[:end]
        return text

    def wrap(self, text: str, room: float, size: float) -> list[str]:
        """``text`` broken into lines of at most ``room`` points (between any two characters, but never before a
        mark of :data:`NO_LINE_START`)."""
        lines, start, used = [], 0, 0
        limit = room * self.upem / size
        for end, char in enumerate(text):
            advance = self._char(char)
            if used + advance > limit and end > start:
                cut = end - 1 if char in NO_LINE_START and end - 1 > start else end
                lines.append(text[start:cut])
                start, used = cut, sum(self._char(c) for c in text[cut:end])
            used += advance
        lines.append(text[start:])
        return [lines[0], *(line.lstrip("\u3000 ") for line in lines[1:])]

    def subset_program(self) -> bytes:
        """The face's bare CFF table subset to the glyphs drawn (CIDs kept).

        Subsetting costs ≈ 0.15 s a face plus ≈ 2 ms a glyph (fontTools). When every glyph drawn is among the
        face's ``fixed`` ones, the subset of all of those is embedded instead: made once, then read from the disk
        cache beside the face metrics (``face-subset-*.cff``).
        """
        if self.fixed and self.used.keys() <= self.fixed:
            key = font_cache_key(self.path, self.index, METRICS_CACHE_VERSION, sorted(self.fixed))
            cache = font_cache_dir() / f"face-subset-{key}.cff"
            try:
                return cache.read_bytes()
            except OSError:
                program = self._subset(self.fixed)
                write_cache_file(cache, program)
                return program
        return self._subset(self.used.keys())

    def _subset(self, cids: Iterable[int]) -> bytes:
        from fontTools import subset
        from fontTools.ttLib import TTFont

        with TTFont(self.path, fontNumber=self.index, lazy=True) as font:
            tags = font.keys()
            for tag in set(tags) - SUBSET_TABLES:
                del font[tag]  # never read: only the CFF table is embedded (the layout tables cost 0.1–0.2 s)
            options = subset.Options()
            options.layout_features = []
            options.hinting = False
            options.desubroutinize = True
            options.notdef_outline = True
            options.ignore_missing_glyphs = True
            subsetter = subset.Subsetter(options)
            subsetter.populate(gids=[0, *sorted(cids)])
            subsetter.subset(font)
            data = BytesIO()
            font["CFF "].cff.compile(data, font)
            return data.getvalue()

    def objects(self, first: int) -> list[tuple[int, str, bytes | None]]:
        """The font's PDF objects numbered from ``first`` (the Type0 font is ``first``).

        Each is (number, text, data): a dictionary's text when data is None, else a stream's data and the
        entries of its dictionary other than its length and filter.
        """
        program = self.subset_program()
        tag = "".join(chr(ord("A") + int(c, 16)) for c in hashlib.sha256(program).hexdigest()[:6])
        name = f"{tag}+{self.postscript_name}"
        widths = " ".join(f"{cid} [{self.advance[cid] * 1000 // self.upem}]" for cid in sorted(self.used))
        descendant, descriptor, file, cmap = first + 1, first + 2, first + 3, first + 4
        bbox = " ".join(str(v) for v in self.bbox)
        return [
            (first, f"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H "
                    f"/DescendantFonts [{descendant} 0 R] /ToUnicode {cmap} 0 R >>", None),
            (descendant, f"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /{name} "
                         f"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                         f"/FontDescriptor {descriptor} 0 R /DW 1000 /W [{widths}] >>", None),
            (descriptor, f"<< /Type /FontDescriptor /FontName /{name} /Flags 6 /FontBBox [{bbox}] /ItalicAngle 0 "
                         f"/Ascent {self.ascent} /Descent {self.descent} /CapHeight {self.cap_height} /StemV 80 "
                         f"/FontFile3 {file} 0 R >>", None),
            (file, "/Subtype /CIDFontType0C", program),
            (cmap, "", to_unicode(self.used)),
        ]


def to_unicode(used: dict[int, str]) -> bytes:
    """A ToUnicode CMap mapping each CID to its character, in blocks of 100 (the CMap limit)."""
    pairs = [f"<{cid:04X}> <{ch.encode('utf-16-be').hex().upper()}>" for cid, ch in sorted(used.items())]
    blocks = "".join(f"{len(pairs[i:i + 100])} beginbfchar\n" + "\n".join(pairs[i:i + 100]) + "\nendbfchar\n"
                     for i in range(0, len(pairs), 100))
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            f"{blocks}endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n").encode("ascii")


def body_faces(bold_fixed: str = "") -> tuple[FaceWriter, FaceWriter]:
    """Noto Serif CJK SC regular and bold (``bold_fixed``: see :class:`FaceWriter`)."""
    regular, bold = body_face_file("Regular"), body_face_file("Bold")
    return FaceWriter(*regular, "NotoSerifCJKsc-Regular"), FaceWriter(*bold, "NotoSerifCJKsc-Bold", bold_fixed)
