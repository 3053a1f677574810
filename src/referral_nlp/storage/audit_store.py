"""The audit log in a SQL database: append a request's rows in one transaction, export them.

Two kinds of row: ``scores`` (one per scored case) and ``redactions`` (one per note redacted
through ``POST /v1/redact``). Every replica appends to the same tables, so ``GET /v1/audit`` on
any replica returns the rows of all of them. A request's rows are committed together or not at
all, so a replica killed mid-request leaves no torn record and no half of a batch. A database
that cannot be reached raises :class:`~referral_nlp.storage.database.DatabaseUnavailableError`;
the service then refuses to score or redact (503) rather than answer without an audit record.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Sequence
from dataclasses import asdict, is_dataclass
from datetime import datetime, timedelta, timezone
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
from referral_nlp.storage.tables import AUDIT_COLUMNS, REDACTION_COLUMNS, redactions, scores

logger = logging.getLogger(__name__)

__all__ = ["AUDIT_KINDS", "AuditStore", "parse_since"]

#: Each kind of audit row: its table and the columns a record fills.
_KINDS: dict[str, tuple[sa.Table, tuple[str, ...]]] = {
    "scores": (scores, AUDIT_COLUMNS),
    "redactions": (redactions, REDACTION_COLUMNS),
}
AUDIT_KINDS: tuple[str, ...] = tuple(_KINDS)


def _kind(kind: str) -> tuple[sa.Table, tuple[str, ...]]:
    if kind not in _KINDS:
        raise ValueError(f"kind: expected one of {', '.join(AUDIT_KINDS)}.")
    return _KINDS[kind]


#: Errors that say the database is gone, not that a statement was wrong.
_UNREACHABLE = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError)


# RFC 3339: a date, or a date-time with its offset (T or a space; Z or +-HH:MM; a leap second).
# Written out rather than datetime.fromisoformat, which also takes what RFC 3339 does not
# ("20261203", a time without an offset) and, from Python 3.11, parses more forms again.
_RFC3339 = re.compile(
    r"^(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})"
    r"(?:[Tt ](?P<h>\d{2}):(?P<mi>\d{2}):(?P<s>\d{2})(?:\.(?P<f>\d+))?"
    r"(?P<tz>[Zz]|[+-]\d{2}:\d{2}))?$"
)


def _utc_instant(value: str, field: str) -> datetime:
    """``value`` (RFC 3339 date-time with its offset, or a date: midnight UTC) as a UTC
    datetime. Raises ValueError naming ``field`` and what is accepted, never the value."""
    match = _RFC3339.match(str(value).strip())
    problem = (
        f"{field}: expected an RFC 3339 date-time with its offset (2026-12-03T09:00:00Z, "
        "2026-12-03T10:00:00+01:00) or a date (2026-12-03)."
    )
    if match is None:
        raise ValueError(problem)
    g = match.groupdict()
    try:
        if g["h"] is None:
            instant = datetime(int(g["y"]), int(g["mo"]), int(g["d"]), tzinfo=timezone.utc)
        else:
            tz = g["tz"].upper()
            offset = (
                timedelta(0)
                if tz == "Z"
                else (1 if tz[0] == "+" else -1)
                * timedelta(hours=int(tz[1:3]), minutes=int(tz[4:6]))
            )
            micro = int((g["f"] or "0")[:6].ljust(6, "0"))
            instant = datetime(
                int(g["y"]),
                int(g["mo"]),
                int(g["d"]),
                int(g["h"]),
                int(g["mi"]),
                min(int(g["s"]), 59),  # a leap second counts as the second before it
                micro,
                tzinfo=timezone(offset),
            )
    except ValueError:
        raise ValueError(problem + " That date or time does not exist.") from None
    try:
        return instant.astimezone(timezone.utc)
    except OverflowError:  # an offset pushed year 1 or 9999 out of range: clamp
        edge = datetime.min if instant.year == 1 else datetime.max
        return edge.replace(tzinfo=timezone.utc)


def parse_since(value: str) -> str:
    """An RFC 3339 date-time (with its offset) or date (midnight UTC), as the UTC text the audit
    rows are stored in, so that rows compare as instants whatever offset the caller used.

    Raises ValueError saying what is accepted for anything else (``20261203``, a time without
    an offset, "yesterday", an empty string).
    """
    utc = _utc_instant(value, "since")
    # Rows hold milliseconds: "at or after" a finer instant starts at the next millisecond.
    with contextlib.suppress(OverflowError):  # the clamped last instant stays as it is
        utc += timedelta(microseconds=-utc.microsecond % 1000)
    return utc.isoformat(timespec="milliseconds")


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

    def append(self, records: Sequence[Any], *, kind: str = "scores") -> None:
        """Store ``records`` (dataclasses with the ``kind``'s fields) in one transaction."""
        table, columns = _kind(kind)
        rows = []
        for record in records:
            values = asdict(record) if is_dataclass(record) else dict(record)
            row = {name: values[name] for name in columns}
            # Stored in UTC with milliseconds, so that rows compare as instants.
            row["time"] = _utc_instant(row["time"], "time").isoformat(timespec="milliseconds")
            rows.append(row)
        if not rows:
            return

        def insert() -> None:
            with self.engine.begin() as conn:
                conn.execute(table.insert(), rows)

        self._run(insert)

    def export(
        self, *, since: str | None = None, limit: int = 1000, kind: str = "scores"
    ) -> list[dict[str, Any]]:
        """The latest ``limit`` rows of ``kind`` at or after ``since``, oldest first.

        ``since``: see :func:`parse_since` (a ValueError for anything it refuses).
        """
        return self.export_page(since=since, limit=limit, kind=kind)[0]

    def export_page(
        self,
        *,
        since: str | None = None,
        limit: int = 1000,
        before: int | None = None,
        kind: str = "scores",
    ) -> tuple[list[dict[str, Any]], bool]:
        """:meth:`export`'s rows, before row ``seq`` ``before`` if given, and whether older rows
        at or after ``since`` were left out (the next page: ``before`` = the first row's seq)."""
        table, _ = _kind(kind)
        query = sa.select(table).order_by(table.c.seq.desc()).limit(int(limit) + 1)
        if since is not None:  # an empty "since" is refused, not read as "no since"
            query = query.where(table.c.time >= parse_since(since))
        if before is not None:
            query = query.where(table.c.seq < int(before))

        def select() -> list[dict[str, Any]]:
            with self.engine.connect() as conn:
                return [dict(row._mapping) for row in conn.execute(query)]

        rows = self._run(select)
        truncated = len(rows) > limit
        rows = rows[:limit]
        for row in rows:
            for flag in ("re_referral_flagged", "escalation_flagged"):
                if flag in row:
                    row[flag] = bool(row[flag])
        return rows[::-1], truncated

    def count(self, *, kind: str = "scores") -> int:
        table, _ = _kind(kind)

        def select() -> int:
            with self.engine.connect() as conn:
                return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar())

        return self._run(select)

    def close(self) -> None:
        self.engine.dispose()
