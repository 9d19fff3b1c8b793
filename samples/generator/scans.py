"""Scans and recordings (Pillow, wave), deterministic: seeded random, fixed EXIF values, integer audio."""

from __future__ import annotations

import math
import random
import wave
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIR = Path("/usr/share/fonts/opentype/noto")
FONT_SC_INDEX = 2  # "Noto Sans CJK SC" inside the .ttc collections


def cjk_font(size: int, bold: bool = False, serif: bool = False) -> ImageFont.FreeTypeFont:
    family = "Serif" if serif else "Sans"
    weight = "Bold" if bold else "Regular"
    return ImageFont.truetype(str(FONT_DIR / f"Noto{family}CJK-{weight}.ttc"), size, index=FONT_SC_INDEX)


def speckle(image: Image.Image, seed: int, density: int, amplitude: int) -> Image.Image:
    """Scanner noise: a seeded grain layer plus a few dust specks, then a slight blur."""
    rng = random.Random(seed)
    gray = image.convert("L")
    grain = Image.frombytes("L", gray.size, rng.randbytes(gray.size[0] * gray.size[1]))
    grain = grain.point(lambda v: 128 + (v - 128) * amplitude // 128)
    noisy = Image.blend(gray, grain, 0.06).convert(image.mode) if amplitude else image
    draw = ImageDraw.Draw(noisy)
    for _ in range(density):
        x, y = rng.randrange(gray.size[0]), rng.randrange(gray.size[1])
        r = rng.choice((1, 1, 1, 2))
        shade = rng.randrange(60, 160)
        fill: Any = shade if noisy.mode == "L" else (shade, shade, shade)
        draw.ellipse((x, y, x + r, y + r), fill=fill)
    return noisy.filter(ImageFilter.GaussianBlur(0.55))


def rotate_scan(image: Image.Image, degrees: float) -> Image.Image:
    fill: Any = 250 if image.mode == "L" else (250, 250, 248)
    return image.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=fill)


def text_center(draw: ImageDraw.ImageDraw, x: int, y: int, text: str, font: Any, fill: Any) -> None:
    width = draw.textlength(text, font=font)
    draw.text((x - int(width) // 2, y), text, font=font, fill=fill)


def draw_seal(draw: ImageDraw.ImageDraw, cx: int, cy: int, radius: int, name: str, label: str) -> None:
    """A red seal drawn with Pillow (for the scans)."""
    red = (205, 40, 45)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=red, width=max(3, radius // 18))
    span = min(250.0, 24.0 * len(name))
    step = span / len(name)
    size = int(min(radius * 0.3, radius * 0.72 * math.radians(step)))
    font = cjk_font(size, bold=True)
    for i, char in enumerate(name):
        angle = -span / 2 + step * (i + 0.5)
        glyph = Image.new("L", (size * 2, size * 2), 0)
        ImageDraw.Draw(glyph).text((size // 2, size // 3), char, font=font, fill=255)
        glyph = glyph.rotate(-angle, resample=Image.Resampling.BICUBIC)
        x = cx + radius * 0.74 * math.sin(math.radians(angle)) - size
        y = cy - radius * 0.74 * math.cos(math.radians(angle)) - size
        draw.bitmap((int(x), int(y)), glyph, fill=red)
    draw.polygon(star_points(cx, cy, radius * 0.3), fill=red)
    if label:
        text_center(draw, cx, cy + int(radius * 0.42), label, cjk_font(int(radius * 0.17)), red)


def star_points(cx: float, cy: float, radius: float) -> list[tuple[float, float]]:
    points = []
    for k in range(10):
        r = radius if k % 2 == 0 else radius * 0.4
        a = math.radians(k * 36)
        points.append((cx + r * math.sin(a), cy - r * math.cos(a)))
    return points


def handwritten(image: Image.Image, xy: tuple[int, int], text: str, size: int, ink: Any) -> None:
    """Paste ``text`` slanted, as a signature."""
    font = cjk_font(size)
    layer = Image.new("L", (int(size * len(text) * 1.3) + 20, int(size * 1.6)), 0)
    ImageDraw.Draw(layer).text((10, 0), text, font=font, fill=255)
    layer = layer.transform(layer.size, Image.Transform.AFFINE, (1, 0.25, -size * 0.2, 0, 1, 0))
    image.paste(Image.new(image.mode, layer.size, ink), xy, layer)


def save_jpeg_with_orientation(image: Image.Image, path: Path, orientation: int, when: str) -> None:
    """Store the pixels turned so that a viewer honouring EXIF ``orientation`` shows them upright."""
    turns = {1: None, 3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}
    turn = turns[orientation]
    stored = image.transpose(turn) if turn is not None else image
    exif = Image.Exif()
    exif[0x010F] = "SAMPLE"  # Make
    exif[0x0110] = "DocScan S200"  # Model
    exif[0x0112] = orientation  # Orientation
    exif[0x0132] = when  # DateTime (fixed)
    path.parent.mkdir(parents=True, exist_ok=True)
    stored.save(path, "JPEG", quality=72, optimize=True, exif=exif.tobytes(), dpi=(150, 150))


def save_png(image: Image.Image, path: Path, colors: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if image.mode == "RGB":
        image = image.quantize(colors=colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    image.save(path, "PNG", optimize=True, dpi=(150, 150))


def write_recording(path: Path, seed: int, seconds: int, turns: Sequence[tuple[str, float]]) -> None:
    """An 8 kHz, 8-bit mono call recording stand-in: ring-back tone, then two alternating voices.

    Integer arithmetic only (a phase accumulator and a seeded random noise floor), so the bytes are
    the same on every platform.
    """
    rate = 8000
    rng = random.Random(seed)
    frames = bytearray()
    pitches = {"agent": 190, "debtor": 125}
    timeline: list[tuple[int, int, str]] = []
    cursor = 0
    ring = [(0, 8000, "ring"), (8000, 12000, "")]
    for start, end, what in ring:
        timeline.append((start, end, what))
        cursor = end
    for speaker, length in turns:
        samples = int(length * rate)
        timeline.append((cursor, cursor + samples, speaker))
        timeline.append((cursor + samples, cursor + samples + 2400, ""))
        cursor += samples + 2400
    total = seconds * rate
    phase = 0
    for n in range(total):
        what = next((w for s, e, w in timeline if s <= n < e), "")
        value = rng.randrange(-3, 4)
        if what == "ring":
            phase = (phase + 450 * 256 // rate * 256) % 65536
            value += _triangle(phase) * 40 // 128
        elif what:
            phase = (phase + pitches[what] * 65536 // rate) % 65536
            syllable = (n * 4 // rate) % 5  # roughly four syllables a second
            envelope = (0, 70, 100, 85, 40)[syllable]
            buzz = _triangle(phase) + (_triangle(phase * 3 % 65536) // 3)
            value += buzz * envelope // 260 + rng.randrange(-6, 7)
        frames.append(max(0, min(255, 128 + value)))
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(rate)
        out.writeframes(bytes(frames))


def _triangle(phase: int) -> int:
    """A triangle wave in [-128, 128] for a 16-bit phase."""
    p = phase % 65536
    return (p * 512 // 65536 - 128) if p < 32768 else (384 - p * 512 // 65536)

