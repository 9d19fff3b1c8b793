"""Ledger files → model objects: Payments, Installments, Contacts.

Each bad cell becomes one problem located to its file, line and column; the row is
then left out, so that every other problem of the file is still found.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any, TypeVar

from evidence_kit.case.model import (
    CARD_TRANSACTION_TYPES,
    CONTACT_CHANNELS,
    CONTACT_OUTCOMES,
    CONTACT_PARTIES,
    CardTransaction,
    Contact,
    Installment,
    Payment,
    Statement,
)
from evidence_kit.case.payments import PaymentRows
from evidence_kit.case.tables import Cell, Table
from evidence_kit.i18n import N_, _, translate
from evidence_kit.money import AmountError, parse_amount
from evidence_kit.problems import Problem, error

CHINA = timezone(timedelta(hours=8))
T = TypeVar("T")

_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")
_DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
                     "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M")


def parse_date(value: Any) -> date:
    """A date from text: 2025-06-30, 2025/6/30, 2025.06.30, 20250630, 2025年6月30日.

    A date-time ("2025-06-30 14:05:09", as core-banking exports write 交易日期) is read as its date.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if value is None:
        raise ValueError(_("no date given"))
    text = str(value).strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    if " " in text or "T" in text:
        try:
            return parse_local_time(text).date()
        except ValueError:
            pass
    raise ValueError(_("write it as YYYY-MM-DD"))


def parse_local_time(value: str) -> datetime:
    """A contact time as naive China time; an explicit offset is converted to +08:00."""
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        parsed = None
    if parsed is None:
        for fmt in _DATETIME_FORMATS:
            try:
                parsed = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
    if parsed is None or (len(text) <= 10 and ":" not in text):
        raise ValueError(_("write it as YYYY-MM-DD HH:MM"))
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(CHINA).replace(tzinfo=None)
    return parsed


# What a cell must hold and how to write it: marked here, translated only when a cell is wrong.
A_DATE, DATE_HINT = N_("a date"), N_("write dates as YYYY-MM-DD")
AN_AMOUNT, AMOUNT_HINT = N_("an amount of money"), N_('write money as decimal text, e.g. "1234.50"')
A_TIME, TIME_HINT = N_("a date and time"), N_("write it as YYYY-MM-DD HH:MM (China time)")
SECONDS, SECONDS_HINT = N_("a number of seconds"), N_("write the call length in whole seconds")


class TableParser:
    """Turns table rows into Payments, Installments and Contacts, collecting a problem per bad cell.

    ``what`` and ``hint`` of a cell are texts marked with ``N_``, translated when a problem is made.
    """

    def __init__(self, tables: dict[str, Table]) -> None:
        self.tables = tables
        self.problems: list[Problem] = []
        self.values = _value_aliases()
        self.card_values = _value_aliases("transactions")

    def problems_only(self) -> list[Problem]:
        self.schedule()
        self.payments()
        self.contacts()
        return self.problems

    def _cell(self, row: dict[str, Cell], name: str, parse: Callable[[str], T], what: str, hint: str) -> T | None:
        cell = row.get(name)
        if cell is None or cell.text == "":
            return None
        if cell.text.startswith("="):
            self.problems.append(error("formula_without_value",
                                       _("the cell holds the formula {formula} but no saved result", formula=cell.text),
                                       cell.loc,
                                       _("open the file in Excel or LibreOffice and save it, so that results are stored")))
            return None
        try:
            return parse(cell.text)
        except (AmountError, ValueError) as exc:
            self.problems.append(error("bad_value", _("{value} is not {what} ({why})", value=repr(cell.text),
                                                      what=translate(what), why=exc), cell.loc, translate(hint)))
            return None

    def _required(self, row: dict[str, Cell], name: str, parse: Callable[[str], T], what: str, hint: str) -> T | None:
        cell = row[name]
        if cell.text == "":
            self.problems.append(error("missing_value", _("no {column} given", column=name), cell.loc,
                                       _("fill in {what}", what=translate(what))))
            return None
        return self._cell(row, name, parse, what, hint)

    def _money(self, row: dict[str, Cell], name: str, required: bool = False) -> Decimal | None:
        get = self._required if required else self._cell
        return get(row, name, _shared_amount, AN_AMOUNT, AMOUNT_HINT)

    def _date(self, row: dict[str, Cell], name: str) -> date | None:
        return self._required(row, name, _shared_date, A_DATE, DATE_HINT)

    def payments(self, table: Table | None = None) -> Sequence[Payment]:
        """The ledger's rows, held as columns (:class:`PaymentRows`) as they are parsed."""
        table = table or self.tables.get("repayments")
        if table is None:
            return ()
        result = PaymentRows()
        for row in table.rows:
            on, amount = self._date(row, "date"), self._money(row, "amount", required=True)
            parts = {k: self._money(row, k) for k in ("principal", "interest", "penalty", "compound", "fee")}
            if on is None or amount is None:
                continue
            result.append(Payment(on, amount, row["amount"].loc, **parts,
                                  reference=_text(row, "reference"), note=_text(row, "note"), debt=_text(row, "debt")))
        return result

    def schedule(self, table: Table | None = None) -> tuple[Installment, ...] | None:
        table = table or self.tables.get("schedule")
        if table is None:
            return None
        result = []
        for number, row in enumerate(table.rows, start=1):
            due = self._date(row, "due_date")
            principal, interest = self._money(row, "principal", True), self._money(row, "interest", True)
            if due is not None and principal is not None and interest is not None:
                headers = {name: str(cell.loc.column) for name, cell in row.items()}
                result.append(Installment(number, due, principal, interest, row["due_date"].loc, headers))
        return tuple(result)

    def statements(self, table: Table) -> tuple[Statement, ...]:
        """A card's statements.csv (mode B); optional money columns default to zero."""
        result = []
        for row in table.rows:
            on, due = self._date(row, "statement_date"), self._date(row, "due_date")
            money = {name: self._money(row, name, required=name in _STATEMENT_REQUIRED) for name in _STATEMENT_MONEY}
            if on is None or due is None or any(money[n] is None for n in _STATEMENT_REQUIRED):
                continue
            amounts = {n: v if v is not None else Decimal("0.00") for n, v in money.items()}
            result.append(Statement(on, due, loc=row["statement_date"].loc, **amounts))
        return tuple(result)

    def card_transactions(self, table: Table) -> tuple[CardTransaction, ...]:
        """A card's transactions.csv (mode B)."""
        result = []
        for row in table.rows:
            posted = self._date(row, "post_date")
            traded = self._cell(row, "trade_date", parse_date, A_DATE, DATE_HINT)
            amount = self._money(row, "amount", required=True)
            kind = self._choice(row, "type")
            if posted is None or amount is None or kind is None:
                continue
            result.append(CardTransaction(traded or posted, posted, kind, amount, row["amount"].loc))
        return tuple(result)

    def contacts(self) -> tuple[Contact, ...]:
        table = self.tables.get("contacts")
        if table is None:
            return ()
        result = []
        for row in table.rows:
            time = self._required(row, "time", parse_local_time, A_TIME, TIME_HINT)
            fields = {name: self._choice(row, name) for name in ("channel", "party", "outcome")}
            duration = self._cell(row, "duration_s", _parse_seconds, SECONDS, SECONDS_HINT)
            target = _text(row, "target")
            if not target:
                self.problems.append(error("missing_value", _("no target (number or address) given"), row["target"].loc,
                                           _("fill in the phone number, e-mail or address used")))
            if time is None or None in fields.values():
                continue
            result.append(Contact(time, str(fields["channel"]), str(fields["party"]), target, str(fields["outcome"]),
                                  row["time"].loc, duration_s=duration, agent=_text(row, "agent"),
                                  summary=_text(row, "summary"), evidence=_text(row, "evidence")))
        return tuple(result)

    def _choice(self, row: dict[str, Cell], name: str) -> str | None:
        cell = row[name]
        allowed = _ALLOWED[name]
        aliases = self.values.get(name) or self.card_values.get(name, {})
        value = aliases.get(cell.text) or cell.text.lower()
        if value in allowed:
            return allowed[allowed.index(value)]  # the one string of the value, not a copy a row
        close = difflib.get_close_matches(value, allowed, n=1)
        hint = _("did you mean '{value}'?", value=close[0]) if close else _("use one of: {values}",
                                                                            values=", ".join(allowed))
        what = (_("{value} is not a {column}", value=repr(cell.text), column=name) if cell.text
                else _("no {column} given", column=name))
        self.problems.append(error("bad_value", what, cell.loc, hint))
        return None


def _text(row: dict[str, Cell], name: str) -> str:
    cell = row.get(name)
    return _shared_text(cell.text) if cell else ""


# A ledger repeats its dates, amounts and notes; equal values are kept once (they are immutable), so that
# a million rows do not hold a million copies of "正常还款".
_shared_amount = lru_cache(maxsize=65536)(parse_amount)
_shared_date = lru_cache(maxsize=65536)(parse_date)


@lru_cache(maxsize=65536)
def _shared_text(text: str) -> str:
    return text


def _parse_seconds(text: str) -> int:
    value = Decimal(text.replace("秒", "").strip())
    if value < 0 or value != value.to_integral_value():
        raise ValueError(_("not a whole number of seconds"))
    return int(value)


def _value_aliases(kind: str = "contacts") -> dict[str, dict[str, str]]:
    text = resources.files("evidence_kit").joinpath("schemas/columns.json").read_text("utf-8")
    return dict(json.loads(text)["tables"][kind]["values"])


_ALLOWED: dict[str, tuple[str, ...]] = {
    "channel": CONTACT_CHANNELS,
    "party": CONTACT_PARTIES,
    "outcome": CONTACT_OUTCOMES,
    "type": CARD_TRANSACTION_TYPES,
}
_STATEMENT_MONEY = ("previous_balance", "payments", "purchases", "cash", "installment_principal", "interest", "fees",
                    "penalty", "refunds", "adjustments", "new_balance", "min_due")
_STATEMENT_REQUIRED = ("previous_balance", "payments", "purchases", "interest", "new_balance", "min_due")
