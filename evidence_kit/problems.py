"""Problems found in a case, and the report that collects all of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from evidence_kit.i18n import N_, _, translate


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        """The word shown to people (the JSON keeps the value)."""
        return translate(SEVERITY_LABELS[self])


SEVERITY_LABELS = {Severity.ERROR: N_("error"), Severity.WARNING: N_("warning")}


@dataclass(frozen=True, order=True, slots=True)
class Location:
    """Where a fact came from: a file relative to the case folder, 1-based line, column name.

    For CSV files the header is line 1; for case.yaml the line is the YAML line of the
    value; for XLSX the row is the sheet row.
    """

    file: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        if self.row is not None and self.column:
            return _("{file}, line {row}, column {column}", file=self.file, row=self.row,
                     column=self.column)
        if self.row is not None:
            return _("{file}, line {row}", file=self.file, row=self.row)
        if self.column:
            return _("{file}, column {column}", file=self.file, column=self.column)
        return self.file


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    message: str
    severity: Severity = Severity.ERROR
    loc: Location | None = None
    hint: str = ""

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message": self.message,
            "file": self.loc.file if self.loc else None,
            "row": self.loc.row if self.loc else None,
            "column": self.loc.column if self.loc else None,
            "hint": self.hint,
        }

    def __str__(self) -> str:
        where = f"{self.loc}: " if self.loc else ""
        tail = f" — {self.hint}" if self.hint else ""
        return f"{where}{self.severity.label} [{self.code}] {self.message}{tail}"


def error(code: str, message: str, loc: Location | None = None, hint: str = "") -> Problem:
    return Problem(code, message, Severity.ERROR, loc, hint)


def warning(code: str, message: str, loc: Location | None = None, hint: str = "") -> Problem:
    return Problem(code, message, Severity.WARNING, loc, hint)


@dataclass
class CheckReport:
    """Every error and warning found in one case, collected before anything is decided."""

    case_id: str | None
    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def ok(self, strict: bool = False) -> bool:
        return not self.errors and not (strict and self.warnings)

    def strictly(self) -> CheckReport:
        """The same report with every warning promoted to an error (``--strict``)."""
        promoted = [
            Problem(p.code, p.message, Severity.ERROR, p.loc, p.hint) for p in self.problems
        ]
        return CheckReport(self.case_id, promoted)

    def to_json(self) -> dict[str, object]:
        return {
            "case_id": self.case_id,
            "errors": [p.to_json() for p in self.errors],
            "warnings": [p.to_json() for p in self.warnings],
        }
