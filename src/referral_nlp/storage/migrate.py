"""Versioned tables: Alembic migrations shipped inside the package, run by ``db upgrade``.

PostgreSQL is upgraded on purpose, once, by ``referral-nlp db upgrade`` (a deployment step):
a replica finding an older schema refuses to start and says which command to run. The SQLite
default upgrades itself when it is opened, so a single machine needs no extra step. Concurrent
upgrades are serialised: a PostgreSQL advisory lock, or a lock file beside the SQLite file
(several BentoML workers open it at once).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from referral_nlp.errors import UserError
from referral_nlp.storage.database import safe_url, sqlite_path, unreachable

logger = logging.getLogger(__name__)

__all__ = [
    "MIGRATIONS_DIR",
    "SchemaOutOfDateError",
    "current_revision",
    "ensure_schema",
    "head_revision",
    "upgrade",
]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: Any fixed 64-bit number: the advisory lock that serialises upgrades on PostgreSQL.
_PG_LOCK_ID = 7_017_170_017


class SchemaOutOfDateError(UserError):
    """The database's tables are older than this version of referral-nlp (or absent)."""


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision (None: never upgraded)."""
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except sa.exc.SQLAlchemyError as exc:
        raise unreachable(engine.url, exc) from None


@contextlib.contextmanager
def _sqlite_lock(engine: Engine) -> Iterator[None]:
    path = sqlite_path(engine.url)
    if path is None:
        yield
        return
    from filelock import FileLock

    with FileLock(str(path) + ".migrate-lock", timeout=60):
        yield


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the tables up to the newest revision; returns (revision before, revision now)."""
    before = current_revision(engine)
    head = head_revision()
    if before == head:
        return before, head
    config = _config()
    try:
        with _sqlite_lock(engine), engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": _PG_LOCK_ID})
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except sa.exc.OperationalError as exc:
        raise unreachable(engine.url, exc) from None
    logger.info("database %s upgraded from %s to %s", safe_url(engine.url), before, head)
    return before, head


def ensure_schema(engine: Engine) -> None:
    """SQLite: upgrade in place. Other databases: refuse an out-of-date schema, naming the
    command that upgrades it."""
    if engine.dialect.name == "sqlite":
        upgrade(engine)
        return
    current, head = current_revision(engine), head_revision()
    if current != head:
        state = "has no referral-nlp tables" if current is None else f"is at revision {current}"
        raise SchemaOutOfDateError(
            f"the database {safe_url(engine.url)} {state}; this version needs revision {head}. "
            "Run `referral-nlp db upgrade` once (with REFERRAL_NLP_DATABASE_URL set) "
            "before starting the service."
        )
