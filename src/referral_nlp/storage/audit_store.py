"""The audit log in a SQL database: append a request's rows in one transaction, export them.

Every replica appends to the same table, so ``GET /v1/audit`` on any replica returns the rows
of all of them. A request's rows (one per scored case) are committed together or not at all,
so a replica killed mid-request leaves no torn record and no half of a batch. A database that
cannot be reached raises :class:`~referral_nlp.storage.database.DatabaseUnavailableError`; the
service then refuses to score (503) rather than score without an audit record.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import asdict, is_dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from referral_nlp.storage.database import (
    check_reachable,
    create_database_engine,
    resolve_database_url,
    safe_url,
    sqlite_path,
    unreachable,
)
from referral_nlp.storage.migrate import ensure_schema
from referral_nlp.storage.tables import AUDIT_COLUMNS, scores

logger = logging.getLogger(__name__)

__all__ = ["AuditStore", "utc_time"]

#: Errors that say the database is gone, not that a statement was wrong.
_UNREACHABLE = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError)


def utc_time(value: str, *, field: str = "since") -> str:
    """``value`` (ISO 8601 date or time; no zone means UTC) in the stored form: UTC with
    milliseconds, ``2026-05-01T08:30:00.000+00:00``. Raises ValueError naming ``field``."""
    text = str(value).strip()
    if text.endswith(("Z", "z")):  # Python 3.10's fromisoformat does not take "Z"
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{field}: expected an ISO 8601 date or time, e.g. 2026-05-01 or "
            "2026-05-01T09:30:00+01:00."
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds")


class AuditStore:
    """Append-only audit rows in the database at ``target`` (a URL, a SQLite file, or None for
    ``$REFERRAL_NLP_DATABASE_URL`` / the default SQLite file). Checks the database at once."""

    def __init__(self, target: str | Path | None = None, *, synchronous: str = "NORMAL") -> None:
        self.url = resolve_database_url(target)
        self.engine = create_database_engine(self.url, synchronous=synchronous)
        check_reachable(self.engine)
        ensure_schema(self.engine)
        logger.info("audit log in %s", safe_url(self.url))

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for a database server."""
        return sqlite_path(self.url)

    def _run(self, work: Any) -> Any:
        try:
            return work()
        except _UNREACHABLE as exc:
            error = unreachable(self.url, exc)
            logger.error("audit log: %s", error)
            raise error from None
        except sa.exc.DBAPIError as exc:
            if exc.connection_invalidated:
                raise unreachable(self.url, exc) from None
            raise

    def append(self, records: Sequence[Any]) -> None:
        """Store ``records`` (dataclasses with the audit fields) in one transaction."""
        rows = []
        for record in records:
            values = asdict(record) if is_dataclass(record) else dict(record)
            row = {name: values[name] for name in AUDIT_COLUMNS}
            row["time"] = utc_time(row["time"], field="time")
            rows.append(row)
        if not rows:
            return

        def insert() -> None:
            with self.engine.begin() as conn:
                conn.execute(scores.insert(), rows)

        self._run(insert)

    def export(self, *, since: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
        """The latest ``limit`` rows at or after ``since`` (ISO 8601; no zone means UTC),
        oldest first."""
        query = sa.select(scores).order_by(scores.c.seq.desc()).limit(int(limit))
        if since:
            query = query.where(scores.c.time >= utc_time(since))

        def select() -> list[dict[str, Any]]:
            with self.engine.connect() as conn:
                return [dict(row._mapping) for row in conn.execute(query)]

        rows = self._run(select)
        for row in rows:
            for flag in ("re_referral_flagged", "escalation_flagged"):
                row[flag] = bool(row[flag])
        return rows[::-1]

    def count(self) -> int:
        def select() -> int:
            with self.engine.connect() as conn:
                return int(conn.execute(sa.select(sa.func.count()).select_from(scores)).scalar())

        return self._run(select)

    def close(self) -> None:
        self.engine.dispose()
