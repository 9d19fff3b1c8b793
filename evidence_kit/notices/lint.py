"""Notices and the collection-conduct rules: refusing a text the compliance lint flags, and who may be addressed.

The rules and the matcher are :mod:`evidence_kit.check.lint` (``check`` applies the same rules
to the summaries of the contact log). Here a finding is a refusal: an error, and no notice
leaves with one.
"""

from __future__ import annotations

from evidence_kit.check.lint import CARD_RULES, GUIDELINE, Finding
from evidence_kit.errors import EvidenceKitError, ExitCode
from evidence_kit.i18n import _
from evidence_kit.notices.facts import party_name
from evidence_kit.problems import Location, Problem, error

THIRD_PARTY_BASIS = f"{CARD_RULES}; {GUIDELINE}"


class NoticeRefused(EvidenceKitError):
    """A notice that breaks a collection-conduct rule (exit 12, nothing written)."""

    exit_code = ExitCode.NOT_ELIGIBLE


def refuse_findings(findings: list[Finding]) -> None:
    """Raise :class:`NoticeRefused` listing every finding, when there is one."""
    if findings:
        problems = [f.problem() for f in findings]
        first = findings[0]
        raise NoticeRefused(_("{count} phrase(s) break the collection rules; first: {phrase} {rule}",
                              count=len(findings), phrase=repr(first.phrase), rule=first.rule.title),
                            problems=problems, file=first.where, code=problems[0].code,
                            hint=_("rewrite the text or the template without these phrases; nothing was written"))


ADDRESSABLE = ("debtor", "guarantor")
"""Who may receive a collection notice (信用卡办法 art. 68: only the debtor and the guarantor)."""


def addressee_problems(party: str, kind: str) -> list[Problem]:
    """A collection notice to anyone but the debtor or a guarantor is refused; ``locate`` is the exception."""
    if kind == "locate":
        if party in ADDRESSABLE:
            return [error("notice_locate_debtor", _("a call-back request (locate) is for an emergency contact, not "
                                                    "for the {party}", party=party_name(party)),
                          Location("--party"), _("send the debtor a reminder instead"))]
        return []
    if party not in ADDRESSABLE:
        return [error("notice_third_party", _("a {kind} notice addressed to a {party} discloses the debt to a third "
                                              "party ({basis})", kind=kind, party=party_name(party),
                                              basis=THIRD_PARTY_BASIS), Location("--party"),
                      _("address it to the debtor or a guarantor; a third party may only be asked to pass on a "
                        "call-back request (--kind locate)"))]
    return []
