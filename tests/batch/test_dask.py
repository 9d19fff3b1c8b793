"""The Dask executor on a real distributed.LocalCluster (2 worker processes on loopback) builds what
the local pool builds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evidence_kit.batch.run import BatchOptions, run_batch
from evidence_kit.pipeline import build_task

pytestmark = pytest.mark.slow


def _manifests(out: Path) -> dict[str, dict[str, object]]:
    found = {}
    for path in sorted(out.glob("*/manifest.json")):
        manifest = json.loads(path.read_text("utf-8"))
        manifest.pop("created")
        found[path.parent.name] = manifest
    return found


def test_local_cluster_run_equals_the_local_run(mixed_cases: Path, tmp_path: Path) -> None:
    from distributed import LocalCluster

    local = run_batch(mixed_cases, tmp_path / "local", BatchOptions(jobs=2), build_task)
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        on_dask = run_batch(mixed_cases, tmp_path / "dask",
                            BatchOptions(executor="dask", scheduler=cluster.scheduler_address), build_task)
    assert sorted((c.case_id, c.status, c.exit_code) for c in on_dask.cases) == \
        sorted((c.case_id, c.status, c.exit_code) for c in local.cases)
    expected, got = _manifests(tmp_path / "local"), _manifests(tmp_path / "dask")
    assert sorted(got) == ["LN-SAMPLE-0001", "LN-SAMPLE-0004"]
    for case_id, manifest in expected.items():
        assert got[case_id]["inputs"] == manifest["inputs"]
        assert got[case_id]["exhibits"] == manifest["exhibits"]
        assert [(o["path"], o["pages"]) for o in got[case_id]["outputs"]] == \
            [(o["path"], o["pages"]) for o in manifest["outputs"]]  # type: ignore[union-attr]
