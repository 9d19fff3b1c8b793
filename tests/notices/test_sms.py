"""SMS segments at the boundaries, and the texts themselves (no full identifiers, within the limit)."""

from __future__ import annotations

import pytest

from evidence_kit.case.load import load_case
from evidence_kit.notices.facts import notice_facts
from evidence_kit.notices.sms import MAX_SMS_SEGMENTS, SmsTooLong, count_segments, sms_text
from tests.conftest import SAMPLES


@pytest.mark.parametrize(("text", "encoding", "units", "segments"), [
    ("", "gsm7", 0, 0),
    ("还" * 70, "ucs2", 70, 1),
    ("还" * 71, "ucs2", 71, 2),
    ("还" * 134, "ucs2", 134, 2),
    ("还" * 135, "ucs2", 135, 3),
    ("还" * 201, "ucs2", 201, 3),
    ("还" * 202, "ucs2", 202, 4),
    ("a" * 69 + "还", "ucs2", 70, 1),          # one Chinese character makes the whole text UCS-2
    ("a" * 70 + "还", "ucs2", 71, 2),
    ("Loan 0417 overdue 3天", "ucs2", 20, 1),
    ("a" * 160, "gsm7", 160, 1),
    ("a" * 161, "gsm7", 161, 2),
    ("a" * 306, "gsm7", 306, 2),
    ("a" * 307, "gsm7", 307, 3),
    ("a" * 159 + "€", "gsm7", 161, 2),         # an extension character takes two septets
    ("{" * 80, "gsm7", 160, 1),
    ("还" * 69 + "😀", "ucs2", 71, 2),          # outside the BMP: two UTF-16 units
    ("¥100.00", "gsm7", 7, 1),                  # ¥ is in the GSM alphabet
    ("￥100.00", "ucs2", 7, 1),                 # the full-width yen is not
])
def test_segment_boundaries(text: str, encoding: str, units: int, segments: int) -> None:
    counted = count_segments(text)
    assert (counted.encoding, counted.units, counted.segments) == (encoding, units, segments)


@pytest.mark.parametrize("sample", ["consumer-loan", "business-loan", "enforcement"])
@pytest.mark.parametrize("kind", ["reminder", "demand", "acceleration", "locate"])
def test_sample_texts_fit_and_hide_identifiers(sample: str, kind: str) -> None:
    case = load_case(SAMPLES / sample)
    facts = notice_facts(case)
    if kind == "acceleration" and case.loan.accelerated_on is None:
        return
    text = sms_text(facts, kind)
    assert count_segments(text).segments <= MAX_SMS_SEGMENTS
    assert text.startswith("【示例银行】")
    for party in case.debtors:
        for identifier in (party.id_number, party.credit_code, party.phone):
            if identifier:
                assert identifier not in text
    assert case.loan.contract_no not in text
    if kind != "locate":
        assert "尊敬的客户" in text and "如有困难，请及时告知。" in text
        assert f"{facts.breakdown.total:,.2f}" in text
    else:
        assert "贷款" not in text and "欠" not in text  # nothing about a debt to a third party


def test_too_long_a_text_is_refused() -> None:
    case = load_case(SAMPLES / "consumer-loan")
    facts = notice_facts(case)
    with pytest.raises(SmsTooLong, match="more than 3"):
        sms_text(facts, "lawyer", law_firm="某某" * 40 + "律师事务所")


def test_a_guarantor_is_told_it_guarantees_the_loan() -> None:
    case = load_case(SAMPLES / "consumer-loan")
    facts = notice_facts(case, debtor_index=1)
    assert facts.debtor.name == "周丽娟"
    text = sms_text(facts, "demand")
    assert "您提供保证的一笔贷款（合同尾号0417）已逾期" in text and "您有一笔贷款" not in text
