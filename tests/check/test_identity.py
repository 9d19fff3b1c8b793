"""ID number (GB 11643) and unified social credit code (GB 32100) checksums: legal-domain.md §7."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from evidence_kit.check.identity import (
    credit_code_check_char,
    party_problems,
    resident_id_check_char,
    resident_id_gender,
    valid_credit_code,
    valid_resident_id,
)
from tests.factories import make_borrower, make_creditor

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("number", "check"),
    [("11010519491231002X", "X"), ("440524188001010014", "4"), ("360426199101010071", "1"), ("120103198806018241", "1")],
)
def test_resident_id_worked_examples(number: str, check: str) -> None:
    assert resident_id_check_char(number[:17]) == check
    assert valid_resident_id(number)


def test_resident_id_failing_example() -> None:
    assert not valid_resident_id("360426199101010072")


def test_resident_id_lowercase_x_and_impossible_date() -> None:
    assert valid_resident_id("11010519491231002x")
    first17 = "11010519490230002"  # 30 February
    assert not valid_resident_id(first17 + resident_id_check_char(first17))


def test_gender_digit() -> None:
    assert resident_id_gender("11010519491231002X") == "女"
    assert resident_id_gender("440524188001010014") == "男"


@pytest.mark.parametrize(("code", "check"), [("91350100M000100Y43", "3"), ("91110108551385082Q", "Q")])
def test_credit_code_worked_examples(code: str, check: str) -> None:
    assert credit_code_check_char(code[:17]) == check
    assert valid_credit_code(code)


def test_credit_code_failing_examples() -> None:
    assert not valid_credit_code("91310115MA1H8R7C6D")  # the wrong example cited in legal-domain.md
    assert not valid_credit_code("91350100M000100Y4I")  # I is not in the alphabet
    assert not valid_credit_code("91350100M000100Y4")


def test_valid_parties_have_no_problems() -> None:
    assert party_problems(make_borrower(), "debtors.0", TODAY) == []
    assert party_problems(make_creditor(), "creditor", TODAY) == []


def test_id_checksum_error_is_located() -> None:
    borrower = replace(make_borrower(), id_number="110105194912310021")
    [problem] = party_problems(borrower, "debtors.0", TODAY)
    assert problem.code == "id_checksum"
    assert problem.loc is not None and problem.loc.column == "debtors.0.id_number"
    assert "expected X" in problem.message


def test_birth_date_and_gender_must_agree() -> None:
    borrower = replace(make_borrower(), birth_date=date(1949, 12, 30), gender="男")
    found = {p.code for p in party_problems(borrower, "debtors.0", TODAY)}
    assert found == {"id_birth_mismatch", "id_gender_mismatch"}


def test_legacy_and_malformed_ids() -> None:
    legacy = replace(make_borrower(), id_number="110105491231002")
    assert [p.code for p in party_problems(legacy, "debtors.0", TODAY)] == ["id_legacy"]
    bad = replace(make_borrower(), id_number="11010519491231")
    assert [p.code for p in party_problems(bad, "debtors.0", TODAY)] == ["id_format"]


def test_credit_code_errors() -> None:
    wrong = replace(make_creditor(), credit_code="91350100M000100Y44")
    assert [p.code for p in party_problems(wrong, "creditor", TODAY)] == ["credit_code_checksum"]
    malformed = replace(make_creditor(), credit_code="91350100O000100Y43")
    assert [p.code for p in party_problems(malformed, "creditor", TODAY)] == ["credit_code_format"]
