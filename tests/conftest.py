from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

# The tests read English messages unless a test asks for Chinese (``--lang zh``, ``i18n.language("zh")``);
# the CLI processes they start inherit this.
os.environ["EVIDENCE_KIT_LANG"] = "en"

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
SHARED = REPO.parent / "shared"


@pytest.fixture
def worked_case(tmp_path: Path) -> Path:
    """A writable copy of the claim-method.md worked example as a case folder."""
    target = tmp_path / "worked-example"
    shutil.copytree(DATA / "worked-example", target)
    return target


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a text file in place; fails the test when ``old`` is not there."""
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), "utf-8")


@pytest.fixture
def edit() -> Callable[[Path, str, str], None]:
    return replace_in


def line_of(path: Path, needle: str) -> int:
    """1-based line of the first line containing ``needle``."""
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def pytest_configure(config: pytest.Config) -> None:
    """Keep the tool's disk cache (the stamp font subset) inside the test run, not in the home folder."""
    import os
    import tempfile

    os.environ.setdefault("EVIDENCE_KIT_CACHE", tempfile.mkdtemp(prefix="evidence-kit-test-cache-"))


def _cross_checked(is_valid: Callable[[object], bool], validator: object) -> Callable[[object], bool]:
    """The loader's compiled schema check, asserting on every call that jsonschema agrees (see test_schemacheck.py)."""

    def check(document: object) -> bool:
        fast = is_valid(document)
        slow = validator.is_valid(document)  # type: ignore[attr-defined]
        assert fast == slow, f"the compiled schema check says {fast}, jsonschema {slow}, for {document!r}"
        return fast

    return check


def _cross_check_schema() -> None:
    """Every case.yaml any test loads in this process is validated both ways (tests/case/test_schemacheck.py)."""
    from evidence_kit.case import load

    load._IS_VALID = _cross_checked(load._IS_VALID, load._VALIDATOR)


_cross_check_schema()


def _cross_checked_xlsx(sheet_values: Callable[..., object]) -> Callable[..., object]:
    """The direct XLSX reading, asserting on every sheet read that openpyxl's read-only mode gives the same values
    (see tests/case/test_xlsx.py)."""

    def read_both(path: Path, max_rows: int) -> object:
        sheets = sheet_values(path, max_rows)
        if sheets is None:
            return None
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        try:
            expected = [(sheet.title, list(sheet.iter_rows(values_only=True))) for sheet in book.worksheets]
        finally:
            book.close()
        assert [title for title, _read in sheets] == [title for title, _rows in expected]  # type: ignore[attr-defined]

        def checked(read: Callable[[], object], rows: object) -> Callable[[], object]:
            def call() -> object:
                got = read()
                assert got == rows, f"{path}: the direct reading differs from openpyxl's"
                return got

            return call

        return [(title, checked(read, rows))
                for (title, read), (_title, rows) in zip(sheets, expected, strict=True)]  # type: ignore[call-overload]

    read_both.__wrapped__ = sheet_values  # type: ignore[attr-defined]  # a test of a huge sheet reads it unchecked
    return read_both


def _cross_check_xlsx() -> None:
    from evidence_kit.case import xlsx

    xlsx.sheet_values = _cross_checked_xlsx(xlsx.sheet_values)  # type: ignore[assignment]


_cross_check_xlsx()
