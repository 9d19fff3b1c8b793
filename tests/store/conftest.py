from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import SAMPLES
from tests.store.postgres import postgres_bin, postgres_cluster

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    if postgres_bin() is None:
        pytest.skip("PostgreSQL is not installed; make test installs it (Debian postgresql)")
    with postgres_cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store: an SQLite file, or a new database on the throwaway PostgreSQL cluster."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return new_database(request.getfixturevalue("postgres_server"))


@pytest.fixture
def postgres_db(postgres_server: str) -> str:
    """A new, empty database on the throwaway PostgreSQL cluster."""
    return new_database(postgres_server)


def new_database(server: str) -> str:
    name = f"store_{next(_numbers)}"
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return server.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(scope="session")
def split_cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample portfolio split into case folders (read-only: copy before changing)."""
    out = tmp_path_factory.mktemp("portfolio") / "cases"
    subprocess.run([sys.executable, "-m", "evidence_kit", "split", str(SAMPLES / "portfolio"), "-o", str(out)],
                   capture_output=True, check=False)
    assert len(list(out.glob("*/case.yaml"))) == 56
    return out


def copy_cases(source: Path, target: Path, names: list[str]) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copytree(source / name, target / name)
    return target
