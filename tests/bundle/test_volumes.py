"""Volumes for e-filing portals: where the bundle is cut, and a built bundle cut into files of at most N MB."""

from __future__ import annotations

import itertools
import json
import random
import subprocess
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from evidence_kit.bundle.plan import (
    PlanItem,
    VolumeTooSmall,
    assign_volumes,
    plan_bundle,
    volume_name,
)
from evidence_kit.bundle.stamp import STAMP_RE, StampReader
from evidence_kit.bundle.volumes import MB
from evidence_kit.case.model import Exhibit
from evidence_kit.errors import CaseInvalid
from evidence_kit.output.build import build_case
from evidence_kit.output.manifest import verify_output
from evidence_kit.problems import Location
from tests.factories import make_case


def plan_of(*pages: int, front: tuple[int, int] = (1, 1)):  # type: ignore[no-untyped-def]
    items = [PlanItem(key=str(n), title=f"t{n}", source="s", proves="p", pages=count)
             for n, count in enumerate(pages, start=1)]
    return plan_bundle(items, cover_pages=front[0], index_pages=front[1])


def test_volume_names_are_chinese_numerals() -> None:
    assert [volume_name(n) for n in (1, 2, 10, 11, 12, 20, 21, 99)] == [
        "第一册", "第二册", "第十册", "第十一册", "第十二册", "第二十册", "第二十一册", "第九十九册"]


def test_cuts_fall_between_exhibits_and_inside_one_only_when_it_alone_is_too_large() -> None:
    plan = plan_of(3, 2, 6, 1)  # pages 3–5, 6–7, 8–13, 14
    sizes = [1] * 2 + [2] * 3 + [3] * 2 + [4] * 6 + [1]
    cut = assign_volumes(plan, sizes, capacity=10)
    # exhibit 2 does not fit after exhibit 1: a new volume; exhibit 3 (24) is larger than any volume:
    # it fills what is left and is cut between its pages; exhibit 4 follows its last page
    assert [(v.first_page, v.last_page) for v in cut.volumes] == [(1, 5), (6, 8), (9, 10), (11, 12), (13, 14)]
    assert list(cut.volumes_of(cut.exhibit(2))) == [2]
    assert list(cut.volumes_of(cut.exhibit(3))) == [2, 3, 4, 5]
    marks = {m.page: m.exhibit_mark for m in cut.marks()}
    assert marks[8] == "证据3-1（第二册）" and marks[12] == "证据3-5（第四册）" and marks[6] == "证据2-1"
    assert cut.index_pages_text(cut.exhibit(3)) == "第2–5册 8–13"
    assert assign_volumes(plan, sizes, capacity=100).volumes == ()


def test_a_page_larger_than_a_volume_is_named() -> None:
    plan = plan_of(2, 3)
    with pytest.raises(VolumeTooSmall) as caught:
        assign_volumes(plan, [1, 1, 1, 1, 1, 50, 1], capacity=10)
    assert (caught.value.exhibit, caught.value.page) == (2, 2)


@given(st.lists(st.lists(st.integers(1, 9), min_size=1, max_size=6), min_size=1, max_size=12))
def test_volumes_tile_the_bundle_within_capacity(exhibits: list[list[int]]) -> None:
    plan = plan_of(*(len(e) for e in exhibits))
    sizes = [1, 1] + [s for e in exhibits for s in e]
    cut = assign_volumes(plan, sizes, capacity=10)
    volumes = cut.volumes or ()
    if not volumes:
        assert sum(sizes) <= 10
        return
    assert volumes[0].first_page == 1 and volumes[-1].last_page == plan.total_pages
    for before, after in itertools.pairwise(volumes):
        assert after.first_page == before.last_page + 1
    for volume in volumes:
        assert sum(sizes[volume.first_page - 1: volume.last_page]) <= 10
    for exhibit in cut.exhibits:  # an exhibit that fits in a volume is never cut
        if sum(sizes[exhibit.first_page - 1: exhibit.last_page]) <= 10:
            assert len(cut.volumes_of(exhibit)) == 1


# --------------------------------------------------------------------------- end to end


def scan(path: Path, pages: int, seed: int) -> Path:
    """A scanned document: pages of noisy grey JPEG, about 0.45 MB each (they do not compress)."""
    rng = random.Random(seed)
    pdf = pikepdf.new()
    for _ in range(pages):
        image = Image.frombytes("L", (900, 1100), bytes(rng.randrange(256) for _ in range(900 * 1100)))
        buffer = BytesIO()
        image.save(buffer, "JPEG", quality=75)
        page = pdf.add_blank_page(page_size=(595, 842))
        data = pikepdf.Stream(pdf, buffer.getvalue())
        data.Type, data.Subtype, data.Filter = pikepdf.Name.XObject, pikepdf.Name.Image, pikepdf.Name.DCTDecode
        data.Width, data.Height, data.ColorSpace, data.BitsPerComponent = 900, 1100, pikepdf.Name.DeviceGray, 8
        page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=data))
        page.obj.Contents = pdf.make_stream(b"q 500 0 0 700 40 60 cm /Im0 Do Q")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.save(path)
    return path


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("volumes")
    for name, pages, seed in (("a", 1, 1), ("b", 1, 2), ("long", 4, 3), ("c", 1, 4)):
        scan(root / "exhibits" / f"{name}.pdf", pages, seed)
    return root


def exhibits_of(root: Path, *names: str) -> tuple[Exhibit, ...]:
    return tuple(Exhibit(no=n, file=f"exhibits/{name}.pdf", path=root / "exhibits" / f"{name}.pdf",
                         title=f"扫描件{name}", source="原告提供", proves="借款事实", loc=Location("case.yaml"))
                 for n, name in enumerate(names, start=1))


@pytest.mark.slow
def test_bundle_is_cut_into_volumes_within_the_limit(scans: Path, tmp_path: Path) -> None:
    case = make_case(root=scans, exhibits=exhibits_of(scans, "a", "b", "long", "c"), payments=())
    result = build_case(case, tmp_path / "out", report_json={}, ledger_exhibit=False, contacts_exhibit=False,
                        max_volume_mb=1)
    names = [o for o in result.outputs if o.startswith("bundle")]
    assert len(names) >= 3 and "bundle.pdf" not in names and not (result.folder / "bundle.pdf").exists()
    manifest = json.loads((result.folder / "manifest.json").read_text("utf-8"))
    volumes = manifest["volumes"]
    assert [v["path"] for v in volumes] == names and volumes[0]["first_page"] == 1
    assert volumes[-1]["last_page"] == result.bundle_pages
    reader = StampReader()
    for volume in volumes:
        path = result.folder / volume["path"]
        assert path.stat().st_size == volume["bytes"] <= 1 * MB
        assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0
        with pikepdf.open(path) as pdf:
            assert len(pdf.pages) == volume["last_page"] - volume["first_page"] + 1
            stamps = [STAMP_RE.match(reader.read(p) or "") for p in pdf.pages]
            assert [int(s.group("page")) for s in stamps if s] == list(range(volume["first_page"], volume["last_page"] + 1))
            assert all(s and int(s.group("total")) == result.bundle_pages for s in stamps)
    long = next(e for e in manifest["exhibits"] if e["file"] == "exhibits/long.pdf")
    assert long["last_page"] - long["first_page"] == 3  # 4 pages of ~0.45 MB: cut between its pages
    report = json.loads((result.folder / "report.json").read_text("utf-8"))
    cut = next(e for e in report["bundle"]["exhibits"] if e["file"] == "exhibits/long.pdf")
    assert len(cut["volumes"]) > 1
    marks = []
    for volume in volumes:
        with pikepdf.open(result.folder / volume["path"]) as pdf:
            marks += [STAMP_RE.match(reader.read(p) or "").group("mark") for p in pdf.pages]  # type: ignore[union-attr]
            with pdf.open_outline() as outline:
                titles = [item.title for item in outline.root]
            if any(m and m.startswith("证据3-") for m in marks[-len(pdf.pages):]):
                assert any(t.startswith("证据3 ") and "册）" in t for t in titles)
    assert any(m and m.startswith("证据3-") and "（第" in m for m in marks)
    first = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(result.folder / names[0]), "-"],
                           capture_output=True, text=True).stdout
    assert "第1册" in first and "册" in first.split("证据3", 1)[1]
    assert verify_output(result.folder) == []


@pytest.mark.slow
def test_verify_finds_volumes_that_do_not_follow(scans: Path, tmp_path: Path) -> None:
    case = make_case(root=scans, exhibits=exhibits_of(scans, "a", "b", "c"), payments=())
    result = build_case(case, tmp_path / "out", report_json={}, ledger_exhibit=False, contacts_exhibit=False,
                        max_volume_mb=1)
    path = result.folder / "manifest.json"
    manifest = json.loads(path.read_text("utf-8"))
    assert len(manifest["volumes"]) >= 2
    manifest["volumes"][1]["first_page"] += 1
    path.write_text(json.dumps(manifest), "utf-8")
    assert [p.code for p in verify_output(result.folder)] == ["volume_range"]


@pytest.mark.slow
def test_one_volume_keeps_the_name_bundle_pdf(scans: Path, tmp_path: Path) -> None:
    case = make_case(root=scans, exhibits=exhibits_of(scans, "a"), payments=())
    result = build_case(case, tmp_path / "out", report_json={}, ledger_exhibit=False, contacts_exhibit=False,
                        max_volume_mb=5)
    assert "bundle.pdf" in result.outputs and "volumes" not in json.loads((result.folder / "manifest.json").read_text())


def test_a_page_over_the_limit_is_refused_naming_the_exhibit_and_page(tmp_path: Path) -> None:
    heavy = scan(tmp_path / "exhibits" / "heavy.pdf", 1, 9)
    with pikepdf.open(heavy, allow_overwriting_input=True) as pdf:  # one page of ~1.3 MB: three images drawn
        page = pdf.pages[0]
        for n in (1, 2):
            other = scan(tmp_path / f"x{n}.pdf", 1, 10 + n)
            with pikepdf.open(other) as source:
                page.obj.Resources.XObject[f"/Im{n}"] = pdf.copy_foreign(source.pages[0].Resources.XObject.Im0)
        page.obj.Contents = pdf.make_stream(b"q 500 0 0 700 40 60 cm /Im0 Do /Im1 Do /Im2 Do Q")
        pdf.save()
    case = make_case(root=tmp_path, exhibits=exhibits_of(tmp_path, "heavy"), payments=())
    with pytest.raises(CaseInvalid) as caught:
        build_case(case, tmp_path / "out", report_json={}, ledger_exhibit=False, contacts_exhibit=False,
                   max_volume_mb=1)
    assert caught.value.file == "exhibits/heavy.pdf" and "page 1 of 证据1" in caught.value.message
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_case_yaml_volume_limit_is_used_by_build(scans: Path, tmp_path: Path) -> None:
    import shutil

    from evidence_kit.pipeline import BuildRequest, build_from_folder

    case_dir = tmp_path / "case"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data" / "worked-example", case_dir)
    for name in ("a", "b", "c"):
        shutil.copy(scans / "exhibits" / f"{name}.pdf", case_dir / "exhibits" / f"{name}.pdf")
    extra = "".join(f"  - file: exhibits/{n}.pdf\n    title: 扫描件{n}\n    source: 原告提供\n    proves: 借款事实\n"
                    for n in ("a", "b", "c"))
    text = (case_dir / "case.yaml").read_text("utf-8").rstrip("\n") + "\n" + extra + "bundle: {max_volume_mb: 1}\n"
    (case_dir / "case.yaml").write_text(text, "utf-8")
    outcome = build_from_folder(case_dir, tmp_path / "out", BuildRequest())
    assert [o for o in outcome.result.outputs if o.startswith("bundle")][:2] == ["bundle-1.pdf", "bundle-2.pdf"]
    assert verify_output(outcome.result.folder) == []
