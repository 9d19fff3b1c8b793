"""Shell completion for bash and zsh through click's own mechanism, as README documents it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "LANG": "C.UTF-8", **extra}
    env.pop("EVIDENCE_KIT_LANG", None)
    return env


def _tool(**extra: str) -> str:
    return subprocess.run([sys.executable, "-m", "evidence_kit"], capture_output=True, text=True,
                          env=_env(**extra), check=True).stdout


def test_the_source_commands_define_the_completion_functions() -> None:
    bash = _tool(_EVIDENCE_KIT_COMPLETE="bash_source")
    assert "_evidence_kit_completion() {" in bash
    assert "complete -o nosort -F _evidence_kit_completion evidence-kit" in bash
    zsh = _tool(_EVIDENCE_KIT_COMPLETE="zsh_source")
    assert zsh.startswith("#compdef evidence-kit") and "_evidence_kit_completion() {" in zsh


def test_completing_ch_offers_check() -> None:
    bash = _tool(_EVIDENCE_KIT_COMPLETE="bash_complete", COMP_WORDS="evidence-kit ch", COMP_CWORD="1")
    assert bash.split() == ["plain,check"]
    zsh = _tool(_EVIDENCE_KIT_COMPLETE="zsh_complete", COMP_WORDS="evidence-kit ch", COMP_CWORD="1")
    assert zsh.splitlines()[:2] == ["plain", "check"]
    sample = _tool(_EVIDENCE_KIT_COMPLETE="bash_complete", COMP_WORDS="evidence-kit init X --from consumer",
                   COMP_CWORD="4")
    assert "plain,consumer-loan" in sample.split()


def test_bash_completes_through_the_sourced_function(tmp_path: Path) -> None:
    """What a bash user gets: the sourced function fills COMPREPLY by running the installed command."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    command = bin_dir / "evidence-kit"
    command.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m evidence_kit "$@"\n', "utf-8")
    command.chmod(0o755)
    script = ('eval "$(_EVIDENCE_KIT_COMPLETE=bash_source evidence-kit)"\n'
              "COMP_WORDS=(evidence-kit ch); COMP_CWORD=1\n"
              "_evidence_kit_completion evidence-kit\n"
              'printf "%s\\n" "${COMPREPLY[@]}"\n')
    env = _env(PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["check"]
