"""A notice as a standard e-mail (``.eml``, RFC 5322 / MIME) built with the standard library.

``multipart/mixed``: a ``multipart/alternative`` with the plain-text and the HTML body, then
the attachments (the 欠款计算明细 PDF and a 还款指南 PDF). The body is the letter's own text,
so the e-mail and the letter say the same; the HTML is rendered with autoescaping.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr
from pathlib import Path

from evidence_kit.errors import EvidenceKitError, ExitCode, TemplateError, refused
from evidence_kit.filings.render import Templates
from evidence_kit.i18n import _
from evidence_kit.notices.document import NoticeDocument
from evidence_kit.notices.sendtime import CHINA_TIME

PDF_TYPE = ("application", "pdf")


class MailAddressInvalid(EvidenceKitError):
    exit_code = ExitCode.USAGE


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes
    maintype: str = PDF_TYPE[0]
    subtype: str = PDF_TYPE[1]


def plain_text(document: NoticeDocument) -> str:
    """The document as plain text: paragraphs, the amounts as aligned lines, signers."""
    out = [document.title, document.reference, "", document.addressee]
    out += [f"　　{p}" for p in document.opening]
    out += [f"　　{row.label}：{row.amount}（{row.capital}）" for row in document.amounts]
    out += [f"　　{p}" for p in document.middle]
    out += [f"　　{p}" for p in document.closing]
    out += ["", *document.signers, document.signed_on]
    return "\n".join(line for line in out if line is not None) + "\n"


EMAIL_TEMPLATE = "notice_email.html"


def html_text(document: NoticeDocument, templates: Templates | None = None) -> str:
    """The HTML body from ``notice_email.html`` (the user's templates folder first)."""
    import jinja2

    chosen = templates or Templates()
    try:
        return str(chosen.html.get_template(EMAIL_TEMPLATE).render(document=document))
    except jinja2.TemplateError as exc:
        raise TemplateError(_("template {name} failed: {why}", name=EMAIL_TEMPLATE, why=exc),
                            file=str(chosen.path(EMAIL_TEMPLATE)),
                            hint=_("fix the template; it receives one variable, document")) from exc


def mail_address(text: str, what: str) -> Address:
    name, address = parseaddr(text)
    if "@" not in address or address.startswith("@") or address.endswith("@"):
        raise refused("mail_address_invalid", _("{text} is not an e-mail address", text=repr(text)),
                      kind=MailAddressInvalid, file=what,
                      hint=_("write an address such as 催收中心 <collections@bank.example.cn>"))
    user, domain = address.rsplit("@", 1)
    return Address(display_name=name, username=user, domain=domain)


def build_email(document: NoticeDocument, *, mail_from: str, mail_to: str, subject: str, sent_at: datetime,
                attachments: Sequence[Attachment], html: str | None = None) -> EmailMessage:
    """The message; the same inputs give the same bytes (Date from ``sent_at``, Message-ID and boundaries from
    the content, never from the clock or a random number)."""
    sender = mail_address(mail_from, "--mail-from")
    text = plain_text(document)
    markup = html if html is not None else html_text(document)
    date = format_datetime(sent_at.replace(tzinfo=CHINA_TIME))
    digest = content_digest(mail_from, mail_to, subject, date, text, markup, attachments)
    message = EmailMessage(policy=SMTP)
    message["From"] = sender
    message["To"] = mail_address(mail_to, "contacts.csv")
    message["Subject"] = subject
    message["Date"] = date
    message["Message-ID"] = f"<{digest[:MESSAGE_ID_DIGITS]}@{sender.domain}>"
    message.set_content(text, charset="utf-8")
    message.add_alternative(markup, subtype="html", charset="utf-8")
    for item in attachments:
        message.add_attachment(item.data, maintype=item.maintype, subtype=item.subtype, filename=item.filename)
    for number, part in enumerate(p for p in message.walk() if p.is_multipart()):
        # "=_" cannot occur in base64 or quoted-printable text, and a boundary naming the SHA-256 of the very
        # text it encloses cannot be written in that text: no body line is ever taken for a boundary
        part.set_boundary(f"=_evidence-kit_{digest[:BOUNDARY_DIGITS]}_{number}")
    return message


MESSAGE_ID_DIGITS = 32
"""Hex digits of the content's SHA-256 in a Message-ID (unique per content: a resent e-mail keeps its id)."""
BOUNDARY_DIGITS = 24
"""Hex digits of the content's SHA-256 in each MIME boundary."""


def content_digest(*parts: str | Sequence[Attachment]) -> str:
    """SHA-256 over every header value, body and attachment (name, type and bytes) of a message."""
    digest = hashlib.sha256()
    for part in parts:
        items = [part] if isinstance(part, str) else list(part)
        for item in items:
            if isinstance(item, Attachment):
                data = b"\0".join([item.filename.encode("utf-8"), f"{item.maintype}/{item.subtype}".encode(), item.data])
            else:
                data = item.encode("utf-8")
            digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def write_eml(message: EmailMessage, path: Path) -> Path:
    from evidence_kit.errors import CannotWrite, describe_os_error

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(message.as_bytes())
    except OSError as exc:
        raise CannotWrite(_("cannot write {name} ({why})", name=path.name, why=describe_os_error(exc)), file=str(path),
                          hint=_("check that the output folder is writable and the disk is not full")) from exc
    return path


def read_eml(path: Path) -> EmailMessage:
    """Parse an .eml back (for tests and ``verify``-style checks)."""
    from email import message_from_bytes
    from email.policy import default

    parsed = message_from_bytes(path.read_bytes(), policy=default)
    assert isinstance(parsed, EmailMessage)
    return parsed
