"""Golden texts: every notice kind for every sample, compared word for word.

The texts are the documents' content (what the DOCX and PDF lay out) and the SMS texts.
After a deliberate change of wording, regenerate with
``EVIDENCE_KIT_UPDATE_GOLDEN=1 pytest tests/notices/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from evidence_kit.case.load import load_case
from evidence_kit.claim.repayment_plan import PlanTerms, judgment_components, make_plan
from evidence_kit.errors import NotEligible
from evidence_kit.notices.agreement import build_agreement
from evidence_kit.notices.document import document_text
from evidence_kit.notices.facts import notice_facts
from evidence_kit.notices.letters import LETTER_KINDS, build_letter
from evidence_kit.notices.sms import sms_text
from evidence_kit.notices.visit import build_repayment_guide, build_visit_pack
from tests.conftest import SAMPLES

GOLDEN = Path(__file__).parent / "golden"
SAMPLE_NAMES = ("consumer-loan", "business-loan", "enforcement")
LAW_FIRM = "北京示例律师事务所"


def golden_texts(sample: str) -> dict[str, str]:
    case = load_case(SAMPLES / sample)
    facts = notice_facts(case)
    texts: dict[str, str] = {}
    for kind in ("reminder", "demand", "acceleration", "lawyer", "locate"):
        if kind == "acceleration" and (case.loan.accelerated_on is None or case.filings.enforcement is not None):
            continue
        texts[f"sms_{kind}.txt"] = sms_text(facts, kind, law_firm=LAW_FIRM) + "\n"
    for kind in LETTER_KINDS:
        try:
            letter = build_letter(facts, kind, law_firm=LAW_FIRM, lawyer="王律师")
        except NotEligible:
            continue
        texts[f"notice_{kind}.txt"] = document_text(letter.content)
    texts["visit_pack.txt"] = document_text(build_visit_pack(facts).content)
    texts["repayment_guide.txt"] = document_text(build_repayment_guide(facts).content)
    settlement = case.filings.enforcement
    over = judgment_components(settlement, facts.as_of) if settlement is not None else None
    terms = PlanTerms(months=12, signed_on=facts.as_of, first_due=date(facts.as_of.year + 1, 1, 10),
                      waive=("penalty", "compound"))
    plan = make_plan(facts.claim, terms, over)
    texts["agreement.txt"] = document_text(build_agreement(facts, plan, settlement=settlement is not None).content)
    return texts


@pytest.mark.parametrize("sample", SAMPLE_NAMES)
def test_golden_texts(sample: str) -> None:
    texts = golden_texts(sample)
    folder = GOLDEN / sample
    if os.environ.get("EVIDENCE_KIT_UPDATE_GOLDEN"):
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in texts.items():
            (folder / name).write_text(text, "utf-8")
    stored = {p.name: p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))}
    assert sorted(stored) == sorted(texts)
    for name, text in texts.items():
        assert text == stored[name], f"{sample}/{name} differs from the golden text"


def test_no_acceleration_notice_after_a_judgment() -> None:
    facts = notice_facts(load_case(SAMPLES / "enforcement"))
    with pytest.raises(NotEligible, match="already decided by （2025）京0102民初12345号"):
        build_letter(facts, "acceleration")


def test_business_loan_has_no_acceleration_notice() -> None:
    facts = notice_facts(load_case(SAMPLES / "business-loan"))
    with pytest.raises(NotEligible, match="accelerated_on"):
        build_letter(facts, "acceleration")
    with pytest.raises(NotEligible, match="a 律师函 is written by a law firm"):
        build_letter(facts, "lawyer")
