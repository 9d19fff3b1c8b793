"""Every text the filings and the bundle print must be drawable by an installed font."""

from __future__ import annotations

from collections.abc import Iterator

from evidence_kit.case.model import Case
from evidence_kit.case.text import describe, unprintable
from evidence_kit.i18n import _
from evidence_kit.problems import Location, Problem, error


def text_problems(case: Case) -> list[Problem]:
    problems = []
    for text, loc in printed_texts(case):
        missing = unprintable(text)
        if missing:
            shown = ", ".join(describe(c) for c in missing[:3])
            problems.append(error("text_unprintable", _("no installed font can print {characters}", characters=shown),
                                  loc, _("replace the character (e.g. write the name as on the Chinese ID card), "
                                         "or install a font that has it")))
    return problems


def printed_texts(case: Case) -> Iterator[tuple[str, Location]]:
    """The case's texts that appear in the bundle or a filing, with where each is written."""
    at = case.yaml_loc
    yield from ((case.court, at("court")), (case.cause, at("cause")))
    for debt in case.all_debts:
        if debt.loan is not None:
            yield debt.loan.contract_no, at(f"{debt.key}.contract_no")
        if debt.card is not None:
            yield debt.card.issuer, at(f"{debt.key}.issuer")
            yield debt.card.agreement_title, at(f"{debt.key}.agreement.title")
    for key, party in (("creditor", case.creditor), *((f"debtors.{i}", d) for i, d in enumerate(case.debtors))):
        for field in ("name", "address", "ethnicity"):
            yield getattr(party, field), at(f"{key}.{field}")
        if party.representative:
            yield party.representative.name, at(f"{key}.representative.name")
    for i, ex in enumerate(case.exhibits):
        for field in ("title", "source", "proves", "transcript"):
            yield getattr(ex, field) or "", at(f"exhibits.{i}.{field}")
    for contact in case.contacts:
        for field in ("target", "agent", "summary"):
            yield getattr(contact, field), Location(contact.loc.file, contact.loc.row, field)
    for payment in case.all_payments:
        for field in ("reference", "note"):
            yield getattr(payment, field), Location(payment.loc.file, payment.loc.row, field)
