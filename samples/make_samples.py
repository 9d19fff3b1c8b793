#!/usr/bin/env python3
"""Regenerate the sample case folders under ``samples/`` (or under a folder given as argument).

    .venv/bin/python samples/make_samples.py [OUT_DIR]

Three cases are written, byte for byte the same on every run (fixed seeds, no timestamps):

* ``consumer-loan/``  个人消费贷款, 等额本息, personal borrower + guarantor, GB18030 ledger with split
  columns, Chinese-header contact log, contract/借据/保证合同/催收函 PDFs, ID-card JPEG scan with an
  EXIF orientation, EMS receipt PNG, call recording WAV + transcript;
* ``business-loan/``  流动资金贷款 to a company, 按月付息到期还本, XLSX ledger without split, the bank's
  schedule.csv, English-header contacts (UTF-8 with BOM), business-licence PNG;
* ``enforcement/``    a judgment ready for 申请执行 (the original loan was 等额本金).

Every amount is ``Decimal`` and follows ``reference/claim-method.md`` (schedule, acceleration, penalty and
compound interest, allocation), so the ledgers, letters and the judgment agree with what the engine
recomputes. All people, companies, banks, addresses and numbers are fictional; ID numbers and 统一社会
信用代码 carry valid check characters.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import io
import math
import random
import re
import shutil
import sys
import wave
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from html import escape
from pathlib import Path
from typing import Any

import openpyxl
import yaml
from openpyxl.styles import Alignment, Font
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from weasyprint import HTML

HERE = Path(__file__).resolve().parent
FONT_DIR = Path("/usr/share/fonts/opentype/noto")
FONT_SC_INDEX = 2  # "Noto Sans CJK SC" inside the .ttc collections

FEN = Decimal("0.01")
ZERO = Decimal("0.00")
RATE_CAP = Decimal("0.24")
SEAL_RED = "#d7262d"

Money = Decimal


# ---------------------------------------------------------------------------------------------------
# Small helpers: money, dates, identifiers
# ---------------------------------------------------------------------------------------------------


def fen(value: Decimal) -> Decimal:
    """Round to the fen, half up — the rounding of every stored amount."""
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def amt(value: Decimal) -> str:
    """Decimal text for files: "1234.50"."""
    return f"{fen(value):.2f}"


def yuan(value: Decimal) -> str:
    """Amount for documents: "1,234.50"."""
    return f"{fen(value):,.2f}"


def pct(rate: Decimal) -> str:
    """0.0435 → "4.35%" (no trailing zeros beyond two decimals)."""
    text = f"{(rate * 100).normalize():f}"
    return f"{text}%"


_UPPER = "零壹贰叁肆伍陆柒捌玖"


def _upper_section(n: int) -> str:
    out = ""
    zero = False
    for unit, value in (("仟", 1000), ("佰", 100), ("拾", 10), ("", 1)):
        digit = n // value % 10
        if digit == 0:
            zero = zero or bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _UPPER[digit] + unit
    return out


def rmb_upper(value: Decimal) -> str:
    """人民币大写 (支付结算办法 附一); the optional 零 of rule 3 is not written."""
    cents = int((fen(value) * 100).to_integral_value())
    whole, rest = divmod(cents, 100)
    jiao, fen_digit = divmod(rest, 10)
    out = ""
    pending_zero = False
    for section, unit in ((whole // 10**8, "亿"), (whole // 10**4 % 10**4, "万"), (whole % 10**4, "")):
        if section == 0:
            pending_zero = pending_zero or bool(out)
            continue
        if out and (pending_zero or section < 1000):
            out += "零"
        out += _upper_section(section) + unit
        pending_zero = False
    if whole:
        out += "元"
    if rest == 0:
        return "人民币" + (out or "零元") + "整"
    if jiao:
        out += _UPPER[jiao] + "角"
    elif whole:
        out += "零"
    if fen_digit:
        out += _UPPER[fen_digit] + "分"
    return "人民币" + out


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


_CN_DIGITS = "〇一二三四五六七八九"


def _cn_number(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def cn_upper_date(d: date) -> str:
    """二〇二五年四月十八日 (the date line of a court document)."""
    year = "".join(_CN_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{_cn_number(d.month)}月{_cn_number(d.day)}日"


def add_months(start: date, months: int, day: int) -> date:
    """``start`` plus calendar months, on ``day`` clamped to the month's last day."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(area: str, birth: date, sequence: str) -> str:
    """公民身份号码 (GB 11643, ISO 7064 MOD 11-2); odd sequence = male, even = female."""
    body = f"{area}{birth:%Y%m%d}{sequence}"
    total = sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def credit_code(body: str) -> str:
    """统一社会信用代码 (GB 32100): 17 characters plus the MOD 31 check character."""
    weights = [pow(3, i, 31) for i in range(17)]
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(body, weights, strict=True))
    return body + _USCC_ALPHABET[(31 - total % 31) % 31]


# ---------------------------------------------------------------------------------------------------
# Loan arithmetic (reference/claim-method.md)
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Terms:
    principal: Decimal
    annual_rate: Decimal
    penalty_markup: Decimal
    compound: bool
    day_count: int
    method: str
    installments: int
    signed_on: date
    disbursed_on: date
    maturity: date
    payment_day: int
    accelerated_on: date | None = None

    @property
    def penalty_rate(self) -> Decimal:
        return min(self.annual_rate * (1 + self.penalty_markup), RATE_CAP)

    def accrue(self, base: Decimal, rate: Decimal, days: int) -> Decimal:
        return fen(base * rate / self.day_count * days)


@dataclass(frozen=True)
class Item:
    number: int
    due: date
    principal: Decimal
    interest: Decimal

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest


def due_dates(terms: Terms) -> list[date]:
    n = terms.installments
    dates = [add_months(terms.disbursed_on, k, terms.payment_day) for k in range(1, n)]
    return [*dates, terms.maturity]


def monthly_payment(principal: Decimal, annual_rate: Decimal, n: int) -> Decimal:
    r = annual_rate / 12
    growth = (1 + r) ** n
    return fen(principal * r * growth / (growth - 1))


def schedule(terms: Terms) -> list[Item]:
    """The repayment schedule generated from the terms, as the engine does when there is no schedule.csv."""
    dues = due_dates(terms)
    n, p = terms.installments, terms.principal
    r = terms.annual_rate / 12
    items: list[Item] = []
    if terms.method == "interest_only":
        previous = terms.disbursed_on
        for k, due in enumerate(dues, start=1):
            interest = terms.accrue(p, terms.annual_rate, (due - previous).days)
            items.append(Item(k, due, p if k == n else ZERO, interest))
            previous = due
        return items
    balance = p
    payment = monthly_payment(p, terms.annual_rate, n) if terms.method == "equal_installment" else ZERO
    for k, due in enumerate(dues, start=1):
        interest = fen(balance * r)
        if k == n:
            principal = balance
        elif terms.method == "equal_installment":
            principal = payment - interest
        else:  # equal_principal
            principal = fen(p / n)
        items.append(Item(k, due, principal, interest))
        balance -= principal
    return items


def accelerate(terms: Terms, items: Sequence[Item]) -> list[Item]:
    """Replace every item due after ``accelerated_on`` by one item due on that day."""
    cut = terms.accelerated_on
    if cut is None:
        return list(items)
    kept = [it for it in items if it.due <= cut]
    later = [it for it in items if it.due > cut]
    if not later:
        return kept
    last_due = kept[-1].due if kept else terms.disbursed_on
    principal = sum((it.principal for it in later), ZERO)
    interest = terms.accrue(principal, terms.annual_rate, (cut - last_due).days)
    return [*kept, Item(later[0].number, cut, principal, interest)]


@dataclass(frozen=True)
class Payment:
    on: date
    amount: Decimal
    reference: str
    note: str = ""
    split: dict[str, Decimal] | None = None


@dataclass(frozen=True)
class Line:
    kind: str
    base: Decimal
    start: date
    end: date
    days: int
    amount: Decimal


@dataclass(frozen=True)
class Claim:
    as_of: date
    principal: Decimal
    interest: Decimal
    penalty: Decimal
    compound: Decimal
    not_due_principal: Decimal
    credit: Decimal
    lines: tuple[Line, ...]
    allocations: tuple[dict[str, Decimal], ...]

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest + self.penalty + self.compound


@dataclass
class _Open:
    due: date
    principal: Decimal
    interest: Decimal


@dataclass
class _Ledger:
    """State of the timeline walk: open items and accrued-but-unpaid penalty/compound."""

    items: list[_Open]
    penalty: Decimal = ZERO
    compound: Decimal = ZERO
    credit: Decimal = ZERO
    lines: list[Line] = field(default_factory=list)

    def due_by(self, day: date) -> list[_Open]:
        return [it for it in self.items if it.due <= day]

    def take(self, kind: str, amount: Decimal, day: date) -> Decimal:
        """Apply up to ``amount`` to ``kind``; return what was applied."""
        applied = ZERO
        if kind == "penalty":
            applied = min(amount, self.penalty)
            self.penalty -= applied
        elif kind == "compound":
            applied = min(amount, self.compound)
            self.compound -= applied
        elif kind in ("interest", "principal"):
            for it in self.due_by(day):
                part = min(amount - applied, getattr(it, kind))
                setattr(it, kind, getattr(it, kind) - part)
                applied += part
        return applied

    def apply(self, day: date, amount: Decimal, split: dict[str, Decimal] | None) -> dict[str, Decimal]:
        allocation = dict.fromkeys(("principal", "interest", "penalty", "compound", "fee"), ZERO)
        if split is not None:
            for kind, part in split.items():
                allocation[kind] = self.take(kind, part, day)
            self.credit += amount - sum(allocation.values(), ZERO)
            return allocation
        left = amount
        for kind in ("fee", "penalty", "compound", "interest", "principal"):
            allocation[kind] = self.take(kind, left, day)
            left -= allocation[kind]
        self.credit += left
        return allocation


def compute_claim(
    terms: Terms, items: Sequence[Item], payments: Sequence[Payment], as_of: date
) -> Claim:
    """The claim at ``as_of`` per claim-method.md (no fees in these samples)."""
    if terms.accelerated_on is not None and terms.accelerated_on <= as_of:
        items = accelerate(terms, items)
    state = _Ledger([_Open(it.due, it.principal, it.interest) for it in items])
    pays = [p for p in payments if p.on <= as_of]
    events = sorted({it.due for it in items if it.due <= as_of} | {p.on for p in pays} | {as_of})
    allocations: list[dict[str, Decimal]] = []
    previous = terms.disbursed_on
    for day in events:
        _accrue(terms, state, previous, day)
        if state.credit:
            held, state.credit = state.credit, ZERO
            state.apply(day, held, None)
        for pay in (p for p in pays if p.on == day):
            allocations.append(state.apply(day, pay.amount, pay.split))
        previous = day
    due = state.due_by(as_of)
    return Claim(
        as_of=as_of,
        principal=sum((it.principal for it in due), ZERO),
        interest=sum((it.interest for it in due), ZERO),
        penalty=state.penalty,
        compound=state.compound,
        not_due_principal=sum((it.principal for it in state.items if it.due > as_of), ZERO),
        credit=state.credit,
        lines=tuple(state.lines),
        allocations=tuple(allocations),
    )


def _accrue(terms: Terms, state: _Ledger, start: date, end: date) -> None:
    days = (end - start).days
    if days <= 0:
        return
    overdue = state.due_by(start)
    base_p = sum((it.principal for it in overdue), ZERO)
    base_i = sum((it.interest for it in overdue), ZERO)
    if base_p > 0:
        amount = terms.accrue(base_p, terms.penalty_rate, days)
        state.penalty += amount
        state.lines.append(Line("penalty", base_p, start, end, days, amount))
    if terms.compound and base_i > 0:
        amount = terms.accrue(base_i, terms.penalty_rate, days)
        state.compound += amount
        state.lines.append(Line("compound", base_i, start, end, days, amount))


def settle(terms: Terms, items: Sequence[Item], paid: Sequence[Payment], on: date) -> Decimal:
    """Everything due on ``on`` given the payments so far (what a payment in full must be)."""
    claim = compute_claim(terms, items, paid, on)
    return claim.total - claim.credit


def pay_in_full(
    terms: Terms, items: Sequence[Item], paid: list[Payment], on: date, reference: str, note: str
) -> None:
    """Append a payment that clears everything due on ``on``, with the engine's split."""
    paid.append(Payment(on, settle(terms, items, paid, on), reference, note))


def with_splits(terms: Terms, items: Sequence[Item], payments: Sequence[Payment]) -> list[Payment]:
    """Give every payment the split the engine's allocation produces (what the bank's system books)."""
    claim = compute_claim(terms, items, payments, payments[-1].on)
    return [
        replace(p, split={k: v for k, v in a.items() if k != "fee" or v})
        for p, a in zip(payments, claim.allocations, strict=True)
    ]


def acceptance_fee(amount: Decimal) -> Decimal:
    """案件受理费 (诉讼费用交纳办法 art. 13), cumulative bands."""
    bands = (
        (Decimal(100_000), Decimal("0.025")),
        (Decimal(200_000), Decimal("0.02")),
        (Decimal(500_000), Decimal("0.015")),
        (Decimal(1_000_000), Decimal("0.01")),
        (Decimal(2_000_000), Decimal("0.009")),
        (Decimal(5_000_000), Decimal("0.008")),
        (Decimal(10_000_000), Decimal("0.007")),
        (Decimal(20_000_000), Decimal("0.006")),
    )
    if amount <= 10_000:
        return Decimal("50.00")
    fee, lower = Decimal(50), Decimal(10_000)
    for upper, rate in bands:
        fee += (min(amount, upper) - lower) * rate
        if amount <= upper:
            return fen(fee)
        lower = upper
    return fen(fee + (amount - lower) * Decimal("0.005"))


# ---------------------------------------------------------------------------------------------------
# The people and organisations (all fictional)
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    name: str
    gender: str
    birth: date
    ethnicity: str
    area: str
    sequence: str
    address: str
    phone: str

    @property
    def id_number(self) -> str:
        return resident_id(self.area, self.birth, self.sequence)

    def yaml(self, role: str) -> dict[str, Any]:
        return {
            "role": role,
            "kind": "person",
            "name": self.name,
            "gender": self.gender,
            "birth_date": self.birth.isoformat(),
            "ethnicity": self.ethnicity,
            "id_number": self.id_number,
            "address": self.address,
            "phone": self.phone,
        }

    def block(self, label: str) -> str:
        return (
            f"<p class='party'><b>{label}：</b>{self.name}，{self.gender}，{cn_date(self.birth)}出生，"
            f"{self.ethnicity}，住{self.address}，公民身份号码{self.id_number}，联系电话{self.phone}。</p>"
        )


@dataclass(frozen=True)
class Org:
    name: str
    code_body: str
    address: str
    rep_name: str
    rep_title: str
    phone: str

    @property
    def credit_code(self) -> str:
        return credit_code(self.code_body)

    def yaml(self, role: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {} if role is None else {"role": role}
        out |= {
            "kind": "organization",
            "name": self.name,
            "credit_code": self.credit_code,
            "address": self.address,
            "representative": {"name": self.rep_name, "title": self.rep_title},
            "phone": self.phone,
        }
        return out

    def block(self, label: str) -> str:
        return (
            f"<p class='party'><b>{label}：</b>{self.name}，住所地{self.address}，"
            f"统一社会信用代码{self.credit_code}。</p>"
            f"<p class='party sub'>{'负责人' if '分行' in self.name or '支行' in self.name else '法定代表人'}："
            f"{self.rep_name}，{self.rep_title}，联系电话{self.phone}。</p>"
        )


# ---------------------------------------------------------------------------------------------------
# PDF documents (WeasyPrint, Noto CJK)
# ---------------------------------------------------------------------------------------------------

BASE_CSS = """
@page {
  size: A4; margin: 26mm 24mm 24mm 26mm;
  @top-right { content: "@HEADER@"; font: 8pt "Noto Serif CJK SC"; color: #666; }
  @bottom-center { content: "第 " counter(page) " 页 共 " counter(pages) " 页";
                   font: 9pt "Noto Serif CJK SC"; color: #333; }
}
html { font-family: "Noto Serif CJK SC", serif; font-size: 11pt; line-height: 1.72; color: #111; }
h1 { font-family: "Noto Sans CJK SC"; font-weight: 700; font-size: 19pt; text-align: center;
     letter-spacing: 0.12em; margin: 0 0 2mm; }
h1.court { font-family: "Noto Serif CJK SC"; font-weight: 400; font-size: 21pt; letter-spacing: 0.08em;
           margin-bottom: 1mm; }
b, strong { font-family: "Noto Sans CJK SC"; font-weight: 700; }
.subtitle { text-align: center; font-size: 15pt; letter-spacing: 0.5em; margin: 0 0 3mm; }
.docno { text-align: right; margin: 0 0 4mm; }
h2 { font-family: "Noto Sans CJK SC"; font-weight: 700; font-size: 11.5pt; margin: 3.5mm 0 1mm; }
p { margin: 0 0 0.6mm; text-indent: 2em; text-align: justify; }
p.party { text-indent: 0; }
p.party.sub { text-indent: 2em; }
p.ni { text-indent: 0; }
p.right { text-align: right; }
p.notice { border: 0.6pt solid #333; padding: 2mm 3mm; text-indent: 0; font-size: 10pt; margin: 3mm 0; }
b.em { font-family: "Noto Sans CJK SC"; font-weight: 700; }
table.grid { border-collapse: collapse; width: 100%; margin: 2mm 0; font-size: 9.5pt; line-height: 1.45; }
table.grid td, table.grid th { border: 0.6pt solid #222; padding: 1.2mm 1.6mm; vertical-align: middle; }
table.grid th { font-family: "Noto Sans CJK SC"; font-weight: 700; background: #f1f1f1; }
table.grid td.num, table.grid th.num { text-align: right; }
table.sched { font-size: 8.4pt; line-height: 1.25; }
table.sched td, table.sched th { padding: 0.5mm 1.4mm; }
.signs { width: 100%; margin-top: 8mm; border-collapse: collapse; break-inside: avoid; }
.keep { break-inside: avoid; }
.signs td { width: 50%; vertical-align: top; padding: 0 3mm 0 0; }
.slot { position: relative; height: 34mm; }
.slot .stamp { position: absolute; left: 24mm; top: -5mm; opacity: 0.86; }
.slot .hand { position: absolute; left: 30mm; top: 7mm; }
.slot .finger { position: absolute; left: 56mm; top: 5mm; }
.dateline { text-align: right; margin-top: 6mm; }
.court-end { margin-top: 10mm; position: relative; break-inside: avoid; }
.court-end p { text-align: right; text-indent: 0; margin-right: 8mm; }
.court-end .stamp { position: absolute; right: 14mm; top: -12mm; opacity: 0.86; }
.pagebreak { break-before: page; }
"""


def seal(name: str, label: str = "", size_mm: int = 40, code: str = "") -> str:
    """A round red seal as inline SVG: name on the arc (condensed glyphs), a star, a label across the bottom."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size_mm}mm" height="{size_mm}mm" '
        'viewBox="0 0 200 200">',
        f'<circle cx="100" cy="100" r="93" fill="none" stroke="{SEAL_RED}" stroke-width="6"/>',
    ]
    span, radius = min(270.0, 27.0 * len(name)), 64.0
    step = span / len(name)
    size = min(27.0, radius * math.radians(step) / 0.8 * 0.9)
    for i, char in enumerate(name):
        angle = -span / 2 + step * (i + 0.5)
        x = 100 + radius * math.sin(math.radians(angle))
        y = 100 - radius * math.cos(math.radians(angle))
        parts.append(
            f'<text transform="translate({x:.2f} {y:.2f}) rotate({angle:.2f}) scale(0.8 1)" x="0" y="0" '
            f'text-anchor="middle" font-size="{size:.2f}" font-family="Noto Sans CJK SC" '
            f'font-weight="bold" fill="{SEAL_RED}">{char}</text>'
        )
    points = []
    for k in range(10):
        r = 27 if k % 2 == 0 else 10.5
        a = math.radians(k * 36)
        points.append(f"{100 + r * math.sin(a):.2f},{103 - r * math.cos(a):.2f}")
    parts.append(f'<polygon points="{" ".join(points)}" fill="{SEAL_RED}"/>')
    if label:
        label_size = min(19.0, 118.0 / len(label))
        parts.append(
            f'<text x="100" y="152" text-anchor="middle" font-size="{label_size:.2f}" '
            f'font-family="Noto Sans CJK SC" font-weight="bold" fill="{SEAL_RED}">{label}</text>'
        )
    if code:
        parts.append(
            f'<text x="100" y="{172 if label else 160}" text-anchor="middle" font-size="11" '
            f'font-family="Noto Sans CJK SC" font-weight="bold" fill="{SEAL_RED}">{code}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def handwriting(text: str, size_pt: int = 17) -> str:
    """A signature: the name slanted, in blue-black ink."""
    width = size_pt * len(text) * 1.15 + 10
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}pt" height="{size_pt * 1.6:.0f}pt" '
        f'viewBox="0 0 {width:.0f} {size_pt * 1.6:.0f}"><g transform="skewX(-14) translate(8 0)">'
        f'<text x="0" y="{size_pt * 1.2:.0f}" font-size="{size_pt}" font-family="Noto Serif CJK SC" '
        f'fill="#1d2a5c" letter-spacing="2">{text}</text></g></svg>'
    )


def fingerprint() -> str:
    rings = "".join(
        f'<ellipse cx="20" cy="26" rx="{15 - 2.4 * i:.1f}" ry="{21 - 3.2 * i:.1f}" fill="none" '
        f'stroke="{SEAL_RED}" stroke-width="1.3" opacity="0.75"/>'
        for i in range(6)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="11mm" height="14mm" viewBox="0 0 40 52">'
        f'<ellipse cx="20" cy="26" rx="17" ry="23" fill="{SEAL_RED}" opacity="0.18"/>{rings}</svg>'
    )


def sign_slot(caption: str, stamp: str = "", hand: str = "", finger: bool = False) -> str:
    inner = f"<p class='ni'>{caption}</p>"
    if stamp:
        inner += f"<div class='stamp'>{stamp}</div>"
    if hand:
        inner += f"<div class='hand'>{handwriting(hand)}</div>"
    if finger:
        inner += f"<div class='finger'>{fingerprint()}</div>"
    return f"<div class='slot'>{inner}</div>"


def signs(left: str, right: str) -> str:
    return f"<table class='signs'><tr><td>{left}</td><td>{right}</td></tr></table>"


def write_pdf(path: Path, title: str, author: str, body: str, header: str = "", css: str = "") -> None:
    """Render one document; no dates in the metadata, so the bytes only depend on the content."""
    html = (
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title><meta name='author' content='{escape(author)}'>"
        f"<style>{BASE_CSS.replace('@HEADER@', header)}{css}</style></head><body>{body}</body></html>"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(HTML(string=html, base_url=str(path.parent)).write_pdf())


def articles(items: Iterable[tuple[str, Sequence[str]]]) -> str:
    """第一条 … numbered articles with their paragraphs."""
    out = []
    for n, (heading, paragraphs) in enumerate(items, start=1):
        out.append(f"<h2>第{_cn_number(n)}条　{heading}</h2>")
        out.extend(f"<p>{p}</p>" for p in paragraphs)
    return "".join(out)


# ---------------------------------------------------------------------------------------------------
# Scans and recordings (Pillow, wave) — deterministic: seeded random, fixed EXIF values
# ---------------------------------------------------------------------------------------------------


def cjk_font(size: int, bold: bool = False, serif: bool = False) -> ImageFont.FreeTypeFont:
    family = "Serif" if serif else "Sans"
    weight = "Bold" if bold else "Regular"
    return ImageFont.truetype(str(FONT_DIR / f"Noto{family}CJK-{weight}.ttc"), size, index=FONT_SC_INDEX)


def speckle(image: Image.Image, seed: int, density: int, amplitude: int) -> Image.Image:
    """Scanner noise: a seeded grain layer plus a few dust specks, then a slight blur."""
    rng = random.Random(seed)
    gray = image.convert("L")
    grain = Image.frombytes("L", gray.size, rng.randbytes(gray.size[0] * gray.size[1]))
    grain = grain.point(lambda v: 128 + (v - 128) * amplitude // 128)
    noisy = Image.blend(gray, grain, 0.06).convert(image.mode) if amplitude else image
    draw = ImageDraw.Draw(noisy)
    for _ in range(density):
        x, y = rng.randrange(gray.size[0]), rng.randrange(gray.size[1])
        r = rng.choice((1, 1, 1, 2))
        shade = rng.randrange(60, 160)
        fill: Any = shade if noisy.mode == "L" else (shade, shade, shade)
        draw.ellipse((x, y, x + r, y + r), fill=fill)
    return noisy.filter(ImageFilter.GaussianBlur(0.55))


def rotate_scan(image: Image.Image, degrees: float) -> Image.Image:
    fill: Any = 250 if image.mode == "L" else (250, 250, 248)
    return image.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=fill)


def text_center(draw: ImageDraw.ImageDraw, x: int, y: int, text: str, font: Any, fill: Any) -> None:
    width = draw.textlength(text, font=font)
    draw.text((x - int(width) // 2, y), text, font=font, fill=fill)


def draw_seal(draw: ImageDraw.ImageDraw, cx: int, cy: int, radius: int, name: str, label: str) -> None:
    """A red seal drawn with Pillow (for the scans)."""
    red = (205, 40, 45)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=red, width=max(3, radius // 18))
    span = min(250.0, 24.0 * len(name))
    step = span / len(name)
    size = int(min(radius * 0.3, radius * 0.72 * math.radians(step)))
    font = cjk_font(size, bold=True)
    for i, char in enumerate(name):
        angle = -span / 2 + step * (i + 0.5)
        glyph = Image.new("L", (size * 2, size * 2), 0)
        ImageDraw.Draw(glyph).text((size // 2, size // 3), char, font=font, fill=255)
        glyph = glyph.rotate(-angle, resample=Image.Resampling.BICUBIC)
        x = cx + radius * 0.74 * math.sin(math.radians(angle)) - size
        y = cy - radius * 0.74 * math.cos(math.radians(angle)) - size
        draw.bitmap((int(x), int(y)), glyph, fill=red)
    draw.polygon(_star_points(cx, cy, radius * 0.3), fill=red)
    if label:
        text_center(draw, cx, cy + int(radius * 0.42), label, cjk_font(int(radius * 0.17)), red)


def _star_points(cx: float, cy: float, radius: float) -> list[tuple[float, float]]:
    points = []
    for k in range(10):
        r = radius if k % 2 == 0 else radius * 0.4
        a = math.radians(k * 36)
        points.append((cx + r * math.sin(a), cy - r * math.cos(a)))
    return points


def handwritten(image: Image.Image, xy: tuple[int, int], text: str, size: int, ink: Any) -> None:
    """Paste ``text`` slanted, as a signature."""
    font = cjk_font(size)
    layer = Image.new("L", (int(size * len(text) * 1.3) + 20, int(size * 1.6)), 0)
    ImageDraw.Draw(layer).text((10, 0), text, font=font, fill=255)
    layer = layer.transform(layer.size, Image.Transform.AFFINE, (1, 0.25, -size * 0.2, 0, 1, 0))
    image.paste(Image.new(image.mode, layer.size, ink), xy, layer)


def save_jpeg_with_orientation(image: Image.Image, path: Path, orientation: int, when: str) -> None:
    """Store the pixels turned so that a viewer honouring EXIF ``orientation`` shows them upright."""
    turns = {1: None, 3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}
    turn = turns[orientation]
    stored = image.transpose(turn) if turn is not None else image
    exif = Image.Exif()
    exif[0x010F] = "SAMPLE"  # Make
    exif[0x0110] = "DocScan S200"  # Model
    exif[0x0112] = orientation  # Orientation
    exif[0x0132] = when  # DateTime (fixed)
    path.parent.mkdir(parents=True, exist_ok=True)
    stored.save(path, "JPEG", quality=72, optimize=True, exif=exif.tobytes(), dpi=(150, 150))


def save_png(image: Image.Image, path: Path, colors: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if image.mode == "RGB":
        image = image.quantize(colors=colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    image.save(path, "PNG", optimize=True, dpi=(150, 150))


def write_recording(path: Path, seed: int, seconds: int, turns: Sequence[tuple[str, float]]) -> None:
    """An 8 kHz, 8-bit mono call recording stand-in: ring-back tone, then two alternating voices.

    Integer arithmetic only (a phase accumulator and a seeded random noise floor), so the bytes are
    the same on every platform.
    """
    rate = 8000
    rng = random.Random(seed)
    frames = bytearray()
    pitches = {"agent": 190, "debtor": 125}
    timeline: list[tuple[int, int, str]] = []
    cursor = 0
    ring = [(0, 8000, "ring"), (8000, 12000, "")]
    for start, end, what in ring:
        timeline.append((start, end, what))
        cursor = end
    for speaker, length in turns:
        samples = int(length * rate)
        timeline.append((cursor, cursor + samples, speaker))
        timeline.append((cursor + samples, cursor + samples + 2400, ""))
        cursor += samples + 2400
    total = seconds * rate
    phase = 0
    for n in range(total):
        what = next((w for s, e, w in timeline if s <= n < e), "")
        value = rng.randrange(-3, 4)
        if what == "ring":
            phase = (phase + 450 * 256 // rate * 256) % 65536
            value += _triangle(phase) * 40 // 128
        elif what:
            phase = (phase + pitches[what] * 65536 // rate) % 65536
            syllable = (n * 4 // rate) % 5  # roughly four syllables a second
            envelope = (0, 70, 100, 85, 40)[syllable]
            buzz = _triangle(phase) + (_triangle(phase * 3 % 65536) // 3)
            value += buzz * envelope // 260 + rng.randrange(-6, 7)
        frames.append(max(0, min(255, 128 + value)))
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(rate)
        out.writeframes(bytes(frames))


def _triangle(phase: int) -> int:
    """A triangle wave in [-128, 128] for a 16-bit phase."""
    p = phase % 65536
    return (p * 512 // 65536 - 128) if p < 32768 else (384 - p * 512 // 65536)


# ---------------------------------------------------------------------------------------------------
# Ledger files: CSV (any encoding), XLSX (deterministic)
# ---------------------------------------------------------------------------------------------------


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]], encoding: str, crlf: bool) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


FIXED_XLSX_TIME = datetime(2025, 6, 30, 9, 0, 0)


def write_xlsx(path: Path, sheet: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """An XLSX that is byte-identical on every run: fixed document times and zip entry times."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        ws.append(list(row))
    for row_cells in ws.iter_rows(min_row=2):
        for cell in row_cells:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            elif cell.column == 2:
                cell.alignment = Alignment(horizontal="right")
    for column, width in zip("ABCD", (12, 14, 26, 30), strict=True):
        ws.column_dimensions[column].width = width
    book.properties.creator = "示例银行核心系统"
    book.properties.created = FIXED_XLSX_TIME
    raw = io.BytesIO()
    book.save(raw)
    _normalise_zip(raw.getvalue(), path)


def _normalise_zip(data: bytes, path: Path) -> None:
    stamp = FIXED_XLSX_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            payload = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = payload.decode("utf-8")
                text = re.sub(r"(<dcterms:modified[^>]*>)[^<]*(<)", rf"\g<1>{stamp}\g<2>", text)
                payload = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=(2025, 6, 30, 9, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, payload)


def write_yaml(path: Path, data: dict[str, Any], comment: str) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
    path.write_text(comment + text, encoding="utf-8")


# ---------------------------------------------------------------------------------------------------
# Contact logs
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    time: datetime
    channel: str
    party: str
    target: str
    outcome: str
    duration_s: int | None
    agent: str
    summary: str
    evidence: str = ""

    def row(self, iso_t: bool) -> list[str]:
        stamp = self.time.isoformat() if iso_t else self.time.strftime("%Y-%m-%d %H:%M:%S")
        duration = "" if self.duration_s is None else str(self.duration_s)
        return [stamp, self.channel, self.party, self.target, self.outcome, duration, self.agent,
                self.summary, self.evidence]


def contact(
    stamp: str, channel: str, party: str, target: str, outcome: str, duration_s: int | None,
    agent: str, summary: str, evidence: str = "",
) -> Contact:
    return Contact(datetime.fromisoformat(stamp), channel, party, target, outcome, duration_s, agent, summary, evidence)


CONTACT_HEADER_EN = ("time", "channel", "party", "target", "outcome", "duration_s", "agent", "summary", "evidence")
CONTACT_HEADER_ZH = ("催收时间", "催收方式", "联系对象", "联系号码", "结果", "时长", "催收员", "内容摘要", "证据")


def check_contacts(contacts: Sequence[Contact], as_of: date) -> None:
    """The samples must be compliant (legal-domain.md §6.1): 08:00–22:00, ≤ 6 unanswered a day."""
    unanswered: dict[tuple[date, str, str], int] = {}
    for c in contacts:
        assert 8 <= c.time.hour < 22, c
        assert c.time.date() < as_of, c
        if c.outcome in ("no_answer", "failed"):
            key = (c.time.date(), c.channel, c.target)
            unanswered[key] = unanswered.get(key, 0) + 1
            assert unanswered[key] <= 6, c
    assert [c.time for c in contacts] == sorted(c.time for c in contacts)


# ---------------------------------------------------------------------------------------------------
# Shared document bodies
# ---------------------------------------------------------------------------------------------------


def schedule_table(items: Sequence[Item], principal: Decimal) -> str:
    rows = []
    balance = principal
    for it in items:
        balance -= it.principal
        rows.append(
            f"<tr><td>{it.number}</td><td>{it.due.isoformat()}</td><td class='num'>{yuan(it.total)}</td>"
            f"<td class='num'>{yuan(it.principal)}</td><td class='num'>{yuan(it.interest)}</td>"
            f"<td class='num'>{yuan(balance)}</td></tr>"
        )
    return (
        "<table class='grid sched'><tr><th>期次</th><th>还款日</th><th class='num'>应还金额（元）</th>"
        "<th class='num'>应还本金（元）</th><th class='num'>应还利息（元）</th><th class='num'>剩余本金（元）</th></tr>"
        + "".join(rows)
        + "</table>"
    )


@dataclass(frozen=True)
class LoanDoc:
    """What a personal loan contract needs to say."""

    contract_no: str
    guarantee_no: str
    product: str
    purpose: str
    bank: Org
    borrower: Person
    guarantor: Person
    terms: Terms
    items: Sequence[Item]
    account: str
    place: str
    bank_signer: str


def personal_loan_contract(doc: LoanDoc, path: Path) -> None:
    t = doc.terms
    if t.method == "equal_installment":
        method = (
            f"等额本息还款法，即在借款期限内每月以相等的金额偿还借款本息，每期还款额为人民币{yuan(doc.items[0].total)}元，"
            "最后一期还款额以实际剩余本金及其利息为准"
        )
        formula = "每期还款额＝借款本金×月利率×(1＋月利率)^还款期数÷[(1＋月利率)^还款期数－1]"
    else:
        method = (
            f"等额本金还款法，即每期偿还相同数额的本金人民币{yuan(doc.items[0].principal)}元（最后一期偿还剩余全部本金），"
            "利息按上期末剩余本金逐期计算"
        )
        formula = "每期应还利息＝上期末剩余本金×月利率"
    months = t.installments
    body = [
        "<h1>个人借款合同</h1>",
        f"<p class='subtitle'>（{doc.product}）</p>",
        f"<p class='docno'>合同编号：{doc.contract_no}</p>",
        doc.bank.block("贷款人（甲方）"),
        doc.borrower.block("借款人（乙方）"),
        f"<p>乙方因{doc.purpose}需要，向甲方申请{doc.product}，甲方经审查同意发放。为明确双方的权利义务，"
        "根据《中华人民共和国民法典》《个人贷款管理办法》等法律法规和监管规定，甲乙双方在平等、自愿的基础上"
        "协商一致，订立本合同，以资共同遵守。</p>",
        articles(
            [
                (
                    "借款金额与用途",
                    [
                        f"1.1 借款金额为人民币{yuan(t.principal)}元（大写：{rmb_upper(t.principal)}）。",
                        f"1.2 借款用途：{doc.purpose}。乙方不得将借款用于购房、股票、债券、期货、金融衍生产品、"
                        "资产管理产品等投资，不得用于固定资产、股本权益性投资及法律法规禁止的其他用途。",
                    ],
                ),
                (
                    "借款期限",
                    [
                        f"2.1 借款期限为{months}个月，自{cn_date(t.disbursed_on)}起至{cn_date(t.maturity)}止。",
                        "2.2 实际放款日与上述起始日不一致的，以借款借据记载的放款日为准，到期日相应调整。"
                        "借款借据是本合同的组成部分，与本合同具有同等法律效力。",
                    ],
                ),
                (
                    "借款利率与计息",
                    [
                        f"3.1 本合同项下借款利率为固定利率，年利率为<b class='em'>{pct(t.annual_rate)}</b>，"
                        "在借款期限内不作调整。",
                        f"3.2 月利率＝年利率÷12；日利率＝年利率÷{t.day_count}。借款利息自实际放款之日起计算。",
                        "3.3 甲方按本合同第五条约定的还款方式计收利息。",
                    ],
                ),
                (
                    "借款的发放",
                    [
                        "4.1 甲方在乙方满足下列条件后发放借款：本合同及担保合同已签订并生效；乙方已提供甲方要求的"
                        "身份证明、收入证明及用途证明材料；未发生本合同约定的违约事件。",
                        f"4.2 借款发放至乙方在甲方开立的个人结算账户（账号：{doc.account}），该账户同时作为还款账户。"
                        "乙方授权甲方在每期还款日从该账户扣收应还款项。",
                    ],
                ),
                (
                    "还款方式",
                    [
                        f"5.1 本合同项下借款按月还款，共{months}期，每月{t.payment_day}日为还款日（该月无此日的，"
                        "以该月最后一日为还款日），首期还款日为放款后的第一个月的还款日，最后一期还款日为借款到期日。",
                        f"5.2 还款方式为{method}。计算公式：{formula}。各期应还本金、利息以本合同附件《还款计划表》为准。",
                        "5.3 乙方应于每期还款日前在还款账户内存足当期应还款项。乙方提前还款的，应提前十五日书面申请并经甲方同意。",
                    ],
                ),
                (
                    "逾期罚息与复利",
                    [
                        "6.1 <b class='em'>乙方未按本合同约定期限足额归还借款本金的，自逾期之日起，甲方对逾期本金按罚息利率"
                        f"计收罚息，直至本息清偿为止。罚息利率为本合同约定的借款利率上浮{pct(t.penalty_markup)}，"
                        f"即年利率{pct(t.penalty_rate)}。</b>",
                        "6.2 <b class='em'>对乙方不能按期支付的利息（含宣布提前到期后应付未付的利息），甲方按罚息利率"
                        "计收复利。</b>",
                        f"6.3 罚息、复利按日计算，日利率＝年利率÷{t.day_count}。",
                    ],
                ),
                (
                    "清偿顺序",
                    [
                        "<b class='em'>乙方偿还的款项不足以清偿全部到期应付款项的，甲方有权按下列顺序清偿："
                        "（一）实现债权的费用；（二）罚息；（三）复利；（四）利息；（五）本金。"
                        "同一顺序内，按到期先后清偿。</b>",
                    ],
                ),
                (
                    "违约事件与提前到期",
                    [
                        "8.1 乙方发生下列情形之一的，构成违约：（一）未按约定偿还任一期本金或利息，逾期累计达三期"
                        "或者连续逾期超过六十日的；（二）未按约定用途使用借款的；（三）提供虚假资料或隐瞒重要事实的；"
                        "（四）乙方或保证人的财务状况恶化、涉及重大诉讼，或保证人丧失担保能力而乙方未提供新的担保的；"
                        "（五）违反本合同其他约定的。",
                        "8.2 <b class='em'>发生违约事件的，甲方有权宣布本合同项下全部借款提前到期，要求乙方立即偿还"
                        "全部借款本金、利息、罚息和复利，并有权从乙方在甲方开立的任何账户中直接扣收。</b>",
                        "8.3 提前到期通知以书面形式送达本合同载明的乙方通讯地址，或以短信方式发送至乙方预留手机号码，"
                        "即视为送达。",
                    ],
                ),
                (
                    "担保",
                    [
                        f"本合同项下债务由{doc.guarantor.name}（公民身份号码{doc.guarantor.id_number}）提供连带责任保证，"
                        f"保证人与甲方另行签订《保证合同》（编号：{doc.guarantee_no}）。",
                    ],
                ),
                (
                    "乙方的声明与承诺",
                    [
                        "10.1 乙方具有完全民事行为能力，所提供的身份、收入、婚姻、住址等资料真实、完整、有效。",
                        "10.2 乙方的工作单位、住所、通讯地址、联系电话发生变化的，应于变化之日起七日内书面通知甲方。",
                        "10.3 乙方同意甲方依法向金融信用信息基础数据库查询、报送乙方的信用信息。",
                    ],
                ),
                (
                    "送达地址确认",
                    [
                        "乙方确认本合同首部载明的住址、联系电话为其有效送达地址和联系方式，适用于合同履行期间及"
                        "发生纠纷时的非诉讼催收、仲裁及民事诉讼（含一审、二审、再审和执行程序）各阶段的文书送达。"
                        "向该地址寄送的文书被退回的，退回之日视为送达之日。",
                    ],
                ),
                (
                    "实现债权的费用",
                    [
                        "因乙方违约，甲方为实现债权所支付的诉讼费、财产保全费、公告费、执行费、律师费、差旅费等"
                        "合理费用，由乙方承担。",
                    ],
                ),
                (
                    "争议解决",
                    [
                        "本合同履行中发生争议的，双方协商解决；协商不成的，任何一方可依法向有管辖权的人民法院起诉，"
                        "甲方亦可依法申请支付令。",
                    ],
                ),
                (
                    "其他",
                    [
                        "14.1 本合同自甲方负责人或授权代理人签字（或盖章）并加盖甲方合同专用章、乙方签字并捺印之日起生效。",
                        "14.2 本合同一式三份，甲方两份、乙方一份，具有同等法律效力。附件《还款计划表》为本合同组成部分。",
                    ],
                ),
            ]
        ),
        "<p class='right'>（以下无正文）</p><div class='keep'>"
        "<p class='notice'><b class='em'>特别提示：</b>甲方已提请乙方特别注意本合同中加粗的条款，"
        "特别是第三条（借款利率）、第六条（逾期罚息与复利）、第七条（清偿顺序）和第八条（违约事件与提前到期），"
        "并应乙方要求作了说明。乙方已阅读并充分理解本合同全部条款。</p>",
        signs(
            sign_slot("甲方（盖章）：", seal(doc.bank.name, "合同专用章"))
            + sign_slot("负责人或授权代理人（签字）：", hand=doc.bank_signer),
            sign_slot("乙方（签字并捺印）：", hand=doc.borrower.name, finger=True),
        ),
        f"<p class='ni'>签订日期：{cn_date(t.signed_on)}　　　　签订地点：{doc.place}</p></div>",
        "<div class='pagebreak'></div>",
        f"<h2>附件：还款计划表（合同编号：{doc.contract_no}）</h2>",
        f"<p class='ni'>借款本金：人民币{yuan(t.principal)}元；年利率：{pct(t.annual_rate)}；期数：{months}期；"
        f"放款日：{t.disbursed_on.isoformat()}；还款日：每月{t.payment_day}日。</p>",
        schedule_table(doc.items, t.principal),
        "<p class='ni'>注：本表按合同约定的放款日编制；实际放款日不同的，以借款借据为准重新计算。</p>",
    ]
    write_pdf(path, f"个人借款合同 {doc.contract_no}", doc.bank.name, "".join(body), header=f"合同编号：{doc.contract_no}")


def guarantee_contract(
    path: Path,
    number: str,
    bank: Org,
    guarantor: Person,
    debtor_name: str,
    main_title: str,
    main_no: str,
    principal: Decimal,
    terms: Terms,
    signer: str,
    place: str,
    relation: str,
) -> None:
    body = [
        "<h1>保证合同</h1>",
        f"<p class='docno'>合同编号：{number}</p>",
        bank.block("债权人（甲方）"),
        guarantor.block("保证人（乙方）"),
        f"<p>为确保甲方与{debtor_name}（以下称“债务人”）签订的《{main_title}》（编号：{main_no}，以下称“主合同”）"
        f"项下债务的履行，乙方作为债务人的{relation}，自愿向甲方提供连带责任保证。甲乙双方依据《中华人民共和国民法典》"
        "等法律法规，经协商一致，订立本合同。</p>",
        articles(
            [
                (
                    "被保证的主债权",
                    [
                        f"乙方所担保的主债权为甲方依主合同向债务人发放的借款，本金金额为人民币{yuan(principal)}元"
                        f"（大写：{rmb_upper(principal)}），借款期限自{cn_date(terms.disbursed_on)}起至"
                        f"{cn_date(terms.maturity)}止，年利率{pct(terms.annual_rate)}。",
                    ],
                ),
                ("保证方式", ["<b class='em'>乙方提供的保证为连带责任保证。</b>债务人未按主合同约定履行债务的，"
                             "甲方有权直接要求乙方在保证范围内承担保证责任。"]),
                (
                    "保证范围",
                    [
                        "<b class='em'>保证范围包括主合同项下的借款本金、利息、罚息、复利、违约金、损害赔偿金以及甲方为实现"
                        "债权和担保权利而发生的诉讼费、财产保全费、律师费、公告费、执行费等全部费用。</b>",
                    ],
                ),
                (
                    "保证期间",
                    [
                        "4.1 <b class='em'>保证期间为主合同约定的债务履行期限届满之日起三年。</b>",
                        "4.2 甲方依主合同约定宣布债务提前到期的，保证期间自甲方宣布的提前到期之日起三年。",
                        "4.3 主合同债务分期履行的，对每期债务的保证期间均至最后一期债务履行期限届满之日起三年。",
                    ],
                ),
                (
                    "乙方的声明与承诺",
                    [
                        "5.1 乙方具有完全民事行为能力，签订本合同系其真实意思表示，已充分了解主合同的全部内容。",
                        "5.2 主合同变更借款用途、还款方式等内容而未加重债务的，无需另行征得乙方同意，乙方仍承担保证责任；"
                        "加重债务的，乙方对加重的部分不承担保证责任，但乙方书面同意的除外。",
                        "5.3 乙方的住所、联系电话、收入状况发生重大变化的，应在七日内书面通知甲方。",
                    ],
                ),
                (
                    "送达地址确认",
                    [
                        "乙方确认本合同首部载明的住址、联系电话为有效送达地址和联系方式，适用于催收及诉讼、执行各阶段的"
                        "文书送达。",
                    ],
                ),
                (
                    "争议解决",
                    ["本合同履行中发生争议的，双方协商解决；协商不成的，依法向有管辖权的人民法院起诉。"],
                ),
                (
                    "其他",
                    [
                        "本合同自甲方负责人或授权代理人签字（或盖章）并加盖甲方合同专用章、乙方签字并捺印之日起生效，"
                        "一式三份，甲方两份、乙方一份，具有同等法律效力。",
                    ],
                ),
            ]
        ),
        "<p class='right'>（以下无正文）</p><div class='keep'>"
        "<p class='notice'><b class='em'>特别提示：</b>甲方已提请乙方特别注意本合同第二条（保证方式）、第三条（保证范围）"
        "和第四条（保证期间）等加粗条款并作了说明，乙方已充分理解并同意。</p>",
        signs(
            sign_slot("甲方（盖章）：", seal(bank.name, "合同专用章")) + sign_slot("负责人或授权代理人（签字）：", hand=signer),
            sign_slot("乙方（签字并捺印）：", hand=guarantor.name, finger=True),
        ),
        f"<p class='ni'>签订日期：{cn_date(terms.signed_on)}　　　　签订地点：{place}</p></div>",
    ]
    write_pdf(path, f"保证合同 {number}", bank.name, "".join(body), header=f"合同编号：{number}")


# ---------------------------------------------------------------------------------------------------
# Case 1: consumer loan
# ---------------------------------------------------------------------------------------------------

BANK_BJ = Org(
    name="示例银行股份有限公司北京分行",
    code_body="91110000MA01B7KX4",
    address="北京市西城区示例金融街18号",
    rep_name="王建国",
    rep_title="行长",
    phone="010-66081200",
)
CONSUMER_BORROWER = Person(
    "刘建华", "男", date(1986, 5, 14), "汉族", "110105", "041",
    "北京市朝阳区示例路18号院3号楼2单元501室", "13800134417",
)
CONSUMER_GUARANTOR = Person(
    "周丽娟", "女", date(1984, 9, 3), "汉族", "110108", "042",
    "北京市海淀区示例园路6号楼1门302室", "13800136026",
)
CONSUMER_TERMS = Terms(
    principal=Decimal("200000.00"),
    annual_rate=Decimal("0.0435"),
    penalty_markup=Decimal("0.5"),
    compound=True,
    day_count=360,
    method="equal_installment",
    installments=36,
    signed_on=date(2023, 3, 15),
    disbursed_on=date(2023, 3, 20),
    maturity=date(2026, 3, 20),
    payment_day=20,
    accelerated_on=date(2024, 11, 25),
)
CONSUMER_CONTRACT_NO = "示银京（2023）个消贷字第0417号"
CONSUMER_GUARANTEE_NO = "示银京（2023）个保字第0417号"
CONSUMER_AS_OF = date(2025, 3, 31)
CONSUMER_ACCOUNT = "6217 0011 0000 4172 853"
EMERGENCY_CONTACT = ("刘建国", "13800131935")
EMS_NUMBER = "1128465530917"


def consumer_payments(terms: Terms, items: Sequence[Item]) -> list[Payment]:
    """Installments 1–15 paid (9 and 15 late, with penalty and compound), a partial payment, then nothing."""
    paid: list[Payment] = []
    serial = 0

    def ref(day: date) -> str:
        nonlocal serial
        serial += 1
        return f"{day:%Y%m%d}{913000 + serial * 37:07d}"

    late = {9: (date(2023, 12, 23), "第9期逾期还款（含罚息复利）"), 15: (date(2024, 7, 8), "第15期逾期还款（含罚息复利）")}
    for it in items[:15]:
        if it.number in late:
            day, note = late[it.number]
            pay_in_full(terms, items, paid, day, ref(day), note)
        else:
            paid.append(Payment(it.due, it.total, ref(it.due), f"第{it.number}期正常还款"))
    day = date(2024, 9, 5)
    paid.append(Payment(day, Decimal("3000.00"), ref(day), "部分还款（客户主动存入）"))
    return with_splits(terms, items, paid)


def consumer_contacts() -> list[Contact]:
    b, g = CONSUMER_BORROWER, CONSUMER_GUARANTOR
    home = b.address
    a1, a2, a3 = "韩雪(A1027)", "郭鹏(A1033)", "马骏(V0112)"
    rec = "exhibits/07-催收录音-20240705.wav"
    ems = "exhibits/06-EMS签收回执.png"
    return [
        contact("2023-12-21 09:30:12", "sms", "debtor", b.phone, "delivered", None, "系统", "第9期还款提醒：应还5,xxx元已逾期，请尽快存入还款账户"),
        contact("2023-12-22 10:12:40", "call", "debtor", b.phone, "promise_to_pay", 96, a1, "借款人称忘记存款，承诺12月23日前还清"),
        contact("2024-06-21 09:30:05", "sms", "debtor", b.phone, "delivered", None, "系统", "第15期逾期提醒短信"),
        contact("2024-06-24 10:05:33", "call", "debtor", b.phone, "no_answer", None, a1, "无人接听"),
        contact("2024-06-24 15:41:02", "call", "debtor", b.phone, "no_answer", None, a1, "无人接听"),
        contact("2024-06-26 11:20:18", "call", "debtor", b.phone, "connected", 142, a1, "借款人称近期资金紧张，告知逾期后果及罚息复利计收规则"),
        contact("2024-07-05 14:08:51", "call", "debtor", b.phone, "promise_to_pay", 20, a1, "借款人确认欠款，承诺7月8日前归还第15期欠款", rec),
        contact("2024-07-22 09:30:07", "sms", "debtor", b.phone, "delivered", None, "系统", "第16期逾期提醒短信"),
        contact("2024-07-23 10:02:15", "call", "debtor", b.phone, "no_answer", None, a2, "无人接听"),
        contact("2024-07-23 16:30:44", "call", "debtor", b.phone, "no_answer", None, a2, "无人接听"),
        contact("2024-07-25 19:12:09", "call", "debtor", b.phone, "refused", 65, a2, "借款人称经营失败无力还款，拒绝提出还款计划"),
        contact("2024-07-29 10:40:26", "call", "guarantor", g.phone, "connected", 188, a2, "告知保证人借款人已逾期及其连带保证责任，保证人表示将督促借款人还款"),
        contact("2024-08-21 09:30:03", "sms", "debtor", b.phone, "delivered", None, "系统", "第16、17期逾期提醒短信"),
        contact("2024-08-28 11:15:37", "call", "debtor", b.phone, "promise_to_pay", 124, a2, "借款人承诺9月5日前先归还3,000元"),
        contact("2024-09-23 14:20:00", "visit", "debtor", home, "met", None, a3, "上门拜访借款人本人，当面送达逾期催收通知书，借款人签收"),
        contact("2024-10-10 09:30:11", "sms", "guarantor", g.phone, "delivered", None, "系统", "致保证人：借款人已逾期三期，请履行保证责任"),
        contact("2024-10-21 10:03:29", "call", "debtor", b.phone, "no_answer", None, a1, "无人接听"),
        contact("2024-10-21 14:31:50", "call", "debtor", b.phone, "no_answer", None, a1, "无人接听"),
        contact("2024-10-21 17:45:06", "call", "debtor", b.phone, "no_answer", None, a1, "无人接听"),
        contact("2024-10-22 10:10:43", "call", "emergency_contact", EMERGENCY_CONTACT[1], "connected", 51, a1, "联系紧急联系人（借款人之兄），仅请其转告借款人回电，未透露欠款信息"),
        contact("2024-10-24 18:22:35", "call", "debtor", b.phone, "connected", 97, a1, "借款人回电，称正在筹款，未给出具体还款日期"),
        contact("2024-11-25 15:30:00", "letter", "debtor", home, "delivered", None, a3, f"EMS寄送《贷款提前到期通知书暨催收函》，邮件号{EMS_NUMBER}，11月27日本人签收", ems),
        contact("2024-11-25 15:35:00", "letter", "guarantor", g.address, "delivered", None, a3, "EMS寄送《贷款提前到期通知书暨催收函》（保证人联），11月28日本人签收"),
        contact("2024-12-05 10:21:16", "call", "debtor", b.phone, "refused", 73, a2, "告知贷款已宣布提前到期，借款人表示暂无能力偿还"),
        contact("2024-12-16 15:05:00", "visit", "guarantor", g.address, "not_met", None, a3, "上门拜访保证人，家中无人，留置联系卡"),
        contact("2024-12-18 11:40:22", "call", "guarantor", g.phone, "connected", 160, a3, "保证人称与借款人协商中，要求银行先向借款人追索"),
        contact("2025-01-08 10:18:51", "call", "debtor", b.phone, "no_answer", None, a2, "无人接听"),
        contact("2025-01-09 09:30:06", "sms", "debtor", b.phone, "delivered", None, "系统", "贷款已提前到期，请尽快归还全部欠款，否则我行将依法起诉"),
        contact("2025-02-14 16:02:47", "call", "debtor", b.phone, "promise_to_pay", 135, a2, "借款人称3月底前筹款归还部分欠款，未兑现"),
        contact("2025-03-20 10:30:19", "sms", "guarantor", g.phone, "delivered", None, "系统", "致保证人：我行拟依法提起诉讼，请尽快履行保证责任"),
    ]


RECORDING_TRANSCRIPT = """\
录音时间：2024年7月5日14时08分51秒　时长：20秒
主叫：示例银行北京分行个人贷款中心　催收员：韩雪（工号A1027）
被叫：13800134417（借款人刘建华预留手机号码）

催收员：您好，我是示例银行北京分行的工作人员，请问是刘建华先生吗？
刘建华：是我。
催收员：您的个人消费贷款第15期，6月20日应还的{amount}元至今未还，已经逾期，罚息和复利每天都在增加。请问您什么时候能还上？
刘建华：我知道，这个月资金紧张，7月8号之前一定还上。
催收员：好的，我们记录您承诺7月8日前归还。请按时存入尾号2853的还款账户，再见。
刘建华：好，再见。
"""


def build_consumer(root: Path) -> dict[str, Any]:
    t, bank, b, g = CONSUMER_TERMS, BANK_BJ, CONSUMER_BORROWER, CONSUMER_GUARANTOR
    items = schedule(t)
    payments = consumer_payments(t, items)
    contacts = consumer_contacts()
    check_contacts(contacts, CONSUMER_AS_OF)
    at_acceleration = compute_claim(t, items, payments, t.accelerated_on or CONSUMER_AS_OF)
    claim = compute_claim(t, items, payments, CONSUMER_AS_OF)
    ex = root / "exhibits"

    write_csv(
        root / "repayments.csv",
        ("交易日期", "交易金额", "归还本金", "归还利息", "罚息", "复利", "费用", "流水号", "备注"),
        (
            [p.on.isoformat(), amt(p.amount), *(amt((p.split or {}).get(k, ZERO)) for k in
             ("principal", "interest", "penalty", "compound", "fee")), p.reference, p.note]
            for p in payments
        ),
        encoding="gb18030",
        crlf=True,
    )
    write_csv(root / "contacts.csv", CONTACT_HEADER_ZH, (c.row(iso_t=False) for c in _fill_amounts(contacts, items)),
              encoding="utf-8", crlf=False)

    doc = LoanDoc(
        contract_no=CONSUMER_CONTRACT_NO, guarantee_no=CONSUMER_GUARANTEE_NO, product="个人消费贷款",
        purpose="家庭装修及购置家具家电", bank=bank, borrower=b, guarantor=g, terms=t, items=items,
        account=CONSUMER_ACCOUNT, place="北京市西城区", bank_signer="赵红梅",
    )
    personal_loan_contract(doc, ex / "01-个人消费借款合同.pdf")
    loan_receipt(ex / "02-借款借据.pdf", doc)
    guarantee_contract(ex / "03-保证合同.pdf", CONSUMER_GUARANTEE_NO, bank, g, b.name, "个人借款合同",
                       CONSUMER_CONTRACT_NO, t.principal, t, "赵红梅", "北京市西城区", "朋友")
    id_card_scan(ex / "04-借款人身份证复印件.jpg", b, "北京市公安局朝阳分局", date(2016, 5, 10))
    acceleration_letter(ex / "05-提前到期通知书暨催收函.pdf", doc, at_acceleration, items)
    ems_receipt(ex / "06-EMS签收回执.png", b, bank)
    write_recording(ex / "07-催收录音-20240705.wav", seed=20240705, seconds=20,
                    turns=[("agent", 2.6), ("debtor", 0.7), ("agent", 4.2), ("debtor", 2.4), ("agent", 2.8), ("debtor", 0.6)])
    (ex / "07-催收录音-20240705.txt").write_text(
        RECORDING_TRANSCRIPT.format(amount=yuan(items[14].total)), encoding="utf-8"
    )

    preserve = claim.principal + claim.interest
    case: dict[str, Any] = {
        "schema_version": 1,
        "case_id": "SLBJ-GX-2023-0417",
        "as_of": CONSUMER_AS_OF.isoformat(),
        "court": "北京市朝阳区人民法院",
        "cause": "金融借款合同纠纷",
        "creditor": bank.yaml() | {"agent": {"name": "张雅琴", "org": "示例银行股份有限公司北京分行法律合规部", "phone": "010-66081235"}},
        "debtors": [b.yaml("borrower"), g.yaml("guarantor")],
        "loan": loan_yaml(t, CONSUMER_CONTRACT_NO) | {"allocation_order": ["fee", "penalty", "compound", "interest", "principal"]},
        "exhibits": [
            exhibit("exhibits/01-个人消费借款合同.pdf", f"个人借款合同（{CONSUMER_CONTRACT_NO}）", "申请人保存的合同原件",
                    "申请人与被申请人之间借款合同关系成立；借款金额、期限、利率、罚息、复利、清偿顺序及提前到期的约定", True),
            exhibit("exhibits/02-借款借据.pdf", "借款借据（放款凭证）", "申请人个人贷款业务系统",
                    f"申请人已于{cn_date(t.disbursed_on)}向被申请人发放贷款{yuan(t.principal)}元", True),
            exhibit("exhibits/03-保证合同.pdf", f"保证合同（{CONSUMER_GUARANTEE_NO}）", "申请人保存的合同原件",
                    f"{g.name}为上述借款提供连带责任保证，保证范围及保证期间", True),
            exhibit("exhibits/04-借款人身份证复印件.jpg", f"被申请人{b.name}居民身份证复印件", "借款申请资料",
                    "被申请人的身份信息", False, sensitive=True),
            exhibit("exhibits/05-提前到期通知书暨催收函.pdf", "贷款提前到期通知书暨催收函", "申请人留存联",
                    f"申请人于{cn_date(t.accelerated_on or CONSUMER_AS_OF)}宣布贷款提前到期并向被申请人催收欠款", True),
            exhibit("exhibits/06-EMS签收回执.png", f"EMS邮件签收回执（邮件号{EMS_NUMBER}）", "中国邮政速递物流查询及签收回执",
                    "提前到期通知书暨催收函已于2024年11月27日由被申请人本人签收，诉讼时效中断", False),
            exhibit("exhibits/07-催收录音-20240705.wav", "电话催收录音（2024年7月5日）", "申请人客服中心录音系统",
                    "被申请人确认欠款并承诺于2024年7月8日前还款", True,
                    transcript="exhibits/07-催收录音-20240705.txt"),
        ],
        "filings": {
            "payment_order": {},
            "preservation": {
                "stage": "litigation",
                "amount": amt(preserve),
                "assets": [
                    {"kind": "银行存款", "description": f"被申请人{b.name}名下在各商业银行开立账户内的存款", "value": amt(preserve)},
                    {"kind": "机动车", "description": f"被申请人{b.name}名下小型轿车一辆（号牌京N·D7X52）", "value": "86000.00"},
                ],
                "guarantee": {"kind": "诉讼财产保全责任保险", "provider": "示例财产保险股份有限公司北京分公司", "amount": amt(preserve)},
            },
        },
    }
    write_yaml(root / "case.yaml", case, "# 样例案件：个人消费贷款（等额本息），由 samples/make_samples.py 生成，请勿手工修改。\n")
    return {"items": items, "payments": payments, "claim": claim}


def _fill_amounts(contacts: Sequence[Contact], items: Sequence[Item]) -> list[Contact]:
    """Put the real installment amount into the reminder text."""
    return [replace(c, summary=c.summary.replace("5,xxx", yuan(items[8].total))) for c in contacts]


def loan_yaml(t: Terms, contract_no: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "contract_no": contract_no,
        "signed_on": t.signed_on.isoformat(),
        "principal": amt(t.principal),
        "disbursed_on": t.disbursed_on.isoformat(),
        "maturity": t.maturity.isoformat(),
        "annual_rate": f"{t.annual_rate}",
        "penalty_markup": f"{t.penalty_markup}",
        "compound": t.compound,
        "day_count": t.day_count,
        "repayment_method": t.method,
        "installments": t.installments,
        "payment_day": t.payment_day,
    }
    if t.accelerated_on is not None:
        out["accelerated_on"] = t.accelerated_on.isoformat()
    return out


def exhibit(
    file: str, title: str, source: str, proves: str, original: bool,
    sensitive: bool = False, transcript: str = "",
) -> dict[str, Any]:
    out: dict[str, Any] = {"file": file, "title": title, "source": source, "proves": proves, "original": original}
    if transcript:
        out["transcript"] = transcript
    if sensitive:
        out["sensitive"] = True
    return out


def loan_receipt(path: Path, doc: LoanDoc) -> None:
    t, b = doc.terms, doc.borrower
    method = {"equal_installment": "等额本息", "equal_principal": "等额本金"}[t.method]
    rows = [
        ("借款人", b.name, "公民身份号码", b.id_number),
        ("借款合同编号", doc.contract_no, "借据编号", "JJ" + t.disbursed_on.strftime("%Y%m%d") + "0417-01"),
        ("借款金额（小写）", f"￥{yuan(t.principal)}", "借款金额（大写）", rmb_upper(t.principal)),
        ("放款日期", cn_date(t.disbursed_on), "到期日期", cn_date(t.maturity)),
        ("年利率", f"{pct(t.annual_rate)}（固定）", "罚息利率", f"{pct(t.penalty_rate)}（上浮{pct(t.penalty_markup)}）"),
        ("还款方式", f"{method}，按月还款，共{t.installments}期", "还款日", f"每月{t.payment_day}日"),
        ("借款用途", doc.purpose, "支付方式", "自主支付"),
        ("入账账号", doc.account, "开户行", "示例银行北京朝阳支行"),
        ("放款交易流水号", t.disbursed_on.strftime("%Y%m%d") + "0040117", "记账柜员", "B0271"),
    ]
    table = "".join(f"<tr><th>{a}</th><td>{b_}</td><th>{c}</th><td>{d}</td></tr>" for a, b_, c, d in rows)
    css = """
    @page { size: A5 landscape; margin: 9mm 12mm 11mm 12mm; }
    html { font-size: 8.6pt; line-height: 1.35; }
    h1 { font-size: 15pt; margin: 0; }
    table.grid { font-size: 8.4pt; line-height: 1.3; margin: 1mm 0; }
    table.grid td, table.grid th { padding: 0.7mm 1.4mm; }
    table.grid th { width: 16%; text-align: left; }
    .slot { height: 17mm; }
    .slot .stamp { top: -7mm; left: 34mm; }
    .slot .hand { top: 2mm; left: 22mm; }
    .slot .finger { top: 1mm; left: 48mm; }
    .signs { margin-top: 1mm; }
    """
    body = (
        "<h1>借款借据</h1><p class='subtitle' style='font-size:9pt;letter-spacing:0.2em;margin:0 0 1mm'>（放款凭证　第二联　贷款人留存）</p>"
        f"<table class='grid'>{table}</table>"
        "<p class='ni' style='font-size:8.5pt'>本借据为借款合同的组成部分。借款人确认已收到上述借款，并按借款合同约定还本付息。</p>"
        + signs(
            sign_slot("借款人签字：", hand=b.name, finger=True),
            sign_slot("贷款人（业务专用章）：", seal(doc.bank.name, "个人贷款业务专用章", 26)),
        )
    )
    write_pdf(path, f"借款借据 {doc.contract_no}", doc.bank.name, body, header="", css=css)


LETTER_CSS = "html { font-size: 10.5pt; line-height: 1.62; } @page { margin-top: 20mm; margin-bottom: 18mm; }"


def acceleration_letter(path: Path, doc: LoanDoc, claim: Claim, items: Sequence[Item]) -> None:
    t, b, g = doc.terms, doc.borrower, doc.guarantor
    when = t.accelerated_on or claim.as_of
    overdue = [it for it in items if it.due <= when and it.number >= 16]
    first = overdue[0]
    body = [
        f"<h1>贷款提前到期通知书<br/>暨催收函</h1><p class='docno'>示银京个贷催字〔{when.year}〕第1125-0417号</p>",
        f"<p class='ni'>{b.name}先生（借款人，公民身份号码{b.id_number}）：</p>",
        f"<p>您于{cn_date(t.signed_on)}与我行签订《个人借款合同》（编号：{doc.contract_no}），向我行借款人民币"
        f"{yuan(t.principal)}元，期限{t.installments}个月，年利率{pct(t.annual_rate)}，按月等额本息还款。"
        f"{doc.guarantor.name}女士为该笔借款提供连带责任保证（《保证合同》编号：{doc.guarantee_no}）。</p>",
        f"<p>自{cn_date(first.due)}起，您未按约归还第{first.number}期至第{overdue[-1].number}期借款本息（其中"
        f"{cn_date(date(2024, 9, 5))}部分还款3,000.00元），逾期已连续超过六十日，构成合同第八条约定的违约事件。"
        "经多次电话、短信及上门催收，您仍未履行还款义务。</p>",
        f"<p>根据合同第八条第二款的约定，<b class='em'>我行现宣布上述合同项下全部借款于{cn_date(when)}提前到期。</b>"
        f"截至{cn_date(when)}，您尚欠我行：</p>",
        "<table class='grid' style='width:80%;margin-left:10%'>"
        f"<tr><th>项目</th><th class='num'>金额（元）</th></tr>"
        f"<tr><td>借款本金（含提前到期本金）</td><td class='num'>{yuan(claim.principal)}</td></tr>"
        f"<tr><td>利息</td><td class='num'>{yuan(claim.interest)}</td></tr>"
        f"<tr><td>罚息（年利率{pct(t.penalty_rate)}）</td><td class='num'>{yuan(claim.penalty)}</td></tr>"
        f"<tr><td>复利（年利率{pct(t.penalty_rate)}）</td><td class='num'>{yuan(claim.compound)}</td></tr>"
        f"<tr><th>合计</th><th class='num'>{yuan(claim.total)}</th></tr></table>",
        f"<p>请您于收到本通知之日起十日内，将上述欠款存入您在我行开立的还款账户（账号：{doc.account}）。"
        f"自{cn_date(when)}次日起，我行将对未还本金按罚息利率计收罚息，对欠付利息按罚息利率计收复利，直至全部清偿之日止。"
        "逾期不还的，我行将依法向人民法院申请支付令或提起诉讼，并申请财产保全，由此产生的诉讼费、保全费等费用由您承担。</p>",
        f"<p>本通知书同时抄送保证人{g.name}女士，请保证人督促借款人履行还款义务，并依《保证合同》承担连带清偿责任。</p>",
        "<p>如对欠款金额有异议，请于收到本通知之日起七日内与我行个人贷款中心联系（电话：010-66081235，"
        f"地址：{doc.bank.address}）。</p>",
        "<div class='court-end'><p>示例银行股份有限公司北京分行</p>"
        f"<p>{cn_date(when)}</p><div class='stamp'>{seal(doc.bank.name, '个人贷款业务专用章', 38)}</div></div>",
        f"<p class='ni' style='margin-top:4mm;font-size:9.5pt'>抄送：保证人{g.name}（{g.address}）</p>",
    ]
    write_pdf(path, "贷款提前到期通知书暨催收函", doc.bank.name, "".join(body), header=doc.bank.name, css=LETTER_CSS)


def id_card_scan(path: Path, person: Person, authority: str, issued: date) -> None:
    """A photocopy of both sides of an ID card, slightly rotated, with grain and an EXIF orientation."""
    page = Image.new("L", (1000, 1380), 246)
    draw = ImageDraw.Draw(page)
    label, value = cjk_font(24), cjk_font(27)
    ink, faint = 25, 95
    for top in (150, 740):
        card = Image.new("L", (800, 505), 236)
        card_draw = ImageDraw.Draw(card)
        for k in range(12):
            y = 20 + k * 44
            card_draw.arc((-120, y - 420, 920, y + 420), start=200, end=340, fill=224, width=1)
        mask = Image.new("L", card.size, 0)
        ImageDraw.Draw(mask).rounded_rectangle((0, 0, 799, 504), radius=34, fill=255)
        page.paste(card, (100, top), mask)
        draw.rounded_rectangle((100, top, 899, top + 504), radius=34, outline=150, width=2)
    # front: the portrait side
    top = 150
    rows = [("姓　名", person.name), ("性　别", f"{person.gender}　　　民　族　{person.ethnicity.removesuffix('族')}"),
            ("出　生", f"{person.birth.year}　年　{person.birth.month}　月　{person.birth.day}　日")]
    for k, (lab, val) in enumerate(rows):
        draw.text((140, top + 60 + k * 62), lab, font=label, fill=faint)
        draw.text((250, top + 57 + k * 62), val, font=value, fill=ink)
    draw.text((140, top + 246), "住　址", font=label, fill=faint)
    address = person.address
    for k in range(0, len(address), 12):
        draw.text((250, top + 243 + (k // 12) * 38), address[k:k + 12], font=value, fill=ink)
    draw.text((140, top + 420), "公民身份号码", font=label, fill=faint)
    draw.text((320, top + 414), person.id_number, font=cjk_font(34), fill=ink)
    draw.rectangle((650, top + 70, 860, top + 330), fill=208)
    draw.ellipse((705, top + 110, 805, top + 230), fill=120)
    draw.pieslice((660, top + 220, 850, top + 420), start=180, end=360, fill=120)
    # back: the emblem side
    top = 740
    draw.ellipse((150, top + 45, 280, top + 175), outline=70, width=5)
    draw.ellipse((163, top + 58, 267, top + 162), outline=110, width=2)
    for cx, cy, r in ((215, top + 100, 24), (180, top + 86, 8), (190, top + 122, 8), (240, top + 122, 8), (250, top + 86, 8)):
        draw.polygon(_star_points(cx, cy, r), fill=70)
    text_center(draw, 560, top + 70, "中华人民共和国", cjk_font(44, bold=True), ink)
    text_center(draw, 560, top + 150, "居 民 身 份 证", cjk_font(62, bold=True, serif=True), ink)
    expires = date(issued.year + 20, issued.month, issued.day)
    draw.text((200, top + 330), "签发机关", font=label, fill=faint)
    draw.text((340, top + 327), authority, font=value, fill=ink)
    draw.text((200, top + 395), "有效期限", font=label, fill=faint)
    draw.text((340, top + 392), f"{issued:%Y.%m.%d}-{expires:%Y.%m.%d}", font=value, fill=ink)
    watermark = Image.new("L", page.size, 0)
    ImageDraw.Draw(watermark).text((190, 640), "仅供示例银行个人贷款业务使用　他用无效", font=cjk_font(40), fill=255)
    watermark = watermark.rotate(28, resample=Image.Resampling.BICUBIC)
    page.paste(150, (0, 0), watermark.point(lambda v: v * 55 // 100))
    scan = speckle(rotate_scan(page, -1.3), seed=4172, density=260, amplitude=90)
    save_jpeg_with_orientation(scan, path, orientation=6, when="2023:03:14 10:22:31")


def ems_receipt(path: Path, person: Person, bank: Org) -> None:
    """The EMS waybill's receipt copy with the recipient's signature, as a colour scan (PNG)."""
    img = Image.new("RGB", (1200, 820), (252, 252, 249))
    draw = ImageDraw.Draw(img)
    green, ink, blue = (0, 112, 74), (30, 30, 30), (28, 42, 110)
    draw.rectangle((30, 30, 1170, 790), outline=green, width=3)
    draw.rectangle((30, 30, 1170, 110), fill=green)
    draw.text((55, 45), "EMS", font=cjk_font(44, bold=True), fill=(255, 255, 255))
    draw.text((190, 52), "中国邮政速递物流　国内标准快递　详情单（收件人签收联）", font=cjk_font(30, bold=True), fill=(255, 255, 255))
    draw.text((780, 130), "邮件号码", font=cjk_font(22), fill=green)
    _barcode(draw, (780, 160, 1150, 230), EMS_NUMBER)
    draw.text((860, 236), " ".join(EMS_NUMBER), font=cjk_font(22), fill=ink)
    fields = [
        ("寄件人", "示例银行北京分行个人贷款中心　电话 010-66081235"),
        ("寄件地址", bank.address),
        ("收件人", f"{person.name}　　电话 {person.phone[:3]}****{person.phone[-4:]}"),
        ("收件地址", person.address),
        ("内件品名", "文件（贷款提前到期通知书暨催收函）　1件"),
        ("收寄日期", "2024年11月25日 16:40　北京金融街营业部"),
    ]
    for k, (lab, val) in enumerate(fields):
        y = 140 + k * 62
        draw.line((45, y + 52, 760, y + 52), fill=(190, 205, 195), width=1)
        draw.text((50, y + 12), lab, font=cjk_font(22), fill=green)
        draw.text((170, y + 10), val, font=cjk_font(25), fill=ink)
    draw.rectangle((45, 530, 1155, 770), outline=green, width=2)
    draw.text((60, 545), "收件人签名：", font=cjk_font(24), fill=green)
    handwritten(img, (230, 560), person.name, 52, blue)
    draw.text((60, 650), "签收时间：", font=cjk_font(24), fill=green)
    draw.text((190, 645), "2024 年 11 月 27 日 10 时 42 分", font=cjk_font(28), fill=blue)
    draw.text((60, 710), "□ 他人代收　■ 本人签收　　投递员：邹海（工号 BJ0563）", font=cjk_font(24), fill=ink)
    draw_seal(draw, 980, 650, 95, "中国邮政速递物流北京朝阳投递部", "已妥投")
    scan = speckle(rotate_scan(img, 0.8), seed=1127, density=420, amplitude=0)
    save_png(scan, path, colors=48)


def _barcode(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], data: str) -> None:
    """Bars derived from the digits (a look-alike, not a real Code 128)."""
    left, top, right, bottom = box
    x = left
    rng = random.Random(data)
    while x < right - 6:
        width = rng.choice((2, 2, 3, 4, 6))
        draw.rectangle((x, top, x + width - 1, bottom), fill=(20, 20, 20))
        x += width + rng.choice((2, 3, 4))


# ---------------------------------------------------------------------------------------------------
# Case 2: business loan
# ---------------------------------------------------------------------------------------------------

BANK_SH = Org(
    name="示例银行股份有限公司上海分行",
    code_body="91310000MA1FL3QK2",
    address="上海市浦东新区示例环路100号",
    rep_name="李卫东",
    rep_title="行长",
    phone="021-58881200",
)
COMPANY = Org(
    name="上海示例精密机械有限公司",
    code_body="91310115MA1K4B2X7",
    address="上海市浦东新区示例工业园区88号3幢",
    rep_name="陈志远",
    rep_title="董事长",
    phone="021-50856618",
)
COMPANY_REP = Person(
    "陈志远", "男", date(1975, 11, 2), "汉族", "310115", "051",
    "上海市浦东新区示例路1288弄16号1201室", "13800139288",
)
BUSINESS_TERMS = Terms(
    principal=Decimal("1500000.00"),
    annual_rate=Decimal("0.0385"),
    penalty_markup=Decimal("0.5"),
    compound=True,
    day_count=360,
    method="interest_only",
    installments=12,
    signed_on=date(2024, 4, 8),
    disbursed_on=date(2024, 4, 10),
    maturity=date(2025, 4, 10),
    payment_day=21,
)
BUSINESS_CONTRACT_NO = "示银沪（2024）流贷字第0086号"
BUSINESS_GUARANTEE_NO = "示银沪（2024）保字第0086号"
BUSINESS_AS_OF = date(2025, 6, 30)
BUSINESS_ACCOUNT = "3101 0086 2100 0045 127"
DEMAND_DATE = date(2025, 4, 15)


def business_payments(items: Sequence[Item]) -> list[Payment]:
    """Interest items 1–8 paid on their due dates, one partial payment, then nothing."""
    paid = [
        Payment(it.due, it.total, f"LD{it.due:%Y%m%d}{8600 + it.number:05d}", f"第{it.number}期利息扣收")
        for it in items[:8]
    ]
    paid.append(Payment(date(2025, 2, 10), Decimal("2000.00"), "LD2025021008711", "客户转账还款（部分）"))
    return paid


def business_contacts(items: Sequence[Item]) -> list[Contact]:
    c, rep = COMPANY, COMPANY_REP
    finance = "021-50856620"
    a1, a2 = "沈佳(S2041)", "顾晨(S2057)"
    demand = "exhibits/05-催收通知书.pdf"
    return [
        contact("2025-01-22T10:15:00", "call", "debtor", finance, "connected", 132, a1, f"联系借款人财务负责人，告知1月21日应付利息{yuan(items[8].interest)}元未付"),
        contact("2025-01-27T14:40:00", "call", "guarantor", rep.phone, "promise_to_pay", 210, a1, "保证人（法定代表人）称回款延迟，承诺2月上旬先付部分利息"),
        contact("2025-02-24T09:50:00", "call", "debtor", finance, "no_answer", None, a1, "无人接听"),
        contact("2025-02-24T15:20:00", "call", "debtor", c.phone, "connected", 96, a1, "告知2月21日利息未付，前台转达财务负责人"),
        contact("2025-03-24T10:05:00", "visit", "debtor", c.address, "met", None, a2, "上门走访借款人，与法定代表人面谈，了解经营状况，提示到期还本"),
        contact("2025-04-11T09:40:00", "call", "guarantor", rep.phone, "connected", 185, a2, "贷款已于4月10日到期未还本，要求借款人及保证人筹措还款"),
        contact("2025-04-15T16:30:00", "letter", "debtor", c.address, "delivered", None, a2, "EMS寄送《催收通知书》，4月17日借款人签收", demand),
        contact("2025-04-15T16:35:00", "letter", "guarantor", rep.address, "delivered", None, a2, "EMS寄送《催收通知书》（保证人联），4月18日本人签收", demand),
        contact("2025-04-28T11:10:00", "call", "guarantor", rep.phone, "refused", 142, a2, "保证人称正在办理转贷，拒绝先行承担保证责任"),
        contact("2025-05-20T10:25:00", "visit", "debtor", c.address, "not_met", None, a2, "上门走访，厂区停工，未见到法定代表人"),
        contact("2025-05-21T14:00:00", "email", "debtor", "finance@shili-jixie.example.cn", "delivered", None, a2, "向借款人预留邮箱发送欠款明细及还款要求"),
        contact("2025-06-16T09:35:00", "call", "guarantor", rep.phone, "promise_to_pay", 168, a1, "保证人承诺6月底前提出还款方案，至今未兑现"),
    ]


def build_business(root: Path) -> dict[str, Any]:
    t, bank, co, rep = BUSINESS_TERMS, BANK_SH, COMPANY, COMPANY_REP
    items = schedule(t)
    payments = business_payments(items)
    contacts = business_contacts(items)
    check_contacts(contacts, BUSINESS_AS_OF)
    at_demand = compute_claim(t, items, payments, DEMAND_DATE)
    claim = compute_claim(t, items, payments, BUSINESS_AS_OF)
    ex = root / "exhibits"

    write_csv(root / "schedule.csv", ("due_date", "principal", "interest"),
              ([it.due.isoformat(), amt(it.principal), amt(it.interest)] for it in items),
              encoding="utf-8-sig", crlf=True)
    write_xlsx(root / "repayments.xlsx", "还款流水", ("date", "amount", "reference", "note"),
               [(p.on, amt(p.amount), p.reference, p.note) for p in payments])
    write_csv(root / "contacts.csv", CONTACT_HEADER_EN, (c.row(iso_t=True) for c in contacts),
              encoding="utf-8-sig", crlf=True)

    business_contract(ex / "01-流动资金借款合同.pdf", items)
    guarantee_contract(ex / "02-保证合同.pdf", BUSINESS_GUARANTEE_NO, bank, rep, co.name, "流动资金借款合同",
                       BUSINESS_CONTRACT_NO, t.principal, t, "钱海峰", "上海市浦东新区", "法定代表人、董事长")
    business_licence(ex / "03-营业执照（副本）.png")
    board_resolution(ex / "04-董事会决议.pdf")
    demand_letter(ex / "05-催收通知书.pdf", at_demand, items)

    case: dict[str, Any] = {
        "schema_version": 1,
        "case_id": "SLSH-LD-2024-0086",
        "as_of": BUSINESS_AS_OF.isoformat(),
        "court": "上海市浦东新区人民法院",
        "cause": "金融借款合同纠纷",
        "creditor": bank.yaml() | {"agent": {"name": "吴静", "org": "上海示例律师事务所", "phone": "021-68880123"}},
        "debtors": [co.yaml("borrower"), rep.yaml("guarantor")],
        "loan": loan_yaml(t, BUSINESS_CONTRACT_NO),
        "files": {"repayments": "repayments.xlsx"},
        "exhibits": [
            exhibit("exhibits/01-流动资金借款合同.pdf", f"流动资金借款合同（{BUSINESS_CONTRACT_NO}）", "原告保存的合同原件",
                    "借款合同关系成立；借款金额、期限、利率、按月付息到期还本、罚息复利及计息基数的约定", True),
            exhibit("exhibits/02-保证合同.pdf", f"保证合同（{BUSINESS_GUARANTEE_NO}）", "原告保存的合同原件",
                    f"{rep.name}为借款提供连带责任保证", True),
            exhibit("exhibits/03-营业执照（副本）.png", f"{co.name}营业执照（副本）复印件", "借款人提交的贷款申请资料",
                    "借款人的主体资格及法定代表人身份", False),
            exhibit("exhibits/04-董事会决议.pdf", f"{co.name}董事会决议", "借款人提交的贷款申请资料",
                    "借款人内部已同意本次借款，法定代表人有权代表公司签约", True),
            exhibit("exhibits/05-催收通知书.pdf", "催收通知书", "原告留存联",
                    f"原告于{cn_date(DEMAND_DATE)}向借款人及保证人催收到期欠款", True),
        ],
        "filings": {"payment_order": {}},
    }
    write_yaml(root / "case.yaml", case, "# 样例案件：流动资金贷款（按月付息、到期还本），由 samples/make_samples.py 生成，请勿手工修改。\n")
    return {"items": items, "payments": payments, "claim": claim}


def business_contract(path: Path, items: Sequence[Item]) -> None:
    t, bank, co, rep = BUSINESS_TERMS, BANK_SH, COMPANY, COMPANY_REP
    body = [
        "<h1>流动资金借款合同</h1>",
        f"<p class='docno'>合同编号：{BUSINESS_CONTRACT_NO}</p>",
        co.block("借款人（甲方）"),
        bank.block("贷款人（乙方）"),
        "<p>甲方因日常生产经营周转需要向乙方申请流动资金贷款，乙方同意发放。根据《中华人民共和国民法典》"
        "《流动资金贷款管理办法》等有关规定，甲乙双方经协商一致，订立本合同。</p>",
        articles(
            [
                ("借款金额", [f"借款金额为人民币{yuan(t.principal)}元（大写：{rmb_upper(t.principal)}）。"]),
                (
                    "借款用途",
                    [
                        "2.1 借款用途：购买原材料（钢材、轴承及数控刀具）及支付加工费。",
                        "2.2 未经乙方书面同意，甲方不得改变借款用途，不得将借款用于固定资产、股权等投资，"
                        "不得用于国家禁止生产、经营的领域和用途。",
                        "2.3 单笔支付金额超过人民币五十万元的，采用乙方受托支付方式。",
                    ],
                ),
                (
                    "借款期限",
                    [
                        f"借款期限为十二个月，自{cn_date(t.disbursed_on)}起至{cn_date(t.maturity)}止。"
                        "实际提款日以借款借据为准。",
                    ],
                ),
                (
                    "借款利率与计息",
                    [
                        f"4.1 本合同借款利率为固定利率，年利率为<b class='em'>{pct(t.annual_rate)}</b>，"
                        "在借款期限内不作调整。",
                        f"4.2 <b class='em'>日利率＝年利率÷{t.day_count}。</b>利息自实际提款日起按实际占用天数计算，"
                        "计息期间为上一结息日（首期为提款日）至本结息日。",
                        f"4.3 <b class='em'>本合同项下借款按月结息，结息日为每月{t.payment_day}日，甲方应于结息日当日付息；"
                        "借款到期日利随本清。</b>",
                    ],
                ),
                (
                    "提款",
                    [
                        "5.1 甲方提款前应满足：本合同及保证合同已生效；甲方已提交董事会同意借款的决议；"
                        "甲方已提交用款计划及相应交易资料。",
                        f"5.2 借款发放至甲方在乙方开立的结算账户（账号：{BUSINESS_ACCOUNT}），该账户同时为还款账户。",
                    ],
                ),
                (
                    "还款",
                    [
                        f"6.1 <b class='em'>本合同项下借款本金于借款到期日{cn_date(t.maturity)}一次性归还。</b>",
                        "6.2 甲方应于每一结息日及到期日前在还款账户存足应付款项，并授权乙方直接扣收。",
                        "6.3 甲方提前还款的，应提前三十个银行工作日书面申请并经乙方同意，提前还款部分按实际占用天数计息。",
                    ],
                ),
                (
                    "逾期罚息与复利",
                    [
                        f"7.1 <b class='em'>甲方未按期归还借款本金的，乙方自逾期之日起就逾期本金按罚息利率计收罚息，"
                        f"罚息利率为本合同借款利率上浮{pct(t.penalty_markup)}，即年利率{pct(t.penalty_rate)}。</b>",
                        "7.2 <b class='em'>对甲方不能按期支付的利息，乙方按罚息利率按日计收复利。</b>",
                        "7.3 甲方未按约定用途使用借款的，对挪用部分按借款利率上浮百分之百计收罚息。",
                    ],
                ),
                (
                    "清偿顺序",
                    ["甲方的还款不足以清偿全部到期债务的，依次清偿实现债权的费用、罚息、复利、利息和本金。"],
                ),
                (
                    "甲方的陈述与承诺",
                    [
                        "9.1 甲方是依法设立并有效存续的有限责任公司，签订和履行本合同已经其董事会决议同意。",
                        "9.2 甲方按月向乙方提供财务报表，并配合乙方对借款使用情况及经营状况的检查。",
                        "9.3 甲方发生合并、分立、减资、股权变更、重大资产转让或涉及重大诉讼的，应提前书面通知乙方。",
                    ],
                ),
                (
                    "担保",
                    [
                        f"本合同项下债务由{rep.name}提供连带责任保证，另行签订《保证合同》（编号：{BUSINESS_GUARANTEE_NO}）。",
                    ],
                ),
                (
                    "违约责任",
                    [
                        "11.1 甲方未按期付息或还本、未按约定用途使用借款、提供虚假资料、经营状况严重恶化，"
                        "或保证人丧失担保能力的，构成违约。",
                        "11.2 <b class='em'>甲方违约的，乙方有权停止发放尚未发放的借款，宣布已发放借款全部或部分提前到期，"
                        "并要求甲方立即偿还全部借款本息。</b>",
                        "11.3 乙方为实现债权而发生的诉讼费、保全费、律师费等费用由甲方承担。",
                    ],
                ),
                (
                    "送达与争议解决",
                    [
                        "12.1 甲方确认本合同首部载明的住所及联系电话为送达地址，适用于催收和诉讼、执行各阶段。",
                        "12.2 本合同履行中发生的争议，由双方协商解决；协商不成的，向乙方住所地有管辖权的人民法院起诉，"
                        "乙方亦可依法申请支付令。",
                    ],
                ),
                (
                    "其他",
                    [
                        "本合同自甲方法定代表人或授权代理人签字并加盖公章、乙方负责人或授权代理人签字并加盖合同专用章之日起生效。"
                        "本合同一式三份，甲方一份、乙方两份，具有同等法律效力。",
                    ],
                ),
            ]
        ),
        "<p class='right'>（以下无正文）</p><div class='keep'>"
        "<p class='notice'><b class='em'>特别提示：</b>乙方已提请甲方特别注意本合同第四条（利率与计息）、第六条（还款）、"
        "第七条（罚息与复利）及第十一条（违约责任）等加粗条款并作了说明，甲方已充分理解。</p>",
        signs(
            sign_slot("甲方（公章）：", seal(co.name, "", 40, co.credit_code[-9:])) + sign_slot("法定代表人（签字）：", hand=rep.name),
            sign_slot("乙方（合同专用章）：", seal(bank.name, "合同专用章")) + sign_slot("负责人或授权代理人（签字）：", hand="钱海峰"),
        ),
        f"<p class='ni'>签订日期：{cn_date(t.signed_on)}　　　　签订地点：上海市浦东新区</p></div>",
        "<div class='pagebreak'></div>",
        f"<h2>附件：付息计划（合同编号：{BUSINESS_CONTRACT_NO}）</h2>",
        f"<p class='ni'>借款本金：人民币{yuan(t.principal)}元；年利率：{pct(t.annual_rate)}；日利率＝年利率÷{t.day_count}；"
        f"结息日：每月{t.payment_day}日；到期日：{t.maturity.isoformat()}。</p>",
        schedule_table(items, t.principal),
    ]
    write_pdf(path, f"流动资金借款合同 {BUSINESS_CONTRACT_NO}", bank.name, "".join(body), header=f"合同编号：{BUSINESS_CONTRACT_NO}")


def board_resolution(path: Path) -> None:
    t, co, rep = BUSINESS_TERMS, COMPANY, COMPANY_REP
    directors = [("陈志远", "董事长"), ("林慧", "董事"), ("吴国平", "董事")]
    sign_rows = "".join(
        f"<tr><td>{title}</td><td>{name}</td><td>同意</td><td>{handwriting(name, 14)}</td></tr>" for name, title in directors
    )
    body = [
        f"<h1>{co.name}<br/>董事会决议</h1>",
        "<p class='docno'>董决字〔2024〕第3号</p>",
        f"<p>{co.name}（以下简称“公司”）第三届董事会第六次会议于{cn_date(date(2024, 4, 2))}在公司会议室召开。"
        "会议通知已于三日前以书面方式送达全体董事。本次会议应到董事三名，实到董事三名，由董事长陈志远主持，"
        "公司监事列席会议。会议的召集、召开程序符合《中华人民共和国公司法》及公司章程的规定，所作决议合法有效。</p>",
        "<p>经与会董事认真审议，以三票同意、零票反对、零票弃权，一致通过如下决议：</p>",
        f"<p>一、同意公司向示例银行股份有限公司上海分行申请流动资金贷款人民币{yuan(t.principal)}元"
        f"（大写：{rmb_upper(t.principal)}），期限十二个月，年利率{pct(t.annual_rate)}，按月付息、到期还本，"
        "用于购买原材料及支付加工费。</p>",
        f"<p>二、同意由公司法定代表人{rep.name}以个人名义为上述贷款提供连带责任保证。</p>",
        f"<p>三、授权法定代表人{rep.name}代表公司签署与本次贷款有关的借款合同、借款借据及其他法律文件，"
        "并办理提款、还款等相关事宜。</p>",
        "<p>四、公司保证按期足额偿还贷款本息，如期履行借款合同约定的各项义务。</p>",
        "<table class='grid' style='margin-top:6mm'><tr><th>职务</th><th>姓名</th><th>表决意见</th><th>签字</th></tr>"
        f"{sign_rows}</table>",
        f"<div class='court-end'><p>{co.name}（盖章）</p><p>{cn_date(date(2024, 4, 2))}</p>"
        f"<div class='stamp'>{seal(co.name, '', 40, co.credit_code[-9:])}</div></div>",
    ]
    write_pdf(path, f"{co.name}董事会决议", co.name, "".join(body), header="")


def demand_letter(path: Path, claim: Claim, items: Sequence[Item]) -> None:
    t, bank, co, rep = BUSINESS_TERMS, BANK_SH, COMPANY, COMPANY_REP
    body = [
        "<h1>催收通知书</h1>",
        "<p class='docno'>示银沪公催字〔2025〕第0415-086号</p>",
        f"<p class='ni'>借款人：{co.name}</p><p class='ni'>保证人：{rep.name}</p>",
        f"<p>贵公司于{cn_date(t.signed_on)}与我行签订《流动资金借款合同》（编号：{BUSINESS_CONTRACT_NO}），"
        f"于{cn_date(t.disbursed_on)}提款人民币{yuan(t.principal)}元，借款到期日为{cn_date(t.maturity)}，"
        f"年利率{pct(t.annual_rate)}，按月付息、到期还本。{rep.name}先生为该笔借款提供连带责任保证"
        f"（《保证合同》编号：{BUSINESS_GUARANTEE_NO}）。</p>",
        f"<p>贵公司自{cn_date(items[8].due)}起未按约支付利息（其间于{cn_date(date(2025, 2, 10))}仅支付2,000.00元），"
        f"借款本金于{cn_date(t.maturity)}到期后亦未归还。截至{cn_date(claim.as_of)}，贵公司尚欠我行：</p>",
        "<table class='grid' style='width:80%;margin-left:10%'>"
        "<tr><th>项目</th><th class='num'>金额（元）</th></tr>"
        f"<tr><td>借款本金</td><td class='num'>{yuan(claim.principal)}</td></tr>"
        f"<tr><td>利息</td><td class='num'>{yuan(claim.interest)}</td></tr>"
        f"<tr><td>罚息</td><td class='num'>{yuan(claim.penalty)}</td></tr>"
        f"<tr><td>复利</td><td class='num'>{yuan(claim.compound)}</td></tr>"
        f"<tr><th>合计</th><th class='num'>{yuan(claim.total)}</th></tr></table>",
        f"<p>请贵公司于收到本通知书之日起七日内归还上述全部欠款。{cn_date(claim.as_of)}之后的罚息、复利，"
        f"按合同约定以年利率{pct(t.penalty_rate)}继续计收至实际清偿之日止。</p>",
        f"<p>请保证人{rep.name}先生依照《保证合同》的约定，对上述债务承担连带清偿责任。</p>",
        "<p>逾期未履行的，我行将依法采取申请支付令、提起诉讼及申请财产保全等措施，由此产生的一切费用由借款人"
        "及保证人承担。特此通知。</p>",
        "<p class='ni'>联系人：顾晨　电话：021-58881267</p>",
        f"<div class='court-end'><p>{bank.name}</p><p>{cn_date(DEMAND_DATE)}</p>"
        f"<div class='stamp'>{seal(bank.name, '公司业务专用章', 38)}</div></div>",
        "<table class='grid' style='margin-top:14mm'><tr><th colspan='2'>回　执</th></tr>"
        f"<tr><td style='width:50%'>借款人签收：{handwriting('陈志远', 14)}（公司章）<br/>签收日期：2025年4月17日</td>"
        f"<td>保证人签收：{handwriting('陈志远', 14)}<br/>签收日期：2025年4月18日</td></tr></table>",
    ]
    write_pdf(path, "催收通知书", bank.name, "".join(body), header=bank.name, css=LETTER_CSS)


def business_licence(path: Path) -> None:
    co = COMPANY
    img = Image.new("RGB", (1240, 880), (250, 247, 240))
    draw = ImageDraw.Draw(img)
    red, brown, ink = (196, 44, 40), (150, 80, 40), (30, 30, 30)
    draw.rectangle((20, 20, 1220, 860), outline=brown, width=14)
    draw.rectangle((44, 44, 1196, 836), outline=brown, width=3)
    for x in range(60, 1190, 28):
        draw.arc((x, 28, x + 28, 44), 0, 180, fill=brown, width=2)
        draw.arc((x, 836, x + 28, 852), 180, 360, fill=brown, width=2)
    draw.ellipse((575, 62, 665, 152), fill=red)
    gold = (240, 200, 60)
    for cx, cy, r in ((620, 104, 20), (592, 86, 7), (600, 124, 7), (640, 124, 7), (648, 86, 7)):
        draw.polygon(_star_points(cx, cy, r), fill=gold)
    text_center(draw, 620, 165, "营 业 执 照", cjk_font(66, bold=True, serif=True), ink)
    text_center(draw, 620, 255, "（副　　本）", cjk_font(30), ink)
    draw.text((80, 200), "统一社会信用代码", font=cjk_font(22), fill=ink)
    draw.text((80, 232), co.credit_code, font=cjk_font(28, bold=True), fill=ink)
    rng = random.Random(co.credit_code)
    for r in range(25):
        for c in range(25):
            corner = (r < 7 and c < 7) or (r < 7 and c > 17) or (r > 17 and c < 7)
            on = (r in (0, 6) or c in (0, 6) or (2 <= r <= 4 and 2 <= c <= 4)) if corner else rng.random() < 0.48
            if corner and r > 17:
                on = r in (18, 24) or c in (0, 6) or (20 <= r <= 22 and 2 <= c <= 4)
            if corner and c > 17:
                on = r in (0, 6) or c in (18, 24) or (2 <= r <= 4 and 20 <= c <= 22)
            if on:
                draw.rectangle((1000 + c * 6, 190 + r * 6, 1005 + c * 6, 195 + r * 6), fill=ink)
    draw.text((990, 345), "扫描二维码登录“国家企业\n信用信息公示系统”了解\n更多登记、备案、许可、\n监管信息", font=cjk_font(14), fill=ink)
    left = [
        ("名　　称", co.name),
        ("类　　型", "有限责任公司（自然人投资或控股）"),
        ("法定代表人", co.rep_name),
        ("经营范围", "一般项目：通用设备制造（不含特种设备制造）；机械零件、零部件加工；"),
        ("", "五金产品批发；技术服务、技术开发、技术咨询、技术交流、技术转让、"),
        ("", "技术推广。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）"),
    ]
    right = [
        ("注册资本", "人民币2000万元整"),
        ("成立日期", "2016年08月23日"),
        ("营业期限", "2016年08月23日至2046年08月22日"),
        ("住　　所", co.address),
    ]
    for k, (lab, val) in enumerate(left):
        y = 330 + k * 48
        draw.text((80, y), lab, font=cjk_font(23, bold=True), fill=ink)
        draw.text((230, y), val, font=cjk_font(22), fill=ink)
    for k, (lab, val) in enumerate(right):
        y = 622 + k * 42
        draw.text((80, y), lab, font=cjk_font(23, bold=True), fill=ink)
        draw.text((230, y), val, font=cjk_font(22), fill=ink)
    draw.text((780, 700), "登 记 机 关", font=cjk_font(26, bold=True), fill=ink)
    draw.text((800, 770), "2023 年 05 月 16 日", font=cjk_font(24), fill=ink)
    draw_seal(draw, 1000, 700, 88, "上海市浦东新区市场监督管理局", "")
    draw.text((470, 812), "国家市场监督管理总局监制", font=cjk_font(16), fill=ink)
    handwritten(img, (70, 92), "与原件一致", 30, (40, 50, 140))
    draw.text((80, 800), "仅供示例银行贷款使用", font=cjk_font(20), fill=(60, 60, 140))
    scan = speckle(rotate_scan(img, -0.6), seed=86, density=500, amplitude=0)
    save_png(scan, path, colors=40)


# ---------------------------------------------------------------------------------------------------
# Case 3: enforcement of a judgment
# ---------------------------------------------------------------------------------------------------

BANK_XC = Org(
    name="示例银行股份有限公司北京西城支行",
    code_body="91110102MA04CXR8U",
    address="北京市西城区示例大街66号",
    rep_name="何敏",
    rep_title="行长",
    phone="010-66172300",
)
ENF_BORROWER = Person(
    "赵德胜", "男", date(1979, 2, 27), "汉族", "110102", "031",
    "北京市西城区示例胡同12号", "13800132751",
)
ENF_GUARANTOR = Person(
    "孙桂芳", "女", date(1981, 6, 19), "汉族", "110102", "024",
    "北京市西城区示例胡同12号", "13800135163",
)
ENF_TERMS = Terms(
    principal=Decimal("300000.00"),
    annual_rate=Decimal("0.049"),
    penalty_markup=Decimal("0.5"),
    compound=True,
    day_count=360,
    method="equal_principal",
    installments=36,
    signed_on=date(2021, 9, 8),
    disbursed_on=date(2021, 9, 10),
    maturity=date(2024, 9, 10),
    payment_day=10,
    accelerated_on=date(2024, 1, 5),
)
ENF_CONTRACT_NO = "示银京西（2021）个经贷字第0112号"
ENF_GUARANTEE_NO = "示银京西（2021）个保字第0112号"
JUDGMENT_NO = "（2025）京0102民初12345号"
COURT_XC = "北京市西城区人民法院"
FILED_ON = date(2025, 1, 6)
JUDGED_ON = date(2025, 4, 18)
SERVED_ON = date(2025, 4, 22)
EFFECTIVE_ON = date(2025, 5, 8)
PERFORMANCE_DUE = date(2025, 5, 18)
PAID_SINCE = (date(2025, 7, 15), Decimal("5000.00"))
ENF_AS_OF = date(2025, 10, 31)


def build_enforcement(root: Path) -> dict[str, Any]:
    t, bank, b, g = ENF_TERMS, BANK_XC, ENF_BORROWER, ENF_GUARANTOR
    items = schedule(t)
    payments = [Payment(it.due, it.total, f"XC{it.due:%Y%m%d}{1120 + it.number:05d}", f"第{it.number}期正常还款") for it in items[:24]]
    at_filing = compute_claim(t, items, payments, FILED_ON)
    awarded_total = at_filing.total
    costs = fen(acceptance_fee(awarded_total) / 2)
    day, amount = PAID_SINCE
    payments.append(Payment(day, amount, "XC2025071501937", "判决生效后被执行人主动还款"))
    contacts = enforcement_contacts()
    check_contacts(contacts, ENF_AS_OF)
    ex = root / "exhibits"

    write_csv(root / "repayments.csv", ("date", "amount", "reference", "note"),
              ([p.on.isoformat(), amt(p.amount), p.reference, p.note] for p in payments), encoding="utf-8", crlf=False)
    write_csv(root / "contacts.csv", CONTACT_HEADER_EN, (c.row(iso_t=True) for c in contacts), encoding="utf-8", crlf=False)

    judgment(ex / "01-民事判决书.pdf", at_filing, costs)
    effectiveness_certificate(ex / "02-生效证明.pdf")
    doc = LoanDoc(
        contract_no=ENF_CONTRACT_NO, guarantee_no=ENF_GUARANTEE_NO, product="个人经营贷款",
        purpose="个体工商户（西城区示例副食店）经营周转", bank=bank, borrower=b, guarantor=g, terms=t, items=items,
        account="6217 0011 0200 1123 406", place="北京市西城区", bank_signer="冯立新",
    )
    personal_loan_contract(doc, ex / "03-个人借款合同.pdf")

    awarded = {
        "principal": amt(at_filing.principal),
        "interest": amt(at_filing.interest),
        "penalty": amt(at_filing.penalty),
        "compound": amt(at_filing.compound),
        "costs": amt(costs),
    }
    case: dict[str, Any] = {
        "schema_version": 1,
        "case_id": "SLBJ-ZX-2025-0112",
        "as_of": ENF_AS_OF.isoformat(),
        "court": COURT_XC,
        "cause": "金融借款合同纠纷",
        "creditor": bank.yaml() | {"agent": {"name": "丁磊", "org": "示例银行股份有限公司北京西城支行", "phone": "010-66172318"}},
        "debtors": [b.yaml("borrower"), g.yaml("guarantor")],
        "loan": loan_yaml(t, ENF_CONTRACT_NO),
        "exhibits": [
            exhibit("exhibits/01-民事判决书.pdf", f"{COURT_XC}{JUDGMENT_NO}民事判决书", f"{COURT_XC}送达",
                    "申请执行人与被执行人之间的债权债务已由生效判决确认，判决确定的给付内容", True),
            exhibit("exhibits/02-生效证明.pdf", "判决生效证明", f"{COURT_XC}出具",
                    f"上述判决已于{cn_date(EFFECTIVE_ON)}发生法律效力", True),
            exhibit("exhibits/03-个人借款合同.pdf", f"个人借款合同（{ENF_CONTRACT_NO}）", "申请执行人保存的合同原件",
                    "原借款关系及罚息、复利的约定（执行依据所依据的事实）", True),
        ],
        "bundle": {"ledger_exhibit": False, "contacts_exhibit": False, "exhibit_covers": True},
        "filings": {
            "enforcement": {
                "basis": {
                    "kind": "judgment",
                    "number": JUDGMENT_NO,
                    "issued_by": COURT_XC,
                    "effective_on": EFFECTIVE_ON.isoformat(),
                    "performance_due": PERFORMANCE_DUE.isoformat(),
                    "awarded": awarded,
                },
                "paid_since": amt(amount),
            }
        },
    }
    write_yaml(root / "case.yaml", case, "# 样例案件：申请执行生效判决（原贷款为等额本金），由 samples/make_samples.py 生成，请勿手工修改。\n")
    return {"items": items, "payments": payments, "claim": at_filing, "costs": costs}


def enforcement_contacts() -> list[Contact]:
    b, g = ENF_BORROWER, ENF_GUARANTOR
    a1, a2 = "田野(X0308)", "丁磊(X0101)"
    return [
        contact("2023-10-11T10:20:00", "call", "debtor", b.phone, "connected", 88, a1, "第25期未还，借款人称生意周转困难"),
        contact("2023-11-13T09:45:00", "sms", "debtor", b.phone, "delivered", None, "系统", "第25、26期逾期提醒短信"),
        contact("2023-12-12T15:10:00", "call", "guarantor", g.phone, "connected", 121, a1, "告知保证人借款已逾期三期，请督促还款"),
        contact("2024-01-05T14:00:00", "letter", "debtor", b.address, "delivered", None, a2, "EMS寄送《贷款提前到期通知书》，1月8日本人签收"),
        contact("2024-06-18T10:30:00", "visit", "debtor", b.address, "met", None, a2, "上门催收，借款人表示无力一次性清偿"),
        contact("2024-12-09T11:00:00", "call", "debtor", b.phone, "refused", 64, a2, "告知将起诉，借款人拒绝提出还款计划"),
        contact("2025-06-03T10:15:00", "call", "debtor", b.phone, "connected", 95, a2, "判决已生效，告知履行期已届满，要求履行判决"),
        contact("2025-07-10T16:20:00", "call", "debtor", b.phone, "promise_to_pay", 110, a2, "被执行人承诺7月15日先行支付5,000元"),
        contact("2025-09-02T09:40:00", "sms", "guarantor", g.phone, "delivered", None, "系统", "致保证人：请履行生效判决确定的连带清偿责任"),
    ]


def judgment(path: Path, claim: Claim, costs: Decimal) -> None:
    t, bank, b, g = ENF_TERMS, BANK_XC, ENF_BORROWER, ENF_GUARANTOR
    items = schedule(t)
    paid_to = items[23]
    total = claim.total
    fee_full = acceptance_fee(total)
    cutoff = cn_date(claim.as_of)
    next_day = cn_date(date.fromordinal(claim.as_of.toordinal() + 1))
    money = (
        f"借款本金{yuan(claim.principal)}元、利息{yuan(claim.interest)}元、罚息{yuan(claim.penalty)}元、"
        f"复利{yuan(claim.compound)}元（罚息、复利暂计至{cutoff}）"
    )
    body = [
        f"<h1 class='court'>{COURT_XC}</h1><p class='subtitle' style='font-size:20pt;letter-spacing:0.6em'>民事判决书</p>",
        f"<p class='docno'>{JUDGMENT_NO}</p>",
        f"<p class='party'>原告：{bank.name}，住所地{bank.address}。</p>",
        f"<p class='party sub'>负责人：{bank.rep_name}，行长。</p>",
        "<p class='party sub'>委托诉讼代理人：丁磊，该行员工。</p>",
        f"<p class='party'>被告：{b.name}，{b.gender}，{cn_date(b.birth)}出生，{b.ethnicity}，住{b.address}。</p>",
        f"<p class='party'>被告：{g.name}，{g.gender}，{cn_date(g.birth)}出生，{g.ethnicity}，住{g.address}。</p>",
        f"<p>原告{bank.name}（以下简称示例银行西城支行）与被告{b.name}、{g.name}金融借款合同纠纷一案，本院于{cn_date(FILED_ON)}"
        f"立案后，依法适用简易程序，公开开庭进行了审理。原告的委托诉讼代理人丁磊、被告{b.name}到庭参加诉讼，"
        f"被告{g.name}经本院传票传唤无正当理由未到庭参加诉讼，本院依法缺席审理。本案现已审理终结。</p>",
        f"<p>示例银行西城支行向本院提出诉讼请求：1．判令被告{b.name}偿还借款本金{yuan(claim.principal)}元、"
        f"利息{yuan(claim.interest)}元、罚息{yuan(claim.penalty)}元、复利{yuan(claim.compound)}元"
        f"（罚息、复利暂计至{cutoff}），并支付自{next_day}起至实际清偿之日止的罚息、复利；"
        f"2．判令被告{g.name}对上述债务承担连带清偿责任；3．本案诉讼费用由二被告负担。事实和理由：{cn_date(t.signed_on)}，"
        f"原告与被告{b.name}签订《个人借款合同》，约定借款{yuan(t.principal)}元，期限{t.installments}个月，"
        f"年利率{pct(t.annual_rate)}，按月等额本金还款。被告{g.name}签订《保证合同》提供连带责任保证。"
        f"原告依约放款后，被告{b.name}自第25期起未按期还款，原告于{cn_date(t.accelerated_on or FILED_ON)}宣布贷款提前到期，"
        "二被告至今未履行还款及保证义务，故诉至法院。</p>",
        f"<p>被告{b.name}辩称，对借款事实及欠款金额无异议，因经营困难暂无力偿还，希望分期还款。</p>",
        f"<p>被告{g.name}未到庭，亦未提交书面答辩意见。</p>",
        "<p>本院经审理认定事实如下：</p>",
        f"<p>{cn_date(t.signed_on)}，示例银行西城支行（贷款人）与{b.name}（借款人）签订《个人借款合同》"
        f"（编号：{ENF_CONTRACT_NO}），约定：借款金额{yuan(t.principal)}元，用于个体工商户经营周转；借款期限自"
        f"{cn_date(t.disbursed_on)}至{cn_date(t.maturity)}；年利率{pct(t.annual_rate)}；按月等额本金还款，"
        f"每月{t.payment_day}日为还款日；借款人未按期归还本金的，按借款利率上浮{pct(t.penalty_markup)}计收罚息，"
        f"对不能按期支付的利息按罚息利率计收复利；日利率＝年利率÷{t.day_count}；借款人逾期累计达三期的，"
        f"贷款人有权宣布借款提前到期。同日，{g.name}与示例银行西城支行签订《保证合同》（编号：{ENF_GUARANTEE_NO}），"
        "为上述借款提供连带责任保证，保证范围包括借款本金、利息、罚息、复利及实现债权的费用，保证期间为主债务"
        "履行期限届满之日起三年。</p>",
        f"<p>{cn_date(t.disbursed_on)}，示例银行西城支行向{b.name}发放贷款{yuan(t.principal)}元。{b.name}归还了第1期至"
        f"第24期本息（最后一次还款日为{cn_date(paid_to.due)}），自第25期（应还款日{cn_date(items[24].due)}）起未再还款。"
        f"{cn_date(t.accelerated_on or FILED_ON)}，示例银行西城支行向{b.name}邮寄《贷款提前到期通知书》，"
        f"宣布全部借款提前到期，{b.name}于{cn_date(date(2024, 1, 8))}签收。</p>",
        f"<p>截至{cutoff}，{b.name}尚欠借款本金{yuan(claim.principal)}元、利息{yuan(claim.interest)}元、"
        f"罚息{yuan(claim.penalty)}元、复利{yuan(claim.compound)}元。</p>",
        "<p>上述事实，有《个人借款合同》《保证合同》、借款借据、还款明细、贷款提前到期通知书及EMS签收记录、"
        "欠款计算明细及当事人陈述等证据在案佐证。</p>",
        f"<p>本院认为，示例银行西城支行与{b.name}签订的《个人借款合同》、与{g.name}签订的《保证合同》"
        "均系当事人真实意思表示，不违反法律、行政法规的强制性规定，合法有效。示例银行西城支行依约发放了贷款，"
        f"{b.name}未按约定还款，已构成违约，示例银行西城支行依约宣布贷款提前到期，并要求其偿还借款本金、利息、"
        f"罚息和复利，于法有据，本院予以支持。经核算，原告主张的利息、罚息和复利的计算标准未超过合同约定，"
        f"且总计未超过年利率24%，本院予以确认。{g.name}作为连带责任保证人，应在保证范围内承担连带清偿责任，"
        f"其承担保证责任后，有权向{b.name}追偿。{g.name}经本院合法传唤，无正当理由拒不到庭参加诉讼，视为放弃答辩、"
        f"质证的权利。{b.name}关于分期还款的意见，未获原告同意，本院不予采纳。</p>",
        "<p>综上，依照《中华人民共和国民法典》第五百零九条、第五百七十七条、第六百六十七条、第六百七十四条、"
        "第六百七十六条、第六百八十一条、第六百八十八条、第七百条，《中华人民共和国民事诉讼法》第一百四十七条之规定，"
        "判决如下：</p>",
        f"<p>一、被告{b.name}于本判决生效之日起十日内偿还原告{bank.name}{money}；"
        f"并支付自{next_day}起至实际清偿之日止，以未偿本金为基数、按年利率{pct(t.penalty_rate)}计算的罚息，"
        f"以及以欠付利息为基数、按年利率{pct(t.penalty_rate)}计算的复利；</p>",
        f"<p>二、被告{g.name}对上述第一项债务承担连带清偿责任；被告{g.name}承担保证责任后，有权向被告{b.name}追偿。</p>",
        "<p>如果未按本判决指定的期间履行给付金钱义务，应当依照《中华人民共和国民事诉讼法》第二百六十四条之规定，"
        "加倍支付迟延履行期间的债务利息。</p>",
        f"<p>案件受理费{yuan(fee_full)}元，减半收取计{yuan(costs)}元（原告已预交），由被告{b.name}、{g.name}负担，"
        "于本判决生效之日起十日内径付原告。</p>",
        "<p>如不服本判决，可在判决书送达之日起十五日内，向本院递交上诉状，并按对方当事人的人数提出副本，"
        "上诉于北京市第二中级人民法院。</p>",
        "<div class='court-end' style='margin-top:14mm'><p>审　判　员　　林　晓　岚</p>"
        f"<p style='margin-top:8mm'>{cn_upper_date(JUDGED_ON)}</p>"
        f"<div class='stamp' style='top:4mm;right:22mm'>{seal(COURT_XC, '', 42)}</div>"
        "<p style='margin-top:6mm'>法官助理　　郑　　凯</p><p>书　记　员　　许　　诺</p></div>",
        "<p class='ni' style='margin-top:10mm;font-size:9.5pt'>本件与原本核对无异</p>",
    ]
    write_pdf(path, f"{COURT_XC}{JUDGMENT_NO}民事判决书", COURT_XC, "".join(body), header="")


def effectiveness_certificate(path: Path) -> None:
    bank, b, g = BANK_XC, ENF_BORROWER, ENF_GUARANTOR
    body = [
        f"<h1 class='court'>{COURT_XC}</h1><p class='subtitle' style='font-size:20pt;letter-spacing:0.6em'>生效证明</p>",
        f"<p class='docno'>{JUDGMENT_NO}</p>",
        f"<p class='ni'>{bank.name}：</p>",
        f"<p>本院受理的原告{bank.name}与被告{b.name}、{g.name}金融借款合同纠纷一案，本院于{cn_date(JUDGED_ON)}"
        f"作出{JUDGMENT_NO}民事判决，该判决书已于{cn_date(SERVED_ON)}送达各方当事人。在法定上诉期限内，"
        f"各方当事人均未提起上诉，该判决已于{cn_date(EFFECTIVE_ON)}发生法律效力。</p>",
        "<p>特此证明。</p>",
        "<div class='court-end' style='margin-top:30mm'>"
        f"<p>{cn_upper_date(date(2025, 5, 20))}</p>"
        f"<div class='stamp' style='top:-14mm;right:10mm'>{seal(COURT_XC, '', 42)}</div></div>",
        "<p class='ni' style='margin-top:40mm;font-size:9.5pt'>经办人：许诺　　联系电话：010-66085120（本院诉讼服务中心）</p>",
    ]
    write_pdf(path, f"生效证明 {JUDGMENT_NO}", COURT_XC, "".join(body), header="")


# ---------------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------------

CASES: dict[str, Callable[[Path], dict[str, Any]]] = {
    "consumer-loan": build_consumer,
    "business-loan": build_business,
    "enforcement": build_enforcement,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", nargs="?", type=Path, default=HERE, help="output folder (default: samples/)")
    parser.add_argument("--summary", action="store_true", help="print the loan figures of each case")
    args = parser.parse_args(argv)
    out: Path = args.out
    for name, build in CASES.items():
        root = out / name
        if root.exists():
            shutil.rmtree(root)
        (root / "exhibits").mkdir(parents=True)
        facts = build(root)
        if args.summary:
            print_summary(name, facts)
    return 0


def print_summary(name: str, facts: dict[str, Any]) -> None:
    claim: Claim = facts["claim"]
    print(f"== {name}: as_of {claim.as_of}")
    for p in facts["payments"]:
        print(f"   paid {p.on} {amt(p.amount):>12} {p.split or ''}")
    print(
        f"   claim principal {amt(claim.principal)} interest {amt(claim.interest)} penalty {amt(claim.penalty)} "
        f"compound {amt(claim.compound)} total {amt(claim.total)} not_due {amt(claim.not_due_principal)} "
        f"credit {amt(claim.credit)}"
    )


if __name__ == "__main__":
    sys.exit(main())
