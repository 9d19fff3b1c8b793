"""Exhibit files → PDF pages: types from content, passwords, repairs, sanitising, images, recordings.

The inputs are generated here (WeasyPrint, Pillow, pikepdf, wave); the generators are
reused by test_bundle.py, test_manifest.py and test_corpus.py.
"""

from __future__ import annotations

import shutil
import subprocess
import wave
from functools import lru_cache
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageDraw, ImageOps

from evidence_kit.bundle.exhibits import prepare_exhibit, sniff_exhibit
from evidence_kit.bundle.images import image_pdf
from evidence_kit.bundle.pdf import open_pdf_exhibit, text_direction
from evidence_kit.case.audio import amr_duration, audio_duration, duration_text
from evidence_kit.case.model import Exhibit
from evidence_kit.errors import ExitCode, InputUnreadable
from evidence_kit.problems import Location

# --------------------------------------------------------------------------- input generators


@lru_cache(maxsize=32)
def _weasy_pdf(texts: tuple[str, ...], landscape: bool) -> bytes:
    import weasyprint

    size = "A4 landscape" if landscape else "A4"
    pages = "".join(f"<section><h1>{t}</h1><p>本页内容：{t}。</p></section>" for t in texts)
    html = (f"<html><head><style>@page {{ size: {size}; margin: 20mm }} section + section {{ break-before: page }}"
            f" body {{ font-family: 'Noto Serif CJK SC' }}</style></head><body>{pages}</body></html>")
    return bytes(weasyprint.HTML(string=html).write_pdf())


def text_pdf(path: Path, *texts: str, landscape: bool = False) -> Path:
    """A small Chinese PDF with one page per text (rendered with WeasyPrint, cached)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_weasy_pdf(tuple(texts), landscape))
    return path


def encrypted_pdf(path: Path, source: Path, *, user: str, owner: str) -> Path:
    with pikepdf.open(source) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(user=user, owner=owner, R=6))
    return path


def truncated(path: Path, source: Path, fraction: float = 0.6) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])
    return path


def damaged_xref(path: Path, source: Path) -> Path:
    """A PDF whose startxref points nowhere: qpdf reconstructs the cross-reference table."""
    data = source.read_bytes()
    head = data.rpartition(b"startxref")[0]
    path.write_bytes(head + b"startxref\n999999999\n%%EOF\n")
    return path


def active_pdf(path: Path) -> Path:
    """A form with a filled field, document JavaScript, an open action and an embedded file."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(595.276, 841.89))
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(b"BT /F1 14 Tf 72 760 Td (Form page) Tj ET")
    appearance = pdf.make_stream(b"/Tx BMC BT /F1 12 Tf 2 6 Td (FILLED-VALUE) Tj ET EMC")
    appearance.Type, appearance.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
    appearance.BBox = [0, 0, 200, 20]
    appearance.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    field = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Tx, T=pikepdf.String("name"),
        V=pikepdf.String("FILLED-VALUE"), Rect=[72, 700, 272, 720], F=4, P=page.obj,
        AP=pikepdf.Dictionary(N=appearance),
        AA=pikepdf.Dictionary(K=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))),
    ))
    page.obj.Annots = pdf.make_indirect([field])
    page.obj.AA = pikepdf.Dictionary(O=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("1")))
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[field])
    script = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('hi')"))
    pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(Names=[pikepdf.String("a"), script]))
    pdf.Root.OpenAction = script
    pdf.attachments["secret.txt"] = pikepdf.AttachedFileSpec(pdf, b"secret data", mime_type="text/plain")
    pdf.save(path)
    return path


def rotated_pdf(path: Path, rotate: int, *, text: str = "ROTATED PAGE TEXT SAMPLE FOR DIRECTION") -> Path:
    """A portrait page whose text is upright in user space, with a black box at its top left."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(595.276, 841.89))
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    content = f"0 g 40 700 160 120 re f BT /F1 18 Tf 60 600 Td ({text}) Tj ET"
    page.obj.Contents = pdf.make_stream(content.encode())
    page.obj.Rotate = rotate
    pdf.save(path)
    return path


def full_bleed_pdf(path: Path, size: tuple[float, float] = (595.276, 841.89)) -> Path:
    """A page entirely black, edge to edge: a stamp must not land on it."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=size)
    page.obj.Contents = pdf.make_stream(f"0 g 0 0 {size[0]} {size[1]} re f".encode())
    pdf.save(path)
    return path


def marked_image(size: tuple[int, int] = (600, 400), mode: str = "RGB") -> Image.Image:
    """White, with a red block in the top-left corner (to see orientation)."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, size[0] // 4, size[1] // 4], fill=(255, 0, 0))
    draw.rectangle([size[0] // 2, size[1] // 2, size[0] // 2 + 40, size[1] // 2 + 10], fill=(0, 0, 0))
    return image.convert(mode)


def jpeg(path: Path, orientation: int = 1, size: tuple[int, int] = (600, 400), dpi: int = 150) -> Path:
    image = marked_image(size)
    exif = image.getexif()
    exif[0x0112] = orientation
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", exif=exif.tobytes(), dpi=(dpi, dpi), quality=90)
    return path


def png(path: Path, mode: str = "RGB", size: tuple[int, int] = (600, 400)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = marked_image(size, "RGBA" if mode == "RGBA" else "RGB").convert(mode)
    image.save(path, "PNG", dpi=(150, 150))
    return path


def tiff(path: Path, frames: int = 3) -> Path:
    images = [marked_image((500, 700)).convert("1") for _ in range(frames)]
    path.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(path, "TIFF", save_all=True, append_images=images[1:], compression="group4", dpi=(200, 200))
    return path


def wav(path: Path, seconds: float = 3.0, rate: int = 8000) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(2)
        recording.setframerate(rate)
        recording.writeframes(b"\0\0" * int(rate * seconds))
    return path


def amr(path: Path, frames: int = 250) -> Path:
    """AMR-NB 12.2 kbit/s: frame type 7, 31 bytes after the header byte, 20 ms each."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"#!AMR\n" + (bytes([7 << 3 | 0x04]) + b"\0" * 31) * frames)
    return path


def mp3(path: Path, frames: int = 100) -> Path:
    """MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, silent frames of 417 bytes (1152 samples each)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((b"\xff\xfb\x90\x64" + b"\0" * 413) * frames)
    return path


def exhibit(path: Path, root: Path, no: int = 1, **extra: object) -> Exhibit:
    defaults: dict[str, object] = {"title": f"测试证据{no}", "source": "原告提供", "proves": "测试事实"}
    defaults.update(extra)
    return Exhibit(no=no, file=path.relative_to(root).as_posix(), path=path, loc=Location("case.yaml"),
                   **defaults)  # type: ignore[arg-type]


def render_page(pdf_path: Path, page: int, dpi: int = 30) -> Image.Image:
    """A page as pixels (pdftoppm), to check what a reader sees."""
    result = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", str(pdf_path)],
                            capture_output=True, check=True)
    return Image.open(BytesIO(result.stdout)).convert("RGB")


def red_corner(image: Image.Image) -> str:
    """Which quadrant holds most of the red block: 'top-left', 'top-right', …"""
    width, height = image.size
    best, where = -1, ""
    for name, box in {
        "top-left": (0, 0, width // 2, height // 2), "top-right": (width // 2, 0, width, height // 2),
        "bottom-left": (0, height // 2, width // 2, height), "bottom-right": (width // 2, height // 2, width, height),
    }.items():
        region = image.crop(box)
        red = sum(1 for r, g, b in region.get_flattened_data() if r > 180 and g < 90 and b < 90)
        if red > best:
            best, where = red, name
    return where


# --------------------------------------------------------------------------- types from content


def test_zero_bytes_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "exhibits" / "empty.pdf"
    empty.parent.mkdir()
    empty.write_bytes(b"")
    with pytest.raises(InputUnreadable) as caught:
        sniff_exhibit(empty, "exhibits/empty.pdf")
    assert caught.value.exit_code == ExitCode.INPUT_UNREADABLE
    assert "exhibits/empty.pdf" in str(caught.value)
    assert "0 bytes" in caught.value.message


def test_png_named_pdf_is_refused(tmp_path: Path) -> None:
    fake = png(tmp_path / "scan.png").rename(tmp_path / "contract.pdf")
    with pytest.raises(InputUnreadable) as caught:
        sniff_exhibit(fake, "contract.pdf")
    assert "PNG" in caught.value.message and "PDF" in caught.value.message
    assert "contract.pdf" in str(caught.value)


def test_type_comes_from_content_not_name(tmp_path: Path) -> None:
    text_pdf(tmp_path / "export.dat", "借款合同")
    assert sniff_exhibit(tmp_path / "export.dat", "export.dat") == "pdf"
    jpeg(tmp_path / "photo")
    assert sniff_exhibit(tmp_path / "photo", "photo") == "jpeg"


def test_unknown_content_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04 not an exhibit type")
    with pytest.raises(InputUnreadable, match="not a PDF"):
        sniff_exhibit(tmp_path / "notes.docx", "notes.docx")


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputUnreadable) as caught:
        sniff_exhibit(tmp_path / "gone.pdf", "gone.pdf")
    assert caught.value.file == "gone.pdf"


# --------------------------------------------------------------------------- PDFs


def test_owner_password_only_opens_as_is(tmp_path: Path) -> None:
    plain = text_pdf(tmp_path / "plain.pdf", "借款合同")
    locked = encrypted_pdf(tmp_path / "locked.pdf", plain, user="", owner="owner-secret")
    pdf, notes = open_pdf_exhibit(locked, "locked.pdf", None)
    with pdf:
        assert len(pdf.pages) == 1
    assert any("owner" in n for n in notes)


def test_user_password_needs_password_from_case_yaml(tmp_path: Path) -> None:
    plain = text_pdf(tmp_path / "plain.pdf", "借款合同")
    locked = encrypted_pdf(tmp_path / "locked.pdf", plain, user="open-me", owner="owner-secret")
    with pytest.raises(InputUnreadable) as caught:
        open_pdf_exhibit(locked, "exhibits/locked.pdf", None)
    assert caught.value.exit_code == 5
    assert "exhibits/locked.pdf" in str(caught.value)
    assert "password" in caught.value.hint
    with pytest.raises(InputUnreadable, match="does not open"):
        open_pdf_exhibit(locked, "exhibits/locked.pdf", "wrong")
    pdf, notes = open_pdf_exhibit(locked, "exhibits/locked.pdf", "open-me")
    with pdf:
        assert len(pdf.pages) == 1
    assert any("decrypted" in n for n in notes)


def test_truncated_pdf_is_refused(tmp_path: Path) -> None:
    plain = text_pdf(tmp_path / "plain.pdf", "第一页", "第二页")
    cut = truncated(tmp_path / "cut.pdf", plain)
    with pytest.raises(InputUnreadable) as caught:
        open_pdf_exhibit(cut, "exhibits/cut.pdf", None)
    assert "damaged" in caught.value.message
    assert caught.value.file == "exhibits/cut.pdf"


def test_damaged_but_recoverable_pdf_is_repaired(tmp_path: Path) -> None:
    plain = text_pdf(tmp_path / "plain.pdf", "第一页", "第二页")
    broken = damaged_xref(tmp_path / "broken.pdf", plain)
    pdf, notes = open_pdf_exhibit(broken, "broken.pdf", None)
    with pdf:
        assert len(pdf.pages) == 2
    assert any("repaired" in n for n in notes)


def test_active_content_is_stripped_and_reported(tmp_path: Path) -> None:
    pdf, notes = open_pdf_exhibit(active_pdf(tmp_path / "form.pdf"), "form.pdf", None)
    with pdf:
        page = pdf.pages[0]
        assert "/Annots" not in page.obj and "/AA" not in page.obj
        content = b"".join(s.read_bytes() for s in page.obj.Contents) if isinstance(
            page.obj.Contents, pikepdf.Array) else page.obj.Contents.read_bytes()
        assert b"/Fxo" in content or b"Do" in content  # the filled field's appearance is now page content
    text = " ".join(notes)
    for expected in ("form", "JavaScript", "open action", "embedded file"):
        assert expected in text


def test_upside_down_page_is_turned_upright(tmp_path: Path) -> None:
    pdf, notes = open_pdf_exhibit(rotated_pdf(tmp_path / "r.pdf", 180), "r.pdf", None)
    with pdf:
        assert int(pdf.pages[0].obj.get("/Rotate", 0)) == 0
    assert any("upright" in n for n in notes)


def test_intended_rotation_is_kept(tmp_path: Path) -> None:
    """Text drawn sideways on a page rotated to show it upright stays as it is."""
    source = pikepdf.new()
    page = source.add_blank_page(page_size=(595.276, 841.89))
    font = source.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                   BaseFont=pikepdf.Name.Helvetica))
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = source.make_stream(b"BT /F1 12 Tf 0 1 -1 0 300 100 Tm (SIDEWAYS TABLE TEXT FOR LANDSCAPE) Tj ET")
    page.obj.Rotate = 90
    assert text_direction(page) == 90
    source.save(tmp_path / "landscape.pdf")
    pdf, notes = open_pdf_exhibit(tmp_path / "landscape.pdf", "landscape.pdf", None)
    with pdf:
        assert int(pdf.pages[0].obj.Rotate) == 90
    assert notes == []


# --------------------------------------------------------------------------- images


@pytest.mark.slow
@pytest.mark.parametrize("orientation", range(1, 9))
def test_jpeg_orientation_is_honoured_without_recompression(tmp_path: Path, orientation: int) -> None:
    path = jpeg(tmp_path / "photo.jpg", orientation)
    pdf, _ = image_pdf(path, "jpeg", "photo.jpg")
    with pdf:
        image = pdf.pages[0].obj.Resources.XObject.Im0
        assert image.read_raw_bytes() == path.read_bytes()
        assert image.Filter == pikepdf.Name.DCTDecode
        pdf.save(tmp_path / "out.pdf")
    expected = ImageOps.exif_transpose(Image.open(path))
    assert expected is not None
    page = render_page(tmp_path / "out.pdf", 1)
    assert (page.width > page.height) == (expected.width > expected.height)
    assert red_corner(page) == red_corner(expected)


def test_png_goes_in_without_recompression(tmp_path: Path) -> None:
    path = png(tmp_path / "scan.png")
    pdf, _ = image_pdf(path, "png", "scan.png")
    with pdf:
        image = pdf.pages[0].obj.Resources.XObject.Im0
        assert image.DecodeParms.Predictor == 15
        decoded = pikepdf.PdfImage(image).as_pil_image()
    assert decoded.convert("RGB").tobytes() == Image.open(path).convert("RGB").tobytes()


def test_png_with_transparency_is_flattened_on_white(tmp_path: Path) -> None:
    path = png(tmp_path / "stamp.png", mode="RGBA")
    pdf, _ = image_pdf(path, "png", "stamp.png")
    with pdf:
        assert len(pdf.pages) == 1
        image = pdf.pages[0].obj.Resources.XObject.Im0
        assert "/SMask" not in image


def test_multi_page_tiff_gives_one_page_per_frame(tmp_path: Path) -> None:
    pdf, _ = image_pdf(tiff(tmp_path / "fax.tif", frames=3), "tiff", "fax.tif")
    with pdf:
        assert len(pdf.pages) == 3
        image = pdf.pages[0].obj.Resources.XObject.Im0
        assert int(image.BitsPerComponent) == 1


def test_landscape_image_goes_on_landscape_a4(tmp_path: Path) -> None:
    pdf, _ = image_pdf(jpeg(tmp_path / "wide.jpg", size=(1200, 500)), "jpeg", "wide.jpg")
    with pdf:
        x0, y0, x1, y1 = (float(v) for v in pdf.pages[0].mediabox)
    assert x1 - x0 > y1 - y0
    assert round(x1 - x0) == 842


def test_truncated_jpeg_is_refused(tmp_path: Path) -> None:
    path = jpeg(tmp_path / "photo.jpg", size=(1200, 900))
    truncated(tmp_path / "cut.jpg", path, 0.5)
    with pytest.raises(InputUnreadable) as caught:
        image_pdf(tmp_path / "cut.jpg", "jpeg", "exhibits/cut.jpg")
    assert caught.value.file == "exhibits/cut.jpg"


# --------------------------------------------------------------------------- recordings


def test_wav_duration(tmp_path: Path) -> None:
    assert audio_duration(wav(tmp_path / "a.wav", 3.0), "wav") == pytest.approx(3.0)


def test_amr_duration(tmp_path: Path) -> None:
    path = amr(tmp_path / "call.amr", frames=250)
    assert amr_duration(path.read_bytes()) == pytest.approx(5.0)
    assert audio_duration(path, "amr") == pytest.approx(5.0)


def test_mp3_duration(tmp_path: Path) -> None:
    seconds = audio_duration(mp3(tmp_path / "call.mp3", frames=100), "mp3")
    assert seconds == pytest.approx(100 * 1152 / 44100, rel=0.05)


def test_unreadable_duration_is_said_so(tmp_path: Path) -> None:
    path = tmp_path / "call.m4a"
    path.write_bytes(b"\0\0\0\x18ftypM4A \0\0\0\0M4A isom" + b"\0" * 64)
    assert sniff_exhibit(path, "call.m4a") == "m4a"
    assert audio_duration(path, "m4a") is None
    assert duration_text(None) == "无法从文件读取"
    assert duration_text(65.2) == "00:01:05（65 秒）"


def test_recording_becomes_a_placeholder_section(tmp_path: Path) -> None:
    path = wav(tmp_path / "exhibits" / "call.wav", 2.0)
    prepared = prepare_exhibit(exhibit(path, tmp_path, transcript="催收员：请尽快还款。"))
    assert prepared.pages is None and prepared.section is not None
    context = prepared.section.context
    assert context["file_name"] == "call.wav"
    assert context["sha256"] == prepared.sha256 and len(prepared.sha256) == 64
    assert context["duration"].startswith("00:00:02")
    assert context["transcript"] == "催收员：请尽快还款。"


def test_sensitive_exhibit_becomes_a_placeholder_for_collectors(tmp_path: Path) -> None:
    path = jpeg(tmp_path / "exhibits" / "id.jpg")
    court = prepare_exhibit(exhibit(path, tmp_path, sensitive=True), profile="court")
    assert court.pages is not None
    court.pages.pdf.close()
    collector = prepare_exhibit(exhibit(path, tmp_path, sensitive=True), profile="collector")
    assert collector.pages is None and collector.section is not None
    assert collector.section.template == "sensitive_exhibit.html"


@pytest.mark.parametrize(("title", "name"), [
    ("借款人居民身份证复印件（正反面）", "scan-01.jpg"),
    ("还款账户", "04-银行卡正反面.jpg"),
    ("借款人户口簿首页及本人页", "hk.jpg"),
    ("某某有限公司营业执照（副本）复印件", "licence.jpg"),
    ("EMS邮件签收回执", "ems.jpg"),
])
def test_an_identifying_document_is_withheld_from_collectors_unless_marked_not_sensitive(
        tmp_path: Path, title: str, name: str) -> None:
    """A scan of an ID card, a bank card … shows identifiers that no text redaction reaches: withheld by default."""
    path = jpeg(tmp_path / "exhibits" / name)
    unmarked = prepare_exhibit(exhibit(path, tmp_path, title=title), profile="collector")
    assert unmarked.pages is None and unmarked.section is not None
    assert unmarked.section.template == "sensitive_exhibit.html"
    assert "a document that shows personal identifiers" in " ".join(unmarked.notes)
    assert "sensitive: false" in " ".join(unmarked.notes)
    released = prepare_exhibit(exhibit(path, tmp_path, title=title, sensitive=False), profile="collector")
    assert released.pages is not None and released.section is None
    released.pages.pdf.close()
    court = prepare_exhibit(exhibit(path, tmp_path, title=title), profile="court")
    assert court.pages is not None and not court.notes
    court.pages.pdf.close()


def test_an_ordinary_scan_is_not_withheld(tmp_path: Path) -> None:
    path = jpeg(tmp_path / "exhibits" / "minutes.jpg")
    prepared = prepare_exhibit(exhibit(path, tmp_path, title="董事会决议"), profile="collector")
    assert prepared.pages is not None and prepared.section is None
    prepared.pages.pdf.close()


def test_sensitive_false_does_not_release_a_pdf_whose_text_shows_an_identifier(tmp_path: Path) -> None:
    """``sensitive: false`` answers the title's default only: text that shows an ID number still withholds the PDF."""
    from evidence_kit.case.redact import Redactor

    path = text_pdf(tmp_path / "exhibits" / "form.pdf", "申请人身份证号码 11010519491231002X")
    prepared = prepare_exhibit(exhibit(path, tmp_path, title="贷款申请表", sensitive=False), profile="collector",
                               redactor=Redactor("collector"))
    assert prepared.section is not None and "its text shows personal identifiers" in " ".join(prepared.notes)


def test_pdftoppm_available() -> None:
    assert shutil.which("pdftoppm"), "poppler-utils is needed by these tests"


def test_sixteen_bit_grey_scan_keeps_its_greys(tmp_path: Path) -> None:
    from evidence_kit.bundle.images import image_pdf

    scan = Image.new("I;16", (300, 200), 65535)  # white paper
    for x in range(100, 200):
        for y in range(50, 150):
            scan.putpixel((x, y), 19660)  # a 30 % grey stamp
    path = tmp_path / "grey16.png"
    scan.save(path)
    pdf, _notes = image_pdf(path, "png", "grey16.png")
    out = tmp_path / "grey16.pdf"
    pdf.save(out)
    image = render_page(out, 1, dpi=40).convert("L")
    width, height = image.size
    values = sorted(image.get_flattened_data())
    assert values[len(values) // 2] > 240  # the paper stays white
    grey = [v for v in values if 60 <= v <= 100]
    assert len(grey) > width * height // 40, "the grey area turned white or black"


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\x00\x00\x00\x18ftypM4A \x00\x00\x00\x00", "m4a"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", None),  # a phone photo, not a recording
        (b"\x00\x00\x00\x18ftypavif\x00\x00\x00\x00", None),
        (b"\xff\xf1\x50\x80\x02\x1f\xfc", "m4a"),  # raw AAC (ADTS)
        (b"\xff\xfb\x90\x64\x00", "mp3"),  # MPEG-1 layer III frame
        (b"ID3\x04\x00\x00\x00\x00\x00\x00", "mp3"),
    ],
)
def test_sniffing_recordings_and_look_alikes(head: bytes, kind: str | None) -> None:
    from evidence_kit.case.sniff import sniff_bytes

    assert sniff_bytes(head) == kind


def test_oversized_image_is_refused_with_advice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from evidence_kit.bundle import images as exhibit_images
    from evidence_kit.errors import InputUnreadable

    monkeypatch.setattr(exhibit_images, "MAX_PIXELS", 10_000)
    path = png(tmp_path / "big.png", mode="L", size=(300, 300))
    with pytest.raises(InputUnreadable) as info:
        exhibit_images.image_pdf(path, "png", "big.png")
    assert info.value.file == "big.png" and "600 dpi" in info.value.hint
    from PIL import Image as _Image

    assert _Image.MAX_IMAGE_PIXELS != 10_000  # the limit is restored after decoding
