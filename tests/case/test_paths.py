"""Paths in case.yaml and the contact log cannot leave the case folder; FIFOs and devices are refused unopened."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidence_kit.case.paths import special_file_kind, unsafe_reason
from evidence_kit.cli import cli
from tests.conftest import REPO, replace_in

CONTRACT = "file: exhibits/contract.pdf"


def run(*args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = CliRunner().invoke(cli, [*args, "--json"])
    return result.exit_code, json.loads(result.stdout) if result.stdout.strip() else {}


def errors_of(case_dir: Path) -> list[dict]:  # type: ignore[type-arg]
    code, data = run("check", str(case_dir))
    assert code == 4, data
    return data["errors"]  # type: ignore[no-any-return]


def test_reasons(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    assert unsafe_reason(tmp_path, "a.pdf") is None
    assert unsafe_reason(tmp_path, "/etc/passwd") == "is an absolute path"
    assert unsafe_reason(tmp_path, "C:\\x.pdf") == "is an absolute path"
    assert unsafe_reason(tmp_path, "exhibits/../a.pdf") == "contains '..'"
    assert unsafe_reason(tmp_path, "exhibits\\..\\..\\a.pdf") == "contains '..'"


@pytest.mark.parametrize("named", ["/etc/hostname", "../outside.pdf", "exhibits/../exhibits/contract.pdf"])
def test_exhibit_path_leaving_the_case_is_exit_4_naming_the_key(worked_case: Path, named: str) -> None:
    (worked_case.parent / "outside.pdf").write_bytes((worked_case / "exhibits" / "contract.pdf").read_bytes())
    replace_in(worked_case / "case.yaml", CONTRACT, f"file: {named}")
    [problem] = [e for e in errors_of(worked_case) if e["code"] == "path_unsafe"]
    assert problem["message"].startswith("exhibits.0.file: ")
    assert problem["file"] == "case.yaml" and problem["row"] is not None


def test_symlink_pointing_outside(worked_case: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.pdf"
    secret.write_bytes((worked_case / "exhibits" / "contract.pdf").read_bytes())
    (worked_case / "exhibits" / "link.pdf").symlink_to(secret)
    replace_in(worked_case / "case.yaml", CONTRACT, "file: exhibits/link.pdf")
    [problem] = [e for e in errors_of(worked_case) if e["code"] == "path_unsafe"]
    assert "symbolic link" in problem["message"]
    code, _ = run("build", str(worked_case), "-o", str(tmp_path / "out"))
    assert code == 4 and not (tmp_path / "out" / "WORKED-EXAMPLE-2024").exists()


def test_ledger_file_outside(worked_case: Path) -> None:
    path = worked_case / "case.yaml"
    path.write_text(path.read_text("utf-8") + "files:\n  repayments: ../../repayments.csv\n", "utf-8")
    problem = next(e for e in errors_of(worked_case) if e["code"] == "path_unsafe")
    assert problem["message"].startswith("files.repayments: ") and problem["column"] == "files.repayments"


def test_fifo_exhibit_is_refused_without_blocking(worked_case: Path, tmp_path: Path) -> None:
    os.mkfifo(worked_case / "exhibits" / "pipe.pdf")
    assert special_file_kind(worked_case / "exhibits" / "pipe.pdf") == "FIFO (named pipe)"
    replace_in(worked_case / "case.yaml", CONTRACT, "file: exhibits/pipe.pdf")
    # in its own process, with a time limit: opening the FIFO would block forever
    for command in ("check", "build"):
        result = subprocess.run([sys.executable, "-m", "evidence_kit", command, str(worked_case),
                                 *(["-o", str(tmp_path / "out")] if command == "build" else []), "--json"],
                                capture_output=True, text=True, timeout=120, check=False,
                                env={**os.environ, "PYTHONPATH": str(REPO)})
        assert result.returncode == (4 if command == "check" else 5), result.stderr  # build: an unreadable input
        data = json.loads(result.stdout)
        problems = data["errors"] if command == "check" else data["problems"]
        [problem] = [e for e in problems if e["code"] == "exhibit_not_regular"]
        assert "FIFO" in problem["message"] and problem["message"].startswith("exhibits.0.file: ")


def test_device_as_contact_evidence_and_ledger(worked_case: Path) -> None:
    contacts = worked_case / "contacts.csv"
    os.symlink("/dev/zero", worked_case / "zero.wav")  # a link inside to a device: outside the folder too
    os.mkfifo(worked_case / "pipe.wav")
    replace_in(contacts, "逾期提醒短信,", "逾期提醒短信,pipe.wav")
    path = worked_case / "case.yaml"
    os.mkfifo(worked_case / "ledger.csv")
    path.write_text(path.read_text("utf-8") + "files:\n  repayments: ledger.csv\n", "utf-8")
    found = {(e["code"], e["file"]) for e in errors_of(worked_case)}
    assert ("file_not_regular", "contacts.csv") in found and ("file_not_regular", "case.yaml") in found
    assert unsafe_reason(worked_case, "zero.wav") == "leads outside the case folder through a symbolic link"
