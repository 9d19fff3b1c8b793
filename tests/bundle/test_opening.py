"""What ``check`` says about a PDF exhibit is what ``build`` does with it.

Generated equivalents of real-world trouble: a truncated file, a repaired cross-reference,
JPEG data with extraneous bytes or a premature end, encryption with an empty owner
password, a password that is not needed, text inside a Form XObject on a rotated page, a
file attached to an annotation, JavaScript under keys no list names.
"""

from __future__ import annotations

import subprocess
import warnings
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageDraw

from evidence_kit.bundle.pdf import open_pdf_exhibit, text_direction
from evidence_kit.case.model import Exhibit
from evidence_kit.check.exhibits import exhibit_problems
from evidence_kit.output.build import build_case
from evidence_kit.problems import CheckReport, Location, Problem, Severity
from tests.bundle.test_exhibits import damaged_xref, render_page, text_pdf
from tests.factories import make_case

Name = pikepdf.Name


def exhibit(path: Path, root: Path, no: int = 1, password: str | None = None) -> Exhibit:
    return Exhibit(no=no, file=path.relative_to(root).as_posix(), path=path, title=f"证据{no}", source="原告提供",
                   proves="借款事实", loc=Location("case.yaml"), password=password)


def check(root: Path, *exhibits: Exhibit) -> list[Problem]:
    return exhibit_problems(make_case(root=root, exhibits=exhibits))


def build(root: Path, out: Path, *exhibits: Exhibit) -> list[str]:
    case = make_case(root=root, exhibits=exhibits, payments=())
    result = build_case(case, out, report_json={}, ledger_exhibit=False, contacts_exhibit=False)
    assert subprocess.run(["qpdf", "--check", str(result.folder / "bundle.pdf")], capture_output=True).returncode == 0
    return list(result.notes)


def helvetica(pdf: pikepdf.Pdf) -> pikepdf.Object:
    return pdf.make_indirect(pikepdf.Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))


def three_pages(path: Path) -> Path:
    """Three text pages, written without object streams so that a cut keeps what precedes it."""
    pdf = pikepdf.new()
    font = helvetica(pdf)
    for n in range(1, 4):
        page = pdf.add_blank_page()
        page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.obj.Contents = pdf.make_stream(f"BT /F1 24 Tf 72 700 Td (Page {n} of the loan contract) Tj ET".encode())
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.save(path, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return path


def jpeg_bytes() -> bytes:
    image = Image.new("RGB", (800, 600), "white")
    draw = ImageDraw.Draw(image)
    for y in range(0, 600, 20):
        draw.line([(0, y), (800, 600 - y)], fill=(y % 255, 0, 0), width=3)
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def scan_pdf(path: Path, data: bytes) -> Path:
    """A scanner's PDF: one page drawing one JPEG (DCTDecode), its data as given."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(400, 300))
    image = pikepdf.Stream(pdf, data)
    image.Type, image.Subtype, image.Filter = Name.XObject, Name.Image, Name.DCTDecode
    image.Width, image.Height, image.ColorSpace, image.BitsPerComponent = 800, 600, Name.DeviceRGB, 8
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    page.obj.Contents = pdf.make_stream(b"q 400 0 0 300 0 0 cm /Im0 Do Q")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.save(path)
    return path


# --------------------------------------------------------------------------- repairs are findings


def test_truncated_file_is_a_warning_that_pages_may_be_missing(tmp_path: Path) -> None:
    whole = three_pages(tmp_path / "whole.pdf").read_bytes()
    cut = tmp_path / "exhibits" / "contract.pdf"
    cut.parent.mkdir()
    cut.write_bytes(whole[: len(whole) // 2])
    problems = check(tmp_path, exhibit(cut, tmp_path))
    assert [p.code for p in problems] == ["exhibit_repaired"]
    repaired = problems[0]
    assert repaired.severity is Severity.WARNING
    assert "exhibits/contract.pdf" in repaired.message and "pages may be missing" in repaired.message
    assert "page(s) recovered" in repaired.message and "intact copy" in repaired.hint
    assert CheckReport("X", problems).strictly().errors  # --strict refuses it
    notes = build(tmp_path, tmp_path / "out", exhibit(cut, tmp_path))
    assert any("pages may be missing" in n for n in notes)


def test_broken_xref_is_a_warning_naming_what_was_wrong(tmp_path: Path) -> None:
    (tmp_path / "exhibits").mkdir()
    broken = damaged_xref(tmp_path / "exhibits" / "b.pdf", text_pdf(tmp_path / "plain.pdf", "第一页", "第二页"))
    [problem] = check(tmp_path, exhibit(broken, tmp_path))
    assert problem.code == "exhibit_repaired" and problem.severity is Severity.WARNING
    assert "2 page(s) recovered" in problem.message and "pages may be missing" not in problem.message
    assert problem.loc is not None and problem.loc.column == "exhibits.0.file"


# --------------------------------------------------------------------------- check and build agree


@pytest.mark.parametrize("damage", ["extraneous", "truncated"])
def test_jpeg_that_viewers_decode_is_accepted_with_a_warning_by_check_and_build(tmp_path: Path, damage: str) -> None:
    data = jpeg_bytes()
    broken = data[:-2] + b"\0" * 125 + b"\xff\xd9" if damage == "extraneous" else data[: len(data) // 2] + b"\xff\xd9"
    scan = scan_pdf(tmp_path / "exhibits" / "scan.pdf", broken)
    [problem] = check(tmp_path, exhibit(scan, tmp_path))
    assert problem.code == "exhibit_image_damaged" and problem.severity is Severity.WARNING
    assert "page(s) 1" in problem.message and "exhibits/scan.pdf" in problem.message
    notes = build(tmp_path, tmp_path / "out", exhibit(scan, tmp_path))  # the default structural check
    assert any("JPEG" in n for n in notes)


def test_stream_that_does_not_decode_is_an_error_in_check(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    page.obj.Contents = pdf.make_stream(b"not deflate data " * 8, Filter=Name.FlateDecode)
    path = tmp_path / "exhibits" / "bad.pdf"
    path.parent.mkdir(parents=True)
    pdf.save(path)
    [problem] = check(tmp_path, exhibit(path, tmp_path))
    assert problem.code == "exhibit_damaged" and problem.severity is Severity.ERROR
    assert problem.message.startswith("exhibit 1 (exhibits/bad.pdf)")


def test_content_with_an_operator_inside_an_operand_is_an_error_not_a_crash(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    page.obj.Contents = pdf.make_stream(b"q 0 g 10 10 50 50 re f [ q ] Q")  # an operator inside an array
    path = tmp_path / "exhibits" / "odd.pdf"
    path.parent.mkdir(parents=True)
    pdf.save(path)
    [problem] = check(tmp_path, exhibit(path, tmp_path))
    assert problem.code == "exhibit_damaged" and problem.severity is Severity.ERROR
    assert "page 1" in problem.message


def test_content_stream_that_does_not_decode_is_said_of_its_page(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page().obj.Contents = pdf.make_stream(b"0 g 10 10 100 100 re f")
    pdf.add_blank_page().obj.Contents = pdf.make_stream(b"not deflate data " * 8, Filter=Name.FlateDecode)
    path = tmp_path / "exhibits" / "bad.pdf"
    path.parent.mkdir(parents=True)
    pdf.save(path, compress_streams=False)
    [problem] = check(tmp_path, exhibit(path, tmp_path))
    assert problem.code == "exhibit_damaged" and "page 2" in problem.message


def test_damage_in_a_part_no_page_uses_does_not_refuse(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    page.obj.Contents = pdf.make_stream(b"0 g 10 10 100 100 re f")
    pdf.Root.Unused = pdf.make_stream(b"not deflate data " * 8, Filter=Name.FlateDecode)
    path = tmp_path / "exhibits" / "x.pdf"
    path.parent.mkdir(parents=True)
    pdf.save(path)
    assert check(tmp_path, exhibit(path, tmp_path)) == []


# --------------------------------------------------------------------------- encryption and passwords


def test_empty_owner_password_is_said_as_it_is(tmp_path: Path) -> None:
    plain = text_pdf(tmp_path / "plain.pdf", "借款合同")
    locked = tmp_path / "exhibits" / "locked.pdf"
    locked.parent.mkdir(parents=True)
    with pikepdf.open(plain) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(user="open-me", owner="", R=6))
    pdf, notes = open_pdf_exhibit(locked, "exhibits/locked.pdf", None)
    pdf.close()
    assert any("open (user) password" in n and "owner password is empty" in n for n in notes)
    assert not any("only an owner" in n for n in notes)
    assert check(tmp_path, exhibit(locked, tmp_path)) == []


def test_unneeded_password_is_a_warning_at_its_line(tmp_path: Path) -> None:
    plain = text_pdf(tmp_path / "exhibits" / "plain.pdf", "借款合同")
    with warnings.catch_warnings(record=True) as printed:
        warnings.simplefilter("always")
        [problem] = check(tmp_path, exhibit(plain, tmp_path, password="not-needed"))
        build(tmp_path, tmp_path / "out", exhibit(plain, tmp_path, password="not-needed"))
    assert problem.code == "exhibit_password_unneeded" and problem.severity is Severity.WARNING
    assert problem.loc is not None and problem.loc.column == "exhibits.0.password"
    assert [str(w.message) for w in printed] == []  # pikepdf's own warning is not printed


# --------------------------------------------------------------------------- upright pages


def form_text_page(path: Path, rotate: int, *, page_text: bytes = b"") -> Path:
    """A page rotated by ``rotate`` whose text sits in a Form XObject drawn so it reads upright unrotated."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(595.276, 841.89))
    font = helvetica(pdf)
    form = pdf.make_stream(b"BT /F1 14 Tf 0 0 Td (TEXT INSIDE A FORM XOBJECT, READING UPRIGHT) Tj ET "
                           b"BT /F1 14 Tf 0 -20 Td (A SECOND LINE OF THE SAME FORM) Tj ET")
    form.Type, form.Subtype, form.BBox = Name.XObject, Name.Form, [0, -40, 500, 20]
    form.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm0=form),
                                            Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(b"q 1 0 0 1 60 600 cm /Fm0 Do Q " + page_text)
    page.obj.Rotate = rotate
    pdf.save(path)
    return path


@pytest.mark.parametrize("rotate", [90, 180, 270])
@pytest.mark.parametrize("page_text", [b"", b"BT /F1 8 Tf 0 1 -1 0 30 30 Tm (p1) Tj ET"])
def test_text_inside_form_xobjects_turns_the_page_upright(tmp_path: Path, rotate: int, page_text: bytes) -> None:
    path = form_text_page(tmp_path / "form.pdf", rotate, page_text=page_text)
    with pikepdf.open(path) as pdf:
        assert text_direction(pdf.pages[0]) == 0
    pdf, notes = open_pdf_exhibit(path, "form.pdf", None)
    with pdf:
        assert int(pdf.pages[0].obj.get("/Rotate", 0)) == 0
    assert any("upright" in n for n in notes)


def test_page_without_text_keeps_its_rotation(tmp_path: Path) -> None:
    path = scan_pdf(tmp_path / "scan.pdf", jpeg_bytes())
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[0].obj.Rotate = 90
        pdf.save()
    pdf, notes = open_pdf_exhibit(path, "scan.pdf", None)
    with pdf:
        assert int(pdf.pages[0].obj.Rotate) == 90
    assert not any("upright" in n for n in notes)


# --------------------------------------------------------------------------- nothing removed without a note


def attachment_page(path: Path) -> Path:
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    page.obj.Contents = pdf.make_stream(b"0 g 72 600 200 100 re f")
    data = pdf.make_stream(b"the attached ledger", Type=Name.EmbeddedFile)
    spec = pdf.make_indirect(pikepdf.Dictionary(Type=Name.Filespec, F=pikepdf.String("ledger.csv"),
                                                UF=pikepdf.String("ledger.csv"), EF=pikepdf.Dictionary(F=data)))
    pin = pdf.make_stream(b"0 0 1 rg 0 0 12 18 re f")
    pin.Type, pin.Subtype, pin.BBox = Name.XObject, Name.Form, [0, 0, 12, 18]
    annot = pdf.make_indirect(pikepdf.Dictionary(Type=Name.Annot, Subtype=Name.FileAttachment, FS=spec,
                                                 Rect=[300, 700, 312, 718], F=4, AP=pikepdf.Dictionary(N=pin)))
    page.obj.Annots = pdf.make_indirect([annot])
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array())  # a form with no fields: nothing to say
    script = pikepdf.Dictionary(S=Name.JavaScript, JS=pikepdf.String("app.alert('odd key')"))
    page.obj.Resources = pikepdf.Dictionary(Properties=pikepdf.Dictionary(Odd=pikepdf.Dictionary(Run=script)))
    pdf.save(path)
    return path


def test_attachment_in_an_annotation_and_javascript_anywhere_are_removed_and_counted(tmp_path: Path) -> None:
    (tmp_path / "exhibits").mkdir()
    path = attachment_page(tmp_path / "exhibits" / "attached.pdf")
    pdf, notes = open_pdf_exhibit(path, "exhibits/attached.pdf", None)
    with pdf:
        page = pdf.pages[0]
        assert "/Annots" not in page.obj
        assert "/Run" not in page.obj.Resources.Properties.Odd
    text = " | ".join(notes)
    assert "ledger.csv" in text and "embedded file" in text and "file attachment annotation" in text
    assert "1 JavaScript action(s) removed" in text
    assert "interactive form" not in text  # the form had no fields
    build(tmp_path, tmp_path / "out", exhibit(path, tmp_path))
    with pikepdf.open(tmp_path / "out" / "WORKED-EXAMPLE" / "bundle.pdf") as bundle:
        kinds = {str(o.get("/Type")) for o in bundle.objects if isinstance(o, (pikepdf.Dictionary, pikepdf.Stream))}
        subtypes = {str(o.get("/S")) for o in bundle.objects if isinstance(o, pikepdf.Dictionary)}
        assert "/EmbeddedFile" not in kinds and "/Filespec" not in kinds and "/JavaScript" not in subtypes


def test_inherited_rotation_is_judged_like_the_page_own(tmp_path: Path) -> None:
    path = form_text_page(tmp_path / "inherits.pdf", 0)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        del pdf.pages[0].obj["/Rotate"]
        pdf.Root.Pages.Rotate = 180
        pdf.save()
    pdf, notes = open_pdf_exhibit(path, "inherits.pdf", None)
    with pdf:
        assert int(pdf.pages[0].obj.get("/Rotate", 0)) == 0
    assert any("upright" in n for n in notes)


# --------------------------------------------------------------------------- forms as viewers draw them


def viewer_drawn_form(path: Path) -> Path:
    """A form that leaves drawing to the viewer (/NeedAppearances): an empty and a filled field, a push button."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(595, 842))
    font = helvetica(pdf)
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(Helv=font))
    page.obj.Contents = pdf.make_stream(b"BT /Helv 12 Tf 72 760 Td (Name:) Tj ET BT /Helv 12 Tf 72 700 Td (Filled:) Tj ET")

    def field(name: str, rect: list[int], ft: pikepdf.Name, **extra: object) -> pikepdf.Object:
        widget = pikepdf.Dictionary(Type=Name.Annot, Subtype=Name.Widget, FT=ft, T=pikepdf.String(name), Rect=rect,
                                    F=4, P=page.obj, DA=pikepdf.String("/Helv 10 Tf 0 g"),
                                    MK=pikepdf.Dictionary(BC=[0, 0, 1], BG=[1, 1, 0.8]), BS=pikepdf.Dictionary(W=1))
        for key, value in extra.items():
            widget[f"/{key}"] = value
        return pdf.make_indirect(widget)

    fields = [field("empty", [130, 750, 330, 772], Name.Tx),
              field("filled", [130, 690, 330, 712], Name.Tx, V=pikepdf.String("Zhang San")),
              field("button", [130, 630, 230, 655], Name.Btn, Ff=65536,
                    MK=pikepdf.Dictionary(BC=[0, 0, 0], BG=[0.8, 0.8, 0.8], CA=pikepdf.String("Submit")))]
    page.obj.Annots = pdf.make_indirect(fields)
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=fields, NeedAppearances=True, DA=pikepdf.String("/Helv 0 Tf 0 g"),
                                           DR=pikepdf.Dictionary(Font=pikepdf.Dictionary(Helv=font)))
    pdf.save(path)
    return path


def test_flattened_form_looks_as_a_viewer_draws_it(tmp_path: Path) -> None:
    """Empty fields keep their frames and backgrounds, a push button its caption (compared by rendering)."""
    from tests.bundle.test_render_compare import difference, render

    original = viewer_drawn_form(tmp_path / "form.pdf")
    pdf, notes = open_pdf_exhibit(original, "form.pdf", None)
    with pdf:
        pdf.save(tmp_path / "flat.pdf")
    assert any("3 form field(s)/annotation(s) flattened" in n for n in notes)
    before, after = render(original, 1, tmp_path / "o"), render(tmp_path / "flat.pdf", 1, tmp_path / "f")
    assert difference(before, after) < 10
    assert "Submit" in subprocess.run(["pdftotext", str(tmp_path / "flat.pdf"), "-"], capture_output=True,
                                      text=True).stdout


def pdflatex_form(path: Path, caption: bool) -> Path:
    """A form as pdfLaTeX (hyperref) writes it: each label typeset into the page, /NeedAppearances, a push button
    whose own appearance draws its label again (``caption``: its /MK has a /CA too), an empty text field and two
    check boxes (one on) with a frame (/MK /BC) and no appearance."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(300, 200))
    font = helvetica(pdf)
    dingbats = pdf.make_indirect(pikepdf.Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.ZapfDingbats))
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(b"BT /F1 10 Tf 20 150 Td (Name:) Tj ET BT /F1 10 Tf 110 67 Td (Submit) Tj ET "
                                        b"BT /F1 10 Tf 210 110 Td (Agree) Tj ET BT /F1 10 Tf 210 80 Td (Other) Tj ET")
    mk = pikepdf.Dictionary(BC=[1, 0, 0], CA=pikepdf.String("Submit")) if caption else pikepdf.Dictionary(BC=[1, 0, 0])
    own = pdf.make_stream(b"/Tx BMC q BT /Helv 10 Tf 0 g 14 8 Td (Submit) Tj ET Q EMC")
    own.Type, own.Subtype, own.BBox = Name.XObject, Name.Form, [0, 0, 60, 22]
    own.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(Helv=font))
    common = {"Type": Name.Annot, "Subtype": Name.Widget, "F": 4, "P": page.obj, "BS": pikepdf.Dictionary(W=1)}
    button = pikepdf.Dictionary(**common, FT=Name.Btn, Ff=65536, T=pikepdf.String("send"), Rect=[100, 60, 160, 82], MK=mk,
                                DA=pikepdf.String("/Helv 10 Tf 0 g"), AP=pikepdf.Dictionary(N=own))
    text = pikepdf.Dictionary(**common, FT=Name.Tx, T=pikepdf.String("name"), Rect=[60, 144, 260, 164],
                              MK=pikepdf.Dictionary(BC=[1, 0, 0]), DA=pikepdf.String("/Helv 10 Tf 0 g"),
                              V=pikepdf.String(""))
    boxes = [pikepdf.Dictionary(**common, FT=Name.Btn, T=pikepdf.String(name), Rect=[190, y, 204, y + 14],
                                MK=pikepdf.Dictionary(BC=[0, 0, 1], CA=pikepdf.String("4")),
                                DA=pikepdf.String("/ZaDb 0 Tf 0 g"), V=state, AS=state)
             for name, y, state in (("agree", 106, Name.Yes), ("other", 76, Name.Off))]
    fields = pdf.make_indirect([pdf.make_indirect(f) for f in (button, text, *boxes)])
    page.obj.Annots = fields
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=fields, NeedAppearances=True, DA=pikepdf.String("/Helv 0 Tf 0 g"),
                                           DR=pikepdf.Dictionary(Font=pikepdf.Dictionary(Helv=font, ZaDb=dingbats)))
    pdf.docinfo.Creator, pdf.docinfo.Producer = "LaTeX with hyperref", "pdfTeX-1.40.25"
    pdf.save(path)
    return path


def words(path: Path) -> list[str]:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()


@pytest.mark.parametrize("caption", [False, True])
def test_pdflatex_form_flattens_as_a_viewer_draws_it(tmp_path: Path, caption: bool) -> None:
    """The button's label as often as poppler shows it, the frames of the empty field, the button and the boxes."""
    from tests.bundle.test_render_compare import difference, render

    original = pdflatex_form(tmp_path / "form.pdf", caption)
    pdf, notes = open_pdf_exhibit(original, "form.pdf", None)
    with pdf:
        pdf.save(tmp_path / "flat.pdf")
    assert any("4 form field(s)/annotation(s) flattened" in n for n in notes)
    # poppler draws a viewer's appearance: the /MK caption when there is one, never the button's own appearance
    assert words(tmp_path / "flat.pdf").count("Submit") == words(original).count("Submit") == 1 + caption
    assert words(tmp_path / "flat.pdf").count("✔") == words(original).count("✔") == 1
    before, after = render(original, 1, tmp_path / "o"), render(tmp_path / "flat.pdf", 1, tmp_path / "f")
    assert difference(before, after) < 10
    framed = render_page(tmp_path / "flat.pdf", 1, dpi=72)
    assert framed.getpixel((130, 200 - 61))[0] > 200 > framed.getpixel((130, 200 - 61))[1]  # the button's red frame
    assert framed.getpixel((197, 200 - 107))[2] > 200 > framed.getpixel((197, 200 - 107))[0]  # the box's blue frame


def test_jpeg_that_does_not_decode_is_refused_by_check_and_build(tmp_path: Path) -> None:
    from evidence_kit.errors import InputUnreadable

    scan = scan_pdf(tmp_path / "exhibits" / "scan.pdf", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40 + b"\xff\xd9")
    [problem] = check(tmp_path, exhibit(scan, tmp_path))
    assert problem.code == "exhibit_damaged" and problem.severity is Severity.ERROR
    with pytest.raises(InputUnreadable) as caught:
        build(tmp_path, tmp_path / "out", exhibit(scan, tmp_path))
    assert caught.value.exit_code == 5 and caught.value.file == "exhibits/scan.pdf"
    assert not (tmp_path / "out").exists()


def test_jpeg_cut_short_without_its_end_marker_is_refused_not_a_crash(tmp_path: Path) -> None:
    from evidence_kit.errors import InputUnreadable

    data = jpeg_bytes()
    scan = scan_pdf(tmp_path / "exhibits" / "cut.pdf", data[: len(data) // 2])  # a download cut short: no EOI
    [problem] = check(tmp_path, exhibit(scan, tmp_path))
    assert problem.code == "exhibit_damaged" and "exhibits/cut.pdf" in problem.message
    with pytest.raises(InputUnreadable) as caught:
        build(tmp_path, tmp_path / "out", exhibit(scan, tmp_path))
    assert caught.value.exit_code == 5 and caught.value.file == "exhibits/cut.pdf"


# --------------------------------------------------------------------------- each exhibit checked once


def test_check_then_build_checks_each_exhibit_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``evidence-kit build`` checks the case, then builds: the build reuses each exhibit's check (and page nesting)."""
    from evidence_kit.case import pdf as opening

    submitted: list[tuple[object, ...]] = []
    submit = opening._submit

    def counting(function, *task):  # type: ignore[no-untyped-def]
        submitted.append(task)
        return submit(function, *task)

    monkeypatch.setattr(opening, "_submit", counting)
    root = tmp_path / "case"
    first = scan_pdf(root / "exhibits" / "scan.pdf", jpeg_bytes())
    second = three_pages(root / "exhibits" / "contract.pdf")
    exhibits = (exhibit(first, root, 1), exhibit(second, root, 2))
    assert check(root, *exhibits) == []
    assert len(submitted) == 2
    build(root, tmp_path / "out", *exhibits)
    assert len(submitted) == 2  # the build found both checks done
    pdf, _notes = open_pdf_exhibit(second, "exhibits/contract.pdf", None)  # the same file, the remembered check
    with pdf:
        assert len(submitted) == 2


def test_the_check_measures_the_nesting_the_stamp_uses(tmp_path: Path) -> None:
    from evidence_kit.bundle.exhibits import finish_check, prepare_exhibit

    path = tmp_path / "exhibits" / "unbalanced.pdf"
    pdf = pikepdf.new()
    for content in (b"q q 0 g 10 10 50 50 re f", b"Q 0 g 10 10 50 50 re f", b"0 g 10 10 50 50 re f"):
        page = pdf.add_blank_page()
        page.obj.Contents = pdf.make_stream(content)
    path.parent.mkdir(parents=True)
    pdf.save(path)
    prepared = prepare_exhibit(exhibit(path, tmp_path))
    assert prepared.pages is not None and prepared.pages.nesting is None  # still being checked
    finish_check(prepared)
    assert prepared.pages.nesting == [(0, 2), (1, 0), (0, 0)]
    prepared.pages.pdf.close()


def test_a_jpeg_seen_again_is_not_decoded_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Scanned bundles repeat images: each distinct JPEG (by the hash of its data) is decoded once per process."""
    from evidence_kit.case import pdf as opening

    decoded: list[int] = []
    decode = opening.jpeg_error

    def counting(data: bytes, filters: list[str]) -> str | None:
        decoded.append(len(data))
        return decode(data, filters)

    monkeypatch.setattr(opening, "jpeg_error", counting)
    monkeypatch.setattr(opening, "_VERDICTS", type(opening._VERDICTS)())
    data = jpeg_bytes()
    first, second = scan_pdf(tmp_path / "a.pdf", data), scan_pdf(tmp_path / "b.pdf", data)
    other = scan_pdf(tmp_path / "c.pdf", data[:2] + b"\xff\xfe\x00\x05odd" + data[2:])  # a comment: other bytes
    parts = [opening.check_part(str(p), None, 0, 1, True) for p in (first, second, other)]  # here, not in a worker
    assert [p.jpeg for p in parts] == [{}, {}, {}] and all(p.nesting == [(0, 0)] for p in parts)
    assert len(decoded) == 2
