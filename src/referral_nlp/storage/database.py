"""Where the service's shared records live: one database URL, checked at start, never logged.

The audit log and the API keys of every replica live in one database named by
``REFERRAL_NLP_DATABASE_URL``: PostgreSQL for several replicas
(``postgresql://USER:PASSWORD@HOST:5432/DB``), or by default today's SQLite file,
``.referral-nlp/audit.sqlite3`` under the working directory (``$REFERRAL_NLP_AUDIT_DB`` moves it).

A URL is only ever shown through :func:`safe_url`, which replaces the password with ``***``;
the engine's own logging (``echo``) stays off, so no password reaches a log line. An
unreachable database raises :class:`DatabaseUnavailableError` with one line that names the
database (without the password) and the driver's reason (with any password scrubbed).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url

from referral_nlp.errors import UserError

logger = logging.getLogger(__name__)

__all__ = [
    "AUDIT_FILE_ENV",
    "DATABASE_URL_ENV",
    "DatabaseUnavailableError",
    "check_reachable",
    "create_database_engine",
    "default_audit_file",
    "default_database_url",
    "is_sqlite",
    "resolve_database_url",
    "safe_url",
    "sqlite_path",
]

DATABASE_URL_ENV = "REFERRAL_NLP_DATABASE_URL"
#: The SQLite file of the default database (kept from the file-only audit log).
AUDIT_FILE_ENV = "REFERRAL_NLP_AUDIT_DB"
#: Seconds a replica waits for the database server before calling it unreachable.
CONNECT_TIMEOUT_S = 5


class DatabaseUnavailableError(UserError):
    """The database cannot be reached (or answers with an error). The message names the
    database without its password. A UserError because at start-up it is a setting the user
    must fix: the command line reports it as one line."""


def default_audit_file(cwd: str | Path | None = None) -> Path:
    """The SQLite audit file: ``$REFERRAL_NLP_AUDIT_DB``, else
    ``<cwd>/.referral-nlp/audit.sqlite3``. Its folder also holds the audit key."""
    audit = os.environ.get(AUDIT_FILE_ENV, "").strip()
    return Path(audit) if audit else Path(cwd or Path.cwd()) / ".referral-nlp" / "audit.sqlite3"


def default_database_url(cwd: str | Path | None = None) -> str:
    """``$REFERRAL_NLP_DATABASE_URL``, else the SQLite file :func:`default_audit_file`."""
    env = os.environ.get(DATABASE_URL_ENV, "").strip()
    if env:
        return env
    return sqlite_url(default_audit_file(cwd))


def sqlite_url(path: str | Path) -> str:
    return URL.create("sqlite", database=str(Path(path).expanduser().resolve())).render_as_string()


def resolve_database_url(target: str | Path | None) -> URL:
    """A SQLAlchemy URL for ``target``: a URL string, a SQLite file path, or None (the
    default). ``postgresql://`` and ``postgres://`` mean psycopg 3, the driver we install."""
    if target is None:
        text = default_database_url()
    elif isinstance(target, Path) or "://" not in str(target):
        text = sqlite_url(target)
    else:
        text = str(target).strip()
    try:
        url = make_url(text)
    except sa.exc.ArgumentError:
        # Never echo the text: it may hold a password.
        raise UserError(
            f"{DATABASE_URL_ENV}: not a database URL; expected e.g. "
            "postgresql://USER:PASSWORD@HOST:5432/DB or sqlite:///PATH."
        ) from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise UserError(
            f"{DATABASE_URL_ENV}: {url.get_backend_name()} databases are not supported; "
            "expected postgresql://... or sqlite:///PATH."
        )
    return url


def safe_url(url: str | URL) -> str:
    """The URL with its password replaced by ``***`` (the only form ever shown or logged)."""
    if isinstance(url, str):
        try:
            url = make_url(url)
        except sa.exc.ArgumentError:
            return "<unparseable database URL>"
    return url.render_as_string(hide_password=True)


def is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


def sqlite_path(url: URL) -> Path | None:
    """The file of a SQLite URL (None for an in-memory database)."""
    if not is_sqlite(url) or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def _private_sqlite_file(path: Path) -> None:
    """Create the database file 0600 before SQLite does: it holds who scored what, and SQLite
    gives its -wal and -shm files the database file's mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(FileNotFoundError):
            os.chmod(candidate, 0o600)


#: How long a new connection keeps trying to switch a SQLite file to WAL while another
#: process holds the lock that switch needs.
WAL_SWITCH_TIMEOUT_S = 10.0


def set_wal(cursor: Any, timeout_s: float = WAL_SWITCH_TIMEOUT_S) -> None:
    """``PRAGMA journal_mode=WAL``, tried again while the file is locked.

    Why: switching to WAL needs an exclusive lock, and SQLite can answer "database is
    locked" at once, without waiting out the busy timeout, when another connection is in
    the middle of the same switch or of creating the schema (it will not wait where waiting
    could deadlock). Two service workers starting together on a new file hit that (seen
    once in the test of two processes appending to one trail).
    """
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.05)


def create_database_engine(url: URL, *, synchronous: str = "NORMAL") -> Engine:
    """An engine for ``url``. SQLite: the file made 0600, WAL, ``synchronous`` and a busy
    timeout, since several worker processes share the file. PostgreSQL: a connect timeout and
    connections checked before use (a replica survives a database restart)."""
    if synchronous not in ("NORMAL", "FULL"):
        raise ValueError(f"synchronous: expected NORMAL or FULL, got {synchronous!r}.")
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is not None:
            _private_sqlite_file(path)
        engine = sa.create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 10}, echo=False
        )

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA busy_timeout=10000")
            set_wal(cursor)
            cursor.execute(f"PRAGMA synchronous={synchronous}")
            cursor.close()

        return engine
    return sa.create_engine(
        url,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S},
        pool_pre_ping=True,
        pool_size=4,
        max_overflow=4,
        echo=False,
    )


def unreachable(url: URL, exc: BaseException) -> DatabaseUnavailableError:
    """The error for a failed database call: the database named, the password nowhere."""
    cause = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    reason = lines[0] if lines else type(cause).__name__
    if url.password:
        reason = reason.replace(str(url.password), "***")
    return DatabaseUnavailableError(f"cannot reach the database {safe_url(url)} ({reason}).")


def check_reachable(engine: Engine) -> None:
    """One round trip to the database, or :class:`DatabaseUnavailableError`."""
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as exc:
        raise unreachable(engine.url, exc) from None
    path = sqlite_path(engine.url)
    if path is not None:
        _private_sqlite_file(path)  # the -wal and -shm files exist from the first connection
