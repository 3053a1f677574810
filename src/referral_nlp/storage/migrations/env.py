"""Alembic's environment for the audit and key tables.

Run through :func:`referral_nlp.storage.migrate.upgrade` (``referral-nlp db upgrade``), which
passes an open connection in ``config.attributes["connection"]``: the URL, and its password,
never pass through Alembic's configuration or logging.
"""

from __future__ import annotations

from alembic import context

from referral_nlp.storage.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "run the migrations with `referral-nlp db upgrade`, not the alembic command line."
    )
context.configure(
    connection=connection,
    target_metadata=metadata,
    # SQLite alters a table by copying it; batch mode does that for later migrations.
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
