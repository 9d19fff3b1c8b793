"""Building schema_version 2 cases: the bundle names every debt, the ledger exhibit has a 债务 column."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from evidence_kit.output.manifest import verify_output
from evidence_kit.pipeline import BuildRequest, build_from_folder
from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def test_facility_bundle_lists_each_drawdown_and_the_ledger_names_its_debt(tmp_path: Path) -> None:
    outcome = build_from_folder(SAMPLES / "facility-drawdowns", tmp_path, BuildRequest())
    folder = outcome.result.folder
    assert verify_output(folder) == []
    text = pdf_text(folder / "bundle.pdf")
    squeezed = "".join(text.split())
    for n in (1, 2, 3):
        assert f"示银深（2023）最高额借字第0088号-借据00{n}" in squeezed
    assert "债务序号交易日期" in squeezed  # the ledger exhibit's 债务 column comes first
    report = json.loads((folder / "report.json").read_text("utf-8"))
    assert [d["id"] for d in report["claim"]["debts"]] == ["D1", "D2", "D3"]
    assert [d["debt"] for d in report["limitation"]["debts"]] == ["D1", "D2", "D3"]


def test_card_only_bundle_names_the_card(tmp_path: Path) -> None:
    outcome = build_from_folder(SAMPLES / "credit-card", tmp_path, BuildRequest())
    squeezed = "".join(pdf_text(outcome.result.folder / "bundle.pdf").split())
    assert "6259****" in squeezed and "借款合同编号" not in squeezed
