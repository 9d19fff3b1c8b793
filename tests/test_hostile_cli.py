"""The command line under hostile use: the exit code says what happened, never 1 for bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidence_kit.cli import EXIT_PIPE_CLOSED, cli
from tests.conftest import REPO, replace_in


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_claim_exits_4_when_it_prints_errors(worked_case: Path) -> None:
    replace_in(worked_case / "case.yaml", "  accelerated_on: 2024-09-01",
               '  accelerated_on: 2024-09-01\n  claimed: {principal: "1.00"}')
    result = invoke("claim", str(worked_case), "--json")
    assert result.exit_code == 4
    assert "claim_mismatch" in result.stderr
    assert json.loads(result.stdout)["total"]  # the claim itself is still printed


def test_fees_with_too_many_digits_is_a_usage_error() -> None:
    result = invoke("fees", "9" * 32)
    assert result.exit_code == 2
    assert "digits" in result.stderr


def test_build_of_a_case_id_dot_dot_is_exit_4(worked_case: Path, tmp_path: Path) -> None:
    replace_in(worked_case / "case.yaml", "case_id: WORKED-EXAMPLE-2024", "case_id: '..'")
    result = invoke("build", str(worked_case), "-o", str(tmp_path / "out"), "--json")
    assert result.exit_code == 4
    assert json.loads(result.stdout)["problems"][0]["code"] == "case_id_invalid"


def test_an_os_error_the_library_missed_is_exit_5_not_1(worked_case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import evidence_kit.check as check_package

    def broken(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(worked_case / "somewhere"))

    monkeypatch.setattr(check_package, "check_case", broken)
    result = invoke("check", str(worked_case), "--json")
    assert result.exit_code == 5
    data = json.loads(result.stdout)
    assert data["file"].endswith("somewhere") and "permission denied" in data["message"]


@pytest.mark.slow
def test_a_closed_pipe_is_not_exit_1(worked_case: Path) -> None:
    """``check --json CASE | head -1``: the reader has gone before the JSON is written."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        child = subprocess.run([sys.executable, "-m", "evidence_kit", "check", "--json", str(worked_case)],
                               stdout=write_end, stderr=subprocess.PIPE, cwd=REPO, timeout=120,
                               env={**os.environ, "PYTHONPATH": str(REPO)})
    finally:
        os.close(write_end)
    stderr = child.stderr.decode()
    assert child.returncode == EXIT_PIPE_CLOSED, stderr
    assert "Traceback" not in stderr and "unexpected" not in stderr


LEDGER_ROWS = 50_000
LEDGER_PEAK_MB = 250
"""check's peak memory on LEDGER_ROWS rows: about 60 MB of interpreter and libraries, 1–2 MB per 2,000 rows."""


@pytest.mark.slow
def test_a_long_ledger_is_checked_in_bounded_memory(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import hostile  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(REPO / "bench"))
    code, _, peak_mb = hostile.run(f"check, {LEDGER_ROWS:,} rows", "check", str(hostile.ledger_case(tmp_path, LEDGER_ROWS)))
    assert code == 0
    assert 0 < peak_mb < LEDGER_PEAK_MB
