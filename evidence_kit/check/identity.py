"""Identity numbers: 公民身份号码 (GB 11643, ISO 7064 MOD 11-2) and 统一社会信用代码 (GB 32100)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from evidence_kit.case.model import Party
from evidence_kit.i18n import _
from evidence_kit.problems import Location, Problem, error, warning

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

_ID_RE = re.compile(r"^[0-9]{17}[0-9X]$")
_CREDIT_RE = re.compile(rf"^[{CREDIT_ALPHABET}]{{18}}$")


def resident_id_check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def valid_resident_id(number: str) -> bool:
    """True for an 18-character 公民身份号码 whose check character and birth date are right."""
    number = number.strip().upper()
    if not _ID_RE.match(number):
        return False
    return resident_id_check_char(number[:17]) == number[17] and resident_id_birth_date(number) is not None


def resident_id_birth_date(number: str) -> date | None:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def resident_id_gender(number: str) -> str:
    """男 when the sequence code (17th digit) is odd, 女 when even."""
    return "男" if int(number[16]) % 2 else "女"


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def valid_credit_code(code: str) -> bool:
    """True for an 18-character 统一社会信用代码 whose check character is right."""
    code = code.strip().upper()
    return bool(_CREDIT_RE.match(code)) and credit_code_check_char(code[:17]) == code[17]


Locate = Callable[[str], Location]


def _near_party(party: Party) -> Locate:
    return lambda key: Location("case.yaml", party.loc.row, key)


def party_problems(party: Party, key: str, today: date, locate: Locate | None = None) -> list[Problem]:
    """Checksum and consistency problems of one party; ``key`` is its case.yaml path (debtors.0).

    ``locate`` turns a dotted case.yaml key into its location (``Case.yaml_loc``); without it
    problems point at the party's own line.
    """
    at = locate or _near_party(party)
    if party.kind == "person":
        return _person_problems(party, key, today, at)
    return _organization_problems(party, key, at)


def _person_problems(party: Party, key: str, today: date, at: Locate) -> list[Problem]:
    loc = at(f"{key}.id_number")
    number = party.id_number
    who = f"{party.name} ({key})"
    if len(number) == 15 and number.isdigit():
        return [warning("id_legacy", _("{who}: 15-digit ID number {number} has no check digit", who=who, number=number),
                        loc, _("use the 18-digit number from the current ID card"))]
    if not _ID_RE.match(number):
        return [error("id_format", _("{who}: ID number {number} is not 17 digits plus a digit or X", who=who,
                                     number=repr(number)), loc,
                      _("copy the 18-character 公民身份号码 from the ID card"))]
    problems: list[Problem] = []
    expected = resident_id_check_char(number[:17])
    if expected != number[17]:
        problems.append(error("id_checksum", _("{who}: ID number {number} fails its check digit (expected {expected} at "
                                               "the end)", who=who, number=number, expected=expected),
                              loc, _("a digit was probably mistyped; compare with the ID card copy")))
    born = resident_id_birth_date(number)
    if born is None:
        problems.append(error("id_birth_date", _("{who}: ID number {number} holds no real birth date ({digits})", who=who,
                                                 number=number, digits=number[6:14]), loc,
                              _("compare the 7th–14th digits with the ID card")))
        return problems
    if party.birth_date and born != party.birth_date:
        problems.append(error("id_birth_mismatch",
                              _("{who}: birth_date {birth_date} disagrees with the ID number's {born}", who=who,
                                birth_date=party.birth_date, born=born),
                              at(f"{key}.birth_date"),
                              _("correct birth_date or the ID number, whichever is wrong")))
    if party.gender and resident_id_gender(number) != party.gender:
        problems.append(error("id_gender_mismatch",
                              _("{who}: gender {gender} disagrees with the ID number (its 17th digit means {meaning})",
                                who=who, gender=party.gender, meaning=resident_id_gender(number)),
                              at(f"{key}.gender"),
                              _("correct gender or the ID number, whichever is wrong")))
    if born > today:
        problems.append(error("id_birth_future", _("{who}: birth date {born} is in the future", who=who, born=born), loc,
                              _("check the ID number")))
    return problems


ADULT_AGE = 18


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def minor_problems(party: Party, key: str, signed_on: date, locate: Locate) -> list[Problem]:
    """A warning when a person was under 18 when the contract was signed (Civil Code arts. 17–19)."""
    born = party.birth_date
    if party.kind != "person" or born is None or age_on(born, signed_on) >= ADULT_AGE:
        return []
    return [warning("party_minor", _("{name} ({key}) was {age} when the contract was signed on {signed}", name=party.name,
                                     key=key, age=age_on(born, signed_on), signed=signed_on),
                    locate(f"{key}.birth_date"),
                    _("check the birth date and ID number; a minor's contract needs the guardian's consent"))]


def _organization_problems(party: Party, key: str, at: Locate) -> list[Problem]:
    loc = at(f"{key}.credit_code")
    code = party.credit_code
    who = f"{party.name} ({key})"
    if not _CREDIT_RE.match(code):
        return [error("credit_code_format",
                      _("{who}: 统一社会信用代码 {code} must be 18 characters from 0-9 and A-Y without I, O, S, V, Z",
                        who=who, code=repr(code)),
                      loc, _("copy the code from the business licence (营业执照)"))]
    expected = credit_code_check_char(code[:17])
    if expected != code[17]:
        return [error("credit_code_checksum", _("{who}: 统一社会信用代码 {code} fails its check character (expected "
                                                "{expected})", who=who, code=code, expected=expected),
                      loc, _("a character was probably mistyped; compare with the business licence"))]
    return []
