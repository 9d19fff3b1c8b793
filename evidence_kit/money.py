"""Money as ``Decimal``: parsing, rounding to the fen, formatting.

No float ever touches an amount: text goes straight to ``Decimal``.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

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
    if isinstance(text, bool) or isinstance(text, float):
        raise AmountError(f"{text!r} is not written as decimal text")
    if isinstance(text, (int, Decimal)):
        return to_fen(Decimal(text))
    raw = str(text).strip().replace("\u00a0", "").replace(" ", "")
    for mark in _CURRENCY_MARKS:
        raw = raw.replace(mark, "")
    if "," in raw or "，" in raw:
        raw = raw.replace("，", ",")
        if not _GROUPED_RE.match(raw):
            raise AmountError(f"{text!r} has misplaced thousands separators")
        raw = raw.replace(",", "")
    if not _AMOUNT_RE.match(raw):
        raise AmountError(f"{text!r} is not an amount of money")
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
        raise AmountError(f"{text!r} is not an amount of money") from exc
    if value != value.quantize(FEN) and value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise AmountError(f"{text!r} has more than two decimals (fen)")
    return value.quantize(FEN)


def parse_rate(text: object) -> Decimal:
    """Parse an annual rate written as a decimal fraction ("0.0435"); also accepts "4.35%"."""
    if isinstance(text, (bool, float)):
        raise AmountError(f"{text!r} is not written as decimal text")
    raw = str(text).strip()
    percent = raw.endswith("%")
    if percent:
        raw = raw[:-1].strip()
    if not _AMOUNT_RE.match(raw):
        raise AmountError(f"{text!r} is not a rate")
    value = Decimal(raw)
    return value / 100 if percent else value


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
