"""README.zh-CN.md: its walkthrough runs as written, from init to a verified bundle, and shows what the tool does."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from PIL import Image

from evidence_kit import i18n
from evidence_kit.case.guide import LAYOUTS, render
from evidence_kit.output.manifest import verify_output
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "tools"))
import walkthrough

README_ZH = REPO / "README.zh-CN.md"
CHECK_CODE = re.compile(r"\[[a-z_]+\]")


@pytest.mark.slow
def test_the_walkthrough_runs_as_written_to_a_verified_bundle(tmp_path: Path) -> None:
    text = README_ZH.read_text("utf-8")
    steps = walkthrough.commands(text)
    assert [s.line.split()[0] for s in steps].count("evidence-kit") == 6
    assert all("--lang zh" in s.line for s in steps if s.line.startswith("evidence-kit"))
    ran = walkthrough.run(tmp_path, text=text)
    assert [(r.command.line, r.exit_code) for r in ran] == [(s.line, s.expected) for s in steps], ran[-1].output
    verbs = [r.command.line.split()[3] if r.command.line.startswith("evidence-kit") else "cp" for r in ran]
    assert verbs == ["init", "check", "cp", "cp", "cp", "check", "claim", "build", "verify"]
    for step in ran:
        for shown in step.command.shows:  # the README's output blocks are what the command printed
            for part in shown.split(" — "):
                assert part.strip("…").strip() in step.output, (part, step.output)
    todo, checked, claim = ran[1], ran[5], ran[6]
    assert sum("[to_fill]" in line for line in todo.stderr.splitlines()) == 27
    assert len(CHECK_CODE.findall(checked.stderr)) == 11  # the README's "11 条警告"
    assert "121,877.30" in claim.stdout and "117,736.74" in claim.stdout
    folder = tmp_path / "out" / walkthrough.CASE_ID
    assert verify_output(folder) == []
    assert (tmp_path / "out" / f"{walkthrough.CASE_ID}.zip").is_file()
    assert {"bundle.pdf", "report.json", "manifest.json", "index.html", "filings"} <= {p.name for p in folder.iterdir()}
    assert sorted(p.stem for p in (folder / "filings").glob("*.pdf")) == ["claim_sheet", "evidence_list", "payment_order"]


def test_the_readme_shows_the_filled_case_yaml_the_walkthrough_copies() -> None:
    shown = walkthrough.yaml_block(README_ZH.read_text("utf-8"), "docs/walkthrough/case.yaml")
    assert shown == walkthrough.FILLED_CASE.read_text("utf-8")
    assert "cp docs/walkthrough/case.yaml SLBJ-GX-2023-0417/case.yaml" in README_ZH.read_text("utf-8")


def test_the_filled_case_yaml_is_the_chinese_scaffold_filled_in() -> None:
    """Every comment init writes (in Chinese) is in the filled file, in the same order: only values were added."""
    with i18n.language("zh"):
        scaffold = render(LAYOUTS["loan"](), {"case_id": walkthrough.CASE_ID})
    commented_key = re.compile(r"# [a-z_]+:( |$)")  # an optional key: the filled file may use it
    comments = [line.strip() for line in scaffold.splitlines()
                if line.lstrip().startswith("# ") and not commented_key.match(line.strip())]
    filled = iter(line.strip() for line in walkthrough.FILLED_CASE.read_text("utf-8").splitlines())
    missing = [c for c in comments if c not in filled]  # consumes: a subsequence, in order
    assert not missing, missing
    assert len(comments) > 60


def test_both_readmes_link_and_show_the_two_commands() -> None:
    english = (REPO / "README.md").read_text("utf-8")
    chinese = README_ZH.read_text("utf-8")
    assert "[README.zh-CN.md](README.zh-CN.md)" in english.split("\n\n")[1]
    assert "[README.md](README.md)" in chinese.splitlines()[2]
    for command in ("make demo", "make test"):
        assert command in chinese
    for flag in ("_EVIDENCE_KIT_COMPLETE=bash_source", "_EVIDENCE_KIT_COMPLETE=zsh_source"):
        assert flag in english and flag in chinese


def test_the_screenshots_the_readme_shows_are_committed_and_small() -> None:
    images = re.findall(r"!\[[^\]]*\]\((docs/images/[^)]+\.png)\)", README_ZH.read_text("utf-8"))
    assert images == ["docs/images/bundle-index.png", "docs/images/bundle-exhibit.png", "docs/images/package-index.png"]
    for name in images:
        path = REPO / name
        assert path.stat().st_size < 120_000, name
        with Image.open(path) as image:
            assert image.format == "PNG"
            width, height = image.size
            if "bundle" in name:  # an A4 page at 60 dpi, as pdftoppm -r 60 renders it
                assert abs(width - 496) <= 1 and height == 702
            colours = image.convert("L").getcolors(maxcolors=256)
            assert colours is not None and len(colours) > 8  # text was drawn, not a blank page
