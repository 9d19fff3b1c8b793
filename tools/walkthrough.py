"""README.zh-CN.md's ten-minute walkthrough, run as written.

The walkthrough's commands are the ```bash blocks that follow a ``<!-- walkthrough -->`` line;
each line of such a block is one command, and a comment ``# 退出码 N`` after it says the exit code
it must end with (0 otherwise). A ```text block after ``<!-- output -->`` shows what the command
before it prints: each of its lines, without a leading ``… ``, must be part of that output.

The commands run in order in a work folder that sees the repository's ``samples/`` and ``docs/``
(the README is read from the repository's root), with ``evidence-kit`` on the PATH running this
checkout's code. ``tests/test_readme_zh.py`` runs it; ``tools/screenshots.py`` renders its build.

    python tools/walkthrough.py [WORK_DIR]     run it and say how each command ended
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.zh-CN.md"
FILLED_CASE = REPO / "docs" / "walkthrough" / "case.yaml"
CASE_ID = "SLBJ-GX-2023-0417"
WALKTHROUGH = "<!-- walkthrough -->"
OUTPUT = "<!-- output -->"
EXIT_CODE = re.compile(r"#\s*退出码\s*(\d+)")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


@dataclass
class Command:
    line: str
    expected: int
    shows: list[str] = field(default_factory=list)
    """The lines of the README's output block after it, each to be found in its output."""


@dataclass(frozen=True)
class Ran:
    command: Command
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def commands(text: str) -> list[Command]:
    """The walkthrough's commands in order, each with the output the README shows for it."""
    found: list[Command] = []
    for marker in re.finditer(rf"^({re.escape(WALKTHROUGH)}|{re.escape(OUTPUT)})\s*\n", text, re.MULTILINE):
        fence = FENCE.match(text, marker.end())
        if fence is None:
            raise ValueError(f"{marker.group(1)} is not followed by a fenced block (at offset {marker.end()})")
        body = fence.group(2)
        if marker.group(1) == WALKTHROUGH:
            found += [Command(line.strip(), _expected(line)) for line in body.splitlines() if line.strip()]
        elif found:
            found[-1].shows += [line.removeprefix("… ").strip() for line in body.splitlines() if line.strip()]
    return found


def _expected(line: str) -> int:
    match = EXIT_CODE.search(line)
    return int(match.group(1)) if match else 0


def yaml_block(text: str, marker: str) -> str:
    """The fenced block after ``<!-- marker -->``, as written."""
    at = text.index(f"<!-- {marker} -->")
    fence = FENCE.search(text, at)
    if fence is None:
        raise ValueError(f"no fenced block after <!-- {marker} -->")
    return fence.group(2)


def prepare(work: Path, python: str = sys.executable) -> dict[str, str]:
    """The work folder the walkthrough runs in, and the environment its commands see."""
    work.mkdir(parents=True, exist_ok=True)
    for name in ("samples", "docs"):
        link = work / name
        if not link.exists():
            link.symlink_to(REPO / name)
    bin_dir = work / ".bin"
    bin_dir.mkdir(exist_ok=True)
    tool = bin_dir / "evidence-kit"
    tool.write_text(f'#!/bin/sh\nexec "{python}" -m evidence_kit "$@"\n', "utf-8")
    tool.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "PYTHONPATH": str(REPO)}
    env.pop("EVIDENCE_KIT_LANG", None)  # the commands choose their language with --lang
    return env


def run(work: Path, env: dict[str, str] | None = None, text: str | None = None) -> list[Ran]:
    """Run every command of the walkthrough in ``work``; stops at the first that ends otherwise than said."""
    environment = env if env is not None else prepare(work)
    done: list[Ran] = []
    for command in commands(text if text is not None else README.read_text("utf-8")):
        proc = subprocess.run(["bash", "-c", command.line], cwd=work, env=environment, capture_output=True,
                              text=True, timeout=600, check=False)
        done.append(Ran(command, proc.returncode, proc.stdout, proc.stderr))
        if proc.returncode != command.expected:
            break
    return done


def main(argv: list[str]) -> int:
    work = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="walkthrough-"))
    ran = run(work)
    for step in ran:
        print(f"[{step.exit_code}] {step.command.line}")
    failed = [r for r in ran if r.exit_code != r.command.expected]
    for step in failed:
        print(step.output, file=sys.stderr)
    print(f"work folder: {work}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
