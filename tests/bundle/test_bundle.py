"""Bundles built end to end, checked by reading the output back with other tools.

pdftotext (poppler) for the text on each page and the numbers the 证据目录 prints, pypdf for
bookmarks, links and page labels, pikepdf for structure, pdftoppm for what a reader sees,
``qpdf --check`` for syntax. Nothing here trusts the builder's own bookkeeping.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader

from evidence_kit.bundle import assemble as bundle_module
from evidence_kit.case.model import Case
from evidence_kit.errors import CannotWrite, ExitCode, InputUnreadable, VerificationFailed
from evidence_kit.output.build import BuildResult, build_case
from tests.bundle.test_exhibits import (
    active_pdf,
    encrypted_pdf,
    exhibit,
    full_bleed_pdf,
    jpeg,
    png,
    render_page,
    rotated_pdf,
    text_pdf,
    tiff,
    truncated,
    wav,
)
from tests.factories import make_case, make_contact

pytestmark = pytest.mark.slow

ON = date(2025, 6, 30)
A4_WIDTH = 595.276
SAMPLES = Path(__file__).resolve().parents[2] / "samples"


# --------------------------------------------------------------------------- reading a bundle back


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_texts(pdf: Path) -> list[str]:
    """Text of every page (pdftotext), whitespace removed."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [squeeze(page) for page in out.split("\f")[:-1]]


Word = tuple[float, float, float, float, str]


def bbox_words(pdf: Path, first: int, last: int) -> list[list[Word]]:
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(first), "-l", str(last), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    pattern = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
    return [[(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in pattern.findall(chunk)]
            for chunk in out.split("<page ")[1:]]


def index_ranges(pdf: Path, first: int, last: int) -> dict[int, str]:
    """What the 证据目录 prints in its 页码 column, per 证据N row (read from the page layout).

    A row runs from its 证据N label down to the next label; a long range may wrap after its dash.
    """
    found: dict[int, str] = {}
    for words in bbox_words(pdf, first, last):
        header = [w for w in words if w[4] == "页码"]
        if not header:
            continue
        left, right = header[0][0] - 15, header[0][2] + 15
        labels = sorted((w[1], int(m.group(1))) for w in words
                        if (m := re.fullmatch(r"证据(\d+)", w[4])) and w[0] < left)
        for (top, no), (bottom, _) in zip(labels, [*labels[1:], (10_000.0, 0)], strict=True):
            cells = sorted((w[1], w[0], w[4]) for w in words
                           if top - 3 <= w[1] < bottom - 3 and left <= (w[0] + w[2]) / 2 <= right)
            found[no] = "".join(text for _, _, text in cells)
    return found


def manifest_of(result: BuildResult) -> dict[str, Any]:
    return json.loads((result.folder / "manifest.json").read_text("utf-8"))


def report_of(result: BuildResult) -> dict[str, Any]:
    return json.loads((result.folder / "report.json").read_text("utf-8"))


# --------------------------------------------------------------------------- one rich bundle


def rich_case(root: Path) -> Case:
    ex = root / "exhibits"
    files = [
        (text_pdf(ex / "contract.pdf", "借款合同甲页", "借款合同乙页", "借款合同丙页"), {"title": "借款合同", "original": True}),
        (jpeg(ex / "receipt.jpg", orientation=6), {"title": "放款凭证"}),
        (rotated_pdf(ex / "upside.pdf", 180), {"title": "倒置的通知书"}),
        (full_bleed_pdf(ex / "black.pdf"), {"title": "满版扫描件"}),
        (wav(ex / "call.wav", 2.0), {"title": "催收录音", "transcript": "催收员：请尽快还款。借款人：好的。"}),
        (tiff(ex / "fax.tif", frames=2), {"title": "传真件"}),
        (active_pdf(ex / "form.pdf"), {"title": "申请表"}),
        (text_pdf(ex / "wide.pdf", "横向对账单页", landscape=True), {"title": "对账单", "original": False}),
    ]
    exhibits = tuple(exhibit(path, root, no, **extra) for no, (path, extra) in enumerate(files, start=1))
    contacts = (make_contact(), make_contact(channel="sms", outcome="delivered", summary="催收短信"))
    return make_case(root=root, exhibits=exhibits, contacts=contacts)


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("rich-case")
    case = rich_case(root)
    return build_case(case, root.parent / "rich-out", report_json={"case_id": case.case_id, "errors": []}, on=ON)


@pytest.fixture(scope="module")
def rich_texts(rich: BuildResult) -> list[str]:
    return page_texts(rich.folder / "bundle.pdf")


def test_outputs_exist(rich: BuildResult) -> None:
    assert sorted(p.name for p in rich.folder.iterdir()) == ["bundle.pdf", "manifest.json", "report.json"]
    assert [p.name for p in rich.folder.parent.iterdir()] == [rich.folder.name]


def test_index_numbers_equal_manifest_and_where_the_text_is(rich: BuildResult, rich_texts: list[str]) -> None:
    manifest = manifest_of(rich)
    index_pages = report_of(rich)["bundle"]["index_pages"]
    printed = index_ranges(rich.folder / "bundle.pdf", 2, 1 + index_pages)
    total = len(rich_texts)
    assert len(manifest["exhibits"]) == 10  # 8 files + repayment ledger + contact log
    for item in manifest["exhibits"]:
        no, first, last = item["no"], item["first_page"], item["last_page"]
        expected = str(first) if first == last else f"{first}–{last}"
        assert printed[no] == expected, f"证据{no}"
        assert f"证据{no}-1第{first}页共{total}页" in rich_texts[first - 1]
        assert f"证据{no}-{last - first + 1}第{last}页共{total}页" in rich_texts[last - 1]
        if last < total:
            assert f"证据{no}-" not in rich_texts[last]
    contract = manifest["exhibits"][0]
    assert "借款合同甲页" in rich_texts[contract["first_page"] - 1]
    assert "借款合同丙页" in rich_texts[contract["last_page"] - 1]
    assert not any("借款合同甲页" in t for t in rich_texts[: contract["first_page"] - 1])


def test_every_page_is_stamped_with_extractable_text(rich: BuildResult, rich_texts: list[str]) -> None:
    total = len(rich_texts)
    with pikepdf.open(rich.folder / "bundle.pdf") as pdf:
        assert len(pdf.pages) == total == rich.bundle_pages
    for number, text in enumerate(rich_texts, start=1):
        assert f"第{number}页共{total}页" in text


def test_stamp_font_is_embedded(rich: BuildResult) -> None:
    fonts = subprocess.run(["pdffonts", str(rich.folder / "bundle.pdf")], capture_output=True, text=True,
                           check=True).stdout
    stamp_fonts = [line for line in fonts.splitlines() if "NotoSansCJKsc" in line]
    assert stamp_fonts and all(" yes " in line for line in stamp_fonts)


def test_bookmarks_links_and_labels_lead_to_first_pages(rich: BuildResult) -> None:
    manifest = manifest_of(rich)
    reader = PdfReader(rich.folder / "bundle.pdf")
    firsts = {f"证据{e['no']} {e['title']}": e["first_page"] for e in manifest["exhibits"]}
    bookmarks = {item.title: reader.get_destination_page_number(item) + 1 for item in reader.outline
                 if not isinstance(item, list)}
    assert {k: v for k, v in bookmarks.items() if k != "证据目录"} == firsts
    assert bookmarks["证据目录"] == 2
    labels = reader.page_labels
    assert labels[0] == "封面" and labels[1] == "目录1"
    index_pages = report_of(rich)["bundle"]["index_pages"]
    targets: dict[int, set[int]] = {}
    for number in range(1, 1 + index_pages):
        for annot in reader.pages[number].get("/Annots", []):
            annot = annot.get_object()
            assert annot["/Subtype"] == "/Link" and "/A" not in annot
            no = int(str(annot["/NM"]).split("-")[1])
            targets.setdefault(no, set()).add(reader.get_page_number(annot["/Dest"][0].get_object()) + 1)
    for item in manifest["exhibits"]:
        assert targets[item["no"]] == {item["first_page"]}
        assert labels[item["first_page"] - 1] == f"证据{item['no']}-1"


def test_qpdf_check_is_clean(rich: BuildResult) -> None:
    result = subprocess.run(["qpdf", "--check", str(rich.folder / "bundle.pdf")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_pages_are_upright_a4(rich: BuildResult) -> None:
    manifest = manifest_of(rich)
    with pikepdf.open(rich.folder / "bundle.pdf") as pdf:
        for page in pdf.pages:
            x0, y0, x1, y1 = (round(float(v)) for v in page.mediabox)
            assert sorted((x1 - x0, y1 - y0)) == [595, 842]
            assert int(page.obj.get("/Rotate", 0)) == 0
        wide = manifest["exhibits"][7]["first_page"]
        x0, y0, x1, y1 = (float(v) for v in pdf.pages[wide - 1].mediabox)
        assert x1 - x0 > y1 - y0
    upside = manifest["exhibits"][2]["first_page"]
    image = render_page(rich.folder / "bundle.pdf", upside, dpi=20).convert("L")
    width, height = image.size
    top_left = image.crop((0, 0, width // 2, height // 2))
    bottom_right = image.crop((width // 2, height // 2, width, height))
    assert _dark_share(top_left) > 0.05 > _dark_share(bottom_right)


def _dark_share(image: Any) -> float:
    pixels = list(image.get_flattened_data())
    return sum(1 for p in pixels if p < 100) / len(pixels)


def test_stamp_does_not_cover_content(rich: BuildResult, rich_texts: list[str]) -> None:
    black = manifest_of(rich)["exhibits"][3]["first_page"]
    image = render_page(rich.folder / "bundle.pdf", black, dpi=72).convert("L")
    width, height = image.size
    band = image.crop((0, height - 28, width, height))
    content = image.crop((40, 10, width - 40, height - 40))
    assert _dark_share(content) > 0.95
    assert 0 < _dark_share(band) < 0.15
    assert f"证据4-1第{black}页" in rich_texts[black - 1]


def test_active_content_never_reaches_the_bundle(rich: BuildResult) -> None:
    with pikepdf.open(rich.folder / "bundle.pdf") as pdf:
        assert not ({"/AcroForm", "/OpenAction", "/Names", "/AA"} & set(pdf.Root.keys()))
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                keys = set(obj.keys())
                assert not ({"/JS", "/JavaScript", "/EmbeddedFile", "/EmbeddedFiles", "/AA"} & keys)
                assert obj.get("/Subtype") not in (pikepdf.Name.Widget, pikepdf.Name.FileAttachment)
    texts = page_texts(rich.folder / "bundle.pdf")
    assert "FILLED-VALUE" in texts[manifest_of(rich)["exhibits"][6]["first_page"] - 1]
    notes = report_of(rich)["bundle"]["exhibits"][6]["notes"]
    assert any("JavaScript" in n for n in notes) and any("embedded" in n for n in notes)


def test_recording_placeholder_and_generated_tables(rich: BuildResult, rich_texts: list[str]) -> None:
    items = manifest_of(rich)["exhibits"]
    audio = rich_texts[items[4]["first_page"] - 1]
    assert "call.wav" in audio and items[4]["sha256"] in audio
    assert "00:00:02" in audio and "请尽快还款" in audio
    ledger = "".join(rich_texts[items[8]["first_page"] - 1: items[8]["last_page"]])
    assert "还款明细" in ledger and "516.67" in ledger and "2,833.34" in ledger
    contacts = "".join(rich_texts[items[9]["first_page"] - 1: items[9]["last_page"]])
    assert "催收记录" in contacts and "电话" in contacts and "催收短信" in contacts


def test_cover_page(rich_texts: list[str]) -> None:
    cover = rich_texts[0]
    for expected in ("证据材料", "金融借款合同纠纷", "中国示例银行股份有限公司北京分行", "张三", "北京市西城区人民法院",
                     "2025年6月30日"):
        assert expected in cover


def test_report_tells_what_was_done(rich: BuildResult) -> None:
    report = report_of(rich)
    assert report["case_id"] == "WORKED-EXAMPLE"
    bundle = report["bundle"]
    assert bundle["pages"] == rich.bundle_pages
    kinds = [e["kind"] for e in bundle["exhibits"]]
    assert kinds == ["pdf", "jpeg", "pdf", "pdf", "wav", "tiff", "pdf", "pdf", "ledger", "contacts"]
    assert any("upright" in n for n in bundle["exhibits"][2]["notes"])
    assert any("EXIF" in n for n in bundle["exhibits"][1]["notes"])


# --------------------------------------------------------------------------- options


def test_cover_sheets_collector_profile_and_no_generated_exhibits(tmp_path: Path) -> None:
    root = tmp_path / "case"
    contract = text_pdf(root / "exhibits" / "contract.pdf", "合同第一页", "合同第二页")
    id_card = jpeg(root / "exhibits" / "id.jpg")
    case = make_case(root=root, exhibits=(
        exhibit(contract, root, 1, title="借款合同"), exhibit(id_card, root, 2, title="身份证", sensitive=True),
    ))
    result = build_case(case, tmp_path / "out", report_json={}, profile="collector", exhibit_covers=True,
                        ledger_exhibit=False, contacts_exhibit=False, on=ON)
    texts = page_texts(result.folder / "bundle.pdf")
    first, second = manifest_of(result)["exhibits"]
    assert len(manifest_of(result)["exhibits"]) == 2
    assert (first["last_page"] - first["first_page"], second["last_page"] - second["first_page"]) == (2, 1)
    total = len(texts)
    assert f"证据1第{first['first_page']}页共{total}页" in texts[first["first_page"] - 1]
    assert "借款合同" in texts[first["first_page"] - 1]
    assert f"证据1-1第{first['first_page'] + 1}页" in texts[first["first_page"]]
    assert "个人敏感信息" in texts[second["last_page"] - 1]
    labels = PdfReader(result.folder / "bundle.pdf").page_labels
    assert labels[first["first_page"] - 1] == "证据1" and labels[first["first_page"]] == "证据1-1"
    printed = index_ranges(result.folder / "bundle.pdf", 2, 2)
    assert printed == {1: f"{first['first_page']}–{first['last_page']}", 2: f"{second['first_page']}–{second['last_page']}"}


def test_long_index_spans_pages_and_numbers_stay_true(tmp_path: Path) -> None:
    root = tmp_path / "case"
    source = text_pdf(root / "exhibits" / "page.pdf", "单页证据")
    long_proves = "证明借款合同关系成立、借款已发放、借款人逾期未还款以及担保人应承担连带保证责任的事实。" * 2
    exhibits = tuple(
        replace(exhibit(source, root, no, title=f"第{no}份证据材料", proves=long_proves)) for no in range(1, 41)
    )
    result = build_case(make_case(root=root, exhibits=exhibits), tmp_path / "out", report_json={}, on=ON,
                        ledger_exhibit=False, contacts_exhibit=False)
    index_pages = report_of(result)["bundle"]["index_pages"]
    assert index_pages >= 2
    assert report_of(result)["bundle"]["index_renders"] == 2  # laid out for one page, then for its length
    printed = index_ranges(result.folder / "bundle.pdf", 2, 1 + index_pages)
    items = manifest_of(result)["exhibits"]
    assert items[0]["first_page"] == 2 + index_pages
    assert printed == {e["no"]: str(e["first_page"]) for e in items}


def _index_items(kind: str) -> list[Any]:
    from evidence_kit.bundle.plan import PlanItem

    if kind == "short":
        return [PlanItem(str(n), f"证据材料第{n}份", "原告提供", "借款事实", pages=20) for n in range(1, 244)]
    if kind == "long ranges":
        return [PlanItem(str(n), f"证据材料{n}", "原告提供", "借款事实", pages=n * 37) for n in range(1, 31)]
    if kind == "long proves":
        proves = "证明借款合同关系成立、借款已发放、借款人逾期未还款以及担保人应承担连带保证责任的事实。"
        return [PlanItem(str(n), f"第{n}份证据（借款合同 No. 2024-{n:03d}）", "银行系统导出", proves * (1 + n % 3),
                         pages=1 + n % 7, original=n % 2 == 0) for n in range(1, 61)]
    return [PlanItem(str(n), "个人借款合同 TEST-001", "原告提供", "借款关系成立", pages=3, original=True)
            for n in range(1, 4)]


@pytest.mark.parametrize("kind", ["short", "long ranges", "long proves", "few"])
def test_drawn_index_keeps_every_cell_in_its_column_and_above_the_stamp_band(kind: str, tmp_path: Path) -> None:
    """The 证据目录 as poppler reads it: every row's texts whole and in order, each word inside its column,
    nothing below the bottom margin (the stamp band), the page count the layout reported."""
    from evidence_kit.bundle.assemble import IndexRenderer, index_cells
    from evidence_kit.bundle.indexpdf import BODY_BOTTOM, BODY_WIDTH, INDEX_SHARES, MARGIN_LEFT
    from evidence_kit.bundle.plan import plan_bundle
    from evidence_kit.bundle.readback import read_index_cells

    renderer = IndexRenderer(replace(make_case(), court="北京市第二中级人民法院金融审判庭"), ON)
    plan = plan_bundle(_index_items(kind), cover_pages=0, index_pages=3)
    pages = renderer(plan)
    path = tmp_path / "index.pdf"
    with renderer.pdf() as index:
        assert len(index.pages) == pages
        index.save(path)
    edges = [MARGIN_LEFT + sum(INDEX_SHARES[:n]) * BODY_WIDTH for n in range(len(INDEX_SHARES) + 1)]
    by_page = bbox_words(path, 1, pages)
    words = [w for page in by_page for w in page]
    assert all(w[3] <= BODY_BOTTOM + 1 for w in words)
    heads = [next(w[1] for w in page if w[4] == "序号") for page in by_page if any(w[4] == "序号" for w in page)]
    assert len(heads) >= pages - 1  # the column heads on every page (the last may hold only the signature)
    table_words = [w for page, top in zip(by_page, heads, strict=False) for w in page
                   if w[1] >= top - 1 and not w[4].startswith("提交")]
    columns: list[list[Word]] = [[] for _share in INDEX_SHARES]
    for word in table_words:
        inside = [n for n, (left, right) in enumerate(itertools.pairwise(edges))
                  if left - 1 <= word[0] and word[2] <= right + 1]
        assert inside, word
        columns[inside[0]].append(word)
    printed = ["".join(w[4] for w in column) for column in columns]  # page by page, top to bottom
    for planned in plan.exhibits:  # each cell's text whole, in its column, wrapped or not
        for column, cell in enumerate(index_cells(planned, plan)):
            assert squeeze(cell) in printed[column], cell
    expected = {e.no: e.page_range for e in plan.exhibits}
    assert read_index_cells(path, replace(plan, index_pages=pages), placeholder_links(path, "pages")) == expected


def test_pages_are_copied_once_with_what_they_inherit(tmp_path: Path) -> None:
    from evidence_kit.bundle.assemble import copy_pages
    from evidence_kit.bundle.exhibits import PageSource

    source = pikepdf.new()
    source.add_blank_page(page_size=(300, 400))
    source.add_blank_page(page_size=(300, 400))
    for page in source.pages:
        del page.obj["/MediaBox"]
    source.Root.Pages.MediaBox = pikepdf.Array([0, 0, 300, 400])
    source.Root.Pages.Rotate = 90
    source.save(tmp_path / "inherits.pdf")
    with pikepdf.open(tmp_path / "inherits.pdf") as opened, pikepdf.new() as out:
        pages = PageSource(opened, range(2), owned=False)
        owned = copy_pages(out, [(pages, 1), (None, 0), (pages, 0)])
        assert [is_owned for is_owned, _nesting in owned] == [False, True, False]
        assert len(out.pages) == 3
        assert [int(p.obj.get("/Rotate", 0)) for p in out.pages] == [90, 0, 90]
        assert [float(p.mediabox[2]) for p in out.pages] == [300, A4_WIDTH, 300]
        out.save(tmp_path / "copied.pdf")
    with pikepdf.open(tmp_path / "copied.pdf") as saved:
        assert len(saved.pages) == 3 and not saved.check_pdf_syntax()
    with pikepdf.open(tmp_path / "inherits.pdf") as opened, pikepdf.new() as out:
        pages = PageSource(opened, range(2), owned=False)
        with pytest.raises(RuntimeError, match="twice"):
            copy_pages(out, [(pages, 0), (pages, 0)])


def placeholder_links(path: Path, part: str) -> list[Any]:
    """The links of a 证据目录 written alone (their placeholder URIs not yet turned into destinations)."""
    from evidence_kit.bundle.assemble import LINK_BASE
    from evidence_kit.bundle.readback import IndexLink

    links = []
    with pikepdf.open(path) as index:
        for number, page in enumerate(index.pages, start=1):
            for annot in page.obj.get("/Annots", []):
                uri = str(annot.A.URI)
                if uri.startswith(LINK_BASE) and uri.endswith(f"/{part}"):
                    x0, y0, x1, y1 = (float(v) for v in annot.Rect)
                    rect = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
                    links.append(IndexLink(int(uri.removeprefix(LINK_BASE).split("/")[0]), part, number, None, rect))
    return links


def test_index_prints_long_ranges_inside_their_cells(tmp_path: Path) -> None:
    """Ranges of 4 and 5 digits (bundles of thousands of pages) stay in the 页码 cell, readable."""
    from evidence_kit.bundle.assemble import IndexRenderer
    from evidence_kit.bundle.plan import PlanItem, plan_bundle
    from evidence_kit.bundle.readback import read_index_cells

    items = [PlanItem(str(n), f"证据材料{n}", "原告提供", "借款事实", pages=n * 37) for n in range(1, 31)]
    plan = plan_bundle(items, cover_pages=0, index_pages=3)
    assert plan.exhibits[-1].page_range == "16099–17208"
    renderer = IndexRenderer(make_case(), ON)
    pages = renderer(plan)
    path = tmp_path / "index.pdf"
    with renderer.pdf() as index:
        index.save(path)
    links = placeholder_links(path, "pages")
    expected = {e.no: e.page_range for e in plan.exhibits}
    assert read_index_cells(path, replace(plan, index_pages=pages), links) == expected
    assert index_ranges(path, 1, pages) == expected


def layered_pdf(path: Path) -> Path:
    """Left half in a layer shown by default, right half in a layer hidden by default."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(400, 400))
    shown = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.OCG, Name=pikepdf.String("shown")))
    hidden = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.OCG, Name=pikepdf.String("hidden")))
    page.obj.Resources = pikepdf.Dictionary(Properties=pikepdf.Dictionary(on=shown, off=hidden))
    page.obj.Contents = pdf.make_stream(
        b"/OC /on BDC 0 g 0 0 200 400 re f EMC /OC /off BDC 0 g 200 0 200 400 re f EMC")
    pdf.Root.OCProperties = pikepdf.Dictionary(OCGs=[shown, hidden], D=pikepdf.Dictionary(ON=[shown], OFF=[hidden]))
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.save(path)
    return path


def test_hidden_layers_stay_hidden(tmp_path: Path) -> None:
    root = tmp_path / "case"
    layered = layered_pdf(root / "exhibits" / "layers.pdf")
    case = make_case(root=root, exhibits=(exhibit(layered, root, 1),), payments=())
    result = build_case(case, tmp_path / "out", report_json={})
    first = manifest_of(result)["exhibits"][0]["first_page"]
    image = render_page(result.folder / "bundle.pdf", first, dpi=20).convert("L")
    width, height = image.size
    middle = height // 2
    assert image.getpixel((width // 2 - 20, middle)) < 100
    assert image.getpixel((width // 2 + 20, middle)) > 200


def test_layout_engine_reads_nothing_from_outside(tmp_path: Path) -> None:
    """WeasyPrint may fetch only the tool's templates; what it logs as an error is a failure."""
    from weasyprint.urls import FatalURLFetchingError

    from evidence_kit.bundle.htmlpdf import _local_fetcher, _render
    from evidence_kit.errors import RenderFailed

    fetcher = _local_fetcher()
    for url in ("https://example.invalid/logo.png", (tmp_path / "x.png").as_uri()):
        with pytest.raises(FatalURLFetchingError):
            fetcher.fetch(url)
    with pytest.raises(RenderFailed):
        _render('<html><body><img src="missing-image.png"></body></html>', what="test page")


# --------------------------------------------------------------------------- failures publish nothing


def _bad_user_encrypted(root: Path) -> Path:
    plain = text_pdf(root / "plain.pdf", "加密合同")
    return encrypted_pdf(root / "exhibits" / "locked.pdf", plain, user="secret", owner="owner")


def _bad_truncated(root: Path) -> Path:
    return truncated(root / "exhibits" / "cut.pdf", text_pdf(root / "whole.pdf", "第一页", "第二页"))


def _bad_png_named_pdf(root: Path) -> Path:
    return png(root / "exhibits" / "scan.png").rename(root / "exhibits" / "scan.pdf")


def _bad_zero_bytes(root: Path) -> Path:
    path = root / "exhibits" / "empty.pdf"
    path.write_bytes(b"")
    return path


@pytest.mark.parametrize("make_bad", [_bad_user_encrypted, _bad_truncated, _bad_png_named_pdf, _bad_zero_bytes])
def test_bad_input_exits_5_names_the_file_and_leaves_nothing(tmp_path: Path, make_bad: Any) -> None:
    root = tmp_path / "case"
    (root / "exhibits").mkdir(parents=True)
    good = text_pdf(root / "exhibits" / "good.pdf", "正常证据")
    bad = make_bad(root)
    case = make_case(root=root, exhibits=(exhibit(good, root, 1), exhibit(bad, root, 2)))
    out = tmp_path / "out"
    with pytest.raises(InputUnreadable) as caught:
        build_case(case, out, report_json={})
    assert caught.value.exit_code == ExitCode.INPUT_UNREADABLE == 5
    assert f"exhibits/{bad.name}" in str(caught.value)
    assert not out.exists()  # not even an empty OUT is left behind


@pytest.mark.parametrize("syntax_check", ["qpdf", "libqpdf"])
def test_damage_found_by_the_syntax_check_is_blamed_on_its_file(tmp_path: Path, syntax_check: str) -> None:
    """A content stream that cannot be inflated opens fine but fails the check: exit 5, not 8."""
    root = tmp_path / "case"
    source = pikepdf.new()
    page = source.add_blank_page()
    page.obj.Contents = source.make_stream(b"not deflate data " * 8, Filter=pikepdf.Name.FlateDecode)
    (root / "exhibits").mkdir(parents=True)
    source.save(root / "exhibits" / "bad-stream.pdf")
    good = text_pdf(root / "exhibits" / "good.pdf", "正常证据")
    case = make_case(root=root, exhibits=(exhibit(good, root, 1), exhibit(root / "exhibits" / "bad-stream.pdf", root, 2)))
    out = tmp_path / "out"
    with pytest.raises(InputUnreadable) as caught:
        build_case(case, out, report_json={}, syntax_check=syntax_check)
    assert caught.value.file == "exhibits/bad-stream.pdf"
    assert "blame.pdf" not in str(caught.value)
    assert not out.exists()  # not even an empty OUT is left behind


def test_existing_output_is_refused_then_replaced_on_request(tmp_path: Path) -> None:
    root = tmp_path / "case"
    case = make_case(root=root, exhibits=(exhibit(text_pdf(root / "exhibits" / "a.pdf", "证据甲"), root),))
    out = tmp_path / "out"
    first = build_case(case, out, report_json={}, syntax_check="none")
    marker = first.folder / "bundle.pdf"
    before = marker.stat().st_mtime_ns
    with pytest.raises(CannotWrite) as caught:
        build_case(case, out, report_json={})
    assert caught.value.exit_code == 9 and "--overwrite" in caught.value.hint
    assert marker.stat().st_mtime_ns == before
    second = build_case(case, out, report_json={}, overwrite=True, syntax_check="libqpdf")
    assert second.replaced
    assert [p.name for p in out.iterdir()] == [case.case_id]


def test_failed_verification_exits_8_and_publishes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "case"
    case = make_case(root=root, exhibits=(exhibit(text_pdf(root / "exhibits" / "a.pdf", "证据甲"), root),))
    real_row = bundle_module.index_row

    def wrong_row(planned: Any, plan: Any = None) -> dict[str, Any]:
        return {**real_row(planned, plan), "page_range": str(planned.first_page + 1)}

    monkeypatch.setattr(bundle_module, "index_row", wrong_row)
    out = tmp_path / "out"
    with pytest.raises(VerificationFailed) as caught:
        build_case(case, out, report_json={})
    assert caught.value.exit_code == 8
    assert "index prints" in str(caught.value)
    assert not out.exists()  # not even an empty OUT is left behind


# --------------------------------------------------------------------------- the sample cases


def sample_dirs() -> Iterator[Path]:
    for name in ("consumer-loan", "business-loan", "enforcement"):
        if (SAMPLES / name / "case.yaml").is_file():
            yield SAMPLES / name


@pytest.mark.parametrize("case_dir", list(sample_dirs()), ids=lambda p: p.name)
def test_sample_bundle_numbers_are_true(tmp_path: Path, case_dir: Path) -> None:
    from evidence_kit.case.load import read_case

    loaded = read_case(case_dir)
    assert loaded.case is not None and not loaded.errors
    options = loaded.bundle
    result = build_case(loaded.case, tmp_path, report_json={}, on=ON, ledger_exhibit=options.ledger_exhibit,
                        contacts_exhibit=options.contacts_exhibit, exhibit_covers=options.exhibit_covers)
    texts = page_texts(result.folder / "bundle.pdf")
    index_pages = report_of(result)["bundle"]["index_pages"]
    printed = index_ranges(result.folder / "bundle.pdf", 2, 1 + index_pages)
    for item in manifest_of(result)["exhibits"]:
        first, last = item["first_page"], item["last_page"]
        assert printed[item["no"]] == (str(first) if first == last else f"{first}–{last}")
        mark = f"证据{item['no']}" if options.exhibit_covers else f"证据{item['no']}-1"
        assert f"{mark}第{first}页共{len(texts)}页" in texts[first - 1]
        source = case_dir / item["file"]
        if source.suffix == ".pdf":
            content_first = first + 1 if options.exhibit_covers else first
            own = page_texts(source)
            assert own[0][:12] in texts[content_first - 1], item["file"]
            assert own[-1][:12] in texts[last - 1], item["file"]
            assert last - content_first + 1 == len(own)




def _raw_content_pdf(path: Path, content: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.pages[0].obj.Contents = pdf.make_stream(content)
    pdf.save(path)
    return path


@pytest.mark.parametrize(
    "content",
    [
        b"q 0 0 1 rg 100 100 200 200 re f Q Q 1 0 0 rg 300 300 100 100 re f",  # a stray Q
        b"q 2 0 0 2 0 0 cm q 0 0 1 rg 100 100 50 50 re f",  # two q never closed
    ],
    ids=["stray_Q", "left_open"],
)
def test_unbalanced_exhibit_content_cannot_move_or_hide_the_stamp(tmp_path: Path, content: bytes) -> None:
    root = tmp_path / "case"
    sloppy = _raw_content_pdf(root / "exhibits" / "sloppy.pdf", content)
    case = make_case(root=root, exhibits=(exhibit(sloppy, root, 1),), payments=())
    result = build_case(case, tmp_path / "out", report_json={})
    first = manifest_of(result)["exhibits"][0]["first_page"]
    [words] = bbox_words(result.folder / "bundle.pdf", first, first)
    stamp = [w for w in words if w[4].startswith("证据1-1")]
    assert stamp, f"poppler finds no stamp on page {first}: {words}"
    x_min, y_min, _x_max, y_max = stamp[0][:4]
    assert y_min > 842 - 30 and y_max < 842 and x_min > 595 / 2  # in the band, bottom right, unscaled


def test_weasyprint_is_imported_without_running_the_compiler_to_find_its_libraries() -> None:
    """cffi's lookups consult the linker cache only (gcc and ld each cost ≈ 8 ms of CPU per name tried)."""
    import sys

    script = (
        "import ctypes.util\n"
        "def refuse(name):\n"
        "    raise AssertionError('looked up ' + name + ' with the compiler or the linker')\n"
        "ctypes.util._findLib_gcc = ctypes.util._findLib_ld = refuse\n"
        "from evidence_kit.bundle.htmlpdf import import_weasyprint\n"
        "import_weasyprint()\n"
        "import ctypes.util as after\n"
        "assert after.find_library.__name__ == 'find_library'\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout == ""


# --------------------------------------------------------------------------- the syntax check of the bundle


def _stamp_streams(path: Path) -> list[bytes]:
    with pikepdf.open(path) as pdf:
        return [list(page.obj.Contents)[-1].read_bytes() for page in pdf.pages]


def test_every_stamp_as_written_is_the_text_the_check_reads_without_a_parse(rich: BuildResult, tmp_path: Path) -> None:
    """The libqpdf check of the bundle skips qpdf's parse of a stamp it recognises: all of them, collector mark too."""
    from evidence_kit.bundle.readback import _STAMP_CONTENT

    root = tmp_path / "case"
    case = make_case(root=root, exhibits=(exhibit(text_pdf(root / "exhibits" / "a.pdf", "证据甲", "证据乙"), root),))
    collector = build_case(case, tmp_path / "out", report_json={}, profile="collector", on=ON)
    for path in (rich.folder / "bundle.pdf", collector.folder / "bundle.pdf"):
        streams = _stamp_streams(path)
        assert streams and all(_STAMP_CONTENT.fullmatch(s) for s in streams)
    assert b"Tm <" in _stamp_streams(collector.folder / "bundle.pdf")[0].split(b"Tf ", 1)[1].split(b"Tj", 1)[1]


def _broken(source: Path, target: Path, which: int) -> Path:
    """``source`` with page 3's first (0) or last (-1) content stream cut inside a string."""
    with pikepdf.open(source) as pdf:
        page = pdf.pages[2]
        contents = list(page.obj.Contents)
        data = contents[which].read_bytes()
        contents[which] = pdf.make_stream(data[: data.index(b"<") + 3].replace(b"<", b"(") if which == -1
                                          else data + b" (unterminated")
        page.obj.Contents = pikepdf.Array(contents)
        pdf.save(target)
    return target


@pytest.mark.parametrize("which", [0, -1], ids=["placement", "stamp"])
def test_the_libqpdf_check_of_the_bundle_finds_a_broken_placement_or_stamp(rich: BuildResult, tmp_path: Path,
                                                                          which: int) -> None:
    from evidence_kit.bundle.readback import SyntaxCheck, libqpdf_check, verify_bundle

    bundle = rich.folder / "bundle.pdf"
    own = frozenset({1, 2})  # page 3 is an exhibit's page: only its placement and stamp are the tool's
    assert libqpdf_check(bundle, own) == []
    broken = _broken(bundle, tmp_path / "broken.pdf", which)
    alone = libqpdf_check(broken, own)
    assert [p.code for p in alone] == ["qpdf_check"] and "page 3" in alone[0].message
    checker = SyntaxCheck(broken, "libqpdf", own)  # as the build runs it: on the file the read-back opened
    from evidence_kit.bundle.plan import plan_bundle

    verify_bundle(broken, plan_bundle([], cover_pages=1, index_pages=1), checker)
    assert checker.found is not None
    assert [p.message for p in checker.finish()] == [p.message for p in alone]
