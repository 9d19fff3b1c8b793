"""Opening the store: the database URL, the engine, and the schema migrations (Alembic).

The URL is ``--db``, else ``$EVIDENCE_KIT_DB``, else an SQLite file ``evidence-kit.db`` in
the working folder; any SQLAlchemy URL works (``postgresql+psycopg://user@host/db`` for a
team). Every command brings the schema to the newest migration before it works; on
PostgreSQL an advisory lock makes concurrent runs migrate one at a time.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError

from evidence_kit.errors import StoreError
from evidence_kit.i18n import _

DEFAULT_DB_FILE = "evidence-kit.db"
ENV_VAR = "EVIDENCE_KIT_DB"
MIGRATION_LOCK = 0x45_4B_44_42  # "EKDB": the PostgreSQL advisory lock held while migrating
SQLITE_BUSY_TIMEOUT_S = 60
"""How long an SQLite writer waits for another one before giving up."""


def resolve_url(url: str | None) -> str:
    """``--db``, else ``$EVIDENCE_KIT_DB``, else ``sqlite:///evidence-kit.db`` in the working folder."""
    chosen = url or os.environ.get(ENV_VAR) or f"sqlite:///{Path.cwd() / DEFAULT_DB_FILE}"
    if chosen.startswith("postgresql://"):
        chosen = "postgresql+psycopg://" + chosen.removeprefix("postgresql://")
    return chosen


def shown(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def make_engine(url: str | None) -> Engine:
    full = resolve_url(url)
    try:
        if full.startswith("sqlite"):
            engine = create_engine(full, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        return create_engine(full, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise StoreError(_("{url} is not a database URL this tool can use ({why})", url=shown(full), why=exc),
                         hint=_("give sqlite:///FILE or postgresql+psycopg://USER@HOST/DB")) from exc


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


@dataclass(frozen=True)
class Upgrade:
    before: str | None
    after: str | None

    def to_json(self) -> dict[str, str | None]:
        return {"from": self.before, "to": self.after}


def _alembic_config(connection: Connection) -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("evidence_kit.store") / "migrations"))
    config.attributes["connection"] = connection
    return config


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(resources.files("evidence_kit.store") / "migrations")).get_current_head()


def upgrade(engine: Engine) -> Upgrade:
    """Apply every migration not yet applied; returns the revision before and after."""
    from alembic import command

    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            before = current_revision(connection)
            if before != head_revision():
                command.upgrade(_alembic_config(connection), "head")  # type: ignore[arg-type]
            return Upgrade(before, current_revision(connection))
    except OperationalError as exc:
        raise unreachable(engine, exc) from exc
    except SQLAlchemyError as exc:
        raise StoreError(_("the store's schema could not be migrated ({error}: {why})", error=exc.__class__.__name__,
                           why=exc), hint=_("check the database; evidence-kit db upgrade retries")) from exc


def unreachable(engine: Engine, exc: Exception) -> StoreError:
    return StoreError(_("cannot use the database {url} ({why})", url=shown(str(engine.url)),
                        why=str(exc).splitlines()[0]),
                      hint=_("check the URL (--db or EVIDENCE_KIT_DB), that the server runs and the folder is "
                             "writable"))


@contextmanager
def open_store(url: str | None) -> Iterator[Engine]:
    """An engine on the store, its schema at the newest migration; disposed afterwards."""
    engine = make_engine(url)
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
