"""Alembic environment: runs on the connection rashomon hands it."""

from __future__ import annotations

from alembic import context

from rashomon.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - rashomon always passes its connection
    raise RuntimeError("run migrations through rashomon.store.database.open_engine")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
