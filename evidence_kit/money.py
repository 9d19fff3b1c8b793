"""Money as ``Decimal``: parsing, rounding to the fen, formatting.

No float ever touches an amount: text goes straight to ``Decimal``.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from evidence_kit.i18n import _
from evidence_kit.limits import MONEY_MAX_INTEGER_DIGITS, RATE_MAX_ANNUAL, RATE_MAX_DECIMALS

FEN = Decimal("0.01")
ZERO = Decimal("0.00")

_CURRENCY_MARKS = ("¥", "￥", "RMB", "CNY", "人民币", "元")
_AMOUNT_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED_RE = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


class AmountError(ValueError):
    """Text that is not an amount of money."""


def parse_amount(text: object) -> Decimal:
    """Parse money written as text: "1,234.50", "¥1234.5", "1234.5元" → Decimal("1234.50").

    Thousands separators must be well placed ("12,34" is refused). Anything else that
    is not a plain decimal number raises :class:`AmountError`.
    """
    if isinstance(text, (bool, float)):
        raise AmountError(_("{text} is not written as decimal text", text=repr(text)))
    if isinstance(text, (int, Decimal)):
        return to_fen(_within_digits(Decimal(text), text))
    raw = str(text).strip().replace("\u00a0", "").replace(" ", "")
    for mark in _CURRENCY_MARKS:
        raw = raw.replace(mark, "")
    if "," in raw or "，" in raw:
        raw = raw.replace("，", ",")
        if not _GROUPED_RE.match(raw):
            raise AmountError(_("{text} has misplaced thousands separators", text=repr(text)))
        raw = raw.replace(",", "")
    if not _AMOUNT_RE.match(raw):
        raise AmountError(_("{text} is not an amount of money", text=repr(text)))
    try:
        value = _within_digits(Decimal(raw), text)
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
        raise AmountError(_("{text} is not an amount of money", text=repr(text))) from exc
    if value != value.quantize(FEN) and value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise AmountError(_("{text} has more than two decimals (fen)", text=repr(text)))
    return value.quantize(FEN)


def _within_digits(value: Decimal, text: object) -> Decimal:
    """``value`` unless it has more than :data:`MONEY_MAX_INTEGER_DIGITS` digits before the point."""
    if not value.is_finite() or abs(value) >= Decimal(10) ** MONEY_MAX_INTEGER_DIGITS:
        raise AmountError(_("{text} has more than {digits} digits before the decimal point", text=repr(_short(text)),
                            digits=MONEY_MAX_INTEGER_DIGITS))
    return value


def parse_rate(text: object) -> Decimal:
    """Parse a rate written as a decimal fraction ("0.0435"); also accepts "4.35%".

    At most :data:`RATE_MAX_DECIMALS` decimal places (of the fraction) and
    :data:`MONEY_MAX_INTEGER_DIGITS` digits before the point; see :func:`parse_annual_rate`
    for the range of an annual rate.
    """
    if isinstance(text, (bool, float)):
        raise AmountError(_("{text} is not written as decimal text", text=repr(text)))
    raw = str(text).strip()
    percent = raw.endswith("%")
    if percent:
        raw = raw[:-1].strip()
    if not _AMOUNT_RE.match(raw) or len(raw) > MONEY_MAX_INTEGER_DIGITS + RATE_MAX_DECIMALS + 2:
        raise AmountError(_("{text} is not a rate of at most {places} decimal places", text=repr(_short(text)),
                            places=RATE_MAX_DECIMALS))
    value = Decimal(raw) / 100 if percent else Decimal(raw)
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > RATE_MAX_DECIMALS:
        raise AmountError(_("{text} has more than {places} decimal places", text=repr(_short(text)),
                            places=RATE_MAX_DECIMALS))
    return value


def parse_annual_rate(text: object) -> Decimal:
    """An annual rate: as :func:`parse_rate`, and no more than :data:`RATE_MAX_ANNUAL` (100 %)."""
    value = parse_rate(text)
    if value > RATE_MAX_ANNUAL:
        raise AmountError(_("{text} is above {most} (100 % a year); write 4.35 % as 0.0435 (or \"4.35%\")",
                            text=repr(_short(text)), most=RATE_MAX_ANNUAL))
    return value


def _short(text: object) -> str:
    shown = str(text)
    return shown if len(shown) <= 40 else _("{start}…({count} characters)", start=shown[:20], count=len(shown))


def to_fen(value: Decimal) -> Decimal:
    """Round to the fen, half up (the rounding every stored amount gets)."""
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def format_amount(value: Decimal, grouping: bool = True) -> str:
    """"1234567.8" → "1,234,567.80" (always two decimals)."""
    value = to_fen(value)
    return f"{value:,.2f}" if grouping else f"{value:.2f}"


def json_amount(value: Decimal) -> str:
    """Money in JSON: a string with exactly two decimals, no grouping."""
    return format_amount(value, grouping=False)


# -- amounts in capital numerals (人民币大写), 《支付结算办法》附一 -------------------------------

_CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_CAPITAL_PLACES = ("", "拾", "佰", "仟")
_CAPITAL_SECTIONS = ("", "万", "亿")
_CAPITAL_LIMIT = 10 ** (4 * len(_CAPITAL_SECTIONS))


def to_capital(amount: Decimal) -> str:
    """The amount in RMB capital numerals: Decimal("107000.53") → "人民币壹拾万零柒仟元伍角叁分".

    The amount is first rounded to the fen. Rules (legal-domain.md §8.2):

    - "人民币" is prefixed; "整" follows "元" only when there are no 角 and no 分
      (1.10 → 人民币壹元壹角; 0.00 → 人民币零元整).
    - Any run of zero digits inside the yuan figure is written as a single 零
      (6,007.14 → 陆仟零柒元…; 100,000,001 → 壹亿零壹元整); trailing zeros are not.
    - A 1 in the tens place is always written 壹拾, at the head of a section too
      (123,456.78 → 壹拾贰万…).
    - 角 zero and 分 not zero: 零 is written after 元 (16,409.02 → …零玖元零贰分).
    - The optional 零 of rule 3 — chosen policy: it is WRITTEN when the 万 (or 亿) digit is
      zero and the next digit is not (1,005,000 → 壹佰万零伍仟元整; 107,000.53 →
      壹拾万零柒仟元…), because that zero sits inside the yuan figure like any other; it
      is NOT written between 元 and 角 (1,680.32 → 壹仟陆佰捌拾元叁角贰分). Both official
      rule-3 examples therefore come out in their second official form.

    Raises ``ValueError`` for a negative amount or one of 10^12 yuan (a trillion) or more.
    """
    value = to_fen(Decimal(amount))
    if value < 0:
        raise ValueError(_("cannot write a negative amount ({amount}) in capital numerals", amount=value))
    yuan = int(value)
    if yuan >= _CAPITAL_LIMIT:
        raise ValueError(_("{amount} is too large for capital numerals (limit 10^12 yuan)", amount=value))
    jiao, fen = divmod(int((value - yuan) * 100), 10)
    words = _capital_yuan(yuan) + "元" if yuan else ""
    if jiao:
        words += _CAPITAL_DIGITS[jiao] + "角"
    if fen:
        words += ("零" if yuan and not jiao else "") + _CAPITAL_DIGITS[fen] + "分"
    if not words:
        words = "零元"
    return "人民币" + words + ("" if jiao or fen else "整")


def _capital_yuan(yuan: int) -> str:
    """The whole-yuan part (yuan > 0) without 元: 100000001 → 壹亿零壹."""
    digits = str(yuan)
    out: list[str] = []
    zero_pending = False
    for index, char in enumerate(digits):
        position = len(digits) - 1 - index
        if char == "0":
            zero_pending = True
        else:
            if zero_pending:
                out.append("零")
            zero_pending = False
            out.append(_CAPITAL_DIGITS[int(char)] + _CAPITAL_PLACES[position % 4])
        section_ends = position % 4 == 0 and position > 0
        if section_ends and int(digits[max(0, index - 3) : index + 1]) != 0:
            out.append(_CAPITAL_SECTIONS[position // 4])
    return "".join(out)
