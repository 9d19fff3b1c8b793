"""batch: good and broken cases mixed, resume, interruption, JSON, no partial output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from evidence_kit.batch.cases import CaseOutcome
from evidence_kit.batch.run import BATCH_FAILED, BatchOptions, run_batch
from evidence_kit.pipeline import build_task
from tests.conftest import replace_in

pytestmark = pytest.mark.slow


def _batch(src: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "evidence_kit", "batch", str(src), "-o", str(out), "--json", *extra],
                          capture_output=True, text=True, timeout=600)


def test_a_bad_case_fails_alone_and_leaves_no_output(mixed_cases: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = _batch(mixed_cases, out, "--jobs", "2")
    assert run.returncode == BATCH_FAILED == 13
    summary = json.loads(run.stdout)
    assert (summary["built"], summary["skipped"], summary["failed"]) == (2, 0, 1)
    failed = next(c for c in summary["cases"] if c["status"] == "failed")
    assert failed["case_id"] == "LN-SAMPLE-0005" and failed["exit_code"] == 5 and "借据.png" in failed["reason"]
    assert sorted(p.name for p in out.iterdir()) == ["LN-SAMPLE-0001", "LN-SAMPLE-0004"]
    built = next(c for c in summary["cases"] if c["case_id"] == "LN-SAMPLE-0001")
    assert {o["path"] for o in built["outputs"]} >= {"bundle.pdf", "report.json"}
    assert set(built) == {"case_id", "case_dir", "status", "exit_code", "reason", "seconds", "folder", "outputs"}


def test_rerun_skips_built_cases_and_rebuilds_a_changed_one(mixed_cases: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _batch(mixed_cases, out)
    again = json.loads(_batch(mixed_cases, out).stdout)
    assert (again["built"], again["skipped"], again["failed"]) == (0, 2, 1)
    replace_in(mixed_cases / "LN-SAMPLE-0004" / "case.yaml", "court: ", "court: 北京市")
    third = json.loads(_batch(mixed_cases, out).stdout)
    assert [c["case_id"] for c in third["cases"] if c["status"] == "built"] == ["LN-SAMPLE-0004"]


def test_an_interrupted_run_resumes(mixed_cases: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"

    def interrupt(outcome: CaseOutcome) -> None:
        raise KeyboardInterrupt  # Ctrl-C right after the first case finished

    first = run_batch(mixed_cases, out, BatchOptions(), build_task, on_case=interrupt)
    assert first.interrupted and first.exit_code == 130
    assert len(first.cases) == 1 and len(first.not_run) == 2
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "no work folder is left"
    second = run_batch(mixed_cases, out, BatchOptions(), build_task)
    statuses = {c.case_id: c.status for c in second.cases}
    assert statuses[first.cases[0].case_id] in ("skipped", "failed")
    assert sorted(statuses.values()).count("built") == 2 - (first.cases[0].status == "built")


def test_usage_errors(tmp_path: Path) -> None:
    assert _batch(tmp_path, tmp_path / "out", "--jobs", "0").returncode == 2
    assert _batch(tmp_path, tmp_path / "out", "--executor", "dask").returncode == 2
    assert _batch(tmp_path / "missing", tmp_path / "out").returncode == 3


def test_a_collector_batch_names_and_finds_the_masked_folder(sample_split: Path, tmp_path: Path) -> None:
    """A case_id holding the debtor's ID number: the collector build's folder is masked, and a rerun skips it."""
    import shutil

    from evidence_kit.case.load import load_case
    from evidence_kit.case.redact import mask_id_number

    src = tmp_path / "cases"
    shutil.copytree(sample_split / "LN-SAMPLE-0001", src / "LN-SAMPLE-0001")
    id_number = load_case(src / "LN-SAMPLE-0001").debtors[0].id_number
    replace_in(src / "LN-SAMPLE-0001" / "case.yaml", "case_id: LN-SAMPLE-0001", f"case_id: LN-{id_number}")
    out = tmp_path / "out"
    options = BatchOptions(executor="inline", profile="collector")
    first = run_batch(src, out, options, build_task)
    assert [c.status for c in first.cases] == ["built"]
    masked = f"LN-{mask_id_number(id_number)}".replace("*", "x")
    assert [p.name for p in out.iterdir()] == [masked]
    second = run_batch(src, out, options, build_task)
    assert [(c.status, Path(c.folder).name) for c in second.cases] == [("skipped", masked)]
