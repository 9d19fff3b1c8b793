from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evidence_kit.money import (
    AmountError,
    format_amount,
    json_amount,
    parse_amount,
    parse_rate,
    to_capital,
    to_fen,
)

# -- the helpers that were already there ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1,234.50", "1234.50"), ("¥1234.5", "1234.50"), ("1234.5元", "1234.50"), (" 12 ", "12.00"), (7, "7.00")],
)
def test_parse_amount(text: object, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["12,34", "1.234", "abc", 1.5, True])
def test_parse_amount_refuses(text: object) -> None:
    with pytest.raises(AmountError):
        parse_amount(text)


def test_parse_rate_and_formatting() -> None:
    assert parse_rate("4.35%") == Decimal("0.0435")
    assert to_fen(Decimal("2769.135")) == Decimal("2769.14")
    assert format_amount(Decimal("1234567.8")) == "1,234,567.80"
    assert json_amount(Decimal("5")) == "5.00"


# -- 人民币大写 ----------------------------------------------------------------------------------

OFFICIAL = [  # 《支付结算办法》附一, legal-domain.md §8.2 rules 1, 2 and 4
    ("1409.50", "人民币壹仟肆佰零玖元伍角"),
    ("6007.14", "人民币陆仟零柒元壹角肆分"),
    ("16409.02", "人民币壹万陆仟肆佰零玖元零贰分"),
    ("325.04", "人民币叁佰贰拾伍元零肆分"),
]
LISTED = [  # legal-domain.md §8.2 "Examples"
    ("123456.78", "人民币壹拾贰万叁仟肆佰伍拾陆元柒角捌分"),
    ("1050", "人民币壹仟零伍拾元整"),
    ("2769.14", "人民币贰仟柒佰陆拾玖元壹角肆分"),
    ("30000000", "人民币叁仟万元整"),
    ("100000001", "人民币壹亿零壹元整"),
    ("10000010", "人民币壹仟万零壹拾元整"),
    ("1.10", "人民币壹元壹角"),
]
# Rule 3 (optional 零): both official forms, and the one our documented policy picks.
RULE_3 = [
    ("1680.32", ("人民币壹仟陆佰捌拾元零叁角贰分", "人民币壹仟陆佰捌拾元叁角贰分"), "人民币壹仟陆佰捌拾元叁角贰分"),
    ("107000.53", ("人民币壹拾万柒仟元零伍角叁分", "人民币壹拾万零柒仟元伍角叁分"), "人民币壹拾万零柒仟元伍角叁分"),
]


@pytest.mark.parametrize(("amount", "expected"), OFFICIAL + LISTED)
def test_capital_examples(amount: str, expected: str) -> None:
    assert to_capital(Decimal(amount)) == expected


@pytest.mark.parametrize(("amount", "official", "ours"), RULE_3)
def test_capital_optional_zero_policy(amount: str, official: tuple[str, str], ours: str) -> None:
    assert to_capital(Decimal(amount)) in official
    assert to_capital(Decimal(amount)) == ours


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("0", "人民币零元整"),
        ("0.05", "人民币伍分"),
        ("0.50", "人民币伍角"),
        ("10", "人民币壹拾元整"),
        ("19.00", "人民币壹拾玖元整"),
        ("1005000", "人民币壹佰万零伍仟元整"),
        ("1000500", "人民币壹佰万零伍佰元整"),
        ("104147.41", "人民币壹拾万零肆仟壹佰肆拾柒元肆角壹分"),
        ("2.005", "人民币贰元零壹分"),  # rounded to the fen, half up
    ],
)
def test_capital_edges(amount: str, expected: str) -> None:
    assert to_capital(Decimal(amount)) == expected


def test_capital_refuses_negative_and_huge() -> None:
    with pytest.raises(ValueError, match="negative"):
        to_capital(Decimal("-0.01"))
    with pytest.raises(ValueError, match="too large"):
        to_capital(Decimal("1000000000000"))


# An independent reader of capital numerals, to check that every amount survives the round trip.
_DIGIT = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
_PLACE = {"拾": 10, "佰": 100, "仟": 1000}


def _read_section(text: str) -> int:
    value, digit = 0, 0
    for char in text:
        if char in _DIGIT:
            digit = _DIGIT[char]
        else:
            value += digit * _PLACE[char]
            digit = 0
    return value + digit


def read_capital(text: str) -> Decimal:
    assert text.startswith("人民币")
    body = text.removeprefix("人民币").removesuffix("整")
    yuan_text, _, fraction = body.rpartition("元") if "元" in body else ("", "", body)
    yuan = 0
    rest = yuan_text
    for unit, size in (("亿", 10**8), ("万", 10**4)):
        if unit in rest:
            head, rest = rest.split(unit, 1)
            yuan += _read_section(head) * size
    yuan += _read_section(rest)
    jiao = _DIGIT[fraction[fraction.index("角") - 1]] if "角" in fraction else 0
    fen = _DIGIT[fraction[fraction.index("分") - 1]] if "分" in fraction else 0
    return Decimal(yuan) + Decimal(jiao) / 10 + Decimal(fen) / 100


fen_amounts = st.integers(min_value=0, max_value=10**14 - 1).map(lambda f: (Decimal(f) / 100).quantize(Decimal("0.01")))


@given(fen_amounts)
def test_capital_round_trip(amount: Decimal) -> None:
    text = to_capital(amount)
    assert read_capital(text) == amount
    assert set(text) <= set("人民币零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整")
    assert text.endswith("整") == (amount == amount.to_integral_value())
    assert "零零" not in text
    assert not text.removeprefix("人民币").startswith("零") or amount == 0


@given(st.integers(min_value=10, max_value=19))
def test_capital_writes_leading_ten(yuan: int) -> None:
    assert to_capital(Decimal(yuan)).startswith("人民币壹拾")
