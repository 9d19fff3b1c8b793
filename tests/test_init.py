"""``evidence-kit init`` on the command line: exit codes, JSON, and the to-do list ``check`` prints after it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from evidence_kit.cli import cli
from tests.conftest import REPO


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def run(*args: str, lang: str = "en", cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "LANG": "C.UTF-8"}
    env.pop("EVIDENCE_KIT_LANG", None)
    return subprocess.run([sys.executable, "-m", "evidence_kit", "--lang", lang, *args], capture_output=True,
                          text=True, env=env, cwd=cwd, check=False)


def test_init_then_check_lists_what_is_still_to_fill_in(tmp_path: Path) -> None:
    case = tmp_path / "CL-2025-0001"
    result = invoke("init", str(case), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data == {"folder": str(case), "kind": "loan", "from": None, "case_id": "CL-2025-0001",
                    "files": ["case.yaml", "repayments.csv", "contacts.csv", "exhibits/"], "skipped": []}
    assert f"evidence-kit check {case}" in result.stderr
    checked = invoke("check", str(case), "--json")
    assert checked.exit_code == 4
    report = json.loads(checked.stdout)
    assert {e["code"] for e in report["errors"]} == {"to_fill"} and report["warnings"] == []
    assert [e["column"] for e in report["errors"]][:3] == ["as_of", "court", "creditor.name"]
    first = checked.stderr.splitlines()[0]
    assert first.startswith("case.yaml, line 13, column as_of: error [to_fill] as_of is still to be filled in: ")


def test_init_and_check_speak_chinese_with_lang_zh(tmp_path: Path) -> None:
    made = run("init", "SZ-CARD-0001", "--kind", "credit_card", lang="zh", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "下一步：填写 SZ-CARD-0001/case.yaml" in made.stderr
    text = (tmp_path / "SZ-CARD-0001" / "case.yaml").read_text("utf-8")
    assert "# 【必填】卡号（遮蔽），例如 6258 **** **** 0420\n    card_masked:\n" in text
    checked = run("check", "SZ-CARD-0001", lang="zh", cwd=tmp_path)
    assert checked.returncode == 4
    todo = [line for line in checked.stderr.splitlines() if "[to_fill]" in line]
    assert len(todo) == 24
    assert "debts.0.card_masked 尚未填写：卡号（遮蔽）" in next(line for line in todo if "card_masked" in line)
    english = run("check", "SZ-CARD-0001", lang="en", cwd=tmp_path)
    assert sum("[to_fill]" in line and "is still to be filled in" in line for line in english.stderr.splitlines()) == 24


def test_init_refuses_a_folder_that_holds_anything_with_exit_9(tmp_path: Path) -> None:
    (tmp_path / "case").mkdir()
    (tmp_path / "case" / "case.yaml").write_text("mine\n", "utf-8")
    result = invoke("init", str(tmp_path / "case"))
    assert result.exit_code == 9
    assert "exists and is not empty" in result.stderr
    assert (tmp_path / "case" / "case.yaml").read_text("utf-8") == "mine\n"


def test_init_from_a_sample_and_its_usage_errors(tmp_path: Path) -> None:
    copied = invoke("init", str(tmp_path / "NEW-1"), "--from", "credit-card")
    assert copied.exit_code == 0, copied.stderr
    assert invoke("check", str(tmp_path / "NEW-1")).exit_code == 0
    both = invoke("init", str(tmp_path / "NEW-2"), "--kind", "loan", "--from", "credit-card")
    assert both.exit_code == 2 and "cannot go together" in both.stderr
    missing = invoke("init", str(tmp_path / "NEW-3"), "--from", str(tmp_path / "nothing-here"))
    assert missing.exit_code == 3 and "consumer-loan" in missing.stderr
    assert invoke("init", str(tmp_path / "NEW-4"), "--kind", "mortgage").exit_code == 2
    assert not any((tmp_path / name).exists() for name in ("NEW-2", "NEW-3", "NEW-4"))


def test_init_in_the_current_empty_folder_fills_that_very_folder(tmp_path: Path) -> None:
    here = tmp_path / "HZ-2025-0007"
    here.mkdir()
    inode = here.stat().st_ino
    made = run("init", ".", cwd=here)
    assert made.returncode == 0, made.stderr
    assert here.stat().st_ino == inode  # the shell's working folder is still the folder it shows
    assert sorted(p.name for p in here.iterdir()) == ["case.yaml", "contacts.csv", "exhibits", "repayments.csv"]
    assert "case_id: HZ-2025-0007\n" in (here / "case.yaml").read_text("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["HZ-2025-0007"]
