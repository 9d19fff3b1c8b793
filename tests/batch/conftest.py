from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evidence_kit.batch.split import split_export
from tests.conftest import SAMPLES


@pytest.fixture(scope="session")
def sample_split(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample portfolio split once per session (read-only: copy what a test changes)."""
    out = tmp_path_factory.mktemp("split") / "cases"
    split_export(SAMPLES / "portfolio", out)
    return out


@pytest.fixture
def mixed_cases(sample_split: Path, tmp_path: Path) -> Path:
    """Two good cases and one whose exhibit is not an image at all (exit 5 when built)."""
    src = tmp_path / "cases"
    for name in ("LN-SAMPLE-0001", "LN-SAMPLE-0004", "LN-SAMPLE-0005"):
        shutil.copytree(sample_split / name, src / name)
    (src / "LN-SAMPLE-0005" / "exhibits" / "借据.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    return src
