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
