"""Alembic's entry: runs the migrations on the connection the store hands over (store/db.py)."""

from __future__ import annotations

from alembic import context

from evidence_kit.store.tables import SQLModel

target_metadata = SQLModel.metadata
connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the store always passes its connection
    raise RuntimeError("run the migrations through evidence-kit db upgrade")
context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
