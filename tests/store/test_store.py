"""The store on SQLite and on a real PostgreSQL: import, list, eligibility, re-import, migrations,
and two batches recording into one database at once."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, inspect, select
from sqlmodel import SQLModel, col

from evidence_kit import i18n
from evidence_kit.errors import CaseNotFound, ExitCode, StoreError
from evidence_kit.store.db import head_revision, make_engine, upgrade
from evidence_kit.store.importer import import_cases
from evidence_kit.store.queries import list_cases
from evidence_kit.store.tables import (
    StoredBuild,
    StoredCase,
    StoredClaim,
    StoredOutput,
    StoredPayment,
)
from tests.conftest import replace_in
from tests.store.conftest import copy_cases

THREE = ["LN-SAMPLE-0002", "LN-SAMPLE-0003", "LN-SAMPLE-0004"]


def _count(url: str, table: type[SQLModel], **where: str) -> int:
    engine = create_engine(url)
    query = select(func.count()).select_from(table)
    for key, value in where.items():
        query = query.where(getattr(table, key) == value)
    with engine.connect() as connection:
        value_ = connection.execute(query).scalar_one()
    engine.dispose()
    return int(value_)


def test_import_then_list_with_totals(db_url: str, split_cases: Path, tmp_path: Path) -> None:
    src = copy_cases(split_cases, tmp_path / "cases", THREE)
    report = import_cases(src, db_url)
    assert sorted(report.imported) == THREE
    ledger_rows = sum(len((src / n / "repayments.csv").read_text("utf-8").splitlines()) - 1 for n in THREE)
    assert report.rows["payments"] == ledger_rows == _count(db_url, StoredPayment)
    rows = list_cases(db_url)
    assert [r.case_id for r in rows] == THREE
    engine = create_engine(db_url)
    with engine.connect() as connection:
        claim = connection.execute(select(StoredClaim).where(col(StoredClaim.case_id) == THREE[0])).one()
    engine.dispose()
    assert isinstance(claim.total, Decimal) and claim.total == rows[0].total > 0
    assert claim.total == claim.principal + claim.interest + claim.penalty + claim.compound + claim.fees


def test_eligibility_and_status_filters(db_url: str, split_cases: Path, tmp_path: Path) -> None:
    src = copy_cases(split_cases, tmp_path / "cases", THREE)
    # LN-SAMPLE-0003 matures in 2026; without its acceleration part of the principal is not yet due: a
    # complaint, not a payment order (the sample export declares it due on 2025-05-12)
    replace_in(src / THREE[1] / "case.yaml", "accelerated_on: '2025-05-12'", "")
    replace_in(src / THREE[0] / "case.yaml", "id_number: '", "id_number: '9")  # an error: invalid
    import_cases(src, db_url)
    rows = {r.case_id: r for r in list_cases(db_url)}
    assert rows[THREE[0]].status == "invalid" and rows[THREE[0]].eligible == []
    assert rows[THREE[1]].eligible == ["complaint"]
    assert [r.case_id for r in list_cases(db_url, eligible="payment_order")] == [THREE[2]]
    assert [r.case_id for r in list_cases(db_url, statuses=("invalid",))] == [THREE[0]]


def test_reimport_replaces_a_changed_case_and_skips_an_unchanged_one(db_url: str, split_cases: Path,
                                                                   tmp_path: Path) -> None:
    src = copy_cases(split_cases, tmp_path / "cases", THREE[:2])
    import_cases(src, db_url)
    before = _count(db_url, StoredPayment, case_id=THREE[1])
    ledger = src / THREE[1] / "repayments.csv"
    lines = ledger.read_text("utf-8").splitlines()
    ledger.write_text("\n".join(lines[:-1]) + "\n", "utf-8")  # the bank's ledger lost its last row
    again = import_cases(src, db_url)
    assert again.unchanged == [THREE[0]] and again.imported == [THREE[1]]
    assert _count(db_url, StoredPayment, case_id=THREE[1]) == before - 1
    assert _count(db_url, StoredCase) == 2


def test_migrations_build_the_schema_of_the_tables(db_url: str) -> None:
    engine = make_engine(db_url)
    first = upgrade(engine)
    assert first.before is None and first.after == head_revision()
    assert upgrade(engine).before == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables
    for name, table in SQLModel.metadata.tables.items():
        columns = {c["name"] for c in inspect(engine).get_columns(name)}
        assert columns == {c.name for c in table.columns}, name
    engine.dispose()


def test_db_commands_json(db_url: str, split_cases: Path, tmp_path: Path) -> None:
    src = copy_cases(split_cases, tmp_path / "cases", THREE[:1])
    run = lambda *args: subprocess.run([sys.executable, "-m", "evidence_kit", "db", *args, "--db", db_url, "--json"],  # noqa: E731
                                       capture_output=True, text=True, check=True)
    assert json.loads(run("upgrade").stdout) == {"from": None, "to": head_revision()}
    assert json.loads(run("import", str(src)).stdout)["imported"] == 1
    listed = json.loads(run("list").stdout)
    assert listed[0]["case_id"] == THREE[0] and set(listed[0]) == {"case_id", "status", "total", "eligible"}


@pytest.mark.slow
def test_two_batches_recording_at_once_lose_nothing(postgres_db: str, split_cases: Path, tmp_path: Path) -> None:
    """Two `batch --db` runs into one PostgreSQL at once: every one of their records is there."""
    db_url = postgres_db
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "evidence_kit", "batch", str(split_cases), "-o", str(out), "-j", "2"],
                   check=True, capture_output=True)  # built once; the two runs below skip and record every case
    upgrade(make_engine(db_url))
    batch = [sys.executable, "-m", "evidence_kit", "batch", str(split_cases), "-o", str(out), "--db", db_url]
    runs = [subprocess.Popen(batch, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)]
    for run in runs:
        _, err = run.communicate(timeout=900)
        assert run.returncode == 0, err
    assert _count(db_url, StoredBuild) == 2 * 56
    assert _count(db_url, StoredBuild, status="built") + _count(db_url, StoredBuild, status="skipped") == 112


def test_the_migrations_match_the_tables(db_url: str) -> None:
    """Alembic's own comparison finds nothing between the migrated database and the sqlmodel tables."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(db_url)
    upgrade(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    engine.dispose()
    assert differences == []


def test_default_store_is_a_file_in_the_working_folder_and_the_variable_overrides_it(
        split_cases: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = copy_cases(split_cases, tmp_path / "cases", THREE[:1])
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("EVIDENCE_KIT_DB", raising=False)
    import_cases(src, None)
    assert (tmp_path / "evidence-kit.db").is_file()
    other = tmp_path / "other.db"
    monkeypatch.setenv("EVIDENCE_KIT_DB", f"sqlite:///{other}")
    assert list_cases(None) == [] and other.is_file()


def test_batch_records_builds_and_the_case_status(split_cases: Path, tmp_path: Path) -> None:
    from evidence_kit.batch.run import BatchOptions, run_batch
    from evidence_kit.pipeline import build_task

    url = f"sqlite:///{tmp_path / 'store.db'}"
    src = copy_cases(split_cases, tmp_path / "cases", THREE[1:])
    import_cases(src, url)
    (src / THREE[2] / "exhibits" / "借据.png").write_bytes(b"not an image")
    report = run_batch(src, tmp_path / "out", BatchOptions(db_url=url), build_task)
    assert report.exit_code == 13
    assert {r.case_id: r.status for r in list_cases(url)} == {THREE[1]: "built", THREE[2]: "failed"}
    assert _count(url, StoredBuild) == 2
    engine = create_engine(url)
    with engine.connect() as connection:
        outputs = connection.execute(select(StoredOutput.path, StoredOutput.sha256)).all()
    engine.dispose()
    manifest = json.loads((tmp_path / "out" / THREE[1] / "manifest.json").read_text("utf-8"))
    assert sorted(outputs) == sorted((o["path"], o["sha256"]) for o in manifest["outputs"])


def test_store_errors_in_chinese_name_the_database_and_keep_their_exit_codes(tmp_path: Path) -> None:
    """A store that cannot be opened (its folder does not exist) and a folder to import that is not there, in Chinese."""
    store = tmp_path / "no-such-folder" / "store.db"
    with i18n.language("zh"):
        with pytest.raises(StoreError) as unusable:
            list_cases(f"sqlite:///{store}")
        with pytest.raises(CaseNotFound) as nothing:
            import_cases(tmp_path / "cases", f"sqlite:///{tmp_path / 'store.db'}")
    assert unusable.value.exit_code == ExitCode.STORE_ERROR
    assert unusable.value.message.startswith(f"无法使用数据库 sqlite:///{store}（")
    assert unusable.value.hint == "请检查 URL（--db 或 EVIDENCE_KIT_DB）、数据库服务器是否在运行、文件夹是否可写"
    assert nothing.value.exit_code == ExitCode.CASE_NOT_FOUND
    assert nothing.value.message == f"{tmp_path / 'cases'} 处没有文件夹"
    assert nothing.value.hint == "请指定一个案件文件夹，或存放多个案件文件夹的文件夹"


def test_db_list_on_a_terminal_has_headings_in_the_chosen_language(db_url: str, split_cases: Path,
                                                                    tmp_path: Path) -> None:
    """`db list` without --json: a heading line, a rule, one line per case; status words and headings translated,
    the total exact to the fen and right-aligned under its heading."""
    src = copy_cases(split_cases, tmp_path / "cases", THREE[:2])
    import_cases(src, db_url)
    stored = {r.case_id: r for r in list_cases(db_url)}
    run = lambda lang: subprocess.run([sys.executable, "-m", "evidence_kit", "--lang", lang, "db", "list",  # noqa: E731
                                       "--db", db_url], capture_output=True, text=True, check=True).stdout.splitlines()
    english, chinese = run("en"), run("zh")
    assert english[0].split() == ["case", "status", "claim", "total", "eligible", "for"]
    assert chinese[0].split() == ["案件", "状态", "主张总额", "可提交的文书"]
    for lines, ready in ((english, "ready"), (chinese, "可构建")):
        assert set(lines[1]) == {"-", " "} and len(lines) == 2 + 2
        for line, case_id in zip(lines[2:], THREE[:2], strict=True):
            row = stored[case_id]
            assert row.status == "ready" and row.total is not None
            assert line.split()[:3] == [case_id, ready, f"{row.total:,.2f}"]
    heading_end = english[0].index("claim total") + len("claim total")
    for line, case_id in zip(english[2:], THREE[:2], strict=True):
        total = f"{stored[case_id].total:,.2f}"
        assert line.index(total) + len(total) == heading_end  # right-aligned under its heading
