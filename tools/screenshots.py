"""docs/images/*.png: screenshots of a real build, never drawn by hand (``make docs``).

Runs README.zh-CN.md's walkthrough (:mod:`walkthrough`) in a temporary folder with a fixed
``SOURCE_DATE_EPOCH``, then renders from what it built:

- ``bundle-index.png``: bundle.pdf's 证据目录 page (the first page that says 证据目录 after the cover);
- ``bundle-exhibit.png``: the first page of 证据1, with its stamp;
- ``package-index.png``: the counsel package's index.html in headless Chromium (when it is installed).

PDF pages go through ``pdftoppm -png -r 60``; every image is then reduced to a 64-colour palette
so that the committed files stay small.

    python tools/screenshots.py [IMAGES_DIR]     (default docs/images)
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
import walkthrough

IMAGES = walkthrough.REPO / "docs" / "images"
EPOCH = "1743379200"
"""2025-03-31 08:00 China time, the walkthrough case's as_of: the dates printed on the pages stay the same."""
RESOLUTION = "60"
PALETTE_COLOURS = 64
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars")
WINDOW = "1000,900"


def build_walkthrough(work: Path) -> Path:
    """The walkthrough's built case folder ``out/CASE_ID``; raises when a command ends otherwise than said."""
    env = walkthrough.prepare(work)
    env["SOURCE_DATE_EPOCH"] = EPOCH
    for step in walkthrough.run(work, env):
        if step.exit_code != step.command.expected:
            raise SystemExit(f"walkthrough: {step.command.line!r} ended with {step.exit_code}:\n{step.output}")
    return work / "out" / walkthrough.CASE_ID


def page_of(pdf: Path, text: str, pages: range) -> int:
    """The first of ``pages`` whose text holds ``text``."""
    for page in pages:
        shown = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], capture_output=True,
                               text=True, check=True).stdout
        if text in shown.replace(" ", ""):
            return page
    raise SystemExit(f"no page of {pdf} says {text}")


def render_page(pdf: Path, page: int, target: Path) -> None:
    stem = target.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", RESOLUTION, "-f", str(page), "-l", str(page), "-singlefile",
                    str(pdf), str(stem)], check=True)
    shrink(target)


def screenshot_index(folder: Path, target: Path, profile: Path) -> bool:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("chromium is not installed: package-index.png left as it was", file=sys.stderr)
        return False
    subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={WINDOW}",
                    f"--screenshot={target}", (folder / "index.html").as_uri()],
                   capture_output=True, timeout=120, check=True)
    shrink(target)
    return True


def shrink(path: Path) -> None:
    """A 64-colour palette PNG: text and tables stay sharp at a tenth of the size."""
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=PALETTE_COLOURS, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def main(argv: list[str]) -> int:
    images = Path(argv[0]) if argv else IMAGES
    images.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="screenshots-") as tmp:
        folder = build_walkthrough(Path(tmp) / "work")
        bundle = folder / "bundle.pdf"
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
        first_exhibit = manifest["exhibits"][0]["first_page"]
        render_page(bundle, page_of(bundle, "证据目录", range(2, first_exhibit)), images / "bundle-index.png")
        render_page(bundle, first_exhibit, images / "bundle-exhibit.png")
        screenshot_index(folder, images / "package-index.png", Path(tmp) / "profile")
    for path in sorted(images.glob("*.png")):
        print(f"{path.relative_to(walkthrough.REPO) if path.is_relative_to(walkthrough.REPO) else path}: "
              f"{path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
