"""The counsel package: CASE_ID.zip with index.html, opened in headless Chromium."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pikepdf
import pytest
from PIL import Image

from evidence_kit.case.load import load_case
from evidence_kit.case.redact import redactor_for
from evidence_kit.output.trust import verify_trusted
from evidence_kit.pipeline import BuildRequest, build_from_folder
from tests.conftest import SAMPLES
from tests.output.scan import leaks

pytestmark = pytest.mark.slow

EPOCH = 1735660800
CONSUMER = SAMPLES / "consumer-loan"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")


def package(out: Path, profile: str = "court") -> Path:
    result = build_from_folder(CONSUMER, out, BuildRequest(profile=profile, epoch=EPOCH, package=True,
                                                           syntax_check="none")).result
    assert result.package is not None
    return result.package


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return package(tmp_path_factory.mktemp("package"))


@pytest.fixture(scope="module")
def unpacked(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    into = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(into)
    return into / archive.stem


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(str(values["href"]))
        for key in ("src", "srcset"):
            if values.get(key):
                self.sources.append(str(values[key]))
        if tag == "script":
            self.sources.append("script")


def links_of(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


def test_package_holds_the_folder_and_an_index(archive: Path, unpacked: Path) -> None:
    assert archive.name == "SLBJ-GX-2023-0417.zip"
    names = sorted(p.name for p in unpacked.iterdir())
    assert names == ["bundle.pdf", "filings", "index.html", "manifest.json", "report.json"]
    manifest = json.loads((unpacked / "manifest.json").read_text("utf-8"))
    assert "index.html" in {o["path"] for o in manifest["outputs"]}
    assert verify_trusted(archive).ok


def test_index_lists_every_filing_with_a_link_that_resolves(unpacked: Path) -> None:
    html = (unpacked / "index.html").read_text("utf-8")
    report = json.loads((unpacked / "report.json").read_text("utf-8"))
    filings = [o["path"] for o in report["outputs"] if o["kind"] == "filing"]
    assert len(filings) == 8  # payment order, preservation, evidence list, claim sheet: DOCX and PDF each
    linked = [unquote(href) for href in links_of(html).hrefs if unquote(href).startswith("filings/")]
    assert sorted(set(linked)) == sorted(filings)
    assert all((unpacked / rel).is_file() for rel in linked)
    assert "支付令申请书（PDF）" in html and "证据目录（DOCX）" in html


def test_every_link_resolves_to_an_existing_file_and_page(unpacked: Path) -> None:
    html = (unpacked / "index.html").read_text("utf-8")
    found = links_of(html)
    assert found.sources == []  # no script, no remote or embedded resource
    with pikepdf.open(unpacked / "bundle.pdf") as pdf:
        pages = len(pdf.pages)
    targets = []
    for href in found.hrefs:
        parts = urlsplit(href)
        assert not parts.scheme and not parts.netloc, href
        path = unpacked / unquote(parts.path)
        assert path.is_file() and path.resolve().is_relative_to(unpacked.resolve()), href
        if parts.fragment:
            page = int(parts.fragment.removeprefix("page="))
            assert 1 <= page <= pages
            targets.append(page)
    manifest = json.loads((unpacked / "manifest.json").read_text("utf-8"))
    assert targets == [e["first_page"] for e in manifest["exhibits"]]
    report = json.loads((unpacked / "report.json").read_text("utf-8"))
    assert report["claim"]["total"] in html
    assert "contact_third_party_early" in html and "《商业银行信用卡业务监督管理办法》第68条" in html


def test_package_is_reproducible(archive: Path, tmp_path: Path) -> None:
    again = package(tmp_path)
    assert again.read_bytes() == archive.read_bytes()


def test_collector_package_holds_no_full_identifier(tmp_path: Path) -> None:
    collector = package(tmp_path, "collector")
    identifiers = redactor_for(load_case(CONSUMER), "collector").identifiers
    assert leaks(tmp_path, identifiers) == []  # the folder, its index.html and the .zip (each entry read)
    assert "催收版" in (tmp_path / collector.stem / "index.html").read_text("utf-8")


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(chromium() is None, reason="chromium is not installed (make system installs it)")
def test_index_renders_in_headless_chromium(unpacked: Path, tmp_path: Path) -> None:
    browser = str(chromium())
    url = (unpacked / "index.html").as_uri()
    common = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    shot = tmp_path / "index.png"
    subprocess.run([*common, "--window-size=1280,2000", f"--screenshot={shot}", url],
                   capture_output=True, timeout=120, check=False)
    assert shot.is_file()
    with Image.open(shot) as image:
        assert image.size == (1280, 2000)
        colours = image.convert("L").getcolors(maxcolors=256 * 256)
        assert colours is not None and len(colours) > 20  # text was drawn, not a blank page
    dom = subprocess.run([*common, "--dump-dom", url], capture_output=True, timeout=120, check=False,
                         text=True).stdout
    assert "SLBJ-GX-2023-0417 案件材料索引" in dom
    assert dom.count('class="exhibit"') == 9
    assert dom.count("bundle.pdf#page=") == 9


def test_signed_pdfa_package_from_the_command_line_verifies_with_a_rebuild(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from evidence_kit.cli import cli

    runner = CliRunner()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    keys = tmp_path / "keys"
    assert runner.invoke(cli, ["keygen", "-o", str(keys)]).exit_code == 0
    built = runner.invoke(cli, ["build", str(CONSUMER), "-o", str(tmp_path / "out"), "--zip", "--pdfa",
                                "--sign-key", str(keys / "evidence-kit-signing.key"), "--json"])
    assert built.exit_code == 0, built.stderr
    archive = Path(json.loads(built.stdout)["package"])
    monkeypatch.delenv("SOURCE_DATE_EPOCH")  # the rebuild takes the epoch from the manifest
    verified = runner.invoke(cli, ["verify", str(archive), "--pubkey", str(keys / "evidence-kit-signing.pub"),
                                   "--case", str(CONSUMER), "--json"])
    assert verified.exit_code == 0, verified.output
    data = json.loads(verified.stdout)
    assert (data["trust"], data["rebuilt"]) == ("signed", True)
    assert data["summary"].startswith("verified (signed with key")
