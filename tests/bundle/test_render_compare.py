"""Every corpus page looks in the bundle as it looks in the original.

Each original page and its bundle page are rendered by poppler at low resolution; the
original's rendering is then put where the placement puts it (turned by the rotation the
upright correction chose, scaled, offset on A4) and the two are compared outside the stamp
band. A page that differs beyond :data:`MAX_MEAN_DIFFERENCE` fails: a page turned wrongly, a
page drawn twice, a lost frame, clipped content. Skipped when the shared corpus is absent.
"""

from __future__ import annotations

import math
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageChops, ImageFilter, ImageStat

from evidence_kit.bundle.pdf import open_pdf_exhibit
from evidence_kit.bundle.stamp import STAMP_BAND, place_page
from tests.bundle.test_corpus import CORPUS, FILES, MUST_REFUSE, build, corpus_exhibit

DPI = 36
INK = 200
"""Grey below which a blurred pixel counts as ink."""
MAX_MEAN_DIFFERENCE = 35.0
"""Mean absolute grey difference (0–255) allowed on the ink of a page and its bundle copy, outside the band.

Resampling at 36 dpi costs up to ~25 on small text; a page turned a quarter, drawn twice
or missing its frames costs over 50 (55–117 on the corpus pages turned a quarter too far)."""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.corpus,
    pytest.mark.skipif(not FILES, reason="../shared/corpus/pdfs is not present"),
]


def render(path: Path, page: int, out: Path, password: str | None = None) -> Image.Image:
    command = ["pdftoppm", "-r", str(DPI), "-gray", "-f", str(page), "-l", str(page), "-singlefile"]
    if password:
        command += ["-upw", password]
    subprocess.run([*command, "-png", str(path), str(out)], check=True, capture_output=True)
    return Image.open(out.with_suffix(".png")).convert("L")


def expected_page(original: Image.Image, page: pikepdf.Page, turn: int) -> Image.Image:
    """The original rendering, turned by ``turn`` degrees clockwise and placed as the bundle places it."""
    rotate = int(page.obj.get("/Rotate", 0))
    crop = page.obj.get("/CropBox")
    placement = place_page([float(v) for v in page.obj.MediaBox], [float(v) for v in crop] if crop else None, rotate)
    scale = math.hypot(placement.matrix[0], placement.matrix[1])
    shown = original.rotate(-turn, expand=True)
    px = DPI / 72
    size = (round(shown.width * scale), round(shown.height * scale))
    canvas = Image.new("L", (round(placement.width * px), round(placement.height * px)), 255)
    left = (canvas.width - size[0]) / 2
    top = canvas.height - STAMP_BAND * px - (canvas.height - STAMP_BAND * px - size[1]) / 2 - size[1]
    canvas.paste(shown.resize(size, Image.Resampling.LANCZOS), (round(left), round(top)))
    return canvas


def difference(expected: Image.Image, got: Image.Image) -> float:
    """Mean absolute grey difference where either rendering has ink, above the stamp band, both slightly blurred.

    Measured on ink only, so that a sparse page turned or shifted scores as badly as a full one.
    """
    band = round(STAMP_BAND * DPI / 72) + 1
    box = (0, 0, min(expected.width, got.width), min(expected.height, got.height) - band)
    blur = ImageFilter.GaussianBlur(1)
    first, second = expected.crop(box).filter(blur), got.crop(box).filter(blur)
    ink = ImageChops.darker(first, second).point(lambda v: 255 if v < INK else 0)
    if ImageStat.Stat(ink).sum[0] == 0:
        return 0.0
    return float(ImageStat.Stat(ImageChops.difference(first, second), mask=ink).mean[0])


@pytest.fixture(scope="module")
def corpus_bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[Path, int, int, int]]]:
    """The bundle of every includable corpus file; per bundle page: source, page number, turn."""
    tmp = tmp_path_factory.mktemp("render")
    usable = [p for p in FILES if p.name not in MUST_REFUSE]
    result = build(tuple(corpus_exhibit(p, no) for no, p in enumerate(usable, start=1)), tmp / "out")
    pages = []
    for source, exhibit in zip(usable, result.exhibits, strict=True):
        with pikepdf.open(source) as original:
            before = [int(p.obj.get("/Rotate", 0)) % 360 for p in original.pages]
        sanitised, _notes = open_pdf_exhibit(source, source.name, None)
        with sanitised:
            after = [int(p.obj.get("/Rotate", 0)) % 360 for p in sanitised.pages]
        for index in range(len(before)):
            pages.append((source, index + 1, exhibit.first_page + index, (after[index] - before[index]) % 360))
    return result.folder / "bundle.pdf", pages


def test_every_corpus_page_looks_as_in_the_original(corpus_bundle: tuple[Path, list[tuple[Path, int, int, int]]],
                                                    tmp_path: Path) -> None:
    bundle, pages = corpus_bundle
    differing = []
    for source, number, bundle_page, turn in pages:
        original = render(source, number, tmp_path / "original")
        got = render(bundle, bundle_page, tmp_path / "bundle")
        with pikepdf.open(source) as pdf:
            page = pdf.pages[number - 1]
            page.obj.Rotate = (int(page.obj.get("/Rotate", 0)) + turn) % 360
            expected = expected_page(original, page, turn)
        score = difference(expected, got)
        if score > MAX_MEAN_DIFFERENCE:
            differing.append(f"{source.name} page {number} (bundle page {bundle_page}): {score:.1f}")
    assert not differing, differing


def test_corpus_is_present() -> None:
    assert CORPUS.is_dir() and FILES
