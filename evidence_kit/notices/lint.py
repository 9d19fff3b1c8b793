"""Notices and the collection-conduct rules: refusing a text the compliance lint flags, and who may be addressed.

The rules and the matcher are :mod:`evidence_kit.check.lint` (``check`` applies the same rules
to the summaries of the contact log). Here a finding is a refusal: an error, and no notice
leaves with one.
"""

from __future__ import annotations

from evidence_kit.check.lint import CARD_RULES, GUIDELINE, Finding
from evidence_kit.errors import EvidenceKitError, ExitCode
from evidence_kit.problems import Location, Problem, error


class NoticeRefused(EvidenceKitError):
    """A notice that breaks a collection-conduct rule (exit 12, nothing written)."""

    exit_code = ExitCode.NOT_ELIGIBLE


def refuse_findings(findings: list[Finding]) -> None:
    """Raise :class:`NoticeRefused` listing every finding, when there is one."""
    if findings:
        problems = [f.problem() for f in findings]
        first = findings[0]
        raise NoticeRefused(f"{len(findings)} phrase(s) break the collection rules; first: {first.phrase!r} "
                            f"{first.rule.name}", problems=problems, file=first.where,
                            hint="rewrite the text or the template without these phrases; nothing was written")


ADDRESSABLE = ("debtor", "guarantor")
"""Who may receive a collection notice (信用卡办法 art. 68: only the debtor and the guarantor)."""


def addressee_problems(party: str, kind: str) -> list[Problem]:
    """A collection notice to anyone but the debtor or a guarantor is refused; ``locate`` is the exception."""
    if kind == "locate":
        if party in ADDRESSABLE:
            return [error("notice_locate_debtor", "a call-back request (locate) is for an emergency contact, not for "
                          f"the {party}", Location("--party"), "send the debtor a reminder instead")]
        return []
    if party not in ADDRESSABLE:
        return [error("notice_third_party", f"a {kind} notice addressed to a {party} discloses the debt to a third "
                      f"party ({CARD_RULES}; {GUIDELINE})", Location("--party"),
                      "address it to the debtor or a guarantor; a third party may only be asked to pass on a "
                      "call-back request (--kind locate)")]
    return []
