"""Notices for many cases at once: an SMS gateway import file and one ``.eml`` per e-mail case.

Collectors send hundreds a day. Every case folder under SRC (a folder holding case.yaml) is
loaded, its claim computed once, and its SMS text (and e-mail, when the contact log knows
the debtor's address) made with the same checks as the ``notice`` command. A case that
cannot be loaded, or whose notice a rule refuses, is reported and left out; the others are
written. The gateway file (UTF-8 with BOM, or XLSX) has one row per SMS: number, text,
segments, send time (China time), case id.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from evidence_kit.case.model import Case
from evidence_kit.errors import (
    CannotWrite,
    CaseNotFound,
    EvidenceKitError,
    describe_os_error,
    errors_coded,
    with_code,
)
from evidence_kit.filings.render import DOCX_CREATOR, ZIP_TIME_FLOOR, Templates
from evidence_kit.i18n import N_, _, translate
from evidence_kit.notices.document import file_time
from evidence_kit.notices.facts import NoticeFacts, notice_facts
from evidence_kit.notices.make import (
    NoticeRequest,
    checked_sms,
    lawyer_of,
    loaded,
    send_time,
    target_of,
    write_email,
)
from evidence_kit.notices.sms import count_segments

GATEWAY_COLUMNS = ("number", "text", "segments", "send_at", "case_id")
GATEWAY_FILE = "sms_gateway"
EMAIL_FOLDER = "email"
CORE_PROPERTIES = "docProps/core.xml"
MAX_CASES = 100_000
"""A single run handles at most this many case folders (split larger portfolios)."""
BATCH_CHANNELS = ("sms", "email", "both")
STATUS_NAMES = {"written": N_("written"), "partial": N_("partial"), "refused": N_("refused"), "invalid": N_("invalid")}
"""A case's status as people read it (:func:`status_name`); the JSON keeps the value."""


def status_name(status: str) -> str:
    """A :class:`CaseOutcome` status in the current language."""
    return translate(STATUS_NAMES[status]) if status in STATUS_NAMES else status


@dataclass(frozen=True)
class SmsRow:
    number: str
    text: str
    segments: int
    send_at: datetime
    case_id: str

    def cells(self) -> tuple[str, str, str, str, str]:
        return (self.number, self.text, str(self.segments), self.send_at.strftime("%Y-%m-%d %H:%M"), self.case_id)


@dataclass
class CaseOutcome:
    case_dir: Path
    case_id: str = ""
    status: str = "written"
    """``written``; ``partial`` (one of SMS and e-mail refused); ``refused`` (every notice refused by a rule or
    lacking a number or address); ``invalid`` (the case cannot be read)."""
    outputs: list[str] = field(default_factory=list)
    problems: list[dict[str, object]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    """Each refusal as the ``notice`` command would print it (with the next allowed time)."""
    codes: list[str] = field(default_factory=list)
    """Each refusal's problem code, in the order of ``messages``."""
    send_at: datetime | None = None

    def to_json(self) -> dict[str, object]:
        return {"case_id": self.case_id or self.case_dir.name, "folder": str(self.case_dir), "status": self.status,
                "code": self.codes[0] if self.codes else None, "codes": self.codes,
                "outputs": self.outputs, "messages": self.messages, "send_at": self.send_at.isoformat(timespec="minutes") if self.send_at else None,
                "problems": self.problems}


@dataclass(frozen=True)
class BatchRequest:
    notice: NoticeRequest
    channel: str = "sms"
    """``sms``, ``email`` or ``both``."""
    table_format: str = "csv"


@dataclass
class BatchResult:
    outcomes: list[CaseOutcome]
    sms_rows: list[SmsRow]
    gateway: Path | None
    emails: int

    def to_json(self) -> dict[str, object]:
        return {"gateway": str(self.gateway) if self.gateway else None, "sms": len(self.sms_rows),
                "emails": self.emails, "cases": [o.to_json() for o in self.outcomes]}


def case_folders(src: Path) -> list[Path]:
    """The case folders under ``src`` (itself, when it is one), sorted by name."""
    if not src.is_dir():
        raise CaseNotFound(_("{path} is not a folder", path=src), file=str(src),
                           hint=_("give the folder that holds the case folders"))
    if (src / "case.yaml").is_file():
        return [src]
    folders = sorted(p for p in src.iterdir() if (p / "case.yaml").is_file())
    if not folders:
        raise CaseNotFound(_("no case folder (with a case.yaml) in {path}", path=src), file=str(src),
                           hint=_("give the folder that holds the case folders"))
    if len(folders) > MAX_CASES:
        raise CaseNotFound(_("{count} case folders in {path}, more than {limit}", count=len(folders), path=src,
                             limit=MAX_CASES), file=str(src), hint=_("split the portfolio into several folders"))
    return folders


def notice_case(case_dir: Path, out: Path, request: BatchRequest, sms_rows: list[SmsRow]) -> CaseOutcome:
    """The SMS row and/or the e-mail of one case; each refusal is kept in the case's outcome."""
    outcome = CaseOutcome(case_dir)
    try:
        case = loaded(case_dir, request.notice.as_of)
    except EvidenceKitError as exc:
        return _failed(outcome, exc, "invalid")
    outcome.case_id = case.case_id
    facts = notice_facts(case, request.notice.as_of)
    law_firm, lawyer = lawyer_of(case, request.notice)
    wanted = 0
    if request.channel in ("sms", "both"):
        wanted += 1
        try:
            number = target_of(case, "debtor", facts.debtor, "sms")
            when = send_time(case, request.notice, number, "sms")
            text = checked_sms(facts, request.notice.kind, law_firm)
            sms_rows.append(SmsRow(number, text, count_segments(text).segments, when, case.case_id))
            outcome.send_at = when
        except EvidenceKitError as exc:
            _failed(outcome, exc, "refused")
    if request.channel in ("email", "both") and (request.channel == "email" or _has_email(case)):
        wanted += 1
        try:
            outcome.outputs.append(str(_email(case, facts, out, request, law_firm, lawyer)))
        except EvidenceKitError as exc:
            _failed(outcome, exc, "refused")
    refusals = len(outcome.messages)
    outcome.status = "written" if not refusals else ("partial" if refusals < wanted else "refused")
    return outcome


def _email(case: Case, facts: NoticeFacts, out: Path, request: BatchRequest, law_firm: str, lawyer: str) -> Path:
    address = target_of(case, "debtor", facts.debtor, "email")
    when = send_time(case, request.notice, address, "email")
    path = write_email(facts, request.notice.kind, out / EMAIL_FOLDER, address, when,
                       mail_from=request.notice.mail_from, law_firm=law_firm, lawyer=lawyer,
                       templates=Templates(request.notice.templates))
    return path.replace(path.with_name(f"{case.case_id}.eml"))


def _failed(outcome: CaseOutcome, exc: EvidenceKitError, status: str) -> CaseOutcome:
    """The refusal in the case's row: its message, its code (``notice_failed`` when no rule refused it: a template,
    rendering or writing error) and its problems."""
    exc = with_code(exc, code="notice_failed")
    outcome.status = status
    outcome.messages.append(str(exc))
    outcome.codes.append(exc.code or "notice_failed")
    outcome.problems += [p.to_json() for p in exc.problems]
    return outcome


def _has_email(case: Case) -> bool:
    return any(c.party == "debtor" and c.channel == "email" for c in case.contacts)


def make_notices(src: Path, out: Path, request: BatchRequest,
                 progress: Callable[[Iterator[Path]], Iterator[Path]] | None = None) -> BatchResult:
    """The ``notices`` command: a case's refusal is kept in its row; an error of the whole run (no case folder, the
    gateway file cannot be written) is raised with a problem code, as ``notice``'s."""
    with errors_coded("notice_failed"):
        return _make_notices(src, out, request, progress)


def _make_notices(src: Path, out: Path, request: BatchRequest,
                  progress: Callable[[Iterator[Path]], Iterator[Path]] | None) -> BatchResult:
    folders = case_folders(src)
    now = request.notice.now or request.notice.send_at
    if now is None:
        from evidence_kit.notices.sendtime import china_now

        now = china_now()
    per_case = replace(request, notice=replace(request.notice, now=now))
    rows: list[SmsRow] = []
    iterate = progress(iter(folders)) if progress else iter(folders)
    outcomes = [notice_case(folder, out, per_case, rows) for folder in iterate]
    gateway = write_gateway(rows, out, request.table_format) if rows else None
    if gateway is not None:
        texted = {r.case_id for r in rows}
        for outcome in outcomes:
            if outcome.case_id in texted:
                outcome.outputs.insert(0, str(gateway))
    emails = sum(1 for o in outcomes for p in o.outputs if p.endswith(".eml"))
    return BatchResult(outcomes, rows, gateway, emails)


def gateway_csv(rows: list[SmsRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(GATEWAY_COLUMNS)
    writer.writerows(row.cells() for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def gateway_xlsx(rows: list[SmsRow]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "sms"
    sheet.append(list(GATEWAY_COLUMNS))
    for row in rows:
        number, text, segments, send_at, case_id = row.cells()
        sheet.append([number, text, int(segments), send_at, case_id])  # every cell text but the count
    created = file_time()
    book.properties.created = created.astimezone(UTC).replace(tzinfo=None)
    book.properties.creator = DOCX_CREATOR
    buffer = io.BytesIO()
    book.save(buffer)
    return dated_xlsx(buffer.getvalue(), created)


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def dated_xlsx(data: bytes, created: datetime) -> bytes:
    """The saved workbook with its modification date (openpyxl writes the clock's) set to ``created`` and every
    zip entry dated ``created`` (China time, as the notices' DOCX are): the same rows and SOURCE_DATE_EPOCH give
    the same bytes."""
    stamp = max(created.timetuple()[:6], ZIP_TIME_FLOOR)
    written = created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = entry.compress_type
            info.external_attr = entry.external_attr
            content = source.read(entry)
            if entry.filename == CORE_PROPERTIES:
                content = _MODIFIED.sub(lambda m: m.group(1) + written + m.group(2), content)
            target.writestr(info, content)
    return out.getvalue()


def write_gateway(rows: list[SmsRow], out: Path, table_format: str) -> Path:
    data = gateway_xlsx(rows) if table_format == "xlsx" else gateway_csv(rows)
    path = out / f"{GATEWAY_FILE}.{table_format}"
    partial = path.with_name(path.name + ".partial")
    try:
        out.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError as exc:
        raise CannotWrite(_("cannot write {name} ({why})", name=path.name, why=describe_os_error(exc)), file=str(path),
                          hint=_("check that the output folder is writable and the disk is not full")) from exc
    return path
