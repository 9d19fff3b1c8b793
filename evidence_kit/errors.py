"""Exceptions that carry a stable exit code and a hint saying what to do.

The exit codes are public (DESIGN §6). Library code raises these; only ``cli.py``
turns them into process exit codes.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from enum import IntEnum
from typing import TYPE_CHECKING, TypeVar

from evidence_kit.i18n import N_, _, translate

if TYPE_CHECKING:
    from evidence_kit.problems import Problem


class ExitCode(IntEnum):
    OK = 0
    UNEXPECTED = 1
    USAGE = 2
    CASE_NOT_FOUND = 3
    CASE_INVALID = 4
    INPUT_UNREADABLE = 5
    TEMPLATE_ERROR = 6
    RENDER_FAILED = 7
    VERIFICATION_FAILED = 8
    CANNOT_WRITE = 9
    STORE_ERROR = 10
    MISSING_DEPENDENCY = 11
    NOT_ELIGIBLE = 12
    BATCH_FAILED = 13
    """batch: at least one case failed (the others were built)."""


class EvidenceKitError(Exception):
    """Base of every error the tool reports on purpose.

    ``message`` says what went wrong and names the file (and row/column when
    there is one); ``hint`` says what the user should do about it.
    """

    exit_code: ExitCode = ExitCode.UNEXPECTED

    def __init__(
        self,
        message: str,
        *,
        hint: str = "",
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        problems: list[Problem] | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.file = file
        self.row = row
        self.column = column
        self.problems = list(problems or [])
        """Every problem behind this error, when there are several (a case with many errors)."""
        self.code = code
        """The error's problem code (docs/problems.md), when it has one: the JSON carries it at the top level."""

    def location(self) -> str:
        if not self.file:
            return ""
        from evidence_kit.problems import Location

        return str(Location(self.file, self.row, self.column))

    def __str__(self) -> str:
        where = self.location()
        text = f"{where}: {self.message}" if where else self.message
        return f"{text} — {self.hint}" if self.hint else text

    def to_json(self) -> dict[str, object]:
        coded = {"code": self.code} if self.code is not None else {}
        return {
            "error": type(self).__name__,
            **coded,
            "exit_code": int(self.exit_code),
            "message": self.message,
            "hint": self.hint,
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "problems": [p.to_json() for p in self.problems],
        }


E = TypeVar("E", bound=EvidenceKitError)


def refused(code: str, message: str, *, kind: type[E], hint: str = "", file: str | None = None,
            row: int | None = None, column: str | None = None) -> E:
    """An error of ``kind`` with the problem ``code``: at the top of its JSON and as its one problem."""
    from evidence_kit.problems import Location, error

    problem = error(code, message, Location(file, row, column) if file else None, hint)
    return kind(message, hint=hint, file=file, row=row, column=column, problems=[problem], code=code)


def with_code(exc: E, *, code: str) -> E:
    """``exc`` with a problem code: its own, else its first error problem's, else ``code``; and that code
    among its problems (``notice``, ``notices`` and ``plan`` report every error so)."""
    from evidence_kit.problems import Location, Severity, error

    if exc.code is None:
        first = next((p for p in exc.problems if p.severity is Severity.ERROR), None)
        exc.code = first.code if first is not None else code
    if not any(p.code == exc.code for p in exc.problems):
        where = Location(exc.file, exc.row, exc.column) if exc.file else None
        exc.problems.insert(0, error(exc.code, exc.message, where, exc.hint))
    return exc


@contextmanager
def errors_coded(code: str) -> Iterator[None]:
    """Every :class:`EvidenceKitError` raised inside leaves with a problem code (:func:`with_code`, ``code`` when
    neither it nor its problems have one)."""
    try:
        yield
    except EvidenceKitError as exc:
        with_code(exc, code=code)
        raise


class UsageError(EvidenceKitError):
    """Options that cannot go together (the command line's own usage errors are click's)."""

    exit_code = ExitCode.USAGE


class CaseNotFound(EvidenceKitError):
    exit_code = ExitCode.CASE_NOT_FOUND


class CaseInvalid(EvidenceKitError):
    """The case folder has errors; ``problems`` lists every one of them."""

    exit_code = ExitCode.CASE_INVALID


class InputUnreadable(EvidenceKitError):
    exit_code = ExitCode.INPUT_UNREADABLE


class TemplateError(EvidenceKitError):
    exit_code = ExitCode.TEMPLATE_ERROR


class RenderFailed(EvidenceKitError):
    exit_code = ExitCode.RENDER_FAILED


class VerificationFailed(EvidenceKitError):
    exit_code = ExitCode.VERIFICATION_FAILED


class CannotWrite(EvidenceKitError):
    exit_code = ExitCode.CANNOT_WRITE


class StoreError(EvidenceKitError):
    exit_code = ExitCode.STORE_ERROR


class MissingDependency(EvidenceKitError):
    exit_code = ExitCode.MISSING_DEPENDENCY


class NotEligible(EvidenceKitError):
    exit_code = ExitCode.NOT_ELIGIBLE


_WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG})
"""Errors that can only come from writing: whatever the path, the output cannot be written (exit 9)."""


def describe_os_error(exc: OSError) -> str:
    """What an OS error means to a user, in words: "permission denied", "the disk is full"…"""
    words = OS_ERROR_WORDS.get(exc.errno or 0)
    return translate(words) if words else (exc.strerror or str(exc))


OS_ERROR_WORDS = {
    errno.EACCES: N_("permission denied"), errno.EPERM: N_("operation not permitted"),
    errno.ENOSPC: N_("the disk is full"), errno.EDQUOT: N_("the disk quota is exhausted"),
    errno.EROFS: N_("the file system is read-only"), errno.EFBIG: N_("the file is too large for the file system"),
    errno.EISDIR: N_("it is a folder, not a file"), errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.ENOENT: N_("it does not exist"), errno.ELOOP: N_("too many symbolic links"),
    errno.ENAMETOOLONG: N_("the name is too long"), errno.EIO: N_("an input/output error (a failing disk?)"),
}


def os_error(exc: OSError, *, writing: bool, path: object = None) -> EvidenceKitError:
    """An OS error as the tool's error: exit 9 when writing (or the disk is full), else exit 5, naming the path."""
    where = str(path if path is not None else (exc.filename or "")) or None
    why = describe_os_error(exc)
    if writing or exc.errno in _WRITE_ERRNOS:
        return CannotWrite(_("cannot write: {why}", why=why), file=where,
                           hint=_("free disk space, or check that the output folder is writable, and build again"))
    return InputUnreadable(_("cannot read: {why}", why=why), file=where,
                           hint=_("check that the file exists, is a regular file and is readable by this user"))
