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
from evidence_kit.case.model import Case
from evidence_kit.claim.repayment_plan import PlanTerms, judgment_components, make_plan
from evidence_kit.errors import NotEligible
from evidence_kit.notices.agreement import build_agreement
from evidence_kit.notices.document import document_text
from evidence_kit.notices.facts import NoticeFacts, notice_facts
from evidence_kit.notices.letters import LETTER_KINDS, build_letter, check_letter_kind
from evidence_kit.notices.make import debts_plan
from evidence_kit.notices.sms import sms_text
from evidence_kit.notices.visit import build_repayment_guide, build_visit_pack
from tests.conftest import SAMPLES

GOLDEN = Path(__file__).parent / "golden"
SAMPLE_NAMES = ("consumer-loan", "business-loan", "enforcement", "facility-drawdowns", "consumer-loan-and-card",
                "credit-card")
LAW_FIRM = "北京示例律师事务所"
CHOSEN = {"facility-drawdowns": ("D1", "D3")}
"""A plan over some of the debts (``plan --debt``), per sample."""


def notice_texts(facts: NoticeFacts, prefix: str = "") -> dict[str, str]:
    """Every SMS and letter the facts' addressee can be sent (a refused kind has no text)."""
    texts: dict[str, str] = {}
    for kind in ("reminder", "demand", "acceleration", "lawyer", "locate"):
        if kind == "locate" and prefix:
            continue
        try:
            if kind in LETTER_KINDS:
                check_letter_kind(facts, kind, LAW_FIRM)
            texts[f"{prefix}sms_{kind}.txt"] = sms_text(facts, kind, law_firm=LAW_FIRM) + "\n"
        except NotEligible:
            continue
    for kind in LETTER_KINDS:
        try:
            letter = build_letter(facts, kind, law_firm=LAW_FIRM, lawyer="王律师")
        except NotEligible:
            continue
        texts[f"{prefix}notice_{kind}.txt"] = document_text(letter.content)
    return texts


def plan_terms(facts: NoticeFacts) -> PlanTerms:
    return PlanTerms(months=12, signed_on=facts.as_of, first_due=date(facts.as_of.year + 1, 1, 10),
                     waive=("penalty", "compound"))


def agreement_text(case: Case, debts: tuple[str, ...] = ()) -> str:
    facts = notice_facts(case, debts=debts)
    settlement = case.filings.enforcement
    over = judgment_components(settlement, facts.as_of) if settlement is not None else None
    plan = debts_plan(facts, plan_terms(facts)) if facts.debts else make_plan(facts.claim, plan_terms(facts), over)
    return document_text(build_agreement(facts, plan, settlement=settlement is not None).content)


def golden_texts(sample: str) -> dict[str, str]:
    case = load_case(SAMPLES / sample)
    facts = notice_facts(case)
    texts = notice_texts(facts)
    for number, guarantor in enumerate(case.guarantors, start=1):
        texts.update(notice_texts(notice_facts(case, debtor_index=case.debtors.index(guarantor)),
                                  f"guarantor{number}_"))
    texts["visit_pack.txt"] = document_text(build_visit_pack(facts).content)
    texts["repayment_guide.txt"] = document_text(build_repayment_guide(facts).content)
    texts["agreement.txt"] = agreement_text(case)
    if sample in CHOSEN:
        texts[f"agreement_{'_'.join(CHOSEN[sample])}.txt"] = agreement_text(case, CHOSEN[sample])
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
