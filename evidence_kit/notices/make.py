"""One notice for one case: who gets it, by which channel, when, and the files it makes.

:func:`make_notice` is the ``notice`` command: load the case, compute the facts once,
refuse a notice to a third party, check the send time against the contact log, build the
SMS text, the ``.eml`` or the letter (DOCX + PDF), lint every text, and write
``OUT/CASE_ID/``. Refusals (exit 12) come before anything is written.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from evidence_kit.case.load import load_case
from evidence_kit.case.model import Case, Party
from evidence_kit.check.lint import lint_texts
from evidence_kit.check.plan import PLAN_FILE
from evidence_kit.claim.engine import input_problems
from evidence_kit.claim.repayment_plan import (
    MAX_PLAN_MONTHS,
    PlanTerms,
    RepaymentPlan,
    debts_components,
    judgment_components,
    make_plan,
    plan_to_json,
)
from evidence_kit.errors import (
    CaseInvalid,
    EvidenceKitError,
    ExitCode,
    NotEligible,
    errors_coded,
    refused,
)
from evidence_kit.filings.render import Filing, Templates, render_filings, texts_of
from evidence_kit.i18n import _
from evidence_kit.notices.agreement import AGREEMENT_KINDS, build_agreement
from evidence_kit.notices.document import PreparedNotice, file_time, render_notice, write_text
from evidence_kit.notices.email import Attachment, build_email, html_text, mail_address, write_eml
from evidence_kit.notices.facts import (
    CHANNELS,
    KIND_TITLES,
    NOTICE_KINDS,
    NoticeFacts,
    for_acceleration,
    notice_facts,
    party_name,
)
from evidence_kit.notices.letters import (
    LAW_FIRM_MARK,
    LETTER_KINDS,
    build_letter,
    check_letter_kind,
    data_values,
)
from evidence_kit.notices.lint import NoticeRefused, addressee_problems, refuse_findings
from evidence_kit.notices.sendtime import china_now, refuse_send, send_decision
from evidence_kit.notices.sms import count_segments, sms_text
from evidence_kit.notices.visit import build_repayment_guide, build_visit_pack

MOBILE = re.compile(r"^(\+?86)?1[3-9]\d{9}$")
PARTIES = ("debtor", "guarantor", "emergency_contact", "third_party")
CLAIM_SHEET_NAME = "欠款计算明细.pdf"
GUIDE_NAME = "还款指南.pdf"


class NoticeUsage(EvidenceKitError):
    exit_code = ExitCode.USAGE


@dataclass(frozen=True)
class NoticeRequest:
    kind: str
    channel: str = "letter"
    party: str = "debtor"
    send_at: datetime | None = None
    """When to send; None means the next allowed time from ``now``."""
    now: datetime | None = None
    as_of: date | None = None
    law_firm: str = ""
    lawyer: str = ""
    mail_from: str = ""
    templates: Path | None = None


@dataclass(frozen=True)
class NoticeResult:
    case_id: str
    kind: str
    channel: str
    target: str
    send_at: datetime | None
    outputs: tuple[Path, ...] = ()
    text: str = ""
    segments: int = 0
    warnings: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"case_id": self.case_id, "kind": self.kind, "channel": self.channel,
                                   "outputs": [str(p) for p in self.outputs],
                                   "send_at": self.send_at.isoformat(timespec="minutes") if self.send_at else None}
        if self.text:
            data.update({"text": self.text, "segments": self.segments})
        return data


def check_request(request: NoticeRequest) -> None:
    problems = []
    for option, value, choices in (("--kind", request.kind, NOTICE_KINDS), ("--channel", request.channel, CHANNELS),
                                   ("--party", request.party, PARTIES)):
        if value not in choices:
            problems.append(_("{option} {value}: choose from {choices}", option=option, value=value,
                              choices=", ".join(choices)))
    if request.kind == "locate" and request.channel != "sms":
        problems.append(_("a call-back request (--kind locate) is sent by SMS only"))
    if request.channel == "email" and not request.mail_from:
        problems.append(_("an e-mail needs --mail-from (the bank's sending address)"))
    if problems:
        raise refused("notice_options_conflict", _("; ").join(problems), kind=NoticeUsage, file=_("command line"),
                      hint=_("see evidence-kit notice --help"))
    if request.mail_from:
        mail_address(request.mail_from, "--mail-from")


def loaded(case_dir: Path, as_of: date | None = None) -> Case:
    """The case, refused (exit 4) when its claim cannot be computed."""
    case = load_case(case_dir)
    blocking = input_problems(case, as_of or case.as_of)
    if blocking:
        first = blocking[0]
        raise CaseInvalid(_("the claim cannot be computed: {reason}", reason=first.message), problems=blocking,
                          hint=first.hint,
                          file=first.loc.file if first.loc else None, row=first.loc.row if first.loc else None)
    return case


def recipient(case: Case, party: str) -> Party:
    if party == "guarantor":
        if not case.guarantors:
            raise refused("notice_no_guarantor", _("the case has no guarantor"), kind=NotEligible, file="case.yaml",
                          column="debtors", hint=_("address the notice to the debtor (--party debtor)"))
        return case.guarantors[0]
    return (case.borrowers or case.debtors)[0]


def target_of(case: Case, party: str, person: Party, channel: str) -> str:
    """The phone number, e-mail or postal address the notice goes to."""
    if channel == "letter" or channel == "visit":
        return person.address
    if channel == "sms" and party in ("debtor", "guarantor") and is_mobile(person.phone):
        return person.phone
    wanted = ("email",) if channel == "email" else ("sms", "call")
    logged = [c for c in case.contacts if c.party == party and c.channel in wanted
              and (channel == "email" or is_mobile(c.target))]
    if not logged:
        who = party_name(party)
        if channel == "email":
            raise refused("notice_no_email", _("no e-mail address of the {party} is known", party=who),
                          kind=NotEligible, file="contacts.csv",
                          hint=_("log a contact with the {party}'s e-mail address in contacts.csv, or choose "
                                 "another channel", party=who))
        raise refused("notice_no_mobile", _("no mobile number of the {party} is known", party=who), kind=NotEligible,
                      file="contacts.csv",
                      hint=_("log a contact with the {party}'s mobile number in contacts.csv, or choose another "
                             "channel", party=who))
    return max(logged, key=lambda c: c.time).target


def is_mobile(number: str) -> bool:
    """A mainland mobile number (what an SMS can reach): 11 digits from 13x–19x, optionally +86."""
    return MOBILE.match(number.replace(" ", "").replace("-", "")) is not None


def send_time(case: Case, request: NoticeRequest, target: str, channel: str) -> datetime:
    """The checked send time: ``--send-at`` when allowed (else exit 12), or the next allowed time."""
    requested = request.send_at or request.now or china_now()
    decision = send_decision(requested, case.contacts, target=target, party=request.party)
    if request.send_at is not None or decision.allowed is None:
        refuse_send(decision)
    assert decision.allowed is not None
    return decision.allowed


def make_notice(case_dir: Path, out: Path, request: NoticeRequest) -> NoticeResult:
    """The ``notice`` command; every error it raises carries a problem code (``notice_failed`` when it is not a
    rule's: a missing case folder, a template, rendering or writing error)."""
    with errors_coded("notice_failed"):
        return _make_notice(case_dir, out, request)


def _make_notice(case_dir: Path, out: Path, request: NoticeRequest) -> NoticeResult:
    check_request(request)
    case = loaded(case_dir, request.as_of)
    refusals = addressee_problems(request.party, request.kind)
    if refusals:
        raise NoticeRefused(refusals[0].message, problems=refusals, file="--party", hint=refusals[0].hint,
                            code=refusals[0].code)
    person = recipient(case, request.party)
    debtor_index = case.debtors.index(person)
    facts = notice_facts(case, request.as_of, debtor_index)
    law_firm, lawyer = lawyer_of(case, request)
    folder = out / case.case_id
    if request.kind == "visit":
        when = send_time(case, request, person.address, "visit")
        return _rendered(facts, build_visit_pack(facts), folder, request, "visit", person.address, when)
    channel = request.channel
    if channel == "sms":
        return sms_notice(facts, request, folder, law_firm)
    if channel == "email":
        return email_notice(facts, request, folder, law_firm, lawyer)
    letter = build_letter(facts, request.kind, law_firm=law_firm, lawyer=lawyer)
    when = request.send_at or request.now or china_now()
    return _rendered(facts, letter, folder, request, "letter", person.address, when)


def lawyer_of(case: Case, request: NoticeRequest) -> tuple[str, str]:
    """The law firm and lawyer: the options, else case.yaml's agent when its org is a 律师事务所."""
    if request.law_firm:
        return request.law_firm, request.lawyer
    agent = case.agent
    if agent is not None and LAW_FIRM_MARK in agent.org:
        return agent.org, request.lawyer or agent.name
    return "", request.lawyer


def _rendered(facts: NoticeFacts, prepared: PreparedNotice, folder: Path, request: NoticeRequest, channel: str,
              target: str, when: datetime) -> NoticeResult:
    paths = render_notice(prepared, folder, Templates(request.templates))
    return NoticeResult(facts.case.case_id, request.kind, channel, target, when, tuple(paths))


def checked_sms(facts: NoticeFacts, kind: str, law_firm: str = "") -> str:
    if kind in LETTER_KINDS:
        check_letter_kind(facts, kind, law_firm)  # the same refusals as the letter
    text = sms_text(facts, kind, law_firm=law_firm)
    refuse_findings(lint_texts([("sms", text)], data_values(facts, law_firm)))
    return text


def sms_notice(facts: NoticeFacts, request: NoticeRequest, folder: Path, law_firm: str) -> NoticeResult:
    target = target_of(facts.case, request.party, facts.debtor, "sms")
    when = send_time(facts.case, request, target, "sms")
    text = checked_sms(facts, request.kind, law_firm)
    path = write_text(folder / f"notice_{request.kind}.sms.txt", text + "\n")
    return NoticeResult(facts.case.case_id, request.kind, "sms", target, when, (path,), text,
                        count_segments(text).segments)


def email_subject(facts: NoticeFacts, kind: str) -> str:
    return f"【{facts.bank_short}】{KIND_TITLES[kind]}（{facts.tail_label}{facts.contract_tail}）"


def attachments_for(facts: NoticeFacts, templates: Templates) -> list[Attachment]:
    """The 欠款计算明细 (the filings' claim sheet, over the debts the notice covers) and the 还款指南, as PDFs."""
    from evidence_kit.filings.claim_sheet import build_claim_sheet
    from evidence_kit.filings.make import sources_of

    # a guarantor sees the debts it answers for, an acceleration notice the loans declared due
    covered = {d.id for d in facts.debts} if facts.debts else None
    sheet = build_claim_sheet(sources_of(replace(facts.case, as_of=facts.as_of), (), facts.as_of, covered))
    created = file_time()
    with tempfile.TemporaryDirectory(prefix="evidence-kit-mail-") as work:
        rendered = render_filings([Filing(sheet.name, sheet.content, sheet.title)], Path(work), templates,
                                  created=created)[0]
        guide = render_notice(build_repayment_guide(facts), Path(work) / "guide", templates, created)
        return [Attachment(CLAIM_SHEET_NAME, rendered.pdf.read_bytes()),
                Attachment(GUIDE_NAME, next(p for p in guide if p.suffix == ".pdf").read_bytes())]


def email_notice(facts: NoticeFacts, request: NoticeRequest, folder: Path, law_firm: str, lawyer: str) -> NoticeResult:
    target = target_of(facts.case, request.party, facts.debtor, "email")
    when = send_time(facts.case, request, target, "email")
    path = write_email(facts, request.kind, folder, target, when, mail_from=request.mail_from, law_firm=law_firm,
                       lawyer=lawyer, templates=Templates(request.templates))
    return NoticeResult(facts.case.case_id, request.kind, "email", target, when, (path,))


def write_email(facts: NoticeFacts, kind: str, folder: Path, target: str, when: datetime, *, mail_from: str,
                law_firm: str = "", lawyer: str = "", templates: Templates | None = None) -> Path:
    """Build, lint and write ``folder/notice_KIND.eml``."""
    templates = templates or Templates()
    if kind == "acceleration":
        facts = for_acceleration(facts)
    letter = build_letter(facts, kind if kind in LETTER_KINDS else "reminder", law_firm=law_firm, lawyer=lawyer)
    html = html_text(letter.content, templates)
    refuse_findings(lint_texts([*texts_of(letter.content), ("notice_email.html", html)], letter.data))
    message = build_email(letter.content, mail_from=mail_from, mail_to=target, subject=email_subject(facts, kind),
                          sent_at=when, attachments=attachments_for(facts, templates), html=html)
    return write_eml(message, folder / f"notice_{kind}.eml")


# --------------------------------------------------------------------------- repayment plans


def debts_plan(facts: NoticeFacts, terms: PlanTerms) -> RepaymentPlan:
    """A plan over the debts of ``facts`` (several, or a card): their claims' components summed to the fen."""
    from evidence_kit.claim.debts import compute_case_claim

    covered = {d.id for d in facts.debts}
    claims = [item.figures for item in compute_case_claim(facts.case, facts.as_of).debts if item.debt.id in covered]
    return make_plan(facts.claim, terms, debts_components(claims, terms.include_not_due),
                     tuple(d.id for d in facts.debts))


@dataclass(frozen=True)
class PlanRequest:
    months: int
    signed_on: date | None = None
    """Default: the case's as_of."""
    first_due: date | None = None
    down_payment: Decimal = Decimal("0.00")
    waive: tuple[str, ...] = ()
    rate: Decimal = Decimal("0")
    include_not_due: bool = False
    max_months: int = MAX_PLAN_MONTHS
    agreement: str = "auto"
    """``repayment`` (还款协议), ``settlement`` (和解协议) or ``auto``: 和解协议 when the case has a judgment."""
    as_of: date | None = None
    templates: Path | None = None
    render: bool = True
    save: bool = False
    """Write the plan into the case folder (plan.json) so that ``check`` follows the payments made under it."""
    debts: tuple[str, ...] = ()
    """Only these debts (``--debt ID``, by their case.yaml ids); default: every debt of the case."""


@dataclass(frozen=True)
class PlanOutcome:
    plan: RepaymentPlan
    outputs: tuple[Path, ...]

    def to_json(self) -> dict[str, object]:
        return {**plan_to_json(self.plan), "outputs": [str(p) for p in self.outputs]}


def is_settlement(case: Case, agreement: str) -> bool:
    if agreement not in ("auto", *AGREEMENT_KINDS):
        raise NoticeUsage(_("--agreement {value}: choose auto, {choices}", value=agreement,
                            choices=", ".join(AGREEMENT_KINDS)), file=_("command line"))
    return agreement == "settlement" or (agreement == "auto" and case.filings.enforcement is not None)


def make_repayment_plan(case_dir: Path, out: Path, request: PlanRequest) -> PlanOutcome:
    """The plan over the case's claim, and its 还款协议 / 和解协议 (DOCX + PDF) in ``OUT/CASE_ID``; every error
    carries a problem code, as :func:`make_notice`'s."""
    with errors_coded("notice_failed"):
        return _make_repayment_plan(case_dir, out, request)


def _make_repayment_plan(case_dir: Path, out: Path, request: PlanRequest) -> PlanOutcome:
    case = loaded(case_dir, request.as_of)
    settlement = is_settlement(case, request.agreement)
    if settlement and request.debts:
        raise refused("plan_settlement_per_debt",
                      _("--debt: a 和解协议 is made over what the decision left unpaid, not per debt"),
                      kind=NoticeUsage, file=_("command line"),
                      hint=_("leave out --debt, or choose --agreement repayment"))
    facts = notice_facts(case, request.as_of, debts=request.debts)
    terms = PlanTerms(months=request.months, signed_on=request.signed_on or facts.as_of, first_due=request.first_due,
                      down_payment=request.down_payment, waive=request.waive, rate=request.rate,
                      include_not_due=request.include_not_due, max_months=request.max_months)
    request_basis = case.filings.enforcement
    over = judgment_components(request_basis, facts.as_of) if settlement and request_basis is not None else None
    plan = make_plan(facts.claim, terms, over) if over is not None or not facts.debts else debts_plan(facts, terms)
    data = json.dumps(plan_to_json(plan), ensure_ascii=False, indent=2) + "\n"
    saved = (write_text(case_dir / PLAN_FILE, data),) if request.save else ()
    if not request.render:
        return PlanOutcome(plan, saved)
    folder = out / case.case_id
    paths = render_notice(build_agreement(facts, plan, settlement=settlement), folder, Templates(request.templates))
    return PlanOutcome(plan, (*paths, write_text(folder / PLAN_FILE, data), *saved))
