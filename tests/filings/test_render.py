"""The rendering layer: template lookup, validation (exit 6), escaping, fonts (exit 7), DOCX and PDF out."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import docx
import pikepdf
import pytest

from evidence_kit.errors import ExitCode, RenderFailed, TemplateError
from evidence_kit.filings.render import Filing, Templates, render_filing, render_filings, texts_of

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
