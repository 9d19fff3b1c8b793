"""The rendering layer: template lookup, validation (exit 6), escaping, fonts (exit 7), DOCX and PDF out."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import pikepdf
import pytest

from evidence_kit.errors import ExitCode, RenderFailed, TemplateError
from evidence_kit.filings.readback import docx_pages
from evidence_kit.filings.render import (
    Filing,
    Templates,
    finished_docx,
    render_filing,
    render_filings,
    texts_of,
)

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Person:
    name: str
    id_number: str


@dataclass(frozen=True)
class Content:
    title: str
    parties: tuple[Person, ...]
    amount: str


CREATED = datetime(2025, 11, 3, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
CONTENT = Content("测试申请书", (Person("刘建华", "11010519860514041X"), Person("喆堃 & <子公司> {{ x }}", "1")),
                  "¥104,147.41")

HTML = """<h1>{{ title }}</h1>
{% for p in parties %}<p>被申请人：{{ p.name }}，身份证号：{{ p.id_number }}</p>
{% endfor %}<p>金额：{{ amount }}</p>
"""


def make_docx(path: Path, paragraphs: list[str]) -> None:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))


def user_templates(tmp_path: Path, docx_paragraphs: list[str] | None = None, html: str = HTML) -> Templates:
    folder = tmp_path / "templates"
    folder.mkdir()
    make_docx(folder / "demo.docx", docx_paragraphs or [
        "{{ title }}",
        "{%p for p in parties %}",
        "被申请人：{{ p.name }}，身份证号：{{ p.id_number }}",
        "{%p endfor %}",
        "金额：{{ amount }}",
    ])
    (folder / "demo.html").write_text(html, "utf-8")
    return Templates(folder)


def docx_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_renders_docx_and_pdf_with_escaping(tmp_path: Path) -> None:
    rendered = render_filing("demo", CONTENT, tmp_path / "out", user_templates(tmp_path), title="测试申请书")
    text = docx_text(rendered.docx)
    assert "被申请人：喆堃 & <子公司> {{ x }}，身份证号：1" in text
    assert "金额：¥104,147.41" in text
    pdf = pdf_text(rendered.pdf)
    assert "喆堃 & <子公司> {{ x }}" in pdf and "¥104,147.41" in pdf
    with pikepdf.open(rendered.pdf) as opened:
        assert len(opened.pages) == rendered.pages == 1
        assert [round(float(v)) for v in opened.pages[0].mediabox] == [0, 0, 595, 842]


def test_several_filings_one_layout_each_its_own_pdf(tmp_path: Path) -> None:
    templates = user_templates(tmp_path)
    (templates.folders[0] / "other.docx").write_bytes((templates.folders[0] / "demo.docx").read_bytes())
    (templates.folders[0] / "other.html").write_text(HTML + "<p style='break-before: page'>第二页</p>", "utf-8")
    first, second = render_filings([Filing("demo", CONTENT), Filing("other", CONTENT)], tmp_path / "out", templates)
    assert (first.pages, second.pages) == (1, 2)
    assert "第二页" in pdf_text(second.pdf) and "第二页" not in pdf_text(first.pdf)


def test_user_template_falls_back_per_file_to_builtin(tmp_path: Path) -> None:
    templates = user_templates(tmp_path)
    assert templates.path("demo.html").parent == templates.folders[0]
    assert templates.path("filings.css").parent == templates.folders[1]


def test_undefined_variable_is_exit_6_with_file_and_line(tmp_path: Path) -> None:
    templates = user_templates(tmp_path, html="<h1>{{ title }}</h1>\n<p>{{ parties[0].nmae }}</p>\n")
    with pytest.raises(TemplateError) as caught:
        render_filing("demo", CONTENT, tmp_path / "out", templates)
    assert caught.value.exit_code == ExitCode.TEMPLATE_ERROR
    assert caught.value.file == str(templates.folders[0] / "demo.html") and caught.value.row == 2
    assert not (tmp_path / "out").exists()


def test_docx_syntax_error_names_the_paragraph(tmp_path: Path) -> None:
    templates = user_templates(tmp_path, ["{{ title }}", "正文", "{{ amount }", "尾"])
    with pytest.raises(TemplateError) as caught:
        render_filing("demo", CONTENT, tmp_path / "out", templates)
    assert caught.value.file == str(templates.folders[0] / "demo.docx")
    assert caught.value.row == 3 and "paragraph 3" in caught.value.message
    assert not (tmp_path / "out").exists()


def test_docx_unknown_variable_names_the_paragraph(tmp_path: Path) -> None:
    templates = user_templates(tmp_path, ["{{ title }}", "{{ debtor_name }}"])
    with pytest.raises(TemplateError) as caught:
        render_filing("demo", CONTENT, tmp_path / "out", templates)
    assert caught.value.row == 2 and "debtor_name" in caught.value.message


def test_missing_template_is_exit_6(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match=r"no template nothing\.docx"):
        render_filing("nothing", CONTENT, tmp_path / "out")


def test_character_without_font_is_exit_7_naming_field(tmp_path: Path) -> None:
    content = Content("测试", (Person("刘\U000f0001", "1"),), "1")  # a private-use character
    with pytest.raises(RenderFailed) as caught:
        render_filing("demo", content, tmp_path / "out", user_templates(tmp_path))
    assert caught.value.column == "parties[0].name" and "U+F0001" in caught.value.message


def test_weasyprint_error_fails_the_render(tmp_path: Path) -> None:
    templates = user_templates(tmp_path, html=HTML + '<img src="https://example.com/x.png">')
    with pytest.raises(RenderFailed) as caught:
        render_filing("demo", CONTENT, tmp_path / "out", templates)
    assert caught.value.exit_code == ExitCode.RENDER_FAILED


def test_texts_of_walks_nested_content() -> None:
    assert ("parties[1].name", "喆堃 & <子公司> {{ x }}") in list(texts_of(CONTENT))


def test_docx_template_that_is_not_a_docx_is_exit_6(tmp_path: Path) -> None:
    templates = user_templates(tmp_path)
    (templates.folders[0] / "demo.docx").write_text("saved as plain text by mistake", "utf-8")
    with pytest.raises(TemplateError, match="cannot be read") as caught:
        render_filing("demo", CONTENT, tmp_path / "out", templates)
    assert caught.value.file == str(templates.folders[0] / "demo.docx")


def test_html_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    templates = user_templates(tmp_path, html="<h1>{{ title }}</h1>\n<p>\n{{ amount }</p>\n<p>尾</p>\n")
    with pytest.raises(TemplateError, match="syntax error") as caught:
        render_filing("demo", CONTENT, tmp_path / "out", templates)
    assert caught.value.file == str(templates.folders[0] / "demo.html") and caught.value.row == 3


# --------------------------------------------------------------------------- one write, cut into files


def two_filings(tmp_path: Path, css: str | None = None) -> tuple[Templates, list[Filing]]:
    templates = user_templates(tmp_path)
    folder = templates.folders[0]
    (folder / "other.docx").write_bytes((folder / "demo.docx").read_bytes())
    (folder / "other.html").write_text(HTML + "<p style='break-before: page'>第二页</p>", "utf-8")
    if css is not None:
        builtin = (templates.folders[1] / "filings.css").read_text("utf-8")
        (folder / "filings.css").write_text(builtin + css, "utf-8")
    return templates, [Filing("demo", CONTENT, "第一份申请书"), Filing("other", CONTENT, "第二份申请书")]


def font_programs(path: Path) -> set[bytes]:
    """The embedded font programs of a PDF, as stored (compressed)."""
    with pikepdf.open(path) as pdf:
        return {bytes(descriptor.FontFile3.read_raw_bytes()) for page in pdf.pages
                for font in page.Resources.Font.values() for descriptor in
                [font.DescendantFonts[0].FontDescriptor] if "/FontFile3" in descriptor}


def test_filings_are_written_once_and_cut_into_their_own_files(tmp_path: Path) -> None:
    templates, filings = two_filings(tmp_path)
    first, second = render_filings(filings, tmp_path / "out", templates, created=CREATED)
    for rendered, title, anchor in ((first, "第一份申请书", "filing-demo"), (second, "第二份申请书", "filing-other")):
        with pikepdf.open(rendered.pdf) as pdf:
            assert len(pdf.pages) == rendered.pages
            assert str(pdf.docinfo.Title) == title and str(pdf.Root.Lang) == "zh-CN"
            assert str(pdf.docinfo.CreationDate) == str(pdf.docinfo.ModDate) == "D:20251103080000+08'00"
            assert list(pikepdf.NameTree(pdf.Root.Names.Dests).keys()) == [anchor]
            assert pdf.Root.Names.Dests.Names[1][0].objgen == pdf.pages[0].objgen
    assert (first.pages, second.pages) == (1, 2)
    # Each file holds the same font subset: WeasyPrint subset each face once, for both.
    assert font_programs(first.pdf) == font_programs(second.pdf) and font_programs(first.pdf)


def test_a_filing_keeps_the_bookmarks_on_its_own_pages(tmp_path: Path) -> None:
    templates, filings = two_filings(tmp_path, css="h1 { bookmark-level: 1; }\n")
    first, second = render_filings(filings, tmp_path / "out", templates, created=CREATED)
    for rendered in (first, second):
        with pikepdf.open(rendered.pdf) as pdf, pdf.open_outline() as outline:
            assert [(item.title, item.destination[0].objgen) for item in outline.root] == [
                ("测试申请书", pdf.pages[0].objgen)]


def test_rendering_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    templates, filings = two_filings(tmp_path)
    once = render_filings(filings, tmp_path / "once", templates, created=CREATED)
    again = render_filings(filings, tmp_path / "again", templates, created=CREATED)
    for a, b in zip(once, again, strict=True):
        assert a.pdf.read_bytes() == b.pdf.read_bytes() and a.docx.read_bytes() == b.docx.read_bytes()


def test_each_docx_states_its_pdfs_page_count(tmp_path: Path) -> None:
    templates, filings = two_filings(tmp_path)
    first, second = render_filings(filings, tmp_path / "out", templates, page_counts=True)
    assert (docx_pages(first.docx), docx_pages(second.docx)) == (1, 2)
    with zipfile.ZipFile(second.docx) as package:
        assert b"<Pages>2</Pages>" in package.read("docProps/app.xml")
    # Without page_counts (the notices: their DOCX templates are not laid out on the PDF's measures), a DOCX
    # states no page count, not the one its template carried.
    first, second = render_filings(filings, tmp_path / "plain", templates)
    assert (docx_pages(first.docx), docx_pages(second.docx)) == (None, None)


def test_page_count_is_added_to_properties_without_one_and_absent_without_properties(tmp_path: Path) -> None:
    source = tmp_path / "plain.docx"
    make_docx(source, ["正文"])
    with zipfile.ZipFile(source) as package:
        app = package.read("docProps/app.xml")
        entries = {name: package.read(name) for name in package.namelist() if name != "docProps/app.xml"}
    without_pages = re.sub(rb"<Pages>\d+</Pages>", b"", app)
    assert b"<Pages>" not in without_pages
    (tmp_path / "stated.docx").write_bytes(finished_docx(zipped({**entries, "docProps/app.xml": without_pages}), 7))
    assert docx_pages(tmp_path / "stated.docx") == 7
    (tmp_path / "none.docx").write_bytes(finished_docx(zipped(entries), 7))
    assert docx_pages(tmp_path / "none.docx") is None
    (tmp_path / "removed.docx").write_bytes(finished_docx(zipped({**entries, "docProps/app.xml": app}), None))
    assert b"<Pages>" in app and docx_pages(tmp_path / "removed.docx") is None


def test_unreadable_page_count_is_a_value_error(tmp_path: Path) -> None:
    (tmp_path / "bad.docx").write_bytes(zipped({"docProps/app.xml": b"<Properties"}))
    with pytest.raises(ValueError, match=r"docProps/app\.xml"):
        docx_pages(tmp_path / "bad.docx")
    (tmp_path / "words.docx").write_bytes(zipped({"docProps/app.xml": (
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        b"<Pages>four</Pages></Properties>")}))
    with pytest.raises(ValueError, match="'four'"):
        docx_pages(tmp_path / "words.docx")


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in entries.items():
            package.writestr(name, data)
    return buffer.getvalue()
