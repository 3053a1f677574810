"""The database URL, its password, reachability, file permissions and the migrations."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest
import sqlalchemy as sa

from referral_nlp.cli import main
from referral_nlp.storage.audit_store import AuditStore, parse_since
from referral_nlp.storage.database import (
    DATABASE_URL_ENV,
    DatabaseUnavailableError,
    default_database_url,
    resolve_database_url,
    safe_url,
    set_wal,
)
from referral_nlp.storage.migrate import SchemaOutOfDateError, current_revision, head_revision

SECRET = "s3cret-Pa55word"
UNREACHABLE = f"postgresql://auditor:{SECRET}@127.0.0.1:1/audit"


@pytest.mark.parametrize(
    ("given", "driver"),
    [
        ("postgresql://u:p@db.example:5432/audit", "postgresql+psycopg"),
        ("postgres://u:p@db.example/audit", "postgresql+psycopg"),
        ("postgresql+psycopg://u:p@db.example/audit", "postgresql+psycopg"),
        ("sqlite:////var/lib/audit.sqlite3", "sqlite"),
    ],
)
def test_urls_resolve_to_the_installed_drivers(given, driver):
    assert resolve_database_url(given).drivername == driver


def test_a_path_is_a_sqlite_file(tmp_path):
    url = resolve_database_url(tmp_path / "a.sqlite3")
    assert url.drivername == "sqlite" and url.database == str(tmp_path / "a.sqlite3")


def test_default_is_the_sqlite_file_under_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    monkeypatch.delenv("REFERRAL_NLP_AUDIT_DB", raising=False)
    assert default_database_url(tmp_path).endswith("/.referral-nlp/audit.sqlite3")
    monkeypatch.setenv(DATABASE_URL_ENV, "postgresql://u@h/d")
    assert default_database_url(tmp_path) == "postgresql://u@h/d"


@pytest.mark.parametrize(
    ("given", "message"),
    [(f"mysql://root:{SECRET}@h/d", "not supported"), (f"://{SECRET}@", "not a database URL")],
)
def test_other_databases_and_garbage_are_refused_without_the_password(given, message):
    with pytest.raises(ValueError, match=message) as caught:
        resolve_database_url(given)
    assert SECRET not in str(caught.value)


def test_safe_url_hides_the_password():
    shown = safe_url(UNREACHABLE)
    assert SECRET not in shown and "***" in shown and "127.0.0.1:1" in shown


def test_an_unreachable_database_fails_at_once_naming_it_but_not_its_password():
    with pytest.raises(DatabaseUnavailableError) as caught:
        AuditStore(UNREACHABLE)
    message = str(caught.value)
    assert "127.0.0.1:1" in message and "cannot reach" in message
    assert SECRET not in message and "\n" not in message


@pytest.mark.parametrize(
    "argv",
    [
        ["db", "upgrade", "--database-url", UNREACHABLE],
        ["keys", "add", "--role", "reviewer"],
        ["keys", "list"],
    ],
)
def test_commands_say_one_line_and_never_the_password(argv, monkeypatch, capsys, caplog):
    monkeypatch.setenv(DATABASE_URL_ENV, UNREACHABLE)
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert "cannot reach the database postgresql+psycopg://auditor:***@127.0.0.1:1/audit" in err
    assert SECRET not in err and SECRET not in caplog.text


class _LockedCursor:
    """A cursor whose WAL switch meets a lock the first ``busy`` times."""

    def __init__(self, busy: int, message: str = "database is locked") -> None:
        self.busy, self.message, self.calls = busy, message, 0

    def execute(self, sql: str) -> None:
        self.calls += 1
        if self.calls <= self.busy:
            raise sqlite3.OperationalError(self.message)


def test_the_wal_switch_waits_out_a_lock_another_process_holds():
    cursor = _LockedCursor(busy=3)
    set_wal(cursor, timeout_s=5)
    assert cursor.calls == 4


def test_the_wal_switch_gives_up_after_its_timeout():
    cursor = _LockedCursor(busy=10**6)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        set_wal(cursor, timeout_s=0.2)
    assert cursor.calls > 1


def test_another_sqlite_error_is_not_retried():
    cursor = _LockedCursor(busy=1, message="disk I/O error")
    with pytest.raises(sqlite3.OperationalError, match="disk"):
        set_wal(cursor, timeout_s=5)
    assert cursor.calls == 1


def test_the_sqlite_file_and_its_wal_are_private(tmp_path):
    store = AuditStore(tmp_path / "audit.sqlite3")
    store.count()
    files = [p for p in tmp_path.iterdir() if p.name.startswith("audit.sqlite3")]
    assert {p.name for p in files} >= {"audit.sqlite3", "audit.sqlite3-wal", "audit.sqlite3-shm"}
    for path in files:
        if path.name.endswith("migrate-lock"):
            continue
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path.name
    store.close()


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        ("2026-05-01", "2026-05-01T00:00:00.000+00:00"),
        ("2026-05-01T02:30:00+02:00", "2026-05-01T00:30:00.000+00:00"),
        ("2026-05-01T00:30:00Z", "2026-05-01T00:30:00.000+00:00"),
        # at or after a finer instant: from the next millisecond
        ("2026-05-01T00:30:00.123456+00:00", "2026-05-01T00:30:00.124+00:00"),
    ],
)
def test_since_is_read_in_utc(since, expected):
    assert parse_since(since) == expected


@pytest.mark.parametrize(
    "since", ["yesterday", "2026-13-01", "01/05/2026", "", "2026-05-01T00:30:00"]
)
def test_a_malformed_since_is_refused(since):
    with pytest.raises(ValueError, match="since: expected an RFC 3339"):
        parse_since(since)


def _compare(url: str) -> list:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from referral_nlp.storage.tables import metadata

    engine = sa.create_engine(resolve_database_url(url))
    try:
        with engine.connect() as conn:
            return compare_metadata(MigrationContext.configure(conn), metadata)
    finally:
        engine.dispose()


def test_sqlite_upgrades_itself_to_tables_that_match_the_code(tmp_path):
    store = AuditStore(tmp_path / "a.sqlite3")
    assert current_revision(store.engine) == head_revision()
    store.close()
    assert _compare(str(tmp_path / "a.sqlite3")) == []


def test_postgres_needs_db_upgrade_once_and_then_matches_the_code(postgres_url, capsys):
    with pytest.raises(SchemaOutOfDateError, match="referral-nlp db upgrade"):
        AuditStore(postgres_url)
    assert main(["db", "upgrade", "--database-url", postgres_url]) == 0
    assert main(["db", "upgrade", "--database-url", postgres_url]) == 0  # idempotent
    err = capsys.readouterr().err
    assert f"upgraded from empty to revision {head_revision()}" in err
    assert f"already at revision {head_revision()}" in err
    password = resolve_database_url(postgres_url).password
    assert password and password not in err
    assert _compare(postgres_url) == []
    AuditStore(postgres_url).close()
