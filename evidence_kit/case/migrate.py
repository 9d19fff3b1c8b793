"""``migrate``: rewrite a schema_version 1 case.yaml as schema_version 2 (DESIGN §2b).

The rewrite works on the text, so every comment and blank line stays where it was:
``schema_version: 1`` becomes 2, the ``loan:`` block becomes the one entry of ``debts:``
(indented one level, with ``id`` and ``kind`` added), a ``files.schedule`` (or a
``schedule.csv`` found in the folder) moves into the debt's own ``files``, and each
guarantor gets ``answers_for`` naming the loan. Where the text is in a form the rewrite does
not follow (flow-style mappings), the file is written anew from its data and its comments
are lost; the result says so. The old file is kept as ``case.v1.yaml``, and the new one is
read back: its loan must equal the old one, or nothing is written.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import yaml

from evidence_kit.case.load import CASE_FILE, DEFAULT_FILES, LoadResult, read_case
from evidence_kit.case.model import Case, Loan, Payment
from evidence_kit.case.yamlsrc import YamlSourceError, load_with_lines
from evidence_kit.errors import CannotWrite, CaseInvalid, CaseNotFound, describe_os_error
from evidence_kit.i18n import _
from evidence_kit.problems import Location, error

MIGRATED_DEBT_ID = "loan-1"
BACKUP_FILE = "case.v1.yaml"
_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):(.*)$")


@dataclass(frozen=True)
class MigrateResult:
    from_version: int
    to_version: int
    comments_kept: bool
    backup: str | None

    def to_json(self) -> dict[str, object]:
        return {"from": self.from_version, "to": self.to_version, "comments_kept": self.comments_kept,
                "backup": self.backup}


def migrate_case(case_dir: Path) -> MigrateResult:
    """Rewrite ``case_dir/case.yaml`` from schema_version 1 to 2; a version 2 case is left as it is."""
    path = case_dir / CASE_FILE
    if not path.is_file():
        raise CaseNotFound(_("{path} has no {file}", path=case_dir, file=CASE_FILE),
                           hint=_("give the path of a case folder"))
    text = path.read_bytes().decode("utf-8-sig")
    try:
        data, lines = load_with_lines(text)
    except YamlSourceError as exc:
        raise CaseInvalid(_("case.yaml is not valid YAML: {why}", why=exc), file=CASE_FILE, row=exc.line,
                          hint=_("fix the YAML first (evidence-kit check shows where)")) from exc
    version = data.get("schema_version") if isinstance(data, dict) else None
    if version == 2:
        return MigrateResult(2, 2, True, None)
    if version != 1 or not isinstance(data.get("loan"), dict):
        raise CaseInvalid(_("only a schema_version 1 case.yaml with a loan: can be migrated"), file=CASE_FILE,
                          hint=_("check schema_version and loan: (evidence-kit check CASE_DIR)"))
    old = read_case(case_dir)
    if old.case is None:
        raise CaseInvalid(_("the case has errors that stop it loading; fix them before migrating"),
                          problems=old.problems, file=CASE_FILE, hint=_("run evidence-kit check {path}", path=case_dir))
    schedule = _schedule_file(case_dir, data)
    new_text = rewrite_text(text, data, lines, schedule)
    kept = new_text is not None
    if new_text is None:
        new_text = _dump_v2(data, schedule)
    _write_checked(case_dir, path, text, new_text, old)
    return MigrateResult(1, 2, kept, BACKUP_FILE)


def _schedule_file(case_dir: Path, data: dict[str, Any]) -> str | None:
    files = data.get("files")
    if isinstance(files, dict) and files.get("schedule"):
        return str(files["schedule"])
    return next((name for name in DEFAULT_FILES["schedule"] if (case_dir / name).is_file()), None)


# -- the text rewrite -----------------------------------------------------------------------------


def rewrite_text(text: str, data: dict[str, Any], lines: dict[tuple[str | int, ...], int],
                 schedule: str | None) -> str | None:
    """The v2 text with comments kept, or ``None`` when the layout is one the rewrite does not follow."""
    rows = text.splitlines()
    blocks = _top_blocks(rows)
    if "loan" not in blocks or rows[blocks["loan"][0]].split(":", 1)[1].strip():
        return None  # flow-style loan: {…}
    files = data.get("files") if isinstance(data.get("files"), dict) else {}
    if files and "schedule" in files and rows[blocks["files"][0]].split(":", 1)[1].strip():
        return None  # flow-style files: {…} holding the schedule
    inserts = _guarantor_inserts(rows, data, lines)
    if inserts is None:
        return None
    out: list[str] = []
    start, end = blocks["loan"]
    for i, row in enumerate(rows):
        if i == start:
            out.extend(["debts:", f"  - id: {MIGRATED_DEBT_ID}", "    kind: loan"])
            if schedule:
                out.append(f"    files: {{schedule: {schedule}}}")
            continue
        if start < i < end:
            out.append(("  " + row) if row.strip() else row)
            continue
        if files and "schedule" in files and _is_schedule_line(rows, blocks, i):
            continue
        if re.match(r"^schema_version:\s*1\b", row):
            row = re.sub(r"^schema_version:\s*1", "schema_version: 2", row)
        out.append(row)
        if i in inserts:
            out.append(inserts[i])
    if files and set(files) == {"schedule"}:
        out = [row for row in out if not re.match(r"^files:\s*(#.*)?$", row)]
    return "\n".join(out) + "\n"


def _top_blocks(rows: list[str]) -> dict[str, tuple[int, int]]:
    """Each top-level key's line range [start, end), trailing comments and blanks left to the next key."""
    starts = [(i, m.group(1)) for i, row in enumerate(rows) if (m := _TOP_KEY.match(row))]
    blocks = {}
    for n, (i, key) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(rows)
        while end - 1 > i and (not rows[end - 1].strip() or rows[end - 1].startswith("#")):
            end -= 1
        blocks[key] = (i, end)
    return blocks


def _is_schedule_line(rows: list[str], blocks: dict[str, tuple[int, int]], i: int) -> bool:
    start, end = blocks.get("files", (-1, -1))
    return start < i < end and rows[i].strip().startswith("schedule:")


def _guarantor_inserts(rows: list[str], data: dict[str, Any], lines: dict[tuple[str | int, ...], int]) -> dict[int, str] | None:
    """The line (0-based) after which each guarantor gets its answers_for, with the item's indentation."""
    inserts: dict[int, str] = {}
    debtors = data.get("debtors") or []
    for i, debtor in enumerate(debtors):
        if not isinstance(debtor, dict) or debtor.get("role") != "guarantor":
            continue
        role_line = lines.get(("debtors", i, "role"))
        if role_line is None or "{" in rows[role_line - 1]:
            return None
        indent = len(rows[role_line - 1]) - len(rows[role_line - 1].lstrip(" -"))
        last = max(line for path, line in lines.items() if path[:2] == ("debtors", i))
        inserts[last - 1] = " " * indent + f"answers_for: [{{debt: {MIGRATED_DEBT_ID}}}]"
    return inserts


def _dump_v2(data: dict[str, Any], schedule: str | None) -> str:
    """The v2 case.yaml from its data alone (used only when the text cannot be rewritten in place)."""
    result: dict[str, Any] = {}
    for key, value in data.items():
        if key == "schema_version":
            result[key] = 2
        elif key == "loan":
            debt = {"id": MIGRATED_DEBT_ID, "kind": "loan", **value}
            if schedule:
                debt["files"] = {"schedule": schedule}
            result["debts"] = [debt]
        elif key == "files":
            rest = {k: v for k, v in value.items() if k != "schedule"}
            if rest:
                result[key] = rest
        elif key == "debtors":
            result[key] = [{**d, "answers_for": [{"debt": MIGRATED_DEBT_ID}]} if d.get("role") == "guarantor" else d
                           for d in value]
        else:
            result[key] = value
    return yaml.safe_dump(result, allow_unicode=True, sort_keys=False, width=120)


def _same_debt(old: Case, new: Case) -> bool:
    """The migrated case's one debt has the old loan's terms, schedule and payments (locations aside)."""
    if len(new.debts) != 1 or new.debts[0].loan is None:
        return False
    debt = new.debts[0]

    def terms(loan: Loan) -> tuple[object, ...]:
        fees = tuple((f.date, f.amount, f.kind) for f in loan.fees)
        claimed = replace(loan.claimed, loc=None) if loan.claimed else None
        return (*(getattr(loan, f.name) for f in fields(loan) if f.name not in ("loc", "fees", "claimed")), fees, claimed)

    def rows(items: Sequence[Any] | None) -> tuple[object, ...]:
        return tuple((i.date, i.amount) if isinstance(i, Payment) else (i.due_date, i.principal, i.interest)
                     for i in items or ())

    assert debt.loan is not None
    return (terms(debt.loan) == terms(old.loan) and rows(debt.schedule) == rows(old.schedule)
            and rows(debt.payments) == rows(old.payments))


def _write_checked(case_dir: Path, path: Path, old_text: str, new_text: str, old: LoadResult) -> None:
    """Write the new case.yaml only when it reads back with the same loan; keep the old one beside it."""
    temp = case_dir / ".case.yaml.migrating"
    try:
        temp.write_text(new_text, encoding="utf-8")
        (case_dir / BACKUP_FILE).write_text(old_text, encoding="utf-8")
        os.replace(temp, path)
    except OSError as exc:
        raise CannotWrite(_("cannot write {file}: {why}", file=path, why=describe_os_error(exc)),
                          hint=_("check the folder's permissions")) from exc
    new = read_case(case_dir)
    new_errors = [p for p in new.errors if p.code not in {e.code for e in old.errors}]
    if new.case is None or old.case is None or new_errors or not _same_debt(old.case, new.case):
        path.write_text(old_text, encoding="utf-8")
        (case_dir / BACKUP_FILE).unlink(missing_ok=True)
        problems = new_errors or [error("migrate_mismatch", _("the rewritten case.yaml does not hold the same loan"),
                                        Location(CASE_FILE), _("report this case; the original case.yaml was restored"))]
        raise CaseInvalid(_("the migrated case.yaml did not read back the same; the original was restored"),
                          problems=problems, file=CASE_FILE, hint=_("migrate by hand (README, 'Case folder v2')"))
