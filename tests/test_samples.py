"""The sample cases under samples/: current, deterministic, and internally consistent.

The generator is run into a temporary folder and its output must equal the committed files byte for byte.
The remaining tests check the committed files: identifiers, ledgers, contacts, PDFs and scans.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import shutil
import subprocess
import sys
import wave
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import jsonschema
import openpyxl
import pytest
import yaml
from PIL import Image, ImageOps
from pypdf import PdfReader

from evidence_kit.case.load import load_case
from evidence_kit.claim.engine import COMPONENTS, compute_claim

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GENERATOR = SAMPLES / "make_samples.py"
CASES = ("consumer-loan", "business-loan", "enforcement")
SCHEMA = ROOT / "evidence_kit" / "schemas" / "case.schema.json"
FEN = Decimal("0.01")

EXPECTED_PAGES = {
    "consumer-loan/exhibits/01-个人消费借款合同.pdf": 5,
    "consumer-loan/exhibits/02-借款借据.pdf": 1,
    "consumer-loan/exhibits/03-保证合同.pdf": 2,
    "consumer-loan/exhibits/05-提前到期通知书暨催收函.pdf": 1,
    "business-loan/exhibits/01-流动资金借款合同.pdf": 4,
    "business-loan/exhibits/02-保证合同.pdf": 2,
    "business-loan/exhibits/04-董事会决议.pdf": 1,
    "business-loan/exhibits/05-催收通知书.pdf": 1,
    "enforcement/exhibits/01-民事判决书.pdf": 3,
    "enforcement/exhibits/02-生效证明.pdf": 1,
    "enforcement/exhibits/03-个人借款合同.pdf": 5,
}

# Chinese ledger headers as the banks export them → canonical names (DESIGN.md §2).
LEDGER_HEADERS = {
    "交易日期": "date", "交易金额": "amount", "归还本金": "principal", "归还利息": "interest",
    "罚息": "penalty", "复利": "compound", "费用": "fee", "流水号": "reference", "备注": "note",
}
CONTACT_HEADERS = {
    "催收时间": "time", "催收方式": "channel", "联系对象": "party", "联系号码": "target", "结果": "outcome",
    "时长": "duration_s", "催收员": "agent", "内容摘要": "summary", "证据": "evidence",
}
SPLIT = ("principal", "interest", "penalty", "compound", "fee")


# --- identifiers: the project's validators when they exist, else legal-domain.md §7 ------------------

def _local_resident_id(number: str) -> bool:
    if len(number) != 18 or not number[:17].isdigit():
        return False
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c) * w for c, w in zip(number[:17], weights, strict=True))
    return "10X98765432"[total % 11] == number[17].upper()


_USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _local_credit_code(code: str) -> bool:
    if len(code) != 18 or any(c not in _USCC for c in code):
        return False
    total = sum(_USCC.index(c) * pow(3, i, 31) for i, c in enumerate(code[:17]))
    return _USCC[(31 - total % 31) % 31] == code[17]


def _validators() -> list[tuple[Callable[[str], Any], Callable[[str], Any]]]:
    """The local checks, plus ``evidence_kit.check.identity`` once that module exists."""
    checks: list[tuple[Callable[[str], Any], Callable[[str], Any]]] = [(_local_resident_id, _local_credit_code)]
    try:
        identity = importlib.import_module("evidence_kit.check.identity")
    except ImportError:
        return checks
    checks.append((identity.valid_resident_id, identity.valid_credit_code))
    return checks


def test_local_checksums_reproduce_the_reference_examples() -> None:
    assert _local_resident_id("11010519491231002X")
    assert _local_resident_id("440524188001010014")
    assert not _local_resident_id("360426199101010072")
    assert _local_credit_code("91350100M000100Y43")
    assert _local_credit_code("91110108551385082Q")
    assert not _local_credit_code("91310115MA1H8R7C6D")


# --- helpers ----------------------------------------------------------------------------------------

def case_yaml(case: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((SAMPLES / case / "case.yaml").read_text(encoding="utf-8"))
    return data


def d(text: str) -> date:
    return date.fromisoformat(text)


def read_table(path: Path) -> list[dict[str, str]]:
    """CSV in UTF-8 (± BOM) or GB18030, or XLSX; headers mapped to canonical names."""
    if path.suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path, read_only=True).active
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        header, body = [str(h) for h in rows[0]], rows[1:]
        table = [
            {h: (v.date().isoformat() if isinstance(v, datetime) else str(v or "")) for h, v in zip(header, r, strict=True)}
            for r in body
        ]
    else:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
        table = list(csv.DictReader(io.StringIO(text)))
    aliases = LEDGER_HEADERS | CONTACT_HEADERS
    return [{aliases.get(k, k): v for k, v in row.items()} for row in table]


def ledger(case: str) -> list[dict[str, str]]:
    name = case_yaml(case).get("files", {}).get("repayments", "repayments.csv")
    return read_table(SAMPLES / case / name)


def fen(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def sample_files(root: Path) -> Iterator[Path]:
    for case in CASES:
        yield from sorted(p for p in (root / case).rglob("*") if p.is_file())


# --- the generator is deterministic and the committed files are current -------------------------

@pytest.mark.slow
def test_regenerated_samples_equal_the_committed_files(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(GENERATOR), str(tmp_path)], check=True, cwd=ROOT, timeout=300)
    committed = {p.relative_to(SAMPLES): p.read_bytes() for p in sample_files(SAMPLES)}
    fresh = {p.relative_to(tmp_path): p.read_bytes() for p in sample_files(tmp_path)}
    assert sorted(fresh) == sorted(committed), "run .venv/bin/python samples/make_samples.py"
    stale = [str(name) for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"committed samples are stale, regenerate them: {stale}"


def test_samples_stay_small() -> None:
    total = sum(p.stat().st_size for p in sample_files(SAMPLES))
    assert total < 6_000_000
    for p in sample_files(SAMPLES):
        if p.suffix in (".jpg", ".png"):
            assert p.stat().st_size <= 200_000, p


# --- case.yaml ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("case", CASES)
def test_case_yaml_matches_the_schema(case: str) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(case_yaml(case), schema)


@pytest.mark.parametrize("case", CASES)
def test_identifiers_pass_their_checksums(case: str) -> None:
    data = case_yaml(case)
    for valid_id, valid_code in _validators():
        assert valid_code(data["creditor"]["credit_code"]) is True
        for party in data["debtors"]:
            if party["kind"] == "organization":
                assert valid_code(party["credit_code"]) is True, party["name"]
            else:
                assert valid_id(party["id_number"]) is True, party["name"]
    for party in data["debtors"]:
        if party["kind"] == "person":
            number = party["id_number"]
            assert number[6:14] == party["birth_date"].replace("-", "")
            assert (int(number[16]) % 2 == 1) == (party["gender"] in ("男", "male"))


@pytest.mark.parametrize("case", CASES)
def test_dates_are_coherent(case: str) -> None:
    data = case_yaml(case)
    loan, as_of = data["loan"], d(data["as_of"])
    assert d(loan["signed_on"]) <= d(loan["disbursed_on"]) < d(loan["maturity"])
    assert date(2025, 1, 1) <= as_of <= date(2026, 11, 28)
    start = min(d(loan["maturity"]), d(loan.get("accelerated_on", loan["maturity"])))
    assert as_of < start.replace(year=start.year + 3), "limitation would have expired"
    assert set(loan["claimed"]) == {"principal", "interest", "penalty", "compound", "fees"}
    for row in ledger(case):
        assert d(loan["disbursed_on"]) <= d(row["date"]) <= as_of
    enforcement = data.get("filings", {}).get("enforcement")
    if enforcement:
        due = d(enforcement["basis"]["performance_due"])
        assert d(enforcement["basis"]["effective_on"]) <= due < as_of < due.replace(year=due.year + 2)


@pytest.mark.parametrize("case", CASES)
def test_claimed_figures_are_the_engines_claim_at_as_of(case: str) -> None:
    """loan.claimed (the bank system's figures) equals what the claim engine recomputes from the folder."""
    claim = compute_claim(load_case(SAMPLES / case))
    claimed = case_yaml(case)["loan"]["claimed"]
    assert {k: Decimal(claimed[k]) for k in COMPONENTS} == {k: getattr(claim, k) for k in COMPONENTS}


@pytest.mark.parametrize("case", CASES)
def test_exhibit_files_exist(case: str) -> None:
    data = case_yaml(case)
    for exhibit in data["exhibits"]:
        assert (SAMPLES / case / exhibit["file"]).is_file(), exhibit["file"]
        if "transcript" in exhibit:
            assert (SAMPLES / case / exhibit["transcript"]).is_file()
    name = data.get("files", {}).get("contacts", "contacts.csv")
    for row in read_table(SAMPLES / case / name):
        if row["evidence"]:
            assert (SAMPLES / case / row["evidence"]).is_file(), row["evidence"]


# --- ledgers ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("case", CASES)
def test_repayment_split_columns_add_up(case: str) -> None:
    for row in ledger(case):
        parts = [row[k] for k in SPLIT if row.get(k)]
        if parts:
            assert sum(Decimal(p) for p in parts) == Decimal(row["amount"]), row


def test_consumer_ledger_is_in_gb18030_with_bank_headers() -> None:
    raw = (SAMPLES / "consumer-loan" / "repayments.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert raw.decode("gb18030").startswith("交易日期,交易金额,归还本金,归还利息,罚息,复利,费用,流水号,备注")


def test_consumer_installments_follow_the_equal_installment_formula() -> None:
    loan = case_yaml("consumer-loan")["loan"]
    p, r, n = Decimal(loan["principal"]), Decimal(loan["annual_rate"]) / 12, loan["installments"]
    payment = fen(p * r * (1 + r) ** n / ((1 + r) ** n - 1))
    balance = p
    regular = [row for row in ledger("consumer-loan") if "正常还款" in row["note"] or "逾期还款" in row["note"]]
    assert len(regular) == 15
    for row in regular:
        interest = fen(balance * r)
        assert Decimal(row["interest"]) == interest
        assert Decimal(row["principal"]) == payment - interest
        balance -= payment - interest


def test_business_schedule_follows_the_interest_only_formula() -> None:
    loan = case_yaml("business-loan")["loan"]
    p, rate = Decimal(loan["principal"]), Decimal(loan["annual_rate"])
    rows = read_table(SAMPLES / "business-loan" / "schedule.csv")
    assert len(rows) == loan["installments"]
    previous = d(loan["disbursed_on"])
    for k, row in enumerate(rows, start=1):
        due = d(row["due_date"])
        assert Decimal(row["interest"]) == fen(p * rate / loan["day_count"] * (due - previous).days)
        assert Decimal(row["principal"]) == (p if k == len(rows) else 0)
        previous = due
    assert previous == d(loan["maturity"])
    paid = ledger("business-loan")
    for row, item in zip(paid[:8], rows, strict=False):
        assert (row["date"], row["amount"]) == (item["due_date"], item["interest"])


# --- contacts -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("case", CASES)
def test_contacts_are_canonical_and_compliant(case: str) -> None:
    data = case_yaml(case)
    rows = read_table(SAMPLES / case / data.get("files", {}).get("contacts", "contacts.csv"))
    unanswered: Counter[tuple[str, str, str]] = Counter()
    for row in rows:
        when = datetime.fromisoformat(row["time"])
        assert row["channel"] in ("call", "sms", "email", "letter", "visit")
        assert row["party"] in ("debtor", "guarantor", "emergency_contact", "third_party")
        assert row["outcome"] in ("connected", "no_answer", "delivered", "failed", "promise_to_pay",
                                  "refused", "met", "not_met")
        assert 8 <= when.hour < 22, row
        assert when.date() < d(data["as_of"])
        if row["outcome"] in ("no_answer", "failed"):
            unanswered[(when.date().isoformat(), row["channel"], row["target"])] += 1
    assert max(unanswered.values(), default=0) <= 6


# --- PDFs, scans, recording ---------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "pages"), sorted(EXPECTED_PAGES.items()))
def test_pdf_exhibits_have_chinese_text_and_expected_pages(name: str, pages: int) -> None:
    path = SAMPLES / name
    reader = PdfReader(path)
    assert len(reader.pages) == pages
    assert "/CreationDate" not in (reader.metadata or {})
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8")
    assert sum("\u4e00" <= c <= "\u9fff" for c in text) > 150


def test_contract_pdfs_state_the_loan_terms() -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    contracts = {
        "consumer-loan": "01-个人消费借款合同.pdf",
        "business-loan": "01-流动资金借款合同.pdf",
        "enforcement": "03-个人借款合同.pdf",
    }
    for case, name in contracts.items():
        loan = case_yaml(case)["loan"]
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(SAMPLES / case / "exhibits" / name), "-"],
                              capture_output=True, check=True).stdout.decode("utf-8")
        flat = "".join(text.split())
        assert loan["contract_no"] in flat
        assert f"{Decimal(loan['principal']):,.2f}" in flat
        assert f"{(Decimal(loan['annual_rate']) * 100).normalize():f}%" in flat


def test_id_scan_is_a_rotated_jpeg_with_exif_orientation() -> None:
    path = SAMPLES / "consumer-loan" / "exhibits" / "04-借款人身份证复印件.jpg"
    with Image.open(path) as image:
        assert image.format == "JPEG"
        assert image.getexif()[0x0112] == 6
        stored = image.size
        upright = ImageOps.exif_transpose(image).size
    assert stored[0] > stored[1] and upright[0] < upright[1]


def test_recording_is_a_short_wav_matching_its_contact() -> None:
    path = SAMPLES / "consumer-loan" / "exhibits" / "07-催收录音-20240705.wav"
    with wave.open(str(path)) as audio:
        seconds = audio.getnframes() / audio.getframerate()
    rows = read_table(SAMPLES / "consumer-loan" / "contacts.csv")
    row = next(r for r in rows if r["evidence"] == "exhibits/07-催收录音-20240705.wav")
    assert row["channel"] == "call" and int(row["duration_s"]) == round(seconds)
