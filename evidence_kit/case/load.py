"""Case folder → :class:`~evidence_kit.model.Case`.

``read_case`` collects every problem it meets (schema, values, ledger files) and
returns them with whatever it could build; ``load_case`` is the strict door that
raises when there is any error. Each fact keeps the file, line and column it came from.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta, timezone
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import jsonschema

from evidence_kit.case import unfilled
from evidence_kit.case.debts import (
    DebtReader,
    answers_for,
    basis_problems,
    card_standin_loan,
    debt_problems,
    version_mixup,
)
from evidence_kit.case.files import FileTooLarge, kind_of, read_limited
from evidence_kit.case.ledger import TableParser, parse_date
from evidence_kit.case.model import (
    Agent,
    Asset,
    Awarded,
    Case,
    ClaimedFigures,
    EnforcementBasis,
    EnforcementRequest,
    Exhibit,
    Filings,
    Guarantee,
    Loan,
    LoanFee,
    Party,
    PreservationRequest,
    Representative,
)
from evidence_kit.case.paths import special_file_kind, unsafe_reason
from evidence_kit.case.schemacheck import compile_schema
from evidence_kit.case.tables import SPECS, Table, read_table, row_limit
from evidence_kit.case.text import (
    clean_text,
    has_hidden_character,
    hidden_character_problem,
    too_long_problem,
)
from evidence_kit.case.yamlsrc import Path_, YamlSourceError, line_of, load_with_lines
from evidence_kit.errors import CaseInvalid, CaseNotFound, InputUnreadable, describe_os_error
from evidence_kit.i18n import N_, _, translate
from evidence_kit.limits import (
    LONG_TEXT_MAX_CHARS,
    TEXT_MAX_CHARS,
    TRANSCRIPT_MAX_BYTES,
    YAML_MAX_BYTES,
)
from evidence_kit.money import AmountError, parse_amount, parse_annual_rate, parse_rate
from evidence_kit.problems import Location, Problem, Severity, error, warning

CASE_FILE = "case.yaml"
DEFAULT_FILES = {
    "repayments": ("repayments.csv", "repayments.xlsx"),
    "schedule": ("schedule.csv", "schedule.xlsx"),
    "contacts": ("contacts.csv", "contacts.xlsx"),
}
CHINA = timezone(timedelta(hours=8))
T = TypeVar("T")


@dataclass(frozen=True)
class BundleOptions:
    """The ``bundle:`` section of case.yaml."""

    ledger_exhibit: bool = True
    contacts_exhibit: bool = True
    exhibit_covers: bool = False
    max_volume_mb: float | None = None
    """Cut the bundle into volumes of at most this many MB (court upload portals); None: one file."""


@dataclass
class LoadResult:
    case: Case | None
    problems: list[Problem]
    bundle: BundleOptions = BundleOptions()
    table_files: dict[str, str] = field(default_factory=dict)
    """The ledger file read for each kind (repayments, schedule, contacts), relative to the case."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    def claim_inputs_sound(self) -> bool:
        """No load error in what the claim is computed from (loan terms, as_of, ledger, schedule, filings).

        Errors in parties, exhibits or the contact log do not change the amounts, so the
        claim can still be checked beside them and every problem is reported at once.
        """
        if self.case is None:
            return False
        contacts = self.table_files.get("contacts")
        return not any(_touches_claim(p, contacts) for p in self.errors)


_OUTSIDE_CLAIM = ("creditor", "debtors", "exhibits", "court", "cause", "bundle", "case_id",
                  "filings.payment_order", "filings.preservation")


def _touches_claim(problem: Problem, contacts_file: str | None) -> bool:
    loc = problem.loc
    if loc is None:
        return True
    if contacts_file is not None and loc.file == contacts_file:
        return False
    outside = loc.file == CASE_FILE and bool(loc.column) and str(loc.column).startswith(_OUTSIDE_CLAIM)
    return not outside


def load_case(case_dir: Path) -> Case:
    """Load a case folder, raising :class:`CaseInvalid` with every error when there is any."""
    result = read_case(case_dir)
    if result.errors or result.case is None:
        first = result.errors[0] if result.errors else None
        count = len(result.errors)
        raise CaseInvalid(
            _("the case has {count} error(s); first: {first}", count=count, first=first) if first
            else _("the case has {count} error(s)", count=count),
            problems=result.problems,
            hint=_("run 'evidence-kit check {path}' to see all of them", path=case_dir),
            file=first.loc.file if first and first.loc else CASE_FILE,
            row=first.loc.row if first and first.loc else None,
        )
    return result.case


def read_case(case_dir: Path) -> LoadResult:
    """Read a case folder; never raises for bad content, only for a missing folder."""
    root = case_dir.resolve()
    if not root.is_dir():
        raise CaseNotFound(_("no case folder at {path}", path=case_dir),
                           hint=_("give the path of a folder that holds case.yaml"))
    yaml_path = root / CASE_FILE
    if yaml_path.exists() and not yaml_path.is_file():
        raise InputUnreadable(_("{file} is {kind}, not a regular file", file=CASE_FILE,
                                kind=kind_of(yaml_path.stat().st_mode)),
                              file=str(yaml_path), hint=_("case.yaml must be a plain text file"))
    if not yaml_path.is_file():
        raise CaseNotFound(_("{path} has no {file}", path=case_dir, file=CASE_FILE),
                           hint=_("a case folder must hold case.yaml (see README, 'Case folder')"))
    reader = _YamlReader(yaml_path)
    data = reader.read()
    problems = list(reader.problems)
    tables, table_problems, inputs = _read_tables(root, data if isinstance(data, dict) else {})
    problems.extend(table_problems)
    if data is None or any(p.severity is Severity.ERROR for p in reader.problems):
        # still parse the tables' rows so that their problems are reported too
        problems.extend(TableParser(tables).problems_only())
        return LoadResult(None, problems, table_files=inputs)
    builder = _CaseBuilder(root, data, reader.lines)
    parser = TableParser(tables)
    case = builder.build(parser)
    evidence = [c.evidence for c in case.contacts if c.evidence]
    files = [CASE_FILE, *inputs.values(), *builder.debt_files, *builder.referenced_files, *evidence]
    key_lines = {".".join(str(k) for k in path): line for path, line in reader.lines.items() if path}
    case = replace(case, input_files=tuple(dict.fromkeys(files)), key_lines=key_lines)
    problems.extend(builder.problems)
    problems.extend(parser.problems)
    return LoadResult(case, problems, builder.bundle_options(), inputs)


# --------------------------------------------------------------------------- case.yaml


def _schema() -> dict[str, Any]:
    text = resources.files("evidence_kit").joinpath("schemas/case.schema.json").read_text("utf-8")
    return dict(json.loads(text))


_VALIDATOR = jsonschema.Draft202012Validator(_schema())
_IS_VALID = compile_schema(_VALIDATOR.schema)
"""The same schema as a compiled yes/no check: jsonschema is asked for its errors only when it says no."""


class _YamlReader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.lines: dict[Path_, int] = {}

    def read(self) -> Any:
        try:
            text = read_limited(self.path, YAML_MAX_BYTES).decode("utf-8-sig")
        except FileTooLarge as exc:
            self.problems.append(error("yaml_too_large", _("{file} has {size} bytes, more than the limit of {limit}",
                                                           file=CASE_FILE, size=f"{exc.size:,}",
                                                           limit=f"{YAML_MAX_BYTES:,}"), Location(CASE_FILE),
                                       _("case.yaml holds the case's facts only; put long texts in files it names")))
            return None
        except OSError as exc:
            raise InputUnreadable(_("case.yaml cannot be read: {why}", why=describe_os_error(exc)), file=str(self.path),
                                  hint=_("check that case.yaml is a regular file readable by this user")) from exc
        except UnicodeDecodeError:
            self.problems.append(error("yaml_encoding", _("case.yaml is not UTF-8 text"), Location(CASE_FILE),
                                       _("save case.yaml as UTF-8")))
            return None
        try:
            data, self.lines = load_with_lines(text)
        except YamlSourceError as exc:
            self.problems.append(error("yaml_syntax", str(exc), Location(CASE_FILE, exc.line),
                                       _("fix the YAML syntax at that line (indentation, colons, quotes)")))
            return None
        if not isinstance(data, dict):
            self.problems.append(error("yaml_not_mapping", _("case.yaml must be a mapping of keys to values"),
                                       Location(CASE_FILE, 1), _("start from the example in the README")))
            return None
        mixup = version_mixup(data, self.lines)
        if mixup is not None:
            self.problems.append(mixup)
            return data
        blanks, schema_errors = unfilled.schema_errors(_VALIDATOR, data, _IS_VALID)
        self.problems.extend(unfilled.to_fill_problems(blanks, self.lines))
        for err in sorted(schema_errors, key=lambda e: [str(p) for p in e.absolute_path]):
            self.problems.append(self._schema_problem(err))
        self.problems.extend(self._text_problems(data, ()))
        self.problems.extend(_case_id_problems(data.get("case_id"), self.loc_of(("case_id",))))
        return data

    def loc_of(self, path: Path_) -> Location:
        return Location(CASE_FILE, line_of(self.lines, path), ".".join(str(p) for p in path) or None)

    def _text_problems(self, value: Any, path: Path_) -> list[Problem]:
        """Every text value: within its length limit, no bidirectional controls, no zero-width characters."""
        if isinstance(value, dict):
            return [p for key, item in value.items() for p in self._text_problems(item, (*path, key))]
        if isinstance(value, list):
            return [p for i, item in enumerate(value) for p in self._text_problems(item, (*path, i))]
        if not isinstance(value, str):
            return []
        limit = LONG_TEXT_MAX_CHARS if path and path[-1] in _LONG_TEXT_KEYS else TEXT_MAX_CHARS
        if len(value) <= limit and not has_hidden_character(value):
            return []  # no problem: no location made
        key = ".".join(str(p) for p in path)
        found = [too_long_problem(value, limit, self.loc_of(path), key),
                 hidden_character_problem(value, self.loc_of(path), key)]
        return [p for p in found if p is not None]

    def _schema_problem(self, err: jsonschema.ValidationError) -> Problem:
        path: Path_ = tuple(err.absolute_path)
        key = ".".join(str(p) for p in path) or _("(top level)")
        message, hint, path = _explain(err, key, path)
        loc = Location(CASE_FILE, line_of(self.lines, path), ".".join(str(p) for p in path) or None)
        return error("schema", message, loc, hint)


_LONG_TEXT_KEYS = frozenset({"proves", "transcript", "description"})
"""Keys whose text may run to pages (:data:`LONG_TEXT_MAX_CHARS`); every other text is one line."""
_CASE_ID = re.compile(r"[A-Za-z0-9._-]+")
_CASE_ID_SCHEMA = re.compile(r"^[A-Za-z0-9._-]+$")  # the schema's pattern: '$' also matches before a final newline


def _case_id_problems(case_id: Any, loc: Location) -> list[Problem]:
    """The case_id names a folder: letters, digits, '.', '_', '-' only, nothing else after them, not . or .."""
    if not isinstance(case_id, str) or not _CASE_ID_SCHEMA.search(case_id):
        return []  # the schema reports it
    if case_id in (".", ".."):
        return [error("case_id_invalid", _("case_id {case_id} cannot name a folder", case_id=repr(case_id)), loc,
                      _("use the bank's own case or loan number, e.g. CL-2025-0001"))]
    if not _CASE_ID.fullmatch(case_id):
        return [error("case_id_invalid", _("case_id {case_id} has characters other than letters, digits, '.', '_', '-' "
                                           "(a line break or space at its end counts)", case_id=repr(case_id)), loc,
                      _("write the case_id on one line, quoted"))]
    return []


def _explain(err: jsonschema.ValidationError, key: str, path: Path_) -> tuple[str, str, Path_]:
    validator = err.validator
    if validator == "additionalProperties":
        allowed = list(err.schema.get("properties", {}))
        extra = sorted(set(err.instance) - set(allowed))
        name = extra[0] if extra else "?"
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = (_("did you mean '{value}'?", value=close[0]) if close
                else _("allowed keys here: {keys}", keys=", ".join(allowed)))
        message = _("unknown key '{name}' in {key}", name=name, key=key) if path else _("unknown key '{name}'", name=name)
        return message, hint, (*path, name)
    value = repr(err.instance)
    if validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", err.message)
        name = missing[0] if missing else err.message
        return _("{key}: missing key '{name}'", key=key, name=name), _("add '{name}' to {key}", name=name, key=key), path
    if validator in ("enum", "const"):
        options = err.validator_value if validator == "enum" else [err.validator_value]
        return (_("{key}: {value} is not allowed", key=key, value=value),
                _("use one of: {values}", values=", ".join(map(str, options))), path)
    if validator == "pattern" and err.validator_value.startswith("^[0-9]{4}"):
        return (_("{key}: {value} is not a date", key=key, value=value),
                _("write dates as YYYY-MM-DD, e.g. 2025-06-30"), path)
    if validator in ("oneOf", "pattern") and key.split(".")[-1] in _MONEY_KEYS:
        return (_("{key}: {value} is not an amount of money", key=key, value=value),
                _('write money as decimal text, e.g. "12345.67"; amounts in case.yaml are never negative'), path)
    if validator == "pattern" and "rate" in key:
        return (_("{key}: {value} is not a rate", key=key, value=value),
                _('write rates as decimal fractions, e.g. "0.0435"'), path)
    if validator == "pattern" and key == "case_id":
        return (_("case_id {case_id} has characters other than letters, digits, '.', '_', '-'", case_id=value),
                _("rename the case_id"), path)
    if validator == "oneOf" and key == "filings.enforcement" and isinstance(err.instance, dict):
        return _enforcement_shape(err.instance), _(
            "write basis: for one decision over every debt, or (schema_version 2) bases: with an entry per decision "
            "naming its debts and its own paid_since"), path
    if validator == "minItems":
        return (_("{key} must not be empty", key=key),
                _("add at least {count} item(s)", count=err.validator_value), path)
    if validator == "type":
        return (_("{key}: {value} should be {type}", key=key, value=value, type=err.validator_value),
                _("see the README for this key's format"), path)
    return _("{key}: {why}", key=key, why=err.message), _("see the README for this key's format"), path


def _enforcement_shape(given: dict[str, Any]) -> str:
    if "basis" in given and "bases" in given:
        return _("filings.enforcement gives both basis: and bases:")
    if "bases" in given:
        return _("filings.enforcement: paid_since belongs in each entry of bases:")
    return _("filings.enforcement gives neither basis: nor bases:")


_MONEY_KEYS = {"principal", "interest", "penalty", "compound", "fees", "costs", "amount", "value", "paid_since"}


class _CaseBuilder:
    """Turns schema-valid case.yaml data into model objects, collecting value problems."""

    def __init__(self, root: Path, data: dict[str, Any], lines: dict[Path_, int]) -> None:
        self.root = root
        self.data = data
        self.lines = lines
        self.problems: list[Problem] = []
        self.referenced_files: list[str] = []
        self.debt_files: list[str] = []

    def loc(self, *path: str | int) -> Location:
        return Location(CASE_FILE, line_of(self.lines, path), ".".join(str(p) for p in path) or None)

    def get(self, *path: str | int) -> Any:
        node: Any = self.data
        for part in path:
            if isinstance(node, dict):
                node = node.get(str(part))
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                return None
        return node

    def _value(self, parse: Callable[[Any], T], fallback: T, what: str, hint: str, *path: str | int) -> T:
        """``parse`` of the value at ``path``; ``what`` and ``hint`` are ``N_`` texts, translated for a problem."""
        raw = self.get(*path)
        try:
            return parse(raw)
        except (AmountError, ValueError) as exc:
            shown = raw if len(str(raw)) <= 40 else f"{str(raw)[:20]}…"
            self.problems.append(error("bad_value", _("{key}: {value} is not {what} ({why})",
                                                      key=".".join(map(str, path)), value=repr(shown),
                                                      what=translate(what), why=exc),
                                       self.loc(*path), translate(hint)))
            return fallback

    def date_at(self, *path: str | int) -> date:
        return self._value(parse_date, date.min, N_("a valid date"), N_("write dates as YYYY-MM-DD"), *path)

    def opt_date_at(self, *path: str | int) -> date | None:
        return None if self.get(*path) is None else self.date_at(*path)

    def money(self, *path: str | int) -> Decimal:
        return self._value(parse_amount, Decimal("0.00"), N_("an amount of money"),
                           N_('write money as decimal text, e.g. "12345.67"'), *path)

    def opt_money(self, *path: str | int) -> Decimal | None:
        return None if self.get(*path) is None else self.money(*path)

    def rate(self, *path: str | int) -> Decimal:
        return self._value(parse_rate, Decimal("0"), N_("a rate"), N_('write a rate as a decimal fraction, e.g. "0.5"'),
                           *path)

    def annual_rate(self, *path: str | int) -> Decimal:
        return self._value(parse_annual_rate, Decimal("0"), N_("an annual rate"), N_("write 4.35 % as 0.0435"), *path)

    def text(self, *path: str | int) -> str:
        value = self.get(*path)
        return "" if value is None else clean_text(str(value))

    # -- parties

    def build(self, tables: TableParser) -> Case:
        if self.get("schema_version") == 2:
            return self.build_v2(tables)
        agent = self.get("creditor", "agent")
        return Case(
            root=self.root,
            case_id=self.text("case_id"),
            as_of=self.date_at("as_of"),
            court=self.text("court"),
            cause=self.text("cause"),
            creditor=self.party(("creditor",), "creditor"),
            debtors=tuple(self.party(("debtors", i), self.text("debtors", i, "role"))
                          for i in range(len(self.get("debtors") or []))),
            loan=self.loan_at("loan"),
            loc=self.loc(),
            agent=Agent(str(agent["name"]), str(agent.get("org", "")), str(agent.get("phone", ""))) if agent else None,
            schedule=tables.schedule(),
            payments=tables.payments(),
            contacts=tables.contacts(),
            exhibits=self.exhibits(),
            filings=self.filings(),
        )

    def build_v2(self, tables: TableParser) -> Case:
        """schema_version 2: ``loan``, ``schedule`` and ``payments`` are the first loan's (see ``Case.debts``)."""
        reader = DebtReader(self, self.root)
        debts = reader.read(tables)
        self.problems.extend(reader.problems)
        self.problems.extend(debt_problems(debts, list(self.get("debtors") or []), self))
        self.problems.extend(basis_problems(debts, self))
        self.debt_files.extend(reader.files)
        first = next((d for d in debts if d.loan is not None), debts[0])
        if first.loan is not None:
            loan, schedule = first.loan, first.schedule
        else:
            card = first.card
            assert card is not None
            loan, schedule = card_standin_loan(card, card.accelerated_on or card.first_overdue_date), None
        agent = self.get("creditor", "agent")
        return Case(
            root=self.root,
            case_id=self.text("case_id"),
            as_of=self.date_at("as_of"),
            court=self.text("court"),
            cause=self.text("cause"),
            creditor=self.party(("creditor",), "creditor"),
            debtors=tuple(replace(self.party(("debtors", i), self.text("debtors", i, "role")), answers_for=answers_for(self, i))
                          for i in range(len(self.get("debtors") or []))),
            loan=loan,
            loc=self.loc(),
            agent=Agent(str(agent["name"]), str(agent.get("org", "")), str(agent.get("phone", ""))) if agent else None,
            schedule=schedule,
            payments=first.payments,
            contacts=tables.contacts(),
            exhibits=self.exhibits(),
            filings=self.filings(),
            schema_version=2,
            debts=debts,
        )

    def party(self, path: tuple[str | int, ...], role: str) -> Party:
        kind = self.text(*path, "kind")
        rep = self.get(*path, "representative")
        gender = {"male": "男", "female": "女"}.get(self.text(*path, "gender"), self.text(*path, "gender"))
        return Party(
            role=role,
            kind=kind,
            name=self.text(*path, "name"),
            loc=self.loc(*path),
            address=self.text(*path, "address"),
            phone=self.text(*path, "phone"),
            gender=gender,
            birth_date=self.opt_date_at(*path, "birth_date"),
            ethnicity=self.text(*path, "ethnicity"),
            id_number=self.text(*path, "id_number").upper(),
            credit_code=self.text(*path, "credit_code").upper(),
            representative=Representative(str(rep["name"]), str(rep["title"])) if rep else None,
        )

    # -- loan

    def loan_at(self, *at: str | int) -> Loan:
        order = self.get(*at, "allocation_order")
        claimed = self.get(*at, "claimed")
        return Loan(
            contract_no=self.text(*at, "contract_no"),
            signed_on=self.date_at(*at, "signed_on"),
            principal=self.money(*at, "principal"),
            disbursed_on=self.date_at(*at, "disbursed_on"),
            maturity=self.date_at(*at, "maturity"),
            annual_rate=self.annual_rate(*at, "annual_rate"),
            penalty_markup=self.rate(*at, "penalty_markup"),
            compound=bool(self.get(*at, "compound")),
            day_count=int(self.get(*at, "day_count")),
            repayment_method=self.text(*at, "repayment_method"),
            installments=int(self.get(*at, "installments")),
            loc=self.loc(*at),
            payment_day=self.get(*at, "payment_day"),
            accelerated_on=self.opt_date_at(*at, "accelerated_on"),
            rate_cap=self.annual_rate(*at, "rate_cap") if self.get(*at, "rate_cap") is not None else Decimal("0.24"),
            allocation_order=tuple(order) if order else Loan.allocation_order,
            fees=tuple(
                LoanFee(self.date_at(*at, "fees", i, "date"), self.money(*at, "fees", i, "amount"),
                        self.text(*at, "fees", i, "kind"), self.loc(*at, "fees", i))
                for i in range(len(self.get(*at, "fees") or []))
            ),
            claimed=ClaimedFigures(
                **{k: self.opt_money(*at, "claimed", k) for k in ("principal", "interest", "penalty", "compound", "fees")},
                loc=self.loc(*at, "claimed"),
            ) if claimed is not None else None,
        )

    # -- exhibits

    def exhibits(self) -> tuple[Exhibit, ...]:
        result = []
        for i, item in enumerate(self.get("exhibits") or []):
            rel = str(item["file"])
            self.referenced_files.append(rel)
            result.append(Exhibit(
                no=i + 1,
                file=rel,
                path=(self.root / rel),
                title=clean_text(str(item["title"])),
                source=clean_text(str(item["source"])),
                proves=clean_text(str(item["proves"])),
                loc=self.loc("exhibits", i),
                original=item.get("original"),
                password=item.get("password"),
                transcript=self.transcript(i, item.get("transcript")),
                sensitive=item.get("sensitive"),
            ))
        return tuple(result)

    def transcript(self, index: int, value: str | None) -> str | None:
        """A transcript is text, or the path of a .txt file in the case folder."""
        if value is None:
            return None
        text = clean_text(value, multiline=True)
        if "\n" in text or not text.lower().endswith(".txt"):
            return text
        unsafe = unsafe_path_problem(self.root, text, f"exhibits.{index}.transcript", self.loc("exhibits", index, "transcript"))
        if unsafe is not None:
            self.problems.append(unsafe)
            return None
        path = (self.root / text).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            self.problems.append(error("transcript_missing", _("{key}: file {file} not found in the case folder",
                                                               key=f"exhibits[{index}].transcript", file=text),
                                       self.loc("exhibits", index, "transcript"),
                                       _("put the transcript file in the case folder or write the text inline")))
            return None
        self.referenced_files.append(text)
        loc = self.loc("exhibits", index, "transcript")
        try:
            data = read_limited(path, TRANSCRIPT_MAX_BYTES)
        except FileTooLarge as exc:
            self.problems.append(error("text_too_long", _("the transcript {file} has {size} bytes, more than the limit "
                                                          "of {limit}", file=text, size=f"{exc.size:,}",
                                                          limit=f"{TRANSCRIPT_MAX_BYTES:,}"),
                                       loc, _("split the recording and its transcript")))
            return None
        except OSError as exc:
            self.problems.append(error("exhibit_unreadable", _("the transcript {file} cannot be read: {why}", file=text,
                                                               why=describe_os_error(exc)),
                                       loc, _("make it a regular file readable by this user")))
            return None
        try:
            transcript = clean_text(data.decode("utf-8-sig"), multiline=True)
        except UnicodeDecodeError:
            transcript = clean_text(data.decode("gb18030", errors="replace"), multiline=True)
        what = _("the transcript {file}", file=text)
        found = [too_long_problem(transcript, LONG_TEXT_MAX_CHARS, loc, what),
                 hidden_character_problem(transcript, loc, what)]
        self.problems.extend(p for p in found if p is not None)
        return transcript

    # -- filings

    def filings(self) -> Filings:
        bases = self.enforcement_bases()
        return Filings(
            payment_order=self.get("filings", "payment_order") is not None,
            preservation=self.preservation() if self.get("filings", "preservation") else None,
            enforcement=(bases[0] if bases else self.enforcement()) if self.get("filings", "enforcement") else None,
            complaint=self.get("filings", "complaint") is not None,
            enforcement_bases=bases,
        )

    def preservation(self) -> PreservationRequest:
        p = ("filings", "preservation")
        guarantee = self.get(*p, "guarantee")
        return PreservationRequest(
            stage=self.text(*p, "stage"),
            amount=self.money(*p, "amount"),
            loc=self.loc(*p),
            assets=self.assets(*p, "assets"),
            guarantee=Guarantee(self.text(*p, "guarantee", "kind"), self.text(*p, "guarantee", "provider"),
                                self.opt_money(*p, "guarantee", "amount")) if guarantee else None,
        )

    def enforcement(self) -> EnforcementRequest:
        """The one ``basis`` of the case's enforcement, and what was paid since."""
        basis = self.enforcement_basis("filings", "enforcement", "basis")
        paid = self.opt_money("filings", "enforcement", "paid_since")
        return EnforcementRequest(basis, self.loc("filings", "enforcement"), paid or Decimal("0.00"),
                                  self.assets("filings", "enforcement", "property_clues"))

    def enforcement_bases(self) -> tuple[EnforcementRequest, ...]:
        """schema_version 2 ``bases``: a request per decision, each with its debts and its own paid_since."""
        path = ("filings", "enforcement", "bases")
        requests = []
        for i in range(len(self.get(*path) or [])):
            debts = tuple(str(d) for d in self.get(*path, i, "debts") or [])
            paid = self.opt_money(*path, i, "paid_since")
            requests.append(EnforcementRequest(self.enforcement_basis(*path, i, debts=debts), self.loc(*path, i),
                                               paid or Decimal("0.00"),
                                               self.assets("filings", "enforcement", "property_clues")))
        return tuple(requests)

    def enforcement_basis(self, *b: str | int, debts: tuple[str, ...] = ()) -> EnforcementBasis:
        awarded = {k: self.money(*b, "awarded", k) for k in ("principal", "interest", "penalty", "compound", "fees", "costs")
                   if self.get(*b, "awarded", k) is not None}
        return EnforcementBasis(
            kind=self.text(*b, "kind"),
            number=self.text(*b, "number"),
            issued_by=self.text(*b, "issued_by"),
            effective_on=self.date_at(*b, "effective_on"),
            performance_due=self.date_at(*b, "performance_due"),
            awarded=Awarded(**awarded),
            loc=self.loc(*b),
            debts=debts,
        )

    def assets(self, *path: str) -> tuple[Asset, ...]:
        """A list of ``{kind, description, value}``: assets to preserve, property clues."""
        return tuple(Asset(self.text(*path, i, "kind"), self.text(*path, i, "description"),
                           self.opt_money(*path, i, "value"))
                     for i in range(len(self.get(*path) or [])))

    def bundle_options(self) -> BundleOptions:
        raw = self.get("bundle") or {}
        return BundleOptions(
            ledger_exhibit=raw.get("ledger_exhibit", True),
            contacts_exhibit=raw.get("contacts_exhibit", True),
            exhibit_covers=raw.get("exhibit_covers", False),
            max_volume_mb=float(raw["max_volume_mb"]) if raw.get("max_volume_mb") is not None else None,
        )


# --------------------------------------------------------------------------- ledger files


def unsafe_path_problem(root: Path, rel: str, key: str, loc: Location | None = None) -> Problem | None:
    """An error naming ``key`` when ``rel`` leaves the case folder or is not a regular file."""
    loc = loc or Location(CASE_FILE, None, key)
    reason = unsafe_reason(root, rel)
    if reason:
        return error("path_unsafe", _("{key}: {file} {reason}", key=key, file=rel, reason=reason), loc,
                     _("name a file inside the case folder, relative to it"))
    special = special_file_kind(root / rel)
    if special:
        return error("file_not_regular", _("{key}: {file} is a {kind}, not a regular file", key=key, file=rel,
                                           kind=special), loc,
                     _("name the file itself"))
    return None


def _read_tables(root: Path, data: dict[str, Any]) -> tuple[dict[str, Table], list[Problem], dict[str, str]]:
    files = data.get("files") if isinstance(data.get("files"), dict) else {}
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    inputs: dict[str, str] = {}
    for kind, defaults in DEFAULT_FILES.items():
        if kind == "schedule" and data.get("schema_version") == 2:
            continue  # schema_version 2: a loan names its own schedule (debts[].files.schedule)
        named = files.get(kind) if files else None
        if kind == "repayments" and not named and _debts_name_own_ledgers(data):
            rel = next((name for name in defaults if (root / name).is_file()), None)
        else:
            rel = _table_file(root, kind, named, defaults, problems)
        if rel is None:
            continue
        inputs[kind] = rel
        table, found = read_table(root / rel, rel, SPECS[kind], row_limit(kind))
        problems.extend(found)
        if table is not None:
            tables[kind] = table
    return tables, problems, inputs


def _debts_name_own_ledgers(data: dict[str, Any]) -> bool:
    """schema_version 2 with every debt naming its own repayments file: no case-wide ledger is expected."""
    debts = data.get("debts")
    if data.get("schema_version") != 2 or not isinstance(debts, list) or not debts:
        return False
    return all(isinstance(d, dict) and isinstance(d.get("files"), dict) and d["files"].get("repayments") for d in debts)


def _table_file(root: Path, kind: str, named: Any, defaults: tuple[str, ...], problems: list[Problem]) -> str | None:
    if named:
        problem = unsafe_path_problem(root, str(named), f"files.{kind}")
        if problem is not None:
            problems.append(problem)
            return None
        path = (root / str(named)).resolve()
        if not path.is_relative_to(root):
            problems.append(error("file_outside_case", _("{key}: {file} is outside the case folder", key=f"files.{kind}",
                                                         file=named),
                                  Location(CASE_FILE, None, f"files.{kind}"), _("keep every input inside the case folder")))
            return None
        if not path.is_file():
            problems.append(error("file_missing", _("{key}: {file} does not exist", key=f"files.{kind}", file=named),
                                  Location(CASE_FILE, None, f"files.{kind}"),
                                  _("put {file} in the case folder or fix the name", file=named)))
            return None
        return str(named)
    for name in defaults:
        if (root / name).is_file() or (root / name).is_symlink():
            if not (root / name).resolve().is_relative_to(root):
                problems.append(error("file_outside_case", _("{file} is a link to a file outside the case folder",
                                                             file=name),
                                      Location(name), _("copy the file into the case folder instead of linking to it")))
                return None
            return name
    if kind == "repayments":
        problems.append(warning("no_repayments", _("no repayments.csv: the claim assumes nothing was repaid"),
                                Location(defaults[0]), _("add the bank's repayment ledger if any money was received")))
    if kind == "contacts":
        problems.append(warning("no_contacts", _("no contacts.csv: there is no collection record to support limitation"),
                                Location(defaults[0]), _("add the collection contact log")))
    return None
