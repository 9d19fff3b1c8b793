"""Opening a PDF exhibit: password, repair, and the wording of what went wrong.

``check`` and ``build`` open every PDF exhibit through this one path, so that what
``check`` accepts, ``build`` accepts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf

from evidence_kit.errors import InputUnreadable


def open_pdf(path: Path, name: str, password: str | None) -> tuple[pikepdf.Pdf, list[str]]:
    """Open (and repair) one PDF; the notes say what was repaired or decrypted."""
    pdf = _open(path, name, password)
    return pdf, _open_notes(pdf, path, name, password)


OPEN_ERRORS = (pikepdf.PasswordError, pikepdf.PdfError, OSError, ValueError, RuntimeError)
"""What pikepdf raises for a PDF it cannot open (PasswordError and PdfError are siblings)."""


def open_failure(exc: Exception, password: str | None) -> tuple[str, str, str]:
    """(problem code, message, hint) for a PDF that could not be opened; ``check`` and ``build`` share them."""
    if isinstance(exc, pikepdf.PasswordError):
        if password:
            return ("exhibit_wrong_password", "the password given in case.yaml does not open this PDF",
                    "correct the `password` of this exhibit in case.yaml")
        return ("exhibit_encrypted", "this PDF is encrypted: it needs a password to open",
                "add `password: …` to this exhibit in case.yaml")
    reason = str(exc).split(": ", 1)[-1] or type(exc).__name__
    return ("exhibit_unreadable", f"this PDF is damaged and could not be repaired ({reason})",
            "obtain an undamaged copy of this document (re-export or re-scan it)")


def _open(path: Path, name: str, password: str | None) -> pikepdf.Pdf:
    try:
        return pikepdf.open(path, password=password or "")
    except OPEN_ERRORS as exc:
        _code, message, hint = open_failure(exc, password)
        raise InputUnreadable(message, file=name, hint=hint) from exc


def damaged(name: str, exc: Exception) -> InputUnreadable:
    """The error for a PDF that opened but broke while being read."""
    _code, message, hint = open_failure(exc, None)
    return InputUnreadable(message, file=name, hint=hint)


def _open_notes(pdf: pikepdf.Pdf, path: Path, name: str, password: str | None) -> list[str]:
    notes = []
    warnings = [w.replace(str(path), name) for w in pdf.get_warnings()]
    if warnings:
        notes.append(f"repaired a damaged file ({_short(warnings)})")
    if pdf.is_encrypted and password:
        notes.append("decrypted with the password from case.yaml; the bundle copy is not encrypted")
    elif pdf.is_encrypted:
        notes.append("had only an owner (permissions) password; the bundle copy is not encrypted")
    return notes


def _short(warnings: list[str]) -> str:
    text = "; ".join(dict.fromkeys(re.sub(r"^\S+?: ", "", w) for w in warnings[:3]))
    return text[:200]
