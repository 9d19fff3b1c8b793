"""The library's front door: the README's example runs as written, and an installed wheel builds a sample."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import evidence_kit
from tests.conftest import REPO, SAMPLES


def _readme_example() -> str:
    text = (REPO / "README.md").read_text("utf-8")
    section = text[text.index("## Library"):]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match, "README's Library section has no python example"
    return match.group(1)


def test_front_door_names_are_typed_and_documented() -> None:
    for name in ("load_case", "check_case", "compute_claim", "court_fees", "build_case", "verify_output"):
        function = getattr(evidence_kit, name)
        assert function.__doc__ and function.__annotations__.get("return"), name
    assert set(evidence_kit.__all__) >= {"load_case", "build_case", "verify_output"}


@pytest.mark.slow
def test_readme_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code = _readme_example()
    assert len(code.strip().splitlines()) <= 8
    shutil.copytree(SAMPLES / "consumer-loan", tmp_path / "samples" / "consumer-loan")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    claim = evidence_kit.compute_claim(evidence_kit.load_case(tmp_path / "samples" / "consumer-loan"))
    assert f"{claim.total}" in printed
    built = list((tmp_path / "out").iterdir())
    assert len(built) == 1 and (built[0] / "bundle.pdf").is_file()
    assert evidence_kit.verify_output(built[0]) == []


@pytest.mark.slow
def test_installed_wheel_builds_a_sample(tmp_path: Path) -> None:
    """pip builds a wheel of the project; a fresh venv with only that wheel builds and verifies a sample."""
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-build-isolation", "--no-deps",
                    "-w", str(wheels), str(REPO)], check=True, capture_output=True)
    wheel = next(wheels.glob("evidence_kit-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               check=True, capture_output=True, text=True).stdout.strip())
    shutil.unpack_archive(wheel, site, "zip")
    # the project's dependencies come from the development venv; the project itself only from the wheel
    (site / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    work = tmp_path / "work"
    shutil.copytree(SAMPLES / "consumer-loan", work / "case")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    python = str(venv / "bin" / "python")
    where = subprocess.run([python, "-c", "import evidence_kit; print(evidence_kit.__file__)"], cwd=work,
                           check=True, capture_output=True, text=True, env=env).stdout
    assert where.startswith(str(site)), where
    for args in (["build", "case", "-o", "out"], ["verify", "out/" + _case_id(work / "case")]):
        done = subprocess.run([python, "-m", "evidence_kit", *args], cwd=work, capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
    assert (work / "out" / _case_id(work / "case") / "bundle.pdf").stat().st_size > 10_000


def _case_id(case: Path) -> str:
    return evidence_kit.load_case(case).case_id
